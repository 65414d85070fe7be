package triage

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/semver"
	"github.com/hotfix-dev/hotfix/internal/triage"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// SuspectsOptions are `triage suspects`'s flags.
type SuspectsOptions struct {
	Common
	Good, Bad string
	Logs      []string
	Paths     []string
	Symbols   []string
	JSON      bool
	Limit     int
	// Record keeps the top suspects in the incident record.
	Record bool
	// Scan reads the logs' trace locations; replaced in tests.
	Scan func(ctx context.Context, files []string, cfg *config.Config) ([]triage.Location, error)
}

func newSuspectsCmd(f *cmdutil.Factory, runF func(*SuspectsOptions) error) *cobra.Command {
	o := &SuspectsOptions{}
	cmd := &cobra.Command{
		Use:   "suspects [--good REF] [--bad REF] [--logs FILE...] [--path P...] [--symbol S...]",
		Short: "Rank the commits since the last good version by what the errors point at",
		Long: `List the commits between the last good version (--good; default: the release
before the broken one) and the broken one (--bad; default: the record's version),
ranked by evidence. Each stack trace frame (--logs, or what ` + "`triage logs --record`" + `
saved) is mapped to a file of the broken version (site-packages, node_modules, the Go
module cache, container roots, Java packages, webpack:// are understood; an ambiguous
match is not used) and followed back through the history: the commit that last
changed the frame's line (git blame) weighs most, then the commits that changed the
frame's function (git log -L), then those touching the files (or --path), the first
frame more than its callers. --symbol adds the commits that add or remove a string
(git log -S). Each suspect shows its reasons and a hunk. --record keeps the top
suspects, with their pull requests and revert commands, in the incident record.`,
		Example: `  hotfix triage suspects --good v1.4.1 --logs /var/log/app/error.log
  hotfix triage suspects --path application.py --symbol json.loads
  hotfix triage suspects --record`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Common.from(f)
			if o.Scan == nil {
				o.Scan = scanLocations
			}
			if runF != nil {
				return runF(o)
			}
			return RunSuspects(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Good, "good", "", "the last version that worked (default: the release before --bad)")
	fl.StringVar(&o.Bad, "bad", "", "the broken version (default: the record's version)")
	fl.StringArrayVar(&o.Logs, "logs", nil, "log file whose stack traces name files, lines and symbols (repeatable)")
	fl.StringArrayVar(&o.Paths, "path", nil, "a file or directory to suspect (repeatable)")
	fl.StringArrayVar(&o.Symbols, "symbol", nil, "a string whose adding or removing is suspect, e.g. json.loads (repeatable)")
	fl.BoolVar(&o.JSON, "json", false, "print the suspects as JSON")
	fl.IntVar(&o.Limit, "limit", 10, "show at most this many suspects")
	fl.BoolVar(&o.Record, "record", false, "keep the top suspects (with their pull requests and revert commands) in the incident record")
	fl.StringVar(&o.ID, "id", "", "the incident record (default: the current branch's)")
	complete.Flag(cmd, "good", complete.Ref)
	complete.Flag(cmd, "bad", complete.Ref)
	complete.Flag(cmd, "logs", complete.File)
	complete.Flag(cmd, "path", complete.File)
	complete.Flag(cmd, "symbol", complete.FreeText)
	complete.Flag(cmd, "limit", complete.FreeText)
	complete.Flag(cmd, "id", complete.ID)
	cmdutil.SetLock(cmd, cmdutil.LockIf("record"))
	return cmd
}

// SuspectsResult is `triage suspects --json`'s output.
type SuspectsResult struct {
	Good      string           `json:"good"`
	Bad       string           `json:"bad"`
	Commits   int              `json:"commits"`
	Total     int              `json:"suspects_total"`
	Evidence  EvidenceView     `json:"evidence"`
	Suspects  []triage.Suspect `json:"suspects"`
	Unmatched []string         `json:"unmatched_files,omitempty"`
	// Ambiguous are the trace files several repository files match
	// equally well, with those files: they were left out.
	Ambiguous  map[string][]string `json:"ambiguous_files,omitempty"`
	Locations  []triage.Location   `json:"locations,omitempty"`
	Incomplete string              `json:"note,omitempty"`
}

// EvidenceView is the evidence suspects were ranked by.
type EvidenceView struct {
	Paths   []string    `json:"paths"`
	Frames  []FrameView `json:"frames"`
	Symbols []string    `json:"symbols"`
}

// FrameView is a trace frame mapped to the repository at the broken
// version.
type FrameView struct {
	File  string `json:"file"`
	Line  int    `json:"line,omitempty"`
	Func  string `json:"func,omitempty"`
	Depth int    `json:"depth"`
	Trace string `json:"trace,omitempty"`
}

// RunSuspects runs `triage suspects`.
func RunSuspects(ctx context.Context, o *SuspectsOptions) error {
	repo, err := o.OpenRepo()
	if err != nil {
		return err
	}
	defer repo.Close()
	cfg, err := o.LoadConfig(repo)
	if err != nil {
		return err
	}
	var rec *record.Record
	if o.Record || o.ID != "" || o.Bad == "" || (len(o.Logs) == 0 && len(o.Paths) == 0 && len(o.Symbols) == 0) {
		var err error
		rec, err = findRecord(repo, cfg, o.ID)
		if err != nil && (o.ID != "" || o.Record) {
			// The record asked for by --id must be read; the current
			// branch's is only a source of defaults.
			return err
		}
	}
	bad := o.Bad
	if bad == "" && rec != nil {
		bad = rec.Incident.Version
	}
	if bad == "" {
		return cmdutil.MissingAnswer("--bad", "the incident record names no broken version")
	}
	if _, err := repo.ResolveCommit(bad); err != nil {
		return cmdutil.Failf("pass --bad with a tag, branch or commit", "unknown broken version %q", bad)
	}
	good := o.Good
	if good == "" {
		re := cfg.TagRegexp()
		better := func(a, b string) bool {
			va, _ := semver.Parse(a)
			vb, _ := semver.Parse(b)
			return semver.Compare(va, vb) > 0
		}
		tag, _, err := repo.NewestTag(bad+"^", re.MatchString, better)
		if err != nil {
			return cmdutil.Failf("pass --good with the last version that worked", "cannot find a release before %s", bad)
		}
		good = tag
	} else if _, err := repo.ResolveCommit(good); err != nil {
		return cmdutil.Failf("pass --good with a tag, branch or commit", "unknown good version %q", good)
	}

	// Evidence: traces from --logs or the record, --path, --symbol.
	var locs []triage.Location
	if len(o.Logs) > 0 {
		if locs, err = o.Scan(ctx, o.Logs, cfg); err != nil {
			return err
		}
	} else if rec != nil && rec.Triage != nil {
		for _, l := range rec.Triage.Locations {
			locs = append(locs, triage.Location{File: l.File, Line: l.Line, Symbol: l.Symbol})
		}
	}
	ev := triage.Evidence{Symbols: o.Symbols, Traced: map[string]bool{}}
	res := &SuspectsResult{Good: good, Bad: bad, Locations: locs, Ambiguous: map[string][]string{}}
	ev.Paths = append(ev.Paths, o.Paths...)
	stop := o.IO.StartProgress("reading the history from " + good + " to " + bad)
	defer stop()
	if len(locs) > 0 {
		files, err := repo.LsFiles(ctx, bad)
		if err != nil {
			return err
		}
		var traceFiles []string
		for _, l := range locs {
			traceFiles = append(traceFiles, l.File)
		}
		badID, err := repo.ResolveCommit(bad)
		if err != nil {
			return err
		}
		mods, err := repo.ReadFilesAt(ctx, badID, goModFiles(files))
		if err != nil {
			return err
		}
		mapped, unmatched, ambiguous := triage.MapFiles(uniq(traceFiles), files, mods)
		res.Unmatched = unmatched
		res.Ambiguous = ambiguous
		ev.Frames = triage.FramesOf(locs, mapped)
		for _, fr := range ev.Frames {
			ev.Paths = append(ev.Paths, fr.File)
			ev.Traced[fr.File] = true
		}
	}
	ev.Paths = uniq(ev.Paths)
	res.Evidence = EvidenceView{Paths: nonNil(ev.Paths), Frames: []FrameView{}, Symbols: nonNil(ev.Symbols)}
	for _, fr := range ev.Frames {
		res.Evidence.Frames = append(res.Evidence.Frames, FrameView{File: fr.File, Line: fr.Line, Func: fr.Func, Depth: fr.Depth, Trace: fr.Trace})
	}

	var findings *triage.Findings
	var wg sync.WaitGroup
	var countErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		res.Commits, countErr = repo.CountCommits(ctx, good, bad)
	}()
	// The history is read between commit ids: go-git reads files at ids.
	goodID, err := repo.ResolveCommit(good)
	if err != nil {
		stop()
		return cmdutil.Failf("pass --good with a tag, branch or commit", "unknown good version %q", good)
	}
	badID, err := repo.ResolveCommit(bad)
	if err != nil {
		stop()
		return cmdutil.Failf("pass --bad with a tag, branch or commit", "unknown broken version %q", bad)
	}
	findings, err = triage.Read(ctx, repo, goodID, badID, ev)
	wg.Wait()
	if err == nil {
		err = countErr
	}
	if err != nil {
		stop()
		return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot read the history from %s to %s: %v", good, bad, err), "")
	}
	res.Suspects = triage.Rank(findings, ev, nil)
	// Commits no log listed (a merge blamed for a line) get their subject.
	var missing []string
	for _, s := range res.Suspects {
		if s.Subject == "" && s.Date.IsZero() {
			missing = append(missing, s.Commit)
		}
	}
	if len(missing) > 0 {
		if infos, err := repo.CommitInfo(ctx, missing); err == nil {
			info := map[string]git.LogEntry{}
			for _, e := range infos {
				info[e.Hash] = e
			}
			res.Suspects = triage.Rank(findings, ev, info)
		}
	}
	res.Total = len(res.Suspects)
	stop()
	if len(ev.Paths)+len(ev.Symbols)+len(ev.Frames) == 0 {
		res.Incomplete = "no evidence: pass --logs, --path or --symbol (or run `hotfix triage logs --record`) to rank the commits"
	}
	if o.Limit > 0 && len(res.Suspects) > o.Limit {
		res.Suspects = res.Suspects[:o.Limit]
	}
	if res.Suspects == nil {
		res.Suspects = []triage.Suspect{}
	}
	if o.Record {
		if err := recordSuspects(ctx, o, repo, cfg, rec, res, badID); err != nil {
			return err
		}
	}
	if o.JSON {
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	writeSuspects(o.IO.Out, res)
	return nil
}

// RecordedSuspects is how many suspects --record keeps.
const RecordedSuspects = 5

// recordSuspects keeps the top suspects in the record, each with the pull
// request that brought it (its subject's, or the merge's that brought it
// into bad) and its revert command, and says so on stderr.
func recordSuspects(ctx context.Context, o *SuspectsOptions, repo *git.Repo, cfg *config.Config, rec *record.Record, res *SuspectsResult, badID string) error {
	var kept []record.Suspect
	for i, s := range res.Suspects {
		if i == RecordedSuspects {
			break
		}
		if s.PullRequest == 0 {
			if m, err := repo.MergeOf(ctx, s.Commit, badID); err == nil {
				s.PullRequest = triage.PullRequest(m)
				res.Suspects[i].PullRequest = s.PullRequest
			}
		}
		kept = append(kept, record.Suspect{Commit: s.Commit, Subject: s.Subject, Score: s.Score, Reasons: s.Reasons, PullRequest: s.PullRequest, Revert: s.Revert(), Good: res.Good, Bad: res.Bad})
	}
	if rec.Triage == nil {
		rec.Triage = &record.Triage{}
	}
	rec.Triage.Suspects = kept
	rel := record.Store{Dir: cfg.Records.Dir}.RelPath(rec.ID)
	if o.DryRun {
		fmt.Fprintf(o.IO.ErrOut, "Dry run: would record %d suspect(s) in %s\n", len(kept), rel)
		return nil
	}
	if err := (record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}).Save(rec); err != nil {
		return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot save the record: %v", err), "")
	}
	fmt.Fprintf(o.IO.ErrOut, "Recorded %d suspect(s) in %s\n", len(kept), rel)
	return nil
}

func writeSuspects(w io.Writer, res *SuspectsResult) {
	fmt.Fprintf(w, "Commits from %s (good) to %s (broken): %d; %d with evidence against them", res.Good, res.Bad, res.Commits, res.Total)
	if res.Total > len(res.Suspects) {
		fmt.Fprintf(w, " (the first %d shown; --limit for more)", len(res.Suspects))
	}
	fmt.Fprintln(w, ".")
	if res.Incomplete != "" {
		fmt.Fprintf(w, "Note: %s.\n", res.Incomplete)
	}
	if len(res.Unmatched) > 0 {
		fmt.Fprintf(w, "Files in the traces that are not in %s: %s\n", res.Bad, strings.Join(res.Unmatched, ", "))
	}
	amb := make([]string, 0, len(res.Ambiguous))
	for f := range res.Ambiguous {
		amb = append(amb, f)
	}
	sort.Strings(amb)
	for _, f := range amb {
		fmt.Fprintf(w, "Not used: %s could be any of %s in %s; pass --path with the right one.\n", f, strings.Join(res.Ambiguous[f], ", "), res.Bad)
	}
	for i, s := range res.Suspects {
		fmt.Fprintf(w, "\n%d. %s  %s  (%s, %s)  score %d\n", i+1, commitid.Short(s.Commit), s.Subject, s.Author, s.Date.UTC().Format("2006-01-02"), s.Score)
		for _, r := range s.Reasons {
			fmt.Fprintf(w, "   - %s\n", r)
		}
		for _, h := range s.Hunks {
			fmt.Fprintf(w, "   %s:%d\n", h.Path, h.Start)
			for _, l := range h.Lines {
				fmt.Fprintf(w, "     %s\n", l)
			}
		}
	}
}

// goModFiles are the go.mod files of a tree, outside vendor and
// testdata directories, at most 100.
func goModFiles(files []string) []string {
	var out []string
	for _, f := range files {
		if (f == "go.mod" || strings.HasSuffix(f, "/go.mod")) && !strings.Contains("/"+f, "/vendor/") && !strings.Contains("/"+f, "/testdata/") {
			out = append(out, f)
			if len(out) == 100 {
				break
			}
		}
	}
	return out
}

func uniq(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

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
	// Scan reads the logs' trace locations; replaced in tests.
	Scan func(ctx context.Context, files []string, cfg *config.Config) ([]triage.Location, error)
}

func newSuspectsCmd(f *cmdutil.Factory, runF func(*SuspectsOptions) error) *cobra.Command {
	o := &SuspectsOptions{}
	cmd := &cobra.Command{
		Use:   "suspects [--good REF] [--bad REF] [--logs FILE...] [--path P...] [--symbol S...]",
		Short: "Rank the commits since the last good version by what the errors point at",
		Long: `List the commits between the last good version (--good; default: the release
before the broken one) and the broken one (--bad; default: the record's
version), ranked by evidence: touching the files named in the stack traces
(--logs, or what ` + "`triage logs --record`" + ` saved, or --path), changing lines near the
reported line numbers, and adding or removing the symbols (--symbol, like
git log -S). Each suspect shows its reasons and the hunk that matched.`,
		Example: `  hotfix triage suspects --good v1.4.1 --logs /var/log/app/error.log
  hotfix triage suspects --path application.py --symbol json.loads`,
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
	fl.StringVar(&o.ID, "id", "", "the incident record (default: the current branch's)")
	complete.Flag(cmd, "good", complete.Ref)
	complete.Flag(cmd, "bad", complete.Ref)
	complete.Flag(cmd, "logs", complete.File)
	complete.Flag(cmd, "path", complete.File)
	complete.Flag(cmd, "symbol", complete.FreeText)
	complete.Flag(cmd, "limit", complete.FreeText)
	complete.Flag(cmd, "id", complete.ID)
	cmdutil.SetLock(cmd, cmdutil.LockNever)
	return cmd
}

// SuspectsResult is `triage suspects --json`'s output.
type SuspectsResult struct {
	Good       string            `json:"good"`
	Bad        string            `json:"bad"`
	Commits    int               `json:"commits"`
	Total      int               `json:"suspects_total"`
	Evidence   EvidenceView      `json:"evidence"`
	Suspects   []triage.Suspect  `json:"suspects"`
	Unmatched  []string          `json:"unmatched_files,omitempty"`
	Locations  []triage.Location `json:"locations,omitempty"`
	Incomplete string            `json:"note,omitempty"`
}

// EvidenceView is the evidence suspects were ranked by.
type EvidenceView struct {
	Paths   []string         `json:"paths"`
	Lines   map[string][]int `json:"lines"`
	Symbols []string         `json:"symbols"`
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
	if o.ID != "" || o.Bad == "" || (len(o.Logs) == 0 && len(o.Paths) == 0 && len(o.Symbols) == 0) {
		var err error
		rec, err = findRecord(repo, cfg, o.ID)
		if err != nil && o.ID != "" {
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
	ev := triage.Evidence{Lines: map[string][]int{}, Symbols: o.Symbols, Traced: map[string]bool{}}
	res := &SuspectsResult{Good: good, Bad: bad, Locations: locs}
	ev.Paths = append(ev.Paths, o.Paths...)
	if len(locs) > 0 {
		files, err := repo.LsFiles(ctx, bad)
		if err != nil {
			return err
		}
		var traceFiles []string
		for _, l := range locs {
			traceFiles = append(traceFiles, l.File)
		}
		mapped, unmatched := triage.MapFiles(uniq(traceFiles), files)
		res.Unmatched = unmatched
		for _, l := range locs {
			for _, p := range mapped[l.File] {
				ev.Paths = append(ev.Paths, p)
				ev.Traced[p] = true
				if l.Line > 0 {
					ev.Lines[p] = append(ev.Lines[p], l.Line)
				}
			}
		}
	}
	ev.Paths = uniq(ev.Paths)
	for p := range ev.Lines {
		ev.Lines[p] = uniqInts(ev.Lines[p])
	}
	res.Evidence = EvidenceView{Paths: nonNil(ev.Paths), Lines: ev.Lines, Symbols: nonNil(ev.Symbols)}

	// The path log and one pickaxe log per symbol run at once.
	stop := o.IO.StartProgress("reading the history from " + good + " to " + bad)
	defer stop()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	var byPath []git.LogEntry
	bySymbol := map[string][]git.LogEntry{}
	run := func(f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	if len(ev.Paths) > 0 {
		run(func() (err error) {
			byPath, err = repo.Log(ctx, good, bad, git.LogOptions{Paths: ev.Paths, Patch: true})
			return err
		})
	}
	for _, sym := range ev.Symbols {
		sym := sym
		run(func() error {
			entries, err := repo.Log(ctx, good, bad, git.LogOptions{Pickaxe: sym, Patch: true})
			mu.Lock()
			bySymbol[sym] = entries
			mu.Unlock()
			return err
		})
	}
	run(func() (err error) {
		res.Commits, err = repo.CountCommits(ctx, good, bad)
		return err
	})
	wg.Wait()
	stop()
	if firstErr != nil {
		return cmdutil.Wrap(firstErr, cmdutil.ExitFailure, fmt.Sprintf("cannot read the history from %s to %s: %v", good, bad, firstErr), "")
	}
	res.Suspects = triage.Rank(byPath, bySymbol, ev)
	res.Total = len(res.Suspects)
	if len(ev.Paths)+len(ev.Symbols) == 0 {
		res.Incomplete = "no evidence: pass --logs, --path or --symbol (or run `hotfix triage logs --record`) to rank the commits"
	}
	if o.Limit > 0 && len(res.Suspects) > o.Limit {
		res.Suspects = res.Suspects[:o.Limit]
	}
	if res.Suspects == nil {
		res.Suspects = []triage.Suspect{}
	}
	if o.JSON {
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	writeSuspects(o.IO.Out, res)
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

func uniqInts(s []int) []int {
	sort.Ints(s)
	var out []int
	for i, x := range s {
		if i == 0 || x != s[i-1] {
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

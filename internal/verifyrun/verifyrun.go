// Package verifyrun runs verify on a repository: it picks the base, reads
// the change and the waivers, runs the static rules of the engine
// (pkg/verify) and the rules that execute commands (tests-pass with the
// shell, repro in a tree exported from the merge base), and records the
// verdict in the incident record. `hotfix verify` is its command; `hotfix
// pr`, the pre-push hook and `hotfix init` (language detection) call it too.
// It never prompts, so CI runs it as is.
package verifyrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hotfix-dev/hotfix/internal/build"
	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/internal/fsutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/pathsafe"
	"github.com/hotfix-dev/hotfix/internal/records"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
	engine "github.com/hotfix-dev/hotfix/pkg/verify"
	"github.com/hotfix-dev/hotfix/pkg/verify/coverage"
	"github.com/hotfix-dev/hotfix/pkg/versionfile"
)

// Options are what running verify needs: its dependencies, and the
// choices `hotfix verify`'s flags make (pr and the pre-push hook set them
// themselves).
type Options struct {
	IO         *iostreams.IOStreams
	Clock      clock.Clock
	Getenv     func(string) string
	OpenRepo   func() (*git.Repo, error)
	LoadConfig func(repo *git.Repo) (*config.Config, error)
	// LoadConfigAt reads the policy as a revision has it: with a base
	// branch named (--base, GITHUB_BASE_REF), the policy on the base side
	// governs, never the change's own. commit is the commit rev names,
	// already resolved. Nil keeps LoadConfig's.
	LoadConfigAt func(repo *git.Repo, rev, commit string) (*config.Config, error)
	// RunCommand runs a shell command at dir; tests may replace it.
	RunCommand func(ctx context.Context, dir, command string, timeout time.Duration) CommandResult

	Base           string
	CommittedOnly  bool
	Worktree       bool
	Format         string
	Waive          []string
	NoRun          bool
	Coverage       string
	CoverageFormat string
	Repro          bool
	Rules          []string
	NoRecord       bool
	// SARIF, when set, is a file the SARIF report is also written to
	// (atomically), whatever Format prints: for code scanning next to
	// the annotations.
	SARIF string
}

// Run runs verify with o: it opens the repository, checks the change,
// writes the report to o.IO.Out in o.Format, records the result in the
// incident record unless o.NoRecord, and returns cmdutil.ErrSilent when the
// verdict is failed.
func Run(ctx context.Context, o *Options) (err error) {
	if o.Format == "github" {
		// In Actions, an error is an annotation too, on stdout where the
		// workflow commands go; the message still goes to stderr.
		defer func() {
			if err != nil && !errors.Is(err, cmdutil.ErrSilent) {
				fmt.Fprintf(o.IO.Out, "::error title=hotfix verify::%s\n", engine.GitHubData("hotfix verify: "+err.Error()))
			}
		}()
	}
	defer gcForOneCheck(o.Getenv)()
	repo, err := o.OpenRepo()
	if err != nil {
		return err
	}
	defer repo.Close()
	cfg, err := o.LoadConfig(repo)
	if err != nil {
		return err
	}
	report, rec, err := Check(ctx, o, repo, cfg)
	if err != nil {
		return err
	}
	if o.Format == "text" {
		err = engine.WriteText(o.IO.Out, report, Painter(o.IO.ColorScheme()))
	} else {
		err = engine.Write(o.IO.Out, report, o.Format, build.Version)
	}
	if err != nil {
		return err
	}
	if o.SARIF != "" {
		var b bytes.Buffer
		if err := engine.WriteSARIF(&b, report, build.Version); err != nil {
			return err
		}
		if err := fsutil.WriteFile(o.SARIF, b.Bytes(), 0o644); err != nil {
			return cmdutil.Failf("give --sarif a path in a directory that exists and can be written", "cannot write the SARIF report: %v", err)
		}
	}
	if rec != nil && !o.NoRecord {
		if err := SaveResult(o.Clock, repo, cfg, rec, report); err != nil {
			fmt.Fprintf(o.IO.ErrOut, "warning: could not record the result in the incident record: %v\n", err)
		}
	}
	if !report.Passed {
		return cmdutil.ErrSilent
	}
	return nil
}

// Check computes the verdict on the current branch's change without
// printing it, and returns the branch's incident record (nil when there is
// none). `hotfix pr` runs it before pushing.
func Check(ctx context.Context, o *Options, repo *git.Repo, cfg *config.Config) (*engine.Report, *record.Record, error) {
	branch, _ := repo.CurrentBranch()
	rec, err := records.ForBranch(repo, cfg, branch)
	if err != nil {
		fmt.Fprintf(o.IO.ErrOut, "warning: could not read the incident record: %v\n", err)
	}
	baseRef, baseCommit, err := chooseBase(o, repo, cfg, rec)
	if err != nil {
		return nil, nil, err
	}
	// The base side governs: the base branch's tip when one is named (CI,
	// --base), else the governing policy LoadConfig gave (the production
	// branch's tip), never the change's own .hotfix.yaml.
	if (o.Base != "" || o.Getenv("GITHUB_BASE_REF") != "") && o.LoadConfigAt != nil {
		if cfg, err = o.LoadConfigAt(repo, baseRef, baseCommit); err != nil {
			return nil, nil, err
		}
	}
	// The commit messages (for waiver trailers) are read with the change,
	// in the walk that finds the merge base: base..HEAD is the same range
	// as merge-base..HEAD.
	// In CI the checkout is HEAD: the change is the commits, and files the
	// job itself generated are not part of it.
	worktree := !o.CommittedOnly && (o.Worktree || o.Getenv("CI") == "")
	needs := engine.ContentFilter(cfg.Verify)
	// The repository's list of files, which only a missing test's hint
	// needs (the index for the work tree, HEAD's tree for the commits),
	// and the files before the change are read in one batch each as soon
	// as the change's files are listed, while their hunks are computed:
	// launched earlier, they would slow the launch of the history walk.
	// Every return waits for the list once started, so that no git
	// process outlives the check.
	paths := sync.OnceValues(func() ([]string, error) {
		if worktree {
			return repo.IndexFiles(ctx) // the work tree's files, without a tree walk
		}
		return repo.LsFiles(ctx, "HEAD")
	})
	var pathsStarted atomic.Bool
	defer func() {
		if pathsStarted.Load() {
			_, _ = paths()
		}
	}()
	type batch struct {
		contents map[string][]byte
		err      error
	}
	oldDone := make(chan batch, 1)
	var readOld sync.Once
	startOld := func(mb string, files []git.FileDiff) {
		readOld.Do(func() {
			var oldPaths []string
			for _, f := range files {
				if f.Status != 'A' && needs(f.Path) {
					oldPaths = append(oldPaths, oldPath(f))
				}
			}
			go func() {
				contents, err := repo.ReadFilesAt(ctx, mb, oldPaths)
				oldDone <- batch{contents, err}
			}()
			pathsStarted.Store(true)
			go func() { _, _ = paths() }()
		})
	}
	diff, err := repo.Change(ctx, baseRef, git.ChangeOptions{Worktree: worktree, BaseCommit: baseCommit,
		Content: needs, Commits: true, Listed: startOld})
	if err != nil {
		if repo.IsShallow() {
			return nil, nil, cmdutil.Failf(unshallowFix("origin"), "cannot compute the change since %s: this clone is shallow, and the merge base of %s and HEAD is not in it (%v)", baseRef, baseRef, err)
		}
		return nil, nil, cmdutil.Failf("pass --base with the branch or tag this branch was cut from", "cannot compute the change since %s: %v", baseRef, err)
	}
	mb := diff.Base
	startOld(mb, diff.Files) // when the listing did not start it
	listedFiles := diff.Files
	diff.Files = dropVersionBumps(repo, cfg, mb, diff.Head, diff.Worktree, diff.Files)
	var notices []string
	for _, f := range diff.Files {
		if f.Path == config.FileName || f.OldPath == config.FileName {
			notices = append(notices, "this change edits "+config.FileName+"; it takes effect after merge: the change was checked under "+policyName(cfg)+"'s")
		}
	}
	waivers, ignored, err := collectWaivers(o, diff.Commits, cfg.Verify.Waivers)
	if err != nil {
		return nil, nil, err
	}
	notices = append(notices, ignored...)
	rules := o.Rules
	if len(rules) == 0 {
		rules = append([]string(nil), cfg.Verify.Rules...)
	}
	covFile, covFormat := o.Coverage, o.CoverageFormat
	if covFile == "" {
		covFile = cfg.Verify.Coverage.File
		if covFile != "" && !filepath.IsAbs(covFile) {
			covFile = filepath.Join(repo.Root(), covFile)
		}
	}
	if covFormat == "" {
		covFormat = cfg.Verify.Coverage.Format
	}
	if covFile != "" {
		rules = addRule(rules, config.RuleCoverage)
	}
	if o.Repro {
		rules = addRule(rules, config.RuleRepro)
	}

	in := engine.Input{Changes: toChanges(diff.Files), Policy: cfg.Verify}
	// Files the change did not touch (a test's imports, go.mod) are read
	// through one cat-file process, never go-git's first object read.
	files := repo.NewFileReader(ctx)
	defer files.Close()
	in.Read = func(p string) ([]byte, error) {
		return os.ReadFile(filepath.Join(repo.Root(), filepath.FromSlash(p)))
	}
	in.Paths = paths
	if !diff.Worktree {
		// Committed contents are read in one batch, not file by file.
		var paths []string
		for _, f := range diff.Files {
			if f.Status != 'D' && needs(f.Path) {
				paths = append(paths, f.Path)
			}
		}
		contents, err := repo.ReadFilesAt(ctx, diff.Head, paths)
		if err != nil {
			return nil, nil, cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot read the changed files at HEAD: %v", err), "")
		}
		in.Read = func(p string) ([]byte, error) {
			if b, ok := contents[p]; ok {
				return b, nil
			}
			return files.ReadFile(diff.Head, p)
		}
	}
	// The rules start at once; the first read of an old file waits for
	// the batch.
	oldBatch := sync.OnceValue(func() batch { return <-oldDone })
	in.ReadOld = func(p string) ([]byte, error) {
		old := oldBatch()
		if old.err != nil {
			return nil, fmt.Errorf("cannot read the changed files at the merge base %s: %v", commitid.Short(mb), old.err)
		}
		if b, ok := old.contents[p]; ok {
			return b, nil
		}
		return files.ReadFile(mb, p)
	}
	if covFile != "" && hasRule(rules, config.RuleCoverage) {
		prof, err := coverage.ParseFile(covFile, coverage.Options{Root: repo.Root(), Format: covFormat})
		if err != nil {
			return nil, nil, cmdutil.Usagef("pass --coverage with a Go coverprofile, LCOV or Cobertura XML report", "--coverage: %v", err)
		}
		in.Coverage = prof
	}
	results, findings := engine.Check(ctx, in, rules)
	if hasRule(rules, config.RuleTestsPass) {
		res, fs := testsPass(ctx, o, repo.Root(), cfg)
		results = append(results, res)
		findings = append(findings, fs...)
	}
	if hasRule(rules, config.RuleRepro) {
		res, fs := repro(ctx, o, repo, cfg, mb, in)
		results = append(results, res)
		findings = append(findings, fs...)
	}
	report := engine.Assemble(&engine.Report{Base: baseRef, MergeBase: mb, Head: diff.Head, Worktree: diff.Worktree, Files: len(diff.Files),
		Policy: policyName(cfg), Notices: notices}, results, findings, waivers)
	report.Excluded = exclusions(&in, listedFiles, diff.Files)
	if why := nothingChecked(cfg, rules, in.Changes); why != "" {
		report.CheckedNothing(why)
	}
	return report, rec, nil
}

// Painter colours the text report's status words with cs: passed green,
// failed red, waived and skipped yellow. A disabled scheme leaves them plain.
func Painter(cs *iostreams.ColorScheme) engine.Paint {
	return func(s engine.Status, text string) string {
		switch s {
		case engine.Passed:
			return cs.Green(text)
		case engine.Failed:
			return cs.Red(text)
		}
		return cs.Yellow(text)
	}
}

// chooseBase picks the base: --base, GITHUB_BASE_REF, the record's base,
// then the production branch. It returns the base as named and the commit
// it names, which the policy lookup and the change then use rather than
// resolving the name again.
func chooseBase(o *Options, repo *git.Repo, cfg *config.Config, rec *record.Record) (ref, commit string, err error) {
	try := func(ref string) (string, bool) {
		if ref == "" {
			return "", false
		}
		if commit, err = repo.ResolveCommit(ref); err == nil {
			return ref, true
		}
		if remote := cfg.Remote + "/" + ref; true {
			if commit, err = repo.ResolveCommit(remote); err == nil {
				return remote, true
			}
		}
		return "", false
	}
	shallow := func(what, ref string) error {
		args := cfg.Remote
		if branchLike(ref) {
			args += " +refs/heads/" + ref + ":refs/remotes/" + cfg.Remote + "/" + ref
		}
		return cmdutil.Failf(unshallowFix(args), "%s: this clone is shallow, and %s is not in it", what, ref)
	}
	if o.Base != "" {
		if ref, ok := try(o.Base); ok {
			return ref, commit, nil
		}
		if repo.IsShallow() {
			return "", "", shallow(fmt.Sprintf("unknown base %q", o.Base), o.Base)
		}
		fix := "pass --base with an existing branch, tag or commit"
		if branchLike(o.Base) {
			fix += " (in CI, fetch it first: git fetch " + cfg.Remote + " " + o.Base + ")"
		}
		return "", "", cmdutil.Failf(fix, "unknown base %q", o.Base)
	}
	if env := o.Getenv("GITHUB_BASE_REF"); env != "" {
		if ref, ok := try(env); ok {
			return ref, commit, nil
		}
		if repo.IsShallow() {
			return "", "", shallow(fmt.Sprintf("GITHUB_BASE_REF is %q", env), env)
		}
		return "", "", cmdutil.Failf("fetch the base branch (actions/checkout with fetch-depth: 0, or git fetch origin "+env+"), or pass --base", "GITHUB_BASE_REF is %q, which is not in this clone", env)
	}
	if rec != nil {
		if ref, ok := try(rec.Branch.Base); ok {
			return ref, commit, nil
		}
		if ref, ok := try(rec.Branch.BaseCommit); ok {
			return ref, commit, nil
		}
	}
	prod := cfg.Branches.Production
	if prod == "" {
		prod = repo.DefaultBranch(cfg.Remote)
	}
	if ref, ok := try(prod); ok {
		return ref, commit, nil
	}
	return "", "", cmdutil.Failf("pass --base with the branch or tag this fix was cut from", "cannot tell what to compare with: no --base, GITHUB_BASE_REF, incident record or production branch %q", prod)
}

// branchLike reports whether ref may name a branch to fetch: not a
// revision expression (HEAD~1, main^, @{u}, a:b), not HEAD and not what
// looks like a commit id, for which only the whole history helps.
func branchLike(ref string) bool {
	if ref == "" || ref == "HEAD" || ref == "@" || strings.ContainsAny(ref, "~^: \\?*[") || strings.Contains(ref, "..") || strings.Contains(ref, "@{") {
		return false
	}
	if len(ref) >= 7 && strings.Trim(strings.ToLower(ref), "0123456789abcdef") == "" {
		return false
	}
	return true
}

// unshallowFix is the advice for a shallow clone that lacks the base or
// the merge base; fetchArgs are what `git fetch --unshallow` needs after
// it (the remote, and the base branch when the clone lacks it).
func unshallowFix(fetchArgs string) string {
	return "fetch the whole history: in GitHub Actions, actions/checkout with fetch-depth: 0; elsewhere, git fetch --unshallow " + fetchArgs
}

// collectWaivers reads --waive and the commits' Hotfix-Waive trailers, as
// far as the governing policy accepts them: a --waive it forbids is a usage
// error; a trailer it does not count, or that waives a rule it forbids, is
// ignored and named in ignored, so the rule stays enforced.
func collectWaivers(o *Options, commits []git.Commit, policy config.Waivers) (out []engine.Waiver, ignored []string, err error) {
	for _, w := range o.Waive {
		wv, err := engine.ParseWaiver(w)
		if err != nil {
			return nil, nil, &cmdutil.FlagError{Err: err}
		}
		if !policy.Allows(wv.Rule) {
			return nil, nil, cmdutil.Usagef("the policy's verify.waivers.allow lists the rules it lets you waive: "+orNone(policy.Allow),
				"--waive %s: the governing policy does not let %s be waived", w, wv.Rule)
		}
		out = append(out, wv)
	}
	for i := len(commits) - 1; i >= 0; i-- {
		ws, err := engine.ParseTrailers(commits[i].Hash, commits[i].Message)
		if err != nil {
			return nil, nil, cmdutil.Usagef("fix the commit message (git commit --amend, or git rebase -i to reword it)", "%v", err)
		}
		for _, wv := range ws {
			switch {
			case !policy.Trailers:
				ignored = append(ignored, fmt.Sprintf("ignored the waiver of %s in %s: the policy does not count commit trailers (verify.waivers.trailers: false)", wv.Rule, wv.Source))
			case !policy.Allows(wv.Rule):
				ignored = append(ignored, fmt.Sprintf("ignored the waiver of %s in %s: the policy does not let it be waived (verify.waivers.allow)", wv.Rule, wv.Source))
			default:
				out = append(out, wv)
			}
		}
	}
	return out, ignored, nil
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// policyName names the policy that governed, for the report.
func policyName(cfg *config.Config) string { return cfg.Origin.String() }

// nothingChecked says why the policy checked nothing of the change, or "":
// no rules at all, or excludes that leave none of the changed source files.
func nothingChecked(cfg *config.Config, rules []string, changes []engine.Change) string {
	if len(rules) == 0 {
		return "the governing policy (" + policyName(cfg) + ") has no rules (verify.rules is empty)"
	}
	if n := engine.UncheckedSources(cfg.Verify, changes); n > 0 {
		return fmt.Sprintf("the governing policy's verify.exclude leaves none of the %d changed source file(s) checked", n)
	}
	return ""
}

// exclusions lists the paths of the change the rules do not check, with
// the reason: the engine's, and the version bumps left out of kept.
func exclusions(in *engine.Input, listed, kept []git.FileDiff) []engine.Excluded {
	out := engine.Exclusions(in)
	if len(listed) == len(kept) {
		return out
	}
	have := map[string]bool{}
	for _, f := range kept {
		have[f.Path] = true
	}
	for _, f := range listed {
		if !have[f.Path] {
			out = append(out, engine.Excluded{Path: f.Path, Reason: engine.ReasonVersionBump})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// oldPath is f's path before the change.
func oldPath(f git.FileDiff) string {
	if f.OldPath != "" {
		return f.OldPath
	}
	return f.Path
}

func toChanges(files []git.FileDiff) []engine.Change {
	out := make([]engine.Change, len(files))
	for i, f := range files {
		c := engine.Change{Path: f.Path, OldPath: f.OldPath, Status: f.Status, Binary: f.Binary, Kind: f.Kind, SameContent: f.SameContent}
		for _, h := range f.Hunks {
			c.Hunks = append(c.Hunks, engine.Hunk{OldStart: h.OldStart, OldLines: h.OldLines, NewStart: h.NewStart, NewLines: h.NewLines})
		}
		out[i] = c
	}
	return out
}

func addRule(rules []string, id string) []string {
	if hasRule(rules, id) {
		return rules
	}
	return append(rules, id)
}

func hasRule(rules []string, id string) bool {
	for _, r := range rules {
		if r == id {
			return true
		}
	}
	return false
}

// SaveResult writes the verdict into the incident record and its timeline.
// The same verdict on the same code leaves the record as it is: commits
// since the recorded result that change only incident records (pr's own
// record commits) change no code, so verifying again adds nothing.
func SaveResult(clk clock.Clock, repo *git.Repo, cfg *config.Config, rec *record.Record, r *engine.Report) error {
	if sameVerdictOnSameCode(repo, cfg, rec.Verify, r) {
		return nil
	}
	now := clk.Now().UTC().Truncate(time.Second)
	v := &record.VerifyResult{At: now, Commit: r.Head, Base: r.Base, MergeBase: r.MergeBase, Worktree: r.Worktree, Passed: r.Passed, Findings: len(r.Findings)}
	var parts []string
	for _, res := range r.Rules {
		v.Rules = append(v.Rules, record.RuleOutcome{ID: res.ID, Status: string(res.Status), Summary: res.Summary})
		parts = append(parts, res.ID+" "+string(res.Status))
	}
	for _, w := range r.Waivers {
		v.Waivers = append(v.Waivers, record.Waiver{Rule: w.Rule, Reason: w.Reason, Source: w.Source})
	}
	rec.Verify = v
	verdict := "passed"
	if !r.Passed {
		verdict = "failed"
	}
	// Once per commit and verdict: pr verifies again when it is rerun.
	by, email := repo.UserIdentity()
	if by == "" {
		by = email
	}
	rec.AddEventOnce(record.Event{At: now, Kind: record.EventVerified, By: by, Text: "verify " + verdict + ": " + strings.Join(parts, ", "),
		Fields: map[string]string{"commit": r.Head, "passed": fmt.Sprint(r.Passed), "findings": fmt.Sprint(len(r.Findings))}})
	rec.Advance(record.PhaseFixing) // a change is being verified: the fix is under way
	return record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}.Save(rec)
}

// sameVerdictOnSameCode reports whether prev, the recorded result, holds
// r's verdict, rule by rule, on committed code that differs from r's only
// in the incident records.
func sameVerdictOnSameCode(repo *git.Repo, cfg *config.Config, prev *record.VerifyResult, r *engine.Report) bool {
	if prev == nil || prev.Worktree || r.Worktree || prev.Commit == "" || prev.Passed != r.Passed ||
		prev.Base != r.Base || prev.MergeBase != r.MergeBase || prev.Findings != len(r.Findings) || len(prev.Rules) != len(r.Rules) {
		return false
	}
	for i, res := range r.Rules {
		if prev.Rules[i].ID != res.ID || prev.Rules[i].Status != string(res.Status) {
			return false
		}
	}
	if prev.Commit == r.Head {
		return true
	}
	// The change is measured from the merge base of prev.Commit and HEAD:
	// when that is prev.Commit itself, it is exactly what was committed
	// since.
	d, err := repo.Change(context.Background(), prev.Commit, git.ChangeOptions{Content: func(string) bool { return false }})
	if err != nil || d.Base != prev.Commit || d.Head != r.Head {
		return false
	}
	records := record.Store{Dir: cfg.Records.Dir}
	for _, f := range dropVersionBumps(repo, cfg, prev.Commit, r.Head, false, d.Files) {
		if !records.Holds(f.Path) || (f.OldPath != "" && !records.Holds(f.OldPath)) {
			return false
		}
	}
	return true
}

// dropVersionBumps leaves out of files the release.version_files whose
// only change from base to head (head being the work tree when worktree)
// is the version they hold: the bump `hotfix pr` commits needs no test and
// no doc comment, and changes no code.
func dropVersionBumps(repo *git.Repo, cfg *config.Config, base, head string, worktree bool, files []git.FileDiff) []git.FileDiff {
	if len(cfg.Release.VersionFiles) == 0 || base == "" {
		return files
	}
	readNew := func(p string) ([]byte, error) { return repo.ReadFileAt(head, p) }
	if worktree {
		readNew = func(p string) ([]byte, error) {
			if err := pathsafe.Check(repo.Root(), p, false); err != nil {
				return nil, err
			}
			return os.ReadFile(filepath.Join(repo.Root(), filepath.FromSlash(p)))
		}
	}
	return DropVersionBumps(files, cfg.Release.VersionFiles, func(p string) ([]byte, error) { return repo.ReadFileAt(base, p) }, readNew)
}

// DropVersionBumps leaves out of files the versionFiles (a policy's
// release.version_files) that the change modified in nothing but the
// version they hold (versionfile.Bumped), reading each such file before
// the change with readOld and after it with readNew; a file either cannot
// read is kept. verify and its evaluator (internal/verifyeval) both leave
// bumps out through it.
func DropVersionBumps(files []git.FileDiff, versionFiles []string, readOld, readNew func(p string) ([]byte, error)) []git.FileDiff {
	listed := map[string]bool{}
	for _, f := range versionFiles {
		listed[path.Clean(filepath.ToSlash(f))] = true
	}
	out := files[:0:0]
	for _, f := range files {
		if f.Status == 'M' && listed[f.Path] && onlyVersionChanged(f.Path, readOld, readNew) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// onlyVersionChanged reports whether the file at p after the change is the
// file before it with nothing but its version rewritten; false when either
// side cannot be read.
func onlyVersionChanged(p string, readOld, readNew func(p string) ([]byte, error)) bool {
	old, err := readOld(p)
	if err != nil {
		return false
	}
	cur, err := readNew(p)
	if err != nil {
		return false
	}
	_, _, ok := versionfile.Bumped(p, old, cur)
	return ok
}

// Gate runs verify's rules on the committed change of repo's HEAD, as
// every pull request hotfix opens must pass them (`hotfix pr`, `hotfix
// mitigate --revert`): a failed verdict is printed to stderr and returned
// as an error saying that nothing was pushed and how to waive a rule
// (--waive RULE=REASON, or skip with --skip-verify REASON). The report is
// returned when it passed.
func Gate(ctx context.Context, o *Options, repo *git.Repo, cfg *config.Config) (*engine.Report, error) {
	report, _, err := Check(ctx, o, repo, cfg)
	if err != nil {
		return nil, err
	}
	if !report.Passed {
		_ = engine.WriteText(o.IO.ErrOut, report, Painter(o.IO.ErrColorScheme()))
		var failed []string
		for _, r := range report.Rules {
			if r.Status == engine.Failed {
				failed = append(failed, r.ID)
			}
		}
		return nil, cmdutil.Failf("fix the findings, or waive a rule with --waive RULE=REASON (or --skip-verify REASON); the reason is shown to reviewers",
			"verify failed (%s); nothing was pushed", strings.Join(failed, ", "))
	}
	return report, nil
}

package closecmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/github"
	"github.com/hotfix-dev/hotfix/internal/postmortem"
	"github.com/hotfix-dev/hotfix/internal/prompter"
	"github.com/hotfix-dev/hotfix/internal/records"
	"github.com/hotfix-dev/hotfix/internal/semver"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
	"github.com/hotfix-dev/hotfix/pkg/versionfile"
)

// plan is what close decides before it changes anything (prepare sets it
// once; the steps only read it). What the steps learn is progress.
type plan struct {
	// Remote, Repo, Host and APIURL are the GitHub target, saved as
	// close's own fields so that no other package's type is in its state.
	Remote string `json:"remote"`
	Repo   string `json:"repo"`
	Host   string `json:"host"`
	APIURL string `json:"api_url"`

	RecordID    string    `json:"record_id"`
	Branch      string    `json:"branch"`
	Head        string    `json:"head"`
	Production  string    `json:"production"`
	Flow        string    `json:"flow"`
	Number      int       `json:"number,omitempty"`
	Offline     bool      `json:"offline,omitempty"`
	MergeCommit string    `json:"merge_commit"`
	Merged      time.Time `json:"merged"`
	PROpened    time.Time `json:"pr_opened,omitempty"`
	Tag         string    `json:"tag"`
	// CarryInto are the branches the fix is merged back into, in order.
	CarryInto []string `json:"carry_into,omitempty"`
	Backports []string `json:"backports_missing,omitempty"`
	// Answers are the postmortem's answers; the issues filed for its
	// action items are progress.
	Answers     postmortem.Answers `json:"answers"`
	Postmortem  string             `json:"postmortem"`
	PostPR      bool               `json:"postmortem_pr,omitempty"`
	FileActions bool               `json:"file_actions,omitempty"`
	KeepBranch  bool               `json:"keep_branch,omitempty"`
	DocsTouched []string           `json:"docs_touched,omitempty"`
	FirstFix    time.Time          `json:"first_fix,omitempty"`
	// From is the branch checked out when close began, where --abort
	// returns; empty when HEAD was detached.
	From string `json:"from,omitempty"`
	// Versions are the release.version_files found to hold the tag's
	// version at the commit tagged; VersionsUnchecked says why they were
	// not read (a dry run without the commit).
	Versions          []string `json:"versions,omitempty"`
	VersionsUnchecked string   `json:"versions_unchecked,omitempty"`
}

// target is the GitHub repository the plan works on.
func (p *plan) target() github.Target {
	return github.Target{Remote: p.Remote, Repo: p.Repo, Host: p.Host, APIURL: p.APIURL}
}

// prepare decides everything before anything changes: the record, the
// merge, the tag, what to carry where, and the postmortem's answers.
func (c *closer) prepare(ctx context.Context) error {
	o, repo, cfg, p := c.o, c.repo, c.cfg, c.plan
	rec, err := records.Find(repo, cfg, o.ID)
	if err != nil {
		return err
	}
	if rec.Phase == record.PhaseClosed {
		return cmdutil.Failf("`hotfix status --all` lists it", "the hotfix %s is already closed", rec.ID)
	}
	p.RecordID, p.Branch, p.Flow, p.Offline = rec.ID, rec.Branch.Name, cfg.Flow, o.Offline
	p.From, _ = repo.CurrentBranch()
	p.PostPR, p.FileActions, p.KeepBranch = o.PostmortemPR, o.FileActions, cfg.Close.KeepBranch
	p.Production = cfg.Branches.Production
	if p.Production == "" {
		p.Production = rec.Branch.Production
	}
	if p.Production == "" {
		p.Production = repo.DefaultBranch(cfg.Remote)
	}

	// Nothing uncommitted may be lost when close switches branches.
	dirty, err := repo.DirtyFiles(ctx)
	if err != nil {
		return err
	}
	store := record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}
	var other []string
	for _, c := range dirty {
		if c.Path != store.RelPath(rec.ID) {
			other = append(other, c.Path)
		}
	}
	if len(other) > 0 {
		return cmdutil.Failf("commit or stash them first: close switches to "+p.Production, "uncommitted changes: %s", strings.Join(other, ", "))
	}

	// The hotfix branch's tip, locally or on the remote.
	p.Head = repo.BranchCommit(p.Branch)
	if p.Head == "" {
		p.Head = repo.RemoteBranchCommit(cfg.Remote, p.Branch)
	}

	if err := c.findMerge(ctx, rec); err != nil {
		return err
	}
	if err := chooseTag(repo, cfg, rec, o.Tag, p); err != nil {
		return err
	}
	if err := c.checkVersions(ctx, p.MergeCommit); err != nil {
		return err
	}
	if err := c.planCarry(ctx, rec); err != nil {
		return err
	}
	p.DocsTouched, p.FirstFix = changeFacts(ctx, repo, rec, p)
	p.Postmortem = postmortemPath(cfg, rec)
	return answers(o, p, rec)
}

// findMerge confirms the merge: through the API, or from the local
// repository with --offline.
func (c *closer) findMerge(ctx context.Context, rec *record.Record) error {
	o, repo, cfg, p := c.o, c.repo, c.cfg, c.plan
	if o.Offline {
		if p.Head == "" {
			return cmdutil.Failf("fetch it (git fetch "+cfg.Remote+") or drop --offline", "--offline needs the hotfix branch %s, which is neither local nor fetched", p.Branch)
		}
		tip := repo.BranchCommit(p.Production)
		if rt := repo.RemoteBranchCommit(cfg.Remote, p.Production); rt != "" {
			if tip == "" {
				tip = rt
			} else if ok, _ := repo.IsAncestor(ctx, tip, rt); ok {
				tip = rt
			}
		}
		if tip == "" {
			return cmdutil.Failf("fetch it or check branches.production in "+config.FileName, "there is no production branch %s in the local repository", p.Production)
		}
		merge, ok, err := repo.MergedAt(ctx, tip, p.Head)
		if err != nil {
			return err
		}
		if !ok {
			return cmdutil.Failf("merge the pull request (or the branch) first, then fetch, then run `hotfix close --offline` again",
				"%s is not merged: %s does not contain %s (%s); nothing was changed", p.Branch, p.Production, p.Branch, commitid.Short(p.Head))
		}
		p.MergeCommit = merge
		p.Merged = commitTime(ctx, repo, merge, o.Clock.Now())
		return nil
	}
	if rec.PullRequest == nil || rec.PullRequest.Number == 0 {
		return cmdutil.Failf("open it with `hotfix pr` and merge it, or use --offline when it was merged without one",
			"the record has no pull request to check; nothing was changed")
	}
	p.Number, p.PROpened = rec.PullRequest.Number, rec.PullRequest.Opened
	if c.client == nil { // a dry run without a token
		return nil
	}
	got, err := c.client.GetPullRequest(ctx, p.Number)
	if err != nil {
		err = c.client.Error(err, fmt.Sprintf("read pull request #%d", p.Number))
		var ce *cmdutil.Error
		if errors.As(err, &ce) {
			return err
		}
		return cmdutil.Wrap(err, cmdutil.ExitFailure, err.Error()+"; nothing was changed",
			"run `hotfix close` again once GitHub answers (the network, GitHub's status page, or the rate limit's reset)")
	}
	if !got.Merged {
		state := got.State
		if state == "closed" {
			return cmdutil.Failf("reopen and merge it, or use --offline if the fix reached "+p.Production+" another way",
				"pull request #%d was closed without being merged; nothing was changed", p.Number)
		}
		return cmdutil.Failf("merge it, then run `hotfix close` again", "pull request #%d (%s) is not merged yet; nothing was changed", p.Number, got.URL)
	}
	p.MergeCommit, p.Merged = got.MergeCommit, got.MergedAt
	if b := got.Base; b != "" {
		p.Production = b
	}
	if p.MergeCommit == "" {
		return fmt.Errorf("GitHub says pull request #%d merged but names no merge commit", p.Number)
	}
	return nil
}

func commitTime(ctx context.Context, repo *git.Repo, commit string, fallback time.Time) time.Time {
	when, err := repo.CommitDate(commit)
	if err != nil {
		return fallback.UTC()
	}
	return when.UTC()
}

// chooseTag picks the release tag: --tag, else the next patch after the
// record's version in its style. An existing tag elsewhere is refused.
func chooseTag(repo *git.Repo, cfg *config.Config, rec *record.Record, flag string, p *plan) error {
	name := flag
	if name == "" {
		var err error
		if name, err = NextTag(rec.Incident.Version); err != nil {
			return cmdutil.Failf("choose the tag with --tag", "%v", err)
		}
	}
	p.Tag = name
	info, ok, err := repo.LookupTag(name)
	if err != nil {
		return err
	}
	if ok && p.MergeCommit != "" && info.Commit != p.MergeCommit {
		return cmdutil.Failf("choose another with --tag; a release tag is never moved",
			"tag %s already exists on %s, not on the merge commit %s; nothing was changed", name, commitid.Short(info.Commit), commitid.Short(p.MergeCommit))
	}
	return nil
}

// checkVersions reads release.version_files at commit, the commit to be
// tagged, and refuses a release they disagree with, before anything
// changes. The commit is fetched first when this clone does not have it
// yet (a merge made on GitHub); a dry run does not fetch, and says so.
func (c *closer) checkVersions(ctx context.Context, commit string) error {
	o, repo, cfg, p := c.o, c.repo, c.cfg, c.plan
	files := cfg.Release.VersionFiles
	if len(files) == 0 {
		return nil
	}
	if commit == "" {
		p.VersionsUnchecked = "the merge commit is not known without a token"
		return nil
	}
	if _, err := repo.ResolveCommit(commit); err != nil {
		if o.DryRun || o.Offline {
			p.VersionsUnchecked = "the merge commit " + commitid.Short(commit) + " is not fetched yet; close reads them after fetching, before it tags"
			if o.Offline {
				return cmdutil.Failf("fetch it (git fetch "+cfg.Remote+"), then run `hotfix close` again",
					"the merge commit %s is not in this repository, so release.version_files cannot be checked; nothing was changed", commitid.Short(commit))
			}
			return nil
		}
		if err := o.IO.WithProgress("fetching "+p.Production+" from "+p.Remote, func() error { return repo.Fetch(ctx, p.Remote, p.Production, c.token()) }); err != nil {
			return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot fetch %s to check release.version_files at the merge commit: %s; nothing was changed", p.Production, redactToken(err, c.token())),
				"run `hotfix close` again once the git server answers")
		}
	}
	want, ok := semver.Parse(p.Tag)
	if !ok {
		return cmdutil.Failf("choose a tag that is a version (--tag v1.4.3), or set `release.version_files: []` in "+config.FileName+" to check nothing",
			"the tag %s is not a version like v1.4.3, so release.version_files cannot be checked against it; nothing was changed", p.Tag)
	}
	want.Prefix = ""
	if err := checkVersionFiles(repo, commit, files, want.String()); err != nil {
		return err
	}
	p.Versions = append([]string(nil), files...)
	return nil
}

// checkVersionFiles refuses, with the file and line and how to fix it, a
// release whose version files at commit name another version than
// wantVersion (without a "v": a file may write one), or that cannot be
// read there.
func checkVersionFiles(repo *git.Repo, commit string, files []string, wantVersion string) error {
	at := commitid.Short(commit)
	for _, f := range files {
		data, err := repo.ReadFileAt(commit, f)
		if err != nil {
			return cmdutil.Failf("add it on the hotfix branch and merge, or take it out of release.version_files in "+config.FileName,
				"release.version_files names %s, which the commit to tag (%s) does not have; nothing was changed", f, at)
		}
		v, err := versionfile.Read(f, data)
		if err != nil {
			return cmdutil.Failf("fix the file on the hotfix branch and merge, or take it out of release.version_files in "+config.FileName,
				"cannot check the version at the commit to tag (%s): %v; nothing was changed", at, err)
		}
		if v.Plain() != strings.TrimPrefix(wantVersion, "v") {
			return cmdutil.Failf("bump it to "+wantVersion+" on the hotfix branch (`hotfix pr` does) and merge that, or set `release.version_files: []` in "+config.FileName+" to release without the check",
				"%s:%d says version %s, but this release is %s (at %s); nothing was changed", f, v.Line, v.Text, wantVersion, at)
		}
	}
	return nil
}

// NextTag is the tag a hotfix of version ships as: the next patch release
// in the same style (v1.4.2 -> v1.4.3, 1.2.3 -> 1.2.4, release-1.2.3 ->
// release-1.2.4), or the next pre-release of a pre-release (v2.0.0-rc.1 ->
// v2.0.0-rc.2).
func NextTag(version string) (string, error) {
	v, err := semver.NextRelease(version)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// changeFacts finds the documentation files the fix touched and when its
// first commit was made.
func changeFacts(ctx context.Context, repo *git.Repo, rec *record.Record, p *plan) ([]string, time.Time) {
	if p.Head == "" {
		return nil, time.Time{}
	}
	base := rec.Branch.BaseCommit
	if base == "" {
		base = rec.Branch.Base
	}
	if base == "" {
		return nil, time.Time{}
	}
	var first time.Time
	var docs []string
	seen := map[string]bool{}
	entries, err := repo.Log(ctx, base, p.Head, git.LogOptions{})
	if err != nil {
		return nil, time.Time{}
	}
	for _, e := range entries {
		if first.IsZero() || e.Date.Before(first) {
			first = e.Date
		}
		for _, f := range e.Files {
			if isDoc(f.Path) && !seen[f.Path] && !strings.HasPrefix(f.Path, ".hotfix/") {
				seen[f.Path] = true
				docs = append(docs, f.Path)
			}
		}
	}
	sort.Strings(docs)
	return docs, first.UTC()
}

func isDoc(path string) bool {
	lower := strings.ToLower(path)
	return strings.HasPrefix(lower, "docs/") || strings.HasPrefix(lower, "doc/") || strings.HasSuffix(lower, ".md") ||
		strings.HasSuffix(lower, ".rst") || strings.HasSuffix(lower, ".adoc") || strings.HasSuffix(lower, ".txt") && strings.Contains(lower, "readme")
}

// postmortemPath is <postmortem_dir>/<date>-<id>.md, the date being the
// incident's start; an id that already starts with that date is not
// repeated.
func postmortemPath(cfg *config.Config, rec *record.Record) string {
	date := rec.Created.UTC().Format("2006-01-02")
	name := date + "-" + strings.TrimPrefix(rec.ID, date+"-") + ".md"
	return filepath.ToSlash(filepath.Join(cfg.Close.PostmortemDir, name))
}

// answers reads --answers, then asks in a terminal for what is missing.
func answers(o *Options, p *plan, rec *record.Record) error {
	if o.Answers != "" {
		data, err := os.ReadFile(o.Answers)
		if err != nil {
			return cmdutil.Failf("check the path given to --answers", "cannot read the answers: %v", err)
		}
		a, err := postmortem.ParseAnswers(o.Answers, data)
		if err != nil {
			return cmdutil.Failf("fix the answers file (its keys are in docs/close.md)", "%v", err)
		}
		p.Answers = a
	}
	if o.DryRun || !o.IO.CanPrompt() || o.Prompter == nil {
		return nil
	}
	missing := postmortem.Missing(p.Answers, factsOf(p, &progress{}))
	if len(missing) == 0 {
		return nil
	}
	fmt.Fprintf(o.IO.ErrOut, "The postmortem needs %d answer(s) the record does not have; Enter leaves one open.\n", len(missing))
	if err := postmortem.Ask(o.Prompter(), &p.Answers, factsOf(p, &progress{})); err != nil {
		if errors.Is(err, prompter.ErrInterrupted) {
			return err
		}
		return err
	}
	return nil
}

// planCarry decides which branches the fix is carried into.
func (c *closer) planCarry(ctx context.Context, rec *record.Record) error {
	o, repo, cfg, p := c.o, c.repo, c.cfg, c.plan
	switch cfg.Flow {
	case config.FlowGitflow:
		targets := []string{cfg.Branches.Develop}
		if !o.Offline || repo.HasRemote(cfg.Remote) {
			rel, err := repo.RemoteBranches(ctx, cfg.Remote, cfg.Branches.ReleasePrefix, c.token())
			switch {
			case err == nil:
				sort.Strings(rel)
				targets = append(targets, rel...)
			case !o.Offline:
				// Planning without them would leave the open release
				// branches without the fix, silently.
				return cmdutil.Failf("run `hotfix close` again once the git server answers",
					"cannot list the release branches (%s*) on %s, which the fix must be merged into: %v; nothing was changed",
					cfg.Branches.ReleasePrefix, cfg.Remote, redactToken(err, c.token()))
			}
		}
		for _, t := range targets {
			if t != "" && t != p.Production {
				p.CarryInto = append(p.CarryInto, t)
			}
		}
	case config.FlowReleaseBranches:
		rel, err := repo.RemoteBranches(ctx, cfg.Remote, cfg.Branches.ReleasePrefix, c.token())
		if err != nil {
			return nil // the offer is advice; a remote we cannot list is not fatal
		}
		made := map[string]bool{}
		for _, b := range rec.Backports {
			made[b.Target] = true
		}
		sort.Strings(rel)
		for _, b := range rel {
			if !made[b] {
				p.Backports = append(p.Backports, b)
			}
		}
	}
	return nil
}

// redactToken keeps the token out of a message.
func redactToken(err error, tok string) string {
	if tok == "" {
		return err.Error()
	}
	return strings.ReplaceAll(err.Error(), tok, "[redacted]")
}

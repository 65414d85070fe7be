package closecmd

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/internal/fsutil"
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
	// MergedBy is who merged the pull request, as the code host says
	// ("" offline).
	MergedBy string    `json:"merged_by,omitempty"`
	PROpened time.Time `json:"pr_opened,omitempty"`
	Tag      string    `json:"tag"`
	// TagCommit is the release candidate, the commit the tag is made on:
	// the previous release plus the fix (see candidate). Candidate says
	// which commit it is: candidateHead, candidateMerge or candidateChosen.
	TagCommit string `json:"tag_commit"`
	Candidate string `json:"candidate,omitempty"`
	// Release is the previous release the candidate adds to, and Contents
	// the commits it adds, newest first.
	Release  string   `json:"release,omitempty"`
	Contents []commit `json:"contents,omitempty"`
	// AllowExtra is the --allow-extra reason: the candidate may hold
	// commits other than the fix's (Contents marks them).
	AllowExtra string `json:"allow_extra,omitempty"`
	// CarryInto are the branches the fix is merged back into, in order.
	CarryInto []string `json:"carry_into,omitempty"`
	Backports []string `json:"backports_missing,omitempty"`
	// Answers are the postmortem's answers; the issues filed for its
	// action items are progress.
	Answers    postmortem.Answers `json:"answers"`
	Postmortem string             `json:"postmortem"`
	PostPR     bool               `json:"postmortem_pr,omitempty"`
	// Publish is where the closed record and the postmortem go
	// (close.publish, or pull-request with --postmortem-pr): pull-request
	// (PostPR), commit (straight onto the production branch), none. Empty
	// in progress saved before it: PostPR alone decides.
	Publish string `json:"publish,omitempty"`
	// Unpublished says why the record and the postmortem stay in the work
	// tree although the policy asks to publish them (--offline).
	Unpublished string `json:"unpublished,omitempty"`
	// GitHubRelease: publish the GitHub Release of the tag
	// (close.release: github); NoRelease says why it is not (--offline).
	GitHubRelease bool      `json:"github_release,omitempty"`
	NoRelease     string    `json:"no_release,omitempty"`
	FileActions   bool      `json:"file_actions,omitempty"`
	KeepBranch    bool      `json:"keep_branch,omitempty"`
	DocsTouched   []string  `json:"docs_touched,omitempty"`
	FirstFix      time.Time `json:"first_fix,omitempty"`
	// FirstFixBy and FirstFixCommit are the first fix commit's author
	// and "<short hash> <subject>".
	FirstFixBy     string `json:"first_fix_by,omitempty"`
	FirstFixCommit string `json:"first_fix_commit,omitempty"`
	// From is the branch checked out when close began, where --abort
	// returns; empty when HEAD was detached.
	From string `json:"from,omitempty"`
	// Versions are the release.version_files found to hold the tag's
	// version at the commit tagged; VersionsUnchecked says why they were
	// not read (a dry run without the commit).
	Versions          []string `json:"versions,omitempty"`
	VersionsUnchecked string   `json:"versions_unchecked,omitempty"`
	// AwaitDeploy: after the release, close records it (phase released)
	// and goes on only once a deploy is recorded or --not-deployed says
	// why not. False in progress saved by releases before it, which closed
	// without a deploy.
	AwaitDeploy bool `json:"await_deploy,omitempty"`
}

// What the release candidate is.
const (
	candidateHead   = "head"   // trunk: the pull request's reviewed head
	candidateMerge  = "merge"  // gitflow, release-branches: the merge commit
	candidateChosen = "chosen" // --tag-commit
)

// commit is one commit the release candidate adds to the previous release.
type commit struct {
	ID      string `json:"id"`
	Subject string `json:"subject"`
	// Extra marks a commit that is neither the hotfix branch's nor a
	// merge of it.
	Extra bool `json:"extra,omitempty"`
}

// extras are the Contents that are neither the fix's nor a merge of it,
// each as "short-id subject".
// policyOnly says whether rc changes nothing but .hotfix.yaml: the team
// committing its policy on the production branch (as docs/config.md asks)
// ships no code, so it is neither an extra commit nor a stray one.
func policyOnly(ctx context.Context, repo *git.Repo, rc git.RevCommit) bool {
	if len(rc.Parents) != 1 {
		return false
	}
	entries, err := repo.Log(ctx, rc.Parents[0], rc.Hash, git.LogOptions{})
	if err != nil || len(entries) != 1 || len(entries[0].Files) == 0 {
		return false
	}
	for _, f := range entries[0].Files {
		if f.Path != config.FileName || (f.OldPath != "" && f.OldPath != config.FileName) {
			return false
		}
	}
	return true
}

func (p *plan) extras() []string {
	var out []string
	for _, c := range p.Contents {
		if c.Extra {
			out = append(out, commitid.Short(c.ID)+" "+c.Subject)
		}
	}
	return out
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
		return &nothingLeft{rec: rec}
	}
	if rec.Phase == record.PhaseAbandoned {
		return cmdutil.Failf("start a new hotfix if the work is needed after all", "hotfix %s was abandoned; there is nothing to close", rec.ID)
	}
	p.RecordID, p.Branch, p.Flow, p.Offline = rec.ID, rec.Branch.Name, cfg.Flow, o.Offline
	p.From, _ = repo.CurrentBranch()
	p.FileActions, p.KeepBranch = o.FileActions, cfg.Close.KeepBranch
	p.Publish = cfg.Close.PublishMode()
	if o.PostmortemPR {
		p.Publish = config.PublishPullRequest
	}
	if o.Offline && p.Publish == config.PublishPullRequest {
		p.Publish, p.Unpublished = config.PublishNone, "--offline opens no pull request"
	}
	if p.Publish == config.PublishPullRequest && !o.PostmortemPR && repo.Backend() == "go" {
		// The pull request is made in a linked work tree, which go-git
		// cannot make; --postmortem-pr asks for it all the same (and
		// stops, saying so).
		p.Publish, p.Unpublished = config.PublishNone, "without the git binary (HOTFIX_GIT=go) no pull request is made"
	}
	p.PostPR = p.Publish == config.PublishPullRequest
	if cfg.Close.Release == config.ReleaseGitHub {
		if o.Offline {
			p.NoRelease = "--offline publishes no GitHub Release"
		} else {
			p.GitHubRelease = true
		}
	}
	p.AwaitDeploy = true
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
	if err := c.checkWorktrees(ctx); err != nil {
		return err
	}
	// The tag, its push, and the commits of the merge-backs and the
	// postmortem's pull request are signed and hooked as the repository
	// asks, or close stops here: never an unsigned release tag pushed.
	if err := cmdutil.CheckWrites(ctx, repo, git.Writes{Commits: cfg.Flow == config.FlowGitflow || p.Publish != config.PublishNone, Tags: true, Pushes: true}); err != nil {
		return err
	}
	if err := c.candidate(ctx, rec); err != nil {
		return err
	}
	if err := chooseTag(repo, cfg, rec, o.Tag, p); err != nil {
		return err
	}
	if err := c.checkVersions(ctx, p.TagCommit); err != nil {
		return err
	}
	if err := c.planCarry(ctx, rec); err != nil {
		return err
	}
	var first git.LogEntry
	p.DocsTouched, first = changeFacts(ctx, repo, store, rec, p)
	if first.Hash != "" {
		p.FirstFix, p.FirstFixBy, p.FirstFixCommit = first.Date.UTC(), first.Author, commitid.Short(first.Hash)+" "+first.Subject
	}
	p.Postmortem = postmortemPath(cfg, rec)
	return answers(o, p, rec)
}

// checkWorktrees refuses, before anything changes, a close that would
// check out, move or delete a branch checked out in another work tree: the
// production branch it switches to (and moves forward), and the hotfix
// branch it deletes. Moving a branch under another work tree leaves that
// work tree showing the reverse of the change as staged.
func (c *closer) checkWorktrees(ctx context.Context) error {
	repo, p := c.repo, c.plan
	if p.From != p.Production {
		err := repo.BranchElsewhere(ctx, p.Production)
		var in *git.BranchInUseError
		if errors.As(err, &in) {
			fix := fmt.Sprintf("switch that work tree away from %s (`git -C %s switch --detach`) and run `hotfix close` here again; or pull %s there and run `hotfix close --id %s` in %s, once %s is free here (`git switch --detach`)",
				p.Production, in.Dir, p.Production, p.RecordID, in.Dir, p.Branch)
			if in.Missing {
				fix = "run `git worktree prune`, then `hotfix close` again"
			}
			return cmdutil.Failf(fix, "%v: close would switch this work tree to %s and move it to the merge; nothing was changed", err, p.Production)
		}
		if err != nil {
			return err
		}
	}
	if p.KeepBranch || p.Branch == "" {
		return nil
	}
	err := repo.BranchElsewhere(ctx, p.Branch)
	var in *git.BranchInUseError
	if errors.As(err, &in) {
		fix := fmt.Sprintf("switch that work tree away from it (`git -C %s switch --detach`) or remove it (`git worktree remove %s`), or keep the branch with close.keep_branch: true in %s", in.Dir, in.Dir, config.FileName)
		if in.Missing {
			fix = "run `git worktree prune`, then `hotfix close` again"
		}
		return cmdutil.Failf(fix, "%v: close deletes the hotfix branch at its end; nothing was changed", err)
	}
	return err
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
	p.MergeCommit, p.Merged, p.MergedBy = got.MergeCommit, got.MergedAt, got.MergedBy
	c.prHead = got.HeadSHA
	if b := got.Base; b != "" {
		p.Production = b
	}
	if p.MergeCommit == "" {
		return fmt.Errorf("GitHub says pull request #%d merged but names no merge commit", p.Number)
	}
	return nil
}

// candidate decides the release candidate, the commit the tag is made on,
// and what it adds to the previous release (the record's version):
//
//   - trunk: the pull request's reviewed head, the previous release plus
//     the fix's commits (the record's included); never the production
//     branch's merge commit, which also holds whatever landed on main
//     since the release. The fix reaches main through the pull request;
//   - gitflow: the merge commit on the production branch, whose
//     first-parent history since the release must hold only hotfix and
//     release merges;
//   - release-branches: the merge commit on the release branch;
//   - --tag-commit REV: that commit, checked the same way.
//
// A candidate holding a commit that is neither the hotfix branch's nor a
// merge of it is refused, the commits listed, unless --allow-extra gives
// a reason. A commit missing here is fetched as objects only, so nothing
// changes before the steps run.
func (c *closer) candidate(ctx context.Context, rec *record.Record) error {
	o, repo, cfg, p := c.o, c.repo, c.cfg, c.plan
	head := c.prHead
	if head == "" {
		head = p.Head
	}
	switch {
	case o.TagCommit != "":
		p.Candidate = candidateChosen
	case cfg.Flow == config.FlowTrunk:
		p.Candidate = candidateHead
	default:
		p.Candidate = candidateMerge
	}
	if head == "" || p.Candidate != candidateHead && p.MergeCommit == "" {
		return nil // a dry run without a token: the merge is not known
	}
	release, prev, err := previousRelease(repo, rec)
	if err != nil {
		return err
	}
	p.Release = release
	if err := c.have(ctx, head, fmt.Sprintf("refs/pull/%d/head", p.Number), "refs/heads/"+p.Branch); err != nil {
		return err
	}
	switch p.Candidate {
	case candidateChosen:
		if p.TagCommit, err = repo.ResolveCommit(o.TagCommit); err != nil {
			return cmdutil.Failf("fetch it first, or name another commit with --tag-commit",
				"--tag-commit %s is not a commit in this repository; nothing was changed", o.TagCommit)
		}
	case candidateHead:
		p.TagCommit = head
	default:
		p.TagCommit = p.MergeCommit
		if err := c.have(ctx, p.MergeCommit, "refs/heads/"+p.Production); err != nil {
			return err
		}
	}
	if ok, err := repo.IsAncestor(ctx, prev, p.TagCommit); err != nil {
		return err
	} else if !ok {
		return cmdutil.Failf("tag a commit built on "+release+" with --tag-commit REV",
			"the release candidate %s is not built on the previous release %s; nothing was changed", commitid.Short(p.TagCommit), release)
	}
	if p.Candidate == candidateChosen && !c.holdsFix(ctx, head) {
		return cmdutil.Failf("name a commit that holds the fix with --tag-commit, or drop it",
			"--tag-commit %s does not hold the fix (neither the pull request's head %s nor its merge); nothing was changed", o.TagCommit, commitid.Short(head))
	}

	// The hotfix's own commits: its branch's first-parent line since the
	// release. A rebase merge copies them with their author, time and
	// subject; the pull request's merge (a squash too) is GitHub's own.
	own, err := repo.RevList(ctx, prev, head, true)
	if err != nil {
		return err
	}
	ids, copies := map[string]bool{}, map[string]bool{}
	for _, rc := range own {
		ids[rc.Hash], copies[copyKey(rc)] = true, true
	}
	fix := func(rc git.RevCommit) bool {
		if ids[rc.Hash] || copies[copyKey(rc)] || rc.Hash == p.MergeCommit || policyOnly(ctx, repo, rc) {
			return true
		}
		for _, parent := range rc.Parents[min(1, len(rc.Parents)):] {
			if ids[parent] {
				return true // a merge of the hotfix branch
			}
		}
		return false
	}
	contents, err := repo.RevList(ctx, prev, p.TagCommit, false)
	if err != nil {
		return err
	}
	p.Contents = nil
	for _, rc := range contents {
		p.Contents = append(p.Contents, commit{ID: rc.Hash, Subject: rc.Subject, Extra: !fix(rc)})
	}
	allow := "or release them anyway with --allow-extra REASON (recorded in the record and the postmortem)"
	if cfg.Flow == config.FlowGitflow && o.AllowExtra == "" {
		// Production holds releases only: each commit of its first-parent
		// line is a hotfix or release merge.
		line, err := repo.RevList(ctx, prev, p.TagCommit, true)
		if err != nil {
			return err
		}
		var stray []string
		for _, rc := range line {
			if rc.Hash != p.TagCommit && !fix(rc) && !(len(rc.Parents) > 1 && flowMerge(cfg, rc.Subject)) {
				stray = append(stray, commitid.Short(rc.Hash)+" "+rc.Subject)
			}
		}
		if len(stray) > 0 {
			c.list(stray)
			return cmdutil.Failf("merge them through a release or hotfix branch, tag another commit with --tag-commit REV, "+allow,
				"%s's history since %s holds %d commit(s) that are neither hotfix nor release merges (listed above); nothing was changed",
				p.Production, release, len(stray))
		}
	}
	if extra := p.extras(); len(extra) > 0 {
		if o.AllowExtra == "" {
			c.list(extra)
			return cmdutil.Failf("tag another commit with --tag-commit REV (checked the same way), "+allow,
				"the release candidate %s holds %d commit(s) that are neither the hotfix's nor a merge of it (listed above); nothing was changed",
				commitid.Short(p.TagCommit), len(extra))
		}
		p.AllowExtra = o.AllowExtra
	}
	return nil
}

// have makes sure commit is in the repository, fetching it as objects
// only (no ref moves) from the first of srcs, then by its id, that has it.
func (c *closer) have(ctx context.Context, commit string, srcs ...string) error {
	repo, p := c.repo, c.plan
	if _, err := repo.ResolveCommit(commit); err == nil {
		return nil
	}
	if p.Offline {
		return cmdutil.Failf("fetch it (git fetch "+p.Remote+"), or drop --offline",
			"--offline needs the commit %s, which is not in this repository; nothing was changed", commitid.Short(commit))
	}
	var err error
	for _, src := range append(srcs, commit) {
		if err = c.o.IO.WithProgress("fetching "+commitid.Short(commit)+" from "+p.Remote, func() error {
			return repo.FetchObjects(ctx, p.Remote, src, c.token())
		}); err == nil {
			if _, err = repo.ResolveCommit(commit); err == nil {
				return nil
			}
		}
	}
	return cmdutil.Wrap(err, cmdutil.ExitFailure,
		fmt.Sprintf("cannot fetch the commit %s from %s: %s; nothing was changed", commitid.Short(commit), p.Remote, redactToken(err, c.token())),
		"run `hotfix close` again once the git server answers, or fetch it by hand (git fetch "+p.Remote+" "+commit+")")
}

// holdsFix says whether the candidate holds the fix: the pull request's
// head, or its merge (a squash or a rebase makes new commits).
func (c *closer) holdsFix(ctx context.Context, head string) bool {
	for _, fix := range []string{head, c.plan.MergeCommit} {
		if ok, _ := c.repo.IsAncestor(ctx, fix, c.plan.TagCommit); fix != "" && ok {
			return true
		}
	}
	return false
}

// list prints commits ("short-id subject") under a refusal.
func (c *closer) list(commits []string) {
	for _, s := range commits {
		c.say("  %s", s)
	}
}

// copyKey identifies a commit across a rebase or a cherry-pick, which keep
// its author, the author's time and its subject.
func copyKey(rc git.RevCommit) string {
	return rc.AuthorEmail + "\x00" + rc.AuthorTime.UTC().Format(time.RFC3339) + "\x00" + rc.Subject
}

// flowMerge says whether a merge's subject names a hotfix or release
// branch (git's "Merge branch 'hotfix/...'", GitHub's "Merge pull request
// #7 from acme/release/1.2").
func flowMerge(cfg *config.Config, subject string) bool {
	hotfix, _, _ := strings.Cut(cfg.Branches.Hotfix, "{{")
	for _, prefix := range []string{hotfix, cfg.Branches.ReleasePrefix, "hotfix/", "release/"} {
		if prefix != "" && strings.Contains(subject, prefix) {
			return true
		}
	}
	return false
}

// previousRelease is the release the fix is made for: the record's version
// tag, else the commit its branch was cut from.
func previousRelease(repo *git.Repo, rec *record.Record) (name, commit string, err error) {
	if v := rec.Incident.Version; v != "" {
		if h, err := repo.ResolveCommit("refs/tags/" + v); err == nil {
			return v, h, nil
		}
	}
	if b := rec.Branch.BaseCommit; b != "" {
		if h, err := repo.ResolveCommit(b); err == nil {
			name = rec.Branch.Base
			if name == "" {
				name = commitid.Short(h)
			}
			return name, h, nil
		}
	}
	return "", "", cmdutil.Failf("fetch the release tags (git fetch --tags), or set incident.version in the record to the release the fix was cut from",
		"cannot tell the previous release to compare the release candidate with: neither the record's version %q nor its branch base is here; nothing was changed", rec.Incident.Version)
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
	if ok && p.TagCommit != "" && info.Commit != p.TagCommit {
		return cmdutil.Failf("choose another with --tag; a release tag is never moved",
			"tag %s already exists on %s, not on the release candidate %s; nothing was changed", name, commitid.Short(info.Commit), commitid.Short(p.TagCommit))
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
		p.VersionsUnchecked = "the commit to tag is not known without a token"
		return nil
	}
	if _, err := repo.ResolveCommit(commit); err != nil {
		if o.DryRun || o.Offline {
			p.VersionsUnchecked = "the commit to tag " + commitid.Short(commit) + " is not fetched yet; close reads them after fetching, before it tags"
			if o.Offline {
				return cmdutil.Failf("fetch it (git fetch "+cfg.Remote+"), then run `hotfix close` again",
					"the commit to tag %s is not in this repository, so release.version_files cannot be checked; nothing was changed", commitid.Short(commit))
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
func changeFacts(ctx context.Context, repo *git.Repo, store record.Store, rec *record.Record, p *plan) ([]string, git.LogEntry) {
	var first git.LogEntry
	if p.Head == "" {
		return nil, first
	}
	base := rec.Branch.BaseCommit
	if base == "" {
		base = rec.Branch.Base
	}
	if base == "" {
		return nil, first
	}
	var docs []string
	seen := map[string]bool{}
	entries, err := repo.Log(ctx, base, p.Head, git.LogOptions{})
	if err != nil {
		return nil, first
	}
	// Commits the branch got by merging the production branch in (the
	// team's policy commit, another fix) are not the fix's: they are in
	// the production branch as it was before the merge.
	theirs := map[string]bool{}
	if p.MergeCommit != "" {
		if before, err := repo.ResolveCommit(p.MergeCommit + "^1"); err == nil {
			if es, err := repo.Log(ctx, base, before, git.LogOptions{}); err == nil {
				for _, e := range es {
					theirs[e.Hash] = true
				}
			}
		}
	}
	for _, e := range entries {
		if theirs[e.Hash] {
			continue
		}
		// pr's own record commits change only the incident records.
		if !onlyRecords(store, e.Files) && (first.Hash == "" || e.Date.Before(first.Date)) {
			first = e
		}
		for _, f := range e.Files {
			if isDoc(f.Path) && !seen[f.Path] && !store.Holds(f.Path) {
				seen[f.Path] = true
				docs = append(docs, f.Path)
			}
		}
	}
	sort.Strings(docs)
	return docs, first
}

// onlyRecords reports whether files are incident records only.
func onlyRecords(store record.Store, files []git.FileDiff) bool {
	for _, f := range files {
		if !store.Holds(f.Path) {
			return false
		}
	}
	return len(files) > 0
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
		data, err := fsutil.ReadRegular(o.Answers, 0)
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

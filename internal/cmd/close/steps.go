package closecmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/internal/crashpoint"
	"github.com/hotfix-dev/hotfix/internal/fsutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/github"
	"github.com/hotfix-dev/hotfix/internal/pathsafe"
	"github.com/hotfix-dev/hotfix/internal/postmortem"
	"github.com/hotfix-dev/hotfix/internal/semver"
	"github.com/hotfix-dev/hotfix/internal/steps"
	"github.com/hotfix-dev/hotfix/internal/updates"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Step kinds, stable across releases.
const (
	stepFetch     = "fetch"
	stepTag       = "tag"
	stepPushTag   = "push-tag"
	stepMergeBack = "merge-back"
	// stepRecordReleased and stepAwaitDeploy run only in plans that
	// await the deploy (plan.AwaitDeploy).
	stepRecordReleased = "record-released"
	stepAwaitDeploy    = "await-deploy"
	stepFileAction     = "file-action"
	stepKeepRecord     = "keep-record"
	stepSwitch         = "switch"
	stepRecordClosed   = "record-closed"
	stepPostmortem     = "postmortem"
	stepPostmortemPR   = "postmortem-pr"
	// stepGitHubRelease runs with close.release: github, and
	// stepPostmortemCommit with close.publish: commit.
	stepGitHubRelease    = "github-release"
	stepPostmortemCommit = "postmortem-commit"
	stepDeleteBranch     = "delete-branch"
)

// progress is what close's steps learn as they run, saved after each.
type progress struct {
	TagTime   time.Time `json:"tag_time,omitempty"`
	TagPushed bool      `json:"tag_pushed,omitempty"`
	// MergeBacks are the results of carrying the fix, one per
	// plan.CarryInto branch, in its order.
	MergeBacks []mergeBack `json:"merge_backs,omitempty"`
	// ActionIssues are the issues filed for the postmortem's action
	// items, by the items' index ("" until filed).
	ActionIssues []string `json:"action_issues,omitempty"`
	PostPRURL    string   `json:"postmortem_pr_url,omitempty"`
	// ReleaseURL is the GitHub Release of the tag, once published or
	// found.
	ReleaseURL string `json:"release_url,omitempty"`
	// PublishCommit is the commit of the closed record and the postmortem
	// made on the production branch (close.publish: commit); Published
	// says how they reached the remote: commit, or pull-request when the
	// push was refused.
	PublishCommit string    `json:"publish_commit,omitempty"`
	Published     string    `json:"published,omitempty"`
	Closed        time.Time `json:"closed"`
	Switched      bool      `json:"switched,omitempty"`
	// RecordBefore is the record file as it was before close changed it,
	// for --abort to put back.
	RecordBefore string `json:"record_before,omitempty"`
	// RecordCarried is the record as close has changed it so far, kept
	// before the switch: the switch puts the record file back as
	// committed to check out the production branch, and a kill before it
	// writes the record again must not lose what close added (the
	// release, a not-deployed reason).
	RecordCarried string `json:"record_carried,omitempty"`
}

// mergeBack is one branch the fix is carried into, and how it went.
type mergeBack struct {
	Branch string `json:"branch"`
	// How is merged, already, missing or pull-request.
	How       string   `json:"how,omitempty"`
	URL       string   `json:"url,omitempty"`
	Conflicts []string `json:"conflicts,omitempty"`
}

// closer is one run of close: what it works with, what it decided, and
// what its steps learn.
type closer struct {
	o      *Options
	repo   *git.Repo
	cfg    *config.Config
	store  record.Store
	client *github.Service
	plan   *plan
	prog   *progress
	// prHead is the pull request's head as the API named it, for prepare.
	prHead string
	// postErr is the closing update's failed post (recorded as not
	// posted): close finishes, then exits non-zero with it.
	postErr error
}

func (c *closer) say(format string, args ...interface{}) {
	fmt.Fprintf(c.o.IO.ErrOut, format+"\n", args...)
}

// token is the push token: the API client's when there is one, else (close
// --offline) the same variables for the remote's host.
func (c *closer) token() string {
	if c.client != nil {
		return c.client.Token()
	}
	return github.PushToken(c.o.Getenv, c.repo.RemoteURL(c.plan.Remote))
}

// answers are the postmortem's answers with the issues filed so far.
func (c *closer) answers() postmortem.Answers {
	a := c.plan.Answers
	a.ActionItems = append([]postmortem.ActionItem(nil), a.ActionItems...)
	for i := range a.ActionItems {
		if i < len(c.prog.ActionIssues) {
			a.ActionItems[i].Issue = c.prog.ActionIssues[i]
		}
	}
	return a
}

// facts are what the postmortem takes from git and the pull request.
func (c *closer) facts() postmortem.Facts { return factsOf(c.plan, c.prog) }

func factsOf(p *plan, g *progress) postmortem.Facts {
	f := postmortem.Facts{Tag: p.Tag, TagTime: g.TagTime, MergeCommit: p.MergeCommit, Merged: p.Merged, PROpened: p.PROpened,
		FirstFixCommit: p.FirstFix, FirstFixBy: p.FirstFixBy, FirstFixSubject: p.FirstFixCommit, Closed: g.Closed, DocsTouched: p.DocsTouched, Offline: p.Offline, TagCommit: p.TagCommit}
	if p.AllowExtra != "" {
		f.AllowedExtra, f.Extra = p.AllowExtra, p.extras()
	}
	return f
}

// steps are close's steps, in the order they run.
func (c *closer) steps() []steps.Step {
	p, g := c.plan, c.prog
	var list []steps.Step
	add := func(s steps.Step) { list = append(list, s) }

	add(steps.Step{Kind: stepFetch, Run: c.fetch})
	add(steps.Step{Kind: stepTag, Run: c.tag, Undo: func(ctx context.Context) error {
		if g.TagPushed {
			return nil // the remote has it: keep the local one too
		}
		return c.repo.DeleteTag(p.Tag)
	}})
	add(steps.Step{Kind: stepPushTag, Run: c.pushTag})
	// One step per branch and per action item, so that each is saved as
	// soon as it is done: a rerun never merges or files twice.
	for i := range g.MergeBacks {
		mb := &g.MergeBacks[i]
		add(steps.Step{Kind: stepMergeBack + ":" + mb.Branch, Run: func(ctx context.Context) error { return c.carry(ctx, mb) }})
	}
	if p.GitHubRelease {
		add(steps.Step{Kind: stepGitHubRelease, Run: c.githubRelease})
	}
	if p.AwaitDeploy {
		add(steps.Step{Kind: stepRecordReleased, Run: func(context.Context) error { return c.recordReleased() }, Undo: c.restoreRecord})
		add(steps.Step{Kind: stepAwaitDeploy, Run: func(context.Context) error { return c.awaitDeploy() }})
	}
	if p.FileActions {
		for i := range p.Answers.ActionItems {
			n := i
			add(steps.Step{Kind: fmt.Sprintf("%s:%d", stepFileAction, n+1), Run: func(ctx context.Context) error { return c.fileAction(ctx, n) }})
		}
	}
	add(steps.Step{Kind: stepKeepRecord, Run: func(context.Context) error { return c.keepRecord() }})
	add(steps.Step{Kind: stepSwitch, Run: c.switchToProduction, Undo: func(ctx context.Context) error {
		// Back where close began. A kill during the switch saved
		// no Switched, so where HEAD is decides.
		back := p.From
		if back == "" {
			back = p.Branch
		}
		cur, _ := c.repo.CurrentBranch()
		if back == "" || cur == back || cur != p.Production || c.repo.BranchCommit(back) == "" {
			return nil
		}
		return c.repo.Checkout(ctx, back)
	}})
	add(steps.Step{Kind: stepRecordClosed, Run: c.recordClosed, Undo: c.restoreRecord})
	add(steps.Step{Kind: stepPostmortem, Run: c.writePostmortem, Undo: func(ctx context.Context) error {
		return fsutil.Remove(filepath.Join(c.repo.Root(), filepath.FromSlash(p.Postmortem)))
	}})
	add(steps.Step{Kind: stepPostmortemPR, Run: func(ctx context.Context) error {
		if !p.PostPR {
			return nil
		}
		return c.postmortemPR(ctx)
	}})
	if p.Publish == config.PublishCommit {
		add(steps.Step{Kind: stepPostmortemCommit, Run: c.postmortemCommit, Undo: func(ctx context.Context) error {
			// The publish commit goes from the local production branch
			// (its files stay in the work tree for the earlier steps'
			// undo), whether or not it was saved: a run killed between
			// the commit and saving it left it as HEAD. One that reached
			// the remote stays there, and the next close finds it.
			head, err := c.repo.HeadCommit()
			if err != nil {
				return nil
			}
			cur, _ := c.repo.CurrentBranch()
			if head == g.PublishCommit || cur == p.Production && ownCommit(ctx, c.repo, head, publishMessage(p.RecordID)) {
				return c.repo.UncommitHead(ctx, head)
			}
			return nil
		}})
	}
	add(steps.Step{Kind: stepDeleteBranch, Run: func(ctx context.Context) error {
		if p.KeepBranch {
			return nil
		}
		return c.deleteBranch(ctx)
	}, Undo: func(ctx context.Context) error {
		// The local branch comes back where it was; a deletion on the
		// remote stays, like every push.
		if p.KeepBranch || p.Head == "" || c.repo.BranchCommit(p.Branch) != "" {
			return nil
		}
		return c.repo.SetBranch(ctx, p.Branch, p.Head)
	}})
	return list
}

// restoreRecord puts the record back as it was before close, never
// deleting it: it is the incident's history.
func (c *closer) restoreRecord(context.Context) error {
	p, g := c.plan, c.prog
	if g.RecordBefore == "" {
		return c.repo.RestoreFile(c.store.RelPath(p.RecordID))
	}
	rec, err := record.Parse(c.store.RelPath(p.RecordID), []byte(g.RecordBefore))
	if err != nil {
		return err
	}
	return c.store.Save(rec)
}

// fetch brings the production branch with the merge from the remote.
func (c *closer) fetch(ctx context.Context) error {
	p := c.plan
	if p.Offline {
		return nil
	}
	if err := c.o.IO.WithProgress("fetching "+p.Production+" from "+p.Remote, func() error { return c.repo.Fetch(ctx, p.Remote, p.Production, c.token()) }); err != nil {
		return err
	}
	if _, err := c.repo.ResolveCommit(p.MergeCommit); err != nil {
		return fmt.Errorf("the merge commit %s is not on %s/%s after fetching: %w", commitid.Short(p.MergeCommit), p.Remote, p.Production, err)
	}
	if _, err := c.repo.ResolveCommit(p.TagCommit); err != nil {
		return fmt.Errorf("the release candidate %s is no longer in this repository: %w", commitid.Short(p.TagCommit), err)
	}
	return nil
}

// tag makes the annotated release tag on the release candidate.
func (c *closer) tag(ctx context.Context) error {
	p, g := c.plan, c.prog
	if g.TagTime.IsZero() {
		g.TagTime = c.o.Clock.Now().UTC().Truncate(time.Second)
	}
	msg := fmt.Sprintf("%s: hotfix %s\n\n%s", p.Tag, p.RecordID, c.tagMessage())
	if err := c.repo.CreateTag(p.Tag, p.TagCommit, msg, g.TagTime); err != nil {
		return cmdutil.Failf("choose another tag with `hotfix close --abort` and `hotfix close --tag NAME`", "%v", err)
	}
	c.say("Tagged %s on %s.", p.Tag, commitid.Short(p.TagCommit))
	return nil
}

func (c *closer) tagMessage() string {
	rec, err := c.store.Load(c.plan.RecordID)
	if err != nil {
		return ""
	}
	s := rec.Incident.Title
	if rec.PullRequest != nil && rec.PullRequest.URL != "" {
		s += "\n\nFix: " + rec.PullRequest.URL
	}
	return s
}

// pushTag pushes the release tag; a different tag of that name on the
// remote is never replaced.
func (c *closer) pushTag(ctx context.Context) error {
	p := c.plan
	ref := "refs/tags/" + p.Tag
	// A tag made unsigned (by an older hotfix, or by hand) is never
	// pushed where the repository asks for signed tags.
	if pol, err := c.repo.WritePolicy(ctx); err != nil {
		return err
	} else if pol.SignTags {
		if signed, err := c.repo.TagSigned(p.Tag); err != nil {
			return err
		} else if !signed {
			return cmdutil.Failf("`hotfix close --abort` (it deletes the unpushed tag), then `hotfix close` makes it signed",
				"the tag %s is not signed, and the repository asks for signed tags (tag.gpgSign); it was not pushed", p.Tag)
		}
	}
	if err := c.o.IO.WithProgress("pushing "+p.Tag+" to "+p.Remote, func() error {
		return c.repo.Push(ctx, git.PushOptions{Remote: p.Remote, Refspecs: []string{ref + ":" + ref}, Token: c.token()})
	}); err != nil {
		var pe *git.PushError
		if errors.As(err, &pe) && errors.Is(pe.Err, git.ErrNonFastForward) {
			return cmdutil.Failf("look at the remote's tag (git ls-remote --tags "+p.Remote+" "+p.Tag+"); a release tag is never moved",
				"the remote already has a different tag %s: %v", p.Tag, err)
		}
		return err
	}
	c.prog.TagPushed = true
	c.say("Pushed %s to %s.", p.Tag, p.Remote)
	return nil
}

// fileAction opens the issue of action item n, labelled with the severity
// and the date, unless it has one.
func (c *closer) fileAction(ctx context.Context, n int) error {
	p, g := c.plan, c.prog
	for len(g.ActionIssues) <= n {
		g.ActionIssues = append(g.ActionIssues, "")
	}
	if g.ActionIssues[n] != "" {
		return nil
	}
	if c.client == nil {
		return errors.New("filing issues needs the GitHub API")
	}
	it := p.Answers.ActionItems[n]
	rec, err := c.store.Load(p.RecordID)
	if err != nil {
		return err
	}
	dated := "postmortem-" + rec.Created.UTC().Format("2006-01-02")
	body := fmt.Sprintf("Action item (%s) from the postmortem of hotfix %s: %s.\n\nPostmortem: `%s`", it.Type, rec.ID, rec.Incident.Title, p.Postmortem)
	if it.Owner != "" {
		body += "\nOwner: " + it.Owner
	}
	// A run that stopped after GitHub made the issue but before its
	// answer arrived left it there: adopt it rather than file a second.
	claimed := func(number int) bool {
		for _, is := range g.ActionIssues {
			if is == fmt.Sprintf("#%d", number) {
				return true
			}
		}
		return false
	}
	number, found, err := c.client.FileIssueOnce(ctx, github.Issue{Title: it.Text, Body: body, Labels: []string{rec.Incident.Severity, dated}, FindLabel: dated},
		claimed, fmt.Sprintf("file the action item %q", it.Text))
	if err != nil {
		return err
	}
	g.ActionIssues[n] = fmt.Sprintf("#%d", number)
	if found {
		c.say("Found %s, filed by an earlier run: %s", g.ActionIssues[n], it.Text)
	} else {
		c.say("Filed %s: %s", g.ActionIssues[n], it.Text)
	}
	return nil
}

// writePostmortem writes the postmortem from the record, the facts and
// the answers, inside the repository.
func (c *closer) writePostmortem(ctx context.Context) error {
	p := c.plan
	rec, err := c.store.Load(p.RecordID)
	if err != nil {
		return err
	}
	sev, _ := c.cfg.Severity(rec.Incident.Severity)
	text := postmortem.Render(rec, c.facts(), c.answers(), sev)
	if err := pathsafe.Check(c.repo.Root(), p.Postmortem, false); err != nil {
		return cmdutil.Failf("keep the postmortem inside the repository (close.postmortem_dir in .hotfix.yaml): replace the link with a directory and rerun with --continue, or --abort and close again",
			"refusing to write the postmortem %s: %v", p.Postmortem, err)
	}
	path := filepath.Join(c.repo.Root(), filepath.FromSlash(p.Postmortem))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := fsutil.WriteFile(path, []byte(text), 0o644); err != nil {
		return err
	}
	c.say("Wrote the postmortem %s.", p.Postmortem)
	return nil
}

// carry merges the tag into one branch and pushes it; when the push is
// refused (a protected branch, or it moved) or the merge conflicts, it opens
// a pull request instead. A branch that already has the fix is left alone.
func (c *closer) carry(ctx context.Context, mb *mergeBack) error {
	o, repo, p, say := c.o, c.repo, c.plan, c.say
	if mb.How != "" {
		return nil // done in an earlier run
	}
	tok := c.token()
	if err := o.IO.WithProgress("fetching "+mb.Branch+" from "+p.Remote, func() error { return repo.Fetch(ctx, p.Remote, mb.Branch, tok) }); err != nil {
		return err
	}
	target := repo.RemoteBranchCommit(p.Remote, mb.Branch)
	if target == "" {
		say("Skipped %s: the remote has no such branch.", mb.Branch)
		mb.How = "missing"
		return nil
	}
	msg := fmt.Sprintf("Merge tag '%s' into %s\n\nHotfix %s.", p.Tag, mb.Branch, p.RecordID)
	if in, err := repo.IsAncestor(ctx, p.TagCommit, target); err != nil {
		return err
	} else if in {
		// The merge this step makes is there: a run killed after its push
		// and before saving its progress made it.
		if mergedBy(ctx, repo, p.TagCommit, target, msg) {
			mb.How = "merged"
			say("Merged %s into %s and pushed it.", p.Tag, mb.Branch)
			return nil
		}
		say("%s already has the fix.", mb.Branch)
		mb.How = "already"
		return nil
	}
	work := filepath.Join(repo.GitDir(), "hotfix", "merge-back")
	_ = repo.RemoveWorktree(ctx, work)
	_ = os.RemoveAll(work)
	local := "hotfix-merge-back/" + p.Tag + "/" + mb.Branch
	if err := repo.AddWorktree(ctx, work, local, target); err != nil {
		return err
	}
	defer func() {
		_ = repo.RemoveWorktree(context.Background(), work)
		_ = repo.DeleteBranch(local)
	}()
	mergeErr := repo.MergeInWorktree(ctx, work, p.Tag, msg)
	var cf *git.ConflictFiles
	switch {
	case errors.As(mergeErr, &cf):
		mb.Conflicts = cf.Files
	case mergeErr != nil:
		return mergeErr
	default:
		err := o.IO.WithProgress("pushing the merge into "+mb.Branch, func() error {
			return repo.Push(ctx, git.PushOptions{Remote: p.Remote, Refspecs: []string{"refs/heads/" + local + ":refs/heads/" + mb.Branch}, Token: tok})
		})
		if err == nil {
			mb.How = "merged"
			say("Merged %s into %s and pushed it.", p.Tag, mb.Branch)
			return nil
		}
		var pe *git.PushError
		if !errors.As(err, &pe) || errors.Is(pe.Err, git.ErrPushAuth) || pe.Network {
			// A push that failed on the way may have landed: it is
			// retried by the rerun, never worked around with a pull
			// request.
			return err
		}
		say("The push to %s was refused (%v); opening a pull request instead.", mb.Branch, err)
	}
	if c.client == nil {
		return cmdutil.Failf("merge "+p.Tag+" into "+mb.Branch+" by hand, then run `hotfix close --continue`",
			"cannot carry the fix into %s: %s, and --offline opens no pull request", mb.Branch, reason(mb, mergeErr))
	}
	// A branch at the tag: the pull request's own diff is the fix, and a
	// conflict is resolved on GitHub or in that branch.
	head := "merge-back/" + p.Tag + "-into-" + strings.ReplaceAll(mb.Branch, "/", "-")
	if err := repo.CreateBranch(local+"-pr", p.TagCommit); err != nil {
		return err
	}
	err := o.IO.WithProgress("pushing "+head, func() error {
		return repo.Push(ctx, git.PushOptions{Remote: p.Remote, Refspecs: []string{"refs/heads/" + local + "-pr:refs/heads/" + head}, Token: tok})
	})
	_ = repo.DeleteBranch(local + "-pr")
	if err != nil {
		return err
	}
	body := fmt.Sprintf("Carries hotfix %s (tag `%s`) into `%s`.", p.RecordID, p.Tag, mb.Branch)
	if len(mb.Conflicts) > 0 {
		body += "\n\nThe merge conflicts in: " + strings.Join(mb.Conflicts, ", ") + ". Resolve them in this branch before merging."
	}
	got, _, err := c.client.OpenPullRequest(ctx, head, mb.Branch, fmt.Sprintf("Merge %s into %s", p.Tag, mb.Branch), body)
	if err != nil {
		return err
	}
	mb.How, mb.URL = "pull-request", got.URL
	say("Opened %s to carry %s into %s.", mb.URL, p.Tag, mb.Branch)
	return nil
}

// mergedBy says whether a commit with message msg (close's own merge) is
// on target and not on the tagged commit.
func mergedBy(ctx context.Context, repo *git.Repo, tagged, target, msg string) bool {
	commits, err := repo.CommitsBetween(ctx, tagged, target)
	if err != nil {
		return false
	}
	for _, c := range commits {
		if strings.TrimSpace(c.Message) == msg {
			return true
		}
	}
	return false
}

func reason(mb *mergeBack, err error) string {
	if len(mb.Conflicts) > 0 {
		return "the merge conflicts in " + strings.Join(mb.Conflicts, ", ")
	}
	return "the push was refused"
}

// keepRecord saves the record as close has changed it in the progress
// (RecordCarried), and as it was first (RecordBefore) for --abort, before
// the switch puts the file back as committed.
func (c *closer) keepRecord() error {
	p, g := c.plan, c.prog
	rec, err := c.store.Load(p.RecordID)
	if err != nil {
		return err
	}
	data, err := rec.Marshal()
	if err != nil {
		return err
	}
	g.RecordCarried = string(data)
	if g.RecordBefore == "" {
		g.RecordBefore = string(data)
	}
	return nil
}

// switchToProduction leaves the hotfix branch: the production branch is
// brought up to the merge (forward only) and checked out. The record file,
// the only change allowed in the work tree, goes with it: it is written
// again after the switch from the copy keep-record kept (which always runs
// first, also when a run saved before that step existed resumes), so that
// a dirty record file does not block the checkout and a kill in between
// loses nothing.
func (c *closer) switchToProduction(ctx context.Context) error {
	repo, store, p, g, say := c.repo, c.store, c.plan, c.prog, c.say
	rec, err := record.Parse(store.RelPath(p.RecordID), []byte(g.RecordCarried))
	if err != nil {
		return err
	}
	cur, _ := repo.CurrentBranch()
	if cur == p.Production {
		// Killed after the checkout, or close ran from there: the
		// record is written again all the same.
		g.Switched = true
		return store.Save(rec)
	}
	recPath := store.RelPath(p.RecordID)
	if dirty, err := repo.DirtyFiles(ctx); err == nil {
		for _, c := range dirty {
			if c.Path == recPath {
				if err := repo.RestoreFile(recPath); err != nil {
					return err
				}
			}
		}
	}
	target := p.MergeCommit
	if rt := repo.RemoteBranchCommit(p.Remote, p.Production); rt != "" {
		if ok, _ := repo.IsAncestor(ctx, target, rt); ok {
			target = rt
		}
	}
	if local := repo.BranchCommit(p.Production); local == "" || local != target {
		if err := repo.SetBranch(ctx, p.Production, target); err != nil {
			return cmdutil.Failf("bring "+p.Production+" up to date by hand (git switch "+p.Production+" && git pull), then run `hotfix close --continue`",
				"cannot move %s to the merge: %v", p.Production, err)
		}
	}
	if err := repo.Checkout(ctx, p.Production); err != nil {
		return err
	}
	g.Switched = true
	// Put the record back as it was: recordClosed rewrites it next.
	if err := store.Save(rec); err != nil {
		return err
	}
	say("Switched to %s.", p.Production)
	return nil
}

// recordClosed marks the record closed, with the close's facts, events and
// durations.
func (c *closer) recordClosed(ctx context.Context) error {
	o, store, p, g := c.o, c.store, c.plan, c.prog
	rec, err := store.Load(p.RecordID)
	if err != nil {
		return err
	}
	if g.Closed.IsZero() {
		g.Closed = o.Clock.Now().UTC().Truncate(time.Second)
	}
	cl := &record.Close{MergeCommit: p.MergeCommit, Merged: p.Merged, Offline: p.Offline, Tag: p.Tag, TagCommit: p.TagCommit,
		Postmortem: p.Postmortem, Closed: g.Closed, Durations: map[string]string{}, GitHubRelease: g.ReleaseURL}
	if p.AllowExtra != "" {
		cl.AllowedExtra, cl.Extra = p.AllowExtra, p.extras()
	}
	for _, mb := range g.MergeBacks {
		switch mb.How {
		case "merged":
			cl.MergedBack = append(cl.MergedBack, mb.Branch+": merged")
		case "pull-request":
			cl.MergedBack = append(cl.MergedBack, mb.Branch+": "+mb.URL)
		}
	}
	for _, is := range g.ActionIssues {
		if is != "" {
			cl.ActionIssues = append(cl.ActionIssues, is)
		}
	}
	for k, d := range postmortem.Durations(rec, c.facts()) {
		cl.Durations[k] = postmortem.FormatDuration(d)
	}
	rec.Close = cl
	rec.Phase = record.PhaseClosed
	if !hasEvent(rec, record.EventClosed) {
		c.addReleaseEvents(rec, g.Closed)
		rec.AddEvent(record.Event{At: g.Closed, Kind: record.EventClosed, By: c.author(), Text: "hotfix closed; postmortem " + p.Postmortem})
		// The answers' monitoring.until is the monitoring window now: it
		// overrides the one a deploy recorded (a duration counts from the
		// close, as the postmortem says).
		if u := p.Answers.Monitoring.Until; u != "" {
			if until, err := postmortem.ParseUntil(u, g.Closed); err == nil && !until.IsZero() {
				rec.AddEvent(record.Event{At: g.Closed, Kind: record.EventMonitoring, By: c.author(),
					Text:   "monitoring until " + until.UTC().Format("2006-01-02 15:04 UTC") + " (the postmortem's monitoring.until: " + u + ")",
					Fields: map[string]string{"until": until.UTC().Format(time.RFC3339), "source": "answers", "window": u}})
			}
		}
	}
	c.postResolved(ctx, rec, g.Closed)
	return store.Save(rec)
}

// postResolved posts the closing update ("Resolved") in the report's
// thread, with a bot token and a Slack report link, and records it as an
// update with its permalink, once: a rerun of this step finds it posted. A
// failed post is recorded as not posted and kept in c.postErr; --no-post
// posts nothing.
func (c *closer) postResolved(ctx context.Context, rec *record.Record, at time.Time) {
	if c.o.NoPost || c.o.DryRun || updates.PostedFor(rec, record.EventUpdate, "closed", "tag", c.plan.Tag) {
		return
	}
	msg := fmt.Sprintf("The fix is released as %s and the hotfix is closed.", c.plan.Tag)
	u, err := updates.Compose(c.cfg, rec, "resolved", msg, "", "", at.In(updates.Location(c.cfg)))
	if err != nil {
		return
	}
	env := updates.Env{Getenv: c.o.Getenv, HTTPClient: c.o.HTTPClient, Sleep: c.o.Sleep}
	ev, posted, err := env.PostInThread(ctx, rec, &u, at, map[string]string{"for": "closed", "tag": c.plan.Tag})
	if !posted {
		return
	}
	rec.AddEventOnce(ev)
	c.postErr = err
	if err == nil {
		c.say("Posted the closing update in the report's thread in Slack: %s", u.Permalink)
	}
}

// addReleaseEvents adds the merged, tagged and merge-back events, each
// kind once (record-released adds them before record-closed); at is when
// the merge-backs are said to be done.
func (c *closer) addReleaseEvents(rec *record.Record, at time.Time) {
	p, g := c.plan, c.prog
	rec.Advance(record.PhaseMerged) // on the way to released: phases are entered in order
	if !hasEvent(rec, record.EventMerged) {
		how := "merged through pull request"
		if p.Number > 0 {
			how = fmt.Sprintf("pull request #%d merged", p.Number)
		}
		if p.Offline {
			how = "merged (taken from the local repository with --offline, not confirmed by the code host)"
		}
		rec.AddEvent(record.Event{At: p.Merged, Kind: record.EventMerged, By: p.MergedBy, Text: how + " as " + commitid.Short(p.MergeCommit),
			Fields: map[string]string{"commit": p.MergeCommit, "offline": fmt.Sprint(p.Offline)}})
	}
	if !hasEvent(rec, record.EventTagged) {
		fields := map[string]string{"tag": p.Tag, "commit": p.TagCommit}
		if g.ReleaseURL != "" {
			fields["release"] = g.ReleaseURL
		}
		rec.AddEvent(record.Event{At: g.TagTime, Kind: record.EventTagged, By: c.author(), Text: "tagged " + p.Tag, Fields: fields})
	}
	if !hasEvent(rec, record.EventMergeBack) {
		for _, mb := range g.MergeBacks {
			if mb.How == "merged" || mb.How == "pull-request" {
				rec.AddEvent(record.Event{At: at, Kind: record.EventMergeBack, Text: mb.Branch + ": " + mb.How,
					Fields: map[string]string{"branch": mb.Branch, "how": mb.How, "url": mb.URL}})
			}
		}
	}
}

// recordReleased records the release: the merge, the tag and the
// merge-backs as events, and the phase released (deployed when a deploy
// after the merge is already recorded). It keeps the record as it was
// first, for --abort.
func (c *closer) recordReleased() error {
	store, p, g := c.store, c.plan, c.prog
	rec, err := store.Load(p.RecordID)
	if err != nil {
		return err
	}
	if g.RecordBefore == "" {
		data, err := rec.Marshal()
		if err != nil {
			return err
		}
		g.RecordBefore = string(data)
	}
	c.addReleaseEvents(rec, c.o.Clock.Now())
	rec.Advance(record.PhaseReleased)
	if deployedAfter(rec, p.Merged) != nil {
		rec.Advance(record.PhaseDeployed)
	}
	return store.Save(rec)
}

// deployedAfter is the latest deployed event at or after the merge, nil
// when none is recorded: a deploy before the merge did not ship the fix
// as merged.
func deployedAfter(rec *record.Record, merged time.Time) *record.Event {
	for i := len(rec.Timeline) - 1; i >= 0; i-- {
		e := &rec.Timeline[i]
		if e.Kind == record.EventDeployed && !e.At.Before(merged.Truncate(time.Second)) {
			return e
		}
	}
	return nil
}

// awaitingDeploy stops close after the release until a deploy is recorded:
// not a failure, so close exits 0, saying what is left, and a rerun
// resumes here.
type awaitingDeploy struct{}

func (*awaitingDeploy) Error() string { return "waiting for a deploy to be recorded" }

// awaitDeploy goes on once a deploy after the merge is recorded, or with
// --not-deployed, which it records; else it stops close (awaitingDeploy).
func (c *closer) awaitDeploy() error {
	store, p := c.store, c.plan
	rec, err := store.Load(p.RecordID)
	if err != nil {
		return err
	}
	if deployedAfter(rec, p.Merged) != nil {
		return nil
	}
	reason := c.o.NotDeployed
	if reason == "" {
		return &awaitingDeploy{}
	}
	rec.AddEventOnce(record.Event{At: c.o.Clock.Now(), Kind: record.EventNotDeployed, By: c.author(), Text: "closed without a recorded deploy: " + reason,
		Fields: map[string]string{"reason": reason}})
	return store.Save(rec)
}

// author is who runs close: git's user.name, else its email.
func (c *closer) author() string {
	name, email := c.repo.UserIdentity()
	if name == "" {
		return email
	}
	return name
}

func hasEvent(rec *record.Record, kind string) bool {
	for _, e := range rec.Timeline {
		if e.Kind == kind {
			return true
		}
	}
	return false
}

// postmortemPR commits the postmortem and the closed record on a branch of
// their own from the production branch, pushes it and opens its pull
// request.
func (c *closer) postmortemPR(ctx context.Context) error {
	repo, store, p, say := c.repo, c.store, c.plan, c.say
	if c.client == nil {
		return errors.New("--postmortem-pr needs the GitHub API")
	}
	branch := "postmortem/" + p.RecordID
	work := filepath.Join(repo.GitDir(), "hotfix", "postmortem")
	_ = repo.RemoveWorktree(ctx, work)
	_ = os.RemoveAll(work)
	base := repo.BranchCommit(p.Production)
	if err := repo.AddWorktree(ctx, work, branch, base); err != nil {
		return err
	}
	defer func() { _ = repo.RemoveWorktree(context.Background(), work) }()
	paths := []string{p.Postmortem, store.RelPath(p.RecordID)}
	for _, rel := range paths {
		if err := pathsafe.Check(repo.Root(), rel, false); err != nil {
			return err
		}
		data, err := os.ReadFile(filepath.Join(repo.Root(), filepath.FromSlash(rel)))
		if err != nil {
			return err
		}
		dst := filepath.Join(work, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := fsutil.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
	}
	if err := repo.CommitInWorktree(ctx, work, paths, fmt.Sprintf("Postmortem of hotfix %s", p.RecordID)); err != nil {
		return err
	}
	url, rec, err := c.openPostmortemPR(ctx, "refs/heads/"+branch)
	if err != nil {
		return err
	}
	c.prog.PostPRURL = url
	rec.Close.PostmortemPR = c.prog.PostPRURL
	if err := store.Save(rec); err != nil {
		return err
	}
	say("Opened the postmortem's pull request %s.", c.prog.PostPRURL)
	return nil
}

// deleteBranch deletes the hotfix branch locally (never the checked-out
// one) and on the remote; a branch already gone is fine.
func (c *closer) deleteBranch(ctx context.Context) error {
	o, repo, p, say := c.o, c.repo, c.plan, c.say
	if cur, _ := repo.CurrentBranch(); cur == p.Branch {
		return fmt.Errorf("%s is checked out; switch away from it first", p.Branch)
	}
	if err := repo.DeleteBranch(p.Branch); err != nil {
		return err
	}
	if exists, err := repo.RemoteBranchExists(ctx, p.Remote, p.Branch, c.token()); err == nil && !exists {
		say("Deleted %s (the remote had no such branch).", p.Branch)
		return nil
	}
	if err := o.IO.WithProgress("deleting "+p.Branch+" on "+p.Remote, func() error {
		return repo.Push(ctx, git.PushOptions{Remote: p.Remote, Refspecs: []string{":refs/heads/" + p.Branch}, Token: c.token()})
	}); err != nil {
		return cmdutil.Failf("delete it by hand (git push "+p.Remote+" --delete "+p.Branch+"), or set close.keep_branch: true", "cannot delete %s on %s: %v", p.Branch, p.Remote, err)
	}
	say("Deleted %s locally and on %s.", p.Branch, p.Remote)
	return nil
}

// githubRelease publishes the GitHub Release of the pushed tag, its notes
// from the record (close.release: github). The tag is looked up first, so
// a rerun, or a release made by hand, never gets a second.
func (c *closer) githubRelease(ctx context.Context) error {
	p, g := c.plan, c.prog
	if g.ReleaseURL != "" {
		return nil
	}
	if c.client == nil {
		return errors.New("publishing the GitHub Release needs the GitHub API")
	}
	rec, err := c.store.Load(p.RecordID)
	if err != nil {
		return err
	}
	v, _ := semver.Parse(p.Tag)
	rel, found, err := c.client.PublishReleaseOnce(ctx, github.NewRelease{Tag: p.Tag, Name: p.Tag + ": " + rec.Incident.Title,
		Body: releaseNotes(rec, p), Prerelease: v.Pre != ""})
	if err != nil {
		return err
	}
	g.ReleaseURL = rel.URL
	if found {
		c.say("Found the GitHub Release of %s: %s", p.Tag, rel.URL)
	} else {
		c.say("Published the GitHub Release of %s: %s", p.Tag, rel.URL)
	}
	return nil
}

// releaseNotes are the GitHub Release's notes, from the record and the
// plan: what broke, the fix, and what the release adds to the previous.
func releaseNotes(rec *record.Record, p *plan) string {
	var b strings.Builder
	in := rec.Incident
	fmt.Fprintf(&b, "Hotfix release for %s: %s.\n\n", in.Severity, oneLine(in.Title))
	if in.Summary != "" {
		fmt.Fprintf(&b, "%s\n\n", strings.TrimSpace(in.Summary))
	}
	if in.Affected != "" {
		fmt.Fprintf(&b, "- **Affected:** %s\n", oneLine(in.Affected))
	}
	if in.Version != "" {
		fmt.Fprintf(&b, "- **Broken in:** `%s`\n", in.Version)
	}
	if pr := rec.PullRequest; pr != nil && pr.URL != "" {
		fmt.Fprintf(&b, "- **Fix:** %s\n", pr.URL)
	}
	if in.Issue != "" {
		fmt.Fprintf(&b, "- **Issue:** %s\n", oneLine(in.Issue))
	}
	if p.AllowExtra != "" {
		fmt.Fprintf(&b, "- **Released with commits other than the fix's:** %s\n", oneLine(p.AllowExtra))
	}
	fmt.Fprintf(&b, "- **Hotfix record:** `%s`; postmortem `%s`\n", rec.ID, p.Postmortem)
	if len(p.Contents) > 0 {
		since := p.Release
		if since == "" {
			since = "the previous release"
		}
		fmt.Fprintf(&b, "\nChanges since %s:\n\n", since)
		for _, cm := range p.Contents {
			fmt.Fprintf(&b, "- %s %s\n", commitid.Short(cm.ID), oneLine(cm.Subject))
		}
	}
	return b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// publishMessage is the message of the commit that publishes the closed
// record and the postmortem.
func publishMessage(id string) string { return "Postmortem of hotfix " + id }

// postmortemCommit commits the closed record and the postmortem on the
// production branch (close.publish: commit) and pushes it; when the push
// is refused (a protected branch, or the branch moved on the remote) it
// pushes postmortem/<id> at that commit and opens its pull request
// instead. A commit made by a run killed before it saved is found again
// (HEAD, with this step's message and nothing left to commit).
func (c *closer) postmortemCommit(ctx context.Context) error {
	o, repo, store, p, g, say := c.o, c.repo, c.store, c.plan, c.prog, c.say
	if g.Published != "" {
		return nil
	}
	if cur, _ := repo.CurrentBranch(); cur != p.Production {
		return cmdutil.Failf("git switch "+p.Production+", then `hotfix close --continue`",
			"the closed record and the postmortem are committed on %s, but %s is checked out", p.Production, cur)
	}
	paths := []string{p.Postmortem, store.RelPath(p.RecordID)}
	msg := publishMessage(p.RecordID)
	if g.PublishCommit == "" {
		id, err := repo.CommitPaths(ctx, paths, msg, o.Clock.Now())
		if err != nil {
			return cmdutil.Failf("commit "+strings.Join(paths, " and ")+" on "+p.Production+" by hand and push it, then `hotfix close --continue`",
				"cannot commit the closed record and the postmortem: %v", err)
		}
		if id == "" {
			// Nothing to commit: a run killed after its commit made it.
			head, err := repo.HeadCommit()
			if err != nil {
				return err
			}
			if !ownCommit(ctx, repo, head, msg) {
				return fmt.Errorf("the closed record and the postmortem have no change to commit on %s, and HEAD (%s) is not their commit", p.Production, commitid.Short(head))
			}
			id = head
		}
		g.PublishCommit = id
	}
	crashpoint.Hit("close.publish-committed")
	err := o.IO.WithProgress("pushing "+p.Production+" to "+p.Remote, func() error {
		return repo.Push(ctx, git.PushOptions{Remote: p.Remote, Refspecs: []string{g.PublishCommit + ":refs/heads/" + p.Production}, Token: c.token()})
	})
	if err == nil {
		g.Published = config.PublishCommit
		say("Committed the closed record and the postmortem on %s (%s) and pushed it.", p.Production, commitid.Short(g.PublishCommit))
		return nil
	}
	var pe *git.PushError
	if !errors.As(err, &pe) || errors.Is(pe.Err, git.ErrPushAuth) || pe.Network || c.client == nil {
		return err // a push that failed on the way may have landed: the rerun pushes again
	}
	say("The push to %s was refused (%v); opening a pull request instead.", p.Production, err)
	url, _, err := c.openPostmortemPR(ctx, g.PublishCommit)
	if err != nil {
		return err
	}
	g.PostPRURL, g.Published = url, config.PublishPullRequest
	say("Opened the postmortem's pull request %s.", g.PostPRURL)
	return nil
}

// openPostmortemPR pushes src (a ref or a commit holding the postmortem
// and the closed record) as the branch postmortem/<id> and opens, or
// finds again, its pull request into the production branch; it returns
// the pull request's URL and the record as saved.
func (c *closer) openPostmortemPR(ctx context.Context, src string) (string, *record.Record, error) {
	p := c.plan
	branch := "postmortem/" + p.RecordID
	if err := c.o.IO.WithProgress("pushing "+branch, func() error {
		return c.repo.Push(ctx, git.PushOptions{Remote: p.Remote, Refspecs: []string{"+" + src + ":refs/heads/" + branch}, Token: c.token()})
	}); err != nil {
		return "", nil, err
	}
	rec, err := c.store.Load(p.RecordID)
	if err != nil {
		return "", nil, err
	}
	got, _, err := c.client.OpenPullRequest(ctx, branch, p.Production, "Postmortem: "+rec.Incident.Title,
		fmt.Sprintf("The postmortem of hotfix %s (`%s`), and its closed record.", rec.ID, p.Postmortem))
	if err != nil {
		return "", nil, err
	}
	return got.URL, rec, nil
}

// ownCommit says whether commit's subject is msg.
func ownCommit(ctx context.Context, repo *git.Repo, commit, msg string) bool {
	info, err := repo.CommitInfo(ctx, []string{commit})
	return err == nil && len(info) == 1 && strings.TrimSpace(info[0].Subject) == msg
}

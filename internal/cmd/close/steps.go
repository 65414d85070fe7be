package closecmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/google/go-github/v57/github"

	"github.com/hotfix-dev/hotfix/internal/cmd/pr"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/fsutil"
	"github.com/hotfix-dev/hotfix/internal/gh"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/pathsafe"
	"github.com/hotfix-dev/hotfix/internal/postmortem"
	"github.com/hotfix-dev/hotfix/internal/steps"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Step kinds, stable across releases.
const (
	stepFetch        = "fetch"
	stepTag          = "tag"
	stepPushTag      = "push-tag"
	stepMergeBack    = "merge-back"
	stepFileAction   = "file-action"
	stepSwitch       = "switch"
	stepRecordClosed = "record-closed"
	stepPostmortem   = "postmortem"
	stepPostmortemPR = "postmortem-pr"
	stepDeleteBranch = "delete-branch"
)

// token is the push token: the API's, when there is one.
func token(o *Options) string {
	for _, k := range []string{"GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"} {
		if v := o.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}

func (p *plan) steps(o *Options, repo *git.Repo, cfg *config.Config, client *gh.Client) []steps.Step {
	say := func(format string, args ...interface{}) { fmt.Fprintf(o.IO.ErrOut, format+"\n", args...) }
	store := record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}
	list := []steps.Step{
		{Kind: stepFetch, Run: func(ctx context.Context) error {
			if p.Offline {
				return nil
			}
			if err := o.IO.WithProgress("fetching "+p.Production+" from "+p.Remote, func() error { return repo.Fetch(ctx, p.Remote, p.Production, token(o)) }); err != nil {
				return err
			}
			if _, err := repo.ResolveCommit(p.MergeCommit); err != nil {
				return fmt.Errorf("the merge commit %s is not on %s/%s after fetching: %w", short(p.MergeCommit), p.Remote, p.Production, err)
			}
			return nil
		}},
		{Kind: stepTag, Run: func(ctx context.Context) error {
			if p.TagTime.IsZero() {
				p.TagTime = o.Clock.Now().UTC().Truncate(time.Second)
			}
			msg := fmt.Sprintf("%s: hotfix %s\n\n%s", p.Tag, p.RecordID, tagMessage(store, p))
			if err := repo.CreateTag(p.Tag, p.MergeCommit, msg, p.TagTime); err != nil {
				return cmdutil.Failf("choose another tag with `hotfix close --abort` and `hotfix close --tag NAME`", "%v", err)
			}
			say("Tagged %s on %s.", p.Tag, short(p.MergeCommit))
			return nil
		}, Undo: func(ctx context.Context) error {
			if p.TagPushed {
				return nil // the remote has it: keep the local one too
			}
			return repo.DeleteTag(p.Tag)
		}},
		{Kind: stepPushTag, Run: func(ctx context.Context) error {
			ref := "refs/tags/" + p.Tag
			if err := o.IO.WithProgress("pushing "+p.Tag+" to "+p.Remote, func() error {
				return repo.Push(ctx, git.PushOptions{Remote: p.Remote, Refspecs: []string{ref + ":" + ref}, Token: token(o)})
			}); err != nil {
				var pe *git.PushError
				if errors.As(err, &pe) && errors.Is(pe.Err, git.ErrNonFastForward) {
					return cmdutil.Failf("look at the remote's tag (git ls-remote --tags "+p.Remote+" "+p.Tag+"); a release tag is never moved",
						"the remote already has a different tag %s: %v", p.Tag, err)
				}
				return err
			}
			p.TagPushed = true
			say("Pushed %s to %s.", p.Tag, p.Remote)
			return nil
		}},
		{Kind: stepSwitch, Run: func(ctx context.Context) error {
			return switchToProduction(ctx, o, repo, store, p, say)
		}, Undo: func(ctx context.Context) error {
			// Back where close began. A kill during the switch saved
			// no Switched, so where HEAD is decides.
			back := p.From
			if back == "" {
				back = p.Branch
			}
			cur, _ := repo.CurrentBranch()
			if back == "" || cur == back || cur != p.Production || repo.BranchCommit(back) == "" {
				return nil
			}
			return repo.Checkout(ctx, back)
		}},
		{Kind: stepRecordClosed, Run: func(ctx context.Context) error {
			return recordClosed(o, store, p)
		}, Undo: func(ctx context.Context) error {
			// The record as it was before close, never a deletion: it is
			// the incident's history.
			if p.RecordBefore == "" {
				return repo.RestoreFile(store.RelPath(p.RecordID))
			}
			rec, err := record.Parse(store.RelPath(p.RecordID), []byte(p.RecordBefore))
			if err != nil {
				return err
			}
			return store.Save(rec)
		}},
		{Kind: stepPostmortem, Run: func(ctx context.Context) error {
			rec, err := store.Load(p.RecordID)
			if err != nil {
				return err
			}
			sev, _ := cfg.Severity(rec.Incident.Severity)
			text := postmortem.Render(rec, facts(p), p.Answers, sev)
			if err := pathsafe.Check(repo.Root(), p.Postmortem, false); err != nil {
				return cmdutil.Failf("keep the postmortem inside the repository (close.postmortem_dir in .hotfix.yaml): replace the link with a directory and rerun with --continue, or --abort and close again",
					"refusing to write the postmortem %s: %v", p.Postmortem, err)
			}
			path := filepath.Join(repo.Root(), filepath.FromSlash(p.Postmortem))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := fsutil.WriteFile(path, []byte(text), 0o644); err != nil {
				return err
			}
			say("Wrote the postmortem %s.", p.Postmortem)
			return nil
		}, Undo: func(ctx context.Context) error {
			return fsutil.Remove(filepath.Join(repo.Root(), filepath.FromSlash(p.Postmortem)))
		}},
		{Kind: stepPostmortemPR, Run: func(ctx context.Context) error {
			if !p.PostPR {
				return nil
			}
			return postmortemPR(ctx, o, repo, client, store, p, say)
		}},
		{Kind: stepDeleteBranch, Run: func(ctx context.Context) error {
			if p.KeepBranch {
				return nil
			}
			return deleteBranch(ctx, o, repo, p, say)
		}, Undo: func(ctx context.Context) error {
			// The local branch comes back where it was; a deletion on the
			// remote stays, like every push.
			if p.KeepBranch || p.Head == "" || repo.BranchCommit(p.Branch) != "" {
				return nil
			}
			return repo.SetBranch(ctx, p.Branch, p.Head)
		}},
	}
	// One step per branch and per action item, so that each is saved as
	// soon as it is done: a rerun never merges or files twice.
	var carrySteps []steps.Step
	for i := range p.MergeBacks {
		mb := &p.MergeBacks[i]
		carrySteps = append(carrySteps, steps.Step{Kind: stepMergeBack + ":" + mb.Branch, Run: func(ctx context.Context) error {
			return carry(ctx, o, repo, client, p, mb, say)
		}})
	}
	if p.FileActions {
		for i := range p.Answers.ActionItems {
			n := i
			carrySteps = append(carrySteps, steps.Step{Kind: fmt.Sprintf("%s:%d", stepFileAction, n+1), Run: func(ctx context.Context) error {
				return fileAction(ctx, client, store, p, n, say)
			}})
		}
	}
	// After push-tag (index 2), before the switch.
	out := append([]steps.Step{}, list[:3]...)
	out = append(out, carrySteps...)
	return append(out, list[3:]...)
}

func tagMessage(store record.Store, p *plan) string {
	rec, err := store.Load(p.RecordID)
	if err != nil {
		return ""
	}
	s := rec.Incident.Title
	if rec.PullRequest != nil && rec.PullRequest.URL != "" {
		s += "\n\nFix: " + rec.PullRequest.URL
	}
	return s
}

// planCarry decides which branches the fix is carried into.
func planCarry(ctx context.Context, o *Options, repo *git.Repo, cfg *config.Config, client *gh.Client, rec *record.Record, p *plan) error {
	switch cfg.Flow {
	case config.FlowGitflow:
		targets := []string{cfg.Branches.Develop}
		if !o.Offline || repo.HasRemote(cfg.Remote) {
			rel, err := repo.RemoteBranches(ctx, cfg.Remote, cfg.Branches.ReleasePrefix, token(o))
			switch {
			case err == nil:
				sort.Strings(rel)
				targets = append(targets, rel...)
			case !o.Offline:
				// Planning without them would leave the open release
				// branches without the fix, silently.
				return cmdutil.Failf("run `hotfix close` again once the git server answers",
					"cannot list the release branches (%s*) on %s, which the fix must be merged into: %v; nothing was changed",
					cfg.Branches.ReleasePrefix, cfg.Remote, redactToken(err, token(o)))
			}
		}
		for _, t := range targets {
			if t != "" && t != p.Production {
				p.MergeBacks = append(p.MergeBacks, mergeBack{Branch: t})
			}
		}
	case config.FlowReleaseBranches:
		rel, err := repo.RemoteBranches(ctx, cfg.Remote, cfg.Branches.ReleasePrefix, token(o))
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

// carry merges the tag into one branch and pushes it; when the push is
// refused (a protected branch, or it moved) or the merge conflicts, it opens
// a pull request instead. A branch that already has the fix is left alone.
func carry(ctx context.Context, o *Options, repo *git.Repo, client *gh.Client, p *plan, mb *mergeBack, say func(string, ...interface{})) error {
	if mb.How != "" {
		return nil // done in an earlier run
	}
	tok := token(o)
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
	if in, err := repo.IsAncestor(ctx, p.MergeCommit, target); err != nil {
		return err
	} else if in {
		// The merge this step makes is there: a run killed after its push
		// and before saving its progress made it.
		if mergedBy(ctx, repo, p.MergeCommit, target, msg) {
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
	if client == nil {
		return cmdutil.Failf("merge "+p.Tag+" into "+mb.Branch+" by hand, then run `hotfix close --continue`",
			"cannot carry the fix into %s: %s, and --offline opens no pull request", mb.Branch, reason(mb, mergeErr))
	}
	// A branch at the tag: the pull request's own diff is the fix, and a
	// conflict is resolved on GitHub or in that branch.
	head := "merge-back/" + p.Tag + "-into-" + strings.ReplaceAll(mb.Branch, "/", "-")
	if err := repo.CreateBranch(local+"-pr", p.MergeCommit); err != nil {
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
	got, _, err := pr.OpenPullRequest(ctx, client, p.Target, head, mb.Branch, fmt.Sprintf("Merge %s into %s", p.Tag, mb.Branch), body)
	if err != nil {
		return err
	}
	mb.How, mb.URL = "pull-request", got.GetHTMLURL()
	say("Opened %s to carry %s into %s.", mb.URL, p.Tag, mb.Branch)
	return nil
}

// mergedBy says whether a commit with message msg (close's own merge) is
// on target and not on the fix's merge commit.
func mergedBy(ctx context.Context, repo *git.Repo, merge, target, msg string) bool {
	commits, err := repo.CommitsBetween(ctx, merge, target)
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

// fileAction opens the issue of action item n, labelled with the severity
// and the date, unless it has one.
func fileAction(ctx context.Context, client *gh.Client, store record.Store, p *plan, n int, say func(string, ...interface{})) error {
	it := &p.Answers.ActionItems[n]
	if it.Issue != "" {
		return nil
	}
	if client == nil {
		return errors.New("filing issues needs the GitHub API")
	}
	rec, err := store.Load(p.RecordID)
	if err != nil {
		return err
	}
	labels := []string{rec.Incident.Severity, "postmortem-" + rec.Created.UTC().Format("2006-01-02")}
	body := fmt.Sprintf("Action item (%s) from the postmortem of hotfix %s: %s.\n\nPostmortem: `%s`", it.Type, rec.ID, rec.Incident.Title, p.Postmortem)
	if it.Owner != "" {
		body += "\nOwner: " + it.Owner
	}
	// A run that stopped after GitHub made the issue but before its
	// answer arrived left it there: adopt it rather than file a second.
	doing := fmt.Sprintf("file the action item %q", it.Text)
	if n, err := findActionIssue(ctx, client, p, labels[1], it.Text, body); err != nil {
		return pr.APIError(err, client, doing)
	} else if n != 0 {
		it.Issue = fmt.Sprintf("#%d", n)
		say("Found %s, filed by an earlier run: %s", it.Issue, it.Text)
		return nil
	}
	req := &github.IssueRequest{Title: github.String(it.Text), Body: github.String(body), Labels: &labels}
	is, _, err := client.Issues.Create(gh.Once(ctx), p.Owner(), p.Name(), req)
	if err != nil {
		// It may have been made all the same: look once more.
		if n, ferr := findActionIssue(ctx, client, p, labels[1], it.Text, body); ferr == nil && n != 0 {
			it.Issue = fmt.Sprintf("#%d", n)
			say("Filed %s: %s", it.Issue, it.Text)
			return nil
		}
		return pr.APIError(err, client, doing)
	}
	it.Issue = fmt.Sprintf("#%d", is.GetNumber())
	say("Filed %s: %s", it.Issue, it.Text)
	return nil
}

// findActionIssue returns the number of an issue with this label, title
// and body not yet claimed by another action item, or 0.
func findActionIssue(ctx context.Context, client *gh.Client, p *plan, label, title, body string) (int, error) {
	claimed := map[string]bool{}
	for _, it := range p.Answers.ActionItems {
		if it.Issue != "" {
			claimed[it.Issue] = true
		}
	}
	opts := &github.IssueListByRepoOptions{State: "all", Labels: []string{label}, ListOptions: github.ListOptions{PerPage: 100}}
	for {
		list, resp, err := client.Issues.ListByRepo(ctx, p.Owner(), p.Name(), opts)
		if err != nil {
			return 0, err
		}
		for _, is := range list {
			if !is.IsPullRequest() && is.GetTitle() == title && is.GetBody() == body && !claimed[fmt.Sprintf("#%d", is.GetNumber())] {
				return is.GetNumber(), nil
			}
		}
		if resp == nil || resp.NextPage == 0 {
			return 0, nil
		}
		opts.Page = resp.NextPage
	}
}

// switchToProduction leaves the hotfix branch: the production branch is
// brought up to the merge (forward only) and checked out. The record file,
// the only change allowed in the work tree, goes with it.
func switchToProduction(ctx context.Context, o *Options, repo *git.Repo, store record.Store, p *plan, say func(string, ...interface{})) error {
	// The record in the work tree is rewritten after the switch; keep
	// today's copy so that a dirty record file does not block it, and, in
	// the plan, for --abort to put back.
	rec, err := store.Load(p.RecordID)
	if err != nil {
		return err
	}
	if p.RecordBefore == "" {
		data, err := rec.Marshal()
		if err != nil {
			return err
		}
		p.RecordBefore = string(data)
	}
	cur, _ := repo.CurrentBranch()
	if cur == p.Production {
		p.Switched = true
		return nil
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
	p.Switched = true
	// Put the record back as it was: recordClosed rewrites it next.
	if err := store.Save(rec); err != nil {
		return err
	}
	say("Switched to %s.", p.Production)
	return nil
}

// recordClosed marks the record closed, with the close's facts, events and
// durations.
func recordClosed(o *Options, store record.Store, p *plan) error {
	rec, err := store.Load(p.RecordID)
	if err != nil {
		return err
	}
	if p.Closed.IsZero() {
		p.Closed = o.Clock.Now().UTC().Truncate(time.Second)
	}
	c := &record.Close{MergeCommit: p.MergeCommit, Merged: p.Merged, Offline: p.Offline, Tag: p.Tag, Postmortem: p.Postmortem, Closed: p.Closed,
		Durations: map[string]string{}}
	for _, mb := range p.MergeBacks {
		switch mb.How {
		case "merged":
			c.MergedBack = append(c.MergedBack, mb.Branch+": merged")
		case "pull-request":
			c.MergedBack = append(c.MergedBack, mb.Branch+": "+mb.URL)
		}
	}
	for _, it := range p.Answers.ActionItems {
		if it.Issue != "" {
			c.ActionIssues = append(c.ActionIssues, it.Issue)
		}
	}
	for k, d := range postmortem.Durations(rec, facts(p)) {
		c.Durations[k] = postmortem.FormatDuration(d)
	}
	rec.Close = c
	rec.Phase = record.PhaseClosed
	if !hasEvent(rec, record.EventClosed) {
		how := "merged through pull request"
		if p.Number > 0 {
			how = fmt.Sprintf("pull request #%d merged", p.Number)
		}
		if p.Offline {
			how = "merged (taken from the local repository with --offline, not confirmed by the code host)"
		}
		rec.AddEvent(record.Event{At: p.Merged, Kind: record.EventMerged, Text: how + " as " + short(p.MergeCommit),
			Fields: map[string]string{"commit": p.MergeCommit, "offline": fmt.Sprint(p.Offline)}})
		rec.AddEvent(record.Event{At: p.TagTime, Kind: record.EventTagged, Text: "tagged " + p.Tag,
			Fields: map[string]string{"tag": p.Tag, "commit": p.MergeCommit}})
		for _, mb := range p.MergeBacks {
			if mb.How == "merged" || mb.How == "pull-request" {
				rec.AddEvent(record.Event{At: p.Closed, Kind: record.EventMergeBack, Text: mb.Branch + ": " + mb.How,
					Fields: map[string]string{"branch": mb.Branch, "how": mb.How, "url": mb.URL}})
			}
		}
		rec.AddEvent(record.Event{At: p.Closed, Kind: record.EventClosed, Text: "hotfix closed; postmortem " + p.Postmortem})
	}
	return store.Save(rec)
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
func postmortemPR(ctx context.Context, o *Options, repo *git.Repo, client *gh.Client, store record.Store, p *plan, say func(string, ...interface{})) error {
	if client == nil {
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
	if err := o.IO.WithProgress("pushing "+branch, func() error {
		return repo.Push(ctx, git.PushOptions{Remote: p.Remote, Refspecs: []string{"+refs/heads/" + branch + ":refs/heads/" + branch}, Token: token(o)})
	}); err != nil {
		return err
	}
	rec, err := store.Load(p.RecordID)
	if err != nil {
		return err
	}
	got, _, err := pr.OpenPullRequest(ctx, client, p.Target, branch, p.Production, "Postmortem: "+rec.Incident.Title,
		fmt.Sprintf("The postmortem of hotfix %s (`%s`), and its closed record.", rec.ID, p.Postmortem))
	if err != nil {
		return err
	}
	p.PostPRURL = got.GetHTMLURL()
	rec.Close.PostmortemPR = p.PostPRURL
	if err := store.Save(rec); err != nil {
		return err
	}
	say("Opened the postmortem's pull request %s.", p.PostPRURL)
	return nil
}

// deleteBranch deletes the hotfix branch locally (never the checked-out
// one) and on the remote; a branch already gone is fine.
func deleteBranch(ctx context.Context, o *Options, repo *git.Repo, p *plan, say func(string, ...interface{})) error {
	if cur, _ := repo.CurrentBranch(); cur == p.Branch {
		return fmt.Errorf("%s is checked out; switch away from it first", p.Branch)
	}
	if err := repo.DeleteBranch(p.Branch); err != nil {
		return err
	}
	if exists, err := repo.RemoteBranchExists(ctx, p.Remote, p.Branch, nil); err == nil && !exists {
		say("Deleted %s (the remote had no such branch).", p.Branch)
		return nil
	}
	if err := o.IO.WithProgress("deleting "+p.Branch+" on "+p.Remote, func() error {
		return repo.Push(ctx, git.PushOptions{Remote: p.Remote, Refspecs: []string{":refs/heads/" + p.Branch}, Token: token(o)})
	}); err != nil {
		return cmdutil.Failf("delete it by hand (git push "+p.Remote+" --delete "+p.Branch+"), or set close.keep_branch: true", "cannot delete %s on %s: %v", p.Branch, p.Remote, err)
	}
	say("Deleted %s locally and on %s.", p.Branch, p.Remote)
	return nil
}

// printDryRun says what close would do, and changes nothing.
func printDryRun(o *Options, cfg *config.Config, p *plan) error {
	w := o.IO.Out
	fmt.Fprintf(w, "Dry run: `hotfix close` of %s would:\n", p.RecordID)
	if p.Offline {
		fmt.Fprintf(w, "  - take the merge from the local repository: %s contains %s at %s\n", p.Production, p.Branch, short(p.MergeCommit))
	} else if p.MergeCommit != "" {
		fmt.Fprintf(w, "  - fetch %s: pull request #%d merged as %s\n", p.Production, p.Number, short(p.MergeCommit))
	} else {
		fmt.Fprintf(w, "  - check that pull request #%d merged (no token: not checked)\n", p.Number)
	}
	fmt.Fprintf(w, "  - tag %s on the merge commit (annotated) and push it to %s\n", p.Tag, p.Remote)
	for _, mb := range p.MergeBacks {
		fmt.Fprintf(w, "  - merge %s into %s and push it (a pull request if refused or conflicting)\n", p.Tag, mb.Branch)
	}
	for _, b := range p.Backports {
		fmt.Fprintf(w, "  - list %s as a backport not made yet\n", b)
	}
	if p.FileActions {
		fmt.Fprintf(w, "  - file %d action item(s) as issues\n", len(p.Answers.ActionItems))
	}
	fmt.Fprintf(w, "  - switch to %s, mark the record closed and write the postmortem %s (%d answer(s) open)\n", p.Production, p.Postmortem, len(postmortem.Missing(p.Answers, facts(p))))
	if p.PostPR {
		fmt.Fprintf(w, "  - open the postmortem as a pull request from postmortem/%s\n", p.RecordID)
	}
	if p.KeepBranch {
		fmt.Fprintf(w, "  - keep %s (close.keep_branch)\n", p.Branch)
	} else {
		fmt.Fprintf(w, "  - delete %s locally and on %s\n", p.Branch, p.Remote)
	}
	fmt.Fprintln(w, "Nothing was changed.")
	return nil
}

// printResult reports what close did.
func printResult(o *Options, p *plan) error {
	open := postmortem.Missing(p.Answers, facts(p))
	var issues []string
	for _, it := range p.Answers.ActionItems {
		if it.Issue != "" {
			issues = append(issues, it.Issue)
		}
	}
	if o.JSON {
		res := Result{ID: p.RecordID, Tag: p.Tag, MergeCommit: p.MergeCommit, Offline: p.Offline, MergedBack: nonNilMB(p.MergeBacks),
			Backports: nonNil(p.Backports), Postmortem: p.Postmortem, PostmortemPR: p.PostPRURL, Open: nonNil(open), Issues: nonNil(issues), BranchKept: p.KeepBranch}
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	w := o.IO.Out
	fmt.Fprintf(w, "Closed %s: %s tagged on %s.\n", p.RecordID, p.Tag, short(p.MergeCommit))
	for _, mb := range p.MergeBacks {
		switch mb.How {
		case "merged":
			fmt.Fprintf(w, "  %s: merged\n", mb.Branch)
		case "pull-request":
			fmt.Fprintf(w, "  %s: pull request %s\n", mb.Branch, mb.URL)
		case "already":
			fmt.Fprintf(w, "  %s: already had the fix\n", mb.Branch)
		}
	}
	if len(p.Backports) > 0 {
		fmt.Fprintf(w, "Backports not made yet: %s. Make them with `hotfix pr --backport BRANCH` from a branch holding the fix.\n", strings.Join(p.Backports, ", "))
	}
	fmt.Fprintf(w, "Postmortem: %s", p.Postmortem)
	if p.PostPRURL != "" {
		fmt.Fprintf(w, " (pull request %s)", p.PostPRURL)
	} else {
		fmt.Fprintf(w, " (not committed: commit it with the closed record, or use --postmortem-pr)")
	}
	fmt.Fprintln(w)
	if len(open) > 0 {
		fmt.Fprintf(w, "Still open in the postmortem: %s.\n", strings.Join(open, ", "))
	}
	if len(issues) > 0 {
		fmt.Fprintf(w, "Action items filed: %s.\n", strings.Join(issues, ", "))
	}
	if p.KeepBranch {
		fmt.Fprintf(w, "Kept %s (close.keep_branch).\n", p.Branch)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilMB(s []mergeBack) []mergeBack {
	if s == nil {
		return []mergeBack{}
	}
	return s
}

// redactToken keeps the token out of a message.
func redactToken(err error, tok string) string {
	if tok == "" {
		return err.Error()
	}
	return strings.ReplaceAll(err.Error(), tok, "[redacted]")
}

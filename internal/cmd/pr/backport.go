package pr

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/internal/github"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Backport states.
const (
	backportDone     = "done"
	backportConflict = "conflict"
)

// backportPlan is one --backport target and how far it got.
type backportPlan struct {
	Target    string   `json:"target"`
	Branch    string   `json:"branch"`
	State     string   `json:"state,omitempty"`
	Worktree  string   `json:"worktree,omitempty"`
	Conflicts []string `json:"conflicts,omitempty"`
	Number    int      `json:"number,omitempty"`
	URL       string   `json:"url,omitempty"`
}

// backportBranch names the branch that carries the fix to target.
func backportBranch(branch, target string) string {
	return branch + "-to-" + strings.ReplaceAll(target, "/", "-")
}

// backportConflicts is the error that stops pr while backports conflict.
type backportConflicts struct {
	conflicted []backportPlan
}

func (e *backportConflicts) Error() string {
	var parts []string
	for _, b := range e.conflicted {
		parts = append(parts, fmt.Sprintf("the backport to %s has conflicts in %s: resolve them in %s and `git add` them there",
			b.Target, strings.Join(b.Conflicts, ", "), b.Worktree))
	}
	return strings.Join(parts, "; ")
}

// withoutBumps leaves pr's version bump commits out of the commits to
// pick: an older release line has a version of its own, which the bump
// from this release's version would conflict with.
func withoutBumps(ctx context.Context, repo *git.Repo, base string, commits []string) ([]string, error) {
	all, err := repo.CommitsBetween(ctx, base, "HEAD")
	if err != nil {
		return nil, err
	}
	bump := map[string]bool{}
	for _, c := range all {
		if strings.HasPrefix(c.Message, bumpSubject) {
			bump[c.Hash] = true
		}
	}
	out := commits[:0:0]
	for _, c := range commits {
		if !bump[c] {
			out = append(out, c)
		}
	}
	return out, nil
}

// backports cherry-picks the fix onto each target in its own linked work
// tree (with the git binary: go-git cannot cherry-pick), pushes it and opens
// a pull request that links the main one. A conflict stops that backport
// only; the others are finished, and --continue resumes the stopped ones
// once their conflicts are resolved.
func backports(ctx context.Context, o *Options, repo *git.Repo, cfg *config.Config, client *github.Service, p *plan, say func(string, ...interface{})) error {
	if len(p.Commits) == 0 {
		commits, err := repo.CommitsToPick(ctx, baseRef(repo, cfg, p.Base), "HEAD")
		if err != nil {
			return err
		}
		if commits, err = withoutBumps(ctx, repo, baseRef(repo, cfg, p.Base), commits); err != nil {
			return err
		}
		if len(commits) == 0 {
			return cmdutil.Failf("commit the fix first", "there are no commits to carry to the backport branches")
		}
		p.Commits = commits
	}
	store := record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}
	var conflicted []backportPlan
	for i := range p.Backports {
		b := &p.Backports[i]
		if b.State == backportDone {
			continue
		}
		if err := backportOne(ctx, o, repo, cfg, client, p, b, say); err != nil {
			var cf *git.ConflictFiles
			if errors.As(err, &cf) {
				b.State, b.Conflicts = backportConflict, cf.Files
				conflicted = append(conflicted, *b)
				say("Backport to %s stopped: conflicts in %s (resolve them in %s).", b.Target, strings.Join(cf.Files, ", "), b.Worktree)
				continue
			}
			return fmt.Errorf("backport to %s: %w", b.Target, err)
		}
	}
	if err := recordBackports(o, store, p); err != nil {
		return err
	}
	if len(conflicted) > 0 {
		return &backportConflicts{conflicted: conflicted}
	}
	return nil
}

func backportOne(ctx context.Context, o *Options, repo *git.Repo, cfg *config.Config, client *github.Service, p *plan, b *backportPlan, say func(string, ...interface{})) error {
	if b.State == backportConflict {
		if err := repo.ContinueCherryPick(ctx, b.Worktree); err != nil {
			return err
		}
	} else if b.Number == 0 {
		if err := repo.Fetch(ctx, p.Remote, b.Target, client.Token()); err != nil {
			return cmdutil.Failf(fmt.Sprintf("check that %s exists on %s", b.Target, p.Remote), "cannot fetch %s: %s", b.Target, client.Redact(err.Error()))
		}
		start := repo.RemoteBranchCommit(p.Remote, b.Target)
		if start == "" {
			return cmdutil.Failf("check the branch name", "%s has no branch %s", p.Remote, b.Target)
		}
		b.Worktree = filepath.Join(repo.GitDir(), "hotfix", "backports", strings.ReplaceAll(b.Target, "/", "-"))
		if _, err := os.Stat(b.Worktree); err == nil {
			_ = repo.RemoveWorktree(ctx, b.Worktree)
		}
		if err := repo.AddWorktree(ctx, b.Worktree, b.Branch, start); err != nil {
			return err
		}
		if err := repo.CherryPick(ctx, b.Worktree, p.Commits); err != nil {
			return err
		}
	}
	b.State, b.Conflicts = "", nil
	if err := push(ctx, o, repo, client, p, b.Branch); err != nil {
		return err
	}
	title := fmt.Sprintf("%s [backport to %s]", p.Title, b.Target)
	body := fmt.Sprintf("Backport of #%d (%s) to `%s`: the same fix, cherry-picked with `git cherry-pick -x`.\n\n%s%s -->\n", p.Number, p.URL, b.Target, Marker, p.RecordID)
	pr, _, err := client.OpenPullRequest(ctx, b.Branch, b.Target, title, body)
	if err != nil {
		return err
	}
	b.Number, b.URL = pr.Number, pr.URL
	if err := client.AddLabels(ctx, b.Number, append(append([]string(nil), p.Labels...), "backport")); err != nil {
		return err
	}
	if err := client.RequestReviewers(ctx, b.Number, p.Reviewers); err != nil {
		return err
	}
	b.State = backportDone
	if b.Worktree != "" {
		if err := repo.RemoveWorktree(ctx, b.Worktree); err == nil {
			b.Worktree = ""
		}
	}
	say("Backport to %s: pull request #%d %s", b.Target, b.Number, b.URL)
	return nil
}

// recordBackports writes the backports into the record (not committed: the
// main pull request already carries the record).
func recordBackports(o *Options, store record.Store, p *plan) error {
	rec, err := store.Load(p.RecordID)
	if err != nil {
		return err
	}
	now := o.Clock.Now().UTC().Truncate(time.Second)
	known := map[string]bool{}
	for _, b := range rec.Backports {
		if b.Number != 0 {
			known[b.Target] = true
		}
	}
	rec.Backports = nil
	for _, b := range p.Backports {
		state := b.State
		if state == "" {
			state = "pending"
		}
		rec.Backports = append(rec.Backports, record.Backport{Target: b.Target, Branch: b.Branch, State: state, Conflicts: b.Conflicts, Number: b.Number, URL: b.URL})
		if b.State == backportDone && !known[b.Target] {
			rec.AddEvent(record.Event{At: now, Kind: record.EventBackport, Text: fmt.Sprintf("backport to %s: pull request #%d %s", b.Target, b.Number, b.URL),
				Fields: map[string]string{"target": b.Target, "number": fmt.Sprint(b.Number), "url": b.URL}})
		}
	}
	return store.Save(rec)
}

package start

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/fsutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/github"
	"github.com/hotfix-dev/hotfix/internal/steps"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// plan is everything start decided before changing anything. It is saved
// under .git/hotfix/start.json while the steps run, so that --continue and
// --abort redo or undo exactly this start.
type plan struct {
	Branch     string `json:"branch"`
	Base       string `json:"base"`
	BaseCommit string `json:"base_commit"`
	OrigBranch string `json:"orig_branch"`
	OrigCommit string `json:"orig_commit"`
	RecordID   string `json:"record_id"`
	RecordPath string `json:"record_path"`
	RecordYAML string `json:"record_yaml"`
}

// Step kinds, stable across releases.
const (
	stepCreateBranch = "create-branch"
	stepCheckout     = "checkout"
	stepWriteRecord  = "write-record"
)

func (p *plan) record() (*record.Record, error) {
	return record.Parse(p.RecordPath, []byte(p.RecordYAML))
}

// steps are start's actions, each idempotent and undoable.
func (p *plan) steps(repo *git.Repo, store record.Store) []steps.Step {
	return []steps.Step{
		{
			Kind: stepCreateBranch,
			Run:  func(ctx context.Context) error { return repo.CreateBranch(p.Branch, p.BaseCommit) },
			Undo: func(ctx context.Context) error {
				h, err := repo.ResolveCommit("refs/heads/" + p.Branch)
				if err != nil {
					// Never made (start was killed before it), or left
					// empty by a write that failed (a full disk).
					_, err := repo.RemoveEmptyRef("refs/heads/" + p.Branch)
					return err
				}
				if h != p.BaseCommit {
					return fmt.Errorf("branch %s has new commits; delete it yourself if you mean to", p.Branch)
				}
				return repo.DeleteBranch(p.Branch)
			},
		},
		{
			Kind: stepCheckout,
			Run: func(ctx context.Context) error {
				err := repo.Checkout(ctx, p.Branch)
				var ce *git.ConflictError
				if errors.As(err, &ce) {
					return cmdutil.Failf("move those files away (or commit them), then run `hotfix start --continue`", "%v", ce)
				}
				return err
			},
			Undo: func(ctx context.Context) error {
				if cur, _ := repo.CurrentBranch(); cur != p.Branch {
					return nil
				}
				if p.OrigBranch != "" {
					return repo.Checkout(ctx, p.OrigBranch)
				}
				return repo.CheckoutDetached(ctx, p.OrigCommit)
			},
		},
		{
			Kind: stepWriteRecord,
			Run: func(ctx context.Context) error {
				rec, err := p.record()
				if err != nil {
					return err
				}
				return store.Save(rec)
			},
			Undo: func(ctx context.Context) error {
				return fsutil.Remove(store.Path(p.RecordID))
			},
		},
	}
}

// makePlan validates the answers against the repository and decides the
// branch, base and record, changing nothing.
func makePlan(ctx context.Context, o *Options, repo *git.Repo, cfg *config.Config, store record.Store, det detected, a *answers) (*plan, error) {
	now := o.Clock.Now()
	if a.Version != "" {
		if _, err := repo.ResolveCommit(a.Version); err != nil {
			return nil, cmdutil.Failf("pass --version with an existing release tag (see `git tag --list`; `git fetch --tags` fetches new ones)",
				"unknown version %q: no tag, branch or commit of that name", a.Version)
		}
	}
	baseCommit, err := repo.ResolveCommit(a.Base)
	if _, headErr := repo.HeadCommit(); err != nil && headErr != nil {
		return nil, cmdutil.Failf("commit and tag the release that is in production first, then run `hotfix start`",
			"the repository has no commits yet, so there is no release to fix")
	}
	if err != nil {
		return nil, cmdutil.Failf("pass --base with an existing tag, branch or commit (see `git tag --list` and `git branch -a`)",
			"unknown base %q: no tag, branch or commit of that name", a.Base)
	}
	origBranch, _ := repo.CurrentBranch()
	origCommit, err := repo.HeadCommit()
	if err != nil {
		return nil, cmdutil.Failf("make a first commit, then start the hotfix", "the repository has no commits yet")
	}

	id := record.NewID(now, a.Title)
	for n := 2; store.Exists(id) || repo.FileExistsAt(baseCommit, store.RelPath(id)); n++ {
		id = fmt.Sprintf("%s-%d", record.NewID(now, a.Title), n)
	}
	sev, _ := cfg.Severity(a.Severity)
	branch, err := branchName(cfg, a, id, now.UTC().Format("2006-01-02"))
	if err != nil {
		return nil, err
	}
	if err := refuseExistingBranch(ctx, o, repo, cfg, branch); err != nil {
		return nil, err
	}
	dl, err := deadlines(a, sev, now)
	if err != nil {
		return nil, err
	}
	rec := &record.Record{
		Schema:    record.SchemaVersion,
		ID:        id,
		Phase:     record.PhaseInvestigating,
		Created:   now.UTC().Truncate(1e9),
		Incident:  a.Incident,
		Branch:    record.Branch{Name: branch, Base: a.Base, BaseCommit: baseCommit, Production: det.Production},
		Deadlines: dl,
	}
	if cfg.Origin.Ref != "" {
		rec.Policy = &record.Policy{Ref: cfg.Origin.Ref, Commit: cfg.Origin.Commit, Absent: cfg.Origin.Absent}
	}
	rec.AddEvent(record.Event{At: now, Kind: record.EventStarted, By: a.Owner,
		Text:   fmt.Sprintf("hotfix started on %s from %s", branch, a.Base),
		Fields: map[string]string{"branch": branch, "base": a.Base, "base_commit": baseCommit, "severity": a.Severity}})
	if err := rec.Validate(); err != nil {
		return nil, cmdutil.Usagef("", "the answers do not make a valid record: %v", err)
	}
	data, err := rec.Marshal()
	if err != nil {
		return nil, err
	}
	return &plan{Branch: branch, Base: a.Base, BaseCommit: baseCommit, OrigBranch: origBranch, OrigCommit: origCommit,
		RecordID: id, RecordPath: store.RelPath(id), RecordYAML: string(data)}, nil
}

// branchName renders the configured template. An empty version leaves no
// stray dashes or slashes behind.
func branchName(cfg *config.Config, a *answers, id, date string) (string, error) {
	var sb strings.Builder
	vars := config.BranchVars{Version: a.Version, Slug: record.Slug(a.Title), ID: id, Severity: a.Severity, Date: date}
	if err := cfg.BranchTemplate().Execute(&sb, vars); err != nil {
		return "", cmdutil.Failf("fix branches.hotfix in "+config.FileName, "cannot render the branch name: %v", err)
	}
	name := sb.String()
	for _, r := range [][2]string{{"/-", "/"}, {"-/", "/"}, {"--", "-"}, {"//", "/"}} {
		for strings.Contains(name, r[0]) {
			name = strings.ReplaceAll(name, r[0], r[1])
		}
	}
	name = strings.Trim(name, "-/")
	if err := git.CheckBranchName(name); err != nil {
		return "", cmdutil.Failf("change branches.hotfix in "+config.FileName+", or the version", "%v", err)
	}
	return name, nil
}

// refuseExistingBranch refuses a branch that exists locally, in the last
// fetched state of the remote, or on the remote now. When the remote cannot
// be reached, the last fetched state is trusted and a warning says so.
func refuseExistingBranch(ctx context.Context, o *Options, repo *git.Repo, cfg *config.Config, branch string) error {
	if ok, err := repo.BranchExists(branch); err != nil {
		return err
	} else if ok {
		return cmdutil.Failf(fmt.Sprintf("switch to it (git switch %s) if it is this incident, or choose another title", branch),
			"branch %s already exists", branch)
	}
	// git keeps a branch as a file under .git/refs/heads: a branch "hotfix"
	// leaves no room for "hotfix/v1.0.1-x", nor it for "hotfix/v1.0.1-x/y".
	for i := range branch {
		if branch[i] != '/' {
			continue
		}
		if ok, _ := repo.BranchExists(branch[:i]); ok {
			return cmdutil.Failf(fmt.Sprintf("rename it (git branch -m %s %s-old), or change branches.hotfix in %s", branch[:i], branch[:i], config.FileName),
				"git cannot make branch %s while a branch named %s exists", branch, branch[:i])
		}
	}
	if under, _ := repo.Branches(branch + "/"); len(under) > 0 {
		return cmdutil.Failf("choose another title, or change branches.hotfix in "+config.FileName,
			"git cannot make branch %s while branches under it exist (%s)", branch, under[0].Name)
	}
	if ok, _ := repo.RemoteTrackingBranchExists(cfg.Remote, branch); ok {
		return cmdutil.Failf(fmt.Sprintf("someone has started it already: git switch %s, or choose another title", branch),
			"branch %s already exists on %s", branch, cfg.Remote)
	}
	if !repo.HasRemote(cfg.Remote) {
		return nil
	}
	// The token pushes use for the remote's host, so that a private https
	// remote answers rather than refusing and leaving a warning.
	token := ""
	if o.Getenv != nil {
		token = github.PushToken(o.Getenv, repo.RemoteURL(cfg.Remote))
	}
	ok, err := repo.RemoteBranchExists(ctx, cfg.Remote, branch, token)
	if err != nil {
		fmt.Fprintf(o.IO.ErrOut, "warning: could not ask %s whether %s exists (%v); checked the last fetched state only\n", cfg.Remote, branch, firstLine(err))
		return nil
	}
	if ok {
		return cmdutil.Failf(fmt.Sprintf("someone has started it already: git fetch %s && git switch %s, or choose another title", cfg.Remote, branch),
			"branch %s already exists on %s", branch, cfg.Remote)
	}
	return nil
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

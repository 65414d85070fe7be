// Package pr implements `hotfix pr`: it runs verify, pushes the hotfix
// branch with go-git and opens (or updates) its pull request through the
// GitHub API, with the incident record as its body, labels and reviewers,
// then carries the fix to other branches with --backport. Every step is
// idempotent and saved, so a rerun or --continue never makes a second pull
// request.
package pr

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/gh"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/github"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/records"
	"github.com/hotfix-dev/hotfix/internal/steps"
	"github.com/hotfix-dev/hotfix/internal/verifyrun"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
	engine "github.com/hotfix-dev/hotfix/pkg/verify"
)

// Options are pr's flags and dependencies.
type Options struct {
	IO         *iostreams.IOStreams
	Clock      clock.Clock
	Getenv     func(string) string
	OpenRepo   func() (*git.Repo, error)
	LoadConfig func(repo *git.Repo) (*config.Config, error)
	// HTTPClient is the client the GitHub API is reached with; nil means
	// a new one with timeouts.
	HTTPClient *http.Client
	// Sleep waits between API retries; tests replace it.
	Sleep func(context.Context, time.Duration) error
	// APITimeout bounds one attempt of an API request; zero is the default.
	APITimeout time.Duration
	// Verbose logs each API request and answer to stderr (--verbose).
	Verbose bool
	// RunCommand runs verify's test command.
	RunCommand func(ctx context.Context, dir, command string, timeout time.Duration) verifyrun.CommandResult

	DryRun         bool
	JSON           bool
	Continue       bool
	Abort          bool
	Base           string
	Draft          bool
	SkipVerify     string
	Waive          []string
	NoRun          bool
	ForceWithLease bool
	Backport       []string
	Reviewers      []string
	// NoPost posts nothing to Slack (the pull request's link in the
	// report's thread and the PR channel).
	NoPost bool
}

// NewCmd returns the pr command; runF replaces the run in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "pr",
		Short: "Verify, push the hotfix branch and open (or update) its pull request",
		Long: `Run verify on this hotfix branch (a failing rule stops pr unless it is waived,
or --skip-verify REASON is given and shown in the pull request), push the branch
with the token, and open the pull request against the production branch (or
--base), or update the open one for this branch: never a second. The title and
body come from the incident record; labels are hotfix and the severity;
reviewers come from .hotfix.yaml and CODEOWNERS, never the author. The files
in release.version_files are bumped to the next patch version, in one commit
of their own, before the push.

The token is GH_TOKEN, else GITHUB_TOKEN (GH_ENTERPRISE_TOKEN or
GITHUB_ENTERPRISE_TOKEN for GitHub Enterprise). The API base is GITHUB_API_URL
or pr.api_url; the repository is GITHUB_REPOSITORY, pr.repository, or the push
remote's URL. If pr stops part-way (network, rate limit, a conflict in a
backport), rerun it or use --continue; --abort forgets the saved progress.

With a Slack bot token in SLACK_BOT_TOKEN and the record's report link naming a
Slack message, pr posts the pull request's link as an update in the report's
thread and, when update.slack.pr_channel names one, in that channel, once per
pull request: each permalink is recorded, and the record committed and pushed.
A post Slack refuses is recorded as not posted with the reason and stops pr
(exit 3, or 4 for the token or its scopes): fix it and --continue, or
--continue --no-post (see docs/update.md).`,
		Example: `  hotfix pr
  hotfix pr --draft --reviewer alice
  hotfix pr --backport release/1.3 --backport release/1.2
  hotfix pr --skip-verify "tests run in the staging pipeline (#88)"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.IO, o.Clock, o.Getenv, o.OpenRepo, o.LoadConfig = f.IOStreams, f.Clock, f.Env, f.OpenRepo, f.LoadConfig
			o.DryRun, o.HTTPClient, o.Sleep = f.DryRun, f.HTTPClient, f.Sleep
			o.APITimeout, o.Verbose = f.Timeouts.API, f.Verbose
			if o.RunCommand == nil {
				o.RunCommand = verifyrun.RunShell
			}
			if o.Continue && o.Abort {
				return &cmdutil.FlagError{Err: errors.New("--continue and --abort cannot be used together")}
			}
			if cmd.Flags().Changed("skip-verify") && strings.TrimSpace(o.SkipVerify) == "" {
				return &cmdutil.FlagError{Err: errors.New("--skip-verify needs a reason, shown in the pull request: --skip-verify \"REASON\"")}
			}
			for _, w := range o.Waive {
				if _, err := engine.ParseWaiver(w); err != nil {
					return &cmdutil.FlagError{Err: fmt.Errorf("--waive: %v", err)}
				}
			}
			for _, b := range o.Backport {
				if err := git.CheckBranchName(b); err != nil {
					return &cmdutil.FlagError{Err: fmt.Errorf("--backport: %v", err)}
				}
			}
			if runF != nil {
				return runF(o)
			}
			return Run(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Base, "base", "", "the branch the pull request merges into (default: the production branch)")
	fl.BoolVar(&o.Draft, "draft", false, "open the pull request as a draft")
	fl.StringVar(&o.SkipVerify, "skip-verify", "", "skip verify, for this reason (shown in the pull request)")
	fl.StringArrayVar(&o.Waive, "waive", nil, "waive a verify rule: RULE=REASON (repeatable)")
	fl.BoolVar(&o.NoRun, "no-run", false, "verify without running the tests (in a terminal)")
	fl.BoolVar(&o.ForceWithLease, "force-with-lease", false, "overwrite the remote branch if it is still where this clone last saw it")
	fl.StringArrayVar(&o.Backport, "backport", nil, "also open a pull request with the fix cherry-picked onto BRANCH (repeatable)")
	fl.StringArrayVar(&o.Reviewers, "reviewer", nil, "also ask this user or org/team to review (repeatable)")
	fl.BoolVar(&o.JSON, "json", false, "print the result as JSON")
	fl.BoolVar(&o.NoPost, "no-post", false, "post nothing to Slack (the pull request's link in the report's thread and the PR channel)")
	fl.BoolVar(&o.Continue, "continue", false, "finish a pr that stopped part-way")
	fl.BoolVar(&o.Abort, "abort", false, "forget the saved progress of a pr that stopped part-way")
	complete.Flag(cmd, "base", complete.Ref)
	complete.Flag(cmd, "skip-verify", complete.FreeText)
	complete.Flag(cmd, "waive", complete.Waiver)
	complete.Flag(cmd, "backport", complete.Branch)
	complete.Flag(cmd, "reviewer", complete.FreeText)
	cmdutil.SetLock(cmd, cmdutil.LockAlways)
	return cmd
}

// plan is what pr decided, saved with its progress.
type plan struct {
	Branch     string   `json:"branch"`
	Base       string   `json:"base"`
	Remote     string   `json:"remote"`
	Repo       string   `json:"repo"`
	Host       string   `json:"host"`
	APIURL     string   `json:"api_url"`
	RecordID   string   `json:"record_id"`
	RecordPath string   `json:"record_path"`
	Title      string   `json:"title"`
	Labels     []string `json:"labels"`
	Reviewers  []string `json:"reviewers"`
	Draft      bool     `json:"draft"`
	SkipVerify string   `json:"skip_verify,omitempty"`
	Commits    []string `json:"commits"`
	Number     int      `json:"number,omitempty"`
	URL        string   `json:"url,omitempty"`
	Action     string   `json:"action,omitempty"`
	DraftNote  string   `json:"draft_note,omitempty"`
	// firstRun says the record had no pull request when the pull-request
	// step began (not saved: each run sets it).
	firstRun bool
	// unchanged says the open pull request already had this title and
	// body: a pr run again with nothing new, whose event is not recorded
	// twice.
	unchanged bool
	Backports []backportPlan `json:"backports,omitempty"`
	// Bump is the bump of release.version_files; nil when none are
	// configured.
	Bump *VersionBump `json:"bump,omitempty"`
}

// Result is pr's --json output.
type Result struct {
	Action    string           `json:"action"`
	Number    int              `json:"number"`
	URL       string           `json:"url"`
	Base      string           `json:"base"`
	Branch    string           `json:"branch"`
	Draft     bool             `json:"draft"`
	Labels    []string         `json:"labels"`
	Reviewers []string         `json:"reviewers"`
	Backports []BackportResult `json:"backports"`
	// VersionBump is the bump of release.version_files; absent when none
	// are configured.
	VersionBump *VersionBump `json:"version_bump,omitempty"`
}

// BackportResult is one backport in the --json output.
type BackportResult struct {
	Target    string   `json:"target"`
	State     string   `json:"state"`
	Number    int      `json:"number,omitempty"`
	URL       string   `json:"url,omitempty"`
	Conflicts []string `json:"conflicts,omitempty"`
	Worktree  string   `json:"worktree,omitempty"`
}

// Run runs pr with o.
func Run(ctx context.Context, o *Options) error {
	repo, err := o.OpenRepo()
	if err != nil {
		return err
	}
	defer repo.Close()
	cfg, err := o.LoadConfig(repo)
	if err != nil {
		return err
	}
	p := &plan{}
	var client *github.Service
	return steps.Drive(ctx, &steps.Command{
		Runner:    steps.Runner{Dir: filepath.Join(repo.GitDir(), "hotfix"), Command: "pr", Now: o.Clock.Now, Snapshot: func() interface{} { return p }},
		Data:      p,
		Continue:  o.Continue,
		Abort:     o.Abort,
		DryRun:    o.DryRun,
		FreshHint: "run `hotfix pr` to open the pull request",
		Subject:   func() string { return "for " + p.Branch },
		Prepare: func(ctx context.Context) error {
			branch, _ := repo.CurrentBranch()
			var err error
			if client, err = newClient(o, cfg, repo, p, false); err != nil {
				return err
			}
			return prepare(ctx, o, repo, cfg, client, p, branch)
		},
		Resume: func(ctx context.Context, _ *steps.State) error {
			if branch, _ := repo.CurrentBranch(); p.Branch != branch {
				return cmdutil.Failf(fmt.Sprintf("git switch %s and run `hotfix pr --continue`, or `hotfix pr --abort` to forget it", p.Branch),
					"an interrupted `hotfix pr` for branch %s is saved, but you are on %s", p.Branch, orDetached(branch))
			}
			var err error
			client, err = newClient(o, cfg, repo, p, true)
			return err
		},
		Steps:       func() []steps.Step { return p.steps(o, repo, cfg, client) },
		PrintDryRun: func() error { return printDryRun(o, cfg, repo, p) },
		Finish:      func() error { return printResult(o, p) },
		Aborted: func(*steps.State) error {
			fmt.Fprintln(o.IO.Out, "Forgot the saved progress of `hotfix pr`. What was pushed and opened stays; a new `hotfix pr` updates the pull request rather than making another.")
			return nil
		},
		Explain: func(err error) error { return explain(err, client) },
		Out:     o.IO.Out, ErrOut: o.IO.ErrOut,
	})
}

func orDetached(b string) string {
	if b == "" {
		return "a detached HEAD"
	}
	return b
}

// newClient resolves the repository on the host (unless resumed: the plan
// has it) and makes the API client.
func newClient(o *Options, cfg *config.Config, repo *git.Repo, p *plan, resumed bool) (*github.Service, error) {
	now, err := github.ResolveTarget(o.Getenv, cfg, repo)
	if err != nil {
		return nil, err
	}
	saved := github.Target{Remote: p.Remote, Repo: p.Repo, Host: p.Host, APIURL: p.APIURL}
	opened := p.Number
	if rec, err := (record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}).Load(p.RecordID); opened == 0 && err == nil && rec.PullRequest != nil {
		opened = rec.PullRequest.Number
	}
	switch {
	case !resumed:
	case saved.Same(now):
	case opened == 0:
		// Nothing was made on the saved target yet (a wrong
		// GITHUB_REPOSITORY, since fixed): the run goes on with the
		// environment's.
		fmt.Fprintf(o.IO.ErrOut, "note: the interrupted `hotfix pr` was for %s; continuing with %s, as the environment now says (nothing was opened on the other)\n", saved, now)
	default:
		return nil, cmdutil.Failf(fmt.Sprintf("put the environment back to continue (GITHUB_REPOSITORY, GITHUB_API_URL), or run `hotfix pr --abort`, then `hotfix pr` (pull request #%d on %s stays)", opened, saved),
			"the interrupted `hotfix pr` opened pull request #%d on %s, but the environment now says %s", opened, saved, now)
	}
	if !resumed || !saved.Same(now) {
		p.Remote, p.Repo, p.Host, p.APIURL = now.Remote, now.Repo, now.Host, now.APIURL
	}
	t := github.Target{Remote: p.Remote, Repo: p.Repo, Host: p.Host, APIURL: p.APIURL}
	return github.New(t, github.Deps{IO: o.IO, Getenv: o.Getenv, HTTPClient: o.HTTPClient, Sleep: o.Sleep, Now: o.Clock.Now, DryRun: o.DryRun,
		Timeout: o.APITimeout, Verbose: o.Verbose})
}

// prepare decides everything before anything is pushed: the record, the
// verify verdict, the base, the title, body, labels and reviewers.
func prepare(ctx context.Context, o *Options, repo *git.Repo, cfg *config.Config, client *github.Service, p *plan, branch string) error {
	if branch == "" {
		return cmdutil.Failf("git switch to the hotfix branch, then run `hotfix pr`", "HEAD is detached: pr needs the hotfix branch checked out")
	}
	rec, err := records.ForBranch(repo, cfg, branch)
	if err != nil {
		return cmdutil.Failf("fix the record file (its error is above)", "cannot read the incident record: %v", err)
	}
	if rec == nil {
		return cmdutil.Failf("start hotfixes with `hotfix start`, which writes the record; or switch to the hotfix branch",
			"no incident record in %s/ names branch %s", cfg.Records.Dir, branch)
	}
	if rec.Phase == record.PhaseAbandoned {
		return cmdutil.Failf("start a new hotfix if the work is needed after all", "hotfix %s was abandoned; no pull request is opened for it", rec.ID)
	}
	store := record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}
	p.Branch, p.RecordID, p.RecordPath = branch, rec.ID, store.RelPath(rec.ID)
	p.Base = o.Base
	if p.Base == "" {
		p.Base = cfg.Branches.Production
		if p.Base == "" {
			p.Base = rec.Branch.Production
		}
		if p.Base == "" {
			p.Base = repo.DefaultBranch(cfg.Remote)
		}
	}
	// Uncommitted work would not be in the pull request.
	dirty, err := repo.DirtyFiles(ctx)
	if err != nil {
		return err
	}
	var other []string
	for _, c := range dirty {
		if c.Path != p.RecordPath {
			other = append(other, c.Path)
		}
	}
	if len(other) > 0 {
		return cmdutil.Failf("commit them (they would not be in the pull request), or stash them", "uncommitted changes: %s", strings.Join(other, ", "))
	}

	// Record commits, the version bump and the pushes are signed and
	// hooked as the repository asks, or pr stops here.
	if err := cmdutil.CheckWrites(ctx, repo, git.Writes{Commits: true, Pushes: true}); err != nil {
		return err
	}

	// Verify the committed change against the base.
	vo := &verifyrun.Options{IO: o.IO, Clock: o.Clock, Getenv: o.Getenv, RunCommand: o.RunCommand, Base: baseRef(repo, cfg, p.Base), CommittedOnly: true,
		Waive: o.Waive, NoRun: o.NoRun, Format: "text"}
	if o.SkipVerify == "" {
		report, err := verifyrun.Gate(ctx, vo, repo, cfg)
		if err != nil {
			return err
		}
		if !o.DryRun {
			if err := verifyrun.SaveResult(o.Clock, repo, cfg, rec, report); err != nil {
				return err
			}
		} else {
			rec.Verify = &record.VerifyResult{Commit: report.Head, Base: report.Base, Passed: report.Passed}
		}
	} else {
		p.SkipVerify = o.SkipVerify
	}
	if rec, err = store.Load(rec.ID); err != nil && !o.DryRun {
		return err
	}

	if err := planBump(repo, cfg, rec, p); err != nil {
		return err
	}

	if p.Title, err = Title(cfg, rec); err != nil {
		return cmdutil.Failf("fix pr.title in "+config.FileName, "cannot render the title: %v", err)
	}
	if p.Labels, err = Labels(cfg, rec); err != nil {
		return cmdutil.Failf("fix pr.labels in "+config.FileName, "cannot render the labels: %v", err)
	}
	p.Draft = o.Draft || cfg.PR.Draft

	// Reviewers: config, --reviewer, CODEOWNERS of the changed files; never
	// the author.
	author := ""
	if client != nil && !o.DryRun {
		login, err := client.CurrentUser(ctx)
		if err != nil {
			var ce *cmdutil.Error
			if errors.As(err, &ce) {
				return err
			}
			return cmdutil.Wrap(err, cmdutil.ExitFailure, err.Error()+"; nothing was pushed",
				"run `hotfix pr` again once GitHub answers (the network, GitHub's status page, or the rate limit's reset)")
		}
		author = login
	}
	reviewers, err := chooseReviewers(ctx, o, repo, cfg, p, author)
	if err != nil {
		return err
	}
	p.Reviewers = reviewers
	if n := cfg.PR.MinReviewers; len(reviewers) < n {
		return cmdutil.Failf("add reviewers with --reviewer or pr.reviewers in "+config.FileName+" (the author cannot review their own fix)",
			"the policy asks for at least %d reviewer(s) and only %d can be found (%s); nothing was pushed", n, len(reviewers), strings.Join(reviewers, ", "))
	}
	for _, b := range o.Backport {
		p.Backports = append(p.Backports, backportPlan{Target: b, Branch: backportBranch(p.Branch, b)})
	}
	return nil
}

// baseRef is the ref verify compares with: the local branch, else the
// remote's copy.
func baseRef(repo *git.Repo, cfg *config.Config, base string) string {
	if ok, _ := repo.BranchExists(base); ok {
		return base
	}
	if ok, _ := repo.RemoteTrackingBranchExists(cfg.Remote, base); ok {
		return cfg.Remote + "/" + base
	}
	return base
}

// explain turns step failures into messages with a way forward.
func explain(err error, client *github.Service) error {
	var se *steps.StoppedError
	if !errors.As(err, &se) {
		return err
	}
	var ce *cmdutil.Error
	if errors.As(se.Err, &ce) && ce.Code == cmdutil.ExitAuth {
		return &cmdutil.Error{Code: cmdutil.ExitAuth, Msg: fmt.Sprintf("pr stopped at step %q: %s", se.Step, ce.Msg), Fix: ce.Fix + "; then `hotfix pr --continue`", Err: err}
	}
	var rl *gh.RateLimitError
	if errors.As(se.Err, &rl) {
		return &cmdutil.Error{Code: cmdutil.ExitStopped, Msg: fmt.Sprintf("pr stopped at step %q: %v", se.Step, rl),
			Fix: fmt.Sprintf("progress is saved; run `hotfix pr --continue` after %s", rl.Reset.Local().Format("15:04")), Err: err}
	}
	return err
}

package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/policy"
	"github.com/hotfix-dev/hotfix/internal/prompter"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/strictyaml"
)

// Factory holds the dependencies commands copy into their options. The global
// flags fill RepoDir, DryRun, Verbose and NoInput before a command runs.
type Factory struct {
	IOStreams *iostreams.IOStreams
	Clock     clock.Clock
	// Getenv reads the environment; tests replace it.
	Getenv func(string) string
	// Prompter returns the prompter; called only when IOStreams.CanPrompt().
	Prompter func() prompter.Prompter

	// RepoDir is --repo; empty means the working directory.
	RepoDir string
	// DryRun is --dry-run.
	DryRun bool
	// Verbose is -v/--verbose.
	Verbose bool
	// NoInput is --no-input.
	NoInput bool
	// ConfigFile is --config: a policy file that overrides the governing
	// .hotfix.yaml, for a local experiment.
	ConfigFile string
	// Git tunes how repositories are opened.
	Git git.OpenOptions
	// HTTPClient reaches the GitHub API; nil means a client with timeouts.
	HTTPClient *http.Client
	// Sleep waits between API retries; nil means really waiting. Tests
	// replace it so that retries and Retry-After cost no time.
	Sleep func(context.Context, time.Duration) error
	// LockWait is how long a command that changes the repository waits for
	// another hotfix process to release the repository lock before it
	// refuses; 0 means DefaultLockWait.
	LockWait time.Duration
	// Timeouts bound the network calls to the API and the webhook (git's
	// are Git.NetTimeout); zero fields keep the defaults. Tests shorten
	// them so that a stalled server costs a second.
	Timeouts Timeouts
}

// DefaultLockWait is how long a command waits for the repository lock: long
// enough to outlast a timeline event or a git hook's run, short enough that
// nobody wonders whether hotfix hangs.
const DefaultLockWait = 5 * time.Second

// LockTimeout is LockWait, or DefaultLockWait when it is not set.
func (f *Factory) LockTimeout() time.Duration {
	if f.LockWait > 0 {
		return f.LockWait
	}
	return DefaultLockWait
}

// Timeouts bound network calls; zero means the default.
type Timeouts struct {
	// API bounds one attempt of a GitHub API request, body included
	// (default gh.DefaultTimeout, 60s).
	API time.Duration
	// Webhook bounds the status update's post (default 15s).
	Webhook time.Duration
}

// OpenRepo opens the repository at --repo or the working directory, with an
// error that says how to fix it.
func (f *Factory) OpenRepo() (*git.Repo, error) {
	dir := f.RepoDir
	if dir == "" {
		var err error
		if dir, err = os.Getwd(); err != nil {
			return nil, err
		}
	}
	opts := f.Git
	if opts.Getenv == nil {
		opts.Getenv = f.Env
	}
	r, err := git.Open(dir, opts)
	switch {
	case errors.Is(err, git.ErrNotRepository):
		return nil, Failf("run hotfix inside a git repository, or pass --repo DIR", "%s is not inside a git repository", dir)
	case errors.Is(err, git.ErrBareRepository):
		return nil, Failf(fmt.Sprintf("clone it (git clone %s work) and run hotfix in the clone", dir), "%s is %v: hotfix needs a checked-out work tree", dir, err)
	case errors.Is(err, git.ErrSHA256):
		return nil, Failf("use hotfix on a SHA-1 clone of the project", "%s is %v", dir, git.ErrSHA256)
	case errors.Is(err, git.ErrPartialClone):
		return nil, Failf("use a full clone (git clone without --filter; in actions/checkout, leave filter unset)", "%s is %v", dir, git.ErrPartialClone)
	case errors.Is(err, git.ErrWorktreeConfig):
		return nil, Failf("run hotfix in a full clone (git clone URL), or, if nothing else needs it, git config --unset extensions.worktreeConfig", "%s is %v", dir, git.ErrWorktreeConfig)
	}
	if err != nil {
		return nil, Wrap(err, ExitFailure, fmt.Sprintf("cannot open the repository at %s: %v", dir, err), "check that it is a git work tree you can read")
	}
	return r, nil
}

// LoadConfig returns the governing policy: --config, else .hotfix.yaml at
// the tip of the production branch, whatever is checked out (see
// internal/policy). A notice line on stderr says when the work tree's copy
// differs, or when --config or the work tree governs.
func (f *Factory) LoadConfig(repo *git.Repo) (*config.Config, error) {
	return f.policyError(policy.Governing(repo, f.policyOptions()))
}

// LoadConfigAt returns the policy as rev, which names commit, has it, for
// verify: the base side of the change governs its check.
func (f *Factory) LoadConfigAt(repo *git.Repo, rev, commit string) (*config.Config, error) {
	return f.policyError(policy.AtCommit(repo, rev, commit, f.policyOptions()))
}

func (f *Factory) policyOptions() policy.Options {
	o := policy.Options{File: f.ConfigFile}
	if f.IOStreams != nil {
		o.Notify = func(s string) { fmt.Fprintln(f.IOStreams.ErrOut, s) }
	}
	return o
}

func (f *Factory) policyError(c *config.Config, err error) (*config.Config, error) {
	var se *strictyaml.Error
	if errors.As(err, &se) {
		return nil, Wrap(err, ExitFailure, se.Error(), "fix "+config.FileName+" (its keys are in docs/config.md)")
	}
	if err != nil {
		return nil, Wrap(err, ExitFailure, fmt.Sprintf("cannot read %s: %v", config.FileName, err), "")
	}
	return c, nil
}

// Env reads an environment variable through Getenv.
func (f *Factory) Env(k string) string {
	if f.Getenv == nil {
		return os.Getenv(k)
	}
	return f.Getenv(k)
}

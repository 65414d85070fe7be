package testutil

import (
	"context"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/hotfixcmd"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/prompter"
)

// Now is the fixed time commands see in CLI tests.
var Now = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// CLI runs hotfix in-process against a repository, with buffers for the
// streams, a fixed clock and its own environment (the test process's CI or
// HOTFIX_NO_INPUT never leak in).
type CLI struct {
	// Dir is passed as --repo.
	Dir string
	// Prompter, when set, makes the streams act as a terminal and answers
	// the prompts; when nil, stdin and stdout are not terminals.
	Prompter prompter.Prompter
	// Clock is the time; Now when nil.
	Clock clock.Clock
	// Env is the environment commands read through the factory.
	Env map[string]string
	// PureGo opens repositories without the git binary.
	PureGo bool
	// Sleep replaces the waits between API retries (nil: no wait at all).
	Sleep func(context.Context, time.Duration) error
	// Terminal makes stdout and stderr act as terminals (colour, progress
	// indicators) without making prompting possible.
	Terminal bool
	// ProgressDelay, when set, replaces the second a command's work runs
	// before its progress indicator appears (with Terminal).
	ProgressDelay time.Duration
	// Stdin is what the command reads from standard input.
	Stdin string
	// LockWait replaces how long a command waits for the repository lock
	// (0: the default).
	LockWait time.Duration
	// Timeouts shorten the API's and the webhook's timeouts, and
	// GitTimeout git's push and fetch, so that a stalled server costs a
	// second (zero: the defaults).
	Timeouts   cmdutil.Timeouts
	GitTimeout time.Duration
}

// Result is what a run printed and its exit code.
type Result struct {
	Out, Err string
	Code     int
}

// Run executes `hotfix --repo Dir args...`.
func (c CLI) Run(t testing.TB, args ...string) Result {
	t.Helper()
	return c.RunContext(context.Background(), t, args...)
}

// RunContext is Run with a context, to test interruption.
func (c CLI) RunContext(ctx context.Context, t testing.TB, args ...string) Result {
	t.Helper()
	ios, in, out, errOut := iostreams.Test()
	in.WriteString(c.Stdin)
	getenv := func(k string) string { return c.Env[k] }
	ios.SetGetenv(getenv)
	f := &cmdutil.Factory{IOStreams: ios, Clock: c.Clock, Getenv: getenv}
	if f.Clock == nil {
		f.Clock = clock.NewFixed(Now)
	}
	f.Git.PureGo = c.PureGo
	f.Git.NetTimeout = c.GitTimeout
	f.Timeouts = c.Timeouts
	f.Sleep = c.Sleep
	f.LockWait = c.LockWait
	if f.Sleep == nil {
		f.Sleep = func(context.Context, time.Duration) error { return nil }
	}
	if c.Terminal {
		ios.SetTTY(false, true)
		ios.SetStderrTTY(true)
		ios.SetProgressDelay(c.ProgressDelay)
	}
	if c.Prompter != nil {
		ios.SetTTY(true, true)
		f.Prompter = func() prompter.Prompter { return c.Prompter }
	} else {
		f.Prompter = func() prompter.Prompter {
			t.Errorf("a prompt was shown without a terminal")
			return prompter.NewScripted()
		}
	}
	if c.Dir != "" {
		args = append([]string{"--repo", c.Dir}, args...)
	}
	code := hotfixcmd.Run(ctx, f, args)
	return Result{Out: out.String(), Err: errOut.String(), Code: code}
}

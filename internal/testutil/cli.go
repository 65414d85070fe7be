package testutil

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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

// stackTrace matches what a Go panic or a leaked error chain with source
// positions looks like.
var stackTrace = regexp.MustCompile(`goroutine \d|panic:|\.go:\d+`)

// FailureProblems lists what keeps r from being a failure a person can act
// on: it must have failed, say want, say how to go on (goOn), hold no stack
// trace and none of secrets, and take at most three lines from its
// "hotfix: " line on (notes printed before it, such as retries, do not
// count). An empty list means r is such a failure.
func (r Result) FailureProblems(want, goOn string, secrets ...string) []string {
	var p []string
	if r.Code == 0 {
		return []string{"the command succeeded"}
	}
	if !strings.Contains(r.Err, want) {
		p = append(p, fmt.Sprintf("stderr does not say %q", want))
	}
	if !strings.Contains(r.Err, goOn) {
		p = append(p, fmt.Sprintf("stderr does not say how to go on (%s)", goOn))
	}
	if stackTrace.MatchString(r.Err) {
		p = append(p, "stderr holds a stack trace")
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(r.Out+r.Err, s) {
			p = append(p, "a secret is in the output")
		}
	}
	if i := strings.Index(r.Err, "hotfix: "); i < 0 {
		p = append(p, `stderr has no "hotfix: " error line`)
	} else if n := strings.Count(strings.TrimSpace(r.Err[i:]), "\n") + 1; n > 3 {
		p = append(p, fmt.Sprintf("the error takes %d lines", n))
	}
	return p
}

// CheckFailure fails t with every problem FailureProblems finds in r.
func (r Result) CheckFailure(t testing.TB, want, goOn string, secrets ...string) {
	t.Helper()
	if p := r.FailureProblems(want, goOn, secrets...); len(p) > 0 {
		t.Errorf("%s (exit %d):\n%s", strings.Join(p, "; "), r.Code, r.Err)
	}
}

// CheckStopped fails t when r stopped part-way (exit 3) without saying
// `hotfix COMMAND --continue` or without saved progress in the repository
// at dir. Other exits pass.
func (r Result) CheckStopped(t testing.TB, dir, command string) {
	t.Helper()
	if r.Code != 3 {
		return
	}
	if !strings.Contains(r.Err, "hotfix "+command+" --continue") {
		t.Errorf("exit 3 without --continue:\n%s", r.Err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".git", "hotfix", command+".json")); err != nil {
		t.Errorf("exit 3 without saved progress: %v", err)
	}
}

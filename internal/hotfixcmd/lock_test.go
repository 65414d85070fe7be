package hotfixcmd

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/lock"
)

// readOnly are the commands that never take the repository lock.
var readOnly = map[string]bool{
	"hotfix status":           true,
	"hotfix completion":       true,
	"hotfix hooks pre-push":   true, // the hook runs while `hotfix pr` may hold the lock
	"hotfix help":             true,
	"hotfix __complete":       true,
	"hotfix __completeNoDesc": true,
}

// cobras are the commands cobra adds: they declare no lock class.
var cobras = map[string]bool{"hotfix help": true, "hotfix __complete": true, "hotfix __completeNoDesc": true}

// Every runnable command declares its lock class in its NewCmd
// (cmdutil.SetLock), so that a new command has to be classified, and the
// ones that never lock are known to only read; every class's flag is a
// boolean flag of its command.
func TestEveryCommandDeclaresItsLock(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	root := NewRootCmd(&cmdutil.Factory{IOStreams: ios})
	root.InitDefaultHelpCmd()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		p := c.CommandPath()
		rule, declared := cmdutil.LockOf(c)
		if !c.Runnable() {
			if declared {
				t.Errorf("%s: a command that does not run declares a lock class", p)
			}
			return
		}
		if declared == cobras[p] {
			t.Errorf("%s: declare its lock class with cmdutil.SetLock in its NewCmd (declared: %v)", p, declared)
		}
		if rule.Takes == readOnly[p] {
			t.Errorf("%s: classify it as changing the repository or in readOnly, not %v/%v", p, rule.Takes, readOnly[p])
		}
		if rule.Takes && rule.Flag != "" {
			if f := c.Flags().Lookup(rule.Flag); f == nil || f.Value.Type() != "bool" {
				t.Errorf("%s: the lock class's flag --%s is not a boolean flag of the command", p, rule.Flag)
			}
		}
		if rule.Optional && rule.Flag == "" {
			t.Errorf("%s: an optional lock needs the flag that turns writing off", p)
		}
	}
	walk(root)
}

func TestNeedsLock(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	for _, tc := range []struct {
		args   []string
		dryRun bool
		want   bool
	}{
		{[]string{"start"}, false, true},
		{[]string{"start"}, true, false},
		{[]string{"triage", "hypothesis", "x"}, false, true},
		{[]string{"triage", "logs", "f.log"}, false, false},
		{[]string{"triage", "logs", "--record", "f.log"}, false, true},
		{[]string{"triage", "suspects"}, false, false},
		{[]string{"verify"}, false, true},
		{[]string{"verify", "--no-record"}, false, false},
		{[]string{"status"}, false, false},
		{[]string{"hooks", "install"}, false, true},
		{[]string{"hooks", "pre-push", "origin", "url"}, false, false},
	} {
		root := NewRootCmd(&cmdutil.Factory{IOStreams: ios})
		c, rest, err := root.Find(tc.args)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.ParseFlags(rest); err != nil {
			t.Fatal(err)
		}
		if got := NeedsLock(c, tc.dryRun); got != tc.want {
			t.Errorf("%v (dry run %v): %v, want %v", tc.args, tc.dryRun, got, tc.want)
		}
	}
}

// The refusal names the holder (pid, command, since when) and says what to
// do, in two lines.
func TestBusyMessage(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 5, 0, 0, time.UTC)
	h := lock.Holder{PID: 1234, Command: "hotfix pr", Since: time.Date(2026, 11, 22, 10, 2, 3, 0, time.UTC)}
	e := busyError(&lock.BusyError{Path: "/r/.git/hotfix/lock", Holder: h}, now, 5*time.Second)
	if e.Code != cmdutil.ExitFailure || e.Msg != "another hotfix (pid 1234, `hotfix pr`, since 10:02:03) is changing this repository (waited 5s)" {
		t.Errorf("%d %q", e.Code, e.Msg)
	}
	if !strings.HasPrefix(e.Fix, "wait for it to finish, then run this command again; if it is stuck, stop it (") || !strings.Contains(e.Fix, "1234") || strings.Contains(e.Fix, "\n") {
		t.Errorf("fix %q", e.Fix)
	}
	var busy *lock.BusyError
	if !errors.As(e, &busy) {
		t.Error("the cause is not kept")
	}
	// Another day: the date too.
	if s := describe(h, now.AddDate(0, 0, 1)); s != "another hotfix (pid 1234, `hotfix pr`, since 2026-11-22 10:02)" {
		t.Errorf("%q", s)
	}
	// A holder that has not said who it is yet.
	e = busyError(&lock.BusyError{Path: "/r/.git/hotfix/lock"}, now, 5*time.Second)
	if e.Msg != "another hotfix process is changing this repository (waited 5s)" || !strings.Contains(e.Fix, "/r/.git/hotfix/lock") {
		t.Errorf("%q %q", e.Msg, e.Fix)
	}
}

// A git directory hotfix cannot write to (a read-only checkout) does not
// stop a command: it runs without the lock, with a warning. Any other
// failure to take it is an error that says how to fix it.
func TestLockCannotBeCreated(t *testing.T) {
	take := func(dir string) (*lock.Lock, error, string) {
		ios, _, _, errOut := iostreams.Test()
		f := &cmdutil.Factory{IOStreams: ios, Clock: clock.NewFixed(time.Now())}
		c, _, _ := NewRootCmd(f).Find([]string{"start"})
		f.RepoDir = dir // after the flags' defaults are set
		l, err := takeLock(t.Context(), f, c)
		return l, err, errOut.String()
	}
	// Outside a repository: no lock, and the command says what is wrong.
	if l, err, _ := take(t.TempDir()); l != nil || err != nil {
		t.Errorf("outside a repository: %v %v", l, err)
	}
	// .git/hotfix is a file.
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".git", "hotfix"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err, _ := take(dir)
	var ce *cmdutil.Error
	if !errors.As(err, &ce) || !strings.HasPrefix(ce.Msg, "cannot take the repository lock ") || ce.Fix == "" {
		t.Errorf("%v", err)
	}
	if os.Geteuid() == 0 {
		t.Skip("root writes anywhere: the read-only case cannot be made")
	}
	ro := t.TempDir()
	if err := os.Mkdir(filepath.Join(ro, ".git"), 0o555); err != nil {
		t.Fatal(err)
	}
	if l, err, warn := take(ro); l != nil || err != nil || !strings.Contains(warn, "warning: cannot create the repository lock") {
		t.Errorf("%v %v %q", l, err, warn)
	}
}

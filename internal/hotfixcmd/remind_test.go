package hotfixcmd

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// remindRepo is a git repository with one open SEV2 hotfix started at
// start, whose first update is due an hour later.
func remindRepo(t *testing.T, start time.Time) string {
	t.Helper()
	dir := t.TempDir()
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"config", "user.name", "T"}, {"config", "user.email", "t@example.com"},
		{"commit", "-q", "--allow-empty", "-m", "initial"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	rec := &record.Record{Schema: record.SchemaVersion, ID: "2026-11-22-checkout-returns-500", Phase: record.PhaseInvestigating, Created: start,
		Incident: record.Incident{Title: "Checkout returns 500", Severity: "SEV2"}, Branch: record.Branch{Name: "hotfix/x", Base: "main"}}
	rec.AddEvent(record.Event{At: start, Kind: record.EventStarted})
	if err := (record.Store{Root: dir, Dir: ".hotfix"}).Save(rec); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runAt runs hotfix with args at the time at, stderr a terminal when tty,
// with env, and returns stdout and stderr.
func runAt(t *testing.T, dir string, at time.Time, tty bool, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	getenv := func(k string) string { return env[k] }
	ios.SetGetenv(getenv)
	ios.SetStderrTTY(tty)
	f := &cmdutil.Factory{IOStreams: ios, Clock: clock.NewFixed(at), Getenv: getenv}
	code := Run(context.Background(), f, append([]string{"--repo", dir}, args...))
	return out.String(), errOut.String(), code
}

// TestRunReminds: Run prints the reminder after the command, on stderr,
// once, when the update is due within 10 minutes or overdue, and only for
// a person at a terminal with no machine output.
func TestRunReminds(t *testing.T) {
	start := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	dir := remindRepo(t, start)
	for _, tc := range []struct {
		name string
		at   time.Duration
		tty  bool
		env  map[string]string
		args []string
		want string
	}{
		{"not yet", 45 * time.Minute, true, nil, []string{"status"}, ""},
		{"soon", 55 * time.Minute, true, nil, []string{"status"}, "is due 11:00 "},
		{"overdue", 75 * time.Minute, true, nil, []string{"status"}, "is overdue by 15m"},
		{"after a failure", 75 * time.Minute, true, nil, []string{"status", "nosuch"}, "is overdue by 15m"},
		{"not after a usage error", 75 * time.Minute, true, nil, []string{"status", "--nosuch"}, ""},
		{"--json", 75 * time.Minute, true, nil, []string{"status", "--json"}, ""},
		{"no terminal", 75 * time.Minute, false, nil, []string{"status"}, ""},
		{"CI", 75 * time.Minute, true, map[string]string{"CI": "true"}, []string{"status"}, ""},
		{"completion", 75 * time.Minute, true, nil, []string{"completion", "bash"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, _ := runAt(t, dir, start.Add(tc.at), tc.tty, tc.env, tc.args...)
			n := strings.Count(errOut, "Reminder: ")
			if strings.Contains(out, "Reminder: ") || (tc.want == "") != (n == 0) || n > 1 || !strings.Contains(errOut, tc.want) {
				t.Fatalf("stdout:\n%s\nstderr:\n%s", out, errOut)
			}
			if tc.want != "" && !strings.HasSuffix(strings.TrimRight(errOut, "\n"), "`hotfix update --id 2026-11-22-checkout-returns-500`") {
				t.Fatalf("the reminder is not the last line:\n%s", errOut)
			}
		})
	}
}

package testutil

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
)

// CLI.Timeouts reach the command: a stalled webhook costs the shortened
// timeout, not the real 15 seconds.
func TestCLITimeoutsReachTheCommand(t *testing.T) {
	r := NewRepo(t)
	r.WriteFile(".hotfix.yaml", "version: 1\nupdate:\n  webhook_env: HOOK\n")
	r.Commit("policy")
	if res := (CLI{Dir: r.Dir}).Run(t, "start", "--no-input", "--title", "Slow hook", "--severity", "SEV3", "--base", "main"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	start := time.Now()
	res := CLI{Dir: r.Dir, Env: map[string]string{"HOOK": srv.URL + "/hook"}, Timeouts: cmdutil.Timeouts{Webhook: 200 * time.Millisecond}, GitTimeout: time.Second}.
		Run(t, "update", "--message", "looking")
	if d := time.Since(start); d > 5*time.Second || res.Code != 1 || !strings.Contains(res.Err, "did not answer within 200ms") {
		t.Fatalf("exit %d after %s:\n%s", res.Code, d, res.Err)
	}
}

// FailureProblems accepts a short, actionable failure and names each way a
// failure can fall short.
func TestFailureProblems(t *testing.T) {
	good := Result{Code: 3, Err: "retrying in 1s...\nhotfix: pr stopped at step \"push\": connection reset\n  run `hotfix pr --continue`\n"}
	if p := good.FailureProblems("connection reset", "hotfix pr --continue", "ghp_secret"); len(p) != 0 {
		t.Fatalf("a good failure: %q", p)
	}
	for _, tc := range []struct {
		name string
		res  Result
		want string
	}{
		{"success", Result{Code: 0}, "succeeded"},
		{"silent on the cause", Result{Code: 1, Err: "hotfix: failed\n  run `hotfix pr --continue`\n"}, `does not say "connection reset"`},
		{"no way forward", Result{Code: 1, Err: "hotfix: connection reset\n"}, "how to go on"},
		{"stack trace", Result{Code: 2, Err: "hotfix: connection reset `hotfix pr --continue`\npanic: x\ngoroutine 1 [running]:\n"}, "stack trace"},
		{"secret", Result{Code: 1, Out: "ghp_secret", Err: "hotfix: connection reset `hotfix pr --continue`\n"}, "secret"},
		{"no error line", Result{Code: 1, Err: "connection reset `hotfix pr --continue`\n"}, "no \"hotfix: \""},
		{"too long", Result{Code: 1, Err: "hotfix: connection reset\n1\n2\n`hotfix pr --continue`\n"}, "4 lines"},
	} {
		p := strings.Join(tc.res.FailureProblems("connection reset", "hotfix pr --continue", "ghp_secret"), "; ")
		if !strings.Contains(p, tc.want) {
			t.Errorf("%s: problems %q, want %q", tc.name, p, tc.want)
		}
	}
}

// errRecorder is a testing.TB that keeps what Errorf says.
type errRecorder struct {
	testing.TB
	errs []string
}

func (e *errRecorder) Helper()                           {}
func (e *errRecorder) Errorf(format string, args ...any) { e.errs = append(e.errs, format) }

// CheckStopped wants, of an exit 3, the --continue hint and saved progress;
// other exits it leaves alone.
func TestCheckStopped(t *testing.T) {
	r := NewRepo(t)
	stopped := Result{Code: 3, Err: "hotfix: pr stopped at step \"push\"\n  run `hotfix pr --continue`\n"}
	for _, tc := range []struct {
		name  string
		res   Result
		saved bool
		errs  int
	}{
		{"stopped and saved", stopped, true, 0},
		{"no saved progress", stopped, false, 1},
		{"no --continue", Result{Code: 3, Err: "hotfix: pr stopped\n"}, true, 1},
		{"a failure, not a stop", Result{Code: 1, Err: "hotfix: bad flag\n"}, false, 0},
	} {
		_ = os.RemoveAll(filepath.Join(r.Dir, ".git", "hotfix"))
		if tc.saved {
			r.WriteFile(".git/hotfix/pr.json", "{}")
		}
		rec := &errRecorder{TB: t}
		tc.res.CheckStopped(rec, r.Dir, "pr")
		if len(rec.errs) != tc.errs {
			t.Errorf("%s: %d complaints %q, want %d", tc.name, len(rec.errs), rec.errs, tc.errs)
		}
	}
}

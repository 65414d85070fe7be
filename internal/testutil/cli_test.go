package testutil

import (
	"net/http"
	"net/http/httptest"
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

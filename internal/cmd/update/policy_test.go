package update_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// The team's policy, committed on main after the release, names the
// webhook; the hotfix branch is cut from the release tag, which has no
// .hotfix.yaml. update posts to main's webhook all the same.
func TestUpdatePostsToTheTeamPolicysWebhook(t *testing.T) {
	r := testutil.NewRepo(t)
	r.WriteFile("a.go", "package a\n")
	r.Commit("release")
	r.Tag("v1.0.0")
	r.TeamPolicy("version: 1\nupdate:\n  webhook_env: HOTFIX_TEST_WEBHOOK\n  timezone: UTC\n")
	if res := (testutil.CLI{Dir: r.Dir}).Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	if r.Exists(".hotfix.yaml") {
		t.Fatal("the hotfix branch should not have the policy file")
	}
	var posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		posts.Add(1)
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	res := testutil.CLI{Dir: r.Dir, Env: map[string]string{"HOTFIX_TEST_WEBHOOK": srv.URL + secretPath}}.Run(t, "update")
	if res.Code != 0 || posts.Load() != 1 {
		t.Fatalf("exit %d, %d post(s)\n%s", res.Code, posts.Load(), res.Err)
	}
}

// A webhook URL in plain http is refused unless it is on loopback.
func TestWebhookPlainHTTPOnlyOnLoopback(t *testing.T) {
	r := started(t)
	res := testutil.CLI{Dir: r.Dir, Env: map[string]string{"HOTFIX_TEST_WEBHOOK": "http://hooks.example.com" + secretPath}}.Run(t, "update")
	if res.Code == 0 || !strings.Contains(res.Err, "the webhook URL must use https (plain http is allowed only on loopback)") || strings.Contains(res.Err, secretPath) {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
}

package sectest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// catcher is a server that only records what it is sent: where a token
// must never arrive.
type catcher struct {
	srv  *httptest.Server
	mu   sync.Mutex
	seen []string
}

func newCatcher(t *testing.T) *catcher {
	c := &catcher{}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.seen = append(c.seen, r.Method+" "+r.URL.Path+" auth="+r.Header.Get("Authorization"))
		c.mu.Unlock()
		w.WriteHeader(404)
	}))
	t.Cleanup(c.srv.Close)
	return c
}

func (c *catcher) requests() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.seen...)
}

// A hostile policy on the production branch (the one that governs) names
// another API host, as "localhost" beside the remote's 127.0.0.1, and a
// token variable as its webhook. With GITHUB_API_URL unset, pr and close
// refuse before sending anything, update posts nowhere, and no canary
// appears in any output, file or commit.
func TestHostilePolicyGetsNoToken(t *testing.T) {
	catch := newCatcher(t)
	evilAPI := strings.Replace(catch.srv.URL, "127.0.0.1", "localhost", 1) + "/api/v3"
	policy := "version: 1\nflow: trunk\npr:\n  api_url: " + evilAPI + "\nupdate:\n  webhook_env: GH_TOKEN\n"
	w := newWorld(t, "version: 1\nflow: trunk\n")
	w.repo.TeamPolicy(policy)
	env := map[string]string{"GH_TOKEN": token}
	s := &sweep{w: w}
	answers := w.file("incident.yaml", incident)
	s.do(0, env, "start", "--no-input", "--answers", answers, "--base", "v1.0.0")
	// The webhook "URL" is the token: refused as not a URL, never echoed.
	s.do(-1, env, "update", "--message", "looking")
	w.repo.WriteFile("shop/shop.go", shopGo+"\n// Refunds counts the negative prices.\nfunc Refunds(ps []int) int { return 0 }\n")
	w.repo.WriteFile("shop/shop_test.go", "package shop\n\nimport \"testing\"\n\nfunc TestRefunds(t *testing.T) {}\n")
	w.repo.Commit("fix refunds")
	res := s.do(4, env, "pr", "--reviewer", "bob")
	if !strings.Contains(res.Err, "which is not the API of this repository's host") {
		t.Fatalf("pr: %s", res.Err)
	}
	s.do(-1, env, "close", "--no-input")
	if got := catch.requests(); len(got) != 0 {
		t.Fatalf("the hostile host was reached: %q", got)
	}
	if got := w.git.Ref(t, "acme/shop", "refs/heads/"+branch); got != "" {
		t.Fatal("the branch was pushed")
	}
	sc := s.scan(t, w.repo.Dir)
	for _, l := range sc.leaks {
		t.Errorf("leak: %s", l)
	}
}

// A remote in plain http on another machine never gets the token: the
// push and fetch are refused before any connection, with the fix.
func TestPlainHTTPRemoteGetsNoToken(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\n")
	w.repo.Git("remote", "set-url", "origin", "http://git.hotfix-canary.invalid/acme/shop.git")
	s := &sweep{w: w}
	env := map[string]string{"GH_TOKEN": token, "GITHUB_API_URL": w.api.URL(), "GITHUB_REPOSITORY": "acme/shop"}
	answers := w.file("incident.yaml", incident)
	s.do(0, env, "start", "--no-input", "--answers", answers, "--base", "v1.0.0")
	w.repo.WriteFile("shop/shop.go", shopGo+"\n// Refunds counts the negative prices.\nfunc Refunds(ps []int) int { return 0 }\n")
	w.repo.WriteFile("shop/shop_test.go", "package shop\n\nimport \"testing\"\n\nfunc TestRefunds(t *testing.T) {}\n")
	w.repo.Commit("fix refunds")
	res := s.do(-1, env, "pr", "--reviewer", "bob")
	if !strings.Contains(res.Err, "does not send a token in clear") || !strings.Contains(res.Err, "use an https URL") {
		t.Fatalf("pr: %s", res.Err)
	}
	for _, l := range s.scan(t, w.repo.Dir).leaks {
		if !strings.HasSuffix(l, "file .git/config") {
			t.Errorf("leak: %s", l)
		}
	}
}

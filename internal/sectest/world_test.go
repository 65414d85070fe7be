// Package sectest holds the end-to-end security tests that cross every
// command: the canary sweep (no token or webhook secret anywhere), paths
// that would escape the repository, and records from other schema versions.
package sectest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/ghapi"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
)

// The canaries: a token shaped like a classic personal access token, one
// the servers refuse, and a webhook URL whose path is the secret.
const (
	token         = "ghp_CANARY0123456789abcdefCANARY"
	badToken      = "ghp_CANARYBAD9876543210fedcbaBAD"
	webhookPath   = "/services/CANARY/SECRET"
	webhookURL    = "https://hooks.example.com" + webhookPath
	webhookEnv    = "HOTFIX_WEBHOOK"
	branch        = "hotfix/v1.0.0-refunds-counted-twice"
	recordID      = "2026-11-22-refunds-counted-twice"
	recordPath    = ".hotfix/" + recordID + ".yaml"
	defaultPolicy = "version: 1\nflow: gitflow\nverify:\n  rules: [tests-touched, docs-touched]\nupdate:\n  webhook_env: " + webhookEnv + "\n  timezone: UTC\n"
)

const shopGo = testutil.ShopGo

const incident = testutil.ShopIncident

// world is a gitflow repository whose origin is the real git server over
// HTTP, the strict GitHub API server on that origin, and a webhook server.
type world struct {
	t     *testing.T
	git   *gitserver.Server
	api   *ghapi.Server
	repo  *testutil.Repo
	env   map[string]string
	clock *clock.Fixed
	hook  *webhook
	// pureGo runs every command without the git binary (HOTFIX_GIT=go).
	pureGo bool
}

// webhook is a Slack-compatible endpoint that records what it was sent and
// answers with status (500 echoes the path back, as some servers do).
type webhook struct {
	srv    *httptest.Server
	mu     sync.Mutex
	status int
	bodies []string
}

func (h *webhook) serve(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.bodies = append(h.bodies, r.Method+" "+string(b))
	status := h.status
	h.mu.Unlock()
	if status == 0 {
		status = 200
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, "invalid_payload for "+r.URL.Path)
}

func (h *webhook) setStatus(s int) { h.mu.Lock(); h.status = s; h.mu.Unlock() }

func (h *webhook) received() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.bodies...)
}

func newWorld(t *testing.T, policy string) *world {
	t.Helper()
	w := &world{t: t, clock: clock.NewFixed(testutil.Now), hook: &webhook{}}
	w.hook.srv = httptest.NewServer(http.HandlerFunc(w.hook.serve))
	t.Cleanup(w.hook.srv.Close)
	w.git = gitserver.New(t, gitserver.Options{User: "x-access-token", Password: token})
	if policy == "" {
		policy = defaultPolicy
	}
	r := testutil.NewShop(t, testutil.Shop{Policy: policy})
	r.Git("branch", "develop")
	w.git.Seed(t, "acme/shop", r.Dir)
	w.repo = r
	ar := ghapi.Repo{Owner: "acme", Name: "shop", GitDir: w.git.Dir("acme/shop"), CloneURL: w.git.RepoURL("acme/shop"),
		Collaborators: []string{"alice", "bob"}}
	w.api = ghapi.New(t, ghapi.Options{Token: token, Login: "hotfix-bot", Repos: []ghapi.Repo{ar}, Now: func() time.Time { return w.clock.Now() }})
	w.env = map[string]string{"GH_TOKEN": token, "GITHUB_API_URL": w.api.URL(), webhookEnv: w.hook.srv.URL + webhookPath}
	return w
}

func (w *world) cli(env map[string]string) testutil.CLI {
	if env == nil {
		env = w.env
	}
	return testutil.CLI{Dir: w.repo.Dir, Env: env, Clock: w.clock, PureGo: w.pureGo, Sleep: func(ctx context.Context, d time.Duration) error { return nil }}
}

// file writes a file outside the repository and returns its path.
func (w *world) file(name, body string) string {
	p := filepath.Join(w.t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		w.t.Fatal(err)
	}
	return p
}

// with returns the world's environment with key set to value.
func (w *world) with(key, value string) map[string]string {
	env := map[string]string{}
	for k, v := range w.env {
		env[k] = v
	}
	env[key] = value
	return env
}

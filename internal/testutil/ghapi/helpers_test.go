package ghapi

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-github/v57/github"
)

// fakeTB records the failures the server reports instead of failing the
// test, so that tests can assert that a bad request is caught.
type fakeTB struct {
	testing.TB
	mu     sync.Mutex
	errors []string
	fatals []string
}

func newFakeTB(t *testing.T) *fakeTB { return &fakeTB{TB: t} }

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Error(args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprint(args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
	f.mu.Unlock()
	runtime.Goexit()
}

func (f *fakeTB) Fatal(args ...any) {
	f.mu.Lock()
	f.fatals = append(f.fatals, fmt.Sprint(args...))
	f.mu.Unlock()
	runtime.Goexit()
}

// take returns and forgets the recorded errors.
func (f *fakeTB) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	e := f.errors
	f.errors = nil
	return e
}

// expectError checks that exactly the recorded errors happened, one per
// substring, in any order.
func (f *fakeTB) expectError(t *testing.T, substrings ...string) {
	t.Helper()
	errs := f.take()
	if len(errs) == 0 {
		t.Errorf("the server reported no failure; want one containing %q", substrings)
		return
	}
	for _, sub := range substrings {
		found := false
		for _, e := range errs {
			if strings.Contains(e, sub) {
				found = true
			}
		}
		if !found {
			t.Errorf("no reported failure contains %q; got:\n  %s", sub, strings.Join(errs, "\n  "))
		}
	}
}

func (f *fakeTB) expectNoError(t *testing.T) {
	t.Helper()
	if errs := f.take(); len(errs) > 0 {
		t.Errorf("the server reported failures:\n  %s", strings.Join(errs, "\n  "))
	}
}

// client is a go-github client for srv.
func client(t testing.TB, srv *Server) *github.Client {
	t.Helper()
	c := github.NewClient(srv.HTTPClient()).WithAuthToken(srv.Token())
	u, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	c.BaseURL = u
	return c
}

// raw sends a request as go-github would (User-Agent, Accept, API version,
// token), with the given body, and returns the status and body.
func raw(t testing.TB, srv *Server, method, path, body string, mutate ...func(*http.Request)) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, strings.TrimSuffix(srv.URL(), "/")+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", "go-github/v57.0.0")
	req.Header.Set("Accept", "application/vnd.github.v3+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	req.Header.Set("Authorization", "Bearer "+srv.Token())
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, m := range mutate {
		m(req)
	}
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// origin is a bare repository with a work tree to push from.
type origin struct {
	t    testing.TB
	bare string
	work string
	when time.Time
}

// newOrigin makes a bare repository whose main holds README.md and
// .github/CODEOWNERS, and a clone to commit in.
func newOrigin(t testing.TB) *origin {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	o := &origin{t: t, bare: filepath.Join(dir, "origin.git"), work: filepath.Join(dir, "work"),
		when: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	o.git(dir, "init", "-q", "--bare", "-b", "main", o.bare)
	o.git(dir, "init", "-q", "-b", "main", o.work)
	o.git(o.work, "remote", "add", "origin", o.bare)
	o.write("README.md", "# widgets\n")
	o.write(".github/CODEOWNERS", "* @alice\n")
	o.commit("initial commit")
	o.git(o.work, "push", "-q", "origin", "main")
	return o
}

func (o *origin) git(dir string, args ...string) string {
	o.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(gitEnv(),
		"GIT_AUTHOR_NAME=Test Author", "GIT_AUTHOR_EMAIL=author@example.com",
		"GIT_COMMITTER_NAME=Test Author", "GIT_COMMITTER_EMAIL=author@example.com",
		"GIT_AUTHOR_DATE="+o.when.Format(time.RFC3339), "GIT_COMMITTER_DATE="+o.when.Format(time.RFC3339))
	out, err := cmd.CombinedOutput()
	if err != nil {
		o.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (o *origin) write(path, content string) {
	o.t.Helper()
	p := filepath.Join(o.work, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		o.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		o.t.Fatal(err)
	}
}

func (o *origin) commit(msg string) string {
	o.t.Helper()
	o.when = o.when.Add(time.Minute)
	o.git(o.work, "add", "-A")
	o.git(o.work, "commit", "-q", "-m", msg)
	return o.git(o.work, "rev-parse", "HEAD")
}

// branch commits a change to file on a new branch from main and pushes it.
func (o *origin) branch(name, file, content string) string {
	o.t.Helper()
	o.git(o.work, "checkout", "-q", "-B", name, "origin/main")
	o.write(file, content)
	sha := o.commit("change " + file + " on " + name)
	o.git(o.work, "push", "-q", "-f", "origin", name)
	o.git(o.work, "fetch", "-q", "origin")
	return sha
}

func (o *origin) revParse(rev string) string {
	o.t.Helper()
	return o.git(o.bare, "rev-parse", rev)
}

package gitserver_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gogit "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/storage/memory"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
)

const (
	user    = "x-access-token"
	token   = "ghs_CANARY0123456789abcdef"
	roToken = "ghs_READONLY9876543210fedcba"
)

func newServer(t *testing.T) *gitserver.Server {
	t.Helper()
	return gitserver.New(t, gitserver.Options{User: user, Password: token, ReadOnlyPassword: roToken})
}

// seeded returns a server with repository acme/app seeded from a fresh
// work tree, and that work tree.
func seeded(t *testing.T) (*gitserver.Server, *testutil.Repo) {
	t.Helper()
	srv := newServer(t)
	r := testutil.NewRepo(t)
	r.WriteFile("a.txt", "a\n")
	r.Commit("second")
	r.Tag("v1.0.0")
	srv.Seed(t, "acme/app", r.Dir)
	return srv, r
}

// git runs the git binary with extra environment and returns its output
// and error.
func git(dir string, env []string, args ...string) (string, error) {
	return testutil.GitErr(dir, env, args...)
}

func goClone(t *testing.T, url string, auth transport.AuthMethod) (*gogit.Repository, string, error) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "clone")
	repo, err := gogit.PlainClone(dir, false, &gogit.CloneOptions{URL: url, Auth: auth})
	return repo, dir, err
}

func goPush(repo *gogit.Repository, auth transport.AuthMethod, progress *bytes.Buffer, refspecs ...string) error {
	opts := &gogit.PushOptions{RemoteName: "origin", Auth: auth}
	if progress != nil {
		opts.Progress = progress
	}
	for _, s := range refspecs {
		opts.RefSpecs = append(opts.RefSpecs, config.RefSpec(s))
	}
	return repo.Push(opts)
}

func TestNewRepoAndSeed(t *testing.T) {
	t.Parallel()
	srv, r := seeded(t)
	dir, url := srv.NewRepo(t, "acme/empty")
	if want := srv.URL + "/acme/empty.git"; url != want || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("url = %q, want %q", url, want)
	}
	if head := testutil.Git(t, dir, "symbolic-ref", "HEAD"); head != "refs/heads/main" {
		t.Errorf("HEAD of new repo = %q", head)
	}
	if got, want := srv.Ref(t, "acme/app", "refs/heads/main"), r.Git("rev-parse", "HEAD"); got != want {
		t.Errorf("seeded main = %q, want %q", got, want)
	}
	if srv.Ref(t, "acme/app", "v1.0.0") == "" {
		t.Error("tag not seeded")
	}
	if srv.Ref(t, "acme/app", "refs/heads/nope") != "" {
		t.Error("Ref of a missing branch is not empty")
	}
	if got := r.Git("remote", "get-url", "origin"); got != srv.RepoURL("acme/app") {
		t.Errorf("origin = %q", got)
	}
	if got := r.Git("rev-parse", "--abbrev-ref", "origin/HEAD"); got != "origin/main" {
		t.Errorf("origin/HEAD = %q", got)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("seeding made %d HTTP requests", n)
	}
}

func TestGitBinaryCloneAndPush(t *testing.T) {
	t.Parallel()
	srv, r := seeded(t)

	// Credentials in the URL.
	dst := filepath.Join(t.TempDir(), "c1")
	if out, err := git(t.TempDir(), nil, "clone", "-q", srv.AuthURL("acme/app"), dst); err != nil {
		t.Fatalf("clone: %v\n%s", err, out)
	}
	testutil.Git(t, dst, "commit", "-q", "--allow-empty", "-m", "from binary")
	testutil.Git(t, dst, "tag", "v1.0.1")
	if out, err := git(dst, nil, "push", "-q", "origin", "main", "v1.0.1"); err != nil {
		t.Fatalf("push: %v\n%s", err, out)
	}
	if got, want := srv.Ref(t, "acme/app", "refs/heads/main"), testutil.Git(t, dst, "rev-parse", "HEAD"); got != want {
		t.Errorf("remote main = %s, want %s", got, want)
	}
	if srv.Ref(t, "acme/app", "refs/tags/v1.0.1") == "" {
		t.Error("tag not pushed")
	}

	// Credentials from a credential helper; the seeded work tree's origin
	// is the plain URL.
	cred := gitserver.CredentialEnv(user, token)
	if out, err := git(r.Dir, cred, "pull", "-q", "--ff-only", "origin", "main"); err != nil {
		t.Fatalf("pull: %v\n%s", err, out)
	}
	r.WriteFile("b.txt", "b\n")
	head := r.Commit("via helper")
	if out, err := git(r.Dir, cred, "push", "-q", "origin", "main"); err != nil {
		t.Fatalf("push with helper: %v\n%s", err, out)
	}
	if got := srv.Ref(t, "acme/app", "main"); got != head {
		t.Errorf("remote main = %s, want %s", got, head)
	}
	// A commit no ref names any more is still fetched by its id, as from
	// GitHub (a pull request's head after its branch was deleted).
	r.WriteFile("c.txt", "c\n")
	gone := r.Commit("on a deleted branch")
	if out, err := git(r.Dir, cred, "push", "-q", "origin", "HEAD:refs/heads/gone"); err != nil {
		t.Fatalf("push gone: %v\n%s", err, out)
	}
	if out, err := git(r.Dir, cred, "push", "-q", "origin", ":refs/heads/gone"); err != nil {
		t.Fatalf("delete gone: %v\n%s", err, out)
	}
	if out, err := git(dst, nil, "fetch", "-q", "origin", gone); err != nil {
		t.Errorf("fetch by id: %v\n%s", err, out)
	}
	// Without credentials the binary fails (no prompt).
	if out, err := git(r.Dir, nil, "ls-remote", "origin"); err == nil || !strings.Contains(out, "could not read Username") {
		t.Errorf("ls-remote without credentials: err=%v\n%s", err, out)
	}
	srv.AssertNoLeak(t, token)
}

func TestGoGitCloneAndPush(t *testing.T) {
	t.Parallel()
	srv, _ := seeded(t)
	repo, dir, err := goClone(t, srv.RepoURL("acme/app"), srv.Auth())
	if err != nil {
		t.Fatalf("go-git clone: %v", err)
	}
	testutil.Git(t, dir, "commit", "-q", "--allow-empty", "-m", "from go-git")
	testutil.Git(t, dir, "branch", "hotfix/1.0.1")
	testutil.Git(t, dir, "tag", "-a", "v1.0.1", "-m", "v1.0.1")
	if err := goPush(repo, srv.Auth(), nil, "refs/heads/hotfix/1.0.1:refs/heads/hotfix/1.0.1", "refs/tags/v1.0.1:refs/tags/v1.0.1"); err != nil {
		t.Fatalf("go-git push: %v", err)
	}
	want := testutil.Git(t, dir, "rev-parse", "HEAD")
	if got := srv.Ref(t, "acme/app", "refs/heads/hotfix/1.0.1"); got != want {
		t.Errorf("remote hotfix branch = %q, want %q", got, want)
	}
	if srv.Ref(t, "acme/app", "refs/tags/v1.0.1") == "" {
		t.Error("tag not pushed")
	}
	if err := goPush(repo, srv.Auth(), nil, "refs/heads/hotfix/1.0.1:refs/heads/hotfix/1.0.1"); !errors.Is(err, gogit.NoErrAlreadyUpToDate) {
		t.Errorf("second push: %v", err)
	}
	srv.AssertNoLeak(t, token)
}

func TestWrongPassword(t *testing.T) {
	t.Parallel()
	srv, _ := seeded(t)
	bad := &githttp.BasicAuth{Username: user, Password: "wrong"}
	if _, _, err := goClone(t, srv.RepoURL("acme/app"), bad); !errors.Is(err, transport.ErrAuthenticationRequired) {
		t.Errorf("go-git clone with wrong password: %v", err)
	}
	if _, _, err := goClone(t, srv.RepoURL("acme/app"), &githttp.BasicAuth{Username: "someone", Password: token}); !errors.Is(err, transport.ErrAuthenticationRequired) {
		t.Errorf("go-git clone with wrong user: %v", err)
	}
	// Push with a wrong password, go-git and binary.
	repo, dir, err := goClone(t, srv.RepoURL("acme/app"), srv.Auth())
	if err != nil {
		t.Fatal(err)
	}
	testutil.Git(t, dir, "commit", "-q", "--allow-empty", "-m", "x")
	if err := goPush(repo, bad, nil); !errors.Is(err, transport.ErrAuthenticationRequired) {
		t.Errorf("go-git push with wrong password: %v", err)
	}
	out, err := git(dir, gitserver.CredentialEnv(user, "wrong"), "push", "origin", "main")
	if err == nil || !strings.Contains(out, "Authentication failed") {
		t.Errorf("git push with wrong password: err=%v\n%s", err, out)
	}
	if srv.Ref(t, "acme/app", "main") == testutil.Git(t, dir, "rev-parse", "HEAD") {
		t.Error("push with wrong password landed")
	}
	var n401 int
	for _, r := range srv.Requests() {
		if r.Status == http.StatusUnauthorized {
			n401++
			if r.User != "" {
				t.Errorf("401 request logged with user %q", r.User)
			}
		}
	}
	if n401 < 4 {
		t.Errorf("only %d 401s logged:\n%s", n401, srv.LogText())
	}
}

func TestUnauthorizedHeader(t *testing.T) {
	t.Parallel()
	srv, _ := seeded(t)
	base := srv.RepoURL("acme/app")
	for _, tc := range []struct {
		method, path string
		user, pass   string
		want         int
	}{
		{"GET", "/info/refs?service=git-upload-pack", "", "", 401},
		{"GET", "/info/refs?service=git-receive-pack", "", "", 401},
		{"POST", "/git-upload-pack", "", "", 401},
		{"POST", "/git-receive-pack", "", "", 401},
		{"GET", "/info/refs?service=git-upload-pack", user, "nope", 401},
		{"GET", "/info/refs?service=git-receive-pack", user, "nope", 401},
		{"GET", "/info/refs?service=git-upload-pack", user, token, 200},
		{"GET", "/info/refs?service=git-receive-pack", user, token, 200},
		{"GET", "/info/refs?service=git-upload-pack", user, roToken, 200},
		{"GET", "/info/refs?service=git-receive-pack", user, roToken, 403},
		{"POST", "/git-receive-pack", user, roToken, 403},
	} {
		req, _ := http.NewRequest(tc.method, base+tc.path, strings.NewReader(""))
		if tc.user != "" {
			req.SetBasicAuth(tc.user, tc.pass)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tc.want {
			t.Errorf("%s %s as %q: status %d, want %d", tc.method, tc.path, tc.pass, res.StatusCode, tc.want)
		}
		if got := res.Header.Get("WWW-Authenticate"); (tc.want == 401) != (got == `Basic realm="git"`) {
			t.Errorf("%s %s as %q: WWW-Authenticate %q", tc.method, tc.path, tc.pass, got)
		}
	}
}

func TestReadOnlyToken(t *testing.T) {
	t.Parallel()
	srv, _ := seeded(t)
	repo, dir, err := goClone(t, srv.RepoURL("acme/app"), srv.ReadOnlyAuth())
	if err != nil {
		t.Fatalf("read-only clone: %v", err)
	}
	testutil.Git(t, dir, "commit", "-q", "--allow-empty", "-m", "x")
	if err := goPush(repo, srv.ReadOnlyAuth(), nil); !errors.Is(err, transport.ErrAuthorizationFailed) {
		t.Errorf("go-git push with read-only token: %v", err)
	}
	out, err := git(dir, gitserver.CredentialEnv(user, roToken), "push", "origin", "main")
	if err == nil || !strings.Contains(out, "403") {
		t.Errorf("git push with read-only token: err=%v\n%s", err, out)
	}
	var sawRO, saw403 bool
	for _, r := range srv.Requests() {
		sawRO = sawRO || r.Auth == gitserver.AuthReadOnly && r.Status == 200 && r.Service == gitserver.UploadPack
		saw403 = saw403 || r.Status == 403 && r.Service == gitserver.ReceivePack && r.Auth == gitserver.AuthReadOnly
	}
	if !sawRO || !saw403 {
		t.Errorf("log lacks read-only fetch or 403 push:\n%s", srv.LogText())
	}
}

func TestAnonymousRead(t *testing.T) {
	t.Parallel()
	srv := gitserver.New(t, gitserver.Options{Password: token, AnonymousRead: true})
	r := testutil.NewRepo(t)
	srv.Seed(t, "acme/pub", r.Dir)
	repo, dir, err := goClone(t, srv.RepoURL("acme/pub"), nil)
	if err != nil {
		t.Fatalf("anonymous clone: %v", err)
	}
	testutil.Git(t, dir, "commit", "-q", "--allow-empty", "-m", "x")
	if err := goPush(repo, nil, nil); !errors.Is(err, transport.ErrAuthenticationRequired) {
		t.Errorf("anonymous push: %v", err)
	}
	// Any username goes with the token when Options.User is empty.
	if err := goPush(repo, &githttp.BasicAuth{Username: "anything", Password: token}, nil); err != nil {
		t.Errorf("push with token: %v", err)
	}
}

func TestFaultStatus(t *testing.T) {
	t.Parallel()
	srv, _ := seeded(t)
	srv.Inject(gitserver.Fault{Service: gitserver.UploadPack, Status: 500})
	if _, _, err := goClone(t, srv.RepoURL("acme/app"), srv.Auth()); err == nil {
		t.Fatal("go-git clone succeeded through a 500")
	} else {
		t.Logf("go-git error on 500: %v", err)
	}
	if n := srv.PendingFaults(); n != 0 {
		t.Errorf("%d faults pending after use", n)
	}
	if _, _, err := goClone(t, srv.RepoURL("acme/app"), srv.Auth()); err != nil {
		t.Fatalf("clone after the fault: %v", err)
	}

	// Twice 503 for the git binary, on the advertisement; then it works.
	srv.Inject(gitserver.Fault{Service: gitserver.UploadPack, Phase: gitserver.Advertise, Status: 503, Times: 2})
	for i := range 3 {
		out, err := git(t.TempDir(), nil, "ls-remote", srv.AuthURL("acme/app"), "main")
		if i < 2 && (err == nil || !strings.Contains(out, "503")) {
			t.Errorf("ls-remote #%d through a 503: err=%v\n%s", i, err, out)
		}
		if i == 2 && err != nil {
			t.Errorf("ls-remote after the faults: %v\n%s", err, out)
		}
	}

	// A fault for another repository or service does not apply.
	srv.Inject(gitserver.Fault{Repo: "acme/other", Status: 500})
	srv.Inject(gitserver.Fault{Service: gitserver.ReceivePack, Status: 500})
	if _, _, err := goClone(t, srv.RepoURL("acme/app"), srv.Auth()); err != nil {
		t.Errorf("clone with unrelated faults: %v", err)
	}
	if n := srv.PendingFaults(); n != 2 {
		t.Errorf("pending faults = %d, want 2", n)
	}
	srv.ClearFaults()

	var faults int
	for _, r := range srv.Requests() {
		if r.Fault != "" {
			faults++
			if r.Status != 500 && r.Status != 503 {
				t.Errorf("faulty request logged with status %d", r.Status)
			}
		}
	}
	if faults != 3 {
		t.Errorf("%d faulty requests logged, want 3:\n%s", faults, srv.LogText())
	}
}

func TestFaultReset(t *testing.T) {
	t.Parallel()
	srv, _ := seeded(t)
	for _, ph := range []gitserver.Phase{gitserver.Advertise, gitserver.RPC} {
		srv.Inject(gitserver.Fault{Service: gitserver.UploadPack, Phase: ph, Reset: true})
		_, _, err := goClone(t, srv.RepoURL("acme/app"), srv.Auth())
		if err == nil {
			t.Errorf("go-git clone succeeded through a reset in %v", ph)
		} else {
			t.Logf("go-git error on reset in %v: %v", ph, err)
		}
		srv.Inject(gitserver.Fault{Service: gitserver.UploadPack, Phase: ph, Reset: true, ResetAfter: 10})
		out, err := git(t.TempDir(), nil, "clone", "-q", srv.AuthURL("acme/app"), "c")
		if err == nil {
			t.Errorf("git clone succeeded through a reset in %v", ph)
		} else {
			t.Logf("git error on reset in %v: %s", ph, out)
		}
	}
	// A push whose response is cut off fails on the client.
	repo, dir, err := goClone(t, srv.RepoURL("acme/app"), srv.Auth())
	if err != nil {
		t.Fatal(err)
	}
	testutil.Git(t, dir, "commit", "-q", "--allow-empty", "-m", "x")
	srv.Inject(gitserver.Fault{Service: gitserver.ReceivePack, Phase: gitserver.RPC, Reset: true})
	if err := goPush(repo, srv.Auth(), nil); err == nil {
		t.Error("go-git push succeeded through a reset")
	} else {
		t.Logf("go-git push error on reset: %v", err)
	}
}

func TestFaultDelay(t *testing.T) {
	t.Parallel()
	srv, _ := seeded(t)
	srv.Inject(gitserver.Fault{Service: gitserver.UploadPack, Phase: gitserver.Advertise, Delay: 300 * time.Millisecond})
	start := time.Now()
	if _, _, err := goClone(t, srv.RepoURL("acme/app"), srv.Auth()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("delayed clone took %v", d)
	}
	// A client that gives up in time gets an error.
	srv.Inject(gitserver.Fault{Delay: 5 * time.Second})
	rem := gogit.NewRemote(memory.NewStorage(), &config.RemoteConfig{Name: "origin", URLs: []string{srv.RepoURL("acme/app")}})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start = time.Now()
	if _, err := rem.ListContext(ctx, &gogit.ListOptions{Auth: srv.Auth()}); err == nil {
		t.Error("ls-remote through a 5s delay with a 200ms timeout succeeded")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("timed-out ls-remote took %v", d)
	}
}

func TestRejectPush(t *testing.T) {
	t.Parallel()
	srv, _ := seeded(t)
	repo, dir, err := goClone(t, srv.RepoURL("acme/app"), srv.Auth())
	if err != nil {
		t.Fatal(err)
	}
	testutil.Git(t, dir, "commit", "-q", "--allow-empty", "-m", "x")
	before := srv.Ref(t, "acme/app", "main")
	msg := "GH006: Protected branch update failed for refs/heads/main."

	// pre-receive message: go-git gets it on the progress stream, the
	// error says the hook declined.
	srv.Inject(gitserver.Fault{Reject: msg})
	var progress bytes.Buffer
	err = goPush(repo, srv.Auth(), &progress)
	if err == nil || !strings.Contains(err.Error(), "pre-receive hook declined") {
		t.Errorf("go-git push error = %v", err)
	}
	if !strings.Contains(progress.String(), msg) {
		t.Errorf("go-git progress lacks the hook message: %q", progress.String())
	}
	t.Logf("go-git: err=%v progress=%q", err, progress.String())

	// The git binary prints it as a remote: line.
	srv.Inject(gitserver.Fault{Reject: msg})
	out, err := git(dir, gitserver.CredentialEnv(user, token), "push", "origin", "main")
	if err == nil || !strings.Contains(out, "remote: "+msg) || !strings.Contains(out, "pre-receive hook declined") {
		t.Errorf("git push: err=%v\n%s", err, out)
	}

	// With a reason, the reason is in go-git's error.
	srv.Inject(gitserver.Fault{Reject: msg, RejectReason: "protected branch hook declined"})
	progress.Reset()
	err = goPush(repo, srv.Auth(), &progress)
	if err == nil || !strings.Contains(err.Error(), "command error on refs/heads/main: protected branch hook declined") {
		t.Errorf("go-git push error with reason = %v", err)
	}
	if !strings.Contains(progress.String(), msg) {
		t.Errorf("go-git progress lacks the hook message: %q", progress.String())
	}
	srv.Inject(gitserver.Fault{RejectReason: "GH013: Repository rule violations found"})
	out, err = git(dir, gitserver.CredentialEnv(user, token), "push", "origin", "main")
	if err == nil || !strings.Contains(out, "[remote rejected] main -> main (GH013: Repository rule violations found)") {
		t.Errorf("git push with reason: err=%v\n%s", err, out)
	}
	if got := srv.Ref(t, "acme/app", "main"); got != before {
		t.Errorf("rejected pushes moved main to %s", got)
	}

	// Only tags are protected: the branch goes through, the tag does not.
	srv.Inject(gitserver.Fault{Reject: "tags are immutable", RejectRef: "refs/tags/", Times: -1})
	if err := goPush(repo, srv.Auth(), nil, "refs/heads/main:refs/heads/main"); err != nil {
		t.Errorf("branch push with tag protection: %v", err)
	}
	testutil.Git(t, dir, "tag", "v9")
	if err := goPush(repo, srv.Auth(), nil, "refs/tags/v9:refs/tags/v9"); err == nil {
		t.Error("tag push went through tag protection")
	}
	srv.ClearFaults()
	if err := goPush(repo, srv.Auth(), nil, "refs/tags/v9:refs/tags/v9"); err != nil {
		t.Errorf("tag push after ClearFaults: %v", err)
	}
	if srv.Ref(t, "acme/app", "v9") == "" {
		t.Error("tag not pushed after ClearFaults")
	}
}

func TestNonFastForward(t *testing.T) {
	t.Parallel()
	srv := gitserver.New(t, gitserver.Options{User: user, Password: token, DenyNonFastForwards: true})
	r := testutil.NewRepo(t)
	srv.Seed(t, "acme/app", r.Dir)
	cred := gitserver.CredentialEnv(user, token)
	r.Commit("second")
	if out, err := git(r.Dir, cred, "push", "-q", "origin", "main"); err != nil {
		t.Fatalf("push: %v\n%s", err, out)
	}
	head := r.Git("rev-parse", "HEAD")

	// The git binary refuses to push an older commit...
	out, err := git(r.Dir, cred, "push", "origin", "HEAD~1:refs/heads/main")
	if err == nil || !strings.Contains(out, "non-fast-forward") {
		t.Errorf("git push of an older commit: err=%v\n%s", err, out)
	}
	// ...and the server refuses it forced (receive.denyNonFastForwards).
	out, err = git(r.Dir, cred, "push", "--force", "origin", "HEAD~1:refs/heads/main")
	if err == nil || !strings.Contains(out, "denying non-fast-forward") {
		t.Errorf("forced git push of an older commit: err=%v\n%s", err, out)
	}

	// go-git, unforced and forced.
	repo, err := gogit.PlainOpen(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	r.Git("branch", "old", "HEAD~1")
	err = goPush(repo, srv.Auth(), nil, "refs/heads/old:refs/heads/main")
	if err == nil || !strings.Contains(err.Error(), "non-fast-forward") {
		t.Errorf("go-git push of an older commit: %v", err)
	}
	err = goPush(repo, srv.Auth(), nil, "+refs/heads/old:refs/heads/main")
	if err == nil {
		t.Error("forced go-git push of an older commit succeeded")
	}
	t.Logf("forced go-git push error: %v", err)
	if got := srv.Ref(t, "acme/app", "main"); got != head {
		t.Errorf("remote main moved to %s", got)
	}

	// Without DenyNonFastForwards a forced push goes through.
	srv2 := newServer(t)
	srv2.Seed(t, "acme/app", r.Dir)
	if out, err := git(r.Dir, cred, "push", "--force", "origin", "HEAD~1:refs/heads/main"); err != nil {
		t.Errorf("forced push without denyNonFastForwards: %v\n%s", err, out)
	}
}

func TestRequestLog(t *testing.T) {
	t.Parallel()
	srv, _ := seeded(t)
	repo, dir, err := goClone(t, srv.RepoURL("acme/app"), srv.Auth())
	if err != nil {
		t.Fatal(err)
	}
	testutil.Git(t, dir, "commit", "-q", "--allow-empty", "-m", "x")
	if err := goPush(repo, srv.Auth(), nil); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range srv.Requests() {
		got = append(got, fmt.Sprintf("%s %s %s %v %d %s %s", r.Method, r.Path, r.Service, r.Phase, r.Status, r.User, r.Repo))
	}
	want := []string{
		"GET /acme/app.git/info/refs upload-pack advertise 200 x-access-token acme/app",
		"POST /acme/app.git/git-upload-pack upload-pack rpc 200 x-access-token acme/app",
		"GET /acme/app.git/info/refs receive-pack advertise 200 x-access-token acme/app",
		"POST /acme/app.git/git-receive-pack receive-pack rpc 200 x-access-token acme/app",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if reqs := srv.Requests(); reqs[0].Query != "service=git-upload-pack" || reqs[0].Auth != gitserver.AuthOK {
		t.Errorf("first request: %+v", reqs[0])
	}
	text := srv.LogText()
	if !strings.Contains(text, "#4 POST /acme/app.git/git-receive-pack -> 200 auth=ok user=x-access-token") {
		t.Errorf("LogText:\n%s", text)
	}
	srv.ClearLog()
	if len(srv.Requests()) != 0 {
		t.Error("ClearLog left entries")
	}
}

// recordingTB records Errorf calls instead of failing.
type recordingTB struct {
	testing.TB
	errs []string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestAssertNoLeak(t *testing.T) {
	t.Parallel()
	srv, r := seeded(t)
	cred := gitserver.CredentialEnv(user, token)
	// Ordinary use, including rejected attempts with the token as password.
	if out, err := git(r.Dir, cred, "fetch", "-q", "origin"); err != nil {
		t.Fatalf("fetch: %v\n%s", err, out)
	}
	if _, _, err := goClone(t, srv.RepoURL("acme/app"), srv.Auth()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := goClone(t, srv.RepoURL("acme/app"), &githttp.BasicAuth{Username: "wrong", Password: token}); err == nil {
		t.Fatal("clone with wrong user succeeded")
	}
	rec := &recordingTB{TB: t}
	srv.AssertNoLeak(rec, token)
	if len(rec.errs) != 0 {
		t.Errorf("false leak reports: %v", rec.errs)
	}

	// Leaks: in a ref name (request body), the query string, a header and
	// the username.
	if out, err := git(r.Dir, cred, "push", "-q", "origin", "main:refs/heads/leak-"+token); err != nil {
		t.Fatalf("push: %v\n%s", err, out)
	}
	req, _ := http.NewRequest("GET", srv.RepoURL("acme/app")+"/info/refs?service=git-upload-pack&access_token="+token, nil)
	req.SetBasicAuth(user, token)
	req.Header.Set("X-Debug", "token="+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if _, _, err := goClone(t, srv.RepoURL("acme/app"), &githttp.BasicAuth{Username: token, Password: token}); err == nil {
		t.Fatal("clone with the token as user succeeded")
	}
	rec = &recordingTB{TB: t}
	srv.AssertNoLeak(rec, token)
	all := strings.Join(rec.errs, "\n")
	for _, where := range []string{"request body", "request URI", "header X-Debug", "basic-auth username", "header Authorization"} {
		if !strings.Contains(all, "in the "+where+" of request") {
			t.Errorf("leak in %s not reported; reports:\n%s", where, all)
		}
	}
}

func TestNoGlobalConfig(t *testing.T) {
	// Not parallel: it changes the process environment. A global and a
	// system config that would break every push must be ignored.
	home := t.TempDir()
	hooks := filepath.Join(home, "hooks")
	if err := os.MkdirAll(hooks, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(hooks, "pre-receive"), []byte("#!/bin/sh\necho GLOBAL CONFIG READ >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := "[core]\n\thooksPath = " + hooks + "\n[receive]\n\tdenyNonFastForwards = true\n"
	for _, p := range []string{filepath.Join(home, ".gitconfig"), filepath.Join(home, ".config", "git", "config")} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, ".gitconfig"))
	t.Setenv("GIT_CONFIG_SYSTEM", filepath.Join(home, ".gitconfig"))
	t.Setenv("GIT_CONFIG_PARAMETERS", "'core.hooksPath'='"+hooks+"'")

	srv, r := seeded(t)
	r.Commit("x")
	if out, err := git(r.Dir, gitserver.CredentialEnv(user, token), "push", "origin", "main"); err != nil {
		t.Fatalf("push: %v\n%s", err, out)
	}
	if out, err := git(r.Dir, gitserver.CredentialEnv(user, token), "push", "--force", "origin", "HEAD~1:main"); err != nil {
		t.Fatalf("forced push: %v\n%s", err, out)
	}
	if strings.Contains(srv.LogText(), "GLOBAL CONFIG READ") {
		t.Error("the backend read the user's config")
	}
}

func TestLargePush(t *testing.T) {
	t.Parallel()
	// Over http.postBuffer (1 MiB), git sends the pack chunked, which
	// net/http/cgi alone would refuse.
	srv, r := seeded(t)
	data := make([]byte, 3<<20)
	rnd := rand.NewChaCha8([32]byte{1})
	_, _ = rnd.Read(data)
	r.WriteFile("big.bin", string(data))
	head := r.Commit("big")
	out, err := git(r.Dir, gitserver.CredentialEnv(user, token), "push", "-v", "origin", "main")
	if err != nil {
		t.Fatalf("push: %v\n%s", err, out)
	}
	if !strings.Contains(out, "POST git-receive-pack (chunked)") {
		t.Errorf("push was not chunked:\n%s", out)
	}
	if got := srv.Ref(t, "acme/app", "main"); got != head {
		t.Errorf("remote main = %s, want %s", got, head)
	}
}

func TestStartupIsFast(t *testing.T) {
	t.Parallel()
	start := time.Now()
	srv := newServer(t)
	started := time.Since(start)
	srv.NewRepo(t, "acme/fast")
	created := time.Since(start) - started
	t.Logf("New: %v, NewRepo: %v", started, created)
	if started > time.Second {
		t.Errorf("New took %v", started)
	}
}

func TestRefuseAndReopen(t *testing.T) {
	s := gitserver.New(t, gitserver.Options{})
	s.NewRepo(t, "acme/app")
	probe := func() error {
		c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		resp, err := c.Get(s.RepoURL("acme/app") + "/info/refs?service=git-upload-pack")
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	if err := probe(); err != nil {
		t.Fatal(err)
	}
	s.Refuse()
	if err := probe(); err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("while refusing: %v", err)
	}
	s.Reopen(t)
	if err := probe(); err != nil {
		t.Fatalf("after reopening: %v", err)
	}
}

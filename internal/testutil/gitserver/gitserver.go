// Package gitserver runs a real git server over HTTP on loopback for tests:
// `git http-backend` behind Go's net/http/cgi in an httptest server, serving
// bare repositories from a temporary directory, with basic auth, a request
// log, a secret-leak check and fault injection (HTTP errors, delays,
// connection resets and pushes refused by a hook). It is imported only by
// tests.
//
// The backend never reads the user's or the system's git config: it runs
// with GIT_CONFIG_NOSYSTEM=1, GIT_CONFIG_GLOBAL=/dev/null and a private HOME,
// and inherits nothing else from the test process but PATH (and the dynamic
// loader variables net/http/cgi always passes on).
package gitserver

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/netgate"
)

// Options configures a Server.
type Options struct {
	// User is the username that must accompany the password. Empty accepts
	// any username, as GitHub does for tokens.
	User string
	// Password is the token that grants read and write access. When it or
	// ReadOnlyPassword is set every request needs basic auth (except fetches
	// when AnonymousRead is set); missing or wrong credentials get 401 with
	// `WWW-Authenticate: Basic realm="git"`.
	Password string
	// ReadOnlyPassword is a second token that may fetch but not push: any
	// receive-pack request made with it gets 403.
	ReadOnlyPassword string
	// AnonymousRead lets requests without credentials fetch (like a public
	// repository); pushing still needs credentials.
	AnonymousRead bool
	// DenyNonFastForwards sets receive.denyNonFastForwards, so the server
	// itself refuses forced non-fast-forward pushes (a client refuses
	// unforced ones on its own).
	DenyNonFastForwards bool
}

// Server is a git smart-HTTP server for one test. Its methods are safe for
// concurrent use.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:PORT, without a
	// trailing slash.
	URL string
	// Root is the directory holding the bare repositories
	// (GIT_PROJECT_ROOT); repository "owner/name" is Root/owner/name.git.
	Root string

	opts    Options
	srv     *httptest.Server
	backend string
	home    string
	hooks   string

	mu       sync.Mutex
	faults   []*pendingFault
	gate     *netgate.Listener
	requests []Request
}

// Access levels recorded in Request.Auth.
const (
	// AuthNone means no credentials were sent.
	AuthNone = "none"
	// AuthOK means the read-write password was accepted.
	AuthOK = "ok"
	// AuthReadOnly means the read-only password was accepted.
	AuthReadOnly = "read-only"
	// AuthBad means credentials were sent but not accepted.
	AuthBad = "bad"
)

// Service names, used to match faults and in the request log.
const (
	// UploadPack is git-upload-pack: clone, fetch, ls-remote.
	UploadPack = "upload-pack"
	// ReceivePack is git-receive-pack: push.
	ReceivePack = "receive-pack"
)

var backendPath = sync.OnceValues(func() (string, error) {
	out, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		return "", fmt.Errorf("git --exec-path: %v", err)
	}
	p := filepath.Join(strings.TrimSpace(string(out)), "git-http-backend")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("git-http-backend: %v", err)
	}
	return p, nil
})

// New starts a server on 127.0.0.1 for the test and stops it when the test
// ends. If the test fails, the server's log is written to the test log.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	backend, err := backendPath()
	if err != nil {
		t.Fatalf("gitserver: %v", err)
	}
	base := t.TempDir()
	s := &Server{
		Root:    filepath.Join(base, "repos"),
		opts:    opts,
		backend: backend,
		home:    filepath.Join(base, "home"),
		hooks:   filepath.Join(base, "hooks"),
	}
	for _, d := range []string{s.Root, s.home, s.hooks} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, script := range map[string]string{"pre-receive": preReceiveHook, "proc-receive": procReceiveHook} {
		if err := os.WriteFile(filepath.Join(s.hooks, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ln, err := netgate.Listen()
	if err != nil {
		t.Fatalf("gitserver: listening: %v", err)
	}
	s.gate = ln
	s.srv = &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(s.serve)}}
	s.srv.Start()
	s.URL = s.srv.URL
	t.Cleanup(func() {
		s.srv.Close()
		if t.Failed() {
			t.Logf("gitserver log:\n%s", s.LogText())
		}
	})
	return s
}

// Refuse closes the server's address and its open connections: clients
// get "connection refused" until Reopen, as when the host is down.
func (s *Server) Refuse() {
	s.gate.Refuse()
	s.srv.CloseClientConnections()
}

// Reopen serves again at the same URL after Refuse.
func (s *Server) Reopen(t testing.TB) {
	t.Helper()
	if err := s.gate.Reopen(); err != nil {
		t.Fatalf("gitserver: reopening %s: %v", s.URL, err)
	}
}

// Close stops the server; New arranges it at the end of the test, and a
// second call does nothing.
func (s *Server) Close() { s.srv.Close() }

// cleanName turns "owner/name" or "owner/name.git" into "owner/name".
func cleanName(t testing.TB, name string) string {
	t.Helper()
	n := strings.TrimSuffix(strings.Trim(name, "/"), ".git")
	if n == "" || strings.Contains(n, "..") || strings.ContainsAny(n, "\\?#%") {
		t.Fatalf("gitserver: bad repository name %q", name)
	}
	return n
}

// Dir returns the filesystem path of repository name ("owner/name"),
// whether or not it exists.
func (s *Server) Dir(name string) string {
	return filepath.Join(s.Root, filepath.FromSlash(strings.TrimSuffix(strings.Trim(name, "/"), ".git")+".git"))
}

// RepoURL returns the clone URL of repository name, without credentials:
// http://127.0.0.1:PORT/owner/name.git.
func (s *Server) RepoURL(name string) string {
	return s.URL + "/" + strings.TrimSuffix(strings.Trim(name, "/"), ".git") + ".git"
}

// AuthURL returns the clone URL of repository name with Options.User and
// Options.Password in it (user "git" when Options.User is empty), for the
// git binary.
func (s *Server) AuthURL(name string) string {
	u, err := url.Parse(s.RepoURL(name))
	if err != nil {
		panic(err)
	}
	user := s.opts.User
	if user == "" {
		user = "git"
	}
	u.User = url.UserPassword(user, s.opts.Password)
	return u.String()
}

// Auth returns go-git basic auth with Options.User and Options.Password.
func (s *Server) Auth() *githttp.BasicAuth {
	return &githttp.BasicAuth{Username: s.opts.User, Password: s.opts.Password}
}

// ReadOnlyAuth returns go-git basic auth with Options.User and
// Options.ReadOnlyPassword.
func (s *Server) ReadOnlyAuth() *githttp.BasicAuth {
	return &githttp.BasicAuth{Username: s.opts.User, Password: s.opts.ReadOnlyPassword}
}

// CredentialEnv returns environment entries that make the git binary answer
// HTTP auth challenges with user and password through an inline credential
// helper, so that URLs need not carry credentials. Append them to
// testutil.GitEnv() (they use GIT_CONFIG_COUNT, so they replace any other
// config given that way).
func CredentialEnv(user, password string) []string {
	return []string{
		"GIT_CONFIG_COUNT=1",
		"GIT_CONFIG_KEY_0=credential.helper",
		`GIT_CONFIG_VALUE_0=!f() { test "$1" = get && printf 'username=%s\npassword=%s\n' "$GITSERVER_TEST_USER" "$GITSERVER_TEST_PASSWORD"; }; f`,
		"GITSERVER_TEST_USER=" + user,
		"GITSERVER_TEST_PASSWORD=" + password,
	}
}

// NewRepo creates the empty bare repository name ("owner/name"), with
// initial branch main, and returns its filesystem path and its clone URL
// (http://127.0.0.1:PORT/owner/name.git).
func (s *Server) NewRepo(t testing.TB, name string) (dir, cloneURL string) {
	t.Helper()
	name = cleanName(t, name)
	dir = s.Dir(name)
	if _, err := os.Stat(dir); err == nil {
		t.Fatalf("gitserver: repository %s already exists", name)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	testutil.Git(t, s.Root, "init", "-q", "--bare", "-b", "main", dir)
	return dir, s.RepoURL(name)
}

// Seed pushes the branches and tags of the work tree workTree (for example
// a testutil.NewRepo) into repository name, creating the repository if
// needed, and makes the server the work tree's remote "origin": its URL is
// the clone URL (without credentials), refs/remotes/origin/* mirror the
// pushed branches and origin/HEAD points at the repository's HEAD branch.
// The copy goes through the filesystem, so it is fast and is not logged.
// It returns the repository's path and clone URL.
func (s *Server) Seed(t testing.TB, name, workTree string) (dir, cloneURL string) {
	t.Helper()
	name = cleanName(t, name)
	dir, cloneURL = s.Dir(name), s.RepoURL(name)
	if _, err := os.Stat(dir); err != nil {
		s.NewRepo(t, name)
	}
	testutil.Git(t, workTree, "push", "-q", "--force", dir, "refs/heads/*:refs/heads/*", "refs/tags/*:refs/tags/*")
	if _, err := testutil.GitErr(workTree, nil, "remote", "get-url", "origin"); err == nil {
		testutil.Git(t, workTree, "remote", "set-url", "origin", cloneURL)
	} else {
		testutil.Git(t, workTree, "remote", "add", "origin", cloneURL)
	}
	testutil.Git(t, workTree, "fetch", "-q", "--prune", dir, "+refs/heads/*:refs/remotes/origin/*")
	if head, err := testutil.GitErr(dir, nil, "symbolic-ref", "--short", "HEAD"); err == nil {
		if _, err := testutil.GitErr(workTree, nil, "rev-parse", "-q", "--verify", "refs/remotes/origin/"+head); err == nil {
			testutil.Git(t, workTree, "remote", "set-head", "origin", head)
		}
	}
	return dir, cloneURL
}

// Ref returns the object name ref (for example "refs/heads/main" or
// "v1.2.3") points at in repository name, or "" when it does not exist.
func (s *Server) Ref(t testing.TB, name, ref string) string {
	t.Helper()
	out, err := testutil.GitErr(s.Dir(cleanName(t, name)), nil, "rev-parse", "-q", "--verify", ref)
	if err != nil {
		return ""
	}
	return out
}

// serve handles one request: authentication, faults, then git http-backend.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery}
	req.Repo, req.Service, req.Phase = classify(r)
	var stderr bytes.Buffer
	var body []byte
	defer func() {
		req.Duration = time.Since(start)
		req.Stderr = stderr.String()
		s.record(r, req, body)
	}()

	// Buffer the body: net/http/cgi refuses chunked bodies, which git sends
	// for large pushes, and the leak check looks at it.
	if r.Body != nil {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			req.Status = http.StatusBadRequest
			http.Error(w, "reading request body: "+err.Error(), req.Status)
			return
		}
		body = b
		r.Body = io.NopCloser(bytes.NewReader(b))
		r.ContentLength = int64(len(b))
		r.TransferEncoding = nil
		r.Header.Del("Transfer-Encoding")
	}

	// Authenticate.
	remoteUser := "anonymous"
	user, pass, hasAuth := r.BasicAuth()
	req.Auth = AuthNone
	readOnly := false
	if s.opts.Password != "" || s.opts.ReadOnlyPassword != "" {
		switch {
		case !hasAuth && s.opts.AnonymousRead && req.Service != ReceivePack:
			readOnly = true
		case !hasAuth:
			req.Status = s.unauthorized(w, "authentication required")
			return
		case s.opts.User != "" && user != s.opts.User:
			req.Auth = AuthBad
			req.Status = s.unauthorized(w, "invalid username or password")
			return
		case s.opts.Password != "" && pass == s.opts.Password:
			req.Auth, req.User, remoteUser = AuthOK, user, user
		case s.opts.ReadOnlyPassword != "" && pass == s.opts.ReadOnlyPassword:
			req.Auth, req.User, remoteUser = AuthReadOnly, user, user
			readOnly = true
		default:
			req.Auth = AuthBad
			req.Status = s.unauthorized(w, "invalid username or password")
			return
		}
	} else if hasAuth {
		req.Auth, req.User, remoteUser = AuthOK, user, user
	}
	if remoteUser == "" {
		remoteUser = "token"
	}
	if readOnly && req.Service == ReceivePack {
		req.Status = http.StatusForbidden
		http.Error(w, fmt.Sprintf("Permission to %s denied to %s.", req.Repo, remoteUser), req.Status)
		return
	}

	// Faults.
	f := s.takeFault(req)
	if f != nil {
		req.Fault = f.String()
		if f.Delay > 0 {
			tm := time.NewTimer(f.Delay)
			select {
			case <-tm.C:
			case <-r.Context().Done():
				tm.Stop()
				req.Status = 499 // client gave up, as nginx logs it
				return
			}
		}
		if f.Status != 0 {
			req.Status = f.Status
			if f.Status == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
			}
			http.Error(w, fmt.Sprintf("injected fault: %d %s", f.Status, http.StatusText(f.Status)), f.Status)
			return
		}
	}

	// git http-backend.
	env := []string{
		"GIT_PROJECT_ROOT=" + s.Root,
		"GIT_HTTP_EXPORT_ALL=1",
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_TERMINAL_PROMPT=0",
		"HOME=" + s.home,
		"XDG_CONFIG_HOME=" + filepath.Join(s.home, ".config"),
		"REMOTE_USER=" + remoteUser,
	}
	// GitHub lets a client fetch any reachable commit by its id (a pull
	// request's head after its branch was deleted): so does this server.
	cfg := [][2]string{{"http.uploadpack", "true"}, {"http.receivepack", strconv.FormatBool(!readOnly)},
		{"uploadpack.allowReachableSHA1InWant", "true"}}
	if s.opts.DenyNonFastForwards {
		cfg = append(cfg, [2]string{"receive.denyNonFastForwards", "true"})
	}
	if f != nil && (f.Reject != "" || f.RejectReason != "") {
		cfg = append(cfg, [2]string{"core.hooksPath", s.hooks})
		env = append(env,
			"GITSERVER_REJECT_MESSAGE="+f.Reject,
			"GITSERVER_REJECT_REF="+f.RejectRef,
			"GITSERVER_REJECT_REASON="+strings.Join(strings.Fields(f.RejectReason), " "),
		)
		if f.RejectReason != "" {
			prefix := f.RejectRef
			if prefix == "" {
				prefix = "refs/"
			}
			cfg = append(cfg, [2]string{"receive.procReceiveRefs", prefix})
		}
	}
	env = append(env, "GIT_CONFIG_COUNT="+strconv.Itoa(len(cfg)))
	for i, kv := range cfg {
		env = append(env, fmt.Sprintf("GIT_CONFIG_KEY_%d=%s", i, kv[0]), fmt.Sprintf("GIT_CONFIG_VALUE_%d=%s", i, kv[1]))
	}
	h := &cgi.Handler{
		Path:   s.backend,
		Root:   "/",
		Dir:    s.Root,
		Env:    env,
		Stderr: &stderr,
		Logger: log.New(&stderr, "cgi: ", 0),
	}
	if f != nil && f.Reset {
		req.Status = s.reset(w, r, h, f.ResetAfter)
		return
	}
	sw := &statusWriter{ResponseWriter: w}
	h.ServeHTTP(sw, r)
	req.Status = sw.status
	if req.Status == 0 {
		req.Status = http.StatusOK
	}
}

func (s *Server) unauthorized(w http.ResponseWriter, msg string) int {
	w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
	http.Error(w, msg, http.StatusUnauthorized)
	return http.StatusUnauthorized
}

// classify finds the repository, the service and the phase of a request.
func classify(r *http.Request) (repo, service string, phase Phase) {
	p := r.URL.Path
	switch {
	case strings.HasSuffix(p, "/info/refs"):
		p = strings.TrimSuffix(p, "/info/refs")
		service = strings.TrimPrefix(r.URL.Query().Get("service"), "git-")
		phase = Advertise
	case strings.HasSuffix(p, "/git-upload-pack"):
		p, service, phase = strings.TrimSuffix(p, "/git-upload-pack"), UploadPack, RPC
	case strings.HasSuffix(p, "/git-receive-pack"):
		p, service, phase = strings.TrimSuffix(p, "/git-receive-pack"), ReceivePack, RPC
	default:
		// Dumb-protocol or unknown path: name the repository up to ".git".
		if i := strings.Index(p, ".git/"); i >= 0 {
			p = p[:i]
		}
	}
	if service != UploadPack && service != ReceivePack {
		service = ""
	}
	return strings.TrimSuffix(strings.Trim(p, "/"), ".git"), service, phase
}

// statusWriter records the status code of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

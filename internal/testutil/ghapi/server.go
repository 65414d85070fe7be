package ghapi

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/testutil/netgate"
)

// APIVersion is the X-GitHub-Api-Version the server accepts by default (the
// one go-github v57 sends).
const APIVersion = "2022-11-28"

// Options configures a Server. The zero value serves one in-memory
// repository, acme/widgets, to the user hotfix-bot with a random token.
type Options struct {
	// Token is the token requests must carry ("Authorization: Bearer T" or
	// "token T"). When empty, New makes a random canary token
	// ("ghp_" and 36 characters); read it with Server.Token.
	Token string
	// Login is the authenticated user's login (GET /user, the author of
	// pull requests and issues). It defaults to "hotfix-bot".
	Login string
	// Repos are the hosted repositories; when empty, one in-memory
	// repository acme/widgets with branch main.
	Repos []Repo
	// Enterprise serves the API under /api/v3/, as GitHub Enterprise Server
	// does, and URL says so. Rate limiting is then off (no X-RateLimit
	// headers, and GET /rate_limit answers 404 "Rate limiting is not
	// enabled."), unless RateLimit is set.
	Enterprise bool
	// Now is the clock for timestamps and rate-limit resets; it defaults to
	// time.Now.
	Now func() time.Time
	// RateLimit is the primary rate limit per hour: the X-RateLimit-*
	// headers count down from it and, once it is spent, requests fail with
	// GitHub's 403 "API rate limit exceeded" until the window resets. It
	// defaults to 5000 (off on Enterprise); a negative value turns rate
	// limiting off.
	RateLimit int
	// APIVersions are the X-GitHub-Api-Version values accepted; another
	// value fails the test and is answered 400. Defaults to APIVersion.
	APIVersions []string
}

// Server is a GitHub REST API test server. It checks every request against
// GitHub's OpenAPI description, keeps repositories, pull requests, issues,
// labels, refs and releases, and can inject faults. Its methods are safe for
// concurrent use.
type Server struct {
	t    testing.TB
	opts Options
	spec *spec
	hs   *httptest.Server
	gate *netgate.Listener
	api  string // API base URL without the trailing slash
	html string // web base URL

	mu         sync.Mutex
	repos      map[string]*repoState
	repoOrder  []*repoState
	users      map[string]int64
	nextID     int64
	log        []Request
	faults     []*faultState
	rateUsed   int
	rateWindow time.Time
	reqSeq     int
}

// Request is one request the server received, for assertions.
type Request struct {
	Method string
	// Path is the request's path as sent (escaped, with /api/v3 on
	// Enterprise).
	Path string
	// Query is the raw query string.
	Query string
	// Op is the operationId the request matched ("pulls/create"), or "".
	Op string
	// Header holds the request headers, with Authorization redacted.
	Header http.Header
	Body   string
	// Status is the status answered; 0 when the connection was reset.
	Status int
	// Fault is the kind of fault injected into this request, or "".
	Fault FaultKind
}

// New starts a server on 127.0.0.1 for the test and stops it on t.Cleanup.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	sp, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	if opts.Token == "" {
		opts.Token = canaryToken()
	}
	if opts.Login == "" {
		opts.Login = "hotfix-bot"
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.RateLimit == 0 && !opts.Enterprise {
		opts.RateLimit = 5000
	}
	if len(opts.APIVersions) == 0 {
		opts.APIVersions = []string{APIVersion}
	}
	if len(opts.Repos) == 0 {
		opts.Repos = []Repo{{Owner: "acme", Name: "widgets"}}
	}
	s := &Server{t: t, opts: opts, spec: sp, repos: map[string]*repoState{}, users: map[string]int64{}}
	ln, err := netgate.Listen()
	if err != nil {
		t.Fatalf("ghapi: listening: %v", err)
	}
	s.gate = ln
	s.hs = &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(s.serveHTTP)}}
	s.hs.Start()
	t.Cleanup(s.hs.Close)
	root := s.hs.URL
	if opts.Enterprise {
		s.api, s.html = root+"/api/v3", root
	} else {
		s.api, s.html = root, "https://github.com"
	}
	s.userID(opts.Login)
	for _, r := range opts.Repos {
		if err := s.addRepo(r); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// Refuse closes the server's address and its open connections: clients
// get "connection refused" until Reopen, as when GitHub or the network is
// down. Nothing the server holds changes.
func (s *Server) Refuse() {
	s.gate.Refuse()
	s.hs.CloseClientConnections()
}

// Reopen serves again at the same URL after Refuse.
func (s *Server) Reopen() {
	s.t.Helper()
	if err := s.gate.Reopen(); err != nil {
		s.t.Fatalf("ghapi: reopening %s: %v", s.hs.URL, err)
	}
}

// URL is the API base URL with a trailing slash, for go-github's BaseURL or
// GITHUB_API_URL: "http://127.0.0.1:PORT/", or ".../api/v3/" on Enterprise.
func (s *Server) URL() string { return s.api + "/" }

// WebURL is the base of the html_url links: "https://github.com", or the
// server's root on Enterprise.
func (s *Server) WebURL() string { return s.html }

// Token is the token requests must carry.
func (s *Server) Token() string { return s.opts.Token }

// Login is the authenticated user's login.
func (s *Server) Login() string { return s.opts.Login }

// HTTPClient is an HTTP client for the server (no authentication added).
func (s *Server) HTTPClient() *http.Client { return s.hs.Client() }

// AddRepo hosts another repository.
func (s *Server) AddRepo(r Repo) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.addRepo(r); err != nil {
		s.t.Fatal(err)
	}
}

// Requests returns every request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.log))
	copy(out, s.log)
	return out
}

// RequestsTo returns the requests matching a pattern, as Fault.Match
// understands it ("pulls/create", "POST /repos/*/*/pulls").
func (s *Server) RequestsTo(pattern string) []Request {
	m := compileMatch(pattern)
	var out []Request
	for _, r := range s.Requests() {
		if m.matches(r.Method, s.stripPrefix(r.Path), r.Op, s.templateOf(r.Op)) {
			out = append(out, r)
		}
	}
	return out
}

func (s *Server) templateOf(opID string) string {
	if op := s.spec.byID[opID]; op != nil {
		return op.template
	}
	return ""
}

func (s *Server) stripPrefix(p string) string {
	if s.opts.Enterprise {
		return strings.TrimPrefix(p, "/api/v3")
	}
	return p
}

func (s *Server) now() time.Time { return s.opts.Now().UTC().Truncate(time.Second) }

// userID gives each login a stable id; the caller holds s.mu (or is New).
func (s *Server) userID(login string) int64 {
	key := strings.ToLower(login)
	if id, ok := s.users[key]; ok {
		return id
	}
	id := int64(1001 + len(s.users))
	s.users[key] = id
	return id
}

// call is one request being served.
type call struct {
	s     *Server
	r     *http.Request
	op    *operation
	p     map[string]string
	q     url.Values
	body  any
	raw   []byte
	repo  *repoState
	fault *Fault // the fault striking this request, if any
}

// reply is what a handler answers.
type reply struct {
	status int
	body   any // JSON-encoded; nil means no body
	header http.Header
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 25<<20))
	rec := Request{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: string(raw)}
	if rec.Header.Get("Authorization") != "" {
		rec.Header.Set("Authorization", "REDACTED")
	}
	name := r.Method + " " + r.URL.RequestURI()
	s.checkCanary(name, r, raw)

	path := r.URL.EscapedPath()
	if s.opts.Enterprise {
		rest, ok := strings.CutPrefix(path, "/api/v3/")
		if !ok {
			s.errorf("ghapi: %s: GitHub Enterprise Server serves the REST API under /api/v3/; the request is outside it (use %s as the base URL)", name, s.URL())
			s.finish(w, &rec, nil, s.basicError(nil, 404, "Not Found"), false)
			return
		}
		path = "/" + rest
	}
	m, allowed, err := s.spec.route(r.Method, path)
	if err != nil || m == nil {
		why := "no operation in GitHub's OpenAPI description matches this path"
		if !s.opts.Enterprise && strings.HasPrefix(path, "/api/v3/") {
			why += " (/api/v3/ is GitHub Enterprise Server's prefix; this server is not Enterprise: use " + s.URL() + ")"
		}
		if err != nil {
			why = err.Error()
		} else if len(allowed) > 0 {
			why = fmt.Sprintf("the path exists in GitHub's OpenAPI description only for %s", strings.Join(dedupe(allowed), ", "))
		}
		s.errorf("ghapi: %s: %s; GitHub answers 404", name, why)
		s.finish(w, &rec, nil, s.basicError(nil, 404, "Not Found"), false)
		return
	}
	rec.Op = m.op.id
	c := &call{s: s, r: r, op: m.op, p: m.params, q: r.URL.Query(), raw: raw}
	if rep, problems := s.validateRequest(c); len(problems) > 0 {
		for _, p := range problems {
			s.errorf("ghapi: %s (%s): %s", name, m.op.id, p)
		}
		s.finish(w, &rec, c, *rep, false)
		return
	}
	if rep := s.authenticate(c); rep != nil {
		s.finish(w, &rec, c, *rep, false)
		return
	}
	f := s.takeFault(r.Method, path, m.op)
	if f != nil {
		rec.Fault = f.Kind
		c.fault = f
		if f.Delay > 0 {
			select {
			case <-time.After(f.Delay):
			case <-r.Context().Done():
			}
		}
		switch {
		case f.Kind == FaultDelay || f.Kind == FaultTruncated || f.Kind == FaultResetMidResponse:
			// answered normally (and cut short, for FaultTruncated and
			// FaultResetMidResponse)
		case f.Applied:
			s.handle(c)
			s.strike(w, &rec, c, f)
			return
		default:
			s.strike(w, &rec, c, f)
			return
		}
	}
	s.finish(w, &rec, c, s.handle(c), true)
}

// handle runs the operation's handler with the state locked.
func (s *Server) handle(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.op.id != "rate-limit/get" { // GET /rate_limit is free, even when the limit is spent
		if err := s.rateCheck(); err != nil {
			return *err
		}
	}
	if _, ok := c.op.path["repo"]; ok {
		c.repo = s.repo(c.p["owner"] + "/" + c.p["repo"])
		if c.repo == nil {
			return s.basicError(c, 404, "Not Found")
		}
		s.refresh(c.repo)
	}
	h := handlers[c.op.id]
	if h == nil {
		s.errorf("ghapi: %s %s: operation %s has no handler in the test server", c.r.Method, c.r.URL.Path, c.op.id)
		return s.basicError(c, 501, "Not Implemented")
	}
	return h(c)
}

// finish writes a reply: it validates the body against the operation's
// response schema when asked (a mismatch is a bug of the test server), adds
// GitHub's headers, applies a truncation fault and logs the request.
func (s *Server) finish(w http.ResponseWriter, rec *Request, c *call, rep reply, validate bool) {
	var data []byte
	if rep.body != nil {
		var err error
		data, err = json.Marshal(rep.body)
		if err != nil {
			s.errorf("ghapi: encoding the response: %v", err)
		}
	}
	if c != nil && validate {
		s.checkResponse(c, rep.status, data)
	}
	h := w.Header()
	for k, vs := range rep.header {
		h[k] = vs
	}
	s.mu.Lock()
	s.reqSeq++
	h.Set("X-GitHub-Request-Id", fmt.Sprintf("GHAPI:%04X:%06X", s.reqSeq, s.reqSeq*7919))
	if c != nil && rep.status != 401 && h.Get("X-RateLimit-Limit") == "" {
		s.rateHeaders(h)
	}
	s.mu.Unlock()
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	h.Set("X-GitHub-Api-Version-Selected", APIVersion)
	if data != nil {
		h.Set("Content-Type", "application/json; charset=utf-8")
		if c != nil && c.fault != nil && c.fault.Kind == FaultTruncated {
			data = data[:len(data)/2]
		}
		h.Set("Content-Length", strconv.Itoa(len(data)))
	}
	// Log before answering, so that a client that has its answer sees the
	// request in the log.
	rec.Status = rep.status
	s.record(rec)
	if c != nil && c.fault != nil && c.fault.Kind == FaultResetMidResponse {
		s.resetMidResponse(w, rep.status, data, c.fault.ResetAfter)
		return
	}
	w.WriteHeader(rep.status)
	w.Write(data)
}

func (s *Server) record(rec *Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, *rec)
}

// checkResponse validates a response against the operation's schema for its
// status, when the description documents that status.
func (s *Server) checkResponse(c *call, status int, data []byte) {
	r := c.op.resp[strconv.Itoa(status)]
	if r == nil {
		return
	}
	if len(r.schemas) == 0 {
		// Error statuses are often documented without a body, though GitHub
		// sends one; a success documented without one must have none.
		if status < 300 && len(data) > 0 {
			s.errorf("ghapi bug: %s %s answered %d with a body, but the description documents none", c.r.Method, c.r.URL.Path, status)
		}
		return
	}
	sc := r.schemas["application/json"]
	if sc == nil {
		for _, v := range r.schemas {
			sc = v
			break
		}
	}
	v, err := decodeJSON(data)
	if err != nil {
		s.errorf("ghapi bug: %s %s answered %d with invalid JSON: %v", c.r.Method, c.r.URL.Path, status, err)
		return
	}
	if errs := sc.validate(v, "$"); len(errs) > 0 {
		s.errorf("ghapi bug: %s %s (%s) answered %d with a body that does not follow the response schema:\n  %s",
			c.r.Method, c.r.URL.Path, c.op.id, status, strings.Join(errs, "\n  "))
	}
}

// validateRequest checks headers, parameters and body against the
// description. It returns the reply to send and the problems (each fails the
// test) when the request is invalid.
func (s *Server) validateRequest(c *call) (*reply, []string) {
	r := c.r
	var problems []string
	status, msg := 0, ""
	setStatus := func(code int, m string) {
		if status == 0 {
			status, msg = code, m
		}
	}
	if r.Header.Get("User-Agent") == "" {
		problems = append(problems, "no User-Agent header: GitHub refuses requests without one (403)")
		setStatus(403, "Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.")
	}
	if v := r.Header.Get("X-GitHub-Api-Version"); v != "" && !contains(s.opts.APIVersions, v) {
		problems = append(problems, fmt.Sprintf("X-GitHub-Api-Version %q is not a supported API version (%s)", v, strings.Join(s.opts.APIVersions, ", ")))
		setStatus(400, fmt.Sprintf("API version %s is not supported.", v))
	}
	if a := r.Header.Get("Accept"); a != "" && !acceptable(a) {
		problems = append(problems, fmt.Sprintf("Accept %q names no media type GitHub serves (application/vnd.github+json, application/json)", a))
		setStatus(415, "Unsupported 'Accept' header")
	}
	// Path parameters.
	for name, p := range c.op.path {
		v, ok := c.p[name]
		if !ok {
			problems = append(problems, fmt.Sprintf("path parameter %s is missing", name))
			setStatus(404, "Not Found")
			continue
		}
		if errs := checkParam(p, v); len(errs) > 0 {
			problems = append(problems, fmt.Sprintf("path parameter %s=%q: %s", name, v, strings.Join(errs, "; ")))
			setStatus(404, "Not Found")
		}
	}
	// Query parameters.
	names := make([]string, 0, len(c.q))
	for name := range c.q {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := c.op.query[name]
		if p == nil {
			problems = append(problems, fmt.Sprintf("query parameter %q is not a parameter of %s (known: %s)", name, c.op.id, strings.Join(paramNames(c.op.query), ", ")))
			setStatus(422, "Invalid request.\n\nUnknown query parameter "+name+".")
			continue
		}
		vals := c.q[name]
		if len(vals) > 1 {
			problems = append(problems, fmt.Sprintf("query parameter %s is given %d times", name, len(vals)))
			setStatus(422, "Invalid request.")
		}
		if errs := checkParam(p, vals[0]); len(errs) > 0 {
			problems = append(problems, fmt.Sprintf("query parameter %s=%q: %s", name, vals[0], strings.Join(errs, "; ")))
			setStatus(422, fmt.Sprintf("Invalid request.\n\n%q is not a valid value for %s.", vals[0], name))
		}
	}
	for name, p := range c.op.query {
		if p.required && c.q.Get(name) == "" {
			problems = append(problems, fmt.Sprintf("required query parameter %s is missing", name))
			setStatus(422, "Invalid request.")
		}
	}
	// Body.
	if len(bytes.TrimSpace(c.raw)) == 0 {
		if c.op.body != nil && c.op.bodyReq {
			problems = append(problems, "the request body is required")
			setStatus(422, "Invalid request.\n\nThe request body is required.")
		}
	} else if c.op.body == nil {
		problems = append(problems, fmt.Sprintf("%s takes no request body, but one was sent: %s", c.op.id, truncate(string(c.raw), 200)))
		setStatus(422, "Invalid request.")
	} else {
		if ct := r.Header.Get("Content-Type"); ct != "" {
			if mt, _, err := mime.ParseMediaType(ct); err != nil || !(mt == "application/json" || strings.HasSuffix(mt, "+json")) {
				problems = append(problems, fmt.Sprintf("Content-Type %q is not JSON", ct))
				setStatus(415, "Unsupported Media Type")
			}
		}
		v, err := decodeJSON(c.raw)
		if err != nil {
			problems = append(problems, fmt.Sprintf("the request body is not JSON: %v", err))
			setStatus(400, "Problems parsing JSON")
		} else {
			c.body = v
			sc := c.op.body
			if alt := bodyAlternatives[c.op.id]; alt != nil {
				if _, isArray := v.([]any); isArray {
					sc = alt(c.op.body)
				}
			}
			if errs := sc.validate(v, "$"); len(errs) > 0 {
				for _, e := range errs {
					problems = append(problems, "request body: "+e)
				}
				setStatus(422, "Invalid request.\n\n"+strings.Join(errs, "\n"))
			}
		}
	}
	if len(problems) == 0 {
		return nil, nil
	}
	rep := s.basicError(c, status, msg)
	return &rep, problems
}

// bodyAlternatives are request body forms an operation's description
// documents in prose but not in its schema. issues/add-labels says "You can
// also pass an array of labels directly", which go-github does; that array
// is checked against the schema of the labels property.
var bodyAlternatives = map[string]func(*schema) *schema{
	"issues/add-labels": func(sc *schema) *schema {
		if len(sc.oneOf) > 0 && sc.oneOf[0].properties["labels"] != nil {
			return sc.oneOf[0].properties["labels"]
		}
		return sc
	},
}

func paramNames(m map[string]*param) []string {
	var out []string
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	if len(out) == 0 {
		return []string{"none"}
	}
	return out
}

// checkParam converts a parameter's text by its schema's type and validates
// it.
func checkParam(p *param, text string) []string {
	var v any = text
	switch p.schema.typ {
	case "integer", "number":
		if _, err := strconv.ParseFloat(text, 64); err != nil {
			return []string{fmt.Sprintf("expected %s", p.schema.typ)}
		}
		v = json.Number(text)
	case "boolean":
		switch text {
		case "true":
			v = true
		case "false":
			v = false
		default:
			return []string{"expected true or false"}
		}
	}
	return p.schema.validate(v, p.name)
}

func acceptable(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		mt := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		if mt == "*/*" || mt == "application/*" || mt == "application/json" || strings.HasPrefix(mt, "application/vnd.github") {
			return true
		}
	}
	return false
}

// authenticate checks the Authorization header: a missing or wrong token is
// answered 401, as GitHub does, without failing the test (the product must
// handle it).
func (s *Server) authenticate(c *call) *reply {
	auth := c.r.Header.Get("Authorization")
	if auth == "" {
		rep := s.basicError(c, 401, "Requires authentication")
		return &rep
	}
	scheme, tok, _ := strings.Cut(auth, " ")
	ok := (strings.EqualFold(scheme, "Bearer") || strings.EqualFold(scheme, "token")) && strings.TrimSpace(tok) == s.opts.Token
	if !ok {
		rep := s.basicError(c, 401, "Bad credentials")
		return &rep
	}
	return nil
}

// basicError is GitHub's error body; c may be nil.
func (s *Server) basicError(c *call, status int, msg string) reply {
	doc := "https://docs.github.com/rest"
	if c != nil && c.op.docURL != "" {
		doc = c.op.docURL
	}
	return reply{status: status, body: map[string]any{"message": msg, "documentation_url": doc, "status": strconv.Itoa(status)}}
}

// validationFailed is GitHub's 422 with an errors list.
func (s *Server) validationFailed(c *call, errs ...map[string]any) reply {
	list := make([]any, len(errs))
	for i, e := range errs {
		list[i] = e
	}
	rep := s.basicError(c, 422, "Validation Failed")
	rep.body.(map[string]any)["errors"] = list
	return rep
}

// rateCheck counts the request against the primary rate limit; the caller
// holds s.mu.
func (s *Server) rateCheck() *reply {
	if s.opts.RateLimit <= 0 {
		return nil
	}
	s.rateRoll()
	if s.rateUsed >= s.opts.RateLimit {
		rep := s.primaryRateLimit(s.rateWindow.Add(time.Hour))
		return &rep
	}
	s.rateUsed++
	return nil
}

// rateRoll starts a new rate-limit window when the last one is over; the
// caller holds s.mu.
func (s *Server) rateRoll() {
	now := s.now()
	if s.rateWindow.IsZero() || !now.Before(s.rateWindow.Add(time.Hour)) {
		s.rateWindow, s.rateUsed = now, 0
	}
}

// rateHeaders adds the X-RateLimit-* headers; the caller holds s.mu.
func (s *Server) rateHeaders(h http.Header) {
	if s.opts.RateLimit <= 0 {
		return
	}
	s.rateRoll()
	h.Set("X-RateLimit-Limit", strconv.Itoa(s.opts.RateLimit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(0, s.opts.RateLimit-s.rateUsed)))
	h.Set("X-RateLimit-Used", strconv.Itoa(s.rateUsed))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(s.rateWindow.Add(time.Hour).Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
}

func (s *Server) primaryRateLimit(reset time.Time) reply {
	limit := s.opts.RateLimit
	if limit <= 0 {
		limit = 5000
	}
	h := http.Header{}
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Used", strconv.Itoa(limit))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
	return reply{status: 403, header: h, body: map[string]any{
		"message":           fmt.Sprintf("API rate limit exceeded for user ID %d. If you reach out to GitHub Support for help, please include the request ID.", s.userIDLocked(s.opts.Login)),
		"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit",
		"status":            "403",
	}}
}

func (s *Server) userIDLocked(login string) int64 { return s.users[strings.ToLower(login)] }

// checkCanary fails the test when the token appears anywhere in a request
// but the Authorization header.
func (s *Server) checkCanary(name string, r *http.Request, body []byte) {
	tok := s.opts.Token
	var where []string
	if strings.Contains(r.URL.String(), tok) || strings.Contains(r.RequestURI, tok) {
		where = append(where, "URL")
	}
	for k, vs := range r.Header {
		if k == "Authorization" {
			continue
		}
		for _, v := range vs {
			if strings.Contains(v, tok) {
				where = append(where, "header "+k)
			}
		}
	}
	if bytes.Contains(body, []byte(tok)) {
		where = append(where, "body")
	}
	if len(where) > 0 {
		s.errorf("ghapi: %s: the token appeared in the request's %s (it belongs only in the Authorization header)", name, strings.Join(where, ", "))
	}
}

// AssertNoToken fails t when text (what names it, like "stdout") holds the
// server's token.
func (s *Server) AssertNoToken(t testing.TB, what, text string) {
	t.Helper()
	if strings.Contains(text, s.opts.Token) || strings.Contains(text, url.QueryEscape(s.opts.Token)) {
		t.Errorf("ghapi: the token appeared in %s", what)
	}
}

// AssertNoTokenInDir fails t for every file under dir (the .git directory
// included) that holds the server's token.
func (s *Server) AssertNoTokenInDir(t testing.TB, dir string) {
	t.Helper()
	tok := []byte(s.opts.Token)
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(data, tok) {
			t.Errorf("ghapi: the token appeared in the file %s", p)
		}
		return nil
	})
	if err != nil {
		t.Errorf("ghapi: scanning %s for the token: %v", dir, err)
	}
}

// canaryToken makes a token shaped like a classic personal access token.
func canaryToken() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 36)
	for i := range b {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b[i] = alphabet[n.Int64()]
	}
	return "ghp_" + string(b)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func dedupe(list []string) []string {
	var out []string
	for _, x := range list {
		if !contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// errorf fails the test, with the token redacted from the message.
func (s *Server) errorf(format string, args ...any) {
	s.t.Helper()
	s.t.Errorf("%s", strings.ReplaceAll(fmt.Sprintf(format, args...), s.opts.Token, "<token>"))
}

// logf logs, with the token redacted.
func (s *Server) logf(format string, args ...any) {
	s.t.Helper()
	s.t.Logf("%s", strings.ReplaceAll(fmt.Sprintf(format, args...), s.opts.Token, "<token>"))
}

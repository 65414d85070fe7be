package ghapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultKind is what an injected Fault does to a request.
type FaultKind string

// The kinds of fault. Unless the Fault is Applied, the request has no effect
// on the server's state.
const (
	// FaultStatus answers Fault.Status (default 502) with Fault.Body
	// (default {"message": "<status text>"}; sent as JSON when it parses,
	// else as text/html like GitHub's proxy pages).
	FaultStatus FaultKind = "status"
	// FaultSecondaryRateLimit answers 403 (or Fault.Status, such as 429)
	// with Retry-After: Fault.RetryAfter (default 60; negative omits the
	// header) and "You have exceeded a secondary rate limit...".
	FaultSecondaryRateLimit FaultKind = "secondary-rate-limit"
	// FaultPrimaryRateLimit answers 403 (or Fault.Status) with
	// X-RateLimit-Remaining: 0, X-RateLimit-Reset: Fault.Reset (default an
	// hour from now) and "API rate limit exceeded for user ID N...".
	FaultPrimaryRateLimit FaultKind = "primary-rate-limit"
	// FaultDelay waits Fault.Delay (or until the client gives up), then
	// answers normally. Any other kind may also carry a Delay.
	FaultDelay FaultKind = "delay"
	// FaultConnReset hijacks the connection and closes it with a TCP reset,
	// without answering.
	FaultConnReset FaultKind = "connection-reset"
	// FaultResetMidResponse runs the request (it takes effect), sends the
	// first Fault.ResetAfter bytes of the raw response (status line,
	// headers with the full Content-Length, body; 0 means the headers and
	// half the body, a count within the headers cuts them short) and
	// resets the connection.
	FaultResetMidResponse FaultKind = "reset-mid-response"
	// FaultTruncated runs the request (it takes effect) and sends only the
	// first half of the JSON body, with a matching Content-Length.
	FaultTruncated FaultKind = "truncated-body"
	// FaultPullRequestExists answers GitHub's 422 "A pull request already
	// exists for owner:branch." (the head of the request body).
	FaultPullRequestExists FaultKind = "pull-request-exists"
	// FaultHeadInvalid answers 422 {"resource":"PullRequest","field":"head",
	// "code":"invalid"}.
	FaultHeadInvalid FaultKind = "head-invalid"
	// FaultNoCommits answers 422 "No commits between BASE and HEAD".
	FaultNoCommits FaultKind = "no-commits"
	// FaultDraftsUnsupported answers 422 "Draft pull requests are not
	// supported in this repository.".
	FaultDraftsUnsupported FaultKind = "drafts-unsupported"
	// FaultReviewerNotCollaborator answers 422 "Reviews may only be requested
	// from collaborators...".
	FaultReviewerNotCollaborator FaultKind = "reviewer-not-collaborator"
	// FaultReviewerIsAuthor answers 422 "Review cannot be requested from pull
	// request author.".
	FaultReviewerIsAuthor FaultKind = "reviewer-is-author"
)

// Forever, as Fault.Times, makes a fault strike every matching request.
const Forever = -1

// Fault makes the server misbehave for the next matching requests. Faults
// are checked in the order they were added, after the request is validated
// and authenticated; the first one matching with strikes left applies.
type Fault struct {
	// Match selects requests: an operationId ("pulls/create"); a path
	// pattern with an optional method ("POST /repos/*/*/pulls",
	// "/repos/acme/widgets/git/refs/**"), where * is one path segment and
	// a final ** the rest, or an OpenAPI path template
	// ("GET /repos/{owner}/{repo}/pulls/{pull_number}"); or "" for every
	// request. Paths are without the /api/v3 prefix of Enterprise.
	Match string
	// Times is how many matching requests the fault strikes: 0 means 1,
	// Forever means all.
	Times int
	Kind  FaultKind
	// Status overrides the kind's status (see the kinds).
	Status int
	// Body is FaultStatus's body.
	Body string
	// RetryAfter is FaultSecondaryRateLimit's Retry-After, in seconds.
	RetryAfter int
	// Reset is FaultPrimaryRateLimit's reset time.
	Reset time.Time
	// ResetAfter is how many bytes of the raw response
	// FaultResetMidResponse sends before the reset.
	ResetAfter int
	// Delay is waited before the fault (or the normal answer) is sent.
	Delay time.Duration
	// Applied runs the request (it takes effect, as when GitHub creates the
	// pull request and a proxy then answers 502) before the fault replaces
	// the answer. FaultTruncated is always applied; FaultDelay answers
	// normally anyway.
	Applied bool
}

// faultState is an injected fault and its strikes left.
type faultState struct {
	f    Fault
	m    matcher
	left int // -1: forever
}

// Fault injects a fault (see Fault).
func (s *Server) Fault(f Fault) {
	s.t.Helper()
	switch f.Kind {
	case FaultStatus, FaultSecondaryRateLimit, FaultPrimaryRateLimit, FaultDelay, FaultConnReset, FaultTruncated, FaultResetMidResponse,
		FaultPullRequestExists, FaultHeadInvalid, FaultNoCommits, FaultDraftsUnsupported,
		FaultReviewerNotCollaborator, FaultReviewerIsAuthor:
	default:
		s.t.Fatalf("ghapi: unknown fault kind %q", f.Kind)
	}
	m := compileMatch(f.Match)
	if m.op != "" && s.spec.byID[m.op] == nil {
		s.t.Fatalf("ghapi: Fault.Match %q names no operation of the description", f.Match)
	}
	left := f.Times
	if left == 0 {
		left = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultState{f: f, m: m, left: left})
}

// ClearFaults drops every injected fault, spent or not, as when the
// network comes back.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// PendingFaults returns the faults that have strikes left (Forever ones
// included), so a test can check that every fault it set up was hit.
func (s *Server) PendingFaults() []Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Fault
	for _, fs := range s.faults {
		if fs.left != 0 {
			f := fs.f
			if fs.left > 0 {
				f.Times = fs.left
			}
			out = append(out, f)
		}
	}
	return out
}

// takeFault finds the fault striking a request and counts the strike.
func (s *Server) takeFault(method, path string, op *operation) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, fs := range s.faults {
		if fs.left == 0 || !fs.m.matches(method, path, op.id, op.template) {
			continue
		}
		if fs.left > 0 {
			fs.left--
		}
		f := fs.f
		return &f
	}
	return nil
}

// matcher is a compiled Fault.Match.
type matcher struct {
	all    bool
	op     string
	method string
	tmpl   string   // an OpenAPI template
	glob   []string // path segments, * and a final **
}

func compileMatch(pattern string) matcher {
	pattern = strings.TrimSpace(pattern)
	if pattern == "" {
		return matcher{all: true}
	}
	method, p, hasMethod := strings.Cut(pattern, " ")
	if !hasMethod {
		if !strings.HasPrefix(pattern, "/") {
			return matcher{op: pattern}
		}
		method, p = "", pattern
	}
	m := matcher{method: strings.ToUpper(method)}
	p = strings.TrimSpace(p)
	if strings.Contains(p, "{") {
		m.tmpl = p
	} else {
		m.glob = strings.Split(strings.TrimPrefix(p, "/"), "/")
	}
	return m
}

func (m matcher) matches(method, path, opID, tmpl string) bool {
	switch {
	case m.all:
		return true
	case m.op != "":
		return m.op == opID
	}
	if m.method != "" && m.method != method {
		return false
	}
	if m.tmpl != "" {
		return m.tmpl == tmpl
	}
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, g := range m.glob {
		if g == "**" && i == len(m.glob)-1 {
			return true
		}
		if i >= len(segs) || (g != "*" && g != segs[i]) {
			return false
		}
	}
	return len(segs) == len(m.glob)
}

// strike answers a request with its fault.
func (s *Server) strike(w http.ResponseWriter, rec *Request, c *call, f *Fault) {
	status := func(def int) int {
		if f.Status != 0 {
			return f.Status
		}
		return def
	}
	switch f.Kind {
	case FaultConnReset:
		hj, ok := w.(http.Hijacker)
		if !ok {
			s.errorf("ghapi: cannot reset the connection: the ResponseWriter is no Hijacker")
			return
		}
		conn, _, err := hj.Hijack()
		if err != nil {
			s.errorf("ghapi: hijacking the connection: %v", err)
			return
		}
		rec.Status = 0
		s.record(rec)
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.SetLinger(0)
		}
		conn.Close()
	case FaultStatus:
		st := status(502)
		body := f.Body
		if body == "" {
			data, _ := json.Marshal(map[string]any{"message": http.StatusText(st), "documentation_url": "https://docs.github.com/rest"})
			body = string(data)
		}
		h := w.Header()
		if json.Valid([]byte(body)) {
			h.Set("Content-Type", "application/json; charset=utf-8")
		} else {
			h.Set("Content-Type", "text/html; charset=utf-8")
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		rec.Status = st
		s.record(rec)
		w.WriteHeader(st)
		w.Write([]byte(body))
	case FaultSecondaryRateLimit:
		st := status(403)
		rep := s.basicError(c, st, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID "+fmt.Sprintf("GHAPI:%X", time.Now().UnixNano()%0xFFFFFF)+".")
		rep.body.(map[string]any)["documentation_url"] = "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
		rep.header = http.Header{}
		switch {
		case f.RetryAfter > 0:
			rep.header.Set("Retry-After", strconv.Itoa(f.RetryAfter))
		case f.RetryAfter == 0:
			rep.header.Set("Retry-After", "60")
		}
		s.finish(w, rec, c, rep, false)
	case FaultPrimaryRateLimit:
		reset := f.Reset
		if reset.IsZero() {
			reset = s.now().Add(time.Hour)
		}
		s.mu.Lock()
		rep := s.primaryRateLimit(reset)
		s.mu.Unlock()
		rep.status = status(403)
		rep.body.(map[string]any)["status"] = strconv.Itoa(rep.status)
		s.finish(w, rec, c, rep, false)
	default:
		s.finish(w, rec, c, s.unprocessable(c, f.Kind), true)
	}
}

// resetMidResponse writes part of a response on the raw connection and
// resets it (see FaultResetMidResponse).
func (s *Server) resetMidResponse(w http.ResponseWriter, status int, body []byte, after int) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		s.errorf("ghapi: hijacking the connection: %v", err)
		return
	}
	var raw bytes.Buffer
	fmt.Fprintf(&raw, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	_ = w.Header().Write(&raw)
	raw.WriteString("\r\n")
	head := raw.Len()
	raw.Write(body)
	if after <= 0 {
		after = head + len(body)/2
	}
	if after >= raw.Len() {
		after = raw.Len() - 1
	}
	buf.Writer.Write(raw.Bytes()[:after])
	_ = buf.Writer.Flush()
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // RST, not FIN
	}
	conn.Close()
}

// unprocessable builds the 422 of a validation fault from the request.
func (s *Server) unprocessable(c *call, kind FaultKind) reply {
	body, _ := c.body.(map[string]any)
	str := func(k string) string { v, _ := body[k].(string); return v }
	owner, name := c.p["owner"], c.p["repo"]
	head := str("head")
	if head != "" && !strings.Contains(head, ":") {
		head = owner + ":" + head
	}
	switch kind {
	case FaultPullRequestExists:
		return s.prCustomError(c, "A pull request already exists for "+head+".")
	case FaultHeadInvalid:
		return s.validationFailed(c, map[string]any{"resource": "PullRequest", "field": "head", "code": "invalid"})
	case FaultNoCommits:
		base := str("base")
		_, h, _ := strings.Cut(head, ":")
		return s.prCustomError(c, "No commits between "+base+" and "+h)
	case FaultDraftsUnsupported:
		return s.prCustomError(c, "Draft pull requests are not supported in this repository.")
	case FaultReviewerNotCollaborator:
		return s.basicError(c, 422, notCollaboratorMessage(owner+"/"+name))
	case FaultReviewerIsAuthor:
		return s.basicError(c, 422, "Review cannot be requested from pull request author.")
	}
	return s.basicError(c, 422, "Validation Failed")
}

func (s *Server) prCustomError(c *call, msg string) reply {
	return s.validationFailed(c, map[string]any{"resource": "PullRequest", "code": "custom", "message": msg})
}

func notCollaboratorMessage(full string) string {
	return "Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the " + full + " repository."
}

package gitserver

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"
)

// maxLoggedBody is how much of a request body the leak check keeps.
const maxLoggedBody = 1 << 20

// Request is one entry of the server's request log.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is the URL path, e.g. /owner/name.git/info/refs.
	Path string
	// Query is the raw query, e.g. service=git-upload-pack.
	Query string
	// Repo is the repository the path names, "owner/name".
	Repo string
	// Service is UploadPack, ReceivePack or "" (not a smart-HTTP request).
	Service string
	// Phase is Advertise or RPC (AnyPhase for other requests).
	Phase Phase
	// Status is the HTTP status sent (for a Reset fault, the one git
	// produced; 499 when the client gave up during a Delay).
	Status int
	// Auth is AuthNone, AuthOK, AuthReadOnly or AuthBad.
	Auth string
	// User is the username whose credentials were accepted; "" when none
	// were.
	User string
	// Fault describes the injected fault that applied, "" when none did.
	Fault string
	// Stderr is what git http-backend (and hooks) wrote to stderr.
	Stderr string
	// Duration is how long the server took, delays included.
	Duration time.Duration

	fields []logField // where the leak check looks
}

// String formats the entry as one log line.
func (r Request) String() string {
	s := fmt.Sprintf("%s %s", r.Method, r.Path)
	if r.Query != "" {
		s += "?" + r.Query
	}
	s += fmt.Sprintf(" -> %d auth=%s", r.Status, r.Auth)
	if r.User != "" {
		s += " user=" + r.User
	}
	if r.Fault != "" {
		s += " fault=[" + r.Fault + "]"
	}
	s += " " + r.Duration.Round(time.Microsecond).String()
	if e := strings.TrimSpace(r.Stderr); e != "" {
		s += "\n\tstderr: " + strings.ReplaceAll(e, "\n", "\n\t        ")
	}
	return s
}

type logField struct{ name, value string }

// record appends a request to the log, with everything the server saw
// except the basic-auth password.
func (s *Server) record(r *http.Request, req Request, body []byte) {
	fields := []logField{{"request URI", r.RequestURI}, {"host", r.Host}}
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range r.Header[k] {
			if k == "Authorization" {
				v = redactBasic(v)
			}
			fields = append(fields, logField{"header " + k, v})
		}
	}
	if u, _, ok := r.BasicAuth(); ok {
		fields = append(fields, logField{"basic-auth username", u})
	}
	if len(body) > maxLoggedBody {
		body = body[:maxLoggedBody]
	}
	fields = append(fields, logField{"request body", string(body)}, logField{"stderr", req.Stderr})
	req.fields = fields
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, req)
}

// redactBasic removes the password from a basic Authorization header
// value, keeping the scheme and the username; other schemes are kept whole.
func redactBasic(v string) string {
	scheme, cred, ok := strings.Cut(v, " ")
	if !ok || !strings.EqualFold(scheme, "Basic") {
		return v
	}
	dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred))
	if err != nil {
		return v
	}
	user, _, ok := strings.Cut(string(dec), ":")
	if !ok {
		return v
	}
	return scheme + " " + user + ":<password>"
}

// Requests returns a copy of the request log, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ClearLog empties the request log.
func (s *Server) ClearLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// LogText returns the request log, one request per line (plus any stderr).
func (s *Server) LogText() string {
	var b strings.Builder
	for i, r := range s.Requests() {
		fmt.Fprintf(&b, "#%d %s\n", i+1, r)
	}
	return b.String()
}

// AssertNoLeak fails the test (with Errorf) if secret appears anywhere the
// server saw or logged it other than as the password of a basic
// Authorization header, which is where passwords are checked: request URIs
// and query strings, every other header, basic-auth usernames, request
// bodies (ref-update commands and push options are plain text there) and
// the backend's stderr. It passes when no request was made.
func (s *Server) AssertNoLeak(t testing.TB, secret string) {
	t.Helper()
	if secret == "" {
		t.Fatal("gitserver: AssertNoLeak needs a non-empty secret")
	}
	for i, r := range s.Requests() {
		for _, f := range r.fields {
			if strings.Contains(f.value, secret) {
				t.Errorf("gitserver: secret leaked in the %s of request #%d (%s %s)", f.name, i+1, r.Method, r.Path)
			}
		}
	}
}

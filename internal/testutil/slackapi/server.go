// Package slackapi is a Slack Web API test server (tests only) that
// enforces Slack's published description of the methods hotfix uses,
// read from testdata/slack_web_openapi_v2.subset.json (Slack's OpenAPI
// description, MIT, testdata/LICENSE): the HTTP method, the request's
// content type (form-encoded or JSON), the required parameters, and the
// method's scope. Tokens travel as "Authorization: Bearer" only: a token in
// a form body or a query string (which proxies and logs keep) is a test
// failure. It answers as Slack does, ok:false with an error code, and 429
// with Retry-After for ratelimited; faults are set per method.
package slackapi

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
)

//go:embed testdata/slack_web_openapi_v2.subset.json
var specJSON []byte

// Token is the bot token the server accepts unless Server.Token is changed.
const Token = "xoxb-CANARY0SLACK0BOT0TOKEN0f00dfeedbeef"

// Channel is the channel the server knows and the bot is a member of.
const Channel = "C0123ABCD"

// ReportTS is the ts of the report message already in Channel.
const ReportTS = "1700000000.123456"

// ReportLink is the report message's link, as Slack's "Copy link" gives it.
const ReportLink = "https://acme.slack.com/archives/" + Channel + "/p1700000000123456"

// Message is a message the server holds.
type Message struct {
	Channel, TS, ThreadTS, Text string
}

// Reaction is a reaction added to a message.
type Reaction struct {
	Channel, TS, Name string
}

// Call is one request the server answered.
type Call struct {
	Method string
	// Error is the error code answered ("" for ok).
	Error string
}

// fault is an answer to give instead of the real one.
type fault struct {
	err        string
	retryAfter int
	times      int
}

// Server is the test server; its methods are safe while requests run.
type Server struct {
	*httptest.Server
	t    testing.TB
	spec map[string]operation

	mu sync.Mutex
	// token is the accepted bot token.
	token string
	// scopes are the token's scopes.
	scopes map[string]bool
	// members are the channels the bot is in; known the channels that exist.
	members, known map[string]bool
	messages       []Message
	reactions      []Reaction
	calls          []Call
	faults         map[string][]*fault
	nextTS         int
}

// operation is what the description says of one method.
type operation struct {
	verb     string
	consumes []string
	required []string
	scopes   []string
}

// New starts a server that knows Channel with the report ReportTS in it,
// and a token with the scopes chat:write and reactions:write.
func New(t testing.TB) *Server {
	s := &Server{t: t, spec: loadSpec(t), token: Token, scopes: map[string]bool{"chat:write": true, "reactions:write": true},
		members: map[string]bool{Channel: true}, known: map[string]bool{Channel: true}, faults: map[string][]*fault{}, nextTS: 200}
	s.messages = []Message{{Channel: Channel, TS: ReportTS, Text: "checkout returns 500 for EU card payments"}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// APIURL is the base URL to give the client (slack.OptionAPIURL).
func (s *Server) APIURL() string { return s.URL + "/api/" }

// SetScopes replaces the token's scopes.
func (s *Server) SetScopes(scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scopes = map[string]bool{}
	for _, x := range scopes {
		s.scopes[x] = true
	}
}

// AddChannel makes a channel exist with the bot in it (another channel
// than Channel: a policy's PR channel).
func (s *Server) AddChannel(channel string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.known[channel] = true
	s.members[channel] = true
}

// Leave makes the bot not a member of channel (not_in_channel).
func (s *Server) Leave(channel string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.members, channel)
}

// Fail makes the next times calls of method answer ok:false with code;
// retryAfter > 0 answers 429 with that Retry-After (code "ratelimited").
func (s *Server) Fail(method, code string, retryAfter, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], &fault{err: code, retryAfter: retryAfter, times: times})
}

// Messages returns the messages, the report first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Reactions returns the reactions added.
func (s *Server) Reactions() []Reaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Reaction(nil), s.reactions...)
}

// Calls returns the calls answered, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Permalink is the link the server gives the message ts in channel.
func Permalink(channel, ts string) string {
	return "https://acme.slack.com/archives/" + channel + "/p" + strings.ReplaceAll(ts, ".", "")
}

var scopeRe = regexp.MustCompile("Requires scope: `([^`]+)`")

func loadSpec(t testing.TB) map[string]operation {
	var doc struct {
		Paths map[string]map[string]struct {
			Consumes   []string `json:"consumes"`
			Parameters []struct {
				Name, In, Description string
				Required              bool
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(specJSON, &doc); err != nil {
		t.Fatalf("slackapi: the description: %v", err)
	}
	ops := map[string]operation{}
	for path, verbs := range doc.Paths {
		for verb, o := range verbs {
			op := operation{verb: strings.ToUpper(verb), consumes: o.Consumes}
			for _, p := range o.Parameters {
				if p.Name == "token" {
					if m := scopeRe.FindStringSubmatch(p.Description); m != nil && m[1] != "none" {
						op.scopes = append(op.scopes, m[1])
					}
					continue
				}
				if p.Required {
					op.required = append(op.required, p.Name)
				}
			}
			ops[strings.TrimPrefix(path, "/")] = op
		}
	}
	return ops
}

// answer writes a JSON answer.
func answer(w http.ResponseWriter, status int, v map[string]any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	op, ok := s.spec[method]
	if !ok {
		s.t.Errorf("slackapi: %s %s: not a method of the description", r.Method, r.URL.Path)
		answer(w, 404, map[string]any{"ok": false, "error": "unknown_method"})
		return
	}
	params, code := s.params(r, op)
	if code == "" {
		code = s.check(r, method, op, params)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == "" {
		if fs := s.faults[method]; len(fs) > 0 {
			f := fs[0]
			if f.times--; f.times <= 0 {
				s.faults[method] = fs[1:]
			}
			if f.retryAfter > 0 {
				s.calls = append(s.calls, Call{Method: method, Error: "ratelimited"})
				w.Header().Set("Retry-After", fmt.Sprint(f.retryAfter))
				answer(w, http.StatusTooManyRequests, map[string]any{"ok": false, "error": "ratelimited"})
				return
			}
			code = f.err
		}
	}
	if code == "" {
		code = s.scopeError(op)
		if code != "" {
			s.calls = append(s.calls, Call{Method: method, Error: code})
			answer(w, 200, map[string]any{"ok": false, "error": code, "needed": strings.Join(op.scopes, ","), "provided": s.provided()})
			return
		}
	}
	var res map[string]any
	if code == "" {
		res, code = s.do(method, params)
	}
	s.calls = append(s.calls, Call{Method: method, Error: code})
	if code != "" {
		answer(w, 200, map[string]any{"ok": false, "error": code})
		return
	}
	res["ok"] = true
	answer(w, 200, res)
}

// params reads the parameters from the query and a form or JSON body,
// checking the verb and content type against the description.
func (s *Server) params(r *http.Request, op operation) (map[string]string, string) {
	params := map[string]string{}
	for k, v := range r.URL.Query() {
		params[k] = v[0]
	}
	if r.Method != op.verb && r.Method != http.MethodPost {
		// Slack answers every method by POST too.
		s.t.Errorf("slackapi: %s %s: the description says %s", r.Method, r.URL.Path, op.verb)
		return params, "invalid_post_type"
	}
	if r.Method != http.MethodPost {
		return params, ""
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if !contains(op.consumes, ct) {
		s.t.Errorf("slackapi: POST %s with content type %q; the description accepts %v", r.URL.Path, ct, op.consumes)
		return params, "invalid_form_data"
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return params, "request_timeout"
	}
	switch ct {
	case "application/json":
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			return params, "invalid_json"
		}
		for k, v := range m {
			if str, ok := v.(string); ok {
				params[k] = str
			} else {
				b, _ := json.Marshal(v)
				params[k] = string(b)
			}
		}
	default:
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return params, "invalid_form_data"
		}
		for k, v := range vals {
			params[k] = v[0]
		}
	}
	return params, ""
}

// check enforces the bearer token and the required parameters.
func (s *Server) check(r *http.Request, method string, op operation, params map[string]string) string {
	if _, ok := params["token"]; ok {
		s.t.Errorf("slackapi: %s: the token was sent in the body or the query string; send it as Authorization: Bearer", method)
		return "invalid_auth"
	}
	auth := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || tok == "" {
		return "not_authed"
	}
	s.mu.Lock()
	want := s.token
	s.mu.Unlock()
	if tok != want {
		return "invalid_auth"
	}
	for _, p := range op.required {
		if params[p] == "" {
			s.t.Errorf("slackapi: %s without its required parameter %q", method, p)
			return "invalid_arguments"
		}
	}
	if method == "chat.postMessage" && params["text"] == "" && params["blocks"] == "" && params["attachments"] == "" {
		return "no_text"
	}
	return ""
}

// scopeError is missing_scope when the token lacks a scope op needs
// (chat:write covers the description's older chat:write:bot).
func (s *Server) scopeError(op operation) string {
	for _, need := range op.scopes {
		base := need
		if strings.HasPrefix(need, "chat:write") {
			base = "chat:write"
		}
		if !s.scopes[base] && !s.scopes[need] {
			return "missing_scope"
		}
	}
	return ""
}

func (s *Server) provided() string {
	var out []string
	for k := range s.scopes {
		out = append(out, k)
	}
	return strings.Join(out, ",")
}

// find returns the message ts in channel.
func (s *Server) find(channel, ts string) *Message {
	for i := range s.messages {
		if s.messages[i].Channel == channel && s.messages[i].TS == ts {
			return &s.messages[i]
		}
	}
	return nil
}

// do runs a method on the server's state (s.mu held).
func (s *Server) do(method string, p map[string]string) (map[string]any, string) {
	ch := p["channel"]
	if !s.known[ch] {
		return nil, "channel_not_found"
	}
	switch method {
	case "chat.postMessage":
		if !s.members[ch] {
			return nil, "not_in_channel"
		}
		if th := p["thread_ts"]; th != "" && s.find(ch, th) == nil {
			return nil, "thread_not_found"
		}
		s.nextTS++
		m := Message{Channel: ch, TS: fmt.Sprintf("1700000%03d.000100", s.nextTS), ThreadTS: p["thread_ts"], Text: p["text"]}
		s.messages = append(s.messages, m)
		msg := map[string]any{"type": "message", "text": m.Text, "ts": m.TS}
		if m.ThreadTS != "" {
			msg["thread_ts"] = m.ThreadTS
		}
		return map[string]any{"channel": ch, "ts": m.TS, "message": msg}, ""
	case "reactions.add":
		if s.find(ch, p["timestamp"]) == nil {
			return nil, "message_not_found"
		}
		for _, x := range s.reactions {
			if x == (Reaction{Channel: ch, TS: p["timestamp"], Name: p["name"]}) {
				return nil, "already_reacted"
			}
		}
		s.reactions = append(s.reactions, Reaction{Channel: ch, TS: p["timestamp"], Name: p["name"]})
		return map[string]any{}, ""
	case "chat.getPermalink":
		if s.find(ch, p["message_ts"]) == nil {
			return nil, "message_not_found"
		}
		return map[string]any{"channel": ch, "permalink": Permalink(ch, p["message_ts"])}, ""
	}
	s.t.Errorf("slackapi: %s is described but not served", method)
	return nil, "unknown_method"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

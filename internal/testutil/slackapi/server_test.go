package slackapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// recorder is a testing.TB whose Errorf is kept, to see what the server
// refuses.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func call(t *testing.T, s *Server, method, ct, body, auth string) (int, map[string]any, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.APIURL()+method, strings.NewReader(body))
	req.Header.Set("Content-Type", ct)
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m, resp.Header
}

func TestServerEnforcesTheDescription(t *testing.T) {
	rec := &recorder{TB: t}
	s := New(rec)
	form := url.Values{"channel": {Channel}, "text": {"hi"}, "thread_ts": {ReportTS}}.Encode()
	// JSON and form bodies are both described.
	if _, m, _ := call(t, s, "chat.postMessage", "application/json; charset=utf-8", `{"channel":"`+Channel+`","text":"hi"}`, Token); m["ok"] != true || m["ts"] == "" {
		t.Fatalf("json: %v", m)
	}
	if _, m, _ := call(t, s, "chat.postMessage", "application/x-www-form-urlencoded", form, Token); m["ok"] != true || m["message"] == nil {
		t.Fatalf("form: %v", m)
	}
	for _, tc := range []struct{ method, ct, body, auth, want string }{
		{"chat.postMessage", "application/x-www-form-urlencoded", form, "", "not_authed"},
		{"chat.postMessage", "application/x-www-form-urlencoded", form, "xoxb-other", "invalid_auth"},
		{"chat.postMessage", "text/plain", form, Token, "invalid_form_data"},
		{"chat.postMessage", "application/x-www-form-urlencoded", "text=hi", Token, "invalid_arguments"},
		{"chat.postMessage", "application/x-www-form-urlencoded", form + "&token=" + Token, Token, "invalid_auth"},
		{"reactions.add", "application/x-www-form-urlencoded", "channel=" + Channel + "&name=eyes", Token, "invalid_arguments"},
		{"chat.postMessage", "application/x-www-form-urlencoded", "channel=CNOPE1&text=x", Token, "channel_not_found"},
	} {
		if _, m, _ := call(t, s, tc.method, tc.ct, tc.body, tc.auth); m["ok"] != false || m["error"] != tc.want {
			t.Errorf("%s %s: %v, want %s", tc.method, tc.body, m, tc.want)
		}
	}
	// Each request the description forbids is a test failure of the client.
	if len(rec.errs) != 4 {
		t.Fatalf("recorded %d violations: %q", len(rec.errs), rec.errs)
	}
	s.SetScopes("chat:write")
	if _, m, _ := call(t, s, "reactions.add", "application/x-www-form-urlencoded", "channel="+Channel+"&name=eyes&timestamp="+ReportTS, Token); m["error"] != "missing_scope" || m["needed"] != "reactions:write" {
		t.Fatalf("scope: %v", m)
	}
	s.Fail("chat.postMessage", "", 7, 1)
	if code, m, h := call(t, s, "chat.postMessage", "application/x-www-form-urlencoded", form, Token); code != 429 || h.Get("Retry-After") != "7" || m["error"] != "ratelimited" {
		t.Fatalf("ratelimited: %d %v %v", code, m, h)
	}
	s.Leave(Channel)
	if _, m, _ := call(t, s, "chat.postMessage", "application/x-www-form-urlencoded", form, Token); m["error"] != "not_in_channel" {
		t.Fatalf("not in channel: %v", m)
	}
}

package gh

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-github/v57/github"

	"github.com/hotfix-dev/hotfix/internal/ghrepo"
)

// A server that stalls, before its headers or in the middle of its body, is
// cut off after the attempt's timeout and retried within the budget: the
// request ends in about attempts × timeout, never hangs.
func TestStalledServerTimesOut(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		k := n
		mu.Unlock()
		if k%2 == 1 { // no headers
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(200)
		w.Write([]byte(`{"number": 7,`))
		w.(http.Flusher).Flush()
		select { // the rest of the body never comes
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	for _, get := range []bool{false, true} {
		c, err := New(Options{Repo: ghrepo.Repo{Host: "github.com"}, APIURL: srv.URL, Timeout: 200 * time.Millisecond,
			Retry:  RetryPolicy{Attempts: 2, Base: time.Millisecond, Max: time.Millisecond, Total: time.Second, MaxRetryAfter: time.Second},
			Getenv: env(map[string]string{"GH_TOKEN": "CANARY-TOKEN"})})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if get {
			_, _, err = c.PullRequests.Get(context.Background(), "o", "r", 7)
		} else {
			_, err = create(c)
		}
		took := time.Since(start)
		if err == nil || took > 2*time.Second {
			t.Fatalf("stalled server: %v after %s", err, took)
		}
		if !strings.Contains(err.Error(), "no answer within 200ms") {
			t.Fatalf("the error does not say it timed out: %v", err)
		}
		if strings.Contains(err.Error(), "CANARY-TOKEN") {
			t.Fatal("the token leaked")
		}
	}
}

// An answer cut short (a reset mid-body, JSON cut in half) fails the
// attempt and is retried; the retry's whole answer is used.
func TestBrokenAnswersAreRetried(t *testing.T) {
	s := &scripted{steps: []func(http.ResponseWriter){
		func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(201)
			w.Write([]byte(`{"number": 7, "html_u`))
		},
		func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(201)
			w.Write([]byte(`{"number": 7,`))
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		},
	}}
	c, slept := client(t, s, DefaultRetry)
	pr, err := create(c)
	if err != nil || pr.GetNumber() != 7 || s.count() != 3 || len(*slept) != 2 {
		t.Fatalf("%v %v after %d requests", pr, err, s.count())
	}
	s = &scripted{steps: []func(http.ResponseWriter){}}
	for i := 0; i < 3; i++ {
		s.steps = append(s.steps, func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(200)
			w.Write([]byte(`[{"number": 7}`))
		})
	}
	c, _ = client(t, s, RetryPolicy{Attempts: 3, Base: time.Millisecond, Max: time.Millisecond, Total: time.Second, MaxRetryAfter: time.Second})
	_, _, err = c.PullRequests.List(context.Background(), "o", "r", nil)
	if err == nil || !strings.Contains(err.Error(), "broken answers from GitHub after 3 attempts: GitHub's answer (200 OK) is not valid JSON") {
		t.Fatalf("%v", err)
	}
}

// --verbose's log has a line per attempt with the method, URL, status,
// duration and rate-limit headers, and never the token.
func TestVerboseLogRedacts(t *testing.T) {
	s := &scripted{steps: []func(http.ResponseWriter){status(502), func(w http.ResponseWriter) {
		w.Header().Set("X-RateLimit-Remaining", "4998")
		w.Header().Set("X-RateLimit-Limit", "5000")
		w.Header().Set("X-RateLimit-Reset", "1800000900")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(201)
		w.Write([]byte(`{"number": 7}`))
	}}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	var lines []string
	c, err := New(Options{Repo: ghrepo.Repo{Host: "github.com"}, APIURL: srv.URL + "/CANARY-TOKEN/", Sleep: func(context.Context, time.Duration) error { return nil },
		Getenv: env(map[string]string{"GH_TOKEN": "CANARY-TOKEN"}), Log: func(s string) { lines = append(lines, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := create(c); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(lines, "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "http: POST "+srv.URL+"/[redacted]/repos/o/r/pulls: 502 Bad Gateway (") ||
		!strings.Contains(lines[1], ": 201 Created (") || !strings.Contains(lines[1], "rate limit 4998/5000, resets 08:15:00Z") {
		t.Fatalf("log:\n%s", all)
	}
	if strings.Contains(all, "CANARY-TOKEN") || strings.Contains(strings.ToLower(all), "authorization") || strings.Contains(all, "Bearer") {
		t.Fatalf("the log carries the token:\n%s", all)
	}
}

// TLS verification is never turned off: the default transport verifies
// against the system roots, and no file of the module sets
// InsecureSkipVerify.
func TestTLSVerificationIsOn(t *testing.T) {
	tr := NewTransport()
	if tr.TLSClientConfig == nil || tr.TLSClientConfig.InsecureSkipVerify || tr.TLSClientConfig.MinVersion < tls.VersionTLS12 || tr.TLSClientConfig.RootCAs != nil {
		t.Fatalf("TLS config %+v", tr.TLSClientConfig)
	}
	// A self-signed server is refused, not trusted.
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	c, err := New(Options{Repo: ghrepo.Repo{Host: "github.com"}, APIURL: srv.URL, Retry: RetryPolicy{Attempts: 1, Total: time.Second, MaxRetryAfter: time.Second},
		Getenv: env(map[string]string{"GH_TOKEN": "CANARY-TOKEN"})})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := create(c); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("a self-signed certificate was accepted: %v", err)
	}
	root := "../.."
	bad := "Insecure" + "SkipVerify: true"
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".go") {
			b, _ := os.ReadFile(p)
			if strings.Contains(string(b), bad) {
				t.Errorf("%s turns TLS verification off", p)
			}
		}
		return nil
	})
}

// The API base must be https, except on loopback, and the error says so.
func TestPlainHTTPOnlyOnLoopback(t *testing.T) {
	for _, base := range []string{"http://ghe.example.com/api/v3", "http://10.0.0.1/", "http://127.0.0.1.example.com/"} {
		_, err := New(Options{APIURL: base, Getenv: env(map[string]string{"GH_TOKEN": "x"})})
		if err == nil || !strings.Contains(err.Error(), "must use https (plain http is allowed only on loopback)") {
			t.Errorf("%s: %v", base, err)
		}
	}
	for _, base := range []string{"http://127.0.0.2:8080/", "http://localhost:1/"} {
		if _, err := New(Options{APIURL: base, Getenv: env(map[string]string{"GH_TOKEN": "x"})}); err != nil {
			t.Errorf("%s: %v", base, err)
		}
	}
}

// A request made with Once is not retried after it may have reached
// GitHub, but is when the connection was refused or GitHub rate-limited it.
func TestOnceIsNotRetriedAfterItMayHaveTakenEffect(t *testing.T) {
	for _, step := range []func(http.ResponseWriter){
		status(502),
		func(w http.ResponseWriter) { conn, _, _ := w.(http.Hijacker).Hijack(); conn.Close() },
	} {
		s := &scripted{steps: []func(http.ResponseWriter){step}}
		c, _ := client(t, s, DefaultRetry)
		_, _, err := c.Issues.Create(Once(context.Background()), "o", "r", &github.IssueRequest{Title: github.String("t")})
		if err == nil || s.count() != 1 {
			t.Fatalf("%v after %d requests", err, s.count())
		}
	}
	s := &scripted{steps: []func(http.ResponseWriter){status(403, "Retry-After", "1")}}
	c, _ := client(t, s, DefaultRetry)
	if _, _, err := c.Issues.Create(Once(context.Background()), "o", "r", &github.IssueRequest{Title: github.String("t")}); err != nil || s.count() != 2 {
		t.Fatalf("a secondary limit: %v after %d requests", err, s.count())
	}
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, err := New(Options{Repo: ghrepo.Repo{Host: "github.com"}, APIURL: url, Retry: RetryPolicy{Attempts: 3, Base: time.Millisecond, Max: time.Millisecond, Total: time.Second, MaxRetryAfter: time.Second},
		Getenv: env(map[string]string{"GITHUB_TOKEN": "CANARY-TOKEN"})})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Issues.Create(Once(context.Background()), "o", "r", &github.IssueRequest{Title: github.String("t")}); err == nil || !strings.Contains(err.Error(), "after 3 attempts") {
		t.Fatalf("refused: %v", err)
	}
}

// count is how many requests s got, read under its lock.
func (s *scripted) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.got)
}

package gh

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-github/v57/github"

	"github.com/hotfix-dev/hotfix/internal/ghrepo"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestTokenAndBase(t *testing.T) {
	gh := ghrepo.Repo{Host: "github.com", Owner: "o", Name: "r"}
	ghe := ghrepo.Repo{Host: "ghe.example.com", Owner: "o", Name: "r"}
	c, err := New(Options{Repo: gh, Getenv: env(map[string]string{"GITHUB_TOKEN": "t2", "GH_TOKEN": "t1"})})
	if err != nil || c.Token != "t1" || c.TokenVar != "GH_TOKEN" || c.BaseURL != DefaultAPI {
		t.Fatalf("%+v %v", c, err)
	}
	c, err = New(Options{Repo: ghe, Getenv: env(map[string]string{"GITHUB_TOKEN": "t2", "GITHUB_ENTERPRISE_TOKEN": "e"})})
	if err != nil || c.Token != "e" || c.BaseURL != "https://ghe.example.com/api/v3/" {
		t.Fatalf("%+v %v", c, err)
	}
	_, err = New(Options{Repo: gh, Getenv: env(nil)})
	if !errors.Is(err, ErrNoToken) || !strings.Contains(err.Error(), "set GH_TOKEN or GITHUB_TOKEN") {
		t.Fatalf("no token: %v", err)
	}
	for base, ok := range map[string]bool{
		"https://ghe.example.com/api/v3": true, "http://127.0.0.1:8080/": true, "http://localhost/api/v3": true, "http://[::1]:9/": true,
		"http://ghe.example.com/api/v3": false, "ftp://x/": false, "https://user:pw@ghe.example.com/": false, "::": false,
	} {
		got, err := APIBase(Options{APIURL: base})
		if (err == nil) != ok {
			t.Errorf("APIBase(%q) = %q, %v", base, got, err)
		}
		if ok && !strings.HasSuffix(got, "/") {
			t.Errorf("APIBase(%q) = %q lacks a trailing slash", base, got)
		}
	}
	if s := (&Client{Token: "SECRET"}).Redact("x SECRET y"); s != "x [redacted] y" {
		t.Fatal(s)
	}
}

// scripted answers each request with the next canned response.
type scripted struct {
	mu    sync.Mutex
	steps []func(w http.ResponseWriter)
	got   []string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	b, _ := io.ReadAll(r.Body)
	s.got = append(s.got, r.Method+" "+r.URL.Path+" "+string(b)+" "+r.Header.Get("Authorization"))
	var step func(http.ResponseWriter)
	if len(s.steps) > 0 {
		step, s.steps = s.steps[0], s.steps[1:]
	}
	s.mu.Unlock()
	if step == nil {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"number": 7, "html_url": "https://github.com/o/r/pull/7"}`)
		return
	}
	step(w)
}

func status(code int, headers ...string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, `{"message": "nope"}`)
	}
}

func client(t *testing.T, s *scripted, policy RetryPolicy) (*Client, *[]time.Duration) {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	var slept []time.Duration
	c, err := New(Options{Repo: ghrepo.Repo{Host: "github.com", Owner: "o", Name: "r"}, APIURL: srv.URL, Retry: policy,
		Getenv: env(map[string]string{"GH_TOKEN": "CANARY-TOKEN"}),
		Sleep:  func(ctx context.Context, d time.Duration) error { slept = append(slept, d); return nil },
		Now:    func() time.Time { return time.Unix(1_800_000_000, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	return c, &slept
}

func create(c *Client) (*github.PullRequest, error) {
	pr, _, err := c.PullRequests.Create(context.Background(), "o", "r", &github.NewPullRequest{Title: github.String("t"), Head: github.String("h"), Base: github.String("main")})
	return pr, err
}

func TestRetriesServerErrorsWithBackoff(t *testing.T) {
	s := &scripted{steps: []func(http.ResponseWriter){status(502), status(503)}}
	c, slept := client(t, s, DefaultRetry)
	pr, err := create(c)
	if err != nil || pr.GetNumber() != 7 {
		t.Fatalf("%v %v", pr, err)
	}
	if len(s.got) != 3 || !strings.Contains(s.got[2], `"title":"t"`) || !strings.HasSuffix(s.got[2], "Bearer CANARY-TOKEN") {
		t.Fatalf("requests %q", s.got)
	}
	if len(*slept) != 2 || (*slept)[0] < 250*time.Millisecond || (*slept)[0] > 750*time.Millisecond || (*slept)[1] < 500*time.Millisecond {
		t.Fatalf("backoff %v", *slept)
	}
}

func TestGivesUpAfterTheBudget(t *testing.T) {
	s := &scripted{steps: []func(http.ResponseWriter){status(500), status(500), status(500), status(500), status(500), status(500)}}
	c, slept := client(t, s, RetryPolicy{Attempts: 3, Base: time.Second, Max: 8 * time.Second, Total: time.Minute, MaxRetryAfter: time.Minute})
	_, err := create(c)
	var ge *github.ErrorResponse
	if !errors.As(err, &ge) || ge.Response.StatusCode != 500 || len(s.got) != 3 || len(*slept) != 2 {
		t.Fatalf("%v, %d requests, slept %v", err, len(s.got), *slept)
	}
	s = &scripted{steps: []func(http.ResponseWriter){status(500), status(500), status(500)}}
	c, _ = client(t, s, RetryPolicy{Attempts: 10, Base: 40 * time.Second, Max: time.Minute, Total: time.Minute, MaxRetryAfter: time.Minute})
	if _, err := create(c); err == nil || len(s.got) != 2 {
		t.Fatalf("total budget: %v after %d requests", err, len(s.got))
	}
}

func TestSecondaryRateLimitWaitsAsTold(t *testing.T) {
	s := &scripted{steps: []func(http.ResponseWriter){
		status(403, "Retry-After", "3"), status(429, "Retry-After", "5"),
		func(w http.ResponseWriter) {
			w.WriteHeader(403)
			_, _ = io.WriteString(w, `{"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}`)
		},
	}}
	c, slept := client(t, s, RetryPolicy{Attempts: 5, Base: time.Second, Max: time.Second, Total: 5 * time.Minute, MaxRetryAfter: 2 * time.Minute})
	if _, err := create(c); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{3 * time.Second, 5 * time.Second, time.Minute}; len(*slept) != 3 || (*slept)[0] != want[0] || (*slept)[1] != want[1] || (*slept)[2] != want[2] {
		t.Fatalf("slept %v, want %v", *slept, want)
	}
	s = &scripted{steps: []func(http.ResponseWriter){status(429, "Retry-After", "3600")}}
	c, _ = client(t, s, DefaultRetry)
	if _, err := create(c); err == nil || !strings.Contains(err.Error(), "GitHub asks to wait 1h0m0s") {
		t.Fatalf("long Retry-After: %v", err)
	}
}

func TestPrimaryRateLimitStops(t *testing.T) {
	s := &scripted{steps: []func(http.ResponseWriter){status(403, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1800000900")}}
	c, slept := client(t, s, DefaultRetry)
	_, err := create(c)
	var rl *RateLimitError
	if !errors.As(err, &rl) || !rl.Reset.Equal(time.Unix(1800000900, 0)) || len(*slept) != 0 || len(s.got) != 1 {
		t.Fatalf("%v slept %v", err, *slept)
	}
	if !strings.Contains(err.Error(), "rate limit exceeded; it resets at") {
		t.Fatal(err)
	}
}

func TestPermissionErrorsAreNotRetried(t *testing.T) {
	for _, code := range []int{401, 403, 404, 422} {
		s := &scripted{steps: []func(http.ResponseWriter){status(code)}}
		c, _ := client(t, s, DefaultRetry)
		if _, err := create(c); err == nil || len(s.got) != 1 {
			t.Errorf("%d: %v after %d requests", code, err, len(s.got))
		}
	}
}

func TestCancelledRequestIsNotRetried(t *testing.T) {
	s := &scripted{steps: []func(http.ResponseWriter){status(502), status(502)}}
	c, _ := client(t, s, DefaultRetry)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := c.PullRequests.List(ctx, "o", "r", nil); err == nil || len(s.got) > 1 {
		t.Fatalf("%v, %d requests", err, len(s.got))
	}
}

func TestNetworkErrorIsRetriedAndTheTokenNeverPrinted(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // connection refused from now on
	var notes []string
	c, err := New(Options{Repo: ghrepo.Repo{Host: "github.com"}, APIURL: url, Retry: RetryPolicy{Attempts: 3, Base: time.Millisecond, Max: time.Millisecond, Total: time.Second, MaxRetryAfter: time.Second},
		Getenv: env(map[string]string{"GITHUB_TOKEN": "CANARY-TOKEN"}), Notify: func(s string) { notes = append(notes, s) }})
	if err != nil {
		t.Fatal(err)
	}
	_, err = create(c)
	if err == nil || !strings.Contains(err.Error(), "network error talking to GitHub after 3 attempts") || len(notes) != 2 {
		t.Fatalf("%v %q", err, notes)
	}
	if strings.Contains(err.Error()+strings.Join(notes, ""), "CANARY-TOKEN") {
		t.Fatal("the token leaked")
	}
}

// Token is the one place the token for a host is chosen: the first set
// variable of TokenVars(host).
func TestTokenPerHost(t *testing.T) {
	get := func(k string) string {
		return map[string]string{"GH_TOKEN": " dotcom ", "GH_ENTERPRISE_TOKEN": "ghes"}[k]
	}
	if tok, from := Token("github.com", get); tok != "dotcom" || from != "GH_TOKEN" {
		t.Fatalf("github.com: %q from %s", tok, from)
	}
	if tok, from := Token("ghe.example.com", get); tok != "ghes" || from != "GH_ENTERPRISE_TOKEN" {
		t.Fatalf("enterprise: %q from %s", tok, from)
	}
	if tok, from := Token("github.com", func(string) string { return "" }); tok != "" || from != "" {
		t.Fatalf("none: %q %q", tok, from)
	}
}

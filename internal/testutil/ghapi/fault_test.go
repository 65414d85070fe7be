package ghapi

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v57/github"
)

func newPR() *github.NewPullRequest {
	return &github.NewPullRequest{Title: github.String("Fix"), Head: github.String("hotfix/x"), Base: github.String("main")}
}

func faultServer(t *testing.T, opts Options) (*Server, *github.Client) {
	if len(opts.Repos) == 0 {
		opts.Repos = []Repo{widgets()}
	}
	srv := New(t, opts)
	srv.CommitOn(repoName, "hotfix/x", "fix")
	return srv, client(t, srv)
}

func TestFaultStatus(t *testing.T) {
	srv, gh := faultServer(t, Options{})
	c := ctx(t)
	srv.Fault(Fault{Match: "pulls/create", Kind: FaultStatus, Times: 2})
	for i := 0; i < 2; i++ {
		_, _, err := gh.PullRequests.Create(c, "acme", "widgets", newPR())
		if er := errorResponse(t, err, 502); er.Message != "Bad Gateway" {
			t.Errorf("attempt %d: %q", i, er.Message)
		}
	}
	if len(srv.PullRequests()) != 0 {
		t.Error("a fault that is not Applied created the pull request")
	}
	if got := srv.PendingFaults(); len(got) != 0 {
		t.Errorf("PendingFaults after two strikes: %+v", got)
	}
	if _, _, err := gh.PullRequests.Create(c, "acme", "widgets", newPR()); err != nil {
		t.Fatalf("the third attempt: %v", err)
	}
	reqs := srv.RequestsTo("POST /repos/*/*/pulls")
	if len(reqs) != 3 || reqs[0].Fault != FaultStatus || reqs[0].Status != 502 || reqs[2].Fault != "" || reqs[2].Status != 201 ||
		!strings.Contains(reqs[2].Body, `"head":"hotfix/x"`) {
		t.Errorf("RequestsTo: %+v", reqs)
	}

	srv.Fault(Fault{Match: "GET /repos/{owner}/{repo}/pulls/{pull_number}", Kind: FaultStatus, Status: 503, Body: "<html>Unicorn!</html>"})
	_, resp, err := gh.PullRequests.Get(c, "acme", "widgets", 1)
	errorResponse(t, err, 503)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("an HTML body is sent as %q", ct)
	}
}

// TestFaultApplied is GitHub creating the pull request and a proxy answering
// 502: the retry must find the pull request, not create a second.
func TestFaultApplied(t *testing.T) {
	srv, gh := faultServer(t, Options{})
	c := ctx(t)
	srv.Fault(Fault{Match: "pulls/create", Kind: FaultStatus, Applied: true})
	_, _, err := gh.PullRequests.Create(c, "acme", "widgets", newPR())
	errorResponse(t, err, 502)
	if prs := srv.PullRequests(); len(prs) != 1 {
		t.Fatalf("an Applied fault did not create the pull request: %+v", prs)
	}
	_, _, err = gh.PullRequests.Create(c, "acme", "widgets", newPR())
	if er := errorResponse(t, err, 422); er.Errors[0].Message != "A pull request already exists for acme:hotfix/x." {
		t.Errorf("retry: %+v", er.Errors)
	}
}

func TestFaultSecondaryRateLimit(t *testing.T) {
	srv, gh := faultServer(t, Options{})
	c := ctx(t)
	srv.Fault(Fault{Match: "issues/add-labels", Kind: FaultSecondaryRateLimit, RetryAfter: 7})
	_, resp, err := gh.Issues.AddLabelsToIssue(c, "acme", "widgets", 1, []string{"hotfix"})
	var abuse *github.AbuseRateLimitError
	if !errors.As(err, &abuse) || abuse.GetRetryAfter() != 7*time.Second || !strings.HasPrefix(abuse.Message, "You have exceeded a secondary rate limit") {
		t.Fatalf("got %v (%T), want an AbuseRateLimitError with RetryAfter 7s", err, err)
	}
	if resp.StatusCode != 403 || resp.Header.Get("Retry-After") != "7" || resp.Header.Get("X-RateLimit-Remaining") == "0" {
		t.Errorf("status %d, headers %v", resp.StatusCode, resp.Header)
	}

	// go-github now waits out the Retry-After on its own; a fresh client
	// sends.
	srv.Fault(Fault{Match: "pulls/list", Kind: FaultSecondaryRateLimit, Status: 429, RetryAfter: 2})
	_, resp, err = client(t, srv).PullRequests.List(c, "acme", "widgets", nil)
	if er := errorResponse(t, err, 429); !strings.Contains(er.Message, "secondary rate limit") || resp.Header.Get("Retry-After") != "2" {
		t.Errorf("429: %v %v", er, resp.Header)
	}
}

func TestFaultPrimaryRateLimit(t *testing.T) {
	srv, gh := faultServer(t, Options{})
	reset := time.Now().Add(42 * time.Minute).Truncate(time.Second)
	srv.Fault(Fault{Match: "pulls/create", Kind: FaultPrimaryRateLimit, Reset: reset})
	_, resp, err := gh.PullRequests.Create(ctx(t), "acme", "widgets", newPR())
	var rl *github.RateLimitError
	if !errors.As(err, &rl) || rl.Rate.Remaining != 0 || !rl.Rate.Reset.Time.Equal(reset) || !strings.HasPrefix(rl.Message, "API rate limit exceeded for user ID ") {
		t.Fatalf("got %v (%T), want a RateLimitError resetting at %v", err, err, reset)
	}
	if resp.StatusCode != 403 || resp.Header.Get("X-RateLimit-Reset") != itoa(int(reset.Unix())) {
		t.Errorf("status %d, headers %v", resp.StatusCode, resp.Header)
	}
}

func TestRateLimitSpent(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	srv, gh := faultServer(t, Options{RateLimit: 2, Now: func() time.Time { return now }})
	c := ctx(t)
	for want := 1; want >= 0; want-- {
		_, resp, err := gh.Users.Get(c, "")
		if err != nil || resp.Rate.Remaining != want || resp.Rate.Limit != 2 {
			t.Fatalf("remaining %d (%v), want %d", resp.Rate.Remaining, err, want)
		}
	}
	// go-github now refuses to send until the reset; a fresh client sends.
	_, _, err := client(t, srv).Users.Get(c, "")
	var rl *github.RateLimitError
	if !errors.As(err, &rl) || !rl.Rate.Reset.Time.Equal(now.Add(time.Hour)) {
		t.Fatalf("got %v, want a RateLimitError", err)
	}
	if last := srv.Requests()[len(srv.Requests())-1]; last.Status != 403 {
		t.Errorf("the spent request was answered %d", last.Status)
	}
	// An hour later the window resets.
	now = now.Add(time.Hour)
	if _, resp, err := client(t, srv).Users.Get(c, ""); err != nil || resp.Rate.Remaining != 1 {
		t.Errorf("after the reset: %v %v", resp.Rate, err)
	}
	_ = gh
}

func TestFaultDelay(t *testing.T) {
	srv, gh := faultServer(t, Options{})
	srv.Fault(Fault{Match: "users/get-authenticated", Kind: FaultDelay, Delay: 150 * time.Millisecond})
	start := time.Now()
	if _, _, err := gh.Users.Get(ctx(t), ""); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("answered after %v, want at least 150ms", d)
	}
	srv.Fault(Fault{Match: "users/get-authenticated", Kind: FaultDelay, Delay: 5 * time.Second})
	c, cancel := context.WithTimeout(ctx(t), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	if _, _, err := gh.Users.Get(c, ""); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want the client's deadline", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the client waited %v", d)
	}
	// A delay can precede another fault.
	srv.Fault(Fault{Match: "pulls/create", Kind: FaultStatus, Status: 500, Delay: 50 * time.Millisecond})
	start = time.Now()
	_, _, err := gh.PullRequests.Create(ctx(t), "acme", "widgets", newPR())
	errorResponse(t, err, 500)
	if time.Since(start) < 50*time.Millisecond {
		t.Error("the delay before the fault was skipped")
	}
}

func TestFaultConnReset(t *testing.T) {
	srv, gh := faultServer(t, Options{})
	srv.Fault(Fault{Match: "pulls/create", Kind: FaultConnReset})
	_, resp, err := gh.PullRequests.Create(ctx(t), "acme", "widgets", newPR())
	if err == nil || resp != nil {
		t.Fatalf("got %v %v, want a transport error", resp, err)
	}
	var er *github.ErrorResponse
	if errors.As(err, &er) {
		t.Errorf("got an HTTP answer: %v", err)
	}
	if len(srv.PullRequests()) != 0 {
		t.Error("the reset request took effect")
	}
	if reqs := srv.RequestsTo("pulls/create"); len(reqs) != 1 || reqs[0].Status != 0 || reqs[0].Fault != FaultConnReset {
		t.Errorf("log: %+v", reqs)
	}
	srv.Fault(Fault{Match: "pulls/create", Kind: FaultConnReset, Applied: true})
	if _, _, err := gh.PullRequests.Create(ctx(t), "acme", "widgets", newPR()); err == nil {
		t.Fatal("no error")
	}
	if len(srv.PullRequests()) != 1 {
		t.Error("an Applied reset did not create the pull request")
	}
}

func TestFaultTruncated(t *testing.T) {
	srv, gh := faultServer(t, Options{})
	srv.Fault(Fault{Match: "pulls/create", Kind: FaultTruncated})
	_, resp, err := gh.PullRequests.Create(ctx(t), "acme", "widgets", newPR())
	if err == nil || resp == nil || resp.StatusCode != 201 {
		t.Fatalf("got %v %v, want a 201 whose JSON does not decode", resp, err)
	}
	var se *json.SyntaxError
	if !strings.Contains(err.Error(), "unexpected EOF") && !errors.As(err, &se) {
		t.Errorf("got %v, want a JSON decoding error", err)
	}
	if len(srv.PullRequests()) != 1 {
		t.Error("the truncated request did not take effect")
	}
}

func TestFaultValidationErrors(t *testing.T) {
	srv, gh := faultServer(t, Options{})
	c := ctx(t)
	for _, tt := range []struct {
		kind  FaultKind
		field string
		msg   string
	}{
		{FaultPullRequestExists, "", "A pull request already exists for acme:hotfix/x."},
		{FaultHeadInvalid, "head", ""},
		{FaultNoCommits, "", "No commits between main and hotfix/x"},
		{FaultDraftsUnsupported, "", "Draft pull requests are not supported in this repository."},
	} {
		srv.Fault(Fault{Match: "pulls/create", Kind: tt.kind})
		_, _, err := gh.PullRequests.Create(c, "acme", "widgets", newPR())
		er := errorResponse(t, err, 422)
		if er.Message != "Validation Failed" || len(er.Errors) != 1 || er.Errors[0].Field != tt.field || er.Errors[0].Message != tt.msg || er.Errors[0].Resource != "PullRequest" {
			t.Errorf("%s: %+v %+v", tt.kind, er, er.Errors)
		}
	}
	if len(srv.PullRequests()) != 0 {
		t.Fatal("a validation fault created a pull request")
	}
	if _, _, err := gh.PullRequests.Create(c, "acme", "widgets", newPR()); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		kind FaultKind
		msg  string
	}{
		{FaultReviewerNotCollaborator, notCollaboratorMessage("acme/widgets")},
		{FaultReviewerIsAuthor, "Review cannot be requested from pull request author."},
	} {
		srv.Fault(Fault{Match: "pulls/request-reviewers", Kind: tt.kind})
		_, _, err := gh.PullRequests.RequestReviewers(c, "acme", "widgets", 1, github.ReviewersRequest{Reviewers: []string{"alice"}})
		if er := errorResponse(t, err, 422); er.Message != tt.msg {
			t.Errorf("%s: %q", tt.kind, er.Message)
		}
	}
}

func TestFaultMatching(t *testing.T) {
	m := func(pattern, method, path, op, tmpl string) bool {
		return compileMatch(pattern).matches(method, path, op, tmpl)
	}
	const tmpl = "/repos/{owner}/{repo}/git/refs/{ref}"
	for _, tt := range []struct {
		pattern string
		want    bool
	}{
		{"", true},
		{"git/delete-ref", true},
		{"git/create-ref", false},
		{"DELETE /repos/*/*/git/refs/**", true},
		{"/repos/acme/widgets/git/refs/**", true},
		{"GET /repos/*/*/git/refs/**", false},
		{"DELETE /repos/*/*/git/refs/*", false},
		{"DELETE /repos/*/*/git/refs/*/*/*", true},
		{"DELETE " + tmpl, true},
		{"delete " + tmpl, true},
		{"/repos/*/*", false},
	} {
		if got := m(tt.pattern, "DELETE", "/repos/acme/widgets/git/refs/heads/hotfix/x", "git/delete-ref", tmpl); got != tt.want {
			t.Errorf("%q matched %v, want %v", tt.pattern, got, tt.want)
		}
	}

	srv, gh := faultServer(t, Options{})
	srv.Fault(Fault{Match: "", Kind: FaultStatus, Status: 500, Times: Forever})
	for i := 0; i < 3; i++ {
		if _, _, err := gh.Users.Get(ctx(t), ""); err == nil {
			t.Fatal("a Forever fault stopped striking")
		}
	}
	if p := srv.PendingFaults(); len(p) != 1 || p[0].Times != Forever {
		t.Errorf("PendingFaults: %+v", p)
	}

	ft := newFakeTB(t)
	srv2 := New(ft, Options{})
	func() {
		done := make(chan struct{})
		go func() { defer close(done); srv2.Fault(Fault{Match: "pulls/nope", Kind: FaultStatus}) }()
		<-done
	}()
	if len(ft.fatals) != 1 || !strings.Contains(ft.fatals[0], "names no operation") {
		t.Errorf("a fault naming no operation: %v", ft.fatals)
	}
}

func TestFaultResetMidResponse(t *testing.T) {
	srv, gh := faultServer(t, Options{})
	// In the body: the request took effect, the answer is cut.
	srv.Fault(Fault{Match: "pulls/create", Kind: FaultResetMidResponse})
	if _, _, err := gh.PullRequests.Create(ctx(t), "acme", "widgets", newPR()); err == nil {
		t.Fatal("no error from a reset mid-body")
	}
	if len(srv.PullRequests()) != 1 {
		t.Error("the request did not take effect")
	}
	// In the headers.
	srv.Fault(Fault{Match: "pulls/get", Kind: FaultResetMidResponse, ResetAfter: 20})
	_, resp, err := gh.PullRequests.Get(ctx(t), "acme", "widgets", 1)
	if err == nil || resp != nil {
		t.Fatalf("a reset in the headers: %v %v", resp, err)
	}
	if reqs := srv.RequestsTo("pulls/get"); len(reqs) != 1 || reqs[0].Fault != FaultResetMidResponse {
		t.Errorf("log: %+v", reqs)
	}
}

func TestRefuseAndReopen(t *testing.T) {
	srv, gh := faultServer(t, Options{})
	srv.Refuse()
	_, _, err := gh.PullRequests.Create(ctx(t), "acme", "widgets", newPR())
	if err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("while refusing: %v", err)
	}
	srv.Reopen()
	if _, _, err := gh.PullRequests.Create(ctx(t), "acme", "widgets", newPR()); err != nil {
		t.Fatalf("after reopening: %v", err)
	}
	if len(srv.PullRequests()) != 1 {
		t.Error("want one pull request")
	}
}

func TestClearFaults(t *testing.T) {
	srv, gh := faultServer(t, Options{})
	srv.Fault(Fault{Match: "pulls/create", Kind: FaultStatus, Times: Forever})
	if _, _, err := gh.PullRequests.Create(ctx(t), "acme", "widgets", newPR()); err == nil {
		t.Fatal("no fault")
	}
	srv.ClearFaults()
	if len(srv.PendingFaults()) != 0 {
		t.Fatal("faults left")
	}
	if _, _, err := gh.PullRequests.Create(ctx(t), "acme", "widgets", newPR()); err != nil {
		t.Fatalf("after ClearFaults: %v", err)
	}
}

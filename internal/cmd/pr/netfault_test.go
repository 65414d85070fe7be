package pr_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/ghapi"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
)

// netFault is a network fault injected into one of pr's calls, cleared
// before the rerun.
type netFault struct {
	name   string
	inject func(w *world)
	// want is what stderr must say happened.
	want string
}

// faultTimeouts make a stalled server cost a fraction of a second.
var faultTimeouts = cmdutil.Timeouts{API: 500 * time.Millisecond, Webhook: 500 * time.Millisecond}

const faultGitTimeout = 2 * time.Second

// apiFaults are the API faults tried on each of pr's operations.
func apiFaults(op string) []netFault {
	f := func(kind ghapi.FaultKind, mod func(*ghapi.Fault)) func(w *world) {
		return func(w *world) {
			fl := ghapi.Fault{Match: op, Kind: kind, Times: ghapi.Forever}
			if mod != nil {
				mod(&fl)
			}
			w.api.Fault(fl)
		}
	}
	return []netFault{
		{"refused", func(w *world) { w.api.Refuse() }, "connection refused"},
		{"reset-mid-response", f(ghapi.FaultResetMidResponse, nil), "broken answers from GitHub after 5 attempts"},
		{"reset-in-headers", f(ghapi.FaultResetMidResponse, func(f *ghapi.Fault) { f.ResetAfter = 12 }), "network error talking to GitHub after 5 attempts"},
		{"connection-reset", f(ghapi.FaultConnReset, func(f *ghapi.Fault) { f.Applied = true }), "network error talking to GitHub after 5 attempts"},
		{"slow", f(ghapi.FaultDelay, func(f *ghapi.Fault) { f.Delay = time.Minute }), "no answer within 500ms"},
		{"truncated-json", f(ghapi.FaultTruncated, nil), "is not valid JSON"},
		{"5xx-storm", f(ghapi.FaultStatus, func(f *ghapi.Fault) { f.Status = 502 }), "502"},
		{"secondary-rate-limit", f(ghapi.FaultSecondaryRateLimit, func(f *ghapi.Fault) { f.RetryAfter = 3600 }), "GitHub asks to wait 1h0m0s"},
		{"secondary-429", f(ghapi.FaultSecondaryRateLimit, func(f *ghapi.Fault) { f.Status = 429; f.RetryAfter = 3600 }), "GitHub asks to wait 1h0m0s"},
		{"primary-rate-limit", f(ghapi.FaultPrimaryRateLimit, nil), "rate limit exceeded; it resets at"},
		{"primary-rate-limit-429", f(ghapi.FaultPrimaryRateLimit, func(f *ghapi.Fault) { f.Status = 429 }), "rate limit exceeded; it resets at"},
	}
}

// gitFaults are the git server's faults tried on pr's push.
var gitFaults = []netFault{
	{"git-refused", func(w *world) { w.git.Refuse() }, "connection refused"},
	{"git-reset-mid-push", func(w *world) {
		w.git.Inject(gitserver.Fault{Service: gitserver.ReceivePack, Phase: gitserver.RPC, Reset: true, Times: -1})
	}, "push"},
	{"git-slow", func(w *world) {
		w.git.Inject(gitserver.Fault{Service: gitserver.ReceivePack, Delay: time.Minute, Times: -1})
	}, "the git server did not answer in time (no answer within 2s)"},
	{"git-5xx", func(w *world) { w.git.Inject(gitserver.Fault{Service: gitserver.ReceivePack, Status: 503, Times: -1}) }, "503"},
	{"git-rejected", func(w *world) {
		w.git.Inject(gitserver.Fault{Reject: "the branch is locked for maintenance", Times: -1})
	}, "the branch is locked for maintenance"},
}

// TestNetworkFaults injects every fault into every network call of
// `hotfix pr` (the push; finding, creating and updating the pull request;
// labels; reviewers), then clears it and goes on: every run ends with a
// clear message and saved progress, and the rerun with exactly the state
// of an uninterrupted run.
func TestNetworkFaults(t *testing.T) {
	type trial struct {
		target string
		fault  netFault
		before func(w *world) // a first run, so that the fault hits an update
	}
	var trials []trial
	for _, op := range []string{"pulls/list", "pulls/create", "issues/add-labels", "pulls/request-reviewers"} {
		for _, f := range apiFaults(op) {
			trials = append(trials, trial{target: op, fault: f})
		}
	}
	firstRun := func(w *world) {
		if res := w.pr(); res.Code != 0 {
			w.t.Fatalf("first run: %s", res.Err)
		}
		w.repo.WriteFile("shop/shop.go", shopGo+"\n// Refunds counts the negative prices.\nfunc Refunds(ps []int) int { return 1 }\n")
		w.repo.Commit("better fix")
	}
	for _, f := range apiFaults("pulls/update") {
		trials = append(trials, trial{target: "pulls/update", fault: f, before: firstRun})
	}
	trials = sample(trials)
	for _, f := range gitFaults {
		trials = append(trials, trial{target: "push", fault: f})
	}
	start := time.Now()
	// Each trial has its own world (repository, git server, API server),
	// so they run in parallel; the group waits for them all.
	t.Run("trials", func(t *testing.T) {
		for _, tr := range trials {
			t.Run(tr.target+"/"+tr.fault.name, func(t *testing.T) {
				t.Parallel()
				w := newWorld(t, nil)
				cli := w.cli()
				// Only the stalled side's timeout is short: on a loaded
				// machine a healthy call can take more than a second.
				switch {
				case !strings.HasSuffix(tr.fault.name, "slow"):
				case tr.target == "push":
					cli.GitTimeout = faultGitTimeout
				default:
					cli.Timeouts = faultTimeouts
				}
				if tr.before != nil {
					tr.before(w)
				}
				tr.fault.inject(w)
				began := time.Now()
				res := cli.Run(t, "--verbose", "pr")
				if d := time.Since(began); d > 30*time.Second {
					t.Errorf("the failing run took %s", d)
				}
				res.CheckFailure(t, tr.fault.want, "hotfix pr", token)
				t.Logf("exit %d:\n%s", res.Code, res.Err)
				res.CheckStopped(t, w.repo.Dir, "pr")
				w.api.ClearFaults()
				w.api.Reopen()
				w.git.ClearFaults()
				w.git.Reopen(t)
				args := []string{"pr"}
				if res.Code == 3 {
					args = append(args, "--continue")
				}
				// The network is back: the rerun has the real timeouts.
				cli.Timeouts, cli.GitTimeout = cmdutil.Timeouts{}, 0
				res2 := cli.Run(t, args...)
				if res2.Code != 0 {
					t.Fatalf("after the fault (exit %d first):\n%s\nthen:\n%s", res.Code, res.Err, res2.Err)
				}
				checkEndState(t, w)
				w.noLeak(res, res2)
			})
		}
	})
	t.Logf("%d faults injected into pr, all handled, in %s", len(trials), time.Since(start).Round(time.Millisecond))
}

// checkEndState is an uninterrupted run's: one open pull request, its
// labels and reviewers, and the branch pushed at HEAD.
func checkEndState(t *testing.T, w *world) {
	t.Helper()
	if n := len(w.api.PullRequests()); n != 1 {
		t.Fatalf("%d pull requests", n)
	}
	p := w.openPRs()[0]
	if strings.Join(p.Labels, ",") != "hotfix,SEV2" || strings.Join(p.RequestedReviewers, ",") != "bob,alice,dana" || strings.Join(p.RequestedTeams, ",") != "core" {
		t.Errorf("labels %v reviewers %v teams %v", p.Labels, p.RequestedReviewers, p.RequestedTeams)
	}
	head := w.repo.Git("rev-parse", "HEAD")
	if got := w.git.Ref(t, "acme/shop", "refs/heads/"+branch); got != head || p.Head.SHA != head {
		t.Errorf("remote branch at %s, pull request at %s, HEAD %s", got, p.Head.SHA, head)
	}
	if st := w.repo.Git("status", "--porcelain"); st != "" {
		t.Errorf("work tree not clean: %s", st)
	}
}

// sample keeps every third API trial (each fault kind still meets several
// operations) unless HOTFIX_NET_FAULTS=all asks for the whole matrix.
func sample[T any](trials []T) []T {
	if os.Getenv("HOTFIX_NET_FAULTS") == "all" {
		return trials
	}
	var out []T
	for i, tr := range trials {
		if i%3 == 0 {
			out = append(out, tr)
		}
	}
	return out
}

// TestVerboseLogsEveryRequestWithoutTheToken: --verbose logs a line per API
// request (method, URL, status, duration, rate limit), faults included, and
// the canary token is nowhere in the output.
func TestVerboseLogsEveryRequestWithoutTheToken(t *testing.T) {
	w := newWorld(t, nil)
	w.api.Fault(ghapi.Fault{Match: "issues/add-labels", Kind: ghapi.FaultStatus, Status: 502})
	w.api.Fault(ghapi.Fault{Match: "pulls/request-reviewers", Kind: ghapi.FaultResetMidResponse, Applied: true})
	res := w.cli().Run(t, "--verbose", "pr")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	base := strings.TrimSuffix(w.api.URL(), "/")
	for _, want := range []string{
		"http: GET " + base + "/user: 200 OK (",
		"http: POST " + base + "/repos/acme/shop/pulls: 201 Created (",
		"http: POST " + base + "/repos/acme/shop/issues/1/labels: 502 Bad Gateway (",
		"http: POST " + base + "/repos/acme/shop/issues/1/labels: 200 OK (",
		"GitHub's answer (201 Created) broke off",
		"; rate limit 49",
	} {
		if !strings.Contains(res.Err, want) {
			t.Errorf("the log lacks %q:\n%s", want, res.Err)
		}
	}
	if n := strings.Count(res.Err, "http: "); n != len(w.api.Requests()) {
		t.Errorf("%d log lines for %d requests:\n%s", n, len(w.api.Requests()), res.Err)
	}
	if strings.Contains(strings.ToLower(res.Err), "authorization") || strings.Contains(res.Err, "Bearer") {
		t.Errorf("the log shows the Authorization header:\n%s", res.Err)
	}
	w.noLeak(res)
}

// A plain-http API base that is not loopback is refused before anything
// is sent, with what to set instead.
func TestPlainHTTPAPIRefused(t *testing.T) {
	w := newWorld(t, nil)
	w.env["GITHUB_API_URL"] = "http://ghe.example.com/api/v3"
	res := w.pr()
	if res.Code != 1 || !strings.Contains(res.Err, `the GitHub API URL "http://ghe.example.com/api/v3" must use https (plain http is allowed only on loopback)`) ||
		!strings.Contains(res.Err, "set GITHUB_API_URL (or pr.api_url) to the API base") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if len(w.api.Requests()) != 0 || w.git.Ref(t, "acme/shop", "refs/heads/"+branch) != "" {
		t.Fatal("something was sent")
	}
	w.noLeak(res)
}

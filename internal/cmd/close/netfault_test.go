package closecmd_test

import (
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/ghapi"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

type netFault struct {
	name   string
	inject func(w *world)
	want   string
}

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
		{"reset-mid-response", f(ghapi.FaultResetMidResponse, nil), "GitHub"},
		{"connection-reset", f(ghapi.FaultConnReset, func(f *ghapi.Fault) { f.Applied = true }), "GitHub"},
		{"slow", f(ghapi.FaultDelay, func(f *ghapi.Fault) { f.Delay = time.Minute }), "no answer within 500ms"},
		{"truncated-json", f(ghapi.FaultTruncated, nil), "is not valid JSON"},
		{"5xx-storm", f(ghapi.FaultStatus, func(f *ghapi.Fault) { f.Status = 502 }), "502"},
		{"5xx-applied", f(ghapi.FaultStatus, func(f *ghapi.Fault) { f.Status = 502; f.Applied = true }), "502"},
		{"secondary-rate-limit", f(ghapi.FaultSecondaryRateLimit, func(f *ghapi.Fault) { f.RetryAfter = 3600 }), "GitHub asks to wait 1h0m0s"},
		{"primary-rate-limit", f(ghapi.FaultPrimaryRateLimit, nil), "rate limit exceeded; it resets at"},
		{"primary-rate-limit-429", f(ghapi.FaultPrimaryRateLimit, func(f *ghapi.Fault) { f.Status = 429 }), "rate limit exceeded; it resets at"},
	}
}

// gitFaults strike the fetch of the merge (upload-pack) or a push: the
// tag's (the first), or the merge into develop (the second).
func gitFaults() []netFault {
	var out []netFault
	for _, target := range []struct {
		name    string
		service string
		skip    int
	}{{"fetch", gitserver.UploadPack, 0}, {"tag-push", gitserver.ReceivePack, 0}, {"merge-back-push", gitserver.ReceivePack, 1}} {
		target := target
		with := func(f gitserver.Fault) func(w *world) {
			return func(w *world) {
				for i := 0; i < target.skip; i++ {
					w.git.Inject(gitserver.Fault{Service: target.service, Times: 2}) // no-op: let one push (advertisement and RPC) through
				}
				f.Service, f.Times = target.service, -1
				w.git.Inject(f)
			}
		}
		out = append(out,
			netFault{target.name + "/refused", func(w *world) { w.git.Refuse() }, "connection refused"},
			netFault{target.name + "/reset", with(gitserver.Fault{Phase: gitserver.RPC, Reset: true}), "connection reset"},
			netFault{target.name + "/slow", with(gitserver.Fault{Delay: time.Minute}), "no answer within 2s"},
			netFault{target.name + "/5xx", with(gitserver.Fault{Status: 503}), "503"},
		)
	}
	return out
}

// TestNetworkFaults injects every fault into every network call of
// `hotfix close --file-actions` (the merge check, the fetch of the merge,
// the tag push, the merges back, the issues), clears it and goes on: the
// end state is an uninterrupted run's, with one tag, one merge into each
// branch and one issue per action item.
func TestNetworkFaults(t *testing.T) {
	type trial struct {
		target string
		fault  netFault
	}
	var trials []trial
	for _, op := range []string{"pulls/get", "issues/list-for-repo", "issues/create"} {
		for _, f := range apiFaults(op) {
			trials = append(trials, trial{op, f})
		}
	}
	trials = sample(trials)
	for _, f := range gitFaults() {
		trials = append(trials, trial{"git", f})
	}
	start := time.Now()
	var healed atomic.Int32
	// Each trial has its own world (repository, git server, API server),
	// so they run in parallel; the group waits for them all.
	t.Run("trials", func(t *testing.T) {
		for _, tr := range trials {
			t.Run(tr.target+"/"+tr.fault.name, func(t *testing.T) {
				t.Parallel()
				w := newWorld(t, "")
				merge := w.merge()
				answers := w.answers(fullAnswers)
				cli := w.cli()
				// Only the stalled side's timeout is short: on a loaded
				// machine a healthy call can take more than a second.
				switch {
				case !strings.HasSuffix(tr.fault.name, "slow"):
				case tr.target == "git":
					cli.GitTimeout = 2 * time.Second
				default:
					cli.Timeouts = cmdutil.Timeouts{API: 500 * time.Millisecond}
				}
				tr.fault.inject(w)
				began := time.Now()
				res := cli.Run(t, "--verbose", "close", "--not-deployed", notDeployed, "--answers", answers, "--file-actions")
				if d := time.Since(began); d > 30*time.Second {
					t.Errorf("the failing run took %s", d)
				}
				if res.Code == 0 {
					// The run saw the fault and got past it (an issue made
					// but its answer lost is found and adopted): the end
					// state must still be an uninterrupted run's.
					healed.Add(1)
					closedOnce(t, w, merge)
					return
				}
				res.CheckFailure(t, tr.fault.want, "hotfix close", token)
				t.Logf("exit %d:\n%s", res.Code, res.Err)
				res.CheckStopped(t, w.repo.Dir, "close")
				w.api.ClearFaults()
				w.api.Reopen()
				w.git.ClearFaults()
				w.git.Reopen(t)
				args := []string{"close", "--not-deployed", notDeployed, "--answers", answers, "--file-actions"}
				if res.Code == 3 {
					args = []string{"close", "--continue", "--not-deployed", notDeployed}
				}
				// The network is back: the rerun has the real timeouts.
				cli.Timeouts, cli.GitTimeout = cmdutil.Timeouts{}, 0
				res2 := cli.Run(t, args...)
				if res2.Code != 0 {
					t.Fatalf("after the fault (exit %d first):\n%s\nthen:\n%s", res.Code, res.Err, res2.Err)
				}
				closedOnce(t, w, merge)
				if strings.Contains(res2.Out+res2.Err, token) {
					t.Fatal("the token leaked")
				}
				w.api.AssertNoTokenInDir(t, w.repo.Dir)
				w.git.AssertNoLeak(t, token)
			})
		}
	})
	t.Logf("%d faults injected into close, all handled (%d within the run), in %s", len(trials), healed.Load(), time.Since(start).Round(time.Millisecond))
}

// closedOnce checks an uninterrupted close's end state.
func closedOnce(t *testing.T, w *world, merge string) {
	t.Helper()
	tags := strings.Fields(testutil.Git(t, w.git.Dir("acme/shop"), "tag", "--points-at", merge))
	if strings.Join(tags, ",") != "v1.0.1" {
		t.Errorf("tags on the merge: %v", tags)
	}
	for _, b := range []string{"develop", "release/1.1"} {
		merges := testutil.Git(t, w.git.Dir("acme/shop"), "log", "--merges", "--format=%s", b)
		if strings.Count(merges, "Merge tag 'v1.0.1'") != 1 {
			t.Errorf("merges into %s:\n%s", b, merges)
		}
	}
	// The fix's, and the postmortem's (close.publish's default), once.
	var heads []string
	for _, pr := range w.api.PullRequests() {
		heads = append(heads, pr.Head.Ref)
	}
	if strings.Join(heads, ",") != branch+",postmortem/"+recordID {
		t.Errorf("pull requests from %v, want the fix's and one postmortem's (a merge back went by pull request?)", heads)
	}
	var titles []string
	for _, is := range w.api.Issues() {
		titles = append(titles, is.Title)
	}
	if strings.Join(titles, "; ") != "Add refund cases to the checkout tests; Alert on totals that go negative" {
		t.Errorf("issues: %q", titles)
	}
	if w.remoteRef("refs/heads/"+branch) != "" {
		t.Error("the hotfix branch is still on the remote")
	}
	rec := loadRecord(t, w.repo.Dir)
	if rec.Phase != record.PhaseClosed || rec.Close == nil || strings.Join(rec.Close.ActionIssues, ",") != "#2,#3" {
		t.Errorf("record %s %+v", rec.Phase, rec.Close)
	}
}

// sample keeps every third API trial (each fault kind still meets every
// operation's neighbours) unless HOTFIX_NET_FAULTS=all asks for the whole
// matrix.
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

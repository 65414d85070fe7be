package git_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
)

// Every push, fetch and listing of the remote ends within NetTimeout when
// the server stalls, with ErrNetTimeout; after the fault the same call
// succeeds. A refused connection and a reset mid-push fail fast, and the
// rerun lands the ref once.
func TestNetworkFaults(t *testing.T) {
	for _, pureGo := range []bool{false, true} {
		tr, srv, _ := pushRepo(t)
		r := open(t, tr.Dir, git.OpenOptions{NetTimeout: 300 * time.Millisecond, PureGo: pureGo})
		ctx := context.Background()
		spec := []string{"refs/heads/hotfix/x:refs/heads/hotfix/x"}
		push := func() error { return r.Push(ctx, git.PushOptions{Remote: "origin", Refspecs: spec, Token: canary}) }
		// Healthy calls get the real timeout: a loaded machine is slow.
		healthy := open(t, tr.Dir, git.OpenOptions{PureGo: pureGo})
		pushHealthy := func() error {
			return healthy.Push(ctx, git.PushOptions{Remote: "origin", Refspecs: spec, Token: canary})
		}
		timed := func(what string, f func() error) error {
			t.Helper()
			start := time.Now()
			err := f()
			if d := time.Since(start); d > 3*time.Second {
				t.Fatalf("%s took %s", what, d)
			}
			return err
		}
		for _, phase := range []gitserver.Phase{gitserver.Advertise, gitserver.RPC} {
			srv.Inject(gitserver.Fault{Service: gitserver.ReceivePack, Phase: phase, Delay: time.Minute})
			err := timed("a stalled push", push)
			var pe *git.PushError
			if !errors.Is(err, git.ErrNetTimeout) || !strings.Contains(err.Error(), "no answer within 300ms") || strings.Contains(err.Error(), canary) || !errors.As(err, &pe) || !pe.Network {
				t.Fatalf("stalled push (%s): %v", phase, err)
			}
			srv.ClearFaults()
		}
		srv.Inject(gitserver.Fault{Service: gitserver.UploadPack, Delay: time.Minute, Times: -1})
		if err := timed("a stalled fetch", func() error { return r.Fetch(ctx, "origin", "main", canary) }); !errors.Is(err, git.ErrNetTimeout) {
			t.Fatalf("stalled fetch: %v", err)
		}
		if err := timed("a stalled listing", func() error { _, err := r.RemoteBranches(ctx, "origin", "", canary); return err }); !errors.Is(err, git.ErrNetTimeout) {
			t.Fatalf("stalled listing: %v", err)
		}
		srv.ClearFaults()

		srv.Refuse()
		err := timed("a refused push", push)
		var pe *git.PushError
		if err == nil || !strings.Contains(err.Error(), "connection refused") || !errors.As(err, &pe) || !pe.Network {
			t.Fatalf("refused push: %v", err)
		}
		srv.Reopen(t)

		srv.Inject(gitserver.Fault{Service: gitserver.ReceivePack, Phase: gitserver.RPC, Reset: true})
		if err := timed("a reset push", push); !errors.As(err, &pe) || !pe.Network {
			t.Fatalf("a push reset mid-answer: %v", err)
		}
		srv.ClearFaults() // a push cut short by the timeout leaves it pending
		srv.Inject(gitserver.Fault{Service: gitserver.ReceivePack, Status: 503})
		if err := push(); !errors.As(err, &pe) || !pe.Network {
			t.Fatalf("a 503: %v", err)
		}
		srv.ClearFaults()
		// A refusal by the server is no network error.
		srv.Inject(gitserver.Fault{RejectReason: "protected branch"})
		tr.Commit("more")
		if err := pushHealthy(); !errors.As(err, &pe) || pe.Network || !strings.Contains(err.Error(), "protected branch") {
			t.Fatalf("a rejected push: %v", err)
		}
		if err := pushHealthy(); err != nil {
			t.Fatalf("the rerun: %v", err)
		}
		if err := healthy.Fetch(ctx, "origin", "main", canary); err != nil {
			t.Fatalf("fetch after the faults: %v", err)
		}
		if got, want := srv.Ref(t, "shop/api", "refs/heads/hotfix/x"), tr.Git("rev-parse", "HEAD"); got != want {
			t.Fatalf("remote has %q, want %q", got, want)
		}
		srv.AssertNoLeak(t, canary)
	}
}

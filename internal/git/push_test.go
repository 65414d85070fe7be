package git_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
)

const canary = "CANARY-7f3e9a-TOKEN"

func pushRepo(t *testing.T) (*testutil.Repo, *gitserver.Server, *git.Repo) {
	t.Helper()
	srv := gitserver.New(t, gitserver.Options{User: "x-access-token", Password: canary, ReadOnlyPassword: "read-only-token"})
	tr := testutil.NewRepo(t)
	srv.Seed(t, "shop/api", tr.Dir)
	tr.Git("checkout", "-q", "-b", "hotfix/x")
	tr.WriteFile("fix.txt", "fixed")
	tr.Commit("fix")
	return tr, srv, open(t, tr.Dir, git.OpenOptions{})
}

func TestPushOverHTTP(t *testing.T) {
	tr, srv, r := pushRepo(t)
	ctx := context.Background()
	spec := []string{"refs/heads/hotfix/x:refs/heads/hotfix/x"}
	if err := r.Push(ctx, git.PushOptions{Remote: "origin", Refspecs: spec, Token: canary}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Ref(t, "shop/api", "refs/heads/hotfix/x"); got != tr.Git("rev-parse", "HEAD") {
		t.Fatalf("remote has %q", got)
	}
	// A rerun is fine.
	if err := r.Push(ctx, git.PushOptions{Remote: "origin", Refspecs: spec, Token: canary}); err != nil {
		t.Fatalf("rerun: %v", err)
	}
	// Bad and read-only tokens are authentication errors.
	tr.Commit("more")
	for _, tok := range []string{"wrong", "read-only-token", ""} {
		err := r.Push(ctx, git.PushOptions{Remote: "origin", Refspecs: spec, Token: tok})
		if !errors.Is(err, git.ErrPushAuth) {
			t.Errorf("token %q: %v", tok, err)
		}
	}
	srv.AssertNoLeak(t, canary)
}

func TestPushNonFastForwardAndLease(t *testing.T) {
	tr, srv, r := pushRepo(t)
	ctx := context.Background()
	spec := []string{"refs/heads/hotfix/x:refs/heads/hotfix/x"}
	if err := r.Push(ctx, git.PushOptions{Remote: "origin", Refspecs: spec, Token: canary}); err != nil {
		t.Fatal(err)
	}
	if out, err := testutil.GitErr(tr.Dir, gitserver.CredentialEnv("x-access-token", canary), "fetch", "-q", "origin"); err != nil {
		t.Fatalf("fetch: %v %s", err, out)
	}
	// Rewrite the local branch: the remote now has a commit we do not.
	tr.Git("reset", "-q", "--hard", "HEAD~1")
	tr.WriteFile("fix.txt", "fixed differently")
	mine := tr.Commit("fix, take two")
	err := r.Push(ctx, git.PushOptions{Remote: "origin", Refspecs: spec, Token: canary})
	if !errors.Is(err, git.ErrNonFastForward) {
		t.Fatalf("non-fast-forward: %v", err)
	}
	if err := r.Push(ctx, git.PushOptions{Remote: "origin", Refspecs: spec, Token: canary, ForceWithLease: true}); err != nil {
		t.Fatalf("force with lease: %v", err)
	}
	if srv.Ref(t, "shop/api", "refs/heads/hotfix/x") != mine {
		t.Fatal("lease push did not land")
	}
}

func TestPushRejectedByTheServer(t *testing.T) {
	_, srv, r := pushRepo(t)
	srv.Inject(gitserver.Fault{Reject: "GH006: Protected branch update failed for refs/heads/hotfix/x."})
	err := r.Push(context.Background(), git.PushOptions{Remote: "origin", Refspecs: []string{"refs/heads/hotfix/x:refs/heads/hotfix/x"}, Token: canary})
	var pe *git.PushError
	if !errors.As(err, &pe) || !strings.Contains(pe.Remote, "GH006: Protected branch update failed") {
		t.Fatalf("%v", err)
	}
	srv.Inject(gitserver.Fault{Service: gitserver.ReceivePack, Status: 503})
	if err := r.Push(context.Background(), git.PushOptions{Remote: "origin", Refspecs: []string{"refs/heads/hotfix/x:refs/heads/hotfix/x"}, Token: canary}); err == nil || strings.Contains(err.Error(), canary) {
		t.Fatalf("503: %v", err)
	}
}

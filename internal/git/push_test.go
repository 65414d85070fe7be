package git_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
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

func TestCommitPathsFetchAndCherryPick(t *testing.T) {
	tr, srv, r := pushRepo(t)
	ctx := context.Background()
	// CommitPaths commits only the named file, and refuses other staged work.
	tr.WriteFile(".hotfix/rec.yaml", "a: 1\n")
	h, err := r.CommitPaths(ctx, []string{".hotfix/rec.yaml"}, "record", testutil.Now)
	if err != nil || h == "" || tr.Git("rev-parse", "HEAD") != h || tr.Git("log", "-1", "--format=%s") != "record" {
		t.Fatalf("%s %v", h, err)
	}
	if h, err := r.CommitPaths(ctx, []string{".hotfix/rec.yaml"}, "again", testutil.Now); err != nil || h != "" {
		t.Fatalf("nothing to commit: %q %v", h, err)
	}
	tr.WriteFile("other.txt", "x")
	tr.Git("add", "other.txt")
	tr.WriteFile(".hotfix/rec.yaml", "a: 2\n")
	if _, err := r.CommitPaths(ctx, []string{".hotfix/rec.yaml"}, "record", testutil.Now); !errors.Is(err, git.ErrOtherStaged) {
		t.Fatalf("other staged: %v", err)
	}
	tr.Git("reset", "-q", "other.txt")
	// Fetch a branch someone else pushed, then cherry-pick onto it.
	other := filepath.Join(t.TempDir(), "other")
	if out, err := testutil.GitErr(filepath.Dir(other), gitserver.CredentialEnv("x-access-token", canary), "clone", "-q", srv.RepoURL("shop/api"), other); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	ot := &testutil.Repo{T: t, Dir: other, When: tr.When}
	ot.Git("checkout", "-q", "-b", "release/1")
	ot.WriteFile("fix.txt", "release version\n")
	ot.Commit("release change")
	if out, err := testutil.GitErr(other, gitserver.CredentialEnv("x-access-token", canary), "push", "-q", "origin", "release/1"); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	if err := r.Fetch(ctx, "origin", "release/1", canary); err != nil {
		t.Fatal(err)
	}
	start := r.RemoteBranchCommit("origin", "release/1")
	if start == "" {
		t.Fatal("fetch did not update origin/release/1")
	}
	commits, err := r.CommitsToPick(ctx, "main", "HEAD")
	if err != nil || len(commits) != 2 {
		t.Fatalf("%v %v", commits, err)
	}
	wt := filepath.Join(t.TempDir(), "backport")
	if err := r.AddWorktree(ctx, wt, "hotfix/x-to-release-1", start); err != nil {
		t.Fatal(err)
	}
	err = r.CherryPick(ctx, wt, commits)
	var cf *git.ConflictFiles
	if !errors.As(err, &cf) || strings.Join(cf.Files, ",") != "fix.txt" {
		t.Fatalf("conflict: %v", err)
	}
	if err := r.ContinueCherryPick(ctx, wt); !errors.As(err, &cf) {
		t.Fatalf("unresolved: %v", err)
	}
	if err := os.WriteFile(filepath.Join(wt, "fix.txt"), []byte("resolved\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	testutil.Git(t, wt, "add", "fix.txt")
	if err := r.ContinueCherryPick(ctx, wt); err != nil {
		t.Fatal(err)
	}
	head, err := r.HeadOf(ctx, wt)
	if err != nil || head == start || r.BranchCommit("hotfix/x-to-release-1") != head {
		t.Fatalf("%s %v", head, err)
	}
	if err := r.RemoveWorktree(ctx, wt); err != nil {
		t.Fatal(err)
	}
}

// TestRemoteBranchExistsWithToken: a private https remote answers the
// branch question when given the push token, with the git binary and with
// go-git; without it the remote refuses (the caller warns), and the token
// never leaks.
func TestRemoteBranchExistsWithToken(t *testing.T) {
	tr, srv, _ := pushRepo(t)
	ctx := context.Background()
	for _, pure := range []bool{false, true} {
		r := open(t, tr.Dir, git.OpenOptions{PureGo: pure})
		if err := r.Push(ctx, git.PushOptions{Remote: "origin", Refspecs: []string{"refs/heads/hotfix/x:refs/heads/hotfix/x"}, Token: canary}); err != nil {
			t.Fatal(err)
		}
		if ok, err := r.RemoteBranchExists(ctx, "origin", "hotfix/x", canary); err != nil || !ok {
			t.Errorf("pure %v: with the token: %v %v", pure, ok, err)
		}
		if ok, err := r.RemoteBranchExists(ctx, "origin", "hotfix/none", canary); err != nil || ok {
			t.Errorf("pure %v: a missing branch: %v %v", pure, ok, err)
		}
		if _, err := r.RemoteBranchExists(ctx, "origin", "hotfix/x", ""); err == nil {
			t.Errorf("pure %v: a private remote answered without the token", pure)
		}
	}
	srv.AssertNoLeak(t, canary)
}

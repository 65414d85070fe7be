package git_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// TestSignedCommitsAndTags (issue 16, item 8): where the repository asks
// for signatures, CommitPaths and CreateTag sign through the git binary;
// without it they are refused, never made unsigned.
func TestSignedCommitsAndTags(t *testing.T) {
	backends(t, func(t *testing.T, opts git.OpenOptions) {
		r := testutil.NewRepo(t)
		testutil.SSHSigning(t, r.Dir, "commit.gpgSign", "tag.gpgSign")
		repo := open(t, r.Dir, opts)
		ctx := context.Background()
		head := r.Git("rev-parse", "HEAD")
		r.WriteFile("rec.yaml", "id: x\n")
		_, err := repo.CommitPaths(ctx, []string{"rec.yaml"}, "hotfix: record", r.When)
		tagErr := repo.CreateTag("v1.0.1", head, "v1.0.1: hotfix", r.When)
		checkErr := repo.CheckWrites(ctx, git.Writes{Commits: true, Tags: true})
		if opts.PureGo {
			var wr *git.WriteRefusal
			for _, e := range []error{err, tagErr, checkErr} {
				if !errors.As(e, &wr) || !strings.Contains(wr.Problem, "only the git binary does") {
					t.Fatalf("want a refusal, got %v", e)
				}
			}
			if got := r.Git("rev-parse", "HEAD"); got != head {
				t.Fatal("committed without the git binary")
			}
			if tags := r.Git("tag"); tags != "" {
				t.Fatalf("tagged: %s", tags)
			}
			return
		}
		if err != nil || tagErr != nil || checkErr != nil {
			t.Fatalf("commit: %v; tag: %v; check: %v", err, tagErr, checkErr)
		}
		if g := r.Git("log", "-1", "--format=%G? %s"); g != "G hotfix: record" {
			t.Fatalf("commit not signed: %q", g)
		}
		if out, err := testutil.GitErr(r.Dir, nil, "verify-tag", "v1.0.1"); err != nil {
			t.Fatalf("verify-tag: %v\n%s", err, out)
		}
		if ok, err := repo.TagSigned("v1.0.1"); err != nil || !ok {
			t.Fatalf("TagSigned: %v %v", ok, err)
		}
		if date := r.Git("log", "-1", "--format=%cI"); !strings.HasPrefix(date, r.When.Format("2006-01-02T15:04")) {
			t.Fatalf("commit dated %s, want %s", date, r.When)
		}
	})
}

// TestSigningSetupCheckedBeforehand: a signing setup that cannot work is
// refused by CheckWrites, before anything is written.
func TestSigningSetupCheckedBeforehand(t *testing.T) {
	r := testutil.NewRepo(t)
	r.Git("config", "tag.forceSignAnnotated", "true")
	r.Git("config", "gpg.format", "ssh")
	repo := open(t, r.Dir, git.OpenOptions{})
	ctx := context.Background()
	var wr *git.WriteRefusal
	if err := repo.CheckWrites(ctx, git.Writes{Tags: true}); !errors.As(err, &wr) || !strings.Contains(wr.Problem, "user.signingkey is not set") {
		t.Fatalf("%v", err)
	}
	r.Git("config", "user.signingkey", filepath.Join(t.TempDir(), "nokey"))
	if err := repo.CheckWrites(ctx, git.Writes{Tags: true}); !errors.As(err, &wr) || !strings.Contains(wr.Problem, "does not exist") {
		t.Fatalf("%v", err)
	}
	r.Git("config", "gpg.ssh.program", "/no/such/ssh-keygen")
	if err := repo.CheckWrites(ctx, git.Writes{Tags: true}); !errors.As(err, &wr) || !strings.Contains(wr.Problem, "not installed") {
		t.Fatalf("%v", err)
	}
	// Commits are not signed here: a command that only commits may go on.
	if err := repo.CheckWrites(ctx, git.Writes{Commits: true, Pushes: true}); err != nil {
		t.Fatal(err)
	}
}

// TestHooksRunOnCommitAndPush: commit hooks (from core.hooksPath) and a
// pre-push hook run, and stop the commit or push with what they said.
func TestHooksRunOnCommitAndPush(t *testing.T) {
	backends(t, func(t *testing.T, opts git.OpenOptions) {
		r := testutil.NewRepo(t).WithOrigin()
		hooks := filepath.Join(t.TempDir(), "team-hooks")
		r.Git("config", "core.hooksPath", hooks)
		testutil.Hook(t, hooks, "commit-msg", `echo "commit-msg: messages need a ticket" >&2; exit 1`)
		testutil.Hook(t, hooks, "pre-push", `echo "pre-push: pushes are frozen" >&2; exit 1`)
		repo := open(t, r.Dir, opts)
		ctx := context.Background()
		head := r.Git("rev-parse", "HEAD")
		r.WriteFile("rec.yaml", "id: x\n")
		_, err := repo.CommitPaths(ctx, []string{"rec.yaml"}, "hotfix: record", r.When)
		r.Git("commit", "-q", "--allow-empty", "--no-verify", "-m", "local work")
		pushErr := repo.Push(ctx, git.PushOptions{Remote: "origin", Refspecs: []string{"refs/heads/main:refs/heads/main"}})
		if got := r.Git("rev-parse", "HEAD~1"); got != head {
			t.Fatal("the record was committed")
		}
		if st := r.Git("status", "--porcelain"); st != "?? rec.yaml" {
			t.Fatalf("status after the refused commit: %q", st)
		}
		if remote := testutil.Git(t, r.Origin, "rev-parse", "main"); remote != head {
			t.Fatal("pushed past the hook")
		}
		if opts.PureGo {
			var wr *git.WriteRefusal
			if !errors.As(err, &wr) || !errors.As(pushErr, &wr) {
				t.Fatalf("want refusals: %v; %v", err, pushErr)
			}
			return
		}
		if !errors.Is(err, git.ErrCommitRefused) || !strings.Contains(err.Error(), "messages need a ticket") {
			t.Fatalf("commit: %v", err)
		}
		var pe *git.PushError
		if !errors.As(pushErr, &pe) || !errors.Is(pe.Err, git.ErrPushHook) || !strings.Contains(pe.Hook, "pushes are frozen") {
			t.Fatalf("push: %v", pushErr)
		}

		// A passing hook lets the push through git.
		testutil.Hook(t, hooks, "pre-push", `cat >/dev/null; exit 0`)
		if err := repo.Push(ctx, git.PushOptions{Remote: "origin", Refspecs: []string{"refs/heads/main:refs/heads/main"}}); err != nil {
			t.Fatal(err)
		}
		if remote, local := testutil.Git(t, r.Origin, "rev-parse", "main"), r.Git("rev-parse", "HEAD"); remote != local {
			t.Fatal("not pushed")
		}
	})
}

// TestHotfixOwnHookIsNotAPushHook: hotfix's own pre-push hook runs the
// check pr makes itself, so it does not send pushes through git.
func TestHotfixOwnHookIsNotAPushHook(t *testing.T) {
	r := testutil.NewRepo(t)
	testutil.Hook(t, filepath.Join(r.Dir, ".git", "hooks"), "pre-push", git.HotfixHookMarker+"\nexit 1")
	p, err := open(t, r.Dir, git.OpenOptions{}).WritePolicy(context.Background())
	if err != nil || p.PushesNeedGit() {
		t.Fatalf("%+v %v", p, err)
	}
}

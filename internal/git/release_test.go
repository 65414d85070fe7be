package git_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// mergedRepo: main with a fix branch merged by a merge commit, then one
// more commit on main.
func mergedRepo(t *testing.T) (tr *testutil.Repo, fix, merge, after string) {
	tr = testutil.NewRepo(t)
	tr.Commit("base")
	tr.Git("checkout", "-q", "-b", "fix")
	tr.WriteFile("a.txt", "fixed\n")
	fix = tr.Commit("fix")
	tr.Git("checkout", "-q", "main")
	tr.WriteFile("b.txt", "other\n")
	tr.Commit("other")
	tr.Git("merge", "-q", "--no-ff", "-m", "merge fix", "fix")
	merge = strings.TrimSpace(tr.Git("rev-parse", "HEAD"))
	tr.WriteFile("c.txt", "later\n")
	after = tr.Commit("later")
	return tr, fix, merge, after
}

func TestTagsAreCreatedOnceAndNeverMoved(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr, fix, merge, _ := mergedRepo(t)
		r := open(t, tr.Dir, o)
		when := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
		if err := r.CreateTag("v1.0.1", merge, "v1.0.1: hotfix\n", when); err != nil {
			t.Fatal(err)
		}
		if err := r.CreateTag("v1.0.1", merge, "again", when); err != nil {
			t.Fatalf("a rerun on the same commit: %v", err)
		}
		if err := r.CreateTag("v1.0.1", fix, "moved", when); err == nil || !strings.Contains(err.Error(), "never moved") {
			t.Fatalf("moving a tag: %v", err)
		}
		if typ := strings.TrimSpace(tr.Git("cat-file", "-t", "v1.0.1")); typ != "tag" {
			t.Fatalf("not annotated: %s", typ)
		}
		info, ok, err := r.LookupTag("v1.0.1")
		if err != nil || !ok || info.Commit != merge || !info.Annotated || !strings.HasPrefix(info.Message, "v1.0.1: hotfix") {
			t.Fatalf("%+v %v %v", info, ok, err)
		}
		// A tag of a tag peels to the commit; a missing tag is not an error.
		tr.Git("tag", "-a", "chained", "-m", "chain", "v1.0.1")
		if info, ok, err := r.LookupTag("chained"); err != nil || !ok || info.Commit != merge {
			t.Fatalf("chained: %+v %v", info, err)
		}
		if _, ok, err := r.LookupTag("v9"); ok || err != nil {
			t.Fatalf("missing: %v %v", ok, err)
		}
		if err := r.DeleteTag("v1.0.1"); err != nil || tr.Git("tag", "--list", "v1.0.1") != "" {
			t.Fatalf("delete: %v", err)
		}
		if err := r.CreateTag("bad..name", merge, "x", when); err == nil {
			t.Fatal("a bad tag name was accepted")
		}
	})
}

func TestMergedAt(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr, fix, merge, after := mergedRepo(t)
		r := open(t, tr.Dir, o)
		ctx := context.Background()
		got, ok, err := r.MergedAt(ctx, "main", fix)
		if err != nil || !ok || got != merge {
			t.Fatalf("merge commit %s %v %v, want %s", got, ok, err, merge)
		}
		// A commit on main's first-parent line is its own merge.
		if got, ok, _ := r.MergedAt(ctx, "main", after); !ok || got != after {
			t.Fatalf("fast-forwarded: %s", got)
		}
		tr.Git("checkout", "-q", "-b", "unmerged", fix)
		tr.WriteFile("d.txt", "x\n")
		un := tr.Commit("not merged")
		if _, ok, err := r.MergedAt(ctx, "main", un); ok || err != nil {
			t.Fatalf("unmerged: %v %v", ok, err)
		}
		if ok, _ := r.IsAncestor(ctx, fix, "main"); !ok {
			t.Fatal("fix is in main")
		}
		if ok, _ := r.IsAncestor(ctx, un, "main"); ok {
			t.Fatal("unmerged is not in main")
		}
	})
}

func TestSetBranchOnlyMovesForward(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr, fix, merge, after := mergedRepo(t)
		tr.Git("checkout", "-q", "fix")
		tr.Git("branch", "-f", "behind", merge)
		r := open(t, tr.Dir, o)
		ctx := context.Background()
		if err := r.SetBranch(ctx, "behind", after); err != nil || r.BranchCommit("behind") != after {
			t.Fatalf("forward: %v", err)
		}
		if err := r.SetBranch(ctx, "behind", fix); err == nil {
			t.Fatal("moved a branch backwards, losing commits")
		}
		if err := r.SetBranch(ctx, "fix", after); err == nil {
			t.Fatal("moved the checked-out branch")
		}
		if err := r.SetBranch(ctx, "new", fix); err != nil || r.BranchCommit("new") != fix {
			t.Fatalf("new: %v", err)
		}
	})
}

func TestMergeInWorktree(t *testing.T) {
	tr := testutil.NewRepo(t)
	tr.WriteFile("f.txt", "one\n")
	tr.Commit("base")
	tr.Git("checkout", "-q", "-b", "develop")
	tr.WriteFile("f.txt", "develop\n")
	tr.Commit("develop change")
	tr.Git("checkout", "-q", "main")
	tr.WriteFile("g.txt", "fix\n")
	fix := tr.Commit("fix")
	tr.Git("tag", "-a", "v1.0.1", "-m", "v1.0.1")
	r := open(t, tr.Dir, git.OpenOptions{})
	ctx := context.Background()
	dir := t.TempDir() + "/wt"
	if err := r.AddWorktree(ctx, dir, "mb", "develop"); err != nil {
		t.Fatal(err)
	}
	if err := r.MergeInWorktree(ctx, dir, "v1.0.1", "Merge tag 'v1.0.1' into develop"); err != nil {
		t.Fatal(err)
	}
	head := strings.TrimSpace(tr.Git("rev-parse", "mb"))
	if parents := strings.Fields(tr.Git("rev-list", "--parents", "-1", head)); len(parents) != 3 || parents[2] != fix {
		t.Fatalf("not a merge of the fix: %v", parents)
	}
	if err := r.RemoveWorktree(ctx, dir); err != nil {
		t.Fatal(err)
	}
	// A conflict is aborted and named.
	tr.WriteFile("f.txt", "main\n")
	tr.Commit("main change")
	tr.Git("tag", "-a", "v1.0.2", "-m", "v1.0.2")
	if err := r.AddWorktree(ctx, dir, "mb2", "develop"); err != nil {
		t.Fatal(err)
	}
	err := r.MergeInWorktree(ctx, dir, "v1.0.2", "merge")
	var cf *git.ConflictFiles
	if !errors.As(err, &cf) || strings.Join(cf.Files, ",") != "f.txt" {
		t.Fatalf("%v", err)
	}
	if out := testutil.Git(t, dir, "status", "--porcelain"); out != "" {
		t.Fatalf("the merge was not aborted:\n%s", out)
	}
	if err := r.CommitInWorktree(ctx, dir, []string{"f.txt"}, "nothing"); err != nil {
		t.Fatalf("nothing to commit is not an error: %v", err)
	}
}

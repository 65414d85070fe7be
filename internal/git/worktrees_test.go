package git_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// TestBranchCheckedOutElsewhereIsNeverTouched (issue 16, item 4): a branch
// checked out in another work tree is neither checked out, moved nor
// deleted, on both backends, and both list the work trees alike.
func TestBranchCheckedOutElsewhereIsNeverTouched(t *testing.T) {
	backends(t, func(t *testing.T, opts git.OpenOptions) {
		r := testutil.NewRepo(t)
		base := r.Git("rev-parse", "HEAD")
		r.Git("branch", "fix")
		wt2 := filepath.Join(t.TempDir(), "wt 2")
		r.Git("worktree", "add", "-q", wt2, "fix")
		testutil.Git(t, wt2, "commit", "-q", "--allow-empty", "-m", "the fix")
		fixTip := testutil.Git(t, wt2, "rev-parse", "HEAD")
		gone := filepath.Join(t.TempDir(), "gone")
		r.Git("worktree", "add", "-q", "-b", "orphaned", gone)
		if err := os.RemoveAll(gone); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()

		// From the linked work tree: main is the main work tree's.
		repo := open(t, wt2, opts)
		list, err := repo.Worktrees(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 3 || list[0].Branch != "main" || list[0].Current || list[1].Branch != "fix" || !list[1].Current ||
			list[2].Branch != "orphaned" || !list[2].Missing {
			t.Fatalf("%+v", list)
		}
		var in *git.BranchInUseError
		if err := repo.SetBranch(ctx, "main", fixTip); !errors.As(err, &in) || in.Dir != list[0].Dir {
			t.Fatalf("SetBranch: %v", err)
		}
		if err := repo.Checkout(ctx, "main"); !errors.As(err, &in) {
			t.Fatalf("Checkout: %v", err)
		}
		if err := repo.DeleteBranch("main"); !errors.As(err, &in) {
			t.Fatalf("DeleteBranch: %v", err)
		}
		if err := repo.DeleteBranch("orphaned"); !errors.As(err, &in) || !in.Missing {
			t.Fatalf("DeleteBranch of a missing work tree's branch: %v", err)
		}
		if err := repo.BranchElsewhere(ctx, "fix"); err != nil {
			t.Fatalf("fix is checked out here only: %v", err)
		}
		if h := r.Git("rev-parse", "main"); h != base {
			t.Fatalf("main moved to %s", h)
		}
		if st := r.Git("status", "--porcelain"); st != "" {
			t.Fatalf("main work tree changed:\n%s", st)
		}

		// From the main work tree: fix is wt2's.
		main := open(t, r.Dir, opts)
		if err := main.DeleteBranch("fix"); !errors.As(err, &in) || in.Dir != list[1].Dir {
			t.Fatalf("DeleteBranch fix: %v", err)
		}
		if err := main.Checkout(ctx, "fix"); !errors.As(err, &in) {
			t.Fatalf("Checkout fix: %v", err)
		}
		if b := testutil.Git(t, wt2, "branch", "--show-current"); b != "fix" {
			t.Fatalf("wt2 on %q", b)
		}
	})
}

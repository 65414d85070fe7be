package git_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// samePath compares paths after resolving symlinks in their existing parts
// (a temporary directory may be reached through one, as on macOS).
func samePath(t *testing.T, got, want string) {
	t.Helper()
	resolve := func(p string) string {
		dir, base := filepath.Dir(p), filepath.Base(p)
		if d, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(d, base)
		}
		return p
	}
	if resolve(got) != resolve(want) {
		t.Fatalf("hooks dir %s, want %s", got, want)
	}
}

// HooksDir answers as git does: .git/hooks, core.hooksPath (relative to the
// work tree's top, or absolute), and the main repository's hooks for a
// linked work tree; both backends agree.
func TestHooksDir(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		ctx := context.Background()
		tr := testutil.NewRepo(t)
		hooks := func(dir string) string {
			t.Helper()
			p, err := open(t, dir, o).HooksDir(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		samePath(t, hooks(tr.Dir), filepath.Join(tr.Dir, ".git", "hooks"))
		tr.WriteFile("sub/x.txt", "x")
		samePath(t, hooks(filepath.Join(tr.Dir, "sub")), filepath.Join(tr.Dir, ".git", "hooks"))

		wt := filepath.Join(t.TempDir(), "wt")
		tr.Git("worktree", "add", "-q", "-b", "side", wt)
		samePath(t, hooks(wt), filepath.Join(tr.Dir, ".git", "hooks"))

		tr.Git("config", "core.hooksPath", ".githooks")
		samePath(t, hooks(tr.Dir), filepath.Join(tr.Dir, ".githooks"))
		samePath(t, hooks(wt), filepath.Join(wt, ".githooks"))

		abs := filepath.Join(t.TempDir(), "shared-hooks")
		tr.Git("config", "core.hooksPath", abs)
		samePath(t, hooks(tr.Dir), abs)
		samePath(t, hooks(wt), abs)
	})
}

package git_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// The common git directory is .git for the main work tree, from any
// subdirectory, and the main repository's .git for a linked work tree, so
// that what lives there (the repository lock) is shared by both.
func TestCommonDir(t *testing.T) {
	tr := testutil.NewRepo(t)
	tr.WriteFile("sub/x.txt", "x")
	wt := filepath.Join(t.TempDir(), "wt")
	tr.Git("worktree", "add", "-q", "-b", "side", wt)
	want := filepath.Join(tr.Dir, ".git")
	for _, dir := range []string{tr.Dir, filepath.Join(tr.Dir, "sub"), wt} {
		got, err := git.FindCommonDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		samePath(t, got, want)
		r, err := git.Open(dir, git.OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		samePath(t, r.CommonDir(), want)
		r.Close()
	}
	if _, err := git.FindCommonDir(t.TempDir()); !errors.Is(err, git.ErrNotRepository) {
		t.Errorf("outside a repository: %v", err)
	}
	// A broken .git file is an error, not a guess.
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, ".git"), []byte("nonsense\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := git.FindCommonDir(bad); err == nil {
		t.Error("a broken .git file was accepted")
	}
}

package git

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// RevertOf is a revert computed by Revert: the commit that undoes a
// commit on top of another, made without moving any branch.
type RevertOf struct {
	// Commit is the revert commit.
	Commit string
	// Subject is the reverted commit's subject line.
	Subject string
	// Merge says the reverted commit is a merge, reverted against its
	// first parent (git revert -m 1), as GitHub's revert button does.
	Merge bool
}

// Revert makes the commit that reverts commit on top of onto, with `git
// revert` (go-git cannot revert) in a detached linked work tree at dir,
// dated when; no branch or ref is created or moved. A revert that does not
// apply returns *ConflictFiles, and the work tree is removed either way
// unless keep is set, when the caller removes it (with RemoveWorktree)
// after using it, e.g. to verify the revert there.
func (r *Repo) Revert(ctx context.Context, dir, onto, commit string, when time.Time, keep bool) (rv RevertOf, err error) {
	if r.bin == "" {
		return rv, needGit("a revert (git revert)")
	}
	out, err := r.run(ctx, "rev-list", "--parents", "-n", "1", commit)
	if err != nil {
		return rv, err
	}
	rv.Merge = len(strings.Fields(string(out))) > 2
	if out, err = r.run(ctx, "log", "-1", "--format=%s", commit); err != nil {
		return rv, err
	}
	rv.Subject = strings.TrimSpace(string(out))
	if _, err := os.Stat(dir); err == nil {
		_ = r.RemoveWorktree(ctx, dir)
		_ = os.RemoveAll(dir)
	}
	// A work tree a killed run registered and left is forgotten first.
	_, _ = r.run(ctx, "worktree", "prune")
	if _, err := r.run(ctx, "worktree", "add", "-q", "--detach", dir, onto); err != nil {
		return rv, err
	}
	defer func() {
		if err != nil || !keep {
			_ = r.RemoveWorktree(context.Background(), dir)
			_ = os.RemoveAll(dir)
			_ = os.Remove(filepath.Dir(dir)) // when empty
			_, _ = r.run(context.Background(), "worktree", "prune")
		}
	}()
	args := []string{"revert", "--no-edit"}
	if rv.Merge {
		args = append(args, "-m", "1")
	}
	cmd := exec.CommandContext(ctx, r.bin, append(args, commit)...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C", "GIT_EDITOR=true"), gitDateEnv(when)...)
	said, runErr := cmd.CombinedOutput()
	if runErr != nil {
		files := unmerged(ctx, r.bin, dir)
		_ = runIn(context.Background(), r.bin, dir, "revert", "--abort")
		if len(files) > 0 {
			return rv, &ConflictFiles{Files: files}
		}
		return rv, errors.New("git revert: " + lastLine(string(said)))
	}
	if rv.Commit, err = r.HeadOf(ctx, dir); err != nil {
		return rv, err
	}
	if rv.Commit == "" || rv.Commit == onto {
		return rv, errors.New("git revert made no commit")
	}
	return rv, nil
}

// SameRevert reports whether commits a and b make the same change on the
// same parent (the same tree and first parent): the same revert made at
// two times.
func (r *Repo) SameRevert(ctx context.Context, a, b string) bool {
	if r.bin == "" {
		return false
	}
	out, err := r.run(ctx, "rev-parse", a+"^{tree}", b+"^{tree}", a+"^", b+"^")
	if err != nil {
		return false
	}
	f := strings.Fields(string(out))
	return len(f) == 4 && f[0] == f[1] && f[2] == f[3]
}

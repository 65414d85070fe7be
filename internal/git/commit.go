package git

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	gogit "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// ErrOtherStaged is returned by CommitPaths when other changes are staged.
var ErrOtherStaged = errors.New("other changes are staged")

// CommitPaths stages exactly paths and commits them with go-git, as the
// configured user, and returns the new commit. When the repository asks
// for signed commits (commit.gpgSign) or has commit hooks, `git commit`
// makes it, so that they apply (ErrCommitRefused when git refuses);
// without the git binary it is refused, never made without them. It refuses when anything else
// is staged, so that hotfix never commits a person's work on its own; it
// returns "" with no error when paths hold no change.
func (r *Repo) CommitPaths(ctx context.Context, paths []string, message string, when time.Time) (string, error) {
	dirty, err := r.DirtyFiles(ctx)
	if err != nil {
		return "", err
	}
	want := map[string]bool{}
	for _, p := range paths {
		want[filepath.ToSlash(p)] = true
	}
	var other []string
	changed := false
	for _, c := range dirty {
		if want[c.Path] {
			changed = true
			continue
		}
		if c.Staged != ' ' && c.Staged != '?' {
			other = append(other, c.Path)
		}
	}
	wt, err := r.repo.Worktree()
	if err != nil {
		return "", err
	}
	if !changed {
		// DirtyFiles leaves out untracked files: a new path counts too.
		head, err := r.HeadCommit()
		if err != nil {
			return "", err
		}
		for p := range want {
			if _, err := os.Stat(filepath.Join(r.root, filepath.FromSlash(p))); err == nil && !r.FileExistsAt(head, p) {
				changed = true
			}
		}
	}
	if len(other) > 0 {
		return "", fmt.Errorf("%w: %s", ErrOtherStaged, strings.Join(other, ", "))
	}
	if !changed {
		return "", nil
	}
	if pol, err := r.WritePolicy(ctx); err != nil {
		return "", err
	} else if pol.CommitsNeedGit() {
		if r.bin == "" {
			return "", needGit("the repository asks for signed commits or has commit hooks")
		}
		return r.commitBinary(ctx, paths, message, when)
	}
	for p := range want {
		if err := wt.AddWithOptions(&gogit.AddOptions{Path: p, SkipStatus: true}); err != nil {
			return "", err
		}
	}
	name, email := r.UserIdentity()
	if name == "" && email == "" {
		return "", errors.New("git does not know who you are: set user.name and user.email (git config --global user.name ...)")
	}
	sig := &object.Signature{Name: name, Email: email, When: when}
	h, err := wt.Commit(message, &gogit.CommitOptions{Author: sig, Committer: sig})
	if err != nil {
		return "", err
	}
	return h.String(), nil
}

// Fetch updates refs/remotes/<remote>/<branch> from the remote with go-git,
// using the token for HTTPS remotes, within OpenOptions.NetTimeout.
func (r *Repo) Fetch(ctx context.Context, remote, branch, token string) error {
	return r.fetchSpec(ctx, remote, fmt.Sprintf("+refs/heads/%s:refs/remotes/%s/%s", branch, remote, branch), token, branch)
}

// fetchSpec fetches one refspec; what names it in an error.
func (r *Repo) fetchSpec(ctx context.Context, remote, refspec, token, what string) error {
	spec := config.RefSpec(refspec)
	if err := spec.Validate(); err != nil {
		return fmt.Errorf("fetch %s from %s: %w", what, remote, err)
	}
	o := &gogit.FetchOptions{RemoteName: remote, RefSpecs: []config.RefSpec{spec}}
	auth, err := tokenAuth(r.RemoteURL(remote), token)
	if err != nil {
		return fmt.Errorf("fetch %s from %s: %w", what, remote, err)
	}
	o.Auth = auth
	ctx, cancel := r.netContext(ctx, DefaultNetTimeout)
	defer cancel()
	err = r.repo.FetchContext(ctx, o)
	if err == nil || errors.Is(err, gogit.NoErrAlreadyUpToDate) {
		return nil
	}
	return fmt.Errorf("fetch %s from %s: %w", what, remote, r.netErr(ctx, err))
}

// ConflictFiles is returned by CherryPick when the picked commits do not
// apply; the files are named and the work tree is left for resolving.
type ConflictFiles struct {
	Files []string
}

// Error names the conflicting files.
func (e *ConflictFiles) Error() string {
	return "the fix does not apply cleanly: conflicts in " + strings.Join(e.Files, ", ")
}

// AddWorktree makes a linked work tree at dir on a new branch starting at
// commit, with the git binary (go-git has no linked work trees).
func (r *Repo) AddWorktree(ctx context.Context, dir, branch, commit string) error {
	if r.bin == "" {
		return errors.New("this needs the git binary: backports, close's merge-back and --postmortem-pr work in a linked work tree, which go-git cannot make; install git (or unset HOTFIX_GIT=go)")
	}
	_, err := r.run(ctx, "worktree", "add", "-q", "-B", branch, dir, commit)
	return err
}

// RemoveWorktree removes a linked work tree made by AddWorktree.
func (r *Repo) RemoveWorktree(ctx context.Context, dir string) error {
	_, err := r.run(ctx, "worktree", "remove", "--force", dir)
	return err
}

// CherryPick applies commits, oldest first, in the linked work tree dir with
// `git cherry-pick -x` (go-git cannot cherry-pick). On a conflict it returns
// *ConflictFiles and leaves the cherry-pick in progress in dir, so that a
// person can resolve it and ContinueCherryPick can finish it.
func (r *Repo) CherryPick(ctx context.Context, dir string, commits []string) error {
	if len(commits) == 0 {
		return nil
	}
	args := append([]string{"cherry-pick", "-x", "--allow-empty", "--keep-redundant-commits"}, commits...)
	if err := runIn(ctx, r.bin, dir, args...); err != nil {
		if files := unmerged(ctx, r.bin, dir); len(files) > 0 {
			return &ConflictFiles{Files: files}
		}
		return err
	}
	return nil
}

// ContinueCherryPick finishes a cherry-pick in dir after a person resolved
// its conflicts; files still unmerged are returned as *ConflictFiles.
func (r *Repo) ContinueCherryPick(ctx context.Context, dir string) error {
	if files := unmerged(ctx, r.bin, dir); len(files) > 0 {
		return &ConflictFiles{Files: files}
	}
	if _, err := os.Stat(filepath.Join(gitDirOf(dir), "CHERRY_PICK_HEAD")); err != nil {
		return nil // nothing in progress: already finished
	}
	if err := runIn(ctx, r.bin, dir, "-c", "core.editor=true", "cherry-pick", "--continue"); err != nil {
		if files := unmerged(ctx, r.bin, dir); len(files) > 0 {
			return &ConflictFiles{Files: files}
		}
		return err
	}
	return nil
}

func gitDirOf(worktree string) string {
	b, err := os.ReadFile(filepath.Join(worktree, ".git"))
	if err != nil {
		return filepath.Join(worktree, ".git")
	}
	p := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(string(b)), "gitdir:"))
	if !filepath.IsAbs(p) {
		p = filepath.Join(worktree, p)
	}
	return p
}

func runIn(ctx context.Context, bin, dir string, args ...string) error {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C", "GIT_EDITOR=true")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("git %s: %s", args[0], strings.TrimSpace(string(out)))
	}
	return nil
}

func unmerged(ctx context.Context, bin, dir string) []string {
	cmd := exec.CommandContext(ctx, bin, "diff", "--name-only", "--diff-filter=U", "-z")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" {
			files = append(files, f)
		}
	}
	return files
}

// HeadOf returns the commit checked out in a linked work tree.
func (r *Repo) HeadOf(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, r.bin, "rev-parse", "HEAD")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// BranchCommit returns the commit a local branch points at, or "".
func (r *Repo) BranchCommit(branch string) string {
	ref, err := r.repo.Storer.Reference(plumbing.NewBranchReferenceName(branch))
	if err != nil {
		return ""
	}
	return ref.Hash().String()
}

// CommitsToPick lists the non-merge commits in from..to, oldest first, for
// cherry-picking (with the git binary, which backports need anyway).
func (r *Repo) CommitsToPick(ctx context.Context, from, to string) ([]string, error) {
	if r.bin == "" {
		return nil, errors.New("backports need the git binary (go-git cannot cherry-pick); install git")
	}
	out, err := r.run(ctx, "rev-list", "--no-merges", "--reverse", from+".."+to)
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(out)), nil
}

// UncommitHead undoes commit when it is HEAD: the checked-out branch goes
// back to its first parent and the index with it, while the work tree keeps
// the commit's files as uncommitted changes (git reset --mixed HEAD~1). It
// does nothing when HEAD is another commit: the commit was pushed on, or
// never made.
func (r *Repo) UncommitHead(ctx context.Context, commit string) error {
	head, err := r.HeadCommit()
	if err != nil || head != commit {
		return nil
	}
	c, err := r.commitObject(commit)
	if err != nil {
		return err
	}
	if len(c.ParentHashes) == 0 {
		return fmt.Errorf("commit %s has no parent to go back to", commit)
	}
	if r.bin != "" {
		_, err := r.run(ctx, "reset", "-q", "--mixed", c.ParentHashes[0].String())
		return err
	}
	wt, err := r.repo.Worktree()
	if err != nil {
		return err
	}
	return wt.Reset(&gogit.ResetOptions{Commit: c.ParentHashes[0], Mode: gogit.MixedReset})
}

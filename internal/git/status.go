package git

import (
	"bytes"
	"context"
	"sort"

	gogit "github.com/go-git/go-git/v5"
)

// Change is a tracked file that differs from HEAD.
type Change struct {
	// Path is relative to the work tree root, with forward slashes.
	Path string
	// Staged and Unstaged are git's porcelain status letters (M, A, D, R, ...),
	// ' ' for no change on that side.
	Staged, Unstaged byte
}

// DirtyFiles lists tracked files with staged or unstaged changes, sorted.
// Untracked files are not listed: they survive a branch switch untouched.
// It uses `git status` when the binary is available (go-git's status is
// several times slower on large trees) and go-git otherwise.
func (r *Repo) DirtyFiles(ctx context.Context) ([]Change, error) {
	if r.bin != "" {
		return r.dirtyFilesBinary(ctx)
	}
	return r.dirtyFilesGo()
}

func (r *Repo) dirtyFilesBinary(ctx context.Context) ([]Change, error) {
	out, err := r.run(ctx, "status", "--porcelain=v1", "-z", "--untracked-files=no", "--no-renames")
	if err != nil {
		return nil, err
	}
	var changes []Change
	for _, rec := range bytes.Split(out, []byte{0}) {
		if len(rec) < 4 {
			continue
		}
		changes = append(changes, Change{Path: string(rec[3:]), Staged: rec[0], Unstaged: rec[1]})
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Path < changes[j].Path })
	return changes, nil
}

func (r *Repo) dirtyFilesGo() ([]Change, error) {
	wt, err := r.repo.Worktree()
	if err != nil {
		return nil, err
	}
	st, err := wt.StatusWithOptions(gogit.StatusOptions{Strategy: gogit.Preload})
	if err != nil {
		return nil, err
	}
	var changes []Change
	for p, fs := range st {
		if fs.Staging == gogit.Untracked || fs.Worktree == gogit.Untracked {
			continue
		}
		if fs.Staging == gogit.Unmodified && fs.Worktree == gogit.Unmodified {
			continue
		}
		changes = append(changes, Change{Path: p, Staged: letter(fs.Staging), Unstaged: letter(fs.Worktree)})
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Path < changes[j].Path })
	return changes, nil
}

func letter(c gogit.StatusCode) byte {
	if c == gogit.Unmodified {
		return ' '
	}
	return byte(c)
}

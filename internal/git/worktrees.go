package git

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Worktree is one work tree of the repository, as `git worktree list`
// shows it.
type Worktree struct {
	// Dir is the work tree's top directory.
	Dir string
	// Branch is the branch checked out there, "" when HEAD is detached.
	Branch string
	// Current says it is this Repo's own work tree.
	Current bool
	// Missing says its directory is gone (`git worktree prune` forgets it);
	// git still counts its branch as checked out until then.
	Missing bool
}

// Worktrees lists the repository's work trees: the main one (unless the
// repository is bare) and every linked one. With the git binary it asks
// `git worktree list --porcelain`; without it, it reads what that command
// reads: HEAD in the common git directory and in each of its worktrees/*.
func (r *Repo) Worktrees(ctx context.Context) ([]Worktree, error) {
	var list []Worktree
	if r.bin != "" {
		out, err := r.run(ctx, "worktree", "list", "--porcelain")
		if err != nil {
			return nil, err
		}
		list = parseWorktrees(string(out))
	} else {
		list = r.worktreesGo()
	}
	here, _ := os.Stat(r.root)
	for i := range list {
		fi, err := os.Stat(list[i].Dir)
		list[i].Missing = err != nil
		list[i].Current = err == nil && here != nil && os.SameFile(fi, here)
	}
	return list, nil
}

// parseWorktrees reads `git worktree list --porcelain`: blocks of
// "worktree PATH", "HEAD SHA", "branch refs/heads/X" or "detached", and
// "bare", separated by blank lines.
func parseWorktrees(out string) []Worktree {
	var list []Worktree
	var cur *Worktree
	bare := false
	flush := func() {
		if cur != nil && !bare {
			list = append(list, *cur)
		}
		cur, bare = nil, false
	}
	for _, line := range strings.Split(out, "\n") {
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "worktree "):
			flush()
			cur = &Worktree{Dir: filepath.FromSlash(unquote(strings.TrimPrefix(line, "worktree ")))}
		case cur == nil:
		case line == "bare":
			bare = true
		case strings.HasPrefix(line, "branch "):
			cur.Branch = strings.TrimPrefix(strings.TrimPrefix(line, "branch "), "refs/heads/")
		}
	}
	flush()
	return list
}

// worktreesGo lists the work trees from the files git keeps for them.
func (r *Repo) worktreesGo() []Worktree {
	common := r.commonDir()
	var list []Worktree
	if filepath.Base(common) == ".git" { // else a bare repository: no main work tree
		list = append(list, Worktree{Dir: filepath.Dir(common), Branch: headBranch(common)})
	}
	main := len(list)
	entries, _ := os.ReadDir(filepath.Join(common, "worktrees"))
	for _, e := range entries {
		admin := filepath.Join(common, "worktrees", e.Name())
		b, err := os.ReadFile(filepath.Join(admin, "gitdir"))
		if err != nil {
			continue
		}
		dotgit := strings.TrimSpace(string(b))
		if !filepath.IsAbs(dotgit) {
			dotgit = filepath.Join(admin, dotgit)
		}
		list = append(list, Worktree{Dir: filepath.Dir(filepath.Clean(dotgit)), Branch: headBranch(admin)})
	}
	// git lists the linked work trees by path.
	linked := list[main:]
	sort.Slice(linked, func(i, j int) bool { return linked[i].Dir < linked[j].Dir })
	return list
}

// headBranch is the branch a git directory's HEAD names, "" when detached.
func headBranch(gitDir string) string {
	b, err := os.ReadFile(filepath.Join(gitDir, "HEAD"))
	if err != nil {
		return ""
	}
	ref, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "ref:")
	if !ok {
		return ""
	}
	return strings.TrimPrefix(strings.TrimSpace(ref), "refs/heads/")
}

// BranchInUseError says a branch is checked out in another work tree, so
// that checking it out, moving it or deleting it here would change that
// work tree behind its user's back.
type BranchInUseError struct {
	// Branch is the branch.
	Branch string
	// Dir is the other work tree's top directory.
	Dir string
	// Missing says that work tree's directory is gone.
	Missing bool
}

// Error names the branch and the work tree.
func (e *BranchInUseError) Error() string {
	if e.Missing {
		return fmt.Sprintf("%s is checked out in the work tree %s, whose directory is gone (git worktree prune forgets it)", e.Branch, e.Dir)
	}
	return fmt.Sprintf("%s is checked out in the work tree %s (a branch can be checked out in one work tree only)", e.Branch, e.Dir)
}

// BranchElsewhere returns a *BranchInUseError when branch is checked out
// in a work tree other than this one, and nil when it is not (or only
// here).
func (r *Repo) BranchElsewhere(ctx context.Context, branch string) error {
	list, err := r.Worktrees(ctx)
	if err != nil {
		return fmt.Errorf("cannot list the work trees to check that %s is not checked out in another: %w", branch, err)
	}
	for _, w := range list {
		if w.Branch == branch && !w.Current {
			return &BranchInUseError{Branch: branch, Dir: w.Dir, Missing: w.Missing}
		}
	}
	return nil
}

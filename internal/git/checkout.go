package git

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/utils/merkletrie"
)

// ConflictError lists the files a checkout would overwrite.
type ConflictError struct {
	// Modified are tracked files with local changes the checkout would lose.
	Modified []string
	// Untracked are untracked files where the target has a file.
	Untracked []string
}

// Error names the files.
func (e *ConflictError) Error() string {
	var parts []string
	if len(e.Modified) > 0 {
		parts = append(parts, "local changes to "+strings.Join(e.Modified, ", "))
	}
	if len(e.Untracked) > 0 {
		parts = append(parts, "untracked files in the way: "+strings.Join(e.Untracked, ", "))
	}
	return "checkout would overwrite " + strings.Join(parts, "; ")
}

// Checkout switches the work tree, index and HEAD to an existing local
// branch. It writes only the files that differ between HEAD's tree and the
// branch's tree (a tree-to-tree diff, never a walk of the whole work tree),
// refuses before writing anything if one of those files has local changes
// or an untracked file is in the way, and writes the index atomically under
// git's index.lock. Rerunning it after a crash finishes the switch.
//
// Repositories that need git's content filters for the files being written
// (core.autocrlf, or eol/filter attributes in the root .gitattributes) are
// checked out by the git binary when it is installed.
//
// A branch checked out in another work tree is refused
// (*BranchInUseError), as git refuses it.
func (r *Repo) Checkout(ctx context.Context, branch string) error {
	if cur, _ := r.CurrentBranch(); cur != branch {
		if err := r.BranchElsewhere(ctx, branch); err != nil {
			return err
		}
	}
	target, err := r.repo.Storer.Reference(plumbing.NewBranchReferenceName(branch))
	if err != nil {
		return fmt.Errorf("branch %s: %w", branch, err)
	}
	head := plumbing.NewSymbolicReference(plumbing.HEAD, plumbing.NewBranchReferenceName(branch))
	return r.switchTo(ctx, target.Hash(), head, branch)
}

// CheckoutDetached switches to commit with a detached HEAD, as Checkout does
// for a branch.
func (r *Repo) CheckoutDetached(ctx context.Context, commit string) error {
	h := plumbing.NewHash(commit)
	return r.switchTo(ctx, h, plumbing.NewHashReference(plumbing.HEAD, h), "--detach "+commit)
}

func (r *Repo) switchTo(ctx context.Context, to plumbing.Hash, newHead *plumbing.Reference, gitArg string) error {
	toCommit, err := r.repo.CommitObject(to)
	if err != nil {
		return err
	}
	toTree, err := toCommit.Tree()
	if err != nil {
		return err
	}
	head, err := r.repo.Head()
	if err != nil {
		return fmt.Errorf("HEAD has no commit yet: %w", err)
	}
	fromCommit, err := r.repo.CommitObject(head.Hash())
	if err != nil {
		return err
	}
	fromTree, err := fromCommit.Tree()
	if err != nil {
		return err
	}
	if fromTree.Hash != toTree.Hash {
		if r.bin != "" && r.needsFilters(toTree) {
			_, err := r.run(ctx, append([]string{"checkout", "--quiet"}, strings.Fields(gitArg)...)...)
			return err
		}
		if err := r.switchTrees(fromTree, toTree); err != nil {
			return err
		}
	}
	return r.repo.Storer.SetReference(newHead)
}

// needsFilters reports whether writing blobs byte for byte could differ from
// what git would write: line-ending conversion or content filters.
func (r *Repo) needsFilters(t *object.Tree) bool {
	if c, err := r.repo.Config(); err == nil {
		if v := c.Raw.Section("core").Option("autocrlf"); v != "" && v != "false" {
			return true
		}
	}
	f, err := t.File(".gitattributes")
	if err != nil {
		return false
	}
	s, err := f.Contents()
	if err != nil {
		return true
	}
	for _, w := range []string{"filter=", "eol=", "text", "ident", "working-tree-encoding"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

type fileChange struct {
	action   merkletrie.Action
	path     string
	from, to *object.TreeEntry
}

func (r *Repo) switchTrees(fromTree, toTree *object.Tree) error {
	diff, err := object.DiffTree(fromTree, toTree)
	if err != nil {
		return err
	}
	changes := make([]fileChange, 0, len(diff))
	for _, ch := range diff {
		a, err := ch.Action()
		if err != nil {
			return err
		}
		fc := fileChange{action: a}
		if a != merkletrie.Insert {
			e := ch.From.TreeEntry
			fc.from, fc.path = &e, ch.From.Name
		}
		if a != merkletrie.Delete {
			e := ch.To.TreeEntry
			fc.to, fc.path = &e, ch.To.Name
		}
		changes = append(changes, fc)
	}
	// Deletions first, so that a file can replace a directory and back.
	sort.SliceStable(changes, func(i, j int) bool {
		return changes[i].action == merkletrie.Delete && changes[j].action != merkletrie.Delete
	})

	lock, err := os.OpenFile(filepath.Join(r.gitDir, "index.lock"), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists: another git process seems to be running; if none is, remove that file and retry", filepath.Join(r.gitDir, "index.lock"))
	}
	if err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			_ = lock.Close()
			_ = os.Remove(lock.Name())
		}
	}()

	idx, err := r.repo.Storer.Index()
	if err != nil {
		return err
	}
	entries := make(map[string]*index.Entry, len(idx.Entries))
	for _, e := range idx.Entries {
		entries[e.Name] = e
	}
	if err := r.checkSafe(changes, entries); err != nil {
		return err
	}
	made := map[string]bool{}
	for _, ch := range changes {
		if err := r.apply(ch, entries, made); err != nil {
			return fmt.Errorf("checkout %s: %w", ch.path, err)
		}
	}
	idx.Entries = idx.Entries[:0]
	for _, e := range entries {
		idx.Entries = append(idx.Entries, e)
	}
	idx.Cache = nil
	idx.ResolveUndo = nil
	idx.EndOfIndexEntry = nil
	bw := bufio.NewWriterSize(lock, 1<<16)
	if err := index.NewEncoder(bw).Encode(idx); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := lock.Sync(); err != nil {
		return err
	}
	if err := lock.Close(); err != nil {
		return err
	}
	if err := os.Rename(lock.Name(), filepath.Join(r.gitDir, "index")); err != nil {
		return err
	}
	committed = true
	return nil
}

// checkSafe refuses the switch when a file it would write or remove has local
// changes, or an untracked file stands where the target has one. A file that
// already holds the target's content (a rerun after a crash) is fine.
func (r *Repo) checkSafe(changes []fileChange, entries map[string]*index.Entry) error {
	var ce ConflictError
	deleted := map[string]bool{}
	for _, ch := range changes {
		if ch.action == merkletrie.Delete {
			deleted[ch.path] = true
		}
	}
	dirs := map[string]bool{}
	for _, ch := range changes {
		if err := safeParents(r.root, ch.path, dirs); err != nil {
			return err
		}
		p := filepath.Join(r.root, filepath.FromSlash(ch.path))
		fi, err := os.Lstat(p)
		if absent(err) {
			if ch.action == merkletrie.Modify {
				if e := entries[ch.path]; e != nil && e.Hash == ch.to.Hash {
					continue // a rerun: index already updated
				}
				ce.Modified = append(ce.Modified, ch.path)
			}
			continue
		}
		if err != nil {
			return err
		}
		if ch.from != nil {
			if e := entries[ch.path]; e != nil && e.Hash == ch.from.Hash && statMatches(e, fi) {
				continue
			}
		}
		if fi.IsDir() {
			if ch.to != nil && ch.to.Mode == filemode.Submodule {
				continue
			}
			if ch.action == merkletrie.Insert {
				ce.Untracked = append(ce.Untracked, r.keptFiles(ch.path, deleted)...)
			}
			continue
		}
		h, err := hashFile(p, fi)
		if err != nil {
			return err
		}
		if (ch.from != nil && h == ch.from.Hash) || (ch.to != nil && h == ch.to.Hash) {
			continue
		}
		if ch.action == merkletrie.Insert {
			ce.Untracked = append(ce.Untracked, ch.path)
		} else {
			ce.Modified = append(ce.Modified, ch.path)
		}
	}
	if len(ce.Modified)+len(ce.Untracked) > 0 {
		return &ce
	}
	return nil
}

// keptFiles lists the files under directory rel that the switch does not
// delete: they would stop a file from replacing the directory.
func (r *Repo) keptFiles(rel string, deleted map[string]bool) []string {
	var kept []string
	root := filepath.Join(r.root, filepath.FromSlash(rel))
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			return nil
		}
		name := filepath.ToSlash(strings.TrimPrefix(p, r.root+string(filepath.Separator)))
		if !deleted[name] {
			kept = append(kept, name)
		}
		return nil
	})
	return kept
}

// safeParents refuses a path whose parent directories include a symbolic
// link, so that no write can be redirected outside the work tree. dirs
// remembers the parents already found to be real directories, so that the
// files of one directory cost one lstat of each parent, not one per file.
func safeParents(root, rel string, dirs map[string]bool) error {
	parts := strings.Split(rel, "/")
	p := root
	for _, c := range parts[:len(parts)-1] {
		p = filepath.Join(p, c)
		if dirs[p] {
			continue
		}
		fi, err := os.Lstat(p)
		if absent(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symbolic link in the work tree where the checkout needs a directory; move it away and retry", strings.TrimPrefix(p, root+string(filepath.Separator)))
		}
		if fi.IsDir() {
			dirs[p] = true
		}
	}
	return nil
}

// absent reports whether err from Lstat means nothing is at the path,
// including when a parent is a file (a directory that became a file).
func absent(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

func statMatches(e *index.Entry, fi os.FileInfo) bool {
	return int64(e.Size) == fi.Size()&0xffffffff && e.ModifiedAt.Equal(fi.ModTime())
}

func hashFile(p string, fi os.FileInfo) (plumbing.Hash, error) {
	if fi.Mode()&os.ModeSymlink != 0 {
		t, err := os.Readlink(p)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		return plumbing.ComputeHash(plumbing.BlobObject, []byte(filepath.ToSlash(t))), nil
	}
	f, err := os.Open(p)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	defer f.Close()
	h := plumbing.NewHasher(plumbing.BlobObject, fi.Size())
	if _, err := io.Copy(h, f); err != nil {
		return plumbing.ZeroHash, err
	}
	return h.Sum(), nil
}

// apply makes one change in the work tree and the index entries. made
// remembers the directories it has made sure exist, so that the files of one
// directory cost one MkdirAll; removing anything forgets them.
func (r *Repo) apply(ch fileChange, entries map[string]*index.Entry, made map[string]bool) error {
	p := filepath.Join(r.root, filepath.FromSlash(ch.path))
	if ch.action == merkletrie.Delete {
		clear(made)
		delete(entries, ch.path)
		if ch.from.Mode == filemode.Submodule {
			_ = os.Remove(p) // only if empty, as git does
			return nil
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		removeEmptyParents(r.root, filepath.Dir(p))
		return nil
	}
	e := ch.to
	if dir := filepath.Dir(p); !made[dir] {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		made[dir] = true
	}
	if e.Mode == filemode.Submodule {
		if err := os.MkdirAll(p, 0o755); err != nil {
			return err
		}
		entries[ch.path] = &index.Entry{Name: ch.path, Hash: e.Hash, Mode: e.Mode}
		return nil
	}
	blob, err := r.repo.BlobObject(e.Hash)
	if err != nil {
		return err
	}
	rd, err := blob.Reader()
	if err != nil {
		return err
	}
	defer rd.Close()
	if fi, err := os.Lstat(p); err == nil && (fi.IsDir() || fi.Mode()&os.ModeSymlink != 0 || e.Mode == filemode.Symlink) {
		// Never RemoveAll: checkSafe proved only deleted files were here.
		clear(made)
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	if e.Mode == filemode.Symlink {
		var b bytes.Buffer
		if _, err := io.Copy(&b, rd); err != nil {
			return err
		}
		if err := os.Symlink(b.String(), p); err != nil {
			return err
		}
	} else {
		perm := os.FileMode(0o644)
		if e.Mode == filemode.Executable {
			perm = 0o755
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
		if err != nil {
			return err
		}
		if _, err := io.Copy(f, rd); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		if err := fixExecBit(p, e.Mode == filemode.Executable); err != nil {
			return err
		}
	}
	fi, err := os.Lstat(p)
	if err != nil {
		return err
	}
	ie := &index.Entry{Name: ch.path, Hash: e.Hash, Mode: e.Mode, ModifiedAt: fi.ModTime(), Size: uint32(fi.Size())}
	fillStat(ie, fi)
	entries[ch.path] = ie
	return nil
}

// fixExecBit sets or clears the executable bits of an existing file the way
// git does: x wherever r is set, or no x at all.
func fixExecBit(p string, exec bool) error {
	fi, err := os.Stat(p)
	if err != nil {
		return err
	}
	perm := fi.Mode().Perm()
	want := perm &^ 0o111
	if exec {
		want |= (perm & 0o444) >> 2
	}
	if want == perm {
		return nil
	}
	return os.Chmod(p, want)
}

func removeEmptyParents(root, dir string) {
	for dir != root && strings.HasPrefix(dir, root) {
		if err := os.Remove(dir); err != nil {
			return
		}
		dir = filepath.Dir(dir)
	}
}

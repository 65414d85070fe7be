package git

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"

	"github.com/hotfix-dev/hotfix/internal/fsutil"
)

// refStorage is the repository's go-git storage with its reference writes
// replaced. go-git writes a loose ref in place (open, truncate, write), so
// a full disk or a kill part-way leaves an empty ref file, which breaks
// every later listing of the refs. refStorage writes as git does: the
// content goes to refs/…/NAME.lock, is synced and renamed over the ref.
type refStorage struct {
	*filesystem.Storage
	gitDir, commonDir string
}

// SetReference writes ref atomically.
func (s *refStorage) SetReference(ref *plumbing.Reference) error {
	return s.writeRef(ref, nil)
}

// CheckAndSetReference writes ref atomically if the reference still is old
// (nil: whatever it is).
func (s *refStorage) CheckAndSetReference(ref, old *plumbing.Reference) error {
	return s.writeRef(ref, old)
}

func (s *refStorage) writeRef(ref, old *plumbing.Reference) error {
	if ref == nil {
		return nil
	}
	name := ref.Name().String()
	if name == "" || strings.Contains(name, "..") || strings.HasPrefix(name, "/") ||
		(name != "HEAD" && !strings.HasPrefix(name, "refs/") && strings.Contains(name, "/")) {
		return fmt.Errorf("invalid reference name %q", name)
	}
	var content string
	switch ref.Type() {
	case plumbing.HashReference:
		content = ref.Hash().String() + "\n"
	case plumbing.SymbolicReference:
		content = "ref: " + ref.Target().String() + "\n"
	default:
		return fmt.Errorf("invalid reference %s", name)
	}
	var check func() error
	if old != nil {
		check = func() error {
			cur, err := s.Storage.Reference(ref.Name())
			if err != nil {
				return err
			}
			if cur.Type() != old.Type() || cur.Hash() != old.Hash() || cur.Target() != old.Target() {
				return storage.ErrReferenceHasChanged
			}
			return nil
		}
	}
	return fsutil.WriteLocked(s.refPath(name), []byte(content), 0o644, check)
}

// refPath is where the loose ref name lives: HEAD and the other refs of
// one work tree in its own git directory, the rest in the common one.
func (s *refStorage) refPath(name string) string {
	dir := s.commonDir
	if !strings.Contains(name, "/") || strings.HasPrefix(name, "refs/worktree/") ||
		strings.HasPrefix(name, "refs/bisect/") || strings.HasPrefix(name, "refs/rewritten/") {
		dir = s.gitDir
	}
	return filepath.Join(dir, filepath.FromSlash(name))
}

// ErrEmptyRef is the error for a loose ref file with no content, which an
// interrupted write (a full disk) leaves behind; EmptyRefError names it.
var ErrEmptyRef = errors.New("empty ref file")

// EmptyRefError names the empty ref files of the repository.
type EmptyRefError struct {
	// Paths are the empty files, absolute.
	Paths []string
}

// Error names the files.
func (e *EmptyRefError) Error() string {
	return fmt.Sprintf("broken ref: %s is empty (left by an interrupted write, such as a full disk)", strings.Join(e.Paths, ", "))
}

// Unwrap makes errors.Is(err, ErrEmptyRef) hold.
func (e *EmptyRefError) Unwrap() error { return ErrEmptyRef }

// Fix says what to do about the empty files.
func (e *EmptyRefError) Fix() string {
	return "an empty ref names no commit, so nothing is lost by deleting it: rm " + strings.Join(e.Paths, " ") +
		" (then check with `git fsck`)"
}

// EmptyRefs lists the loose ref files that are empty (or hold only white
// space), absolute paths, sorted: such a file makes every listing of the
// refs fail.
func (r *Repo) EmptyRefs() []string {
	var out []string
	add := func(p string) {
		if b, err := os.ReadFile(p); err == nil && strings.TrimSpace(string(b)) == "" {
			out = append(out, p)
		}
	}
	add(filepath.Join(r.gitDir, "HEAD"))
	_ = filepath.WalkDir(filepath.Join(r.commonDir(), "refs"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() || strings.HasSuffix(p, ".lock") {
			return nil
		}
		add(p)
		return nil
	})
	sort.Strings(out)
	return out
}

// refError turns go-git's error for an empty ref file into an
// *EmptyRefError naming the files; other errors pass as they are.
func (r *Repo) refError(err error) error {
	if err == nil || !errors.Is(err, dotgit.ErrEmptyRefFile) {
		return err
	}
	if p := r.EmptyRefs(); len(p) > 0 {
		return &EmptyRefError{Paths: p}
	}
	return err
}

// RemoveEmptyRef removes the loose ref file of name (e.g.
// refs/heads/hotfix/x) if it is empty, as an interrupted write leaves it,
// and reports whether it did. A ref with content is left alone.
func (r *Repo) RemoveEmptyRef(name string) (bool, error) {
	if !strings.HasPrefix(name, "refs/") || strings.Contains(name, "..") {
		return false, fmt.Errorf("invalid reference name %q", name)
	}
	p := filepath.Join(r.commonDir(), filepath.FromSlash(name))
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return false, nil
	}
	b, err := os.ReadFile(p)
	if err != nil || strings.TrimSpace(string(b)) != "" {
		return false, nil
	}
	if err := os.Remove(p); err != nil {
		return false, err
	}
	return true, fsutil.SyncDir(filepath.Dir(p))
}

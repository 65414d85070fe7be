package git

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// ExportTree writes every file of commit's tree into dir (which must be
// empty or absent), the way `git archive | tar -x` would: regular and
// executable files and symbolic links; submodules become empty directories.
// It never touches the repository's own work tree or index, so verify's
// repro rule can build the base version beside the user's work.
func (r *Repo) ExportTree(ctx context.Context, commit, dir string) error {
	t, err := r.treeAt(commit)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	w := t.Files()
	defer w.Close()
	return w.ForEach(func(f *object.File) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		switch f.Mode {
		case filemode.Submodule:
			return os.MkdirAll(p, 0o755)
		case filemode.Symlink:
			target, err := f.Contents()
			if err != nil {
				return err
			}
			return os.Symlink(target, p)
		}
		perm := os.FileMode(0o644)
		if f.Mode == filemode.Executable {
			perm = 0o755
		}
		rd, err := f.Reader()
		if err != nil {
			return err
		}
		defer rd.Close()
		out, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, os.ErrExist) {
			return errors.New("export target " + dir + " is not empty")
		}
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, rd); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}

package verifyeval

import (
	"context"
	"io/fs"
	"strings"
	"testing/fstest"

	"github.com/hotfix-dev/hotfix/pkg/versionfile"
)

// detectVersionFiles returns the version files `hotfix init` would list in
// release.version_files for the tree of rev in the repository at gitDir:
// versionfile.Detect over that tree, read through git (no work tree).
func detectVersionFiles(ctx context.Context, gitDir, rev string) ([]string, error) {
	list, err := gitOut(ctx, gitDir, nil, "-c", "core.quotepath=false", "ls-tree", "-r", "-z", "--name-only", rev)
	if err != nil {
		return nil, err
	}
	cf := startCatFile(ctx, gitDir)
	defer cf.close()
	t := treeFS{names: fstest.MapFS{}, read: func(p string) ([]byte, error) { return cf.read(rev, p) }}
	for _, p := range strings.Split(strings.TrimSuffix(string(list), "\x00"), "\x00") {
		if p != "" && fs.ValidPath(p) {
			t.names[p] = &fstest.MapFile{}
		}
	}
	return versionfile.Detect(t), nil
}

// treeFS is a commit's tree as an fs.FS: names lists its files (their
// directories follow from the names), and a file's content is read only
// when it is opened.
type treeFS struct {
	names fstest.MapFS
	read  func(p string) ([]byte, error)
}

// Open opens a directory from the names, and a file with its content read
// from the tree.
func (t treeFS) Open(name string) (fs.File, error) {
	if _, ok := t.names[name]; !ok {
		return t.names.Open(name) // a directory, or fs.ErrNotExist
	}
	data, err := t.read(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return fstest.MapFS{name: {Data: data}}.Open(name)
}

package verifyeval

import (
	"context"
	"io/fs"
	"strings"
	"testing/fstest"

	"github.com/hotfix-dev/hotfix/internal/git"
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

// dropVersionBumps leaves out of files the versionFiles whose only change
// from base to commit is the version they hold (versionfile.Bumped), as
// verifyrun does for release.version_files.
func dropVersionBumps(ctx context.Context, gitDir, base, commit string, versionFiles []string, files []git.FileDiff) ([]git.FileDiff, error) {
	if len(versionFiles) == 0 {
		return files, nil
	}
	listed := map[string]bool{}
	for _, f := range versionFiles {
		listed[f] = true
	}
	var bumps []string
	for _, f := range files {
		if f.Status == 'M' && listed[f.Path] {
			bumps = append(bumps, f.Path)
		}
	}
	if len(bumps) == 0 {
		return files, nil
	}
	before, err := readFiles(ctx, gitDir, base, bumps)
	if err != nil {
		return nil, err
	}
	after, err := readFiles(ctx, gitDir, commit, bumps)
	if err != nil {
		return nil, err
	}
	out := files[:0:0]
	for _, f := range files {
		if f.Status == 'M' && listed[f.Path] {
			if _, _, ok := versionfile.Bumped(f.Path, before[f.Path], after[f.Path]); ok {
				continue
			}
		}
		out = append(out, f)
	}
	return out, nil
}

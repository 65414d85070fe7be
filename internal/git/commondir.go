package git

import (
	"os"
	"path/filepath"
)

// CommonDir returns the git directory shared by every work tree of the
// repository: the gitdir itself, or for a linked work tree the one its
// commondir file names. Shared state, such as the repository lock, lives
// there.
func (r *Repo) CommonDir() string { return r.commonDir() }

// FindCommonDir returns the common git directory of the repository
// containing dir (dir or one of its parents), as Repo.CommonDir does, without
// opening the repository; ErrNotRepository outside one.
func FindCommonDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	root, dotgit, err := findDotGit(abs)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(dotgit)
	if err != nil {
		return "", err
	}
	r := &Repo{root: root, gitDir: dotgit}
	if !fi.IsDir() {
		if r.gitDir, err = readGitFile(root, dotgit); err != nil {
			return "", err
		}
	}
	return r.commonDir(), nil
}

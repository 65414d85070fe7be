package git

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/config"
)

// HooksDir returns the absolute path of the directory git runs this
// repository's hooks from. With the git binary it asks `git rev-parse
// --git-path hooks` in the work tree, which honours core.hooksPath (from
// every config scope) and linked work trees. Without it, core.hooksPath is
// read from the repository's and the user's config, else the hooks
// directory of the common git directory (shared by linked work trees) is
// used. The directory need not exist.
func (r *Repo) HooksDir(ctx context.Context) (string, error) {
	if r.bin != "" {
		out, err := r.run(ctx, "rev-parse", "--git-path", "hooks")
		if p := strings.TrimRight(string(out), "\r\n"); err == nil && p != "" {
			return r.absPath(p), nil
		}
	}
	if p := r.configHooksPath(); p != "" {
		return r.absPath(expandHome(p)), nil
	}
	return filepath.Join(r.commonDir(), "hooks"), nil
}

// configHooksPath returns core.hooksPath from the repository's config, else
// from the user's global config, or "".
func (r *Repo) configHooksPath() string {
	if c, err := r.repo.Config(); err == nil && c.Raw != nil {
		if p := c.Raw.Section("core").Option("hooksPath"); p != "" {
			return p
		}
	}
	if c, err := r.repo.ConfigScoped(config.GlobalScope); err == nil && c.Raw != nil {
		return c.Raw.Section("core").Option("hooksPath")
	}
	return ""
}

// commonDir is the git directory shared by every work tree: the gitdir
// itself, or for a linked work tree the one its commondir file names.
func (r *Repo) commonDir() string {
	b, err := os.ReadFile(filepath.Join(r.gitDir, "commondir"))
	if err != nil {
		return r.gitDir
	}
	p := strings.TrimSpace(string(b))
	if p == "" {
		return r.gitDir
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.gitDir, p)
	}
	return filepath.Clean(p)
}

// absPath makes a path git printed (relative to the work tree's top, where
// hotfix runs git and where git runs hooks) absolute.
func (r *Repo) absPath(p string) string {
	p = filepath.FromSlash(p)
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(r.root, p)
}

// expandHome expands a leading "~/" as git does for path-valued settings.
func expandHome(p string) string {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return p
	}
	return filepath.Join(home, strings.TrimPrefix(p, "~"))
}

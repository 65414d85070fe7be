// Package testutil builds real git repositories for tests, with the git
// binary, in t.TempDir(): a work tree, a bare origin, commits and tags. It is
// imported only by tests.
package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Repo is a git work tree made for a test.
type Repo struct {
	T   testing.TB
	Dir string
	// Origin is the bare repository configured as remote "origin", if any.
	Origin string
	// When is the commit time of the next commit; each commit advances it by
	// a minute, so history order is deterministic.
	When time.Time
}

// GitEnv is the environment tests run git with: no user or system config,
// a fixed identity, and no prompts.
func GitEnv() []string {
	env := []string{}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "GIT_") || k == "HOME" || k == "XDG_CONFIG_HOME" {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_TERMINAL_PROMPT=0",
		"GIT_AUTHOR_NAME=Test Author", "GIT_AUTHOR_EMAIL=author@example.com",
		"GIT_COMMITTER_NAME=Test Author", "GIT_COMMITTER_EMAIL=author@example.com",
	)
}

// Git runs git in dir and returns its trimmed stdout; a failure fails the test.
func Git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	out, err := GitErr(dir, nil, args...)
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// GitErr runs git in dir with extra environment and returns its combined
// output and error.
func GitErr(dir string, env []string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(GitEnv(), env...)
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// NewRepo creates a repository with branch main and one commit holding
// README.md.
func NewRepo(t testing.TB) *Repo {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "work")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	r := &Repo{T: t, Dir: dir, When: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	Git(t, dir, "init", "-q", "-b", "main")
	Git(t, dir, "config", "user.name", "Test Author")
	Git(t, dir, "config", "user.email", "author@example.com")
	r.WriteFile("README.md", "# test\n")
	r.Commit("initial commit")
	return r
}

// WithOrigin creates a bare repository, adds it as remote "origin" and pushes
// main and the tags to it.
func (r *Repo) WithOrigin() *Repo {
	r.T.Helper()
	r.Origin = filepath.Join(filepath.Dir(r.Dir), "origin.git")
	Git(r.T, filepath.Dir(r.Dir), "init", "-q", "--bare", "-b", "main", r.Origin)
	Git(r.T, r.Dir, "remote", "add", "origin", r.Origin)
	Git(r.T, r.Dir, "push", "-q", "origin", "main", "--tags")
	Git(r.T, r.Dir, "fetch", "-q", "origin")
	Git(r.T, r.Dir, "remote", "set-head", "origin", "main")
	return r
}

// TeamPolicy commits policy as .hotfix.yaml on main, as a team commits its
// policy after a release, pushes it when the repository has an origin, and
// returns to the branch checked out before: main's tip governs every
// command, whatever is checked out. The work tree keeps the checked-out
// branch's own .hotfix.yaml, if it has one.
func (r *Repo) TeamPolicy(policy string) {
	r.T.Helper()
	back := strings.TrimSpace(r.Git("rev-parse", "--abbrev-ref", "HEAD"))
	if back != "main" {
		r.Git("checkout", "-q", "main")
	}
	r.WriteFile(".hotfix.yaml", policy)
	r.Commit("the team's policy")
	switch {
	case r.Origin != "":
		r.Git("push", "-q", "origin", "main")
		r.Git("fetch", "-q", "origin")
	case strings.Contains(r.Git("for-each-ref", "refs/remotes/origin/main"), "origin/main"):
		// An origin behind a server that wants credentials: the
		// remote-tracking branch moves as if it had been pushed and fetched.
		r.Git("update-ref", "refs/remotes/origin/main", "main")
	}
	if back != "main" {
		r.Git("checkout", "-q", back)
	}
}

// Git runs git in the work tree.
func (r *Repo) Git(args ...string) string {
	r.T.Helper()
	return Git(r.T, r.Dir, args...)
}

// WriteFile writes a file (slash-separated path) in the work tree.
func (r *Repo) WriteFile(path, content string) {
	r.T.Helper()
	p := filepath.Join(r.Dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.T.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.T.Fatal(err)
	}
}

// ReadFile reads a file of the work tree; "" when it does not exist.
func (r *Repo) ReadFile(path string) string {
	b, err := os.ReadFile(filepath.Join(r.Dir, filepath.FromSlash(path)))
	if err != nil {
		return ""
	}
	return string(b)
}

// Exists reports whether a path exists in the work tree.
func (r *Repo) Exists(path string) bool {
	_, err := os.Lstat(filepath.Join(r.Dir, filepath.FromSlash(path)))
	return err == nil
}

// Commit stages everything and commits it with a deterministic date,
// returning the commit hash.
func (r *Repo) Commit(msg string) string {
	r.T.Helper()
	r.Git("add", "-A")
	d := r.When.Format(time.RFC3339)
	r.When = r.When.Add(time.Minute)
	_, err := GitErr(r.Dir, []string{"GIT_AUTHOR_DATE=" + d, "GIT_COMMITTER_DATE=" + d}, "commit", "-q", "--allow-empty", "-m", msg)
	if err != nil {
		r.T.Fatalf("commit: %v", err)
	}
	return r.Git("rev-parse", "HEAD")
}

// Tag creates an annotated tag at HEAD.
func (r *Repo) Tag(name string) {
	r.T.Helper()
	r.Git("tag", "-a", name, "-m", "release "+name)
}

// State summarises what a command may have changed: branches, HEAD, tags,
// the work tree's status and the files under .hotfix and .git/hotfix. Tests
// compare it before and after a refused command.
func (r *Repo) State() string {
	r.T.Helper()
	var b strings.Builder
	b.WriteString("branches:\n" + r.Git("for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags", "refs/remotes") + "\n")
	head, _ := GitErr(r.Dir, nil, "symbolic-ref", "-q", "--short", "HEAD")
	b.WriteString("HEAD: " + head + "\n")
	b.WriteString("status:\n" + r.Git("status", "--porcelain", "--untracked-files=all") + "\n")
	for _, d := range []string{".hotfix", ".git/hotfix"} {
		entries, _ := os.ReadDir(filepath.Join(r.Dir, d))
		for _, e := range entries {
			b.WriteString(d + "/" + e.Name() + "\n")
		}
	}
	return b.String()
}

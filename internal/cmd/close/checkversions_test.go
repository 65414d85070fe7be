package closecmd

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/git"
)

// gitRepo is a repository made with the git binary (testutil imports this
// package through the CLI, so it cannot be used here).
type gitRepo struct {
	t   *testing.T
	Dir string
}

func (r gitRepo) Git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func (r gitRepo) WriteFile(name, content string) {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.Dir, name), []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r gitRepo) Commit(msg string) {
	r.Git("add", "-A")
	r.Git("commit", "-q", "-m", msg)
}

// checkVersionFiles reads the files at the commit it is given, not in the
// work tree, and names the file and line of a disagreement.
func TestCheckVersionFiles(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	r := gitRepo{t: t, Dir: t.TempDir()}
	r.Git("init", "-q", "-b", "main")
	r.WriteFile("VERSION", "v2.0.0-rc.2\n")
	r.WriteFile("package.json", "{\n  \"version\": \"2.0.0-rc.2\"\n}\n")
	r.WriteFile("setup.py", "setup(version=VERSION)\n")
	r.Commit("rc.2")
	rc2 := r.Git("rev-parse", "HEAD")
	r.WriteFile("package.json", "{\n  \"version\": \"2.0.0-rc.1\"\n}\n")
	r.Commit("back to rc.1")
	old := r.Git("rev-parse", "HEAD")
	r.WriteFile("package.json", "{\n  \"version\": \"2.0.0-rc.2\"\n}\n") // the work tree agrees: not read
	repo, err := git.Open(r.Dir, git.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()

	if err := checkVersionFiles(repo, rc2, []string{"VERSION", "package.json"}, "2.0.0-rc.2"); err != nil {
		t.Fatalf("rc.2: %v", err)
	}
	for _, c := range []struct {
		commit string
		files  []string
		want   string
	}{
		{old, []string{"VERSION", "package.json"}, "package.json:2 says version 2.0.0-rc.1, but this release is 2.0.0-rc.2"},
		{rc2, []string{"VERSION", "Cargo.toml"}, "release.version_files names Cargo.toml, which the commit to tag"},
		{rc2, []string{"setup.py"}, "setup.py: no version found"},
	} {
		err := checkVersionFiles(repo, c.commit, c.files, "2.0.0-rc.2")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "nothing was changed") {
			t.Errorf("%v: %v, want %q", c.files, err, c.want)
		}
	}
}

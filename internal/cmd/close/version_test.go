package closecmd_test

import (
	"encoding/json"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"strings"
	"testing"

	closecmd "github.com/hotfix-dev/hotfix/internal/cmd/close"
)

// versionWorld is a gitflow shop whose Python, JavaScript and Go version
// files are listed in its policy, with the hotfix's pull request opened
// by pr (which bumped them to 1.0.1).
func versionWorld(t *testing.T) *world {
	t.Helper()
	return newWorldVersions(t, "version: 1\nflow: gitflow\nverify:\n  rules: [tests-touched, docs-touched]\n"+
		"release:\n  version_files: [pyproject.toml, pyshop/__init__.py, package.json, internal/version/version.go]\n",
		map[string]string{
			"pyproject.toml":              "[project]\nname = \"shop\"\nversion = \"1.0.0\"\n",
			"pyshop/__init__.py":          "__version__ = \"1.0.0\"\n",
			"package.json":                "{\n  \"name\": \"shop\",\n  \"version\": \"1.0.0\"\n}\n",
			"internal/version/version.go": "// Package version is the release's version.\npackage version\n\n// Version is the release.\nconst Version = \"1.0.0\"\n",
		})
}

// withoutRemotes is a State without the remote-tracking refs, which a
// fetch moves without changing the repository.
func withoutRemotes(state string) string {
	var out []string
	for _, l := range strings.Split(state, "\n") {
		if !strings.HasPrefix(l, "refs/remotes/") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestVersionFilesChecked: the files pr bumped say the tag's version at
// the merge commit, so close tags it, says what it checked, and the tag's
// files say v1.0.1.
func TestVersionFilesChecked(t *testing.T) {
	w := versionWorld(t)
	merge := w.merge()

	dry := w.cli().Run(t, "--dry-run", "close", "--not-deployed", notDeployed, "--answers", w.answers(fullAnswers))
	// The dry run fetches the commit to tag as objects only (no ref moves),
	// so it checks the files already.
	if dry.Code != 0 || !strings.Contains(dry.Out, "(checked) the version files hold v1.0.1's version: pyproject.toml, pyshop/__init__.py, package.json, internal/version/version.go") {
		t.Fatalf("dry run: exit %d\n%s\n%s", dry.Code, dry.Out, dry.Err)
	}

	res := w.close("--answers", w.answers(fullAnswers))
	if res.Code != 0 || !strings.Contains(res.Out, "version files checked at the tagged commit: pyproject.toml, pyshop/__init__.py, package.json, internal/version/version.go\n") {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if got := strings.TrimSpace(w.repo.Git("rev-parse", "v1.0.1^{commit}")); got != merge {
		t.Fatalf("tag on %s, merge %s", got, merge)
	}
	for path, want := range map[string]string{"pyproject.toml": `version = "1.0.1"`, "pyshop/__init__.py": `__version__ = "1.0.1"`,
		"package.json": `"version": "1.0.1"`, "internal/version/version.go": `const Version = "1.0.1"`} {
		if got := w.repo.Git("show", "v1.0.1:"+path); !strings.Contains(got, want) {
			t.Errorf("%s at v1.0.1:\n%s", path, got)
		}
	}
	// One bump commit in the release.
	if n := strings.Count(w.repo.Git("log", "--format=%s", "v1.0.0..v1.0.1"), "hotfix: bump version to 1.0.1"); n != 1 {
		t.Fatalf("%d bump commits:\n%s", n, w.repo.Git("log", "--oneline", "v1.0.0..v1.0.1"))
	}
}

// TestVersionMismatchRefused: a release whose version files name another
// version than its tag is refused before anything changes, naming the
// file and line and how to go on.
func TestVersionMismatchRefused(t *testing.T) {
	w := versionWorld(t)
	w.merge()
	before := w.repo.State()
	res := w.close("--answers", w.answers(fullAnswers), "--tag", "v1.1.0")
	if res.Code != 1 || !strings.Contains(res.Err, "pyproject.toml:3 says version 1.0.1, but this release is 1.1.0") ||
		!strings.Contains(res.Err, "nothing was changed") || !strings.Contains(res.Err, "bump it to 1.1.0 on the hotfix branch") ||
		!strings.Contains(res.Err, "release.version_files: []") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if withoutRemotes(w.repo.State()) != withoutRemotes(before) || w.remoteRef("refs/tags/v1.1.0") != "" || w.repo.Exists(".git/hotfix/close.json") {
		t.Fatalf("the refusal changed something:\n%s\n%s", before, w.repo.State())
	}

	// Turned off, the same release goes through.
	// Turned off (here with --config, which overrides the governing
	// policy for an experiment), the same release goes through.
	off := w.answers(strings.Replace(w.repo.ReadFile(".hotfix.yaml"),
		"version_files: [pyproject.toml, pyshop/__init__.py, package.json, internal/version/version.go]", "version_files: []", 1))
	res = w.close("--config", off, "--answers", w.answers(fullAnswers), "--tag", "v1.1.0", "--json")
	var out closecmd.Result
	if res.Code != 0 || json.Unmarshal([]byte(res.Out), &out) != nil || out.Tag != "v1.1.0" {
		t.Fatalf("with the check off: exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
}

// newWorldVersions is newWorld with files added to the release.
func newWorldVersions(t *testing.T, cfg string, files map[string]string) *world {
	t.Helper()
	return newWorldShop(t, testutil.Shop{Policy: cfg, Gitflow: true, Files: files})
}

package pr_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/pr"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
)

// versionFiles are a Python, a JavaScript and a Go project's version files
// at the release v1.0.0, and what pr makes of them.
var versionFiles = []struct{ path, before, after string }{
	{"pyproject.toml", "[project]\nname = \"shop\"\nversion = \"1.0.0\"\n\n[project.optional-dependencies]\nversion = \"0.1.0\"\n",
		"[project]\nname = \"shop\"\nversion = \"1.0.1\"\n\n[project.optional-dependencies]\nversion = \"0.1.0\"\n"},
	{"pyshop/__init__.py", "\"\"\"The shop.\"\"\"\r\n__version__ = 'v1.0.0'\r\n", "\"\"\"The shop.\"\"\"\r\n__version__ = 'v1.0.1'\r\n"},
	{"package.json", "{\n  \"name\": \"shop\",\n  \"version\": \"1.0.0\",\n  \"dependencies\": {\"left-pad\": \"1.0.0\"}\n}\n",
		"{\n  \"name\": \"shop\",\n  \"version\": \"1.0.1\",\n  \"dependencies\": {\"left-pad\": \"1.0.0\"}\n}\n"},
	{"internal/version/version.go", "// Package version is the release's version.\npackage version\n\n// Version is the release.\nconst Version = \"1.0.0\"\n",
		"// Package version is the release's version.\npackage version\n\n// Version is the release.\nconst Version = \"1.0.1\"\n"},
}

// versionShop is the shop with versionFiles, listed in its policy.
func versionShop() testutil.Shop {
	s := testutil.Shop{Policy: "version: 1\nverify:\n  rules: [tests-touched, docs-touched]\nrelease:\n  version_files:\n", Files: map[string]string{}}
	for _, f := range versionFiles {
		s.Policy += "    - " + f.path + "\n"
		s.Files[f.path] = f.before
	}
	return s
}

func prJSON(t *testing.T, res testutil.Result) pr.Result {
	t.Helper()
	var out pr.Result
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if err := json.Unmarshal([]byte(res.Out), &out); err != nil {
		t.Fatalf("%v\n%s", err, res.Out)
	}
	return out
}

// TestBumpsTheVersionFiles: pr bumps Python, JavaScript and Go version
// files to the next patch version in one commit of their own before the
// push, says so, and a rerun bumps nothing and commits nothing.
func TestBumpsTheVersionFiles(t *testing.T) {
	w := newWorldShop(t, nil, versionShop())
	fixHead := w.repo.Git("rev-parse", "HEAD")

	// --dry-run shows the bump and writes nothing.
	dry := w.cli()
	dry.Env = map[string]string{}
	res := dry.Run(t, "--dry-run", "pr")
	if res.Code != 0 {
		t.Fatalf("dry run: exit %d\n%s", res.Code, res.Err)
	}
	for _, want := range []string{"  bump        pyproject.toml:3 1.0.0 -> 1.0.1\n", "  bump        pyshop/__init__.py:2 v1.0.0 -> v1.0.1\n",
		"  bump        package.json:3 1.0.0 -> 1.0.1\n", "  bump        internal/version/version.go:5 1.0.0 -> 1.0.1\n",
		"  commit      \"hotfix: bump version to 1.0.1\"\n"} {
		if !strings.Contains(res.Out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, res.Out)
		}
	}
	for _, f := range versionFiles {
		if w.repo.ReadFile(f.path) != f.before {
			t.Fatalf("the dry run wrote %s", f.path)
		}
	}

	out := prJSON(t, w.pr("--json"))
	b := out.VersionBump
	if b == nil || b.Version != "1.0.1" || len(b.Files) != 4 || len(b.Already) != 0 || b.Commit == "" {
		t.Fatalf("version bump %+v", b)
	}
	if f := b.Files[1]; f != (pr.BumpedFile{Path: "pyshop/__init__.py", Line: 2, Old: "v1.0.0", New: "v1.0.1"}) {
		t.Errorf("bumped file %+v", f)
	}
	for _, f := range versionFiles {
		if got := w.repo.ReadFile(f.path); got != f.after {
			t.Errorf("%s:\n%q\nwant\n%q", f.path, got, f.after)
		}
	}
	// One commit holds the bump and nothing else.
	var bumps []string
	for _, l := range strings.Split(w.repo.Git("log", "--format=%H %s", fixHead+"..HEAD"), "\n") {
		if strings.HasSuffix(l, " hotfix: bump version to 1.0.1") {
			bumps = append(bumps, strings.Fields(l)[0])
		}
	}
	if len(bumps) != 1 || bumps[0] != b.Commit {
		t.Fatalf("bump commits %v, reported %s:\n%s", bumps, b.Commit, w.repo.Git("log", "--oneline", fixHead+"..HEAD"))
	}
	if files := w.repo.Git("show", "--format=", "--name-only", b.Commit); files != "internal/version/version.go\npackage.json\npyproject.toml\npyshop/__init__.py" {
		t.Fatalf("the bump commit holds:\n%s", files)
	}
	// Pushed with the branch, before the pull request was opened.
	if w.git.Ref(t, "acme/shop", "refs/heads/"+branch) != w.repo.Git("rev-parse", "HEAD") {
		t.Fatal("the bump was not pushed")
	}
	if st := w.repo.Git("status", "--porcelain"); st != "" {
		t.Fatalf("work tree not clean: %s", st)
	}

	// Again: the files hold the version already, nothing is committed.
	head := w.repo.Git("rev-parse", "HEAD")
	res = w.pr()
	if res.Code != 0 || w.repo.Git("rev-parse", "HEAD") != head {
		t.Fatalf("rerun: exit %d, commits:\n%s\n%s", res.Code, w.repo.Git("log", "--oneline", head+"..HEAD"), res.Err)
	}
	if !strings.Contains(res.Out, "  version files already at 1.0.1: pyproject.toml, pyshop/__init__.py, package.json, internal/version/version.go\n") {
		t.Errorf("rerun output:\n%s", res.Out)
	}
	out = prJSON(t, w.pr("--json"))
	if b := out.VersionBump; b == nil || len(b.Files) != 0 || len(b.Already) != 4 || b.Commit != "" {
		t.Fatalf("rerun bump %+v", b)
	}
	if len(w.openPRs()) != 1 {
		t.Fatalf("%d pull requests", len(w.openPRs()))
	}
}

// TestNoVersionFilesNoBump: without release.version_files pr bumps nothing
// and its --json has no version_bump.
func TestNoVersionFilesNoBump(t *testing.T) {
	w := newWorld(t, nil)
	res := w.pr("--json")
	if res.Code != 0 || strings.Contains(res.Out, "version_bump") || strings.Contains(w.repo.Git("log", "--format=%s"), "bump version") {
		t.Fatalf("exit %d\n%s", res.Code, res.Out)
	}
}

// TestBadVersionFileStopsBeforePushing: a version file that holds its
// version twice, disagreeing, or that is missing, stops pr with the file
// and line before anything is written or pushed.
func TestBadVersionFileStopsBeforePushing(t *testing.T) {
	for _, c := range []struct {
		name, policy, file, content, want string
	}{
		{"disagree", "[pyproject.toml]", "pyproject.toml", "[project]\nversion = \"1.0.0\"\n\n[tool.poetry]\nversion = \"0.9.0\"\n",
			"cannot bump the version: pyproject.toml:5: version 0.9.0 here, but 1.0.0 on line 2"},
		{"missing", "[VERSION]", "", "", "release.version_files names VERSION, which cannot be read"},
		{"no version", "[package.json]", "package.json", `{"name": "shop"}`, "cannot bump the version: package.json: no version found"},
	} {
		t.Run(c.name, func(t *testing.T) {
			shop := testutil.Shop{Policy: "version: 1\nverify:\n  rules: [tests-touched]\nrelease:\n  version_files: " + c.policy + "\n", Files: map[string]string{}}
			if c.file != "" {
				shop.Files[c.file] = c.content
			}
			w := newWorldShop(t, nil, shop)
			head := w.repo.Git("rev-parse", "HEAD")
			res := w.pr()
			if res.Code != 1 || !strings.Contains(res.Err, c.want) || !strings.Contains(res.Err, "nothing was pushed") ||
				!strings.Contains(res.Err, "take it out of release.version_files") {
				t.Fatalf("exit %d\n%s", res.Code, res.Err)
			}
			if w.git.Ref(t, "acme/shop", "refs/heads/"+branch) != "" || len(w.api.PullRequests()) != 0 || w.repo.Git("rev-parse", "HEAD") != head {
				t.Fatal("pushed, opened or committed despite the bad version file")
			}
			if c.file != "" && w.repo.ReadFile(c.file) != c.content {
				t.Fatal("the file was changed")
			}
		})
	}
}

// TestBackportLeavesTheBumpOut: the version bump is this release line's;
// a backport to an older line, whose version differs, carries the fix
// without it (picking it would conflict).
func TestBackportLeavesTheBumpOut(t *testing.T) {
	w := newWorldShop(t, nil, versionShop())
	w.repo.Git("checkout", "-q", "-b", "release/0.9", "v1.0.0")
	w.repo.WriteFile("package.json", strings.Replace(versionFiles[2].before, "1.0.0", "0.9.4", 1))
	w.repo.Commit("0.9.4")
	w.repo.Git("checkout", "-q", branch)
	if out, err := testutil.GitErr(w.repo.Dir, gitserver.CredentialEnv("x-access-token", token), "push", "-q", "origin", "release/0.9"); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	res := w.pr("--backport", "release/0.9")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	picked := testutil.Git(t, w.git.Dir("acme/shop"), "log", "--format=%s", "release/0.9.."+branch+"-to-release-0.9")
	if strings.Contains(picked, "bump version") || !strings.Contains(picked, "fix refunds") {
		t.Fatalf("the backport carries:\n%s", picked)
	}
	if got := testutil.Git(t, w.git.Dir("acme/shop"), "show", branch+"-to-release-0.9:package.json"); !strings.Contains(got, `"version": "0.9.4"`) {
		t.Fatalf("the backport's package.json:\n%s", got)
	}
}

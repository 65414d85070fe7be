package initcmd_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/prompter"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/pkg/config"
)

const packageJSON = `{"name": "web", "scripts": {"test": "jest"}}` + "\n"

// want is what a written config must hold, read back through pkg/config.
type want struct {
	flow, production, develop, command string
	codeowners                         bool
}

// load reads the written .hotfix.yaml with the config package's own strict
// loader (a missing file would give the defaults, so its presence is checked
// first).
func load(t *testing.T, dir string) *config.Config {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, config.FileName)); err != nil {
		t.Fatalf("no %s: %v", config.FileName, err)
	}
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatalf("the written file does not load: %v", err)
	}
	return cfg
}

func checkConfig(t *testing.T, cfg *config.Config, w want) {
	t.Helper()
	got := want{flow: cfg.Flow, production: cfg.Branches.Production, command: cfg.Verify.TestsPass.Command, codeowners: cfg.PR.CodeOwners}
	if w.develop != "" {
		got.develop = cfg.Branches.Develop
	}
	if got != w {
		t.Fatalf("loaded %+v\nwant   %+v", got, w)
	}
	if cfg.Remote != "origin" || !reflect.DeepEqual(cfg.Verify.Rules, config.Default().Verify.Rules) || cfg.Close.PostmortemDir != "docs/postmortems" {
		t.Fatalf("remote %q, rules %v, postmortem_dir %q", cfg.Remote, cfg.Verify.Rules, cfg.Close.PostmortemDir)
	}
}

// cloneOf clones r's origin into a new directory, so that its branches
// exist there only as remote-tracking branches.
func cloneOf(t *testing.T, r *testutil.Repo) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "clone")
	testutil.Git(t, filepath.Dir(dir), "clone", "-q", r.Origin, dir)
	return dir
}

// Each flow's shape of repository gives that flow, and the file written
// loads strictly with the detected production branch, test command and
// CODEOWNERS setting.
func TestInitDetects(t *testing.T) {
	for _, tc := range []struct {
		name  string
		shape func(t *testing.T, r *testutil.Repo) string // returns the directory to run in
		want  want
		out   []string
	}{
		{name: "trunk: main and go.mod",
			shape: func(t *testing.T, r *testutil.Repo) string {
				r.WriteFile("go.mod", "module example.com/shop\n")
				r.Commit("go")
				return r.Dir
			},
			want: want{flow: "trunk", production: "main", command: "go test ./..."},
			out:  []string{"flow trunk (no develop and no release/* branch)", "languages Go (go.mod)"}},
		{name: "gitflow: local develop",
			shape: func(t *testing.T, r *testutil.Repo) string {
				r.WriteFile("go.mod", "module example.com/shop\n")
				r.Commit("go")
				r.Git("branch", "develop")
				return r.Dir
			},
			want: want{flow: "gitflow", production: "main", develop: "develop", command: "go test ./..."},
			out:  []string{"flow gitflow (branch develop exists)"}},
		{name: "gitflow: develop only on the remote after a clone",
			shape: func(t *testing.T, r *testutil.Repo) string {
				r.WriteFile("pom.xml", "<project/>\n")
				r.Commit("maven")
				r.Git("branch", "develop")
				r.WithOrigin()
				r.Git("push", "-q", "origin", "develop")
				dir := cloneOf(t, r)
				if out := testutil.Git(t, dir, "branch", "--list", "develop"); out != "" {
					t.Fatalf("the clone has a local develop: %q", out)
				}
				return dir
			},
			want: want{flow: "gitflow", production: "main", develop: "develop", command: "mvn -q test"},
			out:  []string{"flow gitflow (branch origin/develop exists)", "remote origin"}},
		{name: "gitflow: develop and release branches",
			shape: func(t *testing.T, r *testutil.Repo) string {
				r.Git("branch", "develop")
				r.Git("branch", "release/1.x")
				return r.Dir
			},
			want: want{flow: "gitflow", production: "main", develop: "develop"},
			out:  []string{"flow gitflow (branch develop exists, with release branches (release/1.x))", "tests none found"}},
		{name: "release-branches: local and remote-tracking release/*",
			shape: func(t *testing.T, r *testutil.Repo) string {
				r.WriteFile("pyproject.toml", "[project]\nname = \"shop\"\n")
				r.Commit("python")
				r.WithOrigin()
				r.Git("branch", "release/1.x")
				r.Git("push", "-q", "origin", "release/1.x", "main:release/2.x")
				r.Git("fetch", "-q", "origin")
				return r.Dir
			},
			want: want{flow: "release-branches", production: "main", command: "python3 -m pytest -q"},
			out:  []string{"flow release-branches (release branches exist (release/1.x, release/2.x) and no develop)"}},
		{name: "master as production",
			shape: func(t *testing.T, r *testutil.Repo) string {
				r.Git("branch", "-m", "main", "master")
				r.WriteFile("build.gradle.kts", "plugins { java }\n")
				r.Commit("gradle")
				return r.Dir
			},
			want: want{flow: "trunk", production: "master", command: "gradle test"},
			out:  []string{"production master"}},
		{name: "go and npm: both commands",
			shape: func(t *testing.T, r *testutil.Repo) string {
				r.WriteFile("go.mod", "module example.com/shop\n")
				r.WriteFile("package.json", packageJSON)
				r.Commit("go and web")
				return r.Dir
			},
			want: want{flow: "trunk", production: "main", command: "go test ./... && npm test --silent"},
			out:  []string{"languages Go (go.mod), JavaScript/TypeScript (package.json)", "tests `go test ./... && npm test --silent`"}},
		{name: "CODEOWNERS in .github",
			shape: func(t *testing.T, r *testutil.Repo) string {
				r.WriteFile("go.mod", "module example.com/shop\n")
				r.WriteFile(".github/CODEOWNERS", "* @shop/oncall\n")
				r.Commit("owners")
				return r.Dir
			},
			want: want{flow: "trunk", production: "main", command: "go test ./...", codeowners: true},
			out:  []string{"CODEOWNERS .github/CODEOWNERS"}},
	} {
		for _, pure := range []bool{false, true} {
			t.Run(tc.name+map[bool]string{false: "/git", true: "/go"}[pure], func(t *testing.T) {
				dir := tc.shape(t, testutil.NewRepo(t))
				res := testutil.CLI{Dir: dir, PureGo: pure}.Run(t, "init")
				if res.Code != 0 {
					t.Fatalf("exit %d\n%s%s", res.Code, res.Out, res.Err)
				}
				checkConfig(t, load(t, dir), tc.want)
				for _, s := range append(tc.out, "Wrote "+filepath.Join(dir, config.FileName), "  detected: ", "git add .hotfix.yaml && git commit") {
					if !strings.Contains(res.Out, s) {
						t.Errorf("output lacks %q:\n%s", s, res.Out)
					}
				}
				data := string(mustRead(t, filepath.Join(dir, config.FileName)))
				if !strings.HasPrefix(data, "# .hotfix.yaml: ") || !strings.Contains(data, "Written by `hotfix init`") || !strings.Contains(data, "docs/config.md") {
					t.Errorf("the header is missing:\n%s", data)
				}
				if tc.want.develop == "" && strings.Contains(data, "develop:") {
					t.Errorf("branches.develop written outside gitflow:\n%s", data)
				}
				if !tc.want.codeowners && !strings.Contains(data, "# Off: there is no CODEOWNERS file") {
					t.Errorf("codeowners false without saying why:\n%s", data)
				}
			})
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// gitflowRepo is a repository with develop, go.mod and a CODEOWNERS file:
// every detection says something.
func gitflowRepo(t *testing.T) *testutil.Repo {
	r := testutil.NewRepo(t)
	r.WriteFile("go.mod", "module example.com/shop\n")
	r.WriteFile("CODEOWNERS", "* @alice\n")
	r.Commit("shop")
	r.Git("branch", "develop")
	r.Git("branch", "stable")
	return r
}

// An existing .hotfix.yaml is kept (exit 1, untouched) unless --force.
func TestInitExistingFile(t *testing.T) {
	r := gitflowRepo(t)
	const existing = "version: 1\nflow: trunk\n"
	r.WriteFile(config.FileName, existing)
	cli := testutil.CLI{Dir: r.Dir}
	for _, args := range [][]string{{"init"}, {"init", "--dry-run"}, {"init", "--no-input", "--flow", "gitflow"}} {
		res := cli.Run(t, args...)
		if res.Code != 1 || !strings.Contains(res.Err, filepath.Join(r.Dir, config.FileName)+" already exists") || !strings.Contains(res.Err, "pass --force") {
			t.Fatalf("%v: exit %d\n%s", args, res.Code, res.Err)
		}
		if res.Out != "" {
			t.Fatalf("%v printed %q", args, res.Out)
		}
		if got := r.ReadFile(config.FileName); got != existing {
			t.Fatalf("%v changed the file:\n%s", args, got)
		}
	}
	res := cli.Run(t, "init", "--force")
	if res.Code != 0 {
		t.Fatalf("--force: exit %d\n%s", res.Code, res.Err)
	}
	checkConfig(t, load(t, r.Dir), want{flow: "gitflow", production: "main", develop: "develop", command: "go test ./...", codeowners: true})
}

// Without prompts, the flags override what was detected, each on its own.
func TestInitNoInputFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want want
		out  string
	}{
		{name: "every flag", args: []string{"--no-input", "--flow", "Trunk", "--production", "stable", "--test-command", "make test", "--codeowners=false"},
			want: want{flow: "trunk", production: "stable", command: "make test"},
			out:  `written instead: flow trunk; production stable; tests "make test"; codeowners false`},
		{name: "only --flow", args: []string{"--no-input", "--flow", "release-branches"},
			want: want{flow: "release-branches", production: "main", command: "go test ./...", codeowners: true},
			out:  "written instead: flow release-branches"},
		{name: "CI set in a terminal: no prompts either", args: []string{"--codeowners=false"}, env: map[string]string{"CI": "true"},
			want: want{flow: "gitflow", production: "main", develop: "develop", command: "go test ./..."},
			out:  "written instead: codeowners false"},
		{name: "no flags: detection", args: []string{"--no-input"},
			want: want{flow: "gitflow", production: "main", develop: "develop", command: "go test ./...", codeowners: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := gitflowRepo(t)
			p := prompter.NewScripted()
			cli := testutil.CLI{Dir: r.Dir, Env: tc.env}
			if tc.env != nil {
				cli.Prompter = p // a terminal, but CI turns prompts off
			}
			res := cli.Run(t, append([]string{"init"}, tc.args...)...)
			if res.Code != 0 {
				t.Fatalf("exit %d\n%s", res.Code, res.Err)
			}
			if len(p.Asked()) > 0 {
				t.Fatalf("prompted: %q", p.Asked())
			}
			checkConfig(t, load(t, r.Dir), tc.want)
			if tc.out != "" && !strings.Contains(res.Out, tc.out) {
				t.Errorf("output lacks %q:\n%s", tc.out, res.Out)
			}
			if tc.out == "" && strings.Contains(res.Out, "written instead") {
				t.Errorf("output claims an override:\n%s", res.Out)
			}
			if res.Err != "" {
				t.Errorf("stderr: %s", res.Err)
			}
		})
	}
}

// A production branch that exists nowhere is written, with a warning.
func TestInitWarnsOfUnknownProduction(t *testing.T) {
	r := gitflowRepo(t)
	res := testutil.CLI{Dir: r.Dir}.Run(t, "init", "--production", "mian")
	if res.Code != 0 || !strings.Contains(res.Err, "warning: branch mian exists neither here nor on origin") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if got := load(t, r.Dir).Branches.Production; got != "mian" {
		t.Fatalf("production %q", got)
	}
}

// Bad flag values are usage errors (exit 2) naming what is allowed, and
// nothing is written.
func TestInitBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--flow", "waterfall"}, `--flow must be one of gitflow, trunk, release-branches, not "waterfall"`},
		{[]string{"--production", "bad..name"}, `--production: "bad..name" is not a valid branch name`},
		{[]string{"extra"}, `unknown command "extra"`},
	} {
		r := gitflowRepo(t)
		res := testutil.CLI{Dir: r.Dir}.Run(t, append([]string{"init", "--no-input"}, tc.args...)...)
		if res.Code != 2 || !strings.Contains(res.Err, tc.want) {
			t.Fatalf("%v: exit %d\n%s", tc.args, res.Code, res.Err)
		}
		if r.Exists(config.FileName) {
			t.Fatalf("%v wrote %s", tc.args, config.FileName)
		}
	}
}

// In a terminal the answers are written.
func TestInitInteractiveAnswers(t *testing.T) {
	r := gitflowRepo(t)
	p := prompter.NewScripted(
		prompter.Answer{Match: "Branching flow", Value: "release-branches"},
		prompter.Answer{Match: "Production branch", Value: "bad..name"}, // invalid: asked again
		prompter.Answer{Match: "Production branch", Value: "stable"},
		prompter.Answer{Match: "Test command", Value: "make check"},
		prompter.Answer{Match: "CODEOWNERS", Value: "n"},
	)
	res := testutil.CLI{Dir: r.Dir, Prompter: p}.Run(t, "init")
	if res.Code != 0 || len(p.Remaining()) != 0 {
		t.Fatalf("exit %d %s; asked %q", res.Code, res.Err, p.Asked())
	}
	if !strings.Contains(res.Err, `"bad..name" is not a valid branch name`) {
		t.Errorf("the invalid branch was not explained:\n%s", res.Err)
	}
	checkConfig(t, load(t, r.Dir), want{flow: "release-branches", production: "stable", command: "make check"})
	data := r.ReadFile(config.FileName)
	for _, s := range []string{"(detected: gitflow)", "(detected: main)", "(detected: go test ./...)", "# Off although CODEOWNERS exists"} {
		if !strings.Contains(data, s) {
			t.Errorf("file lacks %q:\n%s", s, data)
		}
	}
}

// In a terminal, Enter at every prompt keeps what was detected: the
// detected values are the defaults offered. A value given as a flag is not
// asked for.
func TestInitInteractiveDefaults(t *testing.T) {
	r := gitflowRepo(t)
	p := prompter.NewScripted(
		prompter.Answer{Match: "Branching flow"},
		prompter.Answer{Match: "Production branch"},
		prompter.Answer{Match: "CODEOWNERS"},
	)
	res := testutil.CLI{Dir: r.Dir, Prompter: p}.Run(t, "init", "--test-command", "go test -race ./...")
	if res.Code != 0 || len(p.Remaining()) != 0 {
		t.Fatalf("exit %d %s; asked %q", res.Code, res.Err, p.Asked())
	}
	checkConfig(t, load(t, r.Dir), want{flow: "gitflow", production: "main", develop: "develop", command: "go test -race ./...", codeowners: true})
}

// Ctrl-C at a prompt writes nothing.
func TestInitInterrupted(t *testing.T) {
	r := gitflowRepo(t)
	p := prompter.NewScripted(prompter.Answer{Match: "Branching flow"}, prompter.Answer{Match: "Production branch", Interrupt: true})
	res := testutil.CLI{Dir: r.Dir, Prompter: p}.Run(t, "init")
	if res.Code != 130 || r.Exists(config.FileName) {
		t.Fatalf("exit %d, file written: %v\n%s", res.Code, r.Exists(config.FileName), res.Err)
	}
}

// --dry-run prints exactly the file a real run writes, and writes nothing.
func TestInitDryRun(t *testing.T) {
	r := gitflowRepo(t)
	cli := testutil.CLI{Dir: r.Dir}
	before := r.State()
	res := cli.Run(t, "init", "--dry-run")
	if res.Code != 0 || !strings.Contains(res.Err, "dry run: would write "+filepath.Join(r.Dir, config.FileName)+"; nothing was written") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if r.Exists(config.FileName) || r.State() != before {
		t.Fatal("--dry-run changed the repository")
	}
	cfg, err := config.Parse("stdout", []byte(res.Out))
	if err != nil || cfg.Flow != "gitflow" {
		t.Fatalf("the printed file: %v, %+v\n%s", err, cfg, res.Out)
	}
	if res := cli.Run(t, "init"); res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if written := r.ReadFile(config.FileName); written != res.Out {
		t.Fatalf("--dry-run printed:\n%s\nbut init wrote:\n%s", res.Out, written)
	}
}

// The written config is really usable: status and start read it.
func TestInitConfigIsUsable(t *testing.T) {
	r := testutil.NewRepo(t)
	r.WriteFile("go.mod", "module example.com/shop\n")
	r.WriteFile(".github/CODEOWNERS", "* @shop/oncall\n")
	r.Commit("shop")
	r.Tag("v1.0.0")
	r.Git("branch", "develop")
	r.WithOrigin()
	r.Git("push", "-q", "origin", "develop")
	cli := testutil.CLI{Dir: r.Dir}
	if res := cli.Run(t, "init", "--no-input"); res.Code != 0 {
		t.Fatalf("init: exit %d\n%s", res.Code, res.Err)
	}
	r.Commit("Add the hotfix policy")
	if res := cli.Run(t, "status"); res.Code != 0 {
		t.Fatalf("status: exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	res := cli.Run(t, "start", "--dry-run", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2")
	if res.Code != 0 || !strings.Contains(res.Out, "hotfix/v1.0.0-checkout-returns-500") {
		t.Fatalf("start --dry-run: exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
}

// The sample file in docs/init.md is what init writes for the repository
// the page describes.
func TestDocSampleIsCurrent(t *testing.T) {
	doc := string(mustRead(t, filepath.Join("..", "..", "..", "docs", "init.md")))
	_, after, ok := strings.Cut(doc, "## A written file")
	if !ok {
		t.Fatal("docs/init.md has no \"## A written file\" section")
	}
	_, sample, _ := strings.Cut(after, "```yaml\n")
	sample, _, _ = strings.Cut(sample, "```")

	r := testutil.NewRepo(t)
	r.WriteFile("go.mod", "module example.com/shop\n")
	r.WriteFile("package.json", `{"name": "web", "version": "2.3.1", "scripts": {"test": "jest"}}`+"\n")
	r.WriteFile(".github/CODEOWNERS", "* @shop/oncall\n")
	r.Commit("shop")
	r.Git("branch", "develop")
	r.WithOrigin()
	r.Git("push", "-q", "origin", "develop")
	if res := (testutil.CLI{Dir: r.Dir}).Run(t, "init"); res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if got := r.ReadFile(config.FileName); got != sample {
		t.Fatalf("docs/init.md's sample is out of date; init writes:\n%s", got)
	}
}

// The version files are detected and written, with --no-input and in a
// terminal alike; none found is an explicit [] with a comment. The list
// loads strictly, and a file that holds no version is left out.
func TestInitVersionFiles(t *testing.T) {
	r := testutil.NewRepo(t)
	r.WriteFile("pyproject.toml", "[project]\nname = \"shop\"\nversion = \"1.4.2\"\n")
	r.WriteFile("shop/__init__.py", "__version__ = \"1.4.2\"\n")
	r.WriteFile("tests/__init__.py", "__version__ = \"0.0.0\"\n")
	r.WriteFile("package.json", packageJSON) // no "version": not listed
	r.WriteFile("internal/version/version.go", "package version\n\n// Version is the release.\nconst Version = \"1.4.2\"\n")
	r.Commit("shop")
	wantFiles := []string{"internal/version/version.go", "pyproject.toml", "shop/__init__.py"}

	res := testutil.CLI{Dir: r.Dir}.Run(t, "init", "--no-input")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if got := load(t, r.Dir).Release.VersionFiles; !reflect.DeepEqual(got, wantFiles) {
		t.Fatalf("version files %q", got)
	}
	data := r.ReadFile(config.FileName)
	for _, s := range []string{"#   versions    internal/version/version.go, pyproject.toml, shop/__init__.py\n",
		"release:\n  # The files holding the version: pr bumps them", "  version_files: [internal/version/version.go, pyproject.toml, shop/__init__.py]\n"} {
		if !strings.Contains(data, s) {
			t.Errorf("file lacks %q:\n%s", s, data)
		}
	}
	if !strings.Contains(res.Out, "; version files internal/version/version.go, pyproject.toml, shop/__init__.py\n") {
		t.Errorf("the summary does not name them:\n%s", res.Out)
	}

	// In a terminal: not asked, written the same.
	p := prompter.NewScripted(
		prompter.Answer{Match: "Branching flow"},
		prompter.Answer{Match: "Production branch"},
		prompter.Answer{Match: "Test command"},
		prompter.Answer{Match: "CODEOWNERS"},
	)
	if res := (testutil.CLI{Dir: r.Dir, Prompter: p}).Run(t, "init", "--force"); res.Code != 0 || len(p.Remaining()) != 0 {
		t.Fatalf("exit %d %s; asked %q", res.Code, res.Err, p.Asked())
	}
	if got := load(t, r.Dir).Release.VersionFiles; !reflect.DeepEqual(got, wantFiles) {
		t.Fatalf("interactive: version files %q", got)
	}

	// None: [] and why.
	e := testutil.NewRepo(t)
	e.WriteFile("go.mod", "module example.com/shop\n")
	e.Commit("shop")
	if res := (testutil.CLI{Dir: e.Dir}).Run(t, "init", "--no-input"); res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if got := load(t, e.Dir).Release.VersionFiles; got != nil {
		t.Fatalf("version files %q", got)
	}
	if data := e.ReadFile(config.FileName); !strings.Contains(data, "#   versions    none found\n") || !strings.Contains(data, "  # No version file was found") ||
		!strings.Contains(data, "  version_files: []\n") {
		t.Fatalf("file:\n%s", data)
	}
}

// A version file reached through a symbolic link that leads outside the
// repository is not written: config.Load would refuse the policy.
func TestInitVersionFileLinkedOutside(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "VERSION"), []byte("1.0.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := testutil.NewRepo(t)
	r.WriteFile("package.json", `{"version": "1.0.0"}`)
	r.Commit("shop")
	if err := os.Symlink(filepath.Join(outside, "VERSION"), filepath.Join(r.Dir, "VERSION")); err != nil {
		t.Skip(err)
	}
	if res := (testutil.CLI{Dir: r.Dir}).Run(t, "init", "--no-input"); res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if got := load(t, r.Dir).Release.VersionFiles; !reflect.DeepEqual(got, []string{"package.json"}) {
		t.Fatalf("version files %q", got)
	}
}

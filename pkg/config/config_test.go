package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

func TestLoadMissingFileGivesDefaults(t *testing.T) {
	c, err := Load(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, Default()) {
		t.Fatalf("got %+v, want the defaults", c)
	}
	if got := c.SeverityNames(); !reflect.DeepEqual(got, []string{"SEV1", "SEV2", "SEV3", "SEV4"}) {
		t.Fatalf("severities %v", got)
	}
}

func TestRoundTrip(t *testing.T) {
	c := Default()
	c.Flow = FlowGitflow
	c.Branches.Production = "main"
	c.Severities = c.Severities[:2]
	c.Severities[1].UpdateInterval = Duration(90 * time.Minute)
	data, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("x.yaml", data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if !reflect.DeepEqual(back, c) {
		t.Fatalf("round trip changed the config:\n%+v\n%+v\n%s", back, c, data)
	}
}

func TestPartialFileKeepsOtherDefaults(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("version: 1\nflow: gitflow\nbranches:\n  production: master\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.Flow != FlowGitflow || c.Branches.Production != "master" {
		t.Fatalf("file values not applied: %+v", c)
	}
	if c.Branches.Develop != "develop" || c.Branches.Hotfix != Default().Branches.Hotfix || len(c.Severities) != 4 {
		t.Fatalf("defaults lost: %+v", c)
	}
}

func TestSeveritiesReplaceDefaults(t *testing.T) {
	c, err := Parse("c.yaml", []byte(`version: 1
severities:
  - name: P1
    meaning: everything is on fire
    deadlines: {fix: 2h, test: 3h, deploy: 4h}
    update_interval: 15m
  - name: P2
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.SeverityNames(); !reflect.DeepEqual(got, []string{"P1", "P2"}) {
		t.Fatalf("severities %v", got)
	}
	p1, ok := c.Severity("p1")
	if !ok || p1.Deadlines.Fix.D() != 2*time.Hour || p1.UpdateInterval.D() != 15*time.Minute {
		t.Fatalf("P1 = %+v", p1)
	}
	p2, _ := c.Severity("P2")
	if p2.UpdateInterval.D() != time.Hour || p2.Deadlines.Fix != 0 {
		t.Fatalf("P2 defaults = %+v", p2)
	}
}

func TestStrictErrors(t *testing.T) {
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"unknown top-level key", "version: 1\nflwo: trunk\n", `c.yaml:2: unknown key "flwo" in the top level (known keys: branches, close, deploy, flow, pr, records, release, remote, severities, tags, triage, update, verify, version)`},
		{"version file up", "release:\n  version_files:\n    - VERSION\n    - ../x/package.json\n", `c.yaml:4: release.version_files: ../x/package.json climbs out`},
		{"version file absolute", "release:\n  version_files: [/etc/VERSION]\n", `c.yaml:2: release.version_files: /etc/VERSION is an absolute path`},
		{"version file unknown", "release:\n  version_files: [VERSION, README.md]\n", `c.yaml:2: release.version_files: README.md is not a version file hotfix can read`},
		{"version file twice", "release:\n  version_files:\n    - VERSION\n    - ./VERSION\n", `c.yaml:4: release.version_files: ./VERSION is listed twice`},
		{"version files not a list", "release:\n  version_files: VERSION\n", `c.yaml:2:`},
		{"unknown release key", "release:\n  files: [VERSION]\n", `c.yaml:2: unknown key "files" in release`},
		{"unknown nested key", "version: 1\nbranches:\n  production: main\n  prod: x\n", `c.yaml:4: unknown key "prod" in branches`},
		{"unknown key in a list item", "severities:\n  - name: A\n    deadline: 1h\n", `c.yaml:3: unknown key "deadline" in severities[0]`},
		{"bad flow", "version: 1\n\nflow: kanban\n", `c.yaml:3: flow "kanban" is not one of gitflow, trunk, release-branches`},
		{"bad duration", "severities:\n  - name: A\n    update_interval: soon\n", `c.yaml:3: "soon" is not a duration`},
		{"bad unit", "severities:\n  - name: A\n    update_interval: 3y\n", `unknown unit "y"`},
		{"newer version", "version: 7\n", `c.yaml:1: version 7 is newer than this hotfix understands (1); upgrade hotfix`},
		{"duplicate severity", "severities:\n  - name: A\n  - name: a\n", `c.yaml:3: severity "a" is listed twice`},
		{"empty severity name", "severities:\n  - meaning: x\n", `severities[0].name must not be empty`},
		{"bad template", "branches:\n  hotfix: 'hotfix/{{.Nope}}'\n", `c.yaml:2: branches.hotfix`},
		{"template without slug", "branches:\n  hotfix: 'hotfix/{{.Version}}'\n", `must use {{.Slug}} or {{.ID}}`},
		{"bad regexp", "tags:\n  pattern: '('\n", `c.yaml:2: tags.pattern is not a valid regular expression`},
		{"escaping records dir", "records:\n  dir: ../x\n", `records.dir must be a relative path inside the repository`},
		{"escaping postmortem dir", "close:\n  postmortem_dir: /etc\n", `c.yaml:2: close.postmortem_dir must be a relative path inside the repository`},
		{"postmortem dir up", "close:\n  postmortem_dir: docs/../../x\n", `close.postmortem_dir must be a relative path`},
		{"unknown publish", "close:\n  publish: push\n", `c.yaml:2: close.publish "push" is not one of pull-request, commit, none`},
		{"unknown release", "close:\n  release: gitlab\n", `c.yaml:2: close.release "gitlab" is not github`},
		{"wrong type", "version: one\n", `c.yaml:1:`},
		{"not a mapping", "branches: main\n", `c.yaml:1: branches must be a mapping of keys`},
		{"alias", "a: &x 1\n", `unknown key "a"`},
		{"alias use", "branches: &b {production: main}\ntags: *b\n", `aliases are not allowed`},
		{"invalid yaml", "version: [1\n", `c.yaml: is not valid YAML`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestDurations(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"30m": 30 * time.Minute, "4h": 4 * time.Hour, "1h30m": 90 * time.Minute, "3d": 72 * time.Hour,
		"2w": 14 * 24 * time.Hour, "1.5h": 90 * time.Minute, " 45s ": 45 * time.Second,
	} {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "h", "4", "4x", "four hours", "-1h", "1..2h"} {
		if _, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) accepted", in)
		}
	}
	for d, want := range map[time.Duration]string{
		0: "0m", 90 * time.Minute: "1h30m", 36 * time.Hour: "1d12h", 45 * time.Second: "45s", -2 * time.Hour: "-2h",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestDefaultTagPattern(t *testing.T) {
	re := Default().TagRegexp()
	for _, tag := range []string{"v1.4.2", "1.4.2", "release-1.4.2", "app/v1.4.2", "docker-v29.7.2", "v10.20.30"} {
		if !re.MatchString(tag) {
			t.Errorf("%q should be a release tag", tag)
		}
	}
	for _, tag := range []string{"v1.5.0-rc.1", "v1.4", "latest", "xdocs-v1.10-28-mar-2016", "v1.2.3.4", "1.2.3-beta"} {
		if re.MatchString(tag) {
			t.Errorf("%q should not be a release tag", tag)
		}
	}
}

func TestVerifyPolicy(t *testing.T) {
	c, err := Parse("c.yaml", []byte(`verify:
  rules: [tests-touched, coverage]
  exclude: ["gen/"]
  tests_touched: {mode: any-test}
  docs_touched: {require_update: true, all_added: false}
  tests_pass: {command: make test, run_in_ci: false, timeout: 5m}
  coverage: {file: cover.out, format: go, min_percent: 80}
  repro: {command: "pytest {files}"}
`))
	if err != nil {
		t.Fatal(err)
	}
	v := c.Verify
	if !reflect.DeepEqual(v.Rules, []string{"tests-touched", "coverage"}) || v.TestsTouched.Mode != ModeAnyTest || !v.DocsTouched.RequireUpdate ||
		v.DocsTouched.AllAdded || v.TestsPass.Command != "make test" || v.TestsPass.RunInCI || v.TestsPass.Timeout.D() != 5*time.Minute ||
		v.Coverage.MinPercent != 80 || v.Repro.Command != "pytest {files}" {
		t.Fatalf("%+v", v)
	}
	d := Default().Verify
	if !reflect.DeepEqual(d.Rules, []string{"tests-touched", "docs-touched", "tests-pass"}) || !d.DocsTouched.AllAdded || !d.TestsPass.RunInCI {
		t.Fatalf("defaults %+v", d)
	}
	for doc, want := range map[string]string{
		"verify:\n  rules: [tests-touched, spelling]\n":     `c.yaml:2: verify.rules: unknown rule "spelling"`,
		"verify:\n  tests_touched:\n    mode: some\n":       `c.yaml:3: verify.tests_touched.mode "some"`,
		"verify:\n  coverage:\n    min_percent: 120\n":      "c.yaml:3: verify.coverage.min_percent must be between 0 and 100",
		"verify:\n  coverage:\n    format: jacoco\n":        `verify.coverage.format "jacoco"`,
		"verify:\n  docs_touched:\n    require_update: 1\n": "c.yaml:3:",
	} {
		if _, err := Parse("c.yaml", []byte(doc)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", doc, err, want)
		}
	}
}

// The YAML block of docs/config.md is a complete, valid config that equals
// the defaults: the documentation cannot drift from the code.
func TestDocumentedDefaults(t *testing.T) {
	doc, err := os.ReadFile("../../docs/config.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	start := strings.Index(s, "```yaml\n")
	end := strings.Index(s[start+8:], "```")
	c, err := Parse("docs/config.md", []byte(s[start+8:start+8+end]))
	if err != nil {
		t.Fatal(err)
	}
	d := Default()
	// "reviewers: []" and "patterns: []" are the documented empty lists.
	if len(c.PR.Reviewers) == 0 {
		c.PR.Reviewers = nil
	}
	if len(c.Triage.Patterns) == 0 {
		c.Triage.Patterns = nil
	}
	if !reflect.DeepEqual(c, d) {
		t.Fatalf("documented config differs from the defaults:\n%+v\n%+v", c, d)
	}
}

func TestLoadRefusesPathsThatEscape(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "policy.yaml")
	if err := os.WriteFile(secret, []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		file  string
		links map[string]string // link (in the repo) -> target ("OUT" is outside)
		want  string
	}{
		{"records dir up", "version: 1\nrecords:\n  dir: ../recs\n", nil, `.hotfix.yaml:3: records.dir must be a relative path inside the repository, such as .hotfix: ../recs climbs out`},
		{"records dir absolute", "version: 1\nrecords:\n  dir: " + outside + "\n", nil, `.hotfix.yaml:3: records.dir must be a relative path`},
		{"records dir backslash", "version: 1\nrecords:\n  dir: '\\\\server\\x'\n", nil, `.hotfix.yaml:3: records.dir must be a relative path`},
		{"records dir through a link out", "version: 1\nrecords:\n  dir: data/records\n", map[string]string{"data": "OUT"}, `.hotfix.yaml:3: records.dir "data/records": data is a symbolic link`},
		{"default records dir linked inside", "version: 1\n", map[string]string{".hotfix": "docs"}, `.hotfix.yaml: records.dir ".hotfix": .hotfix is a symbolic link; it must be a real directory`},
		{"no file, linked records dir", "", map[string]string{".hotfix": "OUT"}, `records.dir ".hotfix": .hotfix is a symbolic link`},
		{"postmortem dir through a link out", "version: 1\nclose:\n  keep_branch: false\n  postmortem_dir: docs/pm\n", map[string]string{"docs/pm": "OUT"}, `.hotfix.yaml:4: close.postmortem_dir "docs/pm": docs/pm is a symbolic link to ` + outside + `, outside the repository`},
		{"version file through a link out", "version: 1\nrelease:\n  version_files:\n    - package.json\n    - pkg/VERSION\n", map[string]string{"pkg": "OUT"}, `.hotfix.yaml:5: release.version_files "pkg/VERSION": pkg is a symbolic link to ` + outside + `, outside the repository`},
		{"postmortem dir windows", "version: 1\nclose:\n  postmortem_dir: 'C:\\pm'\n", nil, `.hotfix.yaml:3: close.postmortem_dir must be a relative path`},
		{"policy is a link out", "", map[string]string{".hotfix.yaml": "OUT/policy.yaml"}, `.hotfix.yaml: the policy must be a file inside the repository: .hotfix.yaml is a symbolic link to ` + secret},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			if err := os.MkdirAll(filepath.Join(root, "docs"), 0o755); err != nil {
				t.Fatal(err)
			}
			if c.file != "" {
				if err := os.WriteFile(filepath.Join(root, FileName), []byte(c.file), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for link, target := range c.links {
				target = strings.Replace(target, "OUT", outside, 1)
				if !filepath.IsAbs(target) {
					target = filepath.Join(root, target)
				}
				if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
					t.Skip("symlinks unavailable:", err)
				}
			}
			_, err := Load(root)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v\nwant %s", err, c.want)
			}
		})
	}
	// A postmortem directory linked inside the repository is fine.
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "notes"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "notes"), filepath.Join(root, "pm")); err != nil {
		t.Skip(err)
	}
	if err := os.WriteFile(filepath.Join(root, FileName), []byte("version: 1\nclose:\n  postmortem_dir: pm/x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(root); err != nil {
		t.Fatal(err)
	}
}

// TestReleaseVersionFiles: the list is read as written; an absent key and
// [] both mean none.
func TestReleaseVersionFiles(t *testing.T) {
	c, err := Parse("c.yaml", []byte("release:\n  version_files: [pyproject.toml, shop/__init__.py, internal/version/version.go]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Release.VersionFiles, " "); got != "pyproject.toml shop/__init__.py internal/version/version.go" {
		t.Fatalf("version files %q", got)
	}
	for _, doc := range []string{"version: 1\n", "release:\n  version_files: []\n", "release: {}\n"} {
		c, err := Parse("c.yaml", []byte(doc))
		if err != nil || c.Release.VersionFiles != nil {
			t.Fatalf("%q: %v %#v", doc, err, c)
		}
		out, err := c.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse("back.yaml", out)
		if err != nil || !reflect.DeepEqual(back, c) {
			t.Fatalf("%q does not survive Marshal and Parse: %v\n%s", doc, err, out)
		}
	}
}

// A newer file is refused for its version even when it uses keys this
// build does not know, so that it says to upgrade, not that a key is wrong.
func TestNewerVersionWithNewKeys(t *testing.T) {
	_, err := Parse(".hotfix.yaml", []byte("flow: trunk\nversion: 2\nescalation:\n  pager: true\n"))
	if err == nil || err.Error() != ".hotfix.yaml:2: version 2 is newer than this hotfix understands (1); upgrade hotfix" {
		t.Fatalf("%v", err)
	}
}

// verify.waivers: absent allows every rule and counts trailers; an empty
// allow list waives nothing; unknown rules are refused with the line.
func TestWaiversPolicy(t *testing.T) {
	c, err := Parse(FileName, []byte("version: 1\n"))
	if err != nil || !c.Verify.Waivers.Trailers || !c.Verify.Waivers.Allows(RuleTestsTouched) {
		t.Fatalf("defaults: %+v %v", c.Verify.Waivers, err)
	}
	c, err = Parse(FileName, []byte("version: 1\nverify:\n  waivers:\n    allow: []\n    trailers: false\n"))
	if err != nil || c.Verify.Waivers.Trailers || c.Verify.Waivers.Allows(RuleTestsTouched) {
		t.Fatalf("none: %+v %v", c.Verify.Waivers, err)
	}
	c, err = Parse(FileName, []byte("version: 1\nverify:\n  waivers:\n    allow: [coverage]\n"))
	if err != nil || !c.Verify.Waivers.Allows(RuleCoverage) || c.Verify.Waivers.Allows(RuleDocsTouched) {
		t.Fatalf("coverage only: %+v %v", c.Verify.Waivers, err)
	}
	if _, err := Parse(FileName, []byte("version: 1\nverify:\n  waivers:\n    allow: [spelling]\n")); err == nil || !strings.Contains(err.Error(), "spelling") || !strings.Contains(err.Error(), ":4") {
		t.Fatalf("unknown rule: %v", err)
	}
}

// LoadData reads a policy from bytes (a commit's file, --config) as Load
// reads the work tree's: defaults for nothing, strict, paths checked.
func TestLoadData(t *testing.T) {
	root := t.TempDir()
	c, err := LoadData(root, "main:.hotfix.yaml", nil)
	if err != nil || c.Flow != Default().Flow {
		t.Fatalf("empty: %v", err)
	}
	if _, err := LoadData(root, "main:.hotfix.yaml", []byte("version: 1\nflw: trunk\n")); err == nil || !strings.Contains(err.Error(), "main:.hotfix.yaml") {
		t.Fatalf("strict: %v", err)
	}
	if _, err := LoadData(root, "x", []byte("version: 1\nrecords:\n  dir: ../out\n")); err == nil {
		t.Fatal("an escaping records.dir was accepted")
	}
}

// A list given with no value, as [], or left out loads in one form, so
// that Marshal and Parse give the same config back (FuzzParse found
// `exclude:` with no value coming back as []; pr.reviewers: [] likewise).
func TestEmptyListsLoadAlike(t *testing.T) {
	for _, doc := range []string{
		"version: 1\nverify:\n  exclude:\n",
		"version: 1\nverify:\n  exclude: []\n",
		"version: 1\npr:\n  reviewers: []\nrelease:\n  version_files: []\n",
		"version: 1\nrelease:\n  version_files:\n",
	} {
		c, err := Parse(FileName, []byte(doc))
		if err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		out, err := c.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(FileName, out)
		if err != nil || !reflect.DeepEqual(back, c) {
			t.Fatalf("%q: round trip changed it (%v):\n%s", doc, err, out)
		}
	}
}

// examples/ and docs/ are excluded by default: code there shows how to use
// the project or builds its documentation, and needs neither tests nor doc
// comments (issue 17).
func TestDefaultExcludesExamplesAndDocs(t *testing.T) {
	ex := strings.Join(Default().Verify.Exclude, " ")
	for _, want := range []string{"examples/", "docs/", "vendor/", "testdata/"} {
		if !strings.Contains(ex, want) {
			t.Errorf("default exclude %q lacks %s", ex, want)
		}
	}
}

// Build, tooling and CI files and benchmarks are excluded by default:
// they are in a language verify reads but hold no product behaviour
// (issue 17).
func TestDefaultExcludesBuildFiles(t *testing.T) {
	var patterns []gitignore.Pattern
	for _, p := range Default().Verify.Exclude {
		patterns = append(patterns, gitignore.ParsePattern(p, nil))
	}
	m := gitignore.NewMatcher(patterns)
	for p, want := range map[string]bool{
		".github/scripts/release.js": true, "setup.py": true, "noxfile.py": true, "vite.config.ts": true,
		"packages/a/jest.config.js": true, "rollup.config.mjs": true, "babel.config.js": true, ".eslintrc.cjs": true,
		"gulpfile.js": true, "karma.conf.js": true, "magefile.go": true, "tools/magefile.go": true, "magefiles/lint.go": true,
		"mage.go": false, "internal/magefiles.go": false,
		"bench.ts": true, "benchmark.js": true, "packages/bench/memory/leaks.ts": true, "benchmarks/parse_test.go": true, "benches/x.rs": true,
		"src/bench.ts": false, "lib/benchmark.js": false, "src/benchmarking.py": false,
		"conftest.py": false, "tasks.py": false, "src/config.js": false, "src/app.py": false, "lib/index.js": false,
	} {
		if got := m.Match(strings.Split(p, "/"), false); got != want {
			t.Errorf("default exclude matches %s = %v, want %v", p, got, want)
		}
	}
}

// Origin names a policy the one way every output uses.
func TestOriginString(t *testing.T) {
	for o, want := range map[Origin]string{
		{Ref: "origin/main", Commit: "3f2a1c9d00aa11bb22"}: ".hotfix.yaml at origin/main (3f2a1c9d00)",
		{Ref: "the work tree"}:                             ".hotfix.yaml in the work tree",
		{}:                                                 ".hotfix.yaml",
		{Ref: "HEAD~1", Commit: "117698a604ffee", Absent: true}: "the defaults (no .hotfix.yaml at HEAD~1 (117698a604))",
		{Ref: "the work tree", Absent: true}:                    "the defaults (no .hotfix.yaml in the work tree)",
	} {
		if got := o.String(); got != want {
			t.Errorf("%+v: %q, want %q", o, got, want)
		}
	}
}

func TestUpdateSlackOnIt(t *testing.T) {
	c, err := Parse(".hotfix.yaml", []byte("version: 1\nupdate:\n  slack:\n    on_it: white_check_mark\n"))
	if err != nil || c.Update.Slack.Reaction() != "white_check_mark" {
		t.Fatalf("%v %+v", err, c.Update)
	}
	if Default().Update.Slack.Reaction() != DefaultOnIt {
		t.Fatal("default reaction")
	}
	if _, err := Parse(".hotfix.yaml", []byte("version: 1\nupdate:\n  slack:\n    on_it: \":eyes:\"\n")); err == nil || !strings.Contains(err.Error(), "without colons") {
		t.Fatalf("colons: %v", err)
	}
}

func TestUpdateSlackPRChannel(t *testing.T) {
	c, err := Parse(".hotfix.yaml", []byte("version: 1\nupdate:\n  slack:\n    pr_channel: C0PRS0001\n"))
	if err != nil || c.Update.Slack.PRChannel != "C0PRS0001" {
		t.Fatalf("%v %+v", err, c.Update)
	}
	if _, err := Parse(".hotfix.yaml", []byte("version: 1\nupdate:\n  slack:\n    pr_channel: \"#hotfix-prs\"\n")); err == nil || !strings.Contains(err.Error(), ".hotfix.yaml:4") || !strings.Contains(err.Error(), "not a channel id") {
		t.Fatalf("a channel name: %v", err)
	}
}

func TestPRClosesReport(t *testing.T) {
	if c, err := Parse(".hotfix.yaml", []byte("version: 1\n")); err != nil || c.PR.ClosesReport {
		t.Fatalf("default: %v %+v", err, c.PR)
	}
	c, err := Parse(".hotfix.yaml", []byte("version: 1\npr:\n  closes_report: true\n"))
	if err != nil || !c.PR.ClosesReport {
		t.Fatalf("%v %+v", err, c.PR)
	}
	if _, err := Parse(".hotfix.yaml", []byte("version: 1\npr:\n  closes_report: maybe\n")); err == nil || !strings.Contains(err.Error(), ".hotfix.yaml:3") {
		t.Fatalf("not a bool: %v", err)
	}
}

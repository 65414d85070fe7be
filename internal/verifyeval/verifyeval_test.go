package verifyeval

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gitRepo makes a repository at dir/owner+name and returns a function that
// commits files (path → content) and returns the new commit's id.
func gitRepo(t *testing.T, dir string) func(files map[string]string) string {
	t.Helper()
	root := filepath.Join(dir, "acme+demo")
	g := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	g("init", "-q", "-b", "main")
	return func(files map[string]string) string {
		for p, c := range files {
			full := filepath.Join(root, p)
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		g("add", "-A")
		g("commit", "-q", "-m", "c")
		return g("rev-parse", "HEAD")
	}
}

func TestRunAndScore(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	commit := gitRepo(t, dir)
	c0 := commit(map[string]string{
		"go.mod":    "module demo\n",
		"a.go":      "package demo\n\n// Foo is foo.\nfunc Foo() int { return 1 }\n",
		"a_test.go": "package demo\n\nimport \"testing\"\n\nfunc TestFoo(t *testing.T) {}\n",
	})
	// An undocumented exported function, no test: both rules fail, rightly.
	c1 := commit(map[string]string{"a.go": "package demo\n\n// Foo is foo.\nfunc Foo() int { return 1 }\n\nfunc Bar() int { return 2 }\n"})
	// A documented change with its test: a reviewer accepts it.
	c2 := commit(map[string]string{
		"a.go":      "package demo\n\n// Foo is foo.\nfunc Foo() int { return 3 }\n\nfunc Bar() int { return 2 }\n",
		"a_test.go": "package demo\n\nimport \"testing\"\n\nfunc TestFoo(t *testing.T) { _ = Foo() }\n",
	})
	// A comment-only change: the reviewer wants no test, and verify asks
	// for none since issue 17 (before, this accepted commit failed).
	c3 := commit(map[string]string{"a.go": "package demo\n\n// Foo is foo, always.\nfunc Foo() int { return 3 }\n\nfunc Bar() int { return 2 }\n"})
	yaml := strings.NewReplacer("C0", c0, "C1", c1, "C2", c2, "C3", c3).Replace(`
- {repo: acme/demo, lang: go, commit: C1, base: C0, category: feature, split: tune, needs_test: [a.go], rule_needs_test: [a.go], needs_doc: ["a.go:Bar"], why: new func}
- {repo: acme/demo, lang: go, commit: C2, base: C1, category: fix-with-test, split: test, why: tested}
- {repo: acme/demo, lang: go, commit: C3, base: C2, category: docs-only, split: test, why: comment only}
`)
	cases, err := ParseCases([]byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Run(context.Background(), cases, dir, LayoutClones, PolicyDefaults)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		if o.Err != nil {
			t.Fatalf("%s: %v", o.Case.Commit, o.Err)
		}
	}
	if !out[0].Failed || out[1].Failed || out[2].Failed {
		t.Fatalf("failed = %v %v %v, want true false false", out[0].Failed, out[1].Failed, out[2].Failed)
	}
	tune := Score(out, "tune")
	if c := tune.ByRule["tests-touched"]["go"]; *c != (Counts{Flagged: 1, Truth: 1, Hits: 1}) {
		t.Errorf("tune tests-touched = %+v", *c)
	}
	if c := tune.ByRule["docs-touched"]["go"]; *c != (Counts{Flagged: 1, Truth: 1, Hits: 1}) {
		t.Errorf("tune docs-touched = %+v", *c)
	}
	if c := tune.ByRule[ByDocumentedRule]["go"]; c == nil || *c != (Counts{Flagged: 1, Truth: 1, Hits: 1}) {
		t.Errorf("tune tests-touched against the documented rule = %+v", c)
	}
	test := Score(out, "test")
	if len(test.ByRule[ByDocumentedRule]) != 0 {
		t.Errorf("test split scored against a documented-rule truth it does not have: %+v", test.ByRule[ByDocumentedRule])
	}
	if test.Commits != 2 || test.Accepted != 2 || test.AcceptedFailed != 0 {
		t.Errorf("test split = %+v", test)
	}
	c := test.ByRule["tests-touched"]["go"]
	if p, ok := c.Precision(); ok {
		t.Errorf("test precision = %v, want none (nothing flagged)", p)
	}
	if _, ok := c.Recall(); ok {
		t.Errorf("test recall defined with an empty truth")
	}
	var b strings.Builder
	if err := WriteMarkdown(&b, out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| tune | 1 | 0 | — |", "| test | 2 | 2 | 0 (0%) |", "| tune | tests-touched | go | 1 | 1 | 1 | 1.00 | 1.00 |", "| test | tests-touched | go | 0 | 0 | 0 | — | — |", "| tune | tests-touched (documented rule) | go | 1 | 1 | 1 | 1.00 | 1.00 |"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}

// TestRunInitPolicy: under PolicyInit a release's bump of a version file
// hotfix init detects at the base (a root Go file with a Version constant,
// a package.json) is left out, as verifyrun leaves out a listed one; the
// same bump fails under the defaults, and a version file changed in more
// than its version is checked under both.
func TestRunInitPolicy(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	commit := gitRepo(t, dir)
	version := func(v, extra string) string {
		return "package demo\n\n// Version is the release.\nconst Version = \"" + v + "\"\n" + extra
	}
	c0 := commit(map[string]string{
		"go.mod":                "module demo\n",
		"version.go":            version("1.0.0", ""),
		"internal/tool/tool.go": "package tool\n\n// Version is a protocol's, not the release's.\nconst Version = \"1.0.0\"\n",
		"package.json":          `{"name": "demo", "version": "1.0.0"}` + "\n",
	})
	c1 := commit(map[string]string{"version.go": version("1.1.0", ""), "package.json": `{"name": "demo", "version": "1.1.0"}` + "\n"})
	c2 := commit(map[string]string{"version.go": version("1.2.0", "\n// Name is the program's name.\nconst Name = \"demo\"\n")})
	// Not where hotfix init looks for a Go version file: still checked.
	c3 := commit(map[string]string{"internal/tool/tool.go": "package tool\n\n// Version is a protocol's, not the release's.\nconst Version = \"1.1.0\"\n"})
	yaml := strings.NewReplacer("C0", c0, "C1", c1, "C2", c2, "C3", c3).Replace(`
- {repo: acme/demo, lang: go, commit: C1, base: C0, category: docs-only, split: test, why: release bump}
- {repo: acme/demo, lang: go, commit: C2, base: C1, category: feature, split: test, needs_test: [version.go], why: a new constant}
- {repo: acme/demo, lang: go, commit: C3, base: C2, category: feature, split: test, needs_test: [internal/tool/tool.go], why: a protocol version}
`)
	cases, err := ParseCases([]byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	flagged := func(policy string) [][]string {
		out, err := Run(context.Background(), cases, dir, LayoutClones, policy)
		if err != nil {
			t.Fatal(err)
		}
		var got [][]string
		for _, o := range out {
			if o.Err != nil {
				t.Fatalf("%s: %v", policy, o.Err)
			}
			got = append(got, o.Tests)
		}
		return got
	}
	if got := flagged(PolicyDefaults); len(got[0]) != 1 || got[0][0] != "version.go" || len(got[1]) != 1 || len(got[2]) != 1 {
		t.Errorf("defaults: flagged %q, want version.go in each of the first two, internal/tool/tool.go in the third", got)
	}
	if got := flagged(PolicyInit); len(got[0]) != 0 || len(got[1]) != 1 || got[1][0] != "version.go" || len(got[2]) != 1 {
		t.Errorf("init: flagged %q, want nothing, then version.go, then internal/tool/tool.go", got)
	}
	if files, err := detectVersionFiles(context.Background(), filepath.Join(dir, "acme+demo", ".git"), c0); err != nil || strings.Join(files, " ") != "package.json version.go" {
		t.Errorf("detected %q, %v; want package.json and version.go", files, err)
	}
	if _, err := Run(context.Background(), cases, dir, LayoutClones, "team"); err == nil || !strings.Contains(err.Error(), "unknown policy") {
		t.Errorf("an unknown policy: %v", err)
	}
}

func TestRunMissingClone(t *testing.T) {
	id := strings.Repeat("a", 40)
	out, err := Run(context.Background(), []Case{{Repo: "x/y", Lang: "go", Commit: id, Base: id, Split: "tune"}}, t.TempDir(), LayoutMirror, PolicyDefaults)
	if err != nil || out[0].Err == nil {
		t.Fatalf("err = %v, outcome err = %v; want the case not run", err, out[0].Err)
	}
	if s := Score(out, ""); s.Errors != 1 || s.Commits != 0 {
		t.Errorf("score = %+v", s)
	}
	if _, err := Run(context.Background(), nil, "", "other", PolicyDefaults); err != nil {
		t.Errorf("no cases, unknown layout: %v", err)
	}
	if _, err := GitDir("d", "other", "x/y"); err == nil {
		t.Error("unknown layout accepted")
	}
}

func TestParseCasesRejects(t *testing.T) {
	id := strings.Repeat("b", 40)
	for _, bad := range []string{
		"- {repo: nope, lang: go, commit: " + id + ", base: " + id + ", category: feature, split: tune}",
		"- {repo: a/b, lang: go, commit: abc, base: " + id + ", category: feature, split: tune}",
		"- {repo: a/b, lang: go, commit: " + id + ", base: " + id + ", category: other, split: tune}",
		"- {repo: a/b, lang: go, commit: " + id + ", base: " + id + ", category: feature, split: dev}",
		"- {repo: a/b, commit: " + id + ", base: " + id + ", category: feature, split: tune}",
		"- {repo: a/b, lang: go, commit: " + id + ", base: " + id + ", category: feature, split: tune, needs_doc: [Foo]}",
	} {
		if _, err := ParseCases([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

// TestRunNeutralBeyondTokens runs verify on real commits of a small
// repository in t.TempDir(), one per language, that a reviewer accepts
// without a test and verify no longer fails: a Python, JavaScript and Go
// message reworded, a Java constructor made public, and a TypeScript
// module exercised by a test through the module that imports it.
func TestRunNeutralBeyondTokens(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	commit := gitRepo(t, dir)
	c0 := commit(map[string]string{
		"go.mod":                 "module demo\n",
		"a.go":                   "package demo\n\nimport \"errors\"\n\n// F fails.\nfunc F() error { return errors.New(\"it broke\") }\n",
		"pkg/m.py":               "def f(v):\n    \"\"\"F.\"\"\"\n    msg = f\"must be => {v}\"\n    raise ValueError(msg)\n",
		"lib/a.js":               "/** F. */\nfunction f(a) {\n  throw new Error('bad: ' + a)\n}\nmodule.exports = f\n",
		"src/main/java/a/C.java": "package a;\n/** C. */\npublic abstract class C {\n  /** And. */\n  public static final class And extends C {\n    And(int x) {}\n  }\n}\n",
		"package.json":           `{"name": "q"}`,
		"source/queue.ts":        "/** Queue. */\nexport class Queue {\n  /** Adds. */\n  add(x: number) { return x }\n}\n",
		"source/index.ts":        "import {Queue} from './queue.js';\n/** Pool. */\nexport default class Pool { q = new Queue() }\n",
		"test/pool.ts":           "import Pool from '../source/index.js';\n",
	})
	c1 := commit(map[string]string{
		"a.go":                   "package demo\n\nimport \"errors\"\n\n// F fails.\nfunc F() error { return errors.New(\"F broke\") }\n",
		"pkg/m.py":               "def f(v):\n    \"\"\"F.\"\"\"\n    msg = f\"must be >= {v}\"\n    raise ValueError(msg)\n",
		"lib/a.js":               "/** F. */\nfunction f(a) {\n  throw new Error('invalid: ' + a)\n}\nmodule.exports = f\n",
		"src/main/java/a/C.java": "package a;\n/** C. */\npublic abstract class C {\n  /** And. */\n  public static final class And extends C {\n    /** And of x. */\n    public And(int x) {}\n  }\n}\n",
		"source/queue.ts":        "/** Queue. */\nexport class Queue {\n  /** Adds. */\n  add(x: number) { return x + 0 }\n}\n",
		"test/pool.ts":           "import Pool from '../source/index.js';\nnew Pool();\n",
	})
	passesWithNotes(t, dir, c0, c1,
		"a.go: cannot change behaviour (only the text of error, warning or log messages)",
		"lib/a.js: cannot change behaviour (only the text of error, warning or log messages)",
		"pkg/m.py: cannot change behaviour (only the text of error, warning or log messages)",
		"source/queue.ts: test/pool.ts imports ../source/index.js, which imports ./queue.js",
		"src/main/java/a/C.java: cannot change behaviour (only access widened where no override can follow)",
	)
}

// TestRunIdiomsEndToEnd: a commit in a repository in t.TempDir() that, in
// each language, only exchanges the idioms of casts, conversions and
// bindings (issue 17: behaviour-neutral changes need no test) passes
// tests-touched, each file named with its idiom.
func TestRunIdiomsEndToEnd(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	commit := gitRepo(t, dir)
	c0 := commit(map[string]string{
		"go.mod":                 "module demo\n",
		"a.go":                   "package demo\n\nimport \"time\"\n\n// Wait is how long.\nfunc Wait(n int64) time.Duration {\n\td := time.Duration(n) * time.Second\n\treturn d\n}\n\n// Base is the base.\nfunc Base() time.Duration {\n\treturn time.Duration(base)\n}\n",
		"pkg/m.py":               "def load(path):\n    \"\"\"Loads.\"\"\"\n    try:\n        data = read(path)\n    except OSError as exc:\n        return None\n    result = parse(data)\n    return result\n",
		"lib/a.js":               "/** Reads. */\nfunction read(s) {\n  try { return JSON.parse(s) } catch (err) { return null }\n}\n/** Size. */\nfunction size(a) {\n  const n = a.length * 2;\n  return n;\n}\nmodule.exports = { read, size }\n",
		"src/main/java/a/C.java": "package a;\n\nimport java.io.IOException;\n\n/** C. */\npublic class C extends B {\n  /** The cause. */\n  public IOException cause() {\n    return (IOException) getCause();\n  }\n\n  /** Runs. */\n  public void run() {\n    try {\n      work();\n    } catch (InterruptedException ignored) {\n      stop();\n    }\n  }\n}\n",
	})
	c1 := commit(map[string]string{
		"a.go":                   "package demo\n\nimport \"time\"\n\n// Wait is how long.\nfunc Wait(n int64) time.Duration {\n\treturn time.Duration(n) * time.Second\n}\n\n// Base is the base.\nfunc Base() time.Duration {\n\treturn base\n}\n",
		"pkg/m.py":               "def load(path):\n    \"\"\"Loads.\"\"\"\n    try:\n        data = read(path)\n    except OSError:\n        return None\n    return parse(data)\n",
		"lib/a.js":               "/** Reads. */\nfunction read(s) {\n  try { return JSON.parse(s) } catch { return null }\n}\n/** Size. */\nfunction size(a) {\n  return a.length * 2;\n}\nmodule.exports = { read, size }\n",
		"src/main/java/a/C.java": "package a;\n\nimport java.io.IOException;\n\n/** C. */\npublic class C extends B {\n  /** The cause. */\n  public IOException cause() {\n    return getCause();\n  }\n\n  /** Runs. */\n  public void run() {\n    try {\n      work();\n    } catch (InterruptedException e) {\n      stop();\n    }\n  }\n}\n",
	})
	passesWithNotes(t, dir, c0, c1,
		"a.go: cannot change behaviour (only equivalent idioms exchanged: ",
		"no conversion to the type returned", "a local returned at once",
		"pkg/m.py: cannot change behaviour (only equivalent idioms exchanged: ",
		"lib/a.js: cannot change behaviour (only equivalent idioms exchanged: ",
		"src/main/java/a/C.java: cannot change behaviour (only equivalent idioms exchanged: ",
		"no cast to the type returned or declared", "no name for an exception the handler never reads",
	)
}

// passesWithNotes runs the case of commit c1 against c0 in the clone dir,
// a change a reviewer accepts without a test, and checks that verify
// flags nothing and that its notes hold each of want.
func passesWithNotes(t *testing.T, dir, c0, c1 string, want ...string) {
	t.Helper()
	cases, err := ParseCases([]byte(strings.NewReplacer("C0", c0, "C1", c1).Replace(
		"- {repo: acme/demo, lang: go, commit: C1, base: C0, category: refactor, split: tune, needs_test: [], rule_needs_test: [], why: accepted}\n")))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Run(context.Background(), cases, dir, LayoutClones, PolicyDefaults)
	if err != nil || out[0].Err != nil {
		t.Fatalf("%v %v", err, out[0].Err)
	}
	got := strings.Join(out[0].Links, "\n")
	if out[0].Failed || len(out[0].Tests) != 0 {
		t.Fatalf("failed %v, tests flagged %v, docs %v; notes:\n%s", out[0].Failed, out[0].Tests, out[0].Docs, got)
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("notes lack %q:\n%s", w, got)
		}
	}
}

package verify

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// withOld gives in a ReadOld that reads old, by old path.
func withOld(in Input, old map[string]string) Input {
	in.ReadOld = func(p string) ([]byte, error) {
		s, ok := old[p]
		if !ok {
			return nil, os.ErrNotExist
		}
		return []byte(s), nil
	}
	return in
}

func TestTestsTouchedNeutral(t *testing.T) {
	const goOld = "package a\n\nfunc F() int {\n\treturn 1\n}\n"
	const pyOld = "def f(a):\n    return a\n"
	const tsOld = "export function f(a) {\n  return a;\n}\n"
	for _, tc := range []struct {
		name    string
		old     map[string]string
		new     map[string]string
		changes []Change
		noOld   bool
		status  Status
		summary string
		failing []string
	}{
		{"comment only", map[string]string{"a.go": goOld}, map[string]string{"a.go": "package a\n\n// F is one.\nfunc F() int {\n\treturn 1\n}\n"},
			[]Change{modified("a.go", [2]int{3, 1})}, false, Passed,
			"1 changed source file(s) cannot change behaviour (comments, formatting or types only)", nil},
		{"formatting and annotations", map[string]string{"m.py": pyOld, "s.ts": tsOld},
			map[string]string{"m.py": "def f(a: int) -> int:\n    \"\"\"F.\"\"\"\n    return (\n        a\n    )\n", "s.ts": "export function f(a: number): number {\n  return a\n}\n"},
			[]Change{modified("m.py", [2]int{1, 5}), modified("s.ts", [2]int{1, 2}), modified("b.go", [2]int{1, 1}), modified("b_test.go", [2]int{1, 1})}, false, Passed,
			"1 changed source file(s) have tests changed with them; 2 cannot change behaviour (comments, formatting or types only)", nil},
		{"a real change still needs a test", map[string]string{"a.go": goOld}, map[string]string{"a.go": "package a\n\nfunc F() int {\n\treturn 2\n}\n"},
			[]Change{modified("a.go", [2]int{4, 1})}, false, Failed, "1 of 1 changed source file(s) have no test changed with them", []string{"a.go:4 "}},
		{"renamed file compares with its old path", map[string]string{"old.py": pyOld}, map[string]string{"new.py": "# moved\ndef f(a):\n    return a\n"},
			[]Change{{Path: "new.py", OldPath: "old.py", Status: 'R', Hunks: []Hunk{{OldStart: 1, NewStart: 1, NewLines: 1}}}}, false, Passed,
			"1 changed source file(s) cannot change behaviour (comments, formatting or types only)", nil},
		{"added file is never neutral", nil, map[string]string{"a.go": goOld},
			[]Change{added("a.go", 5)}, false, Failed, "1 of 1 changed source file(s) have no test changed with them", []string{"a.go:1 "}},
		{"without ReadOld every change counts", map[string]string{"a.go": goOld}, map[string]string{"a.go": "package a\n\n// F.\nfunc F() int {\n\treturn 1\n}\n"},
			[]Change{modified("a.go", [2]int{3, 1})}, true, Failed, "1 of 1 changed source file(s) have no test changed with them", []string{"a.go:3 "}},
		{"unreadable side fails closed", map[string]string{}, map[string]string{"a.go": goOld},
			[]Change{modified("a.go", [2]int{3, 1})}, false, Failed, "1 of 1 changed source file(s) have no test changed with them", []string{"a.go:3 "}},
		{"untokenizable side fails closed", map[string]string{"a.go": "package a\nvar s = \"x\n"}, map[string]string{"a.go": "package a\nvar s = \"x\n"},
			[]Change{modified("a.go", [2]int{2, 1})}, false, Failed, "1 of 1 changed source file(s) have no test changed with them", []string{"a.go:2 "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := input(tc.new, tc.changes...)
			if !tc.noOld {
				in = withOld(in, tc.old)
			}
			res, fs := TestsTouched(&in, prepare(&in))
			if res.Status != tc.status || res.Summary != tc.summary || !reflect.DeepEqual(paths(fs), tc.failing) {
				t.Fatalf("%s %q: findings %v, want %s %q %v", res.Status, res.Summary, paths(fs), tc.status, tc.summary, tc.failing)
			}
		})
	}
}

// TestDocsTouchedIgnoresNeutral checks that a change tests-touched calls
// behaviour-neutral (a comment inside an exported function) still has its
// declaration's doc comment checked by docs-touched.
func TestDocsTouchedIgnoresNeutral(t *testing.T) {
	src := "package a\n\nfunc G() int {\n\t// one, always\n\treturn 1\n}\n"
	in := input(map[string]string{"a.go": src}, modified("a.go", [2]int{4, 1}))
	in = withOld(in, map[string]string{"a.go": "package a\n\nfunc G() int {\n\t// one\n\treturn 1\n}\n"})
	files := prepare(&in)
	if res, _ := TestsTouched(&in, files); res.Status != Passed {
		t.Fatalf("tests-touched %v, want passed (a comment only)", res)
	}
	res, fs := DocsTouched(&in, files)
	if res.Status != Failed || len(fs) != 1 || fs[0].Symbol != "G" {
		t.Fatalf("docs-touched %v %v, want G flagged", res, paths(fs))
	}
}

// TestTestsTouchedNeutralBeyondTokens checks the changes that cannot change
// behaviour although their tokens differ (lang.NeutralChange): message text
// and widened Java access, per language, and their limits, which fail
// closed.
func TestTestsTouchedNeutralBeyondTokens(t *testing.T) {
	const msgs = "cannot change behaviour (only the text of error, warning or log messages)"
	const access = "cannot change behaviour (only access widened where no override can follow)"
	for _, tc := range []struct {
		name     string
		path     string
		old, new string
		note     string // "" when a test must be asked for
	}{
		{"python raise message", "m.py",
			"def f(v):\n    if v < 0:\n        raise ValueError(\"must be => 0: %s\" % v)\n    return v\n",
			"def f(v):\n    if v < 0:\n        raise ValueError(\"must be >= 0: %s\" % v)\n    return v\n", msgs},
		{"python message assigned then raised", "m.py",
			"def f(v):\n    if v < 0:\n        msg = f\"Length of {v} must be => 0\"\n        raise ValueError(msg)\n    return v\n",
			"def f(v):\n    if v < 0:\n        msg = f\"Length of {v} must be >= 0\"\n        raise ValueError(msg)\n    return v\n", msgs},
		{"python log and warning", "m.py",
			"import logging, warnings\nlogger = logging.getLogger()\ndef f(v):\n    logger.info('got %s', v)\n    warnings.warn('old', DeprecationWarning)\n    return v\n",
			"import logging, warnings\nlogger = logging.getLogger()\ndef f(v):\n    logger.info('received %s', v)\n    warnings.warn('f is deprecated', DeprecationWarning)\n    return v\n", msgs},
		{"python placeholder changed counts", "m.py",
			"def f(v):\n    msg = f\"bad {v}\"\n    raise ValueError(msg)\n",
			"def f(v):\n    msg = f\"bad {v!r}\"\n    raise ValueError(msg)\n", ""},
		{"python string that is data counts", "m.py",
			"def f(d):\n    return d.get(\"content-type\")\n",
			"def f(d):\n    return d.get(\"content-length\")\n", ""},
		{"python assigned message not raised next counts", "m.py",
			"def f(v):\n    msg = \"a\"\n    return msg\n",
			"def f(v):\n    msg = \"b\"\n    return msg\n", ""},
		{"javascript throw and console", "lib/a.js",
			"function f(a) {\n  if (!a) throw new TypeError(`bad ${a}`)\n  console.warn('odd', a)\n  return a\n}\nmodule.exports = f\n",
			"function f(a) {\n  if (!a) throw new TypeError(`invalid ${a}`)\n  console.warn('unusual', a)\n  return a\n}\nmodule.exports = f\n", msgs},
		{"typescript template placeholder changed counts", "src/a.ts",
			"export function f(a: string) {\n  throw new Error(`bad ${a}`);\n}\n",
			"export function f(a: string) {\n  throw new Error(`bad ${a.trim()}`);\n}\n", ""},
		{"typescript message inside a nested call counts", "src/a.ts",
			"export function f(a: string) {\n  throw new Error(fmt('bad', a));\n}\n",
			"export function f(a: string) {\n  throw new Error(fmt('invalid', a));\n}\n", ""},
		{"java exception message", "src/main/java/a/A.java",
			"package a;\nclass A {\n  int f(long x) {\n    if (x > 1) throw new IllegalArgumentException(\"Too big: \" + x);\n    LOG.debug(\"ok\");\n    return 1;\n  }\n}\n",
			"package a;\nclass A {\n  int f(long x) {\n    if (x > 1) throw new IllegalArgumentException(\"Too big for an int: \" + x);\n    LOG.debug(\"fine\");\n    return 1;\n  }\n}\n", msgs},
		{"java precondition given a message", "src/main/java/a/A.java",
			"package a;\nclass A {\n  void f(Object after) {\n    Objects.requireNonNull(after);\n  }\n}\n",
			"package a;\nclass A {\n  void f(Object after) {\n    Objects.requireNonNull(after, \"after\");\n  }\n}\n", msgs},
		{"go errors and log", "a.go",
			"package a\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n\t\"log\"\n)\n\nfunc F(n int) error {\n\tlog.Printf(\"n=%d\", n)\n\tif n < 0 {\n\t\treturn errors.New(\"negative\")\n\t}\n\treturn fmt.Errorf(\"bad %d: %w\", n, errX)\n}\n",
			"package a\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n\t\"log\"\n)\n\nfunc F(n int) error {\n\tlog.Printf(\"got n=%d\", n)\n\tif n < 0 {\n\t\treturn errors.New(\"n is negative\")\n\t}\n\treturn fmt.Errorf(\"invalid %d: %w\", n, errX)\n}\n", msgs},
		{"go format verb changed counts", "a.go",
			"package a\n\nimport \"fmt\"\n\nfunc F(err error) error {\n\treturn fmt.Errorf(\"bad: %v\", err)\n}\n",
			"package a\n\nimport \"fmt\"\n\nfunc F(err error) error {\n\treturn fmt.Errorf(\"bad: %w\", err)\n}\n", ""},
		{"go string returned counts", "a.go",
			"package a\n\nfunc F() string {\n\treturn \"a\"\n}\n",
			"package a\n\nfunc F() string {\n\treturn \"b\"\n}\n", ""},
		{"java constructor and nested class made public", "src/main/java/a/C.java",
			"package a;\npublic abstract class C {\n  public static final class And extends C {\n    And(int x) { super(); }\n  }\n  static class Or {\n    private Or() {}\n  }\n}\n",
			"package a;\npublic abstract class C {\n  public static final class And extends C {\n    public And(int x) { super(); }\n  }\n  public static class Or {\n    protected Or() {}\n  }\n}\n", access},
		{"java field and static method made public", "src/main/java/a/C.java",
			"package a;\nclass C {\n  int n = 1;\n  static int f() { return 1; }\n}\n",
			"package a;\nclass C {\n  public int n = 1;\n  public static int f() { return 1; }\n}\n", access},
		{"java instance method made public counts", "src/main/java/a/C.java",
			"package a;\npublic class C {\n  int f() { return 1; }\n}\n",
			"package a;\npublic class C {\n  public int f() { return 1; }\n}\n", ""},
		{"java access narrowed counts", "src/main/java/a/C.java",
			"package a;\npublic class C {\n  public C() {}\n}\n",
			"package a;\npublic class C {\n  C() {}\n}\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := strings.Count(tc.new, "\n")
			in := withOld(input(map[string]string{tc.path: tc.new}, modified(tc.path, [2]int{1, lines})), map[string]string{tc.path: tc.old})
			res, fs := TestsTouched(&in, prepare(&in))
			if tc.note == "" {
				if res.Status != Failed || len(fs) != 1 {
					t.Fatalf("%s %q %v: want a test asked for", res.Status, res.Summary, paths(fs))
				}
				return
			}
			want := tc.path + ": " + tc.note
			if res.Status != Passed || len(res.Notes) != 1 || res.Notes[0] != want || res.Summary != "1 changed source file(s) cannot change behaviour (see the notes)" {
				t.Fatalf("%s %q %q, want passed with %q", res.Status, res.Summary, res.Notes, want)
			}
		})
	}
}

// TestVersionBumpHint: a file whose only change is its version (one the
// policy does not list, which the rules therefore see) still needs a test,
// and its hint says how a release's version file is left out; any other
// change of the same file gets the usual hint.
func TestVersionBumpHint(t *testing.T) {
	const goOld = "package gin\n\n// Version is the framework's version.\nconst Version = \"v1.10.0\"\n"
	const pyOld = "__title__ = \"httpx\"\n__version__ = \"0.28.0\"\n"
	for _, tc := range []struct {
		name, path, old, new, want string
	}{
		{"Go", "version.go", goOld, strings.Replace(goOld, "1.10.0", "1.11.0", 1), "its only change is its version (v1.10.0 to v1.11.0): if it is the release's version file, list it in release.version_files"},
		{"Python", "httpx/__version__.py", pyOld, strings.Replace(pyOld, "0.28.0", "0.28.1", 1), "its only change is its version (0.28.0 to 0.28.1)"},
		{"more than the version", "version.go", goOld, strings.Replace(goOld, "1.10.0", "1.11.0", 1) + "\nconst Name = \"gin\"\n", "add or update a test in version_test.go"},
		{"not a version file's format", "util.go", "package a\n\nconst v = \"1.0.0\"\n", "package a\n\nconst v = \"1.0.1\"\n", "add or update a test in util_test.go"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := withOld(input(map[string]string{tc.path: tc.new}, modified(tc.path, [2]int{4, 1})), map[string]string{tc.path: tc.old})
			res, fs := TestsTouched(&in, prepare(&in))
			if res.Status != Failed || len(fs) != 1 || !strings.Contains(fs[0].Message, tc.want) {
				t.Fatalf("%s %q %+v, want one finding saying %q", res.Status, res.Summary, fs, tc.want)
			}
		})
	}
}

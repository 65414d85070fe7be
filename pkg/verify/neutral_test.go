package verify

import (
	"os"
	"reflect"
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

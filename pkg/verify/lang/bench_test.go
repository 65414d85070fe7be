package lang

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkNeutralChangeManyEdits compares two versions of a generated-size
// file (one function of 3,000 statements) whose comparison the one-edit-at-a-
// time idioms would read again after every edit: elses after a return in
// each language, and JS declarations joined with their assignments; and a
// file of 3,000 functions returning a local at once and naming exceptions
// they never read, whose idioms read each function's scope. The
// change itself (a returned number) counts, so every idiom runs to its end.
//
//	go test ./pkg/verify/lang -run '^$' -bench NeutralChangeManyEdits -benchtime 3x
func BenchmarkNeutralChangeManyEdits(b *testing.B) {
	for _, c := range []struct{ name, path, head, shape, tail string }{
		{"else/js", "a.js", "function f(a) {\n", "  if (a === %d) { return %d } else { g(%d) }\n", "  return 1;\n}\n"},
		{"else/go", "a.go", "package a\nfunc f(a int) int {\n", "\tif a == %d {\n\t\treturn %d\n\t} else {\n\t\tg(%d)\n\t}\n", "\treturn 1\n}\n"},
		{"else/py", "a.py", "def f(a):\n", "    if a == %d:\n        return %d\n    else:\n        g(%d)\n", "    return 1\n"},
		{"else/java", "A.java", "class A { int f(int a) {\n", "  if (a == %d) { return %d; } else { g(%d); }\n", "  return 1;\n} }\n"},
		{"init/js", "a.js", "function f() {\n", "  let x%d = 0;\n  x%d = g(%d);\n", "  return 1;\n}\n"},
		// 3,000 functions, each returning a local at once, and 3,000
		// handlers of an exception they name.
		{"returned/py", "a.py", "", "def f%d():\n    x = g(%d)\n    return x\n\n\ndef h%d():\n    try:\n        g()\n    except E as e:\n        pass\n\n\n", "def z():\n    return 1\n"},
		{"returned/js", "a.js", "", "function f%d() {\n  const x = g(%d);\n  return x;\n}\nfunction h%d() { try { g() } catch (e) { k() } }\n", "function z() {\n  return 1;\n}\n"},
		{"returned/go", "a.go", "package a\n", "func f%d() int {\n\tx := g(%d)\n\treturn x\n}\nfunc h%d() {}\n", "func z() int {\n\treturn 1\n}\n"},
		{"returned/java", "A.java", "class A {\n", "  int f%d() { int x = g(%d); return x; }\n  void h%d() { try { g(); } catch (E e) { k(); } }\n", "  int z() { return 1; }\n}\n"},
	} {
		var src strings.Builder
		src.WriteString(c.head)
		for i := 0; i < 3000; i++ {
			fmt.Fprintf(&src, c.shape, i, i, i)
		}
		src.WriteString(c.tail)
		before := []byte(src.String())
		after := []byte(strings.Replace(src.String(), "return 1", "return 2", 1))
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if why, err := NeutralChange(c.path, before, c.path, after); why != "" || err != nil {
					b.Fatalf("%q %v", why, err)
				}
			}
		})
	}
}

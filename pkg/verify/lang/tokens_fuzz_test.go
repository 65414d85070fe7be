package lang

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzBehaviourTokens: every language's reduction reads any bytes without
// panicking.
//
//	go test ./pkg/verify/lang -run '^$' -fuzz '^FuzzBehaviourTokens$' -fuzztime 1m
func FuzzBehaviourTokens(f *testing.F) {
	for _, dir := range []string{"java", "js", "python"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*"))
		for i, p := range files {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b[:min(len(b), 2000)], uint8(i))
		}
	}
	for _, s := range []string{"x: int\nx.y: int\nx.\n", "def f(a: int = (1, 2), *, b) -> T: ...\n", "class A { x!: T; [k: string]: V }\n", "let x: ", "type A = ", "a as", "f<"} {
		f.Add([]byte(s), uint8(0))
	}
	names := []string{"x.go", "x.py", "x.ts", "x.tsx", "x.js", "X.java"}
	f.Fuzz(func(t *testing.T, src []byte, which uint8) {
		for _, n := range names {
			_, _ = behaviourTokens(n, src)
		}
	})
}

// FuzzSameBehaviour: comparing any two versions of a file never panics,
// and a file is always the same as itself.
//
//	go test ./pkg/verify/lang -run '^$' -fuzz '^FuzzSameBehaviour$' -fuzztime 1m
func FuzzSameBehaviour(f *testing.F) {
	f.Add("a.go", "package a\nfunc F(a int, b int) {}\n", "package a\nfunc F(a, b int) {}\n")
	f.Add("A.java", "import a.B;\nclass A { @Nullable B b; }\n", "class A { B b; }\n")
	f.Add("a.ts", "type R<T = void> = () => T;\nconst f = (): void => {};\n", "const f = () => {};\n")
	f.Fuzz(func(t *testing.T, p, before, after string) {
		if For(p) == nil {
			return
		}
		_, _ = SameBehaviour(p, []byte(before), p, []byte(after))
		if same, err := SameBehaviour(p, []byte(before), p, []byte(before)); err == nil && !same {
			t.Errorf("%s: a file differs from itself:\n%q", p, before)
		}
	})
}

// FuzzNeutralChange: the rewrites beyond equal tokens (messages, widened
// Java access, idioms) read any two token lists without panicking (NeutralChange
// recovers, so they are called here without it), and a file is always
// neutral to itself.
//
//	go test ./pkg/verify/lang -run '^$' -fuzz '^FuzzNeutralChange$' -fuzztime 1m
func FuzzNeutralChange(f *testing.F) {
	f.Add("m.py", "def f(v):\n    msg = f\"a {v}\"\n    raise ValueError(msg)\n", "def f(v):\n    msg = f\"b {v}\"\n    raise ValueError(msg)\n")
	f.Add("A.java", "class A { A() {} static class B {} }\n", "class A { public A() {} public static class B {} }\n")
	f.Add("a.go", "package a\nfunc F() error { return fmt.Errorf(\"x %w\", e) }\n", "package a\nfunc F() error { return fmt.Errorf(\"y %w\", e) }\n")
	f.Add("a.ts", "throw new Error(`a ${x}`)\n", "throw new Error(`b ${x}`)\n")
	f.Add("a.js", "let n = 1\nif (p && p.q) { s.trimRight() }\n", "const n = 1\nif (p?.q) { s.trimEnd() }\n")
	f.Add("B.java", "class B { boolean f() { return !x.y().isEmpty(); } }\n", "class B { boolean f() { return x.y().size() > 0; } }\n")
	f.Add("b.go", "package b\nfunc F(v interface{}) {}\n", "package b\nfunc F(v any) {}\n")
	f.Add("c.go", "package c\nfunc F(c bool) bool {\n\tif c {\n\t\treturn true\n\t} else {\n\t\treturn false\n\t}\n}\n", "package c\nfunc F(c bool) bool {\n\treturn c\n}\n")
	f.Add("d.js", "function f(p) {\n  let c = 1;\n  if (p) { c = 0 } else c = 2;\n  let d = 's';\n  d = g(c);\n}\n", "function f(p) {\n  let c;\n  if (p) { c = 0 } else c = 2;\n  const d = g(c);\n}\n")
	f.Add("D.java", "class D { void f() { int c = 1; if (p) { c = 0; } else { c = 2; } } }\n", "class D { void f() { int c; if (p) c = 0; else c = 2; } }\n")
	f.Add("e.go", "package e\nfunc F() time.Duration { return time.Duration(d) }\n", "package e\nfunc F() time.Duration { return d }\n")
	f.Add("f.py", "def f():\n    try:\n        g()\n    except E as e:\n        pass\n    x = g()\n    return x\n", "def f():\n    try:\n        g()\n    except E:\n        pass\n    return g()\n")
	f.Add("f.js", "function f() {\n  try { g() } catch (e) { h() }\n  const x = g();\n  return x;\n}\n", "function f() {\n  try { g() } catch { h() }\n  return g();\n}\n")
	f.Add("E.java", "class E { IOException f() { return (IOException) g(); } }\n", "class E { IOException f() { return g(); } }\n")
	f.Fuzz(func(t *testing.T, p, before, after string) {
		l := For(p)
		if l == nil {
			return
		}
		a, err1 := behaviourTokens(p, []byte(before))
		b, err2 := behaviourTokens(p, []byte(after))
		if err1 == nil && err2 == nil {
			_ = messagesOnly(l, a, b)
			_, _ = idiomsOnly(l, a, b)
			if _, ok := l.(Java); ok {
				_, _ = javaWidenAccess(a, b)
			}
		}
		if why, err := NeutralChange(p, []byte(before), p, []byte(before)); err == nil && why != WhyLayout {
			t.Errorf("%s: a file is not neutral to itself (%q):\n%q", p, why, before)
		}
	})
}

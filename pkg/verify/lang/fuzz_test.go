package lang

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var fuzzAnalyzers = []struct {
	an   Analyzer
	file string
}{{Go{}, "x.go"}, {Python{}, "x.py"}, {JS{}, "x.ts"}, {JS{}, "x.jsx"}, {Java{}, "X.java"}}

// FuzzDecls: each language's analyzer reads any bytes without panicking or
// stalling, and what it returns is well-formed: lines inside the file,
// spans in order, and comment lines inside the declaration or its doc.
//
//	go test ./pkg/verify/lang -run '^$' -fuzz '^FuzzDecls$' -fuzztime 2m
func FuzzDecls(f *testing.F) {
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
	for _, s := range []string{
		"package x\n\n// F is f.\nfunc F() {}\n\ntype (\n\t// T is t.\n\tT int\n)\n",
		"def f():\n    \"\"\"Doc.\"\"\"\n    return f'{x!r:{y}}'\n\nclass C:\n    '''x'''\n",
		"/** Doc. */\nexport function f<T>(a: T): T { return a }\nexport const g = () => <div>{`${x}`}</div>\n",
		"/** Doc. */\npublic class X<T extends Comparable<? super T>> { @A(x = {1}) public void m() {} }\n",
		"\x00\xff\xfe", "{{{{{{{{{{", "}}}}}}}}", "((((((", "\"\"\"", "'''\n", "`${`${`${", "/*", "<<<<<<", "@@@@",
		"class A { class B { class C { class D {} } } }", "f(f(f(f(f(", "a\r\nb\rc\n",
	} {
		for i := range fuzzAnalyzers {
			f.Add([]byte(s), uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, src []byte, which uint8) {
		a := fuzzAnalyzers[int(which)%len(fuzzAnalyzers)]
		start := time.Now()
		decls, err := a.an.Decls(a.file, src)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("%s took %v on %d bytes", a.an.Name(), d, len(src))
		}
		if err != nil {
			return
		}
		checkWellFormed(t, a.an.Name(), src, decls)
	})
}

func checkWellFormed(t *testing.T, lang string, src []byte, decls []Decl) {
	t.Helper()
	lines := bytes.Count(src, []byte{'\n'}) + 1
	in := func(l int) bool { return l >= 1 && l <= lines }
	for _, d := range decls {
		bad := func(why string) { t.Fatalf("%s: %s: %+v", lang, why, d) }
		if d.Name == "" || d.Kind == "" {
			bad("no name or kind")
		}
		if !in(d.Start) || !in(d.End) || d.Start > d.End {
			bad("span outside the file or reversed")
		}
		if d.BodyStart != 0 && (!in(d.BodyStart) || d.BodyStart < d.Start || d.BodyStart > d.End) {
			bad("body outside the declaration")
		}
		if (d.DocStart == 0) != (d.DocEnd == 0) || d.DocStart != 0 && (!in(d.DocStart) || !in(d.DocEnd) || d.DocStart > d.DocEnd) {
			bad("doc span outside the file or reversed")
		}
		if d.HasDoc() != (d.DocStart > 0) {
			bad("HasDoc")
		}
		for _, l := range d.CommentLines {
			if !(l >= d.Start && l <= d.End || d.DocStart > 0 && l >= d.DocStart && l <= d.DocEnd) {
				bad("comment line outside the declaration and its doc")
			}
		}
	}
}

// TestDeclsHostileBounded: big pathological files (deep nesting, unclosed
// strings and comments, a 2 MiB line) are read in bounded time.
func TestDeclsHostileBounded(t *testing.T) {
	const n = 1 << 18
	for _, tc := range []struct{ name, src string }{
		{"deep braces", strings.Repeat("{", n) + strings.Repeat("}", n)},
		{"deep parens", "x = " + strings.Repeat("(", n)},
		{"deep angles", "class A" + strings.Repeat("<", n)},
		{"unclosed string", "x = \"" + strings.Repeat("a", n)},
		{"unclosed template", "x = `${" + strings.Repeat("`${", n/3)},
		{"unclosed comment", "/*" + strings.Repeat("*", n)},
		{"many functions", strings.Repeat("function f() {}\ndef f(): pass\npublic void f() {}\nfunc F() {}\n", n/64)},
		{"one 2 MiB line", "x = " + strings.Repeat("a ", 1<<20)},
		{"many decorators", strings.Repeat("@d\n", n/3)},
	} {
		for _, a := range fuzzAnalyzers {
			start := time.Now()
			decls, err := a.an.Decls(a.file, []byte(tc.src))
			d := time.Since(start)
			if err == nil {
				checkWellFormed(t, a.an.Name(), []byte(tc.src), decls)
			}
			if d > 20*time.Second {
				t.Errorf("%s, %s: %v", tc.name, a.file, d)
			}
			if d > time.Second {
				t.Logf("%s, %s: %v", tc.name, a.file, d)
			}
		}
	}
}

package lang

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// want is the expected shape of one Decl.
type want struct {
	name             string
	kind             string
	exported         bool
	start, end, body int
	docStart, docEnd int
	doc              string
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// checkDecls compares Decls with the expected table, field by field.
func checkDecls(t *testing.T, got []Decl, wants []want) {
	t.Helper()
	for i := 0; i < len(got) || i < len(wants); i++ {
		switch {
		case i >= len(got):
			t.Errorf("missing decl %d: %+v", i, wants[i])
			continue
		case i >= len(wants):
			t.Errorf("unexpected decl %d: %s %s %d-%d", i, got[i].Name, got[i].Kind, got[i].Start, got[i].End)
			continue
		}
		g, w := got[i], wants[i]
		gw := want{g.Name, g.Kind, g.Exported, g.Start, g.End, g.BodyStart, g.DocStart, g.DocEnd, g.Doc}
		if gw != w {
			t.Errorf("decl %d:\n got  %+v\n want %+v", i, gw, w)
		}
	}
}

// checkInvariants checks what every Decl of any input must satisfy.
func checkInvariants(t testing.TB, src []byte, ds []Decl) {
	t.Helper()
	lines := bytes.Count(src, []byte("\n")) + 1
	for _, d := range ds {
		switch {
		case d.Start < 1 || d.Start > d.End || d.End > lines:
			t.Fatalf("%s: span %d-%d in %d lines", d.Name, d.Start, d.End, lines)
		case d.BodyStart != 0 && (d.BodyStart < d.Start || d.BodyStart > d.End):
			t.Fatalf("%s: body %d outside %d-%d", d.Name, d.BodyStart, d.Start, d.End)
		case d.DocStart > d.DocEnd || (d.DocStart == 0) != (d.DocEnd == 0) || d.DocEnd > lines:
			t.Fatalf("%s: doc %d-%d", d.Name, d.DocStart, d.DocEnd)
		case d.Name == "" || d.Kind == "":
			t.Fatalf("unnamed decl %+v", d)
		}
		for i, l := range d.CommentLines {
			if l < 1 || l > lines || i > 0 && l <= d.CommentLines[i-1] {
				t.Fatalf("%s: comment lines %v", d.Name, d.CommentLines)
			}
		}
	}
}

// TestLineEndings checks that every testdata file reads the same with LF,
// CRLF and, but for Python, where indentation is syntax, tab indentation.
func TestLineEndings(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*")
	for _, f := range files {
		a := For(f)
		if a == nil {
			continue
		}
		src, _ := os.ReadFile(f)
		lf := bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		base, err := a.Decls(f, lf)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		checkInvariants(t, lf, base)
		crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
		got, _ := a.Decls(f, crlf)
		if !reflect.DeepEqual(got, base) {
			t.Errorf("%s: CRLF changes the decls:\n%v\n%v", f, got, base)
		}
		if a.Name() == "python" {
			continue
		}
		tabs := bytes.ReplaceAll(lf, []byte("\n    "), []byte("\n\t"))
		got, _ = a.Decls(f, tabs)
		for i := range got {
			got[i].Doc, got[i].CommentLines = "", nil
		}
		for i := range base {
			base[i].Doc, base[i].CommentLines = "", nil
		}
		if !reflect.DeepEqual(got, base) {
			t.Errorf("%s: tabs change the decls:\n%v\n%v", f, got, base)
		}
	}
}

func TestBinaryIsAnError(t *testing.T) {
	for _, a := range []Analyzer{Python{}, JS{}, Java{}} {
		if _, err := a.Decls("x", []byte("class A:\x00")); err == nil {
			t.Errorf("%s: no error for binary content", a.Name())
		}
		if ds, err := a.Decls("x", nil); err != nil || len(ds) != 0 {
			t.Errorf("%s: empty file: %v %v", a.Name(), ds, err)
		}
	}
}

func TestFor(t *testing.T) {
	for p, name := range map[string]string{
		"a.py": "python", "a.ts": "javascript", "a.TSX": "javascript", "a.mjs": "javascript",
		"a.cts": "javascript", "A.java": "java", "a.go": "go",
	} {
		if a := For(p); a == nil || a.Name() != name {
			t.Errorf("For(%q) = %v, want %s", p, a, name)
		}
	}
	if For("README.md") != nil {
		t.Error("For(README.md) is not nil")
	}
}

func TestBlockDocText(t *testing.T) {
	for in, want := range map[string]string{
		"/** One line. */":                             "One line.",
		"/**\n * First.\n *\n * Second.\n */":          "First.\n\nSecond.",
		"/**\r\n * CRLF.\r\n */":                       "CRLF.",
		"/**\n   no stars\n   here\n */":               "   no stars\n   here",
		"/**\n * <pre>\n *   indented\n * </pre>\n */": "<pre>\n  indented\n</pre>",
	} {
		if got := blockDocText([]byte(in)); got != want {
			t.Errorf("blockDocText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchBracketsRecovers(t *testing.T) {
	// "f(" is never closed; the declaration on the next line at the same
	// indentation closes it.
	src := "f(\nfunction g() {}\n"
	js := JS{}
	ds, _ := js.Decls("a.js", []byte(src))
	if len(ds) != 1 || ds[0].Name != "g" || ds[0].Start != 2 || ds[0].End != 2 {
		t.Fatalf("got %+v", ds)
	}
	// Balanced code is paired as written, whatever its indentation.
	src = "(function () {\nfunction inner() {}\n})();\nfunction after() {}\n"
	ds, _ = js.Decls("a.js", []byte(src))
	if len(ds) != 1 || ds[0].Name != "after" {
		t.Fatalf("got %+v", ds)
	}
}

// commentLinesOf returns the CommentLines of the named decl.
func commentLinesOf(t *testing.T, ds []Decl, name string) []int {
	t.Helper()
	for _, d := range ds {
		if d.Name == name {
			return d.CommentLines
		}
	}
	t.Fatalf("no decl %s", name)
	return nil
}

func checkPaths(t *testing.T, a Analyzer, isTest map[string]bool, testsFor [][3]any) {
	t.Helper()
	for p, w := range isTest {
		if got := a.IsTest(p); got != w {
			t.Errorf("%s.IsTest(%q) = %v, want %v", a.Name(), p, got, w)
		}
	}
	for _, c := range testsFor {
		src, test, w := c[0].(string), c[1].(string), c[2].(bool)
		if got := a.TestsFor(src, test); got != w {
			t.Errorf("%s.TestsFor(%q, %q) = %v, want %v", a.Name(), src, test, got, w)
		}
	}
}

// fuzzDecls runs an analyzer on fuzzed input: it must not panic, must
// finish, and its Decls must be well formed.
func fuzzDecls(f *testing.F, a Analyzer, names []string, seeds ...string) {
	files, _ := filepath.Glob("testdata/*/*")
	for _, p := range files {
		if For(p) != nil && For(p).Name() == a.Name() {
			src, _ := os.ReadFile(p)
			f.Add(string(src), 0)
		}
	}
	for _, s := range seeds {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, src string, n int) {
		name := names[uint(n)%uint(len(names))]
		ds, err := a.Decls(name, []byte(src))
		if err != nil {
			if !strings.Contains(src, "\x00") {
				t.Fatalf("error on text input: %v", err)
			}
			return
		}
		checkInvariants(t, []byte(src), ds)
	})
}

package coverage

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil/golden"
)

// ciRoot is the directory the fixtures' absolute paths name, as a CI
// machine would have them.
const ciRoot = "/home/runner/work/calc/calc"

// fixtures is testdata/coverage of the main module.
func fixtures(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "testdata", "coverage"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// calcRoot is the root of the little program the fixtures cover.
func calcRoot(t testing.TB) string { return filepath.Join(fixtures(t), "calc") }

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtures(t), filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// local returns a fixture with its CI paths moved to this checkout's calc/.
func local(t testing.TB, name string) string {
	return strings.ReplaceAll(readFixture(t, name), ciRoot, calcRoot(t))
}

func mustParse(t *testing.T, src string, opts Options) *Profile {
	t.Helper()
	p, err := Parse(strings.NewReader(src), opts)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return p
}

// render writes a profile as text: one line per file, runs of lines with
// the same hits as first-last=hits.
func render(p *Profile) string {
	var b strings.Builder
	fmt.Fprintf(&b, "format: %s\n", p.Format)
	for _, name := range p.paths() {
		lines := slices.Sorted(maps.Keys(p.Files[name].Lines))
		b.WriteString(name + ":")
		for i := 0; i < len(lines); {
			j, h := i, p.Files[name].Lines[lines[i]]
			for j+1 < len(lines) && lines[j+1] == lines[j]+1 && p.Files[name].Lines[lines[j+1]] == h {
				j++
			}
			if j == i {
				fmt.Fprintf(&b, " %d=%d", lines[i], h)
			} else {
				fmt.Fprintf(&b, " %d-%d=%d", lines[i], lines[j], h)
			}
			i = j + 1
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	root := calcRoot(t)
	tests := []struct {
		golden, fixture string
		localise        bool // move the fixture's CI paths to calc/
		opts            Options
		format          string
	}{
		{"go-calc", "go/calc.out", false, Options{Root: root}, FormatGo},
		{"go-all", "go/all.out", false, Options{Root: root}, FormatGo},
		{"lcov-calc-js", "lcov/calc-js.info", false, Options{Root: root}, FormatLCOV},
		{"cobertura-calc-js", "cobertura/calc-js.xml", false, Options{Root: root}, FormatCobertura},
		{"lcov-calc-go", "lcov/calc-go.info", false, Options{Root: ciRoot}, FormatLCOV},
		{"cobertura-calc-go", "cobertura/calc-go.xml", true, Options{Root: root}, FormatCobertura},
		// Root where the files are not: sources cannot be told apart.
		{"cobertura-calc-go-elsewhere", "cobertura/calc-go.xml", false, Options{Root: ciRoot}, FormatCobertura},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			src := readFixture(t, tt.fixture)
			if tt.localise {
				src = local(t, tt.fixture)
			}
			p := mustParse(t, src, tt.opts)
			if p.Format != tt.format {
				t.Errorf("Format = %q, want %q", p.Format, tt.format)
			}
			got := render(p)
			golden.Check(t, filepath.Join(fixtures(t), "golden", tt.golden+".golden"), got)
		})
	}
}

// wantCalcGo is calc/calc.go's coverage by go test -covermode=count, read
// as documented in gocover.go; the hand-written LCOV and Cobertura
// fixtures say the same.
var wantCalcGo = map[int]int{
	14: 3, 15: 3, 16: 3, // Add: one block, closing brace included
	19: 1, 20: 1, 21: 0, 22: 0, 23: 1, // Div: line 20 shares the ran "if" and the unran body
	27: 2, 28: 2, 29: 1, 30: 1, 31: 1, 32: 1, 33: 0, // Sign
	38: 1, 39: 1, 40: 3, 41: 3, 42: 3, 43: 0, 45: 3, 47: 1, // Sum
	51: 0, 52: 0, 53: 0, 54: 0, // Unused
}

// wantCalcJS is c8's view of calc/js/calc.js: V8 counts every line of a
// function, comments and blank lines included.
var wantCalcJS = map[int]int{
	1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 3, 8: 3, 9: 3, 10: 1,
	11: 1, 12: 1, 13: 0, 14: 0, 15: 1, 16: 1, 17: 1, 18: 2, 19: 2, 20: 1,
	21: 1, 22: 1, 23: 1, 24: 0, 25: 2, 26: 1, 27: 1, 28: 1, 29: 1, 30: 3,
	31: 3, 32: 0, 33: 0, 34: 3, 35: 3, 36: 1, 37: 1, 38: 1, 39: 0, 40: 0,
	41: 0, 42: 0, 43: 1, 44: 1,
}

func TestSameFileEveryFormat(t *testing.T) {
	root := calcRoot(t)
	tests := []struct {
		name, file string
		src        string
		opts       Options
		want       map[int]int
	}{
		{"go coverprofile", "calc.go", readFixture(t, "go/calc.out"), Options{Root: root}, wantCalcGo},
		{"go coverprofile, module path given", "calc.go", readFixture(t, "go/calc.out"), Options{ModulePath: "example.com/calc"}, wantCalcGo},
		{"lcov, absolute SF, two records", "calc.go", readFixture(t, "lcov/calc-go.info"), Options{Root: ciRoot}, wantCalcGo},
		{"cobertura, second source", "calc.go", local(t, "cobertura/calc-go.xml"), Options{Root: root}, wantCalcGo},
		{"c8 lcov", "js/calc.js", readFixture(t, "lcov/calc-js.info"), Options{Root: root}, wantCalcJS},
		{"c8 cobertura", "js/calc.js", readFixture(t, "cobertura/calc-js.xml"), Options{Root: root}, wantCalcJS},
		{"c8 cobertura, source is the root", "js/calc.js", local(t, "cobertura/calc-js.xml"), Options{Root: root}, wantCalcJS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, tt.src, tt.opts)
			f, ok := p.File(tt.file)
			if !ok {
				t.Fatalf("no %s in %v", tt.file, p.paths())
			}
			if !maps.Equal(f.Lines, tt.want) {
				t.Errorf("lines of %s:\ngot  %v\nwant %v", tt.file, f.Lines, tt.want)
			}
		})
	}
}

func TestParseFile(t *testing.T) {
	p, err := ParseFile(filepath.Join(fixtures(t), "go", "all.out"), Options{Root: calcRoot(t)})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"calc.go", "ext/plugins/plugins.go", "shape/shape.go", "tools/gen.go"}
	if got := p.paths(); !slices.Equal(got, want) {
		t.Errorf("files = %v, want %v", got, want)
	}
	for _, name := range []string{"./calc.go", "calc.go", filepath.Join("shape", "shape.go"), "ext//plugins/plugins.go"} {
		if _, ok := p.File(name); !ok {
			t.Errorf("File(%q) not found", name)
		}
	}
	if _, ok := p.File("example.com/calc/calc.go"); ok {
		t.Error("File found by import path")
	}

	bad := filepath.Join(fixtures(t), "bad", "coverage.out")
	_, err = ParseFile(bad, Options{Root: calcRoot(t)})
	want1 := bad + `:17: malformed block "example.com/calc/calc.go:47.2,47 1 1": bad end column "2,47" (want file.go:line.col,line.col numStmts count)`
	if err == nil || err.Error() != want1 {
		t.Errorf("error = %v\nwant    %s", err, want1)
	}
	if _, err := ParseFile(filepath.Join(fixtures(t), "nope.out"), Options{}); !os.IsNotExist(err) {
		t.Errorf("missing file: error = %v", err)
	}
}

func TestProfileMerge(t *testing.T) {
	p := mustParse(t, "mode: set\na.go:1.1,2.2 1 0\n", Options{})
	q := mustParse(t, "SF:a.go\nDA:2,5\nDA:3,0\nend_of_record\nSF:b.js\nDA:1,1\n", Options{})
	p.Merge(q)
	p.Merge(mustParse(t, "mode: count\na.go:1.1,1.5 1 2\n", Options{}))
	if p.Format != "go+lcov" {
		t.Errorf("Format = %q", p.Format)
	}
	if got, want := render(p), "format: go+lcov\na.go: 1=2 2=5 3=0\nb.js: 1=1\n"; got != want {
		t.Errorf("merged:\n%s\nwant:\n%s", got, want)
	}
	var empty Profile
	empty.Merge(q)
	if empty.Format != "lcov" || len(empty.Files) != 2 {
		t.Errorf("merge into zero Profile: %+v", empty)
	}
}

func TestDetect(t *testing.T) {
	tests := []struct{ name, src, format string }{
		{"go", "mode: atomic\na.go:1.1,1.2 1 1\n", FormatGo},
		{"go after BOM and blank lines", "\xef\xbb\xbf\n\n  mode: set\n", FormatGo},
		{"lcov TN", "TN:\nSF:a.c\nDA:1,1\nend_of_record\n", FormatLCOV},
		{"lcov VER", "VER:2.0\nSF:a.c\nDA:1,1\nend_of_record\n", FormatLCOV},
		{"lcov SF first, CRLF", "SF:a.c\r\nDA:1,1\r\nend_of_record\r\n", FormatLCOV},
		{"cobertura", "<?xml version=\"1.0\"?>\n<coverage/>\n", FormatCobertura},
		{"cobertura without prolog", "<coverage></coverage>", FormatCobertura},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, f := range []string{"", FormatAuto} {
				p := mustParse(t, tt.src, Options{Format: f})
				if p.Format != tt.format {
					t.Errorf("Format %q: got %q, want %q", f, p.Format, tt.format)
				}
			}
		})
	}
	// An explicit format is obeyed even when the content says otherwise.
	_, err := Parse(strings.NewReader("mode: set\n"), Options{Format: FormatLCOV})
	if err == nil || !strings.Contains(err.Error(), "line 1: malformed line") {
		t.Errorf("go profile read as lcov: %v", err)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, src string
		opts      Options
		want      string
	}{
		{"empty", "", Options{}, "empty coverage report; " + understood},
		{"blank", " \n\n\t\n", Options{}, "empty coverage report; " + understood},
		{"form feed (found by FuzzParse)", "\f", Options{}, "empty coverage report; " + understood},
		{"unknown", "\nhello world\n", Options{}, `line 2: unknown coverage format (starts with "hello world"); ` + understood},
		{"json", `{"calc.js": {}}`, Options{}, "line 1: JSON coverage reports are not supported; " + understood},
		{"bad format option", "mode: set\n", Options{Format: "clover"}, `coverage: unknown format "clover" (want auto, go, lcov or cobertura)`},

		{"go without mode", "a.go:1.1,2.2 1 1\n", Options{}, `line 1: missing "mode:" line: a Go coverprofile starts with "mode: set", "mode: count" or "mode: atomic"`},
		{"go forced, no mode at all", "\n\n", Options{Format: FormatGo}, `no "mode:" line: not a Go coverprofile`},
		{"go bad mode", "mode: sometimes\n", Options{}, `line 1: unknown mode "sometimes": want set, count or atomic`},
		{"go no file name", "mode: set\n:1.1,2.2 1 1\n", Options{}, `line 2: malformed block ":1.1,2.2 1 1": no file name (want file.go:line.col,line.col numStmts count)`},
		{"go missing count", "mode: set\na.go:1.1,2.2 1\n", Options{}, `line 2: malformed block "a.go:1.1,2.2 1": no statement count (want file.go:line.col,line.col numStmts count)`},
		{"go negative", "mode: set\na.go:1.1,2.2 1 -1\n", Options{}, `line 2: malformed block "a.go:1.1,2.2 1 -1": bad count "-1" (want file.go:line.col,line.col numStmts count)`},
		{"go backwards", "mode: set\n\na.go:5.1,2.2 1 1\n", Options{}, `line 3: malformed block "a.go:5.1,2.2 1 1": it ends before it starts`},
		{"go line 0", "mode: set\na.go:0.1,2.2 1 1\n", Options{}, `line 2: malformed block "a.go:0.1,2.2 1 1": it ends before it starts`},
		{"go inconsistent", "mode: count\na.go:1.1,2.2 1 1\nb.go:1.1,1.9 1 1\na.go:1.1,2.2 2 1\n", Options{}, `line 4: block "a.go:1.1,2.2 2 1" has 2 statements, but 1 at line 2`},
		{"go huge block", "mode: set\na.go:1.1,1000000000000.2 1 1\n", Options{}, "line 2: block spans lines 1 to 1000000000000: too many lines for a report of this size"},

		{"lcov DA without SF", "TN:\nDA:1,1\n", Options{}, "line 2: DA: outside a record (no SF: line before it)"},
		{"lcov bad DA", "SF:a.c\nDA:1\n", Options{}, `line 2: malformed DA "1": bad hit count (want DA:line,hits)`},
		{"lcov bad DA line", "SF:a.c\nDA:x,1\n", Options{}, `line 2: malformed DA "x,1": bad line number (want DA:line,hits)`},
		{"lcov DA line 0", "SF:a.c\nDA:0,1\n", Options{}, `line 2: malformed DA "0,1": bad line number (want DA:line,hits)`},
		{"lcov junk", "SF:a.c\nDA:1,1\nhello\n", Options{}, `line 3: malformed line "hello": want KEY:value or end_of_record`},
		{"lcov empty SF", "TN:\nSF:\n", Options{}, "line 2: SF: without a path"},
		{"lcov stray end", "TN:\nend_of_record\n", Options{}, "line 2: end_of_record outside a record (no SF: line before it)"},
		{"lcov no record", "TN:\nVER:2\n", Options{}, "LCOV report without any SF: record"},

		{"xml not cobertura", "<html><body/></html>", Options{}, "line 1: XML root <html> is not Cobertura's <coverage>; " + understood},
		{"jacoco", readFixture(t, "bad/jacoco.xml"), Options{}, "line 3: XML root <report> is JaCoCo's format, not Cobertura's; " + understood},
		{"clover", "<?xml version=\"1.0\"?>\n<coverage generated=\"1\" clover=\"4.4.1\">\n  <project timestamp=\"1\">\n", Options{}, "line 3: this is Clover XML (<coverage><project>), not Cobertura; " + understood},
		{"entities", readFixture(t, "bad/entities.xml"), Options{}, "line 5: XML declarations of a DTD internal subset or entities are not allowed in a coverage report"},
		{"undefined entity", "<coverage><sources><source>&xxe;</source></sources></coverage>", Options{}, "line 1: malformed XML: invalid character entity &xxe;"},
		{"truncated", "<coverage>\n<packages>\n<package><classes><class filename=\"a.py\">\n<lines>\n", Options{}, "line 5: malformed XML: unexpected EOF"},
		{"mismatched tags", "<coverage>\n<packages></classes>\n</coverage>", Options{}, "line 2: malformed XML: element <packages> closed by </classes>"},
		{"class without filename", "<coverage><packages><package><classes>\n<class name=\"x\">", Options{}, "line 2: <class> without a filename attribute"},
		{"line outside class", "<coverage>\n<lines><line number=\"1\" hits=\"1\"/></lines></coverage>", Options{}, "line 2: <line> outside a <class>"},
		{"line without hits", "<coverage><packages><package><classes><class filename=\"a.py\"><lines>\n<line number=\"1\"/>", Options{}, "line 2: <line> without number and hits attributes"},
		{"bad hits", "<coverage><packages><package><classes><class filename=\"a.py\"><lines>\n\n<line number=\"1\" hits=\"1.0\"/>", Options{}, `line 3: <line hits="1.0">: bad hit count`},
		{"bad number", "<coverage><packages><package><classes><class filename=\"a.py\"><lines>\n<line number=\"0\" hits=\"1\"/>", Options{}, `line 2: <line number="0">: bad line number`},
		{"no root", "<?xml version=\"1.0\"?>\n<!-- nothing -->\n", Options{}, "XML without a <coverage> element; " + understood},
		{"latin-1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><coverage/>", Options{}, `line 1: XML encoding "ISO-8859-1" is not supported: want UTF-8`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(strings.NewReader(tt.src), tt.opts)
			if err == nil {
				t.Fatalf("no error; profile:\n%s", render(p))
			}
			if err.Error() != tt.want {
				t.Errorf("error:\ngot  %s\nwant %s", err, tt.want)
			}
		})
	}
}

func TestLongLine(t *testing.T) {
	src := "mode: set\na.go:1.1,1.2 1 1\n" + strings.Repeat("x", maxLineLen+10) + "\n"
	_, err := Parse(strings.NewReader(src), Options{})
	if err == nil || err.Error() != fmt.Sprintf("line 3: line longer than %d bytes", maxLineLen) {
		t.Errorf("error = %v", err)
	}
}

// failingReader returns its text, then err.
type failingReader struct {
	text string
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.text == "" {
		return 0, f.err
	}
	n := copy(p, f.text)
	f.text = f.text[n:]
	return n, nil
}

func TestReadError(t *testing.T) {
	boom := errors.New("boom")
	for _, text := range []string{"", "mode: set\na.go:1.1,1.2 1 1\n", "SF:a\nDA:1,1\n", "<coverage>\n<sources>"} {
		_, err := Parse(&failingReader{text, boom}, Options{})
		if !errors.Is(err, boom) {
			t.Errorf("%q: error = %v, want boom", text, err)
		}
	}
}

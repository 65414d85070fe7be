package coverage

import (
	"io"
	"strconv"
	"strings"
	"testing"
)

func TestCobertura(t *testing.T) {
	root := calcRoot(t)
	class := func(filename string, lines ...string) string {
		return `<class name="c" filename="` + filename + `"><lines>` + strings.Join(lines, "") + `</lines></class>`
	}
	doc := func(sources []string, classes ...string) string {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" ?>` + "\n<coverage>\n")
		if sources != nil {
			b.WriteString("<sources>")
			for _, s := range sources {
				b.WriteString("<source>" + s + "</source>")
			}
			b.WriteString("</sources>\n")
		}
		b.WriteString("<packages><package name=\"p\"><classes>\n" + strings.Join(classes, "\n") + "\n</classes></package></packages>\n</coverage>\n")
		return b.String()
	}
	l := func(n, h string) string { return `<line number="` + n + `" hits="` + h + `"/>` }
	tests := []struct {
		name, src string
		opts      Options
		want      string
	}{
		{"the source under which the file exists wins",
			doc([]string{"tools", root + "/shape", "."}, class("shape.go", l("8", "1")), class("gen.go", l("9", "0")), class("calc.go", l("14", "2"))),
			Options{Root: root},
			"format: cobertura\ncalc.go: 14=2\nshape/shape.go: 8=1\ntools/gen.go: 9=0\n"},
		{"no source has the file: the first one inside the root",
			doc([]string{"/elsewhere", "src", "lib"}, class("pkg/mod.py", l("1", "1"))),
			Options{Root: root},
			"format: cobertura\nsrc/pkg/mod.py: 1=1\n"},
		{"no source inside the root: the filename as it is",
			doc([]string{"/elsewhere"}, class("pkg/mod.py", l("1", "1"))),
			Options{Root: root},
			"format: cobertura\npkg/mod.py: 1=1\n"},
		{"no sources element",
			doc(nil, class("./pkg/mod.py", l("1", "1"))),
			Options{Root: root},
			"format: cobertura\npkg/mod.py: 1=1\n"},
		{"no root: relative sources still join",
			doc([]string{"  src/  ", ""}, class("mod.py", l("1", "1"))),
			Options{},
			"format: cobertura\nsrc/mod.py: 1=1\n"},
		{"absolute filename",
			doc([]string{"/elsewhere"}, class(root+"/calc.go", l("14", "1")), class("/usr/lib/x.py", l("2", "0"))),
			Options{Root: root},
			"format: cobertura\n/usr/lib/x.py: 2=0\ncalc.go: 14=1\n"},
		{"classes of one file and method lines merge, the larger count wins",
			doc([]string{"."},
				`<class name="A" filename="m.py"><methods><method name="f"><lines>`+l("3", "7")+`</lines></method></methods><lines>`+l("3", "2")+l("4", "0")+`</lines></class>`,
				class("m.py", l("4", "1"), l("5", "0"))),
			Options{},
			"format: cobertura\nm.py: 3=7 4=1 5=0\n"},
		{"sources after the packages, namespaces, entities, CDATA",
			`<c:coverage xmlns:c="urn:x"><c:packages><c:package><c:classes><c:class filename="a&amp;b.py"><c:lines>` + l(" 2 ", "-1") + l("3", " 4 ") + `</c:lines></c:class></c:classes></c:package></c:packages>` +
				`<c:sources><c:source><![CDATA[sr]]>c<!-- x --></c:source></c:sources></c:coverage>`,
			Options{},
			"format: cobertura\nsrc/a&b.py: 2=0 3=4\n"},
		{"DOCTYPE with an external DTD, comments and processing instructions",
			"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE coverage SYSTEM \"http://cobertura.sourceforge.net/xml/coverage-04.dtd\">\n<?xml-stylesheet href=\"c.xsl\"?>\n<!-- c -->\n" +
				"<coverage><packages><package><classes>" + class("a.js", l("1", "1")) + "</classes></package></packages></coverage>",
			Options{},
			"format: cobertura\na.js: 1=1\n"},
		{"no packages",
			"<coverage line-rate=\"0\"><sources><source>.</source></sources><packages/></coverage>",
			Options{},
			"format: cobertura\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(mustParse(t, tt.src, tt.opts)); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestCoberturaStreams reads a large report through a reader that makes
// its lines as it goes, so the report never exists in memory at once.
func TestCoberturaStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	const classes, lines = 2000, 200
	r := &genReader{next: func(i int) string {
		switch {
		case i == 0:
			return "<?xml version=\"1.0\"?>\n<coverage><sources><source>.</source></sources><packages><package><classes>\n"
		case i <= classes:
			var b strings.Builder
			b.WriteString("<class filename=\"big.py\"><lines>\n")
			for n := 1; n <= lines; n++ {
				b.WriteString(`<line number="` + strconv.Itoa(n) + `" hits="` + strconv.Itoa(i%3) + `" branch="false"/>` + "\n")
			}
			b.WriteString("</lines></class>\n")
			return b.String()
		case i == classes+1:
			return "</classes></package></packages></coverage>\n"
		}
		return ""
	}}
	p, err := Parse(r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := p.File("big.py")
	if len(f.Lines) != lines || f.Lines[1] != 2 {
		t.Errorf("big.py: %d lines, line 1 = %d", len(f.Lines), f.Lines[1])
	}
	if r.n < 10<<20 {
		t.Errorf("only %d bytes generated", r.n)
	}
}

// genReader reads the strings next returns for 0, 1, ... until it returns
// "".
type genReader struct {
	next func(int) string
	i    int
	buf  string
	n    int
}

func (g *genReader) Read(p []byte) (int, error) {
	for g.buf == "" {
		g.buf = g.next(g.i)
		if g.buf == "" {
			return 0, io.EOF
		}
		g.i++
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	g.n += n
	return n, nil
}

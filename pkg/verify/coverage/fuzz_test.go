package coverage

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds arbitrary reports to every parser: none may panic, hang
// or expand a small input into a huge profile, and what they return must
// be well-formed.
func FuzzParse(f *testing.F) {
	root := calcRoot(f)
	for _, name := range []string{"go/calc.out", "go/all.out", "lcov/calc-js.info", "lcov/calc-go.info",
		"cobertura/calc-js.xml", "cobertura/calc-go.xml", "bad/coverage.out", "bad/lcov.info", "bad/entities.xml", "bad/jacoco.xml"} {
		b, err := os.ReadFile(filepath.Join(fixtures(f), filepath.FromSlash(name)))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
	}
	f.Add([]byte("mode: set\na.go:1.1,99999999.1 1 1\n"), uint8(1))
	f.Add([]byte("SF:a\nDA:1,1\nend_of_record\n"), uint8(2))
	f.Add([]byte("<coverage><packages><package><classes><class filename=\"a\"><lines><line number=\"1\" hits=\"1\"/></lines></class></classes></package></packages></coverage>"), uint8(3))

	// A small budget keeps each run fast; the check below holds for any.
	defer func(b, p int64) { lineBudgetBase, lineBudgetPerByte = b, p }(lineBudgetBase, lineBudgetPerByte)
	lineBudgetBase, lineBudgetPerByte = 1<<16, 64
	formats := []string{FormatAuto, FormatGo, FormatLCOV, FormatCobertura}

	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		opts := Options{Root: root, Format: formats[int(format)%len(formats)]}
		p, err := Parse(bytes.NewReader(data), opts)
		if err != nil {
			if p != nil {
				t.Fatal("profile and error both returned")
			}
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		total := 0
		for name, file := range p.Files {
			if name == "" || file == nil {
				t.Fatalf("bad file entry %q", name)
			}
			for line, hits := range file.Lines {
				if line < 1 || hits < 0 {
					t.Fatalf("%s: line %d hits %d", name, line, hits)
				}
			}
			total += len(file.Lines)
		}
		if limit := lineBudgetBase + lineBudgetPerByte*int64(len(data)) + int64(len(data)); int64(total) > limit {
			t.Fatalf("%d bytes expanded to %d lines", len(data), total)
		}
	})
}

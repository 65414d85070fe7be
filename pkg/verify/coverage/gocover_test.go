package coverage

import (
	"os"
	"path/filepath"
	"testing"
)

func TestGoLines(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"blocks meet on a line: the larger count wins",
			"mode: count\na.go:3.20,4.12 1 5\na.go:4.12,6.3 1 0\na.go:7.2,7.10 1 5\n",
			"format: go\na.go: 3-4=5 5-6=0 7=5\n"},
		{"blocks of no statements make no line executable",
			"mode: set\na.go:1.1,3.2 0 1\na.go:5.1,5.9 1 0\n",
			"format: go\na.go: 5=0\n"},
		{"a block ending at column 1 does not reach that line",
			"mode: set\na.go:1.5,3.1 1 1\na.go:5.1,5.1 1 1\n",
			"format: go\na.go: 1-2=1 5=1\n"},
		{"count mode: the same block twice adds up",
			"mode: count\na.go:1.1,2.2 1 2\na.go:1.1,2.2 1 3\na.go:2.2,3.2 1 1\n",
			"format: go\na.go: 1-2=5 3=1\n"},
		{"set mode: the same block twice is or-ed",
			"mode: set\na.go:1.1,2.2 1 1\na.go:1.1,2.2 1 1\na.go:1.1,2.2 1 0\n",
			"format: go\na.go: 1-2=1\n"},
		{"concatenated profiles, blank and CRLF lines",
			"mode: set\r\na.go:1.1,1.9 1 0\r\n\r\nmode: atomic\r\na.go:1.1,1.9 1 7\r\nb.go:2.1,2.9 1 0\r\n",
			"format: go\na.go: 1=7\nb.go: 2=0\n"},
		{"names with spaces and colons",
			"mode: set\nC:/my dir/a b.go:1.1,1.9 1 1\n",
			"format: go\nC:/my dir/a b.go: 1=1\n"},
		{"counts saturate",
			"mode: count\na.go:1.1,1.9 1 99999999999999999999999\na.go:1.1,1.9 1 9223372036854775807\n",
			"format: go\na.go: 1=9223372036854775807\n"},
		{"only a mode line: no files",
			"mode: set\n",
			"format: go\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(mustParse(t, tt.src, Options{})); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestGoPaths(t *testing.T) {
	root := calcRoot(t)
	tests := []struct {
		name, file string
		opts       Options
		want       string
	}{
		{"module path from go.mod", "example.com/calc/calc.go", Options{Root: root}, "calc.go"},
		{"package directory", "example.com/calc/shape/shape.go", Options{Root: root}, "shape/shape.go"},
		{"module path given", "example.com/calc/shape/shape.go", Options{Root: root, ModulePath: "example.com/calc"}, "shape/shape.go"},
		{"module path given, no root", "example.com/calc/shape/shape.go", Options{ModulePath: "example.com/calc"}, "shape/shape.go"},
		{"module path given wins over go.mod", "example.org/other/calc.go", Options{Root: root, ModulePath: "example.org/other"}, "calc.go"},
		{"nested module in a directory of another name", "example.com/calc/plugins/plugins.go", Options{Root: root}, "ext/plugins/plugins.go"},
		{"nested module path only shares a string prefix", "example.com/calctools/gen.go", Options{Root: root}, "tools/gen.go"},
		{"missing file of the root module", "example.com/calc/gone.go", Options{Root: root}, "gone.go"},
		{"absolute inside root", filepath.Join(root, "shape", "shape.go"), Options{Root: root}, "shape/shape.go"},
		{"absolute outside root", "/usr/local/go/src/fmt/print.go", Options{Root: root}, "/usr/local/go/src/fmt/print.go"},
		{"absolute, no root", "/src/calc/calc.go", Options{}, "/src/calc/calc.go"},
		{"relative already", "shape/shape.go", Options{Root: root}, "shape/shape.go"},
		{"dot-relative", "./shape/../shape/shape.go", Options{Root: root}, "shape/shape.go"},
		{"import path of another module", "golang.org/x/text/width/width.go", Options{Root: root}, "golang.org/x/text/width/width.go"},
		{"no root, no module", "example.com/calc/calc.go", Options{}, "example.com/calc/calc.go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, "mode: set\n"+tt.file+":1.1,1.9 1 1\n", tt.opts)
			if _, ok := p.Files[tt.want]; !ok || len(p.Files) != 1 {
				t.Errorf("files = %v, want [%s]", p.paths(), tt.want)
			}
		})
	}
}

func TestGoNestedModulesWithoutRootModule(t *testing.T) {
	root := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("services/api/go.mod", "// The API.\nmodule \"example.com/api\" // quoted\n\ngo 1.26\n")
	write("services/api/v2/go.mod", "module example.com/api/v2\n")
	write("services/api/v2/h.go", "package api\n")
	write("services/api/h.go", "package api\n")
	write("node_modules/x/go.mod", "module example.com/api/v2\n") // skipped
	write(".cache/go.mod", "module example.com/api/v2\n")         // skipped
	src := "mode: set\nexample.com/api/h.go:1.1,1.9 1 1\nexample.com/api/v2/h.go:1.1,1.9 1 0\n"
	p := mustParse(t, src, Options{Root: root})
	if got, want := render(p), "format: go\nservices/api/h.go: 1=1\nservices/api/v2/h.go: 1=0\n"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestGoSymlinkedRoot(t *testing.T) {
	link := filepath.Join(t.TempDir(), "calc")
	if err := os.Symlink(calcRoot(t), link); err != nil {
		t.Skip(err)
	}
	real, err := filepath.EvalSymlinks(link)
	if err != nil {
		t.Fatal(err)
	}
	p := mustParse(t, "mode: set\n"+filepath.Join(real, "calc.go")+":1.1,1.9 1 1\n", Options{Root: link})
	if _, ok := p.File("calc.go"); !ok {
		t.Errorf("files = %v, want [calc.go]", p.paths())
	}
}

func TestReadModulePath(t *testing.T) {
	dir := t.TempDir()
	tests := map[string]string{
		"module example.com/a\n":                  "example.com/a",
		"// c\nmodule   example.com/b // c\n":     "example.com/b",
		"module \"example.com/c\"\n":              "example.com/c",
		"module `example.com/d`\n":                "example.com/d",
		"modules example.com/e\nmodule x.org/f\n": "x.org/f",
		"go 1.26\n": "",
	}
	for src, want := range tests {
		p := filepath.Join(dir, "go.mod")
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := readModulePath(p); got != want {
			t.Errorf("readModulePath(%q) = %q, want %q", src, got, want)
		}
	}
	if got := readModulePath(filepath.Join(dir, "none")); got != "" {
		t.Errorf("missing go.mod: %q", got)
	}
}

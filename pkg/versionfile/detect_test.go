package versionfile

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestDetect(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		// Found: they hold a version.
		"package.json":                file(`{"name": "shop", "version": "1.4.2"}`),
		"pyproject.toml":              file("[project]\nversion = \"1.4.2\"\n"),
		"shop/__init__.py":            file("__version__ = \"1.4.2\"\n"),
		"src/shopper/_version.py":     file("__version__ = '1.4.2'\n"),
		"shop.gemspec":                file("spec.version = \"1.4.2\"\n"),
		"lib/shop/version.rb":         file("VERSION = \"1.4.2\"\n"),
		"VERSION":                     file("1.4.2\n"),
		"internal/version/version.go": file("package version\n\nconst Version = \"1.4.2\"\n"),
		"cmd/shop/main.go":            file("package main\n\nconst (\n\tVersion = \"1.4.2\"\n)\n\nfunc main() {}\n"),
		"main.go":                     file("package main\n\nconst Version = \"v1.4.2\"\n"),
		// Not found: no version in them, not a known place, or not the
		// project's own.
		"setup.py":                 file("setup(version=VERSION)\n"),
		"pom.xml":                  file("<project><parent><version>1</version></parent></project>"),
		"other/__init__.py":        file("import os\n"),
		"tests/__init__.py":        file("__version__ = '0.0.1'\n"),
		"vendor/x/__init__.py":     file("__version__ = '0.0.1'\n"),
		"node_modules/__init__.py": file("__version__ = '0.0.1'\n"),
		"main_test.go":             file("package main\n\nconst Version = \"0.0.1\"\n"),
		"pkg/version/version.go":   file("package version\n\nconst Version = \"0.0.1\"\n"),
		"a/b/__init__.py":          file("__version__ = '0.0.1'\n"),
		"Cargo.toml":               file("[dependencies]\nversion = \"1\"\n"),
		"build.gradle":             file("not { gradle\n"),
		"VERSION.txt":              {Mode: 0o777 | 1<<31 /* a directory-like mode */},
	}
	got := strings.Join(Detect(fsys), " ")
	want := "VERSION cmd/shop/main.go internal/version/version.go lib/shop/version.rb main.go package.json pyproject.toml shop.gemspec shop/__init__.py src/shopper/_version.py"
	if got != want {
		t.Fatalf("Detect:\n got %s\nwant %s", got, want)
	}
	if d := Detect(fstest.MapFS{}); len(d) != 0 {
		t.Fatalf("empty: %v", d)
	}
}

func TestDetectSkipsBigFiles(t *testing.T) {
	big := append([]byte("1.0.0"), make([]byte, MaxSize)...)
	if d := Detect(fstest.MapFS{"VERSION": {Data: big}}); len(d) != 0 {
		t.Fatalf("%v", d)
	}
}

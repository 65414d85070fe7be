package versionfile

import (
	"bytes"
	"testing"
)

// fuzzPaths are the formats the fuzzer picks from by its first byte.
var fuzzPaths = []string{"package.json", "pyproject.toml", "Cargo.toml", "setup.cfg", "setup.py", "pkg/__init__.py", "pom.xml",
	"build.gradle", "build.gradle.kts", "gradle.properties", "x.gemspec", "lib/x/version.rb", "VERSION", "version.go"}

// formatName is the name of a path's format.
func formatName(p string) string {
	fm, _ := formatOf(p)
	return fm.name
}

// FuzzRewrite: whatever the bytes, Read and Rewrite never panic; when a
// file reads, rewriting it gives a file that reads as the new version (in
// the file's style), with the same places, and rewriting that back to the
// old version gives the original bytes: nothing but the version changed.
//
//	go test ./pkg/versionfile -run '^$' -fuzz '^FuzzRewrite$' -fuzztime 2m
func FuzzRewrite(f *testing.F) {
	for _, c := range rewriteCases {
		in, _ := unmark(c.marked, nil)
		for j, p := range fuzzPaths {
			if Supported(p) && formatName(p) == formatName(c.path) {
				f.Add(uint8(j), []byte(in), "2.0.0-rc.2")
			}
		}
	}
	f.Add(uint8(1), []byte("[project]\nversion = '1.0.0'\n[tool.poetry]\nversion = \"1.0.0\"\n"), "1.0.1")
	f.Add(uint8(6), []byte("<project><version>1.0.0</version><x><version>2</version></x></project>"), "1.0.1")
	f.Add(uint8(13), []byte("package p\nconst Version = `1.0.0`\n"), "v1.0.1")
	f.Fuzz(func(t *testing.T, which uint8, data []byte, version string) {
		path := fuzzPaths[int(which)%len(fuzzPaths)]
		old, err := Read(path, data)
		if err != nil {
			if _, _, err2 := Rewrite(path, data, "1.2.3"); err2 == nil {
				t.Fatalf("Rewrite accepted what Read refused: %v", err)
			}
			return
		}
		out, was, err := Rewrite(path, data, version)
		if err != nil {
			return // not a version
		}
		if was.Text != old.Text {
			t.Fatalf("Rewrite saw %q, Read %q", was.Text, old.Text)
		}
		now, err := Read(path, out)
		if err != nil {
			t.Fatalf("the rewritten file does not read: %v\n%q", err, out)
		}
		want := version
		if len(want) > 0 && want[0] == 'v' {
			want = want[1:]
		}
		if old.Text[0] == 'v' {
			want = "v" + want
		}
		if now.Text != want || len(now.Places) != len(old.Places) {
			t.Fatalf("rewritten to %q, reads %q (%d places, was %d)\n%q", version, now.Text, len(now.Places), len(old.Places), out)
		}
		back, _, err := Rewrite(path, out, old.Plain())
		if err != nil || !bytes.Equal(back, data) {
			t.Fatalf("rewriting back changed more than the version: %v\n%q\n%q", err, data, back)
		}
	})
}

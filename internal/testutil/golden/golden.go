// Package golden compares a test's output with a golden file, and rewrites
// the file instead when the test binary runs with -update:
//
//	go test ./internal/logscan -run TestGolden -update
//
// Review the diff before committing a rewritten file. The package imports
// only the standard library, so any test in the module may use it, pkg/'s
// included.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files with the output of the tests")

// Update reports whether the test binary runs with -update.
func Update() bool { return *update }

// Check compares got with the golden file at path (relative to the test's
// package directory). With -update it writes got to the file, creating its
// directory, and the comparison passes. A missing file stops the test; a
// different one fails it, showing the first lines that differ.
func Check(t testing.TB, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
		return
	}
	if got != string(want) {
		t.Errorf("%s differs from the output (go test -update rewrites it; review the diff):\n%s", path, Diff(string(want), got))
	}
}

// Diff shows the first ten lines that differ between want and got, with
// their numbers.
func Diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			shown++
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl + "\n")
		}
	}
	return b.String()
}

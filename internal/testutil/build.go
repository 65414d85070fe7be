package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// built caches the binaries BuildBinary made, by absolute package directory,
// for the life of the test process.
var built struct {
	sync.Mutex
	dir  string
	bins map[string]builtBinary
}

type builtBinary struct {
	path string
	err  string
}

// BuildBinary compiles the main package in pkgDir with `go build` the first
// time it is called for that directory in a test process, and returns the
// executable's path; later calls return the same executable (or fail the same
// way). The executables live in one temporary directory; call RemoveBinaries
// from TestMain after m.Run to delete it.
func BuildBinary(t testing.TB, pkgDir string) string {
	t.Helper()
	abs, err := filepath.Abs(pkgDir)
	if err != nil {
		t.Fatal(err)
	}
	built.Lock()
	defer built.Unlock()
	b, ok := built.bins[abs]
	if !ok {
		b = buildBinary(abs)
		if built.bins == nil {
			built.bins = map[string]builtBinary{}
		}
		built.bins[abs] = b
	}
	if b.err != "" {
		t.Fatalf("building %s: %s", abs, b.err)
	}
	return b.path
}

// buildBinary runs go build for the package in dir; built must be locked.
func buildBinary(dir string) builtBinary {
	if built.dir == "" {
		d, err := os.MkdirTemp("", "hotfix-testbin-")
		if err != nil {
			return builtBinary{err: err.Error()}
		}
		built.dir = d
	}
	out := filepath.Join(built.dir, filepath.Base(dir)+"-"+strconv.Itoa(len(built.bins)))
	if runtime.GOOS == "windows" {
		out += ".exe"
	}
	// `go test` puts the go command of the running toolchain first in PATH.
	cmd := exec.Command("go", "build", "-o", out, ".")
	cmd.Dir = dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		return builtBinary{err: strings.TrimSpace(err.Error() + "\n" + string(msg))}
	}
	return builtBinary{path: out}
}

// RemoveBinaries deletes the executables BuildBinary made. Call it once, from
// TestMain, after the tests have run.
func RemoveBinaries() {
	built.Lock()
	defer built.Unlock()
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	built.dir, built.bins = "", nil
}

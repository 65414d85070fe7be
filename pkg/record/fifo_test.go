//go:build unix

package record

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A FIFO where a record should be is refused at once, naming what it is
// (issue 16, item 10).
func TestLoadRefusesAFIFO(t *testing.T) {
	s := Store{Root: t.TempDir(), Dir: ".hotfix"}
	if err := os.MkdirAll(filepath.Join(s.Root, s.Dir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(s.Path("2026-01-01-x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load("2026-01-01-x"); err == nil || !strings.Contains(err.Error(), "named pipe (FIFO), not a regular file") {
		t.Fatalf("%v", err)
	}
}

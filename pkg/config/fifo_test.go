//go:build unix

package config

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A FIFO named .hotfix.yaml is refused at once, never read: reading it
// would block until someone writes to it (issue 16, item 10).
func TestLoadRefusesAFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, FileName), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "named pipe") || !strings.Contains(err.Error(), FileName) {
		t.Fatalf("%v", err)
	}
}

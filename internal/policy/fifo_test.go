//go:build unix

package policy_test

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/policy"
)

// A FIFO as --config or as the work tree's .hotfix.yaml is refused at
// once, never read (issue 16, item 10).
func TestFIFOPolicyIsRefused(t *testing.T) {
	r := released(t)
	fifo := filepath.Join(t.TempDir(), "policy.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := policy.Governing(open(t, r.Dir, false), policy.Options{File: fifo}); err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Fatalf("a FIFO as --config: %v", err)
	}
	if err := syscall.Mkfifo(filepath.Join(r.Dir, ".hotfix.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := policy.Governing(open(t, r.Dir, false), policy.Options{}); err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Fatalf("a FIFO .hotfix.yaml: %v", err)
	}
}

package fsutil

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestWriteLocked(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "refs", "heads", "x")
	if err := WriteLocked(p, []byte("one\n"), 0o644, nil); err != nil {
		t.Fatal(err)
	}
	// A failing write (a full disk) leaves the old content and no lock.
	restore := InjectWriteFault(func(string) error { return syscall.ENOSPC })
	err := WriteLocked(p, []byte("two\n"), 0o644, nil)
	restore()
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("want ENOSPC, got %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "one\n" {
		t.Fatalf("content after a failed write: %q", b)
	}
	if _, err := os.Stat(p + ".lock"); !os.IsNotExist(err) {
		t.Fatalf("lock file left: %v", err)
	}
	// A failing check changes nothing.
	bad := errors.New("changed")
	if err := WriteLocked(p, []byte("three\n"), 0o644, func() error { return bad }); !errors.Is(err, bad) {
		t.Fatalf("check error: %v", err)
	}
	// A lock held by someone else is refused, naming the lock file.
	if err := os.WriteFile(p+".lock", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err = WriteLocked(p, []byte("four\n"), 0o644, nil)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("want ErrLocked, got %v", err)
	}
	if _, err := os.Stat(p + ".lock"); err != nil {
		t.Fatalf("someone else's lock removed: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "one\n" {
		t.Fatalf("content: %q", b)
	}
}

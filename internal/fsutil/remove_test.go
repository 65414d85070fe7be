package fsutil

import (
	"os"
	"path/filepath"
	"testing"
)

// Remove removes a file, and says nothing when there is none: missing, or
// under a "directory" that is a file.
func TestRemove(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "a.yaml")
	if err := os.WriteFile(f, []byte("a"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{f, f, filepath.Join(f, "under-a-file.yaml")} {
		if err := Remove(p); err != nil {
			t.Fatalf("Remove(%s): %v", p, err)
		}
	}
	if _, err := os.Lstat(f); !os.IsNotExist(err) {
		t.Fatalf("the file is still there: %v", err)
	}
	// A directory that is not empty is a real failure.
	full := filepath.Join(dir, "full")
	if err := os.MkdirAll(filepath.Join(full, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Remove(full); err == nil {
		t.Fatal("a non-empty directory was reported removed")
	}
}

// Package fsutil holds the file-system primitives every command shares:
// atomic writes, so that a crash or a full disk never leaves a half-written
// record, config, postmortem or state file behind.
package fsutil

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/crashpoint"
)

// WriteFile writes data to path atomically: it writes a temporary file in the
// same directory, syncs it, renames it over path and syncs the directory.
// Readers see either the old content or the new, never a mix. Missing parent
// directories are created with mode 0o755. Temporary files of path left
// behind by a process killed part-way through an earlier write are removed
// once the new content is in place.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	base := filepath.Base(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, tempPrefix(base)+"*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	crashpoint.Hit(crashpoint.Name("write.created", base))
	ok := false
	defer func() {
		if !ok {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	// Written in two halves, so that the crash harness can kill the process
	// with half the data on disk.
	half := len(data) / 2
	if _, err := f.Write(data[:half]); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	crashpoint.Hit(crashpoint.Name("write.half", base))
	if _, err := f.Write(data[half:]); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(perm); err != nil {
		return err
	}
	crashpoint.Hit(crashpoint.Name("write.sync", base))
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	crashpoint.Hit(crashpoint.Name("write.rename", base))
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	ok = true
	crashpoint.Hit(crashpoint.Name("write.renamed", base))
	removeStaleTemps(dir, base)
	return SyncDir(dir)
}

// tempPrefix is how the temporary files of a file named base begin.
func tempPrefix(base string) string { return "." + base + ".tmp-" }

// removeStaleTemps removes the temporary files of base in dir: left by a
// write that was killed before its rename, they hold nothing the file does
// not. (Two writers of one file at once are kept apart by the command lock.)
func removeStaleTemps(dir, base string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := tempPrefix(base)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) && e.Type().IsRegular() {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// IsTemp says whether name (a base name) is one of WriteFile's temporary
// files.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-")
}

// SyncDir flushes a directory's entries to disk so that a rename or a new file
// inside it survives a power loss. Platforms that cannot sync a directory
// (Windows) are not treated as failing.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	_ = d.Sync()
	return nil
}

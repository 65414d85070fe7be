package fsutil

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// Remove removes the file at path. Nothing there is not an error: neither
// a missing path nor one whose parent is a file (a directory that never
// was made). It is how an undo removes what its step may not have written.
func Remove(path string) error {
	err := os.Remove(path)
	if err == nil || errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil
	}
	return err
}

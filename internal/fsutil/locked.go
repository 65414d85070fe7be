package fsutil

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// ErrLocked is returned by WriteLocked when path's lock file already
// exists: another process is writing path, or one died while it was.
var ErrLocked = errors.New("lock file exists")

var (
	faultMu sync.Mutex
	fault   func(path string) error
)

// InjectWriteFault makes every later WriteLocked fail its write of the
// data with the error f returns for the path (nil lets the write through),
// as a full disk would: the lock file is created, then the write fails.
// Tests use it where no small file system can be mounted. It returns the
// function that removes the fault.
func InjectWriteFault(f func(path string) error) (restore func()) {
	faultMu.Lock()
	old := fault
	fault = f
	faultMu.Unlock()
	return func() {
		faultMu.Lock()
		fault = old
		faultMu.Unlock()
	}
}

func injected(path string) error {
	faultMu.Lock()
	f := fault
	faultMu.Unlock()
	if f == nil {
		return nil
	}
	return f(path)
}

// WriteLocked writes data to path as git writes a ref: it creates
// path.lock exclusively (ErrLocked when it exists), calls check while it
// holds the lock (to compare the old content; nil for none), writes and
// syncs the lock file, then renames it over path and syncs the directory.
// Readers see the old content or the new, never an empty or partial file;
// on any failure the lock file is removed and path is left as it was.
// Missing parent directories are created.
func WriteLocked(path string, data []byte, perm os.FileMode, check func() error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	lock := path + ".lock"
	f, err := os.OpenFile(lock, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%w: %s (another git process may be writing %s; if none is running, remove the lock file)", ErrLocked, lock, filepath.Base(path))
	}
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			_ = f.Close()
			_ = os.Remove(lock)
		}
	}()
	if check != nil {
		if err := check(); err != nil {
			return err
		}
	}
	if err := injected(path); err != nil {
		return fmt.Errorf("write %s: %w", lock, err)
	}
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", lock, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", lock, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", lock, err)
	}
	if err := os.Rename(lock, path); err != nil {
		return err
	}
	done = true
	return SyncDir(dir)
}

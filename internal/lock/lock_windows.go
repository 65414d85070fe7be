//go:build windows

package lock

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// removeOnRelease: Release empties the lock file but keeps it, since Windows
// cannot remove a file that a waiter has open.
const removeOnRelease = false

// errBusy is what lockFile returns when another handle holds the lock.
var errBusy = errors.New("lock held")

// The locked byte lies far past the holder description: Windows locks are
// mandatory, and locking the bytes a waiter reads would stop it from
// reading who holds the lock.
const lockOffsetHigh = 0x7fffffff

// lockFile takes an exclusive LockFileEx lock on f without blocking. Windows
// releases it when the handle is closed, including when the process dies.
func lockFile(f *os.File) error {
	ol := &windows.Overlapped{OffsetHigh: lockOffsetHigh}
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
		return errBusy
	}
	return err
}

// unlockFile releases the lock on f.
func unlockFile(f *os.File) error {
	ol := &windows.Overlapped{OffsetHigh: lockOffsetHigh}
	return windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, ol)
}

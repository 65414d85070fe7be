//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package lock

import (
	"errors"
	"os"
	"syscall"
)

// removeOnRelease: Release removes the lock file (see Release).
const removeOnRelease = true

// errBusy is what lockFile returns when another open file holds the lock.
var errBusy = errors.New("lock held")

// lockFile takes an exclusive flock on f without blocking. flock locks
// belong to the open file, so two opens in one process exclude each other,
// and the kernel drops the lock when the last descriptor closes, including
// when the process is killed.
func lockFile(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return errBusy
		}
		return err
	}
}

// unlockFile releases the flock on f.
func unlockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}

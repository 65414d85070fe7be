//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || windows)

package lock

import (
	"errors"
	"os"
)

// removeOnRelease: Release removes the lock file (see Release).
const removeOnRelease = true

// errBusy is never returned here.
var errBusy = errors.New("lock held")

// lockFile does nothing on systems without flock or LockFileEx (hotfix is
// released for Linux, macOS and Windows): commands run unlocked there.
func lockFile(*os.File) error { return nil }

// unlockFile does nothing.
func unlockFile(*os.File) error { return nil }

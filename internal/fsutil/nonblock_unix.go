//go:build unix

package fsutil

import "syscall"

// oNonblock opens without waiting for a FIFO's writer.
const oNonblock = syscall.O_NONBLOCK

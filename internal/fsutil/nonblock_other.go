//go:build !unix

package fsutil

// oNonblock is 0 where there is no non-blocking open.
const oNonblock = 0

package verifyrun

import (
	"math"
	"runtime/debug"
)

// gcPercent and gcLimit are the garbage collector's settings for one
// check: a check allocates tens of megabytes and exits (about 40 MB on
// moby), so the default (collect when the heap doubles, from 4 MB) spends
// a fifth of its own CPU time collecting; Go's compiler raises its
// starting heap for the same reason. The limit bounds the room this
// gives on a very large change: near it the collector runs as often as
// it must.
const (
	gcPercent = 400
	gcLimit   = 512 << 20
)

// gcForOneCheck gives the collector room for one check, unless GOGC or
// GOMEMLIMIT is set (the user's setting wins), and returns what restores
// the previous settings.
func gcForOneCheck(getenv func(string) string) (restore func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(gcPercent)
	limit := debug.SetMemoryLimit(-1) // reads it
	if limit == math.MaxInt64 {
		debug.SetMemoryLimit(gcLimit)
	}
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

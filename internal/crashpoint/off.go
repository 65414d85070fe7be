//go:build !hotfixcrash || !unix

package crashpoint

import "time"

// Enabled says whether this binary carries the kill switch (built with
// -tags hotfixcrash, on a Unix system).
const Enabled = false

// Hit marks a crash point; in this build it does nothing.
func Hit(name string) {}

// Now returns the fixed time of HOTFIX_CRASH_NOW; in this build there is
// none, and ok is false.
func Now() (t time.Time, ok bool) { return time.Time{}, false }

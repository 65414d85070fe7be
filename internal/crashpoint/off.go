//go:build !hotfixcrash || !unix

package crashpoint

// Enabled says whether this binary carries the kill switch (built with
// -tags hotfixcrash, on a Unix system).
const Enabled = false

// Hit marks a crash point; in this build it does nothing.
func Hit(name string) {}

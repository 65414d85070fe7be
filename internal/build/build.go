// Package build holds what the release build stamps into the binary.
// goreleaser sets these with -ldflags "-X"; a plain `go install` leaves the
// defaults, and Version then falls back to the module version Go recorded.
package build

import "runtime/debug"

// Version is the release version, e.g. "1.4.2".
var Version = "dev"

// Commit is the full commit hash the binary was built from.
var Commit = "none"

// Date is the build date in RFC 3339.
var Date = "unknown"

// String renders the version line printed by `hotfix --version`.
func String() string {
	v := Version
	if v == "dev" {
		if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
	}
	return "hotfix " + v + " (commit " + Commit + ", built " + Date + ")"
}

//go:build !unix

package verifyrun

import "os/exec"

// inOwnGroup leaves cmd as it is: without process groups, cancellation
// kills the shell only.
func inOwnGroup(cmd *exec.Cmd) {}

// killGroup does nothing without process groups.
func killGroup(cmd *exec.Cmd) error { return nil }

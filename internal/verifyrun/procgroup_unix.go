//go:build unix

package verifyrun

import (
	"os/exec"
	"syscall"
)

// inOwnGroup makes cmd the leader of a new process group, and its
// cancellation (the timeout, or Ctrl-C) kill the whole group: a test
// command's own children (test binaries, servers, a background sleeper)
// die with it instead of running on as orphans.
func inOwnGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return killGroup(cmd)
	}
}

// killGroup kills cmd's process group.
func killGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}

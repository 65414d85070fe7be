//go:build unix

package hotfixcmd_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/hotfixcmd"
	"github.com/hotfix-dev/hotfix/internal/lock"
)

// waitExit waits up to d for cmd to end and returns its exit code, or
// fails the test (and kills cmd) when it does not end.
func waitExit(t *testing.T, cmd *exec.Cmd, d time.Duration) int {
	t.Helper()
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
		return cmd.ProcessState.ExitCode()
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%v still running after %s", cmd.Args, d)
		return -1
	}
}

// A hotfix blocked reading a FIFO with no writer (here `triage logs
// --record FIFO`, holding the repository lock) ends with 130 at a second
// Ctrl-C, or at one SIGTERM within its grace, and the next writer runs at
// once (issue 16, item 10).
func TestSignalsEndABlockedRead(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	run := binary(t)
	for _, tc := range []struct {
		name string
		sigs []syscall.Signal
		want string
	}{
		{"second ctrl-c", []syscall.Signal{syscall.SIGINT, syscall.SIGINT}, "interrupted again"},
		{"sigterm", []syscall.Signal{syscall.SIGTERM}, "terminated"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := started(t)
			fifo := filepath.Join(t.TempDir(), "logs")
			if err := syscall.Mkfifo(fifo, 0o644); err != nil {
				t.Fatal(err)
			}
			holder := run(r.Dir, nil, "triage", "logs", "--record", fifo)
			var stderr bytes.Buffer
			holder.Stderr = &stderr
			if err := holder.Start(); err != nil {
				t.Fatal(err)
			}
			path := lockPath(t, r.Dir)
			deadline := time.Now().Add(30 * time.Second)
			for lock.ReadHolder(path).PID != holder.Process.Pid {
				if time.Now().After(deadline) {
					holder.Process.Kill()
					t.Fatal("the holder never took the lock")
				}
				time.Sleep(10 * time.Millisecond)
			}
			time.Sleep(200 * time.Millisecond) // now blocked opening the FIFO
			for i, s := range tc.sigs {
				if i > 0 {
					time.Sleep(300 * time.Millisecond)
				}
				if err := holder.Process.Signal(s); err != nil {
					t.Fatal(err)
				}
			}
			start := time.Now()
			if code := waitExit(t, holder, hotfixcmd.TermGrace+10*time.Second); code != 130 || !strings.Contains(stderr.String(), tc.want) {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			t.Logf("ended %v after the last signal", time.Since(start).Round(time.Millisecond))
			if out, err := run(r.Dir, nil, "triage", "hypothesis", "x").CombinedOutput(); err != nil || strings.Contains(string(out), "waiting") {
				t.Fatalf("after the holder ended: %v\n%s", err, out)
			}
		})
	}
}

// FIFOs, devices and directories are refused where hotfix reads a file,
// at once, never read (a FIFO would block for ever): the work tree's
// .hotfix.yaml, --config, a record, start's --answers (close's --answers
// is read by the same fsutil.ReadRegular).
func TestNonRegularInputsAreRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	run := binary(t)
	r := started(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	check := func(what string, wantCode int, want string, args ...string) {
		t.Helper()
		cmd := run(r.Dir, nil, args...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if code := waitExit(t, cmd, 20*time.Second); code != wantCode || !strings.Contains(out.String(), want) {
			t.Errorf("%s: exit %d (want %d, %q)\n%s", what, code, wantCode, want, out.String())
		}
	}
	check("start --answers FIFO", 2, "named pipe", "start", "--no-input", "--answers", fifo)
	check("start --answers /dev/tty-like device", 2, "device", "start", "--no-input", "--answers", "/dev/null")
	check("start --answers DIR", 2, "directory", "start", "--no-input", "--answers", dir)
	check("--config FIFO", 1, "named pipe", "--config", fifo, "status")
	// A FIFO as a record: status lists it as an error and goes on.
	rec := filepath.Join(r.Dir, ".hotfix", "2026-01-01-fifo.yaml")
	if err := syscall.Mkfifo(rec, 0o644); err != nil {
		t.Fatal(err)
	}
	check("status with a FIFO record", 0, "2026-01-01-fifo.yaml is a named pipe (FIFO), not a regular file", "status")
	os.Remove(rec)
	// A FIFO named .hotfix.yaml does not hang status.
	if err := syscall.Mkfifo(filepath.Join(r.Dir, ".hotfix.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	check("status with a FIFO .hotfix.yaml", 1, "named pipe", "status")
}

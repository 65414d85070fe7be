//go:build linux

package verifyrun

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// groupMembers lists the live (not zombie) processes of process group pgid.
func groupMembers(pgid int) []string {
	var out []string
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join("/proc", d.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 2 && f[0] != "Z" && f[2] == strconv.Itoa(pgid) {
			out = append(out, d.Name())
		}
	}
	return out
}

// alive reports whether process pid runs (a zombie is dead).
func alive(pid string) bool {
	b, err := os.ReadFile(filepath.Join("/proc", pid, "stat"))
	if err != nil {
		return false
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] != "Z"
}

// A timed-out or cancelled test command takes its whole process group
// with it: the background sleeper it started does not survive (issue 16,
// item 11).
func TestRunShellKillsTheGroup(t *testing.T) {
	for _, how := range []string{"timeout", "cancel"} {
		t.Run(how, func(t *testing.T) {
			dir := t.TempDir()
			pidFile := filepath.Join(dir, "pids")
			cmd := `sleep 300 & echo $$ $! > ` + pidFile + `; sleep 300`
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			timeout := 300 * time.Second
			if how == "timeout" {
				timeout = 500 * time.Millisecond
			} else {
				go func() {
					for {
						if _, err := os.Stat(pidFile); err == nil {
							time.Sleep(100 * time.Millisecond)
							cancel()
							return
						}
						time.Sleep(20 * time.Millisecond)
					}
				}()
			}
			start := time.Now()
			res := RunShell(ctx, dir, cmd, timeout)
			if res.ExitCode != -1 || time.Since(start) > 10*time.Second {
				t.Fatalf("result %+v after %s", res, time.Since(start))
			}
			b, err := os.ReadFile(pidFile)
			if err != nil {
				t.Fatal(err)
			}
			f := strings.Fields(string(b))
			sh, _ := strconv.Atoi(f[0])
			deadline := time.Now().Add(3 * time.Second)
			for {
				left := groupMembers(sh)
				if alive(f[1]) {
					left = append(left, f[1])
				}
				if len(left) == 0 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("processes of the group survived: %v (sleeper %s)", left, f[1])
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
}

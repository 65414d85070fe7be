// Package crashpoint marks the points where the crash-safety harness may
// kill hotfix: inside every atomic file write, around every saved step, and
// around the network calls and record saves between them.
//
// In a release build Hit does nothing and costs a function call: the kill
// switch exists only in a binary built with `-tags hotfixcrash`. There,
// HOTFIX_CRASH_AT=NAME[#N] makes the process SIGKILL itself at the N-th hit
// (default the first) of the point NAME, and HOTFIX_CRASH_LOG=FILE appends
// the name of every point hit to FILE, one a line, so that a harness can
// first list the points of an uninterrupted run and then kill at each one.
package crashpoint

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
)

// Env names the point to kill at: NAME or NAME#N.
const Env = "HOTFIX_CRASH_AT"

// LogEnv names the file that every point hit is appended to.
const LogEnv = "HOTFIX_CRASH_LOG"

// Trigger decides, hit by hit, whether the process should die: it counts
// the hits of the point it names.
type Trigger struct {
	mu    sync.Mutex
	name  string
	nth   int
	count int
}

// ParseTrigger reads NAME or NAME#N (N counted from 1); an empty spec, or a
// malformed count, gives a Trigger that never fires.
func ParseTrigger(spec string) *Trigger {
	t := &Trigger{nth: 1}
	name, n, hasN := strings.Cut(spec, "#")
	if hasN {
		v, err := strconv.Atoi(n)
		if err != nil || v < 1 {
			return &Trigger{}
		}
		t.nth = v
	}
	t.name = name
	return t
}

// Fire counts a hit of the point name and says whether this is the hit to
// die at.
func (t *Trigger) Fire(name string) bool {
	if t == nil || t.name == "" || name != t.name {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.count++
	return t.count == t.nth
}

// Name joins a point's kind and its subject ("write.rename", "start.json")
// into the name Hit takes: "write.rename:start.json".
func Name(kind, subject string) string {
	if subject == "" {
		return kind
	}
	return kind + ":" + subject
}

// NowEnv fixes the time a crash-harness binary sees (RFC 3339), so that
// the records, commits and tags of a killed-and-rerun command can be
// compared byte for byte with those of an uninterrupted run.
const NowEnv = "HOTFIX_CRASH_NOW"

// ParseNow reads a NowEnv value; ok is false when it is empty or invalid.
func ParseNow(v string) (t time.Time, ok bool) {
	if v == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, v)
	return t, err == nil
}

// Clock returns real, or, in a crash-harness binary with HOTFIX_CRASH_NOW
// set, a clock fixed at that time.
func Clock(real clock.Clock) clock.Clock {
	if t, ok := Now(); ok {
		return clock.NewFixed(t)
	}
	return real
}

package verifyrun

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestGCForOneCheck: a check raises the collector's percentage and sets a
// memory limit, and puts both back; GOGC or GOMEMLIMIT in the environment
// leaves them alone.
func TestGCForOneCheck(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	restore := gcForOneCheck(func(string) string { return "" })
	if p := debug.SetGCPercent(gcPercent); p != gcPercent {
		t.Errorf("percent during the check %d, want %d", p, gcPercent)
	}
	if l := debug.SetMemoryLimit(-1); l != gcLimit {
		t.Errorf("limit during the check %d, want %d", l, gcLimit)
	}
	restore()
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("percent after the check %d, want 100", p)
	}
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Errorf("limit after the check %d, want none", l)
	}
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		restore := gcForOneCheck(func(k string) string {
			if k == env {
				return "50"
			}
			return ""
		})
		if p := debug.SetGCPercent(100); p != 100 {
			t.Errorf("%s set: percent %d, want it left at 100", env, p)
		}
		restore()
	}
}

package crashpoint

import (
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
)

func TestTrigger(t *testing.T) {
	for _, tc := range []struct {
		spec string
		hits []string
		want int // index of the hit that fires, -1 for none
	}{
		{"", []string{"a", "b"}, -1},
		{"b", []string{"a", "b", "b"}, 1},
		{"b#2", []string{"b", "a", "b", "b"}, 2},
		{"b#0", []string{"b", "b"}, -1},
		{"b#x", []string{"b"}, -1},
		{"step.ran:push", []string{"step.ran:commit", "step.ran:push"}, 1},
	} {
		tr := ParseTrigger(tc.spec)
		got := -1
		for i, h := range tc.hits {
			if tr.Fire(h) {
				if got != -1 {
					t.Errorf("%q fired twice", tc.spec)
				}
				got = i
			}
		}
		if got != tc.want {
			t.Errorf("%q over %v: fired at %d, want %d", tc.spec, tc.hits, got, tc.want)
		}
	}
	var nilT *Trigger
	if nilT.Fire("a") {
		t.Error("a nil trigger fired")
	}
}

func TestName(t *testing.T) {
	if got := Name("write.rename", "start.json"); got != "write.rename:start.json" {
		t.Error(got)
	}
	if got := Name("close", ""); got != "close" {
		t.Error(got)
	}
}

func TestHitWithoutTagDoesNothing(t *testing.T) {
	if Enabled {
		t.Skip("built with -tags hotfixcrash")
	}
	t.Setenv(Env, "x")
	Hit("x") // must return
}

func TestParseNow(t *testing.T) {
	if got, ok := ParseNow("2026-11-22T10:00:00Z"); !ok || !got.Equal(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)) {
		t.Fatal(got, ok)
	}
	for _, v := range []string{"", "yesterday"} {
		if _, ok := ParseNow(v); ok {
			t.Errorf("%q parsed", v)
		}
	}
	if !Enabled {
		t.Setenv(NowEnv, "2026-11-22T10:00:00Z")
		if _, ok := Now(); ok {
			t.Error("a release build took its time from the environment")
		}
		if _, fixed := Clock(clock.Real{}).(*clock.Fixed); fixed {
			t.Error("a release build has a fixed clock")
		}
	}
}

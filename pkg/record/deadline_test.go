package record

import (
	"strings"
	"testing"
	"time"
)

func TestParseDeadline(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"4h": "2026-11-22T14:00:00Z", "1d12h": "2026-11-23T22:00:00Z", "15:30": "2026-11-22T15:30:00Z",
		"09:00": "2026-11-23T09:00:00Z", "2026-11-24 08:15": "2026-11-24T08:15:00Z", "2026-11-25T01:00:00+02:00": "2026-11-24T23:00:00Z",
	} {
		got, err := ParseDeadline(in, now)
		if err != nil || got.Format(time.RFC3339) != want {
			t.Errorf("ParseDeadline(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, none := range []string{"-", "none", "NONE"} {
		if got, err := ParseDeadline(none, now); got != nil || err != nil {
			t.Errorf("%q: %v %v", none, got, err)
		}
	}
	if _, err := ParseDeadline("tomorrowish", now); err == nil {
		t.Error("accepted nonsense")
	}
}

// The update statuses are lower-case words, each once, from the first look
// to the end; `hotfix update --status` and its completion offer them in
// this order.
func TestUpdateStatuses(t *testing.T) {
	if got := strings.Join(UpdateStatuses, " "); got != "investigating identified fixing monitoring resolved" {
		t.Fatalf("UpdateStatuses = %s", got)
	}
}

// A record's policy is named as config.Origin names it; a record without
// one names nothing.
func TestPolicyString(t *testing.T) {
	p := &Policy{Ref: "origin/main", Commit: "3f2a1c9d00aa11bb22"}
	if got := p.String(); got != ".hotfix.yaml at origin/main (3f2a1c9d00)" {
		t.Errorf("%q", got)
	}
	if got := (&Policy{Ref: "the work tree"}).String(); got != ".hotfix.yaml in the work tree" {
		t.Errorf("%q", got)
	}
	if got := (&Policy{Ref: "origin/main", Commit: "3f2a1c9d00aa11bb22", Absent: true}).String(); got != "the defaults (no .hotfix.yaml at origin/main (3f2a1c9d00))" {
		t.Errorf("%q", got)
	}
	var none *Policy
	if none.String() != "" {
		t.Error("a nil policy names something")
	}
}

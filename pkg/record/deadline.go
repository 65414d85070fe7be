package record

import (
	"fmt"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/pkg/config"
)

// ParseDeadline reads a deadline answer relative to now: a duration ("4h",
// "1d12h"), a clock time today or tomorrow ("15:30"), a date and time
// ("2026-11-23 09:00", local time), RFC 3339, or "-"/"none" for no deadline
// (nil). The result is in UTC, to the minute, as the record's Deadlines
// and an update's next_update are written.
func ParseDeadline(s string, now time.Time) (*time.Time, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "-", "none":
		return nil, nil
	}
	var t time.Time
	if d, err := config.ParseDuration(s); err == nil {
		t = now.Add(d)
	} else if x, err := time.Parse(time.RFC3339, s); err == nil {
		t = x
	} else if x, err := time.ParseInLocation("2006-01-02 15:04", s, now.Location()); err == nil {
		t = x
	} else if x, err := time.ParseInLocation("15:04", s, now.Location()); err == nil {
		t = time.Date(now.Year(), now.Month(), now.Day(), x.Hour(), x.Minute(), 0, 0, now.Location())
		if !t.After(now) {
			t = t.Add(24 * time.Hour)
		}
	} else {
		return nil, fmt.Errorf("%q is not a duration, time or date", s)
	}
	t = t.UTC().Truncate(time.Minute)
	return &t, nil
}

package postmortem

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/pkg/record"
)

func TestMissing(t *testing.T) {
	all := []string{"how_many", "root_cause", "five_whys", "trigger", "resolution", "went_well", "went_wrong", "lucky", "action_items",
		"docs_updated", "monitoring", "prevention.requirements", "prevention.meet-before-approve", "prevention.stakeholders",
		"prevention.health-checks", "prevention.manual-data-schema"}
	if got := Missing(Answers{}, Facts{}); !reflect.DeepEqual(got, all) {
		t.Fatalf("Missing(empty) = %q", got)
	}
	_, facts, full, _ := fullCase(t)
	if got := Missing(full, facts); len(got) != 0 {
		t.Fatalf("Missing(full) = %q", got)
	}
	// Docs touched by the change are docs updated.
	if got := Missing(Answers{}, Facts{DocsTouched: []string{"README.md"}}); strings.Contains(strings.Join(got, " "), "docs_") {
		t.Fatalf("docs are asked although the change touched them: %q", got)
	}
	no := false
	a := Answers{DocsUpdated: &no, Monitoring: Monitoring{Watch: "the 5xx rate"}}
	got := strings.Join(Missing(a, Facts{}), " ")
	if !strings.Contains(got, "docs_reason") || strings.Contains(got, "docs_updated") || !strings.Contains(got, "monitoring.until") {
		t.Fatalf("Missing = %s", got)
	}
	a.DocsReason = "nothing changed"
	a.Monitoring.Until = "7d"
	if got := strings.Join(Missing(a, Facts{}), " "); strings.Contains(got, "docs") || strings.Contains(got, "monitoring") {
		t.Fatalf("Missing = %s", got)
	}
}

func TestDurations(t *testing.T) {
	rec, facts, _, _ := fullCase(t)
	got := Durations(rec, facts)
	want := map[string]time.Duration{
		DurationDetect: 2*time.Minute + 53*time.Second,
		DurationFix:    13*time.Minute + 40*time.Second,
		DurationMerge:  23 * time.Minute,
		DurationClose:  28 * time.Minute,
		// From the first error to the rollback, and to the deploy.
		DurationMitigate: 9*time.Minute + 53*time.Second,
		DurationResolve:  28*time.Minute + 53*time.Second,
		// From the first error to the end of the impact, the rollback.
		DurationImpact: 9*time.Minute + 53*time.Second,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Durations = %v", got)
	}
	// Unknown ends are open; a negative span is never shown.
	rec2 := &record.Record{Created: ts("2024-01-01T10:00:00Z")}
	got = Durations(rec2, Facts{FirstError: ts("2024-01-01T10:05:00Z"), Merged: ts("2024-01-01T11:00:00Z")})
	if !reflect.DeepEqual(got, map[string]time.Duration{DurationMerge: time.Hour}) {
		t.Fatalf("Durations = %v", got)
	}
	if s := Started(rec2); !s.Equal(rec2.Created) {
		t.Fatal(s)
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		45 * time.Second:                "45s",
		23 * time.Minute:                "23m",
		13*time.Minute + 40*time.Second: "14m",
		time.Hour:                       "1h",
		65 * time.Minute:                "1h 5m",
		51 * time.Hour:                  "2d 3h",
		48 * time.Hour:                  "2d",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// The first error comes from the record's logs events when the facts have
// none; without it, mitigation and resolution are measured from the start;
// a deploy before the merge does not resolve anything.
func TestDurationsFromTheRecord(t *testing.T) {
	start := ts("2024-01-01T10:00:00Z")
	rec := &record.Record{Created: start}
	rec.AddEvent(record.Event{At: start, Kind: record.EventStarted})
	rec.AddEvent(record.Event{At: start.Add(20 * time.Minute), Kind: record.EventMitigated, Text: "rolled back"})
	rec.AddEvent(record.Event{At: start.Add(30 * time.Minute), Kind: record.EventDeployed, Text: "to staging, before the merge"})
	rec.AddEvent(record.Event{At: start.Add(90 * time.Minute), Kind: record.EventDeployed, Text: "the release"})
	facts := Facts{Merged: start.Add(time.Hour)}
	got := Durations(rec, facts)
	if got[DurationMitigate] != 20*time.Minute || got[DurationResolve] != 90*time.Minute || got[DurationMerge] != time.Hour {
		t.Fatalf("from the start: %v", got)
	}
	if _, ok := got[DurationImpact]; ok {
		t.Fatalf("an impact measured without a first error: %v", got)
	}
	if _, what := ImpactStart(rec, facts); what != "the start of the hotfix" {
		t.Fatal(what)
	}
	rec.AddEvent(record.Event{At: start.Add(5 * time.Minute), Kind: record.EventLogs, Fields: map[string]string{"first_error": "2024-01-01T09:50:00Z", "last_error": "2024-01-01T10:15:00Z"}})
	got = Durations(rec, facts)
	if got[DurationDetect] != 10*time.Minute || got[DurationMitigate] != 30*time.Minute || got[DurationResolve] != 100*time.Minute {
		t.Fatalf("from the first error: %v", got)
	}
	if at, what := ImpactStart(rec, facts); what != "the first error" || !at.Equal(ts("2024-01-01T09:50:00Z")) {
		t.Fatal(at, what)
	}
	// The impact ends at the mitigation, else at the deploy of the fix.
	if got[DurationImpact] != 30*time.Minute {
		t.Fatalf("impact: %v", got)
	}
	noMitigation := &record.Record{Created: start}
	for _, e := range rec.Timeline {
		if e.Kind != record.EventMitigated {
			noMitigation.AddEvent(e)
		}
	}
	if got := Durations(noMitigation, facts); got[DurationImpact] != 100*time.Minute {
		t.Fatalf("impact without a mitigation: %v", got)
	}
	if end, what := ImpactEnd(noMitigation, facts); what != "the deploy of the fix" || !end.Equal(start.Add(90*time.Minute)) {
		t.Fatal(end, what)
	}
}

package record

import (
	"testing"
	"time"
)

func TestAddEventOnce(t *testing.T) {
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	r := &Record{}
	e := Event{At: at, Kind: EventRepro, By: "ann", Text: "add a refund", Fields: map[string]string{"a": "1"}}
	if !r.AddEventOnce(e) {
		t.Fatal("first event not added")
	}
	// The same event again, a minute later: a rerun.
	e2 := e
	e2.At = at.Add(time.Minute)
	if r.AddEventOnce(e2) || len(r.Timeline) != 1 {
		t.Fatalf("rerun added a duplicate: %+v", r.Timeline)
	}
	// Another kind in between does not hide the duplicate.
	r.AddEventOnce(Event{At: at.Add(2 * time.Minute), Kind: EventDataset, Text: "checked"})
	if r.AddEventOnce(e2) || len(r.Timeline) != 2 {
		t.Fatalf("duplicate after another kind: %+v", r.Timeline)
	}
	// A different text, or different fields, is a new event; and the same
	// event after a different one of its kind is recorded again.
	for _, x := range []Event{
		{At: at, Kind: EventRepro, By: "ann", Text: "other"},
		{At: at, Kind: EventRepro, By: "ann", Text: "add a refund", Fields: map[string]string{"a": "2"}},
		e,
	} {
		if !r.AddEventOnce(x) {
			t.Errorf("%+v not added", x)
		}
	}
	if len(r.Timeline) != 5 {
		t.Fatalf("%d events", len(r.Timeline))
	}
}

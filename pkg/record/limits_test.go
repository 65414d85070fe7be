package record

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// A record larger than Load accepts is refused before anything is written,
// naming the limit and the longest texts; a long field is refused at input
// (issue 16, item 7).
func TestSaveRefusesWhatLoadCannotRead(t *testing.T) {
	s := Store{Root: t.TempDir(), Dir: ".hotfix"}
	r := sample()
	if err := s.Save(r); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(s.Path(r.ID))
	for i := 0; i < 40; i++ {
		r.AddEvent(Event{At: time.Date(2026, 11, 22, 10, i, 0, 0, time.UTC), Kind: "hypothesis", Text: strings.Repeat("x", 120<<10)})
	}
	err := s.Save(r)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "4194304") || !strings.Contains(err.Error(), "timeline[") || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("%v", err)
	}
	if after, _ := os.ReadFile(s.Path(r.ID)); string(after) != string(before) {
		t.Fatal("the record was rewritten")
	}
	if _, err := s.Load(r.ID); err != nil {
		t.Fatal(err)
	}
	if err := CheckText("--message", strings.Repeat("y", MaxText)); err != nil {
		t.Fatal(err)
	}
	if err := CheckText("--message", strings.Repeat("y", MaxText+1)); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "--message is 65537 bytes; the limit is 65536") {
		t.Fatalf("%v", err)
	}
	inc := Incident{Title: "t", Summary: strings.Repeat("z", MaxText+1)}
	if err := CheckTexts("incident", &inc); err == nil || !strings.Contains(err.Error(), "incident.summary is") {
		t.Fatalf("%v", err)
	}
}

package recordedit

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Add records the event in the record and in the result, in UTC to the
// second, and the result's JSON names the fields in lower case.
func TestAdd(t *testing.T) {
	rec := &record.Record{}
	res := &Result{}
	at := time.Date(2026, 11, 22, 12, 0, 0, 5, time.FixedZone("CET", 3600))
	res.Add(rec, record.Event{At: at, Kind: record.EventDeployed, By: "bob", Text: "deployed v1.0.1", Fields: map[string]string{"env": "production"}})
	if len(rec.Timeline) != 1 || len(res.Events) != 1 || !res.Events[0].At.Equal(rec.Timeline[0].At) || res.Events[0].At.Location() != time.UTC {
		t.Fatalf("%+v %+v", rec.Timeline, res.Events)
	}
	// The same event again (a rerun after a crash that came after the
	// save) is recorded once.
	res2 := &Result{}
	res2.Add(rec, record.Event{At: at.Add(time.Minute), Kind: record.EventDeployed, By: "bob", Text: "deployed v1.0.1", Fields: map[string]string{"env": "production"}})
	if len(rec.Timeline) != 1 || len(res2.Events) != 0 {
		t.Fatalf("recorded twice: %+v %+v", rec.Timeline, res2.Events)
	}
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"kind":"deployed"`, `"at":"2026-11-22T11:00:00Z"`, `"fields":{"env":"production"}`, `"dry_run":false`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("%s lacks %s", data, want)
		}
	}
}

// TestSaveRefusesAnInvalidRecord: a change that would make the record
// invalid is a usage error, checked before anything is written.
func TestSaveRefusesAnInvalidRecord(t *testing.T) {
	_, err := Save(nil, nil, &record.Record{ID: "2026-11-22-x"}, true)
	if err == nil || !strings.Contains(err.Error(), "the change would make the record invalid") {
		t.Fatalf("%v", err)
	}
}

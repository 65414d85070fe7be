package triage

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// The hypotheses' state machine, one request after another on one record:
// stating opens, a verdict verifies or rejects, reruns record nothing twice.
func TestHypothesisStateMachine(t *testing.T) {
	rec := &record.Record{ID: "2026-11-22-login-loop"}
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for i, step := range []struct {
		q       HypothesisRequest
		msg     string
		wantErr string
		// state is every hypothesis as id:status, in the order stated.
		state  string
		events int
	}{
		{q: HypothesisRequest{Verified: "x"}, wantErr: "there is no open hypothesis to verify or reject", state: "", events: 0},
		{q: HypothesisRequest{Text: "the cache is stale"}, msg: "hypothesis h1: the cache is stale", state: "h1:open", events: 1},
		{q: HypothesisRequest{Text: "the cache is stale"}, msg: "hypothesis h1: the cache is stale", state: "h1:open", events: 1}, // a rerun
		{q: HypothesisRequest{Text: "json.loads is given a file"}, msg: "hypothesis h2: json.loads is given a file", state: "h1:open h2:open", events: 2},
		// With two open, a verdict must name its hypothesis (issue 19): the
		// error lists them with their texts.
		{q: HypothesisRequest{Verified: "reverting fixes staging"}, wantErr: "2 hypotheses are open: h1 (the cache is stale), h2 (json.loads is given a file); which one does this evidence verify?", state: "h1:open h2:open", events: 2},
		{q: HypothesisRequest{Target: "h1", Rejected: "the cache was flushed"}, msg: "hypothesis h1 rejected: the cache is stale", state: "h1:rejected h2:open", events: 3},
		// A verdict without a target goes to the only open hypothesis.
		{q: HypothesisRequest{Verified: "reverting fixes staging"}, msg: "hypothesis h2 verified: json.loads is given a file", state: "h1:rejected h2:verified", events: 4},
		// The last hypothesis's verdict again, with nothing open: a rerun,
		// recorded once.
		{q: HypothesisRequest{Verified: "reverting fixes staging"}, msg: "hypothesis h2 verified: json.loads is given a file", state: "h1:rejected h2:verified", events: 4},
		// Another verdict with nothing open is refused.
		{q: HypothesisRequest{Verified: "something else"}, wantErr: "there is no open hypothesis to verify or reject", state: "h1:rejected h2:verified", events: 4},
		{q: HypothesisRequest{Target: "h9", Verified: "x"}, wantErr: `there is no hypothesis "h9"`, state: "h1:rejected h2:verified", events: 4},
		// A verdict can be changed by naming the hypothesis.
		{q: HypothesisRequest{Target: "h2", Rejected: "it came back"}, msg: "hypothesis h2 rejected: json.loads is given a file", state: "h1:rejected h2:rejected", events: 5},
		// Stated and verified at once: opened, then verified, at one time.
		{q: HypothesisRequest{Text: "the replica lags", Verified: "lag is 40s"}, msg: "hypothesis h3 verified: the replica lags", state: "h1:rejected h2:rejected h3:verified", events: 7},
		// An id given with a new text names the hypothesis the verdict is
		// for, and states nothing.
		{q: HypothesisRequest{Text: "ignored", Target: "h3", Rejected: "lag is normal"}, msg: "hypothesis h3 rejected: the replica lags", state: "h1:rejected h2:rejected h3:rejected", events: 8},
		// --reopen undoes a verdict with an event; the verdict stays in
		// the timeline. Reopening an open one records nothing.
		{q: HypothesisRequest{Reopen: "h2"}, msg: "hypothesis h2 reopened (it was rejected): json.loads is given a file", state: "h1:rejected h2:open h3:rejected", events: 9},
		{q: HypothesisRequest{Reopen: "h2"}, msg: "hypothesis h2 is open: json.loads is given a file", state: "h1:rejected h2:open h3:rejected", events: 9},
		{q: HypothesisRequest{Reopen: "h7"}, wantErr: `there is no hypothesis "h7"`, state: "h1:rejected h2:open h3:rejected", events: 9},
	} {
		now = now.Add(time.Minute)
		msg, err := step.q.Apply(rec, "alice", now)
		if step.wantErr != "" {
			var ce *cmdutil.Error
			if !errors.As(err, &ce) || !strings.Contains(ce.Msg, step.wantErr) || ce.Fix == "" {
				t.Fatalf("step %d: error %v, want %q with a fix", i, err, step.wantErr)
			}
		} else if err != nil || msg != step.msg {
			t.Fatalf("step %d: %q %v, want %q", i, msg, err, step.msg)
		}
		var state []string
		for _, h := range rec.Hypotheses() {
			state = append(state, h.ID+":"+h.Status)
		}
		if s := strings.Join(state, " "); s != step.state || len(rec.Timeline) != step.events {
			t.Fatalf("step %d: %s with %d events, want %s with %d", i, s, len(rec.Timeline), step.state, step.events)
		}
	}
	// Each event is by its author, and a verdict carries its evidence; a
	// reopening says what it undid.
	last, verdict := rec.Timeline[len(rec.Timeline)-1], rec.Timeline[len(rec.Timeline)-2]
	if verdict.By != "alice" || verdict.Fields["evidence"] != "lag is normal" || verdict.Fields["id"] != "h3" {
		t.Fatalf("%+v", verdict)
	}
	if last.By != "alice" || last.Fields["id"] != "h2" || last.Fields["reopened"] != "rejected" || last.Fields["status"] != "open" {
		t.Fatalf("%+v", last)
	}
	if h := rec.Hypotheses()[2]; h.Text != "the replica lags" || h.Evidence != "lag is normal" {
		t.Fatalf("%+v", h)
	}
	// Stated and verified at one time: the verdict sorts after the statement.
	if a, b := rec.Timeline[5], rec.Timeline[6]; !a.At.Equal(b.At) || a.Fields["status"] != record.HypothesisOpen || b.Fields["status"] != record.HypothesisVerified {
		t.Fatal(fmt.Sprint(a, b))
	}
}

package postmortem

import (
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/pkg/record"
)

// TestCommunications: each update and post, in time order, where it went
// (its link) or that it was not posted and why.
func TestCommunications(t *testing.T) {
	rec, facts, a, sev := sparseCase(t)
	rec.Incident.Report = "https://acme.slack.com/archives/C0123ABCD/p1700000000123456"
	link := func(ts string) string { return "https://acme.slack.com/archives/C0123ABCD/p" + ts }
	start := rec.Created
	for i, f := range []map[string]string{
		{"status": "investigating", "posted": "true", "posted_to": "slack", "permalink": link("1")},
		{"status": "fixing", "posted": "true", "posted_to": "slack", "permalink": link("2"), "for": "pull-request", "number": "7"},
		{"status": "fixing", "posted": "false", "posted_to": "slack", "reason": "not_in_channel", "for": "reminder"},
		{"status": "monitoring", "posted": "false"},
		{"status": "monitoring", "posted": "true", "posted_to": "slack", "reason": "ratelimited", "for": "deployed"},
		{"status": "monitoring", "posted": "true"},
	} {
		rec.AddEvent(record.Event{At: start.Add(minutes(i)), Kind: record.EventUpdate, Text: "x", Fields: f})
	}
	rec.AddEvent(record.Event{At: start.Add(minutes(1)), Kind: record.EventPosted, Text: "y",
		Fields: map[string]string{"for": "pull-request", "number": "7", "channel": "C0PRS0001", "posted": "true", "permalink": "https://acme.slack.com/archives/C0PRS0001/p3"}})
	got := Render(rec, facts, a, sev)
	i := strings.Index(got, "## Communications")
	comms := got[i : i+strings.Index(got[i+3:], "\n## ")+3]
	for _, want := range []string{
		"Reported at https://acme.slack.com/archives/C0123ABCD/p1700000000123456.",
		"| Update (investigating) | [the report's thread](" + link("1") + ") |",
		"| Pull request #7 (fixing) | [the report's thread](" + link("2") + ") |\n| 2024-03-04 08:16 | Pull request #7, to the PR channel | [channel `C0PRS0001`](https://acme.slack.com/archives/C0PRS0001/p3) |",
		"| Reminder (fixing) | not posted: `not_in_channel` |",
		"| Update (monitoring) | recorded, not posted (posted by hand, if at all) |",
		"| Deploy update (monitoring) | the report's thread (no link: `ratelimited`) |",
		"| Update (monitoring) | the webhook |",
	} {
		if !strings.Contains(comms, want) {
			t.Errorf("lacks %q:\n%s", want, comms)
		}
	}
}

// minutes is i minutes, for the events above.
func minutes(i int) time.Duration { return time.Duration(i) * time.Minute }

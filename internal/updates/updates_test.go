package updates

import (
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/notify"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

var start = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func hotfix(id, sev string) *record.Record {
	return &record.Record{ID: id, Phase: record.PhaseInvestigating, Created: start, Incident: record.Incident{Title: "Checkout returns 500", Severity: sev}}
}

// TestDueAtAndReminder: the due time comes from the severity's interval
// (SEV2: an hour) or the last update's promise; the reminder starts 10
// minutes before, names the most pressing hotfix and counts the others.
func TestDueAtAndReminder(t *testing.T) {
	cfg := config.Default()
	cfg.Update.Timezone = "UTC"
	a, b := hotfix("a", "SEV2"), hotfix("b", "SEV1")
	for _, tc := range []struct {
		at   time.Duration
		want string
	}{
		{19 * time.Minute, ""},
		{21 * time.Minute, "of b is due 10:30 UTC (in 9m)"},
		{30 * time.Minute, "of b is due 10:30 UTC (now)"},
		{52 * time.Minute, "of b is overdue by 22m (due 10:30 UTC): `hotfix update --id b` (and 1 more: `hotfix status`)"},
	} {
		got := Reminder(cfg, []*record.Record{a, b}, start.Add(tc.at))
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("at +%s: %q, want %q", tc.at, got, tc.want)
		}
	}
	// An update promising 12:00 moves b's due time there.
	b.AddEvent(record.Event{At: start.Add(40 * time.Minute), Kind: record.EventUpdate, Fields: map[string]string{"status": "identified", "next_update": "2026-11-22T12:00:00Z"}})
	if d, ok := DueAt(cfg, b, start.Add(time.Hour)); !ok || !d.At.Equal(start.Add(2*time.Hour)) || d.Soon || d.Overdue || d.By != time.Hour {
		t.Fatalf("after the promise: %+v %v", d, ok)
	}
	if got := Reminder(cfg, []*record.Record{a, b}, start.Add(61*time.Minute)); !strings.Contains(got, "of a is overdue by 1m") || strings.Contains(got, "more") {
		t.Fatalf("%q", got)
	}
	// The reminder's own update is short, and promises the next one.
	u := ComposeReminder(cfg, b, start.Add(2*time.Hour+5*time.Minute))
	if u.Text != "[SEV1] Checkout returns 500: still investigating. Next update by 12:35 UTC." || !u.Reminder || u.Status != "investigating" {
		t.Fatalf("%+v", u)
	}
}

// TestChannel: the report decides where updates go: its Slack thread with
// a bot token, its GitHub issue (with a GitHub token, else a loud auth
// error), or nowhere (nil: the webhook or nothing).
func TestChannel(t *testing.T) {
	rec := hotfix("a", "SEV2")
	env := func(vars map[string]string) Env {
		return Env{Getenv: func(k string) string { return vars[k] }}
	}
	for _, tc := range []struct {
		report, postedTo, err string
		vars                  map[string]string
	}{
		{report: "", postedTo: ""},
		{report: "https://acme.slack.com/archives/C0123ABCD/p1700000000123456", postedTo: "", vars: map[string]string{}},
		{report: "https://acme.slack.com/archives/C0123ABCD/p1700000000123456", postedTo: PostedToSlack, vars: map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}},
		{report: "https://github.com/acme/incidents/issues/7", postedTo: PostedToIssue, vars: map[string]string{"GH_TOKEN": "ghp_x"}},
		{report: "https://ghe.example.com/acme/incidents/issues/7", postedTo: PostedToIssue, vars: map[string]string{"GH_ENTERPRISE_TOKEN": "ghp_x", "GH_HOST": "ghe.example.com"}},
		{report: "https://github.com/acme/incidents/issues/7", err: "the report is the GitHub issue acme/incidents#7, which cannot be commented on", vars: map[string]string{}},
	} {
		rec.Incident.Report = tc.report
		n, postedTo, err := env(tc.vars).Channel(rec)
		if tc.err != "" && postedTo != PostedToIssue {
			t.Errorf("%s: a failed channel says it is %q, not the issue", tc.report, postedTo)
		}
		if tc.err != "" {
			// One line of what went wrong; the fix is said once, apart.
			if err == nil || !strings.Contains(err.Error(), tc.err) || strings.Contains(err.Error(), "\n") || !strings.Contains(notify.FixOf(err), "token") {
				t.Errorf("%s: %v (fix %q)", tc.report, err, notify.FixOf(err))
			}
			continue
		}
		if err != nil || postedTo != tc.postedTo || (n == nil) != (tc.postedTo == "") {
			t.Errorf("%s %v: %v %q %v", tc.report, tc.vars, n, postedTo, err)
		}
		if postedTo == PostedToIssue && n.Describe() != "the incident issue acme/incidents#7" {
			t.Errorf("%s: %s", tc.report, n.Describe())
		}
	}
}

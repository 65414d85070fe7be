package update_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/slackapi"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// at is a terminal run at testutil.Now+d: the SEV2 hotfix started at Now
// owes its first update an hour later, at 11:00 UTC.
func at(r *testutil.Repo, d time.Duration) testutil.CLI {
	return testutil.CLI{Dir: r.Dir, Clock: clock.NewFixed(testutil.Now.Add(d)), Terminal: true, Env: map[string]string{}}
}

func reminders(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "Reminder: ") {
			out = append(out, l)
		}
	}
	return out
}

// TestReminderLine: every command run at a terminal says in one line of
// stderr that the next update is due within 10 minutes or overdue; never
// before, never with --json, in CI or without a terminal, and not after
// the update is given.
func TestReminderLine(t *testing.T) {
	r := started(t)
	id := "2026-11-22-checkout-returns-500"
	for _, tc := range []struct {
		name  string
		cli   testutil.CLI
		args  []string
		wants string // "" = no reminder
	}{
		{"nothing due", at(r, 30*time.Minute), []string{"status"}, ""},
		{"eleven minutes before", at(r, 49*time.Minute), []string{"status"}, ""},
		{"due within 10 minutes", at(r, 52*time.Minute), []string{"status"}, "is due 11:00 UTC (in 8m): `hotfix update --id " + id + "`"},
		{"due now", at(r, 60*time.Minute), []string{"record", "set", "summary", "EU card payments fail"}, "is due 11:00 UTC (now)"},
		{"overdue", at(r, 72*time.Minute), []string{"status", id}, "is overdue by 12m (due 11:00 UTC)"},
		{"overdue, another command", at(r, 72*time.Minute), []string{"triage", "hypothesis", "the EU gateway times out"}, "overdue by 12m"},
		{"--json", at(r, 72*time.Minute), []string{"status", "--json"}, ""},
		{"update --json", at(r, 72*time.Minute), []string{"update", "--json", "--dry-run"}, ""},
		{"no terminal", testutil.CLI{Dir: r.Dir, Clock: clock.NewFixed(testutil.Now.Add(72 * time.Minute))}, []string{"status"}, ""},
		{"CI", func() testutil.CLI { c := at(r, 72*time.Minute); c.Env["CI"] = "true"; return c }(), []string{"status"}, ""},
		{"opted out", func() testutil.CLI { c := at(r, 72*time.Minute); c.Env["HOTFIX_NO_REMINDER"] = "1"; return c }(), []string{"status"}, ""},
		{"help", at(r, 72*time.Minute), []string{"help", "status"}, ""},
		{"usage error", at(r, 72*time.Minute), []string{"status", "--nope"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.cli.Run(t, tc.args...)
			got := reminders(res.Err)
			if strings.Contains(res.Out, "Reminder") {
				t.Fatalf("a reminder on stdout:\n%s", res.Out)
			}
			if tc.wants == "" {
				if len(got) != 0 {
					t.Fatalf("a reminder:\n%s", res.Err)
				}
				return
			}
			if res.Code != 0 || len(got) != 1 || !strings.Contains(got[0], tc.wants) {
				t.Fatalf("exit %d, want one reminder with %q:\n%s", res.Code, tc.wants, res.Err)
			}
		})
	}
	// status --json says it for machines.
	res := at(r, 72*time.Minute).Run(t, "status", "--json")
	var entries []struct {
		NextUpdate *time.Time `json:"next_update"`
		UpdateDue  string     `json:"update_due"`
	}
	if err := json.Unmarshal([]byte(res.Out), &entries); err != nil || len(entries) != 1 {
		t.Fatalf("%v\n%s", err, res.Out)
	}
	if e := entries[0]; e.UpdateDue != "overdue" || e.NextUpdate == nil || !e.NextUpdate.Equal(testutil.Now.Add(time.Hour)) {
		t.Fatalf("entry %+v", e)
	}
	// The update given, nothing is due until its "next update by".
	cli := at(r, 72*time.Minute)
	if res := cli.Run(t, "update", "--no-post", "--message", "looking"); res.Code != 0 || len(reminders(res.Err)) != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if res := at(r, 121*time.Minute).Run(t, "status"); len(reminders(res.Err)) != 0 || !strings.Contains(res.Out, "12:12 UTC") {
		t.Fatalf("after the update:\n%s%s", res.Out, res.Err)
	}
	if res := at(r, 123*time.Minute).Run(t, "status"); len(reminders(res.Err)) != 1 || !strings.Contains(res.Out, "12:12 UTC (in 9m)") {
		t.Fatalf("before the next:\n%s%s", res.Out, res.Err)
	}
	// --next moves it: the promise is what is due.
	if res := at(r, 123*time.Minute).Run(t, "update", "--no-post", "--next", "2h"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	if res := at(r, 123*time.Minute+time.Hour+40*time.Minute).Run(t, "status"); len(reminders(res.Err)) != 0 || strings.Contains(res.Out, "update\n") {
		t.Fatalf("within the promised two hours:\n%s%s", res.Out, res.Err)
	}
}

// TestReminderOneLineForMany: two hotfixes due make one line, naming the
// most pressing and counting the other.
func TestReminderOneLineForMany(t *testing.T) {
	r := started(t)
	if res := (testutil.CLI{Dir: r.Dir, Clock: clock.NewFixed(testutil.Now.Add(5 * time.Minute))}).Run(t, "start", "--no-input", "--title", "Search is slow", "--severity", "SEV1", "--base", "main"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	// SEV1 (30m) is due at 10:35 and overdue at 10:58; SEV2 is due at 11:00.
	res := at(r, 58*time.Minute).Run(t, "status")
	got := reminders(res.Err)
	if len(got) != 1 || !strings.Contains(got[0], "2026-11-22-search-is-slow is overdue by 23m (due 10:35 UTC)") || !strings.Contains(got[0], "(and 1 more: `hotfix status`)") {
		t.Fatalf("%q\n%s", got, res.Err)
	}
	if !strings.Contains(res.Out, "NEXT UPDATE") || !strings.Contains(res.Out, "10:35 UTC (23m late)") || !strings.Contains(res.Out, "11:00 UTC (in 2m)") {
		t.Fatalf("status:\n%s", res.Out)
	}
}

// TestUpdateRemind: update --remind posts a short "still ..." reply in the
// thread, recorded like any update, only once the next update is due;
// otherwise it says when and exits 0, posting and recording nothing.
func TestUpdateRemind(t *testing.T) {
	r, srv, cli := inSlack(t) // at 10:20; the first update is due at 11:00
	before := len(load(t, r).Timeline)
	res := cli.Run(t, "update", "--remind")
	if res.Code != 0 || !strings.Contains(res.Out, "No update is due for 2026-11-22-checkout-returns-500 yet: the next is due 11:00 UTC (in 40m). Nothing was posted.") ||
		len(srv.Messages()) != 1 || len(load(t, r).Timeline) != before {
		t.Fatalf("exit %d, %d messages\n%s%s", res.Code, len(srv.Messages()), res.Out, res.Err)
	}
	res = cli.Run(t, "update", "--remind", "--json")
	if res.Code != 0 || !strings.Contains(res.Out, `"due": false`) || !strings.Contains(res.Out, `"next_update": "2026-11-22T11:00:00Z"`) {
		t.Fatalf("exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	// Due: it posts and records.
	cli.Clock = clock.NewFixed(testutil.Now.Add(65 * time.Minute))
	res = cli.Run(t, "update", "--remind")
	msgs := srv.Messages()
	if res.Code != 0 || len(msgs) != 2 {
		t.Fatalf("exit %d, %d messages\n%s%s", res.Code, len(msgs), res.Out, res.Err)
	}
	want := "[SEV2] Checkout returns 500: still investigating. Next update by 12:05 UTC."
	if m := msgs[1]; m.Text != want || m.ThreadTS != slackapi.ReportTS {
		t.Fatalf("posted %+v", m)
	}
	ev := lastUpdate(t, r)
	if ev.Text != want || ev.Fields["for"] != "reminder" || ev.Fields["posted"] != "true" || ev.Fields["permalink"] != slackapi.Permalink(slackapi.Channel, msgs[1].TS) ||
		ev.Fields["next_update"] != "2026-11-22T12:05:00Z" || ev.Fields["status"] != "investigating" {
		t.Fatalf("event %+v", ev)
	}
	// Run again by the schedule: nothing is due any more.
	cli.Clock = clock.NewFixed(testutil.Now.Add(70 * time.Minute))
	if res := cli.Run(t, "update", "--remind"); res.Code != 0 || len(srv.Messages()) != 2 || !strings.Contains(res.Out, "in 55m") {
		t.Fatalf("exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	// A failed reminder is loud, as an update's is.
	cli.Clock = clock.NewFixed(testutil.Now.Add(3 * time.Hour))
	srv.Leave(slackapi.Channel)
	res = cli.Run(t, "update", "--remind")
	if res.Code != 1 || !strings.Contains(res.Err, "not_in_channel") || lastUpdate(t, r).Fields["posted"] != "false" {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	// --remind writes its own update.
	if res := cli.Run(t, "update", "--remind", "--message", "x"); res.Code != 2 {
		t.Fatalf("--remind --message: exit %d\n%s", res.Code, res.Err)
	}
	slackapi.NoToken(t, r.Dir, res.Out, res.Err)
}

// TestUpdateRemindNothingOwed: a hotfix announced resolved owes nothing.
func TestUpdateRemindNothingOwed(t *testing.T) {
	r := started(t)
	cli := testutil.CLI{Dir: r.Dir, Clock: clock.NewFixed(testutil.Now.Add(10 * time.Minute))}
	if res := cli.Run(t, "update", "--no-post", "--status", "resolved"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	cli.Clock = clock.NewFixed(testutil.Now.Add(10 * time.Hour))
	res := cli.Run(t, "update", "--remind")
	if res.Code != 0 || !strings.Contains(res.Out, "none is owed") {
		t.Fatalf("exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	if n := len(load(t, r).Timeline); load(t, r).Timeline[n-1].Kind != record.EventUpdate || load(t, r).Timeline[n-1].Fields["status"] != "resolved" {
		t.Fatal("recorded something")
	}
}

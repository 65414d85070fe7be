package update_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/slackapi"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// inSlack starts a hotfix whose report is the server's report message,
// with a webhook configured too (the bot token takes precedence).
func inSlack(t *testing.T) (*testutil.Repo, *slackapi.Server, testutil.CLI) {
	t.Helper()
	srv := slackapi.New(t)
	r := started(t)
	cli := testutil.CLI{Dir: r.Dir, Clock: clock.NewFixed(testutil.Now.Add(20 * time.Minute)),
		Env: map[string]string{"SLACK_BOT_TOKEN": slackapi.Token, "SLACK_API_URL": srv.APIURL(), "HOTFIX_TEST_WEBHOOK": "https://hooks.invalid/services/x"}}
	if res := cli.Run(t, "record", "set", "report", slackapi.ReportLink); res.Code != 0 {
		t.Fatal(res.Err)
	}
	return r, srv, cli
}

func lastUpdate(t *testing.T, r *testutil.Repo) record.Event {
	t.Helper()
	rec := load(t, r)
	for i := len(rec.Timeline) - 1; i >= 0; i-- {
		if rec.Timeline[i].Kind == record.EventUpdate {
			return rec.Timeline[i]
		}
	}
	t.Fatal("no update event")
	return record.Event{}
}

// TestUpdateRepliesInTheReportThread: with a bot token and a Slack report
// link, update replies in the report's thread and records the reply's
// permalink; the token is nowhere.
func TestUpdateRepliesInTheReportThread(t *testing.T) {
	r, srv, cli := inSlack(t)
	res := cli.Run(t, "update", "--status", "identified", "--message", "json.loads is given a file")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	msgs := srv.Messages()
	reply := msgs[len(msgs)-1]
	if len(msgs) != 2 || reply.ThreadTS != slackapi.ReportTS || reply.Channel != slackapi.Channel || !strings.Contains(reply.Text, "What we know: json.loads is given a file") ||
		!strings.Contains(reply.Text, "Next update by 11:20 UTC.") {
		t.Fatalf("messages %+v", msgs)
	}
	link := slackapi.Permalink(slackapi.Channel, reply.TS)
	ev := lastUpdate(t, r)
	if ev.Fields["posted"] != "true" || ev.Fields["permalink"] != link || ev.Fields["posted_to"] != "slack" || ev.Fields["reason"] != "" {
		t.Fatalf("event %+v", ev)
	}
	if !strings.Contains(res.Err, link) {
		t.Fatalf("stderr %s", res.Err)
	}
	// --json says where it went, and its link.
	res = cli.Run(t, "update", "--json", "--message", "still looking")
	if res.Code != 0 || !strings.Contains(res.Out, `"post_to": "SLACK_BOT_TOKEN"`) || !strings.Contains(res.Out, `"permalink": "https://acme.slack.com/archives/`) {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	slackapi.NoToken(t, r.Dir, res.Out, res.Err)
}

// TestUpdateSlackFailuresAreLoud: each kind of refusal is recorded as not
// posted with Slack's reason, exits non-zero (4 for the token or its
// scopes) and names the fix; --no-post posts nothing and succeeds.
func TestUpdateSlackFailuresAreLoud(t *testing.T) {
	for _, tc := range []struct {
		name, reason, fix string
		code              int
		setup             func(*slackapi.Server, *testutil.CLI)
	}{
		{"not in channel", "not_in_channel", "invite the bot", 1, func(s *slackapi.Server, _ *testutil.CLI) { s.Leave(slackapi.Channel) }},
		{"missing scope", "missing_scope", "chat:write", 4, func(s *slackapi.Server, _ *testutil.CLI) { s.SetScopes("reactions:write") }},
		{"invalid token", "invalid_auth", "SLACK_BOT_TOKEN", 4, func(_ *slackapi.Server, c *testutil.CLI) { c.Env["SLACK_BOT_TOKEN"] = "xoxb-not-the-token" }},
		{"channel not found", "channel_not_found", "report link", 1, func(s *slackapi.Server, _ *testutil.CLI) { s.Fail("chat.postMessage", "channel_not_found", 0, 1) }},
		{"rate limited", "ratelimited", "wait", 1, func(s *slackapi.Server, _ *testutil.CLI) { s.Fail("chat.postMessage", "", 1, 5) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, srv, cli := inSlack(t)
			tc.setup(srv, &cli)
			res := cli.Run(t, "update", "--message", "looking")
			if res.Code != tc.code || !strings.Contains(res.Err, tc.reason) || !strings.Contains(res.Err, tc.fix) || !strings.Contains(res.Err, "--no-post") {
				t.Fatalf("exit %d, want %d\n%s", res.Code, tc.code, res.Err)
			}
			ev := lastUpdate(t, r)
			if ev.Fields["posted"] != "false" || ev.Fields["reason"] != tc.reason || ev.Fields["permalink"] != "" {
				t.Fatalf("event %+v", ev)
			}
			if res := cli.Run(t, "update", "--no-post", "--message", "by hand"); res.Code != 0 {
				t.Fatalf("--no-post: exit %d\n%s", res.Code, res.Err)
			}
			slackapi.NoToken(t, r.Dir, res.Out, res.Err)
		})
	}
}

// TestUpdateWaitsOutRetryAfter: a ratelimited reply is sent once Slack's
// Retry-After has passed, and only once.
func TestUpdateWaitsOutRetryAfter(t *testing.T) {
	r, srv, cli := inSlack(t)
	var waited []time.Duration
	cli.Sleep = func(_ context.Context, d time.Duration) error { waited = append(waited, d); return nil }
	srv.Fail("chat.postMessage", "", 3, 1)
	if res := cli.Run(t, "update"); res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if len(waited) != 1 || waited[0] != 3*time.Second || len(srv.Messages()) != 2 || lastUpdate(t, r).Fields["posted"] != "true" {
		t.Fatalf("waited %v, messages %+v", waited, srv.Messages())
	}
}

// TestUpdateWithoutBotTokenUsesTheWebhook: without SLACK_BOT_TOKEN a Slack
// report link changes nothing: the webhook is posted to as before.
func TestUpdateWithoutBotTokenUsesTheWebhook(t *testing.T) {
	_, srv, cli := inSlack(t)
	delete(cli.Env, "SLACK_BOT_TOKEN")
	res := cli.Run(t, "update")
	if res.Code != 1 || !strings.Contains(res.Err, "webhook") || len(srv.Calls()) != 0 {
		t.Fatalf("exit %d, %d Slack calls\n%s", res.Code, len(srv.Calls()), res.Err)
	}
}

// TestSlackThreadInOrder: an incident's thread in Slack, from start's
// reaction to the resolution, each reply recorded with its own permalink.
func TestSlackThreadInOrder(t *testing.T) {
	srv := slackapi.New(t)
	r := testutil.NewRepo(t)
	r.WriteFile(".hotfix.yaml", "version: 1\nupdate:\n  timezone: UTC\n")
	r.Commit("policy")
	env := map[string]string{"SLACK_BOT_TOKEN": slackapi.Token, "SLACK_API_URL": srv.APIURL()}
	cli := testutil.CLI{Dir: r.Dir, Env: env}
	if res := cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2", "--base", "main", "--report", slackapi.ReportLink); res.Code != 0 {
		t.Fatal(res.Err)
	}
	// Dry run: where it would go, nothing sent.
	res := cli.Run(t, "update", "--dry-run")
	if res.Code != 0 || !strings.Contains(res.Out, "posted in the report's thread in Slack") || len(srv.Messages()) != 1 {
		t.Fatalf("dry run: exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	for i, status := range []string{"investigating", "identified", "resolved"} {
		cli.Clock = clock.NewFixed(testutil.Now.Add(time.Duration(i+1) * 10 * time.Minute))
		if res := cli.Run(t, "update", "--status", status); res.Code != 0 {
			t.Fatalf("%s: exit %d\n%s", status, res.Code, res.Err)
		}
	}
	if got := srv.Reactions(); len(got) != 1 || got[0].TS != slackapi.ReportTS {
		t.Fatalf("reactions %+v", got)
	}
	msgs := srv.Messages()[1:]
	var links []string
	for _, e := range load(t, r).Timeline {
		if e.Kind == record.EventUpdate {
			links = append(links, e.Fields["permalink"])
		}
	}
	if len(msgs) != 3 || len(links) != 3 {
		t.Fatalf("%d replies, %d updates recorded", len(msgs), len(links))
	}
	for i, want := range []string{"Investigating", "Identified", "Resolved"} {
		if msgs[i].ThreadTS != slackapi.ReportTS || !strings.Contains(msgs[i].Text, want) || links[i] != slackapi.Permalink(slackapi.Channel, msgs[i].TS) {
			t.Errorf("reply %d: %+v, recorded %s", i, msgs[i], links[i])
		}
	}
}

package start_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/slackapi"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

const reportLink = "https://acme.slack.com/archives/C0123ABCD/p1700000000123456"

// TestStartReport: --report keeps the report's link in the record; a link
// that is not a Slack message link (or a GitHub issue) is a usage error
// that says what is wrong, and nothing is made.
func TestStartReport(t *testing.T) {
	r, _ := released(t)
	cli := testutil.CLI{Dir: r.Dir}
	res := cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2", "--report", "https://acme.slack.com/archives/C0123ABCD")
	if res.Code != 2 || !strings.Contains(res.Err, "/archives/CHANNEL/pTIMESTAMP") || !strings.Contains(res.Err, "--report") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, recordPath)); err == nil {
		t.Fatal("a record was written for a bad link")
	}
	res = cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2", "--report", reportLink)
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	data, err := os.ReadFile(filepath.Join(r.Dir, recordPath))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := record.Parse(recordPath, data)
	if err != nil || rec.Incident.Report != reportLink {
		t.Fatalf("%v %+v", err, rec.Incident)
	}
}

func startInSlack(t *testing.T, srv *slackapi.Server, extra ...string) (*testutil.Repo, testutil.Result) {
	t.Helper()
	r, _ := released(t)
	cli := testutil.CLI{Dir: r.Dir, Env: map[string]string{"SLACK_BOT_TOKEN": slackapi.Token, "SLACK_API_URL": srv.APIURL()}}
	args := append([]string{"start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2", "--report", slackapi.ReportLink}, extra...)
	return r, cli.Run(t, args...)
}

func reacted(t *testing.T, r *testutil.Repo) *record.Event {
	t.Helper()
	rec, err := record.Parse(recordPath, []byte(r.ReadFile(recordPath)))
	if err != nil {
		t.Fatal(err)
	}
	for i := range rec.Timeline {
		if rec.Timeline[i].Kind == record.EventReacted {
			return &rec.Timeline[i]
		}
	}
	return nil
}

// TestStartReactsToTheReport: with a bot token, start adds the policy's
// "on it" reaction to the report and records it; --no-post does not.
func TestStartReactsToTheReport(t *testing.T) {
	srv := slackapi.New(t)
	r, res := startInSlack(t, srv)
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if got := srv.Reactions(); len(got) != 1 || got[0] != (slackapi.Reaction{Channel: slackapi.Channel, TS: slackapi.ReportTS, Name: "eyes"}) {
		t.Fatalf("reactions %+v", got)
	}
	if ev := reacted(t, r); ev == nil || ev.Fields["posted"] != "true" || ev.Fields["emoji"] != "eyes" {
		t.Fatalf("event %+v", ev)
	}
	slackapi.NoToken(t, r.Dir, res.Out, res.Err)

	srv2 := slackapi.New(t)
	if _, res := startInSlack(t, srv2, "--no-post"); res.Code != 0 || len(srv2.Calls()) != 0 {
		t.Fatalf("--no-post: exit %d, %d calls\n%s", res.Code, len(srv2.Calls()), res.Err)
	}
}

// TestStartReactionPolicyEmoji: update.slack.on_it names the emoji.
func TestStartReactionPolicyEmoji(t *testing.T) {
	srv := slackapi.New(t)
	r, _ := released(t)
	r.TeamPolicy("version: 1\nupdate:\n  slack:\n    on_it: white_check_mark\n")
	cli := testutil.CLI{Dir: r.Dir, Env: map[string]string{"SLACK_BOT_TOKEN": slackapi.Token, "SLACK_API_URL": srv.APIURL()}}
	res := cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2", "--version", "v1.4.2", "--report", slackapi.ReportLink)
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if got := srv.Reactions(); len(got) != 1 || got[0].Name != "white_check_mark" {
		t.Fatalf("reactions %+v", got)
	}
}

// TestStartReactionFailures: the hotfix is started, the reaction recorded
// as not posted with Slack's reason, and the exit code and message name the
// fix.
func TestStartReactionFailures(t *testing.T) {
	for _, tc := range []struct {
		name, reason, fix string
		code              int
		setup             func(*slackapi.Server)
	}{
		{"missing scope", "missing_scope", "reactions:write", 4, func(s *slackapi.Server) { s.SetScopes("chat:write") }},
		{"channel not found", "channel_not_found", "report link", 1, func(s *slackapi.Server) { s.Fail("reactions.add", "channel_not_found", 0, 1) }},
		{"invalid token", "invalid_auth", "SLACK_BOT_TOKEN", 4, func(s *slackapi.Server) { s.Fail("reactions.add", "invalid_auth", 0, 1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := slackapi.New(t)
			tc.setup(srv)
			r, res := startInSlack(t, srv)
			if res.Code != tc.code || !strings.Contains(res.Err, tc.reason) || !strings.Contains(res.Err, tc.fix) || !strings.Contains(res.Err, "the hotfix is started") {
				t.Fatalf("exit %d, want %d\n%s", res.Code, tc.code, res.Err)
			}
			if ev := reacted(t, r); ev == nil || ev.Fields["posted"] != "false" || ev.Fields["reason"] != tc.reason {
				t.Fatalf("event %+v", ev)
			}
			slackapi.NoToken(t, r.Dir, res.Out, res.Err)
		})
	}
}

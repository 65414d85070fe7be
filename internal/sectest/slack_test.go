package sectest

import (
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil/slackapi"
)

// badSlackToken is a bot token Slack refuses (invalid_auth).
const badSlackToken = "xoxb-CANARY-REFUSED-SLACK-TOKEN-0bad"

// TestCanarySweepSlack runs start, update (and --remind) and deploy against the Slack Web API
// test server with canary bot tokens, through every refusal (missing
// scope, refused token, not in the channel, rate limits, a lost
// permalink), and finds neither token in any output, file or git object.
func TestCanarySweepSlack(t *testing.T) {
	w := newWorld(t, "")
	srv := slackapi.New(t)
	w.env["SLACK_BOT_TOKEN"] = slackapi.Token
	w.env["SLACK_API_URL"] = srv.APIURL()
	s := &sweep{w: w}
	bad := w.with("SLACK_BOT_TOKEN", badSlackToken)
	answers := w.file("incident.yaml", incident)

	s.do(2, nil, "start", "--no-input", "--answers", answers, "--base", "v1.0.0", "--report", "https://acme.slack.com/archives/general/p1")
	s.do(0, nil, "start", "--no-input", "--answers", answers, "--base", "v1.0.0", "--report", slackapi.ReportLink)
	s.do(2, nil, "record", "set", "report", "https://acme.slack.com/archives/C0123ABCD")
	s.do(0, nil, "update", "--dry-run")
	s.do(0, nil, "update")
	s.do(0, nil, "update", "--json", "--message", "json")
	s.do(4, bad, "update", "--message", "bad token")
	srv.SetScopes("reactions:write")
	s.do(4, nil, "update", "--message", "no scope")
	srv.SetScopes("chat:write", "reactions:write")
	srv.Fail("chat.postMessage", "", 1, 3)
	s.do(1, nil, "update", "--message", "rate limited")
	srv.Fail("chat.getPermalink", "fatal_error", 0, 1)
	s.do(1, nil, "update", "--message", "no link")
	s.do(4, bad, "deploy", "--ref", "v1.0.0", "--env", "staging")
	s.do(0, nil, "update", "--remind")
	s.do(0, nil, "update", "--remind", "--json")
	srv.Leave(slackapi.Channel)
	s.do(1, nil, "update", "--message", "not in channel")
	s.do(1, nil, "deploy", "--ref", "v1.0.0", "--env", "eu-staging")
	s.do(0, nil, "update", "--no-post", "--message", "by hand")
	s.do(0, nil, "status", "--json")

	sc := s.scan(t, w.repo.Dir)
	for _, l := range sc.leaks {
		t.Errorf("leak: %s", l)
	}
	all := ""
	for _, r := range s.runs {
		all += r.res.Err
	}
	for _, want := range []string{"invalid_auth", "missing_scope", "ratelimited", "not_in_channel", "could not be had", "Reacted :eyes:"} {
		if !strings.Contains(all, want) {
			t.Errorf("no run printed %q", want)
		}
	}
}

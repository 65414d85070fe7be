package notify

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/testutil/slackapi"
)

func newSlack(t *testing.T) (*Slack, *slackapi.Server, *[]time.Duration) {
	srv := slackapi.New(t)
	var slept []time.Duration
	s := &Slack{Token: slackapi.Token, APIURL: srv.APIURL(), Report: Ref{Channel: slackapi.Channel, TS: slackapi.ReportTS},
		Sleep: func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }}
	return s, srv, &slept
}

func TestSlackRepliesInThreadWithPermalink(t *testing.T) {
	s, srv, _ := newSlack(t)
	r, err := s.Post(context.Background(), Message{Text: "Investigating"})
	if err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	last := msgs[len(msgs)-1]
	if len(msgs) != 2 || last.ThreadTS != slackapi.ReportTS || last.Text != "Investigating" || last.Channel != slackapi.Channel {
		t.Fatalf("messages %+v", msgs)
	}
	if r.Permalink != slackapi.Permalink(slackapi.Channel, last.TS) || r.TS != last.TS {
		t.Fatalf("receipt %+v", r)
	}
	if err := s.React(context.Background(), ":eyes:"); err != nil {
		t.Fatal(err)
	}
	// Again: already_reacted is not an error.
	if err := s.React(context.Background(), "eyes"); err != nil {
		t.Fatal(err)
	}
	if got := srv.Reactions(); len(got) != 1 || got[0] != (slackapi.Reaction{Channel: slackapi.Channel, TS: slackapi.ReportTS, Name: "eyes"}) {
		t.Fatalf("reactions %+v", got)
	}
}

func TestSlackFailuresNameTheFix(t *testing.T) {
	for _, tc := range []struct {
		name, reason, fix string
		auth              bool
		setup             func(*Slack, *slackapi.Server)
	}{
		{"not in channel", "not_in_channel", "invite the bot", false, func(_ *Slack, s *slackapi.Server) { s.Leave(slackapi.Channel) }},
		{"missing scope", "missing_scope", "chat:write", true, func(_ *Slack, s *slackapi.Server) { s.SetScopes("reactions:write") }},
		{"bad token", "invalid_auth", "SLACK_BOT_TOKEN", true, func(c *Slack, _ *slackapi.Server) { c.Token = "xoxb-wrong" }},
		{"channel not found", "channel_not_found", "report link", false, func(c *Slack, _ *slackapi.Server) { c.Report.Channel = "C0NOPE" }},
		{"rate limited, long wait", "ratelimited", "wait", false, func(_ *Slack, s *slackapi.Server) { s.Fail("chat.postMessage", "", 120, 1) }},
		{"rate limited, too often", "ratelimited", "wait", false, func(_ *Slack, s *slackapi.Server) { s.Fail("chat.postMessage", "", 1, 3) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, srv, _ := newSlack(t)
			tc.setup(s, srv)
			_, err := s.Post(context.Background(), Message{Text: "x"})
			var e *Error
			if !errors.As(err, &e) || e.Reason != tc.reason || !strings.Contains(e.Fix, tc.fix) || e.Auth != tc.auth || e.Posted {
				t.Fatalf("error %#v", err)
			}
			if strings.Contains(e.Msg+e.Fix, slackapi.Token) {
				t.Fatal("the token is in the error")
			}
		})
	}
}

func TestSlackReactionNeedsItsScope(t *testing.T) {
	s, srv, _ := newSlack(t)
	srv.SetScopes("chat:write")
	err := s.React(context.Background(), "eyes")
	var e *Error
	if !errors.As(err, &e) || e.Reason != "missing_scope" || !strings.Contains(e.Fix, "reactions:write") {
		t.Fatalf("error %#v", err)
	}
}

func TestSlackWaitsOutRetryAfter(t *testing.T) {
	s, srv, slept := newSlack(t)
	srv.Fail("chat.postMessage", "", 2, 2)
	if _, err := s.Post(context.Background(), Message{Text: "x"}); err != nil {
		t.Fatal(err)
	}
	if len(*slept) != 2 || (*slept)[0] != 2*time.Second {
		t.Fatalf("slept %v", *slept)
	}
	if n := len(srv.Messages()); n != 2 {
		t.Fatalf("%d messages: a ratelimited post must not be sent twice", n)
	}
}

func TestSlackPermalinkFailureStillPosted(t *testing.T) {
	s, srv, _ := newSlack(t)
	srv.Fail("chat.getPermalink", "fatal_error", 0, 1)
	r, err := s.Post(context.Background(), Message{Text: "x"})
	var e *Error
	if !errors.As(err, &e) || !e.Posted || r.TS == "" || r.Permalink != "" {
		t.Fatalf("receipt %+v, error %#v", r, err)
	}
}

func TestSlackRefusesPlainHTTP(t *testing.T) {
	s := &Slack{Token: "xoxb-x", APIURL: "http://slack.example.com/api/"}
	if _, err := s.Post(context.Background(), Message{Text: "x"}); err == nil || !strings.Contains(err.Error(), "https") {
		t.Fatalf("error %v", err)
	}
}

func TestSlackUnreachableNamesNoToken(t *testing.T) {
	s, srv, _ := newSlack(t)
	srv.Close()
	_, err := s.Post(context.Background(), Message{Text: "x"})
	var e *Error
	if !errors.As(err, &e) || e.Reason != "network" || !strings.Contains(e.Fix, "network") || strings.Contains(e.Msg, slackapi.Token) {
		t.Fatalf("error %#v", err)
	}
}

func TestSlackFor(t *testing.T) {
	env := map[string]string{}
	get := func(k string) string { return env[k] }
	if s, err := SlackFor(get, "https://acme.slack.com/archives/C0123ABCD/p1700000000123456", nil); s != nil || err != nil {
		t.Fatal("no token: the webhook")
	}
	env[TokenEnv] = "xoxb-x"
	if s, err := SlackFor(get, "https://github.com/o/r/issues/1", nil); s != nil || err != nil {
		t.Fatal("an issue link: not Slack")
	}
	s, err := SlackFor(get, "https://acme.slack.com/archives/C0123ABCD/p1700000000123456", nil)
	if err != nil || s.Report != (Ref{"C0123ABCD", "1700000000.123456"}) || s.APIURL != "" {
		t.Fatalf("%+v %v", s, err)
	}
	env[APIURLEnv] = "http://slack.example.com/api/"
	if _, err := SlackFor(get, "https://acme.slack.com/archives/C0123ABCD/p1700000000123456", nil); err == nil {
		t.Fatal("plain http API URL accepted")
	}
}

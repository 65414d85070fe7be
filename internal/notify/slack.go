package notify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/hotfix-dev/hotfix/internal/gh"
)

// DefaultSlackAPIURL is the Slack Web API's base.
const DefaultSlackAPIURL = "https://slack.com/api/"

// TokenEnv is the environment variable that holds the Slack bot token.
const TokenEnv = "SLACK_BOT_TOKEN"

// APIURLEnv overrides the Slack Web API's base (tests, proxies).
const APIURLEnv = "SLACK_API_URL"

// Rate limits: a ratelimited answer is waited out at most MaxRetries times,
// each wait at most MaxRetryWait; a longer Retry-After fails at once.
const (
	MaxRetries   = 2
	MaxRetryWait = 30 * time.Second
)

// Slack talks to the Slack Web API with a bot token, through
// github.com/slack-go/slack: it replies in the thread of the report
// message and reacts to it.
type Slack struct {
	// Token is the bot token (xoxb-...); never shown.
	Token string
	// APIURL is the API's base; "" means DefaultSlackAPIURL.
	APIURL string
	// Client sends the requests; nil means a client with a 15s timeout.
	Client *http.Client
	// Report is the report message: updates go in its thread.
	Report Ref
	// Sleep waits out a Retry-After; nil means a timer that honours ctx.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Describe names the report's thread.
func (s *Slack) Describe() string {
	return "the report's thread in Slack (channel " + s.Report.Channel + ")"
}

// CheckAPIURL refuses an API base that is not https (plain http only on
// loopback), so the token never travels in the clear.
func CheckAPIURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return &Error{Reason: "bad_api_url", Msg: APIURLEnv + " is not a URL", Fix: "unset " + APIURLEnv + " to use " + DefaultSlackAPIURL}
	}
	if u.Scheme == "https" || (u.Scheme == "http" && gh.IsLoopback(u.Hostname())) {
		return nil
	}
	return &Error{Reason: "bad_api_url", Msg: fmt.Sprintf("%s must use https (plain http only on loopback), not %s://%s", APIURLEnv, u.Scheme, u.Host),
		Fix: "unset " + APIURLEnv + " to use " + DefaultSlackAPIURL}
}

func (s *Slack) api() (*slack.Client, error) {
	base := s.APIURL
	if base == "" {
		base = DefaultSlackAPIURL
	}
	if err := CheckAPIURL(base); err != nil {
		return nil, err
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	hc := s.Client
	if hc == nil {
		hc = &http.Client{Timeout: 15 * time.Second}
	}
	return slack.New(s.Token, slack.OptionAPIURL(base), slack.OptionHTTPClient(bearer{hc: hc, token: s.Token})), nil
}

// bearer sends the token as "Authorization: Bearer" only: slack-go puts it
// in form bodies too, where a logging proxy would keep it.
type bearer struct {
	hc    *http.Client
	token string
}

// Do sends req with the token in its Authorization header only.
func (b bearer) Do(req *http.Request) (*http.Response, error) {
	ct, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if req.Method == http.MethodPost && ct == "application/x-www-form-urlencoded" && req.Body != nil {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, err
		}
		vals.Del("token")
		enc := vals.Encode()
		req.Body = io.NopCloser(strings.NewReader(enc))
		req.ContentLength = int64(len(enc))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(enc)), nil }
	}
	q := req.URL.Query()
	if q.Has("token") {
		q.Del("token")
		req.URL.RawQuery = q.Encode()
	}
	req.Header.Set("Authorization", "Bearer "+b.token)
	return b.hc.Do(req)
}

// Post replies in the report's thread (chat.postMessage with thread_ts)
// and asks for the reply's permalink (chat.getPermalink). When the reply
// went out but its link could not be had, the Receipt has its TS and the
// error is an *Error with Posted set.
func (s *Slack) Post(ctx context.Context, m Message) (Receipt, error) {
	return s.post(ctx, s.Report.Channel, s.Report.TS, m)
}

// PostTo posts m in channel (an id, C0123ABCD), not in a thread: the
// pull request's link in the policy's PR channel. The Receipt and error
// are Post's.
func (s *Slack) PostTo(ctx context.Context, channel string, m Message) (Receipt, error) {
	return s.post(ctx, channel, "", m)
}

func (s *Slack) post(ctx context.Context, channel, thread string, m Message) (Receipt, error) {
	api, err := s.api()
	if err != nil {
		return Receipt{}, err
	}
	opts := []slack.MsgOption{slack.MsgOptionText(m.Text, false)}
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	var ch, ts string
	err = s.retry(ctx, func() error {
		var err error
		ch, ts, err = api.PostMessageContext(ctx, channel, opts...)
		return err
	})
	if err != nil {
		return Receipt{}, s.explain("chat.postMessage", channel, err)
	}
	r := Receipt{Channel: ch, TS: ts}
	err = s.retry(ctx, func() error {
		var err error
		r.Permalink, err = api.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: ch, Ts: ts})
		return err
	})
	if err != nil {
		e := s.explain("chat.getPermalink", channel, err)
		e.Posted = true
		e.Msg = "the update was posted, but its link could not be had: " + e.Msg
		return r, e
	}
	return r, nil
}

// React adds the reaction name (an emoji's name, without colons) to the
// report (reactions.add). A reaction already there is not an error, so a
// rerun is safe.
func (s *Slack) React(ctx context.Context, name string) error {
	api, err := s.api()
	if err != nil {
		return err
	}
	name = strings.Trim(name, ":")
	err = s.retry(ctx, func() error {
		return api.AddReactionContext(ctx, name, slack.ItemRef{Channel: s.Report.Channel, Timestamp: s.Report.TS})
	})
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && se.Err == "already_reacted" {
		return nil
	}
	if err != nil {
		return s.explain("reactions.add", s.Report.Channel, err)
	}
	return nil
}

// retry runs call, waiting out a ratelimited answer's Retry-After at most
// MaxRetries times, each at most MaxRetryWait.
func (s *Slack) retry(ctx context.Context, call func() error) error {
	sleep := s.Sleep
	if sleep == nil {
		sleep = func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	for i := 0; ; i++ {
		err := call()
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) || i == MaxRetries || rl.RetryAfter > MaxRetryWait {
			return err
		}
		if err := sleep(ctx, rl.RetryAfter); err != nil {
			return err
		}
	}
}

// scopes are the bot scopes each method needs.
var scopes = map[string]string{"chat.postMessage": "chat:write", "reactions.add": "reactions:write"}

// explain turns a Slack error into an *Error naming the fix; the token is
// never in it.
func (s *Slack) explain(method, channel string, err error) *Error {
	e := &Error{Reason: "error"}
	var se slack.SlackErrorResponse
	var rl *slack.RateLimitedError
	switch {
	case errors.As(err, &rl):
		e.Reason = "ratelimited"
		e.Msg = fmt.Sprintf("Slack's rate limit (ratelimited): %s was refused %d times (the last asked to wait %s)", method, MaxRetries+1, rl.RetryAfter)
		if rl.RetryAfter > MaxRetryWait {
			e.Msg = fmt.Sprintf("Slack's rate limit (ratelimited): %s asked to wait %s, longer than hotfix waits (%s)", method, rl.RetryAfter, MaxRetryWait)
		}
		e.Fix = "wait a minute and rerun"
	case errors.As(err, &se):
		e.Reason = se.Err
		e.Msg = fmt.Sprintf("Slack refused %s: %s", method, se.Err)
		switch se.Err {
		case "not_in_channel":
			where := "the report's channel"
			if channel != s.Report.Channel {
				where = "the channel"
			}
			e.Fix = fmt.Sprintf("invite the bot to %s (/invite @your-bot in channel %s), then rerun", where, channel)
		case "missing_scope":
			need := scopes[method]
			if need == "" {
				need = se.Needed
			}
			e.Msg += " (the token lacks the scope " + need + ")"
			e.Fix = fmt.Sprintf("add the bot token scope %s to the Slack app (OAuth & Permissions), reinstall the app, and put its new token in %s", need, TokenEnv)
			e.Auth = true
		case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive":
			e.Fix = fmt.Sprintf("check %s: it must hold the bot token (xoxb-...) of the Slack app installed in your workspace", TokenEnv)
			e.Auth = true
		case "channel_not_found":
			e.Fix = fmt.Sprintf("check the report link (hotfix record set report URL); for a private channel, invite the bot first (channel %s)", channel)
			if channel != s.Report.Channel {
				e.Fix = fmt.Sprintf("check update.slack.pr_channel in .hotfix.yaml; for a private channel, invite the bot first (channel %s)", channel)
			}
		case "message_not_found", "thread_not_found":
			e.Fix = "check the report link (hotfix record set report URL): the message may have been deleted"
		default:
			e.Fix = "see https://api.slack.com/methods/" + method + " for what " + se.Err + " means"
		}
	default:
		e.Reason = "network"
		msg := err.Error()
		if s.Token != "" {
			msg = strings.ReplaceAll(msg, s.Token, "[token]")
		}
		e.Msg = fmt.Sprintf("could not reach Slack for %s: %s", method, msg)
		e.Fix = "check the network (and " + APIURLEnv + " if set), then rerun"
	}
	return e
}

// SlackFor is the Slack notifier for the record's report link when a bot
// token is in TokenEnv and the link is a Slack message link; nil (and no
// error) otherwise, so the caller falls back to the webhook. The API base
// is APIURLEnv's, else DefaultSlackAPIURL.
func SlackFor(getenv func(string) string, report string, hc *http.Client) (*Slack, error) {
	token := strings.TrimSpace(getenv(TokenEnv))
	if token == "" || !IsSlackLink(report) {
		return nil, nil
	}
	ref, err := ParseSlackLink(report)
	if err != nil {
		return nil, &Error{Reason: "bad_report_link", Msg: err.Error(), Fix: "fix it with hotfix record set report URL (the message's \"Copy link\")"}
	}
	base := strings.TrimSpace(getenv(APIURLEnv))
	if base != "" {
		if err := CheckAPIURL(base); err != nil {
			return nil, err
		}
	}
	return &Slack{Token: token, APIURL: base, Client: hc, Report: ref}, nil
}

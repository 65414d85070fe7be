package notify

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Ref names a Slack message: its channel and ts.
type Ref struct {
	Channel, TS string
}

var (
	channelRe = regexp.MustCompile(`^[CGD][A-Z0-9]{2,}$`)
	tsDigits  = regexp.MustCompile(`^p[0-9]{16}$`)
	tsRe      = regexp.MustCompile(`^[0-9]{10}\.[0-9]{6}$`)
)

// IsSlackLink reports whether link looks meant for Slack (its host is a
// slack.com workspace), so it is checked as one.
func IsSlackLink(link string) bool {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil {
		return false
	}
	h := strings.ToLower(u.Hostname())
	return h == "slack.com" || strings.HasSuffix(h, ".slack.com")
}

// ParseSlackLink reads a message link as Slack's "Copy link" gives it,
// https://WORKSPACE.slack.com/archives/CHANNEL/pTTTTTTTTTTUUUUUU, into its
// channel and thread: a reply's link (with ?thread_ts=) names its thread's
// parent. The error says what is wrong with the link.
func ParseSlackLink(link string) (Ref, error) {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil {
		return Ref{}, fmt.Errorf("the report link %q is not a URL", link)
	}
	if u.Scheme != "https" {
		return Ref{}, fmt.Errorf("the report link must start with https://, not %q", u.Scheme+"://")
	}
	if !IsSlackLink(link) {
		return Ref{}, fmt.Errorf("the report link's host %q is not a Slack workspace (WORKSPACE.slack.com)", u.Host)
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) != 3 || parts[0] != "archives" {
		return Ref{}, fmt.Errorf("the report link's path %q is not /archives/CHANNEL/pTIMESTAMP: use the message's \"Copy link\"", u.Path)
	}
	if !channelRe.MatchString(parts[1]) {
		return Ref{}, fmt.Errorf("%q in the report link is not a channel id (like C0123ABCD)", parts[1])
	}
	if !tsDigits.MatchString(parts[2]) {
		return Ref{}, fmt.Errorf("%q in the report link is not a message (p and 16 digits, like p1700000000123456)", parts[2])
	}
	ref := Ref{Channel: parts[1], TS: parts[2][1:11] + "." + parts[2][11:]}
	if th := u.Query().Get("thread_ts"); th != "" {
		if !tsRe.MatchString(th) {
			return Ref{}, fmt.Errorf("the report link's thread_ts %q is not a message timestamp (like 1700000000.123456)", th)
		}
		ref.TS = th
	}
	return ref, nil
}

var issueRe = regexp.MustCompile(`^/[^/]+/[^/]+/issues/[0-9]+/?$`)

// CheckReport checks the report link a record keeps (incident.report): a
// Slack message link (ParseSlackLink), or a GitHub issue's URL
// (https://HOST/OWNER/REPO/issues/N). The error says what is wrong.
func CheckReport(link string) error {
	if IsSlackLink(link) {
		_, err := ParseSlackLink(link)
		return err
	}
	if IsIssueLink(link) {
		return nil
	}
	return fmt.Errorf("the report link %q is not a Slack message link (https://WORKSPACE.slack.com/archives/CHANNEL/pTIMESTAMP, from the message's \"Copy link\") or a GitHub issue URL (https://github.com/OWNER/REPO/issues/N)", link)
}

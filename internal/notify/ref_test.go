package notify

import (
	"strings"
	"testing"
)

func TestParseSlackLink(t *testing.T) {
	for link, want := range map[string]Ref{
		"https://acme.slack.com/archives/C0123ABCD/p1700000000123456":                                           {"C0123ABCD", "1700000000.123456"},
		" https://acme.slack.com/archives/G0123ABCD/p1700000000123456/ ":                                        {"G0123ABCD", "1700000000.123456"},
		"https://acme.slack.com/archives/C0123ABCD/p1700000099000100?thread_ts=1700000000.123456&cid=C0123ABCD": {"C0123ABCD", "1700000000.123456"},
	} {
		got, err := ParseSlackLink(link)
		if err != nil || got != want {
			t.Errorf("%s: %+v, %v", link, got, err)
		}
	}
	for link, want := range map[string]string{
		"http://acme.slack.com/archives/C0123ABCD/p1700000000123456":              "https://",
		"https://example.com/archives/C0123ABCD/p1700000000123456":                "not a Slack workspace",
		"https://acme.slack.com/messages/C0123ABCD":                               "Copy link",
		"https://acme.slack.com/archives/general/p1700000000123456":               "not a channel id",
		"https://acme.slack.com/archives/C0123ABCD/p17000000":                     "16 digits",
		"https://acme.slack.com/archives/C0123ABCD/p1700000000123456?thread_ts=x": "thread_ts",
	} {
		if _, err := ParseSlackLink(link); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", link, err, want)
		}
	}
	if !IsSlackLink("https://acme.slack.com/x") || IsSlackLink("https://github.com/o/r/issues/1") {
		t.Error("IsSlackLink")
	}
}

func TestCheckReport(t *testing.T) {
	for _, ok := range []string{"https://acme.slack.com/archives/C0123ABCD/p1700000000123456", "https://github.com/acme/shop/issues/42"} {
		if err := CheckReport(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for link, want := range map[string]string{
		"https://acme.slack.com/archives/C0123ABCD":  "Copy link",
		"https://x:y@github.com/acme/shop/issues/42": "not a Slack message link",
		"#42":                        "GitHub issue URL",
		"https://example.com/report": "not a Slack message link",
		// One parse serves the check and the channel (ParseIssueLink):
		// what cannot be commented on is not accepted as a report.
		"https://github.com/acme/shop/issues/0": "GitHub issue URL",
	} {
		if err := CheckReport(link); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", link, err, want)
		}
	}
}

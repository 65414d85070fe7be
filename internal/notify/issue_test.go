package notify

import (
	"context"
	"errors"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
)

func TestParseIssueLink(t *testing.T) {
	ref, err := ParseIssueLink(" https://GitHub.com/acme/shop/issues/41/ ")
	if err != nil || ref != (IssueRef{Host: "github.com", Owner: "acme", Repo: "shop", Number: 41}) || ref.String() != "acme/shop#41" {
		t.Fatalf("%+v %v", ref, err)
	}
	for _, bad := range []string{"http://github.com/acme/shop/issues/41", "https://github.com/acme/shop/pull/41",
		"https://github.com/acme/shop/issues/0", "https://x:y@github.com/acme/shop/issues/4", "https://github.com/acme/issues/4", "nope"} {
		if IsIssueLink(bad) {
			t.Errorf("%q taken for an issue link", bad)
		}
	}
}

type commenter struct {
	got  []string
	link string
	err  error
}

func (c *commenter) CommentOnIssue(_ context.Context, n int, body string) (string, error) {
	if c.err != nil {
		return "", c.err
	}
	c.got = append(c.got, body)
	return c.link, nil
}

// Unit level: the notifier's receipt and its errors. The whole channel
// against the GitHub API test server is tested in the update command.
func TestGitHubIssuePost(t *testing.T) {
	c := &commenter{link: "https://github.com/acme/shop/issues/41#issuecomment-1"}
	g := &GitHubIssue{API: c, Issue: IssueRef{Host: "github.com", Owner: "acme", Repo: "shop", Number: 41}}
	r, err := g.Post(context.Background(), Message{Text: "[SEV2] investigating"})
	if err != nil || r.Permalink != c.link || len(c.got) != 1 || g.Describe() != "the incident issue acme/shop#41" {
		t.Fatalf("%+v %v %v", r, err, c.got)
	}
	c.err = &cmdutil.Error{Code: cmdutil.ExitAuth, Msg: "GitHub rejected the token", Fix: "create a new one"}
	_, err = g.Post(context.Background(), Message{Text: "x"})
	var e *Error
	if !errors.As(err, &e) || !e.Auth || e.Fix != "create a new one" || Reason(err) != "auth" {
		t.Fatalf("%#v", err)
	}
	c.err = errors.New("could not comment: connection reset")
	_, err = g.Post(context.Background(), Message{Text: "x"})
	if !errors.As(err, &e) || e.Auth || e.Posted || Reason(err) != "github" || FixOf(err) == "" {
		t.Fatalf("%#v", err)
	}
}

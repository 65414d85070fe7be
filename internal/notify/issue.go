package notify

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
)

// IssueRef names a GitHub issue by its web link's parts.
type IssueRef struct {
	// Host is the web host (github.com, or an Enterprise host).
	Host string
	// Owner and Repo name the repository the issue is in.
	Owner, Repo string
	// Number is the issue's number.
	Number int
}

// FullName is "owner/repo".
func (r IssueRef) FullName() string { return r.Owner + "/" + r.Repo }

// String is the issue as GitHub writes a cross-repository reference,
// "owner/repo#N".
func (r IssueRef) String() string { return fmt.Sprintf("%s#%d", r.FullName(), r.Number) }

// IsIssueLink reports whether link is a GitHub issue's URL
// (https://HOST/OWNER/REPO/issues/N), as CheckReport accepts it.
func IsIssueLink(link string) bool {
	_, err := ParseIssueLink(link)
	return err == nil
}

// ParseIssueLink reads https://HOST/OWNER/REPO/issues/N into its parts.
func ParseIssueLink(link string) (IssueRef, error) {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || u.Scheme != "https" || u.User != nil || u.Host == "" || !issueRe.MatchString(u.Path) {
		return IssueRef{}, fmt.Errorf("%q is not a GitHub issue URL (https://github.com/OWNER/REPO/issues/N)", link)
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	n, err := strconv.Atoi(parts[3])
	if err != nil || n <= 0 {
		return IssueRef{}, fmt.Errorf("%q in %q is not an issue number", parts[3], link)
	}
	return IssueRef{Host: strings.ToLower(u.Hostname()), Owner: parts[0], Repo: parts[1], Number: n}, nil
}

// IssueCommenter comments on an issue of one repository and returns the
// comment's link (github.Service does, with the same token as `hotfix pr`).
type IssueCommenter interface {
	CommentOnIssue(ctx context.Context, number int, body string) (string, error)
}

// GitHubIssue posts each update as a comment on the incident's GitHub
// issue: the channel for teams without Slack.
type GitHubIssue struct {
	// API comments on Issue's repository.
	API IssueCommenter
	// Issue is the report: the incident's issue.
	Issue IssueRef
}

// Post comments m on the issue; the receipt's permalink is the comment's
// link. A refusal of the token is an *Error with Auth set.
func (g *GitHubIssue) Post(ctx context.Context, m Message) (Receipt, error) {
	link, err := g.API.CommentOnIssue(ctx, g.Issue.Number, m.Text)
	if err != nil {
		e := &Error{Reason: "github", Msg: err.Error(), Fix: "check the network and GitHub's status, then rerun"}
		var ce *cmdutil.Error
		if errors.As(err, &ce) {
			e.Msg, e.Fix = ce.Msg, ce.Fix
			if ce.Code == cmdutil.ExitAuth {
				e.Reason, e.Auth = "auth", true
			}
		}
		return Receipt{}, e
	}
	return Receipt{Permalink: link}, nil
}

// Describe names the issue.
func (g *GitHubIssue) Describe() string { return "the incident issue " + g.Issue.String() }

package github_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/github"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/testutil/ghapi"
)

// A merged pull request still names its reviewed head, whatever the merge
// made of it.
func TestGetPullRequestNamesItsHead(t *testing.T) {
	srv := ghapi.New(t, ghapi.Options{})
	head := srv.CommitOn("acme/widgets", "hotfix/x", "the fix")
	n := srv.AddPullRequest("acme/widgets", ghapi.PullRequest{Head: ghapi.Branch{Ref: "hotfix/x"}, Base: ghapi.Branch{Ref: "main"}, Title: "fix"})
	merge := srv.Merge("acme/widgets", n, ghapi.MergeOptions{By: "bob"})
	io, _, _, _ := iostreams.Test()
	s, err := github.New(github.Target{Repo: "acme/widgets", Host: "github.com", APIURL: srv.URL()}, github.Deps{IO: io,
		Getenv: func(k string) string { return map[string]string{"GH_TOKEN": srv.Token()}[k] }, HTTPClient: srv.HTTPClient(),
		Sleep: func(context.Context, time.Duration) error { return nil }, Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.GetPullRequest(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Merged || got.MergeCommit != merge || got.HeadSHA != head || got.Base != "main" || got.MergedBy != "bob" {
		t.Fatalf("%+v; want head %s, merge %s", got, head, merge)
	}
}

// An update as a comment on the incident's issue: the comment's link comes
// back; a missing issue is GitHub's 404, an auth error (exit 4) naming the
// token's variable, never the token.
func TestCommentOnIssue(t *testing.T) {
	srv := ghapi.New(t, ghapi.Options{})
	n := srv.AddIssue("acme/widgets", ghapi.Issue{Title: "Refunds counted twice", Body: "reported by finance"})
	io, _, _, _ := iostreams.Test()
	s, err := github.New(github.Target{Repo: "acme/widgets", Host: "github.com", APIURL: srv.URL()}, github.Deps{IO: io,
		Getenv: func(k string) string { return map[string]string{"GH_TOKEN": srv.Token()}[k] }, HTTPClient: srv.HTTPClient(),
		Sleep: func(context.Context, time.Duration) error { return nil }, Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	link, err := s.CommentOnIssue(context.Background(), n, "[SEV2] Investigating")
	if err != nil || !strings.Contains(link, "/acme/widgets/issues/1#issuecomment-") {
		t.Fatalf("%q %v", link, err)
	}
	var issues []ghapi.Issue
	for _, is := range srv.Issues() {
		if is.Number == n {
			issues = append(issues, is)
		}
	}
	if len(issues) != 1 || len(issues[0].Comments) != 1 || issues[0].Comments[0].Body != "[SEV2] Investigating" {
		t.Fatalf("%+v", issues)
	}
	_, err = s.CommentOnIssue(context.Background(), 99, "x")
	var ce *cmdutil.Error
	if !errors.As(err, &ce) || ce.Code != cmdutil.ExitAuth || !strings.Contains(ce.Msg, "comment on issue #99 of acme/widgets") || strings.Contains(err.Error(), srv.Token()) {
		t.Fatalf("%#v", err)
	}
}

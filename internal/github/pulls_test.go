package github_test

import (
	"context"
	"testing"
	"time"

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
	merge := srv.Merge("acme/widgets", n, ghapi.MergeOptions{})
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
	if !got.Merged || got.MergeCommit != merge || got.HeadSHA != head || got.Base != "main" {
		t.Fatalf("%+v; want head %s, merge %s", got, head, merge)
	}
}

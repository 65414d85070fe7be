package ghapi

import (
	"context"
	"testing"

	"github.com/google/go-github/v57/github"
)

// issues/list-for-repo filters by state and labels (all of them), newest
// first, and lists pull requests too, as GitHub does.
func TestListIssuesForRepo(t *testing.T) {
	srv := New(t, Options{Repos: []Repo{widgets()}})
	gh := client(t, srv)
	ctx := context.Background()
	for _, r := range []*github.IssueRequest{
		{Title: github.String("one"), Labels: &[]string{"SEV2", "postmortem-2026-11-22"}},
		{Title: github.String("two"), Labels: &[]string{"SEV2"}},
		{Title: github.String("three"), Labels: &[]string{"SEV2", "postmortem-2026-11-22"}},
	} {
		if _, _, err := gh.Issues.Create(ctx, "acme", "widgets", r); err != nil {
			t.Fatal(err)
		}
	}
	got, _, err := gh.Issues.ListByRepo(ctx, "acme", "widgets", &github.IssueListByRepoOptions{State: "all", Labels: []string{"SEV2", "postmortem-2026-11-22"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].GetTitle() != "three" || got[1].GetTitle() != "one" {
		t.Fatalf("%d issues: %v", len(got), got)
	}
	got, _, err = gh.Issues.ListByRepo(ctx, "acme", "widgets", &github.IssueListByRepoOptions{State: "closed"})
	if err != nil || len(got) != 0 {
		t.Fatalf("closed: %v %v", got, err)
	}
}

package ghapi

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-github/v57/github"
)

// TestEveryOperationAnswersByItsSchema calls every operation of the
// description successfully, through a fake testing.TB, and checks that no
// response failed its schema (the server validates each one it sends) and
// that each success status is documented, so that the check ran.
func TestEveryOperationAnswersByItsSchema(t *testing.T) {
	ft := newFakeTB(t)
	og := newOrigin(t)
	og.branch("hotfix/x", "x.txt", "x\n")
	og.git(og.work, "tag", "-a", "-m", "release v1.0.0", "v1.0.0", "origin/main")
	og.git(og.work, "push", "-q", "origin", "v1.0.0")
	srv := New(ft, Options{Repos: []Repo{{Owner: "acme", Name: "widgets", GitDir: og.bare, Collaborators: []string{"alice"}, Teams: []string{"sre"}}}})
	gh := client(t, srv)
	c := ctx(t)
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	mainSHA := srv.SHA(repoName, "main")
	_, _, err := gh.RateLimit.Get(c)
	must("rate limit", err)
	_, _, err = gh.Users.Get(c, "")
	must("user", err)
	_, _, err = gh.Repositories.Get(c, "acme", "widgets")
	must("repo", err)
	_, _, err = gh.Repositories.GetBranch(c, "acme", "widgets", "main", 0)
	must("branch", err)
	_, _, _, err = gh.Repositories.GetContents(c, "acme", "widgets", "README.md", nil)
	must("contents", err)
	_, _, err = gh.Repositories.ListTags(c, "acme", "widgets", nil)
	must("tags", err)
	_, _, err = gh.Repositories.CompareCommits(c, "acme", "widgets", "v1.0.0", "hotfix/x", nil)
	must("compare", err)
	_, _, err = gh.Git.GetRef(c, "acme", "widgets", "tags/v1.0.0")
	must("get ref", err)
	_, _, err = gh.Git.CreateRef(c, "acme", "widgets", &github.Reference{Ref: github.String("refs/heads/backport"), Object: &github.GitObject{SHA: github.String(mainSHA)}})
	must("create ref", err)
	_, err = gh.Git.DeleteRef(c, "acme", "widgets", "heads/backport")
	must("delete ref", err)
	_, _, err = gh.Repositories.CreateRelease(c, "acme", "widgets", &github.RepositoryRelease{TagName: github.String("v1.0.1"), Draft: github.Bool(true)})
	must("release", err)
	_, _, err = gh.Repositories.CreateRelease(c, "acme", "widgets", &github.RepositoryRelease{TagName: github.String("v1.0.2"), Body: github.String("notes")})
	must("published release", err)
	_, _, err = gh.Repositories.GetReleaseByTag(c, "acme", "widgets", "v1.0.2")
	must("release by tag", err)
	_, _, err = gh.PullRequests.Create(c, "acme", "widgets", &github.NewPullRequest{Title: github.String("t"), Head: github.String("hotfix/x"), Base: github.String("main")})
	must("create pull", err)
	_, _, err = gh.PullRequests.List(c, "acme", "widgets", nil)
	must("list pulls", err)
	_, _, err = gh.PullRequests.Get(c, "acme", "widgets", 1)
	must("get pull", err)
	_, _, err = gh.PullRequests.Edit(c, "acme", "widgets", 1, &github.PullRequest{Body: github.String("b")})
	must("edit pull", err)
	_, _, err = gh.PullRequests.ListFiles(c, "acme", "widgets", 1, nil)
	must("files", err)
	_, _, err = gh.PullRequests.RequestReviewers(c, "acme", "widgets", 1, github.ReviewersRequest{Reviewers: []string{"alice"}, TeamReviewers: []string{"sre"}})
	must("reviewers", err)
	_, _, err = gh.Issues.AddLabelsToIssue(c, "acme", "widgets", 1, []string{"hotfix"})
	must("labels", err)
	_, _, err = gh.Issues.AddAssignees(c, "acme", "widgets", 1, []string{"alice"})
	must("assignees", err)
	_, _, err = gh.Issues.CreateComment(c, "acme", "widgets", 1, &github.IssueComment{Body: github.String("c")})
	must("comment", err)
	_, _, err = gh.Issues.ListLabels(c, "acme", "widgets", nil)
	must("list labels", err)
	_, _, err = gh.Issues.Create(c, "acme", "widgets", &github.IssueRequest{Title: github.String("i"), Labels: &[]string{"hotfix"}, Assignees: &[]string{"alice"}})
	must("issue", err)
	issues, _, err := gh.Issues.ListByRepo(c, "acme", "widgets", &github.IssueListByRepoOptions{State: "all", Labels: []string{"HOTFIX"}, Creator: "hotfix-bot"})
	must("list issues", err)
	if len(issues) != 2 || issues[0].GetTitle() != "i" || !issues[1].IsPullRequest() {
		t.Errorf("listed %d issues: the new issue, then the pull request, want", len(issues))
	}
	dep, _, err := gh.Repositories.CreateDeployment(c, "acme", "widgets", &github.DeploymentRequest{Ref: github.String("v1.0.0"), Environment: github.String("staging"),
		AutoMerge: github.Bool(false), RequiredContexts: &[]string{}, Payload: map[string]any{"hotfix_record": "x"}, Description: github.String("d")})
	must("create deployment", err)
	_, _, err = gh.Repositories.ListDeployments(c, "acme", "widgets", &github.DeploymentsListOptions{SHA: dep.GetSHA(), Environment: "staging"})
	must("list deployments", err)
	_, _, err = gh.Repositories.CreateDeploymentStatus(c, "acme", "widgets", dep.GetID(), &github.DeploymentStatusRequest{State: github.String("success"),
		Description: github.String("deployed"), LogURL: github.String("https://ci.example.com/1")})
	must("create deployment status", err)
	_, _, err = gh.Repositories.ListDeploymentStatuses(c, "acme", "widgets", dep.GetID(), nil)
	must("list deployment statuses", err)
	srv.Merge(repoName, 1, MergeOptions{})
	_, _, err = gh.PullRequests.IsMerged(c, "acme", "widgets", 1)
	must("is merged", err)
	_, _, err = gh.PullRequests.Get(c, "acme", "widgets", 1)
	must("get merged pull", err)

	// A few documented error answers are validated too.
	_, _, err = gh.Git.CreateRef(c, "acme", "widgets", &github.Reference{Ref: github.String("refs/tags/v1.0.0"), Object: &github.GitObject{SHA: github.String(mainSHA)}})
	errorResponse(t, err, 422)
	_, _, err = gh.PullRequests.Create(c, "acme", "widgets", &github.NewPullRequest{Title: github.String("t"), Head: github.String("nope"), Base: github.String("main")})
	errorResponse(t, err, 422)

	ft.expectNoError(t)
	sp, _ := loadSpec()
	seen := map[string]bool{}
	for _, r := range srv.Requests() {
		seen[r.Op] = true
		if r.Status >= 300 {
			continue
		}
		if sp.byID[r.Op].resp[strconv.Itoa(r.Status)] == nil {
			t.Errorf("%s answered %d, which its description does not document", r.Op, r.Status)
		}
	}
	for _, op := range sp.ops {
		if !seen[op.id] {
			t.Errorf("operation %s was not exercised", op.id)
		}
	}
}

// TestResponseCheckCatchesMistakes makes sure the response check is not
// vacuous: a response missing a required field, or with a wrong type, is
// reported.
func TestResponseCheckCatchesMistakes(t *testing.T) {
	ft := newFakeTB(t)
	srv := New(ft, Options{})
	srv.CommitOn(repoName, "hotfix/x", "fix")
	n := srv.AddPullRequest(repoName, PullRequest{Title: "t", Head: Branch{Ref: "hotfix/x"}, Base: Branch{Ref: "main"}})
	sp, _ := loadSpec()
	u, _ := url.Parse(srv.URL() + "repos/acme/widgets/pulls/1")
	c := &call{s: srv, op: sp.byID["pulls/get"], r: &http.Request{Method: "GET", URL: u}}
	srv.mu.Lock()
	rs := srv.repo(repoName)
	good := srv.prJSON(rs, rs.items[n], true)
	srv.mu.Unlock()

	check := func(mutate func(obj), want string) {
		t.Helper()
		o := obj{}
		for k, v := range good {
			o[k] = v
		}
		mutate(o)
		data, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		srv.checkResponse(c, 200, data)
		errs := ft.take()
		if want == "" {
			if len(errs) > 0 {
				t.Errorf("a valid response was reported: %v", errs)
			}
			return
		}
		if len(errs) != 1 || !strings.Contains(errs[0], want) {
			t.Errorf("got %v, want a report containing %q", errs, want)
		}
	}
	check(func(o obj) {}, "")
	check(func(o obj) { delete(o, "number") }, `required property "number" is missing`)
	check(func(o obj) { o["merged"] = "no" }, "$.merged: expected boolean, got string")
	check(func(o obj) { o["created_at"] = "yesterday" }, `$.created_at: "yesterday" is not a date-time`)
	check(func(o obj) { o["head"] = obj{"ref": "x"} }, `$.head: required property "sha" is missing`)
	check(func(o obj) { o["author_association"] = "STRANGER" }, `$.author_association: "STRANGER" is not one of`)
}

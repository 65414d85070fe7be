package ghapi

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-github/v57/github"
)

const repoName = "acme/widgets"

// setup is a server with acme/widgets and a pushed branch hotfix/login-crash
// holding one commit that adds login.go; gitBacked says whether the
// repository is a real bare repository.
type setup struct {
	srv     *Server
	gh      *github.Client
	head    string // hotfix/login-crash's sha
	origin  *origin
	backing string
}

func setups(t *testing.T, opts Options, repo Repo) []func(t *testing.T) setup {
	mem := func(t *testing.T) setup {
		o := opts
		o.Repos = []Repo{repo}
		srv := New(t, o)
		head := srv.CommitOn(repoName, "hotfix/login-crash", "fix the login crash")
		return setup{srv: srv, gh: client(t, srv), head: head, backing: "memory"}
	}
	git := func(t *testing.T) setup {
		og := newOrigin(t)
		head := og.branch("hotfix/login-crash", "login.go", "package login\n\nfunc Login() {}\n")
		r := repo
		r.GitDir = og.bare
		o := opts
		o.Repos = []Repo{r}
		srv := New(t, o)
		return setup{srv: srv, gh: client(t, srv), head: head, origin: og, backing: "git"}
	}
	return []func(t *testing.T) setup{mem, git}
}

func forEachBacking(t *testing.T, opts Options, repo Repo, f func(t *testing.T, s setup)) {
	for i, mk := range setups(t, opts, repo) {
		name := []string{"memory", "git"}[i]
		t.Run(name, func(t *testing.T) { f(t, mk(t)) })
	}
}

func widgets() Repo {
	return Repo{Owner: "acme", Name: "widgets", Collaborators: []string{"alice", "bob"}, Teams: []string{"sre"}}
}

// errorResponse asserts err is a GitHub error with the status.
func errorResponse(t *testing.T, err error, status int) *github.ErrorResponse {
	t.Helper()
	var er *github.ErrorResponse
	if !errors.As(err, &er) {
		t.Fatalf("got %v (%T), want a *github.ErrorResponse", err, err)
	}
	if er.Response.StatusCode != status {
		t.Fatalf("status %d, want %d: %v", er.Response.StatusCode, status, err)
	}
	return er
}

func TestGoGitHubPullRequestFlow(t *testing.T) {
	forEachBacking(t, Options{}, widgets(), func(t *testing.T, s setup) {
		c := ctx(t)
		gh := s.gh
		head := "acme:hotfix/login-crash"

		prs, _, err := gh.PullRequests.List(c, "acme", "widgets", &github.PullRequestListOptions{State: "open", Head: head})
		if err != nil || len(prs) != 0 {
			t.Fatalf("List before: %v %v", prs, err)
		}
		pr, resp, err := gh.PullRequests.Create(c, "acme", "widgets", &github.NewPullRequest{
			Title: github.String("Fix the login crash"), Head: github.String("hotfix/login-crash"),
			Base: github.String("main"), Body: github.String("Incident 42"), Draft: github.Bool(true),
		})
		if err != nil {
			t.Fatalf("Create: %v", err)
		}
		if resp.StatusCode != 201 || resp.Header.Get("Location") != pr.GetURL() {
			t.Errorf("Create: status %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp.Rate.Limit != 5000 || resp.Rate.Remaining >= 5000 {
			t.Errorf("Create: rate %+v", resp.Rate)
		}
		if pr.GetNumber() != 1 || pr.GetState() != "open" || !pr.GetDraft() || pr.GetHead().GetSHA() != s.head ||
			pr.GetHead().GetLabel() != head || pr.GetBase().GetRef() != "main" || pr.GetUser().GetLogin() != "hotfix-bot" ||
			pr.GetHTMLURL() != "https://github.com/acme/widgets/pull/1" || pr.Mergeable != nil {
			t.Errorf("Create returned %+v", pr)
		}

		_, _, err = gh.PullRequests.Create(c, "acme", "widgets", &github.NewPullRequest{
			Title: github.String("again"), Head: github.String("hotfix/login-crash"), Base: github.String("main")})
		er := errorResponse(t, err, 422)
		if er.Message != "Validation Failed" || len(er.Errors) != 1 || er.Errors[0].Resource != "PullRequest" ||
			er.Errors[0].Code != "custom" || er.Errors[0].Message != "A pull request already exists for acme:hotfix/login-crash." {
			t.Errorf("duplicate: %+v %+v", er, er.Errors)
		}

		prs, _, err = gh.PullRequests.List(c, "acme", "widgets", &github.PullRequestListOptions{State: "open", Head: head, Base: "main"})
		if err != nil || len(prs) != 1 || prs[0].GetNumber() != 1 {
			t.Fatalf("List by head: %v %v", prs, err)
		}
		prs, _, _ = gh.PullRequests.List(c, "acme", "widgets", &github.PullRequestListOptions{State: "closed", Head: head})
		if len(prs) != 0 {
			t.Errorf("List closed: %d", len(prs))
		}
		prs, _, _ = gh.PullRequests.List(c, "acme", "widgets", &github.PullRequestListOptions{Head: "acme:other"})
		if len(prs) != 0 {
			t.Errorf("List by another head: %d", len(prs))
		}

		pr, _, err = gh.PullRequests.Edit(c, "acme", "widgets", 1, &github.PullRequest{Title: github.String("Fix the login crash (sev1)"), Body: github.String("Updated")})
		if err != nil || pr.GetTitle() != "Fix the login crash (sev1)" || pr.GetBody() != "Updated" {
			t.Fatalf("Edit: %v %v", pr, err)
		}

		labels, _, err := gh.Issues.AddLabelsToIssue(c, "acme", "widgets", 1, []string{"hotfix", "sev1"})
		if err != nil || len(labels) != 2 || labels[0].GetName() != "hotfix" || labels[0].GetColor() != "ededed" {
			t.Fatalf("AddLabelsToIssue: %v %v", labels, err)
		}
		labels, _, _ = gh.Issues.AddLabelsToIssue(c, "acme", "widgets", 1, []string{"SEV1"})
		if len(labels) != 2 {
			t.Errorf("adding a label again (other case) changed the labels: %v", labels)
		}

		pr, _, err = gh.PullRequests.RequestReviewers(c, "acme", "widgets", 1, github.ReviewersRequest{Reviewers: []string{"alice"}, TeamReviewers: []string{"sre"}})
		if err != nil || len(pr.RequestedReviewers) != 1 || pr.RequestedReviewers[0].GetLogin() != "alice" ||
			len(pr.RequestedTeams) != 1 || pr.RequestedTeams[0].GetSlug() != "sre" {
			t.Fatalf("RequestReviewers: %+v %v", pr, err)
		}
		_, _, err = gh.PullRequests.RequestReviewers(c, "acme", "widgets", 1, github.ReviewersRequest{Reviewers: []string{"alice", "mallory"}})
		er = errorResponse(t, err, 422)
		if er.Message != "Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the acme/widgets repository." {
			t.Errorf("non-collaborator: %q", er.Message)
		}
		_, _, err = gh.PullRequests.RequestReviewers(c, "acme", "widgets", 1, github.ReviewersRequest{TeamReviewers: []string{"dba"}})
		errorResponse(t, err, 422)
		_, _, err = gh.PullRequests.RequestReviewers(c, "acme", "widgets", 1, github.ReviewersRequest{Reviewers: []string{"hotfix-bot"}})
		er = errorResponse(t, err, 422)
		if er.Message != "Review cannot be requested from pull request author." {
			t.Errorf("author: %q", er.Message)
		}

		issue, _, err := gh.Issues.AddAssignees(c, "acme", "widgets", 1, []string{"alice", "mallory"})
		if err != nil || len(issue.Assignees) != 1 || issue.GetAssignee().GetLogin() != "alice" || !issue.IsPullRequest() {
			t.Fatalf("AddAssignees: %+v %v", issue, err)
		}
		comment, resp, err := gh.Issues.CreateComment(c, "acme", "widgets", 1, &github.IssueComment{Body: github.String("Deployed to staging")})
		if err != nil || comment.GetBody() != "Deployed to staging" || resp.Header.Get("Location") == "" ||
			!strings.HasPrefix(comment.GetHTMLURL(), "https://github.com/acme/widgets/pull/1#issuecomment-") {
			t.Fatalf("CreateComment: %+v %v", comment, err)
		}

		pr, _, err = gh.PullRequests.Get(c, "acme", "widgets", 1)
		if err != nil || !pr.GetMergeable() || pr.GetMergeableState() != "draft" || pr.GetComments() != 1 || pr.GetCommits() != 1 || len(pr.Labels) != 2 {
			t.Fatalf("Get: %+v %v", pr, err)
		}
		files, _, err := gh.PullRequests.ListFiles(c, "acme", "widgets", 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		if s.backing == "git" && (len(files) != 1 || files[0].GetFilename() != "login.go" || files[0].GetStatus() != "added" || files[0].GetAdditions() != 3) {
			t.Errorf("ListFiles: %+v", files)
		}
		merged, _, err := gh.PullRequests.IsMerged(c, "acme", "widgets", 1)
		if err != nil || merged {
			t.Fatalf("IsMerged before: %v %v", merged, err)
		}
		if _, _, err := gh.PullRequests.Get(c, "acme", "widgets", 99); err == nil {
			t.Error("Get of a missing pull request succeeded")
		}

		sha := s.srv.Merge(repoName, 1, MergeOptions{By: "alice"})
		merged, _, err = gh.PullRequests.IsMerged(c, "acme", "widgets", 1)
		if err != nil || !merged {
			t.Fatalf("IsMerged after: %v %v", merged, err)
		}
		pr, _, _ = gh.PullRequests.Get(c, "acme", "widgets", 1)
		if !pr.GetMerged() || pr.GetMergeCommitSHA() != sha || pr.GetState() != "closed" || pr.GetMergedBy().GetLogin() != "alice" || pr.MergedAt == nil {
			t.Errorf("after Merge: %+v", pr)
		}
		if s.backing == "git" {
			if got := s.origin.revParse("main"); got != sha {
				t.Errorf("main is %s after the merge, want %s", got, sha)
			}
			if parents := s.origin.git(s.origin.bare, "rev-list", "--parents", "-n1", sha); len(strings.Fields(parents)) != 3 {
				t.Errorf("the merge commit's parents: %s", parents)
			}
		}
		_, _, err = gh.PullRequests.Edit(c, "acme", "widgets", 1, &github.PullRequest{State: github.String("open")})
		errorResponse(t, err, 422)

		all := s.srv.PullRequests()
		if len(all) != 1 {
			t.Fatalf("PullRequests: %+v", all)
		}
		got := all[0]
		if got.Title != "Fix the login crash (sev1)" || !got.Merged || got.MergeCommitSHA != sha ||
			strings.Join(got.Labels, ",") != "hotfix,sev1" || strings.Join(got.RequestedReviewers, ",") != "alice" ||
			strings.Join(got.RequestedTeams, ",") != "sre" || strings.Join(got.Assignees, ",") != "alice" ||
			len(got.Comments) != 1 || got.Head.Label != head || got.URL != s.srv.URL()+"repos/acme/widgets/pulls/1" {
			t.Errorf("PullRequests()[0] = %+v", got)
		}
		if labels := s.srv.Labels(); len(labels) != 2 || labels[0].Name != "hotfix" || labels[1].Name != "sev1" {
			t.Errorf("Labels() = %+v", labels)
		}
	})
}

func TestGoGitHubPullRequestRefusals(t *testing.T) {
	forEachBacking(t, Options{}, widgets(), func(t *testing.T, s setup) {
		c := ctx(t)
		create := func(head, base string, draft bool) error {
			_, _, err := s.gh.PullRequests.Create(c, "acme", "widgets", &github.NewPullRequest{
				Title: github.String("t"), Head: github.String(head), Base: github.String(base), Draft: github.Bool(draft)})
			return err
		}
		er := errorResponse(t, create("hotfix/missing", "main", false), 422)
		if len(er.Errors) != 1 || er.Errors[0].Field != "head" || er.Errors[0].Code != "invalid" || er.Errors[0].Resource != "PullRequest" {
			t.Errorf("unknown head: %+v", er.Errors)
		}
		er = errorResponse(t, create("hotfix/login-crash", "release/9", false), 422)
		if len(er.Errors) != 1 || er.Errors[0].Field != "base" {
			t.Errorf("unknown base: %+v", er.Errors)
		}
		er = errorResponse(t, create("other:hotfix/login-crash", "main", false), 422)
		if er.Errors[0].Field != "head" {
			t.Errorf("head of another owner: %+v", er.Errors)
		}
		er = errorResponse(t, create("main", "main", false), 422)
		if er.Errors[0].Message != "No commits between main and main" {
			t.Errorf("same branch: %+v", er.Errors)
		}
		_, _, err := s.gh.PullRequests.Create(c, "acme", "widgets", &github.NewPullRequest{Head: github.String("hotfix/login-crash"), Base: github.String("main")})
		er = errorResponse(t, err, 422)
		if er.Errors[0].Code != "missing_field" || er.Errors[0].Field != "title" {
			t.Errorf("no title: %+v", er.Errors)
		}
		if n := len(s.srv.PullRequests()); n != 0 {
			t.Errorf("%d pull requests after refusals", n)
		}
		if err := create("acme:hotfix/login-crash", "main", false); err != nil {
			t.Errorf("owner:branch head: %v", err)
		}
		_, _, err = s.gh.Repositories.Get(c, "acme", "nope")
		errorResponse(t, err, 404)
	})

	t.Run("drafts unsupported", func(t *testing.T) {
		r := widgets()
		r.DraftsUnsupported, r.Private = true, true
		srv := New(t, Options{Repos: []Repo{r}})
		srv.CommitOn(repoName, "hotfix/x", "fix")
		gh := client(t, srv)
		_, _, err := gh.PullRequests.Create(ctx(t), "acme", "widgets", &github.NewPullRequest{
			Title: github.String("t"), Head: github.String("hotfix/x"), Base: github.String("main"), Draft: github.Bool(true)})
		er := errorResponse(t, err, 422)
		if er.Errors[0].Message != "Draft pull requests are not supported in this repository." {
			t.Errorf("draft: %+v", er.Errors)
		}
		if _, _, err := gh.PullRequests.Create(ctx(t), "acme", "widgets", &github.NewPullRequest{
			Title: github.String("t"), Head: github.String("hotfix/x"), Base: github.String("main")}); err != nil {
			t.Errorf("non-draft: %v", err)
		}
	})

	t.Run("no commits between", func(t *testing.T) {
		r := widgets()
		r.NoCommitsBetween = true
		srv := New(t, Options{Repos: []Repo{r}})
		srv.CommitOn(repoName, "hotfix/x", "fix")
		_, _, err := client(t, srv).PullRequests.Create(ctx(t), "acme", "widgets", &github.NewPullRequest{
			Title: github.String("t"), Head: github.String("hotfix/x"), Base: github.String("main")})
		er := errorResponse(t, err, 422)
		if er.Errors[0].Message != "No commits between main and hotfix/x" {
			t.Errorf("%+v", er.Errors)
		}
	})
}

func TestGoGitHubRepositoryOperations(t *testing.T) {
	forEachBacking(t, Options{}, widgets(), func(t *testing.T, s setup) {
		c := ctx(t)
		gh, srv := s.gh, s.srv
		user, _, err := gh.Users.Get(c, "")
		if err != nil || user.GetLogin() != "hotfix-bot" {
			t.Fatalf("Users.Get: %v %v", user, err)
		}
		limits, _, err := gh.RateLimit.Get(c)
		if err != nil || limits.GetCore().Limit != 5000 {
			t.Fatalf("RateLimit.Get: %v %v", limits, err)
		}
		repo, _, err := gh.Repositories.Get(c, "acme", "widgets")
		if err != nil || repo.GetDefaultBranch() != "main" || repo.GetFullName() != repoName || repo.GetPrivate() || repo.GetOwner().GetType() != "Organization" {
			t.Fatalf("Repositories.Get: %+v %v", repo, err)
		}
		if _, _, err := gh.Repositories.Get(c, "ACME", "Widgets"); err != nil {
			t.Errorf("owner and name are case-insensitive: %v", err)
		}

		mainSHA := srv.SHA(repoName, "main")
		branch, _, err := gh.Repositories.GetBranch(c, "acme", "widgets", "hotfix/login-crash", 0)
		if err != nil || branch.GetName() != "hotfix/login-crash" || branch.GetCommit().GetSHA() != s.head ||
			len(branch.GetCommit().Parents) != 1 || branch.GetCommit().Parents[0].GetSHA() != mainSHA {
			t.Fatalf("GetBranch: %+v %v", branch, err)
		}
		if _, _, err := gh.Repositories.GetBranch(c, "acme", "widgets", "nope", 0); err == nil || !strings.Contains(err.Error(), "404") {
			t.Errorf("GetBranch of a missing branch: %v", err)
		}

		ref, _, err := gh.Git.GetRef(c, "acme", "widgets", "refs/heads/hotfix/login-crash")
		if err != nil || ref.GetObject().GetSHA() != s.head || ref.GetRef() != "refs/heads/hotfix/login-crash" || ref.GetObject().GetType() != "commit" {
			t.Fatalf("GetRef: %+v %v", ref, err)
		}
		_, _, err = gh.Git.GetRef(c, "acme", "widgets", "refs/heads/nope")
		errorResponse(t, err, 404)

		ref, resp, err := gh.Git.CreateRef(c, "acme", "widgets", &github.Reference{Ref: github.String("refs/tags/v1.0.1"), Object: &github.GitObject{SHA: github.String(mainSHA)}})
		if err != nil || ref.GetRef() != "refs/tags/v1.0.1" || resp.StatusCode != 201 {
			t.Fatalf("CreateRef: %+v %v", ref, err)
		}
		_, _, err = gh.Git.CreateRef(c, "acme", "widgets", &github.Reference{Ref: github.String("refs/tags/v1.0.1"), Object: &github.GitObject{SHA: github.String(mainSHA)}})
		if er := errorResponse(t, err, 422); er.Message != "Reference already exists" {
			t.Errorf("CreateRef twice: %q", er.Message)
		}
		_, _, err = gh.Git.CreateRef(c, "acme", "widgets", &github.Reference{Ref: github.String("refs/heads/x"), Object: &github.GitObject{SHA: github.String(strings.Repeat("ab", 20))}})
		if er := errorResponse(t, err, 422); er.Message != "Object does not exist" {
			t.Errorf("CreateRef of a missing object: %q", er.Message)
		}
		_, _, err = gh.Git.CreateRef(c, "acme", "widgets", &github.Reference{Ref: github.String("refs/x"), Object: &github.GitObject{SHA: github.String(mainSHA)}})
		errorResponse(t, err, 422)
		if s.backing == "git" && s.origin.revParse("v1.0.1") != mainSHA {
			t.Error("CreateRef did not create the tag in the bare repository")
		}

		tags, _, err := gh.Repositories.ListTags(c, "acme", "widgets", nil)
		if err != nil || len(tags) != 1 || tags[0].GetName() != "v1.0.1" || tags[0].GetCommit().GetSHA() != mainSHA {
			t.Fatalf("ListTags: %+v %v", tags, err)
		}

		cmp, _, err := gh.Repositories.CompareCommits(c, "acme", "widgets", "main", "hotfix/login-crash", nil)
		if err != nil || cmp.GetStatus() != "ahead" || cmp.GetAheadBy() != 1 || cmp.GetBehindBy() != 0 || len(cmp.Commits) != 1 ||
			cmp.Commits[0].GetSHA() != s.head || cmp.GetMergeBaseCommit().GetSHA() != mainSHA {
			t.Fatalf("CompareCommits: %+v %v", cmp, err)
		}
		if s.backing == "git" && (len(cmp.Files) != 1 || cmp.Files[0].GetFilename() != "login.go" || !strings.Contains(cmp.Files[0].GetPatch(), "+func Login() {}")) {
			t.Errorf("CompareCommits files: %+v", cmp.Files)
		}
		cmp, _, _ = gh.Repositories.CompareCommits(c, "acme", "widgets", "hotfix/login-crash", "v1.0.1", nil)
		if cmp.GetStatus() != "behind" || cmp.GetBehindBy() != 1 {
			t.Errorf("CompareCommits reversed: %s %d", cmp.GetStatus(), cmp.GetBehindBy())
		}
		_, _, err = gh.Repositories.CompareCommits(c, "acme", "widgets", "main", "nope", nil)
		errorResponse(t, err, 404)

		rel, resp, err := gh.Repositories.CreateRelease(c, "acme", "widgets", &github.RepositoryRelease{
			TagName: github.String("v1.0.2"), Name: github.String("v1.0.2"), Body: github.String("Fixes the login crash")})
		if err != nil || rel.GetTagName() != "v1.0.2" || rel.GetTargetCommitish() != "main" || resp.Header.Get("Location") == "" {
			t.Fatalf("CreateRelease: %+v %v", rel, err)
		}
		_, _, err = gh.Repositories.CreateRelease(c, "acme", "widgets", &github.RepositoryRelease{TagName: github.String("v1.0.2")})
		errorResponse(t, err, 422)
		if rels := srv.Releases(); len(rels) != 1 || rels[0].TagName != "v1.0.2" || rels[0].Body != "Fixes the login crash" {
			t.Errorf("Releases() = %+v", rels)
		}
		found := false
		for _, r := range srv.Refs() {
			if r.Name == "refs/tags/v1.0.2" && r.SHA == mainSHA {
				found = true
			}
		}
		if !found {
			t.Errorf("publishing the release did not create its tag: %+v", srv.Refs())
		}
		byTag, _, err := gh.Repositories.GetReleaseByTag(c, "acme", "widgets", "v1.0.2")
		if err != nil || byTag.GetID() != rel.GetID() || byTag.GetBody() != "Fixes the login crash" || byTag.GetHTMLURL() != rel.GetHTMLURL() {
			t.Errorf("GetReleaseByTag: %+v %v", byTag, err)
		}
		_, _, err = gh.Repositories.GetReleaseByTag(c, "acme", "widgets", "v9.9.9")
		errorResponse(t, err, 404)

		if _, err := gh.Git.DeleteRef(c, "acme", "widgets", "refs/heads/hotfix/login-crash"); err != nil {
			t.Fatalf("DeleteRef: %v", err)
		}
		_, err = gh.Git.DeleteRef(c, "acme", "widgets", "refs/heads/hotfix/login-crash")
		if er := errorResponse(t, err, 422); er.Message != "Reference does not exist" {
			t.Errorf("DeleteRef twice: %q", er.Message)
		}
		_, err = gh.Git.DeleteRef(c, "acme", "widgets", "heads/main")
		errorResponse(t, err, 422)
		if s.backing == "git" {
			if out := s.origin.git(s.origin.bare, "for-each-ref", "refs/heads/hotfix"); out != "" {
				t.Errorf("the branch is still in the bare repository: %s", out)
			}
		}
	})
}

func TestGoGitHubContents(t *testing.T) {
	t.Run("git", func(t *testing.T) {
		og := newOrigin(t)
		srv := New(t, Options{Repos: []Repo{{Owner: "acme", Name: "widgets", GitDir: og.bare}}})
		checkContents(t, srv)

		if err := os.Symlink("README.md", filepath.Join(og.work, "LINK.md")); err != nil {
			t.Skip(err)
		}
		og.commit("link")
		og.git(og.work, "push", "-q", "origin", "main")
		file, _, _, err := client(t, srv).Repositories.GetContents(ctx(t), "acme", "widgets", "LINK.md", nil)
		if err != nil || file.GetType() != "symlink" || file.GetTarget() != "README.md" {
			t.Errorf("symlink: %+v %v", file, err)
		}
	})
	t.Run("memory", func(t *testing.T) {
		srv := New(t, Options{Repos: []Repo{{Owner: "acme", Name: "widgets",
			Files: map[string]string{"README.md": "# widgets\n", ".github/CODEOWNERS": "* @alice\n"}}}})
		checkContents(t, srv)
	})
}

func checkContents(t *testing.T, srv *Server) {
	c := ctx(t)
	gh := client(t, srv)
	file, dir, _, err := gh.Repositories.GetContents(c, "acme", "widgets", ".github/CODEOWNERS", &github.RepositoryContentGetOptions{Ref: "main"})
	if err != nil || dir != nil {
		t.Fatalf("GetContents: %v %v", dir, err)
	}
	content, err := file.GetContent()
	if err != nil || content != "* @alice\n" || file.GetType() != "file" || file.GetSHA() != blobSHA([]byte(content)) {
		t.Errorf("GetContents file: %q %v %+v", content, err, file)
	}
	_, dir, _, err = gh.Repositories.GetContents(c, "acme", "widgets", ".github", nil)
	if err != nil || len(dir) != 1 || dir[0].GetName() != "CODEOWNERS" || dir[0].GetPath() != ".github/CODEOWNERS" {
		t.Errorf("GetContents dir: %+v %v", dir, err)
	}
	_, dir, _, err = gh.Repositories.GetContents(c, "acme", "widgets", "", nil)
	if err != nil || len(dir) != 2 {
		t.Errorf("GetContents root: %+v %v", dir, err)
	}
	_, _, _, err = gh.Repositories.GetContents(c, "acme", "widgets", "CODEOWNERS", nil)
	errorResponse(t, err, 404)
	_, _, _, err = gh.Repositories.GetContents(c, "acme", "widgets", "README.md", &github.RepositoryContentGetOptions{Ref: "nope"})
	if er := errorResponse(t, err, 404); er.Message != "No commit found for the ref nope" {
		t.Errorf("unknown ref: %q", er.Message)
	}
}

func TestGoGitHubIssues(t *testing.T) {
	srv := New(t, Options{Repos: []Repo{widgets()}})
	c := ctx(t)
	gh := client(t, srv)
	issue, resp, err := gh.Issues.Create(c, "acme", "widgets", &github.IssueRequest{
		Title: github.String("Action item: alert on login errors"), Body: github.String("From the postmortem"),
		Labels: &[]string{"postmortem", "action-item"}, Assignees: &[]string{"bob"},
	})
	if err != nil || issue.GetNumber() != 1 || resp.StatusCode != 201 || len(issue.Labels) != 2 || issue.GetAssignee().GetLogin() != "bob" || issue.IsPullRequest() {
		t.Fatalf("Issues.Create: %+v %v", issue, err)
	}
	_, _, err = gh.Issues.Create(c, "acme", "widgets", &github.IssueRequest{Title: github.String("x"), Assignees: &[]string{"mallory"}})
	er := errorResponse(t, err, 422)
	if len(er.Errors) != 1 || er.Errors[0].Field != "assignees" || er.Errors[0].Code != "invalid" {
		t.Errorf("invalid assignee: %+v", er.Errors)
	}
	srv.CommitOn(repoName, "hotfix/x", "fix")
	pr, _, err := gh.PullRequests.Create(c, "acme", "widgets", &github.NewPullRequest{Title: github.String("t"), Head: github.String("hotfix/x"), Base: github.String("main")})
	if err != nil || pr.GetNumber() != 2 {
		t.Fatalf("issues and pull requests share numbers: %v %v", pr.GetNumber(), err)
	}
	_, _, err = gh.Issues.CreateComment(c, "acme", "widgets", 9, &github.IssueComment{Body: github.String("x")})
	errorResponse(t, err, 404)
	issues := srv.Issues()
	if len(issues) != 1 || issues[0].Title != "Action item: alert on login errors" || strings.Join(issues[0].Labels, ",") != "postmortem,action-item" ||
		strings.Join(issues[0].Assignees, ",") != "bob" || issues[0].HTMLURL != "https://github.com/acme/widgets/issues/1" {
		t.Errorf("Issues() = %+v", issues)
	}

	// Labels paginate with GitHub's Link header.
	var names []string
	for i := 0; i < 33; i++ {
		names = append(names, "l"+itoa(i))
	}
	if _, _, err := gh.Issues.AddLabelsToIssue(c, "acme", "widgets", 1, names); err != nil {
		t.Fatal(err)
	}
	labels, resp, err := gh.Issues.ListLabels(c, "acme", "widgets", nil)
	if err != nil || len(labels) != 30 || resp.NextPage != 2 || resp.LastPage != 2 {
		t.Fatalf("ListLabels page 1: %d labels, next %d, last %d, %v", len(labels), resp.NextPage, resp.LastPage, err)
	}
	labels, resp, err = gh.Issues.ListLabels(c, "acme", "widgets", &github.ListOptions{Page: resp.NextPage})
	if err != nil || len(labels) != 5 || resp.NextPage != 0 || resp.PrevPage != 1 {
		t.Fatalf("ListLabels page 2: %d labels, next %d, %v", len(labels), resp.NextPage, err)
	}
}

// TestBranchesFollowPushes checks GitHub's reactions to pushes in a
// git-backed repository: the head sha follows the branch, deleting the head
// branch closes the pull request, and pushing the head into the base marks
// it merged.
func TestBranchesFollowPushes(t *testing.T) {
	og := newOrigin(t)
	og.branch("hotfix/a", "a.txt", "a\n")
	og.branch("hotfix/b", "b.txt", "b\n")
	srv := New(t, Options{Repos: []Repo{{Owner: "acme", Name: "widgets", GitDir: og.bare}}})
	gh := client(t, srv)
	c := ctx(t)
	for _, h := range []string{"hotfix/a", "hotfix/b"} {
		if _, _, err := gh.PullRequests.Create(c, "acme", "widgets", &github.NewPullRequest{Title: github.String(h), Head: github.String(h), Base: github.String("main")}); err != nil {
			t.Fatal(err)
		}
	}
	og.git(og.work, "checkout", "-q", "hotfix/a")
	og.write("a.txt", "a2\n")
	newHead := og.commit("more")
	og.git(og.work, "push", "-q", "origin", "hotfix/a")
	pr, _, _ := gh.PullRequests.Get(c, "acme", "widgets", 1)
	if pr.GetHead().GetSHA() != newHead || pr.GetCommits() != 2 {
		t.Errorf("head after a push: %s (%d commits), want %s", pr.GetHead().GetSHA(), pr.GetCommits(), newHead)
	}

	og.git(og.work, "push", "-q", "origin", "--delete", "hotfix/b")
	pr, _, _ = gh.PullRequests.Get(c, "acme", "widgets", 2)
	if pr.GetState() != "closed" || pr.GetMerged() {
		t.Errorf("after deleting its branch: state %s merged %v", pr.GetState(), pr.GetMerged())
	}

	og.git(og.work, "checkout", "-q", "main")
	og.git(og.work, "merge", "-q", "--no-ff", "-m", "merge hotfix/a", "hotfix/a")
	og.git(og.work, "push", "-q", "origin", "main")
	mergeSHA := og.revParse("main")
	merged, _, err := gh.PullRequests.IsMerged(c, "acme", "widgets", 1)
	if err != nil || !merged {
		t.Fatalf("after pushing the merge: merged %v %v", merged, err)
	}
	if prs := srv.PullRequests(); prs[0].MergeCommitSHA != mergeSHA || prs[0].State != "closed" {
		t.Errorf("PullRequests()[0] = %+v", prs[0])
	}
}

func TestSeededState(t *testing.T) {
	srv := New(t, Options{Repos: []Repo{widgets()}})
	srv.CommitOn(repoName, "hotfix/old", "fix")
	n := srv.AddPullRequest(repoName, PullRequest{Title: "Old", Head: Branch{Ref: "hotfix/old"}, Base: Branch{Ref: "main"}, Labels: []string{"hotfix"}})
	i := srv.AddIssue(repoName, Issue{Title: "Follow-up"})
	if n != 1 || i != 2 {
		t.Fatalf("numbers %d %d", n, i)
	}
	gh := client(t, srv)
	c := ctx(t)
	prs, _, err := gh.PullRequests.List(c, "acme", "widgets", &github.PullRequestListOptions{Head: "acme:hotfix/old"})
	if err != nil || len(prs) != 1 || prs[0].GetTitle() != "Old" || len(prs[0].Labels) != 1 {
		t.Fatalf("List: %+v %v", prs, err)
	}
	_, _, err = gh.PullRequests.Create(c, "acme", "widgets", &github.NewPullRequest{Title: github.String("t"), Head: github.String("hotfix/old"), Base: github.String("main")})
	errorResponse(t, err, 422)

	srv.AddRepo(Repo{Owner: "acme", Name: "gadgets", DefaultBranch: "trunk", Private: true})
	if repo, _, err := gh.Repositories.Get(c, "acme", "gadgets"); err != nil || repo.GetDefaultBranch() != "trunk" || repo.GetVisibility() != "private" {
		t.Errorf("a second repository: %+v %v", repo, err)
	}
	if refs := srv.Refs(); len(refs) != 3 || refs[2].Repo != "acme/gadgets" || refs[2].Name != "refs/heads/trunk" || refs[2].SHA == refs[1].SHA {
		t.Errorf("Refs() = %+v", refs)
	}

	// A pull request merged with a given sha, in memory, moves main there.
	sha := strings.Repeat("c", 40)
	srv.Merge(repoName, 1, MergeOptions{SHA: sha})
	ref, _, err := gh.Git.GetRef(c, "acme", "widgets", "heads/main")
	if err != nil || ref.GetObject().GetSHA() != sha {
		t.Errorf("main after Merge: %+v %v", ref, err)
	}
	cmp, _, err := gh.Repositories.CompareCommits(c, "acme", "widgets", "hotfix/old", "main", nil)
	if err != nil || cmp.GetStatus() != "ahead" || cmp.GetAheadBy() != 1 {
		t.Errorf("compare after the merge: %v %v", cmp, err)
	}
}

func TestEnterprise(t *testing.T) {
	srv := New(t, Options{Enterprise: true})
	gh, err := github.NewClient(srv.HTTPClient()).WithAuthToken(srv.Token()).WithEnterpriseURLs(srv.URL(), srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	c := ctx(t)
	user, resp, err := gh.Users.Get(c, "")
	if err != nil || user.GetLogin() != "hotfix-bot" || !strings.HasSuffix(user.GetURL(), "/api/v3/users/hotfix-bot") {
		t.Fatalf("Users.Get: %+v %v", user, err)
	}
	if resp.Header.Get("X-RateLimit-Limit") != "" {
		t.Error("rate limit headers on Enterprise, where rate limiting is off by default")
	}
	_, _, err = gh.RateLimit.Get(c)
	if er := errorResponse(t, err, 404); er.Message != "Rate limiting is not enabled." {
		t.Errorf("RateLimit.Get: %q", er.Message)
	}
	srv.CommitOn(repoName, "hotfix/x", "fix")
	pr, _, err := gh.PullRequests.Create(c, "acme", "widgets", &github.NewPullRequest{Title: github.String("t"), Head: github.String("hotfix/x"), Base: github.String("main")})
	if err != nil || pr.GetHTMLURL() != srv.WebURL()+"/acme/widgets/pull/1" || !strings.HasPrefix(pr.GetURL(), srv.URL()) {
		t.Fatalf("Create on Enterprise: %v %v", pr, err)
	}
	if reqs := srv.RequestsTo("pulls/create"); len(reqs) != 1 || !strings.HasPrefix(reqs[0].Path, "/api/v3/repos/") {
		t.Errorf("RequestsTo: %+v", reqs)
	}
}

func TestGoGitHubPullRequestUpdate(t *testing.T) {
	srv := New(t, Options{Repos: []Repo{widgets()}})
	srv.CommitOn(repoName, "hotfix/x", "fix")
	srv.CommitOn(repoName, "release/1.2", "release branch")
	gh := client(t, srv)
	c := ctx(t)
	for _, base := range []string{"main", "release/1.2"} {
		if _, _, err := gh.PullRequests.Create(c, "acme", "widgets", &github.NewPullRequest{Title: github.String("to " + base), Head: github.String("hotfix/x"), Base: github.String(base)}); err != nil {
			t.Fatal(err)
		}
	}
	prs, _, err := gh.PullRequests.List(c, "acme", "widgets", &github.PullRequestListOptions{Head: "acme:hotfix/x"})
	if err != nil || len(prs) != 2 || prs[0].GetNumber() != 2 {
		t.Fatalf("List (newest first): %v %v", prs, err)
	}
	prs, _, _ = gh.PullRequests.List(c, "acme", "widgets", &github.PullRequestListOptions{Head: "acme:hotfix/x", Direction: "asc"})
	if prs[0].GetNumber() != 1 {
		t.Errorf("List asc: %d first", prs[0].GetNumber())
	}

	// Moving #1 onto release/1.2 would duplicate #2.
	_, _, err = gh.PullRequests.Edit(c, "acme", "widgets", 1, &github.PullRequest{Base: &github.PullRequestBranch{Ref: github.String("release/1.2")}})
	errorResponse(t, err, 422)
	_, _, err = gh.PullRequests.Edit(c, "acme", "widgets", 1, &github.PullRequest{Base: &github.PullRequestBranch{Ref: github.String("nope")}})
	if er := errorResponse(t, err, 422); er.Errors[0].Field != "base" {
		t.Errorf("unknown base: %+v", er.Errors)
	}
	pr, _, err := gh.PullRequests.Edit(c, "acme", "widgets", 2, &github.PullRequest{State: github.String("closed")})
	if err != nil || pr.GetState() != "closed" || pr.ClosedAt == nil || pr.GetMerged() {
		t.Fatalf("close: %+v %v", pr, err)
	}
	pr, _, err = gh.PullRequests.Edit(c, "acme", "widgets", 1, &github.PullRequest{Base: &github.PullRequestBranch{Ref: github.String("release/1.2")}})
	if err != nil || pr.GetBase().GetRef() != "release/1.2" {
		t.Fatalf("retarget: %+v %v", pr, err)
	}
	_, _, err = gh.PullRequests.Edit(c, "acme", "widgets", 2, &github.PullRequest{State: github.String("open")})
	if er := errorResponse(t, err, 422); !strings.HasPrefix(er.Errors[0].Message, "A pull request already exists") {
		t.Errorf("reopening a duplicate: %+v", er.Errors)
	}
	srv.DeleteRef(repoName, "refs/heads/hotfix/x")
	pr, _, _ = gh.PullRequests.Get(c, "acme", "widgets", 1)
	if pr.GetState() != "closed" {
		t.Errorf("deleting the head branch left #1 %s", pr.GetState())
	}
	_, _, err = gh.PullRequests.Edit(c, "acme", "widgets", 1, &github.PullRequest{State: github.String("open")})
	errorResponse(t, err, 422)
}

func TestGitTags(t *testing.T) {
	og := newOrigin(t)
	first := og.revParse("main")
	og.git(og.work, "tag", "-a", "-m", "v1.9.0", "v1.9.0")
	og.write("README.md", "# widgets 2\n")
	second := og.commit("second")
	og.git(og.work, "tag", "v1.10.0")
	og.git(og.work, "push", "-q", "origin", "main", "--tags")
	srv := New(t, Options{Repos: []Repo{{Owner: "acme", Name: "widgets", GitDir: og.bare}}})
	gh := client(t, srv)
	c := ctx(t)
	tags, _, err := gh.Repositories.ListTags(c, "acme", "widgets", nil)
	if err != nil || len(tags) != 2 || tags[0].GetName() != "v1.10.0" || tags[0].GetCommit().GetSHA() != second ||
		tags[1].GetName() != "v1.9.0" || tags[1].GetCommit().GetSHA() != first {
		t.Fatalf("ListTags: %+v %v", tags, err)
	}
	ref, _, err := gh.Git.GetRef(c, "acme", "widgets", "tags/v1.9.0")
	tagObject := og.revParse("refs/tags/v1.9.0")
	if err != nil || ref.GetObject().GetType() != "tag" || ref.GetObject().GetSHA() != tagObject || tagObject == first {
		t.Errorf("GetRef of an annotated tag: %+v %v", ref, err)
	}
	refs := srv.Refs()
	if len(refs) != 3 || refs[2].Name != "refs/tags/v1.9.0" || refs[2].Type != "tag" {
		t.Errorf("Refs() = %+v", refs)
	}

	// An empty repository answers 409.
	empty := newOrigin(t)
	empty.git(empty.bare, "update-ref", "-d", "refs/heads/main")
	srv2 := New(t, Options{Repos: []Repo{{Owner: "acme", Name: "widgets", GitDir: empty.bare}}})
	_, _, err = client(t, srv2).Git.GetRef(c, "acme", "widgets", "heads/main")
	if er := errorResponse(t, err, 409); er.Message != "Git Repository is empty." {
		t.Errorf("empty repository: %q", er.Message)
	}
}

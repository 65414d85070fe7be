package github

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	gogithub "github.com/google/go-github/v57/github"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/gh"
)

// PullRequest is what commands need to know of a pull request.
type PullRequest struct {
	Number int
	URL    string
	Title  string
	Body   string
	Draft  bool
	// State is open or closed.
	State  string
	Merged bool
	// MergeCommit is the commit GitHub made (or fast-forwarded to) when it
	// merged; empty until then.
	MergeCommit string
	MergedAt    time.Time
	// MergedBy is the login of who merged it; empty until then.
	MergedBy string
	// Base is the branch it merges into.
	Base string
	// HeadSHA is the commit its head branch pointed at: the reviewed head,
	// which GitHub keeps after a merge (squash and rebase merges too) and
	// after the head branch is deleted.
	HeadSHA string
}

// NewPullRequest is a pull request to open.
type NewPullRequest struct {
	Title, Head, Base, Body string
	Draft                   bool
}

func fromAPI(p *gogithub.PullRequest) *PullRequest {
	if p == nil {
		return nil
	}
	return &PullRequest{Number: p.GetNumber(), URL: p.GetHTMLURL(), Title: p.GetTitle(), Body: p.GetBody(), Draft: p.GetDraft(), State: p.GetState(),
		Merged: p.GetMerged(), MergeCommit: p.GetMergeCommitSHA(), MergedAt: p.GetMergedAt().Time.UTC(), MergedBy: p.GetMergedBy().GetLogin(), Base: p.GetBase().GetRef(),
		HeadSHA: p.GetHead().GetSHA()}
}

// FindOpenPullRequest returns the open pull request from head into base,
// or nil.
func (s *Service) FindOpenPullRequest(ctx context.Context, head, base string) (*PullRequest, error) {
	t := s.Target
	prs, _, err := s.client.PullRequests.List(ctx, t.Owner(), t.Name(), &gogithub.PullRequestListOptions{State: "open", Head: t.Owner() + ":" + head, Base: base})
	if err != nil {
		return nil, s.Error(err, "look for an open pull request for "+head)
	}
	if len(prs) == 0 {
		return nil, nil
	}
	return fromAPI(prs[0]), nil
}

// CreatePullRequest opens n. It returns nil (and no error) when GitHub
// says one already exists. A draft the repository refuses is opened as a
// normal pull request, and draftNote says so.
func (s *Service) CreatePullRequest(ctx context.Context, n NewPullRequest) (pr *PullRequest, draftNote string, err error) {
	t := s.Target
	req := &gogithub.NewPullRequest{Title: gogithub.String(n.Title), Head: gogithub.String(n.Head), Base: gogithub.String(n.Base), Body: gogithub.String(n.Body)}
	if n.Draft {
		req.Draft = gogithub.Bool(true)
	}
	for {
		got, _, err := s.client.PullRequests.Create(ctx, t.Owner(), t.Name(), req)
		if err == nil {
			return fromAPI(got), draftNote, nil
		}
		var er *gogithub.ErrorResponse
		if !errors.As(err, &er) || er.Response.StatusCode != 422 {
			return nil, draftNote, s.Error(err, "open the pull request")
		}
		text := strings.ToLower(errorText(er))
		switch {
		case strings.Contains(text, "draft pull requests are not supported") && req.GetDraft():
			draftNote = "the repository does not support draft pull requests, so it was opened as a normal one"
			req.Draft = gogithub.Bool(false)
			continue
		case strings.Contains(text, "already exists"):
			return nil, draftNote, nil
		case strings.Contains(text, "no commits between"):
			return nil, draftNote, cmdutil.Failf("commit the fix on "+n.Head+" first", "GitHub says there are no commits between %s and %s", n.Base, n.Head)
		}
		return nil, draftNote, s.Error(err, "open the pull request")
	}
}

func errorText(er *gogithub.ErrorResponse) string {
	parts := []string{er.Message}
	for _, e := range er.Errors {
		parts = append(parts, e.Message, e.Code, e.Field)
	}
	return strings.Join(parts, " ")
}

// EditPullRequest sets the title and body of pull request number.
func (s *Service) EditPullRequest(ctx context.Context, number int, title, body string) (*PullRequest, error) {
	t := s.Target
	up, _, err := s.client.PullRequests.Edit(ctx, t.Owner(), t.Name(), number, &gogithub.PullRequest{Title: gogithub.String(title), Body: gogithub.String(body)})
	if err != nil {
		return nil, s.Error(err, fmt.Sprintf("update pull request #%d", number))
	}
	return fromAPI(up), nil
}

// OpenPullRequest finds the open pull request from head into base, or opens
// one with title and body: never a second. created says it was opened now.
func (s *Service) OpenPullRequest(ctx context.Context, head, base, title, body string) (pr *PullRequest, created bool, err error) {
	if pr, err = s.FindOpenPullRequest(ctx, head, base); err != nil || pr != nil {
		return pr, false, err
	}
	pr, _, err = s.CreatePullRequest(ctx, NewPullRequest{Title: title, Head: head, Base: base, Body: body})
	if err != nil {
		return nil, false, err
	}
	if pr != nil {
		return pr, true, nil
	}
	pr, err = s.FindOpenPullRequest(ctx, head, base)
	if err == nil && pr == nil {
		err = fmt.Errorf("GitHub says a pull request from %s into %s exists, but none is open", head, base)
	}
	return pr, false, err
}

// GetPullRequest reads pull request number. Its error is the API's, for
// the caller to explain with Error.
func (s *Service) GetPullRequest(ctx context.Context, number int) (*PullRequest, error) {
	got, _, err := s.client.PullRequests.Get(ctx, s.Target.Owner(), s.Target.Name(), number)
	if err != nil {
		return nil, err
	}
	return fromAPI(got), nil
}

// AddLabels adds labels to issue or pull request number.
func (s *Service) AddLabels(ctx context.Context, number int, labels []string) error {
	if len(labels) == 0 {
		return nil
	}
	if _, _, err := s.client.Issues.AddLabelsToIssue(ctx, s.Target.Owner(), s.Target.Name(), number, labels); err != nil {
		return s.Error(err, fmt.Sprintf("add labels to #%d", number))
	}
	return nil
}

// RequestReviewers asks users and teams ("org/team") to review pull
// request number; teams of another organisation are left out, as GitHub
// asks only the repository's own. A reviewer GitHub refuses is reported
// with GitHub's reason.
func (s *Service) RequestReviewers(ctx context.Context, number int, reviewers []string) error {
	var users, teams []string
	for _, r := range reviewers {
		if org, team, ok := strings.Cut(r, "/"); ok {
			if !strings.EqualFold(org, s.Target.Owner()) {
				continue
			}
			teams = append(teams, team)
		} else {
			users = append(users, r)
		}
	}
	if len(users)+len(teams) == 0 {
		return nil
	}
	_, _, err := s.client.PullRequests.RequestReviewers(ctx, s.Target.Owner(), s.Target.Name(), number, gogithub.ReviewersRequest{Reviewers: users, TeamReviewers: teams})
	if err != nil {
		var er *gogithub.ErrorResponse
		if errors.As(err, &er) && er.Response.StatusCode == 422 {
			return cmdutil.Failf("fix pr.reviewers or CODEOWNERS (reviewers must be collaborators), then `hotfix pr --continue`",
				"GitHub refused the reviewers %s: %s", strings.Join(reviewers, ", "), er.Message)
		}
		return s.Error(err, fmt.Sprintf("request reviewers on #%d", number))
	}
	return nil
}

// Issue is an issue to file.
type Issue struct {
	Title, Body string
	// Labels are added when it is filed.
	Labels []string
	// FindLabel is the label an earlier filing of it is looked for by.
	FindLabel string
}

// FileIssueOnce files is, unless an issue with its FindLabel, title and
// body exists that claimed does not hold (filed by an earlier run that
// stopped before it learned the number): then that one is adopted and
// found is true. The create is sent once, never retried after it may have
// landed; when it fails, the issues are looked at once more.
func (s *Service) FileIssueOnce(ctx context.Context, is Issue, claimed func(number int) bool, doing string) (number int, found bool, err error) {
	if n, err := s.findIssue(ctx, is, claimed); err != nil {
		return 0, false, s.Error(err, doing)
	} else if n != 0 {
		return n, true, nil
	}
	labels := is.Labels
	got, _, err := s.client.Issues.Create(gh.Once(ctx), s.Target.Owner(), s.Target.Name(), &gogithub.IssueRequest{Title: gogithub.String(is.Title), Body: gogithub.String(is.Body), Labels: &labels})
	if err != nil {
		if n, ferr := s.findIssue(ctx, is, claimed); ferr == nil && n != 0 {
			return n, false, nil
		}
		return 0, false, s.Error(err, doing)
	}
	return got.GetNumber(), false, nil
}

func (s *Service) findIssue(ctx context.Context, is Issue, claimed func(int) bool) (int, error) {
	opts := &gogithub.IssueListByRepoOptions{State: "all", Labels: []string{is.FindLabel}, ListOptions: gogithub.ListOptions{PerPage: 100}}
	for {
		list, resp, err := s.client.Issues.ListByRepo(ctx, s.Target.Owner(), s.Target.Name(), opts)
		if err != nil {
			return 0, err
		}
		for _, it := range list {
			if !it.IsPullRequest() && it.GetTitle() == is.Title && it.GetBody() == is.Body && !claimed(it.GetNumber()) {
				return it.GetNumber(), nil
			}
		}
		if resp == nil || resp.NextPage == 0 {
			return 0, nil
		}
		opts.Page = resp.NextPage
	}
}

// CurrentUser is the login of the token's user.
func (s *Service) CurrentUser(ctx context.Context) (string, error) {
	u, _, err := s.client.Users.Get(ctx, "")
	if err != nil {
		return "", s.Error(err, "read the authenticated user")
	}
	return u.GetLogin(), nil
}

// CommentOnIssue posts body as a comment on issue number of the target's
// repository and returns the comment's link. The create is sent once,
// never retried after it may have landed.
func (s *Service) CommentOnIssue(ctx context.Context, number int, body string) (string, error) {
	cm, _, err := s.client.Issues.CreateComment(gh.Once(ctx), s.Target.Owner(), s.Target.Name(), number, &gogithub.IssueComment{Body: gogithub.String(body)})
	if err != nil {
		return "", s.Error(err, fmt.Sprintf("comment on issue #%d of %s", number, s.Target.Repo))
	}
	return cm.GetHTMLURL(), nil
}

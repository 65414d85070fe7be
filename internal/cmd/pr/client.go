package pr

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/go-github/v57/github"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/gh"
	"github.com/hotfix-dev/hotfix/internal/ghrepo"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/pkg/config"
)

// Target is the GitHub repository a command works on and how it is reached:
// what pr and close save with their progress.
type Target struct {
	Remote string `json:"remote"`
	Repo   string `json:"repo"`
	Host   string `json:"host"`
	APIURL string `json:"api_url"`
}

// Owner is the repository's owner.
func (t Target) Owner() string { o, _, _ := strings.Cut(t.Repo, "/"); return o }

// Name is the repository's name.
func (t Target) Name() string { _, n, _ := strings.Cut(t.Repo, "/"); return n }

// ResolveTarget finds the repository on the host: GITHUB_REPOSITORY, else
// pr.repository, else the push remote's URL; the API base is
// GITHUB_API_URL, else pr.api_url.
func ResolveTarget(getenv func(string) string, cfg *config.Config, repo *git.Repo) (Target, error) {
	remote := cfg.Remote
	if !repo.HasRemote(remote) {
		return Target{}, cmdutil.Failf(fmt.Sprintf("add it (git remote add %s URL) or set remote in %s", remote, config.FileName), "the repository has no remote named %q to push to", remote)
	}
	var r ghrepo.Repo
	var err error
	fromURL, urlErr := ghrepo.FromURL(repo.RemoteURL(remote))
	switch {
	case getenv("GITHUB_REPOSITORY") != "":
		r, err = ghrepo.ParseFullName(getenv("GITHUB_REPOSITORY"))
	case cfg.PR.Repository != "":
		r, err = ghrepo.ParseFullName(cfg.PR.Repository)
	default:
		r, err = fromURL, urlErr
	}
	if err != nil {
		return Target{}, cmdutil.Failf("set GITHUB_REPOSITORY=owner/name or pr.repository in "+config.FileName, "cannot tell which GitHub repository this is: %v", err)
	}
	if urlErr == nil && r.Host == "github.com" && fromURL.Host != "" {
		r.Host = fromURL.Host
	}
	apiURL := getenv("GITHUB_API_URL")
	if apiURL == "" {
		apiURL = cfg.PR.APIURL
	}
	return Target{Remote: remote, Repo: r.FullName(), Host: r.Host, APIURL: apiURL}, nil
}

// ClientDeps are what NewClient needs from the command.
type ClientDeps struct {
	IO         *iostreams.IOStreams
	Getenv     func(string) string
	HTTPClient *http.Client
	Sleep      func(context.Context, time.Duration) error
	Now        func() time.Time
	// DryRun makes a missing token a warning (and the client nil).
	DryRun bool
	// Timeout bounds one attempt of a request; zero is gh.DefaultTimeout.
	Timeout time.Duration
	// Verbose logs each request and answer to stderr, without the token.
	Verbose bool
}

// NewClient makes the API client for t. A missing token exits 4 with how
// to set one; in a dry run it is only a warning and the client is nil.
func NewClient(t Target, d ClientDeps) (*gh.Client, error) {
	var log func(string)
	if d.Verbose {
		log = func(s string) { fmt.Fprintln(d.IO.ErrOut, s) }
	}
	c, err := gh.New(gh.Options{Repo: ghrepo.Repo{Host: t.Host, Owner: t.Owner(), Name: t.Name()}, APIURL: t.APIURL, Getenv: d.Getenv,
		HTTPClient: d.HTTPClient, Sleep: d.Sleep, Now: d.Now, Timeout: d.Timeout, Log: log,
		Notify: func(s string) { fmt.Fprintf(d.IO.ErrOut, "note: %s\n", s) }})
	switch {
	case errors.Is(err, gh.ErrNoToken) && d.DryRun:
		fmt.Fprintf(d.IO.ErrOut, "warning: %v (a real run needs it)\n", err)
		return nil, nil
	case errors.Is(err, gh.ErrNoToken):
		return nil, &cmdutil.Error{Code: cmdutil.ExitAuth, Msg: "no GitHub token: " + strings.TrimPrefix(err.Error(), gh.ErrNoToken.Error()+": "),
			Fix: "create a token with the repo scope (or use `gh auth token`) and export it, e.g. export GH_TOKEN=..."}
	case err != nil:
		return nil, cmdutil.Failf("set GITHUB_API_URL (or pr.api_url) to the API base, e.g. https://ghe.example.com/api/v3", "%v", err)
	}
	return c, nil
}

// APIError turns a GitHub API error into a message for the person at the
// terminal, saying what was being done; auth errors exit 4 and the token
// never appears.
func APIError(err error, client *gh.Client, doing string) error { return apiError(err, client, doing) }

// OpenPullRequest finds the open pull request from head into base, or opens
// one with title and body: never a second. created says it was opened now.
func OpenPullRequest(ctx context.Context, client *gh.Client, t Target, head, base, title, body string) (pr *github.PullRequest, created bool, err error) {
	p := &plan{Repo: t.Repo}
	if pr, err = findOpen(ctx, client, p, head, base); err != nil || pr != nil {
		return pr, false, err
	}
	say := func(string, ...interface{}) {}
	pr, err = create(ctx, client, p, &github.NewPullRequest{Title: github.String(title), Head: github.String(head), Base: github.String(base), Body: github.String(body)}, say)
	if err != nil {
		return nil, false, err
	}
	if pr != nil {
		return pr, true, nil
	}
	pr, err = findOpen(ctx, client, p, head, base)
	if err == nil && pr == nil {
		err = fmt.Errorf("GitHub says a pull request from %s into %s exists, but none is open", head, base)
	}
	return pr, false, err
}

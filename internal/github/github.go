// Package github is hotfix's one home for what commands do on GitHub:
// resolving which repository a command works on, the API client made for
// it, the token every push uses, and the domain operations that pr and
// close share (find-or-open a pull request, labels, reviewers, an issue
// filed once). Commands hold a *Service and never go-github's types, so a
// command's saved progress never depends on another command's package.
//
// internal/gh below it is the transport: token and base per host, https
// only, retries and rate limits.
package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	gogithub "github.com/google/go-github/v57/github"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/gh"
	"github.com/hotfix-dev/hotfix/internal/ghrepo"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/pkg/config"
)

// Target is the GitHub repository a command works on and how it is reached.
type Target struct {
	// Remote is the git remote pushes go to.
	Remote string
	// Repo is owner/name.
	Repo string
	// Host is the code host (github.com or an Enterprise host).
	Host string
	// APIURL is the API base when the environment or policy names one.
	APIURL string
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
	if apiURL == "" && cfg.PR.APIURL != "" {
		// The token goes only where the environment or the remote says:
		// a committed policy naming another host would send it there.
		host := r.Host
		if urlErr == nil && fromURL.Host != "" {
			host = fromURL.Host
		}
		if err := policyAPIAllowed(cfg.PR.APIURL, host, getenv("GH_HOST")); err != nil {
			return Target{}, err
		}
		apiURL = cfg.PR.APIURL
	}
	return Target{Remote: remote, Repo: r.FullName(), Host: r.Host, APIURL: apiURL}, nil
}

// policyAPIAllowed refuses a pr.api_url from the policy whose host is not
// the API host of the remote's host (github.com: api.github.com; an
// Enterprise host: itself) nor GH_HOST's: the token is never sent where
// only a committed file says.
func policyAPIAllowed(raw, remoteHost, ghHost string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Hostname() == "" {
		return cmdutil.Failf("set pr.api_url to the API base, e.g. https://ghe.example.com/api/v3", "pr.api_url in %s is not a URL: %q", config.FileName, raw)
	}
	want := map[string]bool{}
	for _, h := range []string{remoteHost, ghHost} {
		h = strings.ToLower(strings.TrimSpace(h))
		if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
			h = h[:i]
		}
		switch h {
		case "":
		case "github.com":
			want["api.github.com"] = true
		default:
			want[h] = true
		}
	}
	if !want[strings.ToLower(u.Hostname())] {
		return &cmdutil.Error{Code: cmdutil.ExitAuth,
			Msg: fmt.Sprintf("pr.api_url in %s names %s, which is not the API of this repository's host (%s); the token was not sent", config.FileName, u.Host, remoteHost),
			Fix: "if you trust that host, name it in your environment: export GITHUB_API_URL=" + raw}
	}
	return nil
}

// Deps are what New needs from the command.
type Deps struct {
	// IO receives retry notes and, with Verbose, the request log.
	IO *iostreams.IOStreams
	// Getenv reads the token variables.
	Getenv func(string) string
	// HTTPClient reaches the API; nil means a client with timeouts.
	HTTPClient *http.Client
	// Sleep waits between retries; tests replace it.
	Sleep func(context.Context, time.Duration) error
	// Now tells the time, for rate-limit resets.
	Now func() time.Time
	// DryRun makes a missing token a warning (and the service nil).
	DryRun bool
	// Timeout bounds one attempt of a request; zero is gh.DefaultTimeout.
	Timeout time.Duration
	// Verbose logs each request and answer to stderr, without the token.
	Verbose bool
}

// Service does a command's work on one GitHub repository. A nil *Service
// (a dry run without a token) answers Token and Redact harmlessly.
type Service struct {
	// Target is the repository the service works on.
	Target Target
	client *gh.Client
}

// New makes the service for t. A missing token exits 4 with how to set
// one; in a dry run it is only a warning and the service is nil.
func New(t Target, d Deps) (*Service, error) {
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
	return &Service{Target: t, client: c}, nil
}

// Token is the token the API client uses, and so every push: one token
// for one host, in gh.TokenVars' order. Never print it.
func (s *Service) Token() string {
	if s == nil {
		return ""
	}
	return s.client.Token
}

// TokenVar names the variable the token came from.
func (s *Service) TokenVar() string {
	if s == nil {
		return ""
	}
	return s.client.TokenVar
}

// Redact replaces the token in text.
func (s *Service) Redact(text string) string {
	if s == nil {
		return text
	}
	return s.client.Redact(text)
}

// PushToken is the token a push to remote uses when a command has no
// service (close --offline): the same variables, in the same order, as the
// API client for the remote's host would read.
func PushToken(getenv func(string) string, remoteURL string) string {
	host := ""
	if r, err := ghrepo.FromURL(remoteURL); err == nil {
		host = r.Host
	}
	tok, _ := gh.Token(host, getenv)
	return tok
}

// Error turns an API error into a message for the person at the terminal,
// saying what was being done: auth errors exit 4, a rate limit stays a
// *gh.RateLimitError, and the token never appears.
func (s *Service) Error(err error, doing string) error {
	var er *gogithub.ErrorResponse
	msg := s.Redact(err.Error())
	if errors.As(err, &er) {
		switch er.Response.StatusCode {
		case 401:
			return &cmdutil.Error{Code: cmdutil.ExitAuth, Msg: fmt.Sprintf("GitHub rejected the token in %s (401 Bad credentials) while trying to %s", s.TokenVar(), doing),
				Fix: "the token is wrong or expired: create a new one with the repo scope and export it as " + s.TokenVar()}
		case 403, 404:
			if er.Response.Header.Get("X-RateLimit-Remaining") != "0" {
				return &cmdutil.Error{Code: cmdutil.ExitAuth, Msg: fmt.Sprintf("GitHub refused to %s (%d): %s", doing, er.Response.StatusCode, s.Redact(er.Message)),
					Fix: fmt.Sprintf("check that the token in %s can read and write this repository (repo scope; SSO authorised)", s.TokenVar())}
			}
		}
	}
	var rl *gh.RateLimitError
	if errors.As(err, &rl) {
		return err
	}
	return fmt.Errorf("could not %s: %s", doing, msg)
}

// Same reports whether t and u reach the same repository through the same
// API (a trailing slash on the API base aside).
func (t Target) Same(u Target) bool {
	norm := func(s string) string { return strings.TrimRight(strings.TrimSpace(s), "/") }
	return strings.EqualFold(t.Repo, u.Repo) && strings.EqualFold(t.Host, u.Host) && norm(t.APIURL) == norm(u.APIURL)
}

// String names the target for people: owner/name, and the API base when
// one is set.
func (t Target) String() string {
	if t.APIURL == "" {
		return t.Repo + " on " + t.Host
	}
	return t.Repo + " at " + t.APIURL
}

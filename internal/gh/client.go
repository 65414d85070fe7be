// Package gh connects hotfix to the GitHub REST API: it finds the token and
// the API base for a repository's host, insists on https except on loopback,
// retries what GitHub asks to be retried, and keeps the token out of every
// message. Commands use the go-github client it returns.
package gh

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/go-github/v57/github"

	"github.com/hotfix-dev/hotfix/internal/ghrepo"
)

// DefaultAPI is github.com's API base.
const DefaultAPI = "https://api.github.com/"

// Options say how to reach the API.
type Options struct {
	// Repo is the repository, whose host picks the token and the default
	// API base.
	Repo ghrepo.Repo
	// APIURL overrides the base (GITHUB_API_URL or the config); a GitHub
	// Enterprise Server base ends in /api/v3.
	APIURL string
	// Getenv reads the environment.
	Getenv func(string) string
	// HTTPClient is the client to wrap; nil means a new one with timeouts.
	HTTPClient *http.Client
	// Retry is the retry policy; zero means DefaultRetry.
	Retry RetryPolicy
	// Sleep waits between retries; tests replace it.
	Sleep func(context.Context, time.Duration) error
	// Now tells the time, for rate-limit resets.
	Now func() time.Time
	// Notify receives a line per retry.
	Notify func(string)
	// Timeout bounds one attempt of a request, from dialling to the last
	// byte of the body; zero means DefaultTimeout. Tests shorten it so that
	// a stalled server costs a second.
	Timeout time.Duration
	// Log, when set, receives a line per attempt (method, URL, status,
	// duration, rate-limit headers) for --verbose; the token is never in it.
	Log func(string)
}

// DefaultTimeout bounds one attempt of an API request.
const DefaultTimeout = 60 * time.Second

// Client is a go-github client with the token it was made with, so that
// callers can redact it from anything they print.
type Client struct {
	*github.Client
	// Token is the token in use; never print it.
	Token string
	// TokenVar names the environment variable it came from.
	TokenVar string
	// BaseURL is the API base in use.
	BaseURL string
}

// ErrNoToken is returned when no token variable is set.
var ErrNoToken = errors.New("no GitHub token")

// TokenVars are the variables a token is read from for a host, in order.
func TokenVars(host string) []string {
	if host == "" || host == "github.com" || strings.HasSuffix(host, ".github.com") {
		return []string{"GH_TOKEN", "GITHUB_TOKEN"}
	}
	return []string{"GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GH_TOKEN", "GITHUB_TOKEN"}
}

// Token is the token for host and the variable it came from: the first of
// TokenVars(host) that is set. The API client and every push read it here,
// so both use one token for one host.
func Token(host string, getenv func(string) string) (token, from string) {
	for _, v := range TokenVars(host) {
		if t := strings.TrimSpace(getenv(v)); t != "" {
			return t, v
		}
	}
	return "", ""
}

// APIBase returns the API base for opts: APIURL if set, else github.com's,
// else https://<host>/api/v3/ for an enterprise host. It must be https
// unless it is a loopback address.
func APIBase(opts Options) (string, error) {
	base := strings.TrimSpace(opts.APIURL)
	if base == "" {
		if h := opts.Repo.Host; h != "" && h != "github.com" {
			base = "https://" + h + "/api/v3/"
		} else {
			base = DefaultAPI
		}
	}
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("the GitHub API URL %q is not a URL", base)
	}
	if u.User != nil {
		return "", errors.New("the GitHub API URL must not carry credentials; use GH_TOKEN")
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
		return "", fmt.Errorf("the GitHub API URL %q must use https (plain http is allowed only on loopback)", base)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), nil
}

// IsLoopback reports whether host (a name or an address, without a port)
// is this machine: the only place plain http may go.
func IsLoopback(host string) bool { return isLoopback(host) }

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// New returns a client for opts, or ErrNoToken (wrapped with the variables
// it looked at) when no token is set.
func New(opts Options) (*Client, error) {
	base, err := APIBase(opts)
	if err != nil {
		return nil, err
	}
	token, from := Token(opts.Repo.Host, opts.Getenv)
	if token == "" {
		return nil, fmt.Errorf("%w: set %s", ErrNoToken, strings.Join(TokenVars(opts.Repo.Host), " or "))
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{Transport: NewTransport()}
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	policy := opts.Retry
	if policy.Attempts == 0 {
		policy = DefaultRetry
	}
	t := &transport{base: hc.Transport, policy: policy, sleep: opts.Sleep, now: opts.Now, rand: jitterSource(), notify: opts.Notify,
		timeout: timeout, token: token}
	if opts.Log != nil {
		t.log = func(s string) { opts.Log(strings.ReplaceAll(s, token, "[redacted]")) }
	}
	if t.base == nil {
		t.base = http.DefaultTransport
	}
	if t.sleep == nil {
		t.sleep = sleepCtx
	}
	if t.now == nil {
		t.now = time.Now
	}
	// Each attempt has its own deadline (timeout); the whole request, with
	// its retries and their waits, is bounded too.
	wrapped := &http.Client{Transport: t, Timeout: policy.Total + time.Duration(policy.Attempts)*timeout, CheckRedirect: hc.CheckRedirect, Jar: hc.Jar}
	c := github.NewClient(wrapped).WithAuthToken(token)
	u, _ := url.Parse(base)
	c.BaseURL = u
	c.UploadURL = u
	return &Client{Client: c, Token: token, TokenVar: from, BaseURL: base}, nil
}

// NewTransport returns the transport the client uses by default: proxies
// from the environment, bounded dialling, TLS handshake and wait for the
// response headers, and TLS verification always on (the system roots, TLS
// 1.2 at least).
func NewTransport() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
}

// Redact replaces the token in s, so that no message ever carries it.
func (c *Client) Redact(s string) string {
	if c == nil || c.Token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.Token, "[redacted]")
}

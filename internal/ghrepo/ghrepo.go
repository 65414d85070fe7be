// Package ghrepo names a GitHub repository: owner and name, from
// GITHUB_REPOSITORY, the config, or a git remote's URL in any of the forms
// git accepts (https, ssh, scp-like, with or without .git).
package ghrepo

import (
	"fmt"
	"net/url"
	"strings"
)

// Repo is a repository on a GitHub host.
type Repo struct {
	// Host is the server, e.g. github.com or a GitHub Enterprise host.
	Host  string
	Owner string
	Name  string
}

// FullName is "owner/name".
func (r Repo) FullName() string { return r.Owner + "/" + r.Name }

// String is "owner/name", prefixed by the host when it is not github.com.
func (r Repo) String() string {
	if r.Host == "" || r.Host == "github.com" {
		return r.FullName()
	}
	return r.Host + "/" + r.FullName()
}

// ParseFullName reads "owner/name" as GITHUB_REPOSITORY gives it.
func ParseFullName(s string) (Repo, error) {
	owner, name, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok || !validPart(owner) || !validPart(name) || strings.Contains(name, "/") {
		return Repo{}, fmt.Errorf("%q is not an owner/name repository", redactUser(s))
	}
	return Repo{Host: "github.com", Owner: owner, Name: strings.TrimSuffix(name, ".git")}, nil
}

// FromURL reads a remote URL: https://host/owner/name(.git),
// ssh://git@host(:port)/owner/name(.git), git@host:owner/name(.git), and
// git:// or http:// forms. Credentials in the URL are ignored (never kept).
func FromURL(raw string) (Repo, error) {
	s := strings.TrimSpace(raw)
	var host, path string
	if i := strings.Index(s, "://"); i > 0 {
		u, err := url.Parse(s)
		if err != nil {
			return Repo{}, fmt.Errorf("remote URL is not a URL: %v", redact(err))
		}
		switch u.Scheme {
		case "https", "http", "ssh", "git", "git+ssh", "ssh+git":
		default:
			return Repo{}, fmt.Errorf("remote URL scheme %q is not a GitHub host's", u.Scheme)
		}
		host, path = u.Hostname(), u.Path
	} else if at := strings.Index(s, ":"); at > 0 && !strings.Contains(s[:at], "/") {
		// scp-like: [user@]host:owner/name
		host, path = s[:at], s[at+1:]
		if i := strings.LastIndex(host, "@"); i >= 0 {
			host = host[i+1:]
		}
	} else {
		return Repo{}, fmt.Errorf("remote URL %q is a local path, not a GitHub repository", redactUser(s))
	}
	path = strings.Trim(path, "/")
	path = strings.TrimSuffix(path, ".git")
	parts := strings.Split(path, "/")
	if len(parts) < 2 {
		return Repo{}, fmt.Errorf("remote URL does not name an owner/name repository")
	}
	// Some enterprise servers serve under a path prefix: the last two
	// parts are the owner and name.
	owner, name := parts[len(parts)-2], parts[len(parts)-1]
	if !validPart(owner) || !validPart(name) || host == "" {
		return Repo{}, fmt.Errorf("remote URL does not name an owner/name repository")
	}
	return Repo{Host: strings.ToLower(host), Owner: owner, Name: name}, nil
}

func validPart(s string) bool {
	if s == "" || s == "." || s == ".." {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// redactUser hides what comes before the last @ of a string shown in an
// error: in a URL (or what was meant as one) it is the user and perhaps a
// token.
func redactUser(s string) string {
	if i := strings.LastIndex(s, "@"); i >= 0 {
		return "***" + s[i:]
	}
	return s
}

// redact drops anything that could be a credential from a URL parse error.
func redact(err error) string {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err.Error()
	}
	return "malformed"
}

package git

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
)

// ErrPlainHTTP is returned when a token would go to a remote over plain
// http on another machine: hotfix never sends a token in clear.
var ErrPlainHTTP = fmt.Errorf("the remote uses plain http, and hotfix does not send a token in clear")

// tokenAuth is the basic auth go-git sends to an http(s) remote for
// token: nil without a token or for other protocols; ErrPlainHTTP for
// plain http anywhere but loopback.
func tokenAuth(rawURL, token string) (transport.AuthMethod, error) {
	if token == "" {
		return nil, nil
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, nil
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return nil, fmt.Errorf("%w (%s): use an https URL (git remote set-url origin https://%s%s)", ErrPlainHTTP, u.Host, u.Host, u.Path)
	}
	return &githttp.BasicAuth{Username: "x-access-token", Password: token}, nil
}

func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

package git

import (
	"errors"
	"testing"
)

// A token goes to https remotes and to plain http only on loopback.
func TestTokenAuth(t *testing.T) {
	for _, tc := range []struct {
		url, token string
		auth       bool
		err        error
	}{
		{"https://github.com/acme/shop.git", "t", true, nil},
		{"http://127.0.0.1:8080/acme/shop.git", "t", true, nil},
		{"http://localhost/acme/shop.git", "t", true, nil},
		{"http://[::1]:9/acme/shop.git", "t", true, nil},
		{"http://git.example.com/acme/shop.git", "t", false, ErrPlainHTTP},
		{"http://git.example.com/acme/shop.git", "", false, nil},
		{"git@github.com:acme/shop.git", "t", false, nil},
		{"ssh://git@github.com/acme/shop.git", "t", false, nil},
	} {
		a, err := tokenAuth(tc.url, tc.token)
		if (a != nil) != tc.auth || !errors.Is(err, tc.err) {
			t.Errorf("%s: auth %v, err %v", tc.url, a != nil, err)
		}
	}
}

package github

import (
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// Pushes use the token the API client would: for an Enterprise host the
// Enterprise variables come first, even when GH_TOKEN is set too.
func TestPushTokenFollowsTheHost(t *testing.T) {
	both := env(map[string]string{"GH_TOKEN": "dotcom", "GH_ENTERPRISE_TOKEN": "ghes"})
	for url, want := range map[string]string{
		"https://github.com/acme/shop.git":        "dotcom",
		"git@github.com:acme/shop.git":            "dotcom",
		"https://ghe.example.com/acme/shop.git":   "ghes",
		"ssh://git@ghe.example.com/acme/shop.git": "ghes",
	} {
		if got := PushToken(both, url); got != want {
			t.Errorf("%s: token %q, want %q", url, got, want)
		}
	}
	if got := PushToken(env(map[string]string{"GITHUB_TOKEN": "t"}), "https://ghe.example.com/a/b"); got != "t" {
		t.Errorf("fallback to GITHUB_TOKEN: %q", got)
	}
}

func TestTargetOwnerName(t *testing.T) {
	tg := Target{Repo: "acme/shop"}
	if tg.Owner() != "acme" || tg.Name() != "shop" {
		t.Fatalf("%q %q", tg.Owner(), tg.Name())
	}
}

// A nil service (a dry run without a token) answers harmlessly.
func TestNilService(t *testing.T) {
	var s *Service
	if s.Token() != "" || s.TokenVar() != "" || s.Redact("x") != "x" {
		t.Fatal("nil service")
	}
}

// A pr.api_url from the policy is allowed only on the API host of the
// remote's host or GH_HOST's: the token never goes where only a committed
// file says.
func TestPolicyAPIAllowed(t *testing.T) {
	for _, tc := range []struct {
		api, remote, ghHost string
		ok                  bool
	}{
		{"https://api.github.com/", "github.com", "", true},
		{"https://ghe.corp/api/v3", "ghe.corp", "", true},
		{"https://ghe.corp:8443/api/v3", "ghe.corp", "", true},
		{"https://ghe.corp/api/v3", "github.com", "ghe.corp", true},
		{"https://evil.example/api/v3", "github.com", "", false},
		{"http://127.0.0.1:9999/", "github.com", "", false},
		{"https://api.github.com.evil.example/", "github.com", "", false},
		{"not a url", "github.com", "", false},
	} {
		err := policyAPIAllowed(tc.api, tc.remote, tc.ghHost)
		if (err == nil) != tc.ok {
			t.Errorf("%s for a %s remote (GH_HOST %q): %v", tc.api, tc.remote, tc.ghHost, err)
		}
	}
}

func TestTargetSameAndString(t *testing.T) {
	a := Target{Repo: "acme/shop", Host: "github.com", APIURL: "https://ghe.corp/api/v3/"}
	if !a.Same(Target{Repo: "ACME/shop", Host: "github.com", APIURL: "https://ghe.corp/api/v3"}) || a.Same(Target{Repo: "acme/other", Host: "github.com", APIURL: a.APIURL}) {
		t.Fatal("Same")
	}
	if a.String() != "acme/shop at https://ghe.corp/api/v3/" || (Target{Repo: "a/b", Host: "github.com"}).String() != "a/b on github.com" {
		t.Fatalf("%s", a)
	}
}

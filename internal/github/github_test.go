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

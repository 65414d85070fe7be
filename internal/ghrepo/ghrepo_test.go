package ghrepo

import (
	"strings"
	"testing"
)

func TestFromURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://github.com/shop/api.git":                        "shop/api",
		"https://github.com/shop/api":                            "shop/api",
		"https://x-access-token:SECRET@github.com/shop/api.git/": "shop/api",
		"http://ghe.example.com/shop/api.git":                    "ghe.example.com/shop/api",
		"ssh://git@github.com/shop/api.git":                      "shop/api",
		"ssh://git@ghe.example.com:2222/shop/api":                "ghe.example.com/shop/api",
		"git@github.com:shop/api.git":                            "shop/api",
		"github.com:shop/api":                                    "shop/api",
		"git://github.com/shop/api.git":                          "shop/api",
		"https://ghe.example.com/scm/shop/api.git":               "ghe.example.com/shop/api",
		"https://GitHub.com/Shop/My.Api.git":                     "Shop/My.Api",
	} {
		r, err := FromURL(in)
		if err != nil || r.String() != want {
			t.Errorf("FromURL(%q) = %q, %v; want %q", in, r.String(), err, want)
		}
	}
	for _, bad := range []string{"", "/srv/git/api.git", "../origin.git", "file:///srv/api.git", "https://github.com/onlyowner", "https://github.com/a/b c", "git@github.com:../x"} {
		if r, err := FromURL(bad); err == nil {
			t.Errorf("FromURL(%q) = %v, want an error", bad, r)
		}
	}
	if _, err := FromURL("https://user:SECRET@github.com/%zz"); err == nil || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("error leaks the credential: %v", err)
	}
}

func TestParseFullName(t *testing.T) {
	r, err := ParseFullName("shop/api")
	if err != nil || r.FullName() != "shop/api" || r.Host != "github.com" {
		t.Fatalf("%+v %v", r, err)
	}
	for _, bad := range []string{"", "shop", "shop/", "/api", "a/b/c", "a b/c"} {
		if _, err := ParseFullName(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

package ghrepo

import (
	"strings"
	"testing"
)

// FuzzFromURL: any remote URL gives a repository with valid parts or an
// error, never a panic; and a credential in the URL (the text before the
// @) never shows up in the repository or the error, whatever surrounds it.
//
//	go test ./internal/ghrepo -run '^$' -fuzz '^FuzzFromURL$' -fuzztime 2m
func FuzzFromURL(f *testing.F) {
	for _, s := range [][2]string{
		{"https://", "github.com/o/r.git"}, {"https://x-access-token:", "github.com/o/r"},
		{"ssh://git:", "ghe.example.com:2222/o/r.git"}, {"", "github.com:o/r"}, {"https//u:", "github.com/o/r"},
		{"http://u:", "[::1]:80/o/r"}, {"git+ssh://", "h/a/b/c/o/r"}, {"ftp://u:", "h/o/r"}, {"https://u:", "h/%zz/o/r"},
		{"https://u:", "h/o/r\x00"}, {"./local:", "path"}, {"C:\\u:", "h\\o\\r"}, {"https://u:", "/o/r"},
		{"https://u:", "h:99999999999/o/r"}, {"https://", "@@@/o/r"}, {"", ":o/r"},
	} {
		f.Add(s[0], "c0ffee-secret-token", s[1])
	}
	f.Fuzz(func(t *testing.T, prefix, secret, suffix string) {
		for _, raw := range []string{prefix + secret + "@" + suffix, prefix + suffix} {
			r, err := FromURL(raw)
			if err == nil {
				if !validPart(r.Owner) || !validPart(r.Name) || r.Host == "" || r.Host != strings.ToLower(r.Host) {
					t.Fatalf("FromURL(%q) = %+v", raw, r)
				}
			}
		}
		// The secret: long enough to be one, and nowhere but before the @.
		if len(secret) < 8 || strings.ContainsAny(secret, "@/") || strings.Contains(prefix+suffix, secret) {
			return
		}
		raw := prefix + secret + "@" + suffix
		r, err := FromURL(raw)
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Fatalf("FromURL(%q): the error shows the credential: %v", raw, err)
		}
		if err == nil && strings.Contains(r.Host+"/"+r.Owner+"/"+r.Name, secret) {
			t.Fatalf("FromURL(%q) = %+v keeps the credential", raw, r)
		}
		if _, err := ParseFullName(raw); err != nil && strings.Contains(err.Error(), secret) {
			t.Fatalf("ParseFullName(%q): the error shows the credential: %v", raw, err)
		}
	})
}

package semver

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		tag  string
		want Version
		ok   bool
	}{
		{"v1.4.2", Version{Prefix: "v", Major: 1, Minor: 4, Patch: 2}, true},
		{"1.4.2", Version{Major: 1, Minor: 4, Patch: 2}, true},
		{"release-1.4.2", Version{Prefix: "release-", Major: 1, Minor: 4, Patch: 2}, true},
		{"app/v10.0.31", Version{Prefix: "app/v", Major: 10, Minor: 0, Patch: 31}, true},
		{"v1.5.0-rc.1", Version{Prefix: "v", Major: 1, Minor: 5, Pre: "rc.1"}, true},
		{"v1.2.3+build.7", Version{Prefix: "v", Major: 1, Minor: 2, Patch: 3}, true},
		{"1.2.3.4", Version{}, false},
		{"v1.2", Version{}, false},
		{"latest", Version{}, false},
		{"v99999999999999999999.0.0", Version{}, false},
	} {
		got, ok := Parse(tc.tag)
		if ok != tc.ok || got != tc.want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v, %v", tc.tag, got, ok, tc.want, tc.ok)
		}
		if ok && got.String() != trimBuild(tc.tag) {
			t.Errorf("String() = %q, want %q", got.String(), tc.tag)
		}
	}
}

func trimBuild(s string) string {
	for i := range s {
		if s[i] == '+' {
			return s[:i]
		}
	}
	return s
}

func TestCompare(t *testing.T) {
	order := []string{"v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta", "v1.0.0-beta", "v1.0.0-beta.2", "v1.0.0-beta.11", "v1.0.0-rc.1", "v1.0.0", "v1.0.1", "v1.2.0", "v2.0.0", "v10.0.0"}
	for i := range order {
		for j := range order {
			a, _ := Parse(order[i])
			b, _ := Parse(order[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := Compare(a, b); got != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", order[i], order[j], got, want)
			}
		}
	}
	a, _ := Parse("release-1.2.3")
	b, _ := Parse("v1.2.3")
	if Compare(a, b) != 0 {
		t.Error("prefixes must not be compared")
	}
}

func TestNextPatch(t *testing.T) {
	for in, want := range map[string]string{
		"v1.4.2": "v1.4.3", "1.2.3": "1.2.4", "release-1.2.3": "release-1.2.4", "app/v0.9.9": "app/v0.9.10",
		"v1.5.0-rc.1": "v1.5.0-rc.2", "v2.0.0-beta": "v2.0.0-beta.1", "1.0.0-alpha.beta.9": "1.0.0-alpha.beta.10",
	} {
		v, ok := Parse(in)
		if !ok {
			t.Fatalf("%q did not parse", in)
		}
		if got := NextPatch(v).String(); got != want {
			t.Errorf("NextPatch(%q) = %q, want %q", in, got, want)
		}
		if n, _ := Parse(NextPatch(v).String()); Compare(n, v) <= 0 {
			t.Errorf("NextPatch(%q) does not order after it", in)
		}
	}
}

// NextRelease is NextPatch of a tag, with the reason when there is none.
func TestNextRelease(t *testing.T) {
	if v, err := NextRelease("v2.0.0-rc.1"); err != nil || v.String() != "v2.0.0-rc.2" || v.Prefix != "v" {
		t.Fatalf("%+v %v", v, err)
	}
	for in, want := range map[string]string{"": "names no broken version", "latest": `"latest" is not a release tag`, "v1.2": "not a release tag"} {
		if _, err := NextRelease(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("NextRelease(%q): %v, want %q", in, err, want)
		}
	}
}

package pr

import "testing"

// nextVersion follows close's tag (semver.NextRelease) without the tag's
// prefix.
func TestNextVersion(t *testing.T) {
	for in, want := range map[string]string{
		"v1.4.2": "1.4.3", "1.2.3": "1.2.4", "release-1.2.3": "1.2.4", "app/v0.9.9": "0.9.10",
		"v2.0.0-rc.1": "2.0.0-rc.2", "v2.0.0-beta": "2.0.0-beta.1",
	} {
		if got, err := nextVersion(in); err != nil || got != want {
			t.Errorf("nextVersion(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "latest", "v1.2"} {
		if _, err := nextVersion(in); err == nil {
			t.Errorf("nextVersion(%q) did not fail", in)
		}
	}
	if _, err := nextVersion("latest"); err == nil || err.Error() != `the record's version "latest" is not a release tag like v1.4.2` {
		t.Errorf("the reason: %v", err)
	}
}

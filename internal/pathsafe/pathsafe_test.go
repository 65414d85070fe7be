package pathsafe

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRelative(t *testing.T) {
	for _, bad := range []string{"", " ", "/etc", `\x`, "C:/x", "c:x", "..", "../x", "a/../../x", `a\..\x`, "a/..", "x\x00y"} {
		if Relative(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	for _, good := range []string{".hotfix", "docs/postmortems", "./x", "a/b/c", "a..b", "...x"} {
		if err := Relative(good); err != nil {
			t.Errorf("%q: %v", good, err)
		}
	}
}

func TestCheckSymlinks(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "docs", "real"), 0o755))
	must(os.Symlink(outside, filepath.Join(root, "docs", "out")))
	must(os.Symlink(filepath.Join(root, "docs", "real"), filepath.Join(root, "docs", "in")))
	must(os.Symlink("real", filepath.Join(root, "docs", "relin")))
	must(os.Symlink("../../"+filepath.Base(outside), filepath.Join(root, "docs", "relout")))
	must(os.Symlink(filepath.Join(root, "missing"), filepath.Join(root, "dangling")))

	cases := []struct {
		rel     string
		noLinks bool
		want    string // "" means accepted
	}{
		{"docs/real/pm", false, ""},
		{"docs/new/deeper", false, ""},
		{"docs/in/pm", false, ""},
		{"docs/relin", false, ""},
		{"docs/in/pm", true, "docs/in is a symbolic link"},
		{"docs/out/pm", false, "docs/out is a symbolic link to " + outside},
		{"docs/out", false, "outside the repository"},
		{"docs/relout", false, "outside the repository"},
		{"dangling/x", false, "does not resolve"},
		{"../x", false, "climbs out"},
	}
	for _, c := range cases {
		err := Check(root, c.rel, c.noLinks)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.rel, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s (noLinks %v): %v, want %q", c.rel, c.noLinks, err, c.want)
		}
	}
}

func TestWithin(t *testing.T) {
	for _, c := range []struct {
		root, path string
		in         bool
	}{
		{"/r", "/r", true}, {"/r", "/r/a", true}, {"/r", "/ra", false}, {"/r", "/", false}, {"/r", "/r/..x", true},
	} {
		if got := Within(c.root, c.path); got != c.in {
			t.Errorf("Within(%s, %s) = %v", c.root, c.path, got)
		}
	}
}

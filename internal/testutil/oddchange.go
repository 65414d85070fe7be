package testutil

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// OddNames are file names git stores as they are but quotes in its output:
// a space, a tab, quotes, a backslash, non-ASCII letters, a leading dash and
// a newline (Linux file systems allow all of them).
var OddNames = []string{
	"odd/sp ace.go",
	"odd/tab\tname.go",
	"odd/quo\"te.go",
	"odd/back\\slash.go",
	"odd/naïve.go",
	"odd/日本.go",
	"odd/-dash.go",
	"odd/new\nline.go",
}

// OddChange builds, in a new repository, a base commit and a branch
// "change" whose one commit touches files in every way git distinguishes:
// each of OddNames added, a rename with an edit, a pure rename, a copy, a
// mode change, a deletion, binary files, a symlink, a submodule (gitlink),
// CRLF content, and source files that .gitattributes marks -diff or
// binary. It returns the repository and the base commit. Both git
// backends must read the same change from it.
func OddChange(t interface {
	Helper()
	Fatal(...any)
	Fatalf(string, ...any)
	TempDir() string
}, r *Repo) string {
	t.Helper()
	body := func(name string, n int) string {
		var b strings.Builder
		b.WriteString("package odd\n\n")
		for i := 0; i < n; i++ {
			b.WriteString("// F" + name + " is line " + string(rune('a'+i%26)) + ".\nfunc F" + name + string(rune('a'+i%26)) + "() {}\n\n")
		}
		return b.String()
	}
	r.WriteFile("keep/renamed.go", body("R", 12))
	r.WriteFile("keep/moved.go", body("M", 12))
	r.WriteFile("keep/copied.go", body("C", 12))
	r.WriteFile("keep/mode.sh", "#!/bin/sh\necho hi\n")
	r.WriteFile("keep/mode.go", body("X", 2))
	r.WriteFile("keep/gone.go", "package gone\n\nvar Gone = []string{\"x\", \"y\", \"z\"}\n")
	r.WriteFile("keep/crlf.go", "package odd\r\n\r\nfunc CR() {}\r\n")
	r.WriteFile("attr/nodiff.go", body("N", 2))
	r.WriteFile("attr/bin.go", body("B", 2))
	r.WriteFile("data/blob.bin", "\x00\x01\x02")
	r.WriteFile("link/target.go", body("T", 1))
	base := r.Commit("odd base")
	r.Git("checkout", "-q", "-b", "change")
	for i, n := range OddNames {
		r.WriteFile(n, body(string(rune('A'+i)), 1))
	}
	r.WriteFile(".gitattributes", "attr/nodiff.go -diff\nattr/bin.go binary\n")
	r.WriteFile("attr/nodiff.go", body("N", 3))
	r.WriteFile("attr/bin.go", body("B", 3))
	r.Git("mv", "keep/renamed.go", "keep/renamed now.go")
	r.WriteFile("keep/renamed now.go", body("R", 13))
	r.Git("mv", "keep/moved.go", "keep/moved here.go")
	r.WriteFile("keep/copy of copied.go", body("C", 12))
	r.Git("update-index", "--chmod=+x", "keep/mode.sh", "keep/mode.go")
	for _, p := range []string{"keep/mode.sh", "keep/mode.go"} {
		if err := os.Chmod(filepath.Join(r.Dir, filepath.FromSlash(p)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	r.Git("rm", "-q", "keep/gone.go")
	r.WriteFile("keep/crlf.go", "package odd\r\n\r\nfunc CR() {}\r\n\r\n// CR2 is new.\r\nfunc CR2() {}\r\n")
	r.WriteFile("data/blob.bin", "\x00\x01\x03")
	r.WriteFile("data/nul.go", "package odd\x00\n")
	if err := os.Symlink("target.go", filepath.Join(r.Dir, "link", "link.go")); err != nil {
		t.Fatal(err)
	}
	// A gitlink has no work-tree directory here, so it is added to the
	// index after everything else and committed without `git add -A`.
	r.Git("add", "-A")
	r.Git("update-index", "--add", "--cacheinfo", "160000,"+base+",sub/module")
	d := r.When.Format(time.RFC3339)
	r.When = r.When.Add(time.Minute)
	if out, err := GitErr(r.Dir, []string{"GIT_AUTHOR_DATE=" + d, "GIT_COMMITTER_DATE=" + d}, "commit", "-q", "-m", "odd change"); err != nil {
		t.Fatalf("commit: %v\n%s", err, out)
	}
	// A clone without --recurse-submodules has the submodule's directory,
	// empty.
	if err := os.MkdirAll(filepath.Join(r.Dir, "sub", "module"), 0o755); err != nil {
		t.Fatal(err)
	}
	return base
}

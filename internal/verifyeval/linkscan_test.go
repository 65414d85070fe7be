package verifyeval

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
)

// TestScanLinks: of four commits after the root, one changes a test linked
// to its source (counted, not listed), one changes a test that nothing
// links to the changed source (listed), one changes no test (left out),
// and one is in the skip set (not read).
func TestScanLinks(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	commit := gitRepo(t, dir)
	commit(map[string]string{
		"go.mod":       "module example.com/demo\n",
		"a/a.go":       "package a\n\n// F is one.\nfunc F() int { return 1 }\n",
		"a/a_test.go":  "package a\n",
		"b/b.go":       "package b\n\n// G is one.\nfunc G() int { return 1 }\n",
		"c/c_test.go":  "package c\n",
		"c/c.go":       "package c\n",
		"README.md":    "demo\n",
		"a/more/x.txt": "x\n",
	})
	commit(map[string]string{"a/a.go": "package a\n\n// F is two.\nfunc F() int { return 2 }\n", "a/a_test.go": "package a\n\n// t\n"})
	missed := commit(map[string]string{"b/b.go": "package b\n\n// G is two.\nfunc G() int { return 2 }\n", "c/c_test.go": "package c\n\n// t\n"})
	commit(map[string]string{"b/b.go": "package b\n\n// G is three.\nfunc G() int { return 3 }\n"})
	skipped := commit(map[string]string{"b/b.go": "package b\n\n// G is four.\nfunc G() int { return 4 }\n", "c/c_test.go": "package c\n\n// u\n"})
	scan, err := ScanLinks(context.Background(), dir, LayoutClones, []string{"acme/demo"}, 10, map[string]bool{skipped: true})
	if err != nil {
		t.Fatal(err)
	}
	if scan.Commits != 3 || scan.WithTests != 2 || scan.Linked != 1 || scan.Flagged != 1 || len(scan.Misses) != 1 {
		t.Fatalf("scan %+v", scan)
	}
	if m := scan.Misses[0]; m.Commit != missed || strings.Join(m.Paths, ",") != "b/b.go" {
		t.Fatalf("miss %+v", m)
	}
	var out bytes.Buffer
	if err := WriteLinkScan(&out, scan); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"3 commits read (0 of them unreadable in the clones); 2 changed a test and a source file", "1 linked to a changed test, 1 flagged", "acme/demo@" + missed[:10] + " b/b.go"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in:\n%s", want, out.String())
		}
	}
	if _, err := ScanLinks(context.Background(), dir, LayoutClones, []string{"acme/none"}, 10, nil); err == nil {
		t.Error("a missing clone gave no error")
	}
}

// TestNewestCommits: newest first, at most n, each with its first parent
// and the root commit with none; an unknown repository is an error.
func TestNewestCommits(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	commit := gitRepo(t, dir)
	root := commit(map[string]string{"a.txt": "1\n"})
	second := commit(map[string]string{"a.txt": "2\n"})
	third := commit(map[string]string{"a.txt": "3\n"})
	_, all, err := newestCommits(context.Background(), dir, LayoutClones, "acme/demo", 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []historyCommit{{third, second}, {second, root}, {root, ""}}
	if len(all) != 3 || all[0] != want[0] || all[1] != want[1] || all[2] != want[2] {
		t.Fatalf("commits %v, want %v", all, want)
	}
	if _, two, err := newestCommits(context.Background(), dir, LayoutClones, "acme/demo", 2); err != nil || len(two) != 2 || two[1] != want[1] {
		t.Fatalf("n=2: %v %v", two, err)
	}
	if _, _, err := newestCommits(context.Background(), dir, LayoutClones, "acme/none", 2); err == nil {
		t.Error("a missing clone gave no error")
	}
}

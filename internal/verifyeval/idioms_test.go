package verifyeval

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
)

// TestScanIdioms: of a commit's three modified files, the one that only
// exchanges idioms is listed with its idiom; a real change and an added
// file are not, and the root commit (no parent) is skipped.
func TestScanIdioms(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	commit := gitRepo(t, dir)
	commit(map[string]string{
		"a.go":     "package demo\n\nfunc F(v interface{}) {}\n",
		"b.go":     "package demo\n\nfunc G() int { return 1 }\n",
		"lib/x.js": "if (p && p.q) { go() }\n",
	})
	c1 := commit(map[string]string{
		"a.go":     "package demo\n\nfunc F(v any) {}\n",
		"b.go":     "package demo\n\nfunc G() int { return 2 }\n",
		"lib/x.js": "if (p?.q) { go() }\n",
		"c.go":     "package demo\n",
	})
	scan, err := ScanIdioms(context.Background(), dir, LayoutClones, []string{"acme/demo"}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if scan.Files != 3 || len(scan.Uses) != 2 {
		t.Fatalf("files %d, uses %+v", scan.Files, scan.Uses)
	}
	if u := scan.Uses[0]; u.Commit != c1 || u.Path != "a.go" || strings.Join(u.Idioms, ",") != "any for interface{}" {
		t.Fatalf("use %+v", u)
	}
	if u := scan.Uses[1]; u.Path != "lib/x.js" || strings.Join(u.Idioms, ",") != "optional chaining in a condition" {
		t.Fatalf("use %+v", u)
	}
	var out bytes.Buffer
	if err := WriteIdiomScan(&out, scan); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"3 modified source files compared; 2 only an exchange of idioms", "| any for interface{} | 1 | 1 |", "acme/demo@" + c1[:10] + " a.go: any for interface{}"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in:\n%s", want, out.String())
		}
	}
	if _, err := ScanIdioms(context.Background(), dir, LayoutClones, []string{"acme/none"}, 10); err == nil {
		t.Error("a missing clone gave no error")
	}
}

// TestScanNeutral: every modified file NeutralChange calls neutral is
// listed with its reason (a comment, an idiom, a message), a real change is
// not, and the table counts the idioms as one reason.
func TestScanNeutral(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	commit := gitRepo(t, dir)
	commit(map[string]string{
		"a.go": "package demo\n\nfunc F(v interface{}) {}\n",
		"b.go": "package demo\n\nfunc G() int { return 1 }\n",
		"c.go": "package demo\n\nfunc H() int { return 1 }\n",
		"d.py": "def f(x):\n    raise ValueError(\"bad x\")\n",
	})
	c1 := commit(map[string]string{
		"a.go": "package demo\n\nfunc F(v any) {}\n",
		"b.go": "package demo\n\nfunc G() int { return 2 }\n",
		"c.go": "package demo\n\n// H is one.\nfunc H() int { return 1 }\n",
		"d.py": "def f(x):\n    raise ValueError(\"x must be positive\")\n",
	})
	scan, err := ScanNeutral(context.Background(), dir, LayoutClones, []string{"acme/demo"}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if scan.Files != 4 || len(scan.Uses) != 3 {
		t.Fatalf("files %d, uses %+v", scan.Files, scan.Uses)
	}
	var out bytes.Buffer
	if err := WriteNeutralScan(&out, scan); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"4 modified source files compared; 3 cannot change behaviour",
		"| comments, formatting or types only | 1 | 1 |", "| only equivalent idioms exchanged | 1 | 1 |",
		"| only the text of error, warning or log messages | 1 | 1 |",
		"acme/demo@" + c1[:10] + " a.go: only equivalent idioms exchanged: any for interface{}",
		"acme/demo@" + c1[:10] + " d.py: only the text of error, warning or log messages"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), " b.go") {
		t.Errorf("a real change listed:\n%s", out.String())
	}
}

// TestCategoryTable: the accepted commits and those that fail are counted
// by category, per split; a commit the reviewer does not accept is not.
func TestCategoryTable(t *testing.T) {
	out := []Outcome{
		{Case: &Case{Category: "refactor", Split: "tune", Lang: "go"}, Failed: true},
		{Case: &Case{Category: "refactor", Split: "tune", Lang: "go"}},
		{Case: &Case{Category: "fix-with-test", Split: "test", Lang: "go"}},
		{Case: &Case{Category: "fix-without-test", Split: "test", Lang: "go", NeedsTest: []string{"a.go"}}, Failed: true, Tests: []string{"a.go"}},
	}
	s := Score(out, "tune")
	if c := s.ByCategory["refactor"]; c == nil || c[0] != 2 || c[1] != 1 || len(s.ByCategory) != 1 {
		t.Fatalf("tune by category %v", s.ByCategory)
	}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| split | category | reviewer-accepted | accepted that fail |", "| tune | refactor | 2 | 1 |", "| test | fix-with-test | 1 | 0 |", "| all | refactor | 2 | 1 |"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("missing %q in:\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "fix-without-test |") {
		t.Errorf("a commit the reviewer does not accept was counted:\n%s", b.String())
	}
}

// TestSplitsPrinted: only the splits the outcomes hold are printed, then
// all of them; a fresh case is its own split.
func TestSplitsPrinted(t *testing.T) {
	out := []Outcome{
		{Case: &Case{Category: "refactor", Split: "fresh", Lang: "go"}, Failed: true},
		{Case: &Case{Category: "feature", Split: "tune", Lang: "go"}},
	}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| fresh | 1 | 1 | 1 (100%) |", "| tune | 1 | 1 | 0 (0%) |", "| all | 2 | 2 | 1 (50%) |", "| fresh | refactor | 1 | 1 |"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("missing %q in:\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "| test |") {
		t.Errorf("a split with no case printed:\n%s", b.String())
	}
	for _, split := range []string{"fresh", "fresh2", "fresh3"} {
		if _, err := ParseCases([]byte("- {repo: a/b, lang: go, commit: " + strings.Repeat("a", 40) + ", base: " + strings.Repeat("b", 40) + ", category: feature, split: " + split + ", why: x}\n")); err != nil {
			t.Errorf("a %s case: %v", split, err)
		}
	}
	if _, err := ParseCases([]byte("- {repo: a/b, lang: go, commit: " + strings.Repeat("a", 40) + ", base: " + strings.Repeat("b", 40) + ", category: feature, split: fresh4, why: x}\n")); err == nil {
		t.Error("an unknown split accepted")
	}
}

// TestWriteScan: a row counts once under each of its keys, commits are
// counted once per key, keys are sorted, and rows keep their order.
func TestWriteScan(t *testing.T) {
	rows := []scanRow{
		{Repo: "a/b", Commit: "1111111111ff", Path: "x.go", Why: "z, y", Keys: []string{"z", "y"}},
		{Repo: "a/b", Commit: "1111111111ff", Path: "w.go", Why: "z", Keys: []string{"z"}},
	}
	var b bytes.Buffer
	if err := writeScan(&b, "2 files", "kind", rows); err != nil {
		t.Fatal(err)
	}
	want := "2 files\n\n| kind | files | commits |\n|---|---:|---:|\n| y | 1 | 1 |\n| z | 2 | 1 |\n\na/b@1111111111 x.go: z, y\na/b@1111111111 w.go: z\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

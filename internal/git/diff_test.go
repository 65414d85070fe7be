package git_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

func lines(n int, prefix string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(prefix + " line " + string(rune('a'+i%26)) + "\n")
	}
	return b.String()
}

// diffRepo: a base, then commits on a branch, then uncommitted work.
func diffRepo(t *testing.T) (*testutil.Repo, string) {
	tr := testutil.NewRepo(t)
	tr.WriteFile("mod.go", "package x\n\nfunc A() {}\n\nfunc B() {}\n\nfunc C() {}\n")
	tr.WriteFile("gone.txt", "bye\n")
	tr.WriteFile("moved/old.txt", lines(20, "same"))
	tr.WriteFile("bin.dat", "\x00\x01")
	base := tr.Commit("base")
	tr.Git("checkout", "-q", "-b", "fix")
	tr.WriteFile("mod.go", "package x\n\nfunc A() {}\n\n// B is new.\nfunc B() { return }\n\nfunc C() {}\nfunc D() {}\n")
	tr.Git("rm", "-q", "gone.txt")
	tr.Git("mv", "moved/old.txt", "moved/new name.txt")
	tr.WriteFile("added.go", "package x\n\nfunc E() {}\n")
	tr.WriteFile("bin.dat", "\x00\x02")
	tr.Commit("fix")
	return tr, base
}

func TestDiffCommitted(t *testing.T) {
	want := []git.FileDiff{
		{Path: "added.go", Status: 'A', Hunks: []git.Hunk{{OldStart: 0, OldLines: 0, NewStart: 1, NewLines: 3}}},
		{Path: "bin.dat", OldPath: "bin.dat", Status: 'M', Binary: true},
		{Path: "gone.txt", OldPath: "gone.txt", Status: 'D', Hunks: []git.Hunk{{OldStart: 1, OldLines: 1, NewStart: 0, NewLines: 0}}},
		{Path: "mod.go", OldPath: "mod.go", Status: 'M', Hunks: []git.Hunk{
			{OldStart: 5, OldLines: 1, NewStart: 5, NewLines: 2},
			{OldStart: 7, OldLines: 0, NewStart: 9, NewLines: 1},
		}},
		{Path: "moved/new name.txt", OldPath: "moved/old.txt", Status: 'R', SameContent: true},
	}
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr, base := diffRepo(t)
		r := open(t, tr.Dir, o)
		mb, err := r.MergeBase(context.Background(), "main", "HEAD")
		if err != nil || mb != base {
			t.Fatalf("merge base %s %v", mb, err)
		}
		d, err := r.Change(context.Background(), "main", git.ChangeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if d.Base != base || d.Head != tr.Git("rev-parse", "HEAD") || d.Worktree {
			t.Fatalf("diff %+v", d)
		}
		if !reflect.DeepEqual(d.Files, want) {
			t.Fatalf("files:\n%+v\nwant\n%+v", d.Files, want)
		}
	})
}

func TestDiffWorktree(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr, base := diffRepo(t)
		tr.WriteFile("added.go", "package x\n\nfunc E() {}\n\nfunc F() {}\n") // unstaged
		tr.WriteFile("staged.go", "package x\n")
		tr.Git("add", "staged.go")
		tr.WriteFile("untracked_test.go", "package x\n\nfunc TestE() {}\n")
		tr.WriteFile(".gitignore", "*.log\n")
		tr.WriteFile("ignored.log", "noise")
		if err := os.Remove(filepath.Join(tr.Dir, "mod.go")); err != nil {
			t.Fatal(err)
		}
		r := open(t, tr.Dir, o)
		d, err := r.Change(context.Background(), base, git.ChangeOptions{Worktree: true})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]git.FileDiff{}
		for _, f := range d.Files {
			got[f.Path] = f
		}
		if _, ok := got["ignored.log"]; ok {
			t.Error("ignored file listed")
		}
		for p, want := range map[string]git.FileDiff{
			"added.go":          {Path: "added.go", Status: 'A', Hunks: []git.Hunk{{NewStart: 1, NewLines: 5}}},
			"staged.go":         {Path: "staged.go", Status: 'A', Hunks: []git.Hunk{{NewStart: 1, NewLines: 1}}},
			"untracked_test.go": {Path: "untracked_test.go", Status: 'A', Hunks: []git.Hunk{{NewStart: 1, NewLines: 3}}},
			".gitignore":        {Path: ".gitignore", Status: 'A', Hunks: []git.Hunk{{NewStart: 1, NewLines: 1}}},
			"mod.go":            {Path: "mod.go", OldPath: "mod.go", Status: 'D', Hunks: []git.Hunk{{OldStart: 1, OldLines: 7}}},
		} {
			if !reflect.DeepEqual(got[p], want) {
				t.Errorf("%s: %+v, want %+v", p, got[p], want)
			}
		}
	})
}

func TestParseUnifiedDiffQuotedPaths(t *testing.T) {
	out := "diff --git \"a/sp ace\\tt\\303\\251.go\" \"b/sp ace\\tt\\303\\251.go\"\nindex 1..2 100644\n--- \"a/sp ace\\tt\\303\\251.go\"\n+++ \"b/sp ace\\tt\\303\\251.go\"\n@@ -3 +3,2 @@\n-x\n+y\n+z\n" +
		"diff --git a/x b/y\nsimilarity index 90%\nrename from x\nrename to y\n" +
		"diff --git a/pic.png b/pic.png\nnew file mode 100644\nBinary files /dev/null and b/pic.png differ\n"
	files, err := git.ParseUnifiedDiff([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	want := []git.FileDiff{
		{Path: "sp ace\tté.go", OldPath: "sp ace\tté.go", Status: 'M', Hunks: []git.Hunk{{OldStart: 3, OldLines: 1, NewStart: 3, NewLines: 2}}},
		{Path: "y", OldPath: "x", Status: 'R', SameContent: true},
		{Path: "pic.png", Status: 'A', Binary: true},
	}
	if !reflect.DeepEqual(files, want) {
		t.Fatalf("%+v\nwant %+v", files, want)
	}
	if _, err := git.ParseUnifiedDiff([]byte("diff --git a/x b/x\n@@ nonsense @@\n")); err == nil {
		t.Fatal("malformed hunk accepted")
	}
}

func TestLineHunksMatchesGit(t *testing.T) {
	cases := [][2]string{
		{"a\nb\nc\n", "a\nB\nc\n"},
		{"a\nb\nc\n", "a\nc\n"},
		{"a\nc\n", "a\nb\nc\n"},
		{"", "a\nb\n"},
		{"a\nb\n", ""},
		{"a\nb\nc\nd\ne\n", "x\nb\nc\ny\nz\ne\nf\n"},
		{"a\nb", "a\nb\n"},
	}
	for _, c := range cases {
		tr := testutil.NewRepo(t)
		tr.WriteFile("f", c[0])
		base := tr.Commit("old")
		tr.WriteFile("f", c[1])
		tr.Commit("new")
		out := tr.Git("diff", "-U0", base, "HEAD")
		files, err := git.ParseUnifiedDiff([]byte(out + "\n"))
		if err != nil {
			t.Fatal(err)
		}
		var want []git.Hunk
		if len(files) == 1 {
			want = files[0].Hunks
		}
		if got := git.LineHunks([]byte(c[0]), []byte(c[1])); !reflect.DeepEqual(got, want) {
			t.Errorf("%q -> %q: %+v, git says %+v", c[0], c[1], got, want)
		}
	}
}

func TestReadFileAt(t *testing.T) {
	tr := testutil.NewRepo(t)
	c := tr.Git("rev-parse", "HEAD")
	r := open(t, tr.Dir, git.OpenOptions{})
	if b, err := r.ReadFileAt(c, "README.md"); err != nil || string(b) != "# test\n" {
		t.Fatalf("%q %v", b, err)
	}
	if _, err := r.ReadFileAt(c, "nope"); err == nil {
		t.Fatal("missing file read")
	}
}

// filesAndSubmodule commits files, then a submodule at sub, and returns
// the last commit: a tree with files, a directory and a gitlink.
func filesAndSubmodule(tr *testutil.Repo, files map[string]string) string {
	for p, c := range files {
		tr.WriteFile(p, c)
	}
	tr.Commit("files")
	tr.Git("update-index", "--add", "--cacheinfo", "160000,"+strings.Repeat("ab", 20)+",sub")
	tr.Git("commit", "-q", "-m", "a submodule")
	return strings.TrimSpace(tr.Git("rev-parse", "HEAD"))
}

// TestFileAt: a file's content and that it is there; no file; an empty
// file (there, empty); a directory or a submodule at the path is an error,
// never "no file"; with both backends.
func TestFileAt(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t)
		c := filesAndSubmodule(tr, map[string]string{"empty.yaml": "", "dir/inner.txt": "inner\n"})
		r := open(t, tr.Dir, o)
		ctx := context.Background()
		if b, ok, err := r.FileAt(ctx, c, "README.md"); err != nil || !ok || string(b) != "# test\n" {
			t.Fatalf("README.md: %q %v %v", b, ok, err)
		}
		if b, ok, err := r.FileAt(ctx, c, "dir/inner.txt"); err != nil || !ok || string(b) != "inner\n" {
			t.Fatalf("dir/inner.txt: %q %v %v", b, ok, err)
		}
		if b, ok, err := r.FileAt(ctx, c, "nope.yaml"); err != nil || ok || b != nil {
			t.Fatalf("no file: %q %v %v", b, ok, err)
		}
		if b, ok, err := r.FileAt(ctx, c, "empty.yaml"); err != nil || !ok || b == nil || len(b) != 0 {
			t.Fatalf("empty file: %q %v %v", b, ok, err)
		}
		for _, p := range []string{"dir", "sub"} {
			if _, ok, err := r.FileAt(ctx, c, p); err == nil || !ok {
				t.Errorf("%s: ok %v, err %v; want an error", p, ok, err)
			}
		}
	})
}

func TestCommitsBetween(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t)
		base := tr.Commit("base")
		tr.Git("checkout", "-q", "-b", "fix")
		a := tr.Commit("fix one\n\nHotfix-Waive: tests-touched: config only")
		tr.Git("checkout", "-q", "main")
		m := tr.Commit("on main")
		tr.Git("checkout", "-q", "fix")
		tr.Git("merge", "-q", "--no-edit", "main")
		merge := tr.Git("rev-parse", "HEAD")
		b := tr.Commit("fix two")
		r := open(t, tr.Dir, o)
		cs, err := r.CommitsBetween(context.Background(), base, "HEAD")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range cs {
			got = append(got, c.Hash)
		}
		want := map[string]bool{a: true, m: true, merge: true, b: true}
		if len(got) != 4 {
			t.Fatalf("got %d commits %v", len(got), got)
		}
		for _, h := range got {
			if !want[h] {
				t.Fatalf("unexpected %s", h)
			}
		}
		for _, c := range cs {
			if c.Hash == a && c.Message != "fix one\n\nHotfix-Waive: tests-touched: config only\n" {
				t.Fatalf("message %q", c.Message)
			}
		}
		// main..fix excludes main's commits.
		cs, _ = r.CommitsBetween(context.Background(), "main", "fix")
		if len(cs) != 3 {
			t.Fatalf("main..fix = %d commits", len(cs))
		}
		if cs, _ := r.CommitsBetween(context.Background(), "HEAD", "HEAD"); len(cs) != 0 {
			t.Fatalf("empty range: %v", cs)
		}
	})
}

func TestExportTree(t *testing.T) {
	tr := testutil.NewRepo(t)
	tr.WriteFile("a/b.txt", "b")
	tr.WriteFile("run.sh", "#!/bin/sh\n")
	if err := os.Chmod(filepath.Join(tr.Dir, "run.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a/b.txt", filepath.Join(tr.Dir, "link")); err != nil {
		t.Fatal(err)
	}
	c := tr.Commit("files")
	tr.WriteFile("a/b.txt", "changed in the work tree")
	r := open(t, tr.Dir, git.OpenOptions{})
	dir := filepath.Join(t.TempDir(), "base")
	if err := r.ExportTree(context.Background(), c, dir); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a/b.txt")); string(b) != "b" {
		t.Fatalf("a/b.txt = %q", b)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "run.sh")); fi.Mode()&0o100 == 0 {
		t.Fatal("exec bit lost")
	}
	if l, _ := os.Readlink(filepath.Join(dir, "link")); l != "a/b.txt" {
		t.Fatalf("link = %q", l)
	}
	if tr.ReadFile("a/b.txt") != "changed in the work tree" {
		t.Fatal("work tree touched")
	}
	if err := r.ExportTree(context.Background(), c, dir); err == nil {
		t.Fatal("exported over existing files")
	}
}

// Only the paths Content wants get hunks; the rest keep their status, on
// both paths, committed and in the work tree.
func TestChangeContentFilter(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr, base := diffRepo(t)
		tr.WriteFile("vendor/big.go", lines(50, "vendored"))
		tr.WriteFile("notes.txt", "new\n")
		r := open(t, tr.Dir, o)
		d, err := r.Change(context.Background(), base, git.ChangeOptions{Worktree: true, Content: func(p string) bool { return strings.HasSuffix(p, ".go") && !strings.HasPrefix(p, "vendor/") }})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]git.FileDiff{}
		for _, f := range d.Files {
			got[f.Path] = f
		}
		if f := got["vendor/big.go"]; f.Status != 'A' || f.Hunks != nil {
			t.Errorf("vendor/big.go: %+v", f)
		}
		if f := got["notes.txt"]; f.Status != 'A' || f.Hunks != nil {
			t.Errorf("notes.txt: %+v", f)
		}
		if f := got["gone.txt"]; f.Status != 'D' || f.Hunks != nil {
			t.Errorf("gone.txt: %+v", f)
		}
		if f := got["mod.go"]; f.Status != 'M' || len(f.Hunks) != 2 {
			t.Errorf("mod.go: %+v", f)
		}
		if f := got["moved/new name.txt"]; f.Status != 'R' || f.OldPath != "moved/old.txt" {
			t.Errorf("rename: %+v", f)
		}
		// A change made and undone in the work tree is no change.
		tr.WriteFile("added.go", "package x\n\nfunc E() {}\n")
		tr.Git("checkout", "--", "added.go")
		d, _ = r.Change(context.Background(), "HEAD", git.ChangeOptions{Worktree: true})
		for _, f := range d.Files {
			if f.Path == "added.go" {
				t.Errorf("undone change listed: %+v", f)
			}
		}
	})
}

func TestReadFilesAt(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t)
		tr.WriteFile("a.go", "package a\n")
		tr.WriteFile("dir/b c.txt", "no newline at end")
		tr.WriteFile("empty", "")
		c := tr.Commit("files")
		tr.WriteFile("a.go", "changed in the work tree\n")
		r := open(t, tr.Dir, o)
		got, err := r.ReadFilesAt(context.Background(), c, []string{"a.go", "dir/b c.txt", "empty", "missing.go", "dir"})
		if err != nil {
			t.Fatal(err)
		}
		if string(got["a.go"]) != "package a\n" || string(got["dir/b c.txt"]) != "no newline at end" || len(got["empty"]) != 0 {
			t.Fatalf("%q", got)
		}
		if _, ok := got["missing.go"]; ok {
			t.Fatal("a missing path was returned")
		}
		if _, ok := got["dir"]; ok {
			t.Fatal("a tree was returned as a file")
		}
		if _, ok := got["empty"]; !ok {
			t.Fatal("the empty file is missing")
		}
	})
}

// A source path with a space (git ends its +++ name with a tab) and
// source files that .gitattributes marks -diff or binary are read with
// their lines, the same on both backends: neither hides a change from the
// rules.
func TestChangeOddPathsAndAttributes(t *testing.T) {
	results := map[string]string{}
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t)
		tr.WriteFile("calc/old.go", "package calc\n\nfunc A() int { return 1 }\n")
		tr.WriteFile("bin/x.go", "package bin\n")
		base := tr.Commit("base")
		tr.WriteFile(".gitattributes", "calc/*.go -diff\nbin/*.go binary\n")
		tr.WriteFile("calc/new file.go", "package calc\n\nfunc B() int { return 2 }\n")
		tr.WriteFile("calc/old.go", "package calc\n\nfunc A() int { return 3 }\n")
		tr.WriteFile("bin/x.go", "package bin\n\nfunc C() {}\n")
		tr.Commit("change")
		r := open(t, tr.Dir, o)
		d, err := r.Change(context.Background(), base, git.ChangeOptions{Content: func(p string) bool { return strings.HasSuffix(p, ".go") }})
		if err != nil {
			t.Fatal(err)
		}
		var sum []string
		for _, f := range d.Files {
			sum = append(sum, fmt.Sprintf("%c %q binary=%v hunks=%d", f.Status, f.Path, f.Binary, len(f.Hunks)))
		}
		got := strings.Join(sum, "\n")
		for _, want := range []string{`A "calc/new file.go" binary=false hunks=1`, `M "calc/old.go" binary=false hunks=1`, `M "bin/x.go" binary=false hunks=1`} {
			if !strings.Contains(got, want) {
				t.Errorf("missing %s in:\n%s", want, got)
			}
		}
		results[r.Backend()] = got
	})
	if len(results) == 2 && results["git"] != results["go"] {
		t.Fatalf("the backends disagree:\ngit:\n%s\ngo:\n%s", results["git"], results["go"])
	}
}

// TestChangeCommits checks the merge base and the commits Change reads in
// one walk: base an ancestor of HEAD (the base is the merge base), base
// moved on since the branch was cut (git merge-base decides, and the range
// leaves out the base's own new commits), and base at HEAD.
func TestChangeCommits(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t)
		cut := tr.Commit("cut")
		tr.Git("checkout", "-q", "-b", "fix")
		tr.WriteFile("fix.txt", "fixed\n")
		a := tr.Commit("fix one\n\nHotfix-Waive: tests-touched: text only")
		tr.WriteFile("fix.txt", "fixed again\n")
		b := tr.Commit("fix two")
		r := open(t, tr.Dir, o)
		ctx := context.Background()
		hashes := func(cs []git.Commit) []string {
			var out []string
			for _, c := range cs {
				out = append(out, c.Hash)
			}
			return out
		}
		d, err := r.Change(ctx, cut, git.ChangeOptions{Commits: true})
		if err != nil {
			t.Fatal(err)
		}
		// A base the caller resolved is not resolved again: its name
		// may then be anything.
		if d2, err := r.Change(ctx, "no-such-ref", git.ChangeOptions{Commits: true, BaseCommit: cut}); err != nil || !reflect.DeepEqual(d2, d) {
			t.Fatalf("with the base's commit given: %v\n%+v\nwant %+v", err, d2, d)
		}
		if d.Base != cut || strings.Join(hashes(d.Commits), " ") != b+" "+a {
			t.Fatalf("base ancestor: base %s commits %v, want %s and [%s %s]", d.Base, hashes(d.Commits), cut, b, a)
		}
		if d.Commits[1].Message != "fix one\n\nHotfix-Waive: tests-touched: text only\n" {
			t.Fatalf("message %q", d.Commits[1].Message)
		}
		if len(d.Files) != 1 || d.Files[0].Path != "fix.txt" {
			t.Fatalf("files %+v", d.Files)
		}
		tr.Git("checkout", "-q", "main")
		tr.WriteFile("main.txt", "moved on\n")
		tr.Commit("main moves on")
		tr.Git("checkout", "-q", "fix")
		d, err = r.Change(ctx, "main", git.ChangeOptions{Commits: true})
		if err != nil {
			t.Fatal(err)
		}
		if d.Base != cut || strings.Join(hashes(d.Commits), " ") != b+" "+a {
			t.Fatalf("base moved on: base %s commits %v, want %s and [%s %s]", d.Base, hashes(d.Commits), cut, b, a)
		}
		if len(d.Files) != 1 || d.Files[0].Path != "fix.txt" {
			t.Fatalf("files %+v", d.Files)
		}
		d, err = r.Change(ctx, "HEAD", git.ChangeOptions{Commits: true})
		if err != nil {
			t.Fatal(err)
		}
		if d.Base != b || len(d.Commits) != 0 || len(d.Files) != 0 {
			t.Fatalf("base at HEAD: base %s commits %v files %+v", d.Base, hashes(d.Commits), d.Files)
		}
		if _, err := r.Change(ctx, "no-such-branch", git.ChangeOptions{Commits: true, Worktree: true}); err == nil {
			t.Fatal("an unknown base gave no error")
		}
		// With the work tree: the untracked listing, started after the
		// history walk, still reaches the result, beside a tracked edit.
		tr.WriteFile("new.txt", "untracked\n")
		tr.WriteFile("fix.txt", "edited\n")
		calls := 0
		var listedBase string
		var listedPaths []string
		d, err = r.Change(ctx, cut, git.ChangeOptions{Commits: true, Worktree: true, Listed: func(mb string, files []git.FileDiff) {
			calls++
			listedBase = mb
			for _, f := range files {
				listedPaths = append(listedPaths, f.Path)
			}
		}})
		if err != nil {
			t.Fatal(err)
		}
		// Listed saw the merge base and the tracked files (with git,
		// untracked ones come after it).
		if listed := strings.Join(listedPaths, " "); calls != 1 || listedBase != cut || (listed != "fix.txt" && listed != "fix.txt new.txt") {
			t.Fatalf("Listed: %d calls, base %s, paths %v", calls, listedBase, listedPaths)
		}
		var paths []string
		for _, f := range d.Files {
			paths = append(paths, f.Path+":"+string(f.Status))
		}
		if strings.Join(paths, " ") != "fix.txt:A new.txt:A" || len(d.Commits) != 2 {
			t.Fatalf("work tree: files %v, %d commits", paths, len(d.Commits))
		}
		// A work-tree edit of a file the commits did not touch widens the
		// content diff beyond the speculative one from the base; the
		// edit's hunk is there. From main, which moved on, the same.
		tr.WriteFile("README.md", "# edited on the branch\n")
		for _, base := range []string{cut, "main"} {
			d, err = r.Change(ctx, base, git.ChangeOptions{Commits: true, Worktree: true})
			if err != nil {
				t.Fatal(err)
			}
			paths = nil
			for _, f := range d.Files {
				paths = append(paths, fmt.Sprintf("%s:%c:%d", f.Path, f.Status, len(f.Hunks)))
			}
			if d.Base != cut || strings.Join(paths, " ") != "README.md:M:1 fix.txt:A:1 new.txt:A:1" {
				t.Fatalf("from %s: base %s, files %v", base, d.Base, paths)
			}
		}
	})
}

// TestChangeCommitsRename: a file renamed on a branch cut from the base is
// listed as a rename with its old path, whether the change comes from the
// speculative listing (the base is the merge base) or not.
func TestChangeCommitsRename(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t)
		tr.WriteFile("old.txt", lines(20, "line"))
		cut := tr.Commit("cut")
		tr.Git("checkout", "-q", "-b", "fix")
		tr.Git("mv", "old.txt", "new.txt")
		tr.Commit("rename")
		r := open(t, tr.Dir, o)
		d, err := r.Change(context.Background(), cut, git.ChangeOptions{Commits: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Files) != 1 || d.Files[0].Path != "new.txt" || d.Files[0].OldPath != "old.txt" || d.Files[0].Status != 'R' || len(d.Commits) != 1 {
			t.Fatalf("files %+v, %d commits", d.Files, len(d.Commits))
		}
	})
}

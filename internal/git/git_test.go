package git_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/semver"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// backends runs f once with the git binary for reads and once with go-git
// only, since both paths ship.
func backends(t *testing.T, f func(t *testing.T, opts git.OpenOptions)) {
	for _, b := range []struct {
		name string
		opts git.OpenOptions
	}{{"git", git.OpenOptions{}}, {"go", git.OpenOptions{PureGo: true}}} {
		t.Run(b.name, func(t *testing.T) { f(t, b.opts) })
	}
}

func open(t *testing.T, dir string, o git.OpenOptions) *git.Repo {
	t.Helper()
	r, err := git.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func TestOpen(t *testing.T) {
	tr := testutil.NewRepo(t)
	tr.WriteFile("a/b/c.txt", "x")
	tr.Commit("nested")
	r := open(t, filepath.Join(tr.Dir, "a", "b"), git.OpenOptions{})
	if r.Root() != tr.Dir || r.GitDir() != filepath.Join(tr.Dir, ".git") {
		t.Fatalf("root %s gitdir %s", r.Root(), r.GitDir())
	}
	if r.Backend() != "git" {
		t.Fatalf("backend %s", r.Backend())
	}
	if p := open(t, tr.Dir, git.OpenOptions{PureGo: true}); p.Backend() != "go" {
		t.Fatal("PureGo ignored")
	}
	t.Setenv("HOTFIX_GIT", "go")
	if p := open(t, tr.Dir, git.OpenOptions{}); p.Backend() != "go" {
		t.Fatal("HOTFIX_GIT=go ignored")
	}
	if _, err := git.Open(t.TempDir(), git.OpenOptions{}); !errors.Is(err, git.ErrNotRepository) {
		t.Fatalf("outside a repository: %v", err)
	}
	if _, err := git.Open(filepath.Join(tr.Dir, "nope"), git.OpenOptions{}); err == nil {
		t.Fatal("missing directory opened")
	}
}

func TestOpenLinkedWorktree(t *testing.T) {
	tr := testutil.NewRepo(t)
	wt := filepath.Join(t.TempDir(), "wt")
	tr.Git("worktree", "add", "-q", "-b", "side", wt)
	r := open(t, wt, git.OpenOptions{})
	if b, _ := r.CurrentBranch(); b != "side" {
		t.Fatalf("branch %q", b)
	}
	if _, err := r.ResolveCommit("main"); err != nil {
		t.Fatal(err)
	}
}

func TestDirtyFiles(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t)
		tr.WriteFile("keep.txt", "1")
		tr.WriteFile("gone.txt", "1")
		tr.WriteFile("staged.txt", "1")
		tr.Commit("files")
		r := open(t, tr.Dir, o)
		if d, err := r.DirtyFiles(context.Background()); err != nil || len(d) != 0 {
			t.Fatalf("clean tree: %v %v", d, err)
		}
		tr.WriteFile("keep.txt", "2")
		tr.WriteFile("untracked.txt", "new")
		if err := os.Remove(filepath.Join(tr.Dir, "gone.txt")); err != nil {
			t.Fatal(err)
		}
		tr.WriteFile("staged.txt", "2")
		tr.Git("add", "staged.txt")
		tr.WriteFile("added.txt", "new")
		tr.Git("add", "added.txt")
		d, err := r.DirtyFiles(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, c := range d {
			paths = append(paths, c.Path)
		}
		if want := []string{"added.txt", "gone.txt", "keep.txt", "staged.txt"}; !reflect.DeepEqual(paths, want) {
			t.Fatalf("dirty %v, want %v", paths, want)
		}
		for _, c := range d {
			if c.Path == "staged.txt" && (c.Staged != 'M' || c.Unstaged != ' ') {
				t.Errorf("staged.txt letters %q%q", c.Staged, c.Unstaged)
			}
			if c.Path == "keep.txt" && c.Unstaged != 'M' {
				t.Errorf("keep.txt letters %q%q", c.Staged, c.Unstaged)
			}
		}
	})
}

func TestResolveAndBranches(t *testing.T) {
	tr := testutil.NewRepo(t).WithOrigin()
	first := tr.Git("rev-parse", "HEAD")
	tr.Tag("v1.0.0")
	tr.Git("tag", "light")
	tr.WriteFile("x", "1")
	second := tr.Commit("second")
	r := open(t, tr.Dir, git.OpenOptions{})
	for rev, want := range map[string]string{
		"v1.0.0": first, "light": first, "main": second, "HEAD": second, "origin/main": first,
		first: first, first[:10]: first, "refs/tags/v1.0.0": first,
	} {
		got, err := r.ResolveCommit(rev)
		if err != nil || got != want {
			t.Errorf("ResolveCommit(%q) = %s, %v; want %s", rev, got, err, want)
		}
	}
	for _, rev := range []string{"", "v9.9.9", "nope/branch", strings.Repeat("f", 40)} {
		if _, err := r.ResolveCommit(rev); !errors.Is(err, git.ErrUnknownRevision) {
			t.Errorf("ResolveCommit(%q) error %v", rev, err)
		}
	}
	if ok, _ := r.BranchExists("main"); !ok {
		t.Error("main missing")
	}
	if ok, _ := r.RemoteTrackingBranchExists("origin", "main"); !ok {
		t.Error("origin/main missing")
	}
	if ok, _ := r.TagExists("v1.0.0"); !ok {
		t.Error("tag missing")
	}
	if !r.HasRemote("origin") || r.HasRemote("upstream") || r.RemoteURL("origin") != tr.Origin {
		t.Error("remotes wrong")
	}
	if names, err := r.Remotes(); err != nil || !reflect.DeepEqual(names, []string{"origin"}) {
		t.Errorf("Remotes() = %q, %v", names, err)
	}
	tr.Git("remote", "add", "backup", tr.Origin)
	if names, err := open(t, tr.Dir, git.OpenOptions{}).Remotes(); err != nil || !reflect.DeepEqual(names, []string{"backup", "origin"}) {
		t.Errorf("Remotes() with two = %q, %v", names, err)
	}
	if names, err := open(t, testutil.NewRepo(t).Dir, git.OpenOptions{}).Remotes(); err != nil || len(names) != 0 {
		t.Errorf("Remotes() with none = %q, %v", names, err)
	}
	if b := r.DefaultBranch("origin"); b != "main" {
		t.Errorf("default branch %q", b)
	}
	if name, email := r.UserIdentity(); name != "Test Author" || email != "author@example.com" {
		t.Errorf("identity %q %q", name, email)
	}

	if err := r.CreateBranch("hotfix/x", first); err != nil {
		t.Fatal(err)
	}
	if err := r.CreateBranch("hotfix/x", first); err != nil {
		t.Fatalf("rerun at the same commit must succeed: %v", err)
	}
	if err := r.CreateBranch("hotfix/x", second); err == nil {
		t.Fatal("moved an existing branch")
	}
	if err := r.CreateBranch("bad..name", first); err == nil {
		t.Fatal("accepted an invalid name")
	}
	if got := tr.Git("rev-parse", "hotfix/x"); got != first {
		t.Fatalf("git sees hotfix/x at %s", got)
	}
	tips, err := r.Branches("hotfix/")
	if err != nil || len(tips) != 1 || tips[0].Name != "hotfix/x" || tips[0].Commit != first {
		t.Fatalf("Branches = %+v, %v", tips, err)
	}
	if err := r.DeleteBranch("hotfix/x"); err != nil {
		t.Fatal(err)
	}
	if err := r.DeleteBranch("hotfix/x"); err != nil {
		t.Fatalf("deleting twice: %v", err)
	}
}

func TestFilesAtCommit(t *testing.T) {
	tr := testutil.NewRepo(t)
	tr.WriteFile(".hotfix/a.yaml", "a")
	tr.WriteFile(".hotfix/sub/b.yaml", "b")
	tr.WriteFile(".hotfix/big.yaml", strings.Repeat("x", 2000))
	c := tr.Commit("records")
	r := open(t, tr.Dir, git.OpenOptions{})
	if !r.FileExistsAt(c, ".hotfix/a.yaml") || r.FileExistsAt(c, ".hotfix/c.yaml") {
		t.Fatal("FileExistsAt wrong")
	}
	files, err := r.ReadDirAt(c, ".hotfix", 1000)
	if err != nil || len(files) != 1 || string(files["a.yaml"]) != "a" {
		t.Fatalf("ReadDirAt = %v, %v", files, err)
	}
	if files, err := r.ReadDirAt(c, "nope", 1000); err != nil || len(files) != 0 {
		t.Fatalf("missing dir: %v %v", files, err)
	}
}

func TestRestoreFile(t *testing.T) {
	backends(t, func(t *testing.T, opts git.OpenOptions) {
		tr := testutil.NewRepo(t)
		tr.WriteFile(".hotfix/a.yaml", "committed\n")
		tr.Commit("record")
		r := open(t, tr.Dir, opts)
		// A rewritten file goes back to HEAD's content.
		tr.WriteFile(".hotfix/a.yaml", "rewritten\n")
		if err := r.RestoreFile(".hotfix/a.yaml"); err != nil {
			t.Fatal(err)
		}
		if got := tr.ReadFile(".hotfix/a.yaml"); got != "committed\n" || tr.Git("status", "--porcelain") != "" {
			t.Fatalf("restored to %q; status %q", got, tr.Git("status", "--porcelain"))
		}
		// A file HEAD does not have goes, and so does nothing when absent.
		tr.WriteFile(".hotfix/new.yaml", "new\n")
		for i := 0; i < 2; i++ {
			if err := r.RestoreFile(".hotfix/new.yaml"); err != nil {
				t.Fatal(err)
			}
			if tr.Exists(".hotfix/new.yaml") {
				t.Fatal("a file HEAD lacks was kept")
			}
		}
	})
}

func TestNewestTag(t *testing.T) {
	tr := testutil.NewRepo(t)
	tr.Tag("v1.0.0")
	tr.Commit("a")
	tr.Tag("v1.1.0")
	tr.Git("tag", "v1.1.0-rc.1") // lightweight, same commit
	tr.Commit("b")
	tr.Tag("not-a-release")
	tr.Git("checkout", "-q", "-b", "release/2")
	tr.Commit("on a side branch")
	tr.Tag("v2.0.0")
	tr.Git("checkout", "-q", "main")
	tr.Commit("c")
	release := func(n string) bool { _, ok := semver.Parse(n); return ok && !strings.Contains(n, "-") }
	better := func(a, b string) bool {
		va, _ := semver.Parse(a)
		vb, _ := semver.Parse(b)
		return semver.Compare(va, vb) > 0
	}
	r := open(t, tr.Dir, git.OpenOptions{})
	tag, _, err := r.NewestTag("main", release, better)
	if err != nil || tag != "v1.1.0" {
		t.Fatalf("from main: %q %v (v2.0.0 is not reachable)", tag, err)
	}
	if tag, _, _ := r.NewestTag("release/2", release, better); tag != "v2.0.0" {
		t.Fatalf("from release/2: %q", tag)
	}
	any := func(string) bool { return true }
	if tag, _, _ := r.NewestTag("main", any, better); tag != "not-a-release" {
		t.Fatalf("nearest tag of any kind: %q", tag)
	}
	if _, _, err := r.NewestTag("main", func(string) bool { return false }, better); !errors.Is(err, git.ErrNoTag) {
		t.Fatalf("no tags: %v", err)
	}
	if tags, err := r.Tags(release); err != nil || strings.Join(tags, " ") != "v1.0.0 v1.1.0 v2.0.0" {
		t.Fatalf("Tags(release) = %v, %v", tags, err)
	}
	if tags, _ := r.Tags(any); len(tags) != 5 {
		t.Fatalf("Tags(any) = %v", tags)
	}
	// Peeling from packed-refs gives the same answer, and a loose ref
	// that overrides a packed one wins.
	tr.Git("pack-refs", "--all")
	if tag, _, _ := open(t, tr.Dir, git.OpenOptions{}).NewestTag("main", release, better); tag != "v1.1.0" {
		t.Fatalf("after pack-refs: %q", tag)
	}
	tr.Git("tag", "-f", "-a", "v1.1.0", "-m", "moved", "HEAD")
	tag, commit, _ := open(t, tr.Dir, git.OpenOptions{}).NewestTag("main", release, better)
	if tag != "v1.1.0" || commit != tr.Git("rev-parse", "HEAD") {
		t.Fatalf("moved loose tag: %q at %s", tag, commit)
	}
}

func TestCheckBranchName(t *testing.T) {
	for _, ok := range []string{"hotfix/v1.2.3-x", "a", "feature/ünïcode", "a-b_c.d"} {
		if err := git.CheckBranchName(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "@", "-x", "/x", "x/", "x.", "a..b", "a//b", "a@{b", "a b", "a~b", "a^b", "a:b", "a?b", "a*b", "a[b", "a\\b", "a\x01b", "a\x7fb", ".a", "a/.b", "a.lock", "a/b.lock/c"} {
		if err := git.CheckBranchName(bad); err == nil {
			t.Errorf("%q accepted", bad)
		} else if _, gerr := testutil.GitErr(t.TempDir(), nil, "check-ref-format", "--branch", bad); gerr == nil && bad != "" && bad != "@" { // --branch expands "@" to HEAD's branch
			t.Errorf("%q: git accepts it but we refuse it: %v", bad, err)
		}
	}
}

func TestRemoteBranchExists(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t).WithOrigin()
		other := filepath.Join(t.TempDir(), "other")
		testutil.Git(t, filepath.Dir(other), "clone", "-q", tr.Origin, other)
		testutil.Git(t, other, "push", "-q", "origin", "HEAD:refs/heads/hotfix/remote-only")
		r := open(t, tr.Dir, o)
		ctx := context.Background()
		if ok, err := r.RemoteBranchExists(ctx, "origin", "hotfix/remote-only", ""); err != nil || !ok {
			t.Fatalf("remote-only branch: %v %v", ok, err)
		}
		if ok, err := r.RemoteBranchExists(ctx, "origin", "hotfix/none", ""); err != nil || ok {
			t.Fatalf("absent branch: %v %v", ok, err)
		}
		if ok, _ := r.RemoteTrackingBranchExists("origin", "hotfix/remote-only"); ok {
			t.Fatal("not fetched, so no tracking ref")
		}
		tr.Git("remote", "add", "broken", filepath.Join(t.TempDir(), "missing.git"))
		if _, err := r.RemoteBranchExists(ctx, "broken", "x", ""); err == nil {
			t.Fatal("unreachable remote gave no error")
		}
	})
}

func TestCheckout(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("modes and symlinks")
	}
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t)
		tr.WriteFile("same.txt", "same")
		tr.WriteFile("mod.txt", "old")
		tr.WriteFile("del/me.txt", "bye")
		tr.WriteFile("dir2file/x", "x")
		tr.WriteFile("script.sh", "#!/bin/sh\n")
		chmod(t, filepath.Join(tr.Dir, "script.sh"), 0o755)
		base := tr.Commit("base")
		tr.WriteFile("mod.txt", "new")
		tr.WriteFile("added/deep/file.txt", "hello")
		if err := os.RemoveAll(filepath.Join(tr.Dir, "del")); err != nil {
			t.Fatal(err)
		}
		if err := os.RemoveAll(filepath.Join(tr.Dir, "dir2file")); err != nil {
			t.Fatal(err)
		}
		tr.WriteFile("dir2file", "now a file")
		if err := os.Symlink("mod.txt", filepath.Join(tr.Dir, "link")); err != nil {
			t.Fatal(err)
		}
		chmod(t, filepath.Join(tr.Dir, "script.sh"), 0o644)
		tip := tr.Commit("tip")
		if mode := tr.Git("ls-tree", base, "script.sh"); !strings.HasPrefix(mode, "100755") {
			t.Fatalf("fixture: %s", mode)
		}
		tr.WriteFile("untracked.txt", "mine")

		r := open(t, tr.Dir, o)
		ctx := context.Background()
		// From tip back to base: every kind of change, reversed.
		if err := r.CreateBranch("hotfix/back", base); err != nil {
			t.Fatal(err)
		}
		if err := r.Checkout(ctx, "hotfix/back"); err != nil {
			t.Fatal(err)
		}
		assertClean(t, tr, "hotfix/back", base)
		if tr.ReadFile("mod.txt") != "old" || tr.ReadFile("del/me.txt") != "bye" || tr.ReadFile("dir2file/x") != "x" ||
			tr.Exists("added") || tr.Exists("link") || tr.ReadFile("untracked.txt") != "mine" {
			t.Fatal("work tree does not match base")
		}
		if fi, _ := os.Stat(filepath.Join(tr.Dir, "script.sh")); fi.Mode()&0o100 == 0 {
			t.Fatalf("script.sh lost its exec bit: %v", fi.Mode())
		}
		// And forward again.
		if err := r.Checkout(ctx, "main"); err != nil {
			t.Fatal(err)
		}
		assertClean(t, tr, "main", tip)
		if l, err := os.Readlink(filepath.Join(tr.Dir, "link")); err != nil || l != "mod.txt" {
			t.Fatalf("symlink: %q %v", l, err)
		}
		if tr.ReadFile("dir2file") != "now a file" || tr.ReadFile("added/deep/file.txt") != "hello" || tr.Exists("del") {
			t.Fatal("work tree does not match tip")
		}
		if fi, _ := os.Stat(filepath.Join(tr.Dir, "script.sh")); fi.Mode()&0o111 != 0 {
			t.Fatalf("script.sh kept its exec bit: %v", fi.Mode())
		}
		// Detached.
		if err := r.CheckoutDetached(ctx, base); err != nil {
			t.Fatal(err)
		}
		if b, _ := r.CurrentBranch(); b != "" || tr.Git("rev-parse", "HEAD") != base {
			t.Fatalf("detached: branch %q", b)
		}
	})
}

func chmod(t *testing.T, p string, m os.FileMode) {
	t.Helper()
	if err := os.Chmod(p, m); err != nil {
		t.Fatal(err)
	}
}

func assertClean(t *testing.T, tr *testutil.Repo, branch, commit string) {
	t.Helper()
	if got := tr.Git("symbolic-ref", "--short", "HEAD"); got != branch {
		t.Fatalf("HEAD on %s, want %s", got, branch)
	}
	if got := tr.Git("rev-parse", "HEAD"); got != commit {
		t.Fatalf("HEAD at %s, want %s", got, commit)
	}
	if st := tr.Git("status", "--porcelain", "--untracked-files=no"); st != "" {
		t.Fatalf("git status after checkout:\n%s", st)
	}
	if d := tr.Git("diff-index", "--cached", "HEAD"); d != "" {
		t.Fatalf("index differs from HEAD:\n%s", d)
	}
	if out, err := testutil.GitErr(tr.Dir, nil, "fsck", "--no-progress", "--no-dangling"); err != nil {
		t.Fatalf("fsck: %v %s", err, out)
	}
}

func TestCheckoutRefusesAndChangesNothing(t *testing.T) {
	tr := testutil.NewRepo(t)
	tr.WriteFile("a.txt", "base")
	base := tr.Commit("base")
	tr.WriteFile("a.txt", "tip")
	tr.WriteFile("b.txt", "tip")
	tr.Commit("tip")
	r := open(t, tr.Dir, git.OpenOptions{})
	if err := r.CreateBranch("old", base); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	tr.WriteFile("a.txt", "local edit")
	err := r.Checkout(ctx, "old")
	var ce *git.ConflictError
	if !errors.As(err, &ce) || !reflect.DeepEqual(ce.Modified, []string{"a.txt"}) {
		t.Fatalf("local change: %v", err)
	}
	if tr.ReadFile("a.txt") != "local edit" || tr.Git("symbolic-ref", "--short", "HEAD") != "main" || tr.Exists(".git/index.lock") {
		t.Fatal("a refused checkout changed something")
	}
	tr.Git("checkout", "--", "a.txt")

	// An untracked file where the target has a tracked one.
	tr.Git("checkout", "-q", "old")
	tr.WriteFile("b.txt", "untracked")
	if err := r.Checkout(ctx, "main"); !errors.As(err, &ce) || !reflect.DeepEqual(ce.Untracked, []string{"b.txt"}) {
		t.Fatalf("untracked in the way: %v", err)
	}
	if tr.ReadFile("b.txt") != "untracked" {
		t.Fatal("untracked file overwritten")
	}
	// The same content is not in the way (a rerun after a crash).
	tr.WriteFile("b.txt", "tip")
	if err := r.Checkout(ctx, "main"); err != nil {
		t.Fatalf("identical untracked file: %v", err)
	}

	// Another git process holds the index lock.
	tr.WriteFile(".git/index.lock", "")
	if err := r.Checkout(ctx, "old"); err == nil || !strings.Contains(err.Error(), "another git process") {
		t.Fatalf("index.lock: %v", err)
	}
	if err := os.Remove(filepath.Join(tr.Dir, ".git", "index.lock")); err != nil {
		t.Fatal(err)
	}
}

func TestCheckoutRefusesSymlinkedParent(t *testing.T) {
	tr := testutil.NewRepo(t)
	base := tr.Git("rev-parse", "HEAD")
	tr.WriteFile("dir/file.txt", "x")
	tr.Commit("tip")
	r := open(t, tr.Dir, git.OpenOptions{})
	if err := r.CreateBranch("old", base); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := r.Checkout(ctx, "old"); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(tr.Dir, "dir")); err != nil {
		t.Skip(err)
	}
	if err := r.Checkout(ctx, "main"); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("symlinked parent: %v", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Fatal("wrote through the symlink")
	}
}

func TestCheckoutUsesGitForFilters(t *testing.T) {
	tr := testutil.NewRepo(t)
	base := tr.Git("rev-parse", "HEAD")
	tr.WriteFile(".gitattributes", "*.txt text eol=crlf\n")
	tr.WriteFile("a.txt", "one\ntwo\n")
	tr.Commit("crlf")
	tr.Git("checkout", "-q", base)
	r := open(t, tr.Dir, git.OpenOptions{})
	if err := r.Checkout(context.Background(), "main"); err != nil {
		t.Fatal(err)
	}
	if got := tr.ReadFile("a.txt"); got != "one\r\ntwo\r\n" {
		t.Fatalf("eol attributes not applied: %q", got)
	}
}

func TestCheckoutUntrackedInsideReplacedDir(t *testing.T) {
	tr := testutil.NewRepo(t)
	tr.WriteFile("d/tracked.txt", "x")
	base := tr.Commit("dir")
	tr.Git("rm", "-q", "-r", "d")
	tr.WriteFile("d", "file now")
	tr.Commit("file")
	tr.Git("checkout", "-q", base)
	tr.WriteFile("d/mine.txt", "untracked")
	r := open(t, tr.Dir, git.OpenOptions{})
	var ce *git.ConflictError
	if err := r.Checkout(context.Background(), "main"); !errors.As(err, &ce) || !reflect.DeepEqual(ce.Untracked, []string{"d/mine.txt"}) {
		t.Fatalf("untracked file inside a replaced directory: %v", err)
	}
	if tr.ReadFile("d/mine.txt") != "untracked" || tr.ReadFile("d/tracked.txt") != "x" {
		t.Fatal("files changed by a refused checkout")
	}
}

// A checkout killed after writing some files, before the index and HEAD,
// is finished by running it again.
func TestCheckoutRerunAfterCrash(t *testing.T) {
	tr := testutil.NewRepo(t)
	tr.WriteFile("a.txt", "base-a")
	tr.WriteFile("b.txt", "base-b")
	tr.WriteFile("gone.txt", "bye")
	base := tr.Commit("base")
	tr.WriteFile("a.txt", "tip-a")
	tr.WriteFile("b.txt", "tip-b")
	tr.WriteFile("new.txt", "tip-new")
	tr.Git("rm", "-q", "gone.txt")
	tip := tr.Commit("tip")
	tr.Git("checkout", "-q", base)
	// The killed run had written a.txt and new.txt and removed gone.txt.
	tr.WriteFile("a.txt", "tip-a")
	tr.WriteFile("new.txt", "tip-new")
	if err := os.Remove(filepath.Join(tr.Dir, "gone.txt")); err != nil {
		t.Fatal(err)
	}
	r := open(t, tr.Dir, git.OpenOptions{})
	if err := r.Checkout(context.Background(), "main"); err != nil {
		t.Fatal(err)
	}
	assertClean(t, tr, "main", tip)
	if tr.ReadFile("b.txt") != "tip-b" {
		t.Fatal("b.txt not written")
	}
}

// Without the git binary, a linked work tree is refused with a message
// that names every command needing it, not only backports.
func TestAddWorktreeNeedsTheBinary(t *testing.T) {
	tr := testutil.NewRepo(t)
	tr.Commit("first")
	r := open(t, tr.Dir, git.OpenOptions{PureGo: true})
	err := r.AddWorktree(context.Background(), filepath.Join(t.TempDir(), "w"), "b", strings.TrimSpace(tr.Git("rev-parse", "HEAD")))
	if err == nil || !strings.Contains(err.Error(), "merge-back") || !strings.Contains(err.Error(), "install git") {
		t.Fatalf("%v", err)
	}
}

// HOTFIX_GIT is read through the environment the caller passes (the
// factory's), not only the process's.
func TestOpenReadsHotfixGitThroughGetenv(t *testing.T) {
	tr := testutil.NewRepo(t)
	tr.WriteFile("a.txt", "a\n")
	tr.Commit("one")
	env := func(k string) string { return map[string]string{"HOTFIX_GIT": "go"}[k] }
	if p := open(t, tr.Dir, git.OpenOptions{Getenv: env}); p.Backend() != "go" {
		t.Fatal("HOTFIX_GIT=go from Getenv ignored")
	}
}

// Open names the repositories go-git cannot work in: bare, SHA-256, and
// extensions.worktreeConfig.
func TestOpenUnsupported(t *testing.T) {
	root := t.TempDir()
	testutil.Git(t, root, "init", "-q", "--bare", "b.git")
	if _, err := git.Open(filepath.Join(root, "b.git"), git.OpenOptions{}); !errors.Is(err, git.ErrBareRepository) {
		t.Errorf("bare: %v", err)
	}
	testutil.Git(t, root, "init", "-q", "--object-format=sha256", "sha")
	if _, err := git.Open(filepath.Join(root, "sha"), git.OpenOptions{}); !errors.Is(err, git.ErrSHA256) {
		t.Errorf("sha256: %v", err)
	}
	testutil.Git(t, root, "init", "-q", "wtc")
	testutil.Git(t, filepath.Join(root, "wtc"), "config", "extensions.worktreeConfig", "true")
	testutil.Git(t, filepath.Join(root, "wtc"), "config", "core.repositoryformatversion", "1")
	if _, err := git.Open(filepath.Join(root, "wtc"), git.OpenOptions{}); !errors.Is(err, git.ErrWorktreeConfig) {
		t.Errorf("worktreeConfig: %v", err)
	}
	src := testutil.NewRepo(t)
	src.WriteFile("a.txt", "a\n")
	src.Commit("one")
	testutil.Git(t, src.Dir, "config", "uploadpack.allowFilter", "true")
	testutil.Git(t, root, "clone", "-q", "--filter=blob:none", "file://"+src.Dir, "partial")
	if _, err := git.Open(filepath.Join(root, "partial"), git.OpenOptions{}); !errors.Is(err, git.ErrPartialClone) {
		t.Errorf("partial clone: %v", err)
	}
}

// IsShallow tells a depth-limited clone from a full one, on both backends.
func TestIsShallow(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t)
		tr.Commit("second")
		if open(t, tr.Dir, o).IsShallow() {
			t.Fatal("a full repository called shallow")
		}
		dir := filepath.Join(t.TempDir(), "shallow")
		testutil.Git(t, filepath.Dir(dir), "clone", "-q", "--depth", "1", "file://"+tr.Dir, dir)
		if !open(t, dir, o).IsShallow() {
			t.Fatal("a --depth 1 clone not called shallow")
		}
	})
}

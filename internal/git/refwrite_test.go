package git_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/fsutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// refFiles lists the files under .git/refs whose names end in suffix.
func refFiles(t *testing.T, gitDir, suffix string) []string {
	t.Helper()
	var out []string
	_ = filepath.WalkDir(filepath.Join(gitDir, "refs"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, suffix) {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// A write that fails at the ref (a full disk) leaves no ref, no empty ref
// and no lock file, for every kind of ref hotfix writes with go-git; the
// same writes succeed once the disk has room, and git fsck agrees.
func TestRefWritesAreAtomic(t *testing.T) {
	tr := testutil.NewRepo(t)
	head := tr.Git("rev-parse", "HEAD")
	tr.Git("branch", "old")
	r := open(t, tr.Dir, git.OpenOptions{PureGo: true})
	gitDir := filepath.Join(tr.Dir, ".git")
	writes := []struct {
		name string
		do   func() error
	}{
		{"create branch", func() error { return r.CreateBranch("hotfix/v1.0.1-x", head) }},
		{"set branch", func() error { return r.SetBranch(context.Background(), "fresh", head) }},
		{"tag", func() error { return r.CreateTag("v9.9.9", head, "release", time.Unix(0, 0)) }},
		{"checkout", func() error { return r.Checkout(context.Background(), "old") }},
	}
	restore := fsutil.InjectWriteFault(func(string) error { return syscall.ENOSPC })
	for _, w := range writes {
		if err := w.do(); !errors.Is(err, syscall.ENOSPC) {
			t.Errorf("%s on a full disk: %v", w.name, err)
		}
	}
	restore()
	if got := r.EmptyRefs(); len(got) != 0 {
		t.Fatalf("empty refs after a full disk: %v", got)
	}
	if got := refFiles(t, gitDir, ".lock"); len(got) != 0 {
		t.Fatalf("lock files left: %v", got)
	}
	if b, _ := r.CurrentBranch(); b != "main" {
		t.Fatalf("HEAD moved to %q", b)
	}
	for _, w := range writes {
		if err := w.do(); err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
	}
	if b, _ := r.CurrentBranch(); b != "old" {
		t.Fatalf("HEAD on %q", b)
	}
	for _, ref := range []string{"refs/heads/hotfix/v1.0.1-x", "refs/heads/fresh", "refs/tags/v9.9.9^{commit}"} {
		if got := tr.Git("rev-parse", ref); got != head {
			t.Fatalf("%s = %s", ref, got)
		}
	}
	tr.Git("fsck", "--no-progress")
	// Someone else's lock is respected and named.
	lock := filepath.Join(gitDir, "refs", "heads", "busy.lock")
	if err := os.WriteFile(lock, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := r.CreateBranch("busy", head); err == nil || !strings.Contains(err.Error(), lock) {
		t.Fatalf("held lock: %v", err)
	}
}

// The same on a real full file system: a 64 KiB tmpfs, where permitted
// (root on Linux).
func TestRefWriteOnFullDisk(t *testing.T) {
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (%v: %s); TestRefWritesAreAtomic injects the failure instead", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", mnt).Run() })
	dir := filepath.Join(mnt, "work")
	testutil.Git(t, mnt, "init", "-q", "-b", "main", dir)
	tr := &testutil.Repo{T: t, Dir: dir, When: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	tr.Git("config", "user.name", "T")
	tr.Git("config", "user.email", "t@example.com")
	tr.WriteFile("a.txt", "a\n")
	head := tr.Commit("one")
	r := open(t, dir, git.OpenOptions{PureGo: true})
	// Fill the disk.
	f, err := os.Create(filepath.Join(mnt, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			break
		}
	}
	f.Close()
	err = r.CreateBranch("hotfix/v1.0.1-x", head)
	if err == nil {
		t.Skip("the full tmpfs still took the ref")
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("want no space left, got %v", err)
	}
	if got := r.EmptyRefs(); len(got) != 0 {
		t.Fatalf("empty ref after a full disk: %v", got)
	}
	if got := refFiles(t, filepath.Join(dir, ".git"), ".lock"); len(got) != 0 {
		t.Fatalf("lock files left: %v", got)
	}
	if _, _, err := r.NewestTag("main", func(string) bool { return true }, func(a, b string) bool { return a > b }); !errors.Is(err, git.ErrNoTag) {
		t.Fatalf("tags after a full disk: %v", err)
	}
	os.Remove(filepath.Join(mnt, "filler"))
	if err := r.CreateBranch("hotfix/v1.0.1-x", head); err != nil {
		t.Fatal(err)
	}
	tr.Git("fsck", "--no-progress")
}

// An empty ref file (left by an older hotfix, or git, on a full disk)
// makes the tag lookup fail with an error that names the file, never "no
// tag"; RemoveEmptyRef removes it and nothing else.
func TestEmptyRef(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t)
		tr.Tag("v1.0.0")
		empty := filepath.Join(tr.Dir, ".git", "refs", "heads", "hotfix", "v1.0.0-x")
		if err := os.MkdirAll(filepath.Dir(empty), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(empty, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		r := open(t, tr.Dir, o)
		_, _, err := r.NewestTag("main", func(string) bool { return true }, func(a, b string) bool { return a > b })
		var e *git.EmptyRefError
		if !errors.As(err, &e) || !errors.Is(err, git.ErrEmptyRef) || !strings.Contains(err.Error(), empty) || !strings.Contains(e.Fix(), "rm "+empty) {
			t.Fatalf("tag lookup with an empty ref: %v", err)
		}
		if ok, err := r.RemoveEmptyRef("refs/heads/main"); ok || err != nil {
			t.Fatalf("a ref with content removed: %v %v", ok, err)
		}
		if ok, err := r.RemoveEmptyRef("refs/heads/hotfix/v1.0.0-x"); !ok || err != nil {
			t.Fatalf("empty ref not removed: %v %v", ok, err)
		}
		if tag, _, err := r.NewestTag("main", func(string) bool { return true }, func(a, b string) bool { return a > b }); err != nil || tag != "v1.0.0" {
			t.Fatalf("after removal: %q %v", tag, err)
		}
	})
}

package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
)

func TestErrors(t *testing.T) {
	e := Failf("do this", "that %s", "broke")
	if e.Code != ExitFailure || e.Error() != "that broke\ndo this" {
		t.Fatalf("%+v %q", e, e.Error())
	}
	if u := Usagef("", "bad"); u.Code != ExitUsage || u.Error() != "bad" {
		t.Fatalf("%+v", u)
	}
	cause := errors.New("EACCES")
	w := Wrap(cause, ExitAuth, "no", "fix")
	if !errors.Is(w, cause) || w.Code != ExitAuth {
		t.Fatal("Wrap lost the cause or code")
	}
	m := MissingAnswer("--title", "CI is set")
	if m.Code != ExitUsage || !strings.Contains(m.Error(), "--title is required when prompts are off (CI is set)") {
		t.Fatal(m)
	}
	fe := &FlagError{Err: cause}
	if !errors.Is(fe, cause) || fe.Error() != "EACCES" {
		t.Fatal(fe)
	}
}

// A stop caused by a refused token, however wrapped, exits 4; any other
// stop exits 3.
func TestStopCode(t *testing.T) {
	auth := &Error{Code: ExitAuth, Msg: "GitHub refused the token"}
	for _, tc := range []struct {
		cause error
		want  int
	}{
		{auth, ExitAuth},
		{fmt.Errorf("opening: %w", auth), ExitAuth},
		{Failf("retry", "connection reset"), ExitStopped},
		{errors.New("boom"), ExitStopped},
		{nil, ExitStopped},
	} {
		if got := StopCode(tc.cause); got != tc.want {
			t.Errorf("StopCode(%v) = %d, want %d", tc.cause, got, tc.want)
		}
	}
}

func TestFactoryOpensAndLoads(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	dir := t.TempDir()
	f := &Factory{IOStreams: ios, RepoDir: dir, Getenv: func(k string) string { return map[string]string{"X": "1"}[k] }}
	_, err := f.OpenRepo()
	var ce *Error
	if !errors.As(err, &ce) || ce.Code != ExitFailure || !strings.Contains(ce.Msg, "is not inside a git repository") || !strings.Contains(ce.Fix, "--repo DIR") {
		t.Fatalf("%v", err)
	}
	if f.Env("X") != "1" || f.Env("Y") != "" {
		t.Fatal("Env")
	}
	// A repository with no production branch yet: its work tree governs.
	if out, err := exec.Command("git", "init", "-q", dir).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v %s", err, out)
	}
	repo, err := f.OpenRepo()
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	if c, err := f.LoadConfig(repo); err != nil || c.Remote != "origin" {
		t.Fatalf("defaults: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".hotfix.yaml"), []byte("flw: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = f.LoadConfig(repo)
	if !errors.As(err, &ce) || !strings.Contains(ce.Msg, `.hotfix.yaml:1: unknown key "flw"`) || !strings.Contains(ce.Fix, "docs/config.md") {
		t.Fatalf("%v", err)
	}
	// LoadConfigAt reads the commit it is given, named as rev: the broken
	// work-tree copy is only compared, and the commit has no policy.
	if out, err := exec.Command("git", "-C", dir, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "--allow-empty", "-m", "base").CombinedOutput(); err != nil {
		t.Fatalf("git commit: %v %s", err, out)
	}
	commit, err := repo.ResolveCommit("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.LoadConfigAt(repo, "the-base", commit)
	if err != nil || !c.Origin.Absent || c.Origin.Ref != "the-base" || c.Origin.Commit != commit {
		t.Fatalf("LoadConfigAt: %+v %v", c.Origin, err)
	}
}

func TestLockTimeout(t *testing.T) {
	if d := (&Factory{}).LockTimeout(); d != DefaultLockWait {
		t.Errorf("default %v", d)
	}
	if d := (&Factory{LockWait: time.Millisecond}).LockTimeout(); d != time.Millisecond {
		t.Errorf("set %v", d)
	}
}

// The network timeouts are the factory's to carry: zero fields keep each
// command's default, and git's is separate (Git.NetTimeout).
func TestFactoryTimeouts(t *testing.T) {
	f := &Factory{}
	if f.Timeouts != (Timeouts{}) || f.Git.NetTimeout != 0 {
		t.Fatalf("a new factory overrides the defaults: %+v %v", f.Timeouts, f.Git.NetTimeout)
	}
	f.Timeouts.API, f.Timeouts.Webhook = time.Second, 2*time.Second
	if f.Timeouts.API != time.Second || f.Timeouts.Webhook != 2*time.Second {
		t.Fatal(f.Timeouts)
	}
}

// OpenRepo reads HOTFIX_GIT through the factory's environment, so an
// in-process run (tests) picks the backend as the real binary would.
func TestOpenRepoReadsHotfixGitFromTheFactory(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("git", "init", "-q", dir).CombinedOutput(); err != nil {
		t.Skipf("git: %v %s", err, out)
	}
	f := &Factory{RepoDir: dir, Getenv: func(k string) string { return map[string]string{"HOTFIX_GIT": "go"}[k] }}
	r, err := f.OpenRepo()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Backend() != "go" {
		t.Fatalf("backend %s", r.Backend())
	}
}

// Repositories hotfix cannot work in are refused when opened, saying what
// they are and what works instead, before anything changes.
func TestUnsupportedRepositories(t *testing.T) {
	git := func(dir string, args ...string) {
		t.Helper()
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Skipf("git %v: %v %s", args, err, out)
		}
	}
	root := t.TempDir()
	src := filepath.Join(root, "src")
	git(root, "init", "-q", src)
	git(src, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-q", "--allow-empty", "-m", "one")
	bare := filepath.Join(root, "bare.git")
	git(root, "clone", "-q", "--bare", src, bare)
	sha := filepath.Join(root, "sha")
	git(root, "init", "-q", "--object-format=sha256", sha)
	sparse := filepath.Join(root, "sparse")
	git(root, "clone", "-q", src, sparse)
	git(sparse, "config", "extensions.worktreeConfig", "true")
	partial := filepath.Join(root, "partial")
	git(src, "config", "uploadpack.allowFilter", "true")
	git(root, "clone", "-q", "--filter=blob:none", "file://"+src, partial)
	for dir, want := range map[string][2]string{
		partial: {"is a partial clone (git clone --filter)", "without --filter"},
		bare:    {"is a bare repository (no work tree): hotfix needs a checked-out work tree", "git clone " + bare},
		sha:     {"is a SHA-256 repository", "SHA-1 clone"},
		sparse:  {"extensions.worktreeConfig", "full clone"},
	} {
		ios, _, _, _ := iostreams.Test()
		_, err := (&Factory{IOStreams: ios, RepoDir: dir}).OpenRepo()
		var ce *Error
		if !errors.As(err, &ce) || ce.Code != ExitFailure || !strings.Contains(ce.Msg, want[0]) || !strings.Contains(ce.Fix, want[1]) {
			t.Errorf("%s: %v", dir, err)
		}
	}
}

// CheckWrites turns the git layer's refusal into exit 1 with the fix, and
// says nothing was changed.
func TestCheckWritesRefusesWithoutGit(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"init", "-q"}, {"config", "commit.gpgSign", "true"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
	}
	repo, err := git.Open(dir, git.OpenOptions{PureGo: true})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	err = CheckWrites(context.Background(), repo, git.Writes{Commits: true})
	var e *Error
	if !errors.As(err, &e) || e.Code != ExitFailure || !strings.Contains(e.Msg, "commit.gpgSign") || !strings.HasSuffix(e.Msg, "nothing was changed") || !strings.Contains(e.Fix, "HOTFIX_GIT") {
		t.Fatalf("%v", err)
	}
	if err := CheckWrites(context.Background(), repo, git.Writes{Tags: true}); err != nil {
		t.Fatalf("tags are not signed here: %v", err)
	}
}

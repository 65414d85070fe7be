package start_test

// Benchmarks of `hotfix start` on a generated repository the size of
// moby/moby (testutil.MobyShape; testutil.SmallShape with -short or
// HOTFIX_BENCH_SHAPE=small), side by side with `git flow hotfix start` and
// `git checkout -b` on the same repository. The repository is generated once
// (about a minute) and cached under os.TempDir(); see docs/performance.md.
//
//	go test ./internal/cmd/start -run '^$' -bench . -benchtime 20x
//
// Each iteration starts from the same state: main checked out, no hotfix
// branch, no record, a settled index (testutil.ResetBigRepo, outside the
// timer). hotfix runs in-process, so its figures leave out process start-up
// (a few milliseconds); git-flow and git run as processes.

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/hotfixcmd"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// benchShape is the generated repository's shape: moby-sized unless -short
// or HOTFIX_BENCH_SHAPE=small asks for the small one.
func benchShape() testutil.Shape {
	if testing.Short() || os.Getenv("HOTFIX_BENCH_SHAPE") == "small" {
		return testutil.SmallShape
	}
	return testutil.MobyShape
}

// BenchmarkStartSameBase cuts the hotfix branch from main, the branch that
// is checked out, as `git flow hotfix start` does: no file changes.
func BenchmarkStartSameBase(b *testing.B) {
	dir := testutil.BigRepo(b, benchShape())
	for _, backend := range []string{"git", "go"} {
		b.Run("backend="+backend, func(b *testing.B) {
			benchStart(b, dir, backend == "go", "--base", "main")
		})
	}
}

// BenchmarkStartFromTag cuts the hotfix branch from the default base, the
// newest release tag, 150 commits behind main: about a thousand files change.
func BenchmarkStartFromTag(b *testing.B) {
	dir := testutil.BigRepo(b, benchShape())
	for _, backend := range []string{"git", "go"} {
		b.Run("backend="+backend, func(b *testing.B) {
			benchStart(b, dir, backend == "go")
		})
	}
}

// BenchmarkGitFlowHotfixStart is the peer of BenchmarkStartSameBase:
// `git flow hotfix start 9.9.9 main` (git-flow AVH) on the same repository.
func BenchmarkGitFlowHotfixStart(b *testing.B) {
	if _, err := exec.LookPath("git-flow"); err != nil {
		b.Skip("git-flow is not installed")
	}
	dir := testutil.BigRepo(b, benchShape())
	for _, kv := range [][2]string{
		{"gitflow.branch.master", "main"}, {"gitflow.branch.develop", "develop"},
		{"gitflow.prefix.feature", "feature/"}, {"gitflow.prefix.bugfix", "bugfix/"},
		{"gitflow.prefix.release", "release/"}, {"gitflow.prefix.hotfix", "hotfix/"},
		{"gitflow.prefix.support", "support/"}, {"gitflow.prefix.versiontag", ""},
	} {
		testutil.Git(b, dir, "config", kv[0], kv[1])
	}
	testutil.Git(b, dir, "branch", "develop", "main")
	testutil.Git(b, dir, "flow", "init", "-d")
	benchCommand(b, dir, "git", "flow", "hotfix", "start", "9.9.9", "main")
}

// BenchmarkGitCheckoutFromTag is the peer of BenchmarkStartFromTag for
// context: `git checkout -b` from the newest release tag, which is all git
// does of a hotfix start.
func BenchmarkGitCheckoutFromTag(b *testing.B) {
	dir := testutil.BigRepo(b, benchShape())
	tag := testutil.Git(b, dir, "describe", "--tags", "--abbrev=0", "--exclude", "*-*", "main")
	benchCommand(b, dir, "git", "checkout", "-q", "-b", "hotfix/"+tag+"-bench", tag)
}

// benchStart runs `hotfix start --no-input` in-process b.N times.
func benchStart(b *testing.B, dir string, pureGo bool, extra ...string) {
	args := append([]string{"start", "--no-input", "--repo", dir, "--title", "bench", "--severity", "SEV2"}, extra...)
	now := clock.NewFixed(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC))
	testutil.ResetBigRepo(b, dir)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ios, _, out, errOut := iostreams.Test()
		f := &cmdutil.Factory{IOStreams: ios, Clock: now, Getenv: func(string) string { return "" }, Git: git.OpenOptions{PureGo: pureGo}}
		if code := hotfixcmd.Run(context.Background(), f, args); code != 0 {
			b.Fatalf("hotfix %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
		if i == 0 && !strings.Contains(out.String(), "Created branch hotfix/") {
			b.Fatalf("unexpected output:\n%s", out)
		}
		b.StopTimer()
		testutil.ResetBigRepo(b, dir)
		b.StartTimer()
	}
}

// benchCommand runs a command in dir b.N times, resetting the repository in
// between.
func benchCommand(b *testing.B, dir string, name string, args ...string) {
	testutil.ResetBigRepo(b, dir)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		b.StopTimer()
		testutil.ResetBigRepo(b, dir)
		b.StartTimer()
	}
}

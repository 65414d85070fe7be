package hooks_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/hooks"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// TestMain deletes the hotfix binary the push tests build.
func TestMain(m *testing.M) {
	code := m.Run()
	testutil.RemoveBinaries()
	os.Exit(code)
}

// binDir builds the real hotfix binary and returns a directory holding it
// under the name `hotfix`, for PATH.
func binDir(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the hook is a POSIX sh script")
	}
	bin := testutil.BuildBinary(t, "../../../cmd/hotfix")
	dir := t.TempDir()
	if err := os.Symlink(bin, filepath.Join(dir, "hotfix")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// pushResult is what a real `git push` printed and whether it succeeded.
type pushResult struct {
	stdout, stderr string
	err            error
}

// gitPush runs the git binary's push in the work tree with PATH starting
// at path (the hotfix binary's directory, or none) and extra environment.
func gitPush(t *testing.T, r *testutil.Repo, path string, env []string, args ...string) pushResult {
	t.Helper()
	cmd := exec.Command("git", append([]string{"push"}, args...)...)
	cmd.Dir = r.Dir
	p := os.Getenv("PATH")
	if path != "" {
		p = path + string(os.PathListSeparator) + p
	}
	cmd.Env = append(append(testutil.GitEnv(), "PATH="+p), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	return pushResult{out.String(), errb.String(), err}
}

// remoteRef returns the commit a branch points at in the bare origin, or
// "" when it does not exist there.
func remoteRef(r *testutil.Repo, branch string) string {
	out, err := testutil.GitErr(r.Origin, nil, "rev-parse", "-q", "--verify", "refs/heads/"+branch)
	if err != nil {
		return ""
	}
	return out
}

// runBinary runs the built hotfix in the work tree, as a person would.
func runBinary(t *testing.T, dir, wd string, args ...string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(dir, "hotfix"), args...)
	cmd.Dir = wd
	cmd.Env = testutil.GitEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("hotfix %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// The whole story with the real binary on PATH and real pushes to a bare
// repository: install; git refuses the push of a hotfix branch whose Go
// change has no test, with the hook's message on stderr and no remote
// branch; --no-verify bypasses; with the test the push goes through; a
// non-hotfix branch is pushed unchecked; without the binary the hook says
// how to get it or bypass.
func TestPushThroughTheHook(t *testing.T) {
	bin := binDir(t)
	r := shopRepo(t)
	branch := startHotfix(t, r)

	out := runBinary(t, bin, r.Dir, "hooks", "install")
	if !strings.Contains(out, "Installed the pre-push hook at .git/hooks/pre-push") {
		t.Fatalf("install said:\n%s", out)
	}
	fi, err := os.Stat(hookPath(r))
	if err != nil || fi.Mode().Perm()&0o111 == 0 || !hooks.HasMarker([]byte(read(t, hookPath(r)))) {
		t.Fatalf("hook not installed executable with the marker: %v %v", fi, err)
	}

	untestedFix(r)
	res := gitPush(t, r, bin, nil, "origin", branch)
	if res.err == nil {
		t.Fatalf("the push of an untested fix went through\n%s%s", res.stdout, res.stderr)
	}
	for _, want := range []string{
		"hotfix: checking " + branch + " before the push",
		"FAILED   tests-touched",
		"shop/shop.go",
		"hotfix: push stopped: " + branch + " does not pass hotfix verify",
		"git push --no-verify",
		"failed to push some refs",
	} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, res.stderr)
		}
	}
	if got := remoteRef(r, branch); got != "" {
		t.Fatalf("the remote branch was created at %s", got)
	}

	// --no-verify is the documented way round the check.
	if res := gitPush(t, r, bin, nil, "--no-verify", "origin", branch); res.err != nil {
		t.Fatalf("--no-verify: %v\n%s", res.err, res.stderr)
	}
	if remoteRef(r, branch) != r.Git("rev-parse", "HEAD") {
		t.Fatal("--no-verify did not push")
	}

	addTest(r)
	res = gitPush(t, r, bin, nil, "origin", branch)
	if res.err != nil {
		t.Fatalf("the tested fix was refused: %v\n%s", res.err, res.stderr)
	}
	if !strings.Contains(res.stderr, "PASSED: every rule passed") {
		t.Errorf("the hook did not check the branch:\n%s", res.stderr)
	}
	if remoteRef(r, branch) != r.Git("rev-parse", "HEAD") {
		t.Fatal("the remote branch is not at HEAD")
	}

	// main has no incident record: an untested change is pushed unchecked.
	r.Git("checkout", "-q", "main")
	untestedFix(r)
	res = gitPush(t, r, bin, nil, "origin", "main")
	if res.err != nil || strings.Contains(res.stderr, "hotfix:") {
		t.Fatalf("main: %v\n%s", res.err, res.stderr)
	}
	if remoteRef(r, "main") != r.Git("rev-parse", "HEAD") {
		t.Fatal("main was not pushed")
	}

	// HOTFIX_BIN chooses the binary; a wrong one stops the push with the
	// ways out.
	r.Git("checkout", "-q", branch)
	r.WriteFile("shop/shop.go", shopGo+"\n// Discount takes a third off a price.\nfunc Discount(p int) int { return p * 2 / 3 }\n")
	r.Commit("a third off")
	res = gitPush(t, r, "", []string{"HOTFIX_BIN=" + filepath.Join(t.TempDir(), "no-such-hotfix")}, "origin", branch)
	if res.err == nil || !strings.Contains(res.stderr, "cannot run") || !strings.Contains(res.stderr, "go install github.com/hotfix-dev/hotfix/cmd/hotfix@latest") ||
		!strings.Contains(res.stderr, "git push --no-verify") {
		t.Fatalf("missing binary: %v\n%s", res.err, res.stderr)
	}
	res = gitPush(t, r, "", []string{"HOTFIX_BIN=" + filepath.Join(bin, "hotfix")}, "origin", branch)
	if res.err != nil || !strings.Contains(res.stderr, "PASSED") {
		t.Fatalf("HOTFIX_BIN: %v\n%s", res.err, res.stderr)
	}

	// Deleting the remote branch is not checked.
	if res := gitPush(t, r, bin, nil, "origin", ":"+branch); res.err != nil || strings.Contains(res.stderr, "hotfix:") {
		t.Fatalf("deletion: %v\n%s", res.err, res.stderr)
	}
	if remoteRef(r, branch) != "" {
		t.Fatal("the remote branch was not deleted")
	}
}

// With core.hooksPath pointing into the repository, install writes the hook
// there and git runs it from there.
func TestPushWithHooksPath(t *testing.T) {
	bin := binDir(t)
	r := shopRepo(t)
	r.Git("config", "core.hooksPath", "tools/githooks")
	branch := startHotfix(t, r)
	out := runBinary(t, bin, filepath.Join(r.Dir, "shop"), "hooks", "install")
	if !strings.Contains(out, "Installed the pre-push hook at tools/githooks/pre-push") {
		t.Fatalf("install said:\n%s", out)
	}
	absent(t, hookPath(r))
	untestedFix(r)
	res := gitPush(t, r, bin, nil, "origin", "HEAD")
	if res.err == nil || !strings.Contains(res.stderr, "push stopped") || remoteRef(r, branch) != "" {
		t.Fatalf("push through core.hooksPath: %v\n%s", res.err, res.stderr)
	}
}

//go:build unix

package hotfixcmd_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// When .git/hotfix is not writable (as after a `sudo hotfix`), a command
// that writes is refused, naming the path, its owner and the fix, and
// changes nothing; it never runs unlocked. verify still checks, writing
// nothing. The binary runs as an unprivileged user: as root (CI), the
// test runs it as nobody (uid 65534) in a repository nobody owns, whose
// .git/hotfix root keeps.
func TestUnwritableLockDirIsRefused(t *testing.T) {
	bin := testutil.BuildBinary(t, "../../cmd/hotfix")
	r := started(t)
	r.Commit("the record")
	hotfixDir := filepath.Join(r.Dir, ".git", "hotfix")
	if err := os.MkdirAll(hotfixDir, 0o755); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (int, string) {
		cmd := exec.Command(bin, append([]string{"--repo", r.Dir}, args...)...)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "HOTFIX_NO_INPUT=1", "GIT_CONFIG_NOSYSTEM=1"}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if os.Getuid() == 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		}
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, stderr.String()
	}
	before := r.State()
	restore := func() {}
	if os.Getuid() == 0 {
		// nobody owns the repository and can reach it; root keeps
		// .git/hotfix, as a `sudo hotfix` leaves it.
		for d := r.Dir; d != "/" && d != filepath.Dir(d); d = filepath.Dir(d) {
			if err := os.Chmod(d, 0o755); err != nil && d == r.Dir {
				t.Fatal(err)
			}
			if d == os.TempDir() {
				break
			}
		}
		if err := os.Chmod(filepath.Dir(bin), 0o755); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("chown", "-R", "65534:65534", r.Dir).CombinedOutput(); err != nil {
			t.Skipf("chown: %v %s", err, out)
		}
		if err := os.Chown(hotfixDir, 0, 0); err != nil {
			t.Fatal(err)
		}
		restore = func() { _ = exec.Command("chown", "-R", "0:0", r.Dir).Run() }
	} else {
		if err := os.Chmod(hotfixDir, 0o555); err != nil {
			t.Fatal(err)
		}
		restore = func() { _ = os.Chmod(hotfixDir, 0o755) }
	}
	t.Cleanup(restore)
	code, stderr := run("triage", "hypothesis", "the cache is stale")
	if code != 1 || !strings.Contains(stderr, "cannot create the repository lock "+filepath.Join(hotfixDir, "lock")) ||
		!strings.Contains(stderr, "nothing was changed") || !strings.Contains(stderr, "the directory belongs to ") || !strings.Contains(stderr, "chown -R") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if code, stderr := run("verify", "--base", "main"); code > 1 || strings.Contains(stderr, "nothing was changed") || !strings.Contains(stderr, "checking without writing anything") {
		t.Fatalf("verify: exit %d\n%s", code, stderr)
	}
	restore()
	if after := r.State(); after != before {
		t.Fatalf("the refused commands changed the repository:\n%s\n%s", before, after)
	}
}

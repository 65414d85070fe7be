package hooks_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/lock"
)

// A terminal and a git hook at once: while another hotfix command holds the
// repository lock (as `hotfix pr` does for its whole run), a real `git push`
// runs the hook's check at once, since the check only reads.
func TestPushWhileLocked(t *testing.T) {
	bin := binDir(t)
	r := shopRepo(t)
	branch := startHotfix(t, r)
	runBinary(t, bin, r.Dir, "hooks", "install")
	addTest(r)

	common, err := git.FindCommonDir(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	l, err := lock.TryAcquire(lock.Path(common), lock.Holder{PID: 4242, Command: "hotfix pr", Since: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()

	start := time.Now()
	res := gitPush(t, r, bin, nil, "origin", branch)
	if res.err != nil || !strings.Contains(res.stderr, "PASSED: every rule passed") || strings.Contains(res.stderr, "another hotfix") {
		t.Fatalf("push while locked: %v\n%s", res.err, res.stderr)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("the hook waited: the push took %v", d)
	}
	if remoteRef(r, branch) != r.Git("rev-parse", "HEAD") {
		t.Fatal("not pushed")
	}
}

package verifyrun_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// In a shallow clone (actions/checkout's default, depth 1) that lacks the
// base or the merge base, verify says the clone is shallow and gives the
// fix that works, on both backends; under --format github the error is an
// ::error annotation on stdout too. The fix it gives is then run, and
// verify checks the change.
func TestShallowCloneSaysSoAndTheFixWorks(t *testing.T) {
	for name, pureGo := range map[string]bool{"git": false, "go": true} {
		t.Run(name, func(t *testing.T) {
			r := goRepo(t)
			r.WriteFile("shop/shop_test.go", shopTest+"\nfunc TestMore(t *testing.T) {}\n")
			r.Commit("more tests")
			r.Git("checkout", "-q", "main")
			r.WriteFile("README.md", "# moved on\n")
			r.Commit("main moves on")
			dir := filepath.Join(t.TempDir(), "ci")
			testutil.Git(t, filepath.Dir(dir), "clone", "-q", "--depth", "1", "--branch", "hotfix/v1.0.0-discount", "file://"+r.Dir, dir)
			ci := testutil.CLI{Dir: dir, Env: map[string]string{"CI": "true", "GITHUB_BASE_REF": "main"}, PureGo: pureGo}

			// A revision the clone lacks: the advice is the whole history,
			// with no refspec made of the revision.
			res := ci.Run(t, "verify", "--no-record", "--base", "HEAD~1")
			if res.Code != 1 || !strings.Contains(res.Err, `unknown base "HEAD~1": this clone is shallow`) ||
				!strings.Contains(res.Err, "git fetch --unshallow origin\n") || strings.Contains(res.Err, "refs/heads/HEAD~1") {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", res.Code, res.Out, res.Err)
			}

			// The base branch is not in the clone at all.
			res = ci.Run(t, "verify", "--format", "github", "--no-record")
			if res.Code != 1 || !strings.Contains(res.Err, "this clone is shallow") || !strings.Contains(res.Err, "fetch-depth: 0") ||
				!strings.Contains(res.Out, "::error title=hotfix verify::hotfix verify: GITHUB_BASE_REF is \"main\": this clone is shallow") {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", res.Code, res.Out, res.Err)
			}
			// The base fetched shallow too: the merge base is missing.
			testutil.Git(t, dir, "fetch", "-q", "--depth", "1", "origin", "+refs/heads/main:refs/remotes/origin/main")
			res = ci.Run(t, "verify", "--no-record")
			if res.Code != 1 || !strings.Contains(res.Err, "this clone is shallow, and the merge base") || !strings.Contains(res.Err, "git fetch --unshallow origin") {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", res.Code, res.Out, res.Err)
			}
			// The advice works, for the base branch and for the revision.
			testutil.Git(t, dir, "fetch", "-q", "--unshallow", "origin")
			if res := ci.Run(t, "verify", "--no-record"); res.Code != 0 {
				t.Fatalf("after the fix: exit %d\n%s\n%s", res.Code, res.Out, res.Err)
			}
			if res := ci.Run(t, "verify", "--no-record", "--base", "HEAD~1"); strings.Contains(res.Err, "unknown base") {
				t.Fatalf("HEAD~1 after the fix: exit %d\n%s\n%s", res.Code, res.Out, res.Err)
			}
		})
	}
}

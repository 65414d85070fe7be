package closecmd_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// TestCloseSignsTheReleaseTag is issue 16, item 8: with tag.gpgSign and
// commit.gpgSign, close used to push an unsigned release tag made by
// go-git, then stop at the merge-back. Now the tag pushed verifies, and so
// do the merge-back commits.
func TestCloseSignsTheReleaseTag(t *testing.T) {
	w := newWorld(t, "")
	merge := w.merge()
	testutil.SSHSigning(t, w.repo.Dir, "tag.gpgSign", "commit.gpgSign")
	res := w.close("--answers", w.answers(fullAnswers))
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	// Verify the tag as the server has it.
	w.repo.Git("tag", "-d", "v1.0.1")
	w.repo.Git("fetch", "-q", w.git.Dir("acme/shop"), "refs/tags/v1.0.1:refs/tags/v1.0.1")
	if out, err := testutil.GitErr(w.repo.Dir, nil, "verify-tag", "v1.0.1"); err != nil {
		t.Fatalf("the pushed tag does not verify: %v\n%s", err, out)
	}
	if got := w.repo.Git("rev-parse", "v1.0.1^{commit}"); got != merge {
		t.Fatalf("tag on %s", got)
	}
	w.repo.Git("fetch", "-q", w.git.Dir("acme/shop"), "refs/heads/develop:refs/remotes/check/develop")
	if g := w.repo.Git("log", "-1", "--format=%G? %s", "check/develop"); !strings.HasPrefix(g, "G Merge tag 'v1.0.1'") {
		t.Fatalf("merge-back: %q", g)
	}
}

// TestCloseWithoutGitRefusesSignedTags: without the git binary, a
// repository that asks for signed tags is refused before anything
// changes; nothing is tagged or pushed.
func TestCloseWithoutGitRefusesSignedTags(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\nverify:\n  rules: [tests-touched, docs-touched]\n")
	w.merge()
	testutil.SSHSigning(t, w.repo.Dir, "tag.gpgSign")
	cli := w.cli()
	cli.PureGo = true
	res := cli.Run(t, "close", "--not-deployed", notDeployed, "--answers", w.answers(fullAnswers))
	if res.Code != 1 || !strings.Contains(res.Err, "asks for signed tags") || !strings.Contains(res.Err, "nothing was changed") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if tags := w.repo.Git("tag", "-l", "v1.0.1"); tags != "" {
		t.Fatal("tagged")
	}
	if ref := w.remoteRef("refs/tags/v1.0.1"); ref != "" {
		t.Fatal("tag pushed")
	}
}

// TestCloseNeverPushesAnUnsignedTag: a release tag already made unsigned
// (by an older hotfix, or by hand) is not pushed where signed tags are
// asked for.
func TestCloseNeverPushesAnUnsignedTag(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\nverify:\n  rules: [tests-touched, docs-touched]\n")
	w.merge()
	// The candidate in trunk is the pull request's head: the branch tip.
	w.repo.Git("tag", "-a", "-m", "unsigned", "v1.0.1", "HEAD")
	testutil.SSHSigning(t, w.repo.Dir, "tag.gpgSign")
	res := w.close("--answers", w.answers(fullAnswers))
	if res.Code != 3 || !strings.Contains(res.Err, "the tag v1.0.1 is not signed") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if ref := w.remoteRef("refs/tags/v1.0.1"); ref != "" {
		t.Fatal("unsigned tag pushed")
	}
	if _, err := os.Stat(filepath.Join(w.repo.Dir, ".git", "hotfix", "close.json")); err != nil {
		t.Fatalf("no saved progress: %v", err)
	}
}

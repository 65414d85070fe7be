package closecmd_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// TestCloseInLinkedWorktreeLeavesMainWorktreeAlone is issue 16, item 4:
// with main checked out in the main work tree and the hotfix done in a
// linked one, close used to move main under the main work tree (which then
// showed the reverse of the fix staged) and check it out a second time.
// Now it refuses before changing anything, naming the work tree and the
// way out; following that advice, it closes.
func TestCloseInLinkedWorktreeLeavesMainWorktreeAlone(t *testing.T) {
	for _, pure := range []bool{false, true} {
		name := "git"
		if pure {
			name = "go"
		}
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, "version: 1\nflow: trunk\nverify:\n  rules: [tests-touched, docs-touched]\n")
			w.merge()
			main := w.repo.Dir
			w.repo.Git("switch", "-q", "main")
			wt2 := filepath.Join(t.TempDir(), "wt2")
			w.repo.Git("worktree", "add", "-q", wt2, branch)
			before := w.repo.Git("rev-parse", "HEAD")

			cli := w.cli()
			cli.Dir, cli.PureGo = wt2, pure
			res := cli.Run(t, "close", "--not-deployed", notDeployed, "--answers", w.answers(fullAnswers))
			if res.Code != 1 {
				t.Fatalf("exit %d, want 1\n%s\n%s", res.Code, res.Out, res.Err)
			}
			for _, want := range []string{"main is checked out in the work tree " + main, "nothing was changed", "git -C " + main + " switch --detach"} {
				if !strings.Contains(res.Err, want) {
					t.Fatalf("missing %q in:\n%s", want, res.Err)
				}
			}
			// The main work tree: still on main, same HEAD, nothing staged.
			if b := w.repo.Git("branch", "--show-current"); b != "main" {
				t.Fatalf("main work tree on %q", b)
			}
			if h := w.repo.Git("rev-parse", "HEAD"); h != before {
				t.Fatalf("main moved from %s to %s", before, h)
			}
			if st := w.repo.Git("status", "--porcelain"); st != "" {
				t.Fatalf("main work tree changed:\n%s", st)
			}
			// wt2: still on the hotfix branch; no tag made or pushed.
			if b := testutil.Git(t, wt2, "branch", "--show-current"); b != branch {
				t.Fatalf("wt2 on %q", b)
			}
			if tags := w.repo.Git("tag", "-l", "v1.0.1"); tags != "" {
				t.Fatalf("tagged: %s", tags)
			}
			if ref := w.remoteRef("refs/tags/v1.0.1"); ref != "" {
				t.Fatalf("tag pushed: %s", ref)
			}

			// As advised: the main work tree leaves main, close runs here.
			w.repo.Git("switch", "-q", "--detach")
			res = cli.Run(t, "close", "--not-deployed", notDeployed, "--answers", w.answers(fullAnswers))
			if res.Code != 0 {
				t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
			}
			if b := testutil.Git(t, wt2, "branch", "--show-current"); b != "main" {
				t.Fatalf("wt2 on %q after close", b)
			}
			if h := w.repo.Git("rev-parse", "HEAD"); h != before {
				t.Fatalf("the main work tree's HEAD moved from %s to %s", before, h)
			}
			if st := w.repo.Git("status", "--porcelain"); st != "" {
				t.Fatalf("main work tree changed:\n%s", st)
			}
		})
	}
}

// TestCloseRefusesToDeleteBranchOfAnotherWorktree: close run in the main
// work tree, with the hotfix branch checked out in a linked one, would
// delete that work tree's branch; it refuses before changing anything.
func TestCloseRefusesToDeleteBranchOfAnotherWorktree(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\nverify:\n  rules: [tests-touched, docs-touched]\n")
	w.merge()
	w.repo.Git("switch", "-q", "main")
	wt2 := filepath.Join(t.TempDir(), "wt2")
	w.repo.Git("worktree", "add", "-q", wt2, branch)
	w.repo.Git("pull", "-q", "--ff-only", w.git.Dir("acme/shop"), "main")
	res := w.close("--id", recordID, "--answers", w.answers(fullAnswers))
	if res.Code != 1 || !strings.Contains(res.Err, branch+" is checked out in the work tree "+wt2) || !strings.Contains(res.Err, "close.keep_branch") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if tags := w.repo.Git("tag", "-l", "v1.0.1"); tags != "" {
		t.Fatalf("tagged: %s", tags)
	}
	if b := testutil.Git(t, wt2, "branch", "--show-current"); b != branch {
		t.Fatalf("wt2 on %q", b)
	}
}

package pr_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// Issue 16, item 8: pr's record commits are signed and hooked as the
// repository asks, its push runs the pre-push hook, and without the git
// binary such a repository is refused before anything changes.

func TestPrSignsRecordCommits(t *testing.T) {
	w := newWorld(t, nil)
	testutil.SSHSigning(t, w.repo.Dir, "commit.gpgSign")
	if res := w.pr(); res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	// Every commit pr made (the record's) is signed, and it was pushed.
	for _, line := range strings.Split(w.repo.Git("log", "--format=%G? %s", "main..HEAD"), "\n") {
		if strings.Contains(line, "hotfix: record") && !strings.HasPrefix(line, "G ") {
			t.Fatalf("unsigned record commit: %s\n%s", line, w.repo.Git("log", "--format=%G? %s", "main..HEAD"))
		}
	}
	if !strings.Contains(w.repo.Git("log", "--format=%s", "main..HEAD"), "hotfix: record") {
		t.Fatal("no record commit")
	}
	head := w.repo.Git("rev-parse", "HEAD")
	if remote := testutil.Git(t, w.git.Dir("acme/shop"), "rev-parse", "refs/heads/"+w.repo.Git("branch", "--show-current")); remote != head {
		t.Fatalf("remote at %s, local %s", remote, head)
	}
}

func TestPrPrePushHookStopsThePush(t *testing.T) {
	w := newWorld(t, nil)
	hooks := filepath.Join(t.TempDir(), "hooks")
	w.repo.Git("config", "core.hooksPath", hooks)
	testutil.Hook(t, hooks, "pre-push", `echo "pushes are frozen until 18:00" >&2; exit 1`)
	res := w.pr()
	if res.Code != 3 || !strings.Contains(res.Err, "the pre-push hook stopped the push") || !strings.Contains(res.Err, "pushes are frozen until 18:00") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	branch := w.repo.Git("branch", "--show-current")
	if out, err := testutil.GitErr(w.git.Dir("acme/shop"), nil, "rev-parse", "--verify", "-q", "refs/heads/"+branch); err == nil {
		t.Fatalf("pushed past the hook: %s", out)
	}
	if len(w.openPRs()) != 0 {
		t.Fatal("a pull request was opened")
	}
}

func TestPrCommitMsgHookStopsTheRecordCommit(t *testing.T) {
	w := newWorld(t, nil)
	head := w.repo.Git("rev-parse", "HEAD")
	testutil.Hook(t, filepath.Join(w.repo.Dir, ".git", "hooks"), "commit-msg", `echo "commit messages need a ticket" >&2; exit 1`)
	res := w.pr()
	if res.Code != 3 || !strings.Contains(res.Err, "cannot commit the incident record") || !strings.Contains(res.Err, "commit messages need a ticket") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if h := w.repo.Git("rev-parse", "HEAD"); h != head {
		t.Fatal("committed past the hook")
	}
	branch := w.repo.Git("branch", "--show-current")
	if _, err := testutil.GitErr(w.git.Dir("acme/shop"), nil, "rev-parse", "--verify", "-q", "refs/heads/"+branch); err == nil {
		t.Fatal("pushed")
	}
}

func TestPrWithoutGitRefusesSignedRepository(t *testing.T) {
	w := newWorld(t, nil)
	testutil.SSHSigning(t, w.repo.Dir, "commit.gpgSign")
	head := w.repo.Git("rev-parse", "HEAD")
	cli := w.cli()
	cli.PureGo = true
	res := cli.Run(t, "pr")
	if res.Code != 1 || !strings.Contains(res.Err, "commit.gpgSign asks for signed commits") || !strings.Contains(res.Err, "nothing was changed") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if h := w.repo.Git("rev-parse", "HEAD"); h != head {
		t.Fatal("committed")
	}
	if len(w.openPRs()) != 0 {
		t.Fatal("a pull request was opened")
	}
}

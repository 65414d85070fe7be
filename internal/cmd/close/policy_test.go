package closecmd_test

import (
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
)

// The team's gitflow policy is committed on main after the release; the
// hotfix branch, cut from the release tag, has no .hotfix.yaml. close run
// from the hotfix branch is governed by main's policy all the same: it
// merges the fix back into develop and the release branch, as gitflow
// needs, and the postmortem names the policy.
func TestTeamPolicyGovernsCloseFromTheHotfixBranch(t *testing.T) {
	w := newWorldShop(t, testutil.Shop{Gitflow: true, PolicyAfterRelease: true})
	if w.repo.Exists(".hotfix.yaml") {
		t.Fatal("the hotfix branch should not have the policy file")
	}
	if cur := strings.TrimSpace(w.repo.Git("branch", "--show-current")); cur != branch {
		t.Fatalf("close should run from the hotfix branch, not %s", cur)
	}
	merge := w.merge()
	res := w.close("--answers", w.answers(fullAnswers))
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	for _, b := range []string{"develop", "release/1.1"} {
		tip := w.remoteRef("refs/heads/" + b)
		if _, err := testutil.GitErr(w.git.Dir("acme/shop"), nil, "merge-base", "--is-ancestor", merge, tip); err != nil {
			t.Fatalf("%s was not merged back:\n%s", b, res.Err)
		}
	}
	pm := w.repo.ReadFile("docs/postmortems/2026-11-22-refunds-counted-twice.md")
	if !strings.Contains(pm, "- **Policy:** .hotfix.yaml at origin/main (") {
		t.Fatalf("the postmortem does not name the policy:\n%s", pm)
	}
}

// A close that stopped part-way and is continued under another
// GITHUB_REPOSITORY is refused with both named: its plan was read from the
// saved repository, so it is never switched to another.
func TestContinueRefusesAnotherTarget(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\n")
	w.merge()
	w.git.Inject(gitserver.Fault{Repo: "acme/shop", Service: gitserver.ReceivePack, Status: 500, Times: -1})
	if res := w.close("--answers", w.answers(fullAnswers)); res.Code != 3 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	w.git.ClearFaults()
	w.env["GITHUB_REPOSITORY"] = "acme/other"
	res := w.close("--continue")
	if res.Code != 1 || !strings.Contains(res.Err, "the interrupted `hotfix close` works on acme/shop") || !strings.Contains(res.Err, "now says acme/other") ||
		!strings.Contains(res.Err, "hotfix close --abort") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	delete(w.env, "GITHUB_REPOSITORY")
	if res := w.close("--continue"); res.Code != 0 {
		t.Fatalf("back to the saved target: exit %d\n%s", res.Code, res.Err)
	}
}

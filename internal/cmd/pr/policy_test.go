package pr_test

import (
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
)

// The team commits its policy on main after the release; the hotfix branch
// is cut from the release tag, which has no .hotfix.yaml. The policy on
// main governs pr all the same: its reviewers and labels, on both git
// backends, and the body says which policy it was.
func TestTeamPolicyGovernsTheHotfixBranch(t *testing.T) {
	for name, pureGo := range map[string]bool{"git": false, "go": true} {
		t.Run(name, func(t *testing.T) {
			w := newWorldShop(t, nil, testutil.Shop{PolicyAfterRelease: true,
				Policy: "version: 1\nverify:\n  rules: [tests-touched, docs-touched]\npr:\n  reviewers: [dana]\n  labels: [hotfix, urgent]\n  codeowners: false\n"})
			if w.repo.Exists(".hotfix.yaml") {
				t.Fatal("the hotfix branch should not have the policy file")
			}
			cli := w.cli()
			cli.PureGo = pureGo
			res := cli.Run(t, "pr")
			if res.Code != 0 {
				t.Fatalf("exit %d\n%s", res.Code, res.Err)
			}
			if !strings.Contains(res.Err, "policy: the work tree's .hotfix.yaml differs from origin/main's") {
				t.Errorf("no notice of the governing policy:\n%s", res.Err)
			}
			p := w.openPRs()[0]
			if strings.Join(p.Labels, ",") != "hotfix,urgent" || strings.Join(p.RequestedReviewers, ",") != "dana" {
				t.Fatalf("labels %v reviewers %v", p.Labels, p.RequestedReviewers)
			}
			if !strings.Contains(p.Body, "| Policy | .hotfix.yaml at origin/main (") {
				t.Fatalf("the body does not name the policy:\n%s", p.Body)
			}
		})
	}
}

// A policy naming another API host (here another loopback name than the
// remote's) is refused before anything is sent, with exit 4: the token
// goes only where the environment or the remote says.
func TestPolicyCannotSendTheTokenElsewhere(t *testing.T) {
	w := newWorldShop(t, nil, testutil.Shop{PolicyAfterRelease: true,
		Policy: "version: 1\npr:\n  api_url: http://localhost:1/api/v3\n"})
	delete(w.env, "GITHUB_API_URL")
	res := w.pr()
	if res.Code != 4 || !strings.Contains(res.Err, "pr.api_url in .hotfix.yaml names localhost:1, which is not the API of this repository's host") ||
		!strings.Contains(res.Err, "export GITHUB_API_URL=") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if len(w.api.Requests()) != 0 || w.git.Ref(t, "acme/shop", "refs/heads/"+branch) != "" {
		t.Fatal("something was sent")
	}
}

// A pr that stopped on a wrong GITHUB_REPOSITORY (404, exit 4) continues
// on the repository the fixed environment names, as nothing was opened on
// the wrong one; once a pull request exists, a changed target is refused
// with both named.
func TestContinueFollowsAFixedTarget(t *testing.T) {
	w := newWorld(t, nil)
	w.env["GITHUB_REPOSITORY"] = "acme/wrong"
	if res := w.pr(); res.Code != 4 {
		t.Fatalf("wrong repository: exit %d\n%s", res.Code, res.Err)
	}
	delete(w.env, "GITHUB_REPOSITORY")
	res := w.cli().Run(t, "pr", "--continue")
	if res.Code != 0 || !strings.Contains(res.Err, "was for acme/wrong") || len(w.openPRs()) != 1 {
		t.Fatalf("continue: exit %d\n%s", res.Code, res.Err)
	}

	// A second stop after the pull request was opened: another target is
	// refused, never switched to.
	w.repo.WriteFile("shop/shop.go", shopGo+"\n// Refunds counts the negative prices.\nfunc Refunds(ps []int) int { return 1 }\n")
	w.repo.Commit("better fix")
	w.git.Inject(gitserver.Fault{Repo: "acme/shop", Service: gitserver.ReceivePack, Status: 500, Times: -1})
	if res := w.pr(); res.Code != 3 {
		t.Fatalf("push fault: exit %d\n%s", res.Code, res.Err)
	}
	w.git.ClearFaults()
	w.env["GITHUB_REPOSITORY"] = "acme/other"
	res = w.cli().Run(t, "pr", "--continue")
	if res.Code != 1 || !strings.Contains(res.Err, "opened pull request #1 on acme/shop") || !strings.Contains(res.Err, "now says acme/other") || !strings.Contains(res.Err, "hotfix pr --abort") {
		t.Fatalf("changed target: exit %d\n%s", res.Code, res.Err)
	}
}

package mitigate_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/mitigate"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/ghapi"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

const token = "ghp_CANARYCANARYCANARYCANARYCANARY0019"

const shopID = "2026-11-22-refunds-counted-twice"

// revertWorld is the shop repository whose origin is a git server over
// HTTP, the GitHub API test server reading that origin, and a started
// hotfix; main, the production branch, holds the release and then the
// suspect: a documented and tested change of shop.go.
type revertWorld struct {
	t       *testing.T
	git     *gitserver.Server
	api     *ghapi.Server
	repo    *testutil.Repo
	env     map[string]string
	suspect string
}

// suspectGo is shop.go after the suspect commit.
const suspectGo = testutil.ShopGo + "\n// Refund subtracts a refund from a total.\nfunc Refund(t, r int) int { return t - r - r }\n"

func newRevertWorld(t *testing.T, suspectTest bool, after func(r *testutil.Repo)) *revertWorld {
	t.Helper()
	w := &revertWorld{t: t}
	w.git = gitserver.New(t, gitserver.Options{User: "x-access-token", Password: token})
	r := testutil.NewShop(t, testutil.Shop{Policy: "version: 1\nverify:\n  rules: [tests-touched, docs-touched]\n"})
	r.WriteFile("shop/shop.go", suspectGo)
	if suspectTest {
		r.WriteFile("shop/shop_test.go", "package shop\n\nimport \"testing\"\n\nfunc TestRefund(t *testing.T) {}\n")
	}
	w.suspect = r.Commit("refunds: subtract the refund")
	if after != nil {
		after(r)
	}
	w.git.Seed(t, "acme/shop", r.Dir)
	w.repo = r
	w.api = ghapi.New(t, ghapi.Options{Token: token, Login: "hotfix-bot", Repos: []ghapi.Repo{{Owner: "acme", Name: "shop",
		GitDir: w.git.Dir("acme/shop"), CloneURL: w.git.RepoURL("acme/shop"), Collaborators: []string{"alice", "bob"}}}})
	w.env = map[string]string{"GH_TOKEN": token, "GITHUB_API_URL": w.api.URL()}
	if res := w.run("start", "--no-input", "--title", "Refunds counted twice", "--severity", "SEV2", "--base", "v1.0.0"); res.Code != 0 {
		t.Fatalf("start: %s", res.Err)
	}
	return w
}

func (w *revertWorld) run(args ...string) testutil.Result {
	w.t.Helper()
	return testutil.CLI{Dir: w.repo.Dir, Env: w.env}.Run(w.t, args...)
}

func (w *revertWorld) record() *record.Record {
	w.t.Helper()
	rec, err := record.Store{Root: w.repo.Dir, Dir: ".hotfix"}.Load(shopID)
	if err != nil {
		w.t.Fatal(err)
	}
	return rec
}

// nothingLeft checks that a refused revert left no branch, ref or saved
// progress, here or on the server.
func (w *revertWorld) nothingLeft(commit string) {
	w.t.Helper()
	branch := mitigate.RevertBranch(shopID, commit)
	if out := w.repo.Git("for-each-ref", "--format=%(refname)"); strings.Contains(out, "revert") {
		w.t.Errorf("a revert ref was left behind:\n%s", out)
	}
	if got := w.git.Ref(w.t, "acme/shop", "refs/heads/"+branch); got != "" {
		w.t.Errorf("branch %s was pushed", branch)
	}
	if _, err := os.Stat(filepath.Join(w.repo.Dir, ".git", "hotfix", mitigate.RevertCommand+".json")); err == nil {
		w.t.Error("progress was saved")
	}
	if out := w.repo.Git("worktree", "list"); strings.Count(out, "\n") > 1 {
		w.t.Errorf("a work tree was left behind:\n%s", out)
	}
	if len(w.api.PullRequests()) != 0 {
		w.t.Error("a pull request was opened")
	}
}

func TestRevertOpensOnePullRequestAndRecordsIt(t *testing.T) {
	w := newRevertWorld(t, true, nil)
	res := w.run("mitigate", "--revert", w.suspect[:10], "reverting the suspect of the double refunds", "--json")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	var out mitigate.RevertResult
	if err := json.Unmarshal([]byte(res.Out), &out); err != nil {
		t.Fatalf("%v\n%s", err, res.Out)
	}
	branch := mitigate.RevertBranch(shopID, w.suspect)
	if out.Action != "created" || out.Number == 0 || out.Base != "main" || out.Branch != branch || out.Commit != w.suspect || out.Phase != record.PhaseMitigated {
		t.Fatalf("%+v", out)
	}
	prs := w.api.PullRequests()
	if len(prs) != 1 || prs[0].Head.Ref != branch || prs[0].Base.Ref != "main" || !strings.Contains(prs[0].Title, "refunds: subtract the refund") {
		t.Fatalf("%+v", prs)
	}
	if !strings.Contains(prs[0].Body, "<!-- hotfix:revert "+shopID+" "+w.suspect+" -->") || !strings.Contains(prs[0].Body, "`hotfix verify` passed") {
		t.Errorf("body:\n%s", prs[0].Body)
	}
	// The pushed branch is the revert: main's tip plus a commit that
	// undoes the suspect.
	if got := w.git.Ref(t, "acme/shop", "refs/heads/"+branch); got != out.Revert {
		t.Fatalf("pushed %s, revert %s", got, out.Revert)
	}
	if got := w.repo.Git("show", out.Revert+":shop/shop.go"); got != strings.TrimSuffix(testutil.ShopGo, "\n") {
		t.Errorf("the revert's shop.go:\n%s", got)
	}
	if parent := strings.TrimSpace(w.repo.Git("rev-parse", out.Revert+"^")); parent != w.suspect {
		t.Errorf("the revert is on %s, not main's tip %s", parent, w.suspect)
	}
	rec := w.record()
	if rec.Phase != record.PhaseMitigated {
		t.Errorf("phase %s", rec.Phase)
	}
	var ev *record.Event
	for i := range rec.Timeline {
		if rec.Timeline[i].Kind == record.EventMitigated {
			ev = &rec.Timeline[i]
		}
	}
	if ev == nil || ev.Fields["revert"] != w.suspect || ev.Fields["revert_commit"] != out.Revert || ev.Fields["url"] != out.URL || ev.Fields["number"] == "" ||
		!strings.HasPrefix(ev.Text, "reverting the suspect of the double refunds (revert of ") {
		t.Fatalf("%+v", ev)
	}
	if _, err := os.Stat(filepath.Join(w.repo.Dir, ".git", "hotfix", mitigate.RevertCommand+".json")); err == nil {
		t.Error("the finished run's progress is still saved")
	}

	// Again: found in the record, nothing done, still one pull request
	// and one event.
	again := w.run("mitigate", "--revert", w.suspect)
	if again.Code != 0 || !strings.Contains(again.Out, "already recorded") {
		t.Fatalf("exit %d\n%s\n%s", again.Code, again.Out, again.Err)
	}
	if n := len(w.api.PullRequests()); n != 1 {
		t.Fatalf("%d pull requests", n)
	}
	n := 0
	for _, e := range w.record().Timeline {
		if e.Kind == record.EventMitigated {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d mitigated events", n)
	}
	w.api.AssertNoTokenInDir(t, w.repo.Dir)
	w.git.AssertNoLeak(t, token)
	if strings.Contains(res.Out+res.Err+again.Out+again.Err, token) {
		t.Error("the token was printed")
	}
}

func TestRevertOfACommitNotInProductionIsRefused(t *testing.T) {
	w := newRevertWorld(t, true, nil)
	// A commit on the hotfix branch: never in main.
	w.repo.WriteFile("NOTES.md", "notes\n")
	c := w.repo.Commit("notes")
	res := w.run("mitigate", "--revert", c)
	if res.Code != 1 || !strings.Contains(res.Err, "is not in the history of the production branch main") || !strings.Contains(res.Err, "nothing was created") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	w.nothingLeft(c)
	if w.record().Phase != record.PhaseInvestigating {
		t.Error("the phase moved")
	}
}

func TestRevertThatConflictsIsRefused(t *testing.T) {
	w := newRevertWorld(t, true, func(r *testutil.Repo) {
		r.WriteFile("shop/shop.go", strings.Replace(suspectGo, "t - r - r", "t - 2*r", 1))
		r.Commit("refunds: simpler")
	})
	res := w.run("mitigate", "--revert", w.suspect)
	if res.Code != 1 || !strings.Contains(res.Err, "does not apply to main") || !strings.Contains(res.Err, "conflicts in shop/shop.go") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	w.nothingLeft(w.suspect)
}

func TestRevertFollowsVerifysRules(t *testing.T) {
	// The suspect changed code without its test: so does its revert, and
	// tests-touched fails as for any pull request.
	w := newRevertWorld(t, false, nil)
	res := w.run("mitigate", "--revert", w.suspect)
	if res.Code != 1 || !strings.Contains(res.Err, "verify failed (tests-touched)") || !strings.Contains(res.Err, "nothing was pushed") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	w.nothingLeft(w.suspect)
	res = w.run("mitigate", "--revert", w.suspect, "--waive", "tests-touched=the revert restores the tested release")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if prs := w.api.PullRequests(); len(prs) != 1 {
		t.Fatalf("%d pull requests", len(prs))
	}
}

func TestRevertResumesAfterAnAPIFailure(t *testing.T) {
	w := newRevertWorld(t, true, nil)
	w.api.Fault(ghapi.Fault{Match: "pulls/create", Kind: ghapi.FaultStatus, Status: 422, Body: `{"message":"Validation Failed"}`, Times: 1})
	res := w.run("mitigate", "--revert", w.suspect)
	if res.Code == 0 {
		t.Fatalf("exit 0\n%s", res.Out)
	}
	if !strings.Contains(res.Err, "pull-request") {
		t.Errorf("stderr:\n%s", res.Err)
	}
	res = w.run("mitigate", "--continue", "--json")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if prs := w.api.PullRequests(); len(prs) != 1 {
		t.Fatalf("%d pull requests", len(prs))
	}
	if w.record().Phase != record.PhaseMitigated {
		t.Error("not recorded")
	}
}

func TestRevertAbortDeletesTheLocalBranch(t *testing.T) {
	w := newRevertWorld(t, true, nil)
	w.api.Fault(ghapi.Fault{Match: "pulls/create", Kind: ghapi.FaultStatus, Status: 422, Body: `{"message":"Validation Failed"}`, Times: 1})
	if res := w.run("mitigate", "--revert", w.suspect); res.Code == 0 {
		t.Fatal("exit 0")
	}
	branch := mitigate.RevertBranch(shopID, w.suspect)
	if !strings.Contains(w.repo.Git("branch", "--list", branch), "revert") {
		t.Fatal("no branch after the push")
	}
	res := w.run("mitigate", "--abort")
	if res.Code != 0 || !strings.Contains(res.Out, "Forgot the saved progress") {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if strings.Contains(w.repo.Git("branch", "--list", branch), "revert") {
		t.Error("the local branch stayed")
	}
	// A new run takes the pushed branch (the same revert) and opens the
	// one pull request.
	if res := w.run("mitigate", "--revert", w.suspect); res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if prs := w.api.PullRequests(); len(prs) != 1 {
		t.Fatalf("%d pull requests", len(prs))
	}
}

func TestRevertOfAMergeAndTheDryRun(t *testing.T) {
	var merge string
	w := newRevertWorld(t, true, func(r *testutil.Repo) {
		r.Git("checkout", "-q", "-b", "feature")
		r.WriteFile("NOTES.md", "notes\n")
		r.Commit("notes")
		r.Git("checkout", "-q", "main")
		r.Git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature")
		merge = strings.TrimSpace(r.Git("rev-parse", "HEAD"))
	})
	dry := w.run("mitigate", "--revert", merge, "--dry-run")
	if dry.Code != 0 || !strings.Contains(dry.Out, "Dry run: nothing was created") || !strings.Contains(dry.Out, "create branch "+mitigate.RevertBranch(shopID, merge)) {
		t.Fatalf("exit %d\n%s\n%s", dry.Code, dry.Out, dry.Err)
	}
	w.nothingLeft(merge)
	res := w.run("mitigate", "--revert", merge)
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	prs := w.api.PullRequests()
	if len(prs) != 1 || !strings.Contains(prs[0].Body, "reverted against its first parent") {
		t.Fatalf("%+v", prs)
	}
	revert := w.record().Timeline[len(w.record().Timeline)-1].Fields["revert_commit"]
	if w.repo.Exists("NOTES.md") && strings.Contains(w.repo.Git("ls-tree", "--name-only", revert), "NOTES.md") {
		t.Error("the revert of the merge kept the merged file")
	}
}

func TestRevertOfAnEndedHotfixIsRefused(t *testing.T) {
	w := newRevertWorld(t, true, nil)
	if res := w.run("record", "abandon", "--reason", "started by mistake"); res.Code != 0 {
		t.Fatalf("abandon: %s", res.Err)
	}
	res := w.run("mitigate", "--revert", w.suspect, "--id", shopID)
	if res.Code != 1 || !strings.Contains(res.Err, "is abandoned") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	w.nothingLeft(w.suspect)
}

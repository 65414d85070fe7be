package pr_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/cmd/pr"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/ghapi"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

const token = "ghp_CANARYCANARYCANARYCANARYCANARY0001"

const shopGo = testutil.ShopGo

// world is a repository whose origin is a real git server over HTTP, a
// strict GitHub API server that reads that origin, and a started hotfix
// with its fix committed.
type world struct {
	t     *testing.T
	git   *gitserver.Server
	api   *ghapi.Server
	repo  *testutil.Repo
	env   map[string]string
	mu    sync.Mutex
	slept []time.Duration
}

func newWorld(t *testing.T, apiRepo func(*ghapi.Repo)) *world {
	t.Helper()
	return newWorldShop(t, apiRepo, testutil.Shop{
		Policy: "version: 1\nverify:\n  rules: [tests-touched, docs-touched]\npr:\n  reviewers: [bob]\n",
		Files:  map[string]string{".github/CODEOWNERS": "*        @acme/core\nshop/    @alice @dana\n"},
	})
}

// newWorldShop is newWorld with the shop repository described by shop.
func newWorldShop(t *testing.T, apiRepo func(*ghapi.Repo), shop testutil.Shop) *world {
	t.Helper()
	w := &world{t: t}
	w.git = gitserver.New(t, gitserver.Options{User: "x-access-token", Password: token})
	r := testutil.NewShop(t, shop)
	w.git.Seed(t, "acme/shop", r.Dir)
	w.repo = r
	ar := ghapi.Repo{Owner: "acme", Name: "shop", GitDir: w.git.Dir("acme/shop"), CloneURL: w.git.RepoURL("acme/shop"),
		Collaborators: []string{"alice", "bob", "dana"}, Teams: []string{"core"}}
	if apiRepo != nil {
		apiRepo(&ar)
	}
	w.api = ghapi.New(t, ghapi.Options{Token: token, Login: "hotfix-bot", Repos: []ghapi.Repo{ar}})
	w.env = map[string]string{"GH_TOKEN": token, "GITHUB_API_URL": w.api.URL()}
	res := testutil.CLI{Dir: r.Dir}.Run(t, "start", "--no-input", "--title", "Refunds counted twice", "--severity", "SEV2",
		"--reporter", "alice", "--detected", "manual")
	if res.Code != 0 {
		t.Fatalf("start: %s", res.Err)
	}
	r.WriteFile("shop/shop.go", shopGo+"\n// Refunds counts the negative prices.\nfunc Refunds(ps []int) int { return 0 }\n")
	r.WriteFile("shop/shop_test.go", "package shop\n\nimport \"testing\"\n\nfunc TestRefunds(t *testing.T) {}\n")
	r.Commit("fix refunds")
	return w
}

func (w *world) cli() testutil.CLI {
	return testutil.CLI{Dir: w.repo.Dir, Env: w.env, Sleep: func(ctx context.Context, d time.Duration) error {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.slept = append(w.slept, d)
		return nil
	}}
}

func (w *world) pr(args ...string) testutil.Result {
	w.t.Helper()
	return w.cli().Run(w.t, append([]string{"pr"}, args...)...)
}

func (w *world) openPRs() []ghapi.PullRequest {
	var out []ghapi.PullRequest
	for _, p := range w.api.PullRequests() {
		if p.State == "open" {
			out = append(out, p)
		}
	}
	return out
}

// noLeak checks that the token is nowhere but where it must be.
func (w *world) noLeak(results ...testutil.Result) {
	w.t.Helper()
	for _, r := range results {
		if strings.Contains(r.Out+r.Err, token) {
			w.t.Fatalf("the token appeared in the output:\n%s%s", r.Out, r.Err)
		}
	}
	w.api.AssertNoTokenInDir(w.t, w.repo.Dir)
	w.git.AssertNoLeak(w.t, token)
	for _, p := range w.api.PullRequests() {
		if strings.Contains(p.Body+p.Title, token) {
			w.t.Fatal("the token is in a pull request")
		}
	}
}

const branch = "hotfix/v1.0.0-refunds-counted-twice"

func TestCreateThenUpdate(t *testing.T) {
	w := newWorld(t, nil)
	res := w.pr("--json")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	var out pr.Result
	if err := json.Unmarshal([]byte(res.Out), &out); err != nil {
		t.Fatal(err)
	}
	if out.Action != "created" || out.Number == 0 || out.Base != "main" || out.Branch != branch {
		t.Fatalf("%+v", out)
	}
	prs := w.openPRs()
	if len(prs) != 1 {
		t.Fatalf("%d pull requests", len(prs))
	}
	p := prs[0]
	if p.Title != "hotfix(SEV2): Refunds counted twice" || p.Head.Ref != branch || p.Base.Ref != "main" {
		t.Fatalf("%+v", p)
	}
	for _, want := range []string{"## Incident", "| Severity | SEV2 (major", "alice (manual report)", "- [ ] Scope of the fix: not known yet",
		"- [x] Who reported it", "`hotfix verify` passed", "| tests-touched | passed |", "## Deadlines", "<!-- hotfix:record 2026-11-22-refunds-counted-twice -->"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, p.Body)
		}
	}
	if strings.Join(p.Labels, ",") != "hotfix,SEV2" {
		t.Errorf("labels %v", p.Labels)
	}
	// bob from the config, alice and dana from CODEOWNERS (shop/), the
	// acme/core team from CODEOWNERS (*); never the author hotfix-bot.
	if strings.Join(p.RequestedReviewers, ",") != "bob,alice,dana" || strings.Join(p.RequestedTeams, ",") != "core" {
		t.Errorf("reviewers %v teams %v", p.RequestedReviewers, p.RequestedTeams)
	}
	// The branch was pushed, with the record's updates committed.
	if got := w.git.Ref(t, "acme/shop", "refs/heads/"+branch); got != w.repo.Git("rev-parse", "HEAD") {
		t.Fatalf("remote branch at %s", got)
	}
	if st := w.repo.Git("status", "--porcelain"); st != "" {
		t.Fatalf("work tree not clean: %s", st)
	}
	rec, err := record.Store{Root: w.repo.Dir, Dir: ".hotfix"}.Load("2026-11-22-refunds-counted-twice")
	if err != nil {
		t.Fatal(err)
	}
	if rec.PullRequest == nil || rec.PullRequest.Number != out.Number || rec.Phase != record.PhaseInReview || rec.Verify == nil || !rec.Verify.Passed {
		t.Fatalf("record %+v %+v", rec.PullRequest, rec.Verify)
	}
	if !strings.Contains(res.Err, "Committed the incident record .hotfix/2026-11-22-refunds-counted-twice.yaml") {
		t.Errorf("pr did not say it committed the record:\n%s", res.Err)
	}

	// Run again: the same pull request is updated, never a second.
	w.repo.WriteFile("shop/shop.go", shopGo+"\n// Refunds counts the negative prices.\nfunc Refunds(ps []int) int { return 1 }\n")
	w.repo.Commit("better fix")
	res2 := w.pr("--json")
	var out2 pr.Result
	if err := json.Unmarshal([]byte(res2.Out), &out2); err != nil || res2.Code != 0 {
		t.Fatalf("%v\n%s\n%s", err, res2.Out, res2.Err)
	}
	if out2.Action != "updated" || out2.Number != out.Number || len(w.openPRs()) != 1 {
		t.Fatalf("rerun: %+v, %d open", out2, len(w.openPRs()))
	}
	w.noLeak(res, res2)
}

// TestRunAgainWithNothingNew: pr run twice on the same code finds its pull
// request as it would make it, and records nothing: no commit, no second
// verify result, no second pull-request event.
func TestRunAgainWithNothingNew(t *testing.T) {
	w := newWorld(t, nil)
	if res := w.pr(); res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	recPath := filepath.Join(w.repo.Dir, ".hotfix", "2026-11-22-refunds-counted-twice.yaml")
	before, err := os.ReadFile(recPath)
	if err != nil {
		t.Fatal(err)
	}
	head := w.repo.Git("rev-parse", "HEAD")
	res := w.pr()
	if res.Code != 0 {
		t.Fatalf("again: exit %d\n%s", res.Code, res.Err)
	}
	after, err := os.ReadFile(recPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) || w.repo.Git("rev-parse", "HEAD") != head {
		t.Fatalf("pr with nothing new changed the record or committed:\n%s", w.repo.Git("log", "--oneline", "-3"))
	}
	if n := strings.Count(string(after), "kind: pull-request"); n != 1 || len(w.openPRs()) != 1 {
		t.Fatalf("%d pull-request events, %d open pull requests", n, len(w.openPRs()))
	}
	if strings.Contains(res.Err, "Committed the incident record") {
		t.Errorf("pr said it committed:\n%s", res.Err)
	}
}

func TestVerifyFailureStopsBeforePushing(t *testing.T) {
	w := newWorld(t, nil)
	w.repo.WriteFile("shop/shop.go", shopGo+"\nfunc Undocumented() {}\n")
	w.repo.Commit("sloppy")
	res := w.pr()
	if res.Code != 1 || !strings.Contains(res.Err, "verify failed (docs-touched); nothing was pushed") || !strings.Contains(res.Err, "Undocumented") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if w.git.Ref(t, "acme/shop", "refs/heads/"+branch) != "" || len(w.api.PullRequests()) != 0 {
		t.Fatal("pushed or opened despite the failure")
	}
	if strings.Contains(res.Err, "\x1b[") {
		t.Fatal("colour codes on a redirected stderr")
	}
	// On a terminal the report on stderr is coloured like verify's.
	tty := w.cli()
	tty.Terminal = true
	if res := tty.Run(t, "pr"); res.Code != 1 || !strings.Contains(res.Err, "\x1b[31mFAILED  \x1b[0m docs-touched") {
		t.Fatalf("terminal: exit %d\n%q", res.Code, res.Err)
	}
	// Waived with a reason, it goes through, and the waiver is shown.
	res = w.pr("--waive", "docs-touched=internal helper, documented in the runbook")
	if res.Code != 0 {
		t.Fatalf("waived: %d %s", res.Code, res.Err)
	}
	if b := w.openPRs()[0].Body; !strings.Contains(b, "**docs-touched**: internal helper, documented in the runbook (flag)") {
		t.Fatalf("waiver not shown:\n%s", b)
	}
}

func TestSkipVerifyIsShown(t *testing.T) {
	w := newWorld(t, nil)
	if res := w.pr("--skip-verify", ""); res.Code != 2 {
		t.Fatalf("reasonless --skip-verify: %d", res.Code)
	}
	res := w.pr("--skip-verify", "tests run in the staging pipeline (#88)")
	if res.Code != 0 || !strings.Contains(w.openPRs()[0].Body, "was **skipped** with `--skip-verify`: tests run in the staging pipeline (#88)") {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
}

func TestDraftsUnsupportedFallsBack(t *testing.T) {
	w := newWorld(t, func(r *ghapi.Repo) { r.DraftsUnsupported = true })
	res := w.pr("--draft")
	if res.Code != 0 || !strings.Contains(res.Err, "does not support draft pull requests, so it was opened as a normal one") {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	if p := w.openPRs(); len(p) != 1 || p[0].Draft {
		t.Fatalf("%+v", p)
	}
}

func TestDraft(t *testing.T) {
	w := newWorld(t, nil)
	res := w.pr("--draft")
	if res.Code != 0 || !strings.HasPrefix(res.Out, "Draft pull request #") || !w.openPRs()[0].Draft {
		t.Fatalf("%d %s %s", res.Code, res.Out, res.Err)
	}
}

func TestMinReviewersCheckedBeforePushing(t *testing.T) {
	w := newWorld(t, nil)
	w.repo.TeamPolicy("version: 1\nverify:\n  rules: [tests-touched, docs-touched]\npr:\n  codeowners: false\n  reviewers: [hotfix-bot]\n  min_reviewers: 2\n")
	res := w.pr()
	if res.Code != 1 || !strings.Contains(res.Err, "at least 2 reviewer(s) and only 0 can be found") || w.git.Ref(t, "acme/shop", "refs/heads/"+branch) != "" {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
}

func TestDryRunSendsNothing(t *testing.T) {
	w := newWorld(t, nil)
	before := w.repo.State()
	res := w.cli().Run(t, "--dry-run", "pr")
	if res.Code != 0 {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	for _, want := range []string{"Dry run: nothing was pushed or sent", "push        " + branch + " to origin (http://127.0.0.1",
		"GET /repos/acme/shop/pulls?state=open&head=acme:" + branch, "title      hotfix(SEV2): Refunds counted twice", "labels     hotfix, SEV2", "| ## Incident"} {
		if !strings.Contains(res.Out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, res.Out)
		}
	}
	if n := len(w.api.Requests()); n != 0 {
		t.Fatalf("%d API requests in a dry run", n)
	}
	if w.git.Ref(t, "acme/shop", "refs/heads/"+branch) != "" {
		t.Fatal("pushed in a dry run")
	}
	if after := w.repo.State(); after != before {
		t.Fatalf("dry run changed the repository:\n%s\n---\n%s", before, after)
	}
}

func TestAuthErrors(t *testing.T) {
	w := newWorld(t, nil)
	w.env = map[string]string{"GITHUB_API_URL": w.api.URL()}
	res := w.pr()
	// The remote is not github.com, so the enterprise variables are named too.
	if res.Code != 4 || !strings.Contains(res.Err, "no GitHub token: set GH_ENTERPRISE_TOKEN or GITHUB_ENTERPRISE_TOKEN or GH_TOKEN or GITHUB_TOKEN") {
		t.Fatalf("no token: %d %s", res.Code, res.Err)
	}
	w.env["GITHUB_TOKEN"] = "ghp_WRONGWRONGWRONGWRONGWRONGWRONGWRONG"
	res = w.pr()
	if res.Code != 4 || !strings.Contains(res.Err, "GitHub rejected the token in GITHUB_TOKEN (401 Bad credentials)") || strings.Contains(res.Err, "WRONGWRONG") {
		t.Fatalf("bad token: %d %s", res.Code, res.Err)
	}
	if len(w.api.PullRequests()) != 0 || w.git.Ref(t, "acme/shop", "refs/heads/"+branch) != "" {
		t.Fatal("something happened with a bad token")
	}
	w.noLeak(res)
}

func TestServerErrorsAndRateLimits(t *testing.T) {
	w := newWorld(t, nil)
	w.api.Fault(ghapi.Fault{Match: "pulls/create", Kind: ghapi.FaultStatus, Status: 502, Applied: true})
	w.api.Fault(ghapi.Fault{Match: "issues/add-labels", Kind: ghapi.FaultSecondaryRateLimit, RetryAfter: 7})
	w.api.Fault(ghapi.Fault{Match: "pulls/request-reviewers", Kind: ghapi.FaultStatus, Status: 503, Times: 2})
	res := w.pr()
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	// The 502 came after GitHub created the pull request: the retry got
	// "already exists", and pr updated that one instead of a second.
	if n := len(w.api.PullRequests()); n != 1 {
		t.Fatalf("%d pull requests after a 502 on create", n)
	}
	waited := false
	for _, d := range w.slept {
		if d == 7*time.Second {
			waited = true
		}
	}
	if !waited || !strings.Contains(res.Err, "secondary rate limit; retrying in 7s") {
		t.Fatalf("Retry-After not honoured: slept %v\n%s", w.slept, res.Err)
	}
	// A primary rate limit stops with the reset time; --continue finishes.
	w2 := newWorld(t, nil)
	reset := time.Now().Add(20 * time.Minute)
	w2.api.Fault(ghapi.Fault{Match: "issues/add-labels", Kind: ghapi.FaultPrimaryRateLimit, Reset: reset})
	res = w2.pr()
	if res.Code != 3 || !strings.Contains(res.Err, "rate limit exceeded; it resets at "+reset.Local().Format("15:04")) || !strings.Contains(res.Err, "hotfix pr --continue") {
		t.Fatalf("primary limit: %d %s", res.Code, res.Err)
	}
	res = w2.pr("--continue")
	if res.Code != 0 || len(w2.api.PullRequests()) != 1 || len(w2.openPRs()[0].Labels) != 2 {
		t.Fatalf("continue: %d %s", res.Code, res.Err)
	}
	w.noLeak(res)
}

func TestNonFastForwardPush(t *testing.T) {
	w := newWorld(t, nil)
	if res := w.pr(); res.Code != 0 {
		t.Fatal(res.Err)
	}
	// A teammate pushes to the branch.
	other := filepath.Join(t.TempDir(), "teammate")
	if out, err := testutil.GitErr(filepath.Dir(other), gitserver.CredentialEnv("x-access-token", token), "clone", "-q", "-b", branch, w.git.RepoURL("acme/shop"), other); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	tm := &testutil.Repo{T: t, Dir: other, When: w.repo.When}
	tm.WriteFile("NOTES.md", "teammate\n")
	tm.Commit("notes")
	if out, err := testutil.GitErr(other, gitserver.CredentialEnv("x-access-token", token), "push", "-q", "origin", branch); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	w.repo.WriteFile("shop/shop_test.go", "package shop\n\nimport \"testing\"\n\nfunc TestRefunds(t *testing.T) { t.Log(1) }\n")
	w.repo.Commit("more tests")
	res := w.pr()
	if res.Code != 3 || !strings.Contains(res.Err, "has commits this branch does not") || !strings.Contains(res.Err, "git pull --rebase origin "+branch) {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	if _, err := os.Stat(filepath.Join(w.repo.Dir, ".git", "hotfix", "pr.json")); err != nil {
		t.Fatal("progress not saved")
	}
	if res := w.pr("--abort"); res.Code != 0 {
		t.Fatal(res.Err)
	}
}

// A pr killed between the push and the creation of the pull request is
// finished by the rerun, with exactly one pull request.
func TestKilledBetweenPushAndCreate(t *testing.T) {
	w := newWorld(t, nil)
	w.api.Fault(ghapi.Fault{Match: "pulls/create", Kind: ghapi.FaultConnReset, Times: ghapi.Forever, Applied: true})
	res := w.pr()
	if res.Code != 3 {
		t.Fatalf("exit %d %s", res.Code, res.Err)
	}
	res = w.pr()
	if res.Code != 0 || len(w.api.PullRequests()) != 1 {
		t.Fatalf("rerun: %d %s; %d pull requests", res.Code, res.Err, len(w.api.PullRequests()))
	}
	// GitHub had created it before the connection broke: the one found,
	// with this run's very title and body, is recorded as created, once.
	data, err := os.ReadFile(filepath.Join(w.repo.Dir, ".hotfix", "2026-11-22-refunds-counted-twice.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "kind: pull-request"); n != 1 || !strings.Contains(string(data), "action: created") {
		t.Fatalf("%d pull-request events:\n%s", n, data)
	}
}

func TestEnterprise(t *testing.T) {
	w := &world{t: t}
	w.git = gitserver.New(t, gitserver.Options{User: "x-access-token", Password: token})
	r := testutil.NewRepo(t)
	r.WriteFile("app.go", "package app\n")
	r.WriteFile(".hotfix.yaml", "version: 1\nverify:\n  rules: [tests-touched]\n")
	r.Commit("release")
	w.git.Seed(t, "acme/app", r.Dir)
	w.api = ghapi.New(t, ghapi.Options{Token: token, Enterprise: true, Repos: []ghapi.Repo{{Owner: "acme", Name: "app", GitDir: w.git.Dir("acme/app")}}})
	if !strings.HasSuffix(w.api.URL(), "/api/v3/") {
		t.Fatal(w.api.URL())
	}
	w.repo = r
	w.env = map[string]string{"GH_ENTERPRISE_TOKEN": token, "GITHUB_API_URL": w.api.URL(), "GITHUB_REPOSITORY": "acme/app"}
	if res := (testutil.CLI{Dir: r.Dir}).Run(t, "start", "--no-input", "--title", "Outage", "--severity", "SEV1", "--base", "main"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	r.WriteFile("app_test.go", "package app\n")
	r.Commit("fix")
	// GH_ENTERPRISE_TOKEN applies to enterprise hosts; with an explicit API
	// URL on loopback the host is github.com, so give GH_TOKEN too.
	w.env["GH_TOKEN"] = token
	res := w.pr()
	if res.Code != 0 || len(w.api.PullRequests()) != 1 {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	w.noLeak(res)
}

func TestBackports(t *testing.T) {
	w := newWorld(t, nil)
	// Two maintained branches: one where the fix applies, one where
	// shop.go has moved on and the fix conflicts.
	w.repo.Git("branch", "release/1.0", "v1.0.0")
	w.repo.Git("checkout", "-q", "-b", "release/0.9", "v1.0.0")
	w.repo.WriteFile("shop/shop.go", "package shop\n\n// Total sums.\nfunc Total(ps []int) int { return 0 }\n")
	w.repo.Commit("old code")
	w.repo.Git("checkout", "-q", branch)
	if out, err := testutil.GitErr(w.repo.Dir, gitserver.CredentialEnv("x-access-token", token), "push", "-q", "origin", "release/1.0", "release/0.9"); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	res := w.pr("--backport", "release/1.0", "--backport", "release/0.9")
	if res.Code != 3 || !strings.Contains(res.Err, "the backport to release/0.9 has conflicts in shop/shop.go") {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	prs := w.openPRs()
	if len(prs) != 2 {
		t.Fatalf("%d pull requests, want the main one and the 1.0 backport", len(prs))
	}
	var backport ghapi.PullRequest
	for _, p := range prs {
		if p.Base.Ref == "release/1.0" {
			backport = p
		}
	}
	if !strings.Contains(backport.Body, "Backport of #") || !strings.Contains(strings.Join(backport.Labels, ","), "backport") {
		t.Fatalf("backport PR %+v", backport)
	}
	// Resolve the conflict in the backport work tree, then continue.
	wt := filepath.Join(w.repo.Dir, ".git", "hotfix", "backports", "release-0.9")
	if err := os.WriteFile(filepath.Join(wt, "shop/shop.go"), []byte("package shop\n\n// Total sums.\nfunc Total(ps []int) int { return 0 }\n\n// Refunds counts the negative prices.\nfunc Refunds(ps []int) int { return 0 }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	testutil.Git(t, wt, "add", "shop/shop.go")
	res = w.pr("--continue", "--json")
	if res.Code != 0 {
		t.Fatalf("continue: %d %s", res.Code, res.Err)
	}
	if len(w.openPRs()) != 3 {
		t.Fatalf("%d pull requests after continue", len(w.openPRs()))
	}
	rec, _ := record.Store{Root: w.repo.Dir, Dir: ".hotfix"}.Load("2026-11-22-refunds-counted-twice")
	if len(rec.Backports) != 2 || rec.Backports[0].State != "done" || rec.Backports[1].State != "done" {
		t.Fatalf("record backports %+v", rec.Backports)
	}
	w.noLeak(res)
}

// TestAbandonedHotfixGetsNoPullRequest: pr refuses a hotfix ended with
// `record abandon`, before anything is pushed or sent.
func TestAbandonedHotfixGetsNoPullRequest(t *testing.T) {
	w := newWorld(t, nil)
	if res := w.cli().Run(t, "record", "abandon", "--reason", "a duplicate"); res.Code != 0 {
		t.Fatalf("abandon: %d %s", res.Code, res.Err)
	}
	res := w.pr()
	if res.Code != 1 || !strings.Contains(res.Err, "was abandoned; no pull request is opened for it") {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	if len(w.api.PullRequests()) != 0 || w.git.Ref(t, "acme/shop", "refs/heads/"+branch) != "" {
		t.Fatal("something was pushed or opened for an abandoned hotfix")
	}
}

package closecmd_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
	closecmd "github.com/hotfix-dev/hotfix/internal/cmd/close"
	"github.com/hotfix-dev/hotfix/internal/prompter"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/ghapi"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
	"github.com/hotfix-dev/hotfix/internal/testutil/golden"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

const token = "ghp_CANARYCANARYCANARYCANARYCANARY0006"

const shopGo = testutil.ShopGo

const branch = "hotfix/v1.0.0-refunds-counted-twice"

const recordID = "2026-11-22-refunds-counted-twice"

// world is a gitflow repository whose origin is a real git server over
// HTTP with develop and a release branch, a strict GitHub API server on
// that origin, and a hotfix whose pull request is open.
type world struct {
	t     *testing.T
	git   *gitserver.Server
	api   *ghapi.Server
	repo  *testutil.Repo
	env   map[string]string
	clock *clock.Fixed
	mu    sync.Mutex
}

func newWorld(t *testing.T, cfg string) *world {
	t.Helper()
	return newWorldShop(t, testutil.Shop{Policy: cfg, Gitflow: true})
}

// newWorldShop is newWorld with the shop repository described by shop (its
// empty Policy is the gitflow one).
func newWorldShop(t *testing.T, shop testutil.Shop) *world {
	t.Helper()
	return newWorldWith(t, shop, worldHooks{})
}

// worldHooks add to newWorld's run: more environment, more start
// arguments, and what is done before pr runs.
type worldHooks struct {
	env       map[string]string
	startArgs []string
	beforePR  func(w *world)
}

// newWorldWith is newWorldShop with hooks.
func newWorldWith(t *testing.T, shop testutil.Shop, h worldHooks) *world {
	t.Helper()
	w := &world{t: t, clock: clock.NewFixed(testutil.Now)}
	w.git = gitserver.New(t, gitserver.Options{User: "x-access-token", Password: token})
	if shop.Policy == "" {
		shop.Policy = "version: 1\nflow: gitflow\nverify:\n  rules: [tests-touched, docs-touched]\n"
	}
	r := testutil.NewShop(t, shop)
	w.git.Seed(t, "acme/shop", r.Dir)
	w.repo = r
	ar := ghapi.Repo{Owner: "acme", Name: "shop", GitDir: w.git.Dir("acme/shop"), CloneURL: w.git.RepoURL("acme/shop"),
		Collaborators: []string{"alice", "bob"}}
	w.api = ghapi.New(t, ghapi.Options{Token: token, Login: "hotfix-bot", Repos: []ghapi.Repo{ar}, Now: func() time.Time { return w.clock.Now() }})
	w.env = map[string]string{"GH_TOKEN": token, "GITHUB_API_URL": w.api.URL()}
	for k, v := range h.env {
		w.env[k] = v
	}
	incident := filepath.Join(t.TempDir(), "incident.yaml")
	if err := os.WriteFile(incident, []byte(`title: Refunds counted twice
severity: SEV2
summary: Order totals count refunds twice since v1.0.0. Plan - find where refunds are summed, fix Total, test with a refund.
reporter: alice
detection: manual
affected: Every order with a refund since v1.0.0; finance reports.
version: v1.0.0
related_repos: [acme/billing]
logs: [journalctl -u shop]
error_message: "total mismatch: want 80, got 120"
datasets_checked: "yes"
owner: Test Author
scope: Total in shop/shop.go
documenter: Test Author
client_notice: "no"
issue: "#41"
`), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := w.cli().Run(t, append([]string{"start", "--no-input", "--answers", incident, "--base", "v1.0.0"}, h.startArgs...)...); res.Code != 0 {
		t.Fatalf("start: %s", res.Err)
	}
	w.clock.Advance(20 * time.Minute)
	r.WriteFile("shop/shop.go", shopGo+"\n// Refunds counts the negative prices.\nfunc Refunds(ps []int) int { return 0 }\n")
	r.WriteFile("shop/shop_test.go", "package shop\n\nimport \"testing\"\n\nfunc TestRefunds(t *testing.T) {}\n")
	r.WriteFile("docs/refunds.md", "Refunds are negative prices.\n")
	r.When = w.clock.Now()
	r.Commit("fix refunds")
	w.clock.Advance(10 * time.Minute)
	if h.beforePR != nil {
		h.beforePR(w)
	}
	if res := w.cli().Run(t, "pr", "--reviewer", "bob"); res.Code != 0 {
		t.Fatalf("pr: %s\n%s", res.Out, res.Err)
	}
	w.clock.Advance(15 * time.Minute)
	return w
}

func (w *world) cli() testutil.CLI {
	return testutil.CLI{Dir: w.repo.Dir, Env: w.env, Clock: w.clock, Sleep: func(ctx context.Context, d time.Duration) error { return nil }}
}

func (w *world) close(args ...string) testutil.Result {
	w.t.Helper()
	return w.cli().Run(w.t, append([]string{"close", "--not-deployed", notDeployed}, args...)...)
}

// notDeployed is the reason the tests that are not about the deploy close
// without one (TestCloseWaitsForTheDeploy is about it).
const notDeployed = "tested without a deploy"

// merge merges the pull request on the server, as a person would.
func (w *world) merge() string {
	w.t.Helper()
	sha := w.api.Merge("acme/shop", 1, ghapi.MergeOptions{By: "bob"})
	w.clock.Advance(5 * time.Minute)
	return sha
}

func (w *world) remoteRef(ref string) string {
	return strings.TrimSpace(testutil.Git(w.t, w.git.Dir("acme/shop"), "for-each-ref", "--format=%(objectname)", ref))
}

func (w *world) answers(body string) string {
	p := filepath.Join(w.t.TempDir(), "answers.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		w.t.Fatal(err)
	}
	return p
}

const fullAnswers = `how_many: 212 orders with a refund, by the finance report.
root_cause: Refunds were summed as positive prices, so every refund counted twice.
five_whys:
  - Why were totals wrong? Refunds were added, not subtracted.
  - Why? Total had no case for negative prices.
  - Why was that not caught? No test had a refund in it.
trigger: The v1.0.0 release, which first sent refunds through Total.
resolution: Refunds counts negative prices; v1.0.1 was tagged from the merged fix.
went_well: The failing total was reproduced in minutes.
went_wrong: Nobody noticed for two hours.
lucky: Few refunds were made on a Sunday.
action_items:
  - {type: prevent, owner: alice, priority: P0, due: 2026-11-27, text: Add refund cases to the checkout tests}
  - {type: process, owner: bob, priority: P2, due: 2026-12-18, text: Alert on totals that go negative}
docs_updated: true
monitoring:
  watch: the refunds dashboard
  until: 7d
prevention:
  requirements: "Yes: refunds are specified in docs/refunds.md."
  meet-before-approve: "No: the change was not discussed."
  stakeholders: "Yes: finance confirmed the totals."
  health-checks: "No: see the action items."
  manual-data-schema: "n/a: nothing is uploaded by hand."
`

func loadRecord(t *testing.T, dir string) *record.Record {
	t.Helper()
	rec, err := record.Store{Root: dir, Dir: ".hotfix"}.Load(recordID)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestCloseEndToEnd(t *testing.T) {
	w := newWorld(t, "")
	merge := w.merge()
	res := w.close("--answers", w.answers(fullAnswers), "--file-actions", "--json")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	var out closecmd.Result
	if err := json.Unmarshal([]byte(res.Out), &out); err != nil {
		t.Fatalf("%v\n%s", err, res.Out)
	}
	if out.Tag != "v1.0.1" || out.MergeCommit != merge || len(out.Open) != 0 || strings.Join(out.Issues, ",") != "#2,#3" {
		t.Fatalf("%+v", out)
	}

	// The tag: annotated, on the merge commit, pushed.
	if typ := strings.TrimSpace(w.repo.Git("cat-file", "-t", "v1.0.1")); typ != "tag" {
		t.Fatalf("v1.0.1 is a %s, not an annotated tag", typ)
	}
	if got := strings.TrimSpace(w.repo.Git("rev-parse", "v1.0.1^{commit}")); got != merge {
		t.Fatalf("tag on %s, merge %s", got, merge)
	}
	if remote := strings.TrimSpace(testutil.Git(t, w.git.Dir("acme/shop"), "rev-parse", "v1.0.1^{commit}")); remote != merge {
		t.Fatalf("remote tag on %s", remote)
	}

	// Merged back into develop and the release branch, on the server.
	for _, b := range []string{"develop", "release/1.1"} {
		tip := w.remoteRef("refs/heads/" + b)
		if _, err := testutil.GitErr(w.git.Dir("acme/shop"), nil, "merge-base", "--is-ancestor", merge, tip); err != nil {
			t.Fatalf("%s does not contain the fix", b)
		}
		if msg := testutil.Git(t, w.git.Dir("acme/shop"), "log", "-1", "--format=%s", tip); !strings.Contains(msg, "Merge tag 'v1.0.1' into "+b) {
			t.Fatalf("%s tip: %s", b, msg)
		}
	}

	// The branch is gone, locally and on the remote; we are on main.
	if w.repo.Git("branch", "--list", branch) != "" || w.remoteRef("refs/heads/"+branch) != "" {
		t.Fatal("the hotfix branch is still there")
	}
	if cur := strings.TrimSpace(w.repo.Git("branch", "--show-current")); cur != "main" {
		t.Fatalf("on %s", cur)
	}

	// The record is closed, with its durations, and status shows it.
	rec := loadRecord(t, w.repo.Dir)
	if rec.Phase != record.PhaseClosed || rec.Close == nil || rec.Close.Tag != "v1.0.1" || rec.Close.MergeCommit != merge ||
		rec.Close.Durations["close"] == "" || rec.Close.Durations["merge"] == "" || rec.Close.Durations["fix"] != "20m" ||
		strings.Join(rec.Close.ActionIssues, ",") != "#2,#3" || len(rec.Close.MergedBack) != 2 {
		t.Fatalf("record %+v", rec.Close)
	}
	st := w.cli().Run(t, "status", "--all", "--json")
	if !strings.Contains(st.Out, `"phase": "closed"`) {
		t.Fatalf("status: %s", st.Out)
	}

	// The issues, labelled with the severity and the date.
	issues := w.api.Issues()
	var filed []string
	for _, is := range issues {
		filed = append(filed, is.Title+" ["+strings.Join(is.Labels, ",")+"]")
	}
	if strings.Join(filed, "; ") != "Add refund cases to the checkout tests [SEV2,postmortem-2026-11-22]; Alert on totals that go negative [SEV2,postmortem-2026-11-22]" {
		t.Fatalf("issues: %v", filed)
	}

	// The postmortem, every section filled.
	pm := w.repo.ReadFile("docs/postmortems/2026-11-22-refunds-counted-twice.md")
	// Only the times to detect, mitigate and resolve and how long the
	// impact lasted are open, with the mitigation: no log gave the first
	// error's time, no mitigation was recorded, and it closed without a
	// deploy, saying why.
	if n := strings.Count(pm, "_Open"); n != 5 || !strings.Contains(pm, "**Time to detect:** _Open") || !strings.Contains(pm, "**Time to mitigate:** _Open") ||
		!strings.Contains(pm, "**Time to resolve:** _Open: closed without a deploy: tested without a deploy_") ||
		!strings.Contains(pm, "**How long:** _Open: when the impact began") || !strings.Contains(pm, "## Mitigation\n\n_Open: no mitigation was recorded") {
		t.Errorf("%d open items in the postmortem:\n%s", n, pm)
	}
	golden.Check(t, "testdata/end-to-end.md", strings.ReplaceAll(pm, merge[:10], "<merge>"))

	// A second close has nothing left to do: it says so and succeeds, and
	// changes nothing (it used to fail "already closed").
	before := w.repo.State()
	if again := w.close("--id", recordID); again.Code != 0 || !strings.Contains(again.Out, "already closed (v1.0.1): nothing left to do") {
		t.Fatalf("second close: %d %s %s", again.Code, again.Out, again.Err)
	}
	again := w.close("--id", recordID, "--json")
	var done closecmd.Result
	if err := json.Unmarshal([]byte(again.Out), &done); err != nil || again.Code != 0 || !done.NothingLeft || done.Tag != "v1.0.1" || done.TagCommit != merge {
		t.Fatalf("second close --json: %d %v %+v\n%s", again.Code, err, done, again.Out)
	}
	if w.repo.State() != before {
		t.Fatal("the second close changed the repository")
	}
	w.api.AssertNoTokenInDir(t, w.repo.Dir)
	w.git.AssertNoLeak(t, token)
	if strings.Contains(pm+res.Out+res.Err, token) {
		t.Fatal("the token leaked")
	}
}

func TestUnmergedStopsWithNothingChanged(t *testing.T) {
	w := newWorld(t, "")
	before := w.repo.State()
	res := w.close("--answers", w.answers(fullAnswers))
	if res.Code != 1 || !strings.Contains(res.Err, "pull request #1") || !strings.Contains(res.Err, "not merged yet") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if after := w.repo.State(); after != before {
		t.Fatalf("the repository changed:\n%s\n%s", before, after)
	}
	if w.remoteRef("refs/tags/v1.0.1") != "" || w.repo.Exists(".git/hotfix/close.json") {
		t.Fatal("a tag or saved progress was left")
	}
	// --offline: the local production branch does not contain it either.
	res = w.close("--offline")
	if res.Code != 1 || !strings.Contains(res.Err, "is not merged") {
		t.Fatalf("offline: %d %s", res.Code, res.Err)
	}
}

func TestOfflineTakesTheLocalMerge(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\n")
	// Merged by hand, without the API.
	w.repo.Git("checkout", "-q", "main")
	w.repo.Git("merge", "-q", "--no-ff", "-m", "merge the fix", branch)
	merge := strings.TrimSpace(w.repo.Git("rev-parse", "HEAD"))
	w.repo.Git("checkout", "-q", branch)
	head := strings.TrimSpace(w.repo.Git("rev-parse", "HEAD"))
	// In a terminal, the pushes show progress on stderr (here with no
	// delay), each erased when it ends; stdout never carries it.
	cli := w.cli()
	cli.Terminal, cli.ProgressDelay = true, time.Nanosecond
	res := cli.Run(t, "close", "--not-deployed", notDeployed, "--offline", "--no-input")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if !strings.Contains(res.Err, "| pushing v1.0.1 to origin...") || !strings.Contains(res.Err, "\r\x1b[K") || strings.Contains(res.Out, "\r") {
		t.Fatalf("progress:\nstderr %q\nstdout %q", res.Err, res.Out)
	}
	// trunk tags the fix's head, the release candidate, not the merge.
	if got := strings.TrimSpace(w.repo.Git("rev-parse", "v1.0.1^{commit}")); got != head {
		t.Fatalf("tag on %s, want the head %s", got, head)
	}
	rec := loadRecord(t, w.repo.Dir)
	if !rec.Close.Offline || rec.Phase != record.PhaseClosed || rec.Close.MergeCommit != merge || rec.Close.TagCommit != head {
		t.Fatalf("%+v", rec.Close)
	}
	var said bool
	for _, e := range rec.Timeline {
		if e.Kind == record.EventMerged && strings.Contains(e.Text, "--offline") {
			said = true
		}
	}
	if !said {
		t.Fatal("the record does not say the merge was taken offline")
	}
	pm := w.repo.ReadFile("docs/postmortems/2026-11-22-refunds-counted-twice.md")
	if !strings.Contains(pm, "_Open") || !strings.Contains(pm, "from the local repository") {
		t.Fatalf("postmortem without answers should keep its open items:\n%s", pm)
	}
	for _, r := range w.api.Requests() {
		if strings.Contains(r.Path, "/pulls/1") && r.Method == "GET" {
			t.Fatal("--offline asked the API")
		}
	}
}

// A failure after the tag push, then a rerun: one tag, one merge per
// branch, one issue per action item. The failure is a refused token, so
// the exit code names it (4) while the progress is saved as for any stop.
func TestRerunAfterFailureDuplicatesNothing(t *testing.T) {
	w := newWorld(t, "")
	merge := w.merge()
	w.api.Fault(ghapi.Fault{Match: "issues/create", Kind: ghapi.FaultStatus, Status: 401})
	res := w.close("--answers", w.answers(fullAnswers), "--file-actions")
	if res.Code != 4 || !strings.Contains(res.Err, `stopped at step "file-action:1"`) || !strings.Contains(res.Err, "--continue") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if w.remoteRef("refs/tags/v1.0.1") == "" {
		t.Fatal("the tag was not pushed before the failure")
	}
	develop := w.remoteRef("refs/heads/develop")
	res = w.close("--continue")
	if res.Code != 0 {
		t.Fatalf("continue: %d\n%s", res.Code, res.Err)
	}
	if got := w.remoteRef("refs/heads/develop"); got != develop {
		t.Fatal("develop was merged into a second time")
	}
	tags := strings.Fields(testutil.Git(t, w.git.Dir("acme/shop"), "tag", "--points-at", merge))
	if strings.Join(tags, ",") != "v1.0.1" {
		t.Fatalf("tags on the merge: %v", tags)
	}
	merges := testutil.Git(t, w.git.Dir("acme/shop"), "log", "--merges", "--format=%s", "develop")
	if strings.Count(merges, "Merge tag 'v1.0.1'") != 1 {
		t.Fatalf("merges into develop:\n%s", merges)
	}
	if n := len(w.api.Issues()); n != 2 {
		t.Fatalf("%d issues", n)
	}
	if rec := loadRecord(t, w.repo.Dir); rec.Phase != record.PhaseClosed {
		t.Fatalf("phase %s", rec.Phase)
	}
}

// A protected develop: the push is refused, so the fix goes by pull
// request; --postmortem-pr opens the postmortem's own.
func TestProtectedDevelopGetsAPullRequest(t *testing.T) {
	w := newWorld(t, "")
	w.merge()
	w.git.Inject(gitserver.Fault{Repo: "acme/shop", Reject: "develop is protected", RejectRef: "refs/heads/develop", Times: -1})
	res := w.close("--answers", w.answers(fullAnswers), "--postmortem-pr", "--json")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	var out closecmd.Result
	if err := json.Unmarshal([]byte(res.Out), &out); err != nil {
		t.Fatal(err)
	}
	var heads []string
	for _, p := range w.api.PullRequests() {
		if p.State == "open" {
			heads = append(heads, p.Head.Ref+"->"+p.Base.Ref)
		}
	}
	if strings.Join(heads, ",") != "merge-back/v1.0.1-into-develop->develop,postmortem/2026-11-22-refunds-counted-twice->main" {
		t.Fatalf("open pull requests: %v", heads)
	}
	if out.PostmortemPR == "" || out.MergedBack[0].How != "pull-request" || out.MergedBack[1].How != "merged" {
		t.Fatalf("%+v", out)
	}
	files := testutil.Git(t, w.git.Dir("acme/shop"), "ls-tree", "-r", "--name-only", "postmortem/2026-11-22-refunds-counted-twice")
	if !strings.Contains(files, "docs/postmortems/2026-11-22-refunds-counted-twice.md") || !strings.Contains(files, ".hotfix/2026-11-22-refunds-counted-twice.yaml") {
		t.Fatalf("postmortem branch:\n%s", files)
	}
}

func TestAbortUndoesTheLocalSteps(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\n")
	w.merge()
	// The tag push fails: the tag exists locally only.
	w.git.Inject(gitserver.Fault{Repo: "acme/shop", Service: gitserver.ReceivePack, Status: 500, Times: -1})
	res := w.close("--answers", w.answers(fullAnswers))
	if res.Code != 3 || !strings.Contains(res.Err, `"push-tag"`) {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if w.repo.Git("tag", "--list", "v1.0.1") == "" {
		t.Fatal("no local tag before the abort")
	}
	w.git.ClearFaults()
	res = w.close("--abort")
	if res.Code != 0 {
		t.Fatalf("abort: %d %s", res.Code, res.Err)
	}
	if w.repo.Git("tag", "--list", "v1.0.1") != "" || w.repo.Exists(".git/hotfix/close.json") {
		t.Fatal("abort left the tag or the progress")
	}
	// And a fresh close finishes.
	if res := w.close("--answers", w.answers(fullAnswers)); res.Code != 0 {
		t.Fatalf("close after abort: %d %s", res.Code, res.Err)
	}
}

// --abort after close switched to production and marked the record
// closed: the record is back as it was (never deleted: it is the
// incident's history) and HEAD is back on the branch close began on. What
// reached the remote (the tag, the merge-backs) stays.
func TestAbortAfterTheSwitchPutsBackTheRecord(t *testing.T) {
	w := newWorld(t, "")
	w.merge()
	recPath := ".hotfix/2026-11-22-refunds-counted-twice.yaml"
	began := w.repo.Git("branch", "--show-current")
	head := w.repo.Git("rev-parse", "HEAD")
	record := w.repo.ReadFile(recPath)
	// The postmortem's pull request, after the switch, is refused.
	w.api.Fault(ghapi.Fault{Match: "pulls/create", Kind: ghapi.FaultStatus, Status: 401})
	res := w.close("--answers", w.answers(fullAnswers), "--postmortem-pr")
	if res.Code != 4 || !strings.Contains(res.Err, `stopped at step "postmortem-pr"`) {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if w.repo.Git("branch", "--show-current") == began || w.repo.ReadFile(recPath) == record {
		t.Fatalf("close had not switched and closed the record before it stopped:\n%s", res.Err)
	}
	res = w.close("--abort")
	if res.Code != 0 {
		t.Fatalf("abort: exit %d\n%s", res.Code, res.Err)
	}
	if !w.repo.Exists(recPath) || w.repo.ReadFile(recPath) != record {
		t.Fatalf("the record is not as it was before close:\n%s", w.repo.ReadFile(recPath))
	}
	if cur := w.repo.Git("branch", "--show-current"); cur != began || w.repo.Git("rev-parse", "HEAD") != head {
		t.Fatalf("on %s at %s after the abort, want %s at %s", cur, w.repo.Git("rev-parse", "HEAD"), began, head)
	}
	if st := w.repo.Git("status", "--porcelain"); st != "" {
		t.Fatalf("work tree after the abort:\n%s", st)
	}
	if w.remoteRef("refs/tags/v1.0.1") == "" {
		t.Fatal("the pushed tag went")
	}
}

func TestDryRunChangesNothing(t *testing.T) {
	w := newWorld(t, "")
	w.merge()
	before := w.repo.State()
	res := w.cli().Run(t, "--dry-run", "close", "--not-deployed", notDeployed, "--answers", w.answers(fullAnswers))
	if res.Code != 0 || !strings.Contains(res.Out, "tag v1.0.1 on the merge commit") || !strings.Contains(res.Out, "merge v1.0.1 into develop") ||
		!strings.Contains(res.Out, "Nothing was changed.") {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if w.repo.State() != before || w.remoteRef("refs/tags/v1.0.1") != "" {
		t.Fatal("the dry run changed something")
	}
}

func TestRefusesToMoveAnExistingTag(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\n")
	w.merge()
	w.repo.Git("tag", "-a", "v1.0.1", "-m", "someone else's", "v1.0.0")
	before := w.repo.State()
	res := w.close("--answers", w.answers(fullAnswers))
	if res.Code != 1 || !strings.Contains(res.Err, "tag v1.0.1 already exists") || !strings.Contains(res.Err, "--tag") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if w.repo.State() != before {
		t.Fatal("the refusal changed the repository")
	}
}

func TestNextTag(t *testing.T) {
	for in, want := range map[string]string{
		"v1.2.3": "v1.2.4", "1.2.3": "1.2.4", "release-1.2.3": "release-1.2.4",
		"v2.0.0-rc.1": "v2.0.0-rc.2", "v2.0.0-beta": "v2.0.0-beta.1", "v1.9.9": "v1.9.10", "app/v0.9.9": "app/v0.9.10",
	} {
		got, err := closecmd.NextTag(in)
		if err != nil || got != want {
			t.Errorf("NextTag(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "latest", "v1.2"} {
		if _, err := closecmd.NextTag(bad); err == nil {
			t.Errorf("NextTag(%q) gave no error", bad)
		}
	}
}

// In a terminal close asks only for what the answers file lacks, and
// Enter leaves an item open.
func TestPromptsForWhatIsMissing(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\n")
	w.merge()
	partial := strings.Replace(fullAnswers, "lucky: Few refunds were made on a Sunday.\n", "", 1)
	partial = strings.Replace(partial, "trigger: The v1.0.0 release, which first sent refunds through Total.\n", "", 1)
	s := prompter.NewScripted(
		prompter.Answer{Match: "Trigger", Value: "the v1.0.0 release"},
		prompter.Answer{Match: "lucky"}, // left open
	)
	cli := w.cli()
	cli.Prompter = s
	res := cli.Run(t, "close", "--not-deployed", notDeployed, "--answers", w.answers(partial))
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if asked := s.Asked(); len(asked) != 2 || len(s.Remaining()) != 0 {
		t.Fatalf("asked %q", asked)
	}
	pm := w.repo.ReadFile("docs/postmortems/2026-11-22-refunds-counted-twice.md")
	if !strings.Contains(pm, "## Trigger\n\nthe v1.0.0 release") || !strings.Contains(pm, "_Open: where we got lucky (lucky)_") {
		t.Fatalf("postmortem:\n%s", pm)
	}
	if !strings.Contains(res.Out, "Still open in the postmortem: lucky") {
		t.Fatalf("out: %s", res.Out)
	}
}

// A close whose response from GitHub is lost after GitHub filed an action
// item's issue, or whose connection breaks after the git server took the
// merge into develop, is finished by a rerun with one issue per item and
// the merge recorded as close's own, as if nothing had happened.
func TestRerunAfterLostResponses(t *testing.T) {
	w := newWorld(t, "")
	w.merge()
	// The tag's push goes through; the merge's push into develop is
	// applied on the server and then reset.
	w.git.Inject(gitserver.Fault{Service: gitserver.ReceivePack, Phase: gitserver.RPC, Delay: time.Nanosecond})
	w.git.Inject(gitserver.Fault{Service: gitserver.ReceivePack, Phase: gitserver.RPC, Reset: true})
	args := []string{"--answers", w.answers(fullAnswers), "--file-actions"}
	if res := w.close(args...); res.Code != 3 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	// The issue is filed and its answer breaks off: close is not allowed
	// to post again, and finds the issue it filed by its marker instead.
	w.api.Fault(ghapi.Fault{Match: "issues/create", Kind: ghapi.FaultTruncated})
	if res := w.close(args...); res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if n := len(w.api.Issues()); n != 2 {
		t.Fatalf("%d issues for 2 action items", n)
	}
	rec := loadRecord(t, w.repo.Dir)
	if strings.Join(rec.Close.ActionIssues, ",") != "#2,#3" || strings.Join(rec.Close.MergedBack, ",") != "develop: merged,release/1.1: merged" {
		t.Fatalf("record %+v", rec.Close)
	}
}

// TestAbandonedHotfixIsNotClosed: close refuses a hotfix ended with
// `record abandon`: nothing is tagged, merged or written.
func TestAbandonedHotfixIsNotClosed(t *testing.T) {
	w := newWorld(t, "")
	if res := w.cli().Run(t, "record", "abandon", "--reason", "superseded by a rollback"); res.Code != 0 {
		t.Fatalf("abandon: %d %s", res.Code, res.Err)
	}
	before := w.repo.State()
	res := w.close("--id", recordID)
	if res.Code != 1 || !strings.Contains(res.Err, "was abandoned; there is nothing to close") {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	if after := w.repo.State(); after != before {
		t.Fatalf("close changed an abandoned hotfix's repository:\n%s", after)
	}
}

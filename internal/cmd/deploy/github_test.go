package deploy_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/ghapi"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

const token = "ghp_CANARYCANARYCANARYCANARYCANARY0191"

const shopID = "2026-11-22-refunds-counted-twice"

// ghWorld is the shop repository whose origin is a git server over HTTP
// and the GitHub API test server on it, with a policy asking for GitHub
// deployments, and a started hotfix whose fix is committed (not pushed).
type ghWorld struct {
	t    *testing.T
	git  *gitserver.Server
	api  *ghapi.Server
	repo *testutil.Repo
	cli  testutil.CLI
	fix  string
}

func newGHWorld(t *testing.T, policy string) *ghWorld {
	t.Helper()
	w := &ghWorld{t: t}
	w.git = gitserver.New(t, gitserver.Options{User: "x-access-token", Password: token})
	r := testutil.NewShop(t, testutil.Shop{Policy: "version: 1\n" + policy})
	w.git.Seed(t, "acme/shop", r.Dir)
	w.repo = r
	w.api = ghapi.New(t, ghapi.Options{Token: token, Login: "hotfix-bot", Repos: []ghapi.Repo{{Owner: "acme", Name: "shop",
		GitDir: w.git.Dir("acme/shop"), CloneURL: w.git.RepoURL("acme/shop")}}})
	w.cli = testutil.CLI{Dir: r.Dir, Env: map[string]string{"GH_TOKEN": token, "GITHUB_API_URL": w.api.URL()}}
	if res := w.cli.Run(t, "start", "--no-input", "--title", "Refunds counted twice", "--severity", "SEV2", "--base", "v1.0.0"); res.Code != 0 {
		t.Fatalf("start: %s", res.Err)
	}
	r.WriteFile("shop/shop.go", testutil.ShopGo+"\n// Refunds counts the negative prices.\nfunc Refunds(ps []int) int { return 0 }\n")
	w.fix = r.Commit("fix refunds")
	return w
}

func (w *ghWorld) record() *record.Record {
	w.t.Helper()
	rec, err := record.Store{Root: w.repo.Dir, Dir: ".hotfix"}.Load(shopID)
	if err != nil {
		w.t.Fatal(err)
	}
	return rec
}

func (w *ghWorld) events(kind string) []record.Event {
	var out []record.Event
	for _, e := range w.record().Timeline {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

func TestGitHubDeploymentIsRecordedAfterTheRecordAndOnce(t *testing.T) {
	w := newGHWorld(t, "deploy:\n  github_deployments: true\n")
	// The fix is not on GitHub yet: GitHub refuses the deployment, which
	// is loud and recorded, and the deploy itself is saved.
	res := w.cli.Run(t, "deploy", "--ref", "HEAD", "--env", "staging")
	if res.Code != 1 || !strings.Contains(res.Err, "the deploy is recorded, but not as a GitHub deployment") || !strings.Contains(res.Err, "run `hotfix deploy` again") {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if !strings.Contains(res.Out, "deployed: deployed HEAD") || !strings.Contains(res.Out, "github-deployment: the GitHub deployment of the deploy to staging failed") {
		t.Errorf("stdout:\n%s", res.Out)
	}
	if d := w.events(record.EventDeployed); len(d) != 1 {
		t.Fatalf("%d deployed events", len(d))
	}
	if f := w.events(record.EventGitHubDeployment); len(f) != 1 || f[0].Fields["state"] != "failed" || !strings.Contains(f[0].Fields["reason"], "No ref found") {
		t.Fatalf("%+v", f)
	}
	if n := len(w.api.Deployments()); n != 0 {
		t.Fatalf("%d deployments", n)
	}

	// Pushed, and a crash-like failure: GitHub made the deployment but
	// its answer was lost. The rerun finds it rather than making another.
	w.repo.Git("push", "-q", w.git.AuthURL("acme/shop"), "HEAD:refs/heads/hotfix/v1.0.0-refunds-counted-twice")
	w.api.Fault(ghapi.Fault{Match: "repos/create-deployment", Kind: ghapi.FaultStatus, Status: 502, Times: 1, Applied: true})
	res = w.cli.Run(t, "deploy", "--env", "staging", "--ref", "HEAD")
	if res.Code != 1 || !strings.Contains(res.Err, "not as a GitHub deployment") || !strings.Contains(res.Out, "The deploy of HEAD to staging is already recorded") {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if n := len(w.api.Deployments()); n != 1 {
		t.Fatalf("%d deployments after the lost answer", n)
	}
	res = w.cli.Run(t, "deploy", "--env", "staging", "--ref", "HEAD", "--json")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	ds := w.api.Deployments()
	if len(ds) != 1 || ds[0].SHA != w.fix || ds[0].Environment != "staging" || len(ds[0].Statuses) != 1 || ds[0].Statuses[0].State != "success" ||
		!strings.Contains(ds[0].Description, shopID) {
		t.Fatalf("%+v", ds)
	}
	gd := w.events(record.EventGitHubDeployment)
	if last := gd[len(gd)-1]; last.Fields["state"] != "success" || last.Fields["deployment_id"] == "" || last.Fields["commit"] != w.fix {
		t.Fatalf("%+v", gd)
	}
	// Once more: nothing new anywhere.
	res = w.cli.Run(t, "deploy", "--env", "staging", "--ref", "HEAD")
	if res.Code != 0 || !strings.Contains(res.Out, "is already GitHub deployment") {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if n := len(w.api.Deployments()); n != 1 || len(w.api.Deployments()[0].Statuses) != 1 {
		t.Fatal("a second deployment or status")
	}
	if n := len(w.events(record.EventDeployed)); n != 1 {
		t.Fatalf("%d deployed events", n)
	}
	w.api.AssertNoTokenInDir(t, w.repo.Dir)
}

func TestNoGitHubDeploymentUnlessThePolicyAsks(t *testing.T) {
	w := newGHWorld(t, "")
	if res := w.cli.Run(t, "deploy", "--ref", "HEAD"); res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if n := len(w.api.Requests()); n != 0 {
		t.Fatalf("%d API requests", n)
	}
}

func TestMonitoringWindowIsRecorded(t *testing.T) {
	w := newGHWorld(t, "deploy:\n  monitor: 2d\n")
	// A deploy to staging is not watched by the policy's window.
	if res := w.cli.Run(t, "deploy", "--ref", "HEAD", "--env", "staging"); res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if m := w.events(record.EventMonitoring); len(m) != 0 {
		t.Fatalf("%+v", m)
	}
	res := w.cli.Run(t, "deploy", "--ref", "HEAD")
	if res.Code != 0 || !strings.Contains(res.Out, "monitoring: monitoring 2d after the deploy to production, until ") {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	m := w.events(record.EventMonitoring)
	want := testutil.Now.Add(48 * time.Hour).UTC().Truncate(time.Second)
	if len(m) != 1 || m[0].Fields["source"] != "policy" || m[0].Fields["window"] != "2d" || !w.record().MonitoringUntil().Equal(want) {
		t.Fatalf("%+v (want until %s)", m, want)
	}
	// --monitor overrides it for the same deploy, counted from the deploy.
	if res := w.cli.Run(t, "deploy", "--ref", "HEAD", "--monitor", "1w"); res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if got := w.record().MonitoringUntil(); !got.Equal(testutil.Now.Add(7 * 24 * time.Hour).UTC().Truncate(time.Second)) {
		t.Fatalf("until %s", got)
	}
	if res := w.cli.Run(t, "deploy", "--monitor", "soon"); res.Code != 2 || !strings.Contains(res.Err, "--monitor needs a window") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
}

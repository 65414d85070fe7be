package closecmd_test

import (
	"context"
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	gogithub "github.com/google/go-github/v57/github"

	closecmd "github.com/hotfix-dev/hotfix/internal/cmd/close"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/ghapi"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

const postmortemPath = "docs/postmortems/2026-11-22-refunds-counted-twice.md"

// phaseIn clones the server's repository afresh over HTTP, as a teammate
// would, and returns the phase `hotfix status --all --json` shows there.
func (w *world) phaseIn() string {
	w.t.Helper()
	dir := filepath.Join(w.t.TempDir(), "teammate")
	testutil.Git(w.t, filepath.Dir(dir), "clone", "-q", w.git.AuthURL("acme/shop"), dir)
	res := testutil.CLI{Dir: dir, Env: w.env, Clock: w.clock}.Run(w.t, "status", "--all", "--json")
	if res.Code != 0 {
		w.t.Fatalf("status in the other clone: exit %d\n%s", res.Code, res.Err)
	}
	var entries []struct {
		ID    string `json:"id"`
		Phase string `json:"phase"`
	}
	if err := json.Unmarshal([]byte(res.Out), &entries); err != nil {
		w.t.Fatalf("%v\n%s", err, res.Out)
	}
	for _, e := range entries {
		if e.ID == recordID {
			return e.Phase
		}
	}
	w.t.Fatalf("the other clone does not list %s:\n%s", recordID, res.Out)
	return ""
}

func decodeResult(t *testing.T, out string) closecmd.Result {
	t.Helper()
	var r closecmd.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return r
}

// By default the closed record and the postmortem go by pull request:
// another clone shows the hotfix as the merged fix left it until that
// pull request merges, and closed once it has.
func TestClosePublishesByPullRequestByDefault(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\n")
	w.merge()
	res := w.close("--answers", w.answers(fullAnswers), "--json")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	out := decodeResult(t, res.Out)
	if out.Published != "pull-request" || out.PostmortemPR == "" {
		t.Fatalf("published %q, pull request %q", out.Published, out.PostmortemPR)
	}
	prs := w.api.PullRequests()
	if len(prs) != 2 || prs[1].Head.Ref != "postmortem/"+recordID || prs[1].Base.Ref != "main" {
		t.Fatalf("pull requests: %+v", prs)
	}
	if got := w.phaseIn(); got == record.PhaseClosed {
		t.Fatalf("another clone shows %s before the postmortem's pull request merged", got)
	}
	w.api.Merge("acme/shop", prs[1].Number, ghapi.MergeOptions{By: "bob"})
	if got := w.phaseIn(); got != record.PhaseClosed {
		t.Fatalf("another clone shows %s once the postmortem's pull request merged, want closed", got)
	}
	main := testutil.Git(t, w.git.Dir("acme/shop"), "ls-tree", "-r", "--name-only", "main")
	if !strings.Contains(main, postmortemPath) {
		t.Fatalf("main lacks the postmortem:\n%s", main)
	}
}

// close.publish: commit pushes the closed record and the postmortem onto
// the production branch: another clone shows the hotfix closed at once.
// A rerun has nothing left to do and pushes nothing.
func TestClosePublishesByCommit(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\nclose:\n  publish: commit\n")
	w.merge()
	res := w.close("--answers", w.answers(fullAnswers), "--json")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	out := decodeResult(t, res.Out)
	if out.Published != "commit" || out.PublishCommit == "" || out.PostmortemPR != "" {
		t.Fatalf("%+v", out)
	}
	if got := w.remoteRef("refs/heads/main"); got != out.PublishCommit {
		t.Fatalf("the remote's main is %s, want the publish commit %s", got, out.PublishCommit)
	}
	if st := w.repo.Git("status", "--porcelain"); st != "" {
		t.Fatalf("the work tree is not clean after the publish commit:\n%s", st)
	}
	if n := len(w.api.PullRequests()); n != 1 {
		t.Fatalf("%d pull requests: the commit went by pull request", n)
	}
	if got := w.phaseIn(); got != record.PhaseClosed {
		t.Fatalf("another clone shows %s, want closed", got)
	}
	if res := w.close("--id", recordID); res.Code != 0 || !strings.Contains(res.Out, "already closed") {
		t.Fatalf("rerun: exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if got := w.remoteRef("refs/heads/main"); got != out.PublishCommit {
		t.Fatal("the rerun pushed again")
	}
}

// A protected production branch refuses the publish commit: it goes by
// pull request instead.
func TestClosePublishCommitRefusedGoesByPullRequest(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\nclose:\n  publish: commit\n")
	w.merge()
	before := w.remoteRef("refs/heads/main")
	w.git.Inject(gitserver.Fault{Repo: "acme/shop", Reject: "main is protected", RejectRef: "refs/heads/main", Times: -1})
	res := w.close("--answers", w.answers(fullAnswers), "--json")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	out := decodeResult(t, res.Out)
	if out.Published != "pull-request" || out.PostmortemPR == "" {
		t.Fatalf("%+v", out)
	}
	if w.remoteRef("refs/heads/main") != before {
		t.Fatal("main moved although protected")
	}
	if got := w.remoteRef("refs/heads/postmortem/" + recordID); got != out.PublishCommit {
		t.Fatalf("postmortem branch at %s, want the publish commit %s", got, out.PublishCommit)
	}
}

// --abort after the publish commit was made but not pushed takes the
// commit back: the record is as it was before close, the postmortem gone,
// and a new close publishes once.
func TestAbortTakesBackAnUnpushedPublishCommit(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\nclose:\n  publish: commit\n")
	w.merge()
	recPath := ".hotfix/" + recordID + ".yaml"
	record0 := w.repo.ReadFile(recPath)
	// Released, waiting for the deploy: the tag is pushed.
	if res := w.cli().Run(t, "close", "--answers", w.answers(fullAnswers)); res.Code != 0 || !strings.Contains(res.Out, "Left to do") {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	// Then every push fails: the publish commit is made, not pushed.
	w.git.Inject(gitserver.Fault{Repo: "acme/shop", Service: gitserver.ReceivePack, Status: 500, Times: -1})
	res := w.close()
	if res.Code != 3 || !strings.Contains(res.Err, `"postmortem-commit"`) {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if subj := w.repo.Git("log", "-1", "--format=%s"); subj != "Postmortem of hotfix "+recordID {
		t.Fatalf("HEAD is %q before the abort", subj)
	}
	w.git.ClearFaults()
	if res := w.close("--abort"); res.Code != 0 {
		t.Fatalf("abort: exit %d\n%s", res.Code, res.Err)
	}
	if strings.Contains(w.repo.Git("log", "--all", "--format=%s"), "Postmortem of hotfix") && w.repo.Git("log", "-1", "--format=%s") == "Postmortem of hotfix "+recordID {
		t.Fatal("the publish commit is still HEAD after the abort")
	}
	if w.repo.Exists(postmortemPath) || w.repo.ReadFile(recPath) != record0 {
		t.Fatal("the abort left the postmortem or the closed record")
	}
	res = w.close("--answers", w.answers(fullAnswers), "--json")
	if res.Code != 0 {
		t.Fatalf("close after the abort: exit %d\n%s", res.Code, res.Err)
	}
	if got := w.phaseIn(); got != record.PhaseClosed {
		t.Fatalf("another clone shows %s, want closed", got)
	}
}

// close.release: github publishes the tag's GitHub Release with notes from
// the record, once: a rerun, or a release already there, makes no second.
func TestCloseCreatesTheGitHubReleaseOnce(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\nclose:\n  release: github\n")
	w.merge()
	res := w.close("--answers", w.answers(fullAnswers), "--json")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	out := decodeResult(t, res.Out)
	rels := w.api.Releases()
	if len(rels) != 1 || rels[0].TagName != "v1.0.1" || out.GitHubRelease != rels[0].HTMLURL || rels[0].Draft {
		t.Fatalf("releases %+v, result %q", rels, out.GitHubRelease)
	}
	for _, want := range []string{"Hotfix release for SEV2: Refunds counted twice.", "Order totals count refunds twice", "- **Fix:** " + w.api.WebURL(),
		"- **Broken in:** `v1.0.0`", "Changes since v1.0.0:", "fix refunds"} {
		if !strings.Contains(rels[0].Body, want) {
			t.Errorf("release notes lack %q:\n%s", want, rels[0].Body)
		}
	}
	if rels[0].Name != "v1.0.1: Refunds counted twice" {
		t.Errorf("release name %q", rels[0].Name)
	}
	rec := loadRecord(t, w.repo.Dir)
	if rec.Close.GitHubRelease != rels[0].HTMLURL {
		t.Errorf("record close.github_release %q", rec.Close.GitHubRelease)
	}
	if res := w.close("--id", recordID); res.Code != 0 {
		t.Fatalf("rerun: exit %d\n%s", res.Code, res.Err)
	}
	if n := len(w.api.Releases()); n != 1 {
		t.Fatalf("%d releases after the rerun", n)
	}
}

// A create whose answer is lost (GitHub made the release, a proxy answered
// 502) is found by its tag, and a release made by hand before close is
// adopted: never a second.
func TestCloseGitHubReleaseFoundByTag(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\nclose:\n  release: github\n")
	w.merge()
	w.api.Fault(ghapi.Fault{Match: "repos/create-release", Kind: ghapi.FaultStatus, Status: 502, Applied: true})
	res := w.close("--answers", w.answers(fullAnswers))
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if rels := w.api.Releases(); len(rels) != 1 {
		t.Fatalf("%d releases: %+v", len(rels), rels)
	}
	if !strings.Contains(res.Err, "Found the GitHub Release of v1.0.1") {
		t.Errorf("close did not say it found the release:\n%s", res.Err)
	}
}

func TestCloseAdoptsAGitHubReleaseMadeByHand(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\nclose:\n  release: github\n")
	w.merge()
	// GitHub refuses the create: close stops after pushing the tag.
	w.api.Fault(ghapi.Fault{Match: "repos/create-release", Kind: ghapi.FaultStatus, Status: 500})
	res := w.close("--answers", w.answers(fullAnswers))
	if res.Code == 0 || !strings.Contains(res.Err, `"github-release"`) {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	// Meanwhile a person publishes it by hand.
	gh := gogithub.NewClient(nil).WithAuthToken(token)
	gh.BaseURL, _ = url.Parse(strings.TrimSuffix(w.api.URL(), "/") + "/")
	if _, _, err := gh.Repositories.CreateRelease(context.Background(), "acme", "shop", &gogithub.RepositoryRelease{TagName: gogithub.String("v1.0.1"), Body: gogithub.String("by hand")}); err != nil {
		t.Fatal(err)
	}
	res = w.close("--continue")
	if res.Code != 0 || !strings.Contains(res.Err, "Found the GitHub Release of v1.0.1") {
		t.Fatalf("continue: exit %d\n%s", res.Code, res.Err)
	}
	if rels := w.api.Releases(); len(rels) != 1 || rels[0].Body != "by hand" {
		t.Fatalf("releases: %+v", rels)
	}
	if rec := loadRecord(t, w.repo.Dir); rec.Close.GitHubRelease == "" {
		t.Error("the record does not name the release found")
	}
}

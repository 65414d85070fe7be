package closecmd_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
)

// testdata/state-v1.json and state-v2.json are the progress the previous
// releases (format 1, plan and progress in one object; format 2, apart)
// saved when their close of this world stopped at push-tag, having tagged
// the merge commit. This release carries them over (format 3: the tag is
// on the plan's tag_commit, filled from merge_commit) and finishes them on
// the commit they tagged.
func TestResumesStateSavedByThePreviousRelease(t *testing.T) {
	for _, fixture := range []string{"state-v1.json", "state-v2.json"} {
		t.Run(fixture, func(t *testing.T) { resumeOldState(t, fixture) })
	}
}

func resumeOldState(t *testing.T, fixture string) {
	w := newWorld(t, "version: 1\nflow: trunk\n")
	w.merge()
	w.git.Inject(gitserver.Fault{Repo: "acme/shop", Service: gitserver.ReceivePack, Status: 500, Times: -1})
	if res := w.close("--answers", w.answers(fullAnswers)); res.Code != 3 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	w.git.ClearFaults()
	state := filepath.Join(w.repo.Dir, ".git", "hotfix", "close.json")
	ours, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	type ids struct {
		MergeCommit string `json:"merge_commit"`
		Head        string `json:"head"`
		APIURL      string `json:"api_url"`
		TagCommit   string `json:"tag_commit"`
	}
	var now struct {
		DataVersion int `json:"data_version"`
		Data        struct {
			Plan ids `json:"plan"`
		} `json:"data"`
	}
	if err := json.Unmarshal(ours, &now); err != nil || now.DataVersion != 3 || now.Data.Plan.MergeCommit == "" ||
		now.Data.Plan.TagCommit != now.Data.Plan.Head {
		t.Fatalf("this release's state (trunk tags the head): %v\n%s", err, ours)
	}
	old, err := os.ReadFile(filepath.Join("testdata", fixture))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Data struct {
			ids
			Plan ids `json:"plan"`
		} `json:"data"`
	}
	if err := json.Unmarshal(old, &v); err != nil {
		t.Fatal(err)
	}
	was := v.Data.ids
	if was.MergeCommit == "" {
		was = v.Data.Plan
	}
	// The API server listens on a new port each run, and the world's
	// commits may have new ids: the fixture gets this run's.
	merge := now.Data.Plan.MergeCommit
	text := strings.NewReplacer(was.APIURL, now.Data.Plan.APIURL, was.MergeCommit, merge,
		was.Head, now.Data.Plan.Head).Replace(string(old))
	if err := os.WriteFile(state, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	// The previous release had tagged the merge commit.
	w.repo.Git("tag", "-d", "v1.0.1")
	w.repo.Git("tag", "-a", "-m", "v1.0.1", "v1.0.1", merge)
	res := w.close("--continue")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if !w.repo.Exists("docs/postmortems/2026-11-22-refunds-counted-twice.md") || w.repo.Exists(".git/hotfix/close.json") {
		t.Fatalf("not finished:\n%s\n%s", res.Out, res.Err)
	}
	if got := strings.TrimSpace(testutil.Git(t, w.git.Dir("acme/shop"), "rev-parse", "v1.0.1^{commit}")); got != merge {
		t.Fatalf("the pushed tag is on %s, want the merge %s its plan tagged", got, merge)
	}
	if rec := loadRecord(t, w.repo.Dir); rec.Close.TagCommit != merge {
		t.Fatalf("the record's tag_commit %q, want the merge %s", rec.Close.TagCommit, merge)
	}
	pm := w.repo.ReadFile("docs/postmortems/2026-11-22-refunds-counted-twice.md")
	if !strings.Contains(pm, "Add refund cases to the checkout tests") {
		t.Fatalf("the action items did not come over:\n%s", pm)
	}
}

// On GitHub Enterprise with both GH_TOKEN (github.com's) and
// GH_ENTERPRISE_TOKEN set, close pushes with the token the API client
// uses for that host, never the github.com one.
func TestPushesWithTheHostsToken(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\n")
	w.merge()
	w.env["GH_TOKEN"] = "ghp_GITHUBDOTCOMTOKENNOTFORTHISHOST00"
	w.env["GH_ENTERPRISE_TOKEN"] = token
	res := w.close("--answers", w.answers(fullAnswers))
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if w.remoteRef("refs/tags/v1.0.1") == "" {
		t.Fatalf("the tag was not pushed:\n%s", res.Err)
	}
}

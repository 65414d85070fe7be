package closecmd_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
)

// testdata/state-v1.json is the progress the previous release (format 1,
// plan and progress in one object) saved when its close of this world
// stopped at push-tag. This release carries it over and finishes it.
func TestResumesStateSavedByThePreviousRelease(t *testing.T) {
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
	var now struct {
		DataVersion int `json:"data_version"`
		Data        struct {
			Plan struct {
				MergeCommit string `json:"merge_commit"`
				Head        string `json:"head"`
				APIURL      string `json:"api_url"`
			} `json:"plan"`
		} `json:"data"`
	}
	if err := json.Unmarshal(ours, &now); err != nil || now.DataVersion != 2 || now.Data.Plan.MergeCommit == "" {
		t.Fatalf("this release's state: %v\n%s", err, ours)
	}
	old, err := os.ReadFile(filepath.Join("testdata", "state-v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v1 struct {
		Data struct {
			MergeCommit string `json:"merge_commit"`
			Head        string `json:"head"`
			APIURL      string `json:"api_url"`
		} `json:"data"`
	}
	if err := json.Unmarshal(old, &v1); err != nil {
		t.Fatal(err)
	}
	// The API server listens on a new port each run, and the world's
	// commits have new ids: the fixture gets this run's.
	text := strings.NewReplacer(v1.Data.APIURL, now.Data.Plan.APIURL, v1.Data.MergeCommit, now.Data.Plan.MergeCommit,
		v1.Data.Head, now.Data.Plan.Head).Replace(string(old))
	if err := os.WriteFile(state, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	res := w.close("--continue")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if w.remoteRef("refs/tags/v1.0.1") == "" || !w.repo.Exists("docs/postmortems/2026-11-22-refunds-counted-twice.md") || w.repo.Exists(".git/hotfix/close.json") {
		t.Fatalf("not finished:\n%s\n%s", res.Out, res.Err)
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

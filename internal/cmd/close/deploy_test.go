package closecmd_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	closecmd "github.com/hotfix-dev/hotfix/internal/cmd/close"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/golden"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

func kinds(rec *record.Record) string {
	var k []string
	for _, e := range rec.Timeline {
		k = append(k, e.Kind)
	}
	return strings.Join(k, ",")
}

// TestCloseWaitsForTheDeploy: the whole incident through the CLI. A
// mitigation by rollback; close before any deploy tags, pushes and merges
// back, records the release and stops with exit 0 saying what is left (no
// postmortem, branch kept); a second close still waits; deploy records the
// release tag; close again resumes and finishes; the postmortem's figures
// are measured from the recorded events.
func TestCloseWaitsForTheDeploy(t *testing.T) {
	w := newWorld(t, "")
	cli := w.cli()
	if res := cli.Run(t, "mitigate", "rolled back production to v1.0.0", "--rollback", "v1.0.0"); res.Code != 0 {
		t.Fatalf("mitigate: %s", res.Err)
	}
	merge := w.merge()

	res := cli.Run(t, "close", "--answers", w.answers(fullAnswers))
	if res.Code != 0 || !strings.Contains(res.Out, "Released v1.0.1") || !strings.Contains(res.Out, "hotfix deploy") || !strings.Contains(res.Out, "--not-deployed REASON") {
		t.Fatalf("first close: %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if w.remoteRef("refs/tags/v1.0.1") == "" || w.remoteRef("refs/heads/"+branch) == "" {
		t.Fatal("the tag is not pushed, or the branch was deleted")
	}
	if _, err := testutil.GitErr(w.git.Dir("acme/shop"), nil, "merge-base", "--is-ancestor", merge, w.remoteRef("refs/heads/develop")); err != nil {
		t.Fatal("develop does not have the fix: the merge-back is part of the release")
	}
	if cur := strings.TrimSpace(w.repo.Git("branch", "--show-current")); cur != branch {
		t.Fatalf("on %s", cur)
	}
	rec := loadRecord(t, w.repo.Dir)
	if rec.Phase != record.PhaseReleased || rec.Close != nil || kinds(rec) != "started,verified,pull-request,mitigated,merged,tagged,merge-back,merge-back" {
		t.Fatalf("%s %v %s", rec.Phase, rec.Close, kinds(rec))
	}

	// Again without a deploy: it still waits, changing nothing; --json says so.
	w.clock.Advance(5 * time.Minute)
	res = cli.Run(t, "close", "--json")
	var out closecmd.Result
	if err := json.Unmarshal([]byte(res.Out), &out); err != nil || res.Code != 0 || !out.AwaitingDeploy || out.Tag != "v1.0.1" || len(out.Left) != 3 {
		t.Fatalf("%d %v %+v %s", res.Code, err, out, res.Err)
	}

	// The deploy of the release tag, and a re-run.
	w.clock.Advance(10 * time.Minute)
	res = cli.Run(t, "deploy", "--rerun", "re-ran the refunds report")
	if res.Code != 0 || !strings.Contains(res.Out, "deployed v1.0.1") || !strings.Contains(res.Out, "released → deployed") {
		t.Fatalf("deploy: %d %s %s", res.Code, res.Out, res.Err)
	}

	// close resumes and finishes.
	w.clock.Advance(5 * time.Minute)
	res = cli.Run(t, "close")
	if res.Code != 0 || !strings.Contains(res.Err, "Finishing the interrupted `hotfix close`") {
		t.Fatalf("second close: %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	rec = loadRecord(t, w.repo.Dir)
	if rec.Phase != record.PhaseClosed || rec.Close == nil || rec.Close.Tag != "v1.0.1" ||
		kinds(rec) != "started,verified,pull-request,mitigated,merged,tagged,merge-back,merge-back,deployed,rerun,closed,monitoring" {
		t.Fatalf("%s %s", rec.Phase, kinds(rec))
	}
	if w.repo.Git("branch", "--list", branch) != "" || w.remoteRef("refs/heads/"+branch) != "" {
		t.Fatal("the hotfix branch is still there")
	}
	pm := w.repo.ReadFile("docs/postmortems/2026-11-22-refunds-counted-twice.md")
	// Mitigation and resolution are measured from the start (no log gave
	// the first error), to the rollback and to the deploy of the release.
	for _, want := range []string{"**Time to mitigate:** 45m, from the start of the hotfix (2026-11-22 10:00 UTC) to the first mitigation",
		"**Time to resolve:** 1h 5m, from the start of the hotfix (2026-11-22 10:00 UTC) to the deploy of the fix",
		"| Mitigated | Test Author |", "| Deployed (production) | Test Author | deployed v1.0.1", "| Processes re-run | Test Author | re-ran the refunds report |"} {
		if !strings.Contains(pm, want) {
			t.Errorf("the postmortem lacks %q", want)
		}
	}
	golden.Check(t, "testdata/deployed.md", strings.ReplaceAll(pm, merge[:10], "<merge>"))
}

// Before the merge is recorded, deploy needs --ref; a deploy recorded
// before the merge does not let close finish.
func TestDeployBeforeTheMergeDoesNotCount(t *testing.T) {
	w := newWorld(t, "")
	cli := w.cli()
	if res := cli.Run(t, "deploy"); res.Code != 1 || !strings.Contains(res.Err, "--ref REV") {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	if res := cli.Run(t, "deploy", "--ref", "HEAD", "--env", "staging"); res.Code != 0 {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	w.clock.Advance(time.Minute)
	w.merge()
	res := cli.Run(t, "close", "--answers", w.answers(fullAnswers))
	if res.Code != 0 || !strings.Contains(res.Out, "Left to do") {
		t.Fatalf("%d %s %s", res.Code, res.Out, res.Err)
	}
	// --not-deployed on the resumed close records the reason and closes.
	res = cli.Run(t, "close", "--not-deployed", "staging only: production deploys on Monday")
	if res.Code != 0 {
		t.Fatalf("%d %s %s", res.Code, res.Out, res.Err)
	}
	rec := loadRecord(t, w.repo.Dir)
	var reason string
	for _, e := range rec.Timeline {
		if e.Kind == record.EventNotDeployed {
			reason = e.Fields["reason"]
		}
	}
	if rec.Phase != record.PhaseClosed || reason != "staging only: production deploys on Monday" {
		t.Fatalf("%s %q %s", rec.Phase, reason, kinds(rec))
	}
	if pm := w.repo.ReadFile("docs/postmortems/2026-11-22-refunds-counted-twice.md"); !strings.Contains(pm, "staging only: production deploys on Monday") {
		t.Fatalf("the postmortem does not say why it was not deployed:\n%s", pm)
	}
}

// --abort while close waits for the deploy puts the record back as it was
// before close (no release events, the phase of the review) and deletes
// the local tag only if it was never pushed: here it was, so it stays.
func TestAbortWhileWaitingForTheDeploy(t *testing.T) {
	w := newWorld(t, "")
	cli := w.cli()
	w.merge()
	before := loadRecord(t, w.repo.Dir)
	if res := cli.Run(t, "close", "--answers", w.answers(fullAnswers)); res.Code != 0 || !strings.Contains(res.Out, "Left to do") {
		t.Fatalf("%d %s %s", res.Code, res.Out, res.Err)
	}
	if rec := loadRecord(t, w.repo.Dir); rec.Phase != record.PhaseReleased {
		t.Fatalf("phase %s", rec.Phase)
	}
	res := cli.Run(t, "close", "--abort")
	if res.Code != 0 || !strings.Contains(res.Out, "The tag v1.0.1 was already pushed and stays") {
		t.Fatalf("%d %s %s", res.Code, res.Out, res.Err)
	}
	rec := loadRecord(t, w.repo.Dir)
	if rec.Phase != before.Phase || kinds(rec) != kinds(before) {
		t.Fatalf("after --abort: %s %s, before: %s %s", rec.Phase, kinds(rec), before.Phase, kinds(before))
	}
	// A new close reuses the tag and waits again.
	if res := cli.Run(t, "close", "--answers", w.answers(fullAnswers)); res.Code != 0 || !strings.Contains(res.Out, "Released v1.0.1") {
		t.Fatalf("%d %s %s", res.Code, res.Out, res.Err)
	}
}

// TestSwitchStoppedKeepsWhatCloseRecorded: the switch to production puts
// the record file back as committed to check out; when the checkout then
// fails (an untracked file in the way), the rerun must still record what
// close added before it, here the --not-deployed reason, which --continue
// cannot give again. (Found by the kill trials: a kill at the same place
// lost it.)
func TestSwitchStoppedKeepsWhatCloseRecorded(t *testing.T) {
	w := newWorld(t, "")
	w.onServer("main", "notes/ops.txt", "ops notes")
	w.merge()
	w.repo.WriteFile("notes/ops.txt", "mine, untracked\n")
	res := w.cli().Run(t, "close", "--answers", w.answers(fullAnswers), "--not-deployed", "rolled out by the platform team", "--allow-extra", "ops notes only")
	if res.Code != 3 || !strings.Contains(res.Err, `stopped at step "switch"`) {
		t.Fatalf("close with a file in the way: %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	// What carries the reason over: keep-record's copy in the progress.
	saved, err := os.ReadFile(filepath.Join(w.repo.Dir, ".git", "hotfix", "close.json"))
	if err != nil || !strings.Contains(string(saved), `"record_carried"`) || !strings.Contains(string(saved), "rolled out by the platform team") {
		t.Fatalf("the progress does not keep the record as close changed it: %v\n%s", err, saved)
	}
	if err := os.Remove(filepath.Join(w.repo.Dir, "notes", "ops.txt")); err != nil {
		t.Fatal(err)
	}
	res = w.cli().Run(t, "close", "--continue")
	if res.Code != 0 {
		t.Fatalf("close --continue: %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	rec := loadRecord(t, w.repo.Dir)
	if rec.Phase != record.PhaseClosed || !strings.Contains(kinds(rec), "not-deployed") {
		t.Fatalf("%s %s", rec.Phase, kinds(rec))
	}
	for _, e := range rec.Timeline {
		if e.Kind == record.EventNotDeployed && !strings.Contains(e.Text, "rolled out by the platform team") {
			t.Fatalf("not-deployed: %q", e.Text)
		}
	}
}

package closecmd_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/golden"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// TestWholeIncidentRevertDeployMonitorClose: the incident of issue 19 end
// to end, against the git server over HTTP and the GitHub API test server.
// The suspect released in v1.0.0 is reverted by a pull request as the
// mitigation (mitigate --revert), the fix is merged, close releases and
// waits, deploy records the deploy as a GitHub deployment with the
// policy's monitoring window, close finishes, and status shows the closed
// hotfix still monitored. Every figure of the postmortem (its golden file)
// is computed from a recorded event.
func TestWholeIncidentRevertDeployMonitorClose(t *testing.T) {
	policy := "version: 1\nflow: gitflow\nverify:\n  rules: [tests-touched, docs-touched]\ndeploy:\n  github_deployments: true\n  monitor: 2h\n"
	w := newWorldShop(t, testutil.Shop{Policy: policy, Gitflow: true, Suspect: true})
	cli := w.cli()
	suspect := strings.TrimSpace(w.repo.Git("log", "--format=%H", "--grep", testutil.SuspectSubject, "main"))
	if len(suspect) != 40 {
		t.Fatalf("suspect %q", suspect)
	}

	// The service's log gives the first and last error: time to detect
	// and the impact are measured from it.
	logFile := filepath.Join(t.TempDir(), "shop.log")
	log := "2026-11-22T09:40:12Z INFO checkout ok order=1001\n" +
		"2026-11-22T09:42:05Z ERROR total mismatch: want 80, got 120 order=1002\n" +
		"2026-11-22T09:51:40Z ERROR total mismatch: want 80, got 120 order=1007\n" +
		"2026-11-22T09:58:00Z INFO checkout ok order=1009\n"
	if err := os.WriteFile(logFile, []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := cli.Run(t, "triage", "logs", "--record", logFile); res.Code != 0 {
		t.Fatalf("triage logs: %d\n%s\n%s", res.Code, res.Out, res.Err)
	}

	// The mitigation: the suspect's revert pull request, verified as any.
	res := cli.Run(t, "mitigate", "--revert", suspect, "reverted the discount change")
	if res.Code != 0 {
		t.Fatalf("mitigate --revert: %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	prs := w.api.PullRequests()
	if len(prs) != 2 || !strings.Contains(prs[1].Title, "Revert") || prs[1].Base.Ref != "main" {
		t.Fatalf("pull requests %+v", prs)
	}
	merge := w.merge()

	// close releases, then waits for the deploy.
	answers := strings.Replace(fullAnswers, "  until: 7d\n", "", 1)
	res = cli.Run(t, "close", "--answers", w.answers(answers))
	if res.Code != 0 || !strings.Contains(res.Out, "hotfix deploy") {
		t.Fatalf("close before the deploy: %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	w.clock.Advance(10 * time.Minute)
	res = cli.Run(t, "deploy", "--env", "production")
	if res.Code != 0 || !strings.Contains(res.Out, "deployed v1.0.1") {
		t.Fatalf("deploy: %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	w.clock.Advance(5 * time.Minute)
	if res = cli.Run(t, "close"); res.Code != 0 {
		t.Fatalf("close: %d\n%s\n%s", res.Code, res.Out, res.Err)
	}

	rec := loadRecord(t, w.repo.Dir)
	var mitigated, merged record.Event
	for _, e := range rec.Timeline {
		switch e.Kind {
		case record.EventMitigated:
			mitigated = e
		case record.EventMerged:
			merged = e
		}
	}
	if merged.By != "bob" {
		t.Errorf("the merge is by %q, not bob who merged it", merged.By)
	}
	if rec.Phase != record.PhaseClosed || !strings.Contains(mitigated.Text, "reverted the discount change") || !strings.Contains(strings.Join(fieldValues(mitigated), " "), prs[1].HTMLURL) {
		t.Fatalf("%s %s mitigated %+v", rec.Phase, kinds(rec), mitigated)
	}
	for _, k := range []string{"mitigated", "merged", "tagged", "deployed", "monitoring", "closed"} {
		if !strings.Contains(","+kinds(rec)+",", ","+k+",") {
			t.Errorf("no %s event: %s", k, kinds(rec))
		}
	}
	// One GitHub deployment of the release, with its success status.
	if reqs := w.api.RequestsTo("repos/create-deployment"); len(reqs) != 1 {
		t.Fatalf("%d deployments created", len(reqs))
	}
	if reqs := w.api.RequestsTo("repos/create-deployment-status"); len(reqs) != 1 || !strings.Contains(reqs[0].Body, `"success"`) {
		t.Fatalf("deployment statuses %+v", reqs)
	}

	// Closed, and still inside the monitoring window.
	res = cli.Run(t, "status", "--all", "--json")
	var st []map[string]any
	if err := json.Unmarshal([]byte(res.Out), &st); err != nil || res.Code != 0 || len(st) != 1 || st[0]["monitoring_until"] == nil {
		t.Fatalf("status: %v %s\n%s", err, res.Out, res.Err)
	}

	pm := w.repo.ReadFile("docs/postmortems/2026-11-22-refunds-counted-twice.md")
	for _, want := range []string{"**Time to detect:** 18m, from the first error (2026-11-22 09:42 UTC)", "**How long:** 1h 3m, from the first error", "**Time to mitigate:** ", "**Time to resolve:** ", prs[1].HTMLURL} {
		if !strings.Contains(pm, want) {
			t.Errorf("the postmortem lacks %q", want)
		}
	}
	pm = strings.ReplaceAll(strings.ReplaceAll(pm, merge[:10], "<merge>"), filepath.Dir(logFile), "<logs>")
	for _, sha := range []string{suspect, strings.TrimSpace(w.repo.Git("rev-parse", "v1.0.1^{commit}"))} {
		pm = strings.ReplaceAll(strings.ReplaceAll(pm, sha, "<sha>"), sha[:10], "<sha>")
	}
	golden.Check(t, "testdata/revert-incident.md", pm)
}

// fieldValues lists an event's field values.
func fieldValues(e record.Event) []string {
	var v []string
	for _, x := range e.Fields {
		v = append(v, x)
	}
	return v
}

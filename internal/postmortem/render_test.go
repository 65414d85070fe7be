package postmortem

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/testutil/golden"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

func loadRecord(t *testing.T, name string) *record.Record {
	t.Helper()
	path := filepath.Join("testdata", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := record.Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func loadAnswers(t *testing.T, name string) Answers {
	t.Helper()
	path := filepath.Join("testdata", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseAnswers(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// fullCase is a seed-003-like incident: the URL shortener down 23 minutes
// because version 2 called json.loads on a file, every section answered.
func fullCase(t *testing.T) (*record.Record, Facts, Answers, config.Severity) {
	rec := loadRecord(t, "full.record.yaml")
	facts := Facts{
		Tag:            "v1.2.1",
		TagTime:        ts("2023-09-22T21:48:10Z"),
		MergeCommit:    "9f2c4e1a7b3d5f60812a4c6e8b0d2f4a6c8e0b1d",
		Merged:         ts("2023-09-22T21:47:00Z"),
		PROpened:       ts("2023-09-22T21:40:00Z"),
		FirstFixCommit: ts("2023-09-22T21:37:40Z"),
		Closed:         ts("2023-09-22T21:52:00Z"),
		FirstError:     ts("2023-09-22T21:21:07Z"),
		DocsTouched:    []string{"README.md", "docs/pipeline.md"},
	}
	sev := config.Severity{Name: "SEV1", Meaning: "Production is down or losing data; all hands until it is back."}
	return rec, facts, loadAnswers(t, "full.answers.yaml"), sev
}

func sparseCase(t *testing.T) (*record.Record, Facts, Answers, config.Severity) {
	rec := loadRecord(t, "sparse.record.yaml")
	facts := Facts{Closed: ts("2024-03-04T11:40:00Z")}
	return rec, facts, Answers{}, config.Severity{}
}

func offlineCase(t *testing.T) (*record.Record, Facts, Answers, config.Severity) {
	rec := loadRecord(t, "offline.record.yaml")
	facts := Facts{
		Tag:            "v3.8.1",
		MergeCommit:    "3333333333333333333333333333333333333333",
		Merged:         ts("2024-05-10T14:31:00Z"),
		FirstFixCommit: ts("2024-05-10T13:38:00Z"),
		Closed:         ts("2024-05-10T14:35:00Z"),
		Offline:        true,
	}
	sev := config.Severity{Name: "SEV2", Meaning: "A core feature is broken for some users."}
	return rec, facts, loadAnswers(t, "offline.answers.yaml"), sev
}

func TestRenderGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		load func(*testing.T) (*record.Record, Facts, Answers, config.Severity)
	}{
		{"full", fullCase},
		{"sparse", sparseCase},
		{"offline", offlineCase},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, facts, a, sev := tc.load(t)
			got := Render(rec, facts, a, sev)
			if again := Render(rec, facts, a, sev); again != got {
				t.Fatal("Render is not deterministic")
			}
			golden.Check(t, filepath.Join("testdata", "golden", tc.name+".md"), got)
		})
	}
}

func TestRenderFullHasNoGaps(t *testing.T) {
	got := Render(fullCase(t))
	if strings.Contains(got, "Open") || strings.Contains(got, "_open_") {
		t.Errorf("the fully answered postmortem still shows gaps:\n%s", got)
	}
	order := []string{"# Postmortem: URL shortener returns 500 on every shortened link (2023-09-22-url-shortener-returns-500)",
		"## Summary", "## Impact", "## Detection", "## Responders", "## Timeline", "## Root cause", "### Five whys", "## Trigger",
		"## Resolution", "## Mitigation", "## What went well", "## What went wrong", "## Where we got lucky", "## Action items",
		"## Prevention checklist", "## Documentation", "## Monitoring", "## Durations", "## Supporting information"}
	last := -1
	for _, h := range order {
		i := strings.Index(got, h)
		if i <= last {
			t.Fatalf("%q is missing or out of order", h)
		}
		last = i
	}
	for _, want := range []string{
		"| 2023-09-22 21:24 | Hotfix started | Sam Okafor |",
		"| 2023-09-22 21:26 | Handed over | Sam Okafor | handed over from Sam Okafor to Dana Whitfield |",
		// Three verify runs in a row are one row.
		"| 2023-09-22 21:38 | Verified (3 runs) | Dana Whitfield | 3 runs from 21:38 to 21:39; the last: verify passed",
		"| 2023-09-22 21:40 | Pull request opened | Dana Whitfield | [#42](https://github.com/acme/url-shortener/pull/42) |",
		// Responders and their roles, from the events.
		"  - handed over 2023-09-22 21:26 UTC: Sam Okafor → Dana Whitfield",
		"| Sam Okafor | started the hotfix, handed over |",
		"| Dana Whitfield | investigated, mitigated, verified the fix, opened the pull request, deployed, re-ran processes |",
		// Impact: who, how many, how long; the client notice and the scope.
		"- **How many:** About 1,300 POST /shorten requests failed",
		"- **Errors logged:** 82, of 2 distinct error(s)",
		"- **How long:** 10m, from the first error (2023-09-22 21:21 UTC) to the first mitigation (2023-09-22 21:31 UTC)",
		"- **Client notice:** no, the client need not be told",
		"- **Scope of the fix:** Restore json.load in application.py and add a unit test; no other change.",
		// Action items with priority and due date.
		"| prevent | P0 | Dana Whitfield | 2023-09-29 | Require the unit tests to pass in CI before anything merges to main. | #43 |",
		"| mitigate | P1 | Sam Okafor | 2023-10-20 |",
		// Mitigation and deploys.
		"- 2023-09-22 21:31 UTC, Dana Whitfield: rolled production back to v1.1.0",
		"- **Deployed to production:** 2023-09-22 21:50 UTC by Dana Whitfield: deployed v1.2.1 (9f2c4e1) to production",
		// Supporting information.
		"- **Report:** https://acme.slack.com/archives/C0INCIDENT/p1695417840000100",
		"  - `2c71f130ec` read the URL map faster (pull request #40): last changed application.py:23",
		"- **Where the traces point:** `application.py:23 (shorten)`",
		"| 2023-09-22 21:36 | Hypothesis h1: verified |",
		"| 2023-09-22 21:47 | Merged |  | as `9f2c4e1a7b` |",
		"&lt;class 'TypeError'&gt;",
		"Time to detect: 3m (the first error to the start); impact: 10m (the first error to the mitigation, else the deploy); to mitigate: 10m (the first error to the mitigation); to fix: 14m (the start to the first fix commit); to merge: 23m (the start to the merge); to resolve: 29m (the first error to the deploy); to close: 28m (the start to the close)",
		"- **Time to mitigate:** 10m, from the first error (2023-09-22 21:21 UTC) to the first mitigation (2023-09-22 21:31 UTC): rolled production back to v1.1.0",
		"- **Time to resolve:** 29m, from the first error (2023-09-22 21:21 UTC) to the deploy of the fix (2023-09-22 21:50 UTC)",
		"| 2023-09-22 21:31 | Mitigated | Dana Whitfield |",
		"| 2023-09-22 21:50 | Deployed (production) | Dana Whitfield | deployed v1.2.1",
		"| 2023-09-22 21:51 | Processes re-run | Dana Whitfield |",
		"7d (until 2023-09-29 21:52 UTC)",
		"Yes: lee-park, acme/sre asked to review pull request #42. The change that broke production had none",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(got, "pull request #42 created") {
		t.Error("the pull-request event duplicates the opened row")
	}
}

func TestRenderSparseShowsGaps(t *testing.T) {
	got := Render(sparseCase(t))
	for _, want := range []string{
		"_Open: the underlying cause (root_cause)_",
		"_Open: no pull request is recorded; answer it (prevention.reviewers)_",
		"_Open: the merge is not confirmed_",
		"SEV3 (its meaning is not in the config)",
		"3h 25m, from the start of the hotfix (2024-03-04 08:15 UTC) to its close",
		"_Open: when the impact began: the first error",
		"_Open: whether the client must be told (incident.client_notice)_",
		"Time to detect: _open_ (the first error to the start); impact: _open_ (the first error to the mitigation, else the deploy); to mitigate: _open_ (the start of the hotfix to the mitigation); to fix: _open_ (the start to the first fix commit); to merge: _open_ (the start to the merge); to resolve: _open_ (the start of the hotfix to the deploy); to close: 3h 25m (the start to the close)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

func TestRenderOffline(t *testing.T) {
	rec, facts, a, sev := offlineCase(t)
	got := Render(rec, facts, a, sev)
	for _, want := range []string{
		"The merge was confirmed from the local repository, not the code host's API.",
		"as `3333333333` (from the local repository)",
		"| 2024-05-10 13:45 | Pull request opened |  | [#318](https://git.example.com/shop/checkout/pull/318) |",
		"the discount is applied after rounding \\| not before",
		"Waived: only a private constant changed.",
		"No: no reviewer was requested on pull request #318.",
		"Not updated: nothing documented changed",
		"| prevent | _Open: priority_ | _Open: owner_ | _Open: due date_ |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	facts.Offline = false
	if strings.Contains(Render(rec, facts, a, sev), "local repository") {
		t.Error("the local-repository note shows when the API confirmed the merge")
	}
}

// A tag on another commit than the merge says which, and a release let
// through with other commits says why, in the resolution.
func TestRenderTagCommitAndAllowedExtra(t *testing.T) {
	rec, facts, a, sev := offlineCase(t)
	if got := Render(rec, facts, a, sev); strings.Contains(got, "other than the fix's") {
		t.Fatal("an extra line without --allow-extra")
	}
	facts.TagCommit = "4444444444444444444444444444444444444444"
	facts.AllowedExtra = "the transport was due anyway"
	facts.Extra = []string{"5555555555 WIP: experimental transport | not for release"}
	got := Render(rec, facts, a, sev)
	for _, want := range []string{
		" on `4444444444`",
		"- **Released with commits other than the fix's:** the transport was due anyway (`5555555555` WIP: experimental transport",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

func TestRenderHoldsNoEnvironment(t *testing.T) {
	t.Setenv("HOTFIX_TEST_SECRET", "s3cr3t-token-value")
	got := Render(fullCase(t))
	if strings.Contains(got, "s3cr3t-token-value") {
		t.Fatal("the postmortem holds an environment value")
	}
}

func TestCode(t *testing.T) {
	for in, want := range map[string]string{
		"v1.2.1":    "`v1.2.1`",
		"a`b":       "`` a`b ``",
		"multi\nln": "`multi ln`",
	} {
		if got := code(in); got != want {
			t.Errorf("code(%q) = %q, want %q", in, got, want)
		}
	}
}

// The record's own merged, tagged and closed events (written by close) are
// not shown twice: the facts show them; a merge-back is shown.
func TestRenderCloseEventsOnce(t *testing.T) {
	rec, facts, a, sev := offlineCase(t)
	at := facts.Merged
	rec.AddEvent(record.Event{At: at, Kind: record.EventMerged, Text: "merged"})
	rec.AddEvent(record.Event{At: at, Kind: record.EventTagged, Text: "tagged"})
	rec.AddEvent(record.Event{At: at, Kind: record.EventMergeBack, Text: "develop: merged"})
	rec.AddEvent(record.Event{At: at, Kind: record.EventClosed, Text: "closed"})
	got := Render(rec, facts, a, sev)
	if n := strings.Count(got, "| Merged |"); n != 1 {
		t.Errorf("%d merged rows", n)
	}
	if !strings.Contains(got, "| Merged back |  | develop: merged |") {
		t.Errorf("no merge-back row:\n%s", got)
	}
}

func TestRenderNamesTheLikelyCulprit(t *testing.T) {
	rec, facts, a, sev := fullCase(t)
	rec.Triage.Suspects = nil
	if strings.Contains(Render(rec, facts, a, sev), "Likely culprit") {
		t.Fatal("a likely culprit with no suspects recorded")
	}
	if rec.Triage == nil {
		rec.Triage = &record.Triage{}
	}
	rec.Triage.Suspects = []record.Suspect{{Commit: "2c71f130ec0123456789", Subject: "read the URL map faster", Score: 150,
		Reasons: []string{"last changed application.py:13, frame 1 of the TypeError trace"}, Revert: "git revert 2c71f130ec0123456789"}}
	if got := Render(rec, facts, a, sev); !strings.Contains(got, "- **Likely culprit:** `2c71f130ec` read the URL map faster: last changed application.py:13, frame 1 of the TypeError trace; revert with `git revert 2c71f130ec0123456789`") {
		t.Errorf("postmortem lacks the likely culprit:\n%s", got)
	}
}

// The monitoring window: the answers' monitoring.until wins; without it,
// the window the latest deploy recorded (deploy.monitor); else open.
func TestRenderMonitoringWindow(t *testing.T) {
	rec, facts, a, sev := sparseCase(t)
	if got := Render(rec, facts, a, sev); !strings.Contains(got, "- **Until:** _Open: until when (monitoring.until, or the window a deploy records: deploy.monitor)_") {
		t.Errorf("no window: %s", got)
	}
	rec.AddEvent(record.Event{At: ts("2024-03-04T11:00:00Z"), Kind: record.EventMonitoring, By: "alice", Text: "monitoring 2h after the deploy to production",
		Fields: map[string]string{"until": "2024-03-04T13:00:00Z", "window": "2h", "source": "policy", "env": "production"}})
	if got := Render(rec, facts, a, sev); !strings.Contains(got, "- **Until:** 2024-03-04 13:00 UTC (2h after the deploy recorded 2024-03-04 11:00 UTC)") {
		t.Errorf("the deploy's window: %s", got)
	}
	a.Monitoring = Monitoring{Watch: "the refunds dashboard", Until: "2024-03-11"}
	if got := Render(rec, facts, a, sev); !strings.Contains(got, "- **Until:** 2024-03-11\n") {
		t.Errorf("the answers' window: %s", got)
	}
}

// The first fix commit's row names its author and commit.
func TestRenderFirstFixCommit(t *testing.T) {
	rec, facts, a, sev := sparseCase(t)
	facts.FirstFixCommit, facts.FirstFixBy, facts.FirstFixSubject = ts("2024-03-04T09:00:00Z"), "Dana", "63b9245e72 fix refunds"
	if got := Render(rec, facts, a, sev); !strings.Contains(got, "| 2024-03-04 09:00 | First fix commit | Dana | `63b9245e72 fix refunds` |") {
		t.Errorf("%s", got)
	}
}

// The merge's row names who merged the pull request (the merged event's
// author, from the code host).
func TestRenderMergedBy(t *testing.T) {
	rec, facts, a, sev := sparseCase(t)
	facts.Merged, facts.MergeCommit = ts("2024-03-04T10:00:00Z"), "8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e"
	rec.AddEvent(record.Event{At: facts.Merged, Kind: record.EventMerged, By: "bob", Text: "pull request #3 merged as 8d7e6f5a4b"})
	if got := Render(rec, facts, a, sev); !strings.Contains(got, "| 2024-03-04 10:00 | Merged | bob |") {
		t.Errorf("%s", got)
	}
}

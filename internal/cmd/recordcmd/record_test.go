package recordcmd_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/cmd/recordcmd"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

const recordID = testutil.StartedID

func started(t *testing.T) *testutil.Repo { return testutil.Started(t) }

func load(t *testing.T, r *testutil.Repo) *record.Record {
	return testutil.LoadRecord(t, r.Dir, recordID)
}

func lastEvent(rec *record.Record) record.Event { return rec.Timeline[len(rec.Timeline)-1] }

// TestRecordSet: items are set as the checklist checks them, each change
// an event, a severity change recomputes the deadlines, "-" opens an item
// again, and bad input changes nothing.
func TestRecordSet(t *testing.T) {
	r := started(t)
	cli := testutil.CLI{Dir: r.Dir}
	res := cli.Run(t, "record", "set", "affected", "EU shoppers paying by card")
	if res.Code != 0 || !strings.Contains(res.Out, `affected (open) → "EU shoppers paying by card"`) {
		t.Fatalf("%d %s %s", res.Code, res.Out, res.Err)
	}
	rec := load(t, r)
	if rec.Incident.Affected != "EU shoppers paying by card" || lastEvent(rec).Kind != recordcmd.EventEdited || lastEvent(rec).Fields["key"] != "affected" {
		t.Fatalf("%+v %+v", rec.Incident, lastEvent(rec))
	}
	for _, k := range rec.OpenItems() {
		if k == "affected" {
			t.Fatal("affected is still open")
		}
	}

	// SEV3 has no deadlines in the default policy; SEV1 has: they are
	// counted from the start.
	res = cli.Run(t, "record", "set", "severity", "sev1", "--json")
	var out recordcmd.Result
	if err := json.Unmarshal([]byte(res.Out), &out); err != nil || res.Code != 0 || out.From != "SEV3" || out.To != "SEV1" || out.Deadlines["fix"] == "" {
		t.Fatalf("%v %d %s %s", err, res.Code, res.Out, res.Err)
	}
	rec = load(t, r)
	if rec.Incident.Severity != "SEV1" || rec.Deadlines.Fix == nil || !rec.Deadlines.Fix.After(rec.Created) || rec.Deadlines.Fix.After(rec.Created.Add(24*time.Hour)) {
		t.Fatalf("severity %s deadlines %+v", rec.Incident.Severity, rec.Deadlines)
	}

	res = cli.Run(t, "record", "set", "affected", "-")
	if rec = load(t, r); res.Code != 0 || rec.Incident.Affected != "" {
		t.Fatalf("clearing: %d %s %+v", res.Code, res.Err, rec.Incident)
	}
	// The same value again changes nothing and records nothing.
	n := len(load(t, r).Timeline)
	if res := cli.Run(t, "record", "set", "severity", "SEV1"); res.Code != 0 || !strings.Contains(res.Out, "nothing changed") || len(load(t, r).Timeline) != n {
		t.Fatalf("same value: %d %s", res.Code, res.Out)
	}

	before := r.State()
	for args, want := range map[string]string{
		"detection sometimes": `detection "sometimes" is not manual or automatic`,
		"client_notice maybe": `client_notice "maybe" is not yes or no`,
		"severity SEV9":       `severity "SEV9" is not a level of the policy`,
		"version v9.9.9":      `version "v9.9.9" is not a tag or commit here`,
		"title -":             "title cannot be cleared",
		"colour blue":         `unknown key "colour"`,
		"affected":            "give a key and a value: hotfix record set KEY VALUE (keys: title, severity,",
	} {
		res := cli.Run(t, append([]string{"record", "set"}, strings.Fields(args)...)...)
		if res.Code != 2 || !strings.Contains(res.Err, want) {
			t.Errorf("%s: %d %s", args, res.Code, res.Err)
		}
	}
	if res := cli.Run(t, "--dry-run", "record", "set", "scope", "checkout.py only"); res.Code != 0 || !strings.Contains(res.Out, "Dry run: nothing was saved") {
		t.Fatalf("dry run: %d %s", res.Code, res.Out)
	}
	if after := r.State(); after != before {
		t.Fatalf("refused changes or a dry run changed the repository:\n%s", after)
	}
}

// TestRecordHandover: the owner changes as an event naming both.
func TestRecordHandover(t *testing.T) {
	r := started(t)
	res := testutil.CLI{Dir: r.Dir}.Run(t, "record", "handover", "Carol (EU on-call)")
	if res.Code != 0 {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	rec := load(t, r)
	e := lastEvent(rec)
	if rec.Incident.Owner != "Carol (EU on-call)" || e.Kind != recordcmd.EventHandover || e.By != "Test Author" || e.Fields["from"] != "Test Author" || e.Fields["to"] != "Carol (EU on-call)" {
		t.Fatalf("%+v %+v", rec.Incident, e)
	}
	if res := (testutil.CLI{Dir: r.Dir}).Run(t, "record", "handover", " "); res.Code != 2 {
		t.Fatalf("empty owner: %d", res.Code)
	}
}

// TestRecordAbandon: the hotfix ends as abandoned with its reason; status
// hides it but --all, pr and close refuse it, the record is no longer
// changed, and the branch goes only with --delete-branch (never the
// checked-out one).
func TestRecordAbandon(t *testing.T) {
	r := started(t)
	cli := testutil.CLI{Dir: r.Dir}
	branch := load(t, r).Branch.Name
	if res := cli.Run(t, "record", "abandon"); res.Code != 2 || !strings.Contains(res.Err, "--reason") {
		t.Fatalf("no reason: %d %s", res.Code, res.Err)
	}
	before := r.State()
	if res := cli.Run(t, "record", "abandon", "--reason", "started by mistake", "--delete-branch"); res.Code != 1 || !strings.Contains(res.Err, "is checked out, so it cannot be deleted") {
		t.Fatalf("checked out: %d %s", res.Code, res.Err)
	}
	if r.State() != before {
		t.Fatal("a refused abandon changed the repository")
	}
	r.Git("checkout", "-q", "main")
	res := cli.Run(t, "record", "abandon", "--reason", "duplicate of another incident", "--delete-branch", "--id", recordID)
	if res.Code != 0 || !strings.Contains(res.Out, `phase "fixing" → "abandoned"`) && !strings.Contains(res.Out, `→ "abandoned"`) {
		t.Fatalf("%d %s %s", res.Code, res.Out, res.Err)
	}
	rec := load(t, r)
	e := lastEvent(rec)
	if rec.Phase != record.PhaseAbandoned || !rec.Ended() || e.Kind != recordcmd.EventAbandoned || e.Fields["reason"] != "duplicate of another incident" || e.Fields["branch_deleted"] != "true" {
		t.Fatalf("%s %+v", rec.Phase, e)
	}
	if out := r.Git("branch", "--list", branch); out != "" {
		t.Fatalf("branch %s kept: %q", branch, out)
	}
	if res := cli.Run(t, "status"); strings.Contains(res.Out, recordID) {
		t.Errorf("status lists an abandoned hotfix:\n%s", res.Out)
	}
	if res := cli.Run(t, "status", "--all"); !strings.Contains(res.Out, recordID) {
		t.Errorf("status --all lacks it:\n%s", res.Out)
	}
	if res := cli.Run(t, "record", "set", "scope", "x", "--id", recordID); res.Code != 1 || !strings.Contains(res.Err, "is abandoned") {
		t.Errorf("set on an abandoned record: %d %s", res.Code, res.Err)
	}
	if res := cli.Run(t, "close", "--offline", "--id", recordID, "--no-input"); res.Code == 0 || !strings.Contains(res.Err, "was abandoned") {
		t.Errorf("close: %d %s", res.Code, res.Err)
	}
}

// TestRecordEditsUnderTheLock: edits made at the same time all land, one
// after the other, none lost.
func TestRecordEditsUnderTheLock(t *testing.T) {
	r := started(t)
	keys := []string{"summary", "reporter", "affected", "scope", "issue", "error_message"}
	var wg sync.WaitGroup
	codes := make([]int, len(keys))
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = testutil.CLI{Dir: r.Dir}.Run(t, "record", "set", k, fmt.Sprintf("value %d", i)).Code
		}()
	}
	wg.Wait()
	rec := load(t, r)
	got := map[string]string{"summary": rec.Incident.Summary, "reporter": rec.Incident.Reporter, "affected": rec.Incident.Affected,
		"scope": rec.Incident.Scope, "issue": rec.Incident.Issue, "error_message": rec.Incident.ErrorMessage}
	for i, k := range keys {
		if codes[i] != 0 {
			// A command that found the lock held says so and changes
			// nothing; rerun, it lands.
			if res := (testutil.CLI{Dir: r.Dir}).Run(t, "record", "set", k, fmt.Sprintf("value %d", i)); res.Code != 0 {
				t.Fatalf("%s: rerun %d %s", k, res.Code, res.Err)
			}
			rec = load(t, r)
			got[k] = map[string]string{"summary": rec.Incident.Summary, "reporter": rec.Incident.Reporter, "affected": rec.Incident.Affected,
				"scope": rec.Incident.Scope, "issue": rec.Incident.Issue, "error_message": rec.Incident.ErrorMessage}[k]
		}
		if got[k] != fmt.Sprintf("value %d", i) {
			t.Errorf("%s = %q: an edit was lost", k, got[k])
		}
	}
	final := load(t, r)
	for i, k := range keys {
		v := map[string]string{"summary": final.Incident.Summary, "reporter": final.Incident.Reporter, "affected": final.Incident.Affected,
			"scope": final.Incident.Scope, "issue": final.Incident.Issue, "error_message": final.Incident.ErrorMessage}[k]
		if v != fmt.Sprintf("value %d", i) {
			t.Errorf("finally %s = %q: an edit was lost", k, v)
		}
	}
}

// The record commands change the record: they run under the lock.
func TestDeclaredFacts(t *testing.T) {
	cmd := recordcmd.NewCmd(&cmdutil.Factory{})
	testutil.WantFacts(t, cmd, map[string]testutil.Facts{
		"set":      {Lock: cmdutil.LockAlways, Flags: map[string]complete.Kind{"id": complete.ID}},
		"handover": {Lock: cmdutil.LockAlways, Flags: map[string]complete.Kind{"id": complete.ID}},
		"abandon":  {Lock: cmdutil.LockAlways, Flags: map[string]complete.Kind{"id": complete.ID, "reason": complete.FreeText}},
	})
}

// TestRecordSetReport: the report's link is checked as a Slack message link
// (the error names the wrong part) or a GitHub issue URL, and kept.
func TestRecordSetReport(t *testing.T) {
	r := started(t)
	cli := testutil.CLI{Dir: r.Dir}
	for link, want := range map[string]string{
		"https://acme.slack.com/archives/general/p1700000000123456":  "not a channel id",
		"https://acme.slack.com/archives/C0123ABCD/p17":              "16 digits",
		"http://acme.slack.com/archives/C0123ABCD/p1700000000123456": "https://",
		"see slack": "not a Slack message link",
	} {
		res := cli.Run(t, "record", "set", "report", link)
		if res.Code != cmdutil.ExitUsage || !strings.Contains(res.Err, want) || !strings.Contains(res.Err, "Copy link") {
			t.Errorf("%s: exit %d\n%s", link, res.Code, res.Err)
		}
	}
	if load(t, r).Incident.Report != "" {
		t.Fatal("a bad link was kept")
	}
	const link = "https://acme.slack.com/archives/C0123ABCD/p1700000000123456"
	if res := cli.Run(t, "record", "set", "report", link); res.Code != 0 {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	rec := load(t, r)
	if rec.Incident.Report != link || lastEvent(rec).Fields["key"] != "report" {
		t.Fatalf("%+v %+v", rec.Incident, lastEvent(rec))
	}
}

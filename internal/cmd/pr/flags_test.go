package pr

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		check   func(*Options) bool
		wantErr string
	}{
		{[]string{"--draft", "--base", "release/1", "--reviewer", "alice", "--reviewer", "acme/sre"}, func(o *Options) bool {
			// verify's test command runs with the shell unless a test replaces it.
			return o.Draft && o.Base == "release/1" && strings.Join(o.Reviewers, ",") == "alice,acme/sre" && o.RunCommand != nil
		}, ""},
		{[]string{"--backport", "release/1.3", "--backport", "release/1.2", "--force-with-lease"}, func(o *Options) bool {
			return len(o.Backport) == 2 && o.ForceWithLease
		}, ""},
		{[]string{"--skip-verify", "staging runs them", "--waive", "coverage=flaky report"}, func(o *Options) bool {
			return o.SkipVerify == "staging runs them" && o.Waive[0] == "coverage=flaky report"
		}, ""},
		{[]string{"--skip-verify", " "}, nil, "--skip-verify needs a reason"},
		{[]string{"--waive", "coverage"}, nil, "has no reason"},
		{[]string{"--backport", "bad..name"}, nil, "--backport"},
		{[]string{"--continue", "--abort"}, nil, "cannot be used together"},
	} {
		ios, _, _, _ := iostreams.Test()
		var got *Options
		cmd := NewCmd(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(tc.args)
		cmd.SetOut(&bytes.Buffer{})
		cmd.SetErr(&bytes.Buffer{})
		err := cmd.Execute()
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%v: error %v, want %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !tc.check(got) {
			t.Errorf("%v: %v %+v", tc.args, err, got)
		}
	}
}

func TestBody(t *testing.T) {
	cfg := config.Default()
	fix := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	rec := &record.Record{ID: "2026-11-22-x", Incident: record.Incident{Title: "Checkout | 500", Severity: "SEV1", Issue: "#42", Reporter: "alice", Detection: "automatic"},
		Branch: record.Branch{Name: "hotfix/x", Base: "v1.0.0"}, Deadlines: record.Deadlines{Fix: &fix}}
	rec.AddEvent(record.Event{At: fix, Kind: "hypothesis", Text: "json.loads gets a file", Fields: map[string]string{"id": "h1", "status": "open"}})
	rec.AddEvent(record.Event{At: fix.Add(time.Minute), Kind: "hypothesis", Fields: map[string]string{"id": "h1", "status": "verified", "evidence": "reverting it fixes staging"}})
	rec.AddEvent(record.Event{At: fix.Add(time.Minute), Kind: "isolate", Text: "application.py:23"})
	b := Body(cfg, rec, ".hotfix/2026-11-22-x.yaml", "")
	for _, want := range []string{"| Severity | SEV1 (critical", "alice (automatic alert)", "- [ ] Summary and plan of attack: not known yet",
		"- json.loads gets a file: **verified** (reverting it fixes staging)", "Isolated to: `application.py:23`", "`hotfix verify` has not run.", "- Fix by 2026-11-23 10:00 UTC", "\nFixes #42\n"} {
		if !strings.Contains(b, want) {
			t.Errorf("body lacks %q:\n%s", want, b)
		}
	}
	if strings.Contains(b, "Likely culprit") {
		t.Error("a likely culprit named with no suspects recorded")
	}
	rec.Triage = &record.Triage{Suspects: []record.Suspect{{Commit: "2c71f130ec0123456789", Subject: "read the URL map faster", Score: 150, PullRequest: 17,
		Reasons: []string{"last changed application.py:13, frame 1 of the TypeError trace"}, Revert: "git revert 2c71f130ec0123456789"}}}
	if b := Body(cfg, rec, "x", ""); !strings.Contains(b, "Likely culprit (`hotfix triage suspects`): `2c71f130ec` read the URL map faster (pull request #17): last changed application.py:13, frame 1 of the TypeError trace; revert with `git revert 2c71f130ec0123456789`") {
		t.Errorf("body lacks the likely culprit:\n%s", b)
	}
	rec.Incident.Issue = "see slack"
	if strings.Contains(Body(cfg, rec, "x", ""), "Fixes") {
		t.Error("Fixes written for something that is not an issue reference")
	}
	// The report as a GitHub issue is linked (Refs), or closed by the
	// merge (Fixes) when the policy says so; a Slack report is not.
	rec.Incident.Report = "https://github.com/acme/incidents/issues/7"
	if b := Body(cfg, rec, "x", ""); !strings.Contains(b, "\nRefs acme/incidents#7\n") || strings.Contains(b, "Fixes") {
		t.Errorf("report issue:\n%s", b)
	}
	cfg.PR.ClosesReport = true
	if b := Body(cfg, rec, "x", ""); !strings.Contains(b, "\nFixes acme/incidents#7\n") {
		t.Errorf("report issue closed by the fix:\n%s", b)
	}
	rec.Incident.Report = "https://acme.slack.com/archives/C0123ABCD/p1700000000123456"
	if b := Body(cfg, rec, "x", ""); strings.Contains(b, "Refs") || strings.Contains(b, "Fixes") {
		t.Errorf("a Slack report linked as an issue:\n%s", b)
	}
	cfg.PR.ClosesReport = false
	title, _ := Title(cfg, rec)
	labels, _ := Labels(cfg, rec)
	if title != "hotfix(SEV1): Checkout | 500" || strings.Join(labels, ",") != "hotfix,SEV1" {
		t.Errorf("%q %v", title, labels)
	}
}

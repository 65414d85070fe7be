package postmortem

import (
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/pkg/record"
)

func item(t *testing.T, items []PreventionItem, id string) PreventionItem {
	t.Helper()
	for _, it := range items {
		if it.ID == id {
			return it
		}
	}
	t.Fatalf("no item %q", id)
	return PreventionItem{}
}

func TestPreventionChecklist(t *testing.T) {
	want := []string{"reviewers", "requirements", "code-comments", "meet-before-approve", "stakeholders", "pipeline-docs", "health-checks", "manual-data-schema"}
	if got := strings.Join(PreventionIDs(), ","); got != strings.Join(want, ",") {
		t.Fatalf("ids %s", got)
	}
	for _, c := range PreventionChecklist {
		if c.Text == "" || c.Question == "" {
			t.Errorf("%s has no text or question", c.ID)
		}
	}
}

func TestPreventionDerivation(t *testing.T) {
	yes, no := true, false
	verify := func(status string, waivers ...record.Waiver) *record.VerifyResult {
		return &record.VerifyResult{Rules: []record.RuleOutcome{{ID: "tests-touched", Status: "passed"}, {ID: "docs-touched", Status: status, Summary: "2 findings."}}, Waivers: waivers}
	}
	for _, tc := range []struct {
		name  string
		rec   *record.Record
		facts Facts
		a     Answers
		id    string
		want  string // "" means open
	}{
		{"reviewers requested", &record.Record{PullRequest: &record.PullRequest{Number: 7, Reviewers: []string{"lee", "org/sre"}}}, Facts{}, Answers{}, PreventReviewers, "Yes: lee, org/sre asked to review pull request #7."},
		{"no reviewer", &record.Record{PullRequest: &record.PullRequest{Number: 7}}, Facts{}, Answers{}, PreventReviewers, "No: no reviewer was requested on pull request #7."},
		{"no pull request", &record.Record{}, Facts{}, Answers{}, PreventReviewers, ""},
		{"no pull request, answered", &record.Record{}, Facts{}, Answers{Prevention: map[string]string{"reviewers": "yes, two"}}, PreventReviewers, "yes, two"},
		{"reviewers and a note", &record.Record{PullRequest: &record.PullRequest{Number: 7, Reviewers: []string{"lee"}}}, Facts{}, Answers{Prevention: map[string]string{"reviewers": "The breaking change had none."}}, PreventReviewers, "Yes: lee asked to review pull request #7. The breaking change had none."},
		{"docs-touched passed", &record.Record{Verify: verify("passed")}, Facts{}, Answers{}, PreventCodeComments, "Yes: `hotfix verify` found every changed declaration documented (docs-touched passed)."},
		{"docs-touched failed", &record.Record{Verify: verify("failed")}, Facts{}, Answers{}, PreventCodeComments, "No: `hotfix verify`'s docs-touched rule failed (2 findings)."},
		{"docs-touched waived", &record.Record{Verify: verify("waived", record.Waiver{Rule: "docs-touched", Reason: "generated code."})}, Facts{}, Answers{}, PreventCodeComments, "Waived: generated code."},
		{"docs-touched skipped", &record.Record{Verify: verify("skipped")}, Facts{}, Answers{}, PreventCodeComments, ""},
		{"no verify", &record.Record{}, Facts{}, Answers{}, PreventCodeComments, ""},
		{"docs touched", &record.Record{}, Facts{DocsTouched: []string{"docs/a.md"}}, Answers{DocsUpdated: &no}, PreventPipelineDocs, "Yes: the fix updated `docs/a.md`."},
		{"docs updated", &record.Record{}, Facts{}, Answers{DocsUpdated: &yes}, PreventPipelineDocs, "Yes: the documentation was updated."},
		{"docs not updated, reason", &record.Record{}, Facts{}, Answers{DocsUpdated: &no, DocsReason: "nothing changed"}, PreventPipelineDocs, "No: nothing changed."},
		{"docs not updated", &record.Record{}, Facts{}, Answers{DocsUpdated: &no}, PreventPipelineDocs, "No: the documentation was not updated."},
		{"docs unknown", &record.Record{}, Facts{}, Answers{}, PreventPipelineDocs, ""},
		{"people answer", &record.Record{}, Facts{}, Answers{Prevention: map[string]string{"health-checks": "No."}}, PreventHealthChecks, "No."},
		{"people silent", &record.Record{}, Facts{}, Answers{}, PreventStakeholders, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items := Prevention(tc.rec, tc.facts, tc.a)
			if len(items) != 8 {
				t.Fatalf("%d items", len(items))
			}
			it := item(t, items, tc.id)
			if it.Answer != tc.want || it.Open != (tc.want == "") {
				t.Fatalf("got %+v, want %q", it, tc.want)
			}
		})
	}
}

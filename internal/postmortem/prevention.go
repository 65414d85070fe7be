package postmortem

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Prevention checklist item ids, stable in answers files and output, in
// the runbook's order.
const (
	// PreventReviewers is reviewers on every change; derived from the pull
	// request's reviewers.
	PreventReviewers = "reviewers"
	// PreventRequirements is documented requirements, target structure and
	// business logic.
	PreventRequirements = "requirements"
	// PreventCodeComments is code standards and comments; derived from
	// verify's docs-touched rule.
	PreventCodeComments = "code-comments"
	// PreventMeetBeforeApprove is discussing the change before approving it.
	PreventMeetBeforeApprove = "meet-before-approve"
	// PreventStakeholders is stakeholders confirming the expected result.
	PreventStakeholders = "stakeholders"
	// PreventPipelineDocs is the pipeline's documentation; derived from the
	// documentation answer and the doc files the change touched.
	PreventPipelineDocs = "pipeline-docs"
	// PreventHealthChecks is health checks on the end data set.
	PreventHealthChecks = "health-checks"
	// PreventManualDataSchema is manual uploads keeping to their schema.
	PreventManualDataSchema = "manual-data-schema"
)

// PreventionCheck is one practice of the runbook's prevention list.
type PreventionCheck struct {
	// ID names the item in answers files (prevention: {id: answer}).
	ID string
	// Text is the practice, as the runbook states it.
	Text string
	// Question is the short prompt asking whether it was followed.
	Question string
}

// PreventionChecklist is the runbook's "Prevention" list, in its order.
var PreventionChecklist = []PreventionCheck{
	{PreventReviewers, "Have reviewer(s) on all code changes before merging into master; multiple reviewers are even better.",
		"Do changes get a reviewer before they merge?"},
	{PreventRequirements, "Follow the best practices for requirements gathering, planning the target structure and capturing business logic, with the steps documented.",
		"Were the requirements, target structure and business logic documented?"},
	{PreventCodeComments, "Keep to the code standards, with comments throughout that say why things happen and what the code accomplishes.",
		"Does the changed code carry comments that explain it?"},
	{PreventMeetBeforeApprove, "Meet and discuss the code and methods before approving reviews, so that everyone involved is ready and on the same page.",
		"Was the change discussed before its review was approved?"},
	{PreventStakeholders, "Meet with stakeholders to ensure the pipeline delivers the required product, and that the end result is what was expected.",
		"Did stakeholders confirm the result is what they expected?"},
	{PreventPipelineDocs, "Keep clear and concise documentation of the pipeline: schema, metadata and business logic explaining the process.",
		"Is the pipeline's documentation (schema, metadata, business logic) up to date?"},
	{PreventHealthChecks, "Manage data scheduling and health checks: apply them to the end data set, and make sure they pass before going live.",
		"Are there health checks on the end data set, passing before going live?"},
	{PreventManualDataSchema, "If manually uploaded data is part of the pipeline, make sure uploaders keep to the schema used before.",
		"Do manual uploads keep to the same data schema? (n/a if there are none)"},
}

// PreventionIDs returns the checklist's ids in order.
func PreventionIDs() []string {
	ids := make([]string, len(PreventionChecklist))
	for i, c := range PreventionChecklist {
		ids[i] = c.ID
	}
	return ids
}

func checkByID(id string) (PreventionCheck, bool) {
	for _, c := range PreventionChecklist {
		if c.ID == id {
			return c, true
		}
	}
	return PreventionCheck{}, false
}

// derived reports whether the item is answered from the record and the
// facts rather than by people: Missing does not ask for these.
func derived(id string) bool {
	return id == PreventReviewers || id == PreventCodeComments || id == PreventPipelineDocs
}

// PreventionItem is a checklist item answered for one incident.
type PreventionItem struct {
	// ID and Text are the checklist item's.
	ID   string
	Text string
	// Answer is what was found or said; empty when Open.
	Answer string
	// Open says nobody answered it and the record could not.
	Open bool
}

// Prevention answers the prevention checklist item by item. Reviewers come
// from the pull request's reviewers, code comments from verify's
// docs-touched rule, pipeline documentation from the documentation answer
// (or the doc files the change touched); the rest from a.Prevention. An
// answer from a.Prevention to a derived item is added after what was
// derived. An item neither derived nor answered is Open.
func Prevention(rec *record.Record, facts Facts, a Answers) []PreventionItem {
	out := make([]PreventionItem, 0, len(PreventionChecklist))
	for _, c := range PreventionChecklist {
		var found string
		switch c.ID {
		case PreventReviewers:
			found = reviewersAnswer(rec)
		case PreventCodeComments:
			found = codeCommentsAnswer(rec)
		case PreventPipelineDocs:
			found = docsAnswer(facts, a)
		}
		said := strings.TrimSpace(a.Prevention[c.ID])
		answer := found
		switch {
		case found != "" && said != "":
			answer = found + " " + said
		case said != "":
			answer = said
		}
		out = append(out, PreventionItem{ID: c.ID, Text: c.Text, Answer: answer, Open: answer == ""})
	}
	return out
}

func reviewersAnswer(rec *record.Record) string {
	if rec == nil || rec.PullRequest == nil {
		return ""
	}
	pr := rec.PullRequest
	if len(pr.Reviewers) == 0 {
		return fmt.Sprintf("No: no reviewer was requested on pull request #%d.", pr.Number)
	}
	return fmt.Sprintf("Yes: %s asked to review pull request #%d.", strings.Join(pr.Reviewers, ", "), pr.Number)
}

func codeCommentsAnswer(rec *record.Record) string {
	if rec == nil || rec.Verify == nil {
		return ""
	}
	for _, r := range rec.Verify.Rules {
		if r.ID != config.RuleDocsTouched {
			continue
		}
		switch r.Status {
		case "passed":
			return "Yes: `hotfix verify` found every changed declaration documented (docs-touched passed)."
		case "failed":
			s := "No: `hotfix verify`'s docs-touched rule failed"
			if r.Summary != "" {
				s += " (" + strings.TrimSuffix(r.Summary, ".") + ")"
			}
			return s + "."
		case "waived":
			for _, w := range rec.Verify.Waivers {
				if w.Rule == config.RuleDocsTouched {
					return "Waived: " + strings.TrimSuffix(w.Reason, ".") + "."
				}
			}
			return "Waived: docs-touched was waived without a reason recorded."
		}
	}
	return ""
}

func docsAnswer(facts Facts, a Answers) string {
	switch {
	case len(facts.DocsTouched) > 0:
		return "Yes: the fix updated " + strings.Join(codeList(facts.DocsTouched), ", ") + "."
	case a.DocsUpdated == nil:
		return ""
	case *a.DocsUpdated:
		return "Yes: the documentation was updated."
	case a.DocsReason != "":
		return "No: " + strings.TrimSuffix(a.DocsReason, ".") + "."
	}
	return "No: the documentation was not updated."
}

func codeList(items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = code(s)
	}
	return out
}

func sortedIDs(m map[string]string) []string {
	ids := make([]string, 0, len(m))
	for k := range m {
		ids = append(ids, k)
	}
	sort.Strings(ids)
	return ids
}

package pr

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/internal/notify"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Marker is the hidden line that ties a pull request body to its record.
const Marker = "<!-- hotfix:record "

// checklistLabels name the checklist items as the body shows them.
var checklistLabels = map[string]string{
	"summary": "Summary and plan of attack", "reporter": "Who reported it", "detection": "How it was detected",
	"affected": "Who and what is affected", "version": "Broken version", "related_repos": "Other affected repositories",
	"logs": "Log locations", "error_message": "Error message", "datasets_checked": "Backing datasets and connections checked",
	"owner": "Owner", "scope": "Scope of the fix", "documenter": "Who documents it", "client_notice": "Whether the client must be told",
}

// Title renders the pull request title from the config's template.
func Title(cfg *config.Config, rec *record.Record) (string, error) {
	return config.RenderPR(cfg.PR.Title, prVars(rec))
}

// Labels renders the labels, dropping empty and repeated ones.
func Labels(cfg *config.Config, rec *record.Record) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, l := range cfg.PR.Labels {
		s, err := config.RenderPR(l, prVars(rec))
		if err != nil {
			return nil, err
		}
		if s != "" && !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			out = append(out, s)
		}
	}
	return out, nil
}

func prVars(rec *record.Record) config.PRVars {
	return config.PRVars{Title: rec.Incident.Title, Severity: rec.Incident.Severity, ID: rec.ID, Version: rec.Incident.Version}
}

var issueRef = regexp.MustCompile(`^(?:[\w.-]+/[\w.-]+)?#\d+$|^https://\S+/issues/\d+$`)

// Body renders the pull request body from the record as Markdown: the
// incident, the checklist with what is still open, the hypothesis and its
// verification, the reproduction, what verify checked (with waivers) and the
// deadlines. recordPath is the record's path in the repository.
func Body(cfg *config.Config, rec *record.Record, recordPath string, skipVerify string) string {
	var b strings.Builder
	in := rec.Incident
	w := func(format string, args ...interface{}) { fmt.Fprintf(&b, format, args...) }
	w("## Incident\n\n")
	if in.Summary != "" {
		w("%s\n\n", in.Summary)
	}
	sev := in.Severity
	if s, ok := cfg.Severity(in.Severity); ok && s.Meaning != "" {
		sev += " (" + s.Meaning + ")"
	}
	rows := [][2]string{
		{"Severity", sev},
		{"Reported by", orOpen(in.Reporter) + detection(in.Detection)},
		{"Affected", orOpen(in.Affected)},
		{"Broken version", orOpen(in.Version)},
		{"Fix branch", fmt.Sprintf("`%s` from `%s`", rec.Branch.Name, rec.Branch.Base)},
		{"Owner", orOpen(in.Owner)},
		{"Record", "`" + recordPath + "`"},
	}
	if rec.Policy != nil {
		rows = append(rows, [2]string{"Policy", rec.Policy.String()})
	}
	w("| | |\n|---|---|\n")
	for _, r := range rows {
		w("| %s | %s |\n", r[0], cell(r[1]))
	}
	if in.ErrorMessage != "" {
		w("\nError seen:\n\n```\n%s\n```\n", in.ErrorMessage)
	}

	w("\n## Checklist\n\n")
	open := map[string]bool{}
	for _, k := range rec.OpenItems() {
		open[k] = true
	}
	for _, k := range record.ChecklistItems {
		if open[k] {
			w("- [ ] %s: not known yet\n", checklistLabels[k])
		} else {
			w("- [x] %s\n", checklistLabels[k])
		}
	}

	w("\n## Hypothesis\n\n")
	hyp := rec.Hypotheses()
	if len(hyp) == 0 {
		w("No hypothesis recorded (`hotfix triage hypothesis`).\n")
	}
	for _, h := range hyp {
		w("- %s", h.Text)
		switch h.Status {
		case record.HypothesisVerified:
			w(": **verified** (%s)", h.Evidence)
		case record.HypothesisRejected:
			w(": **rejected** (%s)", h.Evidence)
		default:
			w(": not verified yet")
		}
		w("\n")
	}
	if c := rec.LikelyCulprit(); c != nil {
		w("\nLikely culprit (`hotfix triage suspects`): %s\n", c.Describe())
	}
	if iso := events(rec, record.EventIsolate); len(iso) > 0 {
		w("\nIsolated to: ")
		var at []string
		for _, e := range iso {
			at = append(at, "`"+e.Text+"`")
		}
		w("%s\n", strings.Join(at, ", "))
	}
	if repro := events(rec, record.EventRepro); len(repro) > 0 {
		w("\n## Reproduction\n\n")
		for _, e := range repro {
			w("%s\n", e.Text)
		}
	}

	w("\n## Verification\n\n")
	switch v := rec.Verify; {
	case skipVerify != "":
		w("`hotfix verify` was **skipped** with `--skip-verify`: %s\n", skipVerify)
	case v == nil:
		w("`hotfix verify` has not run.\n")
	default:
		verdict := "passed"
		if !v.Passed {
			verdict = "failed"
		}
		w("`hotfix verify` %s on %s (change since `%s`):\n\n| rule | result | |\n|---|---|---|\n", verdict, commitid.Short(v.Commit), v.Base)
		for _, r := range v.Rules {
			w("| %s | %s | %s |\n", r.ID, r.Status, cell(r.Summary))
		}
		if len(v.Waivers) > 0 {
			w("\nWaived:\n\n")
			for _, wv := range v.Waivers {
				w("- **%s**: %s (%s)\n", wv.Rule, wv.Reason, wv.Source)
			}
		}
	}

	if d := rec.Deadlines; d.Fix != nil || d.Test != nil || d.Deploy != nil {
		w("\n## Deadlines\n\n")
		for _, x := range []struct {
			name string
			t    *time.Time
		}{{"Fix", d.Fix}, {"Test", d.Test}, {"Deploy", d.Deploy}} {
			if x.t != nil {
				w("- %s by %s\n", x.name, x.t.UTC().Format("2006-01-02 15:04 UTC"))
			}
		}
	}
	issue := strings.TrimSpace(in.Issue)
	if issueRef.MatchString(issue) {
		w("\nFixes %s\n", issue)
	}
	// The report as a GitHub issue (the incident's channel): linked, or
	// closed by the merge when the policy says so; once, if it is the
	// issue above too.
	if ref, err := notify.ParseIssueLink(in.Report); err == nil && issue != strings.TrimSpace(in.Report) {
		word := "Refs"
		if cfg.PR.ClosesReport {
			word = "Fixes"
		}
		w("\n%s %s\n", word, ref)
	}
	w("\n%s%s -->\n", Marker, rec.ID)
	return b.String()
}

func events(rec *record.Record, kind string) []record.Event {
	var out []record.Event
	for _, e := range rec.Timeline {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

func orOpen(s string) string {
	if s == "" {
		return "_not known yet_"
	}
	return s
}

func detection(d string) string {
	switch d {
	case record.DetectedManual:
		return " (manual report)"
	case record.DetectedAutomatic:
		return " (automatic alert)"
	}
	return ""
}

// cell keeps a value on one table row.
func cell(s string) string {
	return strings.NewReplacer("\n", " ", "|", `\|`).Replace(s)
}

package postmortem

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// timeFormat is how the postmortem writes times, always in UTC.
const timeFormat = "2006-01-02 15:04 UTC"

// Render writes the postmortem as Markdown. The output depends only on its
// arguments (times are written in UTC), so it can be compared with a golden
// file. Sections, in order: Summary, Impact (who, how many, how long),
// Detection, Responders (the owner and its handovers, and who did what, from
// the recorded events), Timeline (repeated verify runs folded into one row),
// Communications (each update and post, where it went or why not),
// Root cause (with the five whys), Trigger, Resolution (and the fix: pull
// request, merge commit, tag, deploys), Mitigation, What went well, What
// went wrong, Where we got lucky, Action items (type, priority, owner, due
// date), Prevention checklist, Documentation, Monitoring, Durations and
// Supporting information (links). What is not known is shown as "_Open: <what to add>_". sev is
// the record's severity level from the config, or the zero Severity when
// the config does not have it.
func Render(rec *record.Record, facts Facts, a Answers, sev config.Severity) string {
	r := &renderer{rec: rec, facts: facts, a: a, sev: sev, start: Started(rec), dur: Durations(rec, facts)}
	r.title()
	r.summary()
	r.impact()
	r.detection()
	r.responders()
	r.timeline()
	r.communications()
	r.rootCause()
	r.section("Trigger", a.Trigger, "what set the incident off (trigger)")
	r.resolution()
	r.mitigation()
	r.section("What went well", a.WentWell, "what went well (went_well)")
	r.section("What went wrong", a.WentWrong, "what went wrong (went_wrong)")
	r.section("Where we got lucky", a.Lucky, "where we got lucky (lucky)")
	r.actionItems()
	r.prevention()
	r.documentation()
	r.monitoring()
	r.durations()
	r.supporting()
	return strings.TrimRight(r.b.String(), "\n") + "\n"
}

type renderer struct {
	b     strings.Builder
	rec   *record.Record
	facts Facts
	a     Answers
	sev   config.Severity
	start time.Time
	dur   map[string]time.Duration
}

func (r *renderer) w(format string, args ...interface{}) { fmt.Fprintf(&r.b, format, args...) }

func (r *renderer) heading(title string) { r.w("\n## %s\n\n", title) }

// section writes a heading and a person's answer, or the open marker.
func (r *renderer) section(title, answer, what string) {
	r.heading(title)
	r.w("%s\n", orOpen(answer, what))
}

// open marks what is still to be added.
func open(what string) string { return "_Open: " + what + "_" }

func orOpen(s, what string) string {
	if strings.TrimSpace(s) == "" {
		return open(what)
	}
	return strings.TrimSpace(s)
}

func at(t time.Time) string { return t.UTC().Format(timeFormat) }

func (r *renderer) title() {
	in := r.rec.Incident
	r.w("# Postmortem: %s (%s)\n", oneLine(in.Title), r.rec.ID)
}

func (r *renderer) summary() {
	in := r.rec.Incident
	r.heading("Summary")
	r.w("%s\n\n", orOpen(in.Summary, "a summary of the issue and the plan of attack (incident.summary in the record)"))
	sev := in.Severity
	if r.sev.Meaning != "" {
		sev += ": " + oneLine(r.sev.Meaning)
	} else {
		sev += " (its meaning is not in the config)"
	}
	r.w("- **Severity:** %s\n", sev)
	r.w("- **Status:** %s\n", r.status())
	r.w("- **Owner:** %s\n", orOpen(in.Owner, "who worked on the fix (incident.owner)"))
	r.w("- **Documented by:** %s\n", orOpen(in.Documenter, "who documents the incident (incident.documenter)"))
	if in.Issue != "" {
		r.w("- **Issue:** %s\n", oneLine(in.Issue))
	}
	r.w("- **Fix branch:** %s from %s\n", code(r.rec.Branch.Name), code(r.rec.Branch.Base))
	r.w("- **Scope of the fix:** %s\n", orOpen(oneLine(in.Scope), "what the fix will and will not change (incident.scope)"))
	if r.rec.Policy != nil {
		r.w("- **Policy:** %s\n", r.rec.Policy.String())
	}
}

func (r *renderer) status() string {
	f := r.facts
	switch {
	case !f.Closed.IsZero() && !f.Merged.IsZero():
		return fmt.Sprintf("closed %s; the fix merged %s", at(f.Closed), at(f.Merged))
	case !f.Closed.IsZero():
		return fmt.Sprintf("closed %s", at(f.Closed))
	case !f.Merged.IsZero():
		return fmt.Sprintf("the fix merged %s; not closed yet", at(f.Merged))
	}
	return r.rec.Phase
}

func (r *renderer) impact() {
	in := r.rec.Incident
	f := r.facts
	r.heading("Impact")
	r.w("- **Affected:** %s\n", orOpen(in.Affected, "who and what was affected (incident.affected)"))
	r.w("- **How many:** %s\n", orOpen(oneLine(r.a.HowMany), "how many users, orders or requests were affected (how_many)"))
	if t := r.rec.Triage; t != nil && len(t.Errors) > 0 {
		n := 0
		for _, e := range t.Errors {
			n += e.Count
		}
		r.w("- **Errors logged:** %d, of %d distinct error(s) (`hotfix triage logs --record`)\n", n, len(t.Errors))
	}
	if d, ok := r.dur[DurationImpact]; ok {
		end, what := ImpactEnd(r.rec, f)
		r.w("- **How long:** %s, from the first error (%s) to %s (%s)\n", FormatDuration(d), at(firstError(r.rec, f)), what, at(end))
	} else if firstError(r.rec, f).IsZero() {
		r.w("- **How long:** %s\n", open("when the impact began: the first error (`hotfix triage logs --record` on logs with timestamps)"))
	} else {
		r.w("- **How long:** %s\n", open("when the impact ended: no mitigation or deploy of the fix was recorded (`hotfix mitigate`, `hotfix deploy`)"))
	}
	switch in.ClientNotice {
	case record.Yes:
		r.w("- **Client notice:** yes, the client must be told\n")
	case record.No:
		r.w("- **Client notice:** no, the client need not be told\n")
	default:
		r.w("- **Client notice:** %s\n", open("whether the client must be told (incident.client_notice)"))
	}
	r.w("- **Broken version:** %s\n", orCode(in.Version, "the release that broke (incident.version)"))
	r.w("- **Fixed in:** %s\n", orCode(f.Tag, "the release tag of the fix"))
	if len(in.RelatedRepos) > 0 {
		r.w("- **Related repositories:** %s\n", strings.Join(codeList(in.RelatedRepos), ", "))
	} else {
		r.w("- **Related repositories:** %s\n", open("other repositories that may be affected (incident.related_repos)"))
	}
	from, what := ImpactStart(r.rec, f)
	if e := Mitigated(r.rec); e != nil && r.has(DurationMitigate) {
		r.w("- **Time to mitigate:** %s, from %s (%s) to the first mitigation (%s): %s\n", FormatDuration(r.dur[DurationMitigate]), what, at(from), at(e.At), plain(e.Text))
	} else {
		r.w("- **Time to mitigate:** %s\n", open("no mitigation was recorded (`hotfix mitigate`)"))
	}
	if e := Deployed(r.rec, f.Merged); e != nil && r.has(DurationResolve) {
		r.w("- **Time to resolve:** %s, from %s (%s) to the deploy of the fix (%s): %s\n", FormatDuration(r.dur[DurationResolve]), what, at(from), at(e.At), plain(e.Text))
	} else if reason := notDeployed(r.rec); reason != "" {
		r.w("- **Time to resolve:** %s\n", open("closed without a deploy: "+plain(reason)))
	} else {
		r.w("- **Time to resolve:** %s\n", open("no deploy of the fix was recorded (`hotfix deploy`)"))
	}
	switch d, ok := r.dur[DurationMerge]; {
	case ok:
		r.w("- **Hotfix duration:** %s, from the start of the hotfix (%s) to the merge of the fix (%s)\n", FormatDuration(d), at(r.start), at(f.Merged))
	default:
		if d, ok := r.dur[DurationClose]; ok {
			r.w("- **Hotfix duration:** %s, from the start of the hotfix (%s) to its close (%s)\n", FormatDuration(d), at(r.start), at(f.Closed))
		} else {
			r.w("- **Hotfix duration:** %s\n", open("when the fix merged"))
		}
	}
}

func (r *renderer) detection() {
	in := r.rec.Incident
	r.heading("Detection")
	r.w("- **Reported by:** %s\n", orOpen(in.Reporter, "who reported it (incident.reporter)"))
	switch in.Detection {
	case record.DetectedManual:
		r.w("- **Detected:** manually: a person reported it\n")
	case record.DetectedAutomatic:
		r.w("- **Detected:** automatically: an alert\n")
	default:
		r.w("- **Detected:** %s\n", open("whether a person or an alert detected it (incident.detection)"))
	}
	switch {
	case strings.Contains(strings.TrimSpace(in.ErrorMessage), "\n"):
		r.w("- **Error seen:**\n\n%s\n\n", indent(fence(strings.TrimSpace(in.ErrorMessage)), "  "))
	case in.ErrorMessage != "":
		r.w("- **Error seen:** %s\n", code(strings.TrimSpace(in.ErrorMessage)))
	default:
		r.w("- **Error seen:** %s\n", open("the error message (incident.error_message)"))
	}
	if len(in.Logs) > 0 {
		r.w("- **Logs:** %s\n", strings.Join(codeList(in.Logs), ", "))
	}
	if t := r.rec.Triage; t != nil && len(t.Errors) > 0 {
		r.w("- **Errors in the logs:**\n")
		for i, e := range t.Errors {
			if i == 5 {
				r.w("  - and %d more\n", len(t.Errors)-i)
				break
			}
			r.w("  - %s, %s", code(oneLine(e.Message)), times(e.Count))
			if e.First != "" {
				r.w(", first at %s", code(e.First))
			}
			r.w("\n")
		}
	}
	if c := r.rec.LikelyCulprit(); c != nil {
		r.w("- **Likely culprit:** %s\n", c.Describe())
	}
	if d, ok := r.dur[DurationDetect]; ok {
		r.w("- **Time to detect:** %s, from the first error (%s) to the start of the hotfix (%s)\n", FormatDuration(d), at(firstError(r.rec, r.facts)), at(r.start))
	} else {
		r.w("- **Time to detect:** %s\n", open("when the first error occurred (`hotfix triage logs --record` on logs with timestamps)"))
	}
}

func times(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

// row is a timeline row.
type row struct {
	at                 time.Time
	event, who, detail string
	// fold: a run of such rows in a row is shown as one (foldRepeats).
	fold bool
}

func (r *renderer) timeline() {
	r.heading("Timeline")
	var rows []row
	for _, e := range r.rec.Timeline {
		if x, ok := eventRow(e); ok {
			rows = append(rows, x)
		}
	}
	f := r.facts
	if first := firstError(r.rec, f); !first.IsZero() {
		x := row{at: first, event: "First error"}
		if t := r.rec.Triage; t != nil && len(t.Errors) > 0 {
			x.detail = code(t.Errors[0].Message)
		}
		rows = append(rows, x)
	}
	if !f.FirstFixCommit.IsZero() {
		x := row{at: f.FirstFixCommit, event: "First fix commit", who: f.FirstFixBy}
		if f.FirstFixSubject != "" {
			x.detail = code(f.FirstFixSubject)
		}
		rows = append(rows, x)
	}
	opened := f.PROpened
	if pr := r.rec.PullRequest; pr != nil {
		if opened.IsZero() {
			opened = pr.Opened
		}
		if !opened.IsZero() {
			rows = append(rows, row{at: opened, event: "Pull request opened", who: r.by(record.EventPullRequest), detail: prLink(pr)})
		}
	} else if !opened.IsZero() {
		rows = append(rows, row{at: opened, event: "Pull request opened"})
	}
	if !f.Merged.IsZero() {
		d := ""
		if f.MergeCommit != "" {
			d = "as " + code(commitid.Short(f.MergeCommit))
		}
		if f.Offline {
			d = strings.TrimSpace(d + " (from the local repository)")
		}
		rows = append(rows, row{at: f.Merged, event: "Merged", who: r.by(record.EventMerged), detail: d})
	}
	if !f.TagTime.IsZero() {
		rows = append(rows, row{at: f.TagTime, event: "Tagged", who: r.by(record.EventTagged), detail: code(f.Tag)})
	}
	if !f.Closed.IsZero() {
		rows = append(rows, row{at: f.Closed, event: "Closed", who: r.by(record.EventClosed)})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].at.Before(rows[j].at) })
	rows = foldRepeats(rows)
	if len(rows) == 0 {
		r.w("%s\n", open("the timeline is empty"))
		return
	}
	r.w("| Time (UTC) | Event | Who | Details |\n|---|---|---|---|\n")
	for _, x := range rows {
		r.w("| %s | %s | %s | %s |\n", x.at.UTC().Format("2006-01-02 15:04"), cell(x.event), cell(x.who), cell(x.detail))
	}
}

// by is who the record's first event of kind names, "" for none.
func (r *renderer) by(kind string) string {
	for _, e := range r.rec.Timeline {
		if e.Kind == kind && e.By != "" {
			return plain(e.By)
		}
	}
	return ""
}

// eventRow turns a record event into a timeline row; pull requests
// opened are shown from the facts instead.
func eventRow(e record.Event) (row, bool) {
	x := row{at: e.At, who: plain(e.By), detail: plain(e.Text)}
	switch e.Kind {
	case record.EventStarted:
		x.event = "Hotfix started"
	case record.EventHypothesis:
		id := e.Fields["id"]
		status := e.Fields["status"]
		if status == "" {
			status = record.HypothesisOpen
		}
		x.event = strings.TrimSpace("Hypothesis " + id + ": " + status)
		if ev := e.Fields["evidence"]; ev != "" {
			x.detail = strings.TrimSpace(plain(e.Text) + " Evidence: " + plain(ev))
		}
	case record.EventRepro:
		x.event = "Reproduced"
	case record.EventIsolate:
		x.event = "Isolated"
		x.detail = code(e.Text)
		if n := e.Fields["note"]; n != "" {
			x.detail += ": " + plain(n)
		}
	case record.EventDataset:
		x.event = "Datasets checked"
	case record.EventLogs:
		x.event = "Logs scanned"
	case record.EventUpdate:
		x.event = "Stakeholder update"
		if s := e.Fields["status"]; s != "" {
			x.event += " (" + s + ")"
		}
		x.detail = plain(updateLine(e.Text))
	case record.EventPosted:
		x.event = "Posted"
		if ch := e.Fields["channel"]; ch != "" {
			x.event += " to " + plain(ch)
		}
	case record.EventVerified:
		x.event = "Verified"
		x.fold = true
	case eventHandover:
		x.event = "Handed over"
	case eventEdited:
		x.event = "Record edited"
	case eventAbandoned:
		x.event = "Abandoned"
	case record.EventPullRequest:
		if a := e.Fields["action"]; a == "created" || a == "opened" {
			return row{}, false
		}
		x.event = "Pull request"
	case record.EventBackport:
		x.event = "Backport"
	case record.EventMergeBack:
		x.event = "Merged back"
	case record.EventMitigated:
		x.event = "Mitigated"
	case record.EventDeployed:
		x.event = "Deployed"
		if env := e.Fields["env"]; env != "" {
			x.event += " (" + plain(env) + ")"
		}
	case record.EventRerun:
		x.event = "Processes re-run"
	case record.EventNotDeployed:
		x.event = "Closed without a deploy"
	case record.EventMonitoring:
		x.event = "Monitoring"
	case record.EventGitHubDeployment:
		x.event = "GitHub deployment"
		if e.Fields["state"] == "failed" {
			x.event += " failed"
		}
	case record.EventMerged, record.EventTagged, record.EventClosed:
		// Shown from the facts, which know them whether or not the
		// record has been marked closed yet.
		return row{}, false
	default:
		x.event = plain(e.Kind)
	}
	return x, true
}

// updateLine picks what a stakeholder update said: its "What we know" line,
// else its first line.
func updateLine(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for _, l := range lines {
		if strings.HasPrefix(l, "What we know:") {
			return strings.TrimSpace(l)
		}
	}
	return strings.TrimSpace(lines[0])
}

func (r *renderer) rootCause() {
	r.heading("Root cause")
	r.w("%s\n", orOpen(r.a.RootCause, "the underlying cause (root_cause)"))
	r.w("\n### Five whys\n\n")
	if len(r.a.FiveWhys) == 0 {
		r.w("%s\n", open("ask why the incident happened, then why of each answer, up to five times (five_whys)"))
		return
	}
	for i, w := range r.a.FiveWhys {
		r.w("%d. %s\n", i+1, oneLine(w))
	}
}

func (r *renderer) resolution() {
	f := r.facts
	r.heading("Resolution")
	r.w("%s\n\n", orOpen(r.a.Resolution, "what ended the incident (resolution)"))
	r.w("The fix:\n\n")
	pr := r.rec.PullRequest
	if pr != nil {
		r.w("- **Pull request:** %s into %s\n", prLink(pr), code(pr.Base))
		if len(pr.Reviewers) > 0 {
			r.w("- **Reviewers:** %s\n", strings.Join(pr.Reviewers, ", "))
		}
	} else {
		r.w("- **Pull request:** %s\n", open("no pull request is recorded"))
	}
	r.w("- **Verify:** %s\n", r.verify())
	if f.MergeCommit != "" && !f.Merged.IsZero() {
		r.w("- **Merge commit:** %s, %s\n", code(commitid.Short(f.MergeCommit)), at(f.Merged))
	} else if f.MergeCommit != "" {
		r.w("- **Merge commit:** %s\n", code(commitid.Short(f.MergeCommit)))
	} else {
		r.w("- **Merge commit:** %s\n", open("the merge is not confirmed"))
	}
	on := ""
	if f.TagCommit != "" && f.TagCommit != f.MergeCommit {
		on = " on " + code(commitid.Short(f.TagCommit))
	}
	switch {
	case f.Tag != "" && !f.TagTime.IsZero():
		r.w("- **Tag:** %s%s, %s\n", code(f.Tag), on, at(f.TagTime))
	case f.Tag != "":
		r.w("- **Tag:** %s%s\n", code(f.Tag), on)
	default:
		r.w("- **Tag:** %s\n", open("the fix is not tagged"))
	}
	r.deploys()
	if f.AllowedExtra != "" {
		var extra []string
		for _, e := range f.Extra {
			id, subject, _ := strings.Cut(e, " ")
			extra = append(extra, code(id)+" "+oneLine(subject))
		}
		r.w("- **Released with commits other than the fix's:** %s (%s)\n", oneLine(f.AllowedExtra), strings.Join(extra, "; "))
	}
	for _, bp := range r.rec.Backports {
		s := fmt.Sprintf("- **Backport to %s:** %s", code(bp.Target), bp.State)
		if bp.Number > 0 {
			s += fmt.Sprintf(", [#%d](%s)", bp.Number, bp.URL)
		}
		r.w("%s\n", s)
	}
	if f.Offline {
		r.w("\nThe merge was confirmed from the local repository, not the code host's API.\n")
	}
}

func (r *renderer) verify() string {
	pr := r.rec.PullRequest
	if pr != nil && pr.SkipVerify != "" {
		return "skipped with --skip-verify: " + oneLine(pr.SkipVerify)
	}
	v := r.rec.Verify
	if v == nil {
		return open("`hotfix verify` did not run")
	}
	verdict := "passed"
	if !v.Passed {
		verdict = "failed"
	}
	var parts []string
	for _, o := range v.Rules {
		parts = append(parts, o.ID+" "+o.Status)
	}
	s := fmt.Sprintf("%s on %s", verdict, code(commitid.Short(v.Commit)))
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	for _, wv := range v.Waivers {
		s += fmt.Sprintf("; %s waived: %s", wv.Rule, oneLine(strings.TrimSuffix(wv.Reason, ".")))
	}
	return s
}

func (r *renderer) actionItems() {
	r.heading("Action items")
	if len(r.a.ActionItems) == 0 {
		r.w("%s\n", open("what will prevent, mitigate or improve the response to this next time, each with an owner (action_items)"))
		return
	}
	r.w("| Type | Priority | Owner | Due | Item | Issue |\n|---|---|---|---|---|---|\n")
	cellOr := func(s, what string) string {
		if s = cell(s); s == "" {
			return open(what)
		}
		return s
	}
	for _, it := range r.a.ActionItems {
		issue := cell(it.Issue)
		if issue == "" {
			issue = "not filed"
		}
		r.w("| %s | %s | %s | %s | %s | %s |\n", it.Type, cellOr(it.Priority, "priority"), cellOr(it.Owner, "owner"), cellOr(it.Due, "due date"), cell(it.Text), issue)
	}
}

func (r *renderer) prevention() {
	r.heading("Prevention checklist")
	for i, it := range Prevention(r.rec, r.facts, r.a) {
		r.w("%d. %s\n", i+1, it.Text)
		if it.Open {
			r.w("   - %s\n", open(preventionHint(it.ID)))
		} else {
			r.w("   - %s\n", oneLine(it.Answer))
		}
	}
}

// preventionHint says how an open prevention item can be answered.
func preventionHint(id string) string {
	switch id {
	case PreventReviewers:
		return "no pull request is recorded; answer it (prevention.reviewers)"
	case PreventCodeComments:
		return "`hotfix verify` did not check docs-touched; answer it (prevention.code-comments)"
	case PreventPipelineDocs:
		return "say whether the documentation was updated (docs_updated) or answer it (prevention.pipeline-docs)"
	}
	return "answer it (prevention." + id + ")"
}

func (r *renderer) documentation() {
	a, f := r.a, r.facts
	r.heading("Documentation")
	switch {
	case len(f.DocsTouched) > 0:
		r.w("Updated by the fix: %s.\n", strings.Join(codeList(f.DocsTouched), ", "))
		if a.DocsReason != "" {
			r.w("\n%s\n", a.DocsReason)
		}
	case a.DocsUpdated == nil:
		r.w("%s\n", open("whether the requirements, target structure or business-logic documents were corrected (docs_updated, docs_reason)"))
	case *a.DocsUpdated:
		r.w("Updated.")
		if a.DocsReason != "" {
			r.w(" %s", a.DocsReason)
		}
		r.w("\n")
	default:
		r.w("Not updated: %s\n", orOpen(a.DocsReason, "why not (docs_reason)"))
	}
}

func (r *renderer) monitoring() {
	m := r.a.Monitoring
	r.heading("Monitoring")
	r.w("- **Watching:** %s\n", orOpen(m.Watch, "what is watched to confirm the fix holds in production (monitoring.watch)"))
	if m.Until == "" {
		// The window a deploy recorded (the policy's deploy.monitor, or
		// deploy --monitor), else open.
		for i := len(r.rec.Timeline) - 1; i >= 0; i-- {
			e := r.rec.Timeline[i]
			if t, err := time.Parse(time.RFC3339, e.Fields["until"]); e.Kind == record.EventMonitoring && err == nil {
				r.w("- **Until:** %s (%s after the deploy recorded %s)\n", at(t), e.Fields["window"], at(e.At))
				return
			}
		}
		r.w("- **Until:** %s\n", open("until when (monitoring.until, or the window a deploy records: deploy.monitor)"))
		return
	}
	until := m.Until
	from := r.facts.Closed
	if from.IsZero() {
		from = r.facts.Merged
	}
	if relative(m.Until) && !from.IsZero() {
		if t, err := ParseUntil(m.Until, from); err == nil {
			until += " (until " + at(t) + ")"
		}
	}
	r.w("- **Until:** %s\n", until)
}

// relative reports whether a monitoring.until value is a duration.
func relative(s string) bool {
	if _, err := time.Parse("2006-01-02", s); err == nil {
		return false
	}
	_, err := time.Parse(time.RFC3339, s)
	return err != nil
}

func (r *renderer) durations() {
	r.heading("Durations")
	_, impact := ImpactStart(r.rec, r.facts)
	names := map[string]string{DurationDetect: "Time to detect", DurationImpact: "impact", DurationMitigate: "to mitigate", DurationFix: "to fix", DurationMerge: "to merge",
		DurationResolve: "to resolve", DurationClose: "to close"}
	from := map[string]string{DurationDetect: "the first error to the start", DurationImpact: "the first error to the mitigation, else the deploy",
		DurationMitigate: impact + " to the mitigation", DurationFix: "the start to the first fix commit",
		DurationMerge: "the start to the merge", DurationResolve: impact + " to the deploy", DurationClose: "the start to the close"}
	var parts []string
	for _, k := range DurationKeys {
		v := "_open_"
		if d, ok := r.dur[k]; ok {
			v = FormatDuration(d)
		}
		parts = append(parts, fmt.Sprintf("%s: %s (%s)", names[k], v, from[k]))
	}
	r.w("%s; the start of the hotfix was %s.\n", strings.Join(parts, "; "), at(r.start))
}

func (r *renderer) has(key string) bool { _, ok := r.dur[key]; return ok }

// notDeployed is the reason of the record's latest not-deployed event, ""
// when there is none.
func notDeployed(rec *record.Record) string {
	for i := len(rec.Timeline) - 1; i >= 0; i-- {
		if e := rec.Timeline[i]; e.Kind == record.EventNotDeployed {
			return e.Fields["reason"]
		}
	}
	return ""
}

func prLink(pr *record.PullRequest) string {
	if pr == nil {
		return ""
	}
	if pr.URL == "" {
		return fmt.Sprintf("#%d", pr.Number)
	}
	return fmt.Sprintf("[#%d](%s)", pr.Number, pr.URL)
}

func orCode(s, what string) string {
	if s == "" {
		return open(what)
	}
	return code(s)
}

// code writes s as a Markdown code span, with a fence longer than any run
// of backticks in it.
func code(s string) string {
	s = oneLine(s)
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			if run > longest {
				longest = run
			}
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if longest > 0 || strings.HasPrefix(s, " ") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// fence writes s as a fenced code block.
func fence(s string) string {
	f := "```"
	for strings.Contains(s, f) {
		f += "`"
	}
	return f + "\n" + s + "\n" + f
}

func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}

// oneLine folds s onto one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cell keeps s on one table row: one line, pipes escaped.
func cell(s string) string {
	return strings.ReplaceAll(oneLine(s), "|", `\|`)
}

// plain escapes the angle brackets of recorded text so that a message such
// as <class 'TypeError'> is not taken for HTML.
func plain(s string) string {
	return strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(oneLine(s))
}

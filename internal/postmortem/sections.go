package postmortem

import (
	"fmt"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Event kinds `hotfix record` writes (internal/cmd/recordcmd), named here
// so that the postmortem needs no command package.
const (
	eventHandover  = "handover"
	eventEdited    = "edited"
	eventAbandoned = "abandoned"
)

// roleOf is what an event of a kind says its author did, "" for none.
var roleOf = map[string]string{
	record.EventStarted:     "started the hotfix",
	record.EventLogs:        "investigated",
	record.EventHypothesis:  "investigated",
	record.EventRepro:       "investigated",
	record.EventIsolate:     "investigated",
	record.EventDataset:     "investigated",
	record.EventUpdate:      "posted stakeholder updates",
	record.EventMitigated:   "mitigated",
	record.EventVerified:    "verified the fix",
	record.EventPullRequest: "opened the pull request",
	record.EventBackport:    "backported",
	record.EventDeployed:    "deployed",
	record.EventRerun:       "re-ran processes",
	record.EventTagged:      "released",
	record.EventNotDeployed: "closed the hotfix",
	record.EventClosed:      "closed the hotfix",
	eventHandover:           "handed over",
	eventEdited:             "edited the record",
	eventAbandoned:          "abandoned the hotfix",
}

// unnamed are the kinds whose author matters enough to show as open when
// the event does not record one (events written before hotfix recorded who
// verified, opened the pull request or closed).
var unnamed = map[string]string{
	record.EventMitigated:   "who mitigated",
	record.EventVerified:    "who verified the fix",
	record.EventPullRequest: "who opened the pull request",
	record.EventDeployed:    "who deployed",
	record.EventTagged:      "who released",
	record.EventClosed:      "who closed the hotfix",
}

// responders writes who took part and in what role: the owner and its
// handovers, the reporter, the documenter and the reviewers from the
// record, and for each person on the recorded events what those events
// say they did, in the order they first did it. Who is not recorded on an
// event that matters is shown as open.
func (r *renderer) responders() {
	in := r.rec.Incident
	r.heading("Responders")
	r.w("- **Owner:** %s\n", orOpen(in.Owner, "who worked on the fix (incident.owner)"))
	for _, e := range r.rec.Timeline {
		if e.Kind == eventHandover {
			from, to := e.Fields["from"], e.Fields["to"]
			r.w("  - handed over %s: %s → %s\n", at(e.At), orOpen(plain(from), "no owner"), orOpen(plain(to), "no owner"))
		}
	}
	r.w("- **Reported by:** %s\n", orOpen(in.Reporter, "who reported it (incident.reporter)"))
	r.w("- **Documented by:** %s\n", orOpen(in.Documenter, "who documents the incident (incident.documenter)"))
	if pr := r.rec.PullRequest; pr != nil && len(pr.Reviewers) > 0 {
		r.w("- **Reviewers asked:** %s\n", strings.Join(pr.Reviewers, ", "))
	}
	var people []string
	roles := map[string][]string{}
	var missing []string
	seenMissing := map[string]bool{}
	for _, e := range r.rec.Timeline {
		role := roleOf[e.Kind]
		who := strings.TrimSpace(e.By)
		if who == "" {
			if what, ok := unnamed[e.Kind]; ok && !seenMissing[what] {
				seenMissing[what] = true
				missing = append(missing, what)
			}
			continue
		}
		if role == "" {
			continue
		}
		if _, ok := roles[who]; !ok {
			people = append(people, who)
		}
		if !contains(roles[who], role) {
			roles[who] = append(roles[who], role)
		}
	}
	if len(people) > 0 {
		r.w("\n| Who | Roles (from the recorded events) |\n|---|---|\n")
		for _, p := range people {
			r.w("| %s | %s |\n", cell(plain(p)), cell(strings.Join(roles[p], ", ")))
		}
	} else {
		r.w("\n%s\n", open("no recorded event names who did it"))
	}
	if len(missing) > 0 {
		r.w("\n%s\n", open(strings.Join(missing, ", ")+": not recorded on the events"))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// foldRepeats folds each run of rows marked fold with the same event (the
// verify runs made while fixing) into one row: the first's time, who ran
// them, and a count with the span and the last one's details.
func foldRepeats(rows []row) []row {
	var out []row
	for i := 0; i < len(rows); {
		j := i + 1
		for rows[i].fold && j < len(rows) && rows[j].fold && rows[j].event == rows[i].event {
			j++
		}
		if j-i == 1 {
			out = append(out, rows[i])
			i = j
			continue
		}
		first, last := rows[i], rows[j-1]
		var who []string
		for _, x := range rows[i:j] {
			if x.who != "" && !contains(who, x.who) {
				who = append(who, x.who)
			}
		}
		out = append(out, row{at: first.at, event: fmt.Sprintf("%s (%d runs)", first.event, j-i), who: strings.Join(who, ", "),
			detail: fmt.Sprintf("%d runs from %s to %s; the last: %s", j-i, first.at.UTC().Format("15:04"), last.at.UTC().Format("15:04"), last.detail)})
		i = j
	}
	return out
}

// mitigation writes each mitigation recorded (`hotfix mitigate`): when,
// who, what, and the rollback's version and commit.
func (r *renderer) mitigation() {
	r.heading("Mitigation")
	n := 0
	for _, e := range r.rec.Timeline {
		if e.Kind != record.EventMitigated {
			continue
		}
		n++
		// The text says the rollback's version and commit (`hotfix
		// mitigate --rollback` writes them in).
		r.w("- %s, %s: %s\n", at(e.At), orOpen(plain(e.By), "who"), plain(e.Text))
		if v := e.Fields["rollback"]; v != "" && !strings.Contains(e.Text, v) {
			r.w("  - rolled back to %s (%s)\n", code(v), code(commitid.Short(e.Fields["rollback_commit"])))
		}
		if u := e.Fields["url"]; u != "" {
			r.w("  - %s\n", plain(u))
		}
	}
	if n == 0 {
		r.w("%s\n", open("no mitigation was recorded before the fix (`hotfix mitigate`)"))
	}
}

// deploys writes the resolution's deploys and re-runs, as recorded.
func (r *renderer) deploys() {
	n := 0
	for _, e := range r.rec.Timeline {
		switch e.Kind {
		case record.EventDeployed:
			n++
			env := e.Fields["env"]
			if env == "" {
				env = "an environment not named"
			}
			r.w("- **Deployed to %s:** %s by %s: %s\n", plain(env), at(e.At), orOpen(plain(e.By), "who"), plain(e.Text))
		case record.EventRerun:
			r.w("- **Processes re-run:** %s by %s: %s\n", at(e.At), orOpen(plain(e.By), "who"), plain(e.Text))
		}
	}
	if n == 0 {
		if reason := notDeployed(r.rec); reason != "" {
			r.w("- **Deployed:** no: %s\n", plain(reason))
		} else {
			r.w("- **Deployed:** %s\n", open("no deploy was recorded (`hotfix deploy`)"))
		}
	}
}

// supporting writes the links a reader follows: the pull request, the
// issue, the report, the release, backports and merge-backs, the suspects
// with their pull requests and reverts, and the logs.
func (r *renderer) supporting() {
	rec, in := r.rec, r.rec.Incident
	r.heading("Supporting information")
	n := 0
	item := func(format string, args ...interface{}) {
		n++
		r.w(format, args...)
	}
	if pr := rec.PullRequest; pr != nil {
		item("- **Pull request of the fix:** %s\n", prLink(pr))
	}
	if in.Issue != "" {
		item("- **Issue:** %s\n", plain(in.Issue))
	}
	if in.Report != "" {
		item("- **Report:** %s\n", plain(in.Report))
	}
	if u := releaseURL(rec); u != "" {
		item("- **GitHub Release:** %s\n", plain(u))
	}
	for _, bp := range rec.Backports {
		if bp.URL != "" {
			item("- **Backport to %s:** [#%d](%s)\n", code(bp.Target), bp.Number, bp.URL)
		}
	}
	for _, e := range rec.Timeline {
		if e.Kind == record.EventMergeBack && e.Fields["url"] != "" {
			item("- **Merge back into %s:** %s\n", code(e.Fields["branch"]), plain(e.Fields["url"]))
		}
	}
	if t := rec.Triage; t != nil && len(t.Suspects) > 0 {
		item("- **Suspects** (`hotfix triage suspects --record`, most suspect first):\n")
		for _, s := range t.Suspects {
			r.w("  - %s\n", s.Describe())
		}
	}
	if len(in.Logs) > 0 {
		item("- **Logs:** %s\n", strings.Join(codeList(in.Logs), ", "))
	}
	if t := rec.Triage; t != nil && len(t.Locations) > 0 {
		var locs []string
		for i, l := range t.Locations {
			if i == 3 {
				break
			}
			s := l.File
			if l.Line > 0 {
				s += fmt.Sprintf(":%d", l.Line)
			}
			if l.Symbol != "" {
				s += " (" + l.Symbol + ")"
			}
			locs = append(locs, code(s))
		}
		item("- **Where the traces point:** %s\n", strings.Join(locs, ", "))
	}
	if n == 0 {
		r.w("%s\n", open("no pull request, issue, report, suspect or log is recorded"))
	}
}

// releaseURL is the GitHub Release of the fix, from the record's close or
// its tagged event, "" when none was published.
func releaseURL(rec *record.Record) string {
	if rec.Close != nil && rec.Close.GitHubRelease != "" {
		return rec.Close.GitHubRelease
	}
	for _, e := range rec.Timeline {
		if e.Kind == record.EventTagged && e.Fields["release"] != "" {
			return e.Fields["release"]
		}
	}
	return ""
}

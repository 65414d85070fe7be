package postmortem

import (
	"fmt"

	"github.com/hotfix-dev/hotfix/pkg/record"
)

// communications writes the Communications section: the report people
// followed, then each stakeholder update and post, in time order, with
// where it went (a link to the Slack post, the webhook) or that it was not
// posted and why.
func (r *renderer) communications() {
	r.heading("Communications")
	if rep := r.rec.Incident.Report; rep != "" {
		r.w("Reported at %s.\n\n", rep)
	}
	var rows []record.Event
	for _, e := range r.rec.Timeline {
		if e.Kind == record.EventUpdate || e.Kind == record.EventPosted {
			rows = append(rows, e)
		}
	}
	if len(rows) == 0 {
		r.w("No stakeholder update was recorded.\n")
		return
	}
	r.w("| Time (UTC) | Post | Where |\n|---|---|---|\n")
	for _, e := range rows {
		r.w("| %s | %s | %s |\n", e.At.UTC().Format("2006-01-02 15:04"), cell(postWhat(e)), cell(postWhere(e)))
	}
}

// postWhat names a post: the update's status and what it was for.
func postWhat(e record.Event) string {
	f := e.Fields
	if e.Kind == record.EventPosted {
		if f["for"] == "pull-request" {
			return fmt.Sprintf("Pull request #%s, to the PR channel", f["number"])
		}
		return plain(f["for"])
	}
	what := "Update"
	switch f["for"] {
	case "pull-request":
		what = fmt.Sprintf("Pull request #%s", f["number"])
	case "deployed":
		what = "Deploy update"
	case "rerun":
		what = "Re-run update"
	case "closed":
		what = "Closing update"
	case "reminder":
		what = "Reminder"
	}
	if s := f["status"]; s != "" {
		what += " (" + plain(s) + ")"
	}
	return what
}

// postWhere says where a post went, or that it did not and why.
func postWhere(e record.Event) string {
	f := e.Fields
	if f["posted"] != "true" {
		if reason := f["reason"]; reason != "" {
			return "not posted: " + code(reason)
		}
		return "recorded, not posted (posted by hand, if at all)"
	}
	where := "the webhook"
	switch {
	case e.Kind == record.EventPosted && f["channel"] != "":
		where = "channel " + code(f["channel"])
	case f["posted_to"] == "slack":
		where = "the report's thread"
	}
	if link := f["permalink"]; link != "" {
		return fmt.Sprintf("[%s](%s)", where, link)
	}
	if f["posted_to"] == "slack" || e.Kind == record.EventPosted {
		return where + " (no link: " + code(f["reason"]) + ")"
	}
	return where
}

package postmortem

import (
	"fmt"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Facts are what the close command finds in git and on the pull request.
// A zero time is unknown.
type Facts struct {
	// Tag is the release tag the fix was tagged with, e.g. v1.4.2.
	Tag string
	// TagTime is when the tag was made.
	TagTime time.Time
	// MergeCommit is the commit the pull request merged as.
	MergeCommit string
	// Merged is when the pull request merged.
	Merged time.Time
	// PROpened is when the pull request was opened; zero falls back to the
	// record's pull request.
	PROpened time.Time
	// FirstFixCommit is when the first commit of the fix was made;
	// FirstFixBy its author and FirstFixSubject its short hash and
	// subject. Commits the branch got by merging the production branch
	// in, and record-only commits, are not the fix's.
	FirstFixCommit  time.Time
	FirstFixBy      string
	FirstFixSubject string
	// Closed is when `hotfix close` ran.
	Closed time.Time
	// FirstError is when the first error was logged, zero when unknown.
	FirstError time.Time
	// DocsTouched are the documentation files the change touched.
	DocsTouched []string
	// Offline says the merge was taken from the local repository, not the
	// code host's API.
	Offline bool
	// TagCommit is the release candidate the tag is on, when it is not
	// MergeCommit (trunk tags the pull request's reviewed head).
	TagCommit string
	// AllowedExtra is the reason the release holds commits other than the
	// fix's (`close --allow-extra`).
	AllowedExtra string
	// Extra are those commits, each as "short-id subject".
	Extra []string
}

// Duration keys, in the order the postmortem shows them.
const (
	// DurationDetect is from the first error to the start of the hotfix.
	DurationDetect = "detect"
	// DurationFix is from the start to the first fix commit.
	DurationFix = "fix"
	// DurationMerge is from the start to the merge.
	DurationMerge = "merge"
	// DurationClose is from the start to the close.
	DurationClose = "close"
	// DurationMitigate is from the first error (else the start) to the
	// first mitigation (`hotfix mitigate`).
	DurationMitigate = "mitigate"
	// DurationResolve is from the first error (else the start) to the
	// first deploy after the merge (`hotfix deploy`).
	DurationResolve = "resolve"
	// DurationImpact is how long users were hurt: from the first error
	// logged to the end of the impact (ImpactEnd). Open without a first
	// error: the start of the hotfix is not when the impact began.
	DurationImpact = "impact"
)

// DurationKeys are the duration keys in order.
var DurationKeys = []string{DurationDetect, DurationImpact, DurationMitigate, DurationFix, DurationMerge, DurationResolve, DurationClose}

// ImpactEnd is when the impact ended: the first mitigation, else the first
// deploy of the fix after the merge; what names it. Zero when neither is
// recorded.
func ImpactEnd(rec *record.Record, facts Facts) (at time.Time, what string) {
	if e := Mitigated(rec); e != nil {
		return e.At.UTC(), "the first mitigation"
	}
	if e := Deployed(rec, facts.Merged); e != nil {
		return e.At.UTC(), "the deploy of the fix"
	}
	return time.Time{}, ""
}

// FirstError is the earliest first_error of the record's logs events
// (`triage logs --record`), zero when none was recorded.
func FirstError(rec *record.Record) time.Time {
	var first time.Time
	for _, e := range rec.Timeline {
		if e.Kind != record.EventLogs {
			continue
		}
		if t, err := time.Parse(time.RFC3339, e.Fields["first_error"]); err == nil && (first.IsZero() || t.Before(first)) {
			first = t.UTC()
		}
	}
	return first
}

// Mitigated is the first mitigated event, nil when none was recorded.
func Mitigated(rec *record.Record) *record.Event {
	for i := range rec.Timeline {
		if rec.Timeline[i].Kind == record.EventMitigated {
			return &rec.Timeline[i]
		}
	}
	return nil
}

// Deployed is the first deployed event at or after merged (any, when
// merged is zero), nil when none was recorded: a deploy before the merge
// did not ship the fix.
func Deployed(rec *record.Record, merged time.Time) *record.Event {
	for i := range rec.Timeline {
		e := &rec.Timeline[i]
		if e.Kind == record.EventDeployed && !e.At.Before(merged.Truncate(time.Second)) {
			return e
		}
	}
	return nil
}

// ImpactStart is what the times to mitigate and to resolve are measured
// from: the first error logged when known, else the start of the hotfix;
// what names it, for people.
func ImpactStart(rec *record.Record, facts Facts) (at time.Time, what string) {
	if t := firstError(rec, facts); !t.IsZero() {
		return t, "the first error"
	}
	return Started(rec), "the start of the hotfix"
}

// firstError is facts.FirstError, else the record's.
func firstError(rec *record.Record, facts Facts) time.Time {
	if !facts.FirstError.IsZero() {
		return facts.FirstError
	}
	return FirstError(rec)
}

// Started is when the hotfix started: its started event, else the record's
// creation.
func Started(rec *record.Record) time.Time {
	for _, e := range rec.Timeline {
		if e.Kind == record.EventStarted {
			return e.At.UTC()
		}
	}
	return rec.Created.UTC()
}

// Durations measures the incident: time to detect (the first error, from
// facts or the record's logs events, to the start), the impact (the first
// error to ImpactEnd), to mitigate and to
// resolve (ImpactStart to the first mitigation, and to the first deploy
// after the merge), to fix (the start to the first fix commit), to merge
// and to close (the start to each). A duration whose ends are not both
// known, or that would be negative, is left out: it is open.
func Durations(rec *record.Record, facts Facts) map[string]time.Duration {
	start := Started(rec)
	out := map[string]time.Duration{}
	span := func(key string, from, to time.Time) {
		if from.IsZero() || to.IsZero() || to.Before(from) {
			return
		}
		out[key] = to.Sub(from)
	}
	span(DurationDetect, firstError(rec, facts), start)
	end, _ := ImpactEnd(rec, facts)
	span(DurationImpact, firstError(rec, facts), end)
	impact, _ := ImpactStart(rec, facts)
	if e := Mitigated(rec); e != nil {
		span(DurationMitigate, impact, e.At)
	}
	if e := Deployed(rec, facts.Merged); e != nil {
		span(DurationResolve, impact, e.At)
	}
	span(DurationFix, start, facts.FirstFixCommit)
	span(DurationMerge, start, facts.Merged)
	span(DurationClose, start, facts.Closed)
	return out
}

// FormatDuration writes d for people: 45s, 23m, 1h 5m, 2d 3h.
func FormatDuration(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%ds", int(d.Round(time.Second)/time.Second))
	}
	m := int(d.Round(time.Minute) / time.Minute)
	days, hours, mins := m/(24*60), m/60%24, m%60
	switch {
	case days > 0 && hours > 0:
		return fmt.Sprintf("%dd %dh", days, hours)
	case days > 0:
		return fmt.Sprintf("%dd", days)
	case hours > 0 && mins > 0:
		return fmt.Sprintf("%dh %dm", hours, mins)
	case hours > 0:
		return fmt.Sprintf("%dh", hours)
	}
	return fmt.Sprintf("%dm", mins)
}

// Missing lists the answer keys still open, in the order Ask asks them:
// how_many, root_cause, five_whys, trigger, resolution, went_well, went_wrong, lucky,
// action_items, docs_updated (not when the change touched doc files: then
// the docs were updated), docs_reason (when they were not), monitoring (what
// is watched), monitoring.until, and prevention.<id> for each prevention
// item only people can answer.
func Missing(a Answers, facts Facts) []string {
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	var out []string
	add := func(key string, missing bool) {
		if missing {
			out = append(out, key)
		}
	}
	add("how_many", blank(a.HowMany))
	add("root_cause", blank(a.RootCause))
	add("five_whys", len(a.FiveWhys) == 0)
	add("trigger", blank(a.Trigger))
	add("resolution", blank(a.Resolution))
	add("went_well", blank(a.WentWell))
	add("went_wrong", blank(a.WentWrong))
	add("lucky", blank(a.Lucky))
	add("action_items", len(a.ActionItems) == 0)
	docsTouched := len(facts.DocsTouched) > 0
	add("docs_updated", !docsTouched && a.DocsUpdated == nil)
	add("docs_reason", !docsTouched && a.DocsUpdated != nil && !*a.DocsUpdated && blank(a.DocsReason))
	add("monitoring", blank(a.Monitoring.Watch))
	add("monitoring.until", !blank(a.Monitoring.Watch) && blank(a.Monitoring.Until))
	for _, c := range PreventionChecklist {
		add("prevention."+c.ID, !derived(c.ID) && blank(a.Prevention[c.ID]))
	}
	return out
}

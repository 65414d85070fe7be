// Package updates is the stakeholder update as a service that several
// commands share: its text composed from the record (Compose, and the
// short reminder of update --remind), when the next one is due (Due, over
// record.NextUpdate), the one-line reminder every command prints before an
// update is late (Reminder), and a post through internal/notify recorded
// as an update event (Fields, PostFailure). `hotfix update` composes and
// posts updates; pr, deploy and close post theirs in the report's thread
// through it; status and the root command show what is due.
package updates

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/github"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/notify"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Soon is how long before an update is due the reminder starts.
const Soon = 10 * time.Minute

// nextSteps is said when no next steps are given.
var nextSteps = map[string]string{
	"investigating": "We are investigating the cause.",
	"identified":    "We have found the cause and are preparing a fix.",
	"fixing":        "A fix is being implemented and reviewed.",
	"monitoring":    "The fix is deployed; we are watching to confirm it works.",
	"resolved":      "The incident is resolved.",
}

// Update is a composed update (update --json).
type Update struct {
	Text       string    `json:"text"`
	Status     string    `json:"status"`
	NextUpdate time.Time `json:"next_update,omitempty"`
	Posted     bool      `json:"posted"`
	// DryRun marks a dry run's update: nothing was posted or recorded.
	DryRun bool `json:"dry_run,omitempty"`
	// PostTo names the environment variable of the webhook it is (or, on
	// a dry run, would be) posted to, SLACK_BOT_TOKEN for a reply in the
	// report's Slack thread, or the report's GitHub issue URL for a
	// comment on it; "" when it is not posted.
	PostTo string `json:"post_to,omitempty"`
	// Permalink is the Slack reply's link; "" for a webhook.
	Permalink string `json:"permalink,omitempty"`
	// Reminder marks the short "still ..." update of update --remind.
	Reminder bool `json:"reminder,omitempty"`
}

// Location is the zone update times are written in: update.timezone, else
// the machine's.
func Location(cfg *config.Config) *time.Location {
	if cfg.Update.Timezone != "" {
		if loc, err := time.LoadLocation(cfg.Update.Timezone); err == nil {
			return loc
		}
	}
	return time.Local
}

// Interval is the severity's update interval, 0 when the severity is not
// in the policy or has none.
func Interval(cfg *config.Config, rec *record.Record) time.Duration {
	if sev, ok := cfg.Severity(rec.Incident.Severity); ok {
		return sev.UpdateInterval.D()
	}
	return 0
}

// Compose writes the update. now is in the zone the times are written in
// (Location). status, message and steps default to the record's phase,
// what is known and the status's next steps; next (a duration or a time)
// to the severity's interval.
func Compose(cfg *config.Config, rec *record.Record, status, message, steps, next string, now time.Time) (Update, error) {
	if status == "" {
		status = StatusFromPhase(rec)
	}
	if message == "" {
		message = known(rec)
	}
	if steps == "" {
		steps = nextSteps[status]
	}
	u := Update{Status: status}
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s: %s\n", rec.Incident.Severity, rec.Incident.Title, strings.ToUpper(status[:1])+status[1:])
	fmt.Fprintf(&b, "What we know: %s\n", message)
	fmt.Fprintf(&b, "Next steps: %s", steps)
	if rec.PullRequest != nil && rec.PullRequest.URL != "" && PhaseIndexBefore(rec, record.PhaseMerged) {
		fmt.Fprintf(&b, " Fix under review: %s", rec.PullRequest.URL)
	}
	b.WriteString("\n")
	if status != "resolved" {
		var at time.Time
		if next != "" {
			t, err := record.ParseDeadline(next, now)
			if err != nil || t == nil {
				return u, cmdutil.Usagef("write a duration (45m, 2h) or a time (15:30)", "--next %q is not a time", next)
			}
			at = t.In(now.Location())
		} else if iv := Interval(cfg, rec); iv > 0 {
			at = record.NextUpdateAfter(now, iv)
		}
		if !at.IsZero() {
			u.NextUpdate = at
			fmt.Fprintf(&b, "Next update by %s.", When(at, now))
		}
	}
	u.Text = strings.TrimRight(b.String(), "\n")
	return u, nil
}

// still says what is still going on, by status, in a reminder.
var still = map[string]string{
	"investigating": "still investigating",
	"identified":    "the cause is identified, still preparing the fix",
	"fixing":        "still working on the fix",
	"monitoring":    "still monitoring the fix",
}

// ComposeReminder writes the short update of update --remind: "[SEV2]
// Title: still investigating. Next update by 11:30 UTC." now is in the
// zone of Location.
func ComposeReminder(cfg *config.Config, rec *record.Record, now time.Time) Update {
	status := StatusFromPhase(rec)
	u := Update{Status: status, Reminder: true}
	what := still[status]
	if what == "" {
		what = "still " + status
	}
	u.Text = fmt.Sprintf("[%s] %s: %s.", rec.Incident.Severity, rec.Incident.Title, what)
	if iv := Interval(cfg, rec); iv > 0 {
		u.NextUpdate = record.NextUpdateAfter(now, iv)
		u.Text += fmt.Sprintf(" Next update by %s.", When(u.NextUpdate, now))
	}
	return u
}

// When writes at as an update says it: "15:04 MST", with the weekday when
// it is not now's day. at and now are in the same zone.
func When(at, now time.Time) string {
	day := ""
	if at.YearDay() != now.YearDay() || at.Year() != now.Year() {
		day = at.Format("Mon ")
	}
	return day + at.Format("15:04 MST")
}

// PhaseIndexBefore reports whether rec has not reached phase (and has
// not ended): the pull request is under review before merged.
func PhaseIndexBefore(rec *record.Record, phase string) bool {
	return !rec.Ended() && record.PhaseIndex(rec.Phase) < record.PhaseIndex(phase)
}

// StatusFromPhase is the status an update announces by default.
func StatusFromPhase(rec *record.Record) string {
	switch rec.Phase {
	case record.PhaseFixing, record.PhaseInReview:
		return "fixing"
	case record.PhaseMerged, record.PhaseReleased, record.PhaseDeployed:
		return "monitoring"
	case record.PhaseClosed:
		return "resolved"
	}
	for _, h := range rec.Hypotheses() {
		if h.Status == record.HypothesisVerified {
			return "identified"
		}
	}
	return "investigating"
}

// known says what is known: the latest verified hypothesis, else the
// summary, else the title.
func known(rec *record.Record) string {
	hs := rec.Hypotheses()
	for i := len(hs) - 1; i >= 0; i-- {
		if hs[i].Status == record.HypothesisVerified {
			return hs[i].Text + " (verified: " + hs[i].Evidence + ")"
		}
	}
	if rec.Incident.Summary != "" {
		return rec.Incident.Summary
	}
	if len(hs) > 0 {
		return "Investigating: " + hs[len(hs)-1].Text
	}
	return rec.Incident.Title
}

// Due is when a hotfix's next update is due, seen at a moment.
type Due struct {
	// At is when the next update is due.
	At time.Time
	// Overdue says At has passed.
	Overdue bool
	// Soon says At is within Soon (or has passed).
	Soon bool
	// By is how long until At, or since it when overdue, to the minute.
	By time.Duration
}

// DueAt says when rec's next update is due at now (record.NextUpdate with
// the severity's interval), and false when none is owed.
func DueAt(cfg *config.Config, rec *record.Record, now time.Time) (Due, bool) {
	at, ok := rec.NextUpdate(Interval(cfg, rec))
	if !ok {
		return Due{}, false
	}
	d := Due{At: at, Overdue: now.After(at), Soon: !now.Before(at.Add(-Soon))}
	if d.Overdue {
		d.By = now.Sub(at).Truncate(time.Minute)
	} else {
		d.By = at.Sub(now).Truncate(time.Minute)
	}
	return d, true
}

// Describe says it for people: "overdue by 12m (due 11:00 UTC)", "due
// 11:00 UTC (in 5m)" or "due 11:00 UTC (now)"; times in loc.
func (d Due) Describe(now time.Time, loc *time.Location) string {
	when := When(d.At.In(loc), now.In(loc))
	if d.Overdue {
		return fmt.Sprintf("overdue by %s (due %s)", config.FormatDuration(max(d.By, time.Minute)), when)
	}
	if d.By < time.Minute {
		return fmt.Sprintf("due %s (now)", when)
	}
	return fmt.Sprintf("due %s (in %s)", when, config.FormatDuration(d.By))
}

// Reminder is the one line a command prints when a hotfix's next update
// is due within Soon or overdue, "" when none is: the most pressing
// hotfix, and how many others are due. Ended hotfixes owe nothing.
func Reminder(cfg *config.Config, recs []*record.Record, now time.Time) string {
	var first *record.Record
	var due Due
	n := 0
	for _, r := range recs {
		d, ok := DueAt(cfg, r, now)
		if !ok || !d.Soon {
			continue
		}
		n++
		if first == nil || d.At.Before(due.At) {
			first, due = r, d
		}
	}
	if first == nil {
		return ""
	}
	line := fmt.Sprintf("Reminder: the next stakeholder update of %s is %s: `hotfix update --id %s`", first.ID, due.Describe(now, Location(cfg)), first.ID)
	if n > 1 {
		line += fmt.Sprintf(" (and %d more: `hotfix status`)", n-1)
	}
	return line
}

// Where an update was posted, as the update event's Field "posted_to"
// says: the report's Slack thread or the report's GitHub issue; a webhook
// (or nothing) leaves the Field out.
const (
	PostedToSlack = "slack"
	PostedToIssue = "github-issue"
)

// Fields are the update event's fields for u: its status, whether it was
// posted, where (posted_to: PostedToSlack or PostedToIssue, "" for a
// webhook or nothing, and the permalink) and, for a failed post, why; its
// next update's time.
func Fields(u Update, postedTo string, postErr error) map[string]string {
	fields := map[string]string{"status": u.Status, "posted": fmt.Sprint(u.Posted)}
	if postedTo != "" {
		fields["posted_to"] = postedTo
		if u.Permalink != "" {
			fields["permalink"] = u.Permalink
		}
	}
	if postErr != nil {
		fields["reason"] = notify.Reason(postErr)
	}
	if !u.NextUpdate.IsZero() {
		fields["next_update"] = u.NextUpdate.UTC().Format(time.RFC3339)
	}
	return fields
}

// PostFailure is a Slack post's failure for the person: what Slack said,
// the fix it names, and exit 4 when the token or its scopes are at fault.
// what names the post ("the update", "the pull request's link"); recorded
// says it is in the record, as not posted, all the same.
func PostFailure(err error, what string, recorded bool) error {
	var ne *notify.Error
	if !errors.As(err, &ne) {
		return cmdutil.Failf("rerun, or pass --no-post and post "+what+" by hand", "could not post %s: %v", what, err)
	}
	code := cmdutil.ExitFailure
	if ne.Auth {
		code = cmdutil.ExitAuth
	}
	msg := "could not post " + what + ": " + ne.Msg
	if ne.Posted {
		msg = ne.Msg
	} else if recorded {
		msg += "; " + what + " is recorded as not posted"
	}
	return &cmdutil.Error{Code: code, Msg: msg, Fix: ne.Fix + " (or pass --no-post to record " + what + " without posting it)", Err: err}
}

// Env is what a post needs from the command: the environment (the bot
// token, SLACK_API_URL, the GitHub token and GITHUB_API_URL), the HTTP
// client, the wait for Retry-After, and (for a GitHub issue) the streams
// its notes go to and the clock.
type Env struct {
	Getenv     func(string) string
	HTTPClient *http.Client
	Sleep      func(context.Context, time.Duration) error
	IO         *iostreams.IOStreams
	Now        func() time.Time
}

// Channel is where rec's updates are posted besides a webhook: the
// report's Slack thread (a bot token and a Slack message link; Thread), or
// the report's GitHub issue (an issue URL), commented on with the same
// token as `hotfix pr`. postedTo is PostedToSlack or PostedToIssue, also
// with an error (the channel the report names, which could not be made);
// nil and "" when the report is neither. An issue report without a GitHub
// token is an error (exit 4), never a silent skip.
func (e Env) Channel(rec *record.Record) (n notify.Notifier, postedTo string, err error) {
	s, err := e.Thread(rec)
	if err != nil {
		return nil, PostedToSlack, err
	}
	if s != nil {
		return s, PostedToSlack, nil
	}
	ref, perr := notify.ParseIssueLink(rec.Incident.Report)
	if perr != nil {
		return nil, "", nil
	}
	t := github.Target{Repo: ref.FullName(), Host: ref.Host, APIURL: strings.TrimSpace(e.Getenv("GITHUB_API_URL"))}
	if t.APIURL == "" && ref.Host != "github.com" {
		t.APIURL = "https://" + ref.Host + "/api/v3"
	}
	streams := e.IO
	if streams == nil {
		streams = &iostreams.IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}
	}
	now := e.Now
	if now == nil {
		now = time.Now
	}
	svc, gerr := github.New(t, github.Deps{IO: streams, Getenv: e.Getenv, HTTPClient: e.HTTPClient, Sleep: e.Sleep, Now: now})
	if gerr != nil {
		var ce *cmdutil.Error
		msg, fix := gerr.Error(), "export GH_TOKEN (a token that can comment on "+ref.FullName()+")"
		if errors.As(gerr, &ce) {
			msg = ce.Msg
			if ce.Fix != "" {
				fix = ce.Fix
			}
		}
		return nil, PostedToIssue, &notify.Error{Reason: "no_token", Msg: "the report is the GitHub issue " + ref.String() + ", which cannot be commented on: " + msg, Fix: fix, Auth: true}
	}
	return &notify.GitHubIssue{API: svc, Issue: ref}, PostedToIssue, nil
}

// Thread is the Slack notifier of rec's report thread: nil (and no error)
// without a bot token or a Slack report link.
func (e Env) Thread(rec *record.Record) (*notify.Slack, error) {
	s, err := notify.SlackFor(e.Getenv, rec.Incident.Report, e.HTTPClient)
	if s != nil {
		s.Sleep = e.Sleep
	}
	return s, err
}

// Post sends u through n, setting u.Posted (a reply whose link alone is
// missing was posted) and u.Permalink.
func Post(ctx context.Context, n notify.Notifier, u *Update) error {
	receipt, err := n.Post(ctx, notify.Message{Text: u.Text})
	var ne *notify.Error
	u.Posted = err == nil || errors.As(err, &ne) && ne.Posted
	u.Permalink = receipt.Permalink
	return err
}

// PostInThread posts u in rec's report thread and returns the update
// event that records it at now, with Fields and extra (its Field "for"
// names the command's reason: pull-request, deployed, rerun, closed), for
// the caller to add (once). Without a bot token or a Slack report link it
// posts nothing and returns false. The error is the post's (PostFailure
// turns it into the person's); the event says it was not posted, and why.
func (e Env) PostInThread(ctx context.Context, rec *record.Record, u *Update, now time.Time, extra map[string]string) (record.Event, bool, error) {
	n, postedTo, err := e.Channel(rec)
	if n == nil && err == nil {
		return record.Event{}, false, nil
	}
	if err == nil {
		err = Post(ctx, n, u)
	}
	fields := Fields(*u, postedTo, err)
	for k, v := range extra {
		fields[k] = v
	}
	return record.Event{At: now, Kind: record.EventUpdate, Text: u.Text, Fields: fields}, true, err
}

// PostedFor reports whether rec records a post made for why (the Field
// "for") whose Field key is value, in the thread (update events) or, with
// kind record.EventPosted, elsewhere: so a rerun never posts it twice.
func PostedFor(rec *record.Record, kind, why, key, value string) bool {
	for _, ev := range rec.Timeline {
		if ev.Kind == kind && ev.Fields["for"] == why && ev.Fields[key] == value && ev.Fields["posted"] == "true" {
			return true
		}
	}
	return false
}

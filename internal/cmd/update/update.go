// Package update implements `hotfix update`: a stakeholder update composed
// from the record (status, what is known, next steps, "next update by"),
// printed, posted to a Slack-compatible webhook when one is configured, and
// recorded in the timeline.
package update

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/notify"
	"github.com/hotfix-dev/hotfix/internal/records"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// nextSteps is said when no --next-steps is given.
var nextSteps = map[string]string{
	"investigating": "We are investigating the cause.",
	"identified":    "We have found the cause and are preparing a fix.",
	"fixing":        "A fix is being implemented and reviewed.",
	"monitoring":    "The fix is deployed; we are watching to confirm it works.",
	"resolved":      "The incident is resolved.",
}

// Options are update's flags and dependencies.
type Options struct {
	IO         *iostreams.IOStreams
	Clock      clock.Clock
	Getenv     func(string) string
	OpenRepo   func() (*git.Repo, error)
	LoadConfig func(repo *git.Repo) (*config.Config, error)
	HTTPClient *http.Client
	DryRun     bool
	// WebhookTimeout bounds the post; zero means 15s.
	WebhookTimeout time.Duration
	// Verbose logs the post's answer (never the URL's path) to stderr.
	Verbose bool
	// Sleep waits out Slack's Retry-After; nil really waits.
	Sleep func(context.Context, time.Duration) error

	ID        string
	Status    string
	Message   string
	NextSteps string
	Next      string
	JSON      bool
	// NoPost records the update without posting it, even when a webhook
	// is configured.
	NoPost bool
}

// NewCmd returns the update command; runF replaces the run in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "update",
		Short: "Compose, post and record a stakeholder update with its \"next update by\" time",
		Long: `Compose a stakeholder update from the incident record: the status, what is
known (--message, else the latest verified hypothesis or the summary), the next
steps, and "Next update by HH:MM" from the severity's update interval (or
--next). It is printed, posted to the Slack-compatible webhook whose URL is in
the environment variable named by update.webhook_env (the URL is never stored),
and recorded in the timeline. ` + "`hotfix status`" + ` flags an overdue update.

With a Slack bot token in SLACK_BOT_TOKEN and the record's report link (start
--report, record set report) naming a Slack message, the update is instead a
reply in that message's thread, and its permalink is recorded. A post Slack
refuses is recorded as not posted with the reason, and update exits 1 (4 for
the token or its scopes) naming the fix: see docs/update.md.`,
		Example: `  hotfix update --status identified --message "json.loads is given a file in application.py"
  hotfix update --status monitoring --next 2h`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.IO, o.Clock, o.Getenv, o.OpenRepo, o.LoadConfig, o.HTTPClient, o.DryRun = f.IOStreams, f.Clock, f.Env, f.OpenRepo, f.LoadConfig, f.HTTPClient, f.DryRun
			o.WebhookTimeout, o.Verbose, o.Sleep = f.Timeouts.Webhook, f.Verbose, f.Sleep
			if o.Status != "" && !contains(record.UpdateStatuses, o.Status) {
				return &cmdutil.FlagError{Err: fmt.Errorf("--status must be one of %s, not %q", strings.Join(record.UpdateStatuses, ", "), o.Status)}
			}
			for _, t := range [][2]string{{"--message", o.Message}, {"--next-steps", o.NextSteps}} {
				if err := record.CheckText(t[0], t[1]); err != nil {
					return &cmdutil.FlagError{Err: err}
				}
			}
			if runF != nil {
				return runF(o)
			}
			return Run(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Status, "status", "", "investigating, identified, fixing, monitoring or resolved (default: from the record's phase)")
	fl.StringVar(&o.Message, "message", "", "what is known")
	fl.StringVar(&o.NextSteps, "next-steps", "", "what happens next (default: by status)")
	fl.StringVar(&o.Next, "next", "", "when the next update comes: a duration (45m) or a time (15:30); default: the severity's interval")
	fl.StringVar(&o.ID, "id", "", "the incident record (default: the current branch's)")
	fl.BoolVar(&o.JSON, "json", false, "print the update as JSON")
	fl.BoolVar(&o.NoPost, "no-post", false, "record the update without posting it (post its text yourself)")
	complete.Choices(cmd, "status", record.UpdateStatuses...)
	for _, name := range []string{"message", "next-steps", "next"} {
		complete.Flag(cmd, name, complete.FreeText)
	}
	complete.Flag(cmd, "id", complete.ID)
	cmdutil.SetLock(cmd, cmdutil.LockAlways)
	return cmd
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Update is the composed update (update --json).
type Update struct {
	Text       string    `json:"text"`
	Status     string    `json:"status"`
	NextUpdate time.Time `json:"next_update,omitempty"`
	Posted     bool      `json:"posted"`
	// DryRun marks a dry run's update: nothing was posted or recorded.
	DryRun bool `json:"dry_run,omitempty"`
	// PostTo names the environment variable of the webhook it is (or, on
	// a dry run, would be) posted to, or SLACK_BOT_TOKEN for a reply in
	// the report's Slack thread; "" when it is not posted.
	PostTo string `json:"post_to,omitempty"`
	// Permalink is the Slack reply's link; "" for a webhook.
	Permalink string `json:"permalink,omitempty"`
}

// Run runs update with o.
func Run(ctx context.Context, o *Options) error {
	repo, err := o.OpenRepo()
	if err != nil {
		return err
	}
	defer repo.Close()
	cfg, err := o.LoadConfig(repo)
	if err != nil {
		return err
	}
	store := record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}
	rec, err := records.Find(repo, cfg, o.ID)
	if err != nil {
		return err
	}
	now := o.Clock.Now()
	loc := time.Local
	if cfg.Update.Timezone != "" {
		loc, _ = time.LoadLocation(cfg.Update.Timezone)
	}
	u, err := Compose(cfg, rec, o.Status, o.Message, o.NextSteps, o.Next, now.In(loc))
	if err != nil {
		return err
	}
	var url string
	var slackN *notify.Slack
	if !o.NoPost {
		if slackN, err = notify.SlackFor(o.Getenv, rec.Incident.Report, o.HTTPClient); err != nil {
			return postFailure(err, false)
		}
	}
	if slackN != nil {
		slackN.Sleep = o.Sleep
		u.PostTo = notify.TokenEnv
	} else if cfg.Update.WebhookEnv != "" && !o.NoPost {
		url = strings.TrimSpace(o.Getenv(cfg.Update.WebhookEnv))
		// A configured webhook that cannot be reached is never skipped
		// silently: stakeholders would wait for an update nobody sent.
		if url == "" {
			return cmdutil.Failf(fmt.Sprintf("set %s to the channel's incoming webhook URL, or pass --no-post to record the update and post it yourself", cfg.Update.WebhookEnv),
				"%s is not set, so the update cannot be posted; nothing was recorded", cfg.Update.WebhookEnv)
		}
		u.PostTo = cfg.Update.WebhookEnv
	}
	if o.DryRun {
		u.DryRun = true
		if o.JSON {
			return writeJSON(o.IO.Out, u)
		}
		fmt.Fprintf(o.IO.Out, "Dry run: nothing was posted or recorded. The update would be:\n\n%s\n", u.Text)
		if url != "" {
			fmt.Fprintf(o.IO.Out, "\nIt would be posted to the webhook in %s.\n", cfg.Update.WebhookEnv)
		}
		if slackN != nil {
			fmt.Fprintf(o.IO.Out, "\nIt would be posted in the report's thread in Slack (%s).\n", rec.Incident.Report)
		}
		return nil
	}
	var postErr error
	var receipt notify.Receipt
	if slackN != nil {
		receipt, postErr = slackN.Post(ctx, notify.Message{Text: u.Text})
		var ne *notify.Error
		u.Posted = postErr == nil || errors.As(postErr, &ne) && ne.Posted
		u.Permalink = receipt.Permalink
	} else if url != "" {
		var log func(string)
		if o.Verbose {
			log = func(s string) { fmt.Fprintln(o.IO.ErrOut, s) }
		}
		wh := &notify.Webhook{URL: url, Env: cfg.Update.WebhookEnv, Client: o.HTTPClient, Timeout: o.WebhookTimeout, Log: log}
		_, postErr = wh.Post(ctx, notify.Message{Text: u.Text})
		u.Posted = postErr == nil
	}
	fields := map[string]string{"status": u.Status, "posted": fmt.Sprint(u.Posted)}
	if slackN != nil {
		fields["posted_to"] = "slack"
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
	rec.AddEventOnce(record.Event{At: now, Kind: record.EventUpdate, Text: u.Text, Fields: fields}) // once: a rerun after a crash
	if err := store.Save(rec); err != nil {
		return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot save the record: %v", err), "")
	}
	if o.JSON {
		if err := writeJSON(o.IO.Out, u); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(o.IO.Out, u.Text)
		switch {
		case u.Posted && slackN != nil && postErr == nil:
			fmt.Fprintf(o.IO.ErrOut, "Posted in the report's thread in Slack and recorded: %s\n", u.Permalink)
		case u.Posted && slackN != nil:
		case u.Posted:
			fmt.Fprintf(o.IO.ErrOut, "Posted to the webhook in %s and recorded.\n", cfg.Update.WebhookEnv)
		case postErr == nil:
			fmt.Fprintln(o.IO.ErrOut, "Recorded, not posted: post it to your stakeholders' channel.")
		}
	}
	if postErr != nil && slackN != nil {
		return postFailure(postErr, true)
	}
	if postErr != nil {
		return cmdutil.Failf("check the webhook URL in "+cfg.Update.WebhookEnv+" and the network; the update is recorded, so post its text by hand or rerun",
			"could not post the update: %v", postErr)
	}
	return nil
}

// postFailure is a Slack post's failure for the person: what Slack said,
// the fix it names, and exit 4 when the token or its scopes are at fault;
// recorded says the update is in the record all the same.
func postFailure(err error, recorded bool) error {
	var ne *notify.Error
	if !errors.As(err, &ne) {
		return cmdutil.Failf("rerun, or pass --no-post and post the update by hand", "could not post the update: %v", err)
	}
	code := cmdutil.ExitFailure
	if ne.Auth {
		code = cmdutil.ExitAuth
	}
	msg := "could not post the update: " + ne.Msg
	if ne.Posted {
		msg = ne.Msg
	} else if recorded {
		msg += "; the update is recorded as not posted"
	}
	return &cmdutil.Error{Code: code, Msg: msg, Fix: ne.Fix + " (or pass --no-post to record the update without posting it)", Err: err}
}

// writeJSON writes u as indented JSON.
func writeJSON(w io.Writer, u Update) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(u)
}

// Compose writes the update. now is in the zone the times are written in.
func Compose(cfg *config.Config, rec *record.Record, status, message, steps, next string, now time.Time) (Update, error) {
	if status == "" {
		status = statusFromPhase(rec)
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
	if rec.PullRequest != nil && rec.PullRequest.URL != "" {
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
		} else if sev, ok := cfg.Severity(rec.Incident.Severity); ok {
			at = now.Add(sev.UpdateInterval.D()).Truncate(time.Minute)
		}
		if !at.IsZero() {
			u.NextUpdate = at
			day := ""
			if at.YearDay() != now.YearDay() || at.Year() != now.Year() {
				day = at.Format("Mon ")
			}
			fmt.Fprintf(&b, "Next update by %s%s.", day, at.Format("15:04 MST"))
		}
	}
	u.Text = strings.TrimRight(b.String(), "\n")
	return u, nil
}

func statusFromPhase(rec *record.Record) string {
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

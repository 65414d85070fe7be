// Package update implements `hotfix update`: a stakeholder update composed
// from the record (status, what is known, next steps, "next update by"),
// printed, posted to a Slack-compatible webhook when one is configured, and
// recorded in the timeline.
package update

import (
	"context"
	"encoding/json"
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
	"github.com/hotfix-dev/hotfix/internal/updates"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

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
	// Remind posts a short "still ..." update only when the next update
	// is due (for a cron job or a CI schedule); otherwise it says when it
	// is and exits 0.
	Remind bool
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
the token or its scopes) naming the fix: see docs/update.md.

--remind, for a cron job or a CI schedule, posts (and records) a short update,
"[SEV2] Title: still investigating. Next update by 11:30 UTC.", only when the
next update is due: the time the last update promised, or the severity's
interval after the start when there was none. Otherwise it says when the next
update is due and exits 0. Every hotfix command run at a terminal reminds you
in one line on stderr when an update is due within 10 minutes or overdue.`,
		Example: `  hotfix update --status identified --message "json.loads is given a file in application.py"
  hotfix update --status monitoring --next 2h
  hotfix update --remind --id 2026-11-22-checkout-returns-500`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.IO, o.Clock, o.Getenv, o.OpenRepo, o.LoadConfig, o.HTTPClient, o.DryRun = f.IOStreams, f.Clock, f.Env, f.OpenRepo, f.LoadConfig, f.HTTPClient, f.DryRun
			o.WebhookTimeout, o.Verbose, o.Sleep = f.Timeouts.Webhook, f.Verbose, f.Sleep
			if o.Status != "" && !contains(record.UpdateStatuses, o.Status) {
				return &cmdutil.FlagError{Err: fmt.Errorf("--status must be one of %s, not %q", strings.Join(record.UpdateStatuses, ", "), o.Status)}
			}
			if o.Remind {
				for _, name := range []string{"status", "message", "next-steps", "next"} {
					if cmd.Flags().Changed(name) {
						return &cmdutil.FlagError{Err: fmt.Errorf("--remind writes its own short update: it cannot be used with --%s", name)}
					}
				}
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
	fl.BoolVar(&o.Remind, "remind", false, "for a cron job or CI schedule: post a short \"still ...\" update only when the next update is due; exit 0 when none is")
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
type Update = updates.Update

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
	loc := updates.Location(cfg)
	var u Update
	if o.Remind {
		// Only when the time the last update promised (by default the
		// severity's interval after it) has passed without another.
		due, owed := updates.DueAt(cfg, rec, now)
		if !owed || now.Before(due.At) {
			return nothingDue(o, rec, due, owed, now, loc)
		}
		u = updates.ComposeReminder(cfg, rec, now.In(loc))
	} else if u, err = Compose(cfg, rec, o.Status, o.Message, o.NextSteps, o.Next, now.In(loc)); err != nil {
		return err
	}
	var url string
	// The report's channel: its Slack thread (bot token), or its GitHub
	// issue (the pr token); else the webhook.
	var channel notify.Notifier
	var postedTo string
	if !o.NoPost {
		env := updates.Env{Getenv: o.Getenv, HTTPClient: o.HTTPClient, Sleep: o.Sleep, IO: o.IO, Now: o.Clock.Now}
		if channel, postedTo, err = env.Channel(rec); err != nil {
			return postFailure(err, false)
		}
	}
	if channel != nil {
		u.PostTo = notify.TokenEnv
		if postedTo == updates.PostedToIssue {
			u.PostTo = rec.Incident.Report
		}
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
		if channel != nil {
			fmt.Fprintf(o.IO.Out, "\nIt would be posted in %s (%s).\n", where(postedTo), rec.Incident.Report)
		}
		return nil
	}
	var postErr error
	if channel != nil {
		postErr = updates.Post(ctx, channel, &u)
	} else if url != "" {
		var log func(string)
		if o.Verbose {
			log = func(s string) { fmt.Fprintln(o.IO.ErrOut, s) }
		}
		wh := &notify.Webhook{URL: url, Env: cfg.Update.WebhookEnv, Client: o.HTTPClient, Timeout: o.WebhookTimeout, Log: log}
		_, postErr = wh.Post(ctx, notify.Message{Text: u.Text})
		u.Posted = postErr == nil
	}
	fields := updates.Fields(u, postedTo, postErr)
	if u.Reminder {
		fields["for"] = "reminder"
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
		case u.Posted && channel != nil && postErr == nil:
			fmt.Fprintf(o.IO.ErrOut, "Posted in %s and recorded: %s\n", where(postedTo), u.Permalink)
		case u.Posted && channel != nil:
		case u.Posted:
			fmt.Fprintf(o.IO.ErrOut, "Posted to the webhook in %s and recorded.\n", cfg.Update.WebhookEnv)
		case postErr == nil:
			fmt.Fprintln(o.IO.ErrOut, "Recorded, not posted: post it to your stakeholders' channel.")
		}
	}
	if postErr != nil && channel != nil {
		return postFailure(postErr, true)
	}
	if postErr != nil {
		return cmdutil.Failf("check the webhook URL in "+cfg.Update.WebhookEnv+" and the network; the update is recorded, so post its text by hand or rerun",
			"could not post the update: %v", postErr)
	}
	return nil
}

// where names the report's channel for people.
func where(postedTo string) string {
	if postedTo == updates.PostedToIssue {
		return "the report's GitHub issue"
	}
	return "the report's thread in Slack"
}

// postFailure is a Slack post's failure for the person (updates.PostFailure).
func postFailure(err error, recorded bool) error {
	return updates.PostFailure(err, "the update", recorded)
}

// NotDue is update --remind's --json when no update is due.
type NotDue struct {
	ID  string `json:"id"`
	Due bool   `json:"due"`
	// NextUpdate is when the next update is due; absent when none is
	// owed (the hotfix ended or was announced resolved, or its severity
	// has no update interval).
	NextUpdate *time.Time `json:"next_update,omitempty"`
}

// nothingDue says that update --remind has nothing to post, and when it
// will.
func nothingDue(o *Options, rec *record.Record, due updates.Due, owed bool, now time.Time, loc *time.Location) error {
	if o.JSON {
		nd := NotDue{ID: rec.ID}
		if owed {
			at := due.At.UTC()
			nd.NextUpdate = &at
		}
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(nd)
	}
	if !owed {
		fmt.Fprintf(o.IO.Out, "No update is due for %s: none is owed (it ended, was announced resolved, or its severity has no update interval). Nothing was posted.\n", rec.ID)
		return nil
	}
	fmt.Fprintf(o.IO.Out, "No update is due for %s yet: the next is %s. Nothing was posted.\n", rec.ID, due.Describe(now, loc))
	return nil
}

// writeJSON writes u as indented JSON.
func writeJSON(w io.Writer, u Update) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(u)
}

// Compose writes the update (updates.Compose). now is in the zone the
// times are written in.
func Compose(cfg *config.Config, rec *record.Record, status, message, steps, next string, now time.Time) (Update, error) {
	return updates.Compose(cfg, rec, status, message, steps, next, now)
}

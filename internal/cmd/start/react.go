package start

import (
	"context"
	"errors"
	"fmt"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/notify"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// react adds the policy's "on it" reaction to the report in Slack when a
// bot token is set and the record's report is a Slack message link, and
// records it (a reacted event, posted or not with the reason). A failure
// is loud: the hotfix is started, and the error names the fix.
func react(ctx context.Context, o *Options, cfg *config.Config, store record.Store, id string) error {
	rec, err := store.Load(id)
	if err != nil {
		return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot read the record to note the reaction: %v", err), "")
	}
	s, err := notify.SlackFor(o.Getenv, rec.Incident.Report, o.HTTPClient)
	if err != nil {
		return cmdutil.Failf(notify.FixOf(err), "the hotfix is started, but the report cannot be reacted to: %v", err)
	}
	if s == nil {
		return nil
	}
	s.Sleep = o.Sleep
	emoji := cfg.Update.Slack.Reaction()
	postErr := s.React(ctx, emoji)
	fields := map[string]string{"emoji": emoji, "posted": fmt.Sprint(postErr == nil)}
	text := "reacted :" + emoji + ": to the report"
	if postErr != nil {
		fields["reason"] = notify.Reason(postErr)
		text = "could not react :" + emoji + ": to the report"
	}
	rec.AddEventOnce(record.Event{At: o.Clock.Now(), Kind: record.EventReacted, Text: text, Fields: fields})
	if err := store.Save(rec); err != nil {
		return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot save the record: %v", err), "")
	}
	if postErr == nil {
		fmt.Fprintf(o.IO.ErrOut, "Reacted :%s: to the report in Slack.\n", emoji)
		return nil
	}
	var ne *notify.Error
	if !errors.As(postErr, &ne) {
		return cmdutil.Failf("react to the report by hand", "the hotfix is started, but the reaction failed: %v", postErr)
	}
	code := cmdutil.ExitFailure
	if ne.Auth {
		code = cmdutil.ExitAuth
	}
	return &cmdutil.Error{Code: code, Msg: "the hotfix is started, but the \"on it\" reaction failed: " + ne.Msg + "; recorded as not posted",
		Fix: ne.Fix + " (react :" + emoji + ": by hand meanwhile; start --no-post skips the reaction)", Err: postErr}
}

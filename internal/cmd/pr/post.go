package pr

import (
	"context"
	"errors"
	"fmt"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/github"
	"github.com/hotfix-dev/hotfix/internal/notify"
	"github.com/hotfix-dev/hotfix/internal/updates"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// stepPost is the step that posts the pull request's link to Slack.
const stepPost = "post-to-slack"

// forPR is the Field "for" of what pr posts.
const forPR = "pull-request"

// postPR posts the pull request's link, with a bot token and a Slack
// report link: as an update in the report's thread (status fixing, "Fix
// under review: URL") and, when update.slack.pr_channel names one, in the
// PR channel. Each post is recorded with its permalink (a failed one as
// not posted, with the reason), and the record is committed and pushed
// again. A post the record has for this pull request is never made again,
// so a rerun of pr or --continue posts nothing twice. --no-post posts
// nothing. A failed post stops pr at this step: fix it and `hotfix pr
// --continue`, or continue with --no-post.
func postPR(ctx context.Context, o *Options, repo *git.Repo, cfg *config.Config, client *github.Service, p *plan, say func(string, ...interface{})) error {
	if o.NoPost {
		return nil
	}
	store := record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}
	rec, err := store.Load(p.RecordID)
	if err != nil {
		return err
	}
	env := updates.Env{Getenv: o.Getenv, HTTPClient: o.HTTPClient, Sleep: o.Sleep, IO: o.IO, Now: o.Clock.Now}
	channel, postedTo, err := env.Channel(rec)
	if channel == nil && err == nil {
		return nil
	}
	thread, _ := channel.(*notify.Slack)
	num := fmt.Sprint(p.Number)
	now := o.Clock.Now()
	var postErr error
	recorded := false
	if !updates.PostedFor(rec, record.EventUpdate, forPR, "number", num) {
		u, cerr := updates.Compose(cfg, rec, "fixing", "", "", "", now.In(updates.Location(cfg)))
		if cerr != nil {
			return cerr
		}
		var ev record.Event
		ev, _, postErr = env.PostInThread(ctx, rec, &u, now, map[string]string{"for": forPR, "number": num})
		rec.AddEventOnce(ev)
		recorded = true
		if postErr == nil && postedTo == updates.PostedToIssue {
			say("Posted the pull request's link on the report's GitHub issue: %s", u.Permalink)
		} else if postErr == nil {
			say("Posted the pull request's link in the report's thread in Slack: %s", u.Permalink)
		}
	}
	if ch := cfg.Update.Slack.PRChannel; ch != "" && thread != nil && postErr == nil && !updates.PostedFor(rec, record.EventPosted, forPR, "number", num) {
		text := fmt.Sprintf("Hotfix pull request for [%s] %s: %s (incident thread: %s)", rec.Incident.Severity, rec.Incident.Title, p.URL, rec.Incident.Report)
		receipt, err := thread.PostTo(ctx, ch, notify.Message{Text: text})
		fields := map[string]string{"for": forPR, "number": num, "channel": ch, "posted": fmt.Sprint(err == nil || isPosted(err))}
		if receipt.Permalink != "" {
			fields["permalink"] = receipt.Permalink
		}
		if err != nil {
			fields["reason"] = notify.Reason(err)
			postErr = err
		} else {
			say("Posted the pull request's link in channel %s: %s", ch, receipt.Permalink)
		}
		rec.AddEventOnce(record.Event{At: now, Kind: record.EventPosted, Text: text, Fields: fields})
		recorded = true
	}
	if recorded {
		if err := store.Save(rec); err != nil {
			return err
		}
		if err := commitRecord(ctx, o, repo, p, "update posts", say); err != nil {
			return err
		}
		if err := push(ctx, o, repo, client, p, p.Branch); err != nil {
			return err
		}
	}
	if postErr != nil {
		return updates.PostFailure(postErr, "the pull request's link", true)
	}
	return nil
}

// isPosted reports whether err is a post that went out without its link.
func isPosted(err error) bool {
	var ne *notify.Error
	return errors.As(err, &ne) && ne.Posted
}

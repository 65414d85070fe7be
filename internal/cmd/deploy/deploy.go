// Package deploy implements `hotfix deploy [--env NAME] [--ref REV]
// [--rerun "what"]`: it records that the fix was deployed, as a `deployed`
// event, and the processes re-run after it, as a `rerun` event. What was
// deployed is the release tag once `hotfix close` made it (the record's
// `tagged` event), else the merged fix (its `merged` event), else what
// --ref names; a deploy before the merge needs --ref. Once the fix is
// merged, the phase becomes deployed, and `hotfix close` can finish.
package deploy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/github"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/recordedit"
	"github.com/hotfix-dev/hotfix/internal/updates"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// DefaultEnv is the environment of a deploy without --env.
const DefaultEnv = "production"

// Sources say where a deploy's ref came from (the deployed event's Field
// "source").
const (
	SourceTag   = "tag"
	SourceMerge = "merge"
	SourceRef   = "ref"
)

// Options are deploy's flags and dependencies.
type Options struct {
	IO         *iostreams.IOStreams
	Clock      clock.Clock
	OpenRepo   func() (*git.Repo, error)
	LoadConfig func(repo *git.Repo) (*config.Config, error)
	DryRun     bool

	// Env is the environment deployed to.
	Env string
	// Ref is what was deployed, when given (--ref); else the release tag
	// or the merged fix.
	Ref string
	// Rerun says which processes were re-run after the deploy.
	Rerun string
	// ID names the record; empty means the current branch's.
	ID string
	// JSON prints the result as JSON (recordedit.Result).
	JSON bool
	// Monitor is the monitoring window after this deploy (--monitor),
	// zero for the policy's deploy.monitor.
	Monitor time.Duration

	// What recording the deploy as a GitHub deployment needs
	// (deploy.github_deployments).
	Getenv     func(string) string
	HTTPClient *http.Client
	Sleep      func(context.Context, time.Duration) error
	APITimeout time.Duration
	Verbose    bool
	// NoPost records the deploy without posting its update to the
	// report's thread in Slack (SLACK_BOT_TOKEN, through Getenv,
	// HTTPClient and Sleep as well).
	NoPost bool
}

// NewCmd returns the deploy command; runF replaces the run in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "deploy [--env NAME] [--ref REV] [--rerun \"what\"]",
		Short: "Record that the fix was deployed, and the processes re-run after it",
		Long: `Record a deploy of the fix as a "deployed" event, with its time, who, the
environment (--env, default production) and what was deployed:

  - the release tag, once ` + "`hotfix close`" + ` tagged it;
  - else the merged fix (the merge ` + "`hotfix close`" + ` recorded);
  - or --ref REV, a tag or commit of this repository, which says it exactly. A
    deploy before the merge needs --ref: it is recorded, and the phase stays
    until the merge.

Once the fix is merged the phase becomes "deployed", and ` + "`hotfix close`" + `, which
stops after the release until a deploy is recorded, can finish the hotfix.

--rerun "what" records the processes re-run after the deploy as a "rerun" event
of its own. A deploy of the same commit to the same environment is recorded once:
running deploy again with only --rerun records just the re-run.

The monitoring window after the deploy (--monitor DURATION, else deploy.monitor of
the policy for a deploy to production) is recorded as a "monitoring" event saying
until when; ` + "`hotfix status`" + ` shows closed hotfixes still inside it.

With deploy.github_deployments: true in the policy, the deploy is also recorded
as a GitHub deployment of the environment with a success status, through the
Deployments API with the token of ` + "`hotfix pr`" + `. The record is saved first; the
GitHub deployment comes after, and a failure is recorded and exits 1: run deploy
again, which finds the deployment an earlier run made instead of making another.

With a Slack bot token in SLACK_BOT_TOKEN and the record's report link naming a
Slack message, each deploy and re-run recorded is then posted as an update in
the report's thread ("Deployed v1.4.3 to production.", with "next update by"),
and recorded as an update with its permalink. A post Slack refuses is recorded
as not posted with the reason, and deploy exits 1 (4 for the token or its
scopes) naming the fix; --no-post records without posting (see docs/update.md).`,
		Example: `  hotfix deploy
  hotfix deploy --env staging
  hotfix deploy --ref v1.4.3 --rerun "re-ran last night's billing export"
  hotfix deploy --rerun "re-ran the collector for 2026-11-21"
  hotfix deploy --monitor 2d`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.IO, o.Clock, o.OpenRepo, o.LoadConfig, o.DryRun = f.IOStreams, f.Clock, f.OpenRepo, f.LoadConfig, f.DryRun
			o.Getenv, o.HTTPClient, o.Sleep, o.APITimeout, o.Verbose = f.Env, f.HTTPClient, f.Sleep, f.Timeouts.API, f.Verbose
			if m, _ := cmd.Flags().GetString("monitor"); cmd.Flags().Changed("monitor") {
				d, err := config.ParseDuration(m)
				if err != nil || d <= 0 {
					return &cmdutil.FlagError{Err: fmt.Errorf("--monitor needs a window such as 2d, 48h or 1w")}
				}
				o.Monitor = d
			}
			o.Env, o.Ref, o.Rerun = strings.TrimSpace(o.Env), strings.TrimSpace(o.Ref), strings.TrimSpace(o.Rerun)
			for _, x := range []struct{ flag, v string }{{"env", o.Env}, {"ref", o.Ref}, {"rerun", o.Rerun}} {
				if cmd.Flags().Changed(x.flag) && x.v == "" {
					return &cmdutil.FlagError{Err: fmt.Errorf("--%s needs a value", x.flag)}
				}
			}
			if strings.ContainsAny(o.Env, " \t\n") {
				return &cmdutil.FlagError{Err: errors.New("--env is one word, such as production or eu-staging")}
			}
			if err := record.CheckText("--rerun", o.Rerun); err != nil {
				return &cmdutil.FlagError{Err: err}
			}
			if o.Env == "" {
				o.Env = DefaultEnv
			}
			if runF != nil {
				return runF(o)
			}
			return Run(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Env, "env", "", "the environment deployed to (default: production)")
	fl.StringVar(&o.Ref, "ref", "", "what was deployed: a tag or commit of this repository (default: the release tag, else the merged fix)")
	fl.StringVar(&o.Rerun, "rerun", "", "the processes re-run after the deploy, recorded as an event of their own")
	fl.StringVar(&o.ID, "id", "", "the incident record (default: the current branch's)")
	fl.BoolVar(&o.JSON, "json", false, "print what was recorded as JSON")
	fl.String("monitor", "", "the monitoring window after this deploy, such as 2d (default: deploy.monitor of the policy)")
	fl.BoolVar(&o.NoPost, "no-post", false, "record without posting the update to the report's thread in Slack")
	complete.Flag(cmd, "env", complete.FreeText)
	complete.Flag(cmd, "monitor", complete.FreeText)
	complete.Flag(cmd, "ref", complete.Ref)
	complete.Flag(cmd, "rerun", complete.FreeText)
	complete.Flag(cmd, "id", complete.ID)
	cmdutil.SetLock(cmd, cmdutil.LockAlways)
	return cmd
}

// latest is the timeline's latest event of kind, nil when there is none.
func latest(rec *record.Record, kind string) *record.Event {
	for i := len(rec.Timeline) - 1; i >= 0; i-- {
		if rec.Timeline[i].Kind == kind {
			return &rec.Timeline[i]
		}
	}
	return nil
}

// monitorWindow is the monitoring window of this deploy and the time it
// counts from: --monitor, for any environment, or else the policy's
// deploy.monitor for a new deploy to production. A zero window records
// none.
func monitorWindow(o *Options, cfg *config.Config, prev *record.Event, again bool, now time.Time) (time.Time, time.Duration, string) {
	at := now
	if again && prev != nil {
		at = prev.At
	}
	switch {
	case o.Monitor > 0:
		return at, o.Monitor, "flag"
	case !again && o.Env == DefaultEnv && cfg.Deploy.Monitor > 0:
		return at, time.Duration(cfg.Deploy.Monitor), "policy"
	}
	return at, 0, ""
}

// Run records the deploy and the re-run.
func Run(ctx context.Context, o *Options) error {
	d := recordedit.Deps{IO: o.IO, Clock: o.Clock, OpenRepo: o.OpenRepo, LoadConfig: o.LoadConfig, DryRun: o.DryRun, ID: o.ID, JSON: o.JSON}
	d.After = func(repo *git.Repo, cfg *config.Config, rec *record.Record, now time.Time, res *recordedit.Result) error {
		// The deploy's and the re-run's events are the change's: the
		// post says them (before the GitHub deployment adds its own).
		postErr := o.post(ctx, cfg, rec, now, res)
		if err := gitHubDeployment(ctx, o, repo, cfg, rec, now, res); err != nil {
			return err
		}
		return postErr
	}
	return recordedit.Apply(ctx, d, func(repo *git.Repo, cfg *config.Config, rec *record.Record, now time.Time, res *recordedit.Result) error {
		ref, commit, source := o.Ref, "", SourceRef
		merged := latest(rec, record.EventMerged)
		switch tagged := latest(rec, record.EventTagged); {
		case o.Ref != "":
			c, err := repo.ResolveCommit(o.Ref)
			if err != nil {
				return cmdutil.Usagef("give the tag or commit that was deployed (see `git tag --list`)", "--ref %q is not a tag or commit of this repository", o.Ref)
			}
			commit = c
		case tagged != nil:
			ref, commit, source = tagged.Fields["tag"], tagged.Fields["commit"], SourceTag
			if c, err := repo.ResolveCommit(ref); err == nil && commit == "" {
				commit = c
			}
		case merged != nil:
			ref, commit, source = merged.Fields["commit"], merged.Fields["commit"], SourceMerge
		default:
			return cmdutil.Failf("merge the fix and run `hotfix close` (it records the merge and tags the release), then `hotfix deploy`; or say what was deployed with --ref REV",
				"hotfix %s has no merged fix or release tag recorded yet, so there is nothing known to deploy", rec.ID)
		}
		by := recordedit.Author(repo)
		prev := latest(rec, record.EventDeployed)
		again := prev != nil && prev.Fields["env"] == o.Env && prev.Fields["commit"] == commit
		if !again {
			show := ref
			if source == SourceMerge {
				show = "the merged fix " + commitid.Short(commit)
			} else if commit != "" && !strings.HasPrefix(commit, ref) {
				show += " (" + commitid.Short(commit) + ")"
			}
			res.Add(rec, record.Event{At: now, Kind: record.EventDeployed, By: by, Text: fmt.Sprintf("deployed %s to %s", show, o.Env),
				Fields: map[string]string{"env": o.Env, "ref": ref, "commit": commit, "source": source}})
		} else if o.Rerun == "" {
			res.Notes = append(res.Notes, fmt.Sprintf("The deploy of %s to %s is already recorded (%s).", ref, o.Env, prev.At.Local().Format("2006-01-02 15:04 MST")))
		}
		if at, window, source := monitorWindow(o, cfg, prev, again, now); window > 0 {
			until := at.Add(window).UTC().Truncate(time.Second)
			res.Add(rec, record.Event{At: now, Kind: record.EventMonitoring, By: by,
				Text:   fmt.Sprintf("monitoring %s after the deploy to %s, until %s", config.FormatDuration(window), o.Env, until.Format("2006-01-02 15:04 UTC")),
				Fields: map[string]string{"until": until.Format(time.RFC3339), "window": config.FormatDuration(window), "source": source, "env": o.Env}})
		}
		if o.Rerun != "" {
			res.Add(rec, record.Event{At: now, Kind: record.EventRerun, By: by, Text: o.Rerun, Fields: map[string]string{"env": o.Env}})
		}
		switch {
		case merged != nil || record.PhaseIndex(rec.Phase) >= record.PhaseIndex(record.PhaseMerged):
			rec.Advance(record.PhaseDeployed)
			if !again && rec.Phase == record.PhaseDeployed {
				res.Notes = append(res.Notes, "Next: `hotfix close` writes the postmortem and closes the hotfix.")
			}
		case !again:
			res.Notes = append(res.Notes, fmt.Sprintf("The fix is not merged yet, so the hotfix stays %s; `hotfix close` after the merge records it.", rec.Phase))
		}
		return nil
	})
}

// gitHubDeployment records the latest deploy to o.Env as a GitHub
// deployment with a success status, when the policy asks: after the record
// is saved, so that a failure never loses the deploy, and once, so that a
// rerun (after a failure or a crash) completes it without a second
// deployment. A failure is recorded as a github-deployment event with
// state failed and its reason, and exits 1.
func gitHubDeployment(ctx context.Context, o *Options, repo *git.Repo, cfg *config.Config, rec *record.Record, now time.Time, res *recordedit.Result) error {
	if !cfg.Deploy.GitHubDeployments {
		return nil
	}
	var dep *record.Event
	for i := len(rec.Timeline) - 1; i >= 0; i-- {
		if e := &rec.Timeline[i]; e.Kind == record.EventDeployed && e.Fields["env"] == o.Env {
			dep = e
			break
		}
	}
	if dep == nil {
		return nil
	}
	commit, at := dep.Fields["commit"], dep.At.UTC().Format(time.RFC3339)
	for _, e := range rec.Timeline {
		if e.Kind == record.EventGitHubDeployment && e.Fields["state"] == "success" && e.Fields["env"] == o.Env && e.Fields["deployed_at"] == at {
			if len(res.Events) == 0 {
				res.Notes = append(res.Notes, fmt.Sprintf("The deploy is already GitHub deployment %s.", e.Fields["deployment_id"]))
			}
			return nil
		}
	}
	if o.DryRun {
		res.Notes = append(res.Notes, fmt.Sprintf("It would also record the deploy as a GitHub deployment to %s (deploy.github_deployments).", o.Env))
		return nil
	}
	ref := commit
	if dep.Fields["source"] == SourceTag && dep.Fields["ref"] != "" {
		ref = dep.Fields["ref"]
	}
	fields := map[string]string{"env": o.Env, "commit": commit, "deployed_at": at}
	fail := func(err error) error {
		reason := err.Error()
		var ce *cmdutil.Error
		if errors.As(err, &ce) {
			reason = ce.Msg
		}
		f := map[string]string{"state": "failed", "reason": reason}
		for k, v := range fields {
			f[k] = v
		}
		res.Add(rec, record.Event{At: now, Kind: record.EventGitHubDeployment, By: recordedit.Author(repo),
			Text: "the GitHub deployment of the deploy to " + o.Env + " failed: " + reason, Fields: f})
		code := cmdutil.ExitFailure
		if errors.As(err, &ce) && ce.Code == cmdutil.ExitAuth {
			code = cmdutil.ExitAuth
		}
		return cmdutil.Wrap(err, code, "the deploy is recorded, but not as a GitHub deployment: "+reason,
			"fix the cause, then run `hotfix deploy` again (with the same --env): it records the GitHub deployment once")
	}
	if commit == "" {
		return fail(errors.New("the deploy names no commit"))
	}
	t, err := github.ResolveTarget(o.Getenv, cfg, repo)
	if err != nil {
		return fail(err)
	}
	client, err := github.New(t, github.Deps{IO: o.IO, Getenv: o.Getenv, HTTPClient: o.HTTPClient, Sleep: o.Sleep, Now: o.Clock.Now,
		Timeout: o.APITimeout, Verbose: o.Verbose})
	if err != nil {
		return fail(err)
	}
	got, err := client.RecordDeployment(ctx, github.Deploy{Ref: ref, Commit: commit, Env: o.Env, RecordID: rec.ID, DeployedAt: at,
		Description: fmt.Sprintf("hotfix %s: %s", rec.ID, dep.Text)})
	if err != nil {
		return fail(err)
	}
	fields["state"], fields["deployment_id"], fields["url"] = got.State, fmt.Sprint(got.ID), got.URL
	res.Add(rec, record.Event{At: now, Kind: record.EventGitHubDeployment, By: recordedit.Author(repo),
		Text: fmt.Sprintf("GitHub deployment %d of %s to %s: %s", got.ID, ref, o.Env, got.State), Fields: fields})
	return nil
}

// post posts the deploy's update (what the change just recorded: the
// deploy, the re-run) in the report's thread, when there is one, and
// records it as an update; nothing on --dry-run or --no-post.
func (o *Options) post(ctx context.Context, cfg *config.Config, rec *record.Record, now time.Time, res *recordedit.Result) error {
	if o.DryRun || o.NoPost {
		return nil
	}
	var said []string
	why := ""
	for _, e := range res.Events {
		switch e.Kind {
		case record.EventDeployed:
			said = append(said, strings.ToUpper(e.Text[:1])+e.Text[1:]+".")
			why = "deployed"
		case record.EventRerun:
			said = append(said, fmt.Sprintf("Re-run after the deploy to %s: %s.", e.Fields["env"], strings.TrimRight(e.Text, ".")))
			if why == "" {
				why = "rerun"
			}
		}
	}
	if len(said) == 0 {
		return nil
	}
	u, err := updates.Compose(cfg, rec, "", strings.Join(said, " "), "", "", now.In(updates.Location(cfg)))
	if err != nil {
		return err
	}
	env := updates.Env{Getenv: o.Getenv, HTTPClient: o.HTTPClient, Sleep: o.Sleep}
	ev, posted, err := env.PostInThread(ctx, rec, &u, now, map[string]string{"for": why, "env": o.Env})
	if !posted {
		return nil
	}
	res.Add(rec, ev)
	if err != nil {
		return updates.PostFailure(err, "the deploy's update", true)
	}
	return nil
}

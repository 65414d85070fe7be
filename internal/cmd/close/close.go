// Package closecmd implements `hotfix close`: it confirms through the API
// that the fix's pull request merged, tags the fixed release on the release
// candidate (the previous release plus the fix, and nothing else), carries the fix where the flow needs it (gitflow merges it back
// into develop and open release branches), writes the postmortem, files
// the action items, deletes the hotfix branch and marks the record closed.
// Every step is idempotent and saved, so a rerun or --continue finishes
// what is left without a second tag, merge or issue.
//
// The package reads in the order close runs: this file has the command and
// Run; plan.go what prepare decides before anything changes (set once);
// steps.go the steps, in the order they run, and the progress they learn;
// output.go what close prints.
//
// The package is named closecmd so that importers keep the builtin close.
package closecmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/github"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/prompter"
	"github.com/hotfix-dev/hotfix/internal/steps"
	"github.com/hotfix-dev/hotfix/internal/updates"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Options are close's flags and dependencies.
type Options struct {
	IO         *iostreams.IOStreams
	Clock      clock.Clock
	Getenv     func(string) string
	Prompter   func() prompter.Prompter
	OpenRepo   func() (*git.Repo, error)
	LoadConfig func(repo *git.Repo) (*config.Config, error)
	// HTTPClient reaches the GitHub API; nil means a client with timeouts.
	HTTPClient *http.Client
	// Sleep waits between API retries; tests replace it.
	Sleep func(context.Context, time.Duration) error
	// APITimeout bounds one attempt of an API request; zero is the default.
	APITimeout time.Duration
	// Verbose logs each API request and answer to stderr (--verbose).
	Verbose bool

	DryRun   bool
	Continue bool
	Abort    bool
	// NoPost posts no closing update to the report's thread in Slack.
	NoPost       bool
	Offline      bool
	PostmortemPR bool
	FileActions  bool
	JSON         bool
	ID           string
	Tag          string
	Answers      string
	// TagCommit is --tag-commit: the release candidate chosen by hand.
	TagCommit string
	// AllowExtra is --allow-extra: why the candidate may hold commits
	// other than the fix's.
	AllowExtra string
	// NotDeployed is --not-deployed: why the hotfix closes without a
	// recorded deploy.
	NotDeployed string
}

// NewCmd returns the close command; runF replaces the run in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "close",
		Short: "Confirm the merge, tag the release, merge back, write the postmortem and end the hotfix",
		Long: `End the hotfix of the current branch (or --id ID) once its pull request merged:

  1. check through the GitHub API that the pull request merged (--offline: the
     production branch of the local repository contains the fix, said so in
     the record), and fetch the merge;
  2. tag the fixed release, the next patch after the record's version in the
     repository's tag style (v1.4.2 -> v1.4.3; --tag to choose), as an
     annotated tag on the release candidate, and push it; an existing tag is
     never moved. The candidate is the previous release plus the fix: in
     trunk the pull request's reviewed head, in gitflow and release-branches
     the merge commit (--tag-commit to choose). close shows what it adds to
     the previous release, and refuses, before changing anything, a
     candidate holding commits that are neither the fix's nor a merge of it
     (--allow-extra REASON releases them anyway, and says why in the record
     and the postmortem); a candidate whose release.version_files name another version is
     refused before anything changes;
  3. carry the fix: gitflow merges the tag into develop and each open release
     branch (a pull request instead when the push is refused or the merge
     conflicts); release-branches lists the backports not yet made; trunk has
     nothing to carry;
  4. record the release (phase released). Unless a deploy is recorded after the
     merge (hotfix deploy) or --not-deployed REASON says why there is none,
     close stops here with exit 0 and says what is left: deploy, run
     ` + "`hotfix deploy`" + `, then ` + "`hotfix close`" + ` again, which resumes;
  5. write the postmortem (close.postmortem_dir) from the record, git, the
     pull request and the answers (--answers FILE, else prompts in a terminal;
     what is missing stays marked open), and file its action items as issues
     (--file-actions);
  6. switch to the production branch, mark the record closed with the
     durations, publish the closed record and the postmortem where
     teammates see them (close.publish: a pull request from
     postmortem/<id> by default, or a commit pushed to the production
     branch, or none), and delete the hotfix branch locally and on the
     remote (close.keep_branch keeps it). With close.release: github, the
     tag gets its GitHub Release, notes from the record, once pushed.

Each step is saved: if close stops part-way, rerun it or use --continue; no
tag, merge or issue is made twice. --abort undoes the local steps.`,
		Example: `  hotfix close
  hotfix close --answers postmortem.yaml --postmortem-pr --file-actions
  hotfix close --id 2026-11-22-checkout-returns-500 --tag v1.4.3
  hotfix close --tag-commit 3f2a1c9
  hotfix close --allow-extra "the transport fix ships with it, agreed with ops"
  hotfix close --offline
  hotfix close --not-deployed "the fix is a library release: consumers upgrade"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.IO, o.Clock, o.Getenv, o.Prompter, o.OpenRepo, o.LoadConfig = f.IOStreams, f.Clock, f.Env, f.Prompter, f.OpenRepo, f.LoadConfig
			o.DryRun, o.HTTPClient, o.Sleep = f.DryRun, f.HTTPClient, f.Sleep
			o.APITimeout, o.Verbose = f.Timeouts.API, f.Verbose
			if o.Continue && o.Abort {
				return &cmdutil.FlagError{Err: errors.New("--continue and --abort cannot be used together")}
			}
			if o.Offline && (o.PostmortemPR || o.FileActions) {
				return &cmdutil.FlagError{Err: errors.New("--offline cannot open pull requests or issues: drop --postmortem-pr and --file-actions, or --offline")}
			}
			if o.Tag != "" {
				if err := git.CheckBranchName(o.Tag); err != nil {
					return &cmdutil.FlagError{Err: fmt.Errorf("--tag: %v", err)}
				}
			}
			if cmd.Flags().Changed("allow-extra") && strings.TrimSpace(o.AllowExtra) == "" {
				return &cmdutil.FlagError{Err: errors.New("--allow-extra needs a reason, recorded in the record and the postmortem")}
			}
			if o.NotDeployed = strings.TrimSpace(o.NotDeployed); cmd.Flags().Changed("not-deployed") && o.NotDeployed == "" {
				return &cmdutil.FlagError{Err: errors.New("--not-deployed needs a reason, recorded in the record and the postmortem")}
			}
			if err := record.CheckText("--not-deployed", o.NotDeployed); err != nil {
				return &cmdutil.FlagError{Err: err}
			}
			if cmd.Flags().Changed("tag-commit") && strings.TrimSpace(o.TagCommit) == "" {
				return &cmdutil.FlagError{Err: errors.New("--tag-commit needs a commit (an id, a branch or a tag)")}
			}
			if runF != nil {
				return runF(o)
			}
			return Run(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.ID, "id", "", "the hotfix to close (default: the current branch's)")
	fl.StringVar(&o.Tag, "tag", "", "the release tag to make (default: the next patch after the record's version)")
	fl.StringVar(&o.TagCommit, "tag-commit", "", "the release candidate to tag (default: per flow, see docs/close.md); checked and shown as the default is")
	fl.StringVar(&o.AllowExtra, "allow-extra", "", "release a candidate holding commits other than the fix's, for this reason (recorded)")
	fl.StringVar(&o.NotDeployed, "not-deployed", "", "close without a recorded deploy, for this reason (recorded)")
	fl.StringVar(&o.Answers, "answers", "", "the postmortem's answers as YAML (see docs/close.md)")
	fl.BoolVar(&o.Offline, "offline", false, "take the merge from the local repository instead of the GitHub API")
	fl.BoolVar(&o.PostmortemPR, "postmortem-pr", false, "publish the postmortem and the closed record as a pull request of their own, whatever close.publish says (the default)")
	fl.BoolVar(&o.FileActions, "file-actions", false, "file each action item as an issue labelled with the severity and the date")
	fl.BoolVar(&o.JSON, "json", false, "print the result as JSON")
	fl.BoolVar(&o.NoPost, "no-post", false, "post no closing update to the report's thread in Slack")
	fl.BoolVar(&o.Continue, "continue", false, "finish a close that stopped part-way")
	fl.BoolVar(&o.Abort, "abort", false, "undo the local steps of a close that stopped part-way, and forget it")
	complete.Flag(cmd, "id", complete.ID)
	complete.Flag(cmd, "tag", complete.FreeText)
	complete.Flag(cmd, "answers", complete.File)
	complete.Flag(cmd, "tag-commit", complete.Ref)
	complete.Flag(cmd, "allow-extra", complete.FreeText)
	complete.Flag(cmd, "not-deployed", complete.FreeText)
	cmdutil.SetLock(cmd, cmdutil.LockAlways)
	return cmd
}

// dataVersion is the version of close's saved data: 3 tags the plan's
// TagCommit, the release candidate; 2 (plan and progress apart) and 1
// (hotfix 1.x: one object) tagged the merge commit. migrate carries both
// over, with the merge commit as their TagCommit.
const dataVersion = 3

// saved is what close saves with its progress.
type saved struct {
	Plan     *plan     `json:"plan"`
	Progress *progress `json:"progress"`
}

// Run runs close with o.
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
	c := &closer{o: o, repo: repo, cfg: cfg, store: record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}, plan: &plan{}, prog: &progress{}}
	data := &saved{Plan: c.plan, Progress: c.prog}
	err = steps.Drive(ctx, &steps.Command{
		Runner: steps.Runner{Dir: filepath.Join(repo.GitDir(), "hotfix"), Command: "close", Now: o.Clock.Now,
			Snapshot: func() interface{} { return data }, DataVersion: dataVersion},
		Data:      data,
		Migrate:   migrate,
		Continue:  o.Continue,
		Abort:     o.Abort,
		DryRun:    o.DryRun,
		FreshHint: "run `hotfix close` to close the hotfix",
		Subject:   func() string { return "of " + c.plan.RecordID },
		Prepare: func(ctx context.Context) error {
			if o.Offline {
				c.plan.Remote = cfg.Remote
			} else {
				t, err := github.ResolveTarget(o.Getenv, cfg, repo)
				if err != nil {
					return err
				}
				c.plan.Remote, c.plan.Repo, c.plan.Host, c.plan.APIURL = t.Remote, t.Repo, t.Host, t.APIURL
				if c.client, err = github.New(t, deps(o)); err != nil {
					return err
				}
			}
			if err := c.prepare(ctx); err != nil {
				return err
			}
			for _, b := range c.plan.CarryInto {
				c.prog.MergeBacks = append(c.prog.MergeBacks, mergeBack{Branch: b})
			}
			return nil
		},
		Resume: func(ctx context.Context, s *steps.State) error {
			if c.plan.Offline {
				return nil
			}
			// The saved target against what the environment says now.
			now, err := github.ResolveTarget(o.Getenv, cfg, repo)
			if err != nil {
				return err
			}
			// Its plan (the merge, the tag) was read from the saved
			// one, so another target is refused, never switched to.
			if saved := c.plan.target(); !saved.Same(now) {
				return cmdutil.Failf("put the environment back to continue (GITHUB_REPOSITORY, GITHUB_API_URL), or run `hotfix close --abort`, then `hotfix close`",
					"the interrupted `hotfix close` works on %s (done: %s), but the environment now says %s", saved, strings.Join(s.Done, ", "), now)
			}
			c.client, err = github.New(c.plan.target(), deps(o))
			return err
		},
		Steps:       c.steps,
		PrintDryRun: c.printDryRun,
		Finish: func() error {
			if err := c.printResult(); err != nil {
				return err
			}
			if c.postErr != nil {
				return updates.PostFailure(c.postErr, "the closing update", true)
			}
			return nil
		},
		Aborted: func(*steps.State) error {
			fmt.Fprintf(o.IO.Out, "Undid the local steps of `hotfix close` for %s and forgot its progress.\n", c.plan.RecordID)
			if c.prog.TagPushed {
				fmt.Fprintf(o.IO.Out, "The tag %s was already pushed and stays; a new `hotfix close` reuses it.\n", c.plan.Tag)
			}
			return nil
		},
		Explain: explain,
		Out:     o.IO.Out, ErrOut: o.IO.ErrOut,
	})
	var done *nothingLeft
	if errors.As(err, &done) {
		return c.printNothingLeft(done.rec)
	}
	var wait *awaitingDeploy
	if errors.As(err, &wait) {
		return c.printAwaitingDeploy()
	}
	return err
}

// nothingLeft is prepare's answer for a hotfix already closed, with no
// saved progress: Run says there is nothing left to do, and exits 0.
type nothingLeft struct{ rec *record.Record }

func (n *nothingLeft) Error() string { return "the hotfix " + n.rec.ID + " is already closed" }

// migrate carries close's saved data over from an older format.
func migrate(from int, raw json.RawMessage) (json.RawMessage, error) {
	var s saved
	switch from {
	case 1:
		var err error
		if s, err = migrate1(raw); err != nil {
			return nil, err
		}
	case 2:
		s = saved{Plan: &plan{}, Progress: &progress{}}
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown format %d", from)
	}
	// Formats 1 and 2 tagged the merge commit, and showed no contents.
	if s.Plan.TagCommit == "" {
		s.Plan.TagCommit = s.Plan.MergeCommit
	}
	return json.Marshal(s)
}

// migrate1 splits format 1's one object into the plan and the progress.
func migrate1(raw json.RawMessage) (saved, error) {
	// Format 1 was one object with the plan's and the progress's fields,
	// of the same names as today's.
	s := saved{Plan: &plan{}, Progress: &progress{}}
	if err := json.Unmarshal(raw, s.Plan); err != nil {
		return s, err
	}
	if err := json.Unmarshal(raw, s.Progress); err != nil {
		return s, err
	}
	for _, mb := range s.Progress.MergeBacks {
		s.Plan.CarryInto = append(s.Plan.CarryInto, mb.Branch)
	}
	for i, it := range s.Plan.Answers.ActionItems {
		s.Progress.ActionIssues = append(s.Progress.ActionIssues, it.Issue)
		s.Plan.Answers.ActionItems[i].Issue = ""
	}
	return s, nil
}

func deps(o *Options) github.Deps {
	return github.Deps{IO: o.IO, Getenv: o.Getenv, HTTPClient: o.HTTPClient, Sleep: o.Sleep, Now: o.Clock.Now, DryRun: o.DryRun,
		Timeout: o.APITimeout, Verbose: o.Verbose}
}

// explain turns a stopped step into a message with a way forward.
func explain(err error) error {
	var se *steps.StoppedError
	if !errors.As(err, &se) {
		return err
	}
	var wait *awaitingDeploy
	if errors.As(err, &wait) {
		return wait // not a failure: Run says what is left, and exits 0
	}
	var ce *cmdutil.Error
	if errors.As(se.Err, &ce) {
		return &cmdutil.Error{Code: cmdutil.StopCode(ce), Msg: fmt.Sprintf("close stopped at step %q: %s", se.Step, ce.Msg),
			Fix: strings.TrimSpace(ce.Fix + "; then `hotfix close --continue` (progress is saved)"), Err: err}
	}
	return &cmdutil.Error{Code: cmdutil.ExitStopped, Msg: fmt.Sprintf("close stopped at step %q: %v", se.Step, se.Err),
		Fix: "fix the cause, then run `hotfix close --continue` (progress is saved; nothing is done twice), or `hotfix close --abort`", Err: err}
}

// Package mitigate implements `hotfix mitigate "what was done"
// [--rollback VERSION]`: it records what stopped or reduced the impact
// before the fix (a rollback to the last working version, a feature flag
// turned off), as a `mitigated` event, and moves an investigating hotfix
// to the phase mitigated. The postmortem measures the time to mitigate to
// the first such event.
package mitigate

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
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/recordedit"
	"github.com/hotfix-dev/hotfix/internal/verifyrun"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
	engine "github.com/hotfix-dev/hotfix/pkg/verify"
)

// Options are mitigate's flags and dependencies.
type Options struct {
	IO         *iostreams.IOStreams
	Clock      clock.Clock
	OpenRepo   func() (*git.Repo, error)
	LoadConfig func(repo *git.Repo) (*config.Config, error)
	DryRun     bool

	// Text is what was done.
	Text string
	// Rollback is the version rolled back to (a tag or commit of the
	// repository), empty when the mitigation was not a rollback.
	Rollback string
	// ID names the record; empty means the current branch's.
	ID string
	// JSON prints the result as JSON (recordedit.Result; RevertResult
	// with --revert).
	JSON bool

	// Revert is the commit whose revert pull request is opened (--revert);
	// the fields below serve it.
	Revert     string
	Continue   bool
	Abort      bool
	SkipVerify string
	Waive      []string
	NoRun      bool
	Getenv     func(string) string
	HTTPClient *http.Client
	Sleep      func(context.Context, time.Duration) error
	APITimeout time.Duration
	Verbose    bool
	RunCommand func(ctx context.Context, dir, command string, timeout time.Duration) verifyrun.CommandResult
}

// NewCmd returns the mitigate command; runF replaces the run in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   `mitigate "what was done" [--rollback VERSION] | --revert COMMIT ["what was done"]`,
		Short: "Record what stopped or reduced the impact before the fix (a rollback, a flag)",
		Long: `Record a mitigation: what was done to stop or reduce the impact before the fix
is deployed, such as a rollback to the last working version (--rollback VERSION,
a tag or commit of this repository) or a feature flag turned off.

It is a "mitigated" event of the timeline, with its time and who; an investigating
hotfix moves to the phase "mitigated" (a later phase stays). The postmortem's time
to mitigate is measured to the first mitigation.

--revert COMMIT opens the revert pull request of a suspect: the commit must be in
the history of the production branch (fetched from the remote); its revert,
made with git revert on the production branch's tip, must apply without
conflicts and pass verify's rules as any pull request does (--waive RULE=REASON,
--skip-verify REASON, --no-run); then the branch hotfix/<id>-revert-<short> is
created, pushed with the token, and the pull request into the production branch
opened, or found again on a rerun: never a second. The mitigated event records
the revert commit and the pull request. A refusal creates no branch. If it stops
part-way, rerun it or use --continue; --abort forgets the progress (and deletes
the local branch it made).`,
		Example: `  hotfix mitigate "rolled back production to v1.4.1" --rollback v1.4.1
  hotfix mitigate "turned off the new checkout flag"
  hotfix mitigate --revert 3f2a1c9 "reverting the suspect of the 500s"`,
		Args: func(cmd *cobra.Command, args []string) error {
			revert, _ := cmd.Flags().GetString("revert")
			cont, _ := cmd.Flags().GetBool("continue")
			abort, _ := cmd.Flags().GetBool("abort")
			if (revert != "" || cont || abort) && len(args) <= 1 {
				return nil
			}
			if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
				return &cmdutil.FlagError{Err: errors.New(`say what was done: hotfix mitigate "what was done" [--rollback VERSION]`)}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.IO, o.Clock, o.OpenRepo, o.LoadConfig, o.DryRun = f.IOStreams, f.Clock, f.OpenRepo, f.LoadConfig, f.DryRun
			o.Getenv, o.HTTPClient, o.Sleep, o.APITimeout, o.Verbose = f.Env, f.HTTPClient, f.Sleep, f.Timeouts.API, f.Verbose
			if o.RunCommand == nil {
				o.RunCommand = verifyrun.RunShell
			}
			if len(args) > 0 {
				o.Text = strings.TrimSpace(args[0])
			}
			o.Rollback, o.Revert = strings.TrimSpace(o.Rollback), strings.TrimSpace(o.Revert)
			if err := record.CheckText("the mitigation", o.Text); err != nil {
				return &cmdutil.FlagError{Err: err}
			}
			if err := checkRevertFlags(cmd, o); err != nil {
				return err
			}
			if cmd.Flags().Changed("rollback") && o.Rollback == "" {
				return &cmdutil.FlagError{Err: errors.New("--rollback needs the version rolled back to (a tag or commit)")}
			}
			if runF != nil {
				return runF(o)
			}
			if o.Revert != "" || o.Continue || o.Abort {
				return RunRevert(cmd.Context(), o)
			}
			return Run(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.Rollback, "rollback", "", "the version rolled back to: a tag or commit of this repository")
	cmd.Flags().StringVar(&o.ID, "id", "", "the incident record (default: the current branch's)")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print what was recorded as JSON")
	cmd.Flags().StringVar(&o.Revert, "revert", "", "open the revert pull request of COMMIT (a suspect in the production branch) and record it")
	cmd.Flags().StringVar(&o.SkipVerify, "skip-verify", "", "with --revert: skip verify, for this reason (shown in the pull request)")
	cmd.Flags().StringArrayVar(&o.Waive, "waive", nil, "with --revert: waive a verify rule: RULE=REASON (repeatable)")
	cmd.Flags().BoolVar(&o.NoRun, "no-run", false, "with --revert: verify without running the tests")
	cmd.Flags().BoolVar(&o.Continue, "continue", false, "finish a mitigate --revert that stopped part-way")
	cmd.Flags().BoolVar(&o.Abort, "abort", false, "forget the saved progress of a mitigate --revert that stopped part-way")
	complete.Flag(cmd, "rollback", complete.Ref)
	complete.Flag(cmd, "revert", complete.Ref)
	complete.Flag(cmd, "skip-verify", complete.FreeText)
	complete.Flag(cmd, "waive", complete.Waiver)
	complete.Flag(cmd, "id", complete.ID)
	cmdutil.SetLock(cmd, cmdutil.LockAlways)
	return cmd
}

// checkRevertFlags refuses flags that do not go together.
func checkRevertFlags(cmd *cobra.Command, o *Options) error {
	fail := func(msg string) error { return &cmdutil.FlagError{Err: errors.New(msg)} }
	switch {
	case cmd.Flags().Changed("revert") && o.Revert == "":
		return fail("--revert needs the commit to revert")
	case o.Continue && o.Abort:
		return fail("--continue and --abort cannot be used together")
	case o.Revert != "" && o.Rollback != "":
		return fail("--revert and --rollback cannot be used together: a revert pull request is not a rollback")
	case (o.Continue || o.Abort) && o.Rollback != "":
		return fail("--continue and --abort are for mitigate --revert")
	case cmd.Flags().Changed("skip-verify") && strings.TrimSpace(o.SkipVerify) == "":
		return fail("--skip-verify needs a reason, shown in the pull request: --skip-verify \"REASON\"")
	case o.Revert == "" && !o.Continue && !o.Abort && (o.SkipVerify != "" || len(o.Waive) > 0 || o.NoRun):
		return fail("--skip-verify, --waive and --no-run go with --revert")
	}
	for _, w := range o.Waive {
		if _, err := engine.ParseWaiver(w); err != nil {
			return fail(fmt.Sprintf("--waive: %v", err))
		}
	}
	return nil
}

// Run records the mitigation.
func Run(ctx context.Context, o *Options) error {
	d := recordedit.Deps{IO: o.IO, Clock: o.Clock, OpenRepo: o.OpenRepo, LoadConfig: o.LoadConfig, DryRun: o.DryRun, ID: o.ID, JSON: o.JSON}
	return recordedit.Apply(ctx, d, func(repo *git.Repo, _ *config.Config, rec *record.Record, now time.Time, res *recordedit.Result) error {
		e := record.Event{At: now, Kind: record.EventMitigated, By: recordedit.Author(repo), Text: o.Text}
		if o.Rollback != "" {
			commit, err := repo.ResolveCommit(o.Rollback)
			if err != nil {
				return cmdutil.Usagef("give the release tag or commit that runs now (see `git tag --list`)", "--rollback %q is not a tag or commit of this repository", o.Rollback)
			}
			e.Fields = map[string]string{"rollback": o.Rollback, "rollback_commit": commit}
			e.Text = fmt.Sprintf("%s (rolled back to %s, %s)", o.Text, o.Rollback, commitid.Short(commit))
		}
		res.Add(rec, e)
		if !rec.Advance(record.PhaseMitigated) && record.PhaseIndex(rec.Phase) > record.PhaseIndex(record.PhaseMitigated) {
			res.Notes = append(res.Notes, fmt.Sprintf("The hotfix stays %s: the mitigation is recorded in its timeline.", rec.Phase))
		}
		return nil
	})
}

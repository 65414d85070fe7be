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
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
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
	// JSON prints the result as JSON (recordedit.Result).
	JSON bool
}

// NewCmd returns the mitigate command; runF replaces the run in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   `mitigate "what was done" [--rollback VERSION]`,
		Short: "Record what stopped or reduced the impact before the fix (a rollback, a flag)",
		Long: `Record a mitigation: what was done to stop or reduce the impact before the fix
is deployed, such as a rollback to the last working version (--rollback VERSION,
a tag or commit of this repository) or a feature flag turned off.

It is a "mitigated" event of the timeline, with its time and who; an investigating
hotfix moves to the phase "mitigated" (a later phase stays). The postmortem's time
to mitigate is measured to the first mitigation.`,
		Example: `  hotfix mitigate "rolled back production to v1.4.1" --rollback v1.4.1
  hotfix mitigate "turned off the new checkout flag"`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
				return &cmdutil.FlagError{Err: errors.New(`say what was done: hotfix mitigate "what was done" [--rollback VERSION]`)}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.IO, o.Clock, o.OpenRepo, o.LoadConfig, o.DryRun = f.IOStreams, f.Clock, f.OpenRepo, f.LoadConfig, f.DryRun
			o.Text, o.Rollback = strings.TrimSpace(args[0]), strings.TrimSpace(o.Rollback)
			if err := record.CheckText("the mitigation", o.Text); err != nil {
				return &cmdutil.FlagError{Err: err}
			}
			if cmd.Flags().Changed("rollback") && o.Rollback == "" {
				return &cmdutil.FlagError{Err: errors.New("--rollback needs the version rolled back to (a tag or commit)")}
			}
			if runF != nil {
				return runF(o)
			}
			return Run(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.Rollback, "rollback", "", "the version rolled back to: a tag or commit of this repository")
	cmd.Flags().StringVar(&o.ID, "id", "", "the incident record (default: the current branch's)")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print what was recorded as JSON")
	complete.Flag(cmd, "rollback", complete.Ref)
	complete.Flag(cmd, "id", complete.ID)
	cmdutil.SetLock(cmd, cmdutil.LockAlways)
	return cmd
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

// Package recordcmd implements `hotfix record`: changing the incident
// record by command instead of by hand-editing its YAML. `record set KEY
// VALUE` fills or changes an incident item, validated as the start
// checklist validates it (a severity change recomputes the deadlines from
// the new level's policy); `record handover OWNER` hands the hotfix to
// another owner. Each change is an event in the timeline, saved under the
// lock and atomically, and --dry-run shows it without saving.
package recordcmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/notify"
	"github.com/hotfix-dev/hotfix/internal/recordedit"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Options are the record commands' flags and dependencies.
type Options struct {
	IO         *iostreams.IOStreams
	Clock      clock.Clock
	OpenRepo   func() (*git.Repo, error)
	LoadConfig func(repo *git.Repo) (*config.Config, error)
	DryRun     bool

	// ID names the record; empty means the current branch's.
	ID string
	// JSON prints the change as JSON (Result).
	JSON bool
	// Key and Value are what `record set` sets; Value "-" clears the item
	// (it is open again).
	Key, Value string
	// Reason is why `record abandon` ends the hotfix; DeleteBranch deletes
	// its branch too (kept otherwise).
	Reason       string
	DeleteBranch bool

	// afterSave is what a change does once the record is saved (abandon's
	// branch deletion: the record says so before the branch goes).
	afterSave func() error
}

// Result is what a record command changed (--json).
type Result struct {
	// Record is the record file, relative to the repository root.
	Record string `json:"record"`
	// ID is the record's id.
	ID string `json:"id"`
	// DryRun says nothing was saved.
	DryRun bool `json:"dry_run"`
	// Key is the item changed; From and To its values before and after
	// ("" for none).
	Key  string `json:"key"`
	From string `json:"from"`
	To   string `json:"to"`
	// Deadlines are the deadlines after a severity change (RFC 3339; ""
	// for none).
	Deadlines map[string]string `json:"deadlines,omitempty"`
}

// Event kinds the record commands write.
const (
	// EventEdited records an incident item set by `record set` (Fields
	// "key", "from", "to").
	EventEdited = "edited"
	// EventHandover records a change of owner (Fields "from", "to").
	EventHandover = "handover"
	// EventAbandoned records the end of a hotfix that will not be finished
	// (Fields "reason", "branch_deleted").
	EventAbandoned = "abandoned"
)

// NewCmd returns `hotfix record` and its subcommands.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "record",
		Short: "Change the incident record by command: fill in an item, change the severity, hand over",
		Long: `Change the incident record without editing its YAML:

  record set KEY VALUE     fill in or change an incident item (VALUE "-" clears it)
  record handover OWNER    hand the hotfix to another owner
  record abandon --reason  end a hotfix that will not be finished (started by mistake)

Each change is checked as the start checklist checks it, recorded as an event in
the timeline, and saved atomically under the record's lock. A severity change
recomputes the deadlines from the new level's policy, counted from the start.`,
	}
	cmd.AddCommand(newSetCmd(f), newHandoverCmd(f), newAbandonCmd(f))
	return cmd
}

func (o *Options) from(f *cmdutil.Factory) {
	o.IO, o.Clock, o.OpenRepo, o.LoadConfig, o.DryRun = f.IOStreams, f.Clock, f.OpenRepo, f.LoadConfig, f.DryRun
}

func commonFlags(cmd *cobra.Command, o *Options) {
	cmd.Flags().StringVar(&o.ID, "id", "", "the incident record (default: the current branch's)")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print the change as JSON")
	complete.Flag(cmd, "id", complete.ID)
	cmdutil.SetLock(cmd, cmdutil.LockAlways)
}

// Keys are the incident items `record set` changes, in the checklist's
// order.
var Keys = []string{"title", "severity", "summary", "reporter", "detection", "affected", "version", "related_repos", "logs",
	"error_message", "datasets_checked", "owner", "scope", "documenter", "client_notice", "issue", "report"}

func newSetCmd(f *cmdutil.Factory) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "set KEY VALUE",
		Short: "Fill in or change an incident item of the record",
		Example: `  hotfix record set affected "EU shoppers paying by card"
  hotfix record set severity SEV1
  hotfix record set datasets_checked yes
  hotfix record set owner -          # open again`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return &cmdutil.FlagError{Err: fmt.Errorf("give a key and a value: hotfix record set KEY VALUE (keys: %s)", strings.Join(Keys, ", "))}
			}
			return nil
		},
		ValidArgs: Keys,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.from(f)
			o.Key, o.Value = args[0], strings.TrimSpace(args[1])
			if !slices.Contains(Keys, o.Key) {
				return &cmdutil.FlagError{Err: fmt.Errorf("unknown key %q (keys: %s)", o.Key, strings.Join(Keys, ", "))}
			}
			if err := record.CheckText(o.Key, o.Value); err != nil {
				return &cmdutil.FlagError{Err: err}
			}
			return Run(cmd.Context(), o, set)
		},
	}
	commonFlags(cmd, o)
	return cmd
}

func newHandoverCmd(f *cmdutil.Factory) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:     "handover OWNER",
		Short:   "Hand the hotfix to another owner",
		Example: `  hotfix record handover "Carol (EU on-call)"`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
				return &cmdutil.FlagError{Err: errors.New("name the new owner: hotfix record handover OWNER")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.from(f)
			o.Key, o.Value = "owner", strings.TrimSpace(args[0])
			if err := record.CheckText("the owner", o.Value); err != nil {
				return &cmdutil.FlagError{Err: err}
			}
			return Run(cmd.Context(), o, handover)
		},
	}
	commonFlags(cmd, o)
	return cmd
}

func newAbandonCmd(f *cmdutil.Factory) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "abandon --reason TEXT [--delete-branch]",
		Short: "End a hotfix that will not be finished, saying why",
		Long: `End a hotfix that will not be finished: started by mistake, a duplicate, or
superseded. The record stays, in the phase "abandoned", with the reason as an event;
status lists it only with --all, and pr and close refuse it. The branch is kept
unless --delete-branch (which deletes the local branch, never the checked-out one).`,
		Example: `  hotfix record abandon --reason "duplicate of 2026-11-22-checkout-returns-500"`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.from(f)
			o.Reason = strings.TrimSpace(o.Reason)
			if o.Reason == "" {
				return &cmdutil.FlagError{Err: errors.New("say why with --reason TEXT: the timeline keeps it")}
			}
			if err := record.CheckText("--reason", o.Reason); err != nil {
				return &cmdutil.FlagError{Err: err}
			}
			o.Key, o.Value = "phase", record.PhaseAbandoned
			return Run(cmd.Context(), o, abandon)
		},
	}
	cmd.Flags().StringVar(&o.Reason, "reason", "", "why the hotfix is abandoned (required)")
	cmd.Flags().BoolVar(&o.DeleteBranch, "delete-branch", false, "delete the hotfix's local branch too")
	complete.Flag(cmd, "reason", complete.FreeText)
	commonFlags(cmd, o)
	return cmd
}

// change applies one command's change to rec and returns what it did.
type change func(o *Options, cfg *config.Config, repo *git.Repo, rec *record.Record, now time.Time) (Result, error)

// Run loads the record, applies ch, and saves the record (unless
// --dry-run) before saying what changed.
func Run(ctx context.Context, o *Options, ch change) error {
	repo, cfg, rec, err := recordedit.Load(o.OpenRepo, o.LoadConfig, o.ID)
	if err != nil {
		return err
	}
	defer repo.Close()
	res, err := ch(o, cfg, repo, rec, o.Clock.Now())
	if err != nil {
		return err
	}
	save := !o.DryRun && res.From != res.To
	if res.Record, err = recordedit.Save(repo, cfg, rec, save); err != nil {
		return err
	}
	res.ID, res.DryRun = rec.ID, o.DryRun
	if save {
		if o.afterSave != nil {
			if err := o.afterSave(); err != nil {
				return err
			}
		}
	}
	if o.JSON {
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	verb := "Recorded in"
	if o.DryRun {
		verb = "Dry run: nothing was saved to"
	}
	switch {
	case res.From == res.To:
		fmt.Fprintf(o.IO.Out, "%s is already %s in %s; nothing changed.\n", res.Key, show(res.To), res.Record)
		return nil
	default:
		fmt.Fprintf(o.IO.Out, "%s %s: %s %s → %s\n", verb, res.Record, res.Key, show(res.From), show(res.To))
	}
	if len(res.Deadlines) > 0 {
		var names []string
		for n := range res.Deadlines {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			at := "none"
			if t, err := time.Parse(time.RFC3339, res.Deadlines[n]); err == nil {
				at = t.Local().Format("Mon 2006-01-02 15:04 MST")
			}
			fmt.Fprintf(o.IO.Out, "  %s deadline: %s\n", n, at)
		}
	}
	return nil
}

func show(v string) string {
	if v == "" {
		return "(open)"
	}
	return fmt.Sprintf("%q", v)
}

// set is `record set`: the item is validated as the checklist validates
// it, and a severity change recomputes the deadlines.
func set(o *Options, cfg *config.Config, repo *git.Repo, rec *record.Record, now time.Time) (Result, error) {
	in := &rec.Incident
	value := o.Value
	if value == "-" {
		value = ""
	}
	res := Result{Key: o.Key}
	str := map[string]*string{"title": &in.Title, "summary": &in.Summary, "reporter": &in.Reporter, "affected": &in.Affected,
		"version": &in.Version, "error_message": &in.ErrorMessage, "owner": &in.Owner, "scope": &in.Scope, "documenter": &in.Documenter, "issue": &in.Issue, "report": &in.Report,
		"detection": &in.Detection, "datasets_checked": &in.DatasetsChecked, "client_notice": &in.ClientNotice, "severity": &in.Severity}
	lists := map[string]*[]string{"related_repos": &in.RelatedRepos, "logs": &in.Logs}
	switch o.Key {
	case "title", "severity":
		if value == "" {
			return res, cmdutil.Usagef("give a value", "%s cannot be cleared: every record has one", o.Key)
		}
	case "detection":
		value = strings.ToLower(value)
		if value != "" && value != record.DetectedManual && value != record.DetectedAutomatic {
			return res, cmdutil.Usagef("write manual (a person noticed) or automatic (an alert)", "detection %q is not manual or automatic", o.Value)
		}
	case "datasets_checked", "client_notice":
		value = strings.ToLower(value)
		if value != "" && value != record.Yes && value != record.No {
			return res, cmdutil.Usagef("write yes or no, or - for not known yet", "%s %q is not yes or no", o.Key, o.Value)
		}
	case "report":
		if value != "" {
			if err := notify.CheckReport(value); err != nil {
				return res, cmdutil.Usagef("copy the report message's link in Slack (⋮ More actions → Copy link) and pass it whole", "%v", err)
			}
		}
	case "version":
		if value != "" {
			if _, err := repo.ResolveCommit(value); err != nil {
				return res, cmdutil.Usagef("give a release tag or a commit of this repository (see `git tag --list`)", "version %q is not a tag or commit here", value)
			}
		}
	}
	if l, ok := lists[o.Key]; ok {
		res.From = strings.Join(*l, ", ")
		var items []string
		for _, x := range strings.Split(value, ",") {
			if x = strings.TrimSpace(x); x != "" {
				items = append(items, x)
			}
		}
		*l = items
		res.To = strings.Join(items, ", ")
	} else {
		p := str[o.Key]
		res.From = *p
		if o.Key == "severity" {
			sev, ok := cfg.Severity(value)
			if !ok {
				var names []string
				for _, s := range cfg.Severities {
					names = append(names, s.Name)
				}
				return res, cmdutil.Usagef("choose one of the policy's levels: "+strings.Join(names, ", "), "severity %q is not a level of the policy", value)
			}
			value = sev.Name
			if value != res.From {
				rec.Deadlines = deadlinesFrom(rec.Created, sev)
				res.Deadlines = map[string]string{}
				for n, t := range map[string]*time.Time{"fix": rec.Deadlines.Fix, "test": rec.Deadlines.Test, "deploy": rec.Deadlines.Deploy} {
					res.Deadlines[n] = ""
					if t != nil {
						res.Deadlines[n] = t.UTC().Format(time.RFC3339)
					}
				}
			}
		}
		*p = value
		res.To = value
	}
	if res.From != res.To {
		fields := map[string]string{"key": o.Key, "from": res.From, "to": res.To}
		rec.AddEvent(record.Event{At: now, Kind: EventEdited, By: recordedit.Author(repo), Text: fmt.Sprintf("%s: %s → %s", o.Key, show(res.From), show(res.To)), Fields: fields})
	}
	return res, nil
}

// handover is `record handover`: the owner changes, as an event.
func handover(o *Options, _ *config.Config, repo *git.Repo, rec *record.Record, now time.Time) (Result, error) {
	res := Result{Key: "owner", From: rec.Incident.Owner, To: o.Value}
	if res.From != res.To {
		rec.Incident.Owner = o.Value
		rec.AddEvent(record.Event{At: now, Kind: EventHandover, By: recordedit.Author(repo), Text: fmt.Sprintf("handed over from %s to %s", show(res.From), show(res.To)),
			Fields: map[string]string{"from": res.From, "to": res.To}})
	}
	return res, nil
}

// abandon is `record abandon`: the phase ends as abandoned, with the
// reason; the branch goes too with --delete-branch (refused while it is
// checked out, before anything changes).
func abandon(o *Options, _ *config.Config, repo *git.Repo, rec *record.Record, now time.Time) (Result, error) {
	res := Result{Key: "phase", From: rec.Phase, To: record.PhaseAbandoned}
	deleted := false
	if o.DeleteBranch && rec.Branch.Name != "" {
		name := rec.Branch.Name
		if cur, _ := repo.CurrentBranch(); cur == name {
			return res, cmdutil.Failf("git switch to another branch first (e.g. git switch "+rec.Branch.Production+")", "%s is checked out, so it cannot be deleted", name)
		}
		if ok, err := repo.BranchExists(name); err == nil && ok {
			deleted = true
			o.afterSave = func() error {
				if err := repo.DeleteBranch(name); err != nil {
					return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("the hotfix is abandoned, but %s could not be deleted: %v", name, err), "delete it with git branch -D "+name)
				}
				return nil
			}
		}
	}
	rec.Phase = record.PhaseAbandoned
	rec.AddEvent(record.Event{At: now, Kind: EventAbandoned, By: recordedit.Author(repo), Text: "abandoned: " + o.Reason,
		Fields: map[string]string{"reason": o.Reason, "branch_deleted": fmt.Sprint(deleted)}})
	return res, nil
}

// deadlinesFrom are the deadlines of sev's policy, counted from the start.
func deadlinesFrom(start time.Time, sev config.Severity) record.Deadlines {
	var d record.Deadlines
	for _, x := range []struct {
		policy config.Duration
		dst    **time.Time
	}{{sev.Deadlines.Fix, &d.Fix}, {sev.Deadlines.Test, &d.Test}, {sev.Deadlines.Deploy, &d.Deploy}} {
		if x.policy > 0 {
			t := start.Add(x.policy.D()).UTC().Truncate(time.Second)
			*x.dst = &t
		}
	}
	return d
}

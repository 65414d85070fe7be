// Package status implements `hotfix status`: every hotfix, its phase, its
// owner and age, and what is overdue.
package status

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/records"
	"github.com/hotfix-dev/hotfix/internal/updates"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Options are status's flags and dependencies.
type Options struct {
	IO         *iostreams.IOStreams
	Clock      clock.Clock
	OpenRepo   func() (*git.Repo, error)
	LoadConfig func(repo *git.Repo) (*config.Config, error)

	JSON bool
	All  bool
	// ID, when set, shows that hotfix in full: checklist, deadlines and
	// timeline.
	ID string
}

// NewCmd returns the status command; runF replaces the run in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "status [ID]",
		Short: "List the repository's hotfixes: phase, owner, age and what is overdue",
		Long: `List the hotfixes recorded in this repository: the records in the work tree
and on every local and remote-tracking hotfix branch (as last fetched). Closed
hotfixes are left out unless --all is given, except while they are inside the
monitoring window after the deploy (deploy --monitor, deploy.monitor, or the
postmortem's monitoring.until): they show as "closed, monitoring", with until
when. Next update is when stakeholders are owed the next update (the time the
last update promised, else the severity's interval after the last update or the
start), with how soon when it is within 10 minutes, or how late. Overdue lists
the deadlines that passed (fix, test, deploy) and "update" when that time has
passed. With an ID, show that hotfix in full, with its timeline.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.IO, o.Clock, o.OpenRepo, o.LoadConfig = f.IOStreams, f.Clock, f.OpenRepo, f.LoadConfig
			if len(args) == 1 {
				o.ID = args[0]
			}
			if runF != nil {
				return runF(o)
			}
			return Run(cmd.Context(), o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print the hotfixes as JSON")
	cmd.Flags().BoolVar(&o.All, "all", false, "include closed hotfixes")
	complete.Args(cmd, complete.ID)
	cmdutil.SetLock(cmd, cmdutil.LockNever)
	return cmd
}

// Entry is one hotfix in status's --json output.
type Entry struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Severity   string    `json:"severity"`
	Phase      string    `json:"phase"`
	Owner      string    `json:"owner"`
	Branch     string    `json:"branch"`
	Source     string    `json:"source"`
	Created    time.Time `json:"created"`
	AgeSeconds int64     `json:"age_seconds"`
	Overdue    []string  `json:"overdue"`
	Open       []string  `json:"open"`
	// MonitoringUntil is the end of the monitoring window after the
	// deploy, when one is recorded: a closed hotfix is listed while now
	// is before it.
	MonitoringUntil *time.Time `json:"monitoring_until,omitempty"`
	NextUpdate
}

// NextUpdate is when a hotfix's next stakeholder update is due.
type NextUpdate struct {
	// At is when it is due; absent when none is owed (the hotfix ended,
	// was announced resolved, or its severity has no update interval).
	At *time.Time `json:"next_update,omitempty"`
	// Due is "overdue" once At has passed, "soon" within 10 minutes of
	// it, else absent.
	Due string `json:"update_due,omitempty"`
}

// nextUpdate is r's next update at now (updates.DueAt).
func nextUpdate(cfg *config.Config, r *record.Record, now time.Time) (NextUpdate, updates.Due) {
	d, ok := updates.DueAt(cfg, r, now)
	if !ok {
		return NextUpdate{}, d
	}
	at := d.At.UTC()
	n := NextUpdate{At: &at}
	switch {
	case d.Overdue:
		n.Due = "overdue"
	case d.Soon:
		n.Due = "soon"
	}
	return n, d
}

// describeNext is the next update for the table: its time, and how soon
// or how late when that is pressing; "-" when none is owed.
func describeNext(cfg *config.Config, r *record.Record, now time.Time) string {
	n, d := nextUpdate(cfg, r, now)
	if n.At == nil {
		return "-"
	}
	loc := updates.Location(cfg)
	when := updates.When(d.At.In(loc), now.In(loc))
	switch n.Due {
	case "overdue":
		return when + " (" + config.FormatDuration(max(d.By, time.Minute)) + " late)"
	case "soon":
		if d.By < time.Minute {
			return when + " (now)"
		}
		return when + " (in " + config.FormatDuration(d.By) + ")"
	}
	return when
}

// monitored reports whether r is closed and still inside its monitoring
// window at now.
func monitored(r *record.Record, now time.Time) bool {
	return r.Phase == record.PhaseClosed && now.Before(r.MonitoringUntil())
}

// Run runs status with o.
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
	found, errs := records.List(repo, cfg)
	for _, e := range errs {
		fmt.Fprintf(o.IO.ErrOut, "warning: skipped a record: %v\n", e)
	}
	now := o.Clock.Now()
	if o.ID != "" {
		for _, f := range found {
			if f.Record.ID == o.ID {
				return show(o, cfg, f, now)
			}
		}
		return cmdutil.Failf("list them with `hotfix status --all`", "no hotfix %q in the work tree or on the hotfix branches", o.ID)
	}
	entries := []Entry{}
	recs := map[string]*record.Record{}
	for _, f := range found {
		r := f.Record
		recs[r.ID] = r
		if r.Ended() && !o.All && !monitored(r, now) {
			continue
		}
		e := Entry{ID: r.ID, Title: r.Incident.Title, Severity: r.Incident.Severity, Phase: r.Phase, Owner: r.Incident.Owner,
			Branch: r.Branch.Name, Source: f.Source, Created: r.Created, AgeSeconds: int64(age(o, r, now) / time.Second),
			Overdue: overdue(cfg, r, now), Open: r.OpenItems()}
		e.NextUpdate, _ = nextUpdate(cfg, r, now)
		if e.Overdue == nil {
			e.Overdue = []string{}
		}
		if e.Open == nil {
			e.Open = []string{}
		}
		if until := r.MonitoringUntil(); !until.IsZero() {
			e.MonitoringUntil = &until
		}
		entries = append(entries, e)
	}
	if o.JSON {
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(entries)
	}
	if len(entries) == 0 {
		fmt.Fprintln(o.IO.Out, "No open hotfixes. Start one with `hotfix start`.")
		return nil
	}
	tw := tabwriter.NewWriter(o.IO.Out, 0, 4, 2, ' ', 0)
	cs := o.IO.ColorScheme()
	fmt.Fprintln(tw, "ID\tTITLE\tSEVERITY\tPHASE\tOWNER\tAGE\tNEXT UPDATE\tOVERDUE")
	for _, e := range entries {
		overdue := "-"
		if len(e.Overdue) > 0 {
			// The last column, so its colour codes cannot skew the alignment.
			overdue = cs.Red(strings.Join(e.Overdue, ", "))
		}
		owner := e.Owner
		if owner == "" {
			owner = "(open)"
		}
		phase := e.Phase
		if e.Phase == record.PhaseClosed && e.MonitoringUntil != nil && now.Before(*e.MonitoringUntil) {
			phase += ", monitoring"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, clip(e.Title, 40), e.Severity, phase, owner,
			config.FormatDuration(time.Duration(e.AgeSeconds)*time.Second/time.Minute*time.Minute), describeNext(cfg, recs[e.ID], now), overdue)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, e := range entries {
		if e.Phase == record.PhaseClosed && e.MonitoringUntil != nil && now.Before(*e.MonitoringUntil) {
			fmt.Fprintf(o.IO.Out, "%s is closed and still monitored until %s (%s left).\n", e.ID, e.MonitoringUntil.UTC().Format("Mon 2006-01-02 15:04 UTC"),
				config.FormatDuration(e.MonitoringUntil.Sub(now).Truncate(time.Minute)))
		}
	}
	return nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// overdue lists the passed deadlines and, when stakeholders have waited
// longer than the severity's interval, "update".
func overdue(cfg *config.Config, r *record.Record, now time.Time) []string {
	out := r.Overdue(now)
	if sev, ok := cfg.Severity(r.Incident.Severity); ok && r.UpdateOverdue(now, sev.UpdateInterval.D()) {
		out = append(out, "update")
	}
	return out
}

// show prints one hotfix in full.
func show(o *Options, cfg *config.Config, f records.Found, now time.Time) error {
	r := f.Record
	if o.JSON {
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		n, _ := nextUpdate(cfg, r, now)
		return enc.Encode(struct {
			*record.Record
			Source  string   `json:"source"`
			Overdue []string `json:"overdue"`
			NextUpdate
		}{r, f.Source, append([]string{}, overdue(cfg, r, now)...), n})
	}
	w := o.IO.Out
	in := r.Incident
	fmt.Fprintf(w, "%s  %s\n", r.ID, in.Title)
	fmt.Fprintf(w, "  severity %s, phase %s, owner %s, age %s (from %s)\n", in.Severity, r.Phase, orOpen(in.Owner),
		config.FormatDuration(age(o, r, now).Truncate(time.Minute)), f.Source)
	fmt.Fprintf(w, "  branch %s from %s\n", r.Branch.Name, r.Branch.Base)
	if r.PullRequest != nil {
		fmt.Fprintf(w, "  pull request #%d %s\n", r.PullRequest.Number, r.PullRequest.URL)
	}
	for _, d := range []struct {
		name string
		t    *time.Time
	}{{"fix", r.Deadlines.Fix}, {"test", r.Deadlines.Test}, {"deploy", r.Deadlines.Deploy}} {
		if d.t != nil {
			fmt.Fprintf(w, "  %s by %s\n", d.name, d.t.Local().Format("Mon 15:04 MST"))
		}
	}
	if until := r.MonitoringUntil(); !until.IsZero() {
		state := "ended"
		if now.Before(until) {
			state = config.FormatDuration(until.Sub(now).Truncate(time.Minute)) + " left"
		}
		fmt.Fprintf(w, "  monitoring until %s (%s)\n", until.UTC().Format("Mon 2006-01-02 15:04 UTC"), state)
	}
	if d, ok := updates.DueAt(cfg, r, now); ok {
		fmt.Fprintf(w, "  next update %s\n", d.Describe(now, updates.Location(cfg)))
	}
	if od := overdue(cfg, r, now); len(od) > 0 {
		fmt.Fprintf(w, "  OVERDUE: %s\n", strings.Join(od, ", "))
	}
	if open := r.OpenItems(); len(open) > 0 {
		fmt.Fprintf(w, "  still open: %s\n", strings.Join(open, ", "))
	}
	if hs := r.Hypotheses(); len(hs) > 0 {
		fmt.Fprintln(w, "\nHypotheses:")
		for _, h := range hs {
			line := fmt.Sprintf("  %s [%s] %s", h.ID, h.Status, h.Text)
			if h.Evidence != "" {
				line += " (" + h.Evidence + ")"
			}
			fmt.Fprintln(w, line)
		}
	}
	fmt.Fprintln(w, "\nTimeline (UTC):")
	for _, e := range r.Timeline {
		text := e.Text
		if e.Kind == record.EventHypothesis && text == "" {
			text = e.Fields["id"] + " " + e.Fields["status"] + ": " + e.Fields["evidence"]
		}
		first, _, _ := strings.Cut(text, "\n")
		fmt.Fprintf(w, "  %s  %-12s %s\n", e.At.UTC().Format("01-02 15:04"), e.Kind, first)
	}
	return nil
}

func orOpen(s string) string {
	if s == "" {
		return "(open)"
	}
	return s
}

// age is how long ago the record was created; a record dated in the future
// (written on a machine whose clock ran ahead) is accepted with a warning,
// and its age counts as zero, never negative.
func age(o *Options, r *record.Record, now time.Time) time.Duration {
	d := now.Sub(r.Created)
	if d < -time.Minute {
		fmt.Fprintf(o.IO.ErrOut, "warning: %s is dated %s, in the future (now %s): its age counts as 0; check the clock of the machine that wrote it\n",
			r.ID, r.Created.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	if d < 0 {
		return 0
	}
	return d
}

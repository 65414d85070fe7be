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
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/records"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Options are status's flags and dependencies.
type Options struct {
	IO         *iostreams.IOStreams
	Clock      clock.Clock
	OpenRepo   func() (*git.Repo, error)
	LoadConfig func(root string) (*config.Config, error)

	JSON bool
	All  bool
}

// NewCmd returns the status command; runF replaces the run in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "status",
		Short: "List the repository's hotfixes: phase, owner, age and what is overdue",
		Long: `List the hotfixes recorded in this repository: the records in the work tree
and on every local and remote-tracking hotfix branch (as last fetched). Closed
hotfixes are left out unless --all is given.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.IO, o.Clock, o.OpenRepo, o.LoadConfig = f.IOStreams, f.Clock, f.OpenRepo, f.LoadConfig
			if runF != nil {
				return runF(o)
			}
			return Run(cmd.Context(), o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print the hotfixes as JSON")
	cmd.Flags().BoolVar(&o.All, "all", false, "include closed hotfixes")
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
}

// Run runs status with o.
func Run(ctx context.Context, o *Options) error {
	repo, err := o.OpenRepo()
	if err != nil {
		return err
	}
	defer repo.Close()
	cfg, err := o.LoadConfig(repo.Root())
	if err != nil {
		return err
	}
	found, errs := records.List(repo, cfg)
	for _, e := range errs {
		fmt.Fprintf(o.IO.ErrOut, "warning: skipped a record: %v\n", e)
	}
	now := o.Clock.Now()
	entries := []Entry{}
	for _, f := range found {
		r := f.Record
		if r.Phase == record.PhaseClosed && !o.All {
			continue
		}
		e := Entry{ID: r.ID, Title: r.Incident.Title, Severity: r.Incident.Severity, Phase: r.Phase, Owner: r.Incident.Owner,
			Branch: r.Branch.Name, Source: f.Source, Created: r.Created, AgeSeconds: int64(now.Sub(r.Created) / time.Second),
			Overdue: r.Overdue(now), Open: r.OpenItems()}
		if e.Overdue == nil {
			e.Overdue = []string{}
		}
		if e.Open == nil {
			e.Open = []string{}
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
	fmt.Fprintln(tw, "ID\tTITLE\tSEVERITY\tPHASE\tOWNER\tAGE\tOVERDUE")
	for _, e := range entries {
		overdue := "-"
		if len(e.Overdue) > 0 {
			overdue = strings.Join(e.Overdue, ", ")
		}
		owner := e.Owner
		if owner == "" {
			owner = "(open)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, clip(e.Title, 40), e.Severity, e.Phase, owner,
			config.FormatDuration(time.Duration(e.AgeSeconds)*time.Second/time.Minute*time.Minute), overdue)
	}
	return tw.Flush()
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

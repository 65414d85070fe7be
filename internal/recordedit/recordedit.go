// Package recordedit is the shared service of the commands that record one
// change of an incident outside a multi-step command (`hotfix mitigate`,
// `hotfix deploy`): it finds the record, refuses an ended hotfix's, applies
// the change, validates the record, saves it atomically unless --dry-run
// (the command runs under the repository lock), and says what changed, as
// text or JSON.
package recordedit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/records"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Deps are what a change needs from the command's options.
type Deps struct {
	IO         *iostreams.IOStreams
	Clock      clock.Clock
	OpenRepo   func() (*git.Repo, error)
	LoadConfig func(repo *git.Repo) (*config.Config, error)
	// DryRun shows the change without saving it.
	DryRun bool
	// ID names the record; empty means the current branch's.
	ID string
	// JSON prints the Result as JSON.
	JSON bool
	// After runs once the change is saved (or, in a dry run, shown), for
	// what must come after the record on disk (a call to GitHub): the
	// events it adds with Result.Add are saved in turn, what was recorded
	// is printed, and then its error is returned. Nil for none.
	After Change
}

// Change applies one command's change to rec at now, adding its events
// with Result.Add, and returns what it did.
type Change func(repo *git.Repo, cfg *config.Config, rec *record.Record, now time.Time, res *Result) error

// Event is an event as --json shows it.
type Event struct {
	At     time.Time         `json:"at"`
	Kind   string            `json:"kind"`
	By     string            `json:"by,omitempty"`
	Text   string            `json:"text,omitempty"`
	Fields map[string]string `json:"fields,omitempty"`
}

// Result is what a change did (--json).
type Result struct {
	// Record is the record file, relative to the repository root.
	Record string `json:"record"`
	// ID is the record's id.
	ID string `json:"id"`
	// DryRun says nothing was saved.
	DryRun bool `json:"dry_run"`
	// PhaseFrom and Phase are the record's phase before and after.
	PhaseFrom string `json:"phase_from"`
	Phase     string `json:"phase"`
	// Events are the events recorded, in order; none means nothing
	// changed.
	Events []Event `json:"events"`
	// Notes are what the person should know (a phase kept, what is
	// next), one sentence each.
	Notes []string `json:"notes,omitempty"`
}

// Add records e in rec and in the result, once: the same event as the
// last of its kind (a rerun after a crash that came after the save) is
// recorded only the first time.
func (res *Result) Add(rec *record.Record, e record.Event) {
	if !rec.AddEventOnce(e) {
		return
	}
	e.At = e.At.UTC().Truncate(time.Second)
	res.Events = append(res.Events, Event(e))
}

// Load opens the repository, reads its policy and finds the record id
// names (the current branch's when empty), refusing an ended hotfix's: the
// first half of every record-changing command. The caller closes repo.
func Load(openRepo func() (*git.Repo, error), loadConfig func(*git.Repo) (*config.Config, error), id string) (*git.Repo, *config.Config, *record.Record, error) {
	repo, err := openRepo()
	if err != nil {
		return nil, nil, nil, err
	}
	cfg, err := loadConfig(repo)
	if err == nil {
		var rec *record.Record
		if rec, err = records.Find(repo, cfg, id); err == nil {
			if rec.Ended() {
				err = cmdutil.Failf("start a new hotfix for new work", "hotfix %s is %s; its record is no longer changed", rec.ID, rec.Phase)
			} else {
				return repo, cfg, rec, nil
			}
		}
	}
	repo.Close()
	return nil, nil, nil, err
}

// Save validates the changed record and, when save is set, writes it
// atomically: the second half. It returns the record file's path relative
// to the repository root.
func Save(repo *git.Repo, cfg *config.Config, rec *record.Record, save bool) (string, error) {
	if err := rec.Validate(); err != nil {
		return "", cmdutil.Usagef("", "the change would make the record invalid: %v", err)
	}
	store := record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}
	if save {
		if err := store.Save(rec); err != nil {
			return "", cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot save the record: %v", err), "")
		}
	}
	return store.RelPath(rec.ID), nil
}

// Apply loads the record, applies ch, and saves the record (unless
// --dry-run or nothing changed) before saying what changed.
func Apply(ctx context.Context, d Deps, ch Change) error {
	repo, cfg, rec, err := Load(d.OpenRepo, d.LoadConfig, d.ID)
	if err != nil {
		return err
	}
	defer repo.Close()
	res := &Result{PhaseFrom: rec.Phase}
	if err := ch(repo, cfg, rec, d.Clock.Now(), res); err != nil {
		return err
	}
	rel, err := Save(repo, cfg, rec, !d.DryRun && len(res.Events) > 0)
	if err != nil {
		return err
	}
	var afterErr error
	if d.After != nil {
		before := len(res.Events)
		afterErr = d.After(repo, cfg, rec, d.Clock.Now(), res)
		if len(res.Events) > before {
			if _, err := Save(repo, cfg, rec, !d.DryRun); err != nil {
				return err
			}
		}
	}
	res.Record, res.ID, res.DryRun, res.Phase = rel, rec.ID, d.DryRun, rec.Phase
	if d.JSON {
		if res.Events == nil {
			res.Events = []Event{}
		}
		enc := json.NewEncoder(d.IO.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return err
		}
		return afterErr
	}
	out := d.IO.Out
	switch {
	case len(res.Events) == 0:
		fmt.Fprintf(out, "Nothing to record in %s.\n", res.Record)
	case d.DryRun:
		fmt.Fprintf(out, "Dry run: nothing was saved to %s. It would record:\n", res.Record)
	default:
		fmt.Fprintf(out, "Recorded in %s:\n", res.Record)
	}
	for _, e := range res.Events {
		first, _, _ := strings.Cut(e.Text, "\n") // an update's text has lines
		fmt.Fprintf(out, "  %s  %s: %s\n", e.At.Local().Format("2006-01-02 15:04 MST"), e.Kind, first)
	}
	if res.Phase != res.PhaseFrom {
		fmt.Fprintf(out, "Phase: %s → %s.\n", res.PhaseFrom, res.Phase)
	}
	for _, n := range res.Notes {
		fmt.Fprintln(out, n)
	}
	return afterErr
}

// Author is who makes a change: git's user.name, else its email.
func Author(repo *git.Repo) string {
	name, email := repo.UserIdentity()
	if name == "" {
		return email
	}
	return name
}

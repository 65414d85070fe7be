// Package triage implements `hotfix triage`: find the cause from the logs
// and the history (logs, suspects), and record the investigation in the
// incident's timeline (hypothesis, repro, isolate, dataset).
package triage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/records"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Common holds what every triage subcommand needs.
type Common struct {
	IO         *iostreams.IOStreams
	Clock      clock.Clock
	OpenRepo   func() (*git.Repo, error)
	LoadConfig func(repo *git.Repo) (*config.Config, error)
	DryRun     bool
	// ID names the record; empty means the current branch's.
	ID string
	// JSON prints what was recorded as JSON (EventResult).
	JSON bool
}

// EventResult is what a timeline command (hypothesis, repro, isolate,
// dataset) prints with --json.
type EventResult struct {
	// Record is the record file, relative to the repository root.
	Record string `json:"record"`
	// ID is the record's id.
	ID string `json:"id"`
	// DryRun is true when nothing was saved.
	DryRun bool `json:"dry_run"`
	// Summary is the one line the text output prints.
	Summary string `json:"summary"`
	// Events are the timeline events added, in order.
	Events []EventJSON `json:"events"`
}

// EventJSON is a timeline event in JSON output.
type EventJSON struct {
	At     time.Time         `json:"at"`
	Kind   string            `json:"kind"`
	By     string            `json:"by,omitempty"`
	Text   string            `json:"text,omitempty"`
	Fields map[string]string `json:"fields,omitempty"`
}

// from copies the dependencies from f, after the flags were parsed; the
// flags (ID, JSON) are left as they are.
func (c *Common) from(f *cmdutil.Factory) {
	c.IO, c.Clock, c.OpenRepo, c.LoadConfig, c.DryRun = f.IOStreams, f.Clock, f.OpenRepo, f.LoadConfig, f.DryRun
}

// NewCmd returns the triage command and its subcommands.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "triage",
		Short: "Find the cause (logs, suspects) and record the investigation",
		Long: `Find the cause of the incident and record how it was found:

  triage logs FILE...     each distinct error once, with counts, context and traces
  triage suspects         the commits since the last good version, ranked by the evidence
  triage hypothesis TEXT  state a hypothesis; later --verified or --rejected EVIDENCE
  triage repro STEPS      how to reproduce the bug
  triage isolate FILE:LINE  where the bug is
  triage dataset NOTE     backing datasets and connections checked

Each is a timestamped event in the incident record of the current branch (or
--id ID), shown by ` + "`hotfix status ID`" + ` and used by pr and close.`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newHypothesisCmd(f, nil), newNoteCmd(f, "STEPS", "Record how to reproduce the bug", record.EventRepro, nil),
		newIsolateCmd(f, nil), newNoteCmd(f, "NOTE", "Record that backing datasets and connections were checked, and what was found", record.EventDataset, nil),
		newSuspectsCmd(f, nil), newLogsCmd(f, nil))
	return cmd
}

// timelineFlags defines the flags of every timeline command (hypothesis,
// repro, isolate, dataset), --id and --json, and declares what they share:
// --id completes record ids, and the command changes the record, so it runs
// under the repository lock.
func timelineFlags(cmd *cobra.Command, c *Common) {
	cmd.Flags().StringVar(&c.ID, "id", "", "the incident record (default: the current branch's)")
	cmd.Flags().BoolVar(&c.JSON, "json", false, "print what was recorded as JSON")
	complete.Flag(cmd, "id", complete.ID)
	cmdutil.SetLock(cmd, cmdutil.LockAlways)
}

// addEvents runs a timeline command: add puts its events in the record, by
// the git user, and says what it recorded (withRecord).
func addEvents(ctx context.Context, c Common, add func(rec *record.Record, by string, now time.Time) (string, error)) error {
	by := author(c.OpenRepo)
	return withRecord(ctx, c, func(_ *config.Config, rec *record.Record, now time.Time) (string, error) {
		return add(rec, by, now)
	})
}

// withRecord loads the record, lets change modify it, and saves it. It
// refuses when there is no record, saying how to name one.
func withRecord(ctx context.Context, c Common, change func(cfg *config.Config, rec *record.Record, now time.Time) (string, error)) error {
	repo, err := c.OpenRepo()
	if err != nil {
		return err
	}
	defer repo.Close()
	cfg, err := c.LoadConfig(repo)
	if err != nil {
		return err
	}
	rec, err := findRecord(repo, cfg, c.ID)
	if err != nil {
		return err
	}
	before := map[string]int{}
	for _, e := range rec.Timeline {
		before[fmt.Sprint(e)]++
	}
	msg, err := change(cfg, rec, c.Clock.Now())
	if err != nil {
		return err
	}
	rel := record.Store{Dir: cfg.Records.Dir}.RelPath(rec.ID)
	if !c.DryRun {
		if err := (record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}).Save(rec); err != nil {
			return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot save the record: %v", err), "")
		}
	}
	if c.JSON {
		res := EventResult{Record: rel, ID: rec.ID, DryRun: c.DryRun, Summary: msg, Events: []EventJSON{}}
		for _, e := range rec.Timeline {
			// The events change added: the timeline is sorted by time, so
			// they need not be at its end.
			if k := fmt.Sprint(e); before[k] > 0 {
				before[k]--
				continue
			}
			res.Events = append(res.Events, EventJSON{At: e.At, Kind: e.Kind, By: e.By, Text: e.Text, Fields: e.Fields})
		}
		enc := json.NewEncoder(c.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	if c.DryRun {
		fmt.Fprintf(c.IO.Out, "Dry run: would record in %s: %s\n", rel, msg)
		return nil
	}
	fmt.Fprintf(c.IO.Out, "Recorded in %s: %s\n", rel, msg)
	return nil
}

func findRecord(repo *git.Repo, cfg *config.Config, id string) (*record.Record, error) {
	return records.Find(repo, cfg, id)
}

func orDetached(b string) string {
	if b == "" {
		return "(detached HEAD)"
	}
	return b
}

func text(args []string, what string) (string, error) {
	s := strings.TrimSpace(strings.Join(args, " "))
	if s == "" {
		return "", &cmdutil.FlagError{Err: fmt.Errorf("say what: hotfix triage %s", what)}
	}
	if err := record.CheckText("the text", s); err != nil {
		return "", &cmdutil.FlagError{Err: err}
	}
	return s, nil
}

func author(repo func() (*git.Repo, error)) string {
	r, err := repo()
	if err != nil {
		return ""
	}
	defer r.Close()
	name, email := r.UserIdentity()
	if name == "" {
		return email
	}
	return name
}

// HypothesisOptions are `triage hypothesis`'s flags and dependencies.
type HypothesisOptions struct {
	Common
	HypothesisRequest
}

// HypothesisRequest is what one `triage hypothesis` asks for: state a
// hypothesis, give one a verdict, or both at once.
type HypothesisRequest struct {
	// Text is the hypothesis to state (the arguments); empty states none.
	Text string
	// Target is --hypothesis: the hypothesis the verdict is for. Empty
	// means the one Text states, else the only open one (with more than
	// one open, a verdict must name its hypothesis).
	Target string
	// Reopen is --reopen: the hypothesis whose verdict is undone (an
	// event that opens it again; the verdict stays in the timeline).
	Reopen string
	// Verified and Rejected are the evidence of the verdict; at most one
	// is set, and neither when a hypothesis is only stated.
	Verified, Rejected string
}

func newHypothesisCmd(f *cmdutil.Factory, runF func(*HypothesisOptions) error) *cobra.Command {
	o := &HypothesisOptions{}
	cmd := &cobra.Command{
		Use:   "hypothesis [TEXT]",
		Short: "State a hypothesis, or verify or reject one with evidence",
		Example: `  hotfix triage hypothesis "application.py passes a file to json.loads"
  hotfix triage hypothesis --verified "reverting line 23 to json.load fixes staging"
  hotfix triage hypothesis --hypothesis h1 --rejected "the dataset is intact"
  hotfix triage hypothesis --reopen h1`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if old := cmd.Flags().Lookup("id-hypothesis"); old.Changed {
				if o.Target != "" && o.Target != old.Value.String() {
					return &cmdutil.FlagError{Err: errors.New("--hypothesis and --id-hypothesis name different hypotheses; give --hypothesis only")}
				}
				o.Target = old.Value.String()
			}
			if o.Verified != "" && o.Rejected != "" {
				return &cmdutil.FlagError{Err: errors.New("--verified and --rejected cannot be used together")}
			}
			if o.Reopen != "" && (len(args) > 0 || o.Verified != "" || o.Rejected != "" || o.Target != "") {
				return &cmdutil.FlagError{Err: errors.New("--reopen ID takes nothing else: reopen it, then give its new verdict in another command")}
			}
			if len(args) == 0 && o.Verified == "" && o.Rejected == "" && o.Reopen == "" {
				return &cmdutil.FlagError{Err: errors.New("give the hypothesis, --verified/--rejected EVIDENCE (with --hypothesis ID when more than one is open), or --reopen ID")}
			}
			if (cmd.Flags().Changed("verified") && strings.TrimSpace(o.Verified) == "") || (cmd.Flags().Changed("rejected") && strings.TrimSpace(o.Rejected) == "") {
				return &cmdutil.FlagError{Err: errors.New("--verified and --rejected need the evidence")}
			}
			o.Text = strings.TrimSpace(strings.Join(args, " "))
			for _, t := range [][2]string{{"the hypothesis", o.Text}, {"--verified", o.Verified}, {"--rejected", o.Rejected}} {
				if err := record.CheckText(t[0], t[1]); err != nil {
					return &cmdutil.FlagError{Err: err}
				}
			}
			o.Common.from(f)
			if runF != nil {
				return runF(o)
			}
			return RunHypothesis(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.Verified, "verified", "", "the evidence that verifies the hypothesis")
	cmd.Flags().StringVar(&o.Rejected, "rejected", "", "the evidence that rejects the hypothesis")
	cmd.Flags().StringVar(&o.Target, "hypothesis", "", "the hypothesis to verify or reject, e.g. h1 (needed when more than one is open)")
	cmd.Flags().String("id-hypothesis", "", "the former name of --hypothesis")
	_ = cmd.Flags().MarkHidden("id-hypothesis") // kept working for scripts written before --hypothesis
	cmd.Flags().StringVar(&o.Reopen, "reopen", "", "undo the verdict on a hypothesis, e.g. h1 (recorded as an event; nothing is deleted)")
	timelineFlags(cmd, &o.Common)
	for _, name := range []string{"verified", "rejected", "hypothesis", "id-hypothesis", "reopen"} {
		complete.Flag(cmd, name, complete.FreeText)
	}
	return cmd
}

// RunHypothesis runs `triage hypothesis`.
func RunHypothesis(ctx context.Context, o *HypothesisOptions) error {
	return addEvents(ctx, o.Common, o.Apply)
}

// Apply is the hypotheses' state machine: it adds to rec's timeline, at now
// and by by, the events q calls for, and returns the line that says what was
// recorded. Stating a hypothesis opens it (h1, h2, ...) unless the same text
// was stated before (a rerun); a verdict verifies or rejects the target, by
// default the hypothesis just stated or else the last open one, and is
// recorded once however often it is given. It refuses a verdict with no
// open hypothesis to give it to and an --id-hypothesis that names none.
func (q HypothesisRequest) Apply(rec *record.Record, by string, now time.Time) (string, error) {
	hs := rec.Hypotheses()
	if q.Reopen != "" {
		h, ok := findHypothesis(hs, q.Reopen)
		if !ok {
			return "", cmdutil.Failf("see the ids with `hotfix status "+rec.ID+"`", "there is no hypothesis %q", q.Reopen)
		}
		if h.Status == record.HypothesisOpen {
			return fmt.Sprintf("hypothesis %s is open: %s", h.ID, h.Text), nil
		}
		rec.AddEvent(record.Event{At: now, Kind: record.EventHypothesis, By: by,
			Fields: map[string]string{"id": h.ID, "status": record.HypothesisOpen, "reopened": h.Status}})
		return fmt.Sprintf("hypothesis %s reopened (it was %s): %s", h.ID, h.Status, h.Text), nil
	}
	target := q.Target
	if q.Text != "" {
		// The same hypothesis stated again (a rerun after a crash
		// that came after the save) is the one already recorded.
		for i := len(hs) - 1; i >= 0 && target == ""; i-- {
			if hs[i].Text == q.Text {
				target = hs[i].ID
			}
		}
		if target == "" {
			target = fmt.Sprintf("h%d", len(hs)+1)
			rec.AddEvent(record.Event{At: now, Kind: record.EventHypothesis, By: by, Text: q.Text,
				Fields: map[string]string{"id": target, "status": record.HypothesisOpen}})
		}
	} else if target == "" {
		var open []record.Hypothesis
		for _, h := range hs {
			if h.Status == record.HypothesisOpen {
				open = append(open, h)
			}
		}
		if len(open) > 1 {
			// Which one the evidence is for is the engineer's call, not
			// the newest's: a wrong verified cause would go into the pull
			// request and the postmortem.
			var ids []string
			for _, h := range open {
				ids = append(ids, fmt.Sprintf("%s (%s)", h.ID, h.Text))
			}
			return "", cmdutil.Usagef("name it: --hypothesis "+open[0].ID, "%d hypotheses are open: %s; which one does this evidence %s?",
				len(open), strings.Join(ids, ", "), map[bool]string{true: "verify", false: "reject"}[q.Verified != ""])
		}
		if len(open) == 1 {
			target = open[0].ID
		}
		if target == "" && len(hs) > 0 && sameVerdict(hs[len(hs)-1], q.Verified, q.Rejected) {
			target = hs[len(hs)-1].ID // a rerun: recorded already
		}
		if target == "" {
			return "", cmdutil.Failf("state one first: hotfix triage hypothesis TEXT", "there is no open hypothesis to verify or reject")
		}
	} else if !hasHypothesis(hs, target) {
		return "", cmdutil.Failf("see the ids with `hotfix status "+rec.ID+"`", "there is no hypothesis %q", target)
	}
	msg := fmt.Sprintf("hypothesis %s", target)
	for _, x := range []struct{ status, evidence string }{{record.HypothesisVerified, q.Verified}, {record.HypothesisRejected, q.Rejected}} {
		if x.evidence != "" {
			// Same time as a hypothesis stated with it: the timeline's
			// sort is stable, so it stays after it.
			rec.AddEventOnce(record.Event{At: now, Kind: record.EventHypothesis, By: by,
				Fields: map[string]string{"id": target, "status": x.status, "evidence": x.evidence}})
			msg += " " + x.status
		}
	}
	if h, ok := findHypothesis(rec.Hypotheses(), target); ok {
		msg += ": " + h.Text
	}
	return msg, nil
}

// findHypothesis returns the hypothesis with id.
func findHypothesis(hs []record.Hypothesis, id string) (record.Hypothesis, bool) {
	for _, h := range hs {
		if h.ID == id {
			return h, true
		}
	}
	return record.Hypothesis{}, false
}

// sameVerdict says whether h was already given the verdict that verified or
// rejected (one of them set) names, with that evidence.
func sameVerdict(h record.Hypothesis, verified, rejected string) bool {
	if verified != "" {
		return h.Status == record.HypothesisVerified && h.Evidence == verified
	}
	return h.Status == record.HypothesisRejected && h.Evidence == rejected
}

func hasHypothesis(hs []record.Hypothesis, id string) bool {
	for _, h := range hs {
		if h.ID == id {
			return true
		}
	}
	return false
}

// NoteOptions are the flags and dependencies of `triage repro` and
// `triage dataset`, which record their text as a timeline event.
type NoteOptions struct {
	Common
	// Kind is the event: record.EventRepro or record.EventDataset, each
	// named like its subcommand.
	Kind string
	// Text is what to record (the arguments).
	Text string
}

// newNoteCmd makes the subcommand named like the event kind, which records
// its text as that event.
func newNoteCmd(f *cmdutil.Factory, arg, short, kind string, runF func(*NoteOptions) error) *cobra.Command {
	o := &NoteOptions{Kind: kind}
	cmd := &cobra.Command{
		Use:   kind + " " + arg,
		Short: short,
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := text(args, kind+" "+arg)
			if err != nil {
				return err
			}
			o.Text = t
			o.Common.from(f)
			if runF != nil {
				return runF(o)
			}
			return RunNote(cmd.Context(), o)
		},
	}
	timelineFlags(cmd, &o.Common)
	return cmd
}

// RunNote runs `triage repro` or `triage dataset`: it records o.Text as an
// event of o.Kind; a dataset note also marks the datasets as checked.
func RunNote(ctx context.Context, o *NoteOptions) error {
	return addEvents(ctx, o.Common, func(rec *record.Record, by string, now time.Time) (string, error) {
		rec.AddEventOnce(record.Event{At: now, Kind: o.Kind, By: by, Text: o.Text})
		if o.Kind == record.EventDataset {
			rec.Incident.DatasetsChecked = record.Yes
		}
		return o.Kind + ": " + o.Text, nil
	})
}

// IsolateOptions are `triage isolate`'s flags and dependencies.
type IsolateOptions struct {
	Common
	// Location is FILE:LINE as given; File and Line are read from it (Line
	// 0: none given).
	Location string
	File     string
	Line     int
	// Note is --note: what is wrong there.
	Note string
}

func newIsolateCmd(f *cmdutil.Factory, runF func(*IsolateOptions) error) *cobra.Command {
	o := &IsolateOptions{}
	cmd := &cobra.Command{
		Use:     "isolate FILE:LINE",
		Short:   "Record where the bug is: the file and line",
		Example: "  hotfix triage isolate application.py:23 --note \"json.loads is given a file object\"",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file, line, err := splitFileLine(args[0])
			if err != nil {
				return &cmdutil.FlagError{Err: err}
			}
			o.Location, o.File, o.Line = args[0], file, line
			o.Common.from(f)
			if runF != nil {
				return runF(o)
			}
			return RunIsolate(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.Note, "note", "", "what is wrong there")
	timelineFlags(cmd, &o.Common)
	complete.Flag(cmd, "note", complete.FreeText)
	return cmd
}

// RunIsolate runs `triage isolate`.
func RunIsolate(ctx context.Context, o *IsolateOptions) error {
	return addEvents(ctx, o.Common, func(rec *record.Record, by string, now time.Time) (string, error) {
		// The record is found first (a bad --id says so), then the
		// location is checked, before anything is recorded.
		if err := checkLocation(o.Common, o.File, o.Line); err != nil {
			return "", err
		}
		fields := map[string]string{"file": o.File}
		if o.Line > 0 {
			fields["line"] = strconv.Itoa(o.Line)
		}
		if o.Note != "" {
			fields["note"] = o.Note
		}
		rec.AddEventOnce(record.Event{At: now, Kind: record.EventIsolate, By: by, Text: o.Location, Fields: fields})
		return "isolated to " + o.Location, nil
	})
}

// checkLocation refuses a location that is not in the repository: file,
// from the repository root, must be a file of the work tree (or of HEAD,
// for one deleted since), and line must be within it.
func checkLocation(c Common, file string, line int) error {
	repo, err := c.OpenRepo()
	if err != nil {
		return err
	}
	defer repo.Close()
	clean := filepath.ToSlash(filepath.Clean(file))
	if filepath.IsAbs(file) || clean == ".." || strings.HasPrefix(clean, "../") {
		return cmdutil.Usagef("give the path from the repository root, e.g. app/models.py:23", "%s is outside the repository", file)
	}
	data, err := os.ReadFile(filepath.Join(repo.Root(), filepath.FromSlash(clean)))
	if err != nil {
		head, herr := repo.HeadCommit()
		if herr == nil {
			data, err = repo.ReadFileAt(head, clean)
		}
	}
	if err != nil {
		return cmdutil.Usagef("give the path from the repository root ("+repo.Root()+"), e.g. app/models.py:23; `git ls-files` lists them",
			"%s is not a file of this repository", file)
	}
	if line > 0 {
		n := bytes.Count(data, []byte("\n"))
		if len(data) > 0 && data[len(data)-1] != '\n' {
			n++
		}
		if line > n {
			return cmdutil.Usagef("give a line within the file", "%s has %d line(s); line %d is past its end", clean, n, line)
		}
	}
	return nil
}

// splitFileLine reads FILE:LINE (or FILE alone).
func splitFileLine(s string) (string, int, error) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, 0, nil
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil || n < 1 {
		return "", 0, fmt.Errorf("%q: the line after the colon must be a positive number (FILE:LINE)", s)
	}
	if s[:i] == "" {
		return "", 0, fmt.Errorf("%q has no file", s)
	}
	return s[:i], n, nil
}

package triage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/logscan"
	"github.com/hotfix-dev/hotfix/internal/triage"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// LogsOptions are `triage logs`'s flags.
type LogsOptions struct {
	Common
	Files    []string
	Context  int
	Patterns []string
	Raw      bool
	JSON     bool
	Record   bool
}

func newLogsCmd(f *cmdutil.Factory, runF func(*LogsOptions) error) *cobra.Command {
	o := &LogsOptions{}
	cmd := &cobra.Command{
		Use:   "logs FILE... | -",
		Short: "Each distinct error in the logs once, with counts, context and stack traces",
		Long: `Read plain or gzip logs (- for stdin) as streams and print each distinct
error once, in order of first occurrence: its count, its first and last
occurrence, -C lines of context, and its stack trace (Python, Java and Kotlin,
Go, JavaScript, Rust, .NET and Mono, C and C++ from AddressSanitizer, UBSan,
gdb and lldb, Ruby, PHP; docs/triage.md lists the formats). Writers sharing a
stream are told apart: by their prefixes (compose, kubectl logs --prefix,
syslog and journald), and with none by what each trace can take next. JSON
lines are read as level, message and stack. Numbers, ids, UUIDs, IPs,
timestamps and quoted values are masked to group the errors. --record keeps the files, lines and symbols of the traces
(and the errors) in the incident record, for ` + "`triage suspects`" + `. --raw prints
every matching line with its context instead, overlapping windows merged.`,
		Example: `  hotfix triage logs /var/log/app/error.log app.log.1.gz
  eb logs | hotfix triage logs -C 3 --record -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Common.from(f)
			o.Files = args
			if o.Raw && (o.JSON || o.Record) {
				return &cmdutil.FlagError{Err: errors.New("--raw prints lines, not a result: it cannot be used with --json or --record")}
			}
			if o.Context < 0 {
				return &cmdutil.FlagError{Err: errors.New("-C must not be negative")}
			}
			if runF != nil {
				return runF(o)
			}
			return RunLogs(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.IntVarP(&o.Context, "context", "C", 3, "lines of context around the first occurrence of each error")
	fl.StringArrayVar(&o.Patterns, "pattern", nil, "a regular expression an error line matches, case-insensitive (repeatable; adds to triage.patterns)")
	fl.BoolVar(&o.Raw, "raw", false, "print every matching line with its context, overlapping windows merged")
	fl.BoolVar(&o.JSON, "json", false, "print the result as JSON")
	fl.BoolVar(&o.Record, "record", false, "keep the traces' files, lines and symbols, and the errors, in the incident record")
	fl.StringVar(&o.ID, "id", "", "the incident record for --record (default: the current branch's)")
	complete.Flag(cmd, "context", complete.FreeText)
	complete.Flag(cmd, "pattern", complete.FreeText)
	complete.Flag(cmd, "id", complete.ID)
	cmdutil.SetLock(cmd, cmdutil.LockIf("record"))
	return cmd
}

// openInputs opens the logs; "-" is stdin (read only when asked for).
func openInputs(files []string, stdin io.Reader) ([]logscan.Input, func(), error) {
	var inputs []logscan.Input
	var closers []io.Closer
	closeAll := func() {
		for _, c := range closers {
			c.Close()
		}
	}
	for _, f := range files {
		if f == "-" {
			inputs = append(inputs, logscan.Input{Name: "-", R: stdin})
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			closeAll()
			return nil, nil, cmdutil.Failf("check the path (use - to read stdin)", "cannot read the log %s: %v", f, errors.Unwrap(err))
		}
		closers = append(closers, fh)
		inputs = append(inputs, logscan.Input{Name: f, R: fh})
	}
	return inputs, closeAll, nil
}

func patterns(cfg *config.Config, extra []string) []string {
	ps := append([]string(nil), cfg.Triage.Patterns...)
	if len(ps) == 0 && len(extra) > 0 {
		ps = logscan.DefaultPatterns()
	}
	return append(ps, extra...)
}

// RunLogs runs `triage logs`.
func RunLogs(ctx context.Context, o *LogsOptions) error {
	cfg, err := configFor(o.Common)
	if err != nil {
		return err
	}
	inputs, closeAll, err := openInputs(o.Files, o.IO.In)
	if err != nil {
		return err
	}
	defer closeAll()
	opts := logscan.Options{Patterns: patterns(cfg, o.Patterns), Context: o.Context}
	if o.Raw {
		_, err := logscan.Raw(ctx, inputs, opts, o.IO.Out)
		return scanError(err)
	}
	var res *logscan.Result
	err = o.IO.WithProgress(fmt.Sprintf("scanning %d log(s)", len(o.Files)), func() (err error) {
		res, err = logscan.Scan(ctx, inputs, opts)
		return err
	})
	if err != nil {
		return scanError(err)
	}
	for _, in := range res.Inputs {
		if in.Skipped {
			fmt.Fprintf(o.IO.ErrOut, "note: %s was not read as text: %s\n", in.Name, in.Note)
		}
		if in.Err != "" {
			fmt.Fprintf(o.IO.ErrOut, "note: %s ended early (%s); what came before was read\n", in.Name, in.Err)
		}
	}
	if o.JSON {
		err = res.WriteJSON(o.IO.Out)
	} else {
		err = res.WriteText(o.IO.Out)
	}
	if err != nil || !o.Record {
		return err
	}
	return withRecord(ctx, o.Common, func(cfg *config.Config, rec *record.Record, now time.Time) (string, error) {
		t := &record.Triage{}
		if rec.Triage != nil {
			// New logs leave the suspects found before in place.
			t.Suspects = rec.Triage.Suspects
		}
		for i, l := range res.Locations {
			if i == 50 {
				break
			}
			t.Locations = append(t.Locations, record.Location{File: l.File, Line: l.Line, Symbol: l.Symbol, Count: int(l.Count)})
		}
		for i, g := range res.Groups {
			if i == 20 {
				break
			}
			t.Errors = append(t.Errors, record.LogError{Message: g.Message, Count: int(g.Count), First: fmt.Sprintf("%s:%d", g.First.Input, g.First.Line)})
		}
		rec.Triage = t
		msg := fmt.Sprintf("%d distinct error(s) and %d trace location(s) from %d log(s)", len(res.Groups), len(res.Locations), len(res.Inputs))
		rec.AddEventOnce(record.Event{At: now, Kind: record.EventLogs, Text: msg, Fields: errorSpan(res.Groups)})
		return msg, nil
	})
}

// errorSpan is the logs event's Fields: "first_error" and "last_error",
// the earliest and the latest time an error was logged (RFC 3339, UTC),
// when the logs had timestamps; nil when they had none.
func errorSpan(groups []*logscan.Group) map[string]string {
	var first, last time.Time
	for _, g := range groups {
		if t := g.First.Time; !t.IsZero() && (first.IsZero() || t.Before(first)) {
			first = t
		}
		for _, t := range []time.Time{g.First.Time, g.Last.Time} {
			if !t.IsZero() && t.After(last) {
				last = t
			}
		}
	}
	if first.IsZero() {
		return nil
	}
	return map[string]string{"first_error": first.UTC().Format(time.RFC3339), "last_error": last.UTC().Format(time.RFC3339)}
}

func scanError(err error) error {
	var pe *logscan.PatternError
	if errors.As(err, &pe) {
		return cmdutil.Usagef("write the pattern as a Go regular expression", "%v", pe)
	}
	return err
}

// configFor loads the config of the repository, or the defaults outside
// one: reading logs needs no repository.
func configFor(c Common) (*config.Config, error) {
	repo, err := c.OpenRepo()
	if err != nil {
		return config.Default(), nil
	}
	defer repo.Close()
	return c.LoadConfig(repo)
}

// scanLocations reads the trace locations of log files, for suspects.
func scanLocations(ctx context.Context, files []string, cfg *config.Config) ([]triage.Location, error) {
	inputs, closeAll, err := openInputs(files, nil)
	if err != nil {
		return nil, err
	}
	defer closeAll()
	res, err := logscan.Scan(ctx, inputs, logscan.Options{Patterns: cfg.Triage.Patterns})
	if err != nil {
		return nil, scanError(err)
	}
	return locationsOf(res), nil
}

// locationsOf is the frames of each distinct error's trace, innermost
// first (Python's reversed: it writes the innermost frame last), each with
// its depth and the trace's exception; the result's flat locations when
// no error kept frames.
func locationsOf(res *logscan.Result) []triage.Location {
	var out []triage.Location
	names := map[string]int{}
	for _, g := range res.Groups {
		fs := g.Frames
		if g.Kind == "python" {
			fs = append([]logscan.Location(nil), fs...)
			for i, j := 0, len(fs)-1; i < j; i, j = i+1, j-1 {
				fs[i], fs[j] = fs[j], fs[i]
			}
		}
		name := g.Exception
		if g.Kind == "go" {
			name = "panic"
		} else if name == "" {
			name = g.Kind
		}
		if names[name]++; names[name] > 1 {
			name = fmt.Sprintf("%s (%d)", name, names[name])
		}
		for i, l := range fs {
			out = append(out, triage.Location{File: l.File, Line: l.Line, Symbol: l.Symbol, Depth: i, Trace: name})
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, l := range res.Locations {
		out = append(out, triage.Location{File: l.File, Line: l.Line, Symbol: l.Symbol})
	}
	return out
}

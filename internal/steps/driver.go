package steps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
)

// Command is a resumable command as Drive runs it: the command declares its
// data, its steps and its hooks, and Drive owns the protocol they share:
// loading saved progress, damaged or foreign saved state, --continue,
// --abort, the dry run, beginning, and running. start, pr and close are
// Commands.
type Command struct {
	// Runner saves the progress; its Command names the command in messages
	// ("hotfix <Command>") and the state file.
	Runner Runner
	// Data points at the command's saved value: a saved state is read into
	// it, and Begin saves it.
	Data interface{}
	// Migrate turns data saved in an older format (from, below
	// Runner.DataVersion) into the current one. Nil refuses older data as
	// unreadable: --abort forgets it, anything else says so.
	Migrate func(from int, data json.RawMessage) (json.RawMessage, error)

	// Continue, Abort and DryRun are the command's flags.
	Continue, Abort, DryRun bool
	// RequireContinue refuses to go on with saved progress unless
	// --continue or --abort says what to do with it (start, whose new run
	// would ask the checklist again); otherwise a plain run finishes it
	// (pr, close), with a note.
	RequireContinue bool
	// FreshHint says how to begin when there is nothing to continue or
	// abort, e.g. "run `hotfix pr` to open the pull request".
	FreshHint string

	// Subject names what the saved progress is about, for messages ("for
	// branch hotfix/1.4.3-x", "of 2026-11-22-x"); called after the saved
	// data is read.
	Subject func() string
	// Prepare decides a fresh run's Data without changing anything.
	Prepare func(ctx context.Context) error
	// Resume readies a saved run to continue (checks where it is run, makes
	// clients); nil when there is nothing to do. Not called by --abort.
	Resume func(ctx context.Context, s *State) error
	// Steps are the command's steps, built from Data.
	Steps func() []Step
	// PrintDryRun shows what a fresh run would do.
	PrintDryRun func() error
	// Finish reports a finished run.
	Finish func() error
	// Aborted reports a finished --abort.
	Aborted func(s *State) error
	// Explain turns a stopped step into the command's message; nil returns
	// the *StoppedError, which hotfixcmd explains generically.
	Explain func(err error) error

	// Out receives the dry-run and abort lines; ErrOut the notes.
	Out, ErrOut io.Writer
}

func (c *Command) name() string { return "`hotfix " + c.Runner.Command + "`" }

// Drive runs c: a fresh run, or the saved one continued or aborted.
func Drive(ctx context.Context, c *Command) error {
	saved, err := c.Runner.Load()
	var de *DamagedError
	switch {
	case errors.As(err, &de):
		return c.damaged(de.Err)
	case err != nil:
		return cmdutil.Wrap(err, cmdutil.ExitFailure, err.Error(), "")
	}
	if saved != nil {
		if err := c.read(saved); err != nil {
			return c.damaged(err)
		}
	}
	verb := map[bool]string{true: "abort", false: "continue"}[c.Abort]
	switch {
	case (c.Continue || c.Abort) && saved == nil:
		return cmdutil.Failf(c.FreshHint, "there is no interrupted %s to %s", c.name(), verb)
	case c.Abort:
		return c.abort(ctx, saved)
	case saved != nil && !c.Continue && c.RequireContinue:
		return &cmdutil.Error{Code: cmdutil.ExitStopped,
			Msg: fmt.Sprintf("an earlier %s %s stopped at step %q", c.name(), c.Subject(), saved.Failed),
			Fix: fmt.Sprintf("run %s to finish it, or %s to undo it", c.flag("--continue"), c.flag("--abort"))}
	case saved != nil:
		return c.resume(ctx, saved)
	}
	if err := c.Prepare(ctx); err != nil {
		return err
	}
	if c.DryRun {
		return c.PrintDryRun()
	}
	s, err := c.Runner.Begin(c.Data)
	if err != nil {
		return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot save progress under %s: %v", c.Runner.Dir, err), "check that the .git directory is writable")
	}
	return c.run(ctx, s)
}

func (c *Command) flag(f string) string { return "`hotfix " + c.Runner.Command + " " + f + "`" }

// read decodes the saved data into c.Data, migrating an older format.
func (c *Command) read(s *State) error {
	v, want := s.DataVersion, c.Runner.DataVersion
	if v < 1 {
		v = 1
	}
	if want < 1 {
		want = 1
	}
	if v < want {
		if c.Migrate == nil {
			return fmt.Errorf("it was saved by an older hotfix in a format (%d) this one cannot read", v)
		}
		raw, err := c.Migrate(v, s.Data)
		if err != nil {
			return fmt.Errorf("it was saved by an older hotfix and cannot be carried over: %v", err)
		}
		s.Data = raw
	}
	return json.Unmarshal(s.Data, c.Data)
}

// damaged handles a saved state that cannot be read, the same way for
// every command: --abort forgets it (undoing nothing, since what it did
// is unknown), anything else refuses and says so.
func (c *Command) damaged(cause error) error {
	path := c.Runner.path()
	if c.Abort && !c.DryRun {
		if err := c.Runner.Clear(); err != nil {
			return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot remove %s: %v", path, err), "remove it by hand")
		}
		fmt.Fprintf(c.Out, "Forgot the unreadable saved progress of %s (%s); nothing was undone: check its branch, tag and record by hand.\n", c.name(), path)
		return nil
	}
	return cmdutil.Failf(fmt.Sprintf("run %s to forget it (it undoes nothing then), then %s again", c.flag("--abort"), c.name()),
		"the saved progress of %s cannot be read: %v", c.name(), cause)
}

func (c *Command) abort(ctx context.Context, saved *State) error {
	if c.DryRun {
		fmt.Fprintf(c.Out, "Dry run: would undo the interrupted %s %s (done: %s). Nothing was changed.\n", c.name(), c.Subject(), strings.Join(saved.Done, ", "))
		return nil
	}
	if err := c.Runner.Abort(ctx, saved, c.Steps()); err != nil {
		return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("could not undo the interrupted %s: %v", c.name(), err), fmt.Sprintf("fix the cause and run %s again", c.flag("--abort")))
	}
	return c.Aborted(saved)
}

func (c *Command) resume(ctx context.Context, saved *State) error {
	if c.Resume != nil {
		if err := c.Resume(ctx, saved); err != nil {
			return err
		}
	}
	done := strings.Join(saved.Done, ", ")
	if c.DryRun {
		fmt.Fprintf(c.Out, "Dry run: would finish the interrupted %s %s (done: %s). Nothing was changed.\n", c.name(), c.Subject(), done)
		return nil
	}
	if !c.Continue {
		fmt.Fprintf(c.ErrOut, "Finishing the interrupted %s %s (done: %s).\n", c.name(), c.Subject(), done)
	}
	return c.run(ctx, saved)
}

func (c *Command) run(ctx context.Context, s *State) error {
	if err := c.Runner.Run(ctx, s, c.Steps()); err != nil {
		if c.Explain != nil {
			return c.Explain(err)
		}
		return err
	}
	return c.Finish()
}

// Package steps runs a multi-step command as a plan of idempotent steps and
// saves its progress after each one under .git/hotfix/, local to the clone.
// A command that stops part-way (an error, a crash, Ctrl-C) can then be
// finished with --continue or undone with --abort, and a rerun never repeats
// a step's effect. Steps are named by stable kind strings, never by Go type
// names, so saved state survives refactoring.
package steps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/hotfix-dev/hotfix/internal/crashpoint"
	"github.com/hotfix-dev/hotfix/internal/fsutil"
)

// StateVersion is the version of the saved state's format.
const StateVersion = 1

// Step is one idempotent action: running it again after it succeeded, or
// after a crash part-way through it, reaches the same end.
type Step struct {
	// Kind is the step's stable name, e.g. "create-branch".
	Kind string
	// Run performs the step.
	Run func(ctx context.Context) error
	// Undo reverts the step; nil when there is nothing to undo.
	Undo func(ctx context.Context) error
}

// State is what is saved between steps.
type State struct {
	Version   int       `json:"version"`
	Command   string    `json:"command"`
	StartedAt time.Time `json:"started_at"`
	Done      []string  `json:"done"`
	Failed    string    `json:"failed,omitempty"`
	// DataVersion is the version of Data's format (Runner.DataVersion when
	// saved); 0 in states saved before commands versioned their data.
	DataVersion int             `json:"data_version,omitempty"`
	Error       string          `json:"error,omitempty"`
	Data        json.RawMessage `json:"data"`
}

// StoppedError is returned when a step fails: the state is saved, and the
// command can be continued or aborted.
type StoppedError struct {
	Command string
	Step    string
	Err     error
}

// Error says which step failed and why.
func (e *StoppedError) Error() string {
	return fmt.Sprintf("%s stopped at step %q: %v", e.Command, e.Step, e.Err)
}

// Unwrap returns the step's error.
func (e *StoppedError) Unwrap() error { return e.Err }

// Runner saves and runs one command's plan.
type Runner struct {
	// Dir is where state files live, normally <git dir>/hotfix.
	Dir string
	// Command names the command, and the state file.
	Command string
	// Now stamps the state; time.Now when nil.
	Now func() time.Time
	// Snapshot, when set, returns the command's data to save with the
	// progress after each step, for commands that learn things as they go
	// (the number of the pull request they opened); nil keeps the data
	// given to Begin.
	Snapshot func() interface{}
	// DataVersion is the version of the command's data format, saved with
	// it; 0 when the command has only ever had one.
	DataVersion int
}

func (r Runner) path() string { return filepath.Join(r.Dir, r.Command+".json") }

// Load returns the saved state, or nil when none is saved.
func (r Runner) Load() (*State, error) {
	b, err := os.ReadFile(r.path())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var s State
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, &DamagedError{Path: r.path(), Err: err}
	}
	if s.Version > StateVersion || s.DataVersion > r.DataVersion && r.DataVersion > 0 {
		return nil, fmt.Errorf("saved state %s was written by a newer hotfix; finish it with that version", r.path())
	}
	return &s, nil
}

// DamagedError says that a saved state cannot be read.
type DamagedError struct {
	// Path is the state file.
	Path string
	// Err is why it cannot be read.
	Err error
}

// Error says which file is damaged and why.
func (e *DamagedError) Error() string {
	return fmt.Sprintf("saved state %s is damaged (%v)", e.Path, e.Err)
}

// Unwrap returns the cause.
func (e *DamagedError) Unwrap() error { return e.Err }

// Begin saves a fresh state holding data, before the first step runs.
func (r Runner) Begin(data interface{}) (*State, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	s := &State{Version: StateVersion, Command: r.Command, StartedAt: now().UTC(), Done: []string{}, Data: raw, DataVersion: r.DataVersion}
	if err := r.save(s); err != nil {
		return s, err
	}
	crashpoint.Hit(crashpoint.Name("steps.begun", r.Command))
	return s, nil
}

func (r Runner) save(s *State) error {
	s.DataVersion = r.DataVersion
	if r.Snapshot != nil {
		raw, err := json.Marshal(r.Snapshot())
		if err != nil {
			return err
		}
		s.Data = raw
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return fsutil.WriteFile(r.path(), b, 0o644)
}

// Clear removes the saved state.
func (r Runner) Clear() error {
	err := os.Remove(r.path())
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// done is the set of s's done step kinds.
func (s *State) done() map[string]bool {
	m := make(map[string]bool, len(s.Done))
	for _, k := range s.Done {
		m[k] = true
	}
	return m
}

// Run runs the steps not yet done in s, saving after each. On success the
// state is removed. Each step boundary is a crash point (step.before,
// step.ran before its progress is saved, step.saved after), named with the
// step's kind. On a failure, or when ctx is cancelled between steps,
// the state is kept and a *StoppedError is returned.
func (r Runner) Run(ctx context.Context, s *State, plan []Step) error {
	done := s.done()
	for _, st := range plan {
		if done[st.Kind] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return r.stop(s, st.Kind, err)
		}
		crashpoint.Hit(crashpoint.Name("step.before", st.Kind))
		if err := st.Run(ctx); err != nil {
			return r.stop(s, st.Kind, err)
		}
		crashpoint.Hit(crashpoint.Name("step.ran", st.Kind))
		s.Done = append(s.Done, st.Kind)
		s.Failed, s.Error = "", ""
		if err := r.save(s); err != nil {
			return err
		}
		crashpoint.Hit(crashpoint.Name("step.saved", st.Kind))
	}
	return r.Clear()
}

func (r Runner) stop(s *State, kind string, err error) error {
	s.Failed, s.Error = kind, err.Error()
	if serr := r.save(s); serr != nil {
		return fmt.Errorf("%v (and saving progress failed: %v)", err, serr)
	}
	return &StoppedError{Command: r.Command, Step: kind, Err: err}
}

// Abort undoes the done steps in reverse order and removes the state. A step
// whose undo fails stops the abort, keeping the state so it can be retried.
//
// The first step not done is undone too: it failed (s.Failed), or it was
// running when the process was killed, and may have done all or part of
// its work before its progress was saved. Every Undo therefore has to
// accept that its step did nothing.
func (r Runner) Abort(ctx context.Context, s *State, plan []Step) error {
	byKind := map[string]Step{}
	for _, st := range plan {
		byKind[st.Kind] = st
	}
	done := s.done()
	kinds := append([]string(nil), s.Done...)
	for _, st := range plan {
		if !done[st.Kind] {
			kinds = append(kinds, st.Kind)
			break
		}
	}
	for i := len(kinds) - 1; i >= 0; i-- {
		st, ok := byKind[kinds[i]]
		if !ok || st.Undo == nil {
			continue
		}
		if err := st.Undo(ctx); err != nil {
			return fmt.Errorf("undo %q: %w", kinds[i], err)
		}
		if i < len(s.Done) {
			s.Done = s.Done[:i]
		}
		s.Failed = ""
		if err := r.save(s); err != nil {
			return err
		}
	}
	return r.Clear()
}

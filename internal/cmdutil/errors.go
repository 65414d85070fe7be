// Package cmdutil holds what every command shares: the factory of
// dependencies, and the error types that decide the exit code. The codes are
// the contract in docs/exit-codes.md:
//
//	0 success · 1 failure · 2 usage error · 3 stopped part-way, state saved ·
//	4 authentication or permission error · 130 interrupted
package cmdutil

import (
	"context"
	"errors"
	"fmt"

	"github.com/hotfix-dev/hotfix/internal/git"
)

// Exit codes, as documented in docs/exit-codes.md.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitStopped     = 3
	ExitAuth        = 4
	ExitInterrupted = 130
)

// Error is an error written for the person at the terminal: what went wrong
// and how to fix it, with the exit code it ends the program with. The cause
// is kept for --verbose.
type Error struct {
	Code int
	// Msg says what went wrong, in one line.
	Msg string
	// Fix says what to do about it; may be empty.
	Fix string
	// Err is the underlying cause, printed only with --verbose.
	Err error
}

// Error returns the message and the fix.
func (e *Error) Error() string {
	if e.Fix == "" {
		return e.Msg
	}
	return e.Msg + "\n" + e.Fix
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// StopCode is the exit code of a command that stopped part-way because of
// cause, its progress saved: ExitAuth when cause is a refused token or a
// missing permission (an *Error with that code), so that a CI job can tell
// "fix the token" from "try again"; ExitStopped otherwise.
func StopCode(cause error) int {
	var ce *Error
	if errors.As(cause, &ce) && ce.Code == ExitAuth {
		return ExitAuth
	}
	return ExitStopped
}

// Failf returns a failure (exit 1) with a fix line.
func Failf(fix, format string, args ...interface{}) *Error {
	return &Error{Code: ExitFailure, Msg: fmt.Sprintf(format, args...), Fix: fix}
}

// Usagef returns a usage error (exit 2) with a fix line.
func Usagef(fix, format string, args ...interface{}) *Error {
	return &Error{Code: ExitUsage, Msg: fmt.Sprintf(format, args...), Fix: fix}
}

// Wrap returns a failure whose message is msg, whose fix is fix, and whose
// cause is err.
func Wrap(err error, code int, msg, fix string) *Error {
	return &Error{Code: code, Msg: msg, Fix: fix, Err: err}
}

// ErrSilent ends the program with exit code 1 without printing anything: the
// command has already printed its verdict.
var ErrSilent = errors.New("silent failure")

// ErrInterrupted ends the program with exit code 130.
var ErrInterrupted = &Error{Code: ExitInterrupted, Msg: "interrupted; nothing was changed"}

// FlagError is a problem with the command line itself; the usage is shown.
type FlagError struct{ Err error }

// Error returns the message.
func (e *FlagError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *FlagError) Unwrap() error { return e.Err }

// MissingAnswer is the usage error for a required answer that cannot be asked
// for: it names the flag that supplies it.
func MissingAnswer(flag, reason string) *Error {
	return Usagef(fmt.Sprintf("pass %s, or run in a terminal to be asked", flag),
		"%s is required when prompts are off (%s)", flag, reason)
}

// CheckWrites refuses, before a command changes anything, the commits,
// tags and pushes it is about to make when the repository asks for
// signatures or hooks that hotfix cannot honour (git.Repo.CheckWrites):
// exit 1, what and why, and the fix.
func CheckWrites(ctx context.Context, repo *git.Repo, w git.Writes) error {
	err := repo.CheckWrites(ctx, w)
	var wr *git.WriteRefusal
	if errors.As(err, &wr) {
		return Failf(wr.Fix, "%s; nothing was changed", wr.Problem)
	}
	return err
}

// Package iostreams carries a command's standard streams and knows whether
// the command may prompt: only when stdin and stdout are terminals, prompting
// was not turned off with --no-input, and neither CI nor HOTFIX_NO_INPUT=1 is
// in the environment. It also decides the output conventions: colour only on
// a terminal and never with NO_COLOR, and a progress indicator on stderr only
// when stderr is a terminal outside CI.
package iostreams

import (
	"bytes"
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// IOStreams are the streams a command reads and writes.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY  bool
	stdoutTTY bool
	stderrTTY bool
	noInput   bool

	progressDelay time.Duration
	getenv        func(string) string
}

// System returns the process's streams, with terminal detection.
func System() *IOStreams {
	return &IOStreams{
		In:        os.Stdin,
		Out:       os.Stdout,
		ErrOut:    os.Stderr,
		stdinTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		stdoutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		stderrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		getenv:    os.Getenv,
	}
}

// Test returns streams backed by buffers, which never prompt, and the buffers
// for stdin, stdout and stderr.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, getenv: func(string) string { return "" }}, in, out, errOut
}

// SetTTY marks stdin and stdout as terminals or not (for tests).
func (s *IOStreams) SetTTY(stdin, stdout bool) { s.stdinTTY, s.stdoutTTY = stdin, stdout }

// SetStderrTTY marks stderr as a terminal or not (for tests).
func (s *IOStreams) SetStderrTTY(v bool) { s.stderrTTY = v }

// SetGetenv replaces the environment lookup (for tests).
func (s *IOStreams) SetGetenv(f func(string) string) { s.getenv = f }

// SetNoInput turns prompting off, as --no-input does.
func (s *IOStreams) SetNoInput(v bool) { s.noInput = v }

// IsStdoutTTY reports whether stdout is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// CanPrompt reports whether the command may ask questions.
func (s *IOStreams) CanPrompt() bool {
	if s.noInput || !s.stdinTTY || !s.stdoutTTY {
		return false
	}
	if s.env("CI") != "" || s.env("HOTFIX_NO_INPUT") == "1" {
		return false
	}
	return true
}

// NoInputReason says why prompting is off, for error messages; "" when it is on.
func (s *IOStreams) NoInputReason() string {
	switch {
	case s.noInput:
		return "--no-input was given"
	case s.env("HOTFIX_NO_INPUT") == "1":
		return "HOTFIX_NO_INPUT=1 is set"
	case s.env("CI") != "":
		return "CI is set"
	case !s.stdinTTY || !s.stdoutTTY:
		return "not running in a terminal"
	}
	return ""
}

// ColorEnabled reports whether stdout may use colour: on a terminal, and
// never with NO_COLOR set.
func (s *IOStreams) ColorEnabled() bool {
	return s.stdoutTTY && !s.noColor()
}

// ColorScheme paints text written to stdout.
func (s *IOStreams) ColorScheme() *ColorScheme { return &ColorScheme{Enabled: s.ColorEnabled()} }

// ErrColorScheme paints text written to stderr: on a terminal, never with
// NO_COLOR.
func (s *IOStreams) ErrColorScheme() *ColorScheme {
	return &ColorScheme{Enabled: s.stderrTTY && !s.noColor()}
}

// noColor reports NO_COLOR set to a non-empty value (no-color.org).
func (s *IOStreams) noColor() bool { return s.env("NO_COLOR") != "" }

func (s *IOStreams) env(k string) string {
	if s.getenv == nil {
		return os.Getenv(k)
	}
	return s.getenv(k)
}

// CanRemind reports whether a reminder meant for the person at the
// terminal (an update falling due) may be printed on stderr: only when
// stderr is a terminal, CI is not set and HOTFIX_NO_REMINDER is not 1, so
// that piped, redirected, cron and CI output (the logs of every pipeline
// that runs hotfix) never carries one.
func (s *IOStreams) CanRemind() bool {
	return s.stderrTTY && s.env("CI") == "" && s.env("HOTFIX_NO_REMINDER") != "1"
}

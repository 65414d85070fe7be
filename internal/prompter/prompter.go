// Package prompter asks the user questions in a terminal. Commands see only the
// Prompter interface; the survey library lives behind it in this package alone,
// so replacing survey means touching this package and nothing else.
//
// Known survey limitation: before each text prompt survey asks the terminal
// for the cursor position and reads the reply from stdin, so keys typed or
// pasted ahead of a prompt can be lost. Answer prompts one at a time.
package prompter

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/core"
	"github.com/AlecAivazis/survey/v2/terminal"
)

// ErrInterrupted is returned by every prompt when the user presses Ctrl-C.
var ErrInterrupted = errors.New("interrupted at a prompt")

// Prompter asks questions. Every method returns ErrInterrupted on Ctrl-C.
type Prompter interface {
	// Input asks for free text; an empty answer returns def.
	Input(message, help, def string) (string, error)
	// Select asks for one of options and returns its index; def is the
	// option selected at first.
	Select(message, help string, options []string, def int) (int, error)
	// Confirm asks a yes/no question.
	Confirm(message string, def bool) (bool, error)
}

// Stdio are the terminal streams a survey prompter talks to.
type Stdio struct {
	In  *os.File
	Out *os.File
	Err io.Writer
}

// New returns the survey-backed Prompter on the given terminal. With color
// false (NO_COLOR, tests) it draws plain text.
func New(stdio Stdio, color bool) Prompter {
	if !color {
		core.DisableColor = true
	}
	return &surveyPrompter{stdio: terminal.Stdio{In: stdio.In, Out: stdio.Out, Err: stdio.Err}}
}

type surveyPrompter struct {
	stdio terminal.Stdio
}

func (p *surveyPrompter) ask(q survey.Prompt, answer interface{}) error {
	err := survey.AskOne(q, answer, survey.WithStdio(p.stdio.In, p.stdio.Out, p.stdio.Err), survey.WithShowCursor(true))
	if errors.Is(err, terminal.InterruptErr) {
		return ErrInterrupted
	}
	return err
}

func (p *surveyPrompter) Input(message, help, def string) (string, error) {
	var s string
	err := p.ask(&survey.Input{Message: message, Help: help, Default: def}, &s)
	return s, err
}

func (p *surveyPrompter) Select(message, help string, options []string, def int) (int, error) {
	var i int
	q := &survey.Select{Message: message, Help: help, Options: options, PageSize: 10, Filter: exactFirst(options)}
	if def >= 0 && def < len(options) {
		q.Default = options[def]
	}
	err := p.ask(q, &i)
	return i, err
}

// exactFirst filters options by what is typed, ignoring case; when the typed
// text is an option in full ("no"), only that option is left, so Enter
// chooses it rather than a longer option containing it ("not known yet"),
// which survey would keep selected.
func exactFirst(options []string) func(filter, value string, index int) bool {
	return func(filter, value string, _ int) bool {
		for _, o := range options {
			if strings.EqualFold(o, filter) {
				return strings.EqualFold(value, filter)
			}
		}
		return strings.Contains(strings.ToLower(value), strings.ToLower(filter))
	}
}

func (p *surveyPrompter) Confirm(message string, def bool) (bool, error) {
	var b bool
	err := p.ask(&survey.Confirm{Message: message, Default: def}, &b)
	return b, err
}

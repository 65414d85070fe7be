package prompter

import (
	"fmt"
	"strings"
	"sync"
)

// Scripted is a Prompter for unit tests. It answers each prompt from a queue
// of expected questions, and fails when a prompt arrives that the test did not
// expect, so a test proves exactly which questions were asked.
type Scripted struct {
	mu      sync.Mutex
	answers []Answer
	asked   []string
}

// Answer is one scripted reply: Match must be a substring of the prompt's
// message, and Value the typed text, the option text for Select, or "y"/"n"
// for Confirm. Interrupt simulates Ctrl-C at that prompt.
type Answer struct {
	Match     string
	Value     string
	Interrupt bool
}

// NewScripted returns a Scripted prompter with the given answers in order.
func NewScripted(answers ...Answer) *Scripted { return &Scripted{answers: answers} }

// Asked returns the messages of every prompt shown, in order.
func (s *Scripted) Asked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.asked...)
}

// Remaining returns the answers not consumed yet.
func (s *Scripted) Remaining() []Answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Answer(nil), s.answers...)
}

func (s *Scripted) next(message string) (Answer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.asked = append(s.asked, message)
	if len(s.answers) == 0 {
		return Answer{}, fmt.Errorf("unexpected prompt %q", message)
	}
	a := s.answers[0]
	if !strings.Contains(message, a.Match) {
		return Answer{}, fmt.Errorf("prompt %q does not match expected %q", message, a.Match)
	}
	s.answers = s.answers[1:]
	if a.Interrupt {
		return a, ErrInterrupted
	}
	return a, nil
}

// Input returns the scripted text, or def when it is empty.
func (s *Scripted) Input(message, help, def string) (string, error) {
	a, err := s.next(message)
	if err != nil {
		return "", err
	}
	if a.Value == "" {
		return def, nil
	}
	return a.Value, nil
}

// Select returns the index of the option equal to the scripted value
// (case-insensitive prefix match), or def when the value is empty.
func (s *Scripted) Select(message, help string, options []string, def int) (int, error) {
	a, err := s.next(message)
	if err != nil {
		return 0, err
	}
	if a.Value == "" {
		return def, nil
	}
	for i, o := range options {
		if strings.HasPrefix(strings.ToLower(o), strings.ToLower(a.Value)) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("prompt %q has no option %q among %q", message, a.Value, options)
}

// Confirm returns true for a scripted "y" or "yes", def for an empty value.
func (s *Scripted) Confirm(message string, def bool) (bool, error) {
	a, err := s.next(message)
	if err != nil {
		return false, err
	}
	if a.Value == "" {
		return def, nil
	}
	v := strings.ToLower(a.Value)
	return v == "y" || v == "yes", nil
}

package iostreams

import (
	"strings"
	"testing"
	"time"
)

func env(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

// Colour only on a terminal, never with NO_COLOR; stdout and stderr are
// judged separately.
func TestColor(t *testing.T) {
	for _, tc := range []struct {
		name          string
		stdout, errTT bool
		env           map[string]string
		out, err      bool
	}{
		{"both terminals", true, true, nil, true, true},
		{"stdout piped", false, true, nil, false, true},
		{"stderr redirected", true, false, nil, true, false},
		{"NO_COLOR", true, true, map[string]string{"NO_COLOR": "1"}, false, false},
		{"NO_COLOR empty is unset", true, true, map[string]string{"NO_COLOR": ""}, true, true},
	} {
		s, _, _, _ := Test()
		s.SetTTY(false, tc.stdout)
		s.SetStderrTTY(tc.errTT)
		s.SetGetenv(env(tc.env))
		if got := s.ColorScheme().Enabled; got != tc.out {
			t.Errorf("%s: stdout colour %v", tc.name, got)
		}
		if got := s.ErrColorScheme().Enabled; got != tc.err {
			t.Errorf("%s: stderr colour %v", tc.name, got)
		}
	}
	on := &ColorScheme{Enabled: true}
	if got := on.Red("FAILED"); got != "\x1b[31mFAILED\x1b[0m" {
		t.Errorf("Red = %q", got)
	}
	if got := on.Green(""); got != "" {
		t.Errorf("empty text stays empty: %q", got)
	}
	var off *ColorScheme
	if got := off.Yellow("x") + (&ColorScheme{}).Bold("y"); got != "xy" {
		t.Errorf("disabled schemes leave text alone: %q", got)
	}
}

// The indicator appears on a terminal after the delay, is erased when the
// work ends, and never appears for quick work, on a pipe or in CI.
func TestProgress(t *testing.T) {
	s, _, _, errOut := Test()
	s.SetStderrTTY(true)
	s.SetProgressDelay(20 * time.Millisecond)
	stop := s.StartProgress("pushing hotfix/login")
	time.Sleep(300 * time.Millisecond)
	stop()
	stop() // a second stop is harmless
	got := errOut.String()
	if !strings.Contains(got, "| pushing hotfix/login...") || !strings.Contains(got, "/ pushing hotfix/login...") {
		t.Fatalf("no spinner: %q", got)
	}
	if !strings.HasSuffix(got, "\r\x1b[K") {
		t.Fatalf("the line was not erased: %q", got)
	}

	s, _, _, errOut = Test()
	s.SetStderrTTY(true)
	s.StartProgress("quick")() // the default delay is a second
	if errOut.Len() != 0 {
		t.Fatalf("quick work drew %q", errOut.String())
	}

	for name, setup := range map[string]func(*IOStreams){
		"pipe": func(s *IOStreams) {},
		"CI":   func(s *IOStreams) { s.SetStderrTTY(true); s.SetGetenv(env(map[string]string{"CI": "true"})) },
	} {
		s, _, _, errOut := Test()
		setup(s)
		s.SetProgressDelay(time.Millisecond)
		if s.ProgressEnabled() {
			t.Errorf("%s: progress enabled", name)
		}
		stop := s.StartProgress("slow")
		time.Sleep(50 * time.Millisecond)
		stop()
		if errOut.Len() != 0 {
			t.Errorf("%s: drew %q", name, errOut.String())
		}
	}
}

// CanPrompt and NoInputReason agree on every reason prompting is off.
func TestCanPrompt(t *testing.T) {
	s, _, _, _ := Test()
	if s.CanPrompt() || s.NoInputReason() != "not running in a terminal" {
		t.Fatalf("buffers: %v %q", s.CanPrompt(), s.NoInputReason())
	}
	s.SetTTY(true, true)
	if !s.CanPrompt() || s.NoInputReason() != "" {
		t.Fatalf("terminal: %v %q", s.CanPrompt(), s.NoInputReason())
	}
	s.SetGetenv(env(map[string]string{"HOTFIX_NO_INPUT": "1"}))
	if s.CanPrompt() || s.NoInputReason() != "HOTFIX_NO_INPUT=1 is set" {
		t.Fatalf("HOTFIX_NO_INPUT: %q", s.NoInputReason())
	}
	s.SetGetenv(env(map[string]string{"CI": "true"}))
	if s.CanPrompt() || s.NoInputReason() != "CI is set" {
		t.Fatalf("CI: %q", s.NoInputReason())
	}
	s.SetNoInput(true)
	if s.CanPrompt() || s.NoInputReason() != "--no-input was given" {
		t.Fatalf("--no-input: %q", s.NoInputReason())
	}
}

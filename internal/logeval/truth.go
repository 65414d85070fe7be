package logeval

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Families are the families a truth error may name.
var Families = []string{"python", "java", "go", "javascript", "rust", "c-asan", "c-ubsan", "gdb", "lldb", "dotnet",
	"ruby", "php", "nginx", "postgresql", "syslog", "plain"}

// The splits of the corpus: tune logs may be studied while the engine is
// developed; test logs are held out, and only their scores are read.
const (
	SplitTune = "tune"
	SplitTest = "test"
)

// FilterSplit returns the truths of one split, or all of them when split
// is "".
func FilterSplit(truths []Truth, split string) []Truth {
	if split == "" {
		return truths
	}
	var out []Truth
	for _, t := range truths {
		if t.Split == split {
			out = append(out, t)
		}
	}
	return out
}

// Truth is the truth file of one log.
type Truth struct {
	// Log is the log's file name in the corpus's logs directory.
	Log string `yaml:"log"`
	// Split is "tune" (its details may be read while developing the
	// engine) or "test" (held out: only its score is read).
	Split string `yaml:"split"`
	// Note says anything worth knowing about the log (how it was made).
	Note string `yaml:"note,omitempty"`
	// Errors are the log's distinct errors.
	Errors []TruthError `yaml:"errors"`
}

// TruthError is one distinct error, as an on-call engineer would group it.
type TruthError struct {
	// ID is a short name, unique in the file.
	ID string `yaml:"id"`
	// Count is the number of occurrences.
	Count int64 `yaml:"count"`
	// Message is a substring of the readable message expected.
	Message string `yaml:"message"`
	// Family is one of Families.
	Family string `yaml:"family"`
	// Frames are the top frames expected, at most 3.
	Frames []Frame `yaml:"frames,omitempty"`
}

// Frame is an expected stack frame: a file's base name and a line, and/or
// a function.
type Frame struct {
	// File is the file's base name ("app.py").
	File string `yaml:"file,omitempty"`
	// Line is the line number, 0 when not checked.
	Line int `yaml:"line,omitempty"`
	// Function is the function or method, unqualified or qualified
	// ("average", "main.setSession", "OrderService.loadOrder").
	Function string `yaml:"function,omitempty"`
}

// String is the frame as file:line function.
func (f Frame) String() string {
	s := f.File
	if f.Line > 0 {
		s += fmt.Sprintf(":%d", f.Line)
	}
	if f.Function != "" {
		if s != "" {
			s += " "
		}
		s += f.Function
	}
	return s
}

// LoadTruth reads and checks every truth file of the corpus (DIR/truth/*.yaml)
// and checks that the log each names is in DIR/logs. Truths are sorted by log.
func LoadTruth(corpus string) ([]Truth, error) {
	files, err := filepath.Glob(filepath.Join(corpus, "truth", "*.yaml"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no truth files", filepath.Join(corpus, "truth"))
	}
	var out []Truth
	for _, f := range files {
		t, err := parseTruth(f)
		if err != nil {
			return nil, err
		}
		if want := t.Log + ".yaml"; filepath.Base(f) != want {
			return nil, fmt.Errorf("%s: names log %q: the file should be %s", f, t.Log, want)
		}
		if _, err := os.Stat(filepath.Join(corpus, "logs", t.Log)); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Log < out[j].Log })
	return out, nil
}

// parseTruth reads one truth file; unknown keys are errors.
func parseTruth(path string) (Truth, error) {
	var t Truth
	b, err := os.ReadFile(path)
	if err != nil {
		return t, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&t); err != nil {
		return t, fmt.Errorf("%s: %w", path, err)
	}
	if err := t.check(); err != nil {
		return t, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// check validates a truth file's content.
func (t Truth) check() error {
	if t.Log == "" || strings.ContainsAny(t.Log, `/\`) {
		return fmt.Errorf("log %q: want a file name", t.Log)
	}
	if t.Split != SplitTune && t.Split != SplitTest {
		return fmt.Errorf("split %q: want %s or %s", t.Split, SplitTune, SplitTest)
	}
	if len(t.Errors) == 0 {
		return fmt.Errorf("no errors")
	}
	ids := map[string]bool{}
	for _, e := range t.Errors {
		switch {
		case e.ID == "":
			return fmt.Errorf("an error has no id")
		case ids[e.ID]:
			return fmt.Errorf("error %s: id used twice", e.ID)
		case e.Count < 1:
			return fmt.Errorf("error %s: count %d", e.ID, e.Count)
		case strings.TrimSpace(e.Message) == "":
			return fmt.Errorf("error %s: no message", e.ID)
		case !knownFamily(e.Family):
			return fmt.Errorf("error %s: family %q is not one of %s", e.ID, e.Family, strings.Join(Families, ", "))
		case len(e.Frames) > 3:
			return fmt.Errorf("error %s: %d frames, at most 3", e.ID, len(e.Frames))
		}
		for _, f := range e.Frames {
			if f.File == "" && f.Function == "" {
				return fmt.Errorf("error %s: a frame needs a file or a function", e.ID)
			}
		}
		ids[e.ID] = true
	}
	return nil
}

func knownFamily(f string) bool {
	for _, k := range Families {
		if k == f {
			return true
		}
	}
	return false
}

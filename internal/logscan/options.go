package logscan

import (
	"fmt"
	"io"
	"runtime"
)

// DefaultMaxGroups is the number of distinct errors kept when
// Options.MaxGroups is zero.
const DefaultMaxGroups = 10000

// MaxContext is the largest number of context lines honoured; a larger
// Options.Context is capped to it.
const MaxContext = 100

// MaxLineBytes is the longest line handled as one line. A longer line is
// matched and shown as pieces of MaxLineBytes bytes, each with the line's
// number (a word split across two pieces is not found), and counted in
// InputStats.LongLines.
const MaxLineBytes = 1 << 20

// MaxStoredLine is the length at which stored lines (messages, context and
// trace lines) are cut, at a character boundary; Line.Cut marks them.
const MaxStoredLine = 1024

// Bounds on what one group keeps.
const (
	maxHeadLines   = 60      // first lines of an event kept
	maxTailLines   = 40      // last lines of an event kept (Python's exception comes last)
	maxEventFrame  = 64      // frames parsed per event, for locations
	maxLocations   = 10000   // distinct locations kept
	maxDropSet     = 1 << 17 // distinct dropped signatures counted exactly
	storeBudget    = 8 << 20 // bytes for the groups' stored lines and strings
	overBudgetLine = 256     // the error line kept by a group past the budget
)

// DefaultPatterns returns the patterns used when Options.Patterns is empty:
// error, exception, fatal, panic, traceback, and a crash's "segmentation
// fault", gdb's "program received signal" (and, for a thread, `Thread 2
// "worker" received signal`) and lldb's "stop reason = signal SIGSEGV".
func DefaultPatterns() []string {
	return []string{"error", "exception", "fatal", "panic", "traceback", "segmentation fault", "program received signal", `" received signal sig`, "stop reason = signal sig", "sigquit: quit", "php warning:"}
}

// Options configures Scan and Raw. The zero value uses the defaults.
type Options struct {
	// Patterns are Go regular expressions matched case-insensitively against
	// each line; a line that matches one is an error line. Empty means
	// DefaultPatterns. Plain ASCII words and alternations of them
	// ("error|warn") use a fast literal search; any other pattern makes every
	// pattern go through one combined regular expression, which is slower.
	Patterns []string
	// Context is the number of lines kept before and after the first
	// occurrence of each error (grep's -C). Capped at MaxContext.
	Context int
	// MaxGroups bounds the distinct errors kept (DefaultMaxGroups when 0).
	// Further new signatures are counted in Result.Dropped.
	MaxGroups int
}

// Input is one log to read: Name is how it is shown ("app.log", "-" for
// stdin) and R its content, plain or gzip-compressed (detected by its
// first bytes). Inputs are read in order, each once, as a stream.
type Input struct {
	// Name is how the input is shown in occurrences and stats.
	Name string
	// R is the log's content, read once to its end.
	R io.Reader
}

// PatternError is returned when a pattern is not a valid regular expression.
type PatternError struct {
	// Pattern is the pattern as given.
	Pattern string
	// Err is regexp's error.
	Err error
}

// Error implements error.
func (e *PatternError) Error() string {
	return fmt.Sprintf("invalid pattern %q: %v", e.Pattern, e.Err)
}

// Unwrap returns the regexp package's error.
func (e *PatternError) Unwrap() error { return e.Err }

// config is Options made ready, plus knobs the tests turn.
type config struct {
	m         matcher
	context   int
	maxGroups int
	maxLine   int
	workers   int
	budget    int
}

func newConfig(opts Options) (*config, error) {
	pats := opts.Patterns
	if len(pats) == 0 {
		pats = DefaultPatterns()
	}
	m, err := newMatcher(pats)
	if err != nil {
		return nil, err
	}
	c := &config{
		m:         m,
		context:   min(max(opts.Context, 0), MaxContext),
		maxGroups: opts.MaxGroups,
		maxLine:   MaxLineBytes,
		workers:   min(runtime.GOMAXPROCS(0), 4),
		budget:    storeBudget,
	}
	if c.maxGroups <= 0 {
		c.maxGroups = DefaultMaxGroups
	}
	return c, nil
}

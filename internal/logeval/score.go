package logeval

import (
	"encoding/json"
	"path"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/logscan"
)

// ErrorScore is how one truth error came out.
type ErrorScore struct {
	// Truth is the error.
	Truth TruthError
	// Groups are the groups that stand for it.
	Groups []*logscan.Group
	// Main is its largest group, or nil when it was missed.
	Main *logscan.Group
	// Exact says one group stands for it, for it alone, with its count.
	Exact bool
	// Merged says a group that stands for it stands for another error too.
	Merged bool
	// Readable says Main's message holds the truth's substring and is not
	// a raw JSON object.
	Readable bool
	// FramesFound is the number of Truth.Frames found in Main's frames.
	FramesFound int
}

// Split says several groups stand for the error.
func (e ErrorScore) Split() bool { return len(e.Groups) > 1 }

// Missed says no group stands for the error.
func (e ErrorScore) Missed() bool { return len(e.Groups) == 0 }

// LogScore is how one log came out.
type LogScore struct {
	// Log is the log's name.
	Log string
	// Errors are its truth errors, in the truth file's order.
	Errors []ErrorScore
	// Groups is the number of groups Scan returned.
	Groups int
	// Merges are the groups that stand for several errors.
	Merges []*logscan.Group
	// Spurious are the groups that stand for no error.
	Spurious []*logscan.Group
}

// Totals are the counts of a set of logs.
type Totals struct {
	// Logs is the number of logs.
	Logs int
	// Errors is the number of distinct truth errors.
	Errors int
	// Exact is the number found exactly: one group, alone, exact count.
	Exact int
	// Split is the number of errors spread over several groups.
	Split int
	// Merged is the number of groups standing for several errors.
	Merged int
	// Spurious is the number of groups standing for no error.
	Spurious int
	// Missed is the number of errors no group stands for.
	Missed int
	// FramesExpected and FramesFound count the expected top frames.
	FramesExpected, FramesFound int
	// Readable is the number of errors whose message is readable.
	Readable int
}

// Add adds the counts of one log.
func (t *Totals) Add(l LogScore) {
	t.Logs++
	t.Merged += len(l.Merges)
	t.Spurious += len(l.Spurious)
	for _, e := range l.Errors {
		t.Errors++
		if e.Exact {
			t.Exact++
		}
		if e.Split() {
			t.Split++
		}
		if e.Missed() {
			t.Missed++
		}
		if e.Readable {
			t.Readable++
		}
		t.FramesExpected += len(e.Truth.Frames)
		t.FramesFound += e.FramesFound
	}
}

// Score matches the groups of one log's scan to its truth.
func Score(t Truth, res *logscan.Result) LogScore {
	ls := LogScore{Log: t.Log, Groups: len(res.Groups)}
	ls.Errors = make([]ErrorScore, len(t.Errors))
	for i, te := range t.Errors {
		ls.Errors[i].Truth = te
	}
	stands := make([][]int, len(res.Groups)) // group -> truth errors
	for gi, g := range res.Groups {
		text := groupText(g)
		for ti, te := range t.Errors {
			if strings.Contains(text, te.Message) {
				stands[gi] = append(stands[gi], ti)
				ls.Errors[ti].Groups = append(ls.Errors[ti].Groups, g)
			}
		}
		switch len(stands[gi]) {
		case 0:
			ls.Spurious = append(ls.Spurious, g)
		case 1:
		default:
			ls.Merges = append(ls.Merges, g)
			for _, ti := range stands[gi] {
				ls.Errors[ti].Merged = true
			}
		}
	}
	for i := range ls.Errors {
		e := &ls.Errors[i]
		for _, g := range e.Groups {
			if e.Main == nil || g.Count > e.Main.Count {
				e.Main = g
			}
		}
		if e.Main == nil {
			continue
		}
		e.Exact = len(e.Groups) == 1 && !e.Merged && e.Main.Count == e.Truth.Count
		e.Readable = strings.Contains(e.Main.Message, e.Truth.Message) && !rawJSON(e.Main.Message)
		for _, f := range e.Truth.Frames {
			if hasFrame(e.Main.Frames, f) {
				e.FramesFound++
			}
		}
	}
	return ls
}

// groupText is what a group is matched on: its message and the lines of
// its error and trace (not the context around them).
func groupText(g *logscan.Group) string {
	var b strings.Builder
	b.WriteString(g.Message)
	for _, l := range g.Lines {
		if l.Role == logscan.RoleError || l.Role == logscan.RoleTrace {
			b.WriteByte('\n')
			b.WriteString(l.Text)
		}
	}
	return b.String()
}

// rawJSON says a message is a JSON object as the log wrote it (possibly
// cut), not a message taken out of it.
func rawJSON(msg string) bool {
	s := strings.TrimSpace(msg)
	return strings.HasPrefix(s, `{"`) || (strings.HasPrefix(s, "{") && json.Valid([]byte(s)))
}

// hasFrame says one of the locations is the expected frame.
func hasFrame(locs []logscan.Location, f Frame) bool {
	for _, l := range locs {
		if f.File != "" && path.Base(strings.ReplaceAll(l.File, `\`, "/")) != f.File {
			continue
		}
		if f.Line != 0 && l.Line != f.Line {
			continue
		}
		if f.Function != "" && !symbolIs(l.Symbol, f.Function) {
			continue
		}
		return true
	}
	return false
}

// symbolIs says a frame's symbol is the function: equal, or qualified by a
// package, class or module ("main.setSession", "inventory::parse_qty",
// "Invoice#total", "example.com/m/main.run").
func symbolIs(sym, fn string) bool {
	if sym == fn {
		return true
	}
	for _, sep := range []string{".", "/", "::", "#", " "} {
		if strings.HasSuffix(sym, sep+fn) {
			return true
		}
	}
	return false
}

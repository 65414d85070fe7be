package logscan

import (
	"bytes"
	"strings"
)

// A family is one format of stack trace: Python's tracebacks, Java's and
// JavaScript's "at" frames, Go's goroutine dumps. Each is one type in one
// file, listed once in traceFamilies. An event (event.go) asks the
// families, in the list's order, whether its error line or a line after
// it starts a trace; the first that does owns the trace, and decides alone
// which lines continue it and which of its frames make the signature.
//
// The methods see one line at a time, after the log's collector prefix (a
// syslog or journald header shared with the error's first line) has been
// removed. A family is stateless: what it learns of a trace goes into the
// event (event.phase, count, sym, top, frames, exc), which is reset for the
// next event.
type family interface {
	// name is the family's name: Group.Kind, and the first part of the
	// signatures of its traces.
	name() string
	// opens is given the error line when an event opens (line, and body:
	// the line after its collector prefix), and reports whether the line
	// itself starts a trace of the family (Python's "Traceback (most
	// recent call last):"). A family may instead set event.lead when the
	// line announces a trace that starts later (Go's "panic: ").
	opens(e *event, line, body []byte) bool
	// starts decides a line after the error line while the event has no
	// trace yet (blank lines are not given): accept, after e.begin(f) when
	// the line starts the family's trace, or reject.
	starts(e *event, v []byte) decision
	// continues decides a line of the family's trace: accept, hold (a
	// blank line that may be followed by more of the trace) or reject
	// (the event ends before it).
	continues(e *event, v []byte, blank bool) decision
	// frame parses a frame from a line of the family's trace: file, line
	// and symbol.
	frame(e *event, v []byte) (Location, bool)
	// signature appends the trace's part of the event's signature, after
	// the family's name and the masked error line: usually
	// e.appendFrames(e.appendType(dst)).
	signature(e *event, dst []byte) []byte
}

// An announcer is a family whose error line can announce its trace before
// the trace starts (Go's "panic: x", then "[signal ...]" and "goroutine 1
// [running]:"). While no trace has started, blank lines are held and no
// exception header is looked for; the announced error's message and
// exception are the announcer's.
type announcer interface {
	family
	// message returns the error's message in the error line, or nil.
	message(line []byte) []byte
	// exception returns Group.Exception from the message.
	exception(msg []byte) string
}

// traceFamilies are the stack-trace formats, in the order they are asked.
// Go comes last: after a panic line it takes any indented line.
var traceFamilies = [...]family{
	pyFamily{},
	rustFamily{},
	sanFamily{},
	ubsanFamily{},
	phpFamily{},
	rubyFamily{},
	javaFamily{},
	jsFamily{},
	nativeBT{},
	goFamily{},
}

// Helpers for the families' recognisers.

func trimSpace(b []byte) []byte {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return b[i:]
}

func isIndented(b []byte) bool { return len(b) > 0 && (b[0] == ' ' || b[0] == '\t') }

func isBlank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

func hasPrefix(b []byte, p string) bool { return len(b) >= len(p) && string(b[:len(p)]) == p }

// Exception headers: "java.lang.X: msg", `Exception in thread "main" ...`,
// Node's "TypeError [ERR_X]: msg". An error line or the line after it may
// hold one, whatever the trace that follows (see event.rule).

var excSuffixes = []string{"Exception", "Error", "Throwable", "Failure", "Fault", "Rejection", "Exit", "Interrupt"}

// excHeaderAt parses an exception header at the start of b: an optional
// `Exception in thread "name" `, a (qualified) class name ending in
// Exception, Error and the like, an optional Node error code (" [ERR_X]"),
// then ':' or the end. It returns the type.
func excHeaderAt(b []byte) ([]byte, bool) {
	if hasPrefix(b, `Exception in thread "`) {
		if q := bytes.IndexByte(b[len(`Exception in thread "`):], '"'); q >= 0 {
			b = bytes.TrimLeft(b[len(`Exception in thread "`)+q+1:], " ")
		}
	}
	k := 0
	last := 0
	for k < len(b) {
		c := b[k]
		if isAlnum(c) || c == '_' || c == '$' {
			k++
			continue
		}
		if c == '.' && k > last && k+1 < len(b) && (isAlnum(b[k+1]) || b[k+1] == '_') {
			k++
			last = k
			continue
		}
		break
	}
	if k == 0 || isDigit(b[0]) {
		return nil, false
	}
	name := b[:k]
	simple := string(name[last:])
	ok := false
	for _, s := range excSuffixes {
		if strings.HasSuffix(simple, s) {
			ok = true
			break
		}
	}
	if !ok {
		return nil, false
	}
	rest := b[k:]
	if hasPrefix(rest, " [") {
		if e := bytes.IndexByte(rest, ']'); e > 0 {
			rest = rest[e+1:]
		}
	}
	if len(rest) == 0 || rest[0] == ':' {
		return name, true
	}
	return nil, false
}

// findExcHeader looks for an exception header in the first maxSigInput
// bytes of b: at the start of a word that ends at a ':' (or the line's end).
func findExcHeader(b []byte) (typ []byte, at int) {
	b = b[:min(len(b), maxSigInput)]
	from := 0
	for from <= len(b) {
		end := len(b)
		if k := bytes.IndexByte(b[from:], ':'); k >= 0 {
			end = from + k
		}
		// The word before end (and a Node code: "Error [ERR_X]").
		w := end
		if w > 0 && b[w-1] == ']' {
			if o := bytes.LastIndex(b[:w], []byte(" [")); o >= 0 {
				w = o
			}
		}
		s := bytes.LastIndexByte(b[:w], ' ') + 1
		if s < w {
			if hasPrefix(b[s:], "thread") || s > 0 && b[s-1] == ' ' && bytes.HasSuffix(b[:s], []byte("\" ")) {
				// Exception in thread "main" x.Y: the header starts earlier.
				if o := bytes.LastIndex(b[:s], []byte(`Exception in thread "`)); o >= 0 {
					s = o
				}
			}
			if t, ok := excHeaderAt(b[s:]); ok {
				return t, s
			}
		}
		if end == len(b) {
			break
		}
		from = end + 1
	}
	return nil, -1
}

// interner shares the strings of file names and symbols between frames, so
// that a trace seen a million times allocates its strings once. It holds at
// most maxInterned strings; after that it allocates.
type interner struct{ m map[string]string }

const maxInterned = 50000

func (in *interner) str(b []byte) string {
	if in == nil {
		return string(b)
	}
	if s, ok := in.m[string(b)]; ok {
		return s
	}
	s := string(b)
	if in.m == nil {
		in.m = map[string]string{}
	}
	if len(in.m) < maxInterned {
		in.m[s] = s
	}
	return s
}

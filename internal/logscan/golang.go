package logscan

import (
	"bytes"
	"strconv"
	"strings"
)

// goFamily is a Go panic or goroutine dump: "panic: ...", "fatal error:
// ..." or net/http's "http: panic serving ..." announce it on the error
// line; then "[signal ...]", blank lines, "goroutine N [status]:" headers,
// function lines and tab-indented file:line lines, "created by ...": a
// whole dump is one event. Its frames come from the first goroutine, and
// frames above a panic() call (the deferred recovery) are left out of the
// signature, which has no exception type. When the first goroutine has
// only the runtime's frames (a SIGQUIT dump starts with "goroutine 0
// [idle]", the M that took the signal), the frames come from the first
// goroutine that has frames of the program's own.
//
// event.count is the number of goroutine headers seen, event.phase the
// goroutine the frames come from (while it has none of the program's, the
// next one), event.sym the function line waiting for its file line.
type goFamily struct{}

func (goFamily) name() string { return "go" }

// opens announces a trace when the error line has "panic: " or "fatal
// error: "; the trace itself starts later.
func (goFamily) opens(e *event, line, _ []byte) bool {
	if goPanicAt(line) >= 0 {
		e.lead = goFamily{}
	}
	return false
}

func (g goFamily) starts(e *event, v []byte) decision {
	_, announced := e.lead.(goFamily)
	if isGoroutineHeader(v) || announced && hasPrefix(v, "runtime stack:") {
		// net/http logs "http: panic serving ...", then the goroutine.
		e.begin(g)
		e.count, e.phase = 1, 1
		return accept
	}
	if announced && (hasPrefix(v, "[signal ") || isIndented(v) || hasPrefix(v, "PC=")) {
		// "PC=0x46c7e1 m=0 sigcode=0" follows a signal's line.
		return accept
	}
	return reject
}

func (g goFamily) continues(e *event, v []byte, blank bool) decision {
	if blank {
		return e.canHold()
	}
	if isGoroutineHeader(v) {
		e.count++
		if len(e.top) == 0 && e.count < 256 {
			e.phase = uint8(e.count)
		}
		return accept
	}
	if fn, ok := goFunc(v, e.in); ok {
		e.sym = fn
		if fn == "panic" && e.count == int(e.phase) {
			// Frames above panic() are the deferred calls that ran it:
			// the panic happened below.
			e.top = e.top[:0]
		}
		return accept
	}
	if loc, ok := g.frame(e, v); ok {
		if e.count == int(e.phase) {
			e.addFrame(loc)
			if len(e.top) < 2 && !goRuntime(loc) {
				e.top = append(e.top, loc)
			}
		}
		e.sym = ""
		return accept
	}
	if fn, ok := goCreatedBy(v, e.in); ok {
		e.sym = fn
		return accept
	}
	if isIndented(v) || hasPrefix(v, "...additional frames elided...") || hasPrefix(v, "[signal ") ||
		hasPrefix(v, "runtime stack:") {
		return accept
	}
	return reject
}

// frame parses a frame's file line; its symbol is the function line's
// before it.
func (goFamily) frame(e *event, v []byte) (Location, bool) {
	path, n, ok := goFile(v, e.in)
	return Location{File: path, Line: n, Symbol: e.sym}, ok
}

func (goFamily) signature(e *event, dst []byte) []byte { return e.appendFrames(dst) }

// message is the error line from its "panic: " or "fatal error: ".
func (goFamily) message(line []byte) []byte {
	if i := goPanicAt(line); i >= 0 {
		return line[i:]
	}
	return nil
}

// exception is the panic's value, masked.
func (goFamily) exception(m []byte) string {
	if bytes.HasPrefix(m, []byte("panic: ")) {
		m = m[len("panic: "):]
	}
	if i := bytes.Index(m, []byte(" [recovered")); i >= 0 {
		m = m[:i]
	}
	return string(mask(nil, clip(m, maxSigInput)))
}

func isGoroutineHeader(b []byte) bool {
	if !hasPrefix(b, "goroutine ") {
		return false
	}
	t := b[len("goroutine "):]
	k := 0
	for k < len(t) && isDigit(t[k]) {
		k++
	}
	if k == 0 || !bytes.HasSuffix(bytes.TrimRight(t, " "), []byte("]:")) {
		return false
	}
	// Go 1.23 and later name the g and m in a crash's or a SIGQUIT's dump
	// (and with GOTRACEBACK=system): "goroutine 0 gp=0x59f700 m=0
	// mp=0x5a04c0 [idle]:".
	return hasPrefix(t[k:], " [") || hasPrefix(t[k:], " gp=") && bytes.Contains(t[k:], []byte(" ["))
}

// goFunc parses a goroutine's function line: "pkg.(*T).Method(0x1, {0x2, 0x3})".
func goFunc(b []byte, in *interner) (string, bool) {
	if len(b) < 3 || isIndented(b) || b[len(b)-1] != ')' {
		return "", false
	}
	p := bytes.IndexByte(b, '(')
	if p <= 0 || bytes.IndexByte(b[:p], ' ') >= 0 {
		return "", false
	}
	if bytes.IndexByte(b[:p], '.') < 0 && !hasPrefix(b, "panic(") {
		return "", false
	}
	l := bytes.LastIndexByte(b, '(')
	return in.str(b[:l]), true
}

// goFile parses "\t/path/file.go:123 +0x1d" (journald may show the tab as
// spaces).
func goFile(b []byte, in *interner) (string, int, bool) {
	if !isIndented(b) {
		return "", 0, false
	}
	t := trimSpace(b)
	if sp := bytes.IndexByte(t, ' '); sp > 0 {
		t = t[:sp]
	}
	c := bytes.LastIndexByte(t, ':')
	if c <= 0 || bytes.IndexByte(t[:c], '/') < 0 && !bytes.HasSuffix(t[:c], []byte(".go")) {
		return "", 0, false
	}
	n, err := strconv.Atoi(string(t[c+1:]))
	if err != nil {
		return "", 0, false
	}
	return in.str(t[:c]), n, true
}

func goCreatedBy(b []byte, in *interner) (string, bool) {
	if !hasPrefix(b, "created by ") {
		return "", false
	}
	t := b[len("created by "):]
	if i := bytes.Index(t, []byte(" in goroutine ")); i >= 0 {
		t = t[:i]
	}
	return in.str(t), true
}

// goSignals are the lines the Go runtime starts a goroutine dump with when
// a signal kills the program (SIGQUIT from kill -QUIT or Ctrl-\, SIGABRT
// with GOTRACEBACK=crash), at the start of the line.
var goSignals = []string{"SIGQUIT: quit", "SIGABRT: abort", "SIGTRAP: trace trap", "SIGILL: illegal instruction"}

// goPanicAt finds "panic: " or "fatal error: " at the start of a word, or
// a goSignals line.
func goPanicAt(b []byte) int {
	for _, s := range goSignals {
		if bytes.HasPrefix(b, []byte(s)) {
			return 0
		}
	}
	for _, p := range []string{"panic: ", "fatal error: "} {
		i := 0
		for {
			k := bytes.Index(b[i:], []byte(p))
			if k < 0 {
				break
			}
			if i+k == 0 || b[i+k-1] == ' ' {
				return i + k
			}
			i += k + 1
		}
	}
	return -1
}

// goRuntime reports frames inside the Go runtime, left out of a panic's
// signature.
func goRuntime(l Location) bool {
	return strings.HasPrefix(l.Symbol, "runtime.") || l.Symbol == "panic" ||
		strings.Contains(l.File, "/src/runtime/")
}

// isGoStackLine says a line belongs to a goroutine's stack: a function
// line, its tab-indented file line or "created by".
func isGoStackLine(b []byte, in *interner) bool {
	if _, ok := goFunc(b, in); ok {
		return true
	}
	if _, _, ok := goFile(b, in); ok {
		return true
	}
	return hasPrefix(b, "created by ")
}

// maxGoBack bounds the lines looked back at for the start of a stack.
const maxGoBack = 64

// goBacktrack starts the stream's event earlier when an error line (a
// "panic(...)" function line, a file line under runtime/panic.go) falls
// inside a goroutine stack that no error line announced: a recovered panic
// printed as "recovered: VALUE" and then debug.Stack(). It looks back in
// the chunk, at the stream's own lines only, for the stack's "goroutine N
// [running]:" header, and starts the event at the line before it (the
// message) or at the header, feeding it the stack's lines up to this one.
func (s *scanner) goBacktrack(st *stream, pos int, n int64) bool {
	type back struct {
		pos  int
		n    int64
		text []byte
		body []byte
	}
	var lines [maxGoBack]back
	k := 0
	hdr := -1
	end := pos - 1
	ln := n
	for end >= 0 && k < maxGoBack {
		start := bytes.LastIndexByte(s.data[:end], '\n') + 1
		ln--
		text := trimCR(s.data[start:end])
		end = start - 1
		pl, key := streamPrefix(text)
		if !bytes.Equal(key, st.key) {
			continue
		}
		body := text[pl:]
		if hdr >= 0 {
			// The line before the header: the message, unless it is
			// blank or part of another stack.
			if !isBlank(body) && !isGoStackLine(body, s.in) && !isGoroutineHeader(body) {
				lines[k] = back{start, ln, text, body}
				k++
			}
			break
		}
		lines[k] = back{start, ln, text, body}
		k++
		if isGoroutineHeader(body) {
			if !bytes.Contains(body, []byte("[running]")) {
				return false
			}
			hdr = k - 1
			if end < 0 {
				break
			}
			continue
		}
		if !isGoStackLine(body, s.in) {
			return false
		}
	}
	if hdr < 0 {
		return false
	}
	e := &st.ev
	first := lines[k-1]
	e.start(first.n, first.pos, first.text, first.body, 0)
	s.open++
	for i := k - 1; i >= 0; i-- {
		if i == k-1 {
			continue
		}
		l := lines[i]
		switch d, _ := e.classify(l.body); d {
		case accept:
			e.add(l.n, l.text, false)
			e.last = l.n
		case hold:
			e.hold(l.n, l.text)
			e.last = l.n
		default:
			return true
		}
	}
	return true
}

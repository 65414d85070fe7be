package logscan

import (
	"bytes"
	"strconv"
)

// pyFamily is Python's traceback: "Traceback (most recent call last):",
// indented `File "x.py", line 12, in f` frames and their code lines, then
// the exception line ("TypeError: msg") that ends it. Chained tracebacks
// ("During handling of the above exception, ..." and "The above exception
// was the direct cause ...") stay in the event. The signature's frames are
// the two innermost of the last traceback.
type pyFamily struct{}

// Python's phases (event.phase).
const (
	pyFrames uint8 = iota // in a traceback's frames
	pyDone                // after the exception line
	pyChain               // after a chaining sentence, before the next traceback
)

const pyHeader = "Traceback (most recent call last):"

func (pyFamily) name() string { return "python" }

// opens: the error line itself may be the traceback's header.
func (pyFamily) opens(e *event, _, body []byte) bool {
	if isPyHeader(body) {
		e.pyHdr = e.n0
		return true
	}
	return false
}

func (p pyFamily) starts(e *event, v []byte) decision {
	if isPyHeader(v) {
		e.begin(p)
		e.pyLast = pyKHeader
		e.pyHdr = e.now
		return accept
	}
	if isIndented(v) {
		if loc, ok := p.frame(e, v); ok {
			e.begin(p)
			p.addFrame(e, loc)
			e.pyLast = pyKFile
			return accept
		}
	}
	return reject
}

func (p pyFamily) continues(e *event, v []byte, blank bool) decision {
	switch e.phase {
	case pyFrames:
		if blank {
			return reject
		}
		if isIndented(v) {
			if loc, ok := p.frame(e, v); ok {
				p.addFrame(e, loc)
				e.pyLast = pyKFile
				e.pyCaret = false
			} else {
				e.pyLast = pyKCode
				e.pyCaret = isCaretLine(v)
				if !e.pyCaret {
					e.pyCode = append(e.pyCode[:0], clip(v, maxPyCode)...)
				}
			}
			return accept
		}
		if t, ok := pyExcType(v); ok {
			e.exc = append(e.exc[:0], clip(v, MaxStoredLine)...)
			e.excType = append(e.excType[:0], t...)
			e.phase = pyDone
			e.pyLast = pyKExc
			return accept
		}
		return reject
	case pyDone:
		if blank {
			return e.canHold()
		}
		if isPyChain(v) {
			e.phase = pyChain
			return accept
		}
		return reject
	default: // pyChain
		if blank {
			return e.canHold()
		}
		if isPyHeader(v) {
			e.phase = pyFrames
			e.top = e.top[:0]
			e.pyLast = pyKHeader
			e.pyHdr = e.now
			return accept
		}
		return reject
	}
}

func (pyFamily) frame(e *event, v []byte) (Location, bool) { return pyFrame(v, e.in) }

// addFrame keeps the frame, and the last two frames, innermost first, for
// the signature.
func (pyFamily) addFrame(e *event, l Location) {
	e.addFrame(l)
	switch len(e.top) {
	case 0:
		e.pyFirst = l
		e.top = append(e.top, l)
	case 1:
		e.top = append(e.top, e.top[0])
		e.top[0] = l
	default:
		e.top[1] = e.top[0]
		e.top[0] = l
	}
}

func (pyFamily) signature(e *event, dst []byte) []byte {
	return e.appendFrames(e.appendType(dst))
}

func isPyHeader(b []byte) bool { return hasPrefix(trimSpace(b), pyHeader) }

func isPyChain(b []byte) bool {
	t := trimSpace(b)
	return hasPrefix(t, "During handling of the above exception, another exception occurred") ||
		hasPrefix(t, "The above exception was the direct cause of the following exception")
}

// pyFrame parses `  File "x.py", line 12, in f`.
func pyFrame(b []byte, in *interner) (Location, bool) {
	t := trimSpace(b)
	if !hasPrefix(t, `File "`) {
		return Location{}, false
	}
	t = t[len(`File "`):]
	q := bytes.Index(t, []byte(`", line `))
	if q < 0 {
		return Location{}, false
	}
	loc := Location{File: in.str(t[:q])}
	t = t[q+len(`", line `):]
	k := 0
	for k < len(t) && isDigit(t[k]) {
		k++
	}
	loc.Line, _ = strconv.Atoi(string(t[:k]))
	if i := bytes.Index(t[k:], []byte(", in ")); i >= 0 {
		loc.Symbol = in.str(bytes.TrimSpace(t[k+i+len(", in "):]))
	}
	return loc, true
}

// pyExcType returns the exception's type when b is a traceback's last line
// ("TypeError: msg", "json.decoder.JSONDecodeError: msg", "KeyboardInterrupt",
// "socket.timeout: timed out"; an undotted type starts with a capital).
func pyExcType(b []byte) ([]byte, bool) {
	if len(b) == 0 || isIndented(b) {
		return nil, false
	}
	k := 0
	for k < len(b) && (isAlnum(b[k]) || b[k] == '_' || b[k] == '.') {
		k++
	}
	if k == 0 || isDigit(b[0]) || b[0] == '.' {
		return nil, false
	}
	// A type with no module is a builtin or a class of __main__: a
	// CapWords name ("pool: worker 2 exited" is another writer's line).
	if (b[0] < 'A' || b[0] > 'Z') && bytes.IndexByte(b[:k], '.') < 0 {
		return nil, false
	}
	if k == len(b) || b[k] == ':' {
		return b[:k], true
	}
	return nil, false
}

package logscan

import (
	"bytes"
	"strconv"
)

// jsFamily is a Node stack trace: "TypeError: msg" or "Error: msg" (the
// error line, or a header line after it), indented "at fn
// (file:line:col)" and "at file:line:col" frames, and the block of
// properties ("{ code: ... }") Node prints after them. The signature's
// frames are the first two outside Node itself. See at.go for what it
// shares with Java.
type jsFamily struct{ atFrames }

func (jsFamily) name() string { return "javascript" }

// starts takes a frame of JavaScript's shape. An error line followed by a
// caret line is the source excerpt Node prints above an uncaught error
// ("/app/x.js:42", the code, "    ^", a blank line, "Error: msg"): the
// error's header after it belongs to the event.
func (j jsFamily) starts(e *event, v []byte) decision {
	if len(e.head) == 0 && len(e.held) == 0 && isCaretLine(v) {
		e.phase |= jsExcerpt
		return accept
	}
	if e.phase&jsExcerpt != 0 && len(e.header) == 0 {
		if t, ok := excHeaderAt(v); ok {
			e.hdrType = append(e.hdrType[:0], t...)
			e.header = append(e.header[:0], clip(v, MaxStoredLine)...)
			return accept
		}
	}
	return atStarts(j, e, v, false)
}

// isCaretLine says v is spaces and carets (or tildes) only.
func isCaretLine(v []byte) bool {
	t := bytes.TrimSpace(v)
	return len(t) > 0 && len(bytes.Trim(t, "^~")) == 0
}

func (jsFamily) continues(e *event, v []byte, blank bool) decision {
	return atContinues(e, v, blank, false)
}

// jsFrame parses the text of a JavaScript frame after "at ": fn
// (file:line:col), or file:line:col.
func jsFrame(t []byte, in *interner) (loc Location) {
	where := t
	if len(t) > 0 && t[len(t)-1] == ')' {
		if p := bytes.LastIndex(t, []byte(" (")); p > 0 {
			fn := t[:p]
			fn = bytes.TrimPrefix(fn, []byte("async "))
			fn = bytes.TrimPrefix(fn, []byte("new "))
			if a := bytes.Index(fn, []byte(" [as ")); a > 0 {
				fn = fn[:a]
			}
			loc.Symbol = in.str(fn)
			where = t[p+2 : len(t)-1]
		}
	}
	loc.File, loc.Line = fileLineCol(where, in)
	return loc
}

// fileLineCol splits "path:line:col" (or "path:line").
func fileLineCol(b []byte, in *interner) (string, int) {
	nums := 0
	end := len(b)
	line := 0
	for nums < 2 {
		c := bytes.LastIndexByte(b[:end], ':')
		if c <= 0 {
			break
		}
		n, err := strconv.Atoi(string(b[c+1 : end]))
		if err != nil {
			break
		}
		line = n
		end = c
		nums++
	}
	if nums == 0 {
		return "", 0
	}
	return in.str(b[:end]), line
}

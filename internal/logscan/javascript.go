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

// starts takes a frame of JavaScript's shape.
func (j jsFamily) starts(e *event, v []byte) decision { return atStarts(j, e, v, false) }

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

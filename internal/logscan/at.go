package logscan

import (
	"bytes"
)

// Java and JavaScript (Node) write their frames alike: indented "at ..."
// lines, "Caused by:" and "... N more". Their families (java.go,
// javascript.go) share what follows: which shape a frame has decides the
// family when the trace starts, and after that either shape continues it.

// atFrames gives Java's and JavaScript's families the methods they share:
// their error line never starts a trace, either shape of frame continues
// one (a Java trace may hold both), and the signature has the exception
// type and the top frames.
type atFrames struct{}

func (atFrames) opens(_ *event, _, _ []byte) bool { return false }

func (atFrames) frame(e *event, v []byte) (Location, bool) {
	loc, _, ok := atFrame(v, e.in)
	return loc, ok
}

func (atFrames) signature(e *event, dst []byte) []byte {
	return e.appendFrames(e.appendType(dst))
}

// The bits of event.phase in a Java or JavaScript trace.
const (
	atObj     uint8 = 1 << iota // inside a Node error's { props } block
	atCause                     // after "Caused by:" or "Suppressed:"
	jsExcerpt                   // after the caret line of Node's source excerpt
)

// atText returns what follows "at " on an indented frame line (without the
// " {" after which Node prints the error's properties).
func atText(b []byte) ([]byte, bool) {
	if !isIndented(b) {
		return nil, false
	}
	t := bytes.TrimSpace(trimSpace(b))
	if !hasPrefix(t, "at ") {
		return nil, false
	}
	return bytes.TrimSuffix(t[3:], []byte(" {")), true
}

// atFrame parses an indented "at ..." line, Java's or JavaScript's, and
// says which it is.
func atFrame(b []byte, in *interner) (loc Location, java, ok bool) {
	t, ok := atText(b)
	if !ok {
		return Location{}, false, false
	}
	if loc, ok := dotnetFrame(t, in); ok {
		return loc, true, true
	}
	if loc, ok := javaFrame(t, in); ok {
		return loc, true, true
	}
	return jsFrame(t, in), false, true
}

// atStarts begins a trace of family f when v is a frame of f's shape.
func atStarts(f family, e *event, v []byte, java bool) decision {
	loc, isJava, ok := atFrame(v, e.in)
	if !ok || isJava != java {
		return reject
	}
	e.begin(f)
	atAddFrame(e, v, loc)
	return accept
}

// atContinues applies the rules of Java and JavaScript traces; Java's also
// take any other indented line ("... 12 more", "  Detail: ...").
func atContinues(e *event, v []byte, blank, java bool) decision {
	if e.phase&atObj != 0 {
		// The properties: a "[cause]: Error: ..." holds its own frames.
		if bytes.Equal(bytes.TrimSpace(v), []byte("}")) {
			e.phase &^= atObj
		} else if hasPrefix(trimSpace(v), "[cause]: ") {
			e.phase |= atCause
		} else if loc, _, ok := atFrame(v, e.in); ok {
			e.addFrame(loc)
		}
		return accept
	}
	if loc, _, ok := atFrame(v, e.in); ok {
		atAddFrame(e, v, loc)
		return accept
	}
	if isCausedBy(v) {
		e.phase |= atCause
		return accept
	}
	if java && isIndented(v) && !blank {
		return accept
	}
	if isMoreLine(v) {
		return accept
	}
	return reject
}

// atAddFrame keeps the frame, notes a Node properties block opening on its
// line, and keeps the outermost exception's first two frames (Node's own
// left out) for the signature.
func atAddFrame(e *event, v []byte, l Location) {
	e.addFrame(l)
	if len(e.top) < 2 && e.phase&atCause == 0 && !hasPrefixStr(l.File, "node:") && !hasPrefixStr(l.File, "internal/") {
		e.top = append(e.top, l)
	}
	if bytes.HasSuffix(bytes.TrimSpace(v), []byte(" {")) {
		e.phase |= atObj
	} else {
		e.phase &^= atObj
	}
}

func isCausedBy(b []byte) bool {
	t := trimSpace(b)
	return hasPrefix(t, "Caused by: ") || hasPrefix(t, "Suppressed: ")
}

func isMoreLine(b []byte) bool {
	if !isIndented(b) {
		return false
	}
	t := bytes.TrimSpace(b)
	// Java's "... 12 more", Node's "... 4 lines matching cause stack trace ...".
	return hasPrefix(t, "... ") && (bytes.HasSuffix(t, []byte(" more")) || bytes.HasSuffix(t, []byte("omitted")) ||
		bytes.HasSuffix(t, []byte(" ...")))
}

func hasPrefixStr(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

// dotnetFrame parses the text of a .NET frame after "at ":
// "Ns.Class.Method(String id) in /src/File.cs:line 12". .NET's traces have
// Java's shape (a header "System.X: msg", indented "at" frames, "--- End
// of inner exception stack trace ---"), and go with Java's family.
func dotnetFrame(t []byte, in *interner) (Location, bool) {
	i := bytes.LastIndex(t, []byte(") in "))
	if i < 0 {
		return Location{}, false
	}
	where := t[i+len(") in "):]
	l := bytes.LastIndex(where, []byte(":line "))
	if l <= 0 {
		return Location{}, false
	}
	n := atoi(where[l+len(":line "):])
	p := bytes.IndexByte(t[:i+1], '(')
	if p <= 0 || n <= 0 {
		return Location{}, false
	}
	return Location{File: in.str(where[:l]), Line: n, Symbol: in.str(t[:p])}, true
}

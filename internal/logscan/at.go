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
	if java {
		if d := dotnetContinues(e, v); d != reject {
			return d
		}
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

// dotnetFrame parses the text of a .NET frame after "at ", as .NET Core
// (and .NET Framework) or Mono writes it:
//
//	Ns.Class.Method(String id) in /src/File.cs:line 12           (.NET)
//	Ns.Class.Method (System.String id) [0x00012] in /src/File.cs:12   (Mono)
//	System.Int32.Parse (System.String s) [0x00019] in <12b418a7818c4ca0893feeaaf67f1e7f>:0
//	Ns.Class.Method () <0x40a3c + 0x00012> in <filename unknown>:0   (older Mono)
//	(wrapper delegate-invoke) System.Func`1[System.Decimal].invoke_TResult()
//
// Mono's frame has a space before the arguments and the IL offset in
// brackets (or the native offset in angle brackets); a frame with no
// source ("<filename unknown>:0", the assembly's id "<mvid>:0") gives no
// file, and a wrapper the runtime made gives its method alone. The last
// frame of an AggregateException's inner exception ends with " <---".
// .NET's traces have Java's shape (a header "System.X: msg", indented "at"
// frames, "--- End of inner exception stack trace ---"), and go with Java's
// family.
func dotnetFrame(t []byte, in *interner) (Location, bool) {
	t = bytes.TrimSuffix(t, []byte(" <---"))
	if hasPrefix(t, "(wrapper ") {
		r := bytes.IndexByte(t, ')')
		sym := t[r+1:]
		if p := bytes.IndexByte(sym, '('); p > 0 {
			sym = sym[:p]
		}
		sym = bytes.TrimSpace(sym)
		if len(sym) == 0 {
			return Location{}, false
		}
		return Location{Symbol: in.str(sym)}, true
	}
	if loc, ok := monoFrame(t, in); ok {
		return loc, true
	}
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

// monoFrame parses Mono's "Ns.Class.Method (args) [0x00012] in
// /src/File.cs:12" (or "<0x40a3c + 0x00012>" for the offset): the method,
// a space, its arguments, the offset, and " in " the file and line when
// they are known.
func monoFrame(t []byte, in *interner) (Location, bool) {
	p := bytes.Index(t, []byte(" ("))
	if p <= 0 || bytes.IndexByte(t[:p], ' ') >= 0 {
		return Location{}, false
	}
	c := bytes.Index(t[p:], []byte(") [0x"))
	if c < 0 {
		c = bytes.Index(t[p:], []byte(") <0x"))
	}
	if c < 0 {
		return Location{}, false
	}
	rest := t[p+c+2:]
	e := bytes.IndexAny(rest, "]>")
	if e < 0 {
		return Location{}, false
	}
	loc := Location{Symbol: in.str(t[:p])}
	rest = rest[e+1:]
	if hasPrefix(rest, " in ") {
		where := rest[len(" in "):]
		k := bytes.LastIndexByte(where, ':')
		if k > 0 && where[0] != '<' {
			if n := atoi(where[k+1:]); n > 0 {
				loc.File, loc.Line = in.str(where[:k]), n
			}
		}
	}
	return loc, true
}

// dotnetContinues takes the lines of a .NET trace that are not frames:
//
//   - "   --- End of inner exception stack trace ---": .NET writes the inner
//     exception's frames first (its header follows " ---> " on the first
//     line), then this line, then the outer exception's; the frames kept
//     for the signature start over, so that they are the outer exception's,
//     as Java's are.
//   - "---> (Inner Exception #0) System.X: msg": an AggregateException
//     lists its inner exceptions after its own frames, each up to " <---";
//     their frames are not the signature's.
//   - "[ERROR] FATAL UNHANDLED EXCEPTION: System.X: msg": Mono writes an
//     unhandled exception twice, after "Unhandled Exception:" and again on
//     this line with the same frames; the repeat is part of the event.
func dotnetContinues(e *event, v []byte) decision {
	t := trimSpace(v)
	switch {
	case hasPrefix(t, "--- End of inner exception stack trace ---"):
		e.top = e.top[:0]
		e.phase &^= atCause
		return accept
	case hasPrefix(t, "---> (Inner Exception #"):
		e.phase |= atCause
		return accept
	case hasPrefix(t, "[ERROR] FATAL UNHANDLED EXCEPTION: "):
		e.phase |= atCause
		return accept
	}
	return reject
}

package logscan

import (
	"bytes"
)

// An event is an error line with the lines attached to it: a stack trace,
// an exception header, a Python traceback that ends in the exception. It is
// open while following lines continue it.
//
// Continuation lines are recognised by their shape (see classify), first
// with the log's collector prefix removed, then as they are: a trace logged
// through syslog or journald carries the same "Mar 14 09:00:00 host app[1]: "
// on every line. The prefix is the part of the error line before its match,
// up to a space; a later line shares it when its leading bytes agree with it
// (digits with digits), and then everything up to the last collector
// separator inside the shared part is removed (see strip).
type event struct {
	open bool
	n0   int64  // the first line's number
	pos  int    // the first line's offset in the current chunk, -1 once the chunk is gone
	trig []byte // the first line (a clipped copy)
	tcut bool   // trig was clipped
	body []byte // the first line after its stream prefix, syslog escapes decoded (a clipped copy)
	at   int    // the match's offset in body
	plen int    // the collector prefix's length in body
	ts   []byte // the first line's timestamp
	last int64  // the number of the event's last line so far

	// The trace (family.go): its family, and what the family keeps of it.
	fam   family    // nil while the event has no trace
	lead  announcer // the family whose trace the error line announces (Go's "panic: "), or nil
	phase uint8     // the family's state: where in the trace it is
	count int       // a count the family keeps (Go: goroutine headers)
	sym   string    // a symbol waiting for its frame's file (Go)

	pyLast  uint8    // the kind of the last line of a Python traceback (lanes.go)
	pyCode  []byte   // the last code line of a Python traceback's frames
	pyCaret bool     // the last line of a Python traceback is the carets under pyCode
	pyFirst Location // the first frame of the traceback (of the last one, when chained)
	pyHdr   int64    // the number of the line of the traceback's header (of the last one, when chained)
	now     int64    // the number of the line being classified

	hdrType []byte // the exception type in the first line or in a header line
	header  []byte // a header line after the first line
	exc     []byte // Python's exception line
	excType []byte

	before     []stLine
	haveBefore bool
	head       []stLine // lines after the first, up to maxHeadLines-1
	tail       []stLine // then the last maxTailLines (a ring)
	tailAt     int
	omitted    int64
	total      int64 // lines in the event, the first included
	held       []stLine
	after      []stLine // the lines read since the last line accepted, up to the context wanted (see scanner.line)

	frames []Location
	top    []Location // the frames for the signature, top first, chosen by the family

	bufs [][]byte
	in   *interner
}

type decision uint8

const (
	reject decision = iota
	accept
	hold
)

type stLine struct {
	n     int64
	text  []byte
	match bool
	cut   bool
}

func (e *event) buf() []byte {
	if k := len(e.bufs); k > 0 {
		b := e.bufs[k-1]
		e.bufs = e.bufs[:k-1]
		return b[:0]
	}
	return make([]byte, 0, 128)
}

func (e *event) line(n int64, text []byte, match bool) stLine {
	c := clip(text, MaxStoredLine)
	return stLine{n: n, text: append(e.buf(), c...), match: match, cut: len(c) < len(text)}
}

func (e *event) reset() {
	for _, ls := range [][]stLine{e.before, e.head, e.tail, e.held, e.after} {
		for _, l := range ls {
			e.bufs = append(e.bufs, l.text)
		}
	}
	*e = event{
		trig: e.trig[:0], body: e.body[:0], ts: e.ts[:0], header: e.header[:0], exc: e.exc[:0],
		hdrType: e.hdrType[:0], excType: e.excType[:0], in: e.in, pyCode: e.pyCode[:0],
		before: e.before[:0], head: e.head[:0], tail: e.tail[:0], held: e.held[:0], after: e.after[:0],
		frames: e.frames[:0], top: e.top[:0], bufs: e.bufs,
	}
}

// start opens an event on its first line: text is the line, body the line
// after its stream prefix with syslog escapes decoded (see stream.go), at
// the match's offset in body.
func (e *event) start(n int64, pos int, text, body []byte, at int) {
	e.reset()
	e.open, e.n0, e.pos, e.total, e.last = true, n, pos, 1, n
	e.trig = append(e.trig, clip(text, MaxStoredLine)...)
	e.tcut = len(e.trig) < len(text)
	e.body = append(e.body, clip(body, MaxStoredLine)...)
	e.at = max(0, min(at, len(e.body)))
	e.plen = bytes.LastIndexByte(e.body[:e.at], ' ') + 1
	if s, end := findTimestamp(e.trig); s >= 0 {
		e.ts = append(e.ts, e.trig[s:end]...)
	}
	rest := e.body[e.plen:]
	for _, f := range traceFamilies {
		if f.opens(e, e.body, rest) {
			e.begin(f)
			break
		}
	}
	if t, _ := findExcHeader(e.body); t != nil {
		e.hdrType = append(e.hdrType, t...)
	}
}

// strip removes the collector prefix shared with the first line, if any: the
// shared part (digits matching digits) cut after its last collector
// separator (": " as in syslog and journald, "| " as in docker compose, " F "
// or " P " as in Kubernetes' CRI logs). An application's own prefix, such as
// "2024-03-14 09:00:05.733 ", is not one: its lines are log records.
func (e *event) strip(text []byte) ([]byte, bool) {
	p := e.body[:e.plen]
	c := 0
	for c < len(text) && c < len(p) && (text[c] == p[c] || isDigit(text[c]) && isDigit(p[c])) {
		c++
	}
	if c == 0 {
		return nil, false
	}
	if c == len(text) && c < len(p) && (text[c-1] == ':' || text[c-1] == '|') {
		return text[c:], true // the prefix alone, its space trimmed: a blank line
	}
	for l := c; l >= 3; l-- {
		if text[l-1] != ' ' {
			continue
		}
		if b := text[l-2]; b == ':' || b == '|' || (b == 'F' || b == 'P') && text[l-3] == ' ' {
			return text[l:], true
		}
	}
	return nil, false
}

// classify decides whether the line continues the event, and returns the
// form (stripped or not) that does.
func (e *event) classify(text []byte) (decision, []byte) {
	if e.plen > 0 {
		if v, ok := e.strip(text); ok {
			if d := e.rule(v); d != reject {
				return d, v
			}
		}
	}
	return e.rule(text), text
}

func (e *event) canHold() decision {
	if len(e.held) < 2 {
		return hold
	}
	return reject
}

// begin makes f the family of the event's trace.
func (e *event) begin(f family) { e.fam = f }

// rule applies the continuation rules of the event's family to one line,
// or, while the event has no trace, asks the families whether the line
// starts one.
func (e *event) rule(v []byte) decision {
	if len(v) > 0 && isDigit(v[0]) && !hasPrefix(v, "0x") && !(e.fam == nil && e.phase&gdbStopped != 0 && gdbSourceLine(v)) {
		return reject // no continuation starts with a digit (but an address, or gdb's source line): this is a new log line
	}
	blank := isBlank(v)
	if e.fam != nil {
		return e.fam.continues(e, v, blank)
	}
	// Only the first line so far (and perhaps an exception header).
	if blank {
		if e.lead != nil || e.phase&(jsExcerpt|rbHighlight) != 0 {
			return e.canHold()
		}
		return reject
	}
	for _, f := range traceFamilies {
		if d := f.starts(e, v); d != reject {
			return d
		}
	}
	if e.lead == nil && (len(e.hdrType) == 0 || e.announces()) && len(e.head) == 0 && len(e.held) == 0 {
		if t, ok := excHeaderAt(v); ok {
			e.hdrType = append(e.hdrType[:0], t...)
			e.header = append(e.header[:0], clip(v, MaxStoredLine)...)
			return accept
		}
	}
	if len(e.hdrType) > 0 && hasPrefix(trimSpace(v), "---> ") {
		// .NET Core writes an inner exception's header on its own line,
		// " ---> System.FormatException: ...", before any frame.
		return accept
	}
	return reject
}

// announces says the error line only announces the exception on the next
// line: it ends with a colon and has no header yet (Mono's "Unhandled
// Exception:", whose "Exception:" reads as a header with no message). The
// header that follows replaces the type.
func (e *event) announces() bool {
	return len(e.header) == 0 && bytes.HasSuffix(bytes.TrimRight(e.body, " \t"), []byte(":"))
}

// addFrame records a frame for the locations. (Its family decides whether
// it goes into the signature too: see event.top.)
func (e *event) addFrame(l Location) {
	if len(e.frames) < maxEventFrame {
		e.frames = append(e.frames, l)
	}
}

// add appends an accepted line (and the blank lines held before it).
func (e *event) add(n int64, text []byte, match bool) {
	for _, h := range e.held {
		e.keep(h)
	}
	e.held = e.held[:0]
	e.dropAfter()
	e.keep(e.line(n, text, match))
}

// dropAfter forgets the lines after the event read so far: a line of the
// event came after them.
func (e *event) dropAfter() {
	for _, l := range e.after {
		e.bufs = append(e.bufs, l.text)
	}
	e.after = e.after[:0]
}

// addAfter records a line read after the event's last line (another
// stream's, or a blank line held), up to want lines.
func (e *event) addAfter(n int64, text []byte, want int) {
	if len(e.after) < want {
		e.after = append(e.after, e.line(n, text, false))
	}
}

func (e *event) keep(l stLine) {
	e.total++
	if len(e.head) < maxHeadLines-1 {
		e.head = append(e.head, l)
		return
	}
	if len(e.tail) < maxTailLines {
		e.tail = append(e.tail, l)
		return
	}
	e.bufs = append(e.bufs, e.tail[e.tailAt].text)
	e.tail[e.tailAt] = l
	e.tailAt = (e.tailAt + 1) % maxTailLines
	e.omitted++
}

func (e *event) hold(n int64, text []byte) {
	e.held = append(e.held, e.line(n, text, false))
}

// kindName is Group.Kind: the trace's family, or "".
func (e *event) kindName() string {
	if e.fam == nil {
		return ""
	}
	return e.fam.name()
}

// signature appends the event's signature to dst.
func (e *event) signature(dst []byte) []byte {
	if e.fam == nil && len(e.header) == 0 {
		return maskLine(dst, e.body)
	}
	dst = append(dst, e.kindName()...)
	dst = append(dst, " | "...)
	dst = maskLine(dst, e.body)
	if e.fam == nil {
		return e.appendType(dst)
	}
	return e.fam.signature(e, dst)
}

// appendType appends the exception type, masked, to a signature.
func (e *event) appendType(dst []byte) []byte {
	if t := e.exceptionType(); len(t) > 0 {
		dst = append(dst, " | "...)
		dst = mask(dst, t)
	}
	return dst
}

// appendFrames appends the top frames, masked, to a signature.
func (e *event) appendFrames(dst []byte) []byte {
	for _, f := range e.top {
		dst = append(dst, " | "...)
		if f.File != "" {
			dst = mask(dst, []byte(f.File))
			dst = append(dst, ':')
		}
		dst = mask(dst, []byte(f.Symbol))
	}
	return dst
}

func (e *event) exceptionType() []byte {
	if len(e.excType) > 0 {
		return e.excType
	}
	return e.hdrType
}

// message returns the error's text: the exception line if there is one.
func (e *event) message() []byte {
	switch {
	case len(e.exc) > 0:
		return e.exc
	case len(e.header) > 0:
		return e.header
	case e.lead != nil:
		if m := e.lead.message(e.body); m != nil {
			return m
		}
	}
	return stripLeadingTS(e.body)
}

// exception returns Group.Exception.
func (e *event) exception() string {
	if e.lead != nil {
		return e.lead.exception(e.message())
	}
	return string(e.exceptionType())
}

// stripLeadingTS removes the timestamps (bracketed or not) at the start of
// a line, with the separators after them, and a syslog header: the message
// of "Mar 14 09:00:00 web-1 shop[42]: [2024-03-14 09:00:00,123] ERROR x" is
// "ERROR x".
func stripLeadingTS(b []byte) []byte {
	for range 3 {
		rest := stripOneTS(b)
		if len(rest) == len(b) {
			break
		}
		if b[0] >= 'A' && b[0] <= 'Z' {
			// After a syslog timestamp: "host prog[pid]: ".
			if sp := bytes.IndexByte(rest, ' '); sp > 0 {
				if c := bytes.Index(rest[sp+1:], []byte(": ")); c > 0 && bytes.IndexByte(rest[sp+1:sp+1+c], ' ') < 0 {
					if t := rest[sp+1+c+2:]; len(t) > 0 {
						rest = t
					}
				}
			}
		}
		b = rest
	}
	return b
}

func stripOneTS(b []byte) []byte {
	s, end := findTimestamp(b)
	if s < 0 || s > 1 || s == 1 && b[0] != '[' {
		return b
	}
	rest := b[end:]
	if s == 1 {
		if len(rest) == 0 || rest[0] != ']' {
			return b
		}
		rest = rest[1:]
	}
	rest = bytes.TrimLeft(rest, " ")
	for _, sep := range []string{"- ", "| "} {
		if hasPrefix(rest, sep) {
			rest = rest[len(sep):]
		}
	}
	if len(rest) == 0 {
		return b
	}
	return rest
}

package logscan

import (
	"bytes"
	"slices"
)

// Lanes: several processes that share one stderr and print no prefix (a
// pre-fork server's workers, multiprocessing's children) write their
// tracebacks at the same moment, and Python prints a traceback in pieces
// (the header, each frame with its code line, the exception line), so the
// pieces of several tracebacks interleave in one stream. Nothing in a line
// says whose it is; the traceback's grammar does. A traceback is a header,
// then frames ("  File ..." and their indented code lines), then the
// exception line that ends it, maybe then a chaining sentence and another
// traceback. So a line that does not fit the traceback being assembled does
// not end it: the traceback is set aside (parked) and the line goes to the
// traceback that expects it, or starts a new event. Each line goes to one
// traceback:
//
//   - a header: to a traceback waiting after its chaining sentence, or it
//     starts a new one;
//   - a frame line: to the traceback whose last code line calls the frame's
//     function (`return compute(x)` before `in compute`; comprehensions and
//     dunders follow their caller), else to a traceback that has only its
//     header (the header written first), preferring it when tracebacks of this stream
//     have started with that same frame before, else to one whose last
//     code line calls through a value (`HANDLERS[job]()`,
//     `self._target(*self._args)`);
//   - a code line: to the traceback whose last line is a frame line, the
//     most recent;
//   - an exception line: to the traceback with frames and no exception yet
//     that had the last line (a process writes its exception line right
//     after its last frame);
//   - a traceback whose last frame owes lines (the stream's tracebacks
//     showed a code line under that frame, or carets under its code line,
//     and this one has not had them yet: see owes) takes neither a frame
//     line nor an exception line before them;
//   - a chaining sentence: to a complete traceback that starts with a frame
//     chained tracebacks of this stream have started with before (the
//     function that caught the exception), else to one that does not start
//     with a frame several tracebacks started with (the workers' common
//     outermost frame: a caught exception's traceback starts deeper), else
//     to the one that ended last; a blank line: to the complete traceback that had the last line;
//   - any other line: the traceback is set aside and the line is read as
//     usual.
//
// Writers that write a line at a time (two tracebacks' File lines come one
// after the other) are not placed by these rules but by solving the lines
// ahead as a whole (lanesolve.go), with the rules as the fallback.
//
// Only tracebacks that start their own line ("Traceback (most recent call
// last):" with nothing before it) take part: a traceback after a logging
// line has a writer's record around it. A stream keeps at most maxParked
// tracebacks aside; one that has had no line for parkIdle lines (or, once
// complete, parkDoneIdle) is closed.

const (
	maxParked    = 16
	parkIdle     = streamIdle
	parkDoneIdle = 32
	maxPyCode    = 256
	maxFirst     = 8
)

// The kinds of line in a Python traceback (event.pyLast).
const (
	pyKNone uint8 = iota
	pyKHeader
	pyKFile
	pyKCode
	pyKExc
	pyKChain
	pyKBlank
)

// pyKind classifies a line by the traceback grammar.
func pyKind(v []byte) uint8 {
	switch {
	case isBlank(v):
		return pyKBlank
	case isPyHeader(v):
		return pyKHeader
	case isIndented(v):
		if hasPrefix(trimSpace(v), `File "`) {
			return pyKFile
		}
		return pyKCode
	case isPyChain(v):
		return pyKChain
	}
	if _, ok := pyExcType(v); ok {
		return pyKExc
	}
	return pyKNone
}

// isPyLane says an event is a Python traceback that opened on its own line.
func isPyLane(e *event) bool {
	if !e.open || e.plen != 0 || e.fam == nil {
		return false
	}
	_, ok := e.fam.(pyFamily)
	return ok
}

// pyLanes decides which of the stream's tracebacks the line belongs to
// before it is read: it sets the current one aside, or brings a parked one
// back as the stream's event.
func (s *scanner) pyLanes(st *stream, v []byte, pos int) {
	cur := &st.ev
	k := pyKind(v)
	if len(st.parked) == 0 {
		// One traceback (the usual case, and the fast one): it takes the
		// lines it expects; a header or another writer's line sets it
		// aside unless it is complete. (The same as the rules below with
		// no other lane.) What it takes is learnt for the frame.
		if isPyLane(cur) {
			st.learn(cur, k, v)
		}
		switch k {
		case pyKHeader:
			if cur.phase != pyChain && cur.phase != pyDone {
				s.park(st)
			}
		case pyKFile:
			if cur.phase == pyFrames && isHeaderOnly(cur) {
				if loc, ok := pyFrame(v, s.in); ok {
					st.first = countFirst(st.first, loc)
				}
			}
		case pyKNone:
			if cur.phase != pyDone {
				s.park(st)
			}
		}
		return
	}
	// Several lanes: the writers are interleaving. Once they interleave
	// lines, the lines ahead are solved as a whole (lanesolve.go); the
	// choices below are for writers that write a frame at a time, and for
	// the lines the solution does not place.
	curPy := isPyLane(cur)
	if st.lineLevel && k != pyKNone && s.solved < solveBudget {
		if p := st.plan; p == nil || s.lineNo < p.from || s.lineNo >= p.to {
			s.solveLanes(st, pos)
		}
		if id, ok := st.plan.planned(s.lineNo); ok && s.followPlan(st, k, v, id, curPy) {
			return
		}
	}
	var best *event
	switch k {
	case pyKHeader:
		best = s.pick(st, func(e *event) (int, bool) { return 0, e.phase == pyChain }, false)
		if best == nil {
			if curPy {
				s.park(st)
			}
			return
		}
	case pyKFile:
		best = s.pickFrame(st, v)
	case pyKCode:
		best = s.pickCode(st, v)
	case pyKExc:
		n := s.lineNo
		var same sameLoc
		best = s.pick(st, func(e *event) (int, bool) {
			if e.phase != pyFrames || len(e.top) == 0 || e.pyLast != pyKCode && e.pyLast != pyKFile {
				return 0, false
			}
			if st.owes(e) {
				return -1, true // its frame's code line or carets come first
			}
			same.add(e)
			sc := 2
			if m, ok := st.memo[e.top[0]]; ok {
				switch {
				case m.raises:
					sc = 4 // its frame has raised before
				case m.calls:
					sc = 0 // its frame calls deeper: a frame comes next
				}
			}
			if e.last == n-1 && !st.lineLevel {
				sc++
			}
			return sc, true
		}, true)
		if same.one() {
			st.learn(best, k, v)
		}
	case pyKChain:
		best = s.pick(st, func(e *event) (int, bool) {
			if e.phase != pyDone {
				return 0, false
			}
			switch {
			case slices.Contains(st.chainFirst, e.pyFirst):
				return 2, true
			case firstSeen(st.first, e.pyFirst) < 2:
				return 1, true // not a frame every traceback starts with
			}
			return 0, true
		}, false)
		if best != nil && !slices.Contains(st.chainFirst, best.pyFirst) {
			st.chainFirst = addRing(st.chainFirst, best.pyFirst)
		}
	case pyKBlank:
		if cur.open && !curPy {
			return
		}
		best = s.pick(st, func(e *event) (int, bool) { return 0, e.phase == pyDone || e.phase == pyChain }, false)
		if best == nil && curPy {
			s.park(st)
			return
		}
	default:
		if curPy {
			s.park(st)
		}
		return
	}
	if best != nil {
		if k == pyKFile && st.lastKind == pyKFile && best.n0 != st.lastN0 {
			st.lineLevel = true
		}
		st.lastKind, st.lastN0 = k, best.n0
	}
	if best != nil && best != cur {
		s.unpark(st, best)
	}
}

// A pyMemo is what a stream's tracebacks showed after a frame (a file,
// line and function): the same frame has the same code line and carets
// under it, and either calls deeper or raises. Lines of interleaved
// tracebacks are given to the one whose frame showed them before.
type pyMemo struct {
	code, caret   uint64 // hashes of the code line and the carets (0: not seen)
	calls, raises bool   // a frame came after it; the exception line did
}

// maxMemo bounds a stream's frames remembered.
const maxMemo = 512

// learn records what the traceback's last frame is followed by: the line
// v of kind k, given to e with no other traceback expecting it.
func (st *stream) learn(e *event, k uint8, v []byte) {
	if e == nil || e.phase != pyFrames || len(e.top) == 0 {
		return
	}
	loc := e.top[0]
	var m pyMemo
	switch k {
	case pyKCode:
		if e.pyLast == pyKFile {
			if isCaretLine(v) {
				return
			}
			m = st.memo[loc]
			m.code = lineHash(v)
		} else if e.pyLast == pyKCode && !e.pyCaret && isCaretLine(v) {
			m = st.memo[loc]
			m.caret = lineHash(v)
		} else {
			return
		}
	case pyKFile:
		if e.pyLast != pyKCode && e.pyLast != pyKFile {
			return
		}
		m = st.memo[loc]
		if m.calls {
			return
		}
		m.calls = true
	case pyKExc:
		if e.pyLast != pyKCode && e.pyLast != pyKFile {
			return
		}
		m = st.memo[loc]
		if m.raises {
			return
		}
		m.raises = true
	default:
		return
	}
	if st.memo == nil {
		st.memo = make(map[Location]pyMemo)
	} else if len(st.memo) >= maxMemo {
		clear(st.memo)
	}
	st.memo[loc] = m
}

// lineHash is FNV-1a of a line without its trailing spaces, never 0.
func lineHash(v []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range bytes.TrimRight(v, " \t") {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h | 1
}

// pickCode chooses the traceback a code line (or the carets under one)
// belongs to: one whose frame showed this line before, else one waiting
// for it; the traceback that had the line just before, else the one that
// has waited longest (writers that interleave line by line take turns).
func (s *scanner) pickCode(st *stream, v []byte) *event {
	n := s.lineNo
	caret := isCaretLine(v)
	h := lineHash(v)
	var same sameLoc
	best := s.pick(st, func(e *event) (int, bool) {
		if e.phase != pyFrames {
			return 0, false
		}
		var m pyMemo
		var known bool
		if len(e.top) > 0 {
			m, known = st.memo[e.top[0]]
		}
		sc := 0
		switch {
		case caret && e.pyLast == pyKCode && !e.pyCaret:
			if !caretFits(v, e.pyCode) {
				return 0, false
			}
			sc = 2
			if known && m.caret != 0 {
				if m.caret != h {
					return 0, false
				}
				sc = 6
			}
		case !caret && e.pyLast == pyKFile:
			sc = 2
			if known && m.code != 0 {
				if m.code != h {
					return 0, false
				}
				sc = 6
			}
		case e.pyLast == pyKCode:
			return 0, true // another line under the code
		default:
			return 0, false
		}
		same.add(e) // only the tracebacks waiting for this very line
		if e.last == n-1 && !st.lineLevel {
			sc++ // a frame written whole: its code comes with it
		}
		return sc, true
	}, true)
	if same.one() {
		st.learn(best, pyKCode, v)
	}
	return best
}

// sameLoc tells whether the tracebacks that could take a line all stand
// at the same frame (one traceback, or several at the same place, as
// workers that run the same code are): then the line is that frame's,
// whichever takes it.
type sameLoc struct {
	n   int
	loc Location
	mix bool
}

func (s *sameLoc) add(e *event) {
	var l Location
	if len(e.top) > 0 {
		l = e.top[0]
	}
	if s.n > 0 && l != s.loc {
		s.mix = true
	}
	s.n++
	s.loc = l
}

func (s *sameLoc) one() bool { return s.n > 0 && !s.mix }

// owes says a traceback's last frame is not complete yet: the stream's
// tracebacks showed a code line under that frame (and it has had none yet)
// or carets under its code line (and it has had none yet). A frame writes
// its lines in order, so the traceback takes no frame or exception line
// before them.
func (st *stream) owes(e *event) bool {
	if len(e.top) == 0 {
		return false
	}
	m, ok := st.memo[e.top[0]]
	if !ok {
		return false
	}
	switch e.pyLast {
	case pyKFile:
		return m.code != 0
	case pyKCode:
		return !e.pyCaret && m.caret != 0
	}
	return false
}

// caretFits says carets can stand under a code line: they start at or
// after its indentation and end within it.
func caretFits(caret, code []byte) bool {
	c0 := len(caret) - len(bytes.TrimLeft(caret, " "))
	k0 := len(code) - len(bytes.TrimLeft(code, " "))
	end := len(bytes.TrimRight(caret, " "))
	return c0 >= k0 && end <= len(bytes.TrimRight(code, " "))
}

// pick returns the lane event (the stream's or a parked one) that ok
// accepts with the highest score; ties go to the one whose last line is
// the oldest (it has waited longest) when waited is set, else to the one
// with the most recent line.
func (s *scanner) pick(st *stream, ok func(*event) (int, bool), waited bool) *event {
	var best *event
	bestScore := 0
	consider := func(e *event) {
		sc, yes := ok(e)
		if !yes {
			return
		}
		if best == nil || sc > bestScore || sc == bestScore && (waited && e.last < best.last || !waited && e.last > best.last) {
			best, bestScore = e, sc
		}
	}
	if isPyLane(&st.ev) {
		consider(&st.ev)
	}
	for _, p := range st.parked {
		consider(p)
	}
	return best
}

// pickFrame chooses the traceback a frame line belongs to (see the list
// at the top of the file).
func (s *scanner) pickFrame(st *stream, v []byte) *event {
	loc, ok := pyFrame(v, s.in)
	if !ok {
		return nil
	}
	known := firstSeen(st.first, loc) > 0
	fn := []byte(loc.Symbol)
	implicit := len(fn) > 0 && fn[0] == '<' && loc.Symbol != "<module>" ||
		len(fn) > 4 && hasPrefix(fn, "__") && bytes.HasSuffix(fn, []byte("__"))
	var headerOnly bool
	best := s.pick(st, func(e *event) (int, bool) {
		if e.phase != pyFrames {
			return 0, false
		}
		if isHeaderOnly(e) {
			if known {
				return 4, true
			}
			return 2, true
		}
		if e.pyLast == pyKFile || st.owes(e) {
			return 0, true // waiting for its frame's code line or carets
		}
		switch {
		case implicit && impliedBy(e.pyCode, loc.Symbol) || callsName(e.pyCode, fn):
			return 5, true
		case implicit:
			return 2, true
		case !known && e.pyLast == pyKCode && dynamicCall(e.pyCode):
			return 3, true
		}
		if len(e.top) == 0 {
			return 1, true // a code line with no frame before it (another writer's)
		}
		if m, ok := st.memo[e.top[0]]; ok && m.raises && !m.calls {
			return 0, true // its frame raises: its exception line comes next
		}
		return 1, true
	}, false)
	if best != nil && !isHeaderOnly(best) {
		st.learn(best, pyKFile, v)
	}
	if best != nil {
		headerOnly = isHeaderOnly(best)
	}
	if headerOnly {
		st.first = countFirst(st.first, loc)
	}
	// Several tracebacks with only their header: the one whose header has
	// waited longest takes it.
	if headerOnly {
		for _, p := range append([]*event{&st.ev}, st.parked...) {
			if isPyLane(p) && p.phase == pyFrames && isHeaderOnly(p) && p.pyHdr < best.pyHdr {
				best = p
			}
		}
	}
	return best
}

// A firstFrame is a frame tracebacks of a stream have started with, and
// how many.
type firstFrame struct {
	loc Location
	n   int
}

// firstSeen is the number of tracebacks seen starting with the frame.
func firstSeen(list []firstFrame, l Location) int {
	for _, f := range list {
		if f.loc == l {
			return f.n
		}
	}
	return 0
}

// countFirst counts a traceback starting with the frame; the list keeps
// maxFirst frames, the oldest dropped.
func countFirst(list []firstFrame, l Location) []firstFrame {
	for i := range list {
		if list[i].loc == l {
			list[i].n++
			return list
		}
	}
	if len(list) == maxFirst {
		copy(list, list[1:])
		list = list[:maxFirst-1]
	}
	return append(list, firstFrame{loc: l, n: 1})
}

// addRing appends l to a list of at most maxFirst, dropping the oldest.
func addRing(list []Location, l Location) []Location {
	if len(list) == maxFirst {
		copy(list, list[1:])
		list = list[:maxFirst-1]
	}
	return append(list, l)
}

// isHeaderOnly says a traceback has its header and no frame yet.
func isHeaderOnly(e *event) bool {
	return len(e.top) == 0 && e.pyLast != pyKFile && e.pyLast != pyKCode
}

// callsName says a code line calls the function: "name(" as a word.
func callsName(code, fn []byte) bool {
	if len(fn) == 0 {
		return false
	}
	for i := 0; ; {
		k := bytes.Index(code[i:], fn)
		if k < 0 {
			return false
		}
		k += i
		end := k + len(fn)
		if (k == 0 || !isIdent(code[k-1])) && end < len(code) && code[end] == '(' {
			return true
		}
		i = end
	}
}

// dynamicCall says a code line calls something that is not a plain name
// (`HANDLERS[job]()`, `get_handler(x)(y)`) or forwards its arguments to a
// callable it was given (`self._target(*self._args, **self._kwargs)` in
// multiprocessing and threading, a decorator's `fn(*a, **kw)`): the
// callee's name is unknown.
func dynamicCall(code []byte) bool {
	return bytes.Contains(code, []byte("](")) || bytes.Contains(code, []byte(")(")) ||
		bytes.Contains(code, []byte("(*"))
}

func isIdent(c byte) bool { return isAlnum(c) || c == '_' }

// park sets the stream's event aside; the stream has no event after it.
func (s *scanner) park(st *stream) {
	e := &st.ev
	if !e.haveBefore {
		s.captureBefore(e)
	}
	if len(st.parked) == maxParked {
		old := st.parked[0]
		st.parked = st.parked[1:]
		s.parked--
		s.closeEv(old)
	}
	p := &event{}
	*p = *e
	*e = event{in: s.in}
	st.parked = append(st.parked, p)
	s.parked++
}

// unpark makes a parked event the stream's event, setting the stream's
// own aside (or closing it when it is not a traceback of a lane).
func (s *scanner) unpark(st *stream, p *event) {
	i := 0
	for i < len(st.parked) && st.parked[i] != p {
		i++
	}
	if i == len(st.parked) {
		return
	}
	e := &st.ev
	switch {
	case isPyLane(e):
		if !e.haveBefore {
			s.captureBefore(e)
		}
		*e, *p = *p, *e
		return
	case e.open:
		s.closeEv(e)
	}
	*e = *p
	st.parked = append(st.parked[:i], st.parked[i+1:]...)
	s.parked--
}

// closeParked closes the stream's parked events.
func (s *scanner) closeParked(st *stream) {
	for _, p := range st.parked {
		s.closeEv(p)
	}
	s.parked -= len(st.parked)
	st.parked = st.parked[:0]
}

// closeParkedIdle closes the parked events that have had no line for long.
func (s *scanner) closeParkedIdle(n int64) {
	for _, st := range s.streams {
		k := 0
		for _, p := range st.parked {
			idle := int64(parkIdle)
			if p.phase == pyDone {
				idle = parkDoneIdle
			}
			if n-p.last > idle {
				s.closeEv(p)
				s.parked--
				continue
			}
			st.parked[k] = p
			k++
		}
		st.parked = st.parked[:k]
	}
}

// impliedBy says a code line can run an implicit function's frame: a
// comprehension's ("<genexpr>", "<listcomp>") needs a "for" in the line, a
// lambda's the word lambda or a call; a dunder or another <...> any line.
func impliedBy(code []byte, sym string) bool {
	switch sym {
	case "<genexpr>", "<listcomp>", "<setcomp>", "<dictcomp>":
		return bytes.Contains(code, []byte(" for "))
	case "<lambda>":
		return bytes.Contains(code, []byte("lambda")) || bytes.IndexByte(code, '(') >= 0
	}
	return true
}

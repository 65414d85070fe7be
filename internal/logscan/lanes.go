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
//   - a chaining sentence: to a complete traceback that starts with a frame
//     chained tracebacks of this stream have started with before (the
//     function that caught the exception), else to one that does not start
//     with a frame several tracebacks started with (the workers' common
//     outermost frame: a caught exception's traceback starts deeper), else
//     to the one that ended last; a blank line: to the complete traceback that had the last line;
//   - any other line: the traceback is set aside and the line is read as
//     usual.
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
func (s *scanner) pyLanes(st *stream, v []byte) {
	cur := &st.ev
	k := pyKind(v)
	if len(st.parked) == 0 {
		// One traceback (the usual case, and the fast one): it takes the
		// lines it expects; a header or another writer's line sets it
		// aside unless it is complete. (The same as the rules below with
		// no other lane.)
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
	// Several lanes: the writers are interleaving.
	curPy := isPyLane(cur)
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
		best = s.pick(st, func(e *event) (int, bool) {
			if e.phase != pyFrames {
				return 0, false
			}
			if e.pyLast == pyKFile {
				return 1, true
			}
			return 0, e.pyLast == pyKCode
		}, false)
	case pyKExc:
		best = s.pick(st, func(e *event) (int, bool) {
			return 0, e.phase == pyFrames && len(e.top) > 0 && (e.pyLast == pyKCode || e.pyLast == pyKFile)
		}, false)
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
	if best != nil && best != cur {
		s.unpark(st, best)
	}
}

// pick returns the lane event (the stream's or a parked one) that ok
// accepts with the highest score; ties go to the oldest (first line) when
// oldest is set, else to the one with the most recent line.
func (s *scanner) pick(st *stream, ok func(*event) (int, bool), oldest bool) *event {
	var best *event
	bestScore := 0
	consider := func(e *event) {
		sc, yes := ok(e)
		if !yes {
			return
		}
		switch {
		case best == nil, sc > bestScore:
		case sc < bestScore:
			return
		case oldest && e.n0 < best.n0, !oldest && e.last > best.last:
		default:
			return
		}
		best, bestScore = e, sc
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
		switch {
		case implicit || callsName(e.pyCode, fn):
			return 5, true
		case !known && e.pyLast == pyKCode && dynamicCall(e.pyCode):
			return 3, true
		}
		return 1, true
	}, false)
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

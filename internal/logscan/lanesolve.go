package logscan

import (
	"bytes"
	"slices"
)

// Solving the lanes over a window. Choosing, one line at a time, which
// traceback takes a line (lanes.go) goes wrong when writers interleave
// every line: a code line or an exception line often fits several
// tracebacks, and which one wrote it shows only lines later (the next
// frame is called from the code line, the same frame always shows the
// same code line, the carets come before the exception line). So once a
// stream has several tracebacks open, the lines ahead of it in the chunk
// are read first, up to solveMaxLines or until solveQuiet lines in a row
// are no traceback lines, and the assignment of the whole window is chosen
// at once: a beam search over hypotheses (which open traceback took each
// line), each with a cost, keeping the solveBeam cheapest. The lines are
// then given to the tracebacks as the best hypothesis says, one at a time
// as before; a line the window does not cover, or whose traceback has been
// closed meanwhile, falls back to the choice of lanes.go. This is only done
// once two tracebacks' frame lines came one after the other (the writers
// interleave lines, not whole frames: lanes.go's rules, made for writers
// that write a frame at a time, are kept for those), and for at most
// solveBudget lines of a scan.
//
// A hypothesis follows Python's grammar (a header opens a traceback or
// follows a chaining sentence; a frame line follows the header, a code
// line or the carets; a code line follows its frame line; carets follow a
// code line and fit under it; the exception line follows a frame; a
// chaining sentence follows the exception line) and costs:
//
//   - a frame line whose function the traceback's last code line does not
//     call (nor a comprehension's "for", nor a call through a value), or
//     that follows another frame line with no code line between;
//   - what contradicts the hypothesis' own memory of each frame (learnt
//     from the lines it gave out, and from what the stream learnt before):
//     another code line under the same file and line, other carets under
//     it, an exception line or another frame before the code line or the
//     carets the frame showed before (the frame owes them), an exception
//     from a frame that only called deeper before;
//   - a traceback line that goes to no traceback (then it is read as any
//     line).
//
// Hypotheses whose tracebacks have the same histories, whatever their
// order, are one. Nothing in a line says whose it is, so this is still a
// guess: the cheapest one that explains every line of the window.

const (
	solveBeam     = 96
	solveMaxLines = 4096
	solveQuiet    = 48
	solveStray    = 30 // a traceback line that goes to no traceback
	solveSlack    = 40 // a hypothesis dearer than the best by more is dropped
	// solveBudget bounds the lines an input solves (about 200 µs a line):
	// past it, the lines are placed one at a time (lanes.go).
	solveBudget = 100_000
)

// A solveTB is one traceback of a hypothesis.
type solveTB struct {
	id     int64 // the number of its first line (its event's n0)
	phase  uint8 // pyFrames, pyDone, pyChain
	last   uint8 // the kind of its last line (pyK...)
	caret  bool  // its last line is carets
	frames int
	blanks int      // blank lines it holds after its exception line or chaining sentence
	lastN  int64    // the number of its last line
	loc    Location // its last frame
	first  Location // its first frame (of its last traceback)
	code   []byte   // its last code line (read only)
	codeH  uint64   // its hash
	hist   uint64   // its lines so far, hashed (to tell hypotheses apart)
}

// A solveMemo is what a hypothesis' tracebacks showed after a frame.
type solveMemo struct {
	loc         Location
	code, caret uint64 // hashes (0: not seen)
	calls       bool   // a frame came after it
	callee      uint64 // the hash of the first frame seen after it (0: none)
	raises      uint64 // the hash of an exception line's type after it (0: none)
	chained     bool   // a chaining sentence came after that exception line
	firsts      int    // the tracebacks that started with the frame
}

// A solveNode is one line's assignment, linked to the line before.
type solveNode struct {
	n      int64
	id     int64
	parent *solveNode
}

type solveHyp struct {
	cost int
	tbs  []solveTB
	memo []solveMemo
	path *solveNode
	key  uint64
}

// A lanePlan is the solved assignment of a window: for line n in [from,
// to), ids[n-from] is the first line of the traceback that takes it (0:
// none).
type lanePlan struct {
	from, to int64
	ids      []int64
}

// planned returns the traceback (its first line) the plan gives line n to.
func (p *lanePlan) planned(n int64) (int64, bool) {
	if n < p.from || n >= p.to {
		return 0, false
	}
	id := p.ids[n-p.from]
	return id, id != 0
}

func (h *solveHyp) memoOf(l Location) (solveMemo, int) {
	for i := range h.memo {
		if h.memo[i].loc == l {
			return h.memo[i], i
		}
	}
	return solveMemo{loc: l}, -1
}

// setMemo stores m in a copy of the hypothesis' memory (hypotheses share
// their parent's).
func (h *solveHyp) setMemo(m solveMemo, i int) {
	h.memo = slices.Clone(h.memo)
	if i >= 0 {
		h.memo[i] = m
	} else {
		h.memo = append(h.memo, m)
	}
}

func mix(h, v uint64) uint64 {
	h ^= v + 0x9e3779b97f4a7c15 + h<<6 + h>>2
	return h * 1099511628211
}

func locHash(l Location) uint64 {
	return mix(mix(lineHash([]byte(l.File)), uint64(l.Line)), lineHash([]byte(l.Symbol)))
}

// solveLanes reads the window from the line at pos in the chunk and sets
// the stream's plan.
func (s *scanner) solveLanes(st *stream, pos int) {
	start := s.lineNo
	root := &solveHyp{}
	for _, e := range append([]*event{&st.ev}, st.parked...) {
		if !isPyLane(e) {
			continue
		}
		t := solveTB{id: e.n0, phase: e.phase, last: e.pyLast, caret: e.pyCaret, frames: len(e.top), code: e.pyCode}
		if len(e.top) > 0 {
			t.loc, t.first = e.top[0], e.pyFirst
		}
		t.blanks, t.lastN, t.codeH = len(e.held), e.last, lineHash(e.pyCode)
		if isHeaderOnly(e) {
			t.last = pyKHeader // (an event opened by its header has no pyLast)
		}
		t.hist = mix(0, 1)
		for _, f := range e.frames {
			t.hist = mix(t.hist, locHash(f))
		}
		t.hist = mix(t.hist, lineHash(e.exc))
		root.tbs = append(root.tbs, t)
	}
	slices.SortStableFunc(root.tbs, func(a, b solveTB) int { return int(a.lastN - b.lastN) })
	root.rekey()
	for l, m := range st.memo {
		sm := solveMemo{loc: l, code: m.code, caret: m.caret, calls: m.calls, firsts: firstSeen(st.first, l)}
		if m.raises {
			sm.raises = 1
		}
		root.memo = append(root.memo, sm)
	}
	hyps := []*solveHyp{root}
	var next []*solveHyp
	data := s.data
	n, quiet := start, 0
	for pos < len(data) && n-start < solveMaxLines && quiet < solveQuiet {
		e := bytes.IndexByte(data[pos:], '\n')
		if e < 0 {
			break // the chunk's last line may go on in the next one
		}
		v := trimCR(data[pos : pos+e])
		pos += e + 1
		if pl, _ := streamPrefix(v); pl > 0 || len(v) > 0 && v[0] == '{' {
			break // another stream's line, or a journal record
		}
		k := pyKind(v)
		if k == pyKNone {
			quiet++
			n++
			continue
		}
		if k == pyKBlank {
			quiet++
		} else {
			quiet = 0
		}
		next = next[:0]
		limit := hyps[0].cost + solveSlack
		for _, h := range hyps {
			next = s.expand(next, h, n, k, v, limit)
		}
		if len(next) == 0 {
			break // (cannot happen: the best hypothesis always goes on)
		}
		hyps = prune(hyps[:0], next)
		n++
	}
	best := hyps[0]
	p := &lanePlan{from: start, to: n, ids: make([]int64, n-start)}
	for nd := best.path; nd != nil; nd = nd.parent {
		p.ids[nd.n-start] = nd.id
	}
	st.plan = p
	s.solved += max(n-start, 1)
}

// prune keeps the cheapest hypothesis of each kind, at most solveBeam.
func prune(dst, hyps []*solveHyp) []*solveHyp {
	slices.SortStableFunc(hyps, func(a, b *solveHyp) int { return a.cost - b.cost })
	seen := make(map[uint64]bool, len(hyps))
	for _, h := range hyps {
		if len(dst) == solveBeam {
			break
		}
		if seen[h.key] {
			continue
		}
		seen[h.key] = true
		dst = append(dst, h)
	}
	return dst
}

// expand appends the hypotheses that follow h when line n (of kind k) is
// read.
func (s *scanner) expand(dst []*solveHyp, h *solveHyp, n int64, k uint8, v []byte, limit int) []*solveHyp {
	caret := k == pyKCode && isCaretLine(v)
	var loc Location
	var fn []byte
	if k == pyKFile {
		var ok bool
		if loc, ok = pyFrame(v, s.in); !ok {
			return append(dst, h.stray(n))
		}
		fn = []byte(loc.Symbol)
	}
	hl := locHash(loc)
	var excType uint64
	if k == pyKExc {
		t, _ := pyExcType(v)
		excType = lineHash(t)
	}
	hv := lineHash(v)
	before := len(dst)
	chainWaits := false
	for i := range h.tbs {
		if h.tbs[i].phase == pyChain {
			chainWaits = true
		}
	}
	for i := range h.tbs {
		t := &h.tbs[i]
		m, mi := h.memoOf(t.loc)
		owes := t.frames > 0 && (t.last == pyKFile && m.code != 0 || t.last == pyKCode && !t.caret && m.caret != 0)
		cost := 0
		switch k {
		case pyKBlank:
			// Python writes one blank line before and one after a
			// chaining sentence; an event holds at most two.
			if t.phase != pyDone && t.phase != pyChain || t.blanks >= 2 {
				continue
			}
			cost = 3 * t.blanks
			if t.phase == pyDone {
				cost += chainCost(h, t, m, n)
			}
		case pyKHeader:
			if t.phase != pyChain {
				continue
			}
			cost = blankCost(t.blanks)
		case pyKChain:
			if t.phase != pyDone {
				continue
			}
			cost = blankCost(t.blanks) + chainCost(h, t, m, n)
		case pyKFile:
			if t.phase != pyFrames {
				continue
			}
			switch t.last {
			case pyKHeader:
				cost = 1
			case pyKFile:
				cost = 6
			case pyKCode:
				implicit := len(fn) > 0 && fn[0] == '<' && loc.Symbol != "<module>" ||
					len(fn) > 4 && hasPrefix(fn, "__") && bytes.HasSuffix(fn, []byte("__"))
				switch {
				case implicit && impliedBy(t.code, loc.Symbol) || callsName(t.code, fn):
				case dynamicCall(t.code):
					cost = 2
				default:
					cost = 5
				}
				if m.callee != 0 && m.callee != hl && !dynamicCall(t.code) {
					cost += 3 // the same frame called another before
				}
			default:
				continue
			}
			if owes {
				cost += 6
			}
		case pyKCode:
			if t.phase != pyFrames {
				continue
			}
			switch {
			case caret:
				if t.last != pyKCode || t.caret || !caretFits(v, t.code) {
					continue
				}
				switch {
				case m.caret == 0:
					cost = 1
				case m.caret != hv:
					cost = 3
				}
			case t.last == pyKFile:
				switch {
				case m.code == 0:
					cost = 1
				case m.code != hv:
					cost = 25
				}
			case t.last == pyKCode:
				cost = 6 // a second line under the code
			default:
				continue
			}
		case pyKExc:
			if t.phase != pyFrames || t.frames == 0 || t.last != pyKCode && t.last != pyKFile {
				continue
			}
			switch {
			case m.raises == excType:
			case m.calls && m.raises == 0:
				cost = 3 // its frame called deeper before
			default:
				cost = 1
			}
			if t.last == pyKFile {
				cost += 4
			}
			if owes {
				cost += 6
			}
		default:
			continue
		}
		if h.cost+cost > limit {
			before = -1 // (not a stray: a dearer choice)
			continue
		}
		c := h.child(n, t.id, cost)
		// The traceback moves to the end: the tracebacks stay in the
		// order of their last lines, so that of two choices that cost
		// the same the one whose writer has waited longest comes first
		// (writers take turns).
		j := slices.IndexFunc(c.tbs, func(x solveTB) bool { return x.id == t.id })
		if j < 0 {
			continue // closed by then
		}
		moved := c.tbs[j]
		copy(c.tbs[j:], c.tbs[j+1:])
		c.tbs[len(c.tbs)-1] = moved
		u := &c.tbs[len(c.tbs)-1]
		u.lastN = n
		switch k {
		case pyKBlank:
			u.blanks++
		case pyKHeader:
			u.phase, u.last, u.frames, u.loc, u.code, u.codeH, u.blanks = pyFrames, pyKHeader, 0, Location{}, nil, lineHash(nil), 0
		case pyKChain:
			u.phase, u.last, u.blanks = pyChain, pyKChain, 0
			if !m.chained && t.frames > 0 {
				m.chained = true
				c.setMemo(m, mi)
			}
		case pyKFile:
			if u.frames > 0 && (u.last == pyKCode || u.last == pyKFile) && (!m.calls || m.callee == 0) {
				m.calls = true
				m.callee = hl
				c.setMemo(m, mi)
			}
			if u.frames == 0 {
				u.first = loc
				f, fi := c.memoOf(loc)
				f.firsts++
				c.setMemo(f, fi)
			}
			u.last, u.caret, u.loc = pyKFile, false, loc
			u.frames++
			u.hist = mix(u.hist, hl)
		case pyKCode:
			if caret {
				if u.last == pyKCode && m.caret == 0 {
					m.caret = hv
					c.setMemo(m, mi)
				}
				u.caret = true
			} else {
				if u.last == pyKFile && m.code == 0 {
					m.code = hv
					c.setMemo(m, mi)
				}
				u.code, u.codeH = v, hv
				u.caret = false
			}
			u.last = pyKCode
			u.hist = mix(u.hist, hv)
		case pyKExc:
			if m.raises == 0 {
				m.raises = excType
				c.setMemo(m, mi)
			}
			u.phase, u.last = pyDone, pyKExc
			u.hist = mix(u.hist, hv)
		}
		c.rekey()
		dst = append(dst, c)
	}
	if k == pyKHeader {
		// A new traceback.
		cost := 0
		if chainWaits {
			cost = 1
		}
		c := h.child(n, n, cost)
		c.tbs = append(c.tbs, solveTB{id: n, phase: pyFrames, last: pyKHeader, hist: mix(0, 1), lastN: n, codeH: lineHash(nil)})
		c.rekey()
		dst = append(dst, c)
	}
	if k == pyKBlank {
		c := *h
		c.cost += 2
		return append(dst, &c)
	}
	if len(dst) > before || before < 0 {
		return dst // (a stray line is left to the hypotheses with no taker)
	}
	return append(dst, h.stray(n))
}

// child is h with line n given to traceback id at a cost. The tracebacks
// the scanner has closed by then (idle for long, see closeParkedIdle) are
// left out.
func (h *solveHyp) child(n, id int64, cost int) *solveHyp {
	c := &solveHyp{
		cost: h.cost + cost,
		tbs:  make([]solveTB, 0, len(h.tbs)+1),
		memo: h.memo,
		path: &solveNode{n: n, id: id, parent: h.path},
	}
	for _, t := range h.tbs {
		if n-t.lastN > parkIdle || t.phase == pyDone && n-t.lastN > parkDoneIdle {
			continue
		}
		c.tbs = append(c.tbs, t)
	}
	return c
}

// chainCost is the cost of a chaining sentence (or the blank line before
// it) after traceback t, whose last frame's memory is m, at line n: Python
// writes the sentence right after the exception line, so a traceback that
// ended long ago costs more; a traceback whose last frame's exception was
// chained before costs nothing more, one that starts with a frame several
// tracebacks started with (the writers' outermost frame: a caught and
// chained exception's traceback starts at the frame that caught it) costs
// more.
func chainCost(h *solveHyp, t *solveTB, m solveMemo, n int64) int {
	c := min(int(n-t.lastN)/4, 3)
	if m.chained {
		return c
	}
	if f, _ := h.memoOf(t.first); f.firsts >= 2 {
		c += 2
	}
	return c + 1
}

// blankCost is the cost of a chaining sentence or a chained header after
// the blank lines a traceback holds: Python writes one before each.
func blankCost(blanks int) int {
	if blanks == 1 {
		return 0
	}
	return 2 + 2*blanks
}

// stray is h with line n given to no traceback.
func (h *solveHyp) stray(n int64) *solveHyp {
	c := *h
	c.cost += solveStray
	return &c
}

// rekey hashes the tracebacks' histories and states, in any order.
func (h *solveHyp) rekey() {
	var sum, xor uint64
	for _, t := range h.tbs {
		x := mix(mix(mix(mix(t.hist, uint64(t.phase)), uint64(t.last)), t.codeH), uint64(t.blanks))
		if t.caret {
			x = mix(x, 7)
		}
		sum += x
		xor ^= x * 0x2545f4914f6cdd1d
	}
	h.key = mix(sum, xor)
}

// followPlan gives line n (of kind k) to the traceback the plan names, and
// says whether it did: it does not when that traceback is no longer open.
func (s *scanner) followPlan(st *stream, k uint8, v []byte, id int64, curPy bool) bool {
	cur := &st.ev
	if k == pyKHeader && id == s.lineNo {
		// A new traceback: its header starts an event.
		if curPy {
			s.park(st)
		}
		return true
	}
	var best *event
	if curPy && cur.n0 == id {
		best = cur
	}
	for _, p := range st.parked {
		if best == nil && isPyLane(p) && p.n0 == id {
			best = p
		}
	}
	if best == nil {
		return false
	}
	st.learn(best, k, v)
	if k == pyKFile && st.lastKind == pyKFile && best.n0 != st.lastN0 {
		st.lineLevel = true
	}
	st.lastKind, st.lastN0 = k, best.n0
	if best != cur {
		s.unpark(st, best)
	}
	return true
}

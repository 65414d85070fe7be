package logscan

import (
	"bytes"
	"cmp"
	"context"
	"hash/maphash"
	"slices"
	"strings"
)

// Scan reads the inputs in order and returns their distinct errors. Memory
// stays bounded whatever the inputs' size (see Options.MaxGroups and
// MaxLineBytes). An input that cannot be read to its end (a truncated gzip
// file) keeps what was read and records the error in its InputStats; Scan
// itself fails only on an invalid pattern (a *PatternError) or when ctx is
// done.
//
//	res, err := logscan.Scan(ctx, []logscan.Input{{Name: "app.log", R: f}}, logscan.Options{Context: 3})
//	if err != nil { ... }
//	res.WriteText(os.Stdout)
func Scan(ctx context.Context, inputs []Input, opts Options) (*Result, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return scan(ctx, inputs, cfg)
}

func scan(ctx context.Context, inputs []Input, cfg *config) (*Result, error) {
	p := newPipeline(cfg)
	defer p.stop()
	s := &scanner{cfg: cfg, b: newBuilder(cfg), in: &interner{}}
	for _, in := range inputs {
		if err := s.input(ctx, p, in); err != nil {
			return nil, err
		}
	}
	return s.b.result(), nil
}

// scanner walks each chunk: it jumps from matching line to matching line,
// and goes line by line only while an event is open or after-context is
// wanted. Events are assembled per stream (stream.go): cur is the stream of
// the last line read, open the number of streams with an open event.
type scanner struct {
	cfg     *config
	b       *builder
	name    string
	inIdx   int   // the input's index
	lineNo  int64 // the number of the line at the walk's position
	data    []byte
	hist    history
	streams []*stream
	cur     *stream
	open    int
	parked  int    // the events set aside in the streams' lanes (counted in open too)
	solved  int64  // the lines the lanes' solver has read (lanesolve.go)
	esc     []byte // scratch for decoded syslog escapes
	jmsg    []byte // scratch for a journal record's message
	in      *interner
	afters  []*afterColl
}

// A stream is one writer's lines in a shared log, and its event.
type stream struct {
	key  []byte
	used int64 // the number of its last line, for eviction
	ev   event

	// Several writers with no prefix of their own (worker processes on one
	// stderr) interleave Python tracebacks inside one stream: the
	// tracebacks set aside while another is being assembled, and the first
	// frames tracebacks have started with (lanes.go).
	parked     []*event
	first      []firstFrame
	chainFirst []Location
	memo       map[Location]pyMemo
	// The kind of the stream's last traceback line and the first line of
	// the traceback that took it; lineLevel once two tracebacks' File
	// lines came one after the other (their writers interleave lines, not
	// frames).
	lastKind  uint8
	lastN0    int64
	lineLevel bool
	// The lines ahead, solved as a whole while several tracebacks are
	// open (lanesolve.go).
	plan *lanePlan
}

// maxStreams bounds the streams followed at once; streamIdle is the number
// of lines after which a stream's open event is closed while other streams
// write (the writer has moved on, or died).
const (
	maxStreams = 64
	streamIdle = 256
)

// route returns the stream of a line with the given stream prefix key
// (nil: no prefix, the stream of the line before).
func (s *scanner) route(key []byte, n int64) *stream {
	if key == nil {
		if s.cur == nil {
			s.cur = s.newStream(nil, n)
		}
		return s.cur
	}
	if s.cur != nil && bytes.Equal(s.cur.key, key) {
		return s.cur
	}
	for _, st := range s.streams {
		if bytes.Equal(st.key, key) {
			s.cur = st
			return st
		}
	}
	s.cur = s.newStream(key, n)
	return s.cur
}

func (s *scanner) newStream(key []byte, n int64) *stream {
	var st *stream
	if len(s.streams) < maxStreams {
		st = &stream{}
		st.ev.in = s.in
		s.streams = append(s.streams, st)
	} else {
		// Reuse the stream written least recently.
		st = s.streams[0]
		for _, o := range s.streams[1:] {
			if o.used < st.used {
				st = o
			}
		}
		if st.ev.open {
			s.closeEvent(st)
		}
		s.closeParked(st)
		st.first, st.chainFirst = st.first[:0], st.chainFirst[:0]
		clear(st.memo)
		st.lastKind, st.lastN0, st.lineLevel = 0, 0, false
		st.plan = nil
	}
	st.key = append(st.key[:0], key...)
	st.used = n
	return st
}

// closeIdle closes the events of the streams other than cur that have had
// no line for streamIdle lines.
func (s *scanner) closeIdle(n int64) {
	if s.parked > 0 {
		s.closeParkedIdle(n)
	}
	if s.open == 0 || s.open == 1 && s.cur.ev.open {
		return
	}
	for _, st := range s.streams {
		if st != s.cur && st.ev.open && n-st.ev.last > streamIdle {
			s.closeEvent(st)
		}
	}
}

// closeAll closes the open events, oldest first.
func (s *scanner) closeAll() {
	for _, st := range s.streams {
		s.closeParked(st)
	}
	for s.open > 0 {
		var first *stream
		for _, st := range s.streams {
			if st.ev.open && (first == nil || st.ev.n0 < first.ev.n0) {
				first = st
			}
		}
		s.closeEvent(first)
	}
}

type afterColl struct {
	g    *gstate
	left int
}

func (s *scanner) input(ctx context.Context, p *pipeline, in Input) error {
	st := InputStats{Name: in.Name}
	s.name, s.lineNo = in.Name, 1
	s.solved = 0
	for _, st := range s.streams {
		st.plan = nil // (its line numbers are another input's)
	}
	s.hist.reset(s.cfg.context, MaxStoredLine)
	s.afters = s.afters[:0]
	partial, err := readInput(ctx, p, in, &st, s.chunk)
	if err != nil {
		return err
	}
	s.closeAll()
	for _, st := range s.streams {
		st.key = st.key[:0]
	}
	s.streams, s.cur = s.streams[:0], nil
	s.inIdx++
	s.afters = s.afters[:0]
	st.Lines = s.lineNo - 1
	if partial {
		st.Lines++
	}
	s.b.res.addInput(st)
	return nil
}

func (r *Stats) addInput(st InputStats) {
	r.Inputs = append(r.Inputs, st)
	r.Lines += st.Lines
	r.ErrorLines += st.ErrorLines
}

// readInput reads one input through the pipeline and hands each non-empty
// chunk to fn, in order. It fills st (but for Lines) and says whether the
// input ended without a newline.
func readInput(ctx context.Context, p *pipeline, in Input, st *InputStats, fn func(*chunk)) (partial bool, err error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	prevCut := false
	ch := p.read(in.R)
	for {
		var c *chunk
		var ok bool
		select {
		case c, ok = <-ch:
		case <-ctx.Done():
			return false, ctx.Err()
		}
		if !ok {
			return partial, nil
		}
		select {
		case <-c.done:
		case <-ctx.Done():
			return false, ctx.Err()
		}
		st.Gzip = st.Gzip || c.gzip
		if c.bin != "" {
			st.Skipped, st.Note = true, c.bin
		}
		st.Bytes += int64(len(c.data))
		st.ErrorLines += int64(len(c.hits))
		if c.cut && !prevCut {
			st.LongLines++
		}
		prevCut = c.cut
		if len(c.data) > 0 {
			partial = c.data[len(c.data)-1] != '\n'
			fn(c)
		}
		if c.err != nil {
			st.Err = c.err.Error()
		}
		p.release(c)
	}
}

func (s *scanner) busy() bool { return s.open > 0 || len(s.afters) > 0 }

var newline = []byte{'\n'}

func (s *scanner) chunk(c *chunk) {
	data, hits := c.data, c.hits
	s.data = data
	pos, hi := 0, 0
	for pos < len(data) {
		if !s.busy() {
			if hi == len(hits) {
				s.lineNo += int64(bytes.Count(data[pos:], newline))
				break
			}
			h := int(hits[hi].line)
			s.lineNo += int64(bytes.Count(data[pos:h], newline))
			pos = h
		}
		end, next, nl := len(data), len(data), false
		if e := bytes.IndexByte(data[pos:], '\n'); e >= 0 {
			end, next, nl = pos+e, pos+e+1, true
		}
		at := -1
		if hi < len(hits) && int(hits[hi].line) == pos {
			at = int(hits[hi].at) - pos
			hi++
		}
		s.line(pos, data[pos:end], at)
		pos = next
		if nl {
			s.lineNo++
		}
	}
	last := s.lineNo
	if data[len(data)-1] == '\n' {
		last--
	}
	for _, st := range s.streams {
		if st.ev.open && !st.ev.haveBefore {
			s.captureBefore(&st.ev)
		}
		st.ev.pos = -1
	}
	s.hist.update(data, last)
}

func (s *scanner) line(pos int, raw []byte, at int) {
	text := trimCR(raw)
	n := s.lineNo
	pl, key := streamPrefix(text)
	if pl == 0 && len(text) > 0 && text[0] == '{' {
		// journalctl -o json: the record's MESSAGE is the line, its
		// identifier and pid the stream.
		if k, msg, ok := journalRecord(text, s.jmsg[:0]); ok {
			s.jmsg = msg
			key, text = k, msg
			if at >= 0 {
				at = s.cfg.m.match(msg)
			}
		}
	}
	st := s.route(key, n)
	st.used = n
	body := text[pl:]
	if pl > 0 && bytes.Contains(body, escMark) {
		s.esc = unescapeSyslog(s.esc[:0], body)
		body = s.esc
	}
	if len(st.parked) > 0 || st.ev.open && isPyLane(&st.ev) {
		s.pyLanes(st, body, pos)
	}
	if s.open > 0 && s.cfg.context > 0 {
		for _, o := range s.streams {
			if o != st && o.ev.open {
				o.ev.addAfter(n, text, s.cfg.context)
			}
		}
	}
	e := &st.ev
	if !e.open && at >= 0 && len(st.parked) == 0 && isGoStackLine(body, s.in) {
		s.goBacktrack(st, pos, n)
	}
	var rec jsonRecord
	isRec := false
	if len(body) > 0 && body[0] == '{' && (at >= 0 || e.open) {
		rec, isRec = parseJSONRecord(body)
	}
	if e.open && !isRec {
		e.now = n
		switch d, _ := e.classify(body); d {
		case accept:
			s.feedAfters(n, text)
			e.add(n, text, at >= 0)
			e.last = n
			return
		case hold:
			s.feedAfters(n, text)
			e.hold(n, text)
			e.addAfter(n, text, s.cfg.context)
			e.last = n
			return
		default:
			if at < 0 && holdsForeign(e, body) {
				s.feedAfters(n, text)
				e.hold(n, text)
				e.addAfter(n, text, s.cfg.context)
				return
			}
		}
	}
	if e.open {
		s.closeEvent(st)
	}
	s.feedAfters(n, text)
	switch {
	case isRec && at >= 0:
		s.record(st, n, pos, text, rec)
	case at >= 0:
		e.start(n, pos, text, body, at-pl)
		s.open++
	}
	s.closeIdle(n)
}

// record makes an event of a JSON line (json.go): its message and error
// are the error line, its stack the lines after it; the event ends with
// the line. A record below a warning with neither error nor stack is not
// an error (an "errors": 0 field matched).
func (s *scanner) record(st *stream, n int64, pos int, text []byte, r jsonRecord) {
	if r.minor() && r.err == "" && r.stack == "" {
		return
	}
	e := &st.ev
	e.start(n, pos, text, r.line(), 0)
	s.open++
	for l := range strings.SplitSeq(r.stack, "\n") {
		v := []byte(strings.TrimRight(l, "\r"))
		switch d, _ := e.classify(v); d {
		case accept:
			e.add(n, v, false)
		case hold:
			e.hold(n, v)
		}
	}
	if r.at.File != "" && r.at.Line > 0 {
		// The logging call's place, after the trace's frames.
		r.at.File, r.at.Symbol = e.in.str([]byte(r.at.File)), e.in.str([]byte(r.at.Symbol))
		e.addFrame(r.at)
	}
	s.closeEvent(st)
}

func (s *scanner) feedAfters(n int64, text []byte) {
	k := 0
	for _, a := range s.afters {
		a.g.addLine(s.b, n, text, RoleAfter)
		if a.left--; a.left > 0 {
			s.afters[k] = a
			k++
		}
	}
	s.afters = s.afters[:k]
}

// captureBefore copies the event's before-context while its chunk is here.
func (s *scanner) captureBefore(e *event) {
	e.haveBefore = true
	if e.pos < 0 {
		return
	}
	var tmp [MaxContext]ctxLine
	for _, l := range s.hist.before(tmp[:0], s.data, e.pos, e.n0, s.cfg.context) {
		sl := e.line(l.n, trimCR(l.text), false)
		sl.cut = sl.cut || l.cut
		e.before = append(e.before, sl)
	}
}

func (s *scanner) closeEvent(st *stream) { s.closeEv(&st.ev) }

// closeEv closes an open event: its group is found or made and counted.
func (s *scanner) closeEv(e *event) {
	s.open--
	b := s.b
	b.res.Events++
	b.sig = e.signature(b.sig[:0])
	if gs, ok := b.groups[string(b.sig)]; ok {
		gs.g.Count++
		switch {
		case gs.inIdx == s.inIdx && e.n0 < gs.g.First.Line:
			// Interleaved streams close their events out of order: an
			// earlier occurrence becomes First (its lines are not kept).
			gs.g.First.Line, gs.g.First.TS = e.n0, string(e.ts)
		case gs.inIdx != s.inIdx || e.n0 > gs.lastN:
			gs.setLast(s.name, e.n0, e.ts)
		}
	} else if len(b.order) < s.cfg.maxGroups {
		if !e.haveBefore {
			s.captureBefore(e)
		}
		gs := b.newGroup(e, s.name)
		gs.inIdx = s.inIdx
		if gs.withLines && s.cfg.context > 0 {
			a := &afterColl{g: gs, left: s.cfg.context}
			// The blank lines held at the end, and the lines of other
			// streams since the event's last line, are the first lines
			// after it.
			for _, h := range e.after {
				if a.left > 0 {
					a.g.addLine(b, h.n, h.text, RoleAfter)
					a.left--
				}
			}
			if a.left > 0 {
				s.afters = append(s.afters, a)
			}
		}
	} else {
		b.drop(b.sig)
	}
	b.addLocations(e.frames)
	e.reset()
}

// gstate is a group with what Scan needs while it runs.
type gstate struct {
	g         *Group
	inIdx     int // the index of the first occurrence's input
	withLines bool
	lastIn    string
	lastN     int64
	lastTS    [48]byte
	lastTSLen int
}

func (gs *gstate) setLast(in string, n int64, ts []byte) {
	gs.lastIn, gs.lastN = in, n
	gs.lastTSLen = copy(gs.lastTS[:], ts)
}

func (gs *gstate) addLine(b *builder, n int64, text []byte, role Role) {
	c := clip(text, MaxStoredLine)
	if b.budget < len(c)+lineCost {
		b.res.Dropped.Lines = true
		return
	}
	b.budget -= len(c) + lineCost
	gs.g.Lines = append(gs.g.Lines, Line{N: n, Text: string(c), Role: role, Cut: len(c) < len(text)})
}

// builder holds the bounded tables and assembles the Result.
type builder struct {
	cfg    *config
	res    Result
	groups map[string]*gstate
	order  []*gstate
	sig    []byte
	budget int

	dropSeed maphash.Seed
	dropped  map[uint64]struct{}

	locIdx map[locKey]int
	locs   []Location
}

type locKey struct {
	file, sym string
	line      int
}

func newBuilder(cfg *config) *builder {
	return &builder{
		cfg:      cfg,
		groups:   map[string]*gstate{},
		budget:   cfg.budget,
		dropSeed: maphash.MakeSeed(),
		dropped:  map[uint64]struct{}{},
		locIdx:   map[locKey]int{},
		res:      Result{Context: cfg.context},
	}
}

// What stored things cost against the budget, beyond their text: a Line in
// its slice with its string, and a group with its map entry.
const (
	lineCost  = 96
	groupCost = 640
)

func (b *builder) newGroup(e *event, input string) *gstate {
	trig := string(e.trig)
	msg := clip(e.message(), maxSigInput)
	g := &Group{
		Signature: string(clip(b.sig, maxSigInput)),
		Kind:      e.kindName(),
		Exception: e.exception(),
		Count:     1,
		First:     Occurrence{Input: input, Line: e.n0, TS: string(e.ts)},
		Omitted:   e.omitted,
	}
	if k := len(trig) - len(msg); k >= 0 && trig[k:] == string(msg) {
		g.Message = trig[k:] // shares the error line's bytes
	} else {
		g.Message = string(msg)
		b.budget -= len(g.Message)
	}
	gs := &gstate{g: g}
	gs.setLast(input, e.n0, e.ts)
	b.groups[g.Signature] = gs
	b.order = append(b.order, gs)
	b.budget -= groupCost + len(g.Signature) + len(g.Exception)
	for _, f := range e.frames {
		if len(g.Frames) == 32 {
			break
		}
		g.Frames = append(g.Frames, f)
		b.budget -= lineCost
	}

	size := len(trig) + lineCost
	for _, ls := range [][]stLine{e.before, e.head, e.tail} {
		for _, l := range ls {
			size += len(l.text) + lineCost
		}
	}
	if size+b.cfg.context*(MaxStoredLine/4+lineCost) > b.budget {
		// Out of budget for lines: keep the start of the error line alone.
		b.res.Dropped.Lines = true
		t := clip(e.trig, overBudgetLine)
		g.Lines = []Line{{N: e.n0, Text: trig[:len(t)], Role: RoleError, Cut: e.tcut || len(t) < len(trig)}}
		return gs
	}
	gs.withLines = true
	b.budget -= size
	g.Lines = make([]Line, 0, len(e.before)+1+len(e.head)+len(e.tail)+b.cfg.context)
	for _, l := range e.before {
		g.Lines = append(g.Lines, Line{N: l.n, Text: string(l.text), Role: RoleBefore, Cut: l.cut})
	}
	g.Lines = append(g.Lines, Line{N: e.n0, Text: trig, Role: RoleError, Cut: e.tcut})
	add := func(l stLine) {
		r := RoleTrace
		if l.match {
			r = RoleError
		}
		g.Lines = append(g.Lines, Line{N: l.n, Text: string(l.text), Role: r, Cut: l.cut})
	}
	for _, l := range e.head {
		add(l)
	}
	for i := range e.tail {
		add(e.tail[(e.tailAt+i)%len(e.tail)])
	}
	return gs
}

func (b *builder) drop(sig []byte) {
	b.res.Dropped.Events++
	if len(b.dropped) >= maxDropSet {
		b.res.Dropped.AtLeast = true
		return
	}
	h := maphash.Bytes(b.dropSeed, sig)
	if _, ok := b.dropped[h]; !ok {
		b.dropped[h] = struct{}{}
		b.res.Dropped.Signatures++
	}
}

func (b *builder) addLocations(frames []Location) {
outer:
	for i, f := range frames {
		for _, g := range frames[:i] {
			if g.File == f.File && g.Line == f.Line && g.Symbol == f.Symbol {
				continue outer
			}
		}
		k := locKey{file: f.File, sym: f.Symbol, line: f.Line}
		if j, ok := b.locIdx[k]; ok {
			b.locs[j].Count++
			continue
		}
		if len(b.locs) >= maxLocations {
			b.res.Dropped.Locations++
			continue
		}
		b.locIdx[k] = len(b.locs)
		f.Count = 1
		b.locs = append(b.locs, f)
	}
}

func (b *builder) result() *Result {
	r := &b.res
	// Events of interleaved streams close out of order: groups go by their
	// first occurrence.
	slices.SortStableFunc(b.order, func(x, y *gstate) int {
		if c := cmp.Compare(x.inIdx, y.inIdx); c != 0 {
			return c
		}
		return cmp.Compare(x.g.First.Line, y.g.First.Line)
	})
	r.Groups = make([]*Group, len(b.order))
	for i, gs := range b.order {
		g := gs.g
		g.First.Time = parseTimestamp([]byte(g.First.TS))
		g.Last = Occurrence{Input: gs.lastIn, Line: gs.lastN, TS: string(gs.lastTS[:gs.lastTSLen])}
		g.Last.Time = parseTimestamp(gs.lastTS[:gs.lastTSLen])
		r.Groups[i] = g
	}
	r.Locations = slices.Clone(b.locs)
	slices.SortStableFunc(r.Locations, func(x, y Location) int { return cmp.Compare(y.Count, x.Count) })
	if r.Groups == nil {
		r.Groups = []*Group{}
	}
	if r.Locations == nil {
		r.Locations = []Location{}
	}
	if r.Inputs == nil {
		r.Inputs = []InputStats{}
	}
	return r
}

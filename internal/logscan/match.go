package logscan

import (
	"bytes"
	"math/bits"
	"regexp"
	"strings"
	"unicode/utf8"
)

// hit is a matching line in a chunk: the offset of the line's first byte and
// of the match's first byte.
type hit struct{ line, at int32 }

// A matcher finds the lines that match the error patterns.
type matcher interface {
	// find appends to hits every line of data that matches, in order. data
	// holds whole lines separated by '\n' (the last one may lack it).
	find(data []byte, hits []hit) []hit
	// match returns the offset of a match in line (which holds no '\n'), or -1.
	match(line []byte) int
}

// newMatcher compiles the patterns: plain ASCII words (and alternations of
// them, like "error|warn") get the literal fast path; anything else is a Go
// regular expression, and then all patterns are combined into one.
func newMatcher(patterns []string) (matcher, error) {
	var lits []string
	allLit := true
	for _, p := range patterns {
		if _, err := regexp.Compile("(?i)" + p); err != nil {
			return nil, &PatternError{Pattern: p, Err: err}
		}
		alts, ok := literalAlternatives(p)
		if !ok {
			allLit = false
			continue
		}
		lits = append(lits, alts...)
	}
	if allLit && len(lits) > 0 {
		return newLitMatcher(lits), nil
	}
	parts := make([]string, len(patterns))
	for i, p := range patterns {
		parts[i] = "(?:" + p + ")"
	}
	re, err := regexp.Compile("(?im)" + strings.Join(parts, "|"))
	if err != nil {
		return nil, &PatternError{Pattern: strings.Join(patterns, "|"), Err: err}
	}
	return &reMatcher{re: re}, nil
}

// literalAlternatives splits p on '|' when every alternative is a non-empty
// ASCII word without regexp metacharacters, and returns them lower-cased.
func literalAlternatives(p string) ([]string, bool) {
	if p == "" {
		return nil, false
	}
	alts := strings.Split(p, "|")
	for i, a := range alts {
		if a == "" || regexp.QuoteMeta(a) != a || strings.ContainsAny(a, "\n\r") {
			return nil, false
		}
		for j := 0; j < len(a); j++ {
			if a[j] >= utf8.RuneSelf {
				return nil, false
			}
		}
		alts[i] = strings.ToLower(a)
	}
	return alts, true
}

// litMatcher finds ASCII words case-insensitively. Each word gets an anchor:
// its rarest pair of adjacent bytes. One table lookup per byte says whether
// the byte can be the first or the second byte of an anchor (bits 0-15 and
// 16-31, one bit per anchor); a candidate is a byte pair whose bits meet, and
// only candidates are compared with the words.
type litMatcher struct {
	tbl     [256]uint32
	anchors [16][]anchorRef
	pats    []litPat
	solo    uint32 // anchor bits of one-byte words, which match at the pair's first byte
}

type anchorRef struct{ pat, off int32 }

type litPat struct {
	lower []byte // the word, lower-case
	fold  []byte // 0x20 where the word has a letter: b|fold == lower
}

func (p *litPat) eq(b []byte) bool {
	b = b[:len(p.lower)]
	for i, c := range p.lower {
		if b[i]|p.fold[i] != c {
			return false
		}
	}
	return true
}

func newLitMatcher(words []string) *litMatcher {
	m := &litMatcher{}
	type pair struct{ a, b byte }
	bitOf := map[pair]int{}
	seen := map[string]bool{}
	for _, w := range words {
		if seen[w] {
			continue
		}
		seen[w] = true
		p := litPat{lower: []byte(w), fold: make([]byte, len(w))}
		for i := 0; i < len(w); i++ {
			if w[i] >= 'a' && w[i] <= 'z' {
				p.fold[i] = 0x20
			}
		}
		pi := int32(len(m.pats))
		m.pats = append(m.pats, p)
		var pr pair
		off := 0
		if len(w) == 1 {
			pr = pair{w[0], 0}
		} else {
			best := -1.0
			for i := 0; i+1 < len(w); i++ {
				if s := pairScore(w[i], w[i+1]); best < 0 || s < best {
					best, off, pr = s, i, pair{w[i], w[i+1]}
				}
			}
		}
		bit, ok := bitOf[pr]
		if !ok {
			bit = len(bitOf) % 16
			bitOf[pr] = bit
		}
		m.anchors[bit] = append(m.anchors[bit], anchorRef{pat: pi, off: int32(off)})
		for c := 0; c < 256; c++ {
			if byteIs(byte(c), pr.a) {
				m.tbl[c] |= 1 << bit
			}
			if len(w) == 1 || byteIs(byte(c), pr.b) {
				m.tbl[c] |= 1 << (16 + bit)
			}
		}
		if len(w) == 1 {
			m.solo |= 1 << bit
		}
	}
	return m
}

// byteIs reports whether c is w, or its upper case when w is a lower-case letter.
func byteIs(c, w byte) bool {
	if w >= 'a' && w <= 'z' {
		return c|0x20 == w
	}
	return c == w
}

// letterFreq is a rough frequency (per mille) of bytes in English log text.
var letterFreq = func() [256]float64 {
	var f [256]float64
	for c := range f {
		f[c] = 5
	}
	for c, v := range map[byte]float64{
		'e': 110, 't': 90, 'a': 80, 'o': 75, 'i': 70, 'n': 70, 's': 65, 'r': 65,
		'h': 40, 'l': 40, 'd': 35, 'c': 35, 'u': 30, 'm': 30, 'p': 25, 'f': 20,
		'g': 20, 'w': 15, 'y': 15, 'b': 15, 'v': 10, 'k': 8, 'x': 4, 'j': 2,
		'q': 1, 'z': 1, ' ': 150, '.': 20, ':': 20, '/': 15, '-': 15, '=': 10,
		'_': 8, ',': 8,
	} {
		f[c] = v
	}
	for c := '0'; c <= '9'; c++ {
		f[c] = 40
	}
	return f
}()

// commonBigrams are pairs frequent enough in English to make poor anchors.
const commonBigrams = "th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le ve co me de hi ri ro ic ne ea ra ce li ch ll be ma si om ur"

func pairScore(a, b byte) float64 {
	s := letterFreq[a] * letterFreq[b]
	if strings.Contains(commonBigrams, string([]byte{a, b})) {
		s *= 4
	}
	return s
}

func (m *litMatcher) find(data []byte, hits []hit) []hit {
	i := 0
	for i < len(data) {
		s := m.scan(data, i)
		if s < 0 {
			break
		}
		ls := bytes.LastIndexByte(data[i:s], '\n') + 1 + i
		hits = append(hits, hit{line: int32(ls), at: int32(s)})
		e := bytes.IndexByte(data[s:], '\n')
		if e < 0 {
			break
		}
		i = s + e + 1
	}
	return hits
}

func (m *litMatcher) match(line []byte) int { return m.scan(line, 0) }

// scan returns the offset of the first match that starts at or after the
// candidate pairs from i on, or -1.
func (m *litMatcher) scan(data []byte, i int) int {
	if i >= len(data) {
		return -1
	}
	tbl := &m.tbl
	prev := tbl[data[i]]
	for j := i + 1; j < len(data); j++ {
		t := tbl[data[j]]
		if c := prev & (t >> 16); c != 0 {
			if s := m.verify(data, j-1, c); s >= 0 {
				return s
			}
		}
		prev = t
	}
	if m.solo != 0 {
		// A one-byte word as the last byte: no pair starts there.
		if c := prev & m.solo; c != 0 {
			return m.verify(data, len(data)-1, c)
		}
	}
	return -1
}

// verify compares the words anchored at p (for the anchor bits in c) and
// returns the leftmost match's offset, or -1.
func (m *litMatcher) verify(data []byte, p int, c uint32) int {
	best := -1
	for c != 0 {
		k := bits.TrailingZeros32(c)
		c &= c - 1
		for _, a := range m.anchors[k] {
			s := p - int(a.off)
			pat := &m.pats[a.pat]
			if s < 0 || s+len(pat.lower) > len(data) {
				continue
			}
			if pat.eq(data[s:]) && (best < 0 || s < best) {
				best = s
			}
		}
	}
	return best
}

// reMatcher runs one combined regular expression over whole chunks (so that
// its literal prefilters see long stretches) and confirms each match on its
// line.
type reMatcher struct{ re *regexp.Regexp }

func (m *reMatcher) find(data []byte, hits []hit) []hit {
	pos := 0
	for pos < len(data) {
		loc := m.re.FindIndex(data[pos:])
		if loc == nil {
			break
		}
		s := pos + loc[0]
		if s == len(data) && (s == 0 || data[s-1] == '\n') {
			break // an empty match after the last line
		}
		ls := bytes.LastIndexByte(data[pos:s], '\n') + 1 + pos
		le := len(data)
		if e := bytes.IndexByte(data[ls:], '\n'); e >= 0 {
			le = ls + e
		}
		if pos+loc[1] > le || s > le {
			// The match spans lines: confirm on the line alone.
			l := m.re.FindIndex(data[ls:le])
			if l == nil {
				pos = le + 1
				continue
			}
			s = ls + l[0]
		}
		hits = append(hits, hit{line: int32(ls), at: int32(s)})
		pos = le + 1
	}
	return hits
}

func (m *reMatcher) match(line []byte) int {
	loc := m.re.FindIndex(line)
	if loc == nil {
		return -1
	}
	return loc[0]
}

package logscan

import (
	"bytes"
	"unicode/utf8"
)

// ctxLine is a line with its number. Its text may point into a chunk.
type ctxLine struct {
	n    int64
	text []byte
	cut  bool // text is a clipped copy of a longer line
}

// history gives the lines before a position, for before-context. Lines in
// the current chunk are found by walking back from the position; the last
// lines of earlier chunks are kept as clipped copies (the carry), refreshed
// at the end of each chunk. Nothing is copied for lines that are never
// needed: grep-like scanning skips non-matching lines without looking at them.
type history struct {
	max   int
	clip  int       // carry lines are cut at this length
	carry []ctxLine // oldest first, at most max
	spare [][]byte
	tmp   []ctxLine
}

func (h *history) reset(max, clipAt int) {
	h.max, h.clip = max, clipAt
	for _, l := range h.carry {
		h.spare = append(h.spare, l.text[:0])
	}
	h.carry = h.carry[:0]
}

// before appends to dst (oldest first) up to want lines ending just before
// pos in data, where the line at pos is number n.
func (h *history) before(dst []ctxLine, data []byte, pos int, n int64, want int) []ctxLine {
	if want <= 0 {
		return dst
	}
	got := h.tmp[:0]
	end := pos - 1 // the '\n' ending the previous line
	for len(got) < want && end >= 0 {
		s := bytes.LastIndexByte(data[:end], '\n') + 1
		got = append(got, ctxLine{n: n - 1 - int64(len(got)), text: data[s:end]})
		end = s - 1
	}
	for i := len(h.carry) - 1; i >= 0 && len(got) < want; i-- {
		got = append(got, h.carry[i])
	}
	h.tmp = got
	for i := len(got) - 1; i >= 0; i-- {
		dst = append(dst, got[i])
	}
	return dst
}

// update remembers the last lines of a chunk once it is done; last is the
// number of its last line.
func (h *history) update(data []byte, last int64) {
	if h.max == 0 || len(data) == 0 {
		return
	}
	end := len(data)
	if data[end-1] == '\n' {
		end--
	}
	got := h.tmp[:0]
	for len(got) < h.max && end >= 0 {
		s := bytes.LastIndexByte(data[:end], '\n') + 1
		got = append(got, ctxLine{n: last - int64(len(got)), text: data[s:end]})
		end = s - 1
	}
	h.tmp = got
	// Keep the newest max lines: the old carry's tail, then got (reversed).
	drop := len(h.carry) + len(got) - h.max
	if drop > 0 {
		k := min(drop, len(h.carry))
		for _, l := range h.carry[:k] {
			h.spare = append(h.spare, l.text[:0])
		}
		h.carry = append(h.carry[:0], h.carry[k:]...)
	}
	for i := len(got) - 1; i >= 0; i-- {
		var b []byte
		if k := len(h.spare); k > 0 {
			b, h.spare = h.spare[k-1], h.spare[:k-1]
		}
		c := clip(got[i].text, h.clip)
		b = append(b[:0], c...)
		h.carry = append(h.carry, ctxLine{n: got[i].n, text: b, cut: len(c) < len(got[i].text)})
	}
}

// clip cuts b to at most n bytes, at a character boundary when b is UTF-8.
func clip(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	k := n
	for i := 0; i < utf8.UTFMax && k > 0 && !utf8.RuneStart(b[k]); i++ {
		k--
	}
	if !utf8.RuneStart(b[k]) {
		k = n // not UTF-8 here: cut anywhere
	}
	return b[:k]
}

func trimCR(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] == '\r' {
		return b[:len(b)-1]
	}
	return b
}

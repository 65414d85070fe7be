package lang

import (
	"bytes"
	"errors"
	"path"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds what the Python, JavaScript/TypeScript and Java scanners
// share: byte offsets to line numbers, comment spans, and cleaning the text
// of a /** */ block.

// maxNesting bounds how deep nested classes and namespaces are followed:
// deeper ones are skipped, which keeps qualified names (and the time to
// build them) small on absurd input.
const maxNesting = 64

// errBinary is returned for content that is not text at all.
var errBinary = errors.New("not a source file: contains NUL bytes")

// lineIndex maps byte offsets to 1-based line numbers. Lines end at '\n';
// a '\r' before it (CRLF) belongs to the line it ends.
type lineIndex []int // offsets of the '\n' bytes

func newLineIndex(src []byte) lineIndex {
	var idx lineIndex
	for i, b := range src {
		if b == '\n' {
			idx = append(idx, i)
		}
	}
	return idx
}

// line returns the line holding offset off.
func (idx lineIndex) line(off int) int {
	return sort.SearchInts(idx, off) + 1
}

// span is a comment: its byte range [start, end) and whether it is a
// /** doc block */.
type span struct {
	start, end int
	doc        bool
}

// commentSet is the comments of a file, in source order.
type commentSet []span

// between returns the comments lying wholly inside [from, to).
func (cs commentSet) between(from, to int) []span {
	i := sort.Search(len(cs), func(i int) bool { return cs[i].start >= from })
	j := i
	for j < len(cs) && cs[j].end <= to {
		j++
	}
	return cs[i:j]
}

// lines returns the sorted lines that hold a comment in [from, to], plus
// the lines docStart..docEnd.
func (cs commentSet) lines(idx lineIndex, from, to, docStart, docEnd int) []int {
	seen := map[int]bool{}
	// Comments do not overlap: the first that may reach line from is
	// found by its end.
	first := sort.Search(len(cs), func(i int) bool { return idx.line(max(cs[i].start, cs[i].end-1)) >= from })
	for _, c := range cs[first:] {
		a, b := idx.line(c.start), idx.line(max(c.start, c.end-1))
		if a > to {
			break
		}
		for l := max(a, from); l <= min(b, to); l++ {
			seen[l] = true
		}
	}
	if docStart > 0 {
		for l := docStart; l <= docEnd; l++ {
			seen[l] = true
		}
	}
	return sortedLines(seen)
}

func sortedLines(seen map[int]bool) []int {
	if len(seen) == 0 {
		return nil
	}
	out := make([]int, 0, len(seen))
	for l := range seen {
		out = append(out, l)
	}
	sort.Ints(out)
	return out
}

// blockDocText returns the text of a /** ... */ comment: the markers, the
// leading '*' of each line and surrounding blank lines removed.
func blockDocText(c []byte) string {
	s := string(c)
	s = strings.TrimPrefix(s, "/**")
	s = strings.TrimSuffix(s, "*/")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " \t")
		if strings.HasPrefix(t, "*") {
			t = strings.TrimPrefix(t, "*")
			t = strings.TrimPrefix(t, " ")
		} else if i > 0 {
			t = l
		}
		lines[i] = strings.TrimRight(t, " \t\r")
	}
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// docBefore finds the doc block for a declaration whose first token starts
// at off, the previous token ending at prevEnd: the last /** */ among the
// comments between them, as javac and TypeScript attach doc comments.
func docBefore(cs commentSet, prevEnd, off int) (span, bool) {
	between := cs.between(prevEnd, off)
	for i := len(between) - 1; i >= 0; i-- {
		if between[i].doc {
			return between[i], true
		}
	}
	return span{}, false
}

// isIdentStart reports whether r may begin an identifier in the C-like
// languages (letters of any script, '_' and '$').
func isIdentStart(r rune) bool {
	return r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' ||
		r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Other_ID_Start, r))
}

// isIdentPart reports whether r may continue an identifier.
func isIdentPart(r rune) bool {
	return isIdentStart(r) || r >= '0' && r <= '9' ||
		r >= utf8.RuneSelf && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) ||
			unicode.Is(unicode.Pc, r) || r == '\u200c' || r == '\u200d')
}

// identEnd returns the end of the identifier starting at i, or i when
// there is none. Python passes dollar=false.
func identEnd(src []byte, i int, dollar bool) int {
	j := i
	for j < len(src) {
		r, n := rune(src[j]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(src[j:])
		}
		ok := isIdentPart(r)
		if j == i {
			ok = isIdentStart(r)
		}
		if r == '$' && !dollar {
			ok = false
		}
		if !ok {
			break
		}
		j += n
	}
	return j
}

// startsIdent reports whether an identifier starts at i.
func startsIdent(src []byte, i int, dollar bool) bool {
	return identEnd(src, i, dollar) > i
}

// isBinary reports content that no scanner should try to read.
func isBinary(src []byte) bool { return bytes.IndexByte(src, 0) >= 0 }

// splitPath splits a slash-separated path into its directory segments and
// its base name; a leading "./" is ignored.
func splitPath(p string) (dirs []string, base string) {
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	dir, base := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	if dir != "" {
		dirs = strings.Split(dir, "/")
	}
	return dirs, base
}

// underTree reports whether test lies in a tree rooted at a directory
// named one of roots (e.g. tests/) whose parent is source's directory or
// one of its ancestors, and, when subMustMatch, whether the directories
// below that root are a suffix of source's directory (test/a/ for src/a/).
func underTree(sourceDirs, testDirs []string, roots []string, subMustMatch bool) bool {
	for i, seg := range testDirs {
		if !contains(roots, seg) {
			continue
		}
		parent, sub := testDirs[:i], testDirs[i+1:]
		if len(parent) > len(sourceDirs) || !equalSegs(parent, sourceDirs[:len(parent)]) {
			continue
		}
		if !subMustMatch {
			return true
		}
		rest := sourceDirs[len(parent):]
		if len(sub) <= len(rest) && equalSegs(sub, rest[len(rest)-len(sub):]) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func equalSegs(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// bracketTok is what pairing brackets needs to know of a token.
type bracketTok struct {
	text    string // "(", ")", "[", "]", "{" or "}"; "" for other tokens
	indent  int    // the indentation of the token's line
	col     int    // the token's column when it starts its line, else -1
	starter bool   // it may begin a declaration
}

// matchBrackets pairs each opening bracket with its closer and returns,
// for each bracket, the index of its partner (-1 for other tokens and
// stray closers). When some bracket is never closed (or closed by
// another's closer), brackets are paired
// again, and an open bracket is taken to end before a token that may begin
// a declaration and starts a line indented no deeper than the bracket's
// own line: there the author surely meant it closed. The last resort is
// the end of the file (index len(toks)). forced marks the tokens before
// which brackets were taken to end; it is nil for balanced input.
func matchBrackets(toks []bracketTok) (match []int, forced []bool) {
	match, ok := pairBrackets(toks, nil)
	if !ok {
		forced = make([]bool, len(toks))
		match, _ = pairBrackets(toks, forced)
	}
	return match, forced
}

// pairBrackets pairs brackets, recovering as matchBrackets tells when
// forced is not nil.
func pairBrackets(toks []bracketTok, forced []bool) ([]int, bool) {
	match := make([]int, len(toks))
	pair := map[string]string{")": "(", "]": "[", "}": "{"}
	var stack []int
	balanced := true
	for i, t := range toks {
		match[i] = -1
		if forced != nil && t.starter && t.col >= 0 {
			for len(stack) > 0 && toks[stack[len(stack)-1]].indent >= t.col {
				match[stack[len(stack)-1]] = i - 1
				stack = stack[:len(stack)-1]
				forced[i] = true
			}
		}
		switch t.text {
		case "(", "[", "{":
			stack = append(stack, i)
		case ")", "]", "}":
			k := len(stack) - 1
			for k >= 0 && toks[stack[k]].text != pair[t.text] {
				k--
			}
			if k < 0 {
				continue // a stray closer
			}
			for _, o := range stack[k:] {
				match[o] = i
			}
			balanced = balanced && k == len(stack)-1
			match[i] = stack[k]
			stack = stack[:k]
		}
	}
	for _, o := range stack {
		match[o] = len(toks)
	}
	return match, balanced && len(stack) == 0
}

// bracketToks describes tokens for matchBrackets from their start
// offsets and lines, the lines they end on, their punctuator texts ("" for
// others) and whether each may begin a declaration.
func bracketToks(idx lineIndex, starts, lines, endLines []int, texts []string, starter func(i int) bool) []bracketTok {
	out := make([]bracketTok, len(starts))
	indent := 0
	for i, off := range starts {
		col := -1
		if i == 0 || lines[i] > endLines[i-1] {
			// The first token on its line: its column is the line's
			// indentation.
			lineStart := 0
			if l := lines[i]; l >= 2 && l-2 < len(idx) {
				lineStart = idx[l-2] + 1
			}
			indent = off - lineStart
			col = indent
		}
		out[i] = bracketTok{indent: indent, col: col}
		switch texts[i] {
		case "(", ")", "[", "]", "{", "}":
			out[i].text = texts[i]
		}
		if col >= 0 {
			out[i].starter = starter(i)
		}
	}
	return out
}

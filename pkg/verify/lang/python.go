package lang

import (
	"strings"
)

// Python reads Python source with a scanner that knows its string literals
// (every prefix, triple quotes, f-strings with nested quotes as Python 3.12
// allows), comments, bracket nesting, backslash continuations and
// indentation, and builds the block structure from logical lines the way
// Python's own tokenizer does.
//
// Decls returns module-level functions and classes, the methods of classes
// ("Class.method") and nested classes ("Outer.Inner"), including those
// defined under a module- or class-level if/try/with block. Functions and
// classes nested inside functions are not declarations. Start is the first
// decorator line, End the last line of the last statement of the body, as
// Python's ast reports it (comments and blank lines after the last
// statement are not part of it). A name is exported when it does not start
// with "_" (so dunder methods such as __init__ are not exported: they are
// protocol, documented by the class), and a member only when all its
// enclosing classes are exported. The doc is the docstring: a plain, r or u
// string literal (implicitly concatenated, or parenthesised) as the body's
// first statement; b and f strings are not docstrings, as in Python.
type Python struct{}

// Name returns "python".
func (Python) Name() string { return "python" }

// IsTest reports whether p is a pytest or unittest file: test_*.py,
// *_test.py or conftest.py, or any .py file under a tests/ or test/
// directory.
func (Python) IsTest(p string) bool {
	dirs, base := splitPath(p)
	if !strings.HasSuffix(base, ".py") {
		return false
	}
	// tests.py and test.py: a project's one test module (Django's and
	// unittest's convention).
	if isPyTestName(base) || base == "conftest.py" || base == "tests.py" || base == "test.py" {
		return true
	}
	for _, d := range dirs {
		if d == "tests" || d == "test" {
			return true
		}
	}
	return false
}

func isPyTestName(base string) bool {
	return strings.HasPrefix(base, "test_") || strings.HasSuffix(base, "_test.py")
}

// TestsFor reports whether test is test_<module>.py or <module>_test.py
// for source's module (a package's __init__.py is its directory's name; a
// private or dunder module's underscores may be left out, as test_models.py
// tests _models.py),
// either in source's directory or anywhere in a tests/ or test/ tree whose
// parent is source's directory or one of its ancestors (src/pkg/mod.py is
// tested by tests/test_mod.py and tests/pkg/test_mod.py).
func (py Python) TestsFor(source, test string) bool {
	if !strings.HasSuffix(source, ".py") || py.IsTest(source) || !py.IsTest(test) {
		return false
	}
	sdirs, sbase := splitPath(source)
	tdirs, tbase := splitPath(test)
	mod := strings.TrimSuffix(sbase, ".py")
	if mod == "__init__" {
		if len(sdirs) == 0 {
			return false
		}
		mod = sdirs[len(sdirs)-1]
	}
	named := func(m string) bool { return m != "" && (tbase == "test_"+m+".py" || tbase == m+"_test.py") }
	if !named(mod) && !named(strings.Trim(mod, "_")) {
		return false
	}
	return equalSegs(sdirs, tdirs) || underTree(sdirs, tdirs, []string{"tests", "test"}, false)
}

type pyTokKind uint8

const (
	pyName pyTokKind = iota
	pyString
	pyNumber
	pyOp
)

type pyTok struct {
	kind       pyTokKind
	start, end int
	text       string // names and operators
	prefix     string // strings: the prefix, lowercased
	body       [2]int // strings: the content between the quotes
}

// pyLine is a logical line: the tokens of one statement line, however
// many physical lines its brackets, continuations and strings span.
type pyLine struct {
	indent int
	toks   []pyTok
}

type pyLexer struct {
	src      []byte
	pos      int
	comments commentSet
	lines    []pyLine
	cur      pyLine
	depth    int // bracket depth
	indent   int // indentation of the current physical line
	bol      bool
	nest     int // f-string nesting, bounded
}

// Decls returns the classes, methods and functions of a Python file; see
// the type's comment for what counts.
func (Python) Decls(_ string, src []byte) ([]Decl, error) {
	if isBinary(src) {
		return nil, errBinary
	}
	lx := &pyLexer{src: src, bol: true}
	lx.run()
	idx := newLineIndex(src)
	b := pyBuilder{lx: lx, idx: idx}
	b.build()
	for i := range b.decls {
		d := &b.decls[i]
		d.CommentLines = lx.comments.lines(idx, d.Start, d.End, d.DocStart, d.DocEnd)
	}
	return b.decls, nil
}

func (lx *pyLexer) emit(t pyTok) {
	if len(lx.cur.toks) == 0 {
		lx.cur.indent = lx.indent
	}
	lx.cur.toks = append(lx.cur.toks, t)
}

func (lx *pyLexer) endLine() {
	if len(lx.cur.toks) > 0 {
		lx.lines = append(lx.lines, lx.cur)
	}
	lx.cur = pyLine{}
	lx.depth = 0
}

func (lx *pyLexer) run() {
	src := lx.src
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		lx.pos = 3
	}
	for lx.pos < len(src) {
		if lx.bol {
			lx.bol = false
			col := 0
			for lx.pos < len(src) {
				switch src[lx.pos] {
				case ' ':
					col++
				case '\t':
					col = (col/8 + 1) * 8
				case '\f':
					col = 0
				case '\r':
				default:
					goto measured
				}
				lx.pos++
			}
		measured:
			lx.indent = col
			// def and class cannot appear inside brackets: one that
			// starts a physical line means a bracket was never closed.
			if lx.depth > 0 && lx.startsDefOrClass(lx.pos) {
				lx.endLine()
			}
			continue
		}
		c := src[lx.pos]
		switch {
		case c == '\n':
			lx.pos++
			lx.bol = true
			if lx.depth == 0 {
				lx.endLine()
			}
		case c == ' ' || c == '\t' || c == '\f' || c == '\r':
			lx.pos++
		case c == '#':
			start := lx.pos
			for lx.pos < len(src) && src[lx.pos] != '\n' {
				lx.pos++
			}
			end := lx.pos
			if end > start && src[end-1] == '\r' {
				end--
			}
			lx.comments = append(lx.comments, span{start: start, end: end})
		case c == '\\' && lx.pos+1 < len(src) && src[lx.pos+1] == '\n':
			lx.pos += 2
		case c == '\\' && lx.pos+2 < len(src) && src[lx.pos+1] == '\r' && src[lx.pos+2] == '\n':
			lx.pos += 3
		case c == '"' || c == '\'':
			lx.emit(lx.stringTok(lx.pos, lx.pos, ""))
		case c >= '0' && c <= '9' || c == '.' && lx.pos+1 < len(src) && src[lx.pos+1] >= '0' && src[lx.pos+1] <= '9':
			start := lx.pos
			lx.pos++
			for lx.pos < len(src) {
				d := src[lx.pos]
				if d == '.' || d == '_' || d >= '0' && d <= '9' || d >= 'a' && d <= 'z' || d >= 'A' && d <= 'Z' {
					lx.pos++
				} else if (d == '+' || d == '-') && (src[lx.pos-1] == 'e' || src[lx.pos-1] == 'E') {
					lx.pos++
				} else {
					break
				}
			}
			lx.emit(pyTok{kind: pyNumber, start: start, end: lx.pos})
		case startsIdent(src, lx.pos, false):
			start := lx.pos
			end := identEnd(src, lx.pos, false)
			word := string(src[start:end])
			if end < len(src) && (src[end] == '"' || src[end] == '\'') && isPyStrPrefix(word) {
				lx.emit(lx.stringTok(start, end, strings.ToLower(word)))
				continue
			}
			lx.pos = end
			lx.emit(pyTok{kind: pyName, start: start, end: end, text: word})
		default:
			start := lx.pos
			switch c {
			case '(', '[', '{':
				lx.depth++
			case ')', ']', '}':
				if lx.depth > 0 {
					lx.depth--
				}
			}
			n := 1
			if c == '-' && lx.pos+1 < len(src) && src[lx.pos+1] == '>' {
				n = 2
			}
			for c >= 0x80 && lx.pos+n < len(src) && src[lx.pos+n]&0xC0 == 0x80 {
				n++ // keep a stray multi-byte character whole
			}
			lx.pos += n
			lx.emit(pyTok{kind: pyOp, start: start, end: lx.pos, text: string(src[start:lx.pos])})
		}
	}
	lx.endLine()
}

// startsDefOrClass reports whether "def", "class" or "async def" followed
// by a name starts at i.
func (lx *pyLexer) startsDefOrClass(i int) bool {
	word := func(i int) (string, int) {
		e := identEnd(lx.src, i, false)
		return string(lx.src[i:e]), e
	}
	skip := func(i int) int {
		j := i
		for j < len(lx.src) && (lx.src[j] == ' ' || lx.src[j] == '\t') {
			j++
		}
		return j
	}
	w, e := word(i)
	if w == "async" {
		if j := skip(e); j > e {
			w, e = word(j)
			if w != "def" {
				return false
			}
		}
	}
	if w != "def" && w != "class" {
		return false
	}
	j := skip(e)
	return j > e && startsIdent(lx.src, j, false)
}

func isPyStrPrefix(w string) bool {
	switch strings.ToLower(w) {
	case "r", "u", "b", "f", "t", "br", "rb", "fr", "rf", "tr", "rt":
		return true
	}
	return false
}

// stringTok scans the string literal whose prefix starts at start and
// whose opening quote is at q, and leaves lx.pos after it.
func (lx *pyLexer) stringTok(start, q int, prefix string) pyTok {
	bodyStart, bodyEnd, end := lx.scanString(q, prefix)
	lx.pos = end
	return pyTok{kind: pyString, start: start, end: end, prefix: prefix, body: [2]int{bodyStart, bodyEnd}}
}

// scanString scans a string literal whose quote is at i. An unterminated
// single-quoted string ends at the end of its line, a triple-quoted one
// at the end of the file.
func (lx *pyLexer) scanString(i int, prefix string) (bodyStart, bodyEnd, end int) {
	src := lx.src
	q := src[i]
	triple := i+2 < len(src) && src[i+1] == q && src[i+2] == q
	j := i + 1
	if triple {
		j = i + 3
	}
	bodyStart = j
	fstr := strings.ContainsAny(prefix, "ft") && lx.nest < 64
	lx.nest++
	defer func() { lx.nest-- }()
	for j < len(src) {
		c := src[j]
		switch {
		case c == '\\':
			if j+2 < len(src) && src[j+1] == '\r' && src[j+2] == '\n' {
				j += 3
			} else {
				j += 2
			}
			continue
		case c == '\n' && !triple:
			return bodyStart, j, j
		case c == q:
			if !triple {
				return bodyStart, j, j + 1
			}
			if j+2 < len(src) && src[j+1] == q && src[j+2] == q {
				return bodyStart, j, j + 3
			}
		case c == '{' && fstr:
			if j+1 < len(src) && src[j+1] == '{' {
				j += 2
				continue
			}
			j = lx.scanFField(j+1, q, triple)
			continue
		}
		j++
	}
	return bodyStart, len(src), len(src)
}

// scanFField scans an f-string replacement field from just after its '{'
// and returns the offset after its '}' (or where the string must end).
func (lx *pyLexer) scanFField(j int, q byte, triple bool) int {
	src := lx.src
	depth := 0
	for j < len(src) {
		c := src[j]
		switch {
		case c == '\n' && !triple:
			return j
		case c == '"' || c == '\'':
			_, _, j = lx.scanString(j, "")
			continue
		case startsIdent(src, j, false):
			e := identEnd(src, j, false)
			if e < len(src) && (src[e] == '"' || src[e] == '\'') && isPyStrPrefix(string(src[j:e])) {
				_, _, j = lx.scanString(e, strings.ToLower(string(src[j:e])))
				continue
			}
			j = e
			continue
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']':
			if depth > 0 {
				depth--
			}
		case c == '}':
			if depth == 0 {
				return j + 1
			}
			depth--
		case c == ':' && depth == 0:
			return lx.scanFSpec(j+1, q, triple)
		}
		j++
	}
	return j
}

// scanFSpec scans a format spec, which may hold nested fields, up to and
// including the '}' closing its field.
func (lx *pyLexer) scanFSpec(j int, q byte, triple bool) int {
	src := lx.src
	for j < len(src) {
		c := src[j]
		switch {
		case c == '\n' && !triple, c == q && !triple:
			return j
		case c == q && j+2 < len(src) && src[j+1] == q && src[j+2] == q:
			return j
		case c == '{':
			j = lx.scanFField(j+1, q, triple)
			continue
		case c == '}':
			return j + 1
		}
		j++
	}
	return j
}

// pyScope is an open def or class block.
type pyScope struct {
	indent   int
	isClass  bool
	name     string // qualified, for classes
	exported bool
	decl     int // index in decls, -1 when not a declaration
	awaiting bool
}

type pyBuilder struct {
	lx    *pyLexer
	idx   lineIndex
	decls []Decl
	stack []pyScope
}

func (b *pyBuilder) line(off int) int { return b.idx.line(off) }

func (b *pyBuilder) build() {
	decoStart := -1 // line of the first pending decorator
	decoIndent := 0
	var decos []string // names of the pending decorators
	for _, l := range b.lx.lines {
		for len(b.stack) > 0 && b.stack[len(b.stack)-1].indent >= l.indent {
			b.stack = b.stack[:len(b.stack)-1]
		}
		first, last := l.toks[0], l.toks[len(l.toks)-1]
		endLine := b.line(max(last.start, last.end-1))
		for i := range b.stack {
			s := &b.stack[i]
			if s.decl >= 0 {
				d := &b.decls[s.decl]
				d.End = max(d.End, endLine)
				if s.awaiting {
					s.awaiting = false
					d.BodyStart = b.line(first.start)
					b.docstring(d, l.toks)
				}
			}
		}
		if first.kind == pyOp && first.text == "@" {
			if decoStart < 0 || decoIndent != l.indent {
				decoStart, decoIndent, decos = b.line(first.start), l.indent, nil
			}
			if n := pyDecoratorName(l.toks[1:]); n != "" {
				decos = append(decos, n)
			}
			continue
		}
		start := b.line(first.start)
		var annots []string
		if decoStart >= 0 && decoIndent == l.indent {
			start, annots = decoStart, decos
		}
		decoStart, decos = -1, nil
		toks := l.toks
		if toks[0].kind == pyName && toks[0].text == "async" && len(toks) > 1 && toks[1].kind == pyName && toks[1].text == "def" {
			toks = toks[1:]
		}
		if toks[0].kind != pyName || toks[0].text != "def" && toks[0].text != "class" || len(toks) < 2 || toks[1].kind != pyName {
			continue
		}
		isClass := toks[0].text == "class"
		name := toks[1].text
		// Inside a function nothing is a declaration; the scope still
		// opens so that its body is skipped.
		inFunc, container := false, -1
		if n := len(b.stack); n > 0 {
			if top := b.stack[n-1]; !top.isClass || top.decl < 0 || n >= maxNesting {
				inFunc = true
			} else {
				container = n - 1
			}
		}
		scope := pyScope{indent: l.indent, isClass: isClass, decl: -1}
		if !inFunc {
			kind, qual, exported := "function", name, !strings.HasPrefix(name, "_")
			if isClass {
				kind = "class"
			}
			if container >= 0 {
				c := b.stack[container]
				qual = c.name + "." + name
				exported = exported && c.exported
				if !isClass {
					kind = "method"
				}
			}
			scope.name, scope.exported = qual, exported
			b.decls = append(b.decls, Decl{Name: qual, Kind: kind, Exported: exported, Start: start, End: endLine, Annotations: annots})
			scope.decl = len(b.decls) - 1
		}
		// The header ends at the first ':' outside brackets; a body on
		// the same line makes a one-line definition.
		depth, colon := 0, -1
		for i := 2; i < len(toks) && colon < 0; i++ {
			if toks[i].kind != pyOp {
				continue
			}
			switch toks[i].text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth = max(0, depth-1)
			case ":":
				if depth == 0 {
					colon = i
				}
			}
		}
		if colon >= 0 && colon+1 < len(toks) {
			if scope.decl >= 0 {
				d := &b.decls[scope.decl]
				d.BodyStart = b.line(toks[colon+1].start)
				b.docstring(d, toks[colon+1:])
			}
			continue
		}
		scope.awaiting = true
		b.stack = append(b.stack, scope)
	}
}

// pyDecoratorName returns the dotted name a decorator's expression starts
// with ("typing.overload" for @typing.overload, "app.route" for
// @app.route("/")), "" when it starts with no name.
func pyDecoratorName(toks []pyTok) string {
	name := ""
	for i := 0; i < len(toks); i += 2 {
		if toks[i].kind != pyName {
			break
		}
		name += toks[i].text
		if i+1 >= len(toks) || toks[i+1].kind != pyOp || toks[i+1].text != "." {
			break
		}
		name += "."
	}
	return strings.TrimSuffix(name, ".")
}

// docstring sets d's doc when toks, a body's first logical line, starts
// with a statement made only of docstring literals.
func (b *pyBuilder) docstring(d *Decl, toks []pyTok) {
	for i, t := range toks {
		if t.kind == pyOp && t.text == ";" {
			toks = toks[:i]
			break
		}
	}
	for len(toks) >= 2 && toks[0].kind == pyOp && toks[0].text == "(" && toks[len(toks)-1].kind == pyOp && toks[len(toks)-1].text == ")" {
		toks = toks[1 : len(toks)-1]
	}
	if len(toks) == 0 {
		return
	}
	var text strings.Builder
	for _, t := range toks {
		if t.kind != pyString || strings.ContainsAny(t.prefix, "bft") {
			return
		}
		text.Write(b.lx.src[t.body[0]:max(t.body[0], t.body[1])])
	}
	last := toks[len(toks)-1]
	d.DocStart, d.DocEnd = b.line(toks[0].start), b.line(max(last.start, last.end-1))
	d.Doc = cleanDocstring(text.String())
}

// cleanDocstring trims a docstring as inspect.cleandoc does: the first
// line's leading space, the common indentation of the others, and blank
// lines at either end.
func cleanDocstring(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\t", "        ")
	lines := strings.Split(s, "\n")
	indent := -1
	for _, l := range lines[1:] {
		t := strings.TrimLeft(l, " ")
		if t == "" {
			continue
		}
		if n := len(l) - len(t); indent < 0 || n < indent {
			indent = n
		}
	}
	lines[0] = strings.TrimSpace(lines[0])
	for i := 1; i < len(lines); i++ {
		if indent > 0 && len(lines[i]) >= indent {
			lines[i] = lines[i][indent:]
		}
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

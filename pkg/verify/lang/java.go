package lang

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Java reads Java source with a scanner that knows string literals, text
// blocks ("""..."""), character literals and comments, and follows braces,
// parentheses and generic angle brackets.
//
// Decls returns classes, interfaces, enums, records and annotation types
// (Kind "interface"), nested ones qualified by their container
// ("Outer.Inner"), and their methods, constructors ("Class.method",
// "Class.Class"), fields (Kind "field", one Decl per declared name) and
// enum constants (also "field"). Local and anonymous classes, lambdas and
// record components are not declarations. Start is the first annotation's
// line; End the line of the closing brace, or of the ';' of a bodiless
// member. A declaration is exported when it is public or protected, or a
// member of an interface or annotation type that is not private, or an enum
// constant; a member only when its enclosing types are exported too. The
// doc is the last /** */ Javadoc between the previous token and the
// declaration's first token, its first annotation when it has some (as
// javac reads it: a Javadoc after an annotation documents nothing). Unicode
// escapes (\u0022) are not translated before scanning.
type Java struct{}

// Name returns "java".
func (Java) Name() string { return "java" }

// IsTest reports whether p is a Java test: a .java file under a src/test/
// tree, or named *Test.java, *Tests.java, *TestCase.java or *IT.java.
func (Java) IsTest(p string) bool {
	dirs, base := splitPath(p)
	stem, ok := strings.CutSuffix(base, ".java")
	if !ok {
		return false
	}
	for _, suf := range []string{"Test", "Tests", "TestCase", "IT"} {
		if strings.HasSuffix(stem, suf) && len(stem) > len(suf) {
			return true
		}
	}
	for i := 0; i+1 < len(dirs); i++ {
		if dirs[i] == "src" && isJavaTestSet(dirs[i+1]) {
			return true
		}
	}
	return false
}

// isJavaTestSet reports whether a source set's directory name (src/<set>/)
// holds tests: test, it, integrationTest, testFixtures and the like.
func isJavaTestSet(s string) bool {
	return s == "it" || strings.Contains(strings.ToLower(s), "test")
}

// TestsFor reports whether test, named Foo + Test, Tests, TestCase, IT or
// ITCase, or Test + Foo, tests source Foo.java: in the same directory, or
// in the same package of a parallel source tree, the two paths differing
// only in one directory that is a test one in test's path (src/main/java/
// a/b/Foo.java is tested by src/test/java/a/b/FooTest.java, and by
// src/integrationTest/java/a/b/FooIT.java).
func (j Java) TestsFor(source, test string) bool {
	if !strings.HasSuffix(source, ".java") || j.IsTest(source) || !j.IsTest(test) {
		return false
	}
	sdirs, sbase := splitPath(source)
	tdirs, tbase := splitPath(test)
	foo := strings.TrimSuffix(sbase, ".java")
	tstem := strings.TrimSuffix(tbase, ".java")
	named := tstem == "Test"+foo
	for _, suf := range []string{"Test", "Tests", "TestCase", "IT", "ITCase"} {
		named = named || tstem == foo+suf
	}
	if !named || len(sdirs) != len(tdirs) {
		return false
	}
	diff := -1
	for i := range sdirs {
		if sdirs[i] != tdirs[i] {
			if diff >= 0 {
				return false
			}
			diff = i
		}
	}
	if diff < 0 {
		return true
	}
	t := strings.ToLower(tdirs[diff])
	return (t == "it" || strings.Contains(t, "test")) && !strings.Contains(strings.ToLower(sdirs[diff]), "test")
}

type javaKind uint8

const (
	javaIdent javaKind = iota
	javaPunct
	javaLiteral
)

type javaTok struct {
	kind       javaKind
	start, end int
	text       string
}

type javaParser struct {
	src      []byte
	toks     []javaTok
	match    []int
	bt       []bracketTok
	lines    []int
	endLines []int
	idx      lineIndex
	comments commentSet
	decls    []Decl
}

// Decls returns the declarations of a Java file; see the type's comment
// for what counts.
func (Java) Decls(_ string, src []byte) ([]Decl, error) {
	if isBinary(src) {
		return nil, errBinary
	}
	p := &javaParser{src: src, idx: newLineIndex(src)}
	p.scan()
	p.lines = make([]int, len(p.toks))
	p.endLines = make([]int, len(p.toks))
	for i, t := range p.toks {
		p.lines[i] = p.idx.line(t.start)
		p.endLines[i] = p.idx.line(max(t.start, t.end-1))
	}
	p.matchBrackets()
	p.body(0, len(p.toks), "", true, javaTop)
	for i := range p.decls {
		d := &p.decls[i]
		d.CommentLines = p.comments.lines(p.idx, d.Start, d.End, d.DocStart, d.DocEnd)
	}
	return p.decls, nil
}

func (p *javaParser) scan() {
	src := p.src
	i := 0
	emit := func(k javaKind, start, end int) {
		t := javaTok{kind: k, start: start, end: end}
		if k != javaLiteral {
			t.text = string(src[start:end])
		}
		p.toks = append(p.toks, t)
	}
	for i < len(src) {
		c := src[i]
		start := i
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			e := i
			if e > start && src[e-1] == '\r' {
				e--
			}
			p.comments = append(p.comments, span{start: start, end: e})
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			e := bytes.Index(src[i+2:], []byte("*/"))
			if e < 0 {
				i = len(src)
			} else {
				i += e + 4
			}
			doc := start+2 < len(src) && src[start+2] == '*' && !(start+3 < len(src) && src[start+3] == '/')
			p.comments = append(p.comments, span{start: start, end: i, doc: doc})
		case c == '"' && i+2 < len(src) && src[i+1] == '"' && src[i+2] == '"':
			i += 3
			for i < len(src) {
				if src[i] == '\\' {
					i += 2
					continue
				}
				if src[i] == '"' && i+2 < len(src) && src[i+1] == '"' && src[i+2] == '"' {
					i += 3
					break
				}
				i++
			}
			emit(javaLiteral, start, min(i, len(src)))
		case c == '"' || c == '\'':
			i++
			for i < len(src) && src[i] != c && src[i] != '\n' {
				if src[i] == '\\' {
					i++
				}
				i++
			}
			if i < len(src) && src[i] == c {
				i++
			}
			i = min(i, len(src))
			emit(javaLiteral, start, i)
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			i++
			for i < len(src) {
				d := src[i]
				if d == '.' || d == '_' || d >= '0' && d <= '9' || d >= 'a' && d <= 'z' || d >= 'A' && d <= 'Z' {
					i++
				} else if (d == '+' || d == '-') && (src[i-1] == 'e' || src[i-1] == 'E' || src[i-1] == 'p' || src[i-1] == 'P') {
					i++
				} else {
					break
				}
			}
			emit(javaLiteral, start, i)
		case startsIdent(src, i, true):
			i = identEnd(src, i, true)
			emit(javaIdent, start, i)
		default:
			n := 1
			if c >= utf8.RuneSelf {
				r, size := utf8.DecodeRune(src[i:])
				n = size
				if unicode.IsSpace(r) || r == '\uFEFF' {
					i += n
					continue
				}
			} else if s := string(src[i:min(len(src), i+3)]); strings.HasPrefix(s, "->") || strings.HasPrefix(s, "::") {
				n = 2
			} else if s == "..." {
				n = 3
			}
			i += n
			emit(javaPunct, start, i)
		}
	}
}

// matchBrackets pairs the brackets; see matchBrackets.
func (p *javaParser) matchBrackets() {
	starts := make([]int, len(p.toks))
	texts := make([]string, len(p.toks))
	for i, t := range p.toks {
		starts[i] = t.start
		if t.kind == javaPunct {
			texts[i] = t.text
		}
	}
	p.bt = bracketToks(p.idx, starts, p.lines, p.endLines, texts, func(i int) bool {
		t := p.toks[i]
		switch t.text {
		case "class", "interface", "enum", "record", "@", "void", "package", "import":
			return t.kind != javaLiteral
		}
		return t.kind == javaIdent && javaModifiers[t.text] && t.text != "default"
	})
	p.match, _ = matchBrackets(p.bt)
}

// nextMemberAt reports whether token k, though inside the member that
// starts at token first, is where the author meant the next one to begin:
// a modifier or annotation starting a line no deeper than first's. That
// happens only when the member's text is broken (an unterminated string,
// a missing ';').
func (p *javaParser) nextMemberAt(k, first int) bool {
	return k > first && k < len(p.bt) && p.bt[k].starter && p.bt[k].col >= 0 && p.bt[k].col <= p.bt[first].indent
}

func (p *javaParser) is(i int, text string) bool {
	return i >= 0 && i < len(p.toks) && p.toks[i].kind != javaLiteral && p.toks[i].text == text
}

func (p *javaParser) ident(i int) bool {
	return i >= 0 && i < len(p.toks) && p.toks[i].kind == javaIdent
}

func (p *javaParser) word(i int) string {
	if p.ident(i) {
		return p.toks[i].text
	}
	return ""
}

func (p *javaParser) after(i int) int {
	if i < len(p.toks) && p.match[i] > i {
		return min(len(p.toks), p.match[i]+1)
	}
	return i + 1
}

// skipTo returns the index of the first ';' (or, with brace, '{') outside
// brackets from i, or the closer of the enclosing block, or end.
func (p *javaParser) skipTo(i, end int, brace bool) int {
	for i < end {
		switch {
		case p.is(i, ";"), p.is(i, "}"), p.is(i, ")"), p.is(i, "]"):
			return i
		case brace && p.is(i, "{"):
			return i
		}
		i = p.after(i)
	}
	return end
}

// angleEnd returns the index after the <...> at i.
func (p *javaParser) angleEnd(i, end int) int {
	depth := 0
	for j := i; j < end; {
		switch {
		case p.is(j, "<"):
			depth++
		case p.is(j, ">"):
			depth--
			if depth <= 0 {
				return j + 1
			}
		case p.is(j, ";"), p.is(j, "{"), p.is(j, "}"), p.is(j, ")"):
			return j
		case p.is(j, "(") || p.is(j, "["):
			j = min(end, p.after(j))
			continue
		}
		j++
	}
	return end
}

// annotationName returns the name of the annotation at i (an '@') as
// written, qualified names joined by '.', "" when there is none.
func (p *javaParser) annotationName(i int) string {
	j := i + 1
	if !p.ident(j) {
		return ""
	}
	name := p.word(j)
	for j++; p.is(j, ".") && p.ident(j+1); j += 2 {
		name += "." + p.word(j+1)
	}
	return name
}

// annotationEnd returns the index after the annotation at i (an '@').
func (p *javaParser) annotationEnd(i, end int) int {
	j := i + 1
	if !p.ident(j) {
		return j
	}
	j++
	for p.is(j, ".") && p.ident(j+1) {
		j += 2
	}
	if p.is(j, "(") {
		j = min(end, p.after(j))
	}
	return j
}

var javaModifiers = map[string]bool{
	"public": true, "protected": true, "private": true, "static": true, "final": true, "abstract": true,
	"sealed": true, "strictfp": true, "default": true, "synchronized": true, "native": true,
	"transient": true, "volatile": true,
}

type javaBodyKind uint8

const (
	javaTop javaBodyKind = iota
	javaClassBody
	javaInterfaceBody
	javaEnumBody
	javaRecordBody
)

// body reads the declarations in [i, end): a file's top level or a type's
// body. qual is the enclosing type's qualified name.
func (p *javaParser) body(i, end int, qual string, exported bool, kind javaBodyKind) {
	if kind == javaEnumBody {
		i = p.enumConstants(i, end, qual, exported)
	}
	for i < end {
		if p.is(i, ";") || p.is(i, "}") || p.is(i, ")") || p.is(i, "]") {
			i++
			continue
		}
		next := p.member(i, end, qual, exported, kind)
		if next <= i {
			next = i + 1
		}
		i = next
	}
}

// enumConstants reads an enum's constants from the start of its body and
// returns the index after them.
func (p *javaParser) enumConstants(i, end int, qual string, exported bool) int {
	for i < end {
		if p.is(i, ";") {
			return i + 1
		}
		if p.is(i, ",") {
			i++
			continue
		}
		first := i
		for p.is(i, "@") && i < end {
			i = p.annotationEnd(i, end)
		}
		if !p.ident(i) || p.is(i+1, "<") || p.ident(i+1) || p.is(i+1, ".") {
			return first // no constants: members start here
		}
		last := i
		name := p.word(i)
		i++
		if p.is(i, "(") {
			i = min(end, p.after(i))
			last = i - 1
		}
		body := -1
		if p.is(i, "{") {
			body = i
			i = min(end, p.after(i))
			last = i - 1
		}
		d := p.newDecl(qual+"."+name, "field", exported, first, min(last, end-1))
		if body >= 0 {
			d.BodyStart = p.lines[body]
		}
		p.decls = append(p.decls, d)
	}
	return i
}

func (p *javaParser) newDecl(name, kind string, exported bool, first, last int) Decl {
	last = max(first, min(last, len(p.toks)-1))
	d := Decl{Name: name, Kind: kind, Exported: exported, Start: p.lines[first], End: p.endLines[last]}
	prevEnd := 0
	if first > 0 {
		prevEnd = p.toks[first-1].end
	}
	if c, ok := docBefore(p.comments, prevEnd, p.toks[first].start); ok {
		d.DocStart, d.DocEnd = p.idx.line(c.start), p.idx.line(max(c.start, c.end-1))
		d.Doc = blockDocText(p.src[c.start:c.end])
	}
	return d
}

// member reads one declaration at i and returns the index after it.
func (p *javaParser) member(i, end int, qual string, outerExported bool, kind javaBodyKind) int {
	first := i
	public, private := false, false
	var annots []string
	for i < end {
		switch w := p.word(i); {
		case p.is(i, "@") && !p.is(i+1, "interface"):
			if n := p.annotationName(i); n != "" {
				annots = append(annots, n)
			}
			i = p.annotationEnd(i, end)
			continue
		case javaModifiers[w]:
			public = public || w == "public" || w == "protected"
			private = private || w == "private"
		case w == "non" && p.is(i+1, "-") && p.is(i+2, "sealed"):
			i += 2
		default:
			goto mods
		}
		i++
	}
mods:
	if i >= end {
		return end
	}
	if kind == javaTop {
		switch p.word(i) {
		case "package", "import":
			return p.skipTo(i, end, false) + 1
		case "module", "open":
			j := p.skipTo(i, end, true)
			return p.after(j)
		}
	}
	exported := public || (kind == javaInterfaceBody && !private)
	if kind != javaTop {
		exported = exported && outerExported
	}
	qualify := func(name string) string {
		if qual == "" {
			return name
		}
		return qual + "." + name
	}
	// A nested or top-level type.
	typeKind, nameAt := "", -1
	switch w := p.word(i); {
	case p.is(i, "@") && p.is(i+1, "interface") && p.ident(i+2):
		typeKind, nameAt = "interface", i+2
	case (w == "class" || w == "interface" || w == "enum") && p.ident(i+1):
		typeKind, nameAt = w, i+1
	case w == "record" && p.ident(i+1) && (p.is(i+2, "(") || p.is(i+2, "<")):
		typeKind, nameAt = "record", i+1
	}
	if typeKind != "" {
		name := qualify(p.word(nameAt))
		j := nameAt + 1
		for j < end && !p.is(j, "{") && !p.is(j, ";") && !p.is(j, "}") {
			if p.is(j, "<") {
				j = p.angleEnd(j, end)
				continue
			}
			j = p.after(j)
		}
		if !p.is(j, "{") || j >= end {
			p.decls = append(p.decls, p.newDecl(name, typeKind, exported, first, min(j, end-1)))
			return j + 1
		}
		close := min(end, p.match[j])
		d := p.newDecl(name, typeKind, exported, first, close)
		d.BodyStart = p.lines[j]
		d.Annotations = annots
		p.decls = append(p.decls, d)
		bk := javaClassBody
		switch typeKind {
		case "interface":
			bk = javaInterfaceBody
		case "enum":
			bk = javaEnumBody
		case "record":
			bk = javaRecordBody
		}
		if strings.Count(name, ".") < maxNesting {
			p.body(j+1, close, name, exported, bk)
		}
		return close + 1
	}
	if kind == javaTop {
		return p.skipTo(i, end, true) + 1 // not a declaration: skip it
	}
	// An initializer block.
	if p.is(i, "{") {
		return p.after(i)
	}
	if p.is(i, "<") {
		i = p.angleEnd(i, end)
	}
	// The member's type and name: the last identifier before '(', '=',
	// ';', ',' or '{' outside angle brackets.
	typeStart := i
	name := -1
	angle := 0
	j := i
	for j < end {
		switch {
		case p.is(j, "@") && p.ident(j+1):
			j = p.annotationEnd(j, end)
			continue
		case p.is(j, "<"):
			angle++
		case p.is(j, ">"):
			angle = max(0, angle-1)
		case p.is(j, "["):
			j = p.after(j)
			continue
		case angle == 0 && (p.is(j, "(") || p.is(j, "=") || p.is(j, ";") || p.is(j, ",") || p.is(j, "{") || p.is(j, "}")):
			goto named
		case p.ident(j) && angle == 0:
			name = j
		case p.is(j, "(") || p.is(j, "{"):
			j = p.after(j)
			continue
		}
		j++
	}
named:
	if name < 0 || j >= end {
		return p.skipTo(j, end, false) + 1
	}
	switch {
	case p.is(j, "("):
		mkind := "method"
		if name == typeStart {
			mkind = "constructor"
		}
		k := min(end, p.after(j))
		for k < end && !p.is(k, "{") && !p.is(k, ";") && !p.is(k, "}") {
			if p.nextMemberAt(k, first) {
				k-- // a bodiless member without its ';'
				break
			}
			if p.is(k, "default") {
				k = p.skipTo(k, end, false)
				break
			}
			k = p.after(k)
		}
		d := p.newDecl(qualify(p.word(name)), mkind, exported, first, min(k, end-1))
		d.Annotations = annots
		next := k + 1
		if p.is(k, "{") && k < end {
			close := min(end, p.match[k])
			d.BodyStart, d.End = p.lines[k], p.endLines[min(close, len(p.toks)-1)]
			next = close + 1
		}
		p.decls = append(p.decls, d)
		return next
	case p.is(j, "{") && name == typeStart && kind == javaRecordBody:
		// A compact canonical constructor.
		close := min(end, p.match[j])
		d := p.newDecl(qualify(p.word(name)), "constructor", exported, first, close)
		d.BodyStart = p.lines[j]
		p.decls = append(p.decls, d)
		return close + 1
	case p.is(j, "{"):
		return p.after(j)
	}
	// Fields: name [= init] {, name [= init]} ;
	start := first
	for {
		k := j
		for k < end && !p.is(k, ";") && !p.is(k, "}") {
			if p.is(k, ",") && p.fieldDeclaratorAt(k+1) {
				break
			}
			if p.nextMemberAt(k, first) {
				k-- // a field without its ';'
				break
			}
			k = p.after(k)
		}
		k = min(k, end)
		last := k - 1
		if p.is(k, ";") {
			last = k
		}
		d := p.newDecl(qualify(p.word(name)), "field", exported, start, max(start, min(last, end-1)))
		d.Annotations = annots
		if start != first {
			// A later declarator of the statement shares its doc.
			prev := p.decls[len(p.decls)-1]
			if !d.HasDoc() {
				d.DocStart, d.DocEnd, d.Doc = prev.DocStart, prev.DocEnd, prev.Doc
			}
		}
		p.decls = append(p.decls, d)
		if !p.is(k, ",") || !p.ident(k+1) {
			return k + 1
		}
		name, start = k+1, k+1
		j = k + 2
		for p.is(j, "[") {
			j = p.after(j)
		}
	}
}

// fieldDeclaratorAt reports whether another variable declarator starts at
// i: a name, maybe with [] dimensions, followed by '=', ',' or ';' (not a
// type argument as in Map<K, V[]>).
func (p *javaParser) fieldDeclaratorAt(i int) bool {
	if !p.ident(i) {
		return false
	}
	j := i + 1
	for p.is(j, "[") && p.is(j+1, "]") {
		j += 2
	}
	return p.is(j, "=") || p.is(j, ",") || p.is(j, ";")
}

package lang

import (
	"bytes"
	"path"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// JS reads JavaScript and TypeScript (.js .jsx .mjs .cjs .ts .tsx .mts
// .cts) with a scanner that knows strings, template literals with nested
// ${} expressions, regular expression literals (told from division by the
// token before), comments and, in .js, .jsx, .mjs, .cjs and .tsx files, JSX
// elements, whose text may hold quotes and slashes freely.
//
// Decls returns the top-level declarations: functions (Kind "function",
// also for a const, let or var whose value is an arrow function or a
// function expression, and for CommonJS exports.name = function),
// classes with their members ("Class.member": "method", "constructor",
// "getter" and "setter" for get and set accessors, and "property" for the
// other properties; a property holding an arrow function counts as a
// method; index signatures are not declarations), interfaces, type
// aliases, enums, and other const ("const"), let and var ("var") bindings
// of a plain name. Declarations inside a namespace are qualified by it
// ("NS.f"). Overload signatures are merged with the implementation that
// follows them into one Decl, from the first signature to the body's end.
// An anonymous default export is named "default". A function assigned to
// a member of an exported object (res.json = function ..., or
// Foo.prototype.bar = ... for an exported Foo, or proto.bar = ... where
// var proto = Foo.prototype) is a "method" named as written ("res.json",
// "Foo.prototype.bar"); on an object that is not exported it is no
// declaration.
//
// A declaration is exported when it carries export (or export default),
// is named in a local export { } clause or export default name, is
// module.exports (also in chains such as var app = exports =
// module.exports = {}), one of module.exports = { } or exports.name =
// name, or is in a .d.ts file without imports or exports (a global
// declaration file). A class member, or a function assigned to an
// object's member, is exported when its class or object is and it is
// neither private, nor a #private name, nor named with a leading "_". The
// doc is the last /** */ block before the
// declaration's first token (its first decorator when it has some) and
// after the previous token's line, as TypeScript attaches JSDoc.
type JS struct{}

// Name returns "javascript".
func (JS) Name() string { return "javascript" }

var jsExts = []string{".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"}

// jsSplitName splits a base name into its stem and its JS/TS extension,
// ok false when it has none.
func jsSplitName(base string) (stem, ext string, ok bool) {
	ext = path.Ext(base)
	if !contains(jsExts, strings.ToLower(ext)) {
		return "", "", false
	}
	return strings.TrimSuffix(base, ext), ext, true
}

// jsTestDirs are the directories whose JS/TS files are test code: jest's
// __tests__, the test/, tests/ and spec/ trees mocha, ava, tap,
// node:test and jasmine projects keep their tests (and helpers) in, and
// tsd's test-d/ of type tests.
var jsTestDirs = []string{"__tests__", "test", "tests", "spec", "test-d"}

// inJSTestDir reports whether dirs holds one of jsTestDirs.
func inJSTestDir(dirs []string) bool {
	for _, d := range jsTestDirs {
		if contains(dirs, d) {
			return true
		}
	}
	return false
}

// IsTest reports whether p is a JS/TS test file: *.test.* or *.spec.*
// with a JS/TS extension, or any JS/TS file under a __tests__, test, tests
// spec or test-d directory (their helpers and fixtures are test code too).
func (JS) IsTest(p string) bool {
	dirs, base := splitPath(p)
	stem, _, ok := jsSplitName(base)
	if !ok {
		return false
	}
	if strings.HasSuffix(stem, ".test") || strings.HasSuffix(stem, ".spec") || IsTypeTest(p) {
		return true
	}
	// test.js, tests.ts, test.node.js: a small package's one test file.
	if stem == "test" || stem == "tests" || strings.HasPrefix(stem, "test.") {
		return true
	}
	return inJSTestDir(dirs)
}

// IsTypeTest reports whether p is a type test, tsd's and vitest's
// typecheck convention: <name>.test-d.<JS/TS extension>, or a JS/TS file
// under a test-d directory. The compiler checks it; nothing runs it.
func IsTypeTest(p string) bool {
	dirs, base := splitPath(p)
	stem, _, ok := jsSplitName(base)
	return ok && (strings.HasSuffix(stem, ".test-d") || contains(dirs, "test-d"))
}

// TestsFor reports whether test tests source: its name is
// <stem>.test.<ext> or <stem>.spec.<ext> (any JS/TS extension; in a
// __tests__ directory also plain <stem>.<ext>), and it sits beside source,
// in a __tests__ directory beside it, or in a parallel tree rooted at a
// test, tests or __tests__ directory in source's directory or an ancestor,
// whose subdirectories end source's path (src/a/foo.ts is tested by
// test/a/foo.test.ts, tests/a/foo.spec.js and __tests__/a/foo.test.ts).
func (js JS) TestsFor(source, test string) bool {
	if js.IsTest(source) || !js.IsTest(test) {
		return false
	}
	sdirs, sbase := splitPath(source)
	tdirs, tbase := splitPath(test)
	sstem, _, ok := jsSplitName(sbase)
	if !ok {
		return false
	}
	// foo.d.ts declares foo.js's types; either is tested by foo.test.*.
	sstem = strings.TrimSuffix(sstem, ".d")
	tstem, _, _ := jsSplitName(tbase)
	inTests := inJSTestDir(tdirs)
	switch {
	case tstem == sstem+".test", tstem == sstem+".spec":
	case tstem == sstem && inTests:
	default:
		return false
	}
	if equalSegs(sdirs, tdirs) {
		return true
	}
	if len(tdirs) == len(sdirs)+1 && tdirs[len(tdirs)-1] == "__tests__" && equalSegs(sdirs, tdirs[:len(sdirs)]) {
		return true
	}
	return underTree(sdirs, tdirs, []string{"test", "tests", "__tests__"}, true)
}

type jsKind uint8

const (
	jsIdent jsKind = iota
	jsPunct
	jsString
	jsTemplate
	jsRegex
	jsNumber
	jsJSX
	jsPrivate
)

type jsTok struct {
	kind       jsKind
	start, end int
	text       string // identifiers, punctuators, private names; strings' contents
}

type jsLexer struct {
	src      []byte
	jsx, tsx bool
	toks     []jsTok
	comments commentSet
	depth    int
	jsxMemo  map[int]int // JSX element starts found not to be one: -1
}

// jsPuncts are the multi-character punctuators the scanner keeps whole,
// longest first. '<' and '>' always stand alone so that generics nest.
var jsPuncts = []string{"...", "===", "!==", "**=", "&&=", "||=", "??=", "=>", "==", "!=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "%=", "&=", "|=", "^=", "**"}

// jsNoEndWords are keywords after which an expression cannot end.
var jsNoEndWords = map[string]bool{
	"typeof": true, "instanceof": true, "in": true, "of": true, "new": true, "delete": true, "throw": true,
	"case": true, "do": true, "else": true, "extends": true, "keyof": true, "infer": true, "is": true,
	"as": true, "satisfies": true, "implements": true, "yield": true, "await": true, "export": true,
	"import": true, "default": true, "function": true, "class": true, "interface": true, "enum": true,
	"let": true, "var": true, "declare": true, "abstract": true, "readonly": true, "unique": true,
	"asserts": true, "return": true,
}

// jsRegexAfterWords are keywords after which '/' starts a regular
// expression and '<' a JSX element.
var jsRegexAfterWords = map[string]bool{
	"return": true, "typeof": true, "instanceof": true, "in": true, "of": true, "new": true, "delete": true,
	"void": true, "throw": true, "case": true, "do": true, "else": true, "yield": true, "await": true,
	"extends": true, "default": true,
}

// exprStart reports whether an expression may start after prev: there '/'
// begins a regular expression, not a division.
func exprStart(prev *jsTok) bool {
	if prev == nil {
		return true
	}
	switch prev.kind {
	case jsIdent:
		return jsRegexAfterWords[prev.text]
	case jsPunct:
		switch prev.text {
		case ")", "]", "++", "--":
			return false
		}
		return true
	}
	return false
}

func (lx *jsLexer) lineEnd(i int) int {
	for i < len(lx.src) && lx.src[i] != '\n' {
		i++
	}
	return i
}

// skipSpace skips white space and comments from i, recording the comments.
func (lx *jsLexer) skipSpace(i int) int {
	src := lx.src
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			i++
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			e := lx.lineEnd(i)
			ce := e
			if ce > i && src[ce-1] == '\r' {
				ce--
			}
			lx.comments = append(lx.comments, span{start: i, end: ce})
			i = e
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			e := bytes.Index(src[i+2:], []byte("*/"))
			if e < 0 {
				e = len(src)
			} else {
				e += i + 4
			}
			doc := i+2 < len(src) && src[i+2] == '*' && !(i+3 < len(src) && src[i+3] == '/')
			lx.comments = append(lx.comments, span{start: i, end: e, doc: doc})
			i = e
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(src[i:])
			if r != '\uFEFF' && !unicode.IsSpace(r) {
				return i
			}
			i += n
		default:
			return i
		}
	}
	return i
}

// peekSpace returns where the next token starts after i, without
// recording the comments on the way.
func (lx *jsLexer) peekSpace(i int) int {
	n := len(lx.comments)
	i = lx.skipSpace(i)
	lx.comments = lx.comments[:n]
	return i
}

// scan tokenises from i. With untilBrace it stops after the '}' that
// closes an enclosing ${ or JSX {, and returns the offset after it.
func (lx *jsLexer) scan(i int, untilBrace bool) int {
	src := lx.src
	braces := 0
	var prev *jsTok
	first := len(lx.toks)
	emit := func(t jsTok) {
		lx.toks = append(lx.toks, t)
		prev = &lx.toks[len(lx.toks)-1]
	}
	if i == 0 && len(src) >= 2 && src[0] == '#' && src[1] == '!' {
		i = lx.lineEnd(0)
	}
	for {
		i = lx.skipSpace(i)
		if i >= len(src) {
			return i
		}
		if len(lx.toks) == first {
			prev = nil
		}
		c := src[i]
		start := i
		switch {
		case c == '"' || c == '\'':
			e := lx.stringEnd(i)
			emit(jsTok{kind: jsString, start: start, end: e, text: string(src[start+1 : max(start+1, e-1)])})
			i = e
		case c == '`':
			i = lx.templateEnd(i)
			emit(jsTok{kind: jsTemplate, start: start, end: i})
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			i++
			for i < len(src) {
				d := src[i]
				if d == '.' || d == '_' || d >= '0' && d <= '9' || d >= 'a' && d <= 'z' || d >= 'A' && d <= 'Z' {
					i++
				} else if (d == '+' || d == '-') && (src[i-1] == 'e' || src[i-1] == 'E') && !(i >= 2 && (src[start+1] == 'x' || src[start+1] == 'X')) {
					i++
				} else {
					break
				}
			}
			emit(jsTok{kind: jsNumber, start: start, end: i})
		case startsIdent(src, i, true):
			i = identEnd(src, i, true)
			emit(jsTok{kind: jsIdent, start: start, end: i, text: string(src[start:i])})
		case c == '#' && startsIdent(src, i+1, true):
			i = identEnd(src, i+1, true)
			emit(jsTok{kind: jsPrivate, start: start, end: i, text: string(src[start:i])})
		case c == '/' && exprStart(prev):
			if e, ok := lx.regexEnd(i); ok {
				emit(jsTok{kind: jsRegex, start: start, end: e})
				i = e
				continue
			}
			i++
			emit(jsTok{kind: jsPunct, start: start, end: i, text: "/"})
		case c == '<' && lx.jsx && exprStart(prev) && i+1 < len(src) && (src[i+1] == '>' || startsIdent(src, i+1, true)):
			if e, ok := lx.jsxElement(i); ok {
				emit(jsTok{kind: jsJSX, start: start, end: e})
				i = e
				continue
			}
			i++
			emit(jsTok{kind: jsPunct, start: start, end: i, text: "<"})
		case c == '{':
			braces++
			i++
			emit(jsTok{kind: jsPunct, start: start, end: i, text: "{"})
		case c == '}':
			i++
			if untilBrace && braces == 0 {
				return i
			}
			braces = max(0, braces-1)
			emit(jsTok{kind: jsPunct, start: start, end: i, text: "}"})
		default:
			n := 1
			if c >= utf8.RuneSelf {
				_, n = utf8.DecodeRune(src[i:])
			} else {
				for _, p := range jsPuncts {
					if strings.HasPrefix(string(src[i:min(len(src), i+4)]), p) {
						n = len(p)
						break
					}
				}
				if n == 2 && c == '?' && src[i+1] == '.' && i+2 < len(src) && src[i+2] >= '0' && src[i+2] <= '9' {
					n = 1 // a ? .5 : b
				}
			}
			i += n
			emit(jsTok{kind: jsPunct, start: start, end: i, text: string(src[start:i])})
		}
	}
}

// nested scans the expression of a ${ } or JSX { } from i, just after the
// '{', and returns the offset after its '}'. Its tokens are dropped: the
// whole literal or element is one token.
func (lx *jsLexer) nested(i int) int {
	if lx.depth >= 200 {
		return len(lx.src)
	}
	lx.depth++
	n := len(lx.toks)
	e := lx.scan(i, true)
	lx.toks = lx.toks[:n]
	lx.depth--
	return e
}

// stringEnd returns the end of the '...' or "..." string at i; an
// unterminated one ends at its line's end.
func (lx *jsLexer) stringEnd(i int) int {
	src := lx.src
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
			if j+1 < len(src) && src[j] == '\r' && src[j+1] == '\n' {
				j++
			}
		case '\n':
			return j
		case q:
			return j + 1
		}
	}
	return len(src)
}

// templateEnd returns the end of the template literal at i.
func (lx *jsLexer) templateEnd(i int) int {
	src := lx.src
	for j := i + 1; j < len(src); {
		switch src[j] {
		case '\\':
			j += 2
		case '`':
			return j + 1
		case '$':
			if j+1 < len(src) && src[j+1] == '{' {
				j = lx.nested(j + 2)
			} else {
				j++
			}
		default:
			j++
		}
	}
	return len(src)
}

// regexEnd returns the end of the regular expression literal at i, ok
// false when there is none: a regular expression never spans lines.
func (lx *jsLexer) regexEnd(i int) (int, bool) {
	src := lx.src
	class := false
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
			if j < len(src) && (src[j] == '\n' || src[j] == '\r') {
				return 0, false
			}
		case '\n', '\r':
			return 0, false
		case '[':
			class = true
		case ']':
			class = false
		case '/':
			if !class {
				if j == i+1 {
					return 0, false
				}
				return identEnd(src, j+1, true), true
			}
		}
	}
	return 0, false
}

// jsxName returns the end of a JSX tag or attribute name at i (parts joined
// by '.', ':' or '-'), i when there is none.
func (lx *jsLexer) jsxName(i int) int {
	e := identEnd(lx.src, i, true)
	for e > i && e < len(lx.src) && (lx.src[e] == '.' || lx.src[e] == ':' || lx.src[e] == '-') {
		if n := identEnd(lx.src, e+1, true); n > e+1 {
			e = n
		} else if lx.src[e] == '-' {
			e++
		} else {
			break
		}
	}
	return e
}

// jsxElement reads the JSX element or fragment at i and returns its end;
// ok is false when it is not one (a comparison, a TypeScript generic).
func (lx *jsLexer) jsxElement(i int) (int, bool) {
	if e, seen := lx.jsxMemo[i]; seen && e < 0 {
		return 0, false
	}
	if lx.jsxMemo == nil {
		lx.jsxMemo = map[int]int{}
	}
	nc, nt := len(lx.comments), len(lx.toks)
	e, ok := lx.jsxElementAt(i)
	if !ok || lx.depth >= 200 {
		lx.comments, lx.toks = lx.comments[:nc], lx.toks[:nt]
		lx.jsxMemo[i] = -1
		return 0, false
	}
	return e, true
}

func (lx *jsLexer) jsxElementAt(i int) (int, bool) {
	src := lx.src
	lx.depth++
	defer func() { lx.depth-- }()
	if lx.depth >= 200 {
		return 0, false
	}
	j := lx.skipSpace(i + 1)
	name := ""
	if j < len(src) && src[j] == '>' {
		j++ // a fragment
	} else {
		e := lx.jsxName(j)
		if e == j {
			return 0, false
		}
		name = string(src[j:e])
		j = lx.skipSpace(e)
		if lx.tsx && j < len(src) && (src[j] == ',' || bytes.HasPrefix(src[j:], []byte("extends")) && !startsIdent(src, j+7, true) && nextIs(src, lx.peekSpace(j+7), "=>/", false)) {
			return 0, false // <T,>() => or <T extends U>() =>: a generic arrow function
		}
		if j < len(src) && src[j] == '<' { // type arguments of a generic component
			k, ok := lx.angleEnd(j)
			if !ok {
				return 0, false
			}
			j = k
		}
	attrs:
		for {
			j = lx.skipSpace(j)
			if j >= len(src) {
				return 0, false
			}
			switch c := src[j]; {
			case c == '/':
				if j+1 < len(src) && src[j+1] == '>' {
					return j + 2, true
				}
				return 0, false
			case c == '>':
				j++
				break attrs
			case c == '{':
				j = lx.nested(j + 1)
			default:
				e := lx.jsxName(j)
				if e == j {
					return 0, false
				}
				j = lx.skipSpace(e)
				if j < len(src) && src[j] == '=' {
					j = lx.skipSpace(j + 1)
					if j >= len(src) {
						return 0, false
					}
					switch src[j] {
					case '"', '\'':
						k := bytes.IndexByte(src[j+1:], src[j])
						if k < 0 {
							return 0, false
						}
						j += k + 2
					case '{':
						j = lx.nested(j + 1)
					case '<':
						e, ok := lx.jsxElement(j)
						if !ok {
							return 0, false
						}
						j = e
					default:
						return 0, false
					}
				}
			}
		}
	}
	// Children: text, {expressions}, elements, up to the closing tag.
	for j < len(src) {
		switch src[j] {
		case '{':
			j = lx.nested(j + 1)
		case '<':
			k := lx.peekSpace(j + 1)
			if k < len(src) && src[k] == '/' {
				k = lx.skipSpace(k + 1)
				e := lx.jsxName(k)
				if string(src[k:e]) != name {
					return 0, false
				}
				e = lx.skipSpace(e)
				if e >= len(src) || src[e] != '>' {
					return 0, false
				}
				return e + 1, true
			}
			e, ok := lx.jsxElement(j)
			if !ok {
				return 0, false
			}
			j = e
		default:
			j++
		}
	}
	return 0, false
}

// angleEnd skips TypeScript type arguments <...> at i in a JSX tag.
func (lx *jsLexer) angleEnd(i int) (int, bool) {
	depth := 0
	for j := i; j < len(lx.src); j++ {
		switch lx.src[j] {
		case '<':
			depth++
		case '>':
			depth--
			if depth == 0 {
				return j + 1, true
			}
		case '\n', '{', '}', ';':
			return 0, false
		}
	}
	return 0, false
}

// nextIs reports whether src[i] is one of chars (want true) or not (want
// false).
func nextIs(src []byte, i int, chars string, want bool) bool {
	if i >= len(src) {
		return false
	}
	return strings.IndexByte(chars, src[i]) >= 0 == want
}

// jsDecl is a Decl with what deciding its export needs once the whole
// file is read.
type jsDecl struct {
	Decl
	owner   string // the top-level declaration it is or belongs to
	ns      string // in a namespace: the top-level namespace
	self    bool   // in a namespace: exported from it
	member  bool
	private bool
	// assigned marks a function assigned to a member of an object
	// (obj.f = function ...), a declaration only when the object is
	// exported.
	assigned bool
	// symbolKey is the name a member's computed key is ([kFoo]), "" for
	// any other key.
	symbolKey string
}

// jsScope is where statements are read: the top level or a namespace.
type jsScope struct {
	prefix  string // "NS." inside namespace NS
	ns      string // the top-level namespace, "" at the top level
	chain   bool   // every namespace below the top one is exported from its parent
	ambient bool   // in a declare namespace, where members need no export
}

type jsParser struct {
	src         []byte
	toks        []jsTok
	match       []int
	forced      []bool // see matchBrackets
	lines       []int  // start line of each token
	endLines    []int  // end line of each token
	idx         lineIndex
	comments    commentSet
	decls       []jsDecl
	exportNames map[string]bool
	nsExported  map[string]bool
	moduleSyn   bool
	// protoOf maps a variable holding a constructor's prototype
	// (var proto = Foo.prototype) to the constructor.
	protoOf map[string]string
}

// Decls returns the declarations of a JavaScript or TypeScript file; see
// the type's comment for what counts.
func (JS) Decls(filename string, src []byte) ([]Decl, error) {
	if isBinary(src) {
		return nil, errBinary
	}
	ext := strings.ToLower(path.Ext(filename))
	lx := &jsLexer{src: src, jsx: ext != ".ts" && ext != ".mts" && ext != ".cts", tsx: ext == ".tsx"}
	lx.scan(0, false)
	sort.SliceStable(lx.comments, func(a, b int) bool { return lx.comments[a].start < lx.comments[b].start })
	p := &jsParser{src: src, toks: lx.toks, idx: newLineIndex(src), comments: lx.comments, exportNames: map[string]bool{}, nsExported: map[string]bool{}, protoOf: map[string]string{}}
	p.lines = make([]int, len(p.toks))
	p.endLines = make([]int, len(p.toks))
	for i, t := range p.toks {
		p.lines[i] = p.idx.line(t.start)
		p.endLines[i] = p.idx.line(max(t.start, t.end-1))
	}
	p.matchBrackets()
	p.statements(0, len(p.toks), jsScope{chain: true})
	lower := strings.ToLower(filename)
	global := !p.moduleSyn && (strings.HasSuffix(lower, ".d.ts") || strings.HasSuffix(lower, ".d.mts") || strings.HasSuffix(lower, ".d.cts"))
	tops := map[string]bool{}
	for _, d := range p.decls {
		if !d.member && d.ns == "" && d.Exported {
			tops[d.owner] = true
		}
	}
	// A member keyed by a symbol the module creates and does not export
	// ([kFoo], const kFoo = Symbol('foo')) is out of other modules' reach.
	var private map[string]bool // read at the first member keyed by a name
	for i := range p.decls {
		d := &p.decls[i]
		if d.symbolKey == "" {
			continue
		}
		if private == nil {
			private = p.moduleSymbols()
		}
		if private[d.symbolKey] && !p.exportNames[d.symbolKey] && !tops[d.symbolKey] {
			d.private = true
		}
	}
	out := make([]Decl, 0, len(p.decls))
	for _, d := range p.decls {
		if d.assigned {
			if !p.objectExported(d.owner, tops) {
				continue
			}
			d.Exported = !d.private
			d.CommentLines = p.comments.lines(p.idx, d.Start, d.End, d.DocStart, d.DocEnd)
			out = append(out, d.Decl)
			continue
		}
		switch {
		case d.ns != "":
			d.Exported = d.self && (p.nsExported[d.ns] || p.exportNames[d.ns] || global)
		case d.owner != "":
			d.Exported = tops[d.owner] || p.exportNames[d.owner] || global
		}
		if d.member {
			d.Exported = d.Exported && !d.private
		}
		d.CommentLines = p.comments.lines(p.idx, d.Start, d.End, d.DocStart, d.DocEnd)
		out = append(out, d.Decl)
	}
	return mergeOverloads(out), nil
}

// mergeOverloads folds bodiless function and method signatures into the
// declaration of the same name that follows them.
func mergeOverloads(ds []Decl) []Decl {
	var out []Decl
	for _, d := range ds {
		if n := len(out); n > 0 {
			prev := &out[n-1]
			fn := func(k string) bool { return k == "function" || k == "method" || k == "constructor" }
			if prev.Name == d.Name && prev.Kind == d.Kind && fn(d.Kind) && prev.BodyStart == 0 && prev.End <= d.Start {
				d.Start = prev.Start
				d.Exported = d.Exported || prev.Exported
				if prev.HasDoc() {
					d.DocStart, d.DocEnd, d.Doc = prev.DocStart, prev.DocEnd, prev.Doc
				}
				seen := map[int]bool{}
				for _, l := range append(prev.CommentLines, d.CommentLines...) {
					seen[l] = true
				}
				for l := prev.End + 1; l < d.Start; l++ {
					delete(seen, l)
				}
				d.CommentLines = sortedLines(seen)
				out[n-1] = d
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

// matchBrackets pairs the brackets; see matchBrackets.
func (p *jsParser) matchBrackets() {
	starts := make([]int, len(p.toks))
	texts := make([]string, len(p.toks))
	for i, t := range p.toks {
		starts[i] = t.start
		if t.kind == jsPunct {
			texts[i] = t.text
		}
	}
	p.match, p.forced = matchBrackets(bracketToks(p.idx, starts, p.lines, p.endLines, texts, func(i int) bool {
		t := p.toks[i]
		return t.kind == jsIdent && jsStarters[t.text] || t.kind == jsPunct && t.text == "@"
	}))
}

// jsStarters are the words that begin a declaration.
var jsStarters = map[string]bool{
	"export": true, "function": true, "class": true, "interface": true, "enum": true, "import": true,
	"declare": true, "abstract": true, "namespace": true, "const": true, "let": true, "var": true,
	"async": true, "type": true, "public": true, "private": true, "protected": true, "static": true,
	"constructor": true, "get": true, "set": true, "readonly": true,
}

func (p *jsParser) is(i int, text string) bool {
	return i >= 0 && i < len(p.toks) && (p.toks[i].kind == jsPunct || p.toks[i].kind == jsIdent) && p.toks[i].text == text
}

func (p *jsParser) ident(i int) bool { return i >= 0 && i < len(p.toks) && p.toks[i].kind == jsIdent }

func (p *jsParser) word(i int) string {
	if p.ident(i) {
		return p.toks[i].text
	}
	return ""
}

// nl reports a line break between token i and the one before it.
func (p *jsParser) nl(i int) bool { return i > 0 && i < len(p.toks) && p.lines[i] > p.endLines[i-1] }

// after returns the index after the token or bracketed group at i.
func (p *jsParser) after(i int) int {
	if i < len(p.toks) && p.match[i] > i {
		return min(len(p.toks), p.match[i]+1)
	}
	return i + 1
}

func (p *jsParser) canEnd(i int) bool {
	if i < 0 || i >= len(p.toks) {
		return false
	}
	t := p.toks[i]
	switch t.kind {
	case jsIdent:
		return !jsNoEndWords[t.text]
	case jsPunct:
		switch t.text {
		case ")", "]", "}", "++", "--", ">", "!":
			return true
		}
		return false
	}
	return true
}

func (p *jsParser) continues(i int) bool {
	if i >= len(p.toks) {
		return false
	}
	t := p.toks[i]
	switch t.kind {
	case jsTemplate:
		return true
	case jsIdent:
		switch t.text {
		case "in", "instanceof", "as", "satisfies", "of", "is", "extends", "implements":
			return true
		}
		return false
	case jsPunct:
		switch t.text {
		case "{", "}", ";", "!", "~", "++", "--", "@", ")", "]", "...":
			return false
		}
		return true
	}
	return false
}

var jsDeclWords = map[string]bool{
	"function": true, "class": true, "export": true, "import": true, "const": true, "let": true, "var": true,
	"async": true, "interface": true, "enum": true, "declare": true, "abstract": true, "namespace": true,
	"type": true, "module": true,
}

// asiBreak reports whether a statement ends before token j.
func (p *jsParser) asiBreak(j int) bool {
	if j <= 0 || j >= len(p.toks) {
		return false
	}
	if p.forced != nil && p.forced[j] {
		return true
	}
	if p.nl(j) && p.canEnd(j-1) && !p.continues(j) {
		return true
	}
	return p.is(j-1, "}") && p.ident(j) && jsDeclWords[p.toks[j].text] && p.match[j-1] >= 0 && p.match[j-1] < j-1
}

// stmtEnd returns the index after the statement starting at i: past its
// ';', or at the line break that ends it, or at the closer of the block
// holding it. commaStop also stops before a ',' that starts another
// declarator.
func (p *jsParser) stmtEnd(i, end int, commaStop bool) int {
	j := i
	for j < end {
		if j > i && p.asiBreak(j) {
			return j
		}
		t := p.toks[j]
		if t.kind == jsPunct {
			switch t.text {
			case ";":
				return j + 1
			case ")", "]", "}":
				if j > i {
					return j
				}
			case ",":
				if commaStop && p.declaratorAt(j+1) {
					return j
				}
			}
		}
		j = min(end, p.after(j))
	}
	return j
}

// declaratorAt reports whether a variable declarator starts at i.
func (p *jsParser) declaratorAt(i int) bool {
	if p.is(i, "{") || p.is(i, "[") {
		return true
	}
	if !p.ident(i) {
		return false
	}
	if i+1 >= len(p.toks) {
		return true
	}
	switch {
	case p.is(i+1, "="), p.is(i+1, ":"), p.is(i+1, ","), p.is(i+1, ";"), p.is(i+1, "!"), p.asiBreak(i + 1):
		return true
	}
	return false
}

// typeEnd returns the index after the type annotation starting at i: at
// the function body's '{', a ';', '=' or ',' outside brackets, a line
// break, or (stopArrow) the '=>' of an arrow function.
func (p *jsParser) typeEnd(i, end int, stopArrow bool) int {
	angle := 0
	for j := i; j < end; {
		if j > i && angle == 0 && p.asiBreak(j) {
			return j
		}
		t := p.toks[j]
		if t.kind == jsPunct {
			switch t.text {
			case "(", "[":
				j = min(end, p.after(j))
				continue
			case "{":
				if j == i || p.typeFollows(j-1) {
					j = min(end, p.after(j))
					continue
				}
				return j
			case "<":
				angle++
			case ">":
				angle = max(0, angle-1)
			case "=>":
				if stopArrow && angle == 0 {
					return j
				}
			case ";", "}", ")", "]":
				return j
			case "=", ",":
				if angle == 0 {
					return j
				}
			}
		}
		j++
	}
	return end
}

// typeFollows reports whether a type, not a body, comes after token k.
func (p *jsParser) typeFollows(k int) bool {
	t := p.toks[k]
	switch t.kind {
	case jsPunct:
		switch t.text {
		case ")", "]", ">", "}":
			return false
		}
		return true
	case jsIdent:
		switch t.text {
		case "keyof", "typeof", "is", "infer", "readonly", "extends", "unique", "asserts", "new":
			return true
		}
	}
	return false
}

// angleEnd returns the index after the <...> at i.
func (p *jsParser) angleEnd(i, end int) int {
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
		case p.is(j, ";"), p.is(j, "}"), p.is(j, ")"):
			return j
		case p.is(j, "(") || p.is(j, "[") || p.is(j, "{"):
			j = min(end, p.after(j))
			continue
		}
		j++
	}
	return end
}

// skipDecorator returns the index after the decorator at i (an '@').
func (p *jsParser) skipDecorator(i, end int) int {
	j := i + 1
	if p.is(j, "(") {
		return min(end, p.after(j))
	}
	if !p.ident(j) {
		return j
	}
	j++
	for p.is(j, ".") && p.ident(j+1) {
		j += 2
	}
	if p.is(j, "<") {
		j = p.angleEnd(j, end)
	}
	if p.is(j, "(") {
		j = min(end, p.after(j))
	}
	return j
}

// newDecl starts a Decl for the statement whose first token (decorators
// included) is first and whose last token is last.
func (p *jsParser) newDecl(name, kind string, first, last int) jsDecl {
	last = max(first, min(last, len(p.toks)-1))
	d := jsDecl{Decl: Decl{Name: name, Kind: kind, Start: p.lines[first], End: p.endLines[last]}}
	p.attachDoc(&d.Decl, first)
	return d
}

func (p *jsParser) attachDoc(d *Decl, first int) {
	if c, ok := p.docBefore(first); ok {
		d.DocStart, d.DocEnd = p.idx.line(c.start), p.idx.line(max(c.start, c.end-1))
		d.Doc = blockDocText(p.src[c.start:c.end])
	}
}

// docBefore returns the last /** */ block before token i and after the
// token before it, leaving out, as TypeScript does, a comment that starts
// on that token's line: it trails the previous statement.
func (p *jsParser) docBefore(i int) (span, bool) {
	prevEnd, prevLine := 0, 0
	if i > 0 {
		prevEnd, prevLine = p.toks[i-1].end, p.endLines[i-1]
	}
	between := p.comments.between(prevEnd, p.toks[i].start)
	for k := len(between) - 1; k >= 0; k-- {
		c := between[k]
		if c.doc && (i == 0 || p.idx.line(c.start) > prevLine) {
			return c, true
		}
	}
	return span{}, false
}

// statements reads the statements in [i, end) of the top level or a
// namespace.
func (p *jsParser) statements(i, end int, sc jsScope) {
	top := sc.ns == ""
	for i < end {
		t := p.toks[i]
		if t.kind == jsPunct && (t.text == ";" || t.text == ")" || t.text == "]" || t.text == "}") {
			i++
			continue
		}
		first := i
		for p.is(i, "@") && i < end {
			i = p.skipDecorator(i, end)
		}
		exported, isDefault := false, false
		if p.is(i, "export") {
			if top {
				p.moduleSyn = true
			}
			exported = true
			i++
			switch {
			case p.is(i, "default"):
				isDefault = true
				i++
			case p.is(i, "{"), p.is(i, "type") && p.is(i+1, "{"):
				if p.is(i, "type") {
					i++
				}
				p.exportClause(i, end)
				i = p.stmtEnd(i, end, false)
				continue
			case p.is(i, "=") && p.ident(i+1):
				p.exportNames[p.word(i+1)] = true
				i = p.stmtEnd(i, end, false)
				continue
			case p.is(i, "*"), p.is(i, "="), p.is(i, "import"), p.is(i, "as"):
				i = p.stmtEnd(i, end, false)
				continue
			}
		}
		declared := false
		if p.is(i, "declare") && p.ident(i+1) && !p.nl(i+1) {
			declared = true
			i++
		}
		if p.is(i, "abstract") && p.is(i+1, "class") {
			i++
		}
		if p.is(i, "async") && p.is(i+1, "function") && !p.nl(i+1) {
			i++
		}
		// base holds what decides the export of a declaration here.
		var base jsDecl
		if top {
			base.Exported = exported
		} else {
			base.ns, base.self = sc.ns, (exported || sc.ambient) && sc.chain
		}
		mk := func(name, kind string, last int) *jsDecl {
			d := p.newDecl(sc.prefix+name, kind, first, last)
			d.Exported, d.ns, d.self = base.Exported, base.ns, base.self
			if top {
				d.owner = name
			}
			p.decls = append(p.decls, d)
			return &p.decls[len(p.decls)-1]
		}
		switch w := p.word(i); {
		case w == "function":
			i = p.function(i, end, isDefault, mk)
		case w == "class":
			i = p.class(i, end, sc.prefix, isDefault, base, mk)
		case w == "interface" && p.ident(i+1), w == "enum" && p.ident(i+1), w == "const" && p.is(i+1, "enum") && p.ident(i+2):
			kind := w
			j := i + 1
			if w == "const" {
				kind, j = "enum", i+2
			}
			name := p.word(j)
			j++
			for j < end && !p.is(j, "{") && !p.is(j, ";") && !p.is(j, "}") {
				if p.is(j, "<") {
					j = p.angleEnd(j, end)
					continue
				}
				j = p.after(j)
			}
			if p.is(j, "{") {
				d := mk(name, kind, min(end, p.after(j))-1)
				d.BodyStart = p.lines[j]
				i = min(end, p.after(j))
			} else {
				mk(name, kind, min(j, end-1))
				i = j
			}
		case w == "type" && p.ident(i+1) && (p.is(i+2, "=") || p.is(i+2, "<")) && !p.nl(i+1):
			name := p.word(i + 1)
			i = p.stmtEnd(i+2, end, false)
			mk(name, "type", i-1)
		case w == "const" || w == "let" || w == "var":
			i = p.variables(i, end, first, mk)
		case (w == "namespace" || w == "module") && p.ident(i+1) && !p.nl(i+1):
			j := i + 1
			name := p.word(j)
			for p.is(j+1, ".") && p.ident(j+2) {
				name += "." + p.word(j+2)
				j += 2
			}
			j++
			if p.is(j, "{") {
				inner := jsScope{prefix: sc.prefix + name + ".", ns: sc.ns, chain: sc.chain, ambient: sc.ambient || declared}
				if top {
					inner.ns = name
					p.nsExported[name] = p.nsExported[name] || exported
				} else {
					inner.chain = base.self
				}
				if strings.Count(inner.prefix, ".") <= maxNesting {
					p.statements(j+1, min(end, p.match[j]), inner)
				}
				i = min(end, p.after(j))
			} else {
				i = p.stmtEnd(i, end, false)
			}
		case w == "import":
			if top && !p.is(i+1, "(") && !p.is(i+1, ".") {
				p.moduleSyn = true
			}
			i = p.stmtEnd(i, end, false)
		default:
			if top && isDefault && p.ident(i) && p.stmtEnd(i, end, false) <= i+2 {
				p.exportNames[p.word(i)] = true
			}
			if top && !exported && !declared {
				if j, ok := p.commonJS(i, end, first); ok {
					i = j
					continue
				}
			}
			i = p.stmtEnd(i, end, false)
		}
		if i <= first {
			i = first + 1
		}
	}
}

// exportClause records the local names of export { a, b as c }; a
// re-export (export { x } from "m") names nothing local.
func (p *jsParser) exportClause(i, end int) {
	close := min(end, p.after(i))
	if p.is(close, "from") {
		return
	}
	expect := true
	for j := i + 1; j < close-1; j++ {
		switch {
		case p.is(j, ","):
			expect = true
		case expect && p.is(j, "type") && p.ident(j+1) && !p.is(j+1, "as"):
		case expect && p.ident(j):
			p.exportNames[p.word(j)] = true
			expect = false
		}
	}
}

// commonJS reads module.exports = ... and exports.name = ... statements.
func (p *jsParser) commonJS(i, end, first int) (int, bool) {
	j := i
	if !p.isModuleExports(j) && !p.is(j, "exports") {
		return p.memberAssign(i, end, first)
	}
	stmt := p.stmtEnd(i, end, false)
	name := ""
	if k, module := p.exportsChain(i); module {
		j = k - 1 // module.exports = ..., or exports = module.exports = ...
	} else {
		if p.is(j, "module") {
			j += 2
		}
		j++
		if !p.is(j, ".") || !p.ident(j+1) {
			return 0, false
		}
		name = p.word(j + 1)
		j += 2
	}
	if !p.is(j, "=") {
		return 0, false
	}
	j++
	switch {
	case p.ident(j) && (j+1 == stmt || p.is(j+1, ";") && j+2 == stmt):
		p.exportNames[p.word(j)] = true
	case name == "" && p.is(j, "{"):
		close := min(end, p.after(j))
		for k := j + 1; k < close; {
			e := k
			for e < close-1 && !p.is(e, ",") {
				e = p.after(e)
			}
			switch {
			case e == k+1 && p.ident(k):
				p.exportNames[p.word(k)] = true
			case e == k+3 && p.ident(k) && p.is(k+1, ":") && p.ident(k+2):
				p.exportNames[p.word(k+2)] = true
			}
			k = e + 1
		}
	case name == "":
		// module.exports = function [name](...) {...}, or an arrow: the
		// module's own export, named by the function's name, else
		// "module.exports".
		if isFn, body := p.funcValue(j, end); isFn {
			name = "module.exports"
			k := j
			if p.is(k, "async") {
				k++
			}
			if p.is(k, "function") {
				if k++; p.is(k, "*") {
					k++
				}
				if p.ident(k) {
					name = p.word(k)
				}
			}
			p.exportedFunc(name, first, stmt, body)
		}
	default:
		if isFn, body := p.funcValue(j, end); isFn {
			p.exportedFunc(name, first, stmt, body)
		}
	}
	return stmt, true
}

// exportedFunc records the function a CommonJS export assigns: named
// name, spanning first to the statement's end stmt, its body at body.
func (p *jsParser) exportedFunc(name string, first, stmt, body int) {
	d := p.newDecl(name, "function", first, stmt-1)
	d.Exported = true
	d.BodyStart = p.bodyLine(body)
	d.owner = name
	p.decls = append(p.decls, d)
}

// function reads a function declaration at i (the function keyword).
func (p *jsParser) function(i, end int, isDefault bool, mk func(name, kind string, last int) *jsDecl) int {
	j := i + 1
	if p.is(j, "*") {
		j++
	}
	name := ""
	if p.ident(j) {
		name = p.word(j)
		j++
	} else if isDefault {
		name = "default"
	} else {
		return p.stmtEnd(i, end, false)
	}
	body, last, next := p.signature(j, end)
	d := mk(name, "function", last)
	if body >= 0 {
		d.BodyStart = p.lines[body]
	}
	return next
}

// signature reads [<generics>](params)[: type] and then a body or the end
// of a bodiless signature. It returns the body's '{' (-1 when none), the
// declaration's last token and the index after it.
func (p *jsParser) signature(j, end int) (body, last, next int) {
	if p.is(j, "<") {
		j = p.angleEnd(j, end)
	}
	if p.is(j, "(") {
		j = min(end, p.after(j))
	}
	if p.is(j, ":") {
		j = p.typeEnd(j+1, end, false)
	}
	if p.is(j, "{") && j < end {
		next = min(end, p.after(j))
		return j, next - 1, next
	}
	if p.is(j, ";") && j < end {
		return -1, j, j + 1
	}
	return -1, max(0, min(j, end)-1), min(j, end)
}

// funcValue reports whether the expression at j is a function expression
// or an arrow function, and the index of its body's first token (-1 for
// a bodiless one).
func (p *jsParser) funcValue(j, end int) (bool, int) {
	if p.is(j, "async") && !p.nl(j+1) && (p.is(j+1, "function") || p.is(j+1, "(") || p.ident(j+1) || p.is(j+1, "<")) {
		j++
	}
	switch {
	case p.is(j, "function"):
		k := j + 1
		if p.is(k, "*") {
			k++
		}
		if p.ident(k) {
			k++
		}
		body, _, _ := p.signature(k, end)
		return true, body
	case p.ident(j) && p.is(j+1, "=>"):
		return true, p.bodyAfterArrow(j+2, end)
	case p.is(j, "<") || p.is(j, "("):
		k := j
		if p.is(k, "<") {
			k = p.angleEnd(k, end)
		}
		if !p.is(k, "(") {
			return false, -1
		}
		k = min(end, p.after(k))
		if p.is(k, ":") {
			k = p.typeEnd(k+1, end, true)
		}
		if p.is(k, "=>") {
			return true, p.bodyAfterArrow(k+1, end)
		}
	}
	return false, -1
}

func (p *jsParser) bodyAfterArrow(k, end int) int {
	if k < end {
		return k
	}
	return -1
}

// bodyLine is the line of token i, 0 for -1.
func (p *jsParser) bodyLine(i int) int {
	if i >= 0 && i < len(p.toks) {
		return p.lines[i]
	}
	return 0
}

// variables reads a const, let or var statement at i.
func (p *jsParser) variables(i, end, first int, mk func(name, kind string, last int) *jsDecl) int {
	kind := "var"
	if p.word(i) == "const" {
		kind = "const"
	}
	j := i + 1
	var made []int
	for j < end {
		nameTok := j
		name := ""
		switch {
		case p.ident(j):
			name = p.word(j)
			j++
		case p.is(j, "{") || p.is(j, "["):
			j = min(end, p.after(j))
		default:
			return max(j, p.stmtEnd(j, end, false))
		}
		if p.is(j, "!") {
			j++
		}
		if p.is(j, ":") {
			j = p.typeEnd(j+1, end, false)
		}
		isFn, body := false, -1
		if p.is(j, "=") {
			if name != "" {
				j = p.bindingValue(name, j, end)
			}
			isFn, body = p.funcValue(j+1, end)
			from := j + 1
			if body >= 0 {
				from = body // past the generics and parameters
			}
			j = p.stmtEnd(from, end, true)
		}
		last := j - 1
		if p.is(last, ";") || p.is(last, ",") {
			last--
		}
		if name != "" {
			k := kind
			if isFn {
				k = "function"
			}
			var d *jsDecl
			if len(made) == 0 {
				d = mk(name, k, last)
			} else {
				prevDoc := p.decls[made[0]].Decl
				d = mk(name, k, last)
				d.Start = p.lines[nameTok]
				if !d.HasDoc() {
					d.DocStart, d.DocEnd, d.Doc = prevDoc.DocStart, prevDoc.DocEnd, prevDoc.Doc
				}
			}
			d.BodyStart = p.bodyLine(body)
			made = append(made, len(p.decls)-1)
		}
		if p.is(j, ",") {
			j++
			continue
		}
		if p.is(j-1, ";") && len(made) > 0 {
			p.decls[made[len(made)-1]].End = p.endLines[j-1]
		}
		return j
	}
	return j
}

var jsModifiers = map[string]bool{
	"public": true, "private": true, "protected": true, "static": true, "readonly": true, "abstract": true,
	"override": true, "declare": true, "async": true, "accessor": true, "get": true, "set": true,
}

// class reads a class declaration at i (the class keyword) and its
// members.
func (p *jsParser) class(i, end int, prefix string, isDefault bool, base jsDecl, mk func(name, kind string, last int) *jsDecl) int {
	j := i + 1
	name := ""
	if p.ident(j) && p.word(j) != "extends" && p.word(j) != "implements" {
		name = p.word(j)
		j++
	} else if isDefault {
		name = "default"
	} else {
		return p.stmtEnd(i, end, false)
	}
	for j < end && !p.is(j, "{") {
		if p.is(j, ";") || p.is(j, "}") {
			break
		}
		if p.is(j, "<") {
			j = p.angleEnd(j, end)
			continue
		}
		j = p.after(j)
	}
	if !p.is(j, "{") || j >= end {
		mk(name, "class", min(j, end)-1)
		return min(j, end)
	}
	close := min(end, p.match[j])
	d := mk(name, "class", close)
	d.BodyStart = p.lines[j]
	base.owner = d.owner
	p.members(j+1, close, prefix+name, base)
	return min(end, close+1)
}

// memberNameAt reports whether a member name (or another modifier) starts
// at i, so that the word before it is a modifier.
func (p *jsParser) memberNameAt(i int) bool {
	if i >= len(p.toks) {
		return false
	}
	switch p.toks[i].kind {
	case jsIdent, jsString, jsNumber, jsPrivate:
		return true
	case jsPunct:
		return p.toks[i].text == "[" || p.toks[i].text == "*"
	}
	return false
}

// members reads the members of a class body [i, end).
func (p *jsParser) members(i, end int, cls string, base jsDecl) {
	for i < end {
		if p.is(i, ";") || p.is(i, ",") {
			i++
			continue
		}
		first := i
		for p.is(i, "@") && i < end {
			i = p.skipDecorator(i, end)
		}
		private, accessor, symbolKey := false, "", ""
		for i < end && jsModifiers[p.word(i)] && p.memberNameAt(i+1) && !(p.word(i) == "async" && p.nl(i+1)) {
			switch p.word(i) {
			case "private":
				private = true
			case "get":
				accessor = "getter"
			case "set":
				accessor = "setter"
			}
			i++
		}
		if p.is(i, "static") && p.is(i+1, "{") {
			i = min(end, p.after(i+1))
			continue
		}
		if p.is(i, "*") {
			i++
		}
		if i >= end {
			break
		}
		name := ""
		t := p.toks[i]
		switch t.kind {
		case jsIdent, jsString, jsNumber:
			name = t.text
			if t.kind == jsNumber {
				name = string(p.src[t.start:t.end])
			}
			i++
		case jsPrivate:
			name, private = t.text, true
			i++
		default:
			if p.is(i, "[") {
				close := min(end, p.after(i))
				name = string(p.src[t.start:p.toks[close-1].end])
				if close == i+3 && p.toks[i+1].kind == jsIdent {
					symbolKey = p.toks[i+1].text
				}
				i = close
			} else {
				i = max(i+1, p.stmtEnd(i, end, false))
				continue
			}
		}
		if p.is(i, "?") || p.is(i, "!") {
			i++
		}
		private = private || strings.HasPrefix(name, "_")
		mkm := func(kind string, last int) *jsDecl {
			d := p.newDecl(cls+"."+name, kind, first, last)
			d.Exported, d.ns, d.self, d.owner = base.Exported, base.ns, base.self, base.owner
			d.member, d.private, d.symbolKey = true, private, symbolKey
			p.decls = append(p.decls, d)
			return &p.decls[len(p.decls)-1]
		}
		if p.is(i, "(") || p.is(i, "<") {
			body, last, next := p.signature(i, end)
			kind := "method"
			switch {
			case accessor != "":
				kind = accessor
			case name == "constructor":
				kind = "constructor"
			}
			d := mkm(kind, last)
			if body >= 0 {
				d.BodyStart = p.lines[body]
			}
			i = next
			continue
		}
		// A property: a method when it holds a function.
		j := i
		if p.is(j, ":") {
			j = p.typeEnd(j+1, end, false)
		}
		if p.is(j, "=") {
			isFn, body := p.funcValue(j+1, end)
			from := j + 1
			if body >= 0 {
				from = body
			}
			next := p.stmtEnd(from, end, false)
			if isFn {
				d := mkm("method", next-1)
				d.BodyStart = p.bodyLine(body)
			} else if !strings.Contains(name, ":") {
				mkm("property", next-1)
			}
			i = next
			continue
		}
		switch {
		case p.is(j, ";"):
			i = j + 1
		case j >= end || p.is(j, "}") || p.asiBreak(j):
			i = j
		default:
			i = p.stmtEnd(j, end, false)
		}
		// A property without a value; an index signature ([key: K]: V)
		// declares none.
		if i > first && !strings.Contains(name, ":") {
			mkm("property", i-1)
		}
		if i <= first {
			i = first + 1
		}
	}
}

// moduleSymbols returns the names the module binds, at its top level, to
// a new symbol: `const kFoo = Symbol('foo')` (or let, var). A symbol from
// the global registry (Symbol.for) is anyone's.
func (p *jsParser) moduleSymbols() map[string]bool {
	out := map[string]bool{}
	depth := 0
	for i, t := range p.toks {
		if t.kind == jsPunct {
			switch t.text {
			case "{", "(", "[":
				depth++
			case "}", ")", "]":
				depth--
			}
		}
		if depth == 0 && (p.word(i) == "const" || p.word(i) == "let" || p.word(i) == "var") && i+4 < len(p.toks) &&
			p.toks[i+1].kind == jsIdent && p.is(i+2, "=") && p.word(i+3) == "Symbol" && p.is(i+4, "(") {
			out[p.toks[i+1].text] = true
		}
	}
	return out
}

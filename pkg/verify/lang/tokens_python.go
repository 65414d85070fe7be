package lang

import (
	"regexp"
	"strings"
)

// pyOps are Python's operators of more than one character, longest first.
var pyOps = []string{"**=", "//=", ">>=", "<<=", "...", "->", ":=", "==", "!=", "<=", ">=", "<>", "<<", ">>", "**", "//", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@="}

// pyKeywords are the words that cannot be an assignment's target.
var pyKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true, "async": true, "await": true,
	"break": true, "class": true, "continue": true, "def": true, "del": true, "elif": true, "else": true, "except": true,
	"finally": true, "for": true, "from": true, "global": true, "if": true, "import": true, "in": true, "is": true,
	"lambda": true, "nonlocal": true, "not": true, "or": true, "pass": true, "raise": true, "return": true, "try": true,
	"while": true, "with": true, "yield": true,
}

// pyCompound are the words that start a compound statement's header.
var pyCompound = map[string]bool{"if": true, "elif": true, "else": true, "for": true, "while": true, "try": true, "except": true, "finally": true, "with": true, "def": true, "class": true, "async": true}

// pySafeDecorators are decorators known not to read the annotations of the
// function they decorate (by the last part of their dotted name). A
// function with any other decorator keeps its annotations: FastAPI,
// pydantic, typer and functools.singledispatch read them at run time.
var pySafeDecorators = map[string]bool{
	"property": true, "staticmethod": true, "classmethod": true, "abstractmethod": true, "overload": true,
	"override": true, "cached_property": true, "setter": true, "getter": true, "deleter": true, "wraps": true, "final": true,
}

// pyAnnotationReaders are libraries that read the annotations of plain
// functions handed to them at run time (typer.run(main), FastAPI's
// add_api_route, dependency injectors, run-time type checkers), by the
// first part of the module's dotted name. A module that imports one keeps
// every function's parameter and return annotations, decorated or not.
var pyAnnotationReaders = map[string]bool{
	"typer": true, "fastapi": true, "pydantic": true, "pydantic_settings": true, "sqlmodel": true, "litestar": true,
	"ninja": true, "cyclopts": true, "jsonargparse": true, "strawberry": true, "typeguard": true, "beartype": true,
	"msgspec": true, "cattrs": true, "cattr": true, "injector": true, "dependency_injector": true, "lagom": true,
	"punq": true, "kink": true, "defopt": true, "clize": true,
}

// pyImportsAnnotationReader reports whether a line imports one of
// pyAnnotationReaders (import a.b, import a as b, from a.b import c).
func pyImportsAnnotationReader(lines []pyVLine) bool {
	for _, l := range lines {
		if len(l.items) < 2 || l.items[0].name != "import" && l.items[0].name != "from" {
			continue
		}
		if l.items[0].name == "from" {
			if pyAnnotationReaders[l.items[1].name] {
				return true
			}
			continue
		}
		for k := 1; k < len(l.items); k++ {
			// A module starts the line or follows a comma.
			if (k == 1 || l.items[k-1].is(",")) && pyAnnotationReaders[l.items[k].name] {
				return true
			}
		}
	}
	return false
}

// pyCoding matches an encoding declaration, a comment that changes how the
// file is read.
var pyCoding = regexp.MustCompile(`^#.*coding[:=]`)

// pyItem is a token of a Python logical line, reduced for comparison.
type pyItem struct {
	text string // "n:" names, "s:" strings, "#:" numbers, operators as written
	name string // a name's text, "" for other tokens
	doc  bool   // a string that may be a docstring (not b or f)
}

func (it pyItem) is(s string) bool { return it.name == "" && it.text == s }

// pyVLine is a statement: a logical line, or one of the statements a
// logical line holds (a; b, or the body of if x: y).
type pyVLine struct {
	indent int
	items  []pyItem
}

// pyTokens reduces Python source; see BehaviourTokens. Beyond comments and
// layout it leaves out docstrings, the quote characters and u prefix of
// strings, the case of numbers, trailing commas, parentheses black adds or
// removes, statements joined by ";" or written on their header's line, and
// annotations: of parameters and return values (unless a decorator that
// may read them is applied, or the module imports a library that reads
// them, pyAnnotationReaders), of variables in functions, at module level and
// in plain classes (no decorator, no base but object or another plain class
// of the file; a dataclass's fields are its annotations), "if
// TYPE_CHECKING:" blocks, "from __future__ import annotations" and typing
// imports whose names no remaining code uses.
func pyTokens(src []byte) []string {
	lx := &pyLexer{src: src, bol: true}
	lx.run()
	var out []string
	idx := newLineIndex(src)
	for _, c := range lx.comments {
		if idx.line(c.start) <= 2 && pyCoding.Match(src[c.start:c.end]) {
			out = append(out, "coding "+string(src[c.start:c.end]))
		}
	}
	var lines []pyVLine
	for _, l := range lx.lines {
		lines = append(lines, pySplit(l.indent, pyItems(src, l.toks))...)
	}
	r := pyReducer{plain: map[string]bool{}}
	lines = r.reduce(lines)
	used := map[string]bool{}
	for _, l := range lines {
		for _, it := range l.items {
			if it.name != "" {
				used[it.name] = true
			}
		}
	}
	stack := []int{0}
	for _, l := range lines {
		if l.indent > stack[len(stack)-1] {
			stack = append(stack, l.indent)
			out = append(out, "INDENT")
		}
		for len(stack) > 1 && l.indent < stack[len(stack)-1] {
			stack = stack[:len(stack)-1]
			out = append(out, "DEDENT")
		}
		for _, it := range l.items {
			out = append(out, it.text)
		}
		out = append(out, "NEWLINE")
	}
	for _, b := range r.typingNames {
		if used[b] {
			out = append(out, "typing-import "+b)
		}
	}
	return out
}

// pyItems reduces the tokens of a logical line.
func pyItems(src []byte, toks []pyTok) []pyItem {
	firsts, texts := mergeOps(pyOps, len(toks),
		func(i int) string { return string(src[toks[i].start:toks[i].end]) },
		func(i int) bool { return toks[i].kind == pyOp },
		func(i int) bool {
			return toks[i].kind == pyOp && toks[i-1].kind == pyOp && toks[i-1].end == toks[i].start
		})
	items := make([]pyItem, 0, len(firsts))
	for k, i := range firsts {
		t := toks[i]
		switch t.kind {
		case pyName:
			items = append(items, pyItem{text: "n:" + t.text, name: t.text})
		case pyNumber:
			items = append(items, pyItem{text: "#:" + strings.ToLower(texts[k])})
		case pyString:
			prefix := strings.ReplaceAll(t.prefix, "u", "")
			if len(prefix) == 2 && prefix[0] > prefix[1] {
				prefix = prefix[1:] + prefix[:1]
			}
			body := string(src[t.body[0]:t.body[1]])
			items = append(items, pyItem{text: "s" + prefix + ":" + normQuoted(body, strings.Contains(prefix, "r")),
				doc: !strings.ContainsAny(prefix, "bft")})
		default:
			items = append(items, pyItem{text: texts[k]})
		}
	}
	return items
}

// pyDepths returns the bracket depth before each item.
func pyDepths(items []pyItem) []int {
	d := make([]int, len(items))
	depth := 0
	for i, it := range items {
		if it.is(")") || it.is("]") || it.is("}") {
			depth = max(0, depth-1)
		}
		d[i] = depth
		if it.is("(") || it.is("[") || it.is("{") {
			depth++
		}
	}
	return d
}

// pySplit splits a logical line into its statements: a compound
// statement's header from a body on the same line (if x: y), and
// statements joined by ";". A body gets an indentation one deeper than its
// header, as black would write it.
func pySplit(indent int, items []pyItem) []pyVLine {
	var out []pyVLine
	if len(items) > 0 && items[0].name != "" && pyCompound[items[0].name] {
		d := pyDepths(items)
		for k, it := range items {
			if d[k] == 0 && it.name == "lambda" {
				break
			}
			if d[k] == 0 && it.is(":") {
				if k == len(items)-1 {
					break
				}
				out = append(out, pyVLine{indent: indent, items: items[:k+1]})
				return append(out, pySplitSemis(indent+1, items[k+1:])...)
			}
		}
	}
	return pySplitSemis(indent, items)
}

func pySplitSemis(indent int, items []pyItem) []pyVLine {
	var out []pyVLine
	d := pyDepths(items)
	from := 0
	for k := 0; k <= len(items); k++ {
		if k == len(items) || d[k] == 0 && items[k].is(";") {
			if k > from {
				out = append(out, pyVLine{indent: indent, items: items[from:k]})
			}
			from = k + 1
		}
	}
	return out
}

// pyAnnScope is an open def or class body, for annotations.
type pyAnnScope struct {
	indent int  // the header's indentation
	class  bool // a class body
	strip  bool // variable annotations in it may be left out
}

type pyReducer struct {
	scopes      []pyAnnScope
	plain       map[string]bool // plain module-level classes by name
	typingNames []string        // names bound by typing imports
}

// reduce applies the line-level reductions in order.
func (r *pyReducer) reduce(lines []pyVLine) []pyVLine {
	var out []pyVLine
	var decorators []string
	readers := pyImportsAnnotationReader(lines)
	docAt := 0 // the line that may be a docstring (module: the first)
	skipAbove := -1
	for i, l := range lines {
		if skipAbove >= 0 {
			if l.indent > skipAbove {
				continue
			}
			skipAbove = -1
		}
		for len(r.scopes) > 0 && r.scopes[len(r.scopes)-1].indent >= l.indent {
			r.scopes = r.scopes[:len(r.scopes)-1]
		}
		items := l.items
		if i == docAt && len(items) > 0 && pyAllDocStrings(items) {
			continue
		}
		first := items[0]
		switch {
		case first.is("@"):
			decorators = append(decorators, pyItemDecoratorName(items))
			out = append(out, l)
			continue
		case pyTypeChecking(items):
			skipAbove = l.indent
			decorators = nil
			continue
		case r.typingImport(items):
			decorators = nil
			continue
		}
		def := first.name == "def" || first.name == "async" && len(items) > 1 && items[1].name == "def"
		if def {
			if pySafe(decorators) && !readers {
				items = pyStripSignature(items)
			}
			r.scopes = append(r.scopes, pyAnnScope{indent: l.indent, strip: true})
			docAt = i + 1
		} else if first.name == "class" {
			plain := r.plainClass(items, decorators, len(r.scopes) == 0)
			r.scopes = append(r.scopes, pyAnnScope{indent: l.indent, class: true, strip: plain})
			docAt = i + 1
			if len(items) >= 5 && items[2].is("(") && items[3].is(")") {
				items = append(append([]pyItem{}, items[:2]...), items[4:]...)
			}
		} else if r.stripVars() {
			items = pyStripVarAnnotation(items)
			// "x: T" alone binds nothing at module level or in a plain
			// class (it only fills __annotations__, which nothing there
			// reads); in a function it makes x local, so it stays.
			if n := len(items); n > 0 && items[n-1].text == "annotated" && items[n-1].name == "" && !r.inFunction() {
				decorators = nil
				continue
			}
		}
		decorators = nil
		items = pyDropParens(items)
		items = pyDropTrailingCommas(items)
		out = append(out, pyVLine{indent: l.indent, items: items})
	}
	return out
}

// inFunction reports whether the current scope is a function's body.
func (r *pyReducer) inFunction() bool {
	return len(r.scopes) > 0 && !r.scopes[len(r.scopes)-1].class
}

// stripVars reports whether variable annotations in the current scope may
// be left out: at module level, in functions and in plain classes.
func (r *pyReducer) stripVars() bool {
	return len(r.scopes) == 0 || r.scopes[len(r.scopes)-1].strip
}

func pyAllDocStrings(items []pyItem) bool {
	for _, it := range items {
		if !it.doc {
			return false
		}
	}
	return true
}

// pyItemDecoratorName is the last name of a decorator line's dotted
// expression ("overload" for @typing.overload), "" when it has none.
func pyItemDecoratorName(items []pyItem) string {
	name := ""
	for _, it := range items[1:] {
		if it.name != "" {
			name = it.name
		} else if !it.is(".") {
			break
		}
	}
	return name
}

func pySafe(decorators []string) bool {
	for _, d := range decorators {
		if !pySafeDecorators[d] {
			return false
		}
	}
	return true
}

// pyTypeChecking reports "if TYPE_CHECKING:" or "if x.TYPE_CHECKING:".
func pyTypeChecking(items []pyItem) bool {
	n := len(items)
	if n < 3 || items[0].name != "if" || !items[n-1].is(":") || items[n-2].name != "TYPE_CHECKING" {
		return false
	}
	return n == 3 || n == 5 && items[1].name != "" && items[2].is(".")
}

// typingImport reports an import of typing or typing_extensions, or "from
// __future__ import annotations", recording the names it binds.
func (r *pyReducer) typingImport(items []pyItem) bool {
	n := len(items)
	switch {
	case n >= 2 && items[0].name == "import" && (items[1].name == "typing" || items[1].name == "typing_extensions"):
		switch {
		case n == 2:
			r.typingNames = append(r.typingNames, items[1].name)
		case n == 4 && items[2].name == "as" && items[3].name != "":
			r.typingNames = append(r.typingNames, items[3].name)
		default:
			return false
		}
		return true
	case n >= 4 && items[0].name == "from" && items[2].name == "import":
		mod := items[1].name
		if mod == "__future__" {
			return n == 4 && items[3].name == "annotations"
		}
		if mod != "typing" && mod != "typing_extensions" {
			return false
		}
		var names []string
		for k := 3; k < n; k++ {
			it := items[k]
			switch {
			case it.is("(") || it.is(")") || it.is(","):
			case it.name == "as" && k+1 < n && items[k+1].name != "" && len(names) > 0:
				names[len(names)-1] = items[k+1].name
				k++
			case it.name != "":
				names = append(names, it.name)
			default:
				return false
			}
		}
		r.typingNames = append(r.typingNames, names...)
		return true
	}
	return false
}

// plainClass reports whether a class's annotations are only annotations:
// it has no decorator and its bases are object or plain classes defined
// before it in the file.
func (r *pyReducer) plainClass(items []pyItem, decorators []string, top bool) bool {
	if len(decorators) > 0 || len(items) < 3 || items[1].name == "" {
		return false
	}
	ok := true
	if items[2].is("(") {
		for _, it := range items[3 : len(items)-1] {
			switch {
			case it.is(")") || it.is(","):
			case it.name == "object" || it.name != "" && r.plain[it.name]:
			default:
				ok = false
			}
		}
	} else if !items[2].is(":") {
		ok = false
	}
	if ok && top {
		r.plain[items[1].name] = true
	}
	return ok
}

// pyStripSignature leaves out a def's parameter and return annotations.
func pyStripSignature(items []pyItem) []pyItem {
	d := pyDepths(items)
	open := -1
	for k, it := range items {
		if d[k] == 0 && it.is("(") {
			open = k
			break
		}
		if d[k] == 0 && it.is("[") { // type parameters: keep the signature
			return items
		}
	}
	if open < 0 {
		return items
	}
	out := append([]pyItem{}, items[:open+1]...)
	k := open + 1
	expectName := true
	for ; k < len(items) && d[k] > 0; k++ {
		it := items[k]
		if d[k] == 1 {
			switch {
			case it.is(","):
				expectName = true
			case it.is(":") && !expectName:
				// The annotation runs to the next ',', '=' or ')' at depth 1.
				j := k + 1
				for j < len(items) && d[j] > 0 && !(d[j] == 1 && (items[j].is(",") || items[j].is("="))) {
					j++
				}
				k = j - 1
				continue
			case it.is("="):
				// A default: keep it to the next ',' or ')' at depth 1.
				out = append(out, it)
				j := k + 1
				for j < len(items) && d[j] > 0 && !(d[j] == 1 && items[j].is(",")) {
					out = append(out, items[j])
					j++
				}
				k = j - 1
				expectName = false
				continue
			case it.name != "":
				expectName = false
			}
		}
		out = append(out, it)
	}
	// items[k] is the closing ')'; then "-> T" up to the header's ':'.
	if k < len(items) {
		out = append(out, items[k])
		k++
	}
	if k < len(items) && items[k].is("->") {
		for k < len(items) && !(d[k] == 0 && items[k].is(":")) {
			k++
		}
	}
	return append(out, items[k:]...)
}

// pyStripVarAnnotation turns "x: T = v" into "x = v" and "x: T" into "x"
// with a marker (an annotation without a value evaluates nothing).
func pyStripVarAnnotation(items []pyItem) []pyItem {
	k := 0
	if len(items) < 3 || items[0].name == "" || pyKeywords[items[0].name] {
		return items
	}
	for k = 1; k+1 < len(items) && items[k].is(".") && items[k+1].name != ""; k += 2 {
	}
	if k >= len(items) || !items[k].is(":") {
		return items
	}
	d := pyDepths(items)
	for j := k + 1; j < len(items); j++ {
		if d[j] == 0 && items[j].is("=") {
			return append(append([]pyItem{}, items[:k]...), items[j:]...)
		}
	}
	return append(append([]pyItem{}, items[:k]...), pyItem{text: "annotated"})
}

// pyParenTriggers are the tokens after which black adds or removes
// parentheses around what follows, with the tokens that may follow the
// closing parenthesis ("" for the end of the statement).
var pyParenTriggers = map[string][]string{
	"=": {""}, "return": {""}, "del": {""}, "yield": {""}, "for": {"in"}, "in": {":"},
	"if": {":"}, "elif": {":"}, "while": {":"},
}

// pyDropParens leaves out the redundant parentheses black adds or removes:
// around the whole value of an assignment, return, del or yield, the
// condition of if, elif and while, and the target and iterable of for.
// Parentheses around nothing (an empty tuple), a generator or an
// assignment expression stay.
func pyDropParens(items []pyItem) []pyItem {
	for k := 0; k+1 < len(items); k++ {
		prev := items[k]
		key := prev.name
		if key == "" {
			key = prev.text
			if strings.HasSuffix(key, "=") && len(key) == 2 && !strings.Contains("=!<>:", key[:1]) {
				key = "="
			}
		}
		follow, ok := pyParenTriggers[key]
		if !ok || !items[k+1].is("(") || pyDepths(items)[k] != 0 {
			continue
		}
		if key == "in" && items[0].name != "for" && !(items[0].name == "async" && len(items) > 1 && items[1].name == "for") {
			continue
		}
		d := pyDepths(items)
		closeAt := -1
		for j := k + 2; j < len(items); j++ {
			if d[j] == 0 && items[j].is(")") {
				closeAt = j
				break
			}
		}
		if closeAt < 0 || closeAt == k+2 {
			continue
		}
		after := ""
		if closeAt+1 < len(items) {
			after = items[closeAt+1].name
			if after == "" {
				after = items[closeAt+1].text
			}
		}
		okFollow := false
		for _, f := range follow {
			okFollow = okFollow || f == after
		}
		if !okFollow {
			continue
		}
		plain := true
		for j := k + 2; j < closeAt; j++ {
			if d[j] == 1 && (items[j].name == "for" || items[j].is(":=") || items[j].name == "async") {
				plain = false
			}
		}
		if !plain {
			continue
		}
		items = append(append(append([]pyItem{}, items[:k+1]...), items[k+2:closeAt]...), items[closeAt+1:]...)
		k-- // the same trigger may have doubled parentheses
	}
	return items
}

// pyDropTrailingCommas leaves out a comma before a closing bracket when
// the brackets hold another comma: (a,) is a tuple, (a, b,) is (a, b).
func pyDropTrailingCommas(items []pyItem) []pyItem {
	var out []pyItem
	var commas []int // commas seen in each open bracket
	for k, it := range items {
		switch {
		case it.is("(") || it.is("[") || it.is("{"):
			commas = append(commas, 0)
		case it.is(")") || it.is("]") || it.is("}"):
			if len(commas) > 0 {
				commas = commas[:len(commas)-1]
			}
		case it.is(",") && len(commas) > 0:
			commas[len(commas)-1]++
			if k+1 < len(items) && (items[k+1].is(")") || items[k+1].is("]") || items[k+1].is("}")) && commas[len(commas)-1] > 1 {
				continue
			}
		}
		out = append(out, it)
	}
	return out
}

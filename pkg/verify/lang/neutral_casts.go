package lang

import "strings"

// javaRedundantCast drops a cast to the very type its value is returned as
// or declared with (IntelliJ's and javac -Xlint's "redundant cast"):
// `return (T) v;` in a method declared to return T, and `T x = (T) v;`.
// The version without the cast compiles, so v converts to T in an
// assignment context; a cast context applies the same conversion there
// (identity, widening, boxing, a constant narrowed to where it fits, an
// unchecked generic cast), so the value and any exception are the same.
// The cast's type must be spelled as the declared type, token for token,
// and v must be a plain name chain (names, dots, calls, indexes) or one
// literal ending the statement, so no operator binds differently; a return
// whose method cannot be told (inside a lambda or a switch rule, after an
// unknown header) keeps its cast.
func javaRedundantCast(toks []string) ([]string, bool) {
	return rewriteEach(toks, func(i int) (int, []string, bool) {
		c, ok := javaCastDroppable(toks, i)
		return c + 1, nil, ok
	})
}

// rewriteEach rewrites toks left to right: wherever match(i) finds a span
// starting at i, the tokens up to end are replaced by repl, and the
// search goes on after them.
func rewriteEach(toks []string, match func(i int) (end int, repl []string, ok bool)) ([]string, bool) {
	e := tokenEdit{toks: toks}
	for i := 0; i < len(toks); i++ {
		if end, repl, ok := match(i); ok {
			e.replace(i, repl...)
			i = end - 1
			continue
		}
		e.keep(i)
	}
	return e.result()
}

// javaCastDroppable reports whether a redundant cast opens at i, and
// returns its closing parenthesis.
func javaCastDroppable(toks []string, i int) (int, bool) {
	if toks[i] != "(" || i == 0 {
		return 0, false
	}
	c := closing(toks, i)
	if c < 0 || c+2 >= len(toks) || !javaTypeTokens(toks[i+1:c]) {
		return 0, false
	}
	// The operand: a name chain or one literal, ending the statement.
	op := toks[c+1]
	var end int
	switch {
	case strings.HasPrefix(op, "l:"):
		end = c + 2
	case strings.HasPrefix(op, "n:") && op != "n:instanceof" && op != "n:new" && op != "n:switch":
		end = chainEnd(toks, c+1)
	default:
		return 0, false
	}
	if end < 0 || end >= len(toks) || toks[end] != ";" {
		return 0, false
	}
	typ := toks[i+1 : c]
	switch p := toks[i-1]; {
	case p == "n:return":
		m := javaReturnsFrom(toks, i-1)
		return c, m > 0 && javaDeclaredType(toks, m, typ)
	case p == "=" && i >= 2 && strings.HasPrefix(toks[i-2], "n:"):
		// T x = (T) v; a local or a field, not an assignment.
		return c, javaDeclaredType(toks, i-2, typ)
	}
	return 0, false
}

// javaTypeTokens reports whether ts can spell a type: names, dots, type
// arguments and array brackets.
func javaTypeTokens(ts []string) bool {
	if len(ts) == 0 || !strings.HasPrefix(ts[0], "n:") {
		return false
	}
	for _, t := range ts {
		switch {
		case strings.HasPrefix(t, "n:"):
			if t == "n:instanceof" || t == "n:new" || t == "n:this" || t == "n:super" {
				return false
			}
		case t == "." || t == "<" || t == ">" || t == ">>" || t == ">>>" || t == "," || t == "?" || t == "[" || t == "]":
		default:
			return false
		}
	}
	return true
}

// javaDeclaredType reports whether the tokens just before the name at
// name spell typ and start a declaration: what stands before them is a
// modifier, the end of an annotation or of type parameters, or the end of
// a statement or member.
func javaDeclaredType(toks []string, name int, typ []string) bool {
	s := name - len(typ)
	if s < 1 || !equalTokens(toks[s:name], typ) {
		return false
	}
	p := toks[s-1]
	switch {
	case p == ";" || p == "{" || p == "}" || p == ">" || p == ")":
		// ) closes an annotation's arguments or a for or try header's (.
		return true
	case p == "(":
		// for (T x = (T) v; ...) and try (T x = ...).
		return s >= 2 && (toks[s-2] == "n:for" || toks[s-2] == "n:try")
	case strings.HasPrefix(p, "n:") && javaModifiers[strings.TrimPrefix(p, "n:")]:
		return true
	case strings.HasPrefix(p, "n:"):
		// @a.b.Name before the type.
		j := s - 1
		for j >= 2 && toks[j-1] == "." && strings.HasPrefix(toks[j-2], "n:") {
			j -= 2
		}
		return j >= 1 && toks[j-1] == "@"
	}
	return false
}

// javaReturnsFrom returns the index of the name of the method the return
// at ret returns from, or -1 when that cannot be told: the return's
// enclosing blocks are walked outwards through statements' bodies (if,
// else, loops, try, catch, finally, synchronized, switch, plain blocks)
// to the first one a method header owns.
func javaReturnsFrom(toks []string, ret int) int {
	for open := enclosingBrace(toks, ret); open > 0; open = enclosingBrace(toks, open) {
		switch p := toks[open-1]; p {
		case "n:else", "n:try", "n:finally", "n:do", "{", "}", ";", ":":
			continue
		case ")":
		default:
			if !strings.HasPrefix(p, "n:") {
				return -1
			}
			// ) throws A, b.B {
			j := open - 1
			for j > 0 && toks[j] != "n:throws" && (strings.HasPrefix(toks[j], "n:") || toks[j] == "." || toks[j] == ",") {
				j--
			}
			if toks[j] != "n:throws" || j == 0 || toks[j-1] != ")" {
				return -1
			}
			return javaHeaderName(toks, j-1)
		}
		o := opening(toks, open-1)
		if o < 1 {
			return -1
		}
		switch toks[o-1] {
		case "n:if", "n:for", "n:while", "n:catch", "n:synchronized", "n:switch", "n:try":
			continue
		}
		return javaHeaderName(toks, open-1)
	}
	return -1
}

// javaHeaderName returns the method name before the parameter list
// closing at close, or -1 when what the parentheses follow is no method
// (an anonymous class's constructor call, a keyword).
func javaHeaderName(toks []string, close int) int {
	o := opening(toks, close)
	if o < 2 || !strings.HasPrefix(toks[o-1], "n:") || toks[o-2] == "n:new" || toks[o-2] == "." {
		return -1
	}
	return o - 1
}

// enclosingBrace returns the index of the innermost { enclosing position
// at, or -1 (also when a ( or [ encloses it first).
func enclosingBrace(toks []string, at int) int {
	depth := 0
	for j := at - 1; j >= 0; j-- {
		switch toks[j] {
		case ")", "]", "}":
			depth++
		case "(", "[", "{":
			if depth > 0 {
				depth--
				continue
			}
			if toks[j] == "{" {
				return j
			}
			return -1
		}
	}
	return -1
}

// goRedundantConversion drops a conversion to the type a function returns
// from `return T(v)` in a function whose one result is T (unconvert's
// "unnecessary conversion"), and adds nothing else. The version without
// it compiles, so v is assignable to T, and a conversion to T gives the
// same value as that assignment (an identical or unnamed type, an
// interface v implements, an untyped constant made T). The conversion
// must be spelled as the result type, token for token, hold one operand
// and be the whole returned expression; T's name (or its package's)
// must not be declared again in the function, where T(v) could be a call
// of something else.
func goRedundantConversion(toks []string) ([]string, bool) {
	var funcs []goFunc // read at the first return of a call
	read := false
	return rewriteEach(toks, func(i int) (int, []string, bool) {
		if toks[i] != "return" || i+2 >= len(toks) || (toks[i+2] != "(" && toks[i+2] != "." && toks[i+1] != "[") {
			return 0, nil, false
		}
		if !read {
			funcs, read = goFuncResults(toks), true
		}
		if f := innermostFunc(funcs, i); f != nil && f.result != nil {
			if c, ok := goConversionAt(toks, i+1, f); ok {
				return c + 1, append([]string{"return"}, toks[i+1+len(f.result)+1:c]...), true
			}
		}
		return 0, nil, false
	})
}

// goFunc is a Go function with a body: its header's start, the braces of
// its body, and its one result's type tokens (nil when it has none, more
// than one, a named one or one verify does not read).
type goFunc struct {
	start, open, close int
	result             []string
}

// goFuncResults finds every function (declared or literal) with a body.
func goFuncResults(toks []string) []goFunc {
	var out []goFunc
	for i, t := range toks {
		if t != "func" {
			continue
		}
		// func (recv) Name[TP](params), func Name[TP](params), func(params)
		j := goHeaderEnd(toks, i)
		if j < 0 {
			continue
		}
		// The result, up to the body's brace.
		r := j
		simple := true
		for j < len(toks) && toks[j] != "{" {
			switch t := toks[j]; {
			case t == "." || t == "*" || t == "[" || t == "]":
			case isGoName(t) && (!goKeywords[t] || t == "map"):
			default:
				simple = false
			}
			if !simple {
				break
			}
			j++
		}
		if j >= len(toks) || toks[j] != "{" || !simple {
			continue
		}
		c := closing(toks, j)
		if c < 0 {
			continue
		}
		f := goFunc{start: i, open: j, close: c}
		if j > r {
			f.result = toks[r:j]
		}
		out = append(out, f)
	}
	return out
}

// innermostFunc returns the function whose body most closely encloses at.
func innermostFunc(funcs []goFunc, at int) *goFunc {
	var best *goFunc
	for k := range funcs {
		if f := &funcs[k]; f.open < at && at < f.close && (best == nil || f.open > best.open) {
			best = f
		}
	}
	return best
}

// goConversionAt reports whether a conversion to f's result type, with one
// operand and nothing after it in the return, starts at i, and returns its
// closing parenthesis.
func goConversionAt(toks []string, i int, f *goFunc) (int, bool) {
	n := len(f.result)
	if f.result[0] == "*" || i+n >= len(toks) || !equalTokens(toks[i:i+n], f.result) || toks[i+n] != "(" {
		return 0, false
	}
	c := closing(toks, i+n)
	if c < 0 || c == i+n+1 || c+1 >= len(toks) {
		return 0, false
	}
	depth := 0
	for _, t := range toks[i+n+1 : c] {
		switch t {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case ",", "...":
			if depth == 0 {
				return 0, false
			}
		}
	}
	// Statements are not separated by semicolons in these tokens: what
	// follows must end the return, not continue its expression.
	if next := toks[c+1]; next != "}" && (!isGoName(next) || next == "func" || next == "map" || next == "chan" || next == "struct" || next == "interface") {
		return 0, false
	}
	scope := toks[f.start:f.close]
	for _, name := range f.result {
		if isGoName(name) && (goRedeclares(scope, name) || goFollowedBy(scope, name, ",")) {
			return 0, false
		}
	}
	return c, true
}

// goFollowedBy reports whether name stands anywhere before next.
func goFollowedBy(toks []string, name, next string) bool {
	for i := 0; i+1 < len(toks); i++ {
		if toks[i] == name && toks[i+1] == next {
			return true
		}
	}
	return false
}

// goHeaderEnd returns the index just past the parameters of the function
// whose func keyword is at i (a method's, a function's or a literal's), or
// -1 when they cannot be read.
func goHeaderEnd(toks []string, i int) int {
	past := func(j int) int { // past the bracket opening at j
		if j >= len(toks) || (toks[j] != "(" && toks[j] != "[") {
			return -1
		}
		if c := closing(toks, j); c > 0 {
			return c + 1
		}
		return -1
	}
	named := func(j int) bool {
		return j+1 < len(toks) && isGoName(toks[j]) && !goKeywords[toks[j]] && (toks[j+1] == "(" || toks[j+1] == "[")
	}
	j := i + 1
	if j < len(toks) && toks[j] == "(" {
		if j = past(j); j < 0 || !named(j) {
			// A literal: those were its parameters. Only where an
			// expression starts, or the brace may open a composite
			// literal's elements (`[]func() int{f, g}`) or a block after
			// a declared func type.
			if i == 0 || !goLiteralStarts[toks[i-1]] {
				return -1
			}
			return j
		}
	}
	if !named(j) {
		return -1
	}
	j++
	if toks[j] == "[" {
		if j = past(j); j < 0 {
			return -1
		}
	}
	return past(j)
}

// goLiteralStarts are the tokens after which func starts a function
// literal rather than a type.
var goLiteralStarts = map[string]bool{"=": true, ":=": true, "(": true, ",": true, "return": true, "go": true,
	"defer": true, "{": true, ":": true}

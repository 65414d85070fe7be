package lang

import "strings"

// This file holds the idioms about names a change binds and never reads:
// an exception caught under a name its handler never uses, and a local
// assigned only to be returned by the next statement (ruff's RET504,
// sonarjs's prefer-immediate-return, IntelliJ's "redundant local
// variable").

// unusedBinding is the name an idiom gives a catch parameter its handler
// never reads, so that any two such names compare equal.
const unusedBinding = "n:_"

// javaUnusedCatch renames to one placeholder every catch parameter whose
// block never names it: `catch (IOException e) {}` and `catch
// (IOException ignored) {}` are the same handler. A block that names the
// parameter keeps it (renaming it there could make the block read a field
// or a local of the new name).
func javaUnusedCatch(toks []string) ([]string, bool) {
	return rewriteEach(toks, func(i int) (int, []string, bool) {
		if toks[i] != "n:catch" || i+1 >= len(toks) || toks[i+1] != "(" {
			return 0, nil, false
		}
		c := closing(toks, i+1)
		if c <= i+3 || c+1 >= len(toks) || toks[c+1] != "{" || !strings.HasPrefix(toks[c-1], "n:") || toks[c-1] == unusedBinding {
			return 0, nil, false
		}
		if end := closing(toks, c+1); end < 0 || tokenWithin(toks, toks[c-1], c+1, end) {
			return 0, nil, false
		}
		return c, append(append([]string(nil), toks[i:c-1]...), unusedBinding), true
	})
}

// jsUnusedCatch drops the binding of a catch clause whose block never
// names it (ES2019's optional catch binding, unicorn's
// prefer-optional-catch-binding): `catch (e) { f() }` and `catch { f() }`.
// Only a plain name (with a TypeScript `: unknown` or `: any`) is dropped,
// and not where the block calls eval, which could name it.
func jsUnusedCatch(toks []string) ([]string, bool) {
	return rewriteEach(toks, func(i int) (int, []string, bool) {
		if toks[i] != "n:catch" || i+3 >= len(toks) || toks[i+1] != "(" || !strings.HasPrefix(toks[i+2], "n:") {
			return 0, nil, false
		}
		c := i + 3
		if toks[c] == ":" && c+2 < len(toks) && (toks[c+1] == "n:unknown" || toks[c+1] == "n:any") {
			c += 2
		}
		if toks[c] != ")" || c+1 >= len(toks) || toks[c+1] != "{" {
			return 0, nil, false
		}
		if end := closing(toks, c+1); end < 0 || tokenWithin(toks, toks[i+2], c+1, end) || tokenWithin(toks, "n:eval", c+1, end) {
			return 0, nil, false
		}
		return c + 1, []string{"n:catch"}, true
	})
}

// pyUnusedExcept drops `as name` from an except clause whose name nothing
// in the file reads: `except E as e: pass` and `except E: pass`. Python
// deletes the name when the clause ends, so a name read anywhere else in
// the file (another scope's, or a later read that would then fail) keeps
// it, as does a file that reads names dynamically (locals, globals, vars,
// eval, exec).
func pyUnusedExcept(toks []string) ([]string, bool) {
	var read map[string]bool // names that stand anywhere but after an as
	dynamic := false
	return rewriteEach(toks, func(i int) (int, []string, bool) {
		if dynamic || toks[i] != "n:as" || i+2 >= len(toks) || toks[i+2] != ":" || !strings.HasPrefix(toks[i+1], "n:") || !pyExceptHeader(toks, i) {
			return 0, nil, false
		}
		if read == nil {
			read = namesNotAfterAs(toks)
			dynamic = read["n:locals"] || read["n:globals"] || read["n:vars"] || read["n:eval"] || read["n:exec"]
		}
		return i + 2, nil, !dynamic && !read[toks[i+1]] // as and the name
	})
}

// pyExceptHeader reports whether the as at i is in an except clause's
// header: an except (or except*) begins its statement before it, with no
// NEWLINE between.
func pyExceptHeader(toks []string, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch toks[j] {
		case "NEWLINE", "INDENT", "DEDENT", ":":
			return false
		case "n:except":
			return j == 0 || toks[j-1] == "NEWLINE" || toks[j-1] == "INDENT" || toks[j-1] == "DEDENT"
		}
	}
	return false
}

// namesNotAfterAs returns the names that stand somewhere not right after
// an as.
func namesNotAfterAs(toks []string) map[string]bool {
	out := map[string]bool{}
	for j, t := range toks {
		if strings.HasPrefix(t, "n:") && (j == 0 || toks[j-1] != "n:as") {
			out[t] = true
		}
	}
	return out
}

// tokenWithin reports whether tok stands strictly between from and to.
func tokenWithin(toks []string, tok string, from, to int) bool {
	for j := from + 1; j < to && j < len(toks); j++ {
		if toks[j] == tok {
			return true
		}
	}
	return false
}

// The local returned at once: `x = e` followed by `return x`, where x is
// named nowhere else in its scope, is `return e`. Each language's rewrite
// checks what would make the two differ: a name another statement (a
// closure, a later read) uses, a scope that reads names dynamically, a
// value whose spelling the binding changes (a JS function or class gets
// its name from a const it is assigned to), a Java declared type other
// than the method's return type (it would convert the value differently).

// pyReturnedAtOnce rewrites `x = e NEWLINE return x` as `return e` where
// the function names x in no other place and declares no global or
// nonlocal and reads no names dynamically.
func pyReturnedAtOnce(toks []string) ([]string, bool) {
	return returnedEach(toks, "n:return", func(i int) (int, []string, bool) { return pyReturnedAt(toks, i) })
}

// returnedEach rewrites toks with rewriteEach where at finds a local
// returned at once: its span becomes ret (the language's return keyword)
// and the value.
func returnedEach(toks []string, ret string, at func(i int) (end int, expr []string, ok bool)) ([]string, bool) {
	return rewriteEach(toks, func(i int) (int, []string, bool) {
		end, expr, ok := at(i)
		if !ok {
			return 0, nil, false
		}
		return end, append([]string{ret}, expr...), true
	})
}

// valueEnd returns the index of the first stop at bracket depth 0 from
// from on: the end of a value. It returns -1 when one of refuse stands at
// depth 0 before it, or a bracket closes one the value did not open.
func valueEnd(toks []string, from int, stop string, refuse ...string) int {
	depth := 0
	for j := from; j < len(toks); j++ {
		switch t := toks[j]; t {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth--; depth < 0 {
				return -1
			}
		default:
			if depth > 0 {
				continue
			}
			if t == stop {
				return j
			}
			for _, r := range refuse {
				if t == r {
					return -1
				}
			}
		}
	}
	return -1
}

// pyReturnedAt reports whether `x = e NEWLINE return x` starts at i, and
// returns the index past the return's name and e's tokens.
func pyReturnedAt(toks []string, i int) (end int, expr []string, ok bool) {
	if i+5 >= len(toks) || !strings.HasPrefix(toks[i], "n:") || toks[i+1] != "=" || (i > 0 && toks[i-1] != "NEWLINE" && toks[i-1] != "INDENT" && toks[i-1] != "DEDENT") {
		return 0, nil, false
	}
	name := toks[i]
	nl := valueEnd(toks, i+2, "NEWLINE", "=", ":", "n:lambda")
	if nl < 0 || nl == i+2 || tokenWithin(toks, "n:yield", i+1, nl) || nl+2 >= len(toks) || toks[nl+1] != "n:return" || toks[nl+2] != name {
		return 0, nil, false
	}
	end = nl + 3
	if end < len(toks) && toks[end] != "NEWLINE" && toks[end] != "DEDENT" {
		return 0, nil, false
	}
	// The enclosing function's suite.
	from, to := pyEnclosingDef(toks, i)
	if from < 0 {
		return 0, nil, false
	}
	// x may be read before the assignment (a parameter reassigned, as
	// ruff's RET504 fixes do), never after it but by the return, and
	// never by a function, lambda or class the function holds, which
	// could read it later.
	before, nested := 0, false
	for j := from; j < to; j++ {
		switch toks[j] {
		case name:
			if j > i && j != nl+2 {
				return 0, nil, false
			}
			if j < i {
				before++
			}
		case "n:def", "n:lambda", "n:class":
			nested = true
		case "n:global", "n:nonlocal", "n:locals", "n:vars", "n:eval", "n:exec":
			return 0, nil, false
		}
	}
	if before > 0 && nested {
		return 0, nil, false
	}
	return end, toks[i+2 : nl], true
}

// pyEnclosingDef returns the span of the suite of the innermost def
// enclosing position at, or -1: the nearest def before it whose suite
// holds it (a def after the innermost one's start is nested in it, and
// ends before at, or holds it).
func pyEnclosingDef(toks []string, at int) (from, to int) {
	for j := at - 1; j >= 0; j-- {
		if toks[j] != "n:def" {
			continue
		}
		colon := pyHeaderColon(toks, j, false)
		if colon < 0 || colon+2 >= len(toks) || toks[colon+1] != "NEWLINE" || toks[colon+2] != "INDENT" {
			continue
		}
		if end := pySuiteEnd(toks, colon+2); colon+2 < at && at < end {
			return colon + 2, end
		}
	}
	return -1, 0
}

// jsReturnedAtOnce rewrites `const x = e; return x` (or let) as `return
// e` where the block names x nowhere else, calls no eval and holds no
// with, and e is no function, arrow or class (which would take x as
// their name).
func jsReturnedAtOnce(toks []string) ([]string, bool) {
	return returnedEach(toks, "n:return", func(i int) (int, []string, bool) { return jsReturnedAt(toks, i) })
}

// jsReturnedAt is pyReturnedAt for JavaScript and TypeScript.
func jsReturnedAt(toks []string, i int) (end int, expr []string, ok bool) {
	if i == 0 || i+6 >= len(toks) || (toks[i] != "n:const" && toks[i] != "n:let") || !strings.HasPrefix(toks[i+1], "n:") || toks[i+2] != "=" ||
		(toks[i-1] != ";" && toks[i-1] != "{" && toks[i-1] != "}") {
		return 0, nil, false
	}
	name := toks[i+1]
	switch toks[i+3] {
	case "n:function", "n:class", "n:async", "(":
		return 0, nil, false
	}
	semi := valueEnd(toks, i+3, ";", ",", "=>", "n:return")
	if semi < 0 || semi+2 >= len(toks) || toks[semi+1] != "n:return" || toks[semi+2] != name {
		return 0, nil, false
	}
	end = semi + 3
	if end < len(toks) && toks[end] != ";" && toks[end] != "}" {
		return 0, nil, false
	}
	open := enclosingBrace(toks, i)
	if open < 0 {
		return 0, nil, false
	}
	close := closing(toks, open)
	count := 0
	for j := open; j < close; j++ {
		switch toks[j] {
		case name:
			count++
		case "n:eval", "n:with":
			return 0, nil, false
		}
	}
	if count != 2 {
		return 0, nil, false
	}
	return end, toks[i+3 : semi], true
}

// goReturnedAtOnce rewrites `x := e` followed by `return x` as `return
// e` where the function names x nowhere else and e is one value.
func goReturnedAtOnce(toks []string) ([]string, bool) {
	var funcs []goFunc
	read := false
	return returnedEach(toks, "return", func(i int) (int, []string, bool) {
		if i+5 >= len(toks) || toks[i+1] != ":=" || !isGoName(toks[i]) || goKeywords[toks[i]] || toks[i] == "_" {
			return 0, nil, false
		}
		if !read {
			funcs, read = goFuncResults(toks), true
		}
		return goReturnedAt(toks, i, innermostFunc(funcs, i))
	})
}

// goReturnedAt is pyReturnedAt for Go, in the function f.
func goReturnedAt(toks []string, i int, f *goFunc) (end int, expr []string, ok bool) {
	if f == nil || i == 0 {
		return 0, nil, false
	}
	// What ends the statement before: a brace, or the end of a simple
	// statement (a name, a literal, a closing bracket), never an operator
	// or a keyword (a select's case).
	if p := toks[i-1]; p != "{" && p != "}" && p != ")" && p != "]" && (!isGoName(p) || goKeywords[p]) && !goLiteral(p) {
		return 0, nil, false
	}
	name := toks[i]
	depth, ret := 0, -1
	for j := i + 2; j < f.close && ret < 0; j++ {
		// Statements are not separated in these tokens: two operands side
		// by side (`f() y.Do()`) are two statements, never one value.
		if depth == 0 && j > i+2 && goOperand(toks[j]) && (goOperand(toks[j-1]) || toks[j-1] == ")" || toks[j-1] == "]" || toks[j-1] == "}") {
			return 0, nil, false
		}
		switch toks[j] {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth--; depth < 0 {
				return 0, nil, false
			}
		case ",", "=", ":=", "<-", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "&^=":
			if depth == 0 {
				return 0, nil, false
			}
		case "return":
			if depth == 0 {
				ret = j
			}
		default:
			if depth == 0 && goKeywords[toks[j]] && toks[j] != "func" && toks[j] != "map" && toks[j] != "chan" && toks[j] != "struct" && toks[j] != "interface" {
				return 0, nil, false // another statement begins
			}
		}
	}
	if ret < 0 || ret == i+2 || ret+2 >= len(toks) || toks[ret+1] != name || toks[ret+2] != "}" {
		return 0, nil, false
	}
	count := 0
	for j := f.open; j < f.close; j++ {
		if toks[j] == name {
			count++
		}
	}
	if count != 2 {
		return 0, nil, false
	}
	return ret + 2, toks[i+2 : ret], true
}

// goOperand reports whether tok is a name (not a keyword) or a literal.
func goOperand(tok string) bool {
	return (isGoName(tok) && !goKeywords[tok]) || goLiteral(tok)
}

// goLiteral reports whether tok is a Go literal: a number, a string or a
// rune.
func goLiteral(tok string) bool {
	return tok != "" && (tok[0] >= '0' && tok[0] <= '9' || tok[0] == '"' || tok[0] == '`' || tok[0] == '\'')
}

// javaReturnedAtOnce rewrites `T x = e; return x;` as `return e;` where T
// is spelled as the method's return type and the block names x nowhere
// else.
func javaReturnedAtOnce(toks []string) ([]string, bool) {
	return rewriteEach(toks, func(i int) (int, []string, bool) {
		if i == 0 || (toks[i-1] != ";" && toks[i-1] != "{" && toks[i-1] != "}") {
			return 0, nil, false
		}
		eq := javaDeclarationEq(toks, i)
		if eq < 0 {
			return 0, nil, false
		}
		_, end, ok := javaReturnedAt(toks, eq)
		if !ok {
			return 0, nil, false
		}
		return end, append(append([]string{"n:return"}, toks[eq+1:end-4]...), ";"), true
	})
}

// javaDeclarationEq returns the index of the = of the local declaration
// `[final] T x =` starting at s, or -1.
func javaDeclarationEq(toks []string, s int) int {
	for j := s; j < len(toks) && j < s+32; j++ {
		switch t := toks[j]; {
		case t == "=":
			if j-s >= 2 {
				return j
			}
			return -1
		case strings.HasPrefix(t, "n:") || t == "." || t == "<" || t == ">" || t == ">>" || t == "," || t == "?" || t == "[" || t == "]":
		default:
			return -1
		}
	}
	return -1
}

// javaReturnedAt reports whether the = at eq is that of `T x = e; return
// x;` as javaReturnedAtOnce asks, and returns where the declaration
// starts and the index past the return's semicolon.
func javaReturnedAt(toks []string, eq int) (start, end int, ok bool) {
	name := eq - 1
	if !strings.HasPrefix(toks[name], "n:") {
		return 0, 0, false
	}
	// The declaration's start: the end of the statement before it.
	s := name - 1
	for s >= 0 && toks[s] != ";" && toks[s] != "{" && toks[s] != "}" {
		s--
	}
	s++
	typ := toks[s:name]
	if len(typ) > 0 && typ[0] == "n:final" {
		typ = typ[1:]
	}
	if !javaTypeTokens(typ) {
		return 0, 0, false
	}
	semi := valueEnd(toks, eq+1, ";", ",", "=")
	if semi < 0 || semi == eq+1 || semi+3 >= len(toks) || toks[semi+1] != "n:return" || toks[semi+2] != toks[name] || toks[semi+3] != ";" {
		return 0, 0, false
	}
	m := javaReturnsFrom(toks, semi+1)
	if m < 0 || !javaDeclaredType(toks, m, typ) {
		return 0, 0, false
	}
	open := enclosingBrace(toks, s)
	if open < 0 {
		return 0, 0, false
	}
	close := closing(toks, open)
	count := 0
	for j := open; j < close; j++ {
		if toks[j] == toks[name] {
			count++
		}
	}
	if count != 2 {
		return 0, 0, false
	}
	return s, semi + 4, true
}

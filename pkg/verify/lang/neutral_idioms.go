package lang

import (
	"strings"
)

// This file holds the idioms NeutralChange treats as one: pairs of
// spellings that linters rewrite one into the other as safe fixes because
// the language defines them to do the same thing (eslint's prefer-const
// and prefer-optional-chain, the String trim aliases, the Collection
// contract behind "use isEmpty()", Go's predeclared any, pyupgrade's
// Python 3 spellings, braces, diamonds and final in Java). Each idiom is a
// rewrite of a token stream into one canonical spelling; both sides of a
// change are rewritten, and when they are then equal, the change is an
// exchange of idioms. Every rewrite checks the conditions under which the
// two spellings are the same and leaves the tokens alone otherwise, so a
// doubt keeps the change counted.

// WhyIdioms: the reason NeutralChange gives when only idioms were
// exchanged; the idioms found are listed after it.
const WhyIdioms = "only equivalent idioms exchanged"

// idiom is one canonicalising rewrite: its name (for the reason, where
// names are joined by commas, so none holds one) and the rewrite, which returns the new tokens and whether it changed any.
type idiom struct {
	name    string
	rewrite func(toks []string) ([]string, bool)
}

// idiomsFor returns the idioms of language l.
func idiomsFor(l Analyzer) []idiom {
	switch l.(type) {
	case JS:
		return []idiom{
			{"let made const where the name is never assigned again", jsConstAsLet},
			// After prefer-const: a let it joins with its assignment may be a const.
			{"a first value overwritten before it is read", braceInitOverwritten(false)},
			{"optional chaining in a condition", jsOptionalChainInCondition},
			{"trimStart/trimEnd for trimLeft/trimRight", jsTrimAliases},
			{"dot notation or shorthand for a property", jsDotNotation},
			{"no else after a block that returns", braceElseAfterExit(false)},
			{"parentheses around a name", jsRedundantParens},
			{"no name for an exception the handler never reads", jsUnusedCatch},
			{"a local returned at once", jsReturnedAtOnce},
		}
	case Java:
		return []idiom{
			{"isEmpty() for a size or length compared with 0", javaIsEmpty},
			// Before the braces: it reads the if's block by its braces.
			{"no else after a block that returns", braceElseAfterExit(true)},
			{"braces around one statement", javaBraces},
			{"diamond for type arguments", javaDiamond},
			{"final on a parameter or local", javaFinalLocals},
			{"a first value overwritten before it is read", braceInitOverwritten(true)},
			{"no cast to the type returned or declared", javaRedundantCast},
			{"no name for an exception the handler never reads", javaUnusedCatch},
			{"a local returned at once", javaReturnedAtOnce},
		}
	case Python:
		return []idiom{
			{"x not in / is not for not x in / is", pyNotIn},
			{"class without object as its base", pyObjectBase},
			{"OSError for its aliases", pyOSErrorAliases},
			{"super() without arguments", pySuper},
			{"no else after a block that returns", pyElseAfterExit},
			{"no name for an exception the handler never reads", pyUnusedExcept},
			{"a local returned at once", pyReturnedAtOnce},
		}
	case Go:
		return []idiom{{"any for interface{}", goAny}, {"no else after a block that returns", goElseAfterExit},
			{"the condition returned for an if returning true and then false", goReturnBool},
			{"no conversion to the type returned", goRedundantConversion},
			{"a local returned at once", goReturnedAtOnce}}
	}
	return nil
}

// idiomsOnly reports whether a and b (tokens of language l) are equal once
// both are rewritten by l's idioms, and names the idioms the equality
// needs (those without which the two differ; all that rewrote anything
// when none is needed alone).
func idiomsOnly(l Analyzer, a, b []string) (names []string, ok bool) {
	ids := idiomsFor(l)
	if len(ids) == 0 {
		return nil, false
	}
	equalWithout := func(skip int) (equal bool, rewrote []string) {
		x, y := a, b
		for i, id := range ids {
			if i == skip {
				continue
			}
			var cx, cy bool
			x, cx = id.rewrite(x)
			y, cy = id.rewrite(y)
			if cx || cy {
				rewrote = append(rewrote, id.name)
			}
		}
		return equalTokens(x, y), rewrote
	}
	equal, rewrote := equalWithout(-1)
	if !equal || len(rewrote) == 0 {
		return nil, false
	}
	for i, id := range ids {
		if same, _ := equalWithout(i); !same {
			names = append(names, id.name)
		}
	}
	if len(names) == 0 {
		names = rewrote
	}
	return names, true
}

// jsAssignOps are JavaScript's assignment operators, and the increments.
var jsAssignOps = map[string]bool{"=": true, "+=": true, "-=": true, "*=": true, "/=": true, "%=": true, "**=": true,
	"<<=": true, ">>=": true, ">>>=": true, "&=": true, "|=": true, "^=": true, "&&=": true, "||=": true, "??=": true,
	"++": true, "--": true}

// jsConstAsLet spells as let every const declaration whose names are never
// assigned anywhere in the file. A const differs from a let only in
// throwing when its name is assigned, so for such names the two run the
// same; a const whose names may be assigned, or whose names cannot be
// told, keeps its spelling. The names checked are the declared one and
// every name after a comma at the declaration's own depth up to its end
// (more than the declaration may have: that only leaves more consts
// alone).
func jsConstAsLet(toks []string) ([]string, bool) {
	var out []string
	var assignments map[string][]int // computed at the first const
	for i := 0; i+2 < len(toks); i++ {
		if toks[i] != "n:const" || !strings.HasPrefix(toks[i+1], "n:") || toks[i+1] == "n:enum" {
			continue
		}
		if next := toks[i+2]; next != "=" && next != "n:of" && next != "n:in" {
			continue
		}
		names := []string{toks[i+1]}
		depth := 0
	scan:
		for j := i + 2; j < len(toks); j++ {
			switch t := toks[j]; t {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				if depth--; depth < 0 {
					break scan
				}
			case ";":
				if depth == 0 {
					break scan
				}
			case ",":
				if depth == 0 && j+1 < len(toks) && strings.HasPrefix(toks[j+1], "n:") {
					names = append(names, toks[j+1])
				}
			default:
				if depth == 0 && (t == "n:const" || t == "n:let" || t == "n:var" || t == "n:function" || t == "n:class" || t == "n:return") {
					break scan
				}
			}
		}
		if assignments == nil {
			assignments = jsAssignments(toks)
		}
		assigned := false
		for _, n := range names {
			for _, at := range assignments[n] {
				// The declaration's own "=" is no assignment.
				assigned = assigned || at != i+1
			}
		}
		if assigned {
			continue
		}
		if out == nil {
			out = append([]string(nil), toks...)
		}
		out[i] = "n:let"
	}
	if out == nil {
		return toks, false
	}
	return out, true
}

// jsAssignments returns, for each name, the positions in toks where it
// is, or may be, assigned: followed by an assignment operator,
// incremented, the target of a for-in or for-of, or inside brackets that
// are themselves assigned to (destructuring). A property (after . or ?.)
// is no name. One pass: each token's innermost open bracket, and each
// bracket's closer, come from a stack.
func jsAssignments(toks []string) map[string][]int {
	encl, closer, _ := brackets(toks)
	out := map[string][]int{}
	for k, t := range toks {
		if !strings.HasPrefix(t, "n:") || (k > 0 && (toks[k-1] == "." || toks[k-1] == "?.")) {
			continue
		}
		assigned := (k+1 < len(toks) && jsAssignOps[toks[k+1]]) ||
			(k > 0 && (toks[k-1] == "++" || toks[k-1] == "--")) ||
			(k > 1 && toks[k-1] == "(" && toks[k-2] == "n:for")
		// Destructuring: the innermost brackets around it (not a call's
		// or a group's parentheses), closed and then assigned to.
		if j := encl[k]; !assigned && j >= 0 && toks[j] != "(" {
			end := closer[j]
			assigned = end > 0 && end+1 < len(toks) && toks[end+1] == "="
		}
		if assigned {
			out[t] = append(out[t], k)
		}
	}
	return out
}

// tokenEdit is the copy-on-write rewrite an idiom makes of a token
// stream: nothing is copied before the first edit, and an idiom that edits
// nothing returns its input as it was.
type tokenEdit struct {
	toks []string
	out  []string // nil until the first edit
}

// keep carries toks[i] into the rewrite, once one has begun.
func (e *tokenEdit) keep(i int) {
	if e.out != nil {
		e.out = append(e.out, e.toks[i])
	}
}

// replace puts repl where the tokens from i on are dropped (the caller
// skips them), beginning the rewrite with everything before i.
func (e *tokenEdit) replace(i int, repl ...string) {
	if e.out == nil {
		e.out = append([]string(nil), e.toks[:i]...)
	}
	e.out = append(e.out, repl...)
}

// result returns the rewrite and whether anything was edited.
func (e *tokenEdit) result() ([]string, bool) {
	if e.out == nil {
		return e.toks, false
	}
	return e.out, true
}

// closing returns the index of the bracket closing the one at open, or -1.
func closing(toks []string, open int) int {
	depth := 0
	for j := open; j < len(toks); j++ {
		switch toks[j] {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth--; depth == 0 {
				return j
			}
		}
	}
	return -1
}

// jsChainStart returns where the plain member chain ending at end starts
// (names joined by dots: a, this.parent, a.b.c), or -1 when toks[end] does
// not end one.
func jsChainStart(toks []string, end int) int {
	if end < 0 || !strings.HasPrefix(toks[end], "n:") {
		return -1
	}
	s := end
	for s >= 2 && toks[s-1] == "." && strings.HasPrefix(toks[s-2], "n:") {
		s -= 2
	}
	return s
}

// jsOptionalChainInCondition spells `X?.rest` as `X && X.rest` where it is
// an operand of a condition: X a plain member chain (a, this.parent), the
// operand bounded by the condition's parentheses, && or ||, and the
// condition an if's or a while's. There only the operand's truth counts,
// and the two are false together (X null or undefined, or X falsy) and
// the same value otherwise.
func jsOptionalChainInCondition(toks []string) ([]string, bool) {
	changed := false
	for k := 0; k < len(toks); k++ {
		if toks[k] != "?." || k+1 >= len(toks) || !strings.HasPrefix(toks[k+1], "n:") {
			continue
		}
		s := jsChainStart(toks, k-1)
		if s <= 0 {
			continue
		}
		if p := toks[s-1]; p != "(" && p != "&&" && p != "||" {
			continue
		}
		// The rest of the operand: member accesses, calls and indexes.
		end, depth := k+1, 0
	rest:
		for ; end < len(toks); end++ {
			switch t := toks[end]; t {
			case "(", "[":
				depth++
			case ")", "]":
				if depth == 0 {
					break rest
				}
				depth--
			default:
				if depth == 0 && t != "." && t != "?." && !strings.HasPrefix(t, "n:") {
					break rest
				}
			}
		}
		if end >= len(toks) || (toks[end] != ")" && toks[end] != "&&" && toks[end] != "||") || !jsInCondition(toks, s) {
			continue
		}
		x := toks[s:k]
		repl := make([]string, 0, len(toks)+len(x)+1)
		repl = append(repl, toks[:k]...)
		repl = append(repl, "&&")
		repl = append(repl, x...)
		repl = append(repl, ".")
		repl = append(repl, toks[k+1:]...)
		toks, changed = repl, true
	}
	return toks, changed
}

// jsInCondition reports whether the operand starting at s is joined by &&
// and || only, up to the parentheses of an if or a while (through
// grouping parentheses that are themselves such operands).
func jsInCondition(toks []string, s int) bool {
	depth := 0
	for j := s - 1; j >= 0; j-- {
		switch t := toks[j]; t {
		case ")", "]", "}":
			depth++
		case "[", "{":
			if depth == 0 {
				return false
			}
			depth--
		case "(":
			if depth > 0 {
				depth--
				continue
			}
			if j > 0 && (toks[j-1] == "n:if" || toks[j-1] == "n:while") {
				return true
			}
			if j > 0 && (toks[j-1] == "&&" || toks[j-1] == "||" || toks[j-1] == "(") {
				return jsInCondition(toks, j)
			}
			return false
		default:
			if depth > 0 {
				continue
			}
			// Between operands only && and || may stand: an operand
			// of higher precedence (a === b) is whole between them.
			if t == "?" || t == ":" || t == "=" || jsAssignOps[t] || t == "," || t == ";" || t == "??" {
				return false
			}
		}
	}
	return false
}

// jsTrimAliases spells String's trimLeft and trimRight as trimStart and
// trimEnd: ECMAScript defines the old names as the same functions.
func jsTrimAliases(toks []string) ([]string, bool) {
	var out []string
	for i := 1; i < len(toks); i++ {
		if toks[i-1] != "." && toks[i-1] != "?." {
			continue
		}
		var to string
		switch toks[i] {
		case "n:trimLeft":
			to = "n:trimStart"
		case "n:trimRight":
			to = "n:trimEnd"
		default:
			continue
		}
		if out == nil {
			out = append([]string(nil), toks...)
		}
		out[i] = to
	}
	if out == nil {
		return toks, false
	}
	return out, true
}

// javaIsEmpty spells `x.size() == 0` as `x.isEmpty()`, and `x.size() > 0`,
// `x.size() != 0` and `!x.isEmpty()` as `x.isEmpty() == false` (length()
// the same): the Collection, Map and CharSequence contracts define
// isEmpty() as a size or length of 0. The receiver is evaluated once in
// each spelling.
func javaIsEmpty(toks []string) ([]string, bool) {
	e := tokenEdit{toks: toks}
	for i := 0; i < len(toks); i++ {
		// x . size ( ) OP l:0
		if i+5 < len(toks) && toks[i] == "." && (toks[i+1] == "n:size" || toks[i+1] == "n:length") && toks[i+2] == "(" && toks[i+3] == ")" && toks[i+5] == "l:0" {
			switch toks[i+4] {
			case "==":
				e.replace(i, ".", "n:isEmpty", "(", ")")
				i += 5
				continue
			case ">", "!=":
				e.replace(i, ".", "n:isEmpty", "(", ")", "==", "n:false")
				i += 5
				continue
			}
		}
		// ! x . m ( ) . isEmpty ( ): the chain after "!" ends in isEmpty().
		if toks[i] == "!" && i+1 < len(toks) && strings.HasPrefix(toks[i+1], "n:") {
			if end := chainEnd(toks, i+1); end > i+5 && toks[end-4] == "." && toks[end-3] == "n:isEmpty" && toks[end-2] == "(" && toks[end-1] == ")" {
				e.replace(i, append(append([]string(nil), toks[i+1:end]...), "==", "n:false")...)
				i = end - 1
				continue
			}
		}
		e.keep(i)
	}
	return e.result()
}

// chainEnd returns the index just past the primary chain starting at the
// name at start (names joined by dots, with calls and indexes), or -1 when
// a bracket of it is never closed. Java's and Python's chains are alike.
func chainEnd(toks []string, start int) int {
	j := start + 1
	for j < len(toks) {
		switch toks[j] {
		case "(", "[":
			c := closing(toks, j)
			if c < 0 {
				return -1
			}
			j = c + 1
		case ".":
			if j+1 < len(toks) && strings.HasPrefix(toks[j+1], "n:") {
				j += 2
				continue
			}
			return j
		default:
			return j
		}
	}
	return j
}

// goKeywords are Go's keywords, which go/scanner gives as their text.
var goKeywords = map[string]bool{"break": true, "case": true, "chan": true, "const": true, "continue": true, "default": true,
	"defer": true, "else": true, "fallthrough": true, "for": true, "func": true, "go": true, "goto": true, "if": true,
	"import": true, "interface": true, "map": true, "package": true, "range": true, "return": true, "select": true,
	"struct": true, "switch": true, "type": true, "var": true}

// goAny spells the empty interface `interface{}` as `any`, the alias Go
// predeclares for it, unless the file may declare a name any of its own:
// after var, const, type or func, before :=, or after ( or , and before
// what a declaration's type or value starts with (a parameter, `var a,
// any int`, a grouped var).
func goAny(toks []string) ([]string, bool) {
	if goRedeclares(toks, "any") {
		return toks, false
	}
	e := tokenEdit{toks: toks}
	for i := 0; i < len(toks); i++ {
		if toks[i] == "interface" && i+2 < len(toks) && toks[i+1] == "{" && toks[i+2] == "}" {
			e.replace(i, "any")
			i += 2
			continue
		}
		e.keep(i)
	}
	return e.result()
}

// isGoName reports whether tok is an identifier (or a keyword).
func isGoName(tok string) bool {
	if tok == "" {
		return false
	}
	c := tok[0]
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

// pyNotPrimary are the Python keywords a primary expression cannot be.
var pyNotPrimary = map[string]bool{"n:and": true, "n:or": true, "n:not": true, "n:in": true, "n:is": true, "n:if": true,
	"n:else": true, "n:lambda": true, "n:for": true, "n:await": true, "n:yield": true, "n:return": true}

// pyPrimaryEnd returns the index just past the primary expression (a name
// with attributes, calls and subscripts) starting at start, or -1 when no
// name starts there.
func pyPrimaryEnd(toks []string, start int) int {
	if start >= len(toks) || !strings.HasPrefix(toks[start], "n:") || pyNotPrimary[toks[start]] {
		return -1
	}
	return chainEnd(toks, start)
}

// pyNotIn spells `not x in y` as `x not in y` and `not x is y` as `x is not
// y`: not binds looser than the comparison, so the two are one operation.
func pyNotIn(toks []string) ([]string, bool) {
	changed := false
	for i := 0; i < len(toks); i++ {
		if toks[i] != "n:not" {
			continue
		}
		end := pyPrimaryEnd(toks, i+1)
		if end < 0 || end+1 >= len(toks) || toks[end+1] == "n:not" {
			continue
		}
		var repl []string
		switch toks[end] {
		case "n:in":
			repl = append(append(append([]string(nil), toks[i+1:end]...), "n:not"), "n:in")
		case "n:is":
			repl = append(append(append([]string(nil), toks[i+1:end]...), "n:is"), "n:not")
		default:
			continue
		}
		out := append(append(append([]string(nil), toks[:i]...), repl...), toks[end+1:]...)
		toks, changed = out, true
	}
	return toks, changed
}

// pyObjectBase spells `class A(object):` and `class A():` as `class A:`:
// in Python 3 every class derives from object.
func pyObjectBase(toks []string) ([]string, bool) {
	e := tokenEdit{toks: toks}
	for i := 0; i < len(toks); i++ {
		if i >= 2 && toks[i-2] == "n:class" && strings.HasPrefix(toks[i-1], "n:") && toks[i] == "(" {
			n := 0
			if i+2 < len(toks) && toks[i+1] == "n:object" && toks[i+2] == ")" {
				n = 3
			} else if i+1 < len(toks) && toks[i+1] == ")" {
				n = 2
			}
			if n > 0 && i+n < len(toks) && toks[i+n] == ":" {
				e.replace(i)
				i += n - 1
				continue
			}
		}
		e.keep(i)
	}
	return e.result()
}

// pyOSErrorAliases spells IOError, EnvironmentError, socket.error and
// select.error as OSError, which Python 3 makes them, unless the file
// binds one of those names itself.
func pyOSErrorAliases(toks []string) ([]string, bool) {
	aliases := map[string]bool{"n:IOError": true, "n:EnvironmentError": true}
	for i, t := range toks {
		if !aliases[t] {
			continue
		}
		if (i > 0 && (toks[i-1] == "n:def" || toks[i-1] == "n:class" || toks[i-1] == "n:as" || toks[i-1] == "n:import" || toks[i-1] == ",")) ||
			(i+1 < len(toks) && toks[i+1] == "=") {
			return toks, false
		}
	}
	e := tokenEdit{toks: toks}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		n := 0
		switch {
		case aliases[t] && (i == 0 || toks[i-1] != "."):
			n = 1
		case (t == "n:socket" || t == "n:select") && (i == 0 || toks[i-1] != ".") && i+2 < len(toks) && toks[i+1] == "." && toks[i+2] == "n:error":
			n = 3
		}
		if n == 0 {
			e.keep(i)
			continue
		}
		e.replace(i, "n:OSError")
		i += n - 1
	}
	return e.result()
}

// pyBlockHeader returns where the header of the block enclosing position
// at starts (the statement before the INDENT that opens the block), or -1.
func pyBlockHeader(toks []string, at int) int {
	level := 0
	for j := at - 1; j >= 0; j-- {
		switch toks[j] {
		case "DEDENT":
			level++
		case "INDENT":
			if level > 0 {
				level--
				continue
			}
			// The header: back from the NEWLINE before this INDENT to
			// the previous statement's end.
			k := j - 1
			if k >= 0 && toks[k] == "NEWLINE" {
				k--
			}
			for k >= 0 && toks[k] != "NEWLINE" && toks[k] != "INDENT" && toks[k] != "DEDENT" {
				k--
			}
			return k + 1
		}
	}
	return -1
}

// pySuper spells `super(A, self)` as `super()` inside a method defined
// directly in class A whose first parameter is self: the form without
// arguments means exactly that.
func pySuper(toks []string) ([]string, bool) {
	changed := false
	for i := 0; i+5 < len(toks); i++ {
		if toks[i] != "n:super" || toks[i+1] != "(" || !strings.HasPrefix(toks[i+2], "n:") || toks[i+3] != "," || !strings.HasPrefix(toks[i+4], "n:") || toks[i+5] != ")" {
			continue
		}
		cls, self := toks[i+2], toks[i+4]
		// The enclosing def, through the blocks of if, for, with, try.
		def := -1
		for at := i; ; {
			h := pyBlockHeader(toks, at)
			if h < 0 {
				break
			}
			if toks[h] == "n:async" && h+1 < len(toks) {
				h++
			}
			if toks[h] == "n:def" {
				def = h
				break
			}
			if toks[h] == "n:class" {
				break
			}
			at = h
		}
		if def < 0 || def+3 >= len(toks) || toks[def+2] != "(" || toks[def+3] != self {
			continue
		}
		c := pyBlockHeader(toks, def)
		if c < 0 || toks[c] != "n:class" || c+1 >= len(toks) || toks[c+1] != cls {
			continue
		}
		out := append(append(append([]string(nil), toks[:i+2]...), ")"), toks[i+6:]...)
		toks, changed = out, true
	}
	return toks, changed
}

// javaBlockOwner returns the keyword whose body the brace at open is: if,
// for or while (after their parenthesised header), else, or the arrow of a
// lambda; "" for any other brace.
func javaBlockOwner(toks []string, open int) string {
	if open == 0 {
		return ""
	}
	switch p := toks[open-1]; p {
	case "n:else", "->":
		return p
	case ")":
		depth := 0
		for j := open - 1; j >= 0; j-- {
			switch toks[j] {
			case ")":
				depth++
			case "(":
				if depth--; depth == 0 {
					if j > 0 && (toks[j-1] == "n:if" || toks[j-1] == "n:for" || toks[j-1] == "n:while") {
						return toks[j-1]
					}
					return ""
				}
			}
		}
	}
	return ""
}

// javaCompound are the words that start a statement with a body of its own.
var javaCompound = map[string]bool{"n:if": true, "n:for": true, "n:while": true, "n:do": true, "n:try": true,
	"n:switch": true, "n:synchronized": true, "n:else": true}

// javaBraces spells a body of one simple statement without its braces:
// `if (c) { f(); }` as `if (c) f();` (if, else, for, while), and a lambda
// whose block holds one statement as the expression lambda: `x -> {
// return y; }` as `x -> y`, `x -> { f(x); }` as `x -> f(x)`. The statement
// is one when its only semicolon at its own depth ends the block, and
// simple when it does not start a body of its own (so no else can move).
func javaBraces(toks []string) ([]string, bool) {
	drop := make([]bool, len(toks))
	changed := false
	for i, t := range toks {
		if t != "{" {
			continue
		}
		owner := javaBlockOwner(toks, i)
		if owner == "" {
			continue
		}
		c := closing(toks, i)
		if c < i+3 || toks[c-1] != ";" || javaCompound[toks[i+1]] || toks[i+1] == "{" {
			continue
		}
		depth, semis := 0, 0
		for j := i + 1; j < c; j++ {
			switch toks[j] {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth--
			case ";":
				if depth == 0 {
					semis++
				}
			}
		}
		if semis != 1 {
			continue
		}
		if owner == "->" {
			drop[i], drop[c-1], drop[c] = true, true, true
			if toks[i+1] == "n:return" {
				drop[i+1] = true
			}
		} else {
			drop[i], drop[c] = true, true
		}
		changed = true
	}
	if !changed {
		return toks, false
	}
	out := make([]string, 0, len(toks))
	for i, t := range toks {
		if !drop[i] {
			out = append(out, t)
		}
	}
	return out, true
}

// javaDiamond spells `new T<A, B>(…)` as `new T<>(…)`: type arguments are
// erased, so inferring them changes nothing that runs.
func javaDiamond(toks []string) ([]string, bool) {
	e := tokenEdit{toks: toks}
	for i := 0; i < len(toks); i++ {
		if toks[i] != "n:new" {
			e.keep(i)
			continue
		}
		// new a.b.T < … > (
		j := i + 1
		for j+2 < len(toks) && strings.HasPrefix(toks[j], "n:") && toks[j+1] == "." {
			j += 2
		}
		if j+1 >= len(toks) || !strings.HasPrefix(toks[j], "n:") || toks[j+1] != "<" {
			e.keep(i)
			continue
		}
		depth, k := 0, j+1
	args:
		for ; k < len(toks); k++ {
			switch toks[k] {
			case "<":
				depth++
			case ">":
				depth--
			case ">>":
				depth -= 2
			case ">>>":
				depth -= 3
			case "(", ")", "{", "}", ";":
				k = len(toks)
				break args
			}
			if depth <= 0 {
				break
			}
		}
		if k+1 >= len(toks) || depth != 0 || toks[k+1] != "(" || k == j+2 {
			e.keep(i)
			continue
		}
		e.replace(i, append(append([]string(nil), toks[i:j+2]...), ">")...)
		i = k
	}
	return e.result()
}

// javaFinalLocals drops final from parameters and local variables (and
// local classes): it only forbids assignments the compiler checks. final
// on a field (in a class body) stays: it changes how the field is
// published to other threads.
func javaFinalLocals(toks []string) ([]string, bool) {
	e := tokenEdit{toks: toks}
	for i, t := range toks {
		if t == "n:final" && javaLocalPosition(toks, i) {
			e.replace(i)
			continue
		}
		e.keep(i)
	}
	return e.result()
}

// javaLocalPosition reports whether position at is inside parentheses
// (a parameter, a catch, a for header, a resource) or directly in a block
// that is not a class body.
func javaLocalPosition(toks []string, at int) bool {
	depth := 0
	for j := at - 1; j >= 0; j-- {
		switch toks[j] {
		case ")", "}", "]":
			depth++
		case "(", "[":
			if depth == 0 {
				return toks[j] == "("
			}
			depth--
		case "{":
			if depth > 0 {
				depth--
				continue
			}
			// The block's header, back to the previous statement.
			for k := j - 1; k >= 0; k-- {
				switch toks[k] {
				case ";", "{", "}":
					return true
				case "n:class", "n:interface", "n:enum", "n:record", "n:new", "=", "@":
					return false
				}
			}
			return false
		}
	}
	return false
}

// jsKeywordsBeforeBracket are the words after which `[` opens an array
// literal, not an index.
var jsKeywordsBeforeBracket = map[string]bool{"n:return": true, "n:typeof": true, "n:in": true, "n:of": true, "n:case": true,
	"n:yield": true, "n:await": true, "n:void": true, "n:delete": true, "n:throw": true, "n:new": true, "n:else": true,
	"n:do": true, "n:instanceof": true, "n:extends": true, "n:export": true, "n:default": true}

// jsIdentifierName reports whether s can follow a dot.
func jsIdentifierName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		ok := c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9')
		if !ok {
			return false
		}
	}
	return true
}

// jsDotNotation spells `a["b"]` as `a.b` and `a?.["b"]` as `a?.b` (eslint's
// dot-notation) where b is an identifier name, and an object literal's
// `{a: a}` as `{a}` (object-shorthand): the same property either way.
func jsDotNotation(toks []string) ([]string, bool) {
	e := tokenEdit{toks: toks}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t == "[" && i > 0 && i+2 < len(toks) && strings.HasPrefix(toks[i+1], "s:") && toks[i+2] == "]" && jsIdentifierName(toks[i+1][2:]) {
			p := toks[i-1]
			index := p == ")" || p == "]" || p == "?." || (strings.HasPrefix(p, "n:") && !jsKeywordsBeforeBracket[p])
			if index {
				if p == "?." {
					e.replace(i, "n:"+toks[i+1][2:])
				} else {
					e.replace(i, ".", "n:"+toks[i+1][2:])
				}
				i += 2
				continue
			}
		}
		if strings.HasPrefix(t, "n:") && i > 0 && (toks[i-1] == "{" || toks[i-1] == ",") && i+3 < len(toks) && toks[i+1] == ":" && toks[i+2] == t && (toks[i+3] == "," || toks[i+3] == "}") {
			e.replace(i, t)
			i += 2
			continue
		}
		e.keep(i)
	}
	return e.result()
}

// goElseAfterExit drops the else of an if whose block ends the block it
// is in, as linters ask ("if block ends with a return statement, so drop
// this else and outdent its block"): `if c { return } else { B }` runs B
// exactly when `if c { return }; B` does. The block must hold, at its own
// depth, a return, a panic call (panic not redeclared in the file), break
// or continue, after which nothing runs (not goto: its label may follow in
// the same block). Left alone: an if with an
// init statement (its names are the else's too), an if that is itself an
// else-if (the else would run after the earlier branches), and an else
// block declaring a name (:=, var, const, type) that the enclosing block
// uses elsewhere (outdented, the name would reach, or be, that one). An
// else-if loses its else alone. Until no else qualifies.
func goElseAfterExit(toks []string) ([]string, bool) {
	panicOwn := goRedeclares(toks, "panic")
	return untilNoEdit(toks, func(t []string) ([]string, bool) { return goDropOneElse(t, panicOwn) })
}

// untilNoEdit applies step, which makes one edit or none, until it makes
// none, and says whether it made any. Each step reads the whole file, so
// past maxStepEdits edits it gives up and returns toks untouched (the
// change then counts).
func untilNoEdit(toks []string, step func([]string) ([]string, bool)) ([]string, bool) {
	orig, changed := toks, false
	for edits := 0; ; edits++ {
		next, ok := step(toks)
		if !ok {
			return toks, changed
		}
		if edits == maxStepEdits {
			return orig, false
		}
		toks, changed = next, true
	}
}

// maxStepEdits bounds untilNoEdit's edits of one file.
const maxStepEdits = 64

// usedOutside reports whether one of names occurs between outer and
// outerEnd (a block's braces, exclusive) but not between from and to: the
// names an outdented else declares, used elsewhere in its new block.
func usedOutside(toks, names []string, outer, outerEnd, from, to int) bool {
	for _, n := range names {
		for j := outer + 1; j < outerEnd; j++ {
			if toks[j] == n && (j < from || j > to) {
				return true
			}
		}
	}
	return false
}

// goDropOneElse drops the first else goElseAfterExit allows.
func goDropOneElse(toks []string, panicOwn bool) ([]string, bool) {
	for i, t := range toks {
		if t != "else" || i == 0 || toks[i-1] != "}" || i+1 >= len(toks) {
			continue
		}
		open := opening(toks, i-1)
		at := goIfOf(toks, open)
		if at < 0 || at > 0 && toks[at-1] == "else" || !goBlockExits(toks[open+1:i-1], panicOwn) {
			continue
		}
		if toks[i+1] == "if" {
			return append(append([]string(nil), toks[:i]...), toks[i+1:]...), true
		}
		if toks[i+1] != "{" {
			continue
		}
		end := closing(toks, i+1)
		outer := opening(toks, goEnclosingClose(toks, at))
		if end < 0 || outer < 0 {
			continue
		}
		outerEnd := closing(toks, outer)
		names, ok := goBlockDecls(toks[i+2 : end])
		if !ok {
			continue
		}
		if usedOutside(toks, names, outer, outerEnd, at, end) {
			continue
		}
		out := append([]string(nil), toks[:i]...)
		out = append(out, toks[i+2:end]...)
		return append(out, toks[end+1:]...), true
	}
	return toks, false
}

// opening returns the index of the bracket opening the one at close, or -1.
func opening(toks []string, close int) int {
	depth := 0
	for j := close; j >= 0; j-- {
		switch toks[j] {
		case ")", "]", "}":
			depth++
		case "(", "[", "{":
			if depth--; depth == 0 {
				return j
			}
		}
	}
	return -1
}

// goEnclosingClose returns the index of the } closing the block that holds
// the token at i, or -1.
func goEnclosingClose(toks []string, i int) int {
	depth := 0
	for j := i; j < len(toks); j++ {
		switch toks[j] {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth == 0 {
				if toks[j] == "}" {
					return j
				}
				return -1
			}
			depth--
		}
	}
	return -1
}

// goIfOf returns the index of the if whose block opens at open, or -1 when
// the block is no if's or the if has an init statement. The condition is
// read back to the if at its own depth: a brace or ; there (a function
// literal, an init statement) gives up.
func goIfOf(toks []string, open int) int {
	if open <= 0 || toks[open] != "{" {
		return -1
	}
	depth := 0
	for j := open - 1; j >= 0; j-- {
		switch toks[j] {
		case ")", "]":
			depth++
		case "(", "[":
			depth--
		case "{", "}", ";":
			if depth == 0 {
				return -1
			}
		case "if":
			if depth == 0 {
				return j
			}
		}
		if depth < 0 {
			return -1
		}
	}
	return -1
}

// goBlockExits reports whether body, a block's tokens, holds at its own
// depth a return, break, continue or goto, or a call of the predeclared
// panic: control never reaches the block's end.
func goBlockExits(body []string, panicOwn bool) bool {
	depth := 0
	for j, t := range body {
		switch t {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case "return", "break", "continue":
			if depth == 0 {
				return true
			}
		case "panic":
			if depth == 0 && !panicOwn && j+1 < len(body) && body[j+1] == "(" && (j == 0 || body[j-1] != ".") {
				return true
			}
		}
	}
	return false
}

// goBlockDecls returns the names body declares at its own depth (before
// :=, after var, const or type), and false when it cannot tell (a grouped
// declaration).
func goBlockDecls(body []string) ([]string, bool) {
	var names []string
	depth := 0
	for j, t := range body {
		switch t {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		}
		if depth != 0 {
			continue
		}
		switch t {
		case ":=":
			for k := j - 1; k >= 0 && isGoName(body[k]) && !goKeywords[body[k]]; k -= 2 {
				names = append(names, body[k])
				if k == 0 || body[k-1] != "," {
					break
				}
			}
		case "var", "const", "type":
			if j+1 >= len(body) || body[j+1] == "(" {
				return nil, false
			}
			for k := j + 1; k < len(body) && isGoName(body[k]) && !goKeywords[body[k]]; k += 2 {
				names = append(names, body[k])
				if k+1 >= len(body) || body[k+1] != "," {
					break
				}
			}
		}
	}
	return names, true
}

// goReturnBool spells `if c { return true }; return false` (its else
// dropped first by goElseAfterExit) as `return c`, as linters ask (gosimple
// S1008): a Go condition is a boolean, so both return its value, c
// evaluated once. Only where the return false ends its block, the if has no
// init statement and is no else-if, and the file does not declare true or
// false.
func goReturnBool(toks []string) ([]string, bool) {
	if goRedeclares(toks, "true") || goRedeclares(toks, "false") {
		return toks, false
	}
	e := tokenEdit{toks: toks}
	for i := 0; i < len(toks); i++ {
		if toks[i] == "if" && (i == 0 || toks[i-1] != "else") {
			if end := goIfBoolEnd(toks, i); end > 0 {
				open := end - 5 // { return true } return false
				e.replace(i, append([]string{"return"}, toks[i+1:open]...)...)
				i = end
				continue
			}
		}
		e.keep(i)
	}
	return e.result()
}

// goRedeclares reports whether the file may declare name, a predeclared
// identifier, itself, as goAny asks of any: after var, const, type or
// func, before :=, or after ( or , and before what a parameter's, a
// field's or a grouped var's type or value starts with.
func goRedeclares(toks []string, name string) bool {
	for i, t := range toks {
		if t != name {
			continue
		}
		prev, next := "", ""
		if i > 0 {
			prev = toks[i-1]
		}
		if i+1 < len(toks) {
			next = toks[i+1]
		}
		switch {
		case prev == "var" || prev == "const" || prev == "type" || prev == "func", next == ":=":
			return true
		case (prev == "(" || prev == ",") && (next == "*" || next == "[" || next == "=" || next == "..." || (isGoName(next) && (!goKeywords[next] || next == "func" || next == "map" || next == "chan" || next == "struct" || next == "interface"))):
			return true
		}
	}
	return false
}

// goIfBoolEnd returns the index of the false of `if c { return true }
// return false }` starting at the if at i, when that is what is there and
// the if has no init statement; else -1.
func goIfBoolEnd(toks []string, i int) int {
	for j := i + 1; j < len(toks); j++ {
		if toks[j] != "{" {
			continue
		}
		if goIfOf(toks, j) != i {
			return -1
		}
		want := []string{"{", "return", "true", "}", "return", "false", "}"}
		if j+len(want) > len(toks) || j == i+1 {
			return -1
		}
		for k, w := range want {
			if toks[j+k] != w {
				return -1
			}
		}
		return j + 5
	}
	return -1
}

// braceElseAfterExit is goElseAfterExit for JavaScript, TypeScript and
// Java (eslint's no-else-return, the same linters' advice in Java): `if
// (c) { …; return x; } else { B }` is `if (c) { …; return x; } B`, where
// the if stands in a list of statements (after {, } or ;, not as the body
// of a for, a while or another if). The
// block's last statement must be a return, throw, break or continue
// (braces on both blocks; a statement after the last ; or } at the
// block's level decides, so `if (a) return;` as the last statement does
// not count). Left alone as in Go: an else-if's else, and an else block
// that declares a name its enclosing block uses elsewhere (let, const and
// class in JS, which are block-scoped; a local variable in Java), a
// function declaration or local class, or a comma at its own level
// (several declarators). An else-if loses its else alone.
func braceElseAfterExit(java bool) func([]string) ([]string, bool) {
	return func(toks []string) ([]string, bool) {
		return untilNoEdit(toks, func(t []string) ([]string, bool) { return braceDropOneElse(t, java) })
	}
}

// braceDropOneElse drops the first else braceElseAfterExit allows. The
// if's body and the else's may each be a block or one statement.
func braceDropOneElse(toks []string, java bool) ([]string, bool) {
	for at, t := range toks {
		// The if must stand in a list of statements: after the head of a
		// for, a while or another if (a dangling else), its else's block
		// would leave the statement that holds it.
		if t != "n:if" || at > 0 && toks[at-1] != "{" && toks[at-1] != "}" && toks[at-1] != ";" || at+1 >= len(toks) || toks[at+1] != "(" {
			continue
		}
		body := closing(toks, at+1) + 1 // where the if's body starts
		if body <= 0 || body >= len(toks) {
			continue
		}
		var i int // the else
		if toks[body] == "{" {
			end := closing(toks, body)
			if end < 0 || !braceBlockExits(toks[body+1:end]) {
				continue
			}
			i = end + 1
		} else {
			semi := statementEnd(toks, body)
			if semi < 0 || !braceBlockExits(toks[body:semi+1]) {
				continue
			}
			i = semi + 1
		}
		if i+1 >= len(toks) || toks[i] != "n:else" {
			continue
		}
		// Outdented onto lines of their own, JS statements end where a
		// line does: the token stream holds the ; that the line end
		// would insert (tokens_javascript.go), once.
		head := append([]string(nil), toks[:i]...)
		if !java && toks[i-1] == "}" {
			head = append(head, ";")
		}
		switch toks[i+1] {
		case "n:if":
			return append(head, toks[i+1:]...), true
		case "{":
		case "n:function", "n:class", "n:let", "n:const":
			continue
		default: // one statement: nothing it declares outlives it
			return append(head, toks[i+1:]...), true
		}
		end := closing(toks, i+1)
		if end < 0 {
			continue
		}
		names, ok := braceBlockDecls(toks[i+2:end], java)
		if !ok {
			continue
		}
		outer, outerEnd := -1, len(toks)
		if c := goEnclosingClose(toks, at); c >= 0 {
			outer, outerEnd = opening(toks, c), c
		} else if java {
			continue // a Java if is always in a block
		}
		if usedOutside(toks, names, outer, outerEnd, at, end) {
			continue
		}
		out := append(head, toks[i+2:end]...)
		rest := toks[end+1:]
		if !java && len(rest) > 0 && rest[0] == ";" && len(out) > 0 && out[len(out)-1] == ";" {
			rest = rest[1:]
		}
		return append(out, rest...), true
	}
	return toks, false
}

// statementEnd returns the index of the ; ending the statement that starts
// at start, or -1 when a brace comes first at its level.
func statementEnd(toks []string, start int) int {
	depth := 0
	for j := start; j < len(toks); j++ {
		switch toks[j] {
		case "(", "[":
			depth++
		case ")", "]":
			depth--
		case "{", "}":
			if depth == 0 {
				return -1
			}
		case ";":
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// braceBlockExits reports whether the last statement of body (a block's
// tokens) is a return, throw, break or continue.
func braceBlockExits(body []string) bool {
	end := len(body)
	if end > 0 && body[end-1] == ";" {
		end--
	}
	start, depth := 0, 0
	for j := end - 1; j >= 0; j-- {
		switch body[j] {
		case ")", "]":
			depth++
		case "(", "[":
			depth--
		case ";", "}", "{":
			if depth == 0 {
				start = j + 1
				j = -1
			}
		}
	}
	if start >= end {
		return false
	}
	switch body[start] {
	case "n:return", "n:throw", "n:break", "n:continue":
		return true
	}
	return false
}

// javaNotType are the Java keywords that may stand before a name in a
// statement without declaring it.
var javaNotType = map[string]bool{"n:return": true, "n:throw": true, "n:new": true, "n:assert": true, "n:case": true,
	"n:yield": true, "n:else": true, "n:instanceof": true, "n:do": true, "n:this": true, "n:super": true}

// braceBlockDecls returns the names body declares at its own level, and
// false when it cannot tell or the block declares what may not move (a
// JS function declaration or destructuring, a class, several declarators).
func braceBlockDecls(body []string, java bool) ([]string, bool) {
	var names []string
	depth := 0
	for j, t := range body {
		switch t {
		case "(", "[", "{":
			depth++
			continue
		case ")", "]", "}":
			depth--
			continue
		}
		if depth != 0 {
			continue
		}
		switch t {
		case ",", "n:class", "n:function", "n:interface", "n:enum", "n:record":
			return nil, false
		}
		if java {
			if (t == "=" || t == ";" || t == ":") && j >= 2 && strings.HasPrefix(body[j-1], "n:") &&
				(body[j-2] == ">" || body[j-2] == "]" || strings.HasPrefix(body[j-2], "n:") && !javaNotType[body[j-2]]) {
				names = append(names, body[j-1])
			}
			continue
		}
		if t == "n:let" || t == "n:const" {
			if j+1 >= len(body) || !strings.HasPrefix(body[j+1], "n:") {
				return nil, false
			}
			names = append(names, body[j+1])
		}
	}
	return names, true
}

// pyElseAfterExit drops the else, and makes if of the elif, after an if
// (or elif) suite whose last statement is a return, raise, break or
// continue, as pylint asks (no-else-return, no-else-raise, R1705 – R1724):
// `if c:` / `return x` / `else:` / `B` runs B exactly when `if c:` /
// `return x` / `B` does, and Python has no block scope, so the names B
// binds are the function's either way. Only an if statement's own else
// (never a for's, a while's or a try's), only suites on lines of their
// own, and only where the if begins a statement; a suite whose last
// statement is compound (a nested if) does not count.
func pyElseAfterExit(toks []string) ([]string, bool) {
	return untilNoEdit(toks, pyDropOneElse)
}

// pyDropOneElse drops the first else pyElseAfterExit allows.
func pyDropOneElse(toks []string) ([]string, bool) {
	for at, t := range toks {
		if t != "n:if" || at > 0 && toks[at-1] != "NEWLINE" && toks[at-1] != "INDENT" && toks[at-1] != "DEDENT" {
			continue
		}
		// The suite after the condition's colon, at bracket depth 0.
		colon := pyHeaderColon(toks, at, true)
		if colon < 0 || colon+2 >= len(toks) || toks[colon+1] != "NEWLINE" || toks[colon+2] != "INDENT" {
			continue
		}
		end := pySuiteEnd(toks, colon+2)
		if end+1 >= len(toks) || !pySuiteExits(toks[colon+3:end]) {
			continue
		}
		switch toks[end+1] {
		case "n:elif":
			out := append([]string(nil), toks...)
			out[end+1] = "n:if"
			return out, true
		case "n:else":
			if end+4 >= len(toks) || toks[end+2] != ":" || toks[end+3] != "NEWLINE" || toks[end+4] != "INDENT" {
				continue
			}
			elseEnd := pySuiteEnd(toks, end+4)
			out := append([]string(nil), toks[:end+1]...)
			out = append(out, toks[end+5:elseEnd]...)
			if elseEnd < len(toks) {
				out = append(out, toks[elseEnd+1:]...)
			}
			return out, true
		}
	}
	return toks, false
}

// pyHeaderColon returns the index of the colon ending the compound
// statement's header that starts at at (at bracket depth 0, before the
// line ends), or -1. With stopAtLambda, a lambda in the header (whose own
// colon would come first) gives -1 too.
func pyHeaderColon(toks []string, at int, stopAtLambda bool) int {
	depth := 0
	for j := at + 1; j < len(toks); j++ {
		switch toks[j] {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case "NEWLINE":
			if depth == 0 {
				return -1
			}
		case "n:lambda":
			if depth == 0 && stopAtLambda {
				return -1
			}
		case ":":
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// pySuiteEnd returns the index of the DEDENT that closes the INDENT at
// indent, or len(toks) when the end of the file closes it (the token
// stream holds no DEDENT there).
func pySuiteEnd(toks []string, indent int) int {
	level := 0
	for j := indent; j < len(toks); j++ {
		switch toks[j] {
		case "INDENT":
			level++
		case "DEDENT":
			if level--; level == 0 {
				return j
			}
		}
	}
	return len(toks)
}

// pySuiteExits reports whether the last statement of suite (the tokens
// between a suite's INDENT and its DEDENT) is a simple statement that
// starts with return, raise, break or continue.
func pySuiteExits(suite []string) bool {
	n := len(suite)
	if n < 2 || suite[n-1] != "NEWLINE" {
		return false // a compound statement ends the suite
	}
	start := 0
	for j := n - 2; j >= 0; j-- {
		if suite[j] == "NEWLINE" || suite[j] == "DEDENT" || suite[j] == "INDENT" {
			start = j + 1
			break
		}
	}
	switch suite[start] {
	case "n:return", "n:raise", "n:break", "n:continue":
		return true
	}
	return false
}

// jsGroupingAfter are the JS/TS keywords after which a parenthesis groups
// an expression (where after any other name it would call, or hold an
// if's, a loop's or a function's head).
var jsGroupingAfter = map[string]bool{"n:return": true, "n:throw": true, "n:typeof": true, "n:void": true, "n:delete": true,
	"n:await": true, "n:yield": true, "n:in": true, "n:of": true, "n:instanceof": true, "n:case": true, "n:new": true, "n:else": true}

// jsRedundantParens drops grouping parentheses around a name or a chain of
// names (`(x).m()`, `return (a.b)`, and what a TypeScript cast leaves once
// its type is gone: `(x as any).m()`), which prettier drops too: a
// parenthesised reference is the same reference, `this` included when it
// is called. Parentheses after a name other than the keywords above, or
// after ) or ], call or head something and stay; so do those around an
// optional chain (`(a?.b).c` stops the chain's short circuit).
func jsRedundantParens(toks []string) ([]string, bool) {
	e := tokenEdit{toks: toks}
	for i := 0; i < len(toks); i++ {
		if toks[i] == "(" && jsGroupingAt(toks, i) {
			j := i + 1
			for j < len(toks) && strings.HasPrefix(toks[j], "n:") && (j == i+1 || toks[j-1] == ".") {
				if j+1 < len(toks) && toks[j+1] == "." {
					j += 2
					continue
				}
				j++
				break
			}
			if j > i+1 && j < len(toks) && toks[j] == ")" && strings.HasPrefix(toks[j-1], "n:") {
				e.replace(i, toks[i+1:j]...)
				i = j
				continue
			}
		}
		e.keep(i)
	}
	return e.result()
}

// jsGroupingAt reports whether the ( at i groups an expression.
func jsGroupingAt(toks []string, i int) bool {
	if i == 0 {
		return true
	}
	p := toks[i-1]
	switch {
	case p == ")" || p == "]" || p == "}" || p == "." || p == "?.":
		return false // a call (after } too: an object literal or a function expression may end there)
	case strings.HasPrefix(p, "n:"):
		return jsGroupingAfter[p]
	case strings.Contains(p, ":"): // a literal: "#:1", "s:…"
		return false
	}
	return true
}

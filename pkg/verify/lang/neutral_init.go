package lang

import (
	"sort"
	"strings"
)

// braceInitOverwritten is the idiom of a local whose first value is
// overwritten before it is read, for JavaScript, TypeScript and Java:
// linters ask to drop such an initial value (eslint's no-useless-assignment,
// IntelliJ's "variable initializer is redundant") or to declare the local
// where it is first assigned (prefer-const, "declaration can be joined with
// assignment"). `let x = 1; A; x = e;` runs as `A; let x = e;`, and
// `let x = 1; if (c) { x = a; … } else { x = b; … }` as the same with
// `let x;`, when nothing can read x between the declaration and the
// assignment:
//
//   - the declaration is a statement of its own in a block (JS: let, one
//     name; Java: a type of one name, not var), with no initial value or a
//     literal one (a number, a string, true, false, null), so dropping the
//     value drops no effect;
//   - the block does not name x before the declaration, and x is first
//     named after it as the target of a plain assignment (=, the value not
//     naming x) that starts a statement of the block itself, or as such an
//     assignment starting every branch of an if at the block's level that
//     ends in an else;
//   - no case or default label stands between the two at the block's level
//     (a jump to it would skip the declaration);
//   - JS only: the block holds no eval and no with, and no function
//     declared at its level (hoisted, so callable before the assignment)
//     names x. Java locals that are assigned twice cannot be captured.
//
// The joined form is what both sides are rewritten to; with an if, the
// initial value alone is dropped. A doubt leaves the tokens alone.
//
// The edits are made one at a time, each from the declaration of the one
// before: an edit changes no token before its declaration and can make no
// earlier declaration qualify (it adds or drops no name, label, eval, with
// or function there), so the declarations before it need not be read again.
// Each edit reads the tokens through an index built once for it; past
// maxInitEdits edits the idiom gives up and leaves the tokens alone.
func braceInitOverwritten(java bool) func([]string) ([]string, bool) {
	return func(toks []string) ([]string, bool) {
		orig, changed := toks, false
		for from, edits := 0, 0; ; edits++ {
			next, at, ok := braceInitOne(toks, from, java)
			if !ok {
				return toks, changed
			}
			if edits == maxInitEdits {
				return orig, false
			}
			toks, from, changed = next, at, true
		}
	}
}

// maxInitEdits bounds braceInitOverwritten's edits of one file, each of
// which costs a pass over its tokens.
const maxInitEdits = 64

// tokenIndex locates what braceInitOne asks of a token stream in one pass:
// each token's innermost open bracket and depth, each open bracket's
// closer, and the positions of every name.
type tokenIndex struct {
	encl, closer, depth []int
	pos                 map[string][]int
}

// newTokenIndex indexes toks.
func newTokenIndex(toks []string) *tokenIndex {
	x := &tokenIndex{pos: map[string][]int{}}
	x.encl, x.closer, x.depth = brackets(toks)
	for i, t := range toks {
		if strings.HasPrefix(t, "n:") {
			x.pos[t] = append(x.pos[t], i)
		}
	}
	return x
}

// brackets reads the brackets of toks in one pass: for each token, the
// innermost open bracket before it (-1 for none) and how many are open;
// for each opening bracket, its closer (-1 for none).
func brackets(toks []string) (encl, closer, depth []int) {
	encl, closer, depth = make([]int, len(toks)), make([]int, len(toks)), make([]int, len(toks))
	var stack []int
	for i, t := range toks {
		encl[i], closer[i], depth[i] = -1, -1, len(stack)
		if len(stack) > 0 {
			encl[i] = stack[len(stack)-1]
		}
		switch t {
		case "(", "[", "{":
			stack = append(stack, i)
		case ")", "]", "}":
			if len(stack) > 0 {
				closer[stack[len(stack)-1]] = i
				stack = stack[:len(stack)-1]
			}
		}
	}
	return encl, closer, depth
}

// next returns the first position of name after at, or -1.
func (x *tokenIndex) next(name string, at int) int {
	ps := x.pos[name]
	k := sort.SearchInts(ps, at+1)
	if k == len(ps) {
		return -1
	}
	return ps[k]
}

// within reports whether name stands between from and to (exclusive).
func (x *tokenIndex) within(name string, from, to int) bool {
	p := x.next(name, from)
	return p >= 0 && p < to
}

// braceInitOne makes the first edit braceInitOverwritten allows at a
// declaration from index from on, and returns where that declaration was.
func braceInitOne(toks []string, from int, java bool) ([]string, int, bool) {
	var x *tokenIndex // built at the first declaration
	for i := from; i < len(toks); i++ {
		kind, name, end := braceLocalDecl(toks, i, java)
		if end < 0 {
			continue
		}
		if x == nil {
			x = newTokenIndex(toks)
		}
		open := x.encl[i]
		if open < 0 || toks[open] != "{" || x.closer[open] < 0 {
			continue // top level: a script's let is visible to other scripts
		}
		close := x.closer[open]
		if x.within(name, open, i) || !java && (x.within("n:eval", open, close) || x.within("n:with", open, close)) {
			continue
		}
		first := x.next(name, end)
		if first < 0 || first >= close || x.jumpsBetween(end, first, x.depth[i]) || !java && x.hoistedNames(toks, open, close, name) {
			continue
		}
		if x.depth[first] == x.depth[i] && assignsPlainly(toks, first, close, name, true) {
			// Joined: the declaration moves to the assignment.
			out := append([]string(nil), toks[:i]...)
			out = append(out, toks[end+1:first]...)
			out = append(out, kind, name)
			return append(out, toks[first+1:]...), i, true
		}
		if end == i+2 || !ifAssignsFirst(toks, end+1, first, close, name) {
			continue // no value to drop, or not an if that assigns first
		}
		out := append([]string(nil), toks[:i+2]...)
		return append(out, toks[end:]...), i, true
	}
	return toks, -1, false
}

// jumpsBetween reports whether a case or default label stands between from
// and to at depth (the block's own level).
func (x *tokenIndex) jumpsBetween(from, to, depth int) bool {
	for _, label := range []string{"n:case", "n:default"} {
		for p := x.next(label, from); p >= 0 && p < to; p = x.next(label, p) {
			if x.depth[p] == depth {
				return true
			}
		}
	}
	return false
}

// braceLocalDecl reads a local declaration starting at i: `let x;` or
// `let x = v;` in JS, `T x;` or `T x = v;` in Java, where the declaration
// starts a statement and v is one literal token. It returns the
// declaration's keyword or type, the name and the index of its ;, or -1
// for none.
func braceLocalDecl(toks []string, i int, java bool) (kind, name string, end int) {
	if i+2 >= len(toks) || i > 0 && toks[i-1] != "{" && toks[i-1] != "}" && toks[i-1] != ";" {
		return "", "", -1
	}
	kind, name = toks[i], toks[i+1]
	if java {
		if !strings.HasPrefix(kind, "n:") || javaNotType[kind] || javaNotLocalType[kind] {
			return "", "", -1
		}
	} else if kind != "n:let" {
		return "", "", -1
	}
	if !strings.HasPrefix(name, "n:") || javaNotType[name] {
		return "", "", -1
	}
	switch {
	case toks[i+2] == ";":
		return kind, name, i + 2
	case toks[i+2] == "=" && i+4 < len(toks) && toks[i+4] == ";" && literalToken(toks[i+3], java):
		return kind, name, i + 4
	}
	return "", "", -1
}

// javaNotLocalType are the Java keywords besides javaNotType that may
// start a statement `k name;` without declaring name, and var, which
// cannot declare a local without its value.
var javaNotLocalType = map[string]bool{"n:break": true, "n:continue": true, "n:var": true, "n:final": true,
	"n:import": true, "n:package": true, "n:goto": true}

// literalToken reports whether t is a literal whose evaluation has no
// effect: a number or a string (JS "#:"/"s:", Java "l:"), true, false or
// null.
func literalToken(t string, java bool) bool {
	switch t {
	case "n:true", "n:false", "n:null":
		return true
	}
	if java {
		return strings.HasPrefix(t, "l:")
	}
	return strings.HasPrefix(t, "#:") || strings.HasPrefix(t, "s:")
}

// assignsPlainly reports whether toks[at] (name) starts a statement that
// assigns it with = a value not naming it, the statement ending, at its
// own level, in a ; or the block's close. Joined, the statement must not
// declare more: no comma at its level.
func assignsPlainly(toks []string, at, close int, name string, joined bool) bool {
	if at == 0 || at+2 >= close || toks[at+1] != "=" {
		return false
	}
	if p := toks[at-1]; joined && p != "{" && p != "}" && p != ";" {
		return false // joined, the assignment must run whenever the block goes on
	}
	depth := 0
	for j := at + 2; j < close; j++ {
		switch t := toks[j]; t {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth--; depth < 0 {
				return true
			}
		case ";":
			if depth == 0 {
				return true
			}
		case ",":
			if depth == 0 && joined {
				return false
			}
		case name:
			return false
		}
	}
	return true
}

// ifAssignsFirst reports whether the tokens from start to first hold, at
// the block's level, statements not naming name and then an if (maybe a
// chain of else-ifs) ending in an else, every branch of which starts by
// assigning name plainly; first is the first of those assignments.
func ifAssignsFirst(toks []string, start, first, close int, name string) bool {
	at := -1
	depth := 0
	for j := start; j < first; j++ {
		switch toks[j] {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case "n:if":
			if depth == 0 {
				at = j // the last if at the block's level before the name
			}
		}
	}
	if at < 0 || at > 0 && toks[at-1] != "{" && toks[at-1] != "}" && toks[at-1] != ";" {
		return false
	}
	for branch := 0; ; branch++ {
		// at is an if: its condition, then its body.
		if at+1 >= close || toks[at+1] != "(" {
			return false
		}
		body := closing(toks, at+1) + 1
		if body <= 0 || body >= close {
			return false
		}
		next, ok := branchAssigns(toks, body, close, name)
		if !ok || branch == 0 && body+boolInt(toks[body] == "{") != first {
			return false
		}
		if next >= close || toks[next] != "n:else" {
			return false
		}
		if toks[next+1] == "n:if" {
			at = next + 1
			continue
		}
		_, ok = branchAssigns(toks, next+1, close, name)
		return ok
	}
}

// branchAssigns reports whether the branch starting at body (a block or
// one statement) starts by assigning name plainly, and returns the index
// just after the branch.
func branchAssigns(toks []string, body, close int, name string) (int, bool) {
	if toks[body] == "{" {
		end := closing(toks, body)
		if end < 0 || body+1 >= end || toks[body+1] != name || !assignsPlainly(toks, body+1, end, name, false) {
			return -1, false
		}
		return end + 1, true
	}
	semi := statementEnd(toks, body)
	if semi < 0 || toks[body] != name || !assignsPlainly(toks, body, semi+1, name, false) {
		return -1, false
	}
	return semi + 1, true
}

// boolInt is 1 for true, 0 for false.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// hoistedNames reports whether a function declared at the level of the
// block from open to close names name: such a function exists from the
// block's start, so it could read the name before its first assignment.
func (x *tokenIndex) hoistedNames(toks []string, open, close int, name string) bool {
	for j := x.next("n:function", open); j >= 0 && j < close; j = x.next("n:function", j) {
		if x.depth[j] != x.depth[open]+1 || toks[j-1] != "{" && toks[j-1] != "}" && toks[j-1] != ";" && toks[j-1] != "n:async" && toks[j-1] != "n:export" {
			continue
		}
		// The function's body: the first { after its parameters.
		for k := j + 1; k < close; k++ {
			if toks[k] == "(" {
				if k = x.closer[k]; k < 0 {
					return true
				}
				continue
			}
			if toks[k] == "{" {
				end := x.closer[k]
				if end < 0 || x.within(name, k, end) {
					return true
				}
				break
			}
		}
	}
	return false
}

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
	e := tokenEdit{toks: toks}
	for i := 0; i < len(toks); i++ {
		if c, ok := javaCastDroppable(toks, i); ok {
			e.replace(i)
			i = c
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

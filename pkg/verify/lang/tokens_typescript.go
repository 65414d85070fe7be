package lang

// This file leaves TypeScript's types out of a token stream (see
// jsTokens). Every rule removes tokens only where it has read a whole type
// in a place only a type can be; anywhere else the tokens stay, and a
// change there counts as a change of behaviour.

// tsTypePrefix are the words that may begin a type before its first atom.
var tsTypePrefix = map[string]bool{"keyof": true, "typeof": true, "readonly": true, "unique": true, "infer": true, "new": true, "asserts": true, "abstract": true}

// tsMemberModifiers are class member modifiers that only the compiler
// reads.
var tsMemberModifiers = map[string]bool{"public": true, "private": true, "protected": true, "readonly": true, "override": true, "abstract": true}

// typeEnd reads a type starting at token i and returns the index after
// it, or -1 when what is there is not a type as far as it can tell.
func (r *jsReducer) typeEnd(i int) int {
	n := len(r.toks)
	atom := false   // after an atom: an operator may follow
	group := false  // the last atom was a (...) group: => may follow
	cond, q := 0, 0 // conditional types open: extends seen, ? seen
	for i < n {
		t := r.toks[i]
		if atom && i > 0 && r.lines[i] > r.ends[i-1] {
			// A line end after a whole type ends it unless an operator
			// continues it.
			if !(r.is(i, "|") || r.is(i, "&") || r.is(i, ".") || r.is(i, "=>") && group || r.word(i) == "extends" || r.is(i, "?") && cond > q || r.is(i, ":") && q > 0) {
				return i
			}
		}
		if !atom {
			switch {
			case t.kind == jsIdent && tsTypePrefix[t.text] && i+1 < n && (r.toks[i+1].kind == jsIdent || r.is(i+1, "(") || r.is(i+1, "[") || r.is(i+1, "{") || r.is(i+1, "<")):
				i++
			case t.kind == jsIdent || t.kind == jsString || t.kind == jsNumber || t.kind == jsTemplate:
				i++
				atom, group = true, false
			case r.is(i, "(") || r.is(i, "[") || r.is(i, "{"):
				if r.match[i] < 0 {
					return -1
				}
				group = r.is(i, "(")
				i = r.match[i] + 1
				atom = true
			case r.is(i, "<"):
				e := r.typeParamsEnd(i)
				if e < 0 || !r.is(e, "(") {
					return -1
				}
				i = e
			case r.is(i, "|") || r.is(i, "&") || r.is(i, "-"):
				i++
			default:
				return -1
			}
			continue
		}
		switch {
		case r.is(i, "|") || r.is(i, "&") || r.is(i, "."):
			i++
			atom = false
		case r.is(i, "=>") && group:
			i++
			atom = false
		case (r.is(i, "[") || r.is(i, "<")) && r.lines[i] == r.ends[i-1]:
			if r.is(i, "[") {
				if r.match[i] < 0 {
					return -1
				}
				i = r.match[i] + 1
			} else if i = r.angleEnd(i); i < 0 {
				return -1
			}
			group = false
		case r.word(i) == "extends":
			cond++
			i++
			atom = false
		case r.word(i) == "is":
			i++
			atom = false
		case r.is(i, "?") && cond > q:
			q++
			i++
			atom = false
		case r.is(i, ":") && q > 0:
			q--
			cond--
			i++
			atom = false
		default:
			return i
		}
	}
	if !atom {
		return -1
	}
	return i
}

// angleEnd reads type arguments or parameters <...> at token i and returns
// the index after the '>', or -1.
func (r *jsReducer) angleEnd(i int) int { return r.angleEndOf(i, false) }

// typeParamsEnd reads a declaration's type parameters <...> at token i,
// where a parameter may have a default (<T = void>), and returns the index
// after the '>', or -1.
func (r *jsReducer) typeParamsEnd(i int) int { return r.angleEndOf(i, true) }

// angleEndOf is angleEnd, with '=' allowed inside the brackets when
// defaults is set.
func (r *jsReducer) angleEndOf(i int, defaults bool) int {
	depth := 0
	for j := i; j < len(r.toks); j++ {
		switch {
		case r.is(j, "<"):
			depth++
		case r.is(j, ">"):
			depth--
			if depth == 0 {
				return j + 1
			}
		case r.is(j, "(") || r.is(j, "[") || r.is(j, "{"):
			if r.match[j] < 0 {
				return -1
			}
			j = r.match[j]
		case r.is(j, "=") && defaults && depth > 0:
		case r.is(j, ";") || r.is(j, ")") || r.is(j, "]") || r.is(j, "}") || r.is(j, "=") || r.is(j, "&&") || r.is(j, "||"):
			return -1
		}
	}
	return -1
}

func (r *jsReducer) drop(from, to int) {
	for k := from; k < to && k < len(r.keep); k++ {
		r.keep[k] = false
	}
}

// prevKept returns the last kept token before i, -1 when none.
func (r *jsReducer) prevKept(i int) int {
	for i--; i >= 0 && !r.keep[i]; i-- {
	}
	return i
}

// stmtStart reports whether a statement (or, in a class body, a member)
// starts at token i, and whether i is in a class body.
func (r *jsReducer) stmtStart(i int, stack []int) (start, member bool) {
	if len(stack) > 0 && !r.is(stack[len(stack)-1], "{") {
		return false, false
	}
	member = len(stack) > 0 && r.class[stack[len(stack)-1]]
	p := r.prevKept(i)
	if p < 0 || r.is(p, ";") || r.is(p, "{") || r.is(p, "}") {
		return true, member
	}
	return r.lines[i] > r.ends[p] && r.canEnd(p), member
}

// stmtEnd returns the index after the statement that starts at i and runs
// to a ';' or a line end that ends it (brackets are skipped whole).
func (r *jsReducer) stmtEnd(i int) int {
	for j := i; j < len(r.toks); j++ {
		if j > i && r.lines[j] > r.ends[j-1] && r.asi(j-1, j) {
			return j
		}
		switch {
		case r.is(j, ";"):
			return j + 1
		case r.is(j, "}") || r.is(j, ")") || r.is(j, "]"):
			return j
		case r.is(j, "(") || r.is(j, "[") || r.is(j, "{"):
			if r.match[j] < 0 {
				return len(r.toks)
			}
			j = r.match[j]
		}
	}
	return len(r.toks)
}

// stripTypes marks TypeScript's types as not kept.
func (r *jsReducer) stripTypes() {
	var stack []int
	for i := 0; i < len(r.toks); i++ {
		if !r.keep[i] {
			continue
		}
		if start, member := r.stmtStart(i, stack); start {
			if member {
				r.member(i)
			} else {
				r.statement(i)
			}
		}
		if !r.keep[i] {
			continue
		}
		t := r.toks[i]
		switch {
		case t.kind == jsIdent && t.text == "function":
			j := i + 1
			if r.is(j, "*") {
				j++
			}
			if r.word(j) != "" {
				j++
			}
			r.signature(j)
		case t.kind == jsIdent && t.text == "class":
			r.classHead(i + 1)
		case t.kind == jsIdent && (t.text == "let" || t.text == "const" || t.text == "var"):
			j := i + 1
			if r.is(j, "{") || r.is(j, "[") {
				if r.match[j] < 0 {
					continue
				}
				j = r.match[j]
			} else if r.word(j) == "" {
				continue
			}
			k := j + 1
			if r.is(k, "!") && r.is(k+1, ":") {
				k++
			}
			if r.is(k, ":") {
				if e := r.typeEnd(k + 1); e > 0 && (r.is(e, "=") || r.is(e, ";") || r.is(e, ",") || e == len(r.toks) || r.lines[e] > r.ends[e-1]) {
					r.drop(j+1, e)
				}
			}
		case t.kind == jsIdent && (t.text == "as" || t.text == "satisfies"):
			p := r.prevKept(i)
			if p >= 0 && r.canEnd(p) && !r.is(p, "*") && !r.importClause(stack) && r.lines[i] == r.ends[p] {
				if e := r.typeEnd(i + 1); e > 0 {
					r.drop(i, e)
				}
			}
		case r.is(i, "!"):
			p := r.prevKept(i)
			if p >= 0 && r.lines[i] == r.ends[p] && r.canEnd(p) && (r.toks[p].kind != jsIdent || !jsNoEndWords[r.word(p)]) {
				r.keep[i] = false
			}
		case r.is(i, "<"):
			p := r.prevKept(i)
			if p >= 0 && (r.toks[p].kind == jsIdent && r.canEnd(p) || r.is(p, ")") || r.is(p, "]")) && r.lines[i] == r.ends[p] {
				if e := r.typeArgs(i); e > 0 && r.is(e, "(") {
					r.drop(i, e)
				}
			}
		case r.is(i, "(") && r.match[i] > 0 && r.is(r.match[i]+1, "=>"):
			r.params(i)
		case r.is(i, "(") && r.match[i] > 0 && r.is(r.match[i]+1, ":") && (i == 0 || !r.is(r.prevKept(i), "?")):
			// An arrow function's return type: (a: A): R => ... . After a
			// '?' the ':' may be a conditional's, so it is left alone.
			if e := r.typeEnd(r.match[i] + 2); e > 0 && r.is(e, "=>") {
				r.drop(r.match[i]+1, e)
				r.params(i)
			}
		}
		switch {
		case r.is(i, "(") || r.is(i, "[") || r.is(i, "{"):
			stack = append(stack, i)
		case r.is(i, ")") || r.is(i, "]") || r.is(i, "}"):
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

// importClause reports whether the innermost bracket is the { } of an
// import or export.
func (r *jsReducer) importClause(stack []int) bool {
	if len(stack) == 0 || !r.is(stack[len(stack)-1], "{") {
		return false
	}
	j := stack[len(stack)-1] - 1
	for j >= 0 && (r.is(j, ",") || r.toks[j].kind == jsIdent && r.word(j) != "import" && r.word(j) != "export") {
		j--
	}
	return r.word(j) == "import" || r.word(j) == "export"
}

// typeArgs reads <T, U> at i as types and returns the index after '>'.
func (r *jsReducer) typeArgs(i int) int {
	j := i + 1
	for {
		e := r.typeEnd(j)
		if e < 0 {
			return -1
		}
		switch {
		case r.is(e, ">"):
			return e + 1
		case r.is(e, ","):
			j = e + 1
		default:
			return -1
		}
	}
}

// statement strips a type-only statement starting at i: an interface, a
// type alias, a type import or export, a declare statement; and the
// abstract of an abstract class.
func (r *jsReducer) statement(i int) {
	j := i
	if r.word(j) == "export" {
		j++
		if r.word(j) == "default" && r.word(j+1) == "interface" {
			j++
		}
	}
	switch w := r.word(j); {
	case w == "interface" && r.word(j+1) != "":
		for k := j + 2; k < len(r.toks); k++ {
			if r.is(k, "<") {
				// Type parameters (with defaults: <T = any>) or the type
				// arguments of what it extends.
				e := r.typeParamsEnd(k)
				if e < 0 {
					return
				}
				k = e - 1
				continue
			}
			if r.is(k, "{") {
				if r.match[k] > 0 {
					r.drop(i, r.match[k]+1)
				}
				return
			}
			if r.is(k, ";") || r.is(k, "(") || r.is(k, "=") {
				return
			}
		}
	case w == "type" && r.word(j+1) != "" && (r.is(j+2, "=") || r.is(j+2, "<")):
		k := j + 2
		if r.is(k, "<") {
			if k = r.typeParamsEnd(k); k < 0 || !r.is(k, "=") {
				return
			}
		}
		if e := r.typeEnd(k + 1); e > 0 {
			if r.is(e, ";") {
				e++
			} else if e < len(r.toks) && r.lines[e] == r.ends[e-1] && !r.is(e, "}") {
				return
			}
			r.drop(i, e)
		}
	case w == "type" && r.word(i) == "export" && r.is(j+1, "{"):
		r.drop(i, r.stmtEnd(j))
	case w == "import" && r.word(j+1) == "type" && (r.word(j+2) != "" && r.word(j+2) != "from" || r.is(j+2, "{") || r.is(j+2, "*")) && !r.is(j+3, "="):
		r.drop(i, r.stmtEnd(j))
	case w == "declare":
		switch r.word(j + 1) {
		case "const", "let", "var", "function", "type", "interface", "abstract":
			r.drop(i, r.stmtEnd(j))
		case "module", "namespace", "global", "class", "enum":
			for k := j + 1; k < len(r.toks); k++ {
				if r.is(k, "{") {
					if r.match[k] > 0 {
						r.drop(i, r.match[k]+1)
					}
					return
				}
				if r.is(k, ";") || r.is(k, "(") || r.is(k, "=") {
					return
				}
			}
		}
	case w == "abstract" && r.word(j+1) == "class":
		r.keep[j] = false
	case w == "default" && r.word(j+1) == "abstract" && r.word(j+2) == "class":
		r.keep[j+1] = false
	}
}

// classHead strips a class's type parameters, the type arguments of its
// base and its implements clause, and marks its body.
func (r *jsReducer) classHead(i int) {
	if r.word(i) != "" && r.word(i) != "extends" && r.word(i) != "implements" {
		i++
	}
	if r.is(i, "<") {
		e := r.typeParamsEnd(i)
		if e < 0 {
			return
		}
		r.drop(i, e)
		i = e
	}
	if r.word(i) == "extends" {
		i++
		for r.word(i) != "" && r.is(i+1, ".") {
			i += 2
		}
		if r.word(i) == "" {
			return
		}
		i++
		if r.is(i, "<") {
			e := r.typeArgs(i)
			if e < 0 {
				return
			}
			r.drop(i, e)
			i = e
		}
	}
	if r.word(i) == "implements" {
		k := i + 1
		for {
			e := r.typeEnd(k)
			if e < 0 {
				return
			}
			if r.is(e, ",") {
				k = e + 1
				continue
			}
			if !r.is(e, "{") {
				return
			}
			r.drop(i, e)
			i = e
			break
		}
	}
	if r.is(i, "{") {
		r.class[i] = true
	}
}

// signature strips the type parameters, parameter types and return type
// of a function or method whose name ends before i; the return type must
// be followed by a body or the end of an overload.
func (r *jsReducer) signature(i int) {
	if r.is(i, "<") {
		e := r.typeParamsEnd(i)
		if e < 0 || !r.is(e, "(") {
			return
		}
		r.drop(i, e)
		i = e
	}
	if !r.is(i, "(") || r.match[i] < 0 {
		return
	}
	r.params(i)
	c := r.match[i]
	if r.is(c+1, ":") {
		if e := r.typeEnd(c + 2); e > 0 && (r.is(e, "{") || r.is(e, ";") || e == len(r.toks) || r.lines[e] > r.ends[e-1]) {
			r.drop(c+1, e)
		}
	}
}

// params strips the types of the parameter list at i. Modifiers of
// constructor parameters stay: they declare properties. Anything that is
// not a parameter list leaves the list whole.
func (r *jsReducer) params(i int) {
	end := r.match[i]
	if end < 0 {
		return
	}
	var drops [][2]int
	j := i + 1
	for j < end {
		first := j
		for r.word(j) != "" && (tsMemberModifiers[r.word(j)] && r.word(j) != "abstract") && (r.word(j+1) != "" || r.is(j+1, "{") || r.is(j+1, "[")) {
			j++
		}
		if r.is(j, "...") {
			j++
		}
		this := r.word(j) == "this" && j == first
		switch {
		case r.word(j) != "":
			j++
		case (r.is(j, "{") || r.is(j, "[")) && r.match[j] > 0:
			j = r.match[j] + 1
		default:
			return
		}
		if r.is(j, "?") {
			drops = append(drops, [2]int{j, j + 1})
			j++
		}
		if r.is(j, ":") {
			e := r.typeEnd(j + 1)
			if e < 0 || !(r.is(e, ",") || r.is(e, "=") || e == end) {
				return
			}
			drops = append(drops, [2]int{j, e})
			j = e
			if this {
				if r.is(j, ",") {
					j++
				}
				drops = append(drops, [2]int{first, j})
				continue
			}
		}
		if r.is(j, "=") {
			for j < end && !r.is(j, ",") {
				if (r.is(j, "(") || r.is(j, "[") || r.is(j, "{")) && r.match[j] > 0 {
					j = r.match[j]
				}
				j++
			}
		}
		if r.is(j, ",") {
			j++
		} else if j != end {
			return
		}
	}
	for _, d := range drops {
		r.drop(d[0], d[1])
	}
}

// member strips the types of a class member starting at i.
func (r *jsReducer) member(i int) {
	for r.is(i, "@") { // decorators stay
		i++
		for r.word(i) != "" && r.is(i+1, ".") {
			i += 2
		}
		if r.word(i) == "" {
			return
		}
		i++
		if r.is(i, "(") {
			if r.match[i] < 0 {
				return
			}
			i = r.match[i] + 1
		}
	}
	nameAt := func(k int) bool {
		return r.toks[k].kind == jsIdent || r.toks[k].kind == jsString || r.toks[k].kind == jsNumber || r.toks[k].kind == jsPrivate || r.is(k, "[") || r.is(k, "*")
	}
	for i+1 < len(r.toks) && r.word(i) != "" && r.lines[i+1] == r.ends[i] && nameAt(i+1) {
		switch w := r.word(i); {
		case w == "declare":
			r.drop(i, r.stmtEnd(i))
			return
		case tsMemberModifiers[w]:
			r.keep[i] = false
		case w == "static" || w == "async" || w == "get" || w == "set" || w == "accessor":
		default:
			goto name
		}
		i++
	}
name:
	if r.is(i, "*") {
		i++
	}
	if i >= len(r.toks) {
		return
	}
	if r.is(i, "[") && r.word(i+1) != "" && r.is(i+2, ":") {
		// An index signature.
		if c := r.match[i]; c > 0 && r.is(c+1, ":") {
			if e := r.typeEnd(c + 2); e > 0 {
				if r.is(e, ";") {
					e++
				}
				r.drop(i, e)
			}
		}
		return
	}
	switch {
	case r.is(i, "[") && r.match[i] > 0:
		i = r.match[i] + 1
	case r.toks[i].kind == jsIdent || r.toks[i].kind == jsString || r.toks[i].kind == jsNumber || r.toks[i].kind == jsPrivate:
		i++
	default:
		return
	}
	if r.is(i, "?") || r.is(i, "!") {
		if r.is(i+1, ":") || r.is(i+1, "(") || r.is(i+1, "<") || r.is(i+1, ";") || r.is(i+1, "=") {
			r.keep[i] = false
			i++
		}
	}
	switch {
	case r.is(i, "(") || r.is(i, "<"):
		r.signature(i)
	case r.is(i, ":"):
		if e := r.typeEnd(i + 1); e > 0 && (r.is(e, "=") || r.is(e, ";") || r.is(e, "}") || e == len(r.toks) || r.lines[e] > r.ends[e-1]) {
			r.drop(i, e)
		}
	}
}

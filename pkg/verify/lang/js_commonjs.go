package lang

import "strings"

// This file reads the CommonJS ways of exporting that are not statements
// of their own kind: chains such as exports = module.exports = app, and
// functions assigned to the members of an exported object or prototype
// (res.json = function json() {...}, Foo.prototype.bar = function ...).

// isModuleExports reports whether module.exports starts at i.
func (p *jsParser) isModuleExports(i int) bool {
	return p.is(i, "module") && p.is(i+1, ".") && p.is(i+2, "exports")
}

// exportsChain skips the assignments "module.exports =" and "exports ="
// that start at i and returns the index after the last '='; module
// reports whether module.exports was among them (assigning exports alone
// exports nothing).
func (p *jsParser) exportsChain(i int) (next int, module bool) {
	for {
		switch {
		case p.isModuleExports(i) && p.is(i+3, "="):
			i, module = i+4, true
		case p.is(i, "exports") && p.is(i+1, "="):
			i += 2
		default:
			return i, module
		}
	}
}

// bindingValue reads the start of the value of the variable name, whose
// '=' is at eq: in var app = exports = module.exports = {} it records that
// app is exported and returns the index of the last '=', so that the value
// after it is read as usual; in var proto = Foo.prototype it records that
// proto is Foo's prototype. It returns eq otherwise.
func (p *jsParser) bindingValue(name string, eq, end int) int {
	if k, module := p.exportsChain(eq + 1); k > eq+1 {
		if module {
			p.exportNames[name] = true
		}
		return k - 1
	}
	if p.ident(eq+1) && p.is(eq+2, ".") && p.is(eq+3, "prototype") {
		if stmt := p.stmtEnd(eq+1, end, true); stmt == eq+4 || stmt == eq+5 && (p.is(eq+4, ";") || p.is(eq+4, ",")) {
			p.protoOf[name] = p.word(eq + 1)
		}
	}
	return eq
}

// memberPath reads obj.a.b at i and returns its parts and the index after
// it; it needs at least one '.'.
func (p *jsParser) memberPath(i int) ([]string, int) {
	if !p.ident(i) || !p.is(i+1, ".") {
		return nil, i
	}
	parts := []string{p.word(i)}
	j := i + 1
	for p.is(j, ".") && p.ident(j+1) {
		parts = append(parts, p.word(j+1))
		j += 2
	}
	return parts, j
}

// memberAssign reads obj.name = ... = function ... at i: each target
// whose object is not module.exports or exports becomes a declaration
// named as written ("res.json", "Foo.prototype.bar"), kept once the file is
// read only when the object is exported (see objectExported).
func (p *jsParser) memberAssign(i, end, first int) (int, bool) {
	var targets [][]string
	j := i
	for {
		parts, k := p.memberPath(j)
		if parts == nil || !p.is(k, "=") {
			break
		}
		targets = append(targets, parts)
		j = k + 1
	}
	if len(targets) == 0 {
		return 0, false
	}
	isFn, body := p.funcValue(j, end)
	from := j
	if body >= 0 {
		from = body
	}
	stmt := p.stmtEnd(from, end, false)
	if !isFn {
		return stmt, true
	}
	for _, t := range targets {
		if t[0] == "module" || t[0] == "exports" {
			continue
		}
		d := p.newDecl(strings.Join(t, "."), "method", first, stmt-1)
		d.BodyStart = p.bodyLine(body)
		d.owner, d.member, d.assigned = t[0], true, true
		d.private = strings.HasPrefix(t[len(t)-1], "_")
		p.decls = append(p.decls, d)
	}
	return stmt, true
}

// objectExported reports whether the object name is exported: by
// export, module.exports or exports (tops holds the exported top-level
// declarations), or as the prototype of an exported constructor.
func (p *jsParser) objectExported(name string, tops map[string]bool) bool {
	if p.exportNames[name] || tops[name] {
		return true
	}
	if c, ok := p.protoOf[name]; ok {
		return p.exportNames[c] || tops[c]
	}
	return false
}

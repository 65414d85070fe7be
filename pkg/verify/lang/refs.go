package lang

import (
	"bytes"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
)

// Refs is what a file names of other code: the package it declares, the
// modules it imports, and the identifiers its code uses. verify's
// tests-touched rule links a changed test to the source it exercises with
// them (the test imports the source's module, or uses a declaration the
// change touched).
type Refs struct {
	// Package is the package the file declares: Go's package clause, Java's
	// package declaration; "" in Python and JS/TS.
	Package string
	// Imports are the imported modules as written: Go import paths, Java
	// names ("a.b.C", "a.b.*", "a.b.C.m" for a static import), Python
	// dotted modules (relative ones keep their leading dots; `from m import
	// a` gives "m" and "m.a", since a may be a submodule), JS/TS import and
	// require specifiers.
	Imports []string
	// ReExports are the JS/TS specifiers, among Imports, that the file
	// re-exports code from (`export * from 'm'`, `export * as ns from
	// 'm'`, `export { a } from 'm'`; not `export type`): a module that
	// imports this one imports theirs too.
	ReExports []string
	// Idents are the identifiers used in code, outside comments and
	// strings.
	Idents map[string]bool
}

// ReadRefs reads a file's Refs by its extension's language. A file verify
// does not understand has none.
func ReadRefs(p string, src []byte) Refs {
	switch For(p).(type) {
	case Go:
		return goRefs(src)
	case Python:
		return pyRefs(src)
	case JS:
		return jsRefs(src)
	case Java:
		return javaRefs(src)
	}
	return Refs{Idents: map[string]bool{}}
}

// ReadImports reads the Package and Imports of a file's Refs, and its
// Idents only where the same pass gives them (not for Go, where they cost
// a scan of the whole file the imports do not need).
func ReadImports(p string, src []byte) Refs {
	if _, ok := For(p).(Go); ok {
		return goImports(src)
	}
	return ReadRefs(p, src)
}

// goImports reads a Go file's package clause and imports.
func goImports(src []byte) Refs {
	r := Refs{Idents: map[string]bool{}}
	fset := token.NewFileSet()
	if f, err := parser.ParseFile(fset, "", src, parser.ImportsOnly|parser.SkipObjectResolution); err == nil {
		r.Package = f.Name.Name
		for _, im := range f.Imports {
			if p, err := strconv.Unquote(im.Path.Value); err == nil {
				r.Imports = append(r.Imports, p)
			}
		}
	}
	return r
}

func goRefs(src []byte) Refs {
	r := goImports(src)
	for _, t := range lexC(src, lexOptions{backquote: true}) {
		if t.kind == tokIdent {
			r.Idents[t.text] = true
		}
	}
	return r
}

// tokKind is the kind of a lexed token.
type tokKind int

const (
	tokIdent tokKind = iota
	tokString
	tokPunct
	tokNewline
)

// tok is a token of the light lexers below: identifiers, strings (text is
// the value between the quotes, escapes left as written), single
// punctuation characters and, for Python, logical newlines.
type tok struct {
	kind tokKind
	text string
}

// lexOptions tune lexC to a C-family language.
type lexOptions struct {
	dollar    bool // $ is an identifier character (JS)
	backquote bool // `...` is a string (Go raw strings, JS templates)
}

// lexC lexes C-family source (Go, Java, JS/TS): // and /* */ comments are
// dropped, '...', "..." and (with backquote) `...` are strings, Java's
// """ text blocks too. JS template substitutions are read as part of the
// string; regular expression literals are read as punctuation and
// identifiers, which is harmless for what Refs needs.
func lexC(src []byte, o lexOptions) []tok {
	var out []tok
	n := len(src)
	for i := 0; i < n; {
		c := src[i]
		switch {
		case c == '/' && i+1 < n && src[i+1] == '/':
			for i < n && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < n && src[i+1] == '*':
			end := strings.Index(string(src[i+2:]), "*/")
			if end < 0 {
				return out
			}
			i += end + 4
		case c == '"' && i+2 < n && src[i+1] == '"' && src[i+2] == '"':
			end := strings.Index(string(src[i+3:]), `"""`)
			if end < 0 {
				return out
			}
			out = append(out, tok{tokString, string(src[i+3 : i+3+end])})
			i += end + 6
		case c == '"' || c == '\'' || (c == '`' && o.backquote):
			j := i + 1
			for j < n && src[j] != c {
				if src[j] == '\\' && (c != '`' || o.dollar) {
					j += 2
					continue
				}
				if c != '`' && src[j] == '\n' {
					break
				}
				j++
			}
			end := min(j, n)
			out = append(out, tok{tokString, string(src[i+1 : end])})
			i = end + 1
		case startsIdent(src, i, o.dollar):
			j := identEnd(src, i, o.dollar)
			out = append(out, tok{tokIdent, string(src[i:j])})
			i = j
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case c >= '0' && c <= '9':
			for i < n && (isIdentPart(rune(src[i])) || src[i] == '.') {
				i++
			}
		default:
			out = append(out, tok{tokPunct, string(c)})
			i++
		}
	}
	return out
}

func jsRefs(src []byte) Refs {
	r := Refs{Idents: map[string]bool{}}
	toks := lexC(src, lexOptions{dollar: true, backquote: true})
	for i, t := range toks {
		switch t.kind {
		case tokIdent:
			r.Idents[t.text] = true
		case tokString:
			// import x from 'm'; export { a } from 'm'; import 'm';
			// require('m'); import('m'); jest.mock('m'), vi.mock('m').
			if i > 0 {
				prev := toks[i-1]
				switch {
				case prev.kind == tokIdent && (prev.text == "from" || prev.text == "import"):
					r.Imports = append(r.Imports, t.text)
					if prev.text == "from" && jsReExport(toks, i-1) {
						r.ReExports = append(r.ReExports, t.text)
					}
				case prev.text == "(" && i > 1 && toks[i-2].kind == tokIdent &&
					(toks[i-2].text == "require" || toks[i-2].text == "import" || toks[i-2].text == "mock" || toks[i-2].text == "requireActual"):
					r.Imports = append(r.Imports, t.text)
				}
			}
		}
	}
	return r
}

// jsReExport reports whether the from at toks[from] ends a re-export of
// code: `export * from`, `export * as ns from`, `export { … } from` (the
// braces holding names, commas and as only), not `export type { … } from`.
func jsReExport(toks []tok, from int) bool {
	i := from - 1
	switch {
	case i >= 0 && toks[i].text == "*":
		i--
	case i >= 2 && toks[i-1].text == "as" && toks[i-2].text == "*":
		i -= 3
	case i >= 0 && toks[i].text == "}":
		for i--; i >= 0 && toks[i].text != "{"; i-- {
			if toks[i].kind != tokIdent && toks[i].text != "," {
				return false
			}
		}
		i--
	default:
		return false
	}
	return i >= 0 && toks[i].kind == tokIdent && toks[i].text == "export"
}

func javaRefs(src []byte) Refs {
	r := Refs{Idents: map[string]bool{}}
	toks := lexC(src, lexOptions{})
	// dotted reads a.b.c (and a trailing .*) from toks[i].
	dotted := func(i int) (string, int) {
		var b strings.Builder
		for i < len(toks) {
			t := toks[i]
			if t.kind == tokIdent || t.text == "." || t.text == "*" {
				b.WriteString(t.text)
				i++
				continue
			}
			break
		}
		return b.String(), i
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tokIdent {
			continue
		}
		atStmt := i == 0 || toks[i-1].text == ";" || toks[i-1].text == "}"
		switch {
		case atStmt && t.text == "package" && r.Package == "":
			r.Package, i = dotted(i + 1)
			i--
		case atStmt && t.text == "import":
			j := i + 1
			if j < len(toks) && toks[j].text == "static" {
				j++
			}
			name, k := dotted(j)
			if name != "" {
				r.Imports = append(r.Imports, name)
			}
			i = k - 1
		default:
			r.Idents[t.text] = true
		}
	}
	return r
}

// lexPython lexes Python source: # comments are dropped, strings (any
// prefix, single or triple quoted) are one token, and a logical newline
// (outside brackets, not after a backslash) is a tokNewline.
func lexPython(src []byte) []tok {
	var out []tok
	n, depth := len(src), 0
	for i := 0; i < n; {
		c := src[i]
		switch {
		case c == '#':
			for i < n && src[i] != '\n' {
				i++
			}
		case c == '\\' && i+1 < n && src[i+1] == '\n':
			i += 2
		case c == '\n':
			if depth == 0 {
				out = append(out, tok{kind: tokNewline})
			}
			i++
		case c == '"' || c == '\'':
			q := string(c)
			if i+2 < n && src[i+1] == c && src[i+2] == c {
				q = strings.Repeat(q, 3)
			}
			j := i + len(q)
			for j < n && !bytes.HasPrefix(src[j:], []byte(q)) {
				if src[j] == '\\' {
					j++
				}
				if len(q) == 1 && j < n && src[j] == '\n' {
					break
				}
				j++
			}
			end := min(j, n)
			out = append(out, tok{tokString, string(src[i+len(q) : max(i+len(q), end)])})
			i = end + len(q)
		case startsIdent(src, i, false):
			j := identEnd(src, i, false)
			// A string prefix (r, b, f, u, rb, ...) belongs to its string.
			if j < n && (src[j] == '"' || src[j] == '\'') && j-i <= 2 && strings.Trim(strings.ToLower(string(src[i:j])), "rbfu") == "" {
				i = j
				continue
			}
			out = append(out, tok{tokIdent, string(src[i:j])})
			i = j
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c >= '0' && c <= '9':
			for i < n && (isIdentPart(rune(src[i])) || src[i] == '.') {
				i++
			}
		default:
			switch c {
			case '(', '[', '{':
				depth++
			case ')', ']', '}':
				if depth > 0 {
					depth--
				}
			}
			out = append(out, tok{tokPunct, string(c)})
			i++
		}
	}
	return out
}

func pyRefs(src []byte) Refs {
	r := Refs{Idents: map[string]bool{}}
	toks := lexPython(src)
	// dotted reads a dotted name (with leading dots for a relative one).
	dotted := func(i int) (string, int) {
		var b strings.Builder
		for i < len(toks) && (toks[i].kind == tokIdent || toks[i].text == ".") {
			if toks[i].kind == tokIdent && (toks[i].text == "import" || (b.Len() > 0 && !strings.HasSuffix(b.String(), "."))) {
				break
			}
			b.WriteString(toks[i].text)
			i++
		}
		return b.String(), i
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tokIdent {
			continue
		}
		atStmt := i == 0 || toks[i-1].kind == tokNewline || toks[i-1].text == ";" || toks[i-1].text == ":"
		switch {
		case atStmt && t.text == "import":
			j := i + 1
			for j < len(toks) {
				name, k := dotted(j)
				if name == "" {
					break
				}
				r.Imports = append(r.Imports, name)
				j = k
				if j+1 < len(toks) && toks[j].text == "as" {
					j += 2
				}
				if j < len(toks) && toks[j].text == "," {
					j++
					continue
				}
				break
			}
			i = j - 1
		case atStmt && t.text == "from":
			mod, j := dotted(i + 1)
			if mod == "" || j >= len(toks) || toks[j].text != "import" {
				continue
			}
			r.Imports = append(r.Imports, mod)
			for j++; j < len(toks) && toks[j].kind != tokNewline; j++ {
				tj := toks[j]
				if tj.kind != tokIdent || tj.text == "as" || (j > 0 && toks[j-1].text == "as") {
					continue
				}
				r.Idents[tj.text] = true
				sep := "."
				if strings.HasSuffix(mod, ".") {
					sep = ""
				}
				r.Imports = append(r.Imports, mod+sep+tj.text)
			}
			i = j - 1
		default:
			r.Idents[t.text] = true
		}
	}
	return r
}

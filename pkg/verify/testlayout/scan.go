package testlayout

import (
	"strings"
)

// maxDepth bounds the nesting scanLiterals follows.
const maxDepth = 64

// scanLiterals reads the string literals of a JavaScript, TypeScript or
// JSON(C) configuration without running it. It returns, for each property
// path ("test.include", "projects.testMatch"; calls, blocks and arrays add
// nothing to the path), the literals found as the property's value or as
// elements of an array that is its value. A value that is not a literal
// (a variable, a call, a template with ${}) gives nothing; regular
// expression literals give their source. The scan never fails: broken text
// yields whatever was read before and after it.
func scanLiterals(src []byte) map[string][]string {
	toks := jsTokens(string(src))
	out := map[string][]string{}
	type frame struct {
		kind byte // '{', '[' or '('
		path []string
		key  string // the pending property key in an object
	}
	stack := []frame{{kind: '('}}
	top := func() *frame { return &stack[len(stack)-1] }
	for i, t := range toks {
		f := top()
		switch {
		case t.kind == tokPunct && (t.text == "{" || t.text == "[" || t.text == "("):
			path := f.path
			if f.key != "" && t.text != "(" {
				path = append(append([]string(nil), f.path...), f.key)
			}
			if len(stack) < maxDepth {
				stack = append(stack, frame{kind: t.text[0], path: path})
			}
		case t.kind == tokPunct && (t.text == "}" || t.text == "]" || t.text == ")"):
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		case t.kind == tokPunct && (t.text == "," || t.text == ";"):
			f.key = ""
		case (t.kind == tokIdent || t.kind == tokString) && f.kind == '{' && i+1 < len(toks) && toks[i+1].kind == tokPunct && toks[i+1].text == ":" &&
			i > 0 && toks[i-1].kind == tokPunct && (toks[i-1].text == "{" || toks[i-1].text == ","):
			f.key = t.text
		case t.kind == tokString || t.kind == tokRegexp:
			var key string
			switch {
			case f.kind == '{' && f.key != "" && i >= 3 && toks[i-1].kind == tokPunct && toks[i-1].text == ":" && toks[i-2].text == f.key &&
				toks[i-3].kind == tokPunct && (toks[i-3].text == "{" || toks[i-3].text == ","):
				key = strings.Join(append(append([]string(nil), f.path...), f.key), ".")
			case f.kind == '[' && len(f.path) > 0 && i > 0 && toks[i-1].kind == tokPunct && (toks[i-1].text == "[" || toks[i-1].text == ","):
				key = strings.Join(f.path, ".")
			default:
				continue
			}
			// A literal followed by an operator is part of an expression.
			if i+1 < len(toks) && toks[i+1].kind == tokPunct && !strings.Contains(",]});", toks[i+1].text) {
				continue
			}
			out[key] = append(out[key], t.text)
		}
	}
	return out
}

type tokKind uint8

const (
	tokPunct tokKind = iota
	tokIdent
	tokString // a string or a template without substitutions: its value
	tokRegexp // a regular expression literal: its source
	tokOther  // numbers, templates with substitutions
)

type token struct {
	kind tokKind
	text string
}

// jsTokens splits JavaScript into tokens, skipping comments. A '/' starts
// a regular expression where an operand is expected.
func jsTokens(s string) []token {
	var out []token
	operand := func() bool {
		if len(out) == 0 {
			return true
		}
		last := out[len(out)-1]
		return last.kind == tokPunct && !strings.Contains(")]}", last.text)
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case strings.HasPrefix(s[i:], "//"):
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case strings.HasPrefix(s[i:], "/*"):
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return out
			}
			i += end + 4
		case c == '"' || c == '\'':
			val, next, ok := quoted(s, i)
			i = next
			if ok {
				out = append(out, token{tokString, val})
			} else {
				out = append(out, token{tokOther, ""})
			}
		case c == '`':
			val, next, plain := template(s, i)
			i = next
			if plain {
				out = append(out, token{tokString, val})
			} else {
				out = append(out, token{tokOther, ""})
			}
		case c == '/' && operand():
			j, inClass := i+1, false
			for j < len(s) && s[j] != '\n' {
				if s[j] == '\\' {
					j += 2
					continue
				}
				if s[j] == '[' {
					inClass = true
				} else if s[j] == ']' {
					inClass = false
				} else if s[j] == '/' && !inClass {
					break
				}
				j++
			}
			if j >= len(s) || s[j] != '/' {
				out = append(out, token{tokPunct, "/"})
				i++
				continue
			}
			out = append(out, token{tokRegexp, s[i+1 : j]})
			i = j + 1
			for i < len(s) && isIdentByte(s[i]) {
				i++ // flags
			}
		case isIdentByte(c) || c >= 0x80:
			j := i
			for j < len(s) && (isIdentByte(s[j]) || s[j] >= 0x80) {
				j++
			}
			kind := tokIdent
			if c >= '0' && c <= '9' {
				kind = tokOther
			}
			out = append(out, token{kind, s[i:j]})
			i = j
		default:
			out = append(out, token{tokPunct, string(c)})
			i++
		}
	}
	return out
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// quoted reads the string literal at s[i] and returns its value and the
// offset after it; ok is false when it is not closed on its line.
func quoted(s string, i int) (string, int, bool) {
	q := s[i]
	var b strings.Builder
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == q:
			return b.String(), j + 1, true
		case c == '\n':
			return "", j, false
		case c == '\\' && j+1 < len(s):
			j++
			switch e := s[j]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case '\n':
			default:
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", len(s), false
}

// template reads the template literal at s[i]; plain is false when it has
// substitutions, whose value cannot be known.
func template(s string, i int) (string, int, bool) {
	var b strings.Builder
	plain := true
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == '`':
			return b.String(), j + 1, plain
		case c == '\\' && j+1 < len(s):
			j++
			b.WriteByte(s[j])
		case c == '$' && j+1 < len(s) && s[j+1] == '{':
			plain = false
			depth := 0
			for j++; j < len(s); j++ {
				if s[j] == '{' {
					depth++
				} else if s[j] == '}' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", len(s), false
}

package lang

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/scanner"
	"go/token"
	"path"
	"strings"
)

// This file holds BehaviourTokens, which reduces a source file to the
// tokens that decide what it does, so that two versions of a file can be
// compared for a change that cannot change behaviour (comments, formatting,
// type annotations). Each language's reduction is in its own file
// (tokens_python.go, tokens_javascript.go, tokens_java.go); Go's is here.
//
// A reduction must never make two versions that behave differently equal:
// when a scanner is unsure whether a token matters, it keeps it.

// BehaviourTokens returns the tokens of src, a file at path, that can
// change its behaviour, in order: comments, whitespace and layout are left
// out, as are the parts of each language that only its compiler or type
// checker reads (Python docstrings and annotations outside class bodies,
// TypeScript types). Two versions of a file with equal token lists behave
// the same. It returns an error for a language it does not know and for
// content it cannot read (binary content, a Go file go/scanner rejects).
func BehaviourTokens(p string, src []byte) (toks []string, err error) {
	defer func() {
		// A scanner's bug must not decide that a change is neutral.
		if recover() != nil {
			toks, err = nil, errorString("cannot reduce "+p+": internal error")
		}
	}()
	return behaviourTokens(p, src)
}

// behaviourTokens is BehaviourTokens without the recovery, for the fuzz
// test.
func behaviourTokens(p string, src []byte) ([]string, error) {
	if isBinary(src) {
		return nil, errBinary
	}
	switch ext := strings.ToLower(path.Ext(p)); ext {
	case ".go":
		return goTokens(src)
	case ".py":
		return pyTokens(src), nil
	case ".js", ".jsx", ".mjs", ".cjs":
		return jsTokens(src, ext, false), nil
	case ".ts", ".tsx", ".mts", ".cts":
		return jsTokens(src, ext, true), nil
	case ".java":
		return javaTokens(src), nil
	}
	return nil, errUnknownLanguage
}

// errUnknownLanguage is BehaviourTokens' error for a file in a language it
// does not read.
var errUnknownLanguage = errorString("not a language verify understands")

type errorString string

func (e errorString) Error() string { return string(e) }

// goDirective reports whether a Go comment instructs the toolchain
// (//go:build, //go:embed, //go:linkname, // +build, //line, //export,
// //extern): such comments are code.
func goDirective(c string) bool {
	for _, p := range []string{"//go:", "// +build", "//+build", "//line ", "/*line ", "//export ", "//extern "} {
		if strings.HasPrefix(c, p) {
			return true
		}
	}
	return false
}

// goTokens reads Go source with go/scanner. Comments are dropped except
// toolchain directives, and all of them when the file uses cgo (import
// "C"), whose preamble is C code in a comment. The semicolons Go inserts
// at line ends are dropped, so that joining or splitting lines does not
// count, except after return, break, continue, goto and fallthrough
// where a statement follows: there the line end ends the statement.
func goTokens(src []byte) ([]string, error) {
	if norm, ok := goNormalize(src); ok {
		src = norm
	}
	return goScanTokens(src)
}

// goScanTokens is goTokens without goNormalize: go/scanner's tokens, as
// they come.
func goScanTokens(src []byte) ([]string, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("x.go", -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, src, func(pos token.Position, msg string) { errs.Add(pos, msg) }, scanner.ScanComments)
	var toks []goTok
	cgo := false
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		if t == token.STRING && lit == `"C"` && len(toks) > 0 && (toks[len(toks)-1].tok == token.IMPORT || toks[len(toks)-1].tok == token.LPAREN) {
			cgo = true
		}
		toks = append(toks, goTok{t, lit})
	}
	if errs.Len() > 0 {
		return nil, errs.Err()
	}
	// Where the header has a //go:build line, the go tool ignores its
	// // +build lines (go/build, since Go 1.17; gofmt and go fix keep or
	// drop them for older toolchains only): they are no code then.
	header, goBuild := 0, false
	for header < len(toks) && toks[header].tok != token.PACKAGE {
		goBuild = goBuild || toks[header].tok == token.COMMENT && strings.HasPrefix(toks[header].lit, "//go:build")
		header++
	}
	var out []string
	for i, t := range toks {
		switch {
		case t.tok == token.COMMENT:
			if goBuild && i < header && !cgo && (strings.HasPrefix(t.lit, "// +build") || strings.HasPrefix(t.lit, "//+build")) {
				continue
			}
			if cgo || goDirective(t.lit) {
				out = append(out, strings.TrimRight(t.lit, " \t\r\n"))
			}
			continue
		case t.tok == token.SEMICOLON && t.lit == "\n":
			prev := token.ILLEGAL
			for j := i - 1; j >= 0; j-- {
				if toks[j].tok != token.COMMENT {
					prev = toks[j].tok
					break
				}
			}
			next := token.EOF
			for j := i + 1; j < len(toks); j++ {
				if toks[j].tok != token.COMMENT {
					next = toks[j].tok
					break
				}
			}
			switch prev {
			case token.RETURN, token.BREAK, token.CONTINUE, token.GOTO, token.FALLTHROUGH:
				if next != token.RBRACE && next != token.EOF {
					out = append(out, ";")
				}
			}
			continue
		case t.tok == token.COMMA && i+1 < len(toks) && (toks[i+1].tok == token.RBRACE || toks[i+1].tok == token.RPAREN || toks[i+1].tok == token.RBRACK ||
			(toks[i+1].tok == token.COMMENT && goClosesAfterComments(toks[i+1:]))):
			// A trailing comma before a closing bracket is layout.
			continue
		case t.lit != "":
			// A literal or identifier stands for itself: a keyword's text
			// is no identifier's, a string keeps its quotes.
			out = append(out, t.lit)
		default:
			out = append(out, t.tok.String())
		}
	}
	return out, nil
}

// goTok is a token of go/scanner with its literal.
type goTok struct {
	tok token.Token
	lit string
}

// goClosesAfterComments reports whether the first token after the leading
// comments of toks closes a bracket.
func goClosesAfterComments(toks []goTok) bool {
	for _, t := range toks {
		if t.tok == token.COMMENT {
			continue
		}
		return t.tok == token.RBRACE || t.tok == token.RPAREN || t.tok == token.RBRACK
	}
	return false
}

// goNormalize rewrites Go source into one canonical form for comparison:
// parsed without comments, each parameter, result and field list with
// one name per entry ("a, b int" is "a int, b int": the same signature
// or struct), printed by go/format. It declines (false) a file it cannot
// parse and one whose comments matter (//go: directives, build
// constraints, cgo), which are then compared as scanned.
func goNormalize(src []byte) ([]byte, bool) {
	if bytes.Contains(src, []byte("//go:")) || bytes.Contains(src, []byte("+build")) || bytes.Contains(src, []byte(`"C"`)) {
		return nil, false
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, false
	}
	ast.Inspect(f, func(n ast.Node) bool {
		fl, ok := n.(*ast.FieldList)
		if !ok || fl == nil {
			return true
		}
		var list []*ast.Field
		for _, fd := range fl.List {
			if len(fd.Names) <= 1 {
				list = append(list, fd)
				continue
			}
			for _, name := range fd.Names {
				list = append(list, &ast.Field{Names: []*ast.Ident{name}, Type: fd.Type, Tag: fd.Tag})
			}
		}
		fl.List = list
		return true
	})
	var b bytes.Buffer
	if err := format.Node(&b, fset, f); err != nil {
		return nil, false
	}
	return b.Bytes(), true
}

// normQuoted returns the value-bearing text of a string literal's body for
// comparison: an escaped quote (\' or \") stands for the quote itself, so
// the same value written in either quote character compares equal. Other
// escapes are kept as written; raw strings are kept whole.
func normQuoted(body string, raw bool) string {
	if raw || !strings.Contains(body, `\`) {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '\\' && i+1 < len(body) {
			if n := body[i+1]; n == '\'' || n == '"' {
				b.WriteByte(n)
			} else {
				b.WriteByte(c)
				b.WriteByte(n)
			}
			i++
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// mergeOps joins runs of adjacent one-character operator tokens into the
// longest operators of ops (listed longest first), so that "a == b" and
// "a = = b" differ. n is the number of tokens, text gives a token's text and
// joins reports whether token i is an operator that touches token i-1,
// itself an operator. It returns, for each merged token, the index of its
// first token and its text.
func mergeOps(ops []string, n int, text func(i int) string, isOp, joins func(i int) bool) (firsts []int, texts []string) {
	for i := 0; i < n; {
		k := 1
		s := text(i)
		if isOp(i) {
			for _, op := range ops {
				t, m := text(i), 1
				for len(t) < len(op) && i+m < n && joins(i+m) {
					t += text(i + m)
					m++
				}
				if t == op {
					s, k = op, m
					break
				}
			}
		}
		firsts, texts = append(firsts, i), append(texts, s)
		i += k
	}
	return firsts, texts
}

package versionfile

import (
	"bytes"
	"encoding/xml"
	"errors"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"strconv"
)

// findPom reads the project's own <version> in a pom.xml: the child of the
// root <project>, never the <parent>'s, a dependency's or a plugin's.
func findPom(data []byte) ([]span, string, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var stack []string
	var spans []span
	note := "no <version> directly under <project>"
	// textStart is where the text of the element we look at begins; -1
	// when we are not in one.
	textStart := int64(-1)
	for {
		off := d.InputOffset()
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			line := 0
			if errors.As(err, &se) {
				line = se.Line
			}
			return nil, "", syntaxf(line, "not well-formed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			textStart = -1
			if len(stack) == 2 && stack[0] == "project" && t.Name.Local == "version" {
				textStart = d.InputOffset()
			}
			if len(stack) == 2 && stack[0] == "project" && t.Name.Local == "parent" {
				note = "no <version> directly under <project>: the project takes its parent's; list the parent's pom.xml instead"
			}
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != t.Name.Local {
				return nil, "", syntaxf(lineOf(data, int(off)), "not well-formed XML: </%s> closes no open <%s>", t.Name.Local, t.Name.Local)
			}
			if textStart >= 0 && len(stack) == 2 && t.Name.Local == "version" {
				raw := data[textStart:off]
				lead := len(raw) - len(bytes.TrimLeft(raw, " \t\r\n"))
				v := bytes.TrimSpace(raw)
				if bytes.ContainsAny(v, "<&$") {
					return nil, "", &Error{Line: lineOf(data, int(textStart)), Msg: "the project's <version> is not plain text (a property, an entity or a comment): write the version itself", Kind: ErrNotVersion}
				}
				s := int(textStart) + lead
				spans = append(spans, span{s, s + len(v)})
			}
			textStart = -1
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return nil, "", syntaxf(lineOf(data, len(data)), "not well-formed XML: <%s> is never closed", stack[len(stack)-1])
	}
	return spans, note, nil
}

// findGo reads a Go file's Version constant: `const Version = "1.2.3"` or
// Version in a const block, at the top level, as a string literal.
func findGo(data []byte) ([]span, string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", data, parser.SkipObjectResolution)
	if err != nil {
		var list scanner.ErrorList
		line := 0
		if errors.As(err, &list) && len(list) > 0 {
			line = list[0].Pos.Line
			err = errors.New(list[0].Msg)
		}
		return nil, "", syntaxf(line, "not valid Go: %v", err)
	}
	var spans []span
	note := "no top-level const Version = \"...\""
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if name.Name != "Version" {
					continue
				}
				if i >= len(vs.Values) {
					note = "const Version has no value of its own"
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					note = "const Version is not a string literal"
					continue
				}
				if s, err := strconv.Unquote(lit.Value); err != nil || "\""+s+"\"" != lit.Value && "`"+s+"`" != lit.Value {
					return nil, "", &Error{Line: fset.Position(lit.Pos()).Line, Msg: "const Version holds escapes; write the version plainly", Kind: ErrNotVersion}
				}
				off := fset.Position(lit.Pos()).Offset
				spans = append(spans, span{off + 1, off + len(lit.Value) - 1})
			}
		}
	}
	return spans, note, nil
}

package lang

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"sort"
	"strings"
)

// Go reads Go source exactly, with go/ast.
type Go struct{}

// Name returns "go".
func (Go) Name() string { return "go" }

// IsTest reports whether p is a _test.go file.
func (Go) IsTest(p string) bool { return strings.HasSuffix(p, "_test.go") }

// TestsFor reports whether test is a _test.go file in source's package
// directory (Go tests live beside the code, in the package or its _test
// package).
func (Go) TestsFor(source, test string) bool {
	return strings.HasSuffix(test, "_test.go") && path.Dir(source) == path.Dir(test)
}

// Decls returns the package-level functions, methods, types, constants and
// variables of a Go file. Each spec of a grouped declaration is its own
// Decl; a spec without its own doc takes the group's doc.
func (Go) Decls(filename string, src []byte) ([]Decl, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	line := func(p token.Pos) int { return fset.Position(p).Line }
	commentLines := func(from, to token.Pos, doc *ast.CommentGroup) []int {
		seen := map[int]bool{}
		add := func(g *ast.CommentGroup) {
			for _, c := range g.List {
				for l := line(c.Pos()); l <= line(c.End()); l++ {
					seen[l] = true
				}
			}
		}
		if doc != nil {
			add(doc)
		}
		for _, g := range f.Comments {
			if g.Pos() >= from && g.End() <= to {
				add(g)
			}
		}
		out := make([]int, 0, len(seen))
		for l := range seen {
			out = append(out, l)
		}
		sort.Ints(out)
		return out
	}
	mk := func(name, kind string, exported bool, node ast.Node, start token.Pos, body ast.Node, doc *ast.CommentGroup) Decl {
		d := Decl{Name: name, Kind: kind, Exported: exported, Start: line(start), End: line(node.End())}
		if body != nil {
			d.BodyStart = line(body.Pos())
		}
		if doc != nil {
			d.DocStart, d.DocEnd, d.Doc = line(doc.Pos()), line(doc.End()), doc.Text()
		}
		d.CommentLines = commentLines(start, node.End(), doc)
		return d
	}
	var decls []Decl
	for _, decl := range f.Decls {
		switch x := decl.(type) {
		case *ast.FuncDecl:
			name, kind, exported := x.Name.Name, "func", x.Name.IsExported()
			if x.Recv != nil && len(x.Recv.List) > 0 {
				recv := receiverName(x.Recv.List[0].Type)
				name, kind = recv+"."+name, "method"
				// A method is API when both it and its type are exported.
				exported = exported && ast.IsExported(recv)
			}
			var body ast.Node
			if x.Body != nil {
				body = x.Body
			}
			decls = append(decls, mk(name, kind, exported, x, x.Pos(), body, x.Doc))
		case *ast.GenDecl:
			if x.Tok == token.IMPORT {
				continue
			}
			for _, spec := range x.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					doc, group := s.Doc, false
					start := s.Pos()
					if doc == nil {
						doc, group = x.Doc, x.Lparen.IsValid()
					}
					if !x.Lparen.IsValid() {
						start = x.Pos()
					}
					var body ast.Node
					switch t := s.Type.(type) {
					case *ast.StructType:
						body = t.Fields
					case *ast.InterfaceType:
						body = t.Methods
					}
					d := mk(s.Name.Name, "type", s.Name.IsExported(), s, start, body, doc)
					d.GroupDoc = group && doc != nil
					decls = append(decls, d)
				case *ast.ValueSpec:
					doc, group := s.Doc, false
					if doc == nil {
						doc, group = x.Doc, x.Lparen.IsValid()
					}
					start := s.Pos()
					if !x.Lparen.IsValid() {
						start = x.Pos()
					}
					for _, n := range s.Names {
						if n.Name == "_" {
							continue
						}
						d := mk(n.Name, x.Tok.String(), n.IsExported(), s, start, nil, doc)
						d.GroupDoc = group && doc != nil
						decls = append(decls, d)
					}
				}
			}
		}
	}
	return decls, nil
}

func receiverName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return "?"
		}
	}
}

// DocStartsWithName reports whether a Go doc comment begins with the
// declared name, as Go convention asks ("Close closes ..."), allowing a
// leading article ("A Server is ...") and, for methods, the bare method name.
func DocStartsWithName(d Decl) bool {
	name := d.Name
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	text := strings.TrimSpace(d.Doc)
	for _, article := range []string{"", "A ", "An ", "The "} {
		rest, ok := strings.CutPrefix(text, article+name)
		if ok && (rest == "" || !isIdentChar(rest[0])) {
			return true
		}
	}
	// "Deprecated:" and directive-only docs do not name the declaration.
	return false
}

func isIdentChar(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

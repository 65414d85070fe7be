package verify

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"strings"
	"testing"
)

// prepare is the name the older tests use for Prepare.
func prepare(in *Input) []*File { return Prepare(in) }

// Every exported function and method of the package takes and returns only
// exported (or predeclared) types, so a caller outside the package can call
// it: a rule check taking an unexported type fails here.
func TestExportedFunctionsTakeExportedTypes(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || !fd.Name.IsExported() {
					continue
				}
				if fd.Recv != nil && !exportedType(fd.Recv.List[0].Type) {
					continue
				}
				checked++
				for _, name := range unexportedTypes(fd.Type) {
					t.Errorf("%s: %s takes or returns the unexported type %s", fset.Position(fd.Pos()), fd.Name.Name, name)
				}
			}
		}
	}
	if checked < 10 {
		t.Fatalf("checked only %d exported functions", checked)
	}
}

// unexportedTypes lists the unexported named types a type expression
// mentions (parameter names are not types; pkg.T is another package's).
func unexportedTypes(e ast.Expr) []string {
	switch e := e.(type) {
	case *ast.Ident:
		if !e.IsExported() && !predeclared[e.Name] {
			return []string{e.Name}
		}
	case *ast.StarExpr:
		return unexportedTypes(e.X)
	case *ast.ArrayType:
		return unexportedTypes(e.Elt)
	case *ast.Ellipsis:
		return unexportedTypes(e.Elt)
	case *ast.MapType:
		return append(unexportedTypes(e.Key), unexportedTypes(e.Value)...)
	case *ast.ChanType:
		return unexportedTypes(e.Value)
	case *ast.FuncType:
		var out []string
		for _, list := range []*ast.FieldList{e.Params, e.Results} {
			if list != nil {
				for _, f := range list.List {
					out = append(out, unexportedTypes(f.Type)...)
				}
			}
		}
		return out
	case *ast.StructType:
		var out []string
		for _, f := range e.Fields.List {
			out = append(out, unexportedTypes(f.Type)...)
		}
		return out
	}
	return nil
}

// exportedType reports whether a receiver's type (T or *T) is exported.
func exportedType(e ast.Expr) bool {
	if star, ok := e.(*ast.StarExpr); ok {
		e = star.X
	}
	id, ok := e.(*ast.Ident)
	return ok && id.IsExported()
}

// predeclared are the types every package has.
var predeclared = map[string]bool{
	"bool": true, "byte": true, "error": true, "float32": true, "float64": true, "int": true, "int8": true,
	"int16": true, "int32": true, "int64": true, "interface": true, "rune": true, "string": true, "uint": true,
	"uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true, "any": true,
	"complex64": true, "complex128": true,
}

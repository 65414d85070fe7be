// Package lang finds the declarations in a source file and their doc
// comments, for verify's docs-touched rule, and knows each language's test
// file layout, for tests-touched. Go is parsed exactly with go/ast; Python,
// JavaScript/TypeScript and Java, which have no well-kept parser in Go, are
// read by careful scanners that understand their strings and comments.
package lang

import (
	"path"
	"strings"
)

// Decl is one declaration in a source file. Lines are 1-based and inclusive.
type Decl struct {
	// Name is the declaration's name; a method or nested member is
	// qualified by its container, e.g. "Server.Close".
	Name string
	// Kind is the language's word for it: func, method, type, const, var,
	// class, interface, enum, record, function, constructor, field, and for
	// JS/TS class members property, getter and setter.
	Kind string
	// Exported reports whether the declaration is public API by the
	// language's rules (Go: capitalised; Python: no leading underscore;
	// JS/TS: exported from the module; Java: public or protected).
	Exported bool
	// Start and End span the declaration itself: from its first line
	// (decorators and annotations included) to its last.
	Start, End int
	// BodyStart is the first line of the body, 0 when it has none.
	BodyStart int
	// DocStart and DocEnd span the doc comment (Go comment, Python
	// docstring, JSDoc or Javadoc block), both 0 when there is none.
	DocStart, DocEnd int
	// Doc is the doc comment's text without comment markers.
	Doc string
	// GroupDoc is set when the doc comment belongs to the declaration's
	// group (a parenthesized Go const, var or type block) rather than to
	// the declaration itself; Go convention lets it describe the members.
	GroupDoc bool
	// Annotations names the declaration's Python decorators and Java
	// annotations as written, without the '@' and any arguments, e.g.
	// "typing.overload", "property" or "Override"; nil when it has none.
	// The docs-touched rule reads them to spare Python overload stubs.
	Annotations []string
	// CommentLines lists the lines inside Start..End, and of the doc, that
	// hold a comment (or the docstring), for require_update.
	CommentLines []int
}

// HasDoc reports whether the declaration has a doc comment.
func (d Decl) HasDoc() bool { return d.DocStart > 0 }

// Analyzer reads one language.
type Analyzer interface {
	// Name is the language's name, e.g. "go".
	Name() string
	// Decls returns the declarations of a file, in source order. A file
	// that cannot be read as the language returns an error; scanners are
	// lenient and return what they could read.
	Decls(path string, src []byte) ([]Decl, error)
	// IsTest reports whether a (slash-separated, repository-relative) path
	// is a test file.
	IsTest(path string) bool
	// TestsFor reports whether test, a test file path, counts as a test of
	// source, a non-test source path, by the language's usual layout.
	TestsFor(source, test string) bool
}

// For returns the analyzer of a file by its extension, or nil when the
// file is not source code verify understands.
func For(p string) Analyzer {
	switch strings.ToLower(path.Ext(p)) {
	case ".go":
		return Go{}
	case ".py":
		return Python{}
	case ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts":
		return JS{}
	case ".java":
		return Java{}
	}
	return nil
}

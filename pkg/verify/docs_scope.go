package verify

import (
	"strings"

	"github.com/hotfix-dev/hotfix/pkg/verify/lang"
)

// This file says which declarations docs-touched asks a doc of beyond
// "public": what all_added covers, and the declarations whose doc lives
// elsewhere (docs/verify.md, "docs-touched").

// allAddedCovers reports whether verify.docs_touched.all_added asks a doc
// of d when it is added: functions, methods (accessors included),
// constructors, classes and types; not fields, properties, constants or
// module and package variables.
func allAddedCovers(d lang.Decl) bool {
	switch kindFamily(d.Kind) {
	case "callable", "type", "getter", "setter":
		return true
	}
	return false
}

// docElsewhere reports whether d needs no doc of its own, and why: a
// Python overload stub (the implementation carries the doc), a Python
// dunder method other than __init__ (protocol, documented by the
// language), the __init__ of a class that has a docstring (PEP 257: the
// class's docstring documents its constructor), a Java method annotated
// @Override (Javadoc inherits the overridden method's doc). decls are the
// file's declarations.
func docElsewhere(an string, d lang.Decl, decls []lang.Decl) bool {
	switch an {
	case "java":
		for _, a := range d.Annotations {
			if a == "Override" || a == "java.lang.Override" {
				return true
			}
		}
	case "python":
		for _, a := range d.Annotations {
			if a == "overload" || strings.HasSuffix(a, ".overload") {
				return true
			}
		}
		if d.Kind != "method" {
			return false
		}
		cls, short := splitMember(d.Name)
		if short == "__init__" {
			for _, c := range decls {
				if c.Name == cls && c.Kind == "class" {
					return c.HasDoc()
				}
			}
			return false
		}
		return len(short) > 4 && strings.HasPrefix(short, "__") && strings.HasSuffix(short, "__")
	}
	return false
}

// splitMember splits "Outer.Class.member" into "Outer.Class" and "member".
func splitMember(name string) (container, short string) {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[:i], name[i+1:]
	}
	return "", name
}

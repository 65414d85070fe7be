package config

import (
	"fmt"
	"strings"
	"text/template"
	tparse "text/template/parse"
)

// safeFuncs are the template functions a config template may call: each
// returns at most about the size of its arguments. html, js and urlquery
// are left out (nested, js doubles each backslash: exponential output),
// and so are call and the rest.
var safeFuncs = map[string]bool{
	"and": true, "or": true, "not": true, "eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
	"len": true, "index": true, "slice": true, "print": true, "println": true, "printf": true,
}

// maxTemplate bounds a template's text: a branch name or a pull request
// title is a line, not a program.
const maxTemplate = 4096

// parseTemplate parses a config template (the hotfix branch, the pull
// request title and labels) and refuses what could make rendering it hang
// or fill memory from a few bytes of .hotfix.yaml: range loops, template
// definitions and calls (recursion), variables (a variable can double
// itself on every assignment), functions outside safeFuncs, and printf
// widths and precisions beyond 3 digits. What remains renders in time and
// space linear in the template and its fields.
func parseTemplate(name, text string) (*template.Template, error) {
	if len(text) > maxTemplate {
		return nil, fmt.Errorf("the template is %d bytes; the limit is %d", len(text), maxTemplate)
	}
	t, err := template.New(name).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, err
	}
	if len(t.Templates()) > 1 {
		return nil, fmt.Errorf("define and block are not allowed in this template")
	}
	if t.Tree != nil && t.Root != nil {
		if err := checkTemplateNode(t.Root); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func checkTemplateNode(n tparse.Node) error {
	switch n := n.(type) {
	case nil:
		return nil
	case *tparse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := checkTemplateNode(c); err != nil {
				return err
			}
		}
	case *tparse.TextNode, *tparse.CommentNode, *tparse.DotNode, *tparse.FieldNode, *tparse.StringNode,
		*tparse.NumberNode, *tparse.BoolNode, *tparse.NilNode:
	case *tparse.ActionNode:
		return checkTemplateNode(n.Pipe)
	case *tparse.IfNode:
		return checkBranch(&n.BranchNode)
	case *tparse.WithNode:
		return checkBranch(&n.BranchNode)
	case *tparse.PipeNode:
		if n == nil {
			return nil
		}
		if len(n.Decl) > 0 || n.IsAssign {
			return fmt.Errorf("variables are not allowed in this template")
		}
		for _, c := range n.Cmds {
			if err := checkTemplateNode(c); err != nil {
				return err
			}
		}
	case *tparse.CommandNode:
		if id, ok := n.Args[0].(*tparse.IdentifierNode); ok && id.Ident == "printf" {
			if err := checkPrintf(n); err != nil {
				return err
			}
		}
		for _, a := range n.Args {
			if err := checkTemplateNode(a); err != nil {
				return err
			}
		}
	case *tparse.IdentifierNode:
		if !safeFuncs[n.Ident] {
			return fmt.Errorf("the function %s is not allowed in this template (allowed: and, or, not, eq, ne, lt, le, gt, ge, len, index, slice, print, println, printf)", n.Ident)
		}
	case *tparse.VariableNode:
		if n.Ident[0] != "$" { // $ and $.Field are the data; no other variable can exist
			return fmt.Errorf("variables are not allowed in this template")
		}
	case *tparse.ChainNode:
		return checkTemplateNode(n.Node)
	default:
		return fmt.Errorf("%s is not allowed in this template (use fields, if, with and simple functions)", strings.TrimSpace(n.String()))
	}
	return nil
}

func checkBranch(b *tparse.BranchNode) error {
	for _, c := range []tparse.Node{b.Pipe, b.List, b.ElseList} {
		if l, ok := c.(*tparse.ListNode); ok && l == nil {
			continue
		}
		if p, ok := c.(*tparse.PipeNode); ok && p == nil {
			continue
		}
		if err := checkTemplateNode(c); err != nil {
			return err
		}
	}
	return nil
}

// checkPrintf requires printf's format to be a string written in the
// template, with no * and no width or precision over 4 digits.
func checkPrintf(n *tparse.CommandNode) error {
	bad := fmt.Errorf("printf needs a literal format with widths under 10000, such as {{printf \"%%.8s\" .Slug}}")
	if len(n.Args) < 2 {
		return bad
	}
	s, ok := n.Args[1].(*tparse.StringNode)
	if !ok || strings.Contains(s.Text, "*") {
		return bad
	}
	f := s.Text
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		// Flags, [n], width and .precision: every number under 10000.
		for i++; i < len(f) && strings.IndexByte("+-# [].0123456789", f[i]) >= 0; {
			digits := 0
			for ; i < len(f) && f[i] >= '0' && f[i] <= '9'; i++ {
				digits++
			}
			if digits > 4 {
				return bad
			}
			if digits == 0 {
				i++
			}
		}
	}
	return nil
}

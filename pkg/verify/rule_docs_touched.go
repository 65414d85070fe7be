package verify

import (
	"fmt"
	"strings"

	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/verify/lang"
)

// idDocsTouched is the rule's id, a constant so that its check can name it.
const idDocsTouched = "docs-touched"

// ruleDocsTouched asks for doc comments on added and changed declarations.
var ruleDocsTouched = Rule{
	ID:      idDocsTouched,
	Help:    "Every added or changed declaration that is public (and every added one, by policy) has a doc comment.",
	Kind:    Static,
	Default: true,
	Check:   DocsTouched,
}

// parsed is one file's declarations, read and parsed ahead.
type parsed struct {
	decls     []lang.Decl
	matches   []declMatch // indexed like decls; nil: judged by the changed lines
	generated bool
	readErr   error
	parseErr  error
}

// parseAll reads and parses the changed source files on all CPUs; the
// result is indexed like files.
func parseAll(in *Input, files []*File) []parsed {
	out := make([]parsed, len(files))
	parallel(len(files), func(i int) {
		f := files[i]
		if !f.source() || len(f.touched) == 0 {
			return
		}
		src, decls, readErr, parseErr := f.parsed(in)
		if readErr != nil {
			out[i].readErr = readErr
			return
		}
		if f.an.Name() == "go" && generated(src) {
			out[i].generated = true
			return
		}
		out[i].decls, out[i].parseErr = decls, parseErr
		if out[i].parseErr == nil {
			out[i].matches = matchOld(in, f, src, out[i].decls)
		}
	})
	return out
}

// DocsTouched checks the doc comments of the declarations the change added
// or modified.
func DocsTouched(in *Input, files []*File) (RuleResult, []Finding) {
	var findings []Finding
	decls, unreadable := 0, 0
	var errs []string
	parsed := parseAll(in, files)
	for i, f := range files {
		if unread(in, f) {
			findings = append(findings, unreadFinding(idDocsTouched, f))
			unreadable++
			continue
		}
		if !f.source() || len(f.touched) == 0 {
			continue
		}
		pr := parsed[i]
		if pr.readErr != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", f.Path, pr.readErr))
			continue
		}
		if pr.generated {
			continue
		}
		ds, err := pr.decls, pr.parseErr
		if err != nil {
			findings = append(findings, Finding{Rule: idDocsTouched, Path: f.Path, Line: f.firstNew,
				Message: fmt.Sprintf("cannot be read as %s source (%v); fix the syntax so its doc comments can be checked", f.an.Name(), firstLine(err))})
			unreadable++
			continue
		}
		for k, d := range ds {
			touched, inside := declTouches(f, d, ds)
			if !touched {
				continue
			}
			added := true
			for l := d.Start; l <= d.End; l++ {
				if !f.added[l] {
					added = false
					break
				}
			}
			var m declMatch
			if pr.matches != nil {
				m = pr.matches[k]
			}
			// Touched only by lines deleted next to it, it changed only if
			// they were its doc.
			if !inside && !m.lostDoc {
				continue
			}
			switch m.state {
			case stateSame:
				if !m.lostDoc {
					continue
				}
				added = false // the same declaration, its doc removed
			case stateNew:
				added = true
			case stateChanged, stateRenamed:
				added = false
			}
			decls++
			if docElsewhere(f.an.Name(), d, ds) {
				continue
			}
			if fd, bad := docFinding(f, d, added, m.renamedFrom, in.Policy.DocsTouched); bad {
				if m.lostDoc {
					fd.Message = fmt.Sprintf("the change removed the doc comment of %s %s; restore it", kindWord(d), d.Name)
				}
				findings = append(findings, fd)
			}
		}
	}
	res := RuleResult{ID: idDocsTouched, Status: Passed}
	switch {
	case len(errs) > 0:
		res.Status = Failed
		res.Summary = "could not read: " + strings.Join(errs, "; ")
	case unreadable > 0:
		res.Status = Failed
		res.Summary = fmt.Sprintf("%d changed file(s) could not be parsed; %d of %d declaration(s) need doc comments", unreadable, len(findings)-unreadable, decls)
	case decls == 0:
		res.Summary = "no declarations added or changed"
	case len(findings) == 0:
		res.Summary = fmt.Sprintf("%d added or changed declaration(s) are documented", decls)
	default:
		res.Status = Failed
		res.Summary = fmt.Sprintf("%d of %d added or changed declaration(s) need doc comments", len(findings), decls)
	}
	return res, findings
}

// declTouched reports whether the change touched d: one of its own lines
// is added, or next to deleted lines (declTouches).
func declTouched(f *File, d lang.Decl, decls []lang.Decl) bool {
	touched, _ := declTouches(f, d, decls)
	return touched
}

// declTouches reports whether the change touched d, and whether it did
// inside it: one of its own lines is added, or lines between two of its
// own lines were deleted. Lines deleted just above or below d touch it
// only from outside (they were another declaration's, or its doc). A
// type's own lines are those not in one of its members (with the member's
// doc): changing a method changes the method, not its class. decls are the
// file's declarations. A function's lines are all its own, closures
// included.
func declTouches(f *File, d lang.Decl, decls []lang.Decl) (touched, inside bool) {
	var members [][2]int
	if kindFamily(d.Kind) == "type" {
		for _, m := range decls {
			if m.Start == d.Start && m.End == d.End && m.Name == d.Name {
				continue
			}
			if m.Start >= d.Start && m.End <= d.End {
				from := m.Start
				if m.HasDoc() && m.DocStart < from && m.DocStart > d.Start {
					from = m.DocStart
				}
				members = append(members, [2]int{from, m.End})
			}
		}
	}
lines:
	for l := d.Start; l <= d.End; l++ {
		if !f.touched[l] {
			continue
		}
		for _, m := range members {
			if l >= m[0] && l <= m[1] {
				continue lines
			}
		}
		// Between a type's members, a blank line or a lone brace added
		// with a new member is layout, not a change of the type.
		if members != nil && f.layoutLine(l) {
			continue
		}
		touched = true
		if f.added[l] || f.deletedAfter[l] && l+1 <= d.End || f.deletedAfter[l-1] && l-1 >= d.Start {
			return true, true
		}
	}
	return touched, false
}

// docFinding judges the doc of d, a declaration the change added (added)
// or modified (renamed from renamedFrom when not ""), and returns the
// finding when it falls short.
func docFinding(f *File, d lang.Decl, added bool, renamedFrom string, p config.DocsTouched) (Finding, bool) {
	fd := Finding{Rule: idDocsTouched, Path: f.Path, Line: d.Start, Symbol: d.Name}
	what := map[string]string{"go": "a doc comment", "python": "a docstring", "javascript": "a JSDoc comment (/** ... */)", "java": "a Javadoc comment (/** ... */)"}[f.an.Name()]
	short := d.Name
	if i := strings.LastIndexByte(short, '.'); i >= 0 {
		short = short[i+1:]
	}
	if !d.HasDoc() {
		switch {
		case d.Exported && added:
			fd.Message = fmt.Sprintf("new %s %s has no doc comment; add %s", kindWord(d), d.Name, what)
		case d.Exported && renamedFrom != "":
			fd.Message = fmt.Sprintf("%s %s changed (renamed from %s) and has no doc comment; add %s", kindWord(d), d.Name, renamedFrom, what)
		case d.Exported:
			fd.Message = fmt.Sprintf("%s %s changed and has no doc comment; add %s", kindWord(d), d.Name, what)
		case added && p.AllAdded && allAddedCovers(d):
			fd.Message = fmt.Sprintf("new %s %s has no doc comment; the policy asks for one on every added declaration: add %s", kindWord(d), d.Name, what)
		default:
			return fd, false
		}
		if f.an.Name() == "go" {
			fd.Message += fmt.Sprintf(" starting with %q", short)
		}
		return fd, true
	}
	if f.an.Name() == "go" && d.Exported && !d.GroupDoc && !lang.DocStartsWithName(d) {
		fd.Line = d.DocStart
		fd.Message = fmt.Sprintf("the doc comment of %s should start with %q, as Go convention asks", d.Name, short)
		return fd, true
	}
	if p.RequireUpdate && !added && d.BodyStart > 0 {
		bodyChanged := false
		for l := d.BodyStart; l <= d.End; l++ {
			if f.touched[l] {
				bodyChanged = true
				break
			}
		}
		commentChanged := false
		for _, l := range d.CommentLines {
			if f.added[l] {
				commentChanged = true
				break
			}
		}
		for l := d.DocStart; l <= d.DocEnd && !commentChanged; l++ {
			if f.added[l] {
				commentChanged = true
			}
		}
		if bodyChanged && !commentChanged {
			fd.Message = fmt.Sprintf("the body of %s changed but none of its comments did; update its doc comment (or a comment inside) to match the new logic", d.Name)
			return fd, true
		}
	}
	return fd, false
}

func kindWord(d lang.Decl) string {
	if d.Kind == "" {
		return "declaration"
	}
	return d.Kind
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

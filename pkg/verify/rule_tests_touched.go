package verify

import (
	"fmt"
	"path"
	"strings"

	"github.com/hotfix-dev/hotfix/pkg/config"
)

// idTestsTouched is the rule's id, a constant so that its check can name it.
const idTestsTouched = "tests-touched"

// ruleTestsTouched asks for a test with every changed source file.
var ruleTestsTouched = Rule{
	ID:      idTestsTouched,
	Help:    "Every changed source file has a test added or changed for it.",
	Kind:    Static,
	Default: true,
	Check:   TestsTouched,
}

// TestsTouched checks that each changed source file has a test added or
// changed for it (per-file), or that some test was (any-test).
func TestsTouched(in *Input, files []*File) (RuleResult, []Finding) {
	var tests []*File
	for _, f := range files {
		if f.an != nil && f.test && f.Status != 'D' && !f.Binary {
			tests = append(tests, f)
		}
	}
	var findings []Finding
	checked, neutral := 0, 0
	for _, f := range files {
		if unread(in, f) {
			checked++
			findings = append(findings, unreadFinding(idTestsTouched, f))
			continue
		}
		// A TypeScript declaration file (x.d.ts) holds types only: it has
		// no behaviour a test could exercise. docs-touched still reads it.
		if !f.source() || len(f.Hunks) == 0 || strings.HasSuffix(f.Path, ".d.ts") {
			continue
		}
		checked++
		ok := false
		for _, t := range tests {
			if in.Policy.TestsTouched.Mode == config.ModeAnyTest || f.an.TestsFor(f.Path, t.Path) {
				ok = true
				break
			}
		}
		if !ok && behaviourNeutral(in, f) {
			neutral++ // comments, formatting or types only: no test needed
			ok = true
		}
		if !ok {
			findings = append(findings, Finding{Rule: idTestsTouched, Path: f.Path, Line: f.firstNew,
				Message: "no test was added or changed for this file; " + testHint(f)})
		}
	}
	res := RuleResult{ID: idTestsTouched, Status: Passed}
	switch {
	case checked == 0:
		res.Summary = "no source files changed"
	case len(findings) == 0:
		res.Summary = neutralSummary(checked, neutral)
	default:
		res.Status = Failed
		res.Summary = fmt.Sprintf("%d of %d changed source file(s) have no test changed with them", len(findings), checked)
	}
	return res, findings
}

func testHint(f *File) string {
	dir, base := path.Split(f.Path)
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	switch f.an.Name() {
	case "go":
		return "add or update a test in " + path.Join(dir, stem+"_test.go") + " (or another _test.go file in its package)"
	case "python":
		return "add or update test_" + base + " beside it or in the tests/ tree"
	case "javascript":
		return "add or update " + path.Join(dir, stem+".test"+ext) + " (or a .spec or __tests__ file)"
	case "java":
		p := strings.Replace(f.Path, "src/main/", "src/test/", 1)
		return "add or update " + strings.TrimSuffix(p, ".java") + "Test.java"
	}
	return "add or update its test"
}

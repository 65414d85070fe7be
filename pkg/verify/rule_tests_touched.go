package verify

import (
	"fmt"
	"path"
	"runtime"
	"strings"
	"sync"

	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/verify/lang"
)

// idTestsTouched is the rule's id, a constant so that its check can name it.
const idTestsTouched = "tests-touched"

// ruleTestsTouched asks for a test with every changed source file.
var ruleTestsTouched = Rule{
	ID:      idTestsTouched,
	Help:    "Every changed source file has a test added or changed with it that exercises it.",
	Kind:    Static,
	Default: true,
	Check:   TestsTouched,
}

// maxLinkNotes caps the passing links listed under the rule.
const maxLinkNotes = 10

// TestsTouched checks that each changed source file has a test added or
// changed with it that is linked to it (per-file; see links.go), or that
// some test was (any-test).
func TestsTouched(in *Input, files []*File) (RuleResult, []Finding) {
	var tests []*File
	for _, f := range files {
		if f.an != nil && f.test && f.Status != 'D' && !f.Binary {
			tests = append(tests, f)
		}
	}
	lk := newLinker(in)
	for _, f := range files {
		if f.an != nil && f.source() && len(f.Hunks) > 0 && !unread(in, f) {
			lk.sources = append(lk.sources, f)
		}
	}
	var findings []Finding
	var notes []string
	checked, neutral := 0, 0
	otherNeutral := false // neutral for a reason beyond comments, formatting and types
	// The judgements that read files (links, behaviour) run on all CPUs;
	// what they say is gathered in the files' order below.
	judged := forEachFile(files, func(f *File) judgement {
		if unread(in, f) || !f.source() || len(f.Hunks) == 0 || strings.HasSuffix(f.Path, ".d.ts") || in.Policy.TestsTouched.Mode == config.ModeAnyTest {
			return judgement{}
		}
		if l, ok := lk.link(f, tests); ok {
			return judgement{note: f.Path + ": " + l.String()}
		}
		if why := behaviourNeutral(in, f); why != "" {
			return judgement{neutral: true, other: why != lang.WhyLayout, note: f.Path + ": cannot change behaviour (" + why + ")"}
		}
		if hint := versionBumpHint(in, f); hint != "" {
			return judgement{missing: true, hint: hint}
		}
		return judgement{missing: true, hint: testHint(f, lk.existingTests(f))}
	})
	for i, f := range files {
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
		if in.Policy.TestsTouched.Mode == config.ModeAnyTest {
			if len(tests) == 0 {
				findings = append(findings, Finding{Rule: idTestsTouched, Path: f.Path, Line: f.firstNew,
					Message: "no test was added or changed in this change (the policy's mode is any-test); " + testHint(f, nil)})
			}
			continue
		}
		j := judged[i]
		if !j.missing {
			if j.neutral {
				neutral++ // cannot change behaviour: no test needed
				otherNeutral = otherNeutral || j.other
			}
			notes = append(notes, j.note)
			continue
		}
		findings = append(findings, Finding{Rule: idTestsTouched, Path: f.Path, Line: f.firstNew,
			Message: "no test added or changed in this change exercises this file (none is named after it, imports it, uses what the change touched, or checks a literal the change added to it); " + j.hint})
	}
	res := RuleResult{ID: idTestsTouched, Status: Passed}
	switch {
	case checked == 0:
		res.Summary = "no source files changed"
	case len(findings) == 0:
		res.Summary = neutralSummary(checked, neutral, otherNeutral)
	default:
		res.Status = Failed
		res.Summary = fmt.Sprintf("%d of %d changed source file(s) have no test changed with them", len(findings), checked)
	}
	if len(notes) > maxLinkNotes {
		notes = append(notes[:maxLinkNotes], fmt.Sprintf("… and %d more", len(notes)-maxLinkNotes))
	}
	res.Notes = notes
	return res, findings
}

// judgement is what tests-touched found about one changed source file:
// a note when a test is linked or the change cannot change behaviour
// (neutral), else missing, with the hint.
type judgement struct {
	note    string
	neutral bool
	other   bool // neutral, for a reason other than lang.WhyLayout
	missing bool
	hint    string
}

// forEachFile runs judge on each file on all CPUs and returns the results
// indexed like files.
func forEachFile(files []*File, judge func(*File) judgement) []judgement {
	out := make([]judgement, len(files))
	parallel(len(files), func(i int) { out[i] = judge(files[i]) })
	return out
}

// parallel runs do(i) for each i < n on all CPUs and returns when all
// are done.
func parallel(n int, do func(i int)) {
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				do(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
}

// testHint says where a test for f would go: the tests that already
// exercise it when there are some, else the language's usual place.
func testHint(f *File, existing []string) string {
	if len(existing) > 0 {
		return "add to or update a test that exercises it, such as " + strings.Join(existing, ", ")
	}
	dir, base := path.Split(f.Path)
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	switch f.an.Name() {
	case "go":
		return "add or update a test in " + path.Join(dir, stem+"_test.go") + " (or another _test.go file in its package)"
	case "python":
		// The name TestsFor links: a package's directory for its
		// __init__.py, a module's name without its underscores.
		name := strings.Trim(stem, "_")
		if stem == "__init__" && dir != "" {
			name = path.Base(dir)
		}
		if name == "" {
			name = stem
		}
		return "add or update test_" + name + ".py beside it or in the tests/ tree, or a test that imports its module"
	case "javascript":
		return "add or update " + path.Join(dir, stem+".test"+ext) + " (or a .spec, __tests__ or test/ file that imports it)"
	case "java":
		p := strings.Replace(f.Path, "src/main/", "src/test/", 1)
		return "add or update " + strings.TrimSuffix(p, ".java") + "Test.java (or a test that imports " + stem + ")"
	}
	return "add or update its test"
}

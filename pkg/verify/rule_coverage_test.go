package verify

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/pkg/verify/coverage"
)

// TestCoverageNotMeasured checks that a changed file the report does not
// hold is "not measured", its own kind of finding, apart from the "not
// covered" lines of the files it holds, and that the summary counts both.
func TestCoverageNotMeasured(t *testing.T) {
	src := "package calc\n\nfunc A() int {\n\treturn 1\n}\n\nfunc B() int {\n\treturn 2\n}\n"
	prof, err := coverage.Parse(strings.NewReader("mode: set\nexample.com/calc/calc.go:3.14,5.2 1 1\nexample.com/calc/calc.go:7.14,9.2 1 0\n"),
		coverage.Options{ModulePath: "example.com/calc"})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"calc.go": src, "extra.go": src}
	kinds := func(fs []Finding) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Path+" "+f.Kind)
		}
		return out
	}

	in := input(files, modified("calc.go", [2]int{4, 1}, [2]int{8, 1}), modified("extra.go", [2]int{4, 1}))
	in.Coverage = prof
	res, fs := Coverage(&in, Prepare(&in))
	if want := []string{"calc.go " + FindingNotCovered, "extra.go " + FindingNotMeasured}; !reflect.DeepEqual(kinds(fs), want) {
		t.Fatalf("findings %q, want %q", kinds(fs), want)
	}
	if fs[0].Message != "changed line 8 is not covered by the tests" {
		t.Errorf("not covered: %q", fs[0].Message)
	}
	if want := "not measured: extra.go is not in the coverage report; run the tests that cover it with coverage on, or add it to the report's sources"; fs[1].Message != want {
		t.Errorf("not measured: %q", fs[1].Message)
	}
	if want := "1 of 2 changed executable line(s) not covered; 1 changed file(s) not measured (not in the coverage report)"; res.Status != Failed || res.Summary != want {
		t.Errorf("%s %q, want %q", res.Status, res.Summary, want)
	}

	// A share of covered lines enough for min_percent does not make up
	// for a file that was not measured.
	in.Policy.Coverage.MinPercent = 50
	res, fs = Coverage(&in, Prepare(&in))
	if res.Status != Failed || !reflect.DeepEqual(kinds(fs), []string{"extra.go " + FindingNotMeasured}) ||
		res.Summary != "50.0% of 2 changed executable line(s) covered (minimum 50%); 1 changed file(s) not measured (not in the coverage report)" {
		t.Errorf("min_percent: %s %q %q", res.Status, res.Summary, kinds(fs))
	}

	// Only measured files: no not-measured count.
	in = input(files, modified("calc.go", [2]int{4, 1}))
	in.Coverage = prof
	if res, fs := Coverage(&in, Prepare(&in)); res.Status != Passed || len(fs) != 0 || res.Summary != "all 1 changed executable line(s) covered" {
		t.Errorf("measured only: %s %q %v", res.Status, res.Summary, fs)
	}

	// Only an unmeasured file.
	in = input(files, modified("extra.go", [2]int{4, 1}))
	in.Coverage = prof
	res, _ = Coverage(&in, Prepare(&in))
	if res.Status != Failed || !strings.HasPrefix(res.Summary, "1 changed file(s) not measured (not in the coverage report); the report measures none of the changed files") {
		t.Errorf("unmeasured only: %s %q", res.Status, res.Summary)
	}
}

// TestFindingKindJSON checks that kind is in the JSON report only when set,
// so that reports of rules without kinds keep their shape.
func TestFindingKindJSON(t *testing.T) {
	b, _ := json.Marshal(Finding{Rule: "coverage", Path: "a.go", Line: 1, Message: "m", Kind: FindingNotMeasured})
	if !strings.Contains(string(b), `"kind":"not-measured"`) {
		t.Errorf("%s", b)
	}
	b, _ = json.Marshal(Finding{Rule: "docs-touched", Message: "m"})
	if strings.Contains(string(b), "kind") {
		t.Errorf("%s", b)
	}
}

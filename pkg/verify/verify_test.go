package verify

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil/golden"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/verify/coverage"
)

// added describes a whole new file of n lines.
func added(p string, n int) Change {
	return Change{Path: p, Status: 'A', Hunks: []Hunk{{NewStart: 1, NewLines: n}}}
}

// modified describes a file with the given new-side line ranges replaced.
func modified(p string, ranges ...[2]int) Change {
	c := Change{Path: p, OldPath: p, Status: 'M'}
	for _, r := range ranges {
		c.Hunks = append(c.Hunks, Hunk{OldStart: r[0], OldLines: r[1], NewStart: r[0], NewLines: r[1]})
	}
	return c
}

func input(files map[string]string, changes ...Change) Input {
	return Input{Changes: changes, Policy: config.Default().Verify, Read: func(p string) ([]byte, error) {
		s, ok := files[p]
		if !ok {
			return nil, os.ErrNotExist
		}
		return []byte(s), nil
	}}
}

func paths(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s:%d %s", f.Path, f.Line, f.Symbol))
	}
	return out
}

func TestTestsTouched(t *testing.T) {
	for _, tc := range []struct {
		name    string
		changes []Change
		mode    string
		status  Status
		failing []string
	}{
		{"go fix without test", []Change{modified("pkg/a/a.go", [2]int{5, 1})}, "", Failed, []string{"pkg/a/a.go:5 "}},
		{"go fix with test in package", []Change{modified("pkg/a/a.go", [2]int{5, 1}), modified("pkg/a/other_test.go", [2]int{3, 2})}, "", Passed, nil},
		{"go test in another package", []Change{modified("pkg/a/a.go", [2]int{5, 1}), added("pkg/b/b_test.go", 9)}, "", Failed, []string{"pkg/a/a.go:5 "}},
		{"any-test mode", []Change{modified("pkg/a/a.go", [2]int{5, 1}), added("pkg/b/b_test.go", 9)}, config.ModeAnyTest, Passed, nil},
		{"deleted test does not count", []Change{modified("a.go", [2]int{1, 1}), {Path: "a_test.go", OldPath: "a_test.go", Status: 'D', Hunks: []Hunk{{OldStart: 1, OldLines: 3}}}}, "", Failed, []string{"a.go:1 "}},
		{"python tests tree", []Change{modified("app/shortener.py", [2]int{10, 2}), added("tests/test_shortener.py", 20)}, "", Passed, nil},
		{"python without test", []Change{modified("application.py", [2]int{10, 2})}, "", Failed, []string{"application.py:10 "}},
		{"typescript spec", []Change{modified("src/links.ts", [2]int{4, 1}), modified("src/links.spec.ts", [2]int{8, 3})}, "", Passed, nil},
		{"java maven layout", []Change{modified("src/main/java/a/Foo.java", [2]int{4, 1}), added("src/test/java/a/FooTest.java", 30)}, "", Passed, nil},
		{"java wrong test", []Change{modified("src/main/java/a/Foo.java", [2]int{4, 1}), added("src/test/java/a/BarTest.java", 30)}, "", Failed, []string{"src/main/java/a/Foo.java:4 "}},
		{"docs, configs and excluded paths need no tests", []Change{modified("README.md", [2]int{1, 1}), added("config.yaml", 3), added("vendor/x/x.go", 10), added("api.pb.go", 10), added("pkg/testdata/x.go", 5)}, "", Passed, nil},
		{"binary and pure renames need no tests", []Change{{Path: "logo.go", Status: 'A', Binary: true}, {Path: "b.go", OldPath: "a.go", Status: 'R', SameContent: true}}, "", Passed, nil},
		{"mode changes, symlinks and submodules need no tests", []Change{{Path: "m.go", OldPath: "m.go", Status: 'M', SameContent: true}, {Path: "l.go", Status: 'A', Kind: "symlink"}, {Path: "s.go", Status: 'A', Kind: "submodule"}}, "", Passed, nil},
		// Fail closed: the change says the content changed, yet no lines
		// were read (a parser that lost a path's hunks).
		{"source listed as changed without hunks fails", []Change{{Path: "m.go", OldPath: "m.go", Status: 'M'}, {Path: "r.go", OldPath: "q.go", Status: 'R'}}, "", Failed, []string{"m.go:0 ", "r.go:0 "}},
		{"only tests changed", []Change{added("a_test.go", 3)}, "", Passed, nil},
		{"examples and docs code need no tests (default exclude)", []Change{modified("examples/auth/index.js", [2]int{4, 2}), modified("docs/conf.py", [2]int{3, 1})}, "", Passed, nil},
		{"typescript declarations need no tests", []Change{modified("source/index.d.ts", [2]int{4, 2})}, "", Passed, nil},
		{"mocha tests under test/", []Change{modified("lib/router.js", [2]int{4, 2}), modified("test/router.js", [2]int{9, 3})}, "", Passed, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := input(nil, tc.changes...)
			if tc.mode != "" {
				in.Policy.TestsTouched.Mode = tc.mode
			}
			res, fs := TestsTouched(&in, prepare(&in))
			if res.Status != tc.status || !reflect.DeepEqual(paths(fs), tc.failing) {
				t.Fatalf("%s %q: findings %v, want %s %v", res.Status, res.Summary, paths(fs), tc.status, tc.failing)
			}
		})
	}
}

const goBase = `package shop

import "errors"

// ErrEmpty is returned for an empty cart.
var ErrEmpty = errors.New("empty cart")

// Total sums the prices.
func Total(prices []int) int {
	t := 0
	for _, p := range prices {
		t += p
	}
	return t
}
`

func TestDocsTouchedGo(t *testing.T) {
	for _, tc := range []struct {
		name    string
		src     string
		change  Change
		policy  func(*config.DocsTouched)
		status  Status
		want    []string
		message string
	}{
		{"documented change passes", goBase, modified("shop.go", [2]int{12, 1}), nil, Passed, nil, ""},
		{"new exported function without doc", goBase + "\nfunc Discount(p int) int { return p / 2 }\n", modified("shop.go", [2]int{16, 2}), nil, Failed,
			[]string{"shop.go:17 Discount"}, `new func Discount has no doc comment; add a doc comment starting with "Discount"`},
		{"new unexported function without doc, by policy", goBase + "\nfunc half(p int) int { return p / 2 }\n", modified("shop.go", [2]int{16, 2}), nil, Failed,
			[]string{"shop.go:17 half"}, "the policy asks for one on every added declaration"},
		{"unexported without doc allowed when all_added is off", goBase + "\nfunc half(p int) int { return p / 2 }\n", modified("shop.go", [2]int{16, 2}),
			func(p *config.DocsTouched) { p.AllAdded = false }, Passed, nil, ""},
		{"doc must start with the name", strings.Replace(goBase, "// Total sums", "// sums", 1), modified("shop.go", [2]int{12, 1}), nil, Failed,
			[]string{"shop.go:8 Total"}, `the doc comment of Total should start with "Total"`},
		{"method on exported type", goBase + "\n// Cart is a cart.\ntype Cart struct{}\n\nfunc (c *Cart) Empty() bool { return true }\n", modified("shop.go", [2]int{20, 1}), nil, Failed,
			[]string{"shop.go:20 Cart.Empty"}, "new method Cart.Empty has no doc comment"},
		{"changed body needs a changed comment with require_update", goBase, modified("shop.go", [2]int{12, 1}),
			func(p *config.DocsTouched) { p.RequireUpdate = true }, Failed, []string{"shop.go:9 Total"}, "the body of Total changed but none of its comments did"},
		{"require_update satisfied by the doc", goBase, modified("shop.go", [2]int{8, 1}, [2]int{12, 1}),
			func(p *config.DocsTouched) { p.RequireUpdate = true }, Passed, nil, ""},
		{"require_update satisfied by an inner comment", strings.Replace(goBase, "\t\tt += p\n", "\t\t// skip nothing\n\t\tt += p\n", 1), modified("shop.go", [2]int{12, 2}),
			func(p *config.DocsTouched) { p.RequireUpdate = true }, Passed, nil, ""},
		{"pure deletion inside a body counts as a change", goBase, Change{Path: "shop.go", OldPath: "shop.go", Status: 'M', Hunks: []Hunk{{OldStart: 12, OldLines: 1, NewStart: 11, NewLines: 0}}},
			func(p *config.DocsTouched) { p.RequireUpdate = true }, Failed, []string{"shop.go:9 Total"}, "body of Total changed"},
		{"a group doc describes its members", goBase + "\n// Levels of discount.\nconst (\n\tNone = 0\n\tHalf = 50\n)\n", modified("shop.go", [2]int{16, 6}), nil, Passed, nil, ""},
		{"an ungrouped const needs its own doc", goBase + "\n// Levels of discount.\nconst Half = 50\n", modified("shop.go", [2]int{16, 3}), nil, Failed,
			[]string{"shop.go:17 Half"}, `should start with "Half"`},
		{"generated code is exempt", "// Code generated by protoc. DO NOT EDIT.\n\n" + goBase + "\nfunc X() {}\n", modified("shop.go", [2]int{18, 2}), nil, Passed, nil, ""},
		{"syntax error is a finding", "package shop\nfunc (\n", added("shop.go", 2), nil, Failed, []string{"shop.go:1 "}, "cannot be read as go source"},
		{"test files are not checked", "package shop\n\nfunc TestX(t *testing.T) {}\n", added("shop_test.go", 3), nil, Passed, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := input(map[string]string{tc.change.Path: tc.src}, tc.change)
			if tc.policy != nil {
				tc.policy(&in.Policy.DocsTouched)
			}
			res, fs := DocsTouched(&in, prepare(&in))
			if res.Status != tc.status || !reflect.DeepEqual(paths(fs), tc.want) {
				t.Fatalf("%s %q: %v, want %s %v", res.Status, res.Summary, fs, tc.status, tc.want)
			}
			if tc.message != "" && !strings.Contains(fs[0].Message, tc.message) {
				t.Fatalf("message %q lacks %q", fs[0].Message, tc.message)
			}
		})
	}
}

func TestDocsTouchedOtherLanguages(t *testing.T) {
	py := "import json\n\n\ndef load(path):\n    \"\"\"Load the URLs.\"\"\"\n    with open(path) as f:\n        return json.load(f)\n\n\ndef save(path, urls):\n    with open(path, 'w') as f:\n        json.dump(urls, f)\n"
	ts := "/** Links. */\nexport class Links {\n  /** Adds one. */\n  add(u: string) { return u; }\n  size() { return 0; }\n}\n\nfunction helper() {}\n"
	java := "package a;\n\n/** Foo. */\npublic class Foo {\n  /** Bar. */\n  public int bar() { return 1; }\n\n  public int baz() { return 2; }\n}\n"
	for _, tc := range []struct {
		path, src string
		change    Change
		want      []string
	}{
		{"application.py", py, modified("application.py", [2]int{10, 3}), []string{"application.py:10 save"}},
		{"application.py", py, modified("application.py", [2]int{6, 2}), nil},
		{"src/links.ts", ts, modified("src/links.ts", [2]int{5, 1}, [2]int{8, 1}), []string{"src/links.ts:5 Links.size", "src/links.ts:8 helper"}},
		{"src/main/java/a/Foo.java", java, modified("src/main/java/a/Foo.java", [2]int{8, 1}), []string{"src/main/java/a/Foo.java:8 Foo.baz"}},
		// A CommonJS module's own export is public API.
		{"lib/is-stream.js", "'use strict'\n\nmodule.exports = (stream) =>\n  stream !== null && typeof stream.pipe === 'function'\n", modified("lib/is-stream.js", [2]int{4, 1}), []string{"lib/is-stream.js:3 module.exports"}},
	} {
		in := input(map[string]string{tc.path: tc.src}, tc.change)
		_, fs := DocsTouched(&in, prepare(&in))
		if !reflect.DeepEqual(paths(fs), tc.want) {
			t.Errorf("%s: %v, want %v", tc.path, fs, tc.want)
		}
	}
}

func TestCoverage(t *testing.T) {
	root, _ := filepath.Abs("../../testdata/coverage/calc")
	calc, err := os.ReadFile(filepath.Join(root, "calc.go"))
	if err != nil {
		t.Fatal(err)
	}
	// The LCOV fixture was written on CI, with absolute paths under the
	// checkout there: the root is where the report was made.
	profiles := map[string][2]string{
		"go":        {"../../testdata/coverage/go/calc.out", root},
		"lcov":      {"../../testdata/coverage/lcov/calc-go.info", "/home/runner/work/calc/calc"},
		"cobertura": {"../../testdata/coverage/cobertura/calc-go.xml", root},
	}
	for format, file := range profiles {
		t.Run(format, func(t *testing.T) {
			prof, err := coverage.ParseFile(file[0], coverage.Options{Root: file[1], ModulePath: "example.com/calc"})
			if err != nil {
				t.Fatal(err)
			}
			// Lines 19-24 are Div: its "return 0, ErrDivByZero" block (lines
			// 21-22, the brace included as Go counts it) never runs.
			in := input(map[string]string{"calc.go": string(calc)}, modified("calc.go", [2]int{19, 6}), added("calc_test.go", 5))
			in.Coverage = prof
			res, fs := Coverage(&in, prepare(&in))
			if res.Status != Failed || len(fs) != 1 || fs[0].Line != 21 || fs[0].EndLine != 22 || fs[0].Message != "changed lines 21-22 are not covered by the tests" {
				t.Fatalf("%s %q %+v", res.Status, res.Summary, fs)
			}
			in.Policy.Coverage.MinPercent = 50
			if res, fs := Coverage(&in, prepare(&in)); res.Status != Passed || len(fs) != 0 {
				t.Fatalf("min_percent: %s %q %v", res.Status, res.Summary, fs)
			}
			in.Policy.Coverage.MinPercent = 90
			if res, _ := Coverage(&in, prepare(&in)); res.Status != Failed || !strings.Contains(res.Summary, "below the minimum 90%") {
				t.Fatalf("min_percent 90: %s %q", res.Status, res.Summary)
			}
			// A changed Go file the report does not know.
			in = input(map[string]string{"other.go": "package calc\n"}, added("other.go", 1))
			in.Coverage = prof
			res, fs = Coverage(&in, prepare(&in))
			if len(fs) != 1 || !strings.HasPrefix(fs[0].Message, "not measured: other.go is not in the coverage report") || !strings.Contains(res.Summary, "measures none of the changed files") {
				t.Fatalf("unknown file: %q %v", res.Summary, fs)
			}
		})
	}
}

func TestWaivers(t *testing.T) {
	w, err := ParseWaiver("docs-touched=generated client")
	if err != nil || w != (Waiver{Rule: "docs-touched", Reason: "generated client", Source: "flag"}) {
		t.Fatalf("%+v %v", w, err)
	}
	for _, bad := range []string{"docs-touched", "docs-touched=", "docs-touched=  ", "spelling=because"} {
		if _, err := ParseWaiver(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	ws, err := ParseTrailers("0123456789", "Fix the thing\n\nLonger text.\n\nHotfix-Waive: tests-touched: config only\nhotfix-waive: coverage:  flaky report \nSigned-off-by: x\n")
	want := []Waiver{{Rule: "tests-touched", Reason: "config only", Source: "trailer 0123456789"}, {Rule: "coverage", Reason: "flaky report", Source: "trailer 0123456789"}}
	if err != nil || !reflect.DeepEqual(ws, want) {
		t.Fatalf("%+v %v", ws, err)
	}
	if _, err := ParseTrailers("abc", "x\n\nHotfix-Waive: tests-touched\n"); err == nil || !strings.Contains(err.Error(), "has no reason") {
		t.Fatalf("reasonless trailer: %v", err)
	}
	if _, err := ParseTrailers("abc", "x\n\nHotfix-Waive: test-touched: typo\n"); err == nil || !strings.Contains(err.Error(), "unknown rule") {
		t.Fatalf("unknown rule: %v", err)
	}
}

func sampleReport() *Report {
	results := []RuleResult{
		{ID: "tests-pass", Status: Failed, Summary: "`go test ./...` failed (exit 1) after 2.1s", Output: "--- FAIL: TestTotal (0.00s)\n    shop_test.go:9: got 3, want 4\nFAIL"},
		{ID: "docs-touched", Status: Failed, Summary: "1 of 3 added or changed declaration(s) need doc comments"},
		{ID: "tests-touched", Status: Passed, Summary: "2 changed source file(s) have tests changed with them"},
		{ID: "coverage", Status: Failed, Summary: "2 of 5 changed executable line(s) not covered"},
	}
	findings := []Finding{
		{Rule: "tests-pass", Message: "`go test ./...` failed (exit 1) after 2.1s; fix the failing tests (output below)"},
		{Rule: "coverage", Path: "shop/cart.go", Line: 21, EndLine: 22, Message: "changed lines 21-22 are not covered by the tests"},
		{Rule: "docs-touched", Path: "shop/cart.go", Line: 17, Symbol: "Discount", Message: `new func Discount has no doc comment; add a doc comment starting with "Discount"`},
	}
	waivers := []Waiver{{Rule: "coverage", Reason: "the report predates the fix, 100% at 50%", Source: "trailer 0123456789"}}
	return Assemble(&Report{Base: "v1.4.2", MergeBase: "3f2a1c9d0000000000000000000000000000beef", Head: "9c8b7a6d0000000000000000000000000000cafe", Worktree: true, Files: 4},
		results, findings, waivers)
}

func TestAssemble(t *testing.T) {
	r := sampleReport()
	var ids []string
	for _, res := range r.Rules {
		ids = append(ids, res.ID+"="+string(res.Status))
	}
	if want := []string{"tests-touched=passed", "docs-touched=failed", "tests-pass=failed", "coverage=waived"}; !reflect.DeepEqual(ids, want) || r.Passed {
		t.Fatalf("%v passed=%v", ids, r.Passed)
	}
	if r.Findings[0].Rule != "docs-touched" || r.Findings[2].Rule != "coverage" {
		t.Fatalf("finding order %v", r.Findings)
	}
	ok := Assemble(&Report{}, []RuleResult{{ID: "docs-touched", Status: Failed}}, nil, []Waiver{{Rule: "docs-touched", Reason: "x", Source: "flag"}})
	if !ok.Passed || ok.Rules[0].Status != Waived || ok.Findings == nil || ok.Waivers == nil {
		t.Fatalf("%+v", ok)
	}
}

func TestFormatsGolden(t *testing.T) {
	r := sampleReport()
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, r, format, "1.4.2"); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "golden", "report."+format), b.String())
		})
	}
	if err := Write(&bytes.Buffer{}, r, "xml", ""); err == nil {
		t.Fatal("unknown format accepted")
	}
}

// A Paint sees each rule's padded status word and the verdict; without one
// the text is the golden plain report.
func TestWriteTextPaint(t *testing.T) {
	r := sampleReport()
	var plain, painted bytes.Buffer
	if err := WriteText(&plain, r, nil); err != nil {
		t.Fatal(err)
	}
	var seen []string
	paint := func(s Status, text string) string {
		seen = append(seen, string(s)+":"+text)
		return "<" + text + ">"
	}
	if err := WriteText(&painted, r, paint); err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(r.Rules)+1 {
		t.Fatalf("painted %v", seen)
	}
	if seen[0] != string(r.Rules[0].Status)+":"+fmt.Sprintf("%-8s", strings.ToUpper(string(r.Rules[0].Status))) {
		t.Fatalf("first rule painted as %q", seen[0])
	}
	if got := strings.NewReplacer("<", "", ">", "").Replace(painted.String()); got != plain.String() {
		t.Fatalf("painting changed the text:\n%s", got)
	}
}

func TestGitHubEscaping(t *testing.T) {
	var b bytes.Buffer
	r := Assemble(&Report{}, []RuleResult{{ID: "docs-touched", Status: Failed}},
		[]Finding{{Rule: "docs-touched", Path: "a,b:c.go", Line: 3, Message: "100% wrong\nsecond line"}}, nil)
	if err := WriteGitHub(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "::error file=a%2Cb%3Ac.go,line=3,title=hotfix docs-touched::100%25 wrong%0Asecond line\n") {
		t.Fatalf("%q", b.String())
	}
}

func TestCheckRunsTheListedRules(t *testing.T) {
	in := input(map[string]string{"a.go": "package a\n\nfunc A() {}\n"}, added("a.go", 3))
	results, findings := Check(context.Background(), in, []string{"docs-touched", "coverage", "tests-pass"})
	if len(results) != 2 || results[0].ID != "docs-touched" || results[1].Status != Skipped || len(findings) != 1 {
		t.Fatalf("%+v %+v", results, findings)
	}
}

// Every changed path is either checked or listed with the reason it is
// not, and the list reaches every format.
func TestExclusions(t *testing.T) {
	in := input(map[string]string{"new.go": "package x\n", "empty.go": ""},
		Change{Path: "empty.go", Status: 'A'},
		Change{Path: "README.md", OldPath: "README.md", Status: 'M', Hunks: []Hunk{{1, 1, 1, 1}}},
		Change{Path: "vendor/x/x.go", Status: 'A', Hunks: []Hunk{{0, 0, 1, 1}}},
		Change{Path: "logo.go", Status: 'A', Binary: true},
		Change{Path: "link.go", Status: 'A', Kind: "symlink"},
		Change{Path: "sub", Status: 'A', Kind: "submodule"},
		Change{Path: "old.go", OldPath: "old.go", Status: 'D', Hunks: []Hunk{{1, 1, 0, 0}}},
		Change{Path: "new.go", Status: 'A'},
		Change{Path: "x.go", Status: 'A', Hunks: []Hunk{{0, 0, 1, 1}}},
		Change{Path: "_examples/rest/main.go", Status: 'A', Hunks: []Hunk{{0, 0, 1, 1}}},
		Change{Path: "_examples/rest/main_test.go", Status: 'A', Hunks: []Hunk{{0, 0, 1, 1}}},
		Change{Path: "tools/.gen/gen.go", Status: 'A', Hunks: []Hunk{{0, 0, 1, 1}}},
		Change{Path: "_flat.go", Status: 'A', Hunks: []Hunk{{0, 0, 1, 1}}},
		Change{Path: "_scripts/tool.py", Status: 'A', Hunks: []Hunk{{0, 0, 1, 1}}},
	)
	got := Exclusions(&in)
	want := []Excluded{{"README.md", ReasonLanguage}, {"_examples/rest/main.go", ReasonGoIgnored}, {"_examples/rest/main_test.go", ReasonGoIgnored}, {"_flat.go", ReasonGoIgnored},
		{"link.go", ReasonSymlink}, {"logo.go", ReasonBinary}, {"old.go", ReasonDeleted}, {"sub", ReasonSubmodule}, {"tools/.gen/gen.go", ReasonGoIgnored}, {"vendor/x/x.go", ReasonConfigExclude}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("excluded %v\nwant %v", got, want)
	}
	results, findings := Check(context.Background(), in, []string{"tests-touched"})
	if results[0].Status != Failed || len(findings) != 3 || findings[0].Path != "new.go" || !strings.Contains(findings[0].Message, "read no changed lines") {
		t.Fatalf("an added file with content and no hunks must fail: %v %v", results, findings)
	}
	if findings[2].Path != "_scripts/tool.py" {
		t.Fatalf("only Go files are ignored under _ directories: %v", findings)
	}
	r := sampleReport()
	r.Excluded = []Excluded{{"logo, big.png", ReasonBinary}}
	for format, wantOut := range map[string]string{
		"text":   "Not checked:\n    logo, big.png: binary by content\n",
		"json":   `"excluded": [`,
		"github": "::notice file=logo%2C big.png,title=hotfix verify: not checked::binary by content\n",
		"sarif":  `"toolExecutionNotifications"`,
	} {
		var b bytes.Buffer
		if err := Write(&b, r, format, "1.4.2"); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), wantOut) {
			t.Errorf("%s lacks %q:\n%s", format, wantOut, b.String())
		}
	}
}

// TestUncheckedSources: a change whose source files the policy's excludes
// all leave unchecked is a check of nothing, counted, unless every one of
// them is under a path the defaults call non-source (examples, docs, build
// files, vendored code), which has nothing to check by design; one checked
// file, or only deleted files, is no such case.
func TestUncheckedSources(t *testing.T) {
	team := config.Default().Verify
	team.Exclude = append(append([]string(nil), team.Exclude...), "legacy/")
	add := func(p string) Change { return Change{Path: p, Status: 'A', Hunks: []Hunk{{0, 0, 1, 1}}} }
	for _, tc := range []struct {
		name    string
		policy  config.Verify
		changes []Change
		want    int
	}{
		{"defaults: examples, docs, build, vendored", config.Default().Verify, []Change{add("examples/demo/main.go"), add("docs/conf.py"), add("setup.py"), add("vendor/x/x.go"), add("README.md")}, 0},
		{"a team's own exclude", team, []Change{add("legacy/a.go"), add("legacy/b.py"), add("README.md")}, 2},
		{"a team's own exclude beside a default one", team, []Change{add("legacy/a.go"), add("examples/demo.go")}, 1},
		{"one file checked", team, []Change{add("legacy/a.go"), add("shop/shop.go")}, 0},
		{"deleted only", team, []Change{{Path: "legacy/a.go", Status: 'D'}}, 0},
		{"a default path the team checks", config.Verify{Exclude: []string{"legacy/"}}, []Change{add("examples/demo.go")}, 0},
		{"everything excluded by the team", config.Verify{Exclude: []string{"*"}}, []Change{add("examples/demo.go"), add("shop/shop.go")}, 1},
	} {
		if got := UncheckedSources(tc.policy, tc.changes); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

// A failed verdict names both ways to waive with a reason, for the first
// failed rule: the commit trailer CI reads, and the flag.
func TestFailedVerdictNamesTheTrailer(t *testing.T) {
	var out bytes.Buffer
	if err := WriteText(&out, sampleReport(), nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `a commit trailer "Hotfix-Waive: docs-touched: REASON" (read in CI too), or --waive docs-touched=REASON.`) {
		t.Fatalf("verdict:\n%s", out.String())
	}
}

package verifyrun_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/verifyrun"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
	engine "github.com/hotfix-dev/hotfix/pkg/verify"
)

const shopGo = `package shop

// Total sums the prices.
func Total(prices []int) int {
	t := 0
	for _, p := range prices {
		t += p
	}
	return t
}
`

const shopTest = `package shop

import "testing"

func TestTotal(t *testing.T) {
	if Total([]int{1, 2}) != 3 {
		t.Fatal("wrong total")
	}
}
`

// goRepo makes a Go module released as v1.0.0 on main, with a policy that
// does not run tests unless a test asks, and a hotfix branch checked out.
func goRepo(t *testing.T) *testutil.Repo {
	t.Helper()
	r := testutil.NewRepo(t)
	r.WriteFile("go.mod", "module example.com/shop\n\ngo 1.21\n")
	r.WriteFile("shop/shop.go", shopGo)
	r.WriteFile("shop/shop_test.go", shopTest)
	r.WriteFile(".hotfix.yaml", "version: 1\nverify:\n  rules: [tests-touched, docs-touched]\n")
	r.Commit("release")
	r.Tag("v1.0.0")
	r.Git("checkout", "-q", "-b", "hotfix/v1.0.0-discount")
	return r
}

// basePolicy commits policy as .hotfix.yaml on main, the base side that
// governs verify's check, and returns to the hotfix branch: a policy the
// change itself carries would not count.
func basePolicy(t *testing.T, r *testutil.Repo, policy string) {
	t.Helper()
	r.Git("checkout", "-q", "main")
	r.WriteFile(".hotfix.yaml", policy)
	r.Commit("policy")
	r.Git("checkout", "-q", "-")
}

func run(t *testing.T, r *testutil.Repo, env map[string]string, args ...string) testutil.Result {
	t.Helper()
	return testutil.CLI{Dir: r.Dir, Env: env}.Run(t, append([]string{"verify"}, args...)...)
}

func report(t *testing.T, res testutil.Result) engine.Report {
	t.Helper()
	var rep engine.Report
	if err := json.Unmarshal([]byte(res.Out), &rep); err != nil {
		t.Fatalf("%v\n%s\n%s", err, res.Out, res.Err)
	}
	return rep
}

func status(rep engine.Report, id string) engine.Status {
	for _, r := range rep.Rules {
		if r.ID == id {
			return r.Status
		}
	}
	return ""
}

func TestFixWithoutTestOrDocFails(t *testing.T) {
	r := goRepo(t)
	r.WriteFile("shop/shop.go", shopGo+"\nfunc Discount(p int) int { return p / 2 }\n")
	r.Commit("add discount")
	// The hint's list of the repository's files is read from the start,
	// beside the change: from the index with the work tree, from HEAD's
	// tree without it. Both name the package's test.
	if res := run(t, r, nil, "--base", "main", "--committed-only"); res.Code != 1 || !strings.Contains(res.Out, "such as shop/shop_test.go") {
		t.Fatalf("committed only: exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	res := run(t, r, nil, "--base", "main")
	if res.Code != 1 {
		t.Fatalf("exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	for _, want := range []string{
		"FAILED   tests-touched  1 of 1 changed source file(s) have no test changed with them",
		"shop/shop.go:11: no test added or changed in this change exercises this file (none is named after it, imports it, uses what the change touched, or checks a literal the change added to it); add to or update a test that exercises it, such as shop/shop_test.go",
		"FAILED   docs-touched",
		`shop/shop.go:12: new func Discount has no doc comment; add a doc comment starting with "Discount"`,
		"FAILED: tests-touched, docs-touched.",
	} {
		if !strings.Contains(res.Out, want) {
			t.Errorf("report lacks %q:\n%s", want, res.Out)
		}
	}
}

// On a terminal the status words are coloured; never with NO_COLOR, never
// when the output is piped, and never in the machine formats.
func TestColorOnlyOnATerminal(t *testing.T) {
	r := goRepo(t)
	r.WriteFile("shop/shop.go", shopGo+"\nfunc Discount(p int) int { return p / 2 }\n")
	r.Commit("add discount")
	tty := testutil.CLI{Dir: r.Dir, Terminal: true}
	res := tty.Run(t, "verify", "--base", "main", "--rules", "tests-touched")
	if res.Code != 1 || !strings.Contains(res.Out, "\x1b[31mFAILED  \x1b[0m tests-touched") || !strings.Contains(res.Out, "\x1b[31mFAILED:\x1b[0m tests-touched.") {
		t.Fatalf("no colour on a terminal:\n%q", res.Out)
	}
	res = tty.Run(t, "verify", "--base", "main", "--rules", "tests-touched", "--waive", "tests-touched=generated")
	if !strings.Contains(res.Out, "\x1b[33mWAIVED  \x1b[0m") || !strings.Contains(res.Out, "\x1b[32mPASSED:\x1b[0m") {
		t.Fatalf("waived and passed:\n%q", res.Out)
	}
	for name, c := range map[string]testutil.CLI{
		"NO_COLOR": {Dir: r.Dir, Terminal: true, Env: map[string]string{"NO_COLOR": "1"}},
		"piped":    {Dir: r.Dir},
	} {
		if res := c.Run(t, "verify", "--base", "main", "--rules", "tests-touched"); strings.Contains(res.Out+res.Err, "\x1b[") {
			t.Errorf("%s: colour codes in %q", name, res.Out)
		}
	}
	for _, format := range []string{"json", "github", "sarif"} {
		if res := tty.Run(t, "verify", "--base", "main", "--format", format); strings.Contains(res.Out, "\x1b[") {
			t.Errorf("--format %s carries colour codes", format)
		}
	}
}

func TestProperFixPasses(t *testing.T) {
	r := goRepo(t)
	r.WriteFile("shop/shop.go", shopGo+"\n// Discount halves a price.\nfunc Discount(p int) int { return p / 2 }\n")
	r.WriteFile("shop/shop_test.go", shopTest+"\nfunc TestDiscount(t *testing.T) {\n\tif Discount(4) != 2 {\n\t\tt.Fatal()\n\t}\n}\n")
	r.Commit("add discount with its test")
	res := run(t, r, nil, "--base", "main", "--format", "json")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	rep := report(t, res)
	if !rep.Passed || status(rep, "tests-touched") != engine.Passed || status(rep, "docs-touched") != engine.Passed || rep.Files != 2 || len(rep.Findings) != 0 {
		t.Fatalf("%+v", rep)
	}
}

func TestRequireUpdate(t *testing.T) {
	r := goRepo(t)
	basePolicy(t, r, "version: 1\nverify:\n  rules: [docs-touched]\n  docs_touched: {require_update: true}\n")
	r.WriteFile("shop/shop.go", strings.Replace(shopGo, "t += p", "t += p * 2", 1))
	r.Commit("double")
	res := run(t, r, nil, "--base", "main")
	if res.Code != 1 || !strings.Contains(res.Out, "shop/shop.go:4: the body of Total changed but none of its comments did") {
		t.Fatalf("exit %d\n%s", res.Code, res.Out)
	}
	r.WriteFile("shop/shop.go", strings.Replace(strings.Replace(shopGo, "t += p", "t += p * 2", 1), "// Total sums the prices.", "// Total sums the prices, doubled.", 1))
	r.Commit("say so")
	if res := run(t, r, nil, "--base", "main"); res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Out)
	}
}

func TestUncommittedWork(t *testing.T) {
	r := goRepo(t)
	r.WriteFile("shop/shop.go", shopGo+"\nfunc Discount(p int) int { return p / 2 }\n")
	// Committed only: nothing changed yet.
	if res := run(t, r, nil, "--base", "main", "--committed-only"); res.Code != 0 {
		t.Fatalf("committed-only: exit %d\n%s", res.Code, res.Out)
	}
	if res := run(t, r, nil, "--base", "main"); res.Code != 1 || !strings.Contains(res.Out, "Discount") {
		t.Fatalf("with work tree: exit %d\n%s", res.Code, res.Out)
	}
	// An untracked new test file counts.
	r.WriteFile("shop/discount_test.go", "package shop\n")
	r.WriteFile("shop/shop.go", shopGo+"\n// Discount halves a price.\nfunc Discount(p int) int { return p / 2 }\n")
	if res := run(t, r, nil, "--base", "main"); res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Out)
	}
}

// TestOldFilesWithTheListing: the files before the change, read in one
// batch as soon as the change is listed, decide a comment-only change
// (committed, then also in the work tree), and a committed change the work
// tree undoes is no change at all.
func TestOldFilesWithTheListing(t *testing.T) {
	r := goRepo(t)
	r.WriteFile("shop/shop.go", strings.Replace(shopGo, "// Total sums the prices.", "// Total sums the prices, in cents.", 1))
	r.Commit("say cents")
	for _, args := range [][]string{{"--committed-only"}, nil} {
		res := run(t, r, nil, append([]string{"--base", "main", "--format", "json"}, args...)...)
		if rep := report(t, res); res.Code != 0 || status(rep, "tests-touched") != engine.Passed || !strings.Contains(res.Out, "cannot change behaviour") {
			t.Fatalf("%v: exit %d\n%s", args, res.Code, res.Out)
		}
	}
	r.Git("checkout", "-q", "main", "--", "shop/shop.go")
	res := run(t, r, nil, "--base", "main", "--format", "json")
	if rep := report(t, res); res.Code != 0 || rep.Files != 0 {
		t.Fatalf("undone in the work tree: exit %d\n%s", res.Code, res.Out)
	}
	// A base with no history in common fails before anything is listed,
	// and so before the old files or the file list are read.
	r.Git("checkout", "-q", "--orphan", "elsewhere")
	r.Git("commit", "-q", "--allow-empty", "-m", "unrelated")
	r.Git("checkout", "-q", "-")
	if res := run(t, r, nil, "--base", "elsewhere"); res.Code == 0 || !strings.Contains(res.Err, "cannot compute the change since elsewhere") {
		t.Fatalf("unrelated base: exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
}

func TestWaivers(t *testing.T) {
	r := goRepo(t)
	r.WriteFile("shop/shop.go", shopGo+"\n// Discount halves a price.\nfunc Discount(p int) int { return p / 2 }\n")
	r.Commit("discount\n\nHotfix-Waive: tests-touched: covered by the e2e suite, see #12")
	res := run(t, r, nil, "--base", "main", "--format", "json")
	rep := report(t, res)
	if res.Code != 0 || !rep.Passed || status(rep, "tests-touched") != engine.Waived || len(rep.Waivers) != 1 ||
		rep.Waivers[0].Reason != "covered by the e2e suite, see #12" || !strings.HasPrefix(rep.Waivers[0].Source, "trailer ") {
		t.Fatalf("trailer waiver: exit %d %+v", res.Code, rep)
	}
	// The base moved on since the branch was cut: the trailer is still
	// read (the commits come from the merge base's walk), and main's own
	// commit, which the trailer does not cover, is not part of the change.
	r.Git("checkout", "-q", "main")
	r.WriteFile("shop/extra.go", "package shop\n\nfunc Extra() {}\n")
	r.Commit("main moves on, undocumented and untested")
	r.Git("checkout", "-q", "-")
	res = run(t, r, nil, "--base", "main", "--format", "json")
	if rep := report(t, res); res.Code != 0 || status(rep, "tests-touched") != engine.Waived || len(rep.Waivers) != 1 || rep.Files != 1 {
		t.Fatalf("trailer waiver, base moved on: exit %d %+v", res.Code, rep)
	}
	r.WriteFile("shop/shop.go", shopGo+"\n// Discount halves a price.\nfunc Discount(p int) int { return p / 2 }\n\nfunc undocumented() {}\n")
	r.Commit("more")
	res = run(t, r, nil, "--base", "main", "--waive", "docs-touched=internal helper, documented in #13")
	if res.Code != 0 || !strings.Contains(res.Out, "WAIVED   docs-touched") || !strings.Contains(res.Out, "docs-touched: internal helper, documented in #13 (flag)") {
		t.Fatalf("flag waiver: exit %d\n%s", res.Code, res.Out)
	}
	for _, bad := range []string{"docs-touched", "docs-touched=", "spelling=x"} {
		if res := run(t, r, nil, "--base", "main", "--waive", bad); res.Code != 2 || !strings.Contains(res.Err, "--waive") {
			t.Errorf("--waive %q: exit %d %s", bad, res.Code, res.Err)
		}
	}
	r.Git("commit", "-q", "--allow-empty", "-m", "oops\n\nHotfix-Waive: docs-touched")
	if res := run(t, r, nil, "--base", "main"); res.Code != 2 || !strings.Contains(res.Err, "has no reason") || !strings.Contains(res.Err, "git commit --amend") {
		t.Fatalf("reasonless trailer: exit %d %s", res.Code, res.Err)
	}
}

func TestBaseSelection(t *testing.T) {
	r := goRepo(t)
	r.Git("checkout", "-q", "main")
	r.WriteFile("shop/extra.go", "package shop\n\nfunc Extra() {}\n")
	r.Commit("main moves on, undocumented")
	r.Git("checkout", "-q", "hotfix/v1.0.0-discount")
	r.WriteFile("shop/shop.go", shopGo+"\n// Discount halves a price.\nfunc Discount(p int) int { return p / 2 }\n")
	r.WriteFile("shop/shop_test.go", shopTest+"\n")
	r.Commit("fix")
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		base string
	}{
		{"flag", nil, []string{"--base", "v1.0.0"}, "v1.0.0"},
		{"GITHUB_BASE_REF", map[string]string{"GITHUB_BASE_REF": "main"}, nil, "main"},
		{"production branch", nil, nil, "main"},
	} {
		res := run(t, r, tc.env, append(tc.args, "--format", "json")...)
		rep := report(t, res)
		if rep.Base != tc.base || rep.Files != 2 || !rep.Passed {
			t.Errorf("%s: base %s files %d passed %v", tc.name, rep.Base, rep.Files, rep.Passed)
		}
	}
	if res := run(t, r, map[string]string{"GITHUB_BASE_REF": "release/9"}); res.Code != 1 || !strings.Contains(res.Err, `GITHUB_BASE_REF is "release/9", which is not in this clone`) {
		t.Fatalf("missing GITHUB_BASE_REF: %d %s", res.Code, res.Err)
	}
	if res := run(t, r, nil, "--base", "nope"); res.Code != 1 || !strings.Contains(res.Err, `unknown base "nope"`) || !strings.Contains(res.Err, "git fetch origin nope") {
		t.Fatalf("bad --base: %d %s", res.Code, res.Err)
	}
	// A revision or a commit id is not fetched by name: no such advice.
	for _, base := range []string{"HEAD~40", "main^^^^^^^^^^", "deadbeefdeadbeef"} {
		if res := run(t, r, nil, "--base", base); res.Code != 1 || !strings.Contains(res.Err, "unknown base") || strings.Contains(res.Err, "git fetch") {
			t.Errorf("--base %s: %d %s", base, res.Code, res.Err)
		}
	}
}

func TestRecordsTheResult(t *testing.T) {
	r := goRepo(t)
	r.Git("checkout", "-q", "main")
	r.Git("branch", "-D", "hotfix/v1.0.0-discount")
	res := testutil.CLI{Dir: r.Dir}.Run(t, "start", "--no-input", "--title", "Discount is wrong", "--severity", "SEV2")
	if res.Code != 0 {
		t.Fatalf("start: %s", res.Err)
	}
	r.WriteFile("shop/shop.go", shopGo+"\n// Discount halves a price.\nfunc Discount(p int) int { return p / 2 }\n")
	r.WriteFile("shop/shop_test.go", shopTest+"\n")
	// No --base: the record's base (v1.0.0) is used.
	res = run(t, r, nil, "--waive", "tests-pass=runs in CI")
	if res.Code != 0 || !strings.Contains(res.Out, "since v1.0.0") {
		t.Fatalf("exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	rec, err := record.Store{Root: r.Dir, Dir: ".hotfix"}.Load("2026-11-22-discount-is-wrong")
	if err != nil {
		t.Fatal(err)
	}
	v := rec.Verify
	if v == nil || !v.Passed || v.Base != "v1.0.0" || v.Commit != r.Git("rev-parse", "HEAD") || !v.Worktree || len(v.Rules) != 2 || len(v.Waivers) != 1 {
		t.Fatalf("verify result %+v", v)
	}
	last := rec.Timeline[len(rec.Timeline)-1]
	if last.Kind != record.EventVerified || !strings.Contains(last.Text, "verify passed: tests-touched passed, docs-touched passed") {
		t.Fatalf("event %+v", last)
	}
	if rec.Phase != record.PhaseFixing {
		t.Fatalf("a verified change leaves the hotfix %s, not fixing", rec.Phase)
	}

	// The same verdict on the same commit again (pr, rerun after a crash)
	// adds no second event.
	if res := run(t, r, nil, "--waive", "tests-pass=runs in CI"); res.Code != 0 {
		t.Fatalf("again: exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	again, err := record.Store{Root: r.Dir, Dir: ".hotfix"}.Load("2026-11-22-discount-is-wrong")
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Timeline) != len(rec.Timeline) {
		t.Fatalf("%d events, then %d", len(rec.Timeline), len(again.Timeline))
	}
}

// TestRecordOnlyCommitsKeepTheResult: verify, commit the record it wrote
// (as pr does), verify again: the code is the same, so the record is left
// as it is; a commit that changes code gets a new result.
func TestRecordOnlyCommitsKeepTheResult(t *testing.T) {
	r := goRepo(t)
	r.Git("checkout", "-q", "main")
	r.Git("branch", "-D", "hotfix/v1.0.0-discount")
	if res := (testutil.CLI{Dir: r.Dir}).Run(t, "start", "--no-input", "--title", "Discount is wrong", "--severity", "SEV2"); res.Code != 0 {
		t.Fatalf("start: %s", res.Err)
	}
	r.WriteFile("shop/shop.go", shopGo+"\n// Discount halves a price.\nfunc Discount(p int) int { return p / 2 }\n")
	r.WriteFile("shop/shop_test.go", shopTest+"\n")
	r.Commit("fix discount")
	recPath := ".hotfix/2026-11-22-discount-is-wrong.yaml"
	verifyAndCommit := func(what string) (string, bool) {
		t.Helper()
		if res := run(t, r, nil, "--committed-only", "--waive", "tests-pass=runs in CI"); res.Code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", what, res.Code, res.Out, res.Err)
		}
		changed := r.Git("status", "--short", recPath) != ""
		if changed {
			r.Git("add", recPath)
			r.Git("commit", "-q", "-m", "record ("+what+")")
		}
		return r.ReadFile(recPath), changed
	}
	first, changed := verifyAndCommit("first")
	if !changed || !strings.Contains(first, "verify passed") {
		t.Fatalf("the first verify recorded nothing:\n%s", first)
	}
	head := r.Git("rev-parse", "HEAD")
	second, changed := verifyAndCommit("second")
	if changed || second != first {
		t.Fatalf("verify after a record-only commit rewrote the record:\n%s", second)
	}
	if r.Git("rev-parse", "HEAD") != head {
		t.Fatal("a commit was made with nothing new")
	}

	// A code change is new code: a new result, on the new commit.
	r.WriteFile("shop/shop_test.go", shopTest+"\n\n")
	r.Commit("more tests")
	code := r.Git("rev-parse", "HEAD")
	third, changed := verifyAndCommit("third")
	if !changed || !strings.Contains(third, code) {
		t.Fatalf("verify after a code commit kept the old result:\n%s", third)
	}
}

func TestTestsPass(t *testing.T) {
	r := goRepo(t)
	basePolicy(t, r, "version: 1\nverify:\n  rules: [tests-pass]\n  tests_pass: {command: \"echo running; exit 3\", timeout: 1m}\n")
	res := run(t, r, nil, "--base", "main")
	if res.Code != 1 || !strings.Contains(res.Out, "`echo running; exit 3` failed (exit 3)") || !strings.Contains(res.Out, "| running") {
		t.Fatalf("exit %d\n%s", res.Code, res.Out)
	}
	// --no-run skips it in a terminal session, but not in CI.
	if res := run(t, r, nil, "--base", "main", "--no-run"); res.Code != 0 || !strings.Contains(res.Out, "SKIPPED  tests-pass     skipped with --no-run") {
		t.Fatalf("--no-run: exit %d\n%s", res.Code, res.Out)
	}
	if res := run(t, r, map[string]string{"CI": "true"}, "--base", "main", "--no-run"); res.Code != 1 || !strings.Contains(res.Err, "--no-run is ignored in CI") {
		t.Fatalf("--no-run in CI: exit %d\n%s", res.Code, res.Err)
	}
	// The real command, detected from go.mod, passes.
	basePolicy(t, r, "version: 1\nverify:\n  rules: [tests-pass]\n")
	if res := run(t, r, nil, "--base", "main"); res.Code != 0 || !strings.Contains(res.Out, "`go test ./...` passed") {
		t.Fatalf("go test: exit %d\n%s", res.Code, res.Out)
	}
	basePolicy(t, r, "version: 1\nverify:\n  rules: [tests-pass]\n  tests_pass: {run_in_ci: false}\n")
	if res := run(t, r, map[string]string{"CI": "1"}, "--base", "main"); res.Code != 0 || !strings.Contains(res.Out, "skipped in CI") {
		t.Fatalf("run_in_ci false: exit %d\n%s", res.Code, res.Out)
	}
}

func TestCoverageFromTheCLI(t *testing.T) {
	r := goRepo(t)
	r.WriteFile("shop/shop.go", strings.Replace(shopGo, "\treturn t\n", "\tif t < 0 {\n\t\treturn 0\n\t}\n\treturn t\n", 1))
	r.Commit("clamp")
	// Lines 9-11 are the new if; its body (10-11) never ran.
	prof := filepath.Join(t.TempDir(), "cover.out")
	if err := os.WriteFile(prof, []byte("mode: set\nexample.com/shop/shop/shop.go:4.30,6.25 2 1\nexample.com/shop/shop/shop.go:6.25,8.3 1 1\nexample.com/shop/shop/shop.go:9.2,9.11 1 1\nexample.com/shop/shop/shop.go:9.11,11.3 1 0\nexample.com/shop/shop/shop.go:12.2,12.10 1 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := run(t, r, nil, "--base", "main", "--rules", "coverage", "--coverage", prof, "--format", "json")
	rep := report(t, res)
	if res.Code != 1 || status(rep, "coverage") != engine.Failed || len(rep.Findings) != 1 || rep.Findings[0].Line != 10 || rep.Findings[0].EndLine != 11 {
		t.Fatalf("exit %d %+v", res.Code, rep)
	}
	if res := run(t, r, nil, "--base", "main", "--rules", "coverage", "--coverage", "/nonexistent"); res.Code != 2 {
		t.Fatalf("missing report: exit %d %s", res.Code, res.Err)
	}
}

func TestOutputFormatsFromTheCLI(t *testing.T) {
	r := goRepo(t)
	r.WriteFile("shop/shop.go", shopGo+"\nfunc Discount(p int) int { return p / 2 }\n")
	r.Commit("add discount")
	res := run(t, r, nil, "--base", "main", "--format", "github")
	if res.Code != 1 || !strings.Contains(res.Out, "::error file=shop/shop.go,line=12,title=hotfix docs-touched::new func Discount has no doc comment") {
		t.Fatalf("github: %d\n%s", res.Code, res.Out)
	}
	res = run(t, r, nil, "--base", "main", "--format", "sarif")
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(res.Out), &sarif); err != nil || sarif.Version != "2.1.0" || len(sarif.Runs[0].Results) != 2 {
		t.Fatalf("sarif: %v %+v", err, sarif)
	}
	// --sarif writes the SARIF report as well, whatever --format prints,
	// also when the verdict is failed; a path that cannot be written is a
	// clear error, and nothing is left half-written.
	file := filepath.Join(t.TempDir(), "verify.sarif")
	res = run(t, r, nil, "--base", "main", "--format", "github", "--sarif", file)
	if res.Code != 1 || !strings.Contains(res.Out, "::error file=shop/shop.go") {
		t.Fatalf("github with --sarif: %d\n%s", res.Code, res.Out)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sarif.Runs = nil
	if err := json.Unmarshal(data, &sarif); err != nil || sarif.Version != "2.1.0" || len(sarif.Runs[0].Results) != 2 {
		t.Fatalf("--sarif file: %v %+v", err, sarif)
	}
	bad := filepath.Join(file, "verify.sarif") // under a file: cannot be a directory
	res = run(t, r, nil, "--base", "main", "--sarif", bad)
	if res.Code != 1 || !strings.Contains(res.Err, "cannot write the SARIF report") || !strings.Contains(res.Err, "give --sarif a path") {
		t.Fatalf("unwritable --sarif: %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if again, _ := os.ReadFile(file); string(again) != string(data) {
		t.Fatal("a refused --sarif changed the file in its way")
	}
	if res := run(t, r, nil, "--format", "xml"); res.Code != 2 {
		t.Fatalf("bad format: %d", res.Code)
	}
	if res := run(t, r, nil, "--rules", "spelling"); res.Code != 2 || !strings.Contains(res.Err, `unknown rule "spelling"`) {
		t.Fatalf("bad rule: %d %s", res.Code, res.Err)
	}
}

// copyTree copies a sample project from testdata into the repository.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The Python, TypeScript and Java samples: a fix without its test and doc
// fails, naming the file and symbol; the proper fix passes.
func TestOtherLanguages(t *testing.T) {
	for _, tc := range []struct {
		lang, source, test string
		bad, good          func(src string) string
		testEdit           func(src string) string
		symbol             string
	}{
		{"python", "application.py", "tests/test_application.py",
			func(s string) string { return s + "\n\ndef expand(code):\n    return code.upper()\n" },
			func(s string) string {
				return s + "\n\ndef expand(code):\n    \"\"\"Return the long form of a short code.\"\"\"\n    return code.upper()\n"
			},
			func(s string) string { return s + "\n\ndef test_expand():\n    assert True\n" }, "expand"},
		{"js", "src/links.ts", "test/links.test.ts",
			func(s string) string {
				return s + "\nexport function expand(code: string): string {\n  return code.toUpperCase();\n}\n"
			},
			func(s string) string {
				return s + "\n/** Returns the long form of a short code. */\nexport function expand(code: string): string {\n  return code.toUpperCase();\n}\n"
			},
			func(s string) string { return s + "\n// expand is covered by the link tests.\n" }, "expand"},
		{"java", "", "", nil, nil, nil, "LinkController.expand"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			r := testutil.NewRepo(t)
			copyTree(t, filepath.Join("..", "..", "testdata", "verify", tc.lang), r.Dir)
			r.WriteFile(".hotfix.yaml", "version: 1\nverify:\n  rules: [tests-touched, docs-touched]\n")
			source, test := tc.source, tc.test
			bad, good, testEdit := tc.bad, tc.good, tc.testEdit
			if tc.lang == "java" {
				source = findFile(t, r.Dir, "LinkController.java")
				test = findFile(t, r.Dir, "LinkControllerTest.java")
				bad = func(s string) string {
					i := strings.LastIndex(s, "}")
					return s[:i] + "\n    public String expand(String code) {\n        return code.toUpperCase();\n    }\n}\n"
				}
				good = func(s string) string {
					i := strings.LastIndex(s, "}")
					return s[:i] + "\n    /** Returns the long form of a short code. */\n    public String expand(String code) {\n        return code.toUpperCase();\n    }\n}\n"
				}
				testEdit = func(s string) string { return s + "\n// expand is covered above.\n" }
			}
			r.Commit("sample")
			r.Git("checkout", "-q", "-b", "hotfix/x")
			orig := r.ReadFile(source)
			r.WriteFile(source, bad(orig))
			res := run(t, r, nil, "--base", "main", "--format", "json")
			rep := report(t, res)
			if res.Code != 1 || status(rep, "tests-touched") != engine.Failed || status(rep, "docs-touched") != engine.Failed {
				t.Fatalf("bad fix: exit %d %+v", res.Code, rep)
			}
			var symbols []string
			for _, f := range rep.Findings {
				if f.Path != source {
					t.Errorf("finding on %s, want %s", f.Path, source)
				}
				symbols = append(symbols, f.Symbol)
			}
			if !strings.Contains(strings.Join(symbols, ","), tc.symbol) {
				t.Fatalf("findings %v lack %s", rep.Findings, tc.symbol)
			}
			r.WriteFile(source, good(orig))
			r.WriteFile(test, testEdit(r.ReadFile(test)))
			if res := run(t, r, nil, "--base", "main"); res.Code != 0 {
				t.Fatalf("good fix: exit %d\n%s", res.Code, res.Out)
			}
		})
	}
}

func findFile(t *testing.T, root, name string) string {
	t.Helper()
	var found string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == name {
			found, _ = filepath.Rel(root, p)
		}
		return nil
	})
	if found == "" {
		t.Fatalf("%s not found", name)
	}
	return filepath.ToSlash(found)
}

func TestRepro(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	buggy := strings.Replace(shopGo, "t += p", "t += p\n\t\tif p < 0 {\n\t\t\tt += p // bug: counts refunds twice\n\t\t}", 1)
	r := testutil.NewRepo(t)
	r.WriteFile("go.mod", "module example.com/shop\n\ngo 1.21\n")
	r.WriteFile("shop/shop.go", buggy)
	r.WriteFile("shop/shop_test.go", shopTest)
	r.Commit("release with the bug")
	r.Git("checkout", "-q", "-b", "hotfix/refunds")
	r.WriteFile("shop/shop.go", shopGo)
	r.WriteFile("shop/refund_test.go", "package shop\n\nimport \"testing\"\n\nfunc TestRefund(t *testing.T) {\n\tif got := Total([]int{5, -2}); got != 3 {\n\t\tt.Fatalf(\"got %d\", got)\n\t}\n}\n\nfunc TestEmpty(t *testing.T) {\n\tif Total(nil) != 0 {\n\t\tt.Fatal()\n\t}\n}\n")
	r.Commit("fix refunds")
	before := r.State()
	res := run(t, r, nil, "--base", "main", "--rules", "repro", "--format", "json")
	rep := report(t, res)
	// TestRefund shows the bug; TestEmpty passes on the base too.
	if res.Code != 1 || status(rep, "repro") != engine.Failed || len(rep.Findings) != 1 || rep.Findings[0].Symbol != "TestEmpty" ||
		!strings.Contains(rep.Findings[0].Message, "passes on the base") || rep.Findings[0].Path != "shop/refund_test.go" {
		t.Fatalf("exit %d %+v", res.Code, rep)
	}
	if after := r.State(); after != before {
		t.Fatalf("repro touched the repository:\n%s\n---\n%s", before, after)
	}
	r.WriteFile("shop/refund_test.go", "package shop\n\nimport \"testing\"\n\nfunc TestRefund(t *testing.T) {\n\tif got := Total([]int{5, -2}); got != 3 {\n\t\tt.Fatalf(\"got %d\", got)\n\t}\n}\n")
	r.Commit("only the test that shows the bug")
	res = run(t, r, nil, "--base", "main", "--repro", "--rules", "tests-touched")
	if res.Code != 0 || !strings.Contains(res.Out, "PASSED   repro          1 changed test(s) fail on the base") {
		t.Fatalf("exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	// A test that cannot build on the base proves nothing there.
	r.WriteFile("shop/shop.go", shopGo+"\n// Refunds counts the negative prices.\nfunc Refunds(prices []int) int { return 0 }\n")
	r.WriteFile("shop/refund_test.go", "package shop\n\nimport \"testing\"\n\nfunc TestRefunds(t *testing.T) {\n\tif Refunds(nil) != 0 {\n\t\tt.Fatal()\n\t}\n}\n")
	r.Commit("new api")
	res = run(t, r, nil, "--base", "main", "--rules", "repro")
	if res.Code != 1 || !strings.Contains(res.Out, "TestRefunds did not run on the base") {
		t.Fatalf("exit %d\n%s", res.Code, res.Out)
	}
}

// Fixtures the change adds under testdata/ are copied into the exported
// base with the tests; otherwise a test failing only for want of its file
// would look like it reproduces the bug.
func TestReproCopiesChangedFixtures(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	r := goRepo(t)
	r.WriteFile("shop/testdata/prices.txt", "1\n2\n")
	r.WriteFile("shop/file_test.go", "package shop\n\nimport (\n\t\"os\"\n\t\"strconv\"\n\t\"strings\"\n\t\"testing\"\n)\n\nfunc TestFromFile(t *testing.T) {\n\tb, err := os.ReadFile(\"testdata/prices.txt\")\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\tvar ps []int\n\tfor _, f := range strings.Fields(string(b)) {\n\t\tn, _ := strconv.Atoi(f)\n\t\tps = append(ps, n)\n\t}\n\tif Total(ps) != 3 {\n\t\tt.Fatal(\"wrong\")\n\t}\n}\n")
	r.Commit("a test with a fixture")
	res := run(t, r, nil, "--base", "main", "--rules", "repro", "--format", "json")
	rep := report(t, res)
	if len(rep.Findings) != 1 || !strings.Contains(rep.Findings[0].Message, "TestFromFile passes on the base") {
		t.Fatalf("the fixture was not copied to the base: exit %d %+v", res.Code, rep.Findings)
	}
}

// Check gives the verdict without printing, for hotfix pr.
func TestCheckDoesNotPrint(t *testing.T) {
	r := goRepo(t)
	r.WriteFile("shop/shop.go", shopGo+"\nfunc Discount(p int) int { return p / 2 }\n")
	r.Commit("add discount")
	ios, _, out, errOut := iostreams.Test()
	repo, err := git.Open(r.Dir, git.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	cfg, err := config.Load(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	o := &verifyrun.Options{IO: ios, Clock: clock.NewFixed(testutil.Now), Getenv: func(string) string { return "" }, Base: "main", Format: "text"}
	rep, rec, err := verifyrun.Check(context.Background(), o, repo, cfg)
	if err != nil || rep.Passed || rec != nil || out.Len() != 0 || errOut.Len() != 0 {
		t.Fatalf("%v passed=%v rec=%v out=%q err=%q", err, rep.Passed, rec, out, errOut)
	}
}

// The pure-Go backend and --committed-only read go-git objects from several
// goroutines (commit messages, the change, the parsed files); run with -race.
func TestPureGoAndCommittedOnly(t *testing.T) {
	r := goRepo(t)
	for i := 0; i < 5; i++ {
		r.WriteFile(fmt.Sprintf("shop/f%d.go", i), fmt.Sprintf("package shop\n\n// F%d is new.\nfunc F%d() {}\n", i, i))
	}
	r.WriteFile("shop/shop_test.go", shopTest+"\n")
	r.Commit("five files\n\nHotfix-Waive: coverage: none given")
	for _, pure := range []bool{false, true} {
		for _, committed := range []bool{false, true} {
			args := []string{"verify", "--base", "main", "--format", "json"}
			if committed {
				args = append(args, "--committed-only")
			}
			res := testutil.CLI{Dir: r.Dir, PureGo: pure}.Run(t, args...)
			rep := report(t, res)
			if res.Code != 0 || rep.Files != 6 || len(rep.Waivers) != 1 {
				t.Fatalf("pure=%v committed=%v: exit %d %+v", pure, committed, res.Code, rep)
			}
		}
	}
}

// In CI the change is the commits: a file the job generated is not in it.
func TestCIChecksTheCommits(t *testing.T) {
	r := goRepo(t)
	r.WriteFile("shop/generated.go", "package shop\n\nfunc Generated() {}\n")
	ci := map[string]string{"CI": "true"}
	res := run(t, r, ci, "--base", "main", "--format", "json")
	if rep := report(t, res); res.Code != 0 || rep.Worktree || rep.Files != 0 {
		t.Fatalf("CI: exit %d %+v", res.Code, rep)
	}
	if res := run(t, r, ci, "--base", "main", "--worktree"); res.Code != 1 || !strings.Contains(res.Out, "shop/generated.go") {
		t.Fatalf("CI --worktree: exit %d %s", res.Code, res.Out)
	}
	if res := run(t, r, nil, "--base", "main"); res.Code != 1 {
		t.Fatalf("terminal: exit %d", res.Code)
	}
	if res := run(t, r, nil, "--committed-only", "--worktree"); res.Code != 2 {
		t.Fatalf("both flags: exit %d", res.Code)
	}
}

// TestVersionBumpIsNotCode: a configured version file whose only change
// is its version (the bump `hotfix pr` commits) needs no test and no doc
// comment, and a verify after it keeps the recorded result; the same file
// changed in any other way is checked as before, and so is a version file
// the policy does not list.
func TestVersionBumpIsNotCode(t *testing.T) {
	const versionGo = "package version\n\n// Version is the release.\nconst Version = \"1.0.0\"\n"
	r := testutil.NewRepo(t)
	r.WriteFile("go.mod", "module example.com/shop\n\ngo 1.21\n")
	r.WriteFile("version/version.go", versionGo)
	r.WriteFile("shop/version.go", versionGo)
	r.WriteFile(".hotfix.yaml", "version: 1\nverify:\n  rules: [tests-touched, docs-touched]\nrelease:\n  version_files: [version/version.go]\n")
	r.Commit("release")
	r.Tag("v1.0.0")
	if res := (testutil.CLI{Dir: r.Dir}).Run(t, "start", "--no-input", "--title", "Version is wrong", "--severity", "SEV2", "--version", "v1.0.0"); res.Code != 0 {
		t.Fatalf("start: %s", res.Err)
	}
	r.WriteFile("version/version.go", strings.Replace(versionGo, "1.0.0", "1.0.1", 1))
	// The bump is left out of the checks, and listed as not checked, with
	// the reason (issue 16: every changed path is checked or excluded).
	leftOut := func(res testutil.Result) bool {
		rep := report(t, res)
		for _, f := range rep.Findings {
			if f.Path == "version/version.go" {
				return false
			}
		}
		for _, e := range rep.Excluded {
			if e.Path == "version/version.go" {
				return e.Reason == engine.ReasonVersionBump
			}
		}
		return false
	}
	if res := run(t, r, nil, "--base", "v1.0.0", "--format", "json", "--no-record"); res.Code != 0 || !leftOut(res) {
		t.Fatalf("an uncommitted bump: exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	r.Commit("hotfix: bump version to 1.0.1")
	res := run(t, r, nil, "--base", "v1.0.0", "--committed-only", "--format", "json")
	if rep := report(t, res); res.Code != 0 || status(rep, "tests-touched") != engine.Passed || !leftOut(res) {
		t.Fatalf("a committed bump: exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	recPath := ".hotfix/2026-11-22-version-is-wrong.yaml"
	r.Git("add", recPath)
	r.Git("commit", "-q", "-m", "record")
	before := r.ReadFile(recPath)

	// Another bump after the recorded result is still no code.
	r.WriteFile("version/version.go", strings.Replace(versionGo, "1.0.0", "1.0.2", 1))
	r.Commit("hotfix: bump version to 1.0.2")
	if res := run(t, r, nil, "--base", "v1.0.0", "--committed-only"); res.Code != 0 || r.ReadFile(recPath) != before {
		t.Fatalf("verify after a bump rewrote the record: exit %d\n%s%s\n%s", res.Code, res.Out, res.Err, r.ReadFile(recPath))
	}

	// More than the version: checked.
	r.WriteFile("version/version.go", strings.Replace(versionGo, "1.0.0", "1.0.2", 1)+"\nconst Name = \"shop\"\n")
	r.Commit("name")
	res = run(t, r, nil, "--base", "v1.0.0", "--committed-only", "--no-record")
	if res.Code != 1 || !strings.Contains(res.Out, "version/version.go") {
		t.Fatalf("a real change to a version file passed: exit %d\n%s", res.Code, res.Out)
	}
	// A file the policy does not list: checked.
	r.Git("reset", "-q", "--hard", "HEAD~1")
	r.WriteFile("shop/version.go", strings.Replace(versionGo, "1.0.0", "1.0.2", 1))
	r.Commit("unlisted")
	res = run(t, r, nil, "--base", "v1.0.0", "--committed-only", "--no-record")
	if res.Code != 1 || !strings.Contains(res.Out, "shop/version.go") {
		t.Fatalf("an unlisted version file was left out: exit %d\n%s", res.Code, res.Out)
	}
	// Its finding says how a release's version file is left out.
	if !strings.Contains(res.Out, "its only change is its version (1.0.0 to 1.0.2): if it is the release's version file, list it in release.version_files") {
		t.Fatalf("an unlisted bump's finding does not say how to list it:\n%s", res.Out)
	}
}

// A test in another package links through its import of the changed
// package, which needs go.mod, a file the change did not touch: read at
// HEAD in committed-only mode (git.FileReader), from the work tree
// otherwise, with both backends.
func TestLinkReadsFilesTheChangeDidNotTouch(t *testing.T) {
	r := goRepo(t)
	r.WriteFile("shop/shop.go", strings.Replace(shopGo, "t := 0", "t := 1", 1))
	r.WriteFile("e2e/checkout_test.go", "package e2e\n\nimport (\n\t\"testing\"\n\n\t\"example.com/shop/shop\"\n)\n\nfunc TestCheckout(t *testing.T) {\n\tif shop.Total(nil) != 1 {\n\t\tt.Fatal(\"total\")\n\t}\n}\n")
	r.Commit("start totals at one, checked end to end")
	for _, pure := range []bool{false, true} {
		for _, committed := range []bool{false, true} {
			args := []string{"verify", "--base", "main"}
			if committed {
				args = append(args, "--committed-only")
			}
			res := testutil.CLI{Dir: r.Dir, PureGo: pure}.Run(t, args...)
			if res.Code != 0 || !strings.Contains(res.Out, "shop/shop.go: e2e/checkout_test.go imports example.com/shop/shop") {
				t.Fatalf("pure=%v committed=%v: exit %d\n%s%s", pure, committed, res.Code, res.Out, res.Err)
			}
		}
	}
}

// TestDropVersionBumps: a listed version file modified in nothing but its
// version is left out; a listed file changed in more, added, renamed, or
// unreadable on either side, and an unlisted one, are kept.
func TestDropVersionBumps(t *testing.T) {
	const v1, v2 = "{\"name\": \"shop\", \"version\": \"1.0.0\"}\n", "{\"name\": \"shop\", \"version\": \"1.0.1\"}\n"
	old := map[string]string{"package.json": v1, "web/package.json": v1, "more/package.json": v1, "gone/package.json": v1}
	cur := map[string]string{"package.json": v2, "web/package.json": v2, "more/package.json": strings.Replace(v2, "shop", "shop2", 1), "new/package.json": v2, "lost/package.json": v2}
	read := func(m map[string]string) func(string) ([]byte, error) {
		return func(p string) ([]byte, error) {
			if s, ok := m[p]; ok {
				return []byte(s), nil
			}
			return nil, os.ErrNotExist
		}
	}
	files := []git.FileDiff{
		{Path: "package.json", Status: 'M'},
		{Path: "web/package.json", Status: 'M'},  // not listed
		{Path: "more/package.json", Status: 'M'}, // more than the version
		{Path: "new/package.json", Status: 'A'},  // added
		{Path: "gone/package.json", Status: 'M'}, // unreadable after
		{Path: "lost/package.json", Status: 'M'}, // unreadable before
		{Path: "moved/package.json", OldPath: "package.json", Status: 'R'},
	}
	got := verifyrun.DropVersionBumps(files, []string{"./package.json", "more/package.json", "new/package.json", "gone/package.json", "lost/package.json", "moved/package.json"}, read(old), read(cur))
	var paths []string
	for _, f := range got {
		paths = append(paths, f.Path)
	}
	if want := "web/package.json more/package.json new/package.json gone/package.json lost/package.json moved/package.json"; strings.Join(paths, " ") != want {
		t.Errorf("kept %q, want %q", paths, want)
	}
}

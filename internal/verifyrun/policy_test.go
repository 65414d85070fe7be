package verifyrun_test

import (
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/pkg/config"
)

const forbidding = "version: 1\nverify:\n  rules: [tests-touched, docs-touched]\n  waivers:\n    allow: []\n    trailers: false\n"

// A pull request tries to switch off its own check; CI checks out the
// merge commit, as actions/checkout does for pull_request, with
// GITHUB_BASE_REF set. The base's policy governs, so each attempt fails,
// on both git backends, and the report says the change edits the policy or
// that a waiver was ignored.
func TestAChangeCannotSwitchOffItsOwnCheck(t *testing.T) {
	untested := strings.Replace(shopGo, "t += p", "t += p * 2", 1)
	for _, tc := range []struct {
		name   string
		change func(r *testutil.Repo)
		notice string
	}{
		{"rules off", func(r *testutil.Repo) {
			r.WriteFile(".hotfix.yaml", "version: 1\nverify:\n  rules: []\n")
			r.WriteFile("shop/shop.go", untested)
			r.Commit("double, and no rules")
		}, "this change edits .hotfix.yaml; it takes effect after merge"},
		{"excludes itself", func(r *testutil.Repo) {
			r.WriteFile(".hotfix.yaml", forbidding+"  exclude: [shop/]\n")
			r.WriteFile("shop/shop.go", untested)
			r.Commit("double, excluded")
		}, "this change edits .hotfix.yaml; it takes effect after merge"},
		{"trivial test command", func(r *testutil.Repo) {
			r.WriteFile(".hotfix.yaml", "version: 1\nverify:\n  rules: [tests-touched, tests-pass]\n  tests_pass: {command: \"true\"}\n")
			r.WriteFile("shop/shop.go", untested)
			r.Commit("double, tests always pass")
		}, "this change edits .hotfix.yaml; it takes effect after merge"},
		{"trailers waive everything", func(r *testutil.Repo) {
			r.WriteFile("shop/shop.go", untested)
			r.Commit("double")
			r.Git("commit", "-q", "--allow-empty", "-m", "waive\n\nHotfix-Waive: tests-touched: trust me\nHotfix-Waive: docs-touched: trust me")
		}, "ignored the waiver of tests-touched"},
	} {
		for name, pureGo := range map[string]bool{"git": false, "go": true} {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				r := changeRepo(t, forbidding, true)
				tc.change(r)
				// refs/pull/N/merge: the change merged into the base.
				r.Git("checkout", "-q", "--detach", "main")
				r.Git("merge", "-q", "--no-ff", "-m", "Merge change into main", "change")
				env := map[string]string{"CI": "true", "GITHUB_BASE_REF": "main"}
				res := testutil.CLI{Dir: r.Dir, Env: env, PureGo: pureGo}.Run(t, "verify", "--format", "github")
				if res.Code != 1 || !strings.Contains(res.Out, "::error") || !strings.Contains(res.Out, tc.notice) {
					t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
				}
				if !strings.Contains(res.Out, "file=shop/shop.go") {
					t.Fatalf("the untested file is not flagged:\n%s", res.Out)
				}
			})
		}
	}
}

// A --waive the governing policy forbids is a usage error naming it.
func TestWaiveFlagForbiddenByPolicy(t *testing.T) {
	r := changeRepo(t, forbidding, false)
	r.WriteFile("shop/shop.go", strings.Replace(shopGo, "t += p", "t += p * 2", 1))
	r.Commit("double")
	res := run(t, r, nil, "--base", "main", "--waive", "tests-touched=later")
	if res.Code != 2 || !strings.Contains(res.Err, "the governing policy does not let tests-touched be waived") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
}

// A policy that checks nothing is reported as such, never as a pass.
func TestNothingCheckedIsNotAPass(t *testing.T) {
	for policy, why := range map[string]string{
		"version: 1\nverify:\n  rules: []\n":                                  "has no rules",
		"version: 1\nverify:\n  rules: [tests-touched]\n  exclude: [shop/]\n": "leaves none of the 1 changed source file(s) checked",
	} {
		r := changeRepo(t, policy, false)
		r.WriteFile("shop/shop.go", strings.Replace(shopGo, "t += p", "t += p * 2", 1))
		r.Commit("double")
		res := run(t, r, nil, "--base", "main")
		if res.Code != 1 || !strings.Contains(res.Out, "NOTHING CHECKED:") || !strings.Contains(res.Out, why) || strings.Contains(res.Out, "PASSED:") {
			t.Fatalf("%q: exit %d\n%s", policy, res.Code, res.Out)
		}
	}
}

// A change of only files the default policy calls non-source (an example,
// Sphinx's docs/conf.py, setup.py, a benchmark) has nothing to check by
// design and passes, each file listed as not checked; the same change
// under a policy that also excludes the team's own directory, beside a
// file there, is a check of nothing.
func TestDefaultNonSourceOnlyPasses(t *testing.T) {
	for policy, want := range map[string]int{"version: 1\n": 0, "version: 1\nverify:\n  exclude: [examples/, docs/, setup.py, bench/, shop/]\n": 1} {
		r := changeRepo(t, policy, false)
		r.WriteFile("examples/demo/main.go", "package main\n\nfunc main() {}\n")
		r.WriteFile("docs/conf.py", "project = \"shop\"\n")
		r.WriteFile("setup.py", "from setuptools import setup\n\nsetup()\n")
		r.WriteFile("bench/run.js", "console.log(1)\n")
		if want == 1 {
			r.WriteFile("shop/shop.go", strings.Replace(shopGo, "t += p", "t += p * 2", 1))
		}
		r.Commit("examples, docs, build, bench")
		res := run(t, r, nil, "--base", "main", "--rules", "tests-touched,docs-touched")
		if want == 0 {
			if res.Code != 0 || strings.Contains(res.Out, "NOTHING CHECKED") || !strings.Contains(res.Out, "examples/demo/main.go: excluded by verify.exclude") || !strings.Contains(res.Out, "docs/conf.py: excluded by verify.exclude") {
				t.Errorf("defaults: exit %d\n%s%s", res.Code, res.Out, res.Err)
			}
			continue
		}
		if res.Code != 1 || !strings.Contains(res.Out, "NOTHING CHECKED:") || !strings.Contains(res.Out, "leaves none of the 1 changed source file(s) checked") {
			t.Errorf("the team's exclude: exit %d\n%s%s", res.Code, res.Out, res.Err)
		}
	}
}

// The team commits a stricter policy on main after the release; on the
// hotfix branch cut from the release tag (no .hotfix.yaml there), a local
// verify applies main's rule.
func TestMainsStricterRuleGovernsTheHotfixBranch(t *testing.T) {
	r := testutil.NewRepo(t)
	r.WriteFile("go.mod", "module example.com/shop\n\ngo 1.21\n")
	r.WriteFile("shop/shop.go", shopGo)
	r.WriteFile("shop/shop_test.go", shopTest)
	r.Commit("release")
	r.Tag("v1.0.0")
	r.TeamPolicy("version: 1\nverify:\n  rules: [docs-touched]\n  docs_touched: {require_update: true}\n")
	if res := (testutil.CLI{Dir: r.Dir}).Run(t, "start", "--no-input", "--title", "Totals double", "--severity", "SEV2"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	r.WriteFile("shop/shop.go", strings.Replace(shopGo, "t += p", "t += p * 2", 1))
	r.Commit("double")
	res := run(t, r, nil, "--no-record")
	main := strings.TrimSpace(r.Git("rev-parse", "main"))
	if res.Code != 1 || !strings.Contains(res.Out, "the body of Total changed but none of its comments did") ||
		!strings.Contains(res.Out, "policy: "+(config.Origin{Ref: "main", Commit: main}).String()+"\n") {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
}

// An untested, undocumented source file whose name has a space, and source
// files that .gitattributes marks -diff, fail verify on both backends: no
// silent pass.
func TestOddPathsAndAttributesDoNotPass(t *testing.T) {
	for name, pureGo := range map[string]bool{"git": false, "go": true} {
		t.Run(name, func(t *testing.T) {
			r := changeRepo(t, forbidding, true)
			r.WriteFile(".gitattributes", "shop/*.go -diff\n")
			r.WriteFile("calc/new file.go", "package calc\n\nfunc Exported() int { return 2 }\n")
			r.WriteFile("shop/shop.go", strings.Replace(shopGo, "t += p", "t += p * 2", 1))
			r.Commit("untested")
			res := testutil.CLI{Dir: r.Dir, Env: map[string]string{"CI": "true"}, PureGo: pureGo}.Run(t, "verify", "--base", "main", "--format", "json")
			if res.Code != 1 || !strings.Contains(res.Out, `"calc/new file.go"`) || !strings.Contains(res.Out, `"shop/shop.go"`) {
				t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
			}
		})
	}
}

// changeRepo is the shop released on main with policy (and its test file
// when withTest), and a branch "change" checked out for the change.
func changeRepo(t *testing.T, policy string, withTest bool) *testutil.Repo {
	t.Helper()
	r := testutil.NewRepo(t)
	r.WriteFile("go.mod", "module example.com/shop\n\ngo 1.21\n")
	r.WriteFile("shop/shop.go", shopGo)
	if withTest {
		r.WriteFile("shop/shop_test.go", shopTest)
	}
	r.WriteFile(".hotfix.yaml", policy)
	r.Commit("release")
	r.Git("checkout", "-q", "-b", "change")
	return r
}

// The differential test through `hotfix verify`: over testutil.OddChange
// (odd names, renames, a copy, mode changes, a deletion, binary files, a
// symlink, a submodule, CRLF, -diff/binary attributes) both backends give
// the identical report, every listed path is checked or listed as not
// checked, and the untested odd files fail.
func TestVerifyBackendsAgreeOnOddChanges(t *testing.T) {
	r := testutil.NewRepo(t)
	r.WriteFile("go.mod", "module example.com/odd\n\ngo 1.21\n")
	r.WriteFile(".hotfix.yaml", forbidding)
	r.Commit("module")
	base := testutil.OddChange(t, r)
	out := map[string]string{}
	for name, pureGo := range map[string]bool{"git": false, "go": true} {
		res := testutil.CLI{Dir: r.Dir, Env: map[string]string{"CI": "true"}, PureGo: pureGo}.Run(t, "verify", "--base", base, "--format", "json", "--no-record")
		if res.Code != 1 {
			t.Fatalf("%s: exit %d\n%s\n%s", name, res.Code, res.Out, res.Err)
		}
		out[name] = res.Out
	}
	if out["git"] != out["go"] {
		t.Fatalf("the backends disagree:\ngit:\n%s\ngo:\n%s", out["git"], out["go"])
	}
	rep := report(t, testutil.Result{Out: out["git"]})
	for _, n := range testutil.OddNames {
		found := false
		for _, f := range rep.Findings {
			found = found || (f.Path == n && f.Rule == "tests-touched")
		}
		if !found {
			t.Errorf("untested %q passed:\n%s", n, out["git"])
		}
	}
	for _, want := range []string{`"path": "link/link.go",` + "\n      \"reason\": \"a symbolic link\"", `"path": "sub/module",` + "\n      \"reason\": \"a submodule\"",
		`"path": "data/nul.go",` + "\n      \"reason\": \"binary by content\"", `"path": "keep/gone.go",` + "\n      \"reason\": \"deleted\""} {
		if !strings.Contains(out["git"], want) {
			t.Errorf("missing %s in\n%s", want, out["git"])
		}
	}
}

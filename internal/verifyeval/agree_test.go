package verifyeval

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// TestEvaluatorAgreesWithTheCLI: the evaluator's verdict on a commit is
// the one `hotfix verify --committed-only` gives on the same commit, under
// the defaults and under the policy hotfix init writes (its detected
// release.version_files, given to the CLI with --config), for each kind of
// change whose handling lies outside the rules themselves: a change of
// only default non-source paths (which verify once failed as NOTHING
// CHECKED while the evaluator passed it), a release bump, a comment, code
// with and without its test, and an undocumented addition.
func TestEvaluatorAgreesWithTheCLI(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	commit := gitRepo(t, dir)
	root := filepath.Join(dir, "acme+demo")
	shop := func(body, extra string) string {
		return "package shop\n\n// Total sums the prices.\nfunc Total(ps []int) int {\n\tt := 0\n\tfor _, p := range ps {\n\t\t" + body + "\n\t}\n\treturn t\n}\n" + extra
	}
	version := func(v string) string {
		return "package demo\n\n// Version is the release.\nconst Version = \"" + v + "\"\n"
	}
	steps := []struct {
		name  string
		files map[string]string
		// fail under the defaults, then under init's policy
		fail [2]bool
	}{
		{"examples, docs/conf.py, setup.py only", map[string]string{"examples/demo/main.go": "package main\n\nfunc main() { println(2) }\n", "docs/conf.py": "project = \"demo 2\"\n", "setup.py": "print(2)\n"}, [2]bool{false, false}},
		{"a release bump", map[string]string{"version.go": version("1.1.0")}, [2]bool{true, false}},
		{"a comment", map[string]string{"shop/shop.go": shop("t += p // add", "")}, [2]bool{false, false}},
		{"code without its test", map[string]string{"shop/shop.go": shop("t += 2 * p", "")}, [2]bool{true, true}},
		{"code with its test", map[string]string{"shop/shop.go": shop("t += 3 * p", ""), "shop/shop_test.go": "package shop\n\nimport \"testing\"\n\nfunc TestTotal(t *testing.T) { _ = Total(nil) }\n"}, [2]bool{false, false}},
		{"a release bump beside code without its test", map[string]string{"version.go": version("1.2.0"), "shop/shop.go": shop("t += 4 * p", "")}, [2]bool{true, true}},
		{"an undocumented addition with a test", map[string]string{"shop/shop.go": shop("t += 3 * p", "\nfunc Max() int { return 1 }\n"), "shop/shop_test.go": "package shop\n\nimport \"testing\"\n\nfunc TestTotal(t *testing.T) { _ = Total(nil) + Max() }\n"}, [2]bool{true, true}},
	}
	prev := commit(map[string]string{
		"go.mod":                "module demo\n",
		"version.go":            version("1.0.0"),
		"shop/shop.go":          shop("t += p", ""),
		"shop/shop_test.go":     "package shop\n\nimport \"testing\"\n\nfunc TestTotal(t *testing.T) {}\n",
		"examples/demo/main.go": "package main\n\nfunc main() {}\n",
		"docs/conf.py":          "project = \"demo\"\n",
		"setup.py":              "print(1)\n",
	})
	initPolicy := filepath.Join(t.TempDir(), "init.yaml")
	if err := os.WriteFile(initPolicy, []byte("version: 1\nrelease:\n  version_files: [version.go]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var cases []Case
	for _, s := range steps {
		id := commit(s.files)
		cases = append(cases, Case{Repo: "acme/demo", Lang: "go", Commit: id, Base: prev, Category: "feature", Split: "test", Why: s.name})
		prev = id
	}
	for i, policy := range []string{PolicyDefaults, PolicyInit} {
		out, err := Run(context.Background(), cases, dir, LayoutClones, policy)
		if err != nil {
			t.Fatal(err)
		}
		for k, o := range out {
			if o.Err != nil {
				t.Fatalf("%s: %v", steps[k].name, o.Err)
			}
			if b, err := exec.Command("git", "-C", root, "checkout", "-q", o.Case.Commit).CombinedOutput(); err != nil {
				t.Fatalf("checkout: %v\n%s", err, b)
			}
			args := []string{"verify", "--base", o.Case.Base, "--committed-only", "--no-record", "--rules", "tests-touched,docs-touched"}
			if policy == PolicyInit {
				args = append(args, "--config", initPolicy)
			}
			res := (testutil.CLI{Dir: root}).Run(t, args...)
			if cli := res.Code == 1; res.Code > 1 || cli != o.Failed || o.Failed != steps[k].fail[i] {
				t.Errorf("%s, %s: evaluator failed=%v, CLI exit %d, want failed=%v\n%s%s", policy, steps[k].name, o.Failed, res.Code, steps[k].fail[i], res.Out, res.Err)
			}
		}
	}
}

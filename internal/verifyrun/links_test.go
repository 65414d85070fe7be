package verifyrun_test

import (
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	engine "github.com/hotfix-dev/hotfix/pkg/verify"
)

// TestLinkedTestsPassOnRealRepositories runs verify on repositories in
// t.TempDir(), one per language, where the fix's test is named after
// something else and reaches the fixed file by its import: it passes, and
// the report names the link. The same change with an unrelated test fails.
func TestLinkedTestsPassOnRealRepositories(t *testing.T) {
	for _, tc := range []struct {
		lang         string
		base         map[string]string // the release
		fix          map[string]string // the fix, with its test
		unrelated    map[string]string // the fix, with a test that does not reach it
		source, link string
	}{
		{"python",
			map[string]string{"src/shop/pricing.py": "\"\"\"Prices.\"\"\"\n\n\ndef total(items):\n    \"\"\"Sum the items.\"\"\"\n    return sum(items)\n", "tests/test_checkout.py": "from shop.pricing import total\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n"},
			map[string]string{"src/shop/pricing.py": "\"\"\"Prices.\"\"\"\n\n\ndef total(items):\n    \"\"\"Sum the items, none counting as 0.\"\"\"\n    return sum(i or 0 for i in items)\n", "tests/test_checkout.py": "from shop.pricing import total\n\n\ndef test_total():\n    assert total([1, None]) == 1\n"},
			map[string]string{"src/shop/pricing.py": "\"\"\"Prices.\"\"\"\n\n\ndef total(items):\n    \"\"\"Sum the items, none counting as 0.\"\"\"\n    return sum(i or 0 for i in items)\n", "tests/test_other.py": "import json\n\n\ndef test_json():\n    assert json.dumps(1) == '1'\n"},
			"src/shop/pricing.py", "tests/test_checkout.py imports shop.pricing"},
		{"javascript",
			map[string]string{"package.json": `{"name": "shop"}`, "lib/pricing.js": "/** Sums the items. */\nexports.total = function (items) {\n  return items.reduce((a, b) => a + b, 0)\n}\n", "test/app.checkout.js": "const { total } = require('../lib/pricing')\nit('sums', () => total([1]))\n"},
			map[string]string{"lib/pricing.js": "/** Sums the items; missing ones count as 0. */\nexports.total = function (items) {\n  return items.reduce((a, b) => a + (b || 0), 0)\n}\n", "test/app.checkout.js": "const { total } = require('../lib/pricing')\nit('sums', () => total([1, null]))\n"},
			map[string]string{"lib/pricing.js": "/** Sums the items; missing ones count as 0. */\nexports.total = function (items) {\n  return items.reduce((a, b) => a + (b || 0), 0)\n}\n", "test/app.router.js": "const router = require('../lib/router')\nit('routes', () => router())\n"},
			"lib/pricing.js", "test/app.checkout.js imports ../lib/pricing"},
		{"java",
			map[string]string{"src/main/java/com/shop/bind/Pricing.java": "package com.shop.bind;\n\n/** Prices. */\npublic final class Pricing {\n  /** Sums. */\n  public static int total(int[] xs) {\n    int t = 0;\n    for (int x : xs) t += x;\n    return t;\n  }\n}\n", "src/test/java/com/shop/CheckoutTest.java": "package com.shop;\n\nimport com.shop.bind.Pricing;\n\nclass CheckoutTest {\n  void sums() { assert Pricing.total(new int[] {1}) == 1; }\n}\n"},
			map[string]string{"src/main/java/com/shop/bind/Pricing.java": "package com.shop.bind;\n\n/** Prices. */\npublic final class Pricing {\n  /** Sums the positive ones. */\n  public static int total(int[] xs) {\n    int t = 0;\n    for (int x : xs) if (x > 0) t += x;\n    return t;\n  }\n}\n", "src/test/java/com/shop/CheckoutTest.java": "package com.shop;\n\nimport com.shop.bind.Pricing;\n\nclass CheckoutTest {\n  void sums() { assert Pricing.total(new int[] {1, -1}) == 1; }\n}\n"},
			map[string]string{"src/main/java/com/shop/bind/Pricing.java": "package com.shop.bind;\n\n/** Prices. */\npublic final class Pricing {\n  /** Sums the positive ones. */\n  public static int total(int[] xs) {\n    int t = 0;\n    for (int x : xs) if (x > 0) t += x;\n    return t;\n  }\n}\n", "src/test/java/com/shop/CartTest.java": "package com.shop;\n\nclass CartTest {\n  void empty() { assert new int[0].length == 0; }\n}\n"},
			"src/main/java/com/shop/bind/Pricing.java", "src/test/java/com/shop/CheckoutTest.java imports com.shop.bind.Pricing"},
		{"go",
			map[string]string{"go.mod": "module example.com/shop\n\ngo 1.21\n", "internal/pricing/pricing.go": "// Package pricing prices.\npackage pricing\n\n// Total sums.\nfunc Total(xs []int) int {\n\tt := 0\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn t\n}\n", "e2e/checkout_test.go": "package e2e\n\nimport (\n\t\"testing\"\n\n\t\"example.com/shop/internal/pricing\"\n)\n\nfunc TestTotal(t *testing.T) { _ = pricing.Total(nil) }\n"},
			map[string]string{"internal/pricing/pricing.go": "// Package pricing prices.\npackage pricing\n\n// Total sums the positive ones.\nfunc Total(xs []int) int {\n\tt := 0\n\tfor _, x := range xs {\n\t\tif x > 0 {\n\t\t\tt += x\n\t\t}\n\t}\n\treturn t\n}\n", "e2e/checkout_test.go": "package e2e\n\nimport (\n\t\"testing\"\n\n\t\"example.com/shop/internal/pricing\"\n)\n\nfunc TestTotal(t *testing.T) { _ = pricing.Total([]int{-1}) }\n"},
			map[string]string{"internal/pricing/pricing.go": "// Package pricing prices.\npackage pricing\n\n// Total sums the positive ones.\nfunc Total(xs []int) int {\n\tt := 0\n\tfor _, x := range xs {\n\t\tif x > 0 {\n\t\t\tt += x\n\t\t}\n\t}\n\treturn t\n}\n", "e2e/cart_test.go": "package e2e\n\nimport \"testing\"\n\nfunc TestCart(t *testing.T) {}\n"},
			"internal/pricing/pricing.go", "e2e/checkout_test.go imports example.com/shop/internal/pricing"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			for _, withTest := range []bool{true, false} {
				r := testutil.NewRepo(t)
				for p, s := range tc.base {
					r.WriteFile(p, s)
				}
				r.WriteFile(".hotfix.yaml", "version: 1\nverify:\n  rules: [tests-touched, docs-touched]\n")
				r.Commit("release")
				r.Git("checkout", "-q", "-b", "hotfix/fix")
				change := tc.fix
				if !withTest {
					change = tc.unrelated
				}
				for p, s := range change {
					r.WriteFile(p, s)
				}
				r.Commit("fix")
				rep := report(t, run(t, r, nil, "--base", "main", "--format", "json", "--no-record"))
				var notes []string
				for _, res := range rep.Rules {
					if res.ID == "tests-touched" {
						notes = res.Notes
					}
				}
				if withTest {
					want := tc.source + ": " + tc.link
					if status(rep, "tests-touched") != engine.Passed || len(notes) != 1 || notes[0] != want {
						t.Fatalf("with its test: %s, notes %q, findings %+v; want passed with %q", status(rep, "tests-touched"), notes, rep.Findings, want)
					}
					continue
				}
				if status(rep, "tests-touched") != engine.Failed || len(rep.Findings) != 1 || rep.Findings[0].Path != tc.source ||
					!strings.Contains(rep.Findings[0].Message, "no test added or changed in this change exercises this file") {
					t.Fatalf("with an unrelated test: %s, findings %+v", status(rep, "tests-touched"), rep.Findings)
				}
			}
		})
	}
}

// TestMissingTestHintReadsTheIndex: checking the work tree (an
// uncommitted fix), the hint names the tests the index holds for the file.
func TestMissingTestHintReadsTheIndex(t *testing.T) {
	r := testutil.NewRepo(t)
	r.WriteFile("src/shop/pricing.py", "\"\"\"Prices.\"\"\"\n\n\ndef total(items):\n    \"\"\"Sum.\"\"\"\n    return sum(items)\n")
	r.WriteFile("tests/test_pricing.py", "from shop.pricing import total\n")
	r.WriteFile(".hotfix.yaml", "version: 1\nverify:\n  rules: [tests-touched]\n")
	r.Commit("release")
	r.Git("checkout", "-q", "-b", "hotfix/fix")
	r.WriteFile("src/shop/pricing.py", "\"\"\"Prices.\"\"\"\n\n\ndef total(items):\n    \"\"\"Sum.\"\"\"\n    return sum(items) + 0\n")
	rep := report(t, run(t, r, nil, "--base", "main", "--format", "json", "--no-record", "--worktree"))
	if len(rep.Findings) != 1 {
		t.Fatalf("findings %+v", rep.Findings)
	}
	// The test is committed on the branch but unchanged since: it is the
	// place to add one, and the hint says so.
	if !strings.Contains(rep.Findings[0].Message, "such as tests/test_pricing.py") {
		t.Fatalf("hint: %s", rep.Findings[0].Message)
	}
}

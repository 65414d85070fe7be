package verify

import (
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hotfix-dev/hotfix/pkg/verify/lang"
)

// TestTestLinks checks each kind of test-to-code link, per language, and
// that a test with no link does not count.
func TestTestLinks(t *testing.T) {
	for _, tc := range []struct {
		name    string
		files   map[string]string
		changes []Change
		link    string // the note, "" when the source must fail
	}{
		{"python import of the module",
			map[string]string{"src/shop/models.py": "def total(items):\n    return sum(items)\n", "tests/test_checkout.py": "from shop.models import total\n\ndef test_sum():\n    assert total([1]) == 1\n"},
			[]Change{modified("src/shop/models.py", [2]int{2, 1}), modified("tests/test_checkout.py", [2]int{4, 1})},
			"src/shop/models.py: tests/test_checkout.py imports shop.models"},
		{"python relative import",
			map[string]string{"shop/cart.py": "def add(x):\n    return x\n", "shop/tests/test_basket.py": "from ..cart import add\n"},
			[]Change{modified("shop/cart.py", [2]int{2, 1}), modified("shop/tests/test_basket.py", [2]int{1, 1})},
			"shop/cart.py: shop/tests/test_basket.py imports shop.cart"},
		{"python package import is the weakest link",
			map[string]string{"src/shop/_types.py": "Money = int\ndef check(x):\n    return x\n", "tests/test_shop.py": "import shop\n"},
			[]Change{modified("src/shop/_types.py", [2]int{3, 1}), modified("tests/test_shop.py", [2]int{1, 1})},
			"src/shop/_types.py: tests/test_shop.py imports the package shop, which holds it"},
		{"a type test runs no code: it does not count for a source file",
			map[string]string{"source/index.js": "export function paint(s) {\n  return s\n}\n", "source/index.test-d.ts": "import {expectType} from 'tsd'\nimport {paint} from './index.js'\nexpectType<string>(paint('x'))\n"},
			[]Change{modified("source/index.js", [2]int{2, 1}), modified("source/index.test-d.ts", [2]int{3, 1})}, ""},
		{"nor does one under test-d",
			map[string]string{"src/paint.ts": "export function paint(s: string) {\n  return s + '!'\n}\n", "test-d/paint.ts": "import {paint} from '../src/paint.js'\npaint('x')\n"},
			[]Change{modified("src/paint.ts", [2]int{2, 1}), modified("test-d/paint.ts", [2]int{2, 1})}, ""},
		{"python unrelated test does not count",
			map[string]string{"shop/pay.py": "def charge(x):\n    return x\n", "tests/test_other.py": "import json\n\ndef test_x():\n    assert json.dumps(1)\n"},
			[]Change{modified("shop/pay.py", [2]int{2, 1}), modified("tests/test_other.py", [2]int{3, 1})}, ""},
		{"python test uses a touched function",
			map[string]string{"app/billing.py": "def prorate(days):\n    return days / 30\n", "tests/test_invoices.py": "from app import billing\n\ndef test_p():\n    assert billing.prorate(30) == 1\n"},
			[]Change{modified("app/billing.py", [2]int{2, 1}), modified("tests/test_invoices.py", [2]int{4, 1})},
			"app/billing.py: tests/test_invoices.py imports app.billing"},
		{"javascript relative require resolves to the file",
			map[string]string{"lib/utils.js": "exports.etag = function (b) { return b }\n", "test/app.etag.js": "var utils = require('../lib/utils')\n"},
			[]Change{modified("lib/utils.js", [2]int{1, 1}), modified("test/app.etag.js", [2]int{1, 1})},
			"lib/utils.js: test/app.etag.js imports ../lib/utils"},
		{"typescript ESM import names the emitted .js",
			map[string]string{"src/core/memo.ts": "export function memo() {}\n", "src/tests/cycle.test.ts": "import { memo } from '../core/memo.js'\n"},
			[]Change{modified("src/core/memo.ts", [2]int{1, 1}), added("src/tests/cycle.test.ts", 1)},
			"src/core/memo.ts: src/tests/cycle.test.ts imports ../core/memo.js"},
		{"javascript test named after a touched member",
			map[string]string{"lib/response.js": "var res = module.exports = {}\n\nres.json = function json(obj) {\n  return obj\n}\n", "test/res.json.js": "var express = require('..')\n"},
			[]Change{modified("lib/response.js", [2]int{4, 1}), modified("test/res.json.js", [2]int{1, 1})},
			"lib/response.js: test/res.json.js is named after res.json, which the change touched"},
		{"typescript package self-import",
			map[string]string{"packages/z/package.json": `{"name": "zed"}`, "packages/z/src/core/schemas.ts": "export const x = 1\n", "packages/z/src/tests/catch.test.ts": "import * as z from 'zed/v4'\n"},
			[]Change{modified("packages/z/src/core/schemas.ts", [2]int{1, 1}), modified("packages/z/src/tests/catch.test.ts", [2]int{1, 1})},
			"packages/z/src/core/schemas.ts: packages/z/src/tests/catch.test.ts imports the package zed/v4, which holds it"},
		{"java import of the class",
			map[string]string{"src/main/java/com/x/bind/Adapters.java": "package com.x.bind;\npublic final class Adapters {\n  static int f() { return 1; }\n}\n", "src/test/java/com/x/GsonTest.java": "package com.x;\nimport com.x.bind.Adapters;\nclass GsonTest {}\n"},
			[]Change{modified("src/main/java/com/x/bind/Adapters.java", [2]int{3, 1}), modified("src/test/java/com/x/GsonTest.java", [2]int{3, 1})},
			"src/main/java/com/x/bind/Adapters.java: src/test/java/com/x/GsonTest.java imports com.x.bind.Adapters"},
		{"java same package and a use of the class",
			map[string]string{"src/main/java/com/x/Parser.java": "package com.x;\npublic class Parser {\n  int f() { return 1; }\n}\n", "src/test/java/com/x/ReaderTest.java": "package com.x;\nclass ReaderTest { Parser p = new Parser(); }\n"},
			[]Change{modified("src/main/java/com/x/Parser.java", [2]int{3, 1}), modified("src/test/java/com/x/ReaderTest.java", [2]int{2, 1})},
			"src/main/java/com/x/Parser.java: src/test/java/com/x/ReaderTest.java is in package com.x and uses Parser"},
		{"java test named after a touched field",
			map[string]string{"src/main/java/com/x/bind/TypeAdapters.java": "package com.x.bind;\npublic final class TypeAdapters {\n  public static final Object INET_ADDRESS = null;\n}\n", "src/test/java/com/x/DefaultInetAddressTypeAdapterTest.java": "package com.x;\nclass DefaultInetAddressTypeAdapterTest {}\n"},
			[]Change{modified("src/main/java/com/x/bind/TypeAdapters.java", [2]int{3, 1}), added("src/test/java/com/x/DefaultInetAddressTypeAdapterTest.java", 2)},
			"src/main/java/com/x/bind/TypeAdapters.java: src/test/java/com/x/DefaultInetAddressTypeAdapterTest.java is named after it"},
		{"typescript test through the module that imports the file",
			map[string]string{"package.json": `{"name": "q"}`, "source/queue.ts": "export class Queue {\n  add(x: number) { return x }\n}\n", "source/index.ts": "import {Queue} from './queue.js';\nexport default class Pool { q = new Queue() }\n", "test/pool.ts": "import Pool from '../source/index.js';\n"},
			[]Change{modified("source/queue.ts", [2]int{2, 1}), modified("test/pool.ts", [2]int{1, 1})},
			"source/queue.ts: test/pool.ts imports ../source/index.js, which imports ./queue.js"},
		{"typescript two modules away does not count",
			map[string]string{"package.json": `{"name": "q"}`, "source/heap.ts": "export const h = 1\n", "source/queue.ts": "import {h} from './heap.js';\nexport const q = h\n", "source/index.ts": "import {q} from './queue.js';\nexport default q\n", "test/pool.ts": "import q from '../source/index.js';\n"},
			[]Change{modified("source/heap.ts", [2]int{1, 1}), modified("test/pool.ts", [2]int{1, 1})}, ""},
		{"typescript test of a barrel that re-exports the file, through a chain",
			map[string]string{"package.json": `{"name": "f"}`, "src/fetch.ts": "export function go() {\n  return 1\n}\n", "src/base.ts": "export * from './error'\nexport * from './fetch'\n", "src/error.ts": "export * from './base'\n", "src/node.ts": "import { go } from './base'\nexport * as all from './base'\n", "test/index.test.ts": "import { go } from '../src/node'\n"},
			[]Change{modified("src/fetch.ts", [2]int{2, 1}), modified("test/index.test.ts", [2]int{1, 1})},
			"src/fetch.ts: test/index.test.ts imports ../src/node, which re-exports ./base, which re-exports ./fetch"},
		{"typescript test of a module that imports a barrel of the file",
			map[string]string{"package.json": `{"name": "f"}`, "src/utils/merge.ts": "export const m = 1\n", "src/utils/index.ts": "export { m } from './merge.js'\n", "src/index.ts": "import { m } from './utils/index.js'\nexport default m\n", "test/main.ts": "import m from '../src/index.js'\n"},
			[]Change{modified("src/utils/merge.ts", [2]int{1, 1}), modified("test/main.ts", [2]int{1, 1})},
			"src/utils/merge.ts: test/main.ts imports ../src/index.js, which imports ./utils/index.js, which re-exports ./merge.js"},
		{"a type-only re-export carries no code",
			map[string]string{"package.json": `{"name": "f"}`, "src/types.ts": "export function check(x: number) {\n  return x\n}\n", "src/barrel.ts": "export type { T } from './types'\n", "src/index.ts": "export * from './barrel'\n", "test/index.test.ts": "import * as f from '../src/index'\n"},
			[]Change{modified("src/types.ts", [2]int{2, 1}), modified("test/index.test.ts", [2]int{1, 1})}, ""},
		{"re-exports ten deep are not followed (one import step, then eight)",
			map[string]string{"package.json": `{"name": "f"}`, "src/leaf.ts": "export const x = 1\n", "src/r1.ts": "export * from './r2'\n", "src/r2.ts": "export * from './r3'\n", "src/r3.ts": "export * from './r4'\n", "src/r4.ts": "export * from './r5'\n", "src/r5.ts": "export * from './r6'\n", "src/r6.ts": "export * from './r7'\n", "src/r7.ts": "export * from './r8'\n", "src/r8.ts": "export * from './r9'\n", "src/r9.ts": "export * from './r10'\n", "src/r10.ts": "export * from './leaf'\n", "test/deep.test.ts": "import * as f from '../src/r1'\n"},
			[]Change{modified("src/leaf.ts", [2]int{1, 1}), modified("test/deep.test.ts", [2]int{1, 1})}, ""},
		{"python test checks a message the change added",
			map[string]string{"shop/pay.py": "def charge(x):\n    if x < 0:\n        raise ValueError(\"amount must be positive\")\n    return x\n", "tests/test_cli.py": "import subprocess\n\ndef test_neg():\n    out = subprocess.run(['shop', '-1'])\n    assert 'amount must be positive' in out.stderr\n"},
			[]Change{modified("shop/pay.py", [2]int{2, 2}), modified("tests/test_cli.py", [2]int{5, 1})},
			"shop/pay.py: tests/test_cli.py checks \"amount must be positive\", which the change added to it"},
		{"nor does a literal under twelve characters",
			map[string]string{"play.ts": "export const s = slug('Hello World')\n", "test/string.test.ts": "import {slug} from '../src/slug'\nexpect(slug('Hello World')).toBe('hello-world')\n"},
			[]Change{modified("play.ts", [2]int{1, 1}), modified("test/string.test.ts", [2]int{2, 1})}, ""},
		{"nor does a one-word literal",
			map[string]string{"lib/send.js": "exports.send = function (res) {\n  res.type('application/json')\n}\n", "test/other.js": "var http = require('http')\nassert.equal(h, 'application/json')\n"},
			[]Change{modified("lib/send.js", [2]int{2, 1}), modified("test/other.js", [2]int{2, 1})}, ""},
		{"nor a literal on a line of the test the change did not touch",
			map[string]string{"shop/pay.py": "def charge(x):\n    raise ValueError(\"amount must be positive\")\n", "tests/test_cli.py": "import subprocess\n# 'amount must be positive'\nX = 1\n"},
			[]Change{modified("shop/pay.py", [2]int{2, 1}), modified("tests/test_cli.py", [2]int{3, 1})}, ""},
		{"go test in another package importing it",
			map[string]string{"go.mod": "module example.com/shop\n\ngo 1.22\n", "internal/cart/cart.go": "package cart\n\nfunc Add(a, b int) int { return a + b }\n", "e2e/checkout_test.go": "package e2e\n\nimport \"example.com/shop/internal/cart\"\n\nvar _ = cart.Add\n"},
			[]Change{modified("internal/cart/cart.go", [2]int{3, 1}), modified("e2e/checkout_test.go", [2]int{5, 1})},
			"internal/cart/cart.go: e2e/checkout_test.go imports example.com/shop/internal/cart"},
		{"go test elsewhere that does not import it",
			map[string]string{"go.mod": "module example.com/shop\n", "internal/cart/cart.go": "package cart\n\nfunc Add(a, b int) int { return a + b }\n", "e2e/checkout_test.go": "package e2e\n\nimport \"example.com/shop/internal/pay\"\n\nvar _ = pay.Add\n"},
			[]Change{modified("internal/cart/cart.go", [2]int{3, 1}), modified("e2e/checkout_test.go", [2]int{5, 1})}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := input(tc.files, tc.changes...)
			res, fs := TestsTouched(&in, Prepare(&in))
			if tc.link == "" {
				if res.Status != Failed || len(fs) != 1 {
					t.Fatalf("status %s, findings %v, notes %q: want one failure", res.Status, paths(fs), res.Notes)
				}
				return
			}
			if res.Status != Passed || len(res.Notes) != 1 || res.Notes[0] != tc.link {
				t.Fatalf("status %s, findings %v, notes %q; want the note %q", res.Status, paths(fs), res.Notes, tc.link)
			}
		})
	}
}

// TestMissingTestHintNamesExistingTests checks that a finding points at
// the tests that already exercise the file when the repository has some.
func TestMissingTestHintNamesExistingTests(t *testing.T) {
	files := map[string]string{"src/shop/models.py": "def f():\n    return 1\n"}
	in := input(files, modified("src/shop/models.py", [2]int{2, 1}))
	in.Paths = func() ([]string, error) {
		return []string{"README.md", "src/shop/models.py", "tests/test_models.py", "tests/test_views.py"}, nil
	}
	_, fs := TestsTouched(&in, Prepare(&in))
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "such as tests/test_models.py") || strings.Contains(fs[0].Message, "test_views") {
		t.Fatalf("findings %+v", fs)
	}
	// In Go the package's tests are named, the one named after the file
	// first.
	goIn := input(map[string]string{"internal/git/blame.go": "package git\n\nfunc f() {}\n"}, modified("internal/git/blame.go", [2]int{3, 1}))
	goIn.Paths = func() ([]string, error) {
		return []string{"internal/git/auth_test.go", "internal/git/blame.go", "internal/git/blame_test.go", "internal/git/commondir_test.go", "internal/other/blame_test.go"}, nil
	}
	_, fs = TestsTouched(&goIn, Prepare(&goIn))
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "such as internal/git/blame_test.go, internal/git/auth_test.go, internal/git/commondir_test.go") {
		t.Fatalf("go findings %+v", fs)
	}
	// The test named exactly after the file comes before those whose
	// names only share its words (bash_completions_test.go).
	exactIn := input(map[string]string{"completions.go": "package cobra\n\nfunc f() {}\n"}, modified("completions.go", [2]int{3, 1}))
	exactIn.Paths = func() ([]string, error) {
		return []string{"bash_completionsV2_test.go", "bash_completions_test.go", "command_test.go", "completions.go", "completions_test.go"}, nil
	}
	_, fs = TestsTouched(&exactIn, Prepare(&exactIn))
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "such as completions_test.go, bash_completionsV2_test.go, bash_completions_test.go") {
		t.Fatalf("exact-name findings %+v", fs)
	}
	// A file at the repository's root: the root's tests, not a
	// subdirectory's (the tests are indexed by directory).
	rootIn := input(map[string]string{"main.go": "package main\n\nfunc f() {}\n"}, modified("main.go", [2]int{3, 1}))
	rootIn.Paths = func() ([]string, error) {
		return []string{"cmd/x/main_test.go", "main.go", "main_test.go", "zz_test.go"}, nil
	}
	_, fs = TestsTouched(&rootIn, Prepare(&rootIn))
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "such as main_test.go, zz_test.go") || strings.Contains(fs[0].Message, "cmd/x") {
		t.Fatalf("root findings %+v", fs)
	}
	in.Paths = nil
	_, fs = TestsTouched(&in, Prepare(&in))
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "add or update test_models.py beside it or in the tests/ tree, or a test that imports its module") {
		t.Fatalf("findings %+v", fs)
	}
	// With no test yet, the name given is the one the naming link reads:
	// without a private or dunder module's underscores, a package's
	// directory for its __init__.py.
	for file, want := range map[string]string{"httpx/_models.py": "test_models.py", "httpx/__main__.py": "test_main.py", "httpx/__init__.py": "test_httpx.py", "app.py": "test_app.py"} {
		f := &File{Change: Change{Path: file}, an: lang.For(file)}
		if got := testHint(f, nil); !strings.Contains(got, "add or update "+want+" beside it") {
			t.Errorf("%s: %q, want %s", file, got, want)
		}
		if !(lang.Python{}).TestsFor(file, "tests/"+want) {
			t.Errorf("%s: the hint's %s is not linked by naming", file, want)
		}
	}
}

func TestWords(t *testing.T) {
	for in, want := range map[string]string{
		"DefaultInetAddressTypeAdapter": "adapter address inet type",
		"INET_ADDRESS":                  "address inet",
		"res.json":                      "json res",
		"$ZodCatch":                     "catch zod",
		"HTTPServer":                    "http server",
	} {
		var got []string
		for w := range words(in) {
			got = append(got, w)
		}
		sort.Strings(got)
		if strings.Join(got, " ") != want {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestParallel: every index is done once, whatever the number of CPUs.
func TestParallel(t *testing.T) {
	for _, n := range []int{0, 1, 7, 100} {
		seen := make([]int32, n)
		parallel(n, func(i int) { atomic.AddInt32(&seen[i], 1) })
		for i, c := range seen {
			if c != 1 {
				t.Fatalf("n=%d: index %d done %d times", n, i, c)
			}
		}
	}
}

// TestLiteralLinkNeedsANewLiteral: a literal the file held before the
// change links nothing, though both the file's and the test's added lines
// hold it; once the literal is new to the file, the same test links.
func TestLiteralLinkNeedsANewLiteral(t *testing.T) {
	files := map[string]string{
		"shop/pay.py":       "def charge(x):\n    if x <= 0:\n        raise ValueError(\"amount must be positive\")\n    return x\n",
		"tests/test_cli.py": "import subprocess\n\ndef test_neg():\n    out = subprocess.run(['shop', '0'])\n    assert 'amount must be positive' in out.stderr\n",
	}
	changes := []Change{modified("shop/pay.py", [2]int{2, 2}), modified("tests/test_cli.py", [2]int{5, 1})}
	held := inputOld(files, map[string]string{"shop/pay.py": "def charge(x):\n    if x < 0:\n        raise TypeError(\"amount must be positive\")\n    return x\n"}, changes...)
	if res, fs := TestsTouched(&held, Prepare(&held)); res.Status != Failed || len(fs) != 1 {
		t.Fatalf("a literal the file held before linked: %s %v %q", res.Status, paths(fs), res.Notes)
	}
	fresh := inputOld(files, map[string]string{"shop/pay.py": "def charge(x):\n    if x < 0:\n        raise ValueError(\"negative\")\n    return x\n"}, changes...)
	if res, _ := TestsTouched(&fresh, Prepare(&fresh)); res.Status != Passed || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], `checks "amount must be positive"`) {
		t.Fatalf("a new literal did not link: %s %q", res.Status, res.Notes)
	}
}

func TestStringLiterals(t *testing.T) {
	for line, want := range map[string][]string{
		`raise ValueError("amount must be positive")`:   {"amount must be positive"},
		`f('it\'s "quoted"', "two", ` + "`three ${x}`)": {`it\'s "quoted"`, "two", "three ${x}"},
		`x = "unterminated`:                             nil,
		`no strings here`:                               nil,
		`a = "" + 'b'`:                                  {"", "b"},
		`x = "a" // don't "link" this`:                  {"a"},
		` * it's the caller's job`:                      nil,
	} {
		if got := stringLiterals(line, "javascript"); strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
			t.Errorf("%s: %q, want %q", line, got, want)
		}
	}
	if got := stringLiterals(`raise E("#1 failed")  # don't 'x'`, "python"); strings.Join(got, "|") != "#1 failed" {
		t.Errorf("python: %q", got)
	}
	if got := quoteShort(strings.Repeat("ab", 30)); got != `"`+strings.Repeat("ab", 19)+"a…\"" {
		t.Errorf("quoteShort %s", got)
	}
}

// TestJSNames: a specifier names the file with any of Node's and
// TypeScript's extensions, its index file, or the .ts behind a .js.
func TestJSNames(t *testing.T) {
	for p, want := range map[string]bool{"src/fetch": true, "src/fetch.js": true, "src/fetch.ts": true, "src/fetch/index": false, "src/fetcher": false} {
		if got := jsNames(p, "src/fetch.ts"); got != want {
			t.Errorf("jsNames(%q) = %v", p, got)
		}
	}
	if !jsNames("src/fetch", "src/fetch/index.ts") {
		t.Error("a directory does not name its index")
	}
}

// TestAddedLines: only the lines the change added, in order, read once.
func TestAddedLines(t *testing.T) {
	reads := 0
	in := input(map[string]string{"a.py": "one\ntwo\nthree\n"}, modified("a.py", [2]int{2, 2}))
	read := in.Read
	in.Read = func(p string) ([]byte, error) {
		if p == "a.py" {
			reads++
		}
		return read(p)
	}
	f := Prepare(&in)[0]
	l := newLinker(&in)
	for i := 0; i < 2; i++ {
		if got := strings.Join(l.addedLines(f), "|"); got != "two|three" {
			t.Fatalf("added lines %q", got)
		}
	}
	if reads != 1 {
		t.Errorf("read %d times", reads)
	}
}

// TestPackageLinkSpent: a test with a stronger link to another changed
// source file (named after it, importing it) does not count by its package
// for a third file; with no such link, the package link still counts.
func TestPackageLinkSpent(t *testing.T) {
	files := map[string]string{
		"package.json":              `{"name": "fast"}`,
		"lib/error-status.js":       "exports.status = function (e) { return e.statusCode || 500 }\n",
		"lib/handle-request.js":     "exports.handle = function (r) { return r.send() }\n",
		"test/error-status.test.js": "const fast = require('..')\ntest('500', () => fast())\n",
	}
	changes := []Change{modified("lib/error-status.js", [2]int{1, 1}), modified("lib/handle-request.js", [2]int{1, 1}), modified("test/error-status.test.js", [2]int{2, 1})}
	in := input(files, changes...)
	res, fs := TestsTouched(&in, Prepare(&in))
	if res.Status != Failed || len(fs) != 1 || fs[0].Path != "lib/handle-request.js" {
		t.Fatalf("status %s, findings %v, notes %q: want lib/handle-request.js alone asked for a test", res.Status, paths(fs), res.Notes)
	}
	// The same test named after neither file: its package counts for both.
	files["test/app.test.js"] = files["test/error-status.test.js"]
	delete(files, "test/error-status.test.js")
	changes[2] = modified("test/app.test.js", [2]int{2, 1})
	in = input(files, changes...)
	if res, fs := TestsTouched(&in, Prepare(&in)); res.Status != Passed {
		t.Fatalf("status %s, findings %v, notes %q: want both linked by the package", res.Status, paths(fs), res.Notes)
	}
	// Python: a test importing one changed module is spent for another.
	py := map[string]string{"src/shop/models.py": "def total(x):\n    return x\n", "src/shop/_types.py": "def has_read(o):\n    return hasattr(o, 'read')\n",
		"tests/test_shop.py": "import shop\nfrom shop.models import total\n\ndef test_t():\n    assert total(1) == 1\n"}
	in = input(py, modified("src/shop/models.py", [2]int{2, 1}), modified("src/shop/_types.py", [2]int{2, 1}), modified("tests/test_shop.py", [2]int{5, 1}))
	if res, fs := TestsTouched(&in, Prepare(&in)); res.Status != Failed || len(fs) != 1 || fs[0].Path != "src/shop/_types.py" {
		t.Fatalf("python: status %s, findings %v, notes %q", res.Status, paths(fs), res.Notes)
	}
}

// TestStrongSourcesOncePerTest: a test's strong links are found once and
// name every changed source file they reach, whichever file asks.
func TestStrongSourcesOncePerTest(t *testing.T) {
	files := map[string]string{
		"package.json":         `{"name": "fast"}`,
		"lib/a.js":             "exports.a = 1\n",
		"lib/b.js":             "exports.b = 1\n",
		"lib/c.js":             "exports.c = 1\n",
		"test/a.test.js":       "const a = require('../lib/a')\nconst b = require('../lib/b')\nconst fast = require('..')\n",
		"test/nothing.test.js": "const fast = require('..')\n",
	}
	in := input(files, modified("lib/a.js", [2]int{1, 1}), modified("lib/b.js", [2]int{1, 1}), modified("lib/c.js", [2]int{1, 1}),
		modified("test/a.test.js", [2]int{3, 1}), modified("test/nothing.test.js", [2]int{1, 1}))
	fs := Prepare(&in)
	lk := newLinker(&in)
	var tests []*File
	for _, f := range fs {
		if f.test {
			tests = append(tests, f)
		} else {
			lk.sources = append(lk.sources, f)
		}
	}
	strong := []func(*File, *File) (string, bool){lk.byNaming, lk.byImport}
	got := lk.strongSources(tests[0], strong)
	if len(got) != 2 || got[0].Path != "lib/a.js" || got[1].Path != "lib/b.js" {
		t.Fatalf("strong sources of %s: %v", tests[0].Path, got)
	}
	if again := lk.strongSources(tests[0], nil); len(again) != 2 {
		t.Fatalf("not read once: %v", again)
	}
	if !lk.spent(lk.sources[2], tests[0], strong) || lk.spent(lk.sources[0], tests[1], strong) {
		t.Fatal("spent: a.test.js is spent for c.js; nothing.test.js is spent for none")
	}
}

package lang

import (
	"reflect"
	"testing"
)

func TestJSDecls(t *testing.T) {
	for _, c := range []struct {
		file  string
		wants []want
	}{
		{"js/awkward.ts", []want{
			{"NOT_A_FUNCTION", "const", false, 5, 5, 0, 0, 0, ""},
			{"ALSO_NOT", "const", false, 6, 6, 0, 0, 0, ""},
			{"tpl", "const", false, 7, 7, 0, 0, 0, ""},
			{"re", "const", false, 8, 8, 0, 0, 0, ""},
			{"ratio", "const", false, 8, 8, 0, 0, 0, ""},
			{"add", "function", true, 14, 16, 14, 10, 13, "Adds two numbers.\n@param a the first"},
			{"parse", "function", true, 19, 23, 21, 18, 18, "Overloaded: documented on the first signature."},
			{"typed", "function", true, 25, 30, 28, 0, 0, ""},
			{"ambient", "function", false, 32, 32, 0, 0, 0, ""},
			{"Service", "class", true, 35, 67, 36, 34, 34, "A service."},
			{"Service.cache", "property", false, 37, 37, 0, 0, 0, ""},
			{"Service.#secret", "property", false, 38, 38, 0, 0, 0, ""},
			{"Service.instances", "property", true, 39, 39, 0, 0, 0, ""},
			{"Service.constructor", "constructor", true, 42, 44, 42, 41, 41, "Builds it."},
			{"Service.find", "method", true, 47, 50, 47, 46, 46, "Finds one."},
			{"Service.load", "method", true, 52, 52, 0, 0, 0, ""},
			{"Service.hidden", "method", false, 54, 54, 54, 0, 0, ""},
			{"Service.#reallyHidden", "method", false, 56, 58, 56, 0, 0, ""},
			{"Service.handler", "method", true, 60, 62, 60, 0, 0, ""},
			{"Service.size", "getter", true, 64, 66, 64, 0, 0, ""},
			{"Shape", "interface", true, 69, 72, 69, 0, 0, ""},
			{"Result", "type", true, 74, 76, 0, 0, 0, ""},
			{"Color", "enum", true, 78, 81, 78, 0, 0, ""},
			{"Internal", "enum", false, 83, 86, 83, 0, 0, ""},
			{"multiply", "function", true, 88, 89, 89, 0, 0, ""},
			{"makeThing", "function", true, 91, 93, 91, 0, 0, ""},
			{"counter", "var", false, 95, 95, 0, 0, 0, ""},
			{"other", "function", false, 95, 97, 95, 0, 0, ""},
			{"café", "function", true, 99, 99, 99, 0, 0, ""},
			{"default", "function", true, 101, 103, 101, 0, 0, ""},
			{"localOnly", "function", true, 105, 105, 105, 0, 0, ""},
			{"Geometry.area", "function", false, 109, 111, 109, 0, 0, ""},
			{"Geometry.internal", "function", false, 112, 112, 112, 0, 0, ""},
		}},
		{"js/awkward.jsx", []want{
			{"Greeting", "function", true, 5, 16, 5, 4, 4, "A greeting."},
			{"Arrow", "function", true, 18, 18, 18, 0, 0, ""},
			{"compare", "function", true, 20, 22, 20, 0, 0, ""},
			{"Widget", "class", true, 24, 29, 24, 0, 0, ""},
			{"Widget.render", "method", true, 25, 28, 25, 0, 0, ""},
			{"handler", "function", true, 32, 34, 32, 0, 0, ""},
		}},
		{"js/broken.ts", []want{
			{"unclosed", "function", true, 1, 2, 0, 0, 0, ""},
			{"recovered", "function", true, 4, 6, 4, 0, 0, ""},
			{"s", "const", false, 7, 7, 0, 0, 0, ""},
			{"AfterBroken", "class", true, 8, 10, 8, 0, 0, ""},
			{"AfterBroken.method", "method", true, 9, 9, 9, 0, 0, ""},
		}},
		{"js/tabs_crlf.ts", []want{
			{"Tabbed", "class", true, 2, 7, 2, 1, 1, "Tabs and CRLF."},
			{"Tabbed.method", "method", true, 3, 6, 3, 0, 0, ""},
			{"f", "function", true, 9, 10, 10, 0, 0, ""},
		}},
	} {
		t.Run(c.file, func(t *testing.T) {
			src := readTestdata(t, c.file)
			ds, err := JS{}.Decls(c.file, src)
			if err != nil {
				t.Fatal(err)
			}
			checkDecls(t, ds, c.wants)
			checkInvariants(t, src, ds)
		})
	}
}

func TestJSCommentLines(t *testing.T) {
	ds, _ := JS{}.Decls("awkward.ts", readTestdata(t, "js/awkward.ts"))
	if got := commentLinesOf(t, ds, "Service.find"); !reflect.DeepEqual(got, []int{46, 48}) {
		t.Errorf("Service.find comment lines %v", got)
	}
	if got := commentLinesOf(t, ds, "NOT_A_FUNCTION"); got != nil {
		t.Errorf("a // in a string is a comment: %v", got)
	}
	ds, _ = JS{}.Decls("awkward.jsx", readTestdata(t, "js/awkward.jsx"))
	// JSX text is not a comment; {/* */} is.
	if got := commentLinesOf(t, ds, "Greeting"); !reflect.DeepEqual(got, []int{4, 10}) {
		t.Errorf("Greeting comment lines %v", got)
	}
}

func TestJSSnippets(t *testing.T) {
	for _, c := range []struct {
		name, file, src string
		wants           []want
	}{
		{"members keyed by the module's own symbols", "a.ts",
			"const kRun = Symbol('run');\nexport const kShared = Symbol('shared');\nconst kGlobal = Symbol.for('global');\nexport class Y {\n  [kRun]() {}\n  [kShared]() {}\n  [kGlobal]() {}\n  [Symbol.iterator]() {}\n}\n", []want{
				{"kRun", "const", false, 1, 1, 0, 0, 0, ""},
				{"kShared", "const", true, 2, 2, 0, 0, 0, ""},
				{"kGlobal", "const", false, 3, 3, 0, 0, 0, ""},
				{"Y", "class", true, 4, 9, 4, 0, 0, ""},
				{"Y.[kRun]", "method", false, 5, 5, 5, 0, 0, ""},
				{"Y.[kShared]", "method", true, 6, 6, 6, 0, 0, ""},
				{"Y.[kGlobal]", "method", true, 7, 7, 7, 0, 0, ""},
				{"Y.[Symbol.iterator]", "method", true, 8, 8, 8, 0, 0, ""},
			}},
		{"a module's symbol, no member keyed by it", "a.ts",
			"const kRun = Symbol('run');\nexport class Y {\n  run() {}\n}\n", []want{
				{"kRun", "const", false, 1, 1, 0, 0, 0, ""},
				{"Y", "class", true, 2, 4, 2, 0, 0, ""},
				{"Y.run", "method", true, 3, 3, 3, 0, 0, ""},
			}},
		{"export default name", "a.js", "function main() {}\nexport default main;\n", []want{
			{"main", "function", true, 1, 1, 1, 0, 0, ""},
		}},
		{"module.exports name", "a.cjs", "class Router {}\nmodule.exports = Router;\n", []want{
			{"Router", "class", true, 1, 1, 1, 0, 0, ""},
		}},
		{"exports.x = name", "a.js", "function helper() {}\nexports.helper = helper;\n", []want{
			{"helper", "function", true, 1, 1, 1, 0, 0, ""},
		}},
		{"re-export is not local", "a.ts", "function x() {}\nexport { x } from './x';\n", []want{
			{"x", "function", false, 1, 1, 1, 0, 0, ""},
		}},
		{"export as", "a.ts", "const a = 1;\nexport { a as b };\n", []want{
			{"a", "const", true, 1, 1, 0, 0, 0, ""},
		}},
		{"global d.ts", "types.d.ts", "declare function g(): void;\ninterface Window { x: number }\n", []want{
			{"g", "function", true, 1, 1, 0, 0, 0, ""},
			{"Window", "interface", true, 2, 2, 2, 0, 0, ""},
		}},
		{"module d.ts", "types.d.ts", "import type { A } from './a';\ndeclare function g(): A;\n", []want{
			{"g", "function", false, 2, 2, 0, 0, 0, ""},
		}},
		{"doc trailing a statement", "a.ts", "x(); /** not mine */\nfunction f() {}\n", []want{
			{"f", "function", false, 2, 2, 2, 0, 0, ""},
		}},
		{"doc before decorator", "a.ts", "/** Doc. */\n@dec()\nexport class C {}\n", []want{
			{"C", "class", true, 2, 3, 3, 1, 1, "Doc."},
		}},
		{"doc between decorator and class", "a.ts", "@dec()\n/** Not attached, as in TypeScript. */\nexport class C {}\n", []want{
			{"C", "class", true, 1, 3, 3, 0, 0, ""},
		}},
		{"line comment after doc", "a.ts", "/** Doc. */\n// eslint-disable-next-line\nfunction f() {}\n", []want{
			{"f", "function", false, 3, 3, 3, 1, 1, "Doc."},
		}},
		{"regex versus division", "a.js", "const a = x / y / z, b = /}/.test(s) ? 1 : 2;\nfunction f() {}\n", []want{
			{"a", "const", false, 1, 1, 0, 0, 0, ""},
			{"b", "const", false, 1, 1, 0, 0, 0, ""},
			{"f", "function", false, 2, 2, 2, 0, 0, ""},
		}},
		{"regex with slash in class", "a.js", "const r = /[/]{/;\nfunction f() {}\n", []want{
			{"r", "const", false, 1, 1, 0, 0, 0, ""},
			{"f", "function", false, 2, 2, 2, 0, 0, ""},
		}},
		{"no semicolons", "a.js", "const a = 1\nlet b = a\n  + 1\nvar c = function () {\n}\n[1].map(f)\n", []want{
			{"a", "const", false, 1, 1, 0, 0, 0, ""},
			{"b", "var", false, 2, 3, 0, 0, 0, ""},
			{"c", "function", false, 4, 6, 4, 0, 0, ""},
		}},
		{"object type return", "a.ts", "function f(): { a: { b: number } } {\n  return { a: { b: 1 } };\n}\n", []want{
			{"f", "function", false, 1, 3, 1, 0, 0, ""},
		}},
		{"generic arrow in tsx", "a.tsx", "export const id = <T,>(x: T) => x;\nexport const el = <div>{'}'}</div>;\n", []want{
			{"id", "function", true, 1, 1, 1, 0, 0, ""},
			{"el", "const", true, 2, 2, 0, 0, 0, ""},
		}},
		{"type assertion in ts", "a.ts", "const n = <number>value;\nfunction f() {}\n", []want{
			{"n", "const", false, 1, 1, 0, 0, 0, ""},
			{"f", "function", false, 2, 2, 2, 0, 0, ""},
		}},
		{"nested templates", "a.js", "const t = `${`${'`'}`}` + `}`;\nfunction f() {}\n", []want{
			{"t", "const", false, 1, 1, 0, 0, 0, ""},
			{"f", "function", false, 2, 2, 2, 0, 0, ""},
		}},
		{"class members", "a.ts", "export class A {\n  static {\n    init();\n  }\n  [key: string]: unknown;\n  get = 1;\n  static async *gen() {}\n  'quoted'() {}\n}\n", []want{
			{"A", "class", true, 1, 9, 1, 0, 0, ""},
			{"A.get", "property", true, 6, 6, 0, 0, 0, ""},
			{"A.gen", "method", true, 7, 7, 7, 0, 0, ""},
			{"A.quoted", "method", true, 8, 8, 8, 0, 0, ""},
		}},
		{"anonymous default class", "a.js", "export default class extends Base {\n  run() {}\n}\n", []want{
			{"default", "class", true, 1, 3, 1, 0, 0, ""},
			{"default.run", "method", true, 2, 2, 2, 0, 0, ""},
		}},
		{"exported namespace", "a.ts", "export namespace N {\n  export const x = 1;\n  const y = 2;\n  export namespace M {\n    export function f() {}\n  }\n}\n", []want{
			{"N.x", "const", true, 2, 2, 0, 0, 0, ""},
			{"N.y", "const", false, 3, 3, 0, 0, 0, ""},
			{"N.M.f", "function", true, 5, 5, 5, 0, 0, ""},
		}},
		{"hashbang", "a.mjs", "#!/usr/bin/env node\nexport function main() {}\n", []want{
			{"main", "function", true, 2, 2, 2, 0, 0, ""},
		}},
		{"type alias and contextual type", "a.ts", "type = 5;\ntype A<T> = T extends {} ? T : never\nexport type B = A<1>\n", []want{
			{"A", "type", false, 2, 2, 0, 0, 0, ""},
			{"B", "type", true, 3, 3, 0, 0, 0, ""},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ds, err := JS{}.Decls(c.file, []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			checkDecls(t, ds, c.wants)
			checkInvariants(t, []byte(c.src), ds)
		})
	}
}

func TestJSPaths(t *testing.T) {
	checkPaths(t, JS{}, map[string]bool{
		"src/foo.test.ts":            true,
		"src/foo.spec.jsx":           true,
		"src/__tests__/foo.ts":       true,
		"src/foo.test.mjs":           true,
		"test.js":                    true,
		"test.node.js":               true,
		"tests.ts":                   true,
		"src/testing.js":             false,
		"latest.js":                  false,
		"src/foo.ts":                 false,
		"src/testing.ts":             false,
		"test/foo.ts":                true,
		"test/helpers/server.js":     true,
		"spec/foo.js":                true,
		"test-d/paint.ts":            true,
		"src/test-d/index.test-d.ts": true,
		"source/index.test-d.ts":     true,
		"src/contest/foo.ts":         false,
		"src/foo.test.json":          false,
		"src/__tests__/fixture.json": false,
		"src/contest.spec.d.ts":      false,
		"src/foo.tests.ts":           false,
	}, [][3]any{
		{"src/foo.ts", "src/foo.test.ts", true},
		{"src/foo.ts", "src/foo.spec.tsx", true},
		{"src/foo.ts", "src/foo.test.js", true},
		{"src/foo.js", "src/__tests__/foo.test.js", true},
		{"src/foo.js", "src/__tests__/foo.js", true},
		{"src/a/foo.ts", "test/a/foo.test.ts", true},
		{"src/a/foo.ts", "tests/a/foo.spec.ts", true},
		{"src/a/foo.ts", "tests/foo.test.ts", true},
		{"src/a/foo.ts", "__tests__/a/foo.test.ts", true},
		{"lib/router.js", "test/router.js", true},
		{"lib/a/router.js", "test/a/router.js", true},
		{"lib/router.js", "test/app.js", false},
		{"src/a/foo.ts", "test/b/foo.test.ts", false},
		{"src/a/foo.ts", "src/b/foo.test.ts", false},
		{"src/a/foo.ts", "src/a/foobar.test.ts", false},
		{"src/a/foo.ts", "src/a/foo.ts", false},
		{"src/a/foo.d.ts", "src/a/foo.test.ts", true},
		{"pkg/a/src/foo.ts", "pkg/b/test/foo.test.ts", false},
		{"src/foo.test.ts", "src/foo.test.test.ts", false},
		{"src/foo.py", "src/foo.test.ts", false},
	})
}

func FuzzJSDecls(f *testing.F) {
	fuzzDecls(f, JS{}, []string{"x.ts", "x.tsx", "x.js", "x.d.ts"},
		"`${", "<a>{", "<a b={<c/>}>", "class A { x = () => { }", "export {", "/[/", "a\n/b/", "@", "function f<(", "<T,>() => {}")
}

// A type test is one by tsd's and vitest's naming or directory, whatever
// the JS/TS extension; other tests and non-JS files are not.
func TestIsTypeTest(t *testing.T) {
	for p, want := range map[string]bool{
		"source/index.test-d.ts": true, "src/a.test-d.tsx": true, "src/a.test-d.mts": true, "test-d/paint.ts": true, "pkg/test-d/x.ts": true,
		"src/a.test.ts": false, "test/a.ts": false, "test-d/notes.md": false, "src/test-data/x.ts": false,
	} {
		if got := IsTypeTest(p); got != want {
			t.Errorf("IsTypeTest(%q) = %v, want %v", p, got, want)
		}
	}
}

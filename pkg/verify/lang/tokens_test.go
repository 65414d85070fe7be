package lang

import (
	"strings"
	"testing"
)

// sameBehaviour reports whether BehaviourTokens finds old and new equal.
func sameBehaviour(t *testing.T, p, old, new string) bool {
	t.Helper()
	same, err := SameBehaviour(p, []byte(old), p, []byte(new))
	if err != nil {
		t.Fatal(err)
	}
	return same
}

type neutralCase struct {
	name, old, new string
	neutral        bool
}

func runNeutral(t *testing.T, p string, cases []neutralCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := sameBehaviour(t, p, tc.old, tc.new); got != tc.neutral {
				a, _ := BehaviourTokens(p, []byte(tc.old))
				b, _ := BehaviourTokens(p, []byte(tc.new))
				t.Fatalf("neutral = %v, want %v\nold: %s\nnew: %s", got, tc.neutral, strings.Join(a, " "), strings.Join(b, " "))
			}
		})
	}
}

func TestBehaviourTokensGo(t *testing.T) {
	runNeutral(t, "a.go", []neutralCase{
		{"comment", "package a\n\nfunc F() int {\n\treturn 1\n}\n", "package a\n\n// F is one.\nfunc F() int {\n\treturn 1 // one\n}\n", true},
		{"formatting", "package a\nfunc F(a,b int) int { return a+b }\n", "package a\n\nfunc F(a, b int) int {\n\treturn a + b\n}\n", true},
		{"changed number", "package a\nvar x = 1\n", "package a\nvar x = 2\n", false},
		{"changed string", "package a\nvar x = \"a\"\n", "package a\nvar x = \"b\"\n", false},
		{"var to const", "package a\nvar x = 1\n", "package a\nconst x = 1\n", false},
		{"added statement", "package a\nfunc F() {\n\tg()\n}\n", "package a\nfunc F() {\n\tg()\n\tg()\n}\n", false},
		{"directive", "package a\n", "//go:build linux\n\npackage a\n", false},
		{"embed directive", "package a\n\nimport _ \"embed\"\n\n//go:embed a.txt\nvar s string\n", "package a\n\nimport _ \"embed\"\n\n//go:embed b.txt\nvar s string\n", false},
		{"cgo preamble", "package a\n\n// int x = 1;\nimport \"C\"\n", "package a\n\n// int x = 2;\nimport \"C\"\n", false},
		{"return on its own line", "package a\nfunc F() {\n\treturn\n\tg()\n}\n", "package a\nfunc F() {\n\treturn g()\n}\n", false},
		{"operator", "package a\nvar x = a == b\n", "package a\nvar x = a != b\n", false},
		{"parameters grouped", "package a\nfunc F(w Writer, r *Request, n int, m int) {}\n", "package a\nfunc F(w Writer, r *Request, n, m int) {}\n", true},
		{"fields grouped", "package a\ntype T struct {\n\tx int\n\ty int\n}\n", "package a\ntype T struct{ x, y int }\n", true},
		{"parameters swapped", "package a\nfunc F(n, m int) int { return n - m }\n", "package a\nfunc F(m, n int) int { return n - m }\n", false},
		{"literal collapsed", "package a\nvar m = &Mux{\n\tinline: true,\n\tparent: mx,\n}\n", "package a\nvar m = &Mux{inline: true, parent: mx}\n", true},
		{"+build line dropped beside //go:build", "//go:build !tinygo\n// +build !tinygo\n\npackage a\n", "//go:build !tinygo\n\npackage a\n", true},
		{"+build line added beside //go:build", "//go:build linux\n\npackage a\n", "//go:build linux\n//+build linux\n\npackage a\n", true},
		{"+build line dropped alone", "// +build !tinygo\n\npackage a\n", "package a\n", false},
		{"+build line made //go:build", "// +build linux\n\npackage a\n", "//go:build linux\n\npackage a\n", false},
		{"//go:build changed, +build dropped", "//go:build linux\n// +build linux\n\npackage a\n", "//go:build darwin\n\npackage a\n", false},
		{"+build text after the package clause still counts", "//go:build linux\n\npackage a\n\n// +build linux\nvar x = 1\n", "//go:build linux\n\npackage a\n\nvar x = 1\n", false},
	})
	if _, err := BehaviourTokens("a.go", []byte("package a\nvar s = \"unterminated\n")); err == nil {
		t.Fatal("a Go file go/scanner rejects must be an error")
	}
}

func TestBehaviourTokensPython(t *testing.T) {
	base := "import os\n\n\ndef f(a, b=1):\n    return a + b\n"
	runNeutral(t, "a.py", []neutralCase{
		{"comment", base, "import os  # the os\n\n\n# f adds.\ndef f(a, b=1):\n    return a + b  # sum\n", true},
		{"a bare annotation in a plain class", "class M:\n    pass\n\n\nclass R(M):\n    method: str\n\n    def g(self):\n        return 1\n",
			"class M:\n    pass\n\n\nclass R(M):\n    hooks: dict[str, list[int]]\n    method: str | None\n\n    def g(self):\n        return 1\n", true},
		{"a bare annotation at module level", "x = 1\n", "hooks: dict\nx = 1\n", true},
		{"a bare annotation in a function makes a local", "def f():\n    return x\n", "def f():\n    x: int\n    return x\n", false},
		{"annotations typer reads count", "import typer\n\n\ndef main(count: int):\n    print(count)\n\n\ntyper.run(main)\n",
			"import typer\n\n\ndef main(count: str):\n    print(count)\n\n\ntyper.run(main)\n", false},
		{"annotations an injector may read count", "from injector import Injector, inject\nimport os\n\n\ndef make(db: Db) -> Svc:\n    return Svc(db)\n",
			"from injector import Injector, inject\nimport os\n\n\ndef make(db: OtherDb) -> Svc:\n    return Svc(db)\n", false},
		{"annotations of a module importing no reader are types", "import os, json\n\n\ndef main(count: int):\n    print(count)\n",
			"import os, json\n\n\ndef main(count: str) -> None:\n    print(count)\n", true},
		{"a dataclass's fields are its annotations", "@dataclass\nclass P:\n    x: int\n", "@dataclass\nclass P:\n    x: int\n    y: int\n", false},
		{"docstrings", base, "\"\"\"Module.\"\"\"\nimport os\n\n\ndef f(a, b=1):\n    '''Adds.\n\n    More.\n    '''\n    return a + b\n", true},
		{"changed docstring", "def f():\n    \"\"\"A.\"\"\"\n    return 1\n", "def f():\n    \"\"\"B.\"\"\"\n    return 1\n", true},
		{"quotes", "x = 'a'\ny = u\"it's\"\n", "x = \"a\"\ny = 'it\\'s'\n", true},
		{"black", "x = foo(a, b)\nif x: return y\nresult = some_function_name(argument_one)[0]\n",
			"x = foo(\n    a,\n    b,\n)\nif x:\n    return y\nresult = (\n    some_function_name(argument_one)[0]\n)\n", true},
		{"semicolons", "a = 1; b = 2\n", "a = 1\nb = 2\n", true},
		{"continuation", "x = a + \\\n    b\n", "x = a + b\n", true},
		{"class parens", "class A():\n    pass\n", "class A:\n    pass\n", true},
		{"one-tuple comma", "x = (a,)\n", "x = (a)\n", false},
		{"subscript comma", "x = d[a,]\n", "x = d[a]\n", false},
		{"parameter annotations", base, "import os\n\n\ndef f(a: int, b: \"int\" = 1) -> int:\n    return a + b\n", true},
		{"variable annotation in function", "def f():\n    x = 1\n    return x\n", "def f():\n    x: int = 1\n    return x\n", true},
		{"bare annotation to expression", "def f():\n    x: int\n", "def f():\n    x\n", false},
		{"typing imports", "def f(a):\n    return a\n", "from __future__ import annotations\nfrom typing import TYPE_CHECKING, Optional\nif TYPE_CHECKING:\n    from os import PathLike\n\n\ndef f(a: Optional[PathLike]) -> None:\n    return a\n", true},
		{"typing import used at run time", "from typing import cast\nx = cast(int, y)\n", "x = cast(int, y)\n", false},
		{"dataclass field annotation", "@dataclass\nclass A:\n    x: int = 1\n", "@dataclass\nclass A:\n    x: str = 1\n", false},
		{"class with a base", "class A(Base):\n    x: int\n", "class A(Base):\n    x: str\n", false},
		{"plain class annotation", "class A:\n    x: int\n    y: str | None\n", "class A:\n    x: int\n    y: str\n", true},
		{"decorated function keeps annotations", "@app.get('/')\ndef f(a: int):\n    return a\n", "@app.get('/')\ndef f(a: str):\n    return a\n", false},
		{"property annotations", "class A:\n    @property\n    def f(self) -> int:\n        return 1\n", "class A:\n    @property\n    def f(self) -> str:\n        return 1\n", true},
		{"changed default", "def f(a=1):\n    pass\n", "def f(a=2):\n    pass\n", false},
		{"changed string value", "x = 'a'\n", "x = 'b'\n", false},
		{"bytes prefix", "x = 'a'\n", "x = b'a'\n", false},
		{"changed number", "x = 1\n", "x = 2\n", false},
		{"changed operator", "x = a == b\n", "x = a != b\n", false},
		{"split operator", "x = a == b\n", "x = a = = b\n", false},
		{"added statement", base, base + "\nf(1, 2)\n", false},
		{"indentation moves a statement", "if a:\n    b()\nc()\n", "if a:\n    b()\n    c()\n", false},
		{"number case", "x = 0XFF\n", "x = 0xff\n", true},
		{"coding", "# -*- coding: latin-1 -*-\nx = 1\n", "# -*- coding: utf-8 -*-\nx = 1\n", false},
		{"generator parentheses stay", "x = (a for a in b)\n", "x = a for a in b\n", false},
		{"assert parentheses stay", "assert (a, b)\n", "assert a, b\n", false},
	})
}

func TestBehaviourTokensJavaScript(t *testing.T) {
	runNeutral(t, "a.js", []neutralCase{
		{"comment", "function f(a) {\n  return a + 1;\n}\n", "/** f adds one. */\nfunction f(a) {\n  // one\n  return a + 1; /* done */\n}\n", true},
		{"semicolons", "const a = 1;\nlet b = f(a);\nb++;\nfoo();\n", "const a = 1\nlet b = f(a)\nb++\nfoo()\n", true},
		{"prettier", "var x = {a:1,b:[1,2,],}\nfoo(a,b,)\nconst g = (x) => x*2\n", "var x = { a: 1, b: [1, 2] };\nfoo(a, b);\nconst g = x => x * 2;\n", true},
		{"quotes", "var s = 'a\"b'\nvar t = 'it\\'s'\n", "var s = \"a\\\"b\"\nvar t = \"it's\"\n", true},
		{"asi call", "a\n(b)\n", "a;\n(b)\n", false},
		{"asi leading semicolon", "a;\n(b)\n", "a\n;(b)\n", true},
		{"return on its own line", "function f() {\n  return\n  x\n}\n", "function f() {\n  return x\n}\n", false},
		{"empty statement after if", "if (a);\nb()\n", "if (a)\nb()\n", false},
		{"array hole", "var a = [1,,]\n", "var a = [1,]\n", false},
		{"changed string", "var s = 'a'\n", "var s = 'b'\n", false},
		{"changed number", "var n = 1\n", "var n = 2\n", false},
		{"changed operator", "if (a >= b) f()\n", "if (a > b) f()\n", false},
		{"split operator", "x = a >>> b\n", "x = a > >> b\n", false},
		{"template", "var s = `a`\n", "var s = 'a'\n", false},
		{"jsx pragma", "/** @jsx h */\nvar x = 1\n", "/** @jsx React.createElement */\nvar x = 1\n", false},
	})
}

func TestBehaviourTokensTypeScript(t *testing.T) {
	runNeutral(t, "a.ts", []neutralCase{
		{"annotations", "function f(a, b = 1) {\n  let x = a + b;\n  return x;\n}\n",
			"function f(a: number, b: number = 1): number {\n  let x: number = a + b;\n  return x;\n}\n", true},
		{"type parameters with defaults", "const empty = () => {};\nclass Q extends E {\n  f(x) { return x }\n}\n",
			"type R<T = void> = (value?: T | PromiseLike<T>) => void;\nconst empty = (): void => {};\nclass Q<A extends B<C> = D, C = E> extends E<'active'> {\n  f<T = string>(x: T): Promise<readonly T[]> { return x }\n}\n", true},
		{"a conditional is not an arrow's return type", "const f = a ? (b) : c => 1;\n", "const f = a ? (b) : d => 1;\n", false},
		{"optional and this parameters", "function f(a) { return a }\n", "function f(this: Window, a?: string | undefined): void { return a }\n", true},
		{"interfaces and aliases", "export const x = 1;\n", "export interface A {\n  a: string;\n}\nexport type B<T> = A | T[];\ntype C = { c: number }\nexport const x = 1;\n", true},
		{"interfaces with type parameter defaults and generic bases", "export class E<T = any> extends Error {}\nexport const x = 1;\n",
			"export class E<T = any> extends Error {}\nexport interface E<T = any> extends I<T> {}\nexport interface O<R extends K = K> extends Omit<Init, 'body'> {\n  d?: number | ((c: C) => number);\n}\nexport const x = 1;\n", true},
		{"an interface head that is not one stays", "interface < 1;\n", "interface < 2;\n", false},
		{"type imports", "import { a } from './a';\na();\n", "import type { B } from './b';\nimport { a } from './a';\nexport type { B };\na();\n", true},
		{"declare", "f()\n", "declare const g: (x: number) => void;\ndeclare module 'm' {\n  export function h(): void;\n}\nf()\n", true},
		{"as and satisfies", "const a = b;\nconst c = { x: 1 };\n", "const a = b as unknown as string;\nconst c = { x: 1 } satisfies C;\n", true},
		{"as const", "const a = ['x'];\n", "const a = ['x'] as const;\n", true},
		{"non-null", "const a = b.c.d();\n", "const a = b!.c!.d();\n", true},
		{"generics", "function id(x) { return x }\nconst m = new Map();\nconst y = id(m);\n",
			"function id<T extends object>(x: T): T { return x }\nconst m = new Map<string, Array<number>>();\nconst y = id<Map<string, Array<number>>>(m);\n", true},
		{"class members", "class A extends B {\n  x = 1;\n  y;\n  constructor(private z) { super() }\n  f(a) { return a }\n}\n",
			"class A<T> extends B<T> implements C, D<T> {\n  private readonly x: number = 1;\n  public y?: string;\n  declare w: number;\n  [key: string]: unknown;\n  constructor(private z: number) { super() }\n  protected f<U>(a: U): U { return a }\n}\n", true},
		{"abstract class", "class A {}\n", "abstract class A {}\n", true},
		{"arrow parameters", "const f = (a, b) => a + b;\n", "const f = (a: number, b: number) => a + b;\n", true},
		{"import renames stay", "import { a as b } from 'm';\n", "import { a } from 'm';\n", false},
		{"enum is code", "const x = 1;\n", "enum E { A, B }\nconst x = 1;\n", false},
		{"enum value", "enum E { A = 1 }\n", "enum E { A = 2 }\n", false},
		{"namespace with values", "namespace N { export const a = 1 }\n", "namespace N { export const a = 2 }\n", false},
		{"parameter property modifier", "class A { constructor(x: number) {} }\n", "class A { constructor(private x: number) {} }\n", false},
		{"ternary is not an annotation", "const f = a ? (b) : c => d;\n", "const f = a ? (b) => d;\n", false},
		{"comparison chain", "const x = a < b;\n", "const x = a < c;\n", false},
		{"default value", "function f(a: number = 1) {}\n", "function f(a: number = 2) {}\n", false},
		{"changed string", "const a: string = 'x';\n", "const a: string = 'y';\n", false},
	})
}

func TestBehaviourTokensJava(t *testing.T) {
	runNeutral(t, "A.java", []neutralCase{
		{"comments and formatting", "class A {\n  int f() { return 1; }\n}\n", "/** A. */\nclass A {\n  // f\n  int f() {\n    return 1; /* one */\n  }\n}\n", true},
		{"trailing commas", "enum E { A, B }\nclass C { int[] a = {1, 2}; }\n", "enum E { A, B, }\nclass C { int[] a = {1, 2,}; }\n", true},
		{"changed string", "class A { String s = \"a\"; }\n", "class A { String s = \"b\"; }\n", false},
		{"changed operator", "class A { boolean b = x >= y; }\n", "class A { boolean b = x > = y; }\n", false},
		{"changed number", "class A { int x = 1; }\n", "class A { int x = 2; }\n", false},
		{"nullness and override annotations", "class A {\n  String f(String s) { return s; }\n  public int hashCode() { return 1; }\n}\n",
			"@NullMarked\nclass A {\n  @Nullable String f(@javax.annotation.Nonnull String s) { return s; }\n  @Override @SuppressWarnings({\"a\", \"b\"})\n  public int hashCode() { return 1; }\n}\n", true},
		{"a deprecation", "class A {\n  void f() {}\n}\n", "class A {\n  /** @deprecated use g */\n  @Deprecated(since = \"2\", forRemoval = true)\n  void f() {}\n}\n", true},
		{"a runtime annotation counts", "class A { String name; }\n", "class A { @JsonProperty(\"n\") String name; }\n", false},
		{"Lombok's NonNull counts (it generates a null check)", "import lombok.NonNull;\nclass A { void f(String s) {} }\n",
			"import lombok.NonNull;\nclass A { void f(@NonNull String s) {} }\n", false},
		{"a qualified Lombok NonNull counts", "class A { void f(String s) {} }\n", "class A { void f(@lombok.NonNull String s) {} }\n", false},
		{"Bean Validation's NotNull counts", "import jakarta.validation.constraints.NotNull;\nclass A { String s; }\n",
			"import jakarta.validation.constraints.NotNull;\nclass A { @NotNull String s; }\n", false},
		{"a NotNull that may come from an on-demand validation import counts", "import javax.validation.constraints.*;\nclass A { String s; }\n",
			"import javax.validation.constraints.*;\nclass A { @NotNull String s; }\n", false},
		{"JSpecify's NonNull is static", "import org.jspecify.annotations.NonNull;\nimport lombok.*;\nclass A { String s; }\n",
			"import org.jspecify.annotations.NonNull;\nimport lombok.*;\nclass A { @NonNull String s; }\n", true},
		{"an annotation type stays", "@interface Nullable {}\n", "@interface NonNull {}\n", false},
		{"an unused import removed", "package a;\nimport java.util.List;\nimport java.util.Map;\nclass A {}\n", "package a;\n\nimport java.util.Map;\nclass A {}\n", true},
		{"an import added may change what a name means", "package a;\nclass A { Date d; }\n", "package a;\nimport java.sql.Date;\nclass A { Date d; }\n", false},
		{"an import changed", "package a;\nimport java.util.Date;\nclass A { Date d; }\n", "package a;\nimport java.sql.Date;\nclass A { Date d; }\n", false},
		{"a static import removed", "import static a.B.c;\nclass A {}\n", "class A {}\n", true},
	})
}

func TestBehaviourTokensUnknown(t *testing.T) {
	if _, err := BehaviourTokens("a.rb", []byte("x = 1\n")); err == nil {
		t.Fatal("an unknown language must be an error")
	}
	if _, err := BehaviourTokens("a.py", []byte("x = 1\x00\n")); err == nil {
		t.Fatal("binary content must be an error")
	}
}

package lang

import (
	"slices"
	"strings"
	"testing"
)

// TestNeutralIdioms checks each idiom NeutralChange treats as one, per
// language, and the shapes next to it that must still count as changes.
func TestNeutralIdioms(t *testing.T) {
	for _, tc := range []struct {
		name, path, before, after string
		// why is a substring of the reason, "" when the change counts.
		why string
	}{
		// JS/TS: let made const.
		{"let made const", "a.js",
			"function f(xs) {\n  let n = xs.length;\n  for (let x of xs) { use(x, n) }\n}\n",
			"function f(xs) {\n  const n = xs.length;\n  for (const x of xs) { use(x, n) }\n}\n",
			"let made const where the name is never assigned again"},
		{"const whose name is assigned", "a.js",
			"let n = 1;\nn += 2;\n", "const n = 1;\nn += 2;\n", ""},
		{"const whose name is incremented", "a.ts",
			"let i = 0\nwhile (ok()) i++\n", "const i = 0\nwhile (ok()) i++\n", ""},
		{"const whose name is destructured into", "a.js",
			"let a = 1\n;[a, b] = swap()\n", "const a = 1\n;[a, b] = swap()\n", ""},
		{"second declarator assigned", "a.js",
			"let a = 1, b = 2;\nb = 3;\n", "const a = 1, b = 2;\nb = 3;\n", ""},
		{"const made let, never assigned", "a.js",
			"const n = 1;\nuse(n);\n", "let n = 1;\nuse(n);\n", "let made const"},
		{"const that threw made let counts", "a.js",
			"const n = 1;\nn = 2;\n", "let n = 1;\nn = 2;\n", ""},
		// JS/TS, Java: a first value overwritten before it is read.
		{"first value overwritten in both branches", "a.js",
			"function d(a, b) {\n  for (let j = 1; j < 3; j++) {\n    let c = 1;\n    if (a[j] === b[j]) {\n      c = 0;\n    } else if (a[j] > b[j]) c = 2;\n    else {\n      c = 1;\n      log(c);\n    }\n    use(c);\n  }\n}\n",
			"function d(a, b) {\n  for (let j = 1; j < 3; j++) {\n    let c;\n    if (a[j] === b[j]) {\n      c = 0;\n    } else if (a[j] > b[j]) c = 2;\n    else {\n      c = 1;\n      log(c);\n    }\n    use(c);\n  }\n}\n",
			"a first value overwritten before it is read"},
		{"declaration joined with its assignment", "a.ts",
			"function run(file: string) {\n  let viaNode: boolean = false;\n  const exts = ['.js'];\n  function pick(d) { return d + file }\n  viaNode = exts.includes(ext(pick(file)));\n  go(viaNode);\n}\n",
			"function run(file: string) {\n  const exts = ['.js'];\n  function pick(d) { return d + file }\n  const viaNode = exts.includes(ext(pick(file)));\n  go(viaNode);\n}\n",
			"a first value overwritten before it is read"},
		{"first value read before it is overwritten counts", "a.js",
			"function f() {\n  let c = 1;\n  log(c);\n  c = 2;\n}\n", "function f() {\n  let c;\n  log(c);\n  c = 2;\n}\n", ""},
		{"first value kept by an if without else counts", "a.js",
			"function f(p) {\n  let c = 1;\n  if (p) { c = 0 }\n  use(c);\n}\n", "function f(p) {\n  let c;\n  if (p) { c = 0 }\n  use(c);\n}\n", ""},
		{"first value kept by an unbraced if counts", "a.js",
			"function f(p) {\n  let c = 1;\n  if (p) c = 2;\n  use(c);\n}\n", "function f(p) {\n  let c;\n  if (p) c = 2;\n  use(c);\n}\n", ""},
		{"branch assigning after a call counts", "a.js",
			"function f(p) {\n  let c = 1;\n  if (p) { c = 0 } else { g(); c = 1 }\n}\n", "function f(p) {\n  let c;\n  if (p) { c = 0 } else { g(); c = 1 }\n}\n", ""},
		{"first value read by the new one counts", "a.js",
			"function f() {\n  let n = 0;\n  n = n + 1;\n  use(n);\n}\n", "function f() {\n  let n;\n  n = n + 1;\n  use(n);\n}\n", ""},
		{"hoisted function reading the first value counts", "a.js",
			"function f() {\n  let c = 1;\n  peek();\n  c = 2;\n  function peek() { log(c) }\n}\n", "function f() {\n  let c;\n  peek();\n  c = 2;\n  function peek() { log(c) }\n}\n", ""},
		{"closure before the declaration counts", "a.js",
			"function* f() {\n  const g = () => c;\n  let c = 1;\n  yield g;\n  c = 2;\n}\n", "function* f() {\n  const g = () => c;\n  let c;\n  yield g;\n  c = 2;\n}\n", ""},
		{"first value in a block with eval counts", "a.js",
			"function f(s) {\n  let c = 1;\n  eval(s);\n  c = 2;\n}\n", "function f(s) {\n  let c;\n  eval(s);\n  c = 2;\n}\n", ""},
		{"case label between declaration and assignment counts", "a.js",
			"function f(k) {\n  switch (k) {\n  case 1:\n    let v = 0;\n    go();\n  case 2:\n    v = 2;\n    use(v);\n  }\n}\n",
			"function f(k) {\n  switch (k) {\n  case 1:\n    go();\n  case 2:\n    let v = 2;\n    use(v);\n  }\n}\n", ""},
		{"top-level let counts", "a.js", "let c = 1;\nc = 2;\n", "let c;\nc = 2;\n", ""},
		{"joined assignment declaring more counts", "a.js",
			"function f() {\n  let a = 0;\n  a = g(), h = 2;\n  use(a, h);\n}\n", "function f() {\n  let a = g(), h = 2;\n  use(a, h);\n}\n", ""},
		{"first value with an effect counts", "a.js",
			"function f() {\n  let c = tick();\n  c = 2;\n}\n", "function f() {\n  let c;\n  c = 2;\n}\n", ""},
		{"Java local overwritten in both branches", "A.java",
			"class A { int f(String a, String b) { int cost = 1; if (a.equals(b)) { cost = 0; } else { cost = 1; } return cost; } }",
			"class A { int f(String a, String b) { int cost; if (a.equals(b)) { cost = 0; } else { cost = 1; } return cost; } }",
			"a first value overwritten before it is read"},
		{"Java declaration joined with its assignment", "A.java",
			"class A { void f() { boolean viaNode = false; String e = ext(); viaNode = e.endsWith(\".js\"); go(viaNode); } }",
			"class A { void f() { String e = ext(); final boolean viaNode = e.endsWith(\".js\"); go(viaNode); } }",
			"a first value overwritten before it is read"},
		{"Java field's first value counts", "A.java",
			"class A { int cost = 1; void f() { if (p) { cost = 0; } else { cost = 1; } } }",
			"class A { int cost; void f() { if (p) { cost = 0; } else { cost = 1; } } }", ""},
		{"Java break to a label is no declaration", "A.java",
			"class A { void f() { out: for (;;) { break out; } out = 1; } }",
			"class A { void f() { out: for (;;) { break; } out = 1; } }", ""},
		// JS/TS: optional chaining in a condition.
		{"optional chaining in if", "a.js",
			"if (p && p.variadic) { throw e }\nif (this.parent && this.parent.count(x)) { go() }\nif (q && q.then && typeof q.then === 'function') {}\n",
			"if (p?.variadic) { throw e }\nif (this.parent?.count(x)) { go() }\nif (q?.then && typeof q.then === 'function') {}\n",
			"optional chaining in a condition"},
		{"optional chaining in while, after ||", "a.ts",
			"while (done || (n && n.next)) { n = n.next }\n", "while (done || (n?.next)) { n = n.next }\n",
			"optional chaining in a condition"},
		{"optional chaining assigned counts", "a.js",
			"const v = p && p.x;\n", "const v = p?.x;\n", ""},
		{"optional chaining compared counts", "a.js",
			"if (p && p.x !== 3) {}\n", "if (p?.x !== 3) {}\n", ""},
		{"optional chaining as an argument counts", "a.js",
			"if (f(p && p.x)) {}\n", "if (f(p?.x)) {}\n", ""},
		// JS/TS: trim aliases.
		{"trimEnd for trimRight", "a.js",
			"return s.trimRight() + t.trimLeft()\n", "return s.trimEnd() + t.trimStart()\n",
			"trimStart/trimEnd for trimLeft/trimRight"},
		{"trim for trimRight counts", "a.js", "return s.trimRight()\n", "return s.trim()\n", ""},
		// Java: isEmpty.
		{"isEmpty for size compared with 0", "A.java",
			"class A { void f() { if (vals.size() > 0) g(); if (req.data().size() == 0) h(); if (s.length() != 0) i(); } }",
			"class A { void f() { if (!vals.isEmpty()) g(); if (req.data().isEmpty()) h(); if (!s.isEmpty()) i(); } }",
			"isEmpty() for a size or length compared with 0"},
		{"size compared with 1 counts", "A.java",
			"class A { boolean f() { return vals.size() > 1; } }", "class A { boolean f() { return !vals.isEmpty(); } }", ""},
		{"isEmpty negated the other way counts", "A.java",
			"class A { boolean f() { return vals.size() == 0; } }", "class A { boolean f() { return !vals.isEmpty(); } }", ""},
		// Java: a cast to the type returned or declared.
		{"cast to the return type dropped", "A.java",
			"class A extends B {\n  @Override\n  public IOException cause() throws E {\n    if (ok) {\n      return (IOException) getCause();\n    }\n    return (IOException) this.inner.get(0).cause;\n  }\n  static <T> T first() { synchronized (l) { return (T) l.get(0); } }\n  long n() { return (long) 5; }\n}\n",
			"class A extends B {\n  @Override\n  public IOException cause() throws E {\n    if (ok) {\n      return getCause();\n    }\n    return this.inner.get(0).cause;\n  }\n  static <T> T first() { synchronized (l) { return l.get(0); } }\n  long n() { return 5; }\n}\n",
			"no cast to the type returned or declared"},
		{"cast to the declared type dropped", "A.java",
			"class A { private final List<String> names = (List<String>) load(); void f() { for (Object o = (Object) x; o != null; o = next(o)) { @Nullable Long v = (Long) m.get(o); use(v); } } }",
			"class A { private final List<String> names = load(); void f() { for (Object o = x; o != null; o = next(o)) { @Nullable Long v = m.get(o); use(v); } } }",
			"no cast to the type returned or declared"},
		{"cast to a subtype of the return type counts", "A.java",
			"class A { Throwable cause() { return (IOException) getCause(); } }",
			"class A { Throwable cause() { return getCause(); } }", ""},
		{"cast to a qualified return type counts", "A.java",
			"class A { java.io.IOException cause() { return (IOException) getCause(); } }",
			"class A { java.io.IOException cause() { return getCause(); } }", ""},
		{"cast in a lambda's return counts", "A.java",
			"class A { Long f() { return run(() -> { return (Long) get(); }); } }",
			"class A { Long f() { return run(() -> { return get(); }); } }", ""},
		{"cast of an operand counts", "A.java",
			"class A { double f() { return (double) a / b; } }",
			"class A { double f() { return a / b; } }", ""},
		{"cast in an assignment counts", "A.java",
			"class A { void f() { long v; v = (long) i; x.y = (Y) z; } }",
			"class A { void f() { long v; v = i; x.y = z; } }", ""},
		{"cast in a compound assignment counts", "A.java",
			"class A { void f() { int v = 0; v += (int) d; } }",
			"class A { void f() { int v = 0; v += d; } }", ""},
		{"cast of a parenthesised expression counts", "A.java",
			"class A { Integer f() { return (Integer) (c ? x : 0); } }",
			"class A { Integer f() { return c ? x : 0; } }", ""},
		// Go: a conversion to the type returned.
		{"conversion to the result type dropped", "a.go",
			"package a\n\nimport \"time\"\n\nfunc Timeout(n int) time.Duration {\n\tif n > 0 {\n\t\treturn time.Duration(base)\n\t}\n\treturn time.Duration(def * time.Second)\n}\n\nfunc (s *S) Err() error {\n\tf := func() int64 { return int64(s.n) }\n\tuse(f)\n\treturn error(s.err)\n}\n",
			"package a\n\nimport \"time\"\n\nfunc Timeout(n int) time.Duration {\n\tif n > 0 {\n\t\treturn base\n\t}\n\treturn def * time.Second\n}\n\nfunc (s *S) Err() error {\n\tf := func() int64 { return s.n }\n\tuse(f)\n\treturn s.err\n}\n",
			"no conversion to the type returned"},
		{"conversion to another type counts", "a.go",
			"package a\n\nfunc F() int64 { return int32(x) }\n", "package a\n\nfunc F() int64 { return x }\n", ""},
		{"conversion of an operand counts", "a.go",
			"package a\n\nfunc F() float64 { return float64(a) / b }\n", "package a\n\nfunc F() float64 { return a / b }\n", ""},
		{"conversion among results counts", "a.go",
			"package a\n\nfunc F() (T, error) { return T(x), nil }\n", "package a\n\nfunc F() (T, error) { return x, nil }\n", ""},
		{"a call named as the type counts", "a.go",
			"package a\n\nfunc F() T {\n\tT := pick()\n\treturn T(1)\n}\n", "package a\n\nfunc F() T {\n\tT := pick()\n\treturn 1\n}\n", ""},
		{"a package named as the type's counts", "a.go",
			"package a\n\nfunc F() time.Duration {\n\ttime, err := clock()\n\tuse(err)\n\treturn time.Duration(1)\n}\n", "package a\n\nfunc F() time.Duration {\n\ttime, err := clock()\n\tuse(err)\n\treturn 1\n}\n", ""},
		{"a literal's own result decides", "a.go",
			"package a\n\nfunc F() int64 {\n\tg := func() int32 { return int64(x) }\n\treturn int64(g())\n}\n", "package a\n\nfunc F() int64 {\n\tg := func() int32 { return x }\n\treturn g()\n}\n", ""},
		{"a func type's result is no body's", "a.go",
			"package a\n\nfunc F() {\n\tfs := []func() int64{a, b}\n\tvar g func() int64\n\t{\n\t\treturn int64(x)\n\t}\n}\n",
			"package a\n\nfunc F() {\n\tfs := []func() int64{a, b}\n\tvar g func() int64\n\t{\n\t\treturn x\n\t}\n}\n", ""},
		// Exception names the handler never reads.
		{"Java catch parameter renamed where unused", "A.java",
			"class A { void f() { try { g(); } catch (final InterruptedException ignored) { h(); } } }",
			"class A { void f() { try { g(); } catch (final InterruptedException e) { h(); } } }",
			"no name for an exception the handler never reads"},
		{"Java catch parameter renamed to one the block reads counts", "A.java",
			"class A { void f() { try { g(); } catch (IOException ignored) { log(e); } } }",
			"class A { void f() { try { g(); } catch (IOException e) { log(e); } } }", ""},
		{"JS optional catch binding", "a.ts",
			"export function f() {\n  try { g() } catch (e: unknown) { h() }\n}\n",
			"export function f() {\n  try { g() } catch { h() }\n}\n",
			"no name for an exception the handler never reads"},
		{"JS catch binding the block reads counts", "a.js",
			"function f() {\n  try { g() } catch (e) { h(e) }\n}\n", "function f() {\n  try { g() } catch { h(e) }\n}\n", ""},
		{"JS catch binding eval may read counts", "a.js",
			"function f() {\n  try { g() } catch (e) { eval(s) }\n}\n", "function f() {\n  try { g() } catch { eval(s) }\n}\n", ""},
		{"Python except without its unused name", "m.py",
			"def f():\n    try:\n        g()\n    except (KeyError, ValueError) as exc:\n        return None\n",
			"def f():\n    try:\n        g()\n    except (KeyError, ValueError):\n        return None\n",
			"no name for an exception the handler never reads"},
		{"Python except name read later counts", "m.py",
			"def f():\n    e = 1\n    try:\n        g()\n    except KeyError as e:\n        pass\n    return e\n",
			"def f():\n    e = 1\n    try:\n        g()\n    except KeyError:\n        pass\n    return e\n", ""},
		// A local returned at once.
		{"Python local returned at once", "m.py",
			"def parse(s, i, u, b):\n    size = s * i**u / b\n\n    return size\n",
			"def parse(s, i, u, b):\n    return s * i**u / b\n",
			"a local returned at once"},
		{"Python parameter reassigned and returned at once", "m.py",
			"def parse_size(size):\n    s = float(size)\n    size = s * 2\n    return size\n",
			"def parse_size(size):\n    s = float(size)\n    return s * 2\n",
			"a local returned at once"},
		{"Python parameter a lambda reads counts", "m.py",
			"def f(size):\n    g = lambda: size\n    size = 2\n    return size\n", "def f(size):\n    g = lambda: size\n    return 2\n", ""},
		{"Python local read elsewhere counts", "m.py",
			"def f(g):\n    size = g()\n    log(size)\n    return size\n", "def f(g):\n    log(size)\n    return g()\n", ""},
		{"Python local a closure reads counts", "m.py",
			"def f(g):\n    def h():\n        return size\n    size = g()\n    return size\n", "def f(g):\n    def h():\n        return size\n    return g()\n", ""},
		{"Python local under nonlocal counts", "m.py",
			"def f(g):\n    nonlocal size\n    size = g()\n    return size\n", "def f(g):\n    nonlocal size\n    return g()\n", ""},
		{"JS const returned at once", "a.ts",
			"export function f(a: number) {\n  const total: number = a * 2;\n  return total;\n}\n",
			"export function f(a: number) {\n  return a * 2;\n}\n",
			"a local returned at once"},
		{"JS const naming its function counts", "a.js",
			"function f() {\n  const handler = () => 1;\n  return handler;\n}\n", "function f() {\n  return () => 1;\n}\n", ""},
		{"JS two declarators count", "a.js",
			"function f() {\n  const a = 1, b = 2;\n  return b;\n}\n", "function f() {\n  const a = 1;\n  return 2;\n}\n", ""},
		{"Go local returned at once", "a.go",
			"package a\n\nfunc F(xs []int) int {\n\tn := len(xs) * 2\n\treturn n\n}\n",
			"package a\n\nfunc F(xs []int) int {\n\treturn len(xs) * 2\n}\n",
			"a local returned at once"},
		{"Go statement after the local counts", "a.go",
			"package a\n\nfunc F() int {\n\tx := f()\n\ty.Do()\n\treturn x\n}\n", "package a\n\nfunc F() int {\n\tz := f()\n\ty.Do()\n\treturn z\n}\n", ""},
		{"Go two values count", "a.go",
			"package a\n\nfunc F() error {\n\t_, err := g()\n\treturn err\n}\n", "package a\n\nfunc F() error {\n\treturn g()\n}\n", ""},
		{"Go local a deferred closure reads counts", "a.go",
			"package a\n\nfunc F() int {\n\tdefer func() { use(n) }()\n\tn := g()\n\treturn n\n}\n", "package a\n\nfunc F() int {\n\tdefer func() { use(n) }()\n\treturn g()\n}\n", ""},
		{"Java local of the return type returned at once", "A.java",
			"class A { List<String> names(Map<String, Integer> m) { final List<String> out = new ArrayList<>(m.keySet()); return out; } }",
			"class A { List<String> names(Map<String, Integer> m) { return new ArrayList<>(m.keySet()); } }",
			"a local returned at once"},
		{"Java local of another type counts", "A.java",
			"class A { Object f(int i) { long v = i; return v; } }", "class A { Object f(int i) { return i; } }", ""},
		// JS/TS: dot notation and shorthand.
		{"dot notation and shorthand", "a.ts",
			"export const o = {a: a, b: 1}\nuse(x['name'], f()?.['k'], o[\"b\"])\n",
			"export const o = {a, b: 1}\nuse(x.name, f()?.k, o.b)\n",
			"dot notation or shorthand for a property"},
		{"an index that is no name counts", "a.js", "use(x['a-b'])\n", "use(x.ab)\n", ""},
		{"an array literal is no index", "a.js", "function f() { return ['a'] }\n", "function f() { return .a }\n", ""},
		// Java: braces, diamond, final.
		{"braces around one statement", "A.java",
			"class A { int f(int x) { if (x > 0) { return 1; } else { x--; } for (int i : xs) { g(i); } return x; } }",
			"class A { int f(int x) { if (x > 0) return 1; else x--; for (int i : xs) g(i); return x; } }",
			"braces around one statement"},
		{"lambda block to expression", "A.java",
			"class A { void f() { g(x -> { return x + 1; }); h(() -> { run(); }); } }",
			"class A { void f() { g(x -> x + 1); h(() -> run()); } }",
			"braces around one statement"},
		{"braces around two statements count", "A.java",
			"class A { void f() { if (a) { g(); h(); } } }", "class A { void f() { if (a) g(); h(); } }", ""},
		{"braces that move an else count", "A.java",
			"class A { void f() { if (a) { if (b) g(); } else h(); } }", "class A { void f() { if (a) if (b) g(); else h(); } }", ""},
		{"diamond", "A.java",
			"class A { Map<String, List<String>> m = new HashMap<String, List<String>>(); List<String> l = new java.util.ArrayList<String>(); }",
			"class A { Map<String, List<String>> m = new HashMap<>(); List<String> l = new java.util.ArrayList<>(); }",
			"diamond for type arguments"},
		{"final on parameters and locals", "A.java",
			"class A { int f(int x) { int y = x; for (String s : l) use(s); try (InputStream in = open()) { } catch (IOException e) { } return y; } }",
			"class A { int f(final int x) { final int y = x; for (final String s : l) use(s); try (final InputStream in = open()) { } catch (final IOException e) { } return y; } }",
			"final on a parameter or local"},
		{"final on a field counts", "A.java",
			"class A { int x = 1; }", "class A { final int x = 1; }", ""},
		{"final on an anonymous class's field counts", "A.java",
			"class A { Object o = new Object() { int x = 1; }; }", "class A { Object o = new Object() { final int x = 1; }; }", ""},
		// Python: pyupgrade's spellings.
		{"not in, is not, object base, OSError, super()", "m.py",
			"import socket\n\nclass A(object):\n    def f(self, x):\n        if not x in self.seen and not x is None:\n            raise IOError('x')\n        try:\n            pass\n        except socket.error:\n            pass\n        return super(A, self).f(x)\n",
			"import socket\n\nclass A:\n    def f(self, x):\n        if x not in self.seen and x is not None:\n            raise OSError('x')\n        try:\n            pass\n        except OSError:\n            pass\n        return super().f(x)\n",
			"x not in / is not for not x in / is, class without object as its base, OSError for its aliases, super() without arguments"},
		{"super of another class counts", "m.py",
			"class A(B):\n    def f(self):\n        return super(B, self).f()\n", "class A(B):\n    def f(self):\n        return super().f()\n", ""},
		{"super in a nested function counts", "m.py",
			"class A(B):\n    def f(self):\n        def g(x):\n            return super(A, self).f()\n        return g\n",
			"class A(B):\n    def f(self):\n        def g(x):\n            return super().f()\n        return g\n", ""},
		{"a file binding IOError counts", "m.py",
			"IOError = MyError\nraise IOError('x')\n", "IOError = MyError\nraise OSError('x')\n", ""},
		{"not of a sum counts", "m.py",
			"if not (a + b) in c:\n    pass\n", "if (a + b) not in c:\n    pass\n", ""},
		// Go: any.
		{"any for interface{}", "a.go",
			"package a\n\nfunc F(v interface{}) []interface{} { return []interface{}{v} }\n",
			"package a\n\nfunc F(v any) []any { return []any{v} }\n",
			"any for interface{}"},
		{"any in a struct and a type parameter", "a.go",
			"package a\n\ntype S struct {\n\tV interface{}\n\tN int\n}\n\nfunc G[T interface{}](x T) {}\n",
			"package a\n\ntype S struct {\n\tV any\n\tN int\n}\n\nfunc G[T any](x T) {}\n",
			"any for interface{}"},
		{"a file declaring any counts", "a.go",
			"package a\n\ntype any = int\n\nfunc F(v interface{}) {}\n", "package a\n\ntype any = int\n\nfunc F(v any) {}\n", ""},
		{"a parameter named any counts", "a.go",
			"package a\n\nfunc F(any int, v interface{}) {}\n", "package a\n\nfunc F(any int, v any) {}\n", ""},
		{"any for a non-empty interface counts", "a.go",
			"package a\n\nfunc F(v interface{ M() }) {}\n", "package a\n\nfunc F(v any) {}\n", ""},
		// JS/TS: parentheses around a name.
		{"ts cast dropped with its parentheses", "a.ts",
			"export function f(x: unknown) {\n  return (x as any).m(1)\n}\n",
			"export function f(x: unknown) {\n  return x.m(1)\n}\n",
			"parentheses around a name"},
		{"parentheses around a member chain called", "a.js",
			"const v = (a.b.c)(1);\nreturn_(v);\n",
			"const v = a.b.c(1);\nreturn_(v);\n",
			"parentheses around a name"},
		{"parentheses of a call stay", "a.js",
			"f(x);\n",
			"f x;\n",
			""},
		{"parentheses around an optional chain stay", "a.js",
			"const v = (a?.b).c;\n",
			"const v = a?.b.c;\n",
			""},
		{"parentheses around a sum stay", "a.js",
			"const v = (a + b) * c;\n",
			"const v = a + b * c;\n",
			""},
		{"an if's parentheses stay", "a.js",
			"if (x) y();\n",
			"if x y();\n",
			""},
		{"js an if that is a loop's body counts", "a.js",
			"function f(xs) {\n  for (const x of xs) if (x) { return x } else { g(x) }\n  return 0\n}\n",
			"function f(xs) {\n  for (const x of xs) if (x) { return x }\n  g(x)\n  return 0\n}\n",
			""},
		{"js a dangling else counts", "a.js",
			"function f(a, c) {\n  if (a) if (c) { return 1 } else { g() }\n  return 2\n}\n",
			"function f(a, c) {\n  if (a) if (c) { return 1 }\n  g()\n  return 2\n}\n",
			""},
		{"java an if in a case counts", "A.java",
			"class A {\n  int f(int k, boolean c) {\n    switch (k) {\n      case 1: if (c) { return 1; } else { g(); }\n    }\n    return 0;\n  }\n}\n",
			"class A {\n  int f(int k, boolean c) {\n    switch (k) {\n      case 1: if (c) { return 1; } g();\n    }\n    return 0;\n  }\n}\n",
			""},
		{"go a goto counts", "a.go",
			"package a\n\nfunc F(c bool) {\n\tif c {\n\t\tgoto L\n\t\tL:\n\t\tg()\n\t} else {\n\t\th()\n\t}\n}\n",
			"package a\n\nfunc F(c bool) {\n\tif c {\n\t\tgoto L\n\t\tL:\n\t\tg()\n\t}\n\th()\n}\n",
			""},
		{"go a parameter named true counts", "a.go",
			"package a\n\nfunc F(true bool, a, b int) bool {\n\tif a == b {\n\t\treturn true\n\t}\n\treturn false\n}\n",
			"package a\n\nfunc F(true bool, a, b int) bool {\n\treturn a == b\n}\n",
			""},
		{"go a parameter named panic counts", "a.go",
			"package a\n\nfunc F(panic func(string), c bool) {\n\tif c {\n\t\tpanic(\"x\")\n\t} else {\n\t\tuse()\n\t}\n}\n",
			"package a\n\nfunc F(panic func(string), c bool) {\n\tif c {\n\t\tpanic(\"x\")\n\t}\n\tuse()\n}\n",
			""},
		// Python: no else after a block that returns.
		{"python else after return", "m.py",
			"def f(a):\n    if a:\n        return 1\n    else:\n        x = g(a)\n        return x\n\n\ndef h():\n    pass\n",
			"def f(a):\n    if a:\n        return 1\n    x = g(a)\n    return x\n\n\ndef h():\n    pass\n",
			"no else after a block that returns"},
		{"python elif after raise, else after return", "m.py",
			"def f(a):\n    if a < 0:\n        raise ValueError('neg')\n    elif a == 0:\n        return 0\n    else:\n        return a * 2\n",
			"def f(a):\n    if a < 0:\n        raise ValueError('neg')\n    if a == 0:\n        return 0\n    return a * 2\n",
			"no else after a block that returns"},
		{"python a for's else counts", "m.py",
			"def f(xs):\n    for x in xs:\n        return x\n    else:\n        g()\n",
			"def f(xs):\n    for x in xs:\n        return x\n    g()\n",
			""},
		{"python a suite ending in a nested if counts", "m.py",
			"def f(a, b):\n    if a:\n        if b:\n            return 1\n    else:\n        g()\n    return 2\n",
			"def f(a, b):\n    if a:\n        if b:\n            return 1\n    g()\n    return 2\n",
			""},
		{"python a suite that falls through counts", "m.py",
			"def f(a):\n    if a:\n        g()\n    else:\n        h()\n",
			"def f(a):\n    if a:\n        g()\n    h()\n",
			""},
		{"python an else after a try counts", "m.py",
			"def f():\n    try:\n        return g()\n    except E:\n        pass\n    else:\n        h()\n",
			"def f():\n    try:\n        return g()\n    except E:\n        pass\n    h()\n",
			""},
		{"python the else of an elif after a branch that falls through counts", "m.py",
			"def f(a, b):\n    if a:\n        g()\n    elif b:\n        return 1\n    else:\n        h()\n",
			"def f(a, b):\n    if a:\n        g()\n    elif b:\n        return 1\n    h()\n",
			""},
		// JS/TS and Java: no else after a block that returns.
		{"js else after return", "a.js",
			"function f(a) {\n  if (a) {\n    return 1\n  } else {\n    const x = g(a)\n    return x\n  }\n}\n",
			"function f(a) {\n  if (a) {\n    return 1\n  }\n  const x = g(a)\n  return x\n}\n",
			"no else after a block that returns"},
		{"js else-if chain after throw", "a.ts",
			"export function f(a: number) {\n  if (a < 0) {\n    throw new Error('neg');\n  } else if (a === 0) {\n    return 0;\n  } else {\n    return a * 2;\n  }\n}\n",
			"export function f(a: number) {\n  if (a < 0) {\n    throw new Error('neg');\n  }\n  if (a === 0) {\n    return 0;\n  }\n  return a * 2;\n}\n",
			"no else after a block that returns"},
		{"js a block ending in a braceless if counts", "a.js",
			"function f(a, b) {\n  if (a) {\n    if (b) return 1;\n  } else {\n    g();\n  }\n  return 2;\n}\n",
			"function f(a, b) {\n  if (a) {\n    if (b) return 1;\n  }\n  g();\n  return 2;\n}\n",
			""},
		{"js a let the enclosing block uses counts", "a.js",
			"function f(a) {\n  let x = 1;\n  {\n    if (a) {\n      return x;\n    } else {\n      let x = 2;\n      g(x);\n    }\n    h(x);\n  }\n}\n",
			"function f(a) {\n  let x = 1;\n  {\n    if (a) {\n      return x;\n    }\n    let x = 2;\n    g(x);\n    h(x);\n  }\n}\n",
			""},
		{"js a function declaration in the else counts", "a.js",
			"function f(a) {\n  if (a) {\n    return 1;\n  } else {\n    function g() { return 2 }\n    return g();\n  }\n}\n",
			"function f(a) {\n  if (a) {\n    return 1;\n  }\n  function g() { return 2 }\n  return g();\n}\n",
			""},
		{"java else after return", "A.java",
			"class A {\n  int f(int a) {\n    if (a > 0) {\n      return 1;\n    } else {\n      int x = a * 2;\n      return x;\n    }\n  }\n}\n",
			"class A {\n  int f(int a) {\n    if (a > 0) {\n      return 1;\n    }\n    int x = a * 2;\n    return x;\n  }\n}\n",
			"no else after a block that returns"},
		{"java a local the block uses counts", "A.java",
			"class A {\n  int x;\n  int f(int a) {\n    if (a > 0) {\n      return 1;\n    } else {\n      int x = a * 2;\n      g(x);\n    }\n    return x;\n  }\n}\n",
			"class A {\n  int x;\n  int f(int a) {\n    if (a > 0) {\n      return 1;\n    }\n    int x = a * 2;\n    g(x);\n    return x;\n  }\n}\n",
			""},
		{"java a block whose last statement falls through counts", "A.java",
			"class A {\n  void f(int a) {\n    if (a > 0) {\n      if (a > 1) { return; }\n      g();\n    } else {\n      h();\n    }\n  }\n}\n",
			"class A {\n  void f(int a) {\n    if (a > 0) {\n      if (a > 1) { return; }\n      g();\n    }\n    h();\n  }\n}\n",
			""},
		// Go: no else after a block that returns; the condition returned.
		{"condition returned", "a.go",
			"package a\n\nfunc (p P) Match(v string) bool {\n\tif !p.wild {\n\t\tif p.prefix == v {\n\t\t\treturn true\n\t\t} else {\n\t\t\treturn false\n\t\t}\n\t}\n\treturn len(v) > 0\n}\n",
			"package a\n\nfunc (p P) Match(v string) bool {\n\tif !p.wild {\n\t\treturn p.prefix == v\n\t}\n\treturn len(v) > 0\n}\n",
			"the condition returned for an if returning true and then false"},
		{"false then true counts", "a.go",
			"package a\n\nfunc F(a, b int) bool {\n\tif a == b {\n\t\treturn false\n\t}\n\treturn true\n}\n",
			"package a\n\nfunc F(a, b int) bool {\n\treturn a == b\n}\n",
			""},
		{"a return false followed by more code counts", "a.go",
			"package a\n\nfunc F(a, b int) bool {\n\tfor {\n\t\tif a == b {\n\t\t\treturn true\n\t\t}\n\t\treturn false\n\t\tuse()\n\t}\n}\n",
			"package a\n\nfunc F(a, b int) bool {\n\tfor {\n\t\treturn a == b\n\t\tuse()\n\t}\n}\n",
			""},
		{"a file declaring true counts", "a.go",
			"package a\n\nconst true = false\n\nfunc F(a, b int) bool {\n\tif a == b {\n\t\treturn true\n\t}\n\treturn false\n}\n",
			"package a\n\nconst true = false\n\nfunc F(a, b int) bool {\n\treturn a == b\n}\n",
			""},
		{"an init statement counts", "a.go",
			"package a\n\nfunc F() bool {\n\tif err := g(); err != nil {\n\t\treturn true\n\t}\n\treturn false\n}\n",
			"package a\n\nfunc F() bool {\n\treturn g() != nil\n}\n",
			""},
		{"else after return", "a.go",
			"package a\n\nfunc F(x int) int {\n\tif x < 0 {\n\t\treturn 0\n\t} else {\n\t\tx++\n\t\treturn x\n\t}\n}\n",
			"package a\n\nfunc F(x int) int {\n\tif x < 0 {\n\t\treturn 0\n\t}\n\tx++\n\treturn x\n}\n",
			"no else after a block that returns"},
		{"else after panic, continue and an else-if chain", "a.go",
			"package a\n\nfunc F(xs []int) {\n\tfor _, x := range xs {\n\t\tif x < 0 {\n\t\t\tcontinue\n\t\t} else if x == 0 {\n\t\t\tpanic(\"zero\")\n\t\t} else {\n\t\t\tuse(x)\n\t\t}\n\t}\n}\n",
			"package a\n\nfunc F(xs []int) {\n\tfor _, x := range xs {\n\t\tif x < 0 {\n\t\t\tcontinue\n\t\t}\n\t\tif x == 0 {\n\t\t\tpanic(\"zero\")\n\t\t}\n\t\tuse(x)\n\t}\n}\n",
			"no else after a block that returns"},
		{"an else whose block falls through counts", "a.go",
			"package a\n\nfunc F(x int) int {\n\tif x < 0 {\n\t\tx = 0\n\t} else {\n\t\tx++\n\t}\n\treturn x\n}\n",
			"package a\n\nfunc F(x int) int {\n\tif x < 0 {\n\t\tx = 0\n\t}\n\tx++\n\treturn x\n}\n",
			""},
		{"a return only inside a function literal counts", "a.go",
			"package a\n\nfunc F(x int) {\n\tif x < 0 {\n\t\tgo func() { return }()\n\t} else {\n\t\tx++\n\t}\n\tuse(x)\n}\n",
			"package a\n\nfunc F(x int) {\n\tif x < 0 {\n\t\tgo func() { return }()\n\t}\n\tx++\n\tuse(x)\n}\n",
			""},
		{"the else of an else-if counts", "a.go",
			"package a\n\nfunc F(x int) {\n\tif x < 0 {\n\t\tuse(1)\n\t} else if x == 0 {\n\t\treturn\n\t} else {\n\t\tuse(2)\n\t}\n}\n",
			"package a\n\nfunc F(x int) {\n\tif x < 0 {\n\t\tuse(1)\n\t} else if x == 0 {\n\t\treturn\n\t}\n\tuse(2)\n}\n",
			""},
		{"an if with an init statement counts", "a.go",
			"package a\n\nfunc F() error {\n\tif err := g(); err != nil {\n\t\treturn err\n\t} else {\n\t\tuse(err)\n\t}\n\treturn nil\n}\n",
			"package a\n\nfunc F() error {\n\tif err := g(); err != nil {\n\t\treturn err\n\t}\n\tuse(err)\n\treturn nil\n}\n",
			""},
		{"a name the else declares and the block uses counts", "a.go",
			"package a\n\nfunc F(c bool) int {\n\tn := 1\n\tfor {\n\t\tif c {\n\t\t\treturn n\n\t\t} else {\n\t\t\tn, m := 2, 3\n\t\t\tuse(n, m)\n\t\t}\n\t\tuse(n)\n\t}\n}\n",
			"package a\n\nfunc F(c bool) int {\n\tn := 1\n\tfor {\n\t\tif c {\n\t\t\treturn n\n\t\t}\n\t\tn, m := 2, 3\n\t\tuse(n, m)\n\t\tuse(n)\n\t}\n}\n",
			""},
		{"a name the else declares and nothing else uses", "a.go",
			"package a\n\nfunc F(c bool) int {\n\tif c {\n\t\treturn 0\n\t} else {\n\t\tm := 3\n\t\treturn m\n\t}\n}\n",
			"package a\n\nfunc F(c bool) int {\n\tif c {\n\t\treturn 0\n\t}\n\tm := 3\n\treturn m\n}\n",
			"no else after a block that returns"},
		{"a panic the file declares counts", "a.go",
			"package a\n\nvar panic = func(string) {}\n\nfunc F(c bool) {\n\tif c {\n\t\tpanic(\"x\")\n\t} else {\n\t\tuse()\n\t}\n}\n",
			"package a\n\nvar panic = func(string) {}\n\nfunc F(c bool) {\n\tif c {\n\t\tpanic(\"x\")\n\t}\n\tuse()\n}\n",
			""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			why, err := NeutralChange(tc.path, []byte(tc.before), tc.path, []byte(tc.after))
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tc.why == "" && why != "":
				t.Fatalf("neutral (%q), want a change", why)
			case tc.why != "" && !strings.Contains(why, tc.why):
				t.Fatalf("why %q, want %q", why, tc.why)
			case tc.why != "" && !strings.HasPrefix(why, WhyIdioms):
				t.Fatalf("why %q does not start with %q", why, WhyIdioms)
			}
		})
	}
}

// TestIdiomsNameOnlyWhatIsNeeded: unchanged consts on both sides are
// rewritten too, but the reason names only the idiom the equality needs.
func TestIdiomsNameOnlyWhatIsNeeded(t *testing.T) {
	before := "const a = 1;\nif (p && p.q) { use(a) }\n"
	after := "const a = 1;\nif (p?.q) { use(a) }\n"
	why, err := NeutralChange("a.js", []byte(before), "a.js", []byte(after))
	if err != nil {
		t.Fatal(err)
	}
	if why != WhyIdioms+": optional chaining in a condition" {
		t.Fatalf("why %q", why)
	}
}

// TestJSAssignments: the positions where each name may be assigned, found
// in one pass: a declaration's "=", compound assignment, increments, a
// for-of target, destructuring into brackets that are assigned to; not a
// property, a call's argument or a read.
func TestJSAssignments(t *testing.T) {
	toks, err := BehaviourTokens("a.js", []byte("const a = 1\nb += a\n++c\nfor (d of xs) {}\n;[e, f] = g(h)\no.p = 2\nuse(i)\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := jsAssignments(toks)
	for _, name := range []string{"a", "b", "c", "d", "e", "f"} {
		if len(got["n:"+name]) != 1 {
			t.Errorf("%s: positions %v, want one", name, got["n:"+name])
		}
	}
	for _, name := range []string{"g", "h", "o", "p", "i", "use", "xs"} {
		if len(got["n:"+name]) != 0 {
			t.Errorf("%s: positions %v, want none", name, got["n:"+name])
		}
	}
}

// TestTokenEdit: no edit returns the input itself; an edit keeps what
// came before it and what is kept after it; the input is never written.
func TestTokenEdit(t *testing.T) {
	toks := []string{"a", "b", "c", "d"}
	e := tokenEdit{toks: toks}
	for i := range toks {
		e.keep(i)
	}
	if out, ok := e.result(); ok || &out[0] != &toks[0] {
		t.Fatalf("no edit: %q %v", out, ok)
	}
	e = tokenEdit{toks: toks}
	e.keep(0)
	e.replace(1, "x", "y") // b, c dropped
	e.keep(3)
	if out, ok := e.result(); !ok || strings.Join(out, " ") != "a x y d" || strings.Join(toks, " ") != "a b c d" {
		t.Fatalf("edit: %q %v, input %q", out, ok, toks)
	}
	drop := func(ts []string) ([]string, bool) { // drops one "b"
		for i, s := range ts {
			if s == "b" {
				return append(append([]string(nil), ts[:i]...), ts[i+1:]...), true
			}
		}
		return ts, false
	}
	if out, ok := untilNoEdit([]string{"b", "a", "b"}, drop); !ok || strings.Join(out, " ") != "a" {
		t.Fatalf("untilNoEdit: %q %v", out, ok)
	}
	if _, ok := untilNoEdit([]string{"a"}, drop); ok {
		t.Fatal("untilNoEdit edited nothing but said it did")
	}
	block := []string{"{", "x", "if", "{", "x", "}", "y", "}"}
	if !usedOutside(block, []string{"x"}, 0, 7, 2, 5) || usedOutside(block, []string{"z"}, 0, 7, 2, 5) || usedOutside(block, []string{"x"}, 0, 7, 1, 5) {
		t.Fatal("usedOutside")
	}
}

// TestIdiomNamesHoldNoComma checks that no idiom's name holds a comma: a
// reason joins the names with commas, and the idiom scan splits them there.
func TestIdiomNamesHoldNoComma(t *testing.T) {
	for _, l := range []Analyzer{JS{}, Java{}, Python{}, Go{}} {
		ids := idiomsFor(l)
		if len(ids) == 0 {
			t.Fatalf("%T: no idioms", l)
		}
		for _, id := range ids {
			if strings.Contains(id.name, ",") {
				t.Errorf("%T: idiom %q holds a comma", l, id.name)
			}
		}
	}
}

// TestInitOverwrittenGivesUpPastItsBound: joining declarations with their
// assignments is neutral up to maxInitEdits joins in a file; past that the
// idiom gives up (each join costs a pass over the file) and the change
// counts.
func TestInitOverwrittenGivesUpPastItsBound(t *testing.T) {
	for _, n := range []int{maxInitEdits, maxInitEdits + 1} {
		var before, after strings.Builder
		before.WriteString("function f() {\n")
		after.WriteString("function f() {\n")
		for i := 0; i < n; i++ {
			v := "x" + strings.Repeat("i", i+1)
			before.WriteString("  let " + v + " = 0;\n  " + v + " = g();\n")
			after.WriteString("  const " + v + " = g();\n")
		}
		before.WriteString("}\n")
		after.WriteString("}\n")
		why, err := NeutralChange("a.js", []byte(before.String()), "a.js", []byte(after.String()))
		if err != nil {
			t.Fatal(err)
		}
		if neutral := strings.Contains(why, "a first value overwritten"); neutral != (n <= maxInitEdits) {
			t.Errorf("%d joins: %q", n, why)
		}
	}
}

// TestElseAfterExitGivesUpPastItsBound: dropping elses is neutral up to
// maxStepEdits of them in a file; past that the idiom gives up (each edit
// reads the whole file again) and the change counts.
func TestElseAfterExitGivesUpPastItsBound(t *testing.T) {
	for _, n := range []int{maxStepEdits, maxStepEdits + 1} {
		var before, after strings.Builder
		before.WriteString("package a\n\nfunc f(a int) int {\n")
		after.WriteString("package a\n\nfunc f(a int) int {\n")
		for i := 0; i < n; i++ {
			c := strings.Repeat("a == 1 || ", i) + "a == 0"
			before.WriteString("\tif " + c + " {\n\t\treturn 1\n\t} else {\n\t\tg()\n\t}\n")
			after.WriteString("\tif " + c + " {\n\t\treturn 1\n\t}\n\tg()\n")
		}
		before.WriteString("\treturn 0\n}\n")
		after.WriteString("\treturn 0\n}\n")
		why, err := NeutralChange("a.go", []byte(before.String()), "a.go", []byte(after.String()))
		if err != nil {
			t.Fatal(err)
		}
		if neutral := strings.Contains(why, "no else after a block that returns"); neutral != (n <= maxStepEdits) {
			t.Errorf("%d elses: %q", n, why)
		}
	}
}

// TestBrackets: each token's innermost open bracket and depth, and each
// opening bracket's closer, in one pass; an unclosed bracket has none.
func TestBrackets(t *testing.T) {
	toks := []string{"n:f", "(", "n:a", "[", "#:1", "]", ")", "{"}
	encl, closer, depth := brackets(toks)
	if want := []int{-1, -1, 1, 1, 3, 3, 1, -1}; !slices.Equal(encl, want) {
		t.Errorf("encl %v, want %v", encl, want)
	}
	if want := []int{-1, 6, -1, 5, -1, -1, -1, -1}; !slices.Equal(closer, want) {
		t.Errorf("closer %v, want %v", closer, want)
	}
	if want := []int{0, 0, 1, 1, 2, 2, 1, 0}; !slices.Equal(depth, want) {
		t.Errorf("depth %v, want %v", depth, want)
	}
}

// TestPyHeaderColon: the colon that ends a compound statement's header,
// past brackets; a lambda's comes first unless it is in brackets.
func TestPyHeaderColon(t *testing.T) {
	toks := func(src string) []string {
		ts, err := behaviourTokens("m.py", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	for _, tc := range []struct {
		src         string
		lambdaStops bool
		want        string // the tokens after the colon found, or "" for none
	}{
		{"if a[1:2] and {k: v}:\n    pass\n", true, "NEWLINE"},
		{"def f(x=lambda: 1):\n    pass\n", false, "NEWLINE"},
		{"if (lambda: 1)():\n    pass\n", true, "NEWLINE"},
		{"if lambda: 1:\n    pass\n", true, ""},
		{"x = 1\n", true, ""},
	} {
		ts := toks(tc.src)
		got := ""
		if c := pyHeaderColon(ts, 0, tc.lambdaStops); c >= 0 && c+1 < len(ts) {
			got = ts[c+1]
		}
		if got != tc.want {
			t.Errorf("%q: after the colon %q, want %q (%v)", tc.src, got, tc.want, ts)
		}
	}
}

// TestRewriteEach: spans are replaced left to right, the search resumes
// after each, and nothing is copied when nothing matches.
func TestRewriteEach(t *testing.T) {
	toks := []string{"a", "x", "x", "b", "x", "c"}
	// Each x-x pair becomes y; a lone x stays.
	got, changed := rewriteEach(toks, func(i int) (int, []string, bool) {
		if toks[i] == "x" && i+1 < len(toks) && toks[i+1] == "x" {
			return i + 2, []string{"y"}, true
		}
		return 0, nil, false
	})
	if !changed || strings.Join(got, " ") != "a y b x c" {
		t.Errorf("got %v %v", got, changed)
	}
	same, changed := rewriteEach(toks, func(int) (int, []string, bool) { return 0, nil, false })
	if changed || &same[0] != &toks[0] {
		t.Errorf("no match copied or changed: %v %v", same, changed)
	}
}

// TestValueEnd: the stop at depth 0 ends the value; brackets hide stops
// and refused tokens; a refused token at depth 0 or a bracket the value
// did not open gives -1.
func TestValueEnd(t *testing.T) {
	for _, tc := range []struct {
		toks string
		want int
	}{
		{"f ( a , b ) ; return", 6},
		{"{ k : 1 } ;", 5},
		{"a , b ;", -1},
		{"a ) ;", -1},
		{"a", -1},
	} {
		if got := valueEnd(strings.Fields(tc.toks), 0, ";", ","); got != tc.want {
			t.Errorf("%q: %d, want %d", tc.toks, got, tc.want)
		}
	}
}

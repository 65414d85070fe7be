package lang

import "testing"

// TestMessagesAdded: a message given where none was (a precondition's or an
// exception constructor's, a plain string) is a change of messages only;
// anything else added, a placeholder, an unqualified or unknown call, and
// Go count.
func TestMessagesAdded(t *testing.T) {
	for _, tc := range []struct {
		name, path, before, after string
		neutral                   bool
	}{
		{"requireNonNull given a message", "A.java",
			"class A { void f(Object after) { Objects.requireNonNull(after); g(after); } }",
			"class A { void f(Object after) { Objects.requireNonNull(after, \"after\"); g(after); } }", true},
		{"Guava preconditions and a changed message together", "A.java",
			"class A { void f(int n, Object o) { Preconditions.checkArgument(n > 0); Preconditions.checkNotNull(o); throw new IllegalStateException(\"a\"); } }",
			"class A { void f(int n, Object o) { Preconditions.checkArgument(n > 0, \"n must be positive\"); Preconditions.checkNotNull(o, \"o\"); throw new IllegalStateException(\"b\"); } }", true},
		{"Java exception constructor given a message", "A.java",
			"class A { void f() { throw new UnsupportedOperationException(); } }",
			"class A { void f() { throw new UnsupportedOperationException(\"read-only\"); } }", true},
		{"JS Error given a message", "a.js",
			"function f(a) {\n  if (!a) throw new TypeError()\n  return a\n}\n",
			"function f(a) {\n  if (!a) throw new TypeError('a is required')\n  return a\n}\n", true},
		{"Python raise given a message", "a.py",
			"def f(a):\n    if not a:\n        raise ValueError\n    if a < 0:\n        raise ValueError() from None\n    return a\n",
			"def f(a):\n    if not a:\n        raise ValueError(\"a is required\")\n    if a < 0:\n        raise ValueError(\"a must not be negative\") from None\n    return a\n", true},
		{"a message with a placeholder counts", "A.java",
			"class A { void f(int n) { Preconditions.checkArgument(n > 0); } }",
			"class A { void f(int n) { Preconditions.checkArgument(n > 0, \"bad %s\"); } }", false},
		{"an f-string counts", "a.py",
			"def f(a):\n    raise ValueError\n",
			"def f(a):\n    raise ValueError(f\"bad {a}\")\n", false},
		{"a template counts", "a.js",
			"throw new Error()\n", "throw new Error(`bad`)\n", false},
		{"an unqualified requireNonNull counts (it may be the file's own)", "A.java",
			"class A { void f(Object o) { requireNonNull(o); } }",
			"class A { void f(Object o) { requireNonNull(o, \"o\"); } }", false},
		{"a validator's message counts (it is formatted)", "A.java",
			"class A { void f(Object o) { Validate.notNull(o); } }",
			"class A { void f(Object o) { Validate.notNull(o, \"o\"); } }", false},
		{"a message given to another call counts", "A.java",
			"class A { void f(Object o) { Objects.hash(o); } }",
			"class A { void f(Object o) { Objects.hash(o, \"o\"); } }", false},
		{"a name added counts", "A.java",
			"class A { void f(Object o) { Objects.requireNonNull(o); } }",
			"class A { void f(Object o) { Objects.requireNonNull(o, name); } }", false},
		{"a cause given counts", "A.java",
			"class A { void f() { throw new IllegalStateException(); } }",
			"class A { void f() { throw new IllegalStateException(e); } }", false},
		{"a constructor that is no exception's counts", "a.js",
			"const p = new Point()\n", "const p = new Point('origin')\n", false},
		{"Go counts", "a.go",
			"package a\n\nfunc F() error { return errors.New(\"\") }\n",
			"package a\n\nfunc F() error { return errors.New(\"\", \"x\") }\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			why, err := NeutralChange(tc.path, []byte(tc.before), tc.path, []byte(tc.after))
			if err != nil {
				t.Fatal(err)
			}
			if got := why == WhyMessages; got != tc.neutral {
				t.Fatalf("%q, want neutral %v", why, tc.neutral)
			}
		})
	}
}

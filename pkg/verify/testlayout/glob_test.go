package testlayout

import "testing"

func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		yes     []string
		no      []string
	}{
		{"**/*.check.js", []string{"a.check.js", "src/a.check.js", "src/x/y/a.check.js"}, []string{"src/a.js", "src/a.check.jsx", "a.check.js/x"}},
		{"src/**/*.test.ts", []string{"src/a.test.ts", "src/b/a.test.ts"}, []string{"lib/a.test.ts", "src/a.ts"}},
		{"./test/*.js", []string{"test/a.js"}, []string{"test/a/b.js", "xtest/a.js"}},
		{"test/", []string{"test/a.js", "test/h/b.js"}, []string{"test.js", "src/test/a.js"}},
		{"test/**", []string{"test/a.js", "test/h/b.js"}, []string{"tests/a.js"}},
		{"**/__tests__/**/*.[jt]s?(x)", []string{"__tests__/a.js", "src/__tests__/x/a.tsx", "src/__tests__/a.ts"}, []string{"src/a.js", "__tests__/a.jsx.map"}},
		{"**/?(*.)+(spec|test).[jt]s?(x)", []string{"a.test.js", "src/a.spec.tsx", "test.js", "src/spec.ts"}, []string{"src/a.js", "src/atest.js"}},
		{"*.{js,{c,m}js}", []string{"a.js", "a.cjs", "a.mjs"}, []string{"a.ts", "d/a.js"}},
		{"check_*.py", []string{"check_a.py"}, []string{"a_check.py", "dir/check_a.py"}},
		{"test_?.py", []string{"test_a.py"}, []string{"test_ab.py"}},
		{"[!_]*.py", []string{"a.py"}, []string{"_a.py"}},
		{`a\*b`, []string{"a*b"}, []string{"axb"}},
		{"a**b/c", []string{"axxb/c"}, []string{"ax/b/c"}},
		{"spec/**/*.spec.@(js|ts)", []string{"spec/a.spec.js", "spec/x/a.spec.ts"}, []string{"spec/a.spec.jsx"}},
	} {
		g, err := CompileGlob(tc.pattern)
		if err != nil {
			t.Fatalf("%s: %v", tc.pattern, err)
		}
		for _, p := range tc.yes {
			if !g.Match(p) {
				t.Errorf("%s does not match %s", tc.pattern, p)
			}
		}
		for _, p := range tc.no {
			if g.Match(p) {
				t.Errorf("%s matches %s", tc.pattern, p)
			}
		}
	}
}

func TestGlobErrors(t *testing.T) {
	for _, p := range []string{"{a,b", "[abc", "!(a).js", "+(a|b", "a[:alpha"} {
		if _, err := CompileGlob(p); err == nil {
			t.Errorf("%q compiled", p)
		}
	}
}

func TestHasMeta(t *testing.T) {
	if HasMeta("test/unit") || !HasMeta("test/*.js") || !HasMeta("src/{a,b}") {
		t.Fatal("HasMeta")
	}
}

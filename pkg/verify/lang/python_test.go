package lang

import (
	"reflect"
	"testing"
)

func TestPythonDecls(t *testing.T) {
	for _, c := range []struct {
		file  string
		wants []want
	}{
		{"python/awkward.py", []want{
			{"decorated", "function", true, 13, 17, 16, 16, 16, "Single-quoted triple docstring."},
			{"multi_line_signature", "function", true, 20, 33, 26, 26, 26, `Raw docstring with \d escapes.`},
			{"one_liner", "function", true, 36, 36, 36, 0, 0, ""},
			{"fetch", "function", true, 39, 49, 40, 40, 42, "Unicode-prefixed docstring\nspanning lines."},
			{"_Private", "class", false, 52, 54, 53, 0, 0, ""},
			{"_Private.public_name", "method", false, 53, 54, 54, 0, 0, ""},
			{"Outer", "class", true, 57, 74, 58, 58, 58, "Single-quoted docstring."},
			{"Outer.Inner", "class", true, 60, 62, 61, 0, 0, ""},
			{"Outer.Inner.Deepest", "class", true, 61, 62, 62, 0, 0, ""},
			{"Outer.Inner.Deepest.leaf", "method", true, 62, 62, 62, 0, 0, ""},
			{"Outer.__init__", "method", false, 64, 66, 65, 0, 0, ""},
			{"Outer.value_", "method", true, 68, 70, 70, 0, 0, ""},
			{"Outer._hidden", "method", false, 72, 74, 73, 0, 0, ""},
			{"café", "function", true, 77, 79, 78, 0, 0, ""},
			{"backslash_continuation", "function", true, 82, 85, 84, 0, 0, ""},
			{"conditional", "function", true, 89, 91, 90, 90, 90, "parenthesised docstring"},
			{"conditional", "function", true, 93, 94, 94, 0, 0, ""},
			{"trailing", "function", true, 97, 101, 98, 0, 0, ""},
		}},
		{"python/broken.py", []want{
			{"unclosed", "function", true, 1, 2, 0, 0, 0, ""},
			{"recovered", "function", true, 4, 7, 5, 5, 5, "Found after an unclosed bracket."},
			{"AfterBroken", "class", true, 9, 14, 10, 0, 0, ""},
			{"AfterBroken.method", "method", true, 10, 11, 11, 0, 0, ""},
			{"AfterBroken.after_fstring", "method", true, 13, 14, 14, 0, 0, ""},
		}},
		{"python/tabs_crlf.py", []want{
			{"Tabbed", "class", true, 1, 9, 2, 2, 2, "Tabs and CRLF."},
			{"Tabbed.method", "method", true, 4, 6, 5, 0, 0, ""},
			{"Tabbed.other", "method", true, 9, 9, 9, 0, 0, ""},
			{"top", "function", true, 12, 13, 13, 0, 0, ""},
		}},
	} {
		t.Run(c.file, func(t *testing.T) {
			src := readTestdata(t, c.file)
			ds, err := Python{}.Decls(c.file, src)
			if err != nil {
				t.Fatal(err)
			}
			checkDecls(t, ds, c.wants)
			checkInvariants(t, src, ds)
		})
	}
}

func TestPythonCommentLines(t *testing.T) {
	ds, _ := Python{}.Decls("awkward.py", readTestdata(t, "python/awkward.py"))
	// The comment in the signature, the docstring and the comment in the
	// body; not the '#' inside strings.
	if got := commentLinesOf(t, ds, "multi_line_signature"); !reflect.DeepEqual(got, []int{21, 26, 32}) {
		t.Errorf("multi_line_signature comment lines %v", got)
	}
	// A nested function's docstring is not the decl's doc.
	if got := commentLinesOf(t, ds, "fetch"); !reflect.DeepEqual(got, []int{40, 41, 42}) {
		t.Errorf("fetch comment lines %v", got)
	}
	if got := commentLinesOf(t, ds, "Outer._hidden"); got != nil {
		t.Errorf("a '#' in an f-string is a comment: %v", got)
	}
}

func TestPythonSnippets(t *testing.T) {
	for _, c := range []struct {
		name, src string
		wants     []want
	}{
		{"docstring concatenated", "def f():\n    'a' \"b\"\n", []want{
			{"f", "function", true, 1, 2, 2, 2, 2, "ab"},
		}},
		{"f-string is no docstring", "def f():\n    f'x'\n", []want{
			{"f", "function", true, 1, 2, 2, 0, 0, ""},
		}},
		{"docstring after semicolon", "def f(): 'doc'; return 1\n", []want{
			{"f", "function", true, 1, 1, 1, 1, 1, "doc"},
		}},
		{"string not first", "def f():\n    x = 1\n    'not a doc'\n", []want{
			{"f", "function", true, 1, 3, 2, 0, 0, ""},
		}},
		{"nested f-string quotes (3.12)", "def f():\n    return f\"{x[\"k\"]:{w}} {'}'}\"\n\ndef g(): pass\n", []want{
			{"f", "function", true, 1, 2, 2, 0, 0, ""},
			{"g", "function", true, 4, 4, 4, 0, 0, ""},
		}},
		{"decorator with brackets over lines", "@route(\n    '/x',\n)\nclass C:\n    pass\n", []want{
			{"C", "class", true, 1, 5, 5, 0, 0, ""},
		}},
		{"comment between decorators", "@a\n# note\n@b\ndef f():\n    pass\n", []want{
			{"f", "function", true, 1, 5, 5, 0, 0, ""},
		}},
		{"class in method not a decl", "class A:\n    def m(self):\n        class B:\n            def n(self): pass\n        return B\n", []want{
			{"A", "class", true, 1, 5, 2, 0, 0, ""},
			{"A.m", "method", true, 2, 5, 3, 0, 0, ""},
		}},
		{"methods under if in class", "class A:\n    if X:\n        def m(self): pass\n", []want{
			{"A", "class", true, 1, 3, 2, 0, 0, ""},
			{"A.m", "method", true, 3, 3, 3, 0, 0, ""},
		}},
		{"type parameters", "def f[T: int](x: T) -> T:\n    return x\nclass Box[T]:\n    pass\n", []want{
			{"f", "function", true, 1, 2, 2, 0, 0, ""},
			{"Box", "class", true, 3, 4, 4, 0, 0, ""},
		}},
		{"BOM and form feed", "\ufeffdef f():\n    pass\n\f\ndef g():\n    pass\n", []want{
			{"f", "function", true, 1, 2, 2, 0, 0, ""},
			{"g", "function", true, 4, 5, 5, 0, 0, ""},
		}},
		{"unterminated triple string", "def f():\n    '''never closed\n\ndef g(): pass\n", []want{
			{"f", "function", true, 1, 4, 2, 2, 4, "never closed\n\ndef g(): pass"},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ds, err := Python{}.Decls("x.py", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			checkDecls(t, ds, c.wants)
			checkInvariants(t, []byte(c.src), ds)
		})
	}
}

func TestPythonPaths(t *testing.T) {
	checkPaths(t, Python{}, map[string]bool{
		"test_app.py":              true,
		"app_test.py":              true,
		"pkg/conftest.py":          true,
		"tests.py":                 true,
		"pkg/test.py":              true,
		"pkg/contests.py":          false,
		"tests/helpers.py":         true,
		"src/test/util.py":         true,
		"app.py":                   false,
		"testing.py":               false,
		"contest.py":               false,
		"tests/data.json":          false,
		"latest/app.py":            false,
		"test_app.pyc":             false,
		"src/pkg/attestation.py":   false,
		"src/tests_helpers/a.py":   false,
		"docs/test_notes.md":       false,
		"./tests/test_x.py":        true,
		"src/pkg/test_mod_more.py": true,
	}, [][3]any{
		{"app.py", "test_app.py", true},
		{"app.py", "app_test.py", true},
		{"src/pkg/mod.py", "src/pkg/test_mod.py", true},
		{"src/pkg/mod.py", "tests/test_mod.py", true},
		{"src/pkg/mod.py", "tests/pkg/test_mod.py", true},
		{"src/pkg/mod.py", "tests/unit/test_mod.py", true},
		{"src/pkg/mod.py", "src/pkg/tests/test_mod.py", true},
		{"src/pkg/mod.py", "src/other/test_mod.py", false},
		{"src/pkg/mod.py", "other/tests/test_mod.py", false},
		{"src/pkg/mod.py", "tests/test_model.py", false},
		{"src/pkg/mod.py", "tests/test_other.py", false},
		{"src/pkg/__init__.py", "tests/test_pkg.py", true},
		{"httpx/_models.py", "tests/test_models.py", true},
		{"httpx/_models.py", "tests/test__models.py", true},
		{"src/attr/_make.py", "tests/make_test.py", true},
		{"httpx/_models.py", "tests/test_model.py", false},
		{"__main__.py", "tests/test_main.py", true},
		{"__init__.py", "tests/test_.py", false},
		{"tests/test_a.py", "tests/test_test_a.py", false},
		{"app.py", "app.py", false},
		{"app.js", "test_app.py", false},
	})
}

func FuzzPythonDecls(f *testing.F) {
	fuzzDecls(f, Python{}, []string{"x.py"},
		"def f(:\n", "class A:\n\tdef m(self): pass\n  def n(self): pass\n", "f'{'\n", "f'{x:{'\n", "@\n", "\\", "(\ndef f(): pass")
}

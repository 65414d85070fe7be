package lang

import (
	"reflect"
	"sort"
	"testing"
)

func TestReadRefs(t *testing.T) {
	for _, tc := range []struct {
		name, path, src string
		pkg             string
		imports         []string
		idents, not     []string
	}{
		{"python", "tests/test_models.py", `"""Tests: import fake.module is not an import."""
import os, json as j
import requests.models
from requests.models import PreparedRequest, urlencode as ue
from . import helpers
from ..app import (
    views,  # the views
    forms,
)
def test_x():
    from lazy import thing
    s = "from nowhere import x"
    assert PreparedRequest().prepare_body(b"x")  # from comment import y
`, "", []string{"os", "json", "requests.models", "requests.models", "requests.models.PreparedRequest", "requests.models.urlencode", ".", ".helpers", "..app", "..app.views", "..app.forms", "lazy", "lazy.thing"},
			[]string{"PreparedRequest", "prepare_body", "test_x", "views"}, []string{"nowhere", "comment", "fake", "y"}},
		{"javascript", "test/res.json.js", `'use strict'
var express = require('..');
const { a } = require("../lib/utils")
import def, { b } from './helpers.js'
import './setup'
export { c } from "../src/c"
const later = await import('../lib/later')
// require('commented')
const s = "require('in-a-string')"
jest.mock('../lib/mocked')
app.use(function (req, res) { res.json({ user: 'tobi' }) })
`, "", []string{"..", "../lib/utils", "./helpers.js", "./setup", "../src/c", "../lib/later", "../lib/mocked"},
			[]string{"express", "res", "json", "use", "app"}, []string{"commented", "tobi"}},
		{"java", "src/test/java/com/x/FooTest.java", `package com.x;
import static org.junit.Assert.assertEquals;
import com.x.util.*;
import com.x.Bar;
/** Tests Foo; import com.fake.Thing; */
public class FooTest {
  @Test public void parses() { assertEquals("Baz", new Foo().parse("x")); }
}
`, "com.x", []string{"org.junit.Assert.assertEquals", "com.x.util.*", "com.x.Bar"},
			[]string{"Foo", "parse", "FooTest"}, []string{"Baz", "fake", "Thing"}},
		{"go", "a/a_test.go", "package a_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/a\"\n)\n\n// Uses Hidden in a comment.\nfunc TestX(t *testing.T) { _ = a.Parse(`raw Hidden`) }\n",
			"a_test", []string{"testing", "example.com/m/a"}, []string{"Parse", "TestX", "a"}, []string{"Hidden"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ReadRefs(tc.path, []byte(tc.src))
			if r.Package != tc.pkg {
				t.Errorf("package %q, want %q", r.Package, tc.pkg)
			}
			got, want := append([]string(nil), r.Imports...), append([]string(nil), tc.imports...)
			sort.Strings(got)
			sort.Strings(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("imports %q\nwant %q", got, want)
			}
			for _, id := range tc.idents {
				if !r.Idents[id] {
					t.Errorf("ident %q missing", id)
				}
			}
			for _, id := range tc.not {
				if r.Idents[id] {
					t.Errorf("%q (in a comment or string) read as an identifier", id)
				}
			}
		})
	}
}

func TestReadRefsUnknownLanguage(t *testing.T) {
	if r := ReadRefs("README.md", []byte("import x")); len(r.Imports) != 0 || len(r.Idents) != 0 {
		t.Errorf("%+v", r)
	}
}

// TestJSReExports: the re-exports of code are listed, in order, among the
// imports; imports, type-only re-exports and an export of a local are not.
func TestJSReExports(t *testing.T) {
	src := `import { createFetch } from "./base";
import * as all from './all'
export * from "./base";
export * as ns from './ns.js'
export { a, default as b } from '../lib/ab'
export type { T } from './types'
export { local }
export const x = Array.from('abc')
export {} from './empty'
export { f(x) } from './odd'
`
	r := ReadRefs("src/index.ts", []byte(src))
	if want := []string{"./base", "./ns.js", "../lib/ab", "./empty"}; !reflect.DeepEqual(r.ReExports, want) {
		t.Errorf("re-exports %q, want %q", r.ReExports, want)
	}
	if want := []string{"./base", "./all", "./base", "./ns.js", "../lib/ab", "./types", "./empty", "./odd"}; !reflect.DeepEqual(r.Imports, want) {
		t.Errorf("imports %q, want %q", r.Imports, want)
	}
	if py := ReadRefs("a.py", []byte("from x import *\n")); py.ReExports != nil {
		t.Errorf("python re-exports %q", py.ReExports)
	}
}

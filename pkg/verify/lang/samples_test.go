package lang

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSamples reads the sample projects that verify's end-to-end tests
// use: each source has its test by the language's layout, and the
// scanners find the declarations the samples' READMEs speak of.
func TestSamples(t *testing.T) {
	root := filepath.Join("..", "..", "..", "testdata", "verify")
	for _, c := range []struct {
		source, test string
		undocumented []string // exported, without a doc
		private      []string
	}{
		{"python/application.py", "python/tests/test_application.py", []string{"page_not_found"}, []string{"_valid_code"}},
		{"js/src/links.ts", "js/test/links.test.ts", []string{"LinkStore.size"}, []string{"isValidUrl", "CODE_PATTERN"}},
		{"java/src/main/java/com/example/shortener/LinkController.java",
			"java/src/test/java/com/example/shortener/LinkControllerTest.java", nil, []string{"LinkController.parse", "LinkController.links"}},
	} {
		t.Run(c.source, func(t *testing.T) {
			a := For(c.source)
			if a.IsTest(c.source) || !a.IsTest(c.test) {
				t.Fatalf("IsTest: %s %v, %s %v", c.source, a.IsTest(c.source), c.test, a.IsTest(c.test))
			}
			// Paths relative to the sample project's root.
			rel := func(p string) string { _, r, _ := strings.Cut(p, "/"); return r }
			if !a.TestsFor(rel(c.source), rel(c.test)) {
				t.Errorf("TestsFor(%s, %s) is false", rel(c.source), rel(c.test))
			}
			src, err := os.ReadFile(filepath.Join(root, c.source))
			if err != nil {
				t.Fatal(err)
			}
			ds, err := a.Decls(c.source, src)
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, src, ds)
			byName := map[string]Decl{}
			for _, d := range ds {
				byName[d.Name] = d
			}
			for _, n := range c.undocumented {
				if d, ok := byName[n]; !ok || !d.Exported || d.HasDoc() {
					t.Errorf("%s: want exported and undocumented, got %+v", n, d)
				}
			}
			for _, n := range c.private {
				if d, ok := byName[n]; !ok || d.Exported {
					t.Errorf("%s: want private, got %+v", n, d)
				}
			}
			for _, d := range ds {
				if d.Exported && !d.HasDoc() && !contains(c.undocumented, d.Name) {
					t.Errorf("%s is exported without a doc; the README says otherwise", d.Name)
				}
			}
			tsrc, err := os.ReadFile(filepath.Join(root, c.test))
			if err != nil {
				t.Fatal(err)
			}
			tds, err := a.Decls(c.test, tsrc)
			if err != nil || len(tds) == 0 {
				t.Fatalf("test file: %v %v", tds, err)
			}
		})
	}
}

package codeowners

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// FuzzParse: any CODEOWNERS file and path give rules and owners, never a
// panic; a rule's owners are its line's, a literal pattern owns itself and
// what is under it, and owners parse as reviewers or are skipped.
//
//	go test ./internal/codeowners -run '^$' -fuzz '^FuzzParse$' -fuzztime 2m
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		sample, "docs/café.md @x\n", "日本/ @y\n", "* @a\n", "!x @a\n", "[ab] @a\n", "/ @a\n", "** @a\n", "**/ @a\n", "a/**/b/**/c @a @b/c x@y\n",
		"\\#x @a # c\n", "\xff\xfe @\xff\n", "a\x00b @a\n", strings.Repeat("**/", 500) + " @a\n",
		"@ @/ @a/ @/b @a/b/c\n", "\r\n\t* @a\r\n",
	} {
		f.Add([]byte(s), "a/b/c.go")
	}
	f.Fuzz(func(t *testing.T, data []byte, path string) {
		file, _ := Parse(bytes.NewReader(data))
		lines := bytes.Count(data, []byte{'\n'}) + 1
		if len(file.Rules) > lines {
			t.Fatalf("%d rules from %d lines", len(file.Rules), lines)
		}
		_ = file.Owners(path)
		for _, r := range file.Rules {
			for _, o := range r.Owners {
				if rv, ok := ParseOwner(o); ok && "@"+rv.String() != o {
					t.Fatalf("ParseOwner(%q) = %+v", o, rv)
				}
			}
			p := strings.Trim(r.Pattern, "/")
			if strings.ContainsAny(p, "*?") || p == "" || strings.Contains(r.Pattern, "//") || strings.ContainsAny(p, " \t") {
				continue
			}
			if _, err := translate(r.Pattern); err != nil {
				t.Fatalf("rule %q kept with %v", r.Pattern, err)
			}
			for _, q := range []string{p, p + "/x"} {
				file.Rules = []Rule{r}
				if file.Owners(q) == nil && len(r.Owners) > 0 {
					t.Fatalf("pattern %q does not own %q", r.Pattern, q)
				}
			}
		}
	})
}

// TestParseRefusesOversizedFile: GitHub does not load a CODEOWNERS file
// over 3 MB; neither do we, and we stop reading there.
func TestParseRefusesOversizedFile(t *testing.T) {
	big := strings.Repeat("*.go @a\n", MaxFile/8+1)
	start := time.Now()
	f, errs := Parse(strings.NewReader(big + strings.Repeat("x", 1<<20)))
	if len(f.Rules) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "GitHub does not load it") {
		t.Fatalf("%d rules, %v", len(f.Rules), errs)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("took %v", d)
	}
	start = time.Now()
	f, errs = Parse(strings.NewReader(big[:MaxFile]))
	if len(errs) != 0 || len(f.Rules) != MaxFile/8 {
		t.Fatalf("at the limit: %d rules, %v", len(f.Rules), errs)
	}
	if o := f.Owners("x/y.go"); len(o) != 1 || o[0] != "@a" {
		t.Fatalf("owners %v", o)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("parsing 3 MB of rules and matching took %v", d)
	}
	long := "a" + strings.Repeat("/b", 40000) + " @a\n*.go @b\n"
	if f, errs := Parse(strings.NewReader(long)); len(errs) != 1 || len(f.Rules) != 0 {
		t.Fatalf("a line over 64 KiB: %d rules, %v", len(f.Rules), errs)
	}
}

// TestNonASCIIPatterns: a pattern with accents or other scripts owns its
// paths (each byte used to be quoted as a character of its own, which
// matched nothing), and one that is not UTF-8 is reported.
func TestNonASCIIPatterns(t *testing.T) {
	f, errs := Parse(strings.NewReader("docs/café.md @x\n日本/ @y\n*.ß @z\nbad\xff @w\n"))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "CODEOWNERS:4") {
		t.Fatalf("errors %v", errs)
	}
	for p, want := range map[string]string{"docs/café.md": "@x", "a/日本/b.go": "@y", "straße.ß": "@z", "docs/cafe.md": ""} {
		if got := strings.Join(f.Owners(p), " "); got != want {
			t.Errorf("Owners(%q) = %q, want %q", p, got, want)
		}
	}
}

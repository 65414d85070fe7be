package codeowners

import (
	"reflect"
	"strings"
	"testing"
)

const sample = `# Owners of the shop
*                 @shop/core
*.js              @web-lead
/build/logs/      @ops
docs/*            docs@example.com @writer
apps/             @apps-team
**/migrations     @dba
/scripts/ @ops @shop/release
payments/**/*.go  @pay
src/legacy/
\#notes.md        @historian  # a file named #notes.md
`

func TestOwners(t *testing.T) {
	f, errs := Parse(strings.NewReader(sample))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	for path, want := range map[string]string{
		"README.md":               "@shop/core",
		"web/app.js":              "@web-lead",
		"app.js":                  "@web-lead",
		"build/logs/today.log":    "@ops",
		"sub/build/logs/x":        "@shop/core",
		"docs/index.md":           "docs@example.com @writer",
		"docs/deep/page.md":       "@shop/core",
		"apps/a/b.go":             "@apps-team",
		"x/apps/b.go":             "@apps-team",
		"db/migrations/001.sql":   "@dba",
		"migrations/002.sql":      "@dba",
		"scripts/deploy.sh":       "@ops @shop/release",
		"payments/api/charge.go":  "@pay",
		"payments/charge.go":      "@pay",
		"payments/charge_test.py": "@shop/core",
		"src/legacy/old.go":       "",
		"#notes.md":               "@historian",
	} {
		if got := strings.Join(f.Owners(path), " "); got != want {
			t.Errorf("Owners(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestParseErrorsAndOwners(t *testing.T) {
	f, errs := Parse(strings.NewReader("!vendor/ @x\n[ab].go @y\nok.go @z\n"))
	if len(errs) != 2 || !strings.Contains(errs[0].Error(), "CODEOWNERS:1") || len(f.Rules) != 1 {
		t.Fatalf("%v %+v", errs, f.Rules)
	}
	for in, want := range map[string]Reviewer{"@alice": {Login: "alice"}, "@shop/core": {Org: "shop", Team: "core"}} {
		if got, ok := ParseOwner(in); !ok || !reflect.DeepEqual(got, want) || got.String() != strings.TrimPrefix(in, "@") {
			t.Errorf("ParseOwner(%q) = %+v %v", in, got, ok)
		}
	}
	for _, bad := range []string{"alice@example.com", "@", "@a/", "@/b", "@a/b/c", "alice"} {
		if _, ok := ParseOwner(bad); ok {
			t.Errorf("ParseOwner(%q) accepted", bad)
		}
	}
}

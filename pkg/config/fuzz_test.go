package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/pkg/strictyaml"
)

// FuzzParse: any .hotfix.yaml loads or is refused with a *strictyaml.Error,
// never a panic or a hang; a loaded config's templates render quickly to a
// bounded size whatever the fields hold, and it survives Marshal and Parse
// unchanged.
//
//	go test ./pkg/config -run '^$' -fuzz '^FuzzParse$' -fuzztime 2m
func FuzzParse(f *testing.F) {
	def, err := Default().Marshal()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		string(def),
		"version: 1\nflow: gitflow\nbranches:\n  production: master\n",
		"branches:\n  hotfix: '{{range 100000000000}}x{{end}}{{.Slug}}'\n",
		"branches:\n  hotfix: '{{define \"a\"}}{{template \"a\"}}{{end}}{{template \"a\"}}{{.Slug}}'\n",
		"branches:\n  hotfix: '{{$a := print .Slug .Slug}}{{$a = print $a $a}}{{$a}}'\n",
		"branches:\n  hotfix: '{{printf \"%099999999d\" 1}}{{.Slug}}'\n",
		"branches:\n  hotfix: '{{js (js (js .Slug))}}'\n",
		"branches:\n  hotfix: '{{if .Version}}{{.Version}}/{{end}}{{printf \"%.8s\" .Slug}}'\n",
		"pr:\n  title: '{{with .Title}}{{.}}{{else}}x{{end}}'\n  labels: ['{{len .ID}}', '{{slice .ID 0 1}}']\n",
		"severities:\n  - name: A\n    update_interval: 99999999999999h\n  - name: B\n    deadlines: {fix: 1w, test: -1h}\n",
		"tags:\n  pattern: '(a{1000}){1000}'\n",
		"triage:\n  patterns: ['((((', '\\\\']\n",
		"update:\n  timezone: ../../../../etc/passwd\n",
		"a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n",
		"version: 18446744073709551617\n",
		"records: {dir: [x]}\n",
		"severities: ~\n",
		"verify:\n  coverage: {min_percent: .nan}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("f.yaml", data)
		if err != nil {
			var se *strictyaml.Error
			if !errors.As(err, &se) {
				t.Fatalf("error %T %v is not a *strictyaml.Error", err, err)
			}
			return
		}
		checkTemplatesBounded(t, c)
		out, err := c.Marshal()
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		back, err := Parse("back.yaml", out)
		if err != nil {
			t.Fatalf("a loaded config does not load again: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(back, c) {
			t.Fatalf("Marshal and Parse changed the config:\n%s", out)
		}
	})
}

// checkTemplatesBounded renders the branch and pull request templates with
// long fields and checks the output is at most linear in them.
func checkTemplatesBounded(t *testing.T, c *Config) {
	t.Helper()
	long := strings.Repeat("a\\b<&%", 100)
	start := time.Now()
	var sb strings.Builder
	err := c.BranchTemplate().Execute(&sb, BranchVars{Version: long, Slug: long, ID: long, Severity: long, Date: long})
	limit := (len(c.Branches.Hotfix) + 1) * (10000 + 5*len(long))
	if err == nil && sb.Len() > limit {
		t.Fatalf("branch template %q rendered %d bytes", c.Branches.Hotfix, sb.Len())
	}
	for _, tmpl := range append([]string{c.PR.Title}, c.PR.Labels...) {
		s, err := RenderPR(tmpl, PRVars{Title: long, Severity: long, ID: long, Version: long})
		if err == nil && len(s) > (len(tmpl)+1)*(10000+5*len(long)) {
			t.Fatalf("template %q rendered %d bytes", tmpl, len(s))
		}
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("rendering took %v", d)
	}
}

// TestTemplatesRefuseHostile: a template that could render forever or
// without bound is refused at load with what to write instead; the usual
// ones still load.
func TestTemplatesRefuseHostile(t *testing.T) {
	for _, tc := range []struct{ name, tmpl, want string }{
		{"range over an integer", "{{range 100000000000}}x{{end}}{{.Slug}}", "is not allowed"},
		{"range over a field", "{{range .Slug}}x{{end}}{{.Slug}}", "is not allowed"},
		{"recursion", `{{define "a"}}{{template "a"}}{{end}}{{template "a"}}{{.Slug}}`, "define and block are not allowed"},
		{"block", `{{block "a" .}}{{.Slug}}{{end}}`, "define and block are not allowed"},
		{"doubling variable", "{{$a := print .Slug .Slug}}{{$a = print $a $a}}{{$a}}", "variables are not allowed"},
		{"huge printf width", `{{printf "%099999999d" 1}}{{.Slug}}`, "printf needs a literal format"},
		{"printf star width", `{{printf "%*d" 999999999 1}}{{.Slug}}`, "printf needs a literal format"},
		{"printf computed format", `{{printf (print "%0" "99999999d") 1}}{{.Slug}}`, "printf needs a literal format"},
		{"nested js", "{{js (js (js .Slug))}}", "the function js is not allowed"},
		{"call", "{{call .Slug}}", "the function call is not allowed"},
		{"too long", "{{.Slug}}" + strings.Repeat("x", maxTemplate), "the limit is"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := "branches:\n  hotfix: '" + strings.ReplaceAll(tc.tmpl, "'", "''") + "'\n"
			start := time.Now()
			_, err := Parse("c.yaml", []byte(doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "c.yaml:2: branches.hotfix") {
				t.Fatalf("error %v, want c.yaml:2: branches.hotfix ... %q", err, tc.want)
			}
			if d := time.Since(start); d > time.Second {
				t.Fatalf("took %v", d)
			}
			if _, err := RenderPR(tc.tmpl, PRVars{}); err == nil {
				t.Fatal("RenderPR accepted it")
			}
		})
	}
	for _, tmpl := range []string{
		"hotfix/{{.Version}}-{{.Slug}}",
		"{{if .Version}}{{.Version}}/{{end}}{{printf \"%.8s\" .Slug}}",
		"fix/{{.Date}}/{{.Severity | printf \"%s\"}}-{{.ID}}",
		"{{with .Version}}{{.}}-{{else}}none-{{end}}{{slice .Slug 0 1}}{{.Slug}}{{/* comment */}}",
		"{{if and (ne .Version \"\") (gt (len .Slug) 3)}}{{$.Version}}-{{end}}{{.Slug}}",
	} {
		doc := "branches:\n  hotfix: '" + strings.ReplaceAll(tmpl, "'", "''") + "'\n"
		if _, err := Parse("c.yaml", []byte(doc)); err != nil {
			t.Errorf("%s: %v", tmpl, err)
		}
	}
}

// TestParseOverSizeCapIsQuick: a file over strictyaml's cap is refused
// before anything parses it.
func TestParseOverSizeCapIsQuick(t *testing.T) {
	doc := []byte("severities:\n" + strings.Repeat("  - name: x\n", 2*strictyaml.MaxSize/12))
	start := time.Now()
	_, err := Parse("c.yaml", doc)
	if err == nil || !strings.Contains(err.Error(), "the limit is") {
		t.Fatalf("error %v", err)
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Fatalf("took %v to refuse", d)
	}
}

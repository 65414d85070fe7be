package ghapi

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestSpecHasAHandlerForEveryOperation(t *testing.T) {
	sp, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	if len(sp.ops) != 29 {
		t.Errorf("the description has %d operations, want the 29 of testdata/github-api/README.md", len(sp.ops))
	}
	for _, op := range sp.ops {
		if handlers[op.id] == nil {
			t.Errorf("operation %s (%s %s) has no handler", op.id, op.method, op.template)
		}
	}
	for id := range handlers {
		if sp.byID[id] == nil {
			t.Errorf("handler %s serves no operation of the description", id)
		}
	}
	again, _ := loadSpec()
	if again != sp {
		t.Error("loadSpec parsed the description twice")
	}
}

// TestSchemaKeywordsSurvey walks every schema of the description and checks
// that the validator implements exactly the validation keywords it uses (the
// list in the package doc).
func TestSchemaKeywordsSurvey(t *testing.T) {
	data, err := os.ReadFile(specFile())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	used := map[string]int{}
	var walk func(s any)
	walk = func(s any) {
		m, ok := s.(map[string]any)
		if !ok {
			return
		}
		for k, v := range m {
			used[k]++
			switch k {
			case "properties":
				for _, sub := range v.(map[string]any) {
					walk(sub)
				}
			case "items", "additionalProperties", "not":
				walk(v)
			case "oneOf", "anyOf", "allOf":
				for _, sub := range v.([]any) {
					walk(sub)
				}
			}
		}
	}
	for _, item := range doc["paths"].(map[string]any) {
		for _, opv := range item.(map[string]any) {
			op := opv.(map[string]any)
			for _, p := range asList(op["parameters"]) {
				walk(p.(map[string]any)["schema"])
			}
			if rb, ok := op["requestBody"].(map[string]any); ok {
				for _, mt := range rb["content"].(map[string]any) {
					walk(mt.(map[string]any)["schema"])
				}
			}
			for _, r := range op["responses"].(map[string]any) {
				content, _ := r.(map[string]any)["content"].(map[string]any)
				for _, mt := range content {
					walk(mt.(map[string]any)["schema"])
				}
			}
		}
	}
	var validation, unknown []string
	for k := range used {
		switch {
		case schemaKeywords[k]:
			validation = append(validation, k)
		case annotationKeywords[k] || strings.HasPrefix(k, "x-"):
		default:
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		t.Errorf("the description uses keywords the validator does not know: %v", unknown)
	}
	var implemented []string
	for k := range schemaKeywords {
		implemented = append(implemented, k)
	}
	sort.Strings(validation)
	sort.Strings(implemented)
	if !reflect.DeepEqual(validation, implemented) {
		t.Errorf("validation keywords used %v, implemented %v: keep them equal (and the package doc)", validation, implemented)
	}
	t.Logf("validation keywords: %v", validation)
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func TestRoute(t *testing.T) {
	sp, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, path string
		op           string
		params       map[string]string
	}{
		{"GET", "/user", "users/get-authenticated", map[string]string{}},
		{"GET", "/repos/acme/widgets", "repos/get", map[string]string{"owner": "acme", "repo": "widgets"}},
		{"POST", "/repos/acme/widgets/pulls", "pulls/create", map[string]string{"owner": "acme", "repo": "widgets"}},
		{"GET", "/repos/acme/widgets/pulls/12", "pulls/get", map[string]string{"owner": "acme", "repo": "widgets", "pull_number": "12"}},
		{"GET", "/repos/acme/widgets/pulls/12/merge", "pulls/check-if-merged", nil},
		{"GET", "/repos/acme/widgets/branches/hotfix%2Flogin-crash", "repos/get-branch", map[string]string{"owner": "acme", "repo": "widgets", "branch": "hotfix/login-crash"}},
		{"GET", "/repos/acme/widgets/branches/hotfix/login-crash", "repos/get-branch", map[string]string{"owner": "acme", "repo": "widgets", "branch": "hotfix/login-crash"}},
		{"GET", "/repos/acme/widgets/git/ref/heads/hotfix/x", "git/get-ref", map[string]string{"owner": "acme", "repo": "widgets", "ref": "heads/hotfix/x"}},
		{"DELETE", "/repos/acme/widgets/git/refs/tags/v1.2.3", "git/delete-ref", map[string]string{"owner": "acme", "repo": "widgets", "ref": "tags/v1.2.3"}},
		{"POST", "/repos/acme/widgets/git/refs", "git/create-ref", nil},
		{"GET", "/repos/acme/widgets/contents/.github/CODEOWNERS", "repos/get-content", map[string]string{"owner": "acme", "repo": "widgets", "path": ".github/CODEOWNERS"}},
		{"GET", "/repos/acme/widgets/compare/main...hotfix%2Fx", "repos/compare-commits", map[string]string{"owner": "acme", "repo": "widgets", "base": "main", "head": "hotfix/x"}},
		{"GET", "/repos/acme/widgets/compare/v1.0.0...hotfix/x", "repos/compare-commits", map[string]string{"owner": "acme", "repo": "widgets", "base": "v1.0.0", "head": "hotfix/x"}},
		{"POST", "/repos/acme/widgets/issues/3/labels", "issues/add-labels", nil},
		{"GET", "/repos/acme/widgets/pulls/12/nope", "", nil},
		{"GET", "/repos/acme/widgets/compare/main", "", nil},
		{"GET", "/repos/acme/widgets/", "", nil},
		{"PUT", "/repos/acme/widgets/pulls/1/merge", "", nil},
	}
	for _, tt := range tests {
		m, _, err := sp.route(tt.method, tt.path)
		if err != nil {
			t.Errorf("%s %s: %v", tt.method, tt.path, err)
			continue
		}
		got := ""
		if m != nil {
			got = m.op.id
		}
		if got != tt.op {
			t.Errorf("%s %s routed to %q, want %q", tt.method, tt.path, got, tt.op)
			continue
		}
		if tt.params != nil && !reflect.DeepEqual(m.params, tt.params) {
			t.Errorf("%s %s: params %v, want %v", tt.method, tt.path, m.params, tt.params)
		}
	}
	_, allowed, _ := sp.route("PUT", "/repos/acme/widgets/pulls/1/merge")
	if !reflect.DeepEqual(allowed, []string{"GET"}) {
		t.Errorf("allowed methods for /pulls/1/merge: %v, want [GET]", allowed)
	}
}

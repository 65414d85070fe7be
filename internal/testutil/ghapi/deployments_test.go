package ghapi

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// TestDeployments checks the deployment operations: requests are validated
// against the description, unknown refs are GitHub's 422, the default
// auto-merge is refused as not simulated, lists filter, and a success
// marks earlier non-production deployments of the environment inactive.
func TestDeployments(t *testing.T) {
	ft := newFakeTB(t)
	srv := New(ft, Options{})
	sha := srv.CommitOn("acme/widgets", "hotfix/x", "fix")
	for _, tt := range []struct {
		name, method, path, body string
		status                   int
		want                     []string
	}{
		{"state enum", "POST", "/repos/acme/widgets/deployments/1/statuses", `{"state":"done"}`, 422, []string{`$.state: "done" is not one of`}},
		{"ref required", "POST", "/repos/acme/widgets/deployments", `{"environment":"production"}`, 422, []string{`required property "ref" is missing`}},
		{"payload type", "POST", "/repos/acme/widgets/deployments", `{"ref":"main","payload":5}`, 422, []string{"$.payload: matches none of the oneOf alternatives"}},
		{"auto merge", "POST", "/repos/acme/widgets/deployments", `{"ref":"hotfix/x"}`, 501, []string{"auto_merge"}},
		{"unknown query", "GET", "/repos/acme/widgets/deployments?env=production", ``, 422, []string{`query parameter "env"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, body := raw(t, srv, tt.method, tt.path, tt.body)
			if status != tt.status {
				t.Errorf("status %d, want %d (%s)", status, tt.status, body)
			}
			ft.expectError(t, tt.want...)
		})
	}
	if status, body := raw(t, srv, "POST", "/repos/acme/widgets/deployments", `{"ref":"nope","auto_merge":false}`); status != 422 || !strings.Contains(body, "No ref found for: nope") {
		t.Errorf("%d %s", status, body)
	}
	create := func(ref, env string) int64 {
		t.Helper()
		status, body := raw(t, srv, "POST", "/repos/acme/widgets/deployments", `{"ref":"`+ref+`","environment":"`+env+`","auto_merge":false,"required_contexts":[],"payload":{"hotfix_record":"r"}}`)
		if status != 201 {
			t.Fatalf("%d %s", status, body)
		}
		var d struct {
			ID  int64  `json:"id"`
			SHA string `json:"sha"`
		}
		if err := json.Unmarshal([]byte(body), &d); err != nil || d.SHA == "" {
			t.Fatalf("%v %s", err, body)
		}
		return d.ID
	}
	first := create("hotfix/x", "staging")
	second := create(sha, "staging")
	create("main", "production")
	status, body := raw(t, srv, "GET", "/repos/acme/widgets/deployments?environment=staging&sha="+sha, "")
	var list []struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(body), &list); status != 200 || err != nil || len(list) != 2 || list[0].ID != second {
		t.Fatalf("%d %s", status, body)
	}
	if status, body := raw(t, srv, "POST", "/repos/acme/widgets/deployments/"+strconv.FormatInt(second, 10)+"/statuses", `{"state":"success","log_url":"https://ci.example.com/9"}`); status != 201 {
		t.Fatalf("%d %s", status, body)
	}
	ds := srv.Deployments()
	if len(ds) != 3 || ds[0].ID != first || len(ds[0].Statuses) != 1 || ds[0].Statuses[0].State != "inactive" || ds[1].Statuses[0].State != "success" || !ds[2].Production || ds[0].Production {
		t.Errorf("%+v", ds)
	}
	if status, _ := raw(t, srv, "GET", "/repos/acme/widgets/deployments/99/statuses", ""); status != 404 {
		t.Errorf("unknown deployment: %d", status)
	}
	ft.expectNoError(t)
}

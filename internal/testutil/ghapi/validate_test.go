package ghapi

import (
	"net/http"
	"strings"
	"testing"
)

// TestRequestValidation sends requests GitHub would reject and checks that
// each fails the test (through a fake testing.TB) with a clear message, and
// is answered as GitHub would.
func TestRequestValidation(t *testing.T) {
	ft := newFakeTB(t)
	srv := New(ft, Options{})
	srv.CommitOn("acme/widgets", "hotfix/x", "fix")
	tests := []struct {
		name         string
		method, path string
		body         string
		mutate       func(*http.Request)
		status       int
		want         []string // substrings of the reported failures
	}{
		{"unknown path", "GET", "/repos/acme/widgets/frobnicate", "", nil, 404,
			[]string{"GET /repos/acme/widgets/frobnicate", "no operation in GitHub's OpenAPI description matches this path"}},
		{"unknown method", "PUT", "/repos/acme/widgets/pulls/1/merge", "", nil, 404,
			[]string{"PUT /repos/acme/widgets/pulls/1/merge", "only for GET"}},
		{"path parameter type", "GET", "/repos/acme/widgets/pulls/abc", "", nil, 404,
			[]string{"pulls/get", "path parameter pull_number=\"abc\": expected integer"}},
		{"unknown query parameter", "GET", "/repos/acme/widgets/pulls?status=open", "", nil, 422,
			[]string{`query parameter "status" is not a parameter of pulls/list`}},
		{"query integer", "GET", "/repos/acme/widgets/pulls?per_page=lots", "", nil, 422,
			[]string{`query parameter per_page="lots": expected integer`}},
		{"query enum", "GET", "/repos/acme/widgets/pulls?state=merged", "", nil, 422,
			[]string{`query parameter state="merged"`, `is not one of ["open", "closed", "all"]`}},
		{"query repeated", "GET", "/repos/acme/widgets/pulls?state=open&state=closed", "", nil, 422,
			[]string{"query parameter state is given 2 times"}},
		{"missing required property", "POST", "/repos/acme/widgets/pulls", `{"title":"t","base":"main"}`, nil, 422,
			[]string{"pulls/create", `request body: $: required property "head" is missing`}},
		{"wrong type", "POST", "/repos/acme/widgets/pulls", `{"title":"t","head":"hotfix/x","base":"main","draft":"yes"}`, nil, 422,
			[]string{"request body: $.draft: expected boolean, got string"}},
		{"wrong type integer", "POST", "/repos/acme/widgets/pulls", `{"title":"t","head":"hotfix/x","base":"main","issue":1.5}`, nil, 422,
			[]string{"$.issue: expected integer"}},
		{"enum in body", "PATCH", "/repos/acme/widgets/pulls/1", `{"state":"merged"}`, nil, 422,
			[]string{`$.state: "merged" is not one of ["open", "closed"]`}},
		{"format in body", "POST", "/repos/acme/widgets/pulls", `{"title":"t","head":"hotfix/x","base":"main","head_repo":"widgets"}`, nil, 422,
			[]string{"$.head_repo", "not a repository name with owner"}},
		{"unknown property where forbidden", "POST", "/repos/acme/widgets/issues", `{"title":"t","issue_field_values":[{"field_id":1,"value":"v","colour":"red"}]}`, nil, 422,
			[]string{`$.issue_field_values[0]: property "colour" is not allowed`}},
		{"nested oneOf", "POST", "/repos/acme/widgets/issues", `{"title":"t","labels":["ok",5]}`, nil, 422,
			[]string{"$.labels[1]: matches none of the oneOf alternatives"}},
		{"oneOf title", "POST", "/repos/acme/widgets/issues", `{"title":true}`, nil, 422,
			[]string{"$.title: matches none of the oneOf alternatives"}},
		{"nullable refused", "POST", "/repos/acme/widgets/issues", `{"title":"t","body":null}`, nil, 422,
			[]string{"$.body: null is not allowed (expected string)"}},
		{"array items", "POST", "/repos/acme/widgets/pulls/1/requested_reviewers", `{"reviewers":"alice"}`, nil, 422,
			[]string{"$.reviewers: expected array, got string"}},
		{"minItems", "POST", "/repos/acme/widgets/issues/1/labels", `{"labels":[]}`, nil, 422,
			[]string{"$.labels: array has 0 items, fewer than the minimum 1"}},
		{"label object without name", "POST", "/repos/acme/widgets/issues/1/labels", `{"labels":[{"color":"red"}]}`, nil, 422,
			[]string{"$.labels[0]: matches none of the oneOf alternatives"}},
		{"bare array form checked too", "POST", "/repos/acme/widgets/issues/1/labels", `[]`, nil, 422,
			[]string{"$: array has 0 items, fewer than the minimum 1"}},
		{"required body missing", "POST", "/repos/acme/widgets/git/refs", "", nil, 422,
			[]string{"the request body is required"}},
		{"malformed JSON", "POST", "/repos/acme/widgets/git/refs", `{"ref":`, nil, 400,
			[]string{"the request body is not JSON"}},
		{"body on GET", "GET", "/repos/acme/widgets", `{"x":1}`, nil, 422,
			[]string{"repos/get takes no request body"}},
		{"form content type", "POST", "/repos/acme/widgets/issues", `{"title":"t"}`, func(r *http.Request) {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}, 415, []string{`Content-Type "application/x-www-form-urlencoded" is not JSON`}},
		{"no User-Agent", "GET", "/user", "", func(r *http.Request) { r.Header.Set("User-Agent", "") }, 403,
			[]string{"no User-Agent header"}},
		{"unsupported API version", "GET", "/user", "", func(r *http.Request) { r.Header.Set("X-GitHub-Api-Version", "2021-01-01") }, 400,
			[]string{`X-GitHub-Api-Version "2021-01-01" is not a supported API version`}},
		{"unsupported Accept", "GET", "/user", "", func(r *http.Request) { r.Header.Set("Accept", "text/html") }, 415,
			[]string{`Accept "text/html"`}},
		{"token in the URL", "GET", "/repos/acme/widgets/pulls?head=" + srv.Token(), "", nil, 200,
			[]string{"the token appeared in the request's URL"}},
		{"token in the body", "POST", "/repos/acme/widgets/issues", `{"title":"` + srv.Token() + `"}`, nil, 201,
			[]string{"the token appeared in the request's body"}},
		{"token in another header", "GET", "/user", "", func(r *http.Request) { r.Header.Set("X-Debug", srv.Token()) }, 200,
			[]string{"the token appeared in the request's header X-Debug"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mutate []func(*http.Request)
			if tt.mutate != nil {
				mutate = append(mutate, tt.mutate)
			}
			status, body := raw(t, srv, tt.method, tt.path, tt.body, mutate...)
			if status != tt.status {
				t.Errorf("status %d, want %d (body %s)", status, tt.status, body)
			}
			ft.expectError(t, tt.want...)
		})
	}
}

func TestValidRequestsReportNothing(t *testing.T) {
	ft := newFakeTB(t)
	srv := New(ft, Options{})
	srv.CommitOn("acme/widgets", "hotfix/x", "fix")
	for _, r := range []struct{ method, path, body string }{
		{"GET", "/repos/acme/widgets/pulls?state=all&head=acme:hotfix/x&base=main&sort=updated&direction=asc&per_page=100&page=1", ""},
		{"POST", "/repos/acme/widgets/pulls", `{"title":"t","head":"hotfix/x","base":"main","body":"b","draft":false,"maintainer_can_modify":true}`},
		{"POST", "/repos/acme/widgets/issues/1/labels", `{"labels":["hotfix",{"name":"sev1"}]}`},
		{"POST", "/repos/acme/widgets/issues/1/labels", `["sev2"]`},
		{"POST", "/repos/acme/widgets/issues", `{"title":42,"labels":[{"name":"x","color":null}],"assignee":null,"milestone":null,"type":null}`},
		{"GET", "/repos/acme/widgets/contents/README.md?ref=main", ""},
	} {
		status, body := raw(t, srv, r.method, r.path, r.body)
		if status >= 300 && status != 404 {
			t.Errorf("%s %s: %d %s", r.method, r.path, status, body)
		}
	}
	ft.expectNoError(t)
}

func TestAuthentication(t *testing.T) {
	ft := newFakeTB(t)
	srv := New(ft, Options{Token: "ghp_configuredtoken"})
	for _, tt := range []struct {
		name, auth string
		status     int
		msg        string
	}{
		{"bearer", "Bearer ghp_configuredtoken", 200, ""},
		{"token scheme", "token ghp_configuredtoken", 200, ""},
		{"wrong token", "Bearer ghp_other", 401, `"message":"Bad credentials"`},
		{"basic", "Basic Z2hwOng=", 401, `"message":"Bad credentials"`},
		{"none", "", 401, `"message":"Requires authentication"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, body := raw(t, srv, "GET", "/user", "", func(r *http.Request) {
				r.Header.Set("Authorization", tt.auth)
			})
			if status != tt.status || !strings.Contains(body, tt.msg) {
				t.Errorf("got %d %s, want %d %s", status, body, tt.status, tt.msg)
			}
		})
	}
	// A 401 is the product's to handle: it fails no test.
	ft.expectNoError(t)
	for _, r := range srv.Requests() {
		if got := r.Header.Get("Authorization"); got != "" && got != "REDACTED" {
			t.Errorf("the request log holds the Authorization header %q", got)
		}
	}
}

func TestEnterpriseRequestOutsideAPIPrefix(t *testing.T) {
	ft := newFakeTB(t)
	srv := New(ft, Options{Enterprise: true})
	if !strings.HasSuffix(srv.URL(), "/api/v3/") {
		t.Fatalf("URL %s does not end in /api/v3/", srv.URL())
	}
	root := strings.TrimSuffix(srv.URL(), "api/v3/")
	req, _ := http.NewRequest("GET", root+"user", nil)
	req.Header.Set("User-Agent", "x")
	req.Header.Set("Authorization", "Bearer "+srv.Token())
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("status %d, want 404", resp.StatusCode)
	}
	ft.expectError(t, "GitHub Enterprise Server serves the REST API under /api/v3/")
}

func TestAssertNoToken(t *testing.T) {
	srv := New(t, Options{})
	ft := newFakeTB(t)
	srv.AssertNoToken(ft, "stdout", "pushed with "+srv.Token())
	ft.expectError(t, "the token appeared in stdout")
	srv.AssertNoToken(ft, "stderr", "nothing to see")
	ft.expectNoError(t)

	dir := t.TempDir()
	o := &origin{t: t, work: dir}
	o.write(".git/config", "[remote \"origin\"]\n\turl = https://x-access-token:"+srv.Token()+"@github.com/acme/widgets\n")
	o.write("notes.txt", "clean\n")
	srv.AssertNoTokenInDir(ft, dir)
	ft.expectError(t, ".git/config")
	if len(ft.take()) != 0 {
		t.Error("a clean file was reported")
	}
}

package ghapi

import (
	"strings"
	"testing"
)

func mustSchema(t *testing.T, src string) *schema {
	t.Helper()
	v, err := decodeJSON([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s, err := compileSchema(v, "$")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSchemaValidate(t *testing.T) {
	tests := []struct {
		name, schema, value string
		want                string // "" for valid, else a substring of the error
	}{
		{"string", `{"type":"string"}`, `"x"`, ""},
		{"string wrong type", `{"type":"string"}`, `5`, "expected string, got integer"},
		{"integer", `{"type":"integer"}`, `5`, ""},
		{"integer not float", `{"type":"integer"}`, `5.5`, "expected integer, got number 5.5"},
		{"number", `{"type":"number"}`, `5.5`, ""},
		{"boolean", `{"type":"boolean"}`, `"true"`, "expected boolean, got string"},
		{"null refused", `{"type":"string"}`, `null`, "null is not allowed"},
		{"nullable", `{"type":"string","nullable":true}`, `null`, ""},
		{"nullable allOf", `{"nullable":true,"allOf":[{"type":"object","required":["a"]}]}`, `null`, ""},
		{"enum", `{"type":"string","enum":["open","closed"]}`, `"merged"`, `"merged" is not one of ["open", "closed"]`},
		{"enum ok", `{"type":"string","enum":["open","closed"]}`, `"open"`, ""},
		{"nullable enum null", `{"type":"string","nullable":true,"enum":["a"]}`, `null`, ""},
		{"required", `{"type":"object","properties":{"head":{"type":"string"}},"required":["head"]}`, `{}`, `required property "head" is missing`},
		{"nested path", `{"type":"object","properties":{"a":{"type":"array","items":{"type":"object","properties":{"b":{"type":"integer"}}}}}}`, `{"a":[{"b":1},{"b":"x"}]}`, "$.a[1].b: expected integer"},
		{"additional false", `{"type":"object","properties":{"a":{}},"additionalProperties":false}`, `{"a":1,"z":2}`, `property "z" is not allowed`},
		{"additional allowed", `{"type":"object","properties":{"a":{}}}`, `{"a":1,"z":2}`, ""},
		{"additional schema", `{"type":"object","additionalProperties":{"type":"string"}}`, `{"a":"x","b":2}`, "$.b: expected string"},
		{"minItems", `{"type":"array","minItems":1}`, `[]`, "fewer than the minimum 1"},
		{"minLength", `{"type":"string","minLength":2}`, `"é"`, "shorter than 2"},
		{"maxLength", `{"type":"string","maxLength":2}`, `"abc"`, "longer than 2"},
		{"minimum", `{"type":"integer","minimum":1}`, `0`, "less than the minimum"},
		{"maximum", `{"type":"integer","maximum":100}`, `101`, "greater than the maximum"},
		{"oneOf one", `{"oneOf":[{"type":"string"},{"type":"integer"}]}`, `7`, ""},
		{"oneOf none", `{"oneOf":[{"type":"string"},{"type":"integer"}]}`, `true`, "matches none of the oneOf alternatives"},
		{"oneOf two", `{"oneOf":[{"type":"integer"},{"type":"number"}]}`, `7`, "matches 2 of the oneOf alternatives"},
		{"oneOf empty object", `{"oneOf":[{"type":"object","required":["login"]},{"type":"object","additionalProperties":false}]}`, `{}`, ""},
		{"anyOf", `{"anyOf":[{"type":"string"},{"type":"integer"}]}`, `7`, ""},
		{"anyOf none", `{"anyOf":[{"type":"string"},{"type":"integer"}]}`, `[]`, "matches none of the 2 anyOf alternatives"},
		{"allOf", `{"allOf":[{"type":"object","required":["a"]},{"type":"object","required":["b"]}]}`, `{"a":1}`, `required property "b"`},
		{"date-time", `{"type":"string","format":"date-time"}`, `"2026-11-22T10:00:00Z"`, ""},
		{"date-time bad", `{"type":"string","format":"date-time"}`, `"yesterday"`, "not a date-time"},
		{"uri", `{"type":"string","format":"uri"}`, `"https://api.github.com/x"`, ""},
		{"uri bad", `{"type":"string","format":"uri"}`, `"/relative"`, "not an absolute URI"},
		{"email bad", `{"type":"string","format":"email"}`, `"nope"`, "not an email"},
		{"int64", `{"type":"integer","format":"int64"}`, `9223372036854775807`, ""},
		{"repo.nwo", `{"type":"string","format":"repo.nwo"}`, `"acme/widgets"`, ""},
		{"repo.nwo bad", `{"type":"string","format":"repo.nwo"}`, `"widgets"`, "not a repository name"},
		{"unknown format ok", `{"type":"string","format":"color"}`, `"red"`, ""},
		{"unconstrained null", `{}`, `null`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustSchema(t, tt.schema)
			v, err := decodeJSON([]byte(tt.value))
			if err != nil {
				t.Fatal(err)
			}
			errs := s.validate(v, "$")
			got := strings.Join(errs, "\n")
			if tt.want == "" && got != "" {
				t.Errorf("want valid, got %s", got)
			}
			if tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("want an error containing %q, got %q", tt.want, got)
			}
		})
	}
}

func TestCompileSchemaRefusesUnknownKeywords(t *testing.T) {
	v, _ := decodeJSON([]byte(`{"type":"string","pattern":"^a"}`))
	if _, err := compileSchema(v, "$"); err == nil || !strings.Contains(err.Error(), `"pattern" is not supported`) {
		t.Errorf("compileSchema accepted an unsupported keyword: %v", err)
	}
	v, _ = decodeJSON([]byte(`{"type":"string","description":"d","example":"e","x-github":{}}`))
	if _, err := compileSchema(v, "$"); err != nil {
		t.Errorf("annotations refused: %v", err)
	}
}

func TestDecodeJSONRefusesTrailingData(t *testing.T) {
	if _, err := decodeJSON([]byte(`{"a":1} {"b":2}`)); err == nil {
		t.Error("two documents accepted")
	}
	if _, err := decodeJSON([]byte(`{"a":1}` + "\n")); err != nil {
		t.Errorf("trailing newline refused: %v", err)
	}
}

func TestCheckParamBoolean(t *testing.T) {
	p := &param{name: "flag", schema: mustSchema(t, `{"type":"boolean"}`)}
	if errs := checkParam(p, "true"); len(errs) > 0 {
		t.Errorf("true refused: %v", errs)
	}
	if errs := checkParam(p, "yes"); len(errs) == 0 {
		t.Error("yes accepted as a boolean")
	}
	p = &param{name: "n", schema: mustSchema(t, `{"type":"integer"}`)}
	if errs := checkParam(p, "1.5"); len(errs) == 0 {
		t.Error("1.5 accepted as an integer")
	}
}

func TestVersionLess(t *testing.T) {
	if !versionLess("refs/tags/v1.9.0", "refs/tags/v1.10.0") || versionLess("refs/tags/v1.10.0", "refs/tags/v1.9.0") {
		t.Error("v1.10.0 must sort after v1.9.0")
	}
	if !versionLess("refs/tags/v1.0.0", "refs/tags/v1.0.0-rc.1") {
		t.Log("v1.0.0-rc.1 sorts after v1.0.0 by name, as a plain version sort does")
	}
}

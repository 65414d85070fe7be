package verify

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil/sarifcheck"
)

func TestSARIFValidatesAgainstTheSchema(t *testing.T) {
	for name, r := range map[string]*Report{
		"sample": sampleReport(),
		"clean":  Assemble(&Report{Base: "main"}, []RuleResult{{ID: "tests-touched", Status: Passed}}, nil, nil),
	} {
		var b bytes.Buffer
		if err := WriteSARIF(&b, r, "1.0.0"); err != nil {
			t.Fatal(err)
		}
		var doc interface{}
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if errs := sarifcheck.Validate(doc); len(errs) > 0 {
			t.Errorf("%s: SARIF does not validate:\n%s", name, strings.Join(errs, "\n"))
		}
	}
	// The validator itself rejects what the schema rejects.
	errs := sarifcheck.Validate(map[string]interface{}{"version": "2.0.0", "runs": []interface{}{
		map[string]interface{}{"tool": map[string]interface{}{"driver": map[string]interface{}{}}, "results": []interface{}{
			map[string]interface{}{"level": "fatal", "message": map[string]interface{}{}, "extra": 1,
				"locations": []interface{}{map[string]interface{}{"physicalLocation": map[string]interface{}{"region": map[string]interface{}{"startLine": 0.0}}}}},
		}},
	}})
	for _, want := range []string{`"2.0.0" not in`, `missing required "name"`, `"fatal" not in`, "needs text or id", "extra: property not allowed", "needs artifactLocation", "below the minimum 1"} {
		if !strings.Contains(strings.Join(errs, "\n"), want) {
			t.Errorf("validator missed %q in %v", want, errs)
		}
	}
}

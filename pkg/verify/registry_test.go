package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/hotfix-dev/hotfix/pkg/config"
)

// The rules and their order are part of the output: the report, SARIF's rule
// index and .hotfix.yaml all follow it, so it only grows at the end.
func TestRegistryOrderIsStable(t *testing.T) {
	want := []string{"tests-touched", "docs-touched", "tests-pass", "coverage", "repro"}
	if got := IDs(); !reflect.DeepEqual(got[:len(want)], want) {
		t.Fatalf("rule order %v, want %v first", got, want)
	}
	if r, _ := Lookup("tests-touched"); r.Name() != "TestsTouched" {
		t.Fatalf("name %q", r.Name())
	}
}

// Every registered rule is complete, and what is derived from the registry
// (config's known and default rules, generated from it, SARIF's rule metadata, the waivers'
// known rules) lists exactly the registered rules, in registry order.
func TestRegistryDerivedListsAreInSync(t *testing.T) {
	seen := map[string]bool{}
	var ids, defaults []string
	for _, r := range Rules() {
		if r.ID == "" || seen[r.ID] {
			t.Errorf("rule id %q is empty or registered twice", r.ID)
		}
		seen[r.ID] = true
		ids = append(ids, r.ID)
		if r.Default {
			defaults = append(defaults, r.ID)
		}
		if r.Help == "" {
			t.Errorf("%s has no help", r.ID)
		}
		switch r.Kind {
		case Static:
			if r.Check == nil {
				t.Errorf("%s is static and has no Check", r.ID)
			}
		case Command:
			if r.Check != nil {
				t.Errorf("%s runs commands, so the command layer checks it, not Check", r.ID)
			}
		default:
			t.Errorf("%s has kind %q", r.ID, r.Kind)
		}
		if got, ok := Lookup(r.ID); !ok || got.ID != r.ID {
			t.Errorf("Lookup(%q) = %v, %v", r.ID, got.ID, ok)
		}
		if !config.KnownRule(r.ID) {
			t.Errorf("%s is not a rule .hotfix.yaml accepts", r.ID)
		}
		if _, err := ParseWaiver(r.ID + "=a reason"); err != nil {
			t.Errorf("%s cannot be waived: %v", r.ID, err)
		}
	}
	if !reflect.DeepEqual(IDs(), ids) {
		t.Errorf("IDs() = %v, want %v", IDs(), ids)
	}
	if !reflect.DeepEqual(config.AllRules, ids) {
		t.Errorf("config.AllRules = %v, want the registry's %v", config.AllRules, ids)
	}
	if got := config.Default().Verify.Rules; !reflect.DeepEqual(got, defaults) {
		t.Errorf("config's default rules %v, want the registry's %v", got, defaults)
	}
	var helps []string
	for _, r := range Rules() {
		helps = append(helps, r.ID+": "+r.Help)
	}
	if got := sarifRules(t, &Report{}); !reflect.DeepEqual(got, helps) {
		t.Errorf("SARIF rules %q, want the registry's %q", got, helps)
	}
}

// sarifRules reads back the rules of r's SARIF as "id: help".
func sarifRules(t *testing.T, r *Report) []string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteSARIF(&b, r, "1"); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, sr := range log.Runs[0].Tool.Driver.Rules {
		if r, _ := Lookup(sr.ID); sr.Name != r.Name() || sr.HelpURI == "" {
			t.Errorf("SARIF rule %+v", sr)
		}
		out = append(out, sr.ID+": "+sr.ShortDescription.Text)
	}
	return out
}

// A static rule is one file plus one registry line: with only that, Check
// runs it, the report orders it last, a waiver can name it and SARIF
// describes it. (.hotfix.yaml learns it from `go generate ./pkg/verify`.)
func TestAStaticRuleIsOneFilePlusOneLine(t *testing.T) {
	saved := registry
	t.Cleanup(func() { registry = saved })
	spelling := Rule{ID: "spelling", Help: "Changed comments are spelt right.", Kind: Static,
		Check: func(in *Input, files []*File) (RuleResult, []Finding) {
			return RuleResult{ID: "spelling", Status: Failed, Summary: "1 typo"}, []Finding{{Rule: "spelling", Path: files[0].Path, Message: "teh"}}
		}}
	registry = append(append([]Rule(nil), saved...), spelling) // the one line

	in := input(map[string]string{"a.go": "package a\n\n// A does.\nfunc A() {}\n"}, added("a.go", 4))
	results, findings := Check(context.Background(), in, []string{"spelling", "docs-touched"})
	if len(results) != 2 || results[0].ID != "spelling" || len(findings) != 1 || findings[0].Rule != "spelling" {
		t.Fatalf("Check: %+v %+v", results, findings)
	}
	w, err := ParseWaiver("spelling=a proper noun")
	if err != nil {
		t.Fatal(err)
	}
	r := Assemble(&Report{}, results, findings, []Waiver{w})
	if !r.Passed || r.Rules[0].ID != "docs-touched" || r.Rules[1].ID != "spelling" || r.Rules[1].Status != Waived {
		t.Fatalf("Assemble: %+v", r.Rules)
	}
	rules := sarifRules(t, r)
	if last := rules[len(rules)-1]; last != "spelling: "+spelling.Help {
		t.Fatalf("SARIF's last rule: %+v", last)
	}
}

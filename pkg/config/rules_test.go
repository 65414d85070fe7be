package config

import "testing"

// The generated rule lists are consistent, and each Default has its own copy
// of the default rules, so that changing one config's rules cannot change
// another's.
func TestRuleListsFromTheRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range AllRules {
		if seen[r] || !KnownRule(r) {
			t.Errorf("rule %q is listed twice or unknown", r)
		}
		seen[r] = true
	}
	for _, r := range defaultRules {
		if !seen[r] {
			t.Errorf("default rule %q is not a rule", r)
		}
	}
	if KnownRule("spelling") || KnownRule("") {
		t.Error("an unknown rule is known")
	}
	a, b := Default(), Default()
	a.Verify.Rules[0] = "changed"
	if b.Verify.Rules[0] != RuleTestsTouched || defaultRules[0] != RuleTestsTouched {
		t.Fatalf("the defaults share their rules: %v %v", b.Verify.Rules, defaultRules)
	}
}

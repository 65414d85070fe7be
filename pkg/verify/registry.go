package verify

//go:generate go run ./internal/configgen -out ../config/rules.go

import "strings"

// Kind says who runs a rule's check.
type Kind string

// Rule kinds.
const (
	// Static rules read the change as data: Check runs them.
	Static Kind = "static"
	// Command rules run commands (the test suite, the tests on the merge
	// base), which the engine never does: the command layer runs them and
	// passes their RuleResult and Findings (Rule set to the rule's ID) to
	// Assemble with those of Check.
	Command Kind = "command"
)

// Rule is one verify rule. Each is defined in its own file, rule_<id>.go,
// and listed once in registry; Check, the report's rule order, the waivers'
// known rules and the SARIF rule metadata are derived from that list, and so
// are pkg/config's rule ids and default rules (generated into
// pkg/config/rules.go, since pkg/config cannot import this package: see
// internal/configgen).
type Rule struct {
	// ID is the stable id used in output, .hotfix.yaml and waivers.
	ID string
	// Help says in one sentence what the rule asks of a change: SARIF's
	// shortDescription of the rule.
	Help string
	// Kind says whether Check runs the rule (Static) or the command layer
	// does (Command).
	Kind Kind
	// Default rules are checked when .hotfix.yaml does not set
	// verify.rules.
	Default bool
	// Check runs a Static rule over the prepared files; nil for Command
	// rules.
	Check func(in *Input, files []*File) (RuleResult, []Finding)
}

// registry is every rule in report order: the order of the report's rules
// and findings, of SARIF's rule index, and of the ids .hotfix.yaml accepts.
// Adding a rule is its file plus one line here.
var registry = []Rule{
	ruleTestsTouched,
	ruleDocsTouched,
	ruleTestsPass,
	ruleCoverage,
	ruleRepro,
}

// Rules returns every rule in report order (a copy: the registry itself
// never changes).
func Rules() []Rule {
	return append([]Rule(nil), registry...)
}

// IDs returns every rule's id in report order.
func IDs() []string {
	ids := make([]string, len(registry))
	for i, r := range registry {
		ids[i] = r.ID
	}
	return ids
}

// Lookup returns the rule with the given id, and whether there is one.
func Lookup(id string) (Rule, bool) {
	for _, r := range registry {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// Name is the rule's id in CamelCase ("TestsTouched" for tests-touched): the
// rule's name in SARIF, and config's RuleTestsTouched constant.
func (r Rule) Name() string {
	parts := strings.Split(r.ID, "-")
	for i, p := range parts {
		parts[i] = strings.ToUpper(p[:1]) + p[1:]
	}
	return strings.Join(parts, "")
}

// ruleIndex maps each rule id to its place in the registry.
func ruleIndex() map[string]int {
	index := make(map[string]int, len(registry))
	for i, r := range registry {
		index[r.ID] = i
	}
	return index
}

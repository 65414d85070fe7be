package verify

// ruleTestsPass runs the project's test command, which the engine never does
// (it reads the change as data), so it has no Check. The command layer
// (internal/cmd/verify, testspass.go) runs verify.tests_pass.command and
// supplies a RuleResult with this ID, Output holding the last lines of the
// command's output, and Findings whose Rule is this ID; it passes them to
// Assemble together with what Check returned.
var ruleTestsPass = Rule{
	ID:      "tests-pass",
	Help:    "The configured test command succeeds.",
	Kind:    Command,
	Default: true,
}

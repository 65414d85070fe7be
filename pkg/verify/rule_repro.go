package verify

// ruleRepro runs the changed tests on the merge base and on HEAD, which the
// engine never does (it reads the change as data), so it has no Check. The
// command layer (internal/cmd/verify, repro.go) exports the base, runs the
// tests there and at HEAD, and supplies a RuleResult with this ID and
// Findings whose Rule is this ID; it passes them to Assemble together with
// what Check returned. It is opt-in: listed in verify.rules, or --repro.
var ruleRepro = Rule{
	ID:   "repro",
	Help: "The tests the change adds fail on the base and pass on HEAD.",
	Kind: Command,
}

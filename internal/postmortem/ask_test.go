package postmortem

import (
	"errors"
	"reflect"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/prompter"
)

type ans = prompter.Answer

func TestAskAll(t *testing.T) {
	s := prompter.NewScripted(
		ans{Match: "How many", Value: "every POST /shorten for 23 minutes"},
		ans{Match: "Root cause", Value: "json.loads was given a file"},
		ans{Match: "why 1 of 5", Value: "POST /shorten raised a TypeError"},
		ans{Match: "why 2 of 5", Value: "v2 called json.loads on a file"},
		ans{Match: "why 3 of 5"}, // Enter stops early
		ans{Match: "Trigger", Value: "the v2 deploy"},
		ans{Match: "Resolution", Value: "restored json.load"},
		ans{Match: "went well", Value: "the logs"},
		ans{Match: "went wrong", Value: "no alert"},
		ans{Match: "lucky", Value: "a small change"},
		ans{Match: "Action item", Value: "require unit tests in CI"},
		ans{Match: "Type", Value: "prevent"},
		ans{Match: "Owner", Value: "dana"},
		ans{Match: "Priority", Value: "P0"},
		ans{Match: "Due by", Value: "next friday"},
		ans{Match: "is not a date such as", Value: "2023-10-06"},
		ans{Match: "Another", Value: "y"},
		ans{Match: "Action item", Value: "roll back on failed health check"},
		ans{Match: "Type", Value: "mitigate"},
		ans{Match: "Owner"},    // left open
		ans{Match: "Priority"}, // decide later
		ans{Match: "Due by"},   // left open
		ans{Match: "Another", Value: "n"},
		ans{Match: "documentation", Value: "n"},
		ans{Match: "Why was the documentation not updated", Value: "nothing documented changed"},
		ans{Match: "Monitoring", Value: "the 5xx rate"},
		ans{Match: "until when", Value: "next week"},
		ans{Match: "is not a date", Value: "7d"},
		ans{Match: "Prevention: Were the requirements", Value: "yes"},
		ans{Match: "Prevention: Was the change discussed", Value: "no"},
		ans{Match: "Prevention: Did stakeholders"},
		ans{Match: "Prevention: Are there health checks", Value: "no, see action items"},
		ans{Match: "Prevention: Do manual uploads", Value: "n/a"},
	)
	var a Answers
	if err := Ask(s, &a, Facts{}); err != nil {
		t.Fatal(err)
	}
	if len(s.Remaining()) != 0 {
		t.Fatalf("not asked: %v", s.Remaining())
	}
	no := false
	want := Answers{
		HowMany:   "every POST /shorten for 23 minutes",
		RootCause: "json.loads was given a file",
		FiveWhys:  []string{"POST /shorten raised a TypeError", "v2 called json.loads on a file"},
		Trigger:   "the v2 deploy", Resolution: "restored json.load",
		WentWell: "the logs", WentWrong: "no alert", Lucky: "a small change",
		ActionItems: []ActionItem{{Type: "prevent", Owner: "dana", Text: "require unit tests in CI", Priority: "P0", Due: "2023-10-06"}, {Type: "mitigate", Text: "roll back on failed health check"}},
		DocsUpdated: &no, DocsReason: "nothing documented changed",
		Monitoring: Monitoring{Watch: "the 5xx rate", Until: "7d"},
		Prevention: map[string]string{"requirements": "yes", "meet-before-approve": "no", "health-checks": "no, see action items", "manual-data-schema": "n/a"},
	}
	if !reflect.DeepEqual(a, want) {
		t.Fatalf("got  %+v\nwant %+v", a, want)
	}
	if got := Missing(a, Facts{}); !reflect.DeepEqual(got, []string{"prevention.stakeholders"}) {
		t.Fatalf("still missing %q", got)
	}
}

func TestAskOnlyMissing(t *testing.T) {
	_, facts, a, _ := fullCase(t)
	a.Lucky = ""
	a.Monitoring.Until = ""
	a.Prevention = nil
	a.DocsUpdated = nil // the change touched docs: not asked
	s := prompter.NewScripted(
		ans{Match: "lucky", Value: "it was a one-line change"},
		ans{Match: "until when", Value: "2023-10-01"},
		ans{Match: "requirements", Value: "yes"},
		ans{Match: "discussed"},
		ans{Match: "stakeholders"},
		ans{Match: "health checks"},
		ans{Match: "manual uploads"},
	)
	if err := Ask(s, &a, facts); err != nil {
		t.Fatal(err)
	}
	if len(s.Remaining()) != 0 || a.Lucky != "it was a one-line change" || a.Monitoring.Until != "2023-10-01" || a.DocsUpdated != nil {
		t.Fatalf("%v %+v", s.Remaining(), a)
	}

	// Nothing missing: nothing asked.
	_, facts, full, _ := fullCase(t)
	s = prompter.NewScripted()
	if err := Ask(s, &full, facts); err != nil || len(s.Asked()) != 0 {
		t.Fatal(err, s.Asked())
	}
}

func TestAskEmptyLeavesOpen(t *testing.T) {
	s := prompter.NewScripted(
		ans{Match: "How many"}, ans{Match: "Root cause"}, ans{Match: "why 1"}, ans{Match: "Trigger"}, ans{Match: "Resolution"},
		ans{Match: "went well"}, ans{Match: "went wrong"}, ans{Match: "lucky"}, ans{Match: "Action item"},
		ans{Match: "documentation", Value: "y"}, ans{Match: "Monitoring"},
		ans{Match: "requirements"}, ans{Match: "discussed"}, ans{Match: "stakeholders"}, ans{Match: "health checks"}, ans{Match: "manual uploads"},
	)
	var a Answers
	if err := Ask(s, &a, Facts{}); err != nil {
		t.Fatal(err)
	}
	if len(s.Remaining()) != 0 {
		t.Fatal(s.Remaining())
	}
	yes := true
	if !reflect.DeepEqual(a, Answers{DocsUpdated: &yes}) {
		t.Fatalf("%+v", a)
	}
}

func TestAskInterrupted(t *testing.T) {
	s := prompter.NewScripted(
		ans{Match: "How many"},
		ans{Match: "Root cause", Value: "json.loads"},
		ans{Match: "why 1", Value: "a TypeError"},
		ans{Match: "why 2", Interrupt: true},
	)
	var a Answers
	err := Ask(s, &a, Facts{})
	if !errors.Is(err, prompter.ErrInterrupted) {
		t.Fatalf("err = %v", err)
	}
	if a.RootCause != "json.loads" || len(a.FiveWhys) != 1 {
		t.Fatalf("answers before Ctrl-C are lost: %+v", a)
	}

	// Ctrl-C in the action item loop and at a confirm.
	for _, script := range [][]ans{
		{{Match: "Action item", Value: "x"}, {Match: "Type", Interrupt: true}},
		{{Match: "Action item", Value: "x"}, {Match: "Type"}, {Match: "Owner"}, {Match: "Priority", Interrupt: true}},
		{{Match: "Action item", Value: "x"}, {Match: "Type"}, {Match: "Owner"}, {Match: "Priority"}, {Match: "Due by", Interrupt: true}},
		{{Match: "Action item"}, {Match: "documentation", Interrupt: true}},
	} {
		a := Answers{HowMany: "h", RootCause: "r", FiveWhys: []string{"w"}, Trigger: "t", Resolution: "r", WentWell: "w", WentWrong: "w", Lucky: "l"}
		if err := Ask(prompter.NewScripted(script...), &a, Facts{}); !errors.Is(err, prompter.ErrInterrupted) {
			t.Fatalf("err = %v", err)
		}
	}
}

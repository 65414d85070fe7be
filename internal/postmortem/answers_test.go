package postmortem

import (
	"strings"
	"testing"
	"time"
)

func TestParseAnswersFull(t *testing.T) {
	a := loadAnswers(t, "full.answers.yaml")
	if len(a.FiveWhys) != 5 || len(a.ActionItems) != 4 || a.DocsUpdated == nil || !*a.DocsUpdated {
		t.Fatalf("%+v", a)
	}
	if a.ActionItems[0].Issue != "#43" || a.Monitoring.Until != "7d" || a.Prevention[PreventHealthChecks] == "" {
		t.Fatalf("%+v", a)
	}
	if strings.HasSuffix(a.RootCause, "\n") {
		t.Error("texts are not trimmed")
	}
}

// A priority is read whatever its case, and written back upper case.
func TestParseAnswersPriority(t *testing.T) {
	a, err := ParseAnswers("answers.yaml", []byte("action_items:\n  - {type: process, text: x, priority: p2, due: 2026-12-01}\n"))
	if err != nil || a.ActionItems[0].Priority != "P2" || a.ActionItems[0].Due != "2026-12-01" {
		t.Fatalf("%+v %v", a, err)
	}
}

func TestParseAnswersEmpty(t *testing.T) {
	a, err := ParseAnswers("answers.yaml", nil)
	if err != nil || len(Missing(a, Facts{})) == 0 {
		t.Fatal(a, err)
	}
}

func TestParseAnswersErrors(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"unknown top-level key", "root_cause: x\nrootcause: y\n", `answers.yaml:2: unknown key "rootcause" in the top level`},
		{"unknown key in an action item", "action_items:\n  - type: prevent\n    text: x\n    deadline: tomorrow\n", `answers.yaml:4: unknown key "deadline" in action_items[0]`},
		{"bad priority", "action_items:\n  - type: prevent\n    text: x\n    priority: P3\n", `answers.yaml:4: action_items[0].priority "P3" is not one of P0, P1, P2`},
		{"priority as a word", "action_items:\n  - type: prevent\n    text: x\n    priority: high\n", `answers.yaml:4: action_items[0].priority "high" is not one of P0, P1, P2`},
		{"bad due date", "action_items:\n  - type: prevent\n    text: x\n    due: tomorrow\n", `answers.yaml:4: action_items[0].due "tomorrow" is not a date such as 2026-12-01`},
		{"impossible due date", "action_items:\n  - type: prevent\n    text: x\n    due: 2026-02-30\n", `answers.yaml:4: action_items[0].due "2026-02-30" is not a date`},
		{"unknown monitoring key", "monitoring:\n  watch: x\n  untill: 7d\n", `answers.yaml:3: unknown key "untill" in monitoring`},
		{"bad action type", "action_items:\n  - type: prevent\n    text: a\n  - type: fix\n    text: b\n", `answers.yaml:4: action_items[1].type "fix" is not one of prevent, mitigate, process`},
		{"missing action type", "action_items:\n  - text: b\n", `answers.yaml:2: action_items[0].type "" is not one of`},
		{"empty action text", "action_items:\n  - type: process\n    owner: dana\n    text: \"  \"\n", `answers.yaml:2: action_items[0].text is empty`},
		{"bad until", "monitoring:\n  watch: x\n  until: next week\n", `answers.yaml:3: monitoring.until: "next week" is not a date`},
		{"zero until", "monitoring:\n  until: 0d\n", `answers.yaml:2: monitoring.until: "0d" is not a positive duration`},
		{"unknown prevention item", "prevention:\n  reviewers: yes\n  tests: no\n", `answers.yaml:3: unknown prevention item "tests"`},
		{"empty why", "five_whys:\n  - a\n  - \"\"\n", `answers.yaml:3: five_whys[1] is empty`},
		{"docs_updated not a bool", "docs_updated: maybe\n", `answers.yaml:1:`},
		{"whys not a list", "five_whys: because\n", `answers.yaml:1: five_whys must be a list`},
		{"not YAML", "root_cause: [\n", `answers.yaml: is not valid YAML`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseAnswers("answers.yaml", []byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestParseUntil(t *testing.T) {
	from := time.Date(2023, 9, 22, 21, 52, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"7d":                   from.Add(7 * 24 * time.Hour),
		"2w":                   from.Add(14 * 24 * time.Hour),
		"1d12h":                from.Add(36 * time.Hour),
		"48h":                  from.Add(48 * time.Hour),
		"90m":                  from.Add(90 * time.Minute),
		"1h30m":                from.Add(90 * time.Minute),
		"2023-10-01":           time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC),
		"2023-10-01T09:00:00Z": time.Date(2023, 10, 1, 9, 0, 0, 0, time.UTC),
	} {
		got, err := ParseUntil(in, from)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseUntil(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "soon", "7", "d7", "-3d", "0h", "2023-13-01", "7 days", "100000w", "99999999999999999999d", "3000w3000w"} {
		if _, err := ParseUntil(in, from); err == nil {
			t.Errorf("ParseUntil(%q) is accepted", in)
		}
	}
}

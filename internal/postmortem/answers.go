package postmortem

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/pkg/strictyaml"
)

// Answers are what only people can say, from --answers FILE (YAML) or
// prompts. An empty value is "not answered yet": the postmortem shows it as
// open.
type Answers struct {
	// HowMany is how many were affected (users, orders, requests), as
	// people can tell: the logs' error counts are shown beside it.
	HowMany string `yaml:"how_many,omitempty"`
	// RootCause is the underlying cause of the incident.
	RootCause string `yaml:"root_cause,omitempty"`
	// FiveWhys are the answers to "why?" asked in turn, the first about the
	// symptom and the last reaching the root cause.
	FiveWhys []string `yaml:"five_whys,omitempty"`
	// Trigger is what set the incident off (a deploy, a data upload).
	Trigger string `yaml:"trigger,omitempty"`
	// Resolution is what ended the incident.
	Resolution string `yaml:"resolution,omitempty"`
	// WentWell is what went well in the response.
	WentWell string `yaml:"went_well,omitempty"`
	// WentWrong is what went badly.
	WentWrong string `yaml:"went_wrong,omitempty"`
	// Lucky is where the team got lucky.
	Lucky string `yaml:"lucky,omitempty"`
	// ActionItems are the follow-ups, each typed and owned.
	ActionItems []ActionItem `yaml:"action_items,omitempty"`
	// DocsUpdated says whether the documentation (requirements, target
	// structure, business logic) was corrected; nil is not answered.
	DocsUpdated *bool `yaml:"docs_updated,omitempty"`
	// DocsReason says why the documentation was not updated.
	DocsReason string `yaml:"docs_reason,omitempty"`
	// Monitoring is how the fix is watched in production, and until when.
	Monitoring Monitoring `yaml:"monitoring,omitempty"`
	// Prevention maps a prevention checklist item's id to its answer.
	Prevention map[string]string `yaml:"prevention,omitempty"`
}

// Action item types.
const (
	// ActionPrevent keeps the incident from happening again.
	ActionPrevent = "prevent"
	// ActionMitigate shortens or softens it if it does.
	ActionMitigate = "mitigate"
	// ActionProcess improves how the team responds.
	ActionProcess = "process"
)

// ActionTypes are the action item types, in the order prompts offer them.
var ActionTypes = []string{ActionPrevent, ActionMitigate, ActionProcess}

// ActionItem is one follow-up of the postmortem.
type ActionItem struct {
	// Type is prevent, mitigate or process.
	Type string `yaml:"type"`
	// Owner is who does it; empty is not decided yet.
	Owner string `yaml:"owner"`
	// Text is what is to be done.
	Text string `yaml:"text"`
	// Priority is P0 (now), P1 (this sprint) or P2 (later); empty is not
	// decided yet.
	Priority string `yaml:"priority,omitempty"`
	// Due is the date it is due by (2006-01-02); empty is not decided yet.
	Due string `yaml:"due,omitempty"`
	// Issue is the tracker issue filed for it, e.g. "#12", once filed.
	Issue string `yaml:"issue,omitempty"`
}

// Priorities are the action item priorities, most urgent first, in the
// order prompts offer them.
var Priorities = []string{"P0", "P1", "P2"}

// CheckPriority reads an action item's priority: P0, P1 or P2 (the case
// aside), written back upper case.
func CheckPriority(s string) (string, error) {
	for _, p := range Priorities {
		if strings.EqualFold(strings.TrimSpace(s), p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("priority %q is not one of P0, P1, P2", s)
}

// CheckDue reads an action item's due date, a date such as 2026-12-01.
func CheckDue(s string) (string, error) {
	s = strings.TrimSpace(s)
	if _, err := time.Parse("2006-01-02", s); err != nil {
		return "", fmt.Errorf("due %q is not a date such as 2026-12-01", s)
	}
	return s, nil
}

// Monitoring is the plan to watch the fix in production.
type Monitoring struct {
	// Watch is what is watched (a dashboard, an alert, a log query).
	Watch string `yaml:"watch,omitempty"`
	// Until is when watching ends: a date (2006-01-02), an RFC 3339 time,
	// or a duration from the close such as 7d, 2w or 48h.
	Until string `yaml:"until,omitempty"`
}

// ParseAnswers decodes an answers file strictly (name is used in errors): an
// unknown key, an action item without text or of an unknown type, an
// unknown prevention item or an unreadable monitoring.until is an error
// naming its line. Surrounding spaces are trimmed from every text.
func ParseAnswers(name string, data []byte) (Answers, error) {
	var a Answers
	doc, err := strictyaml.Decode(name, data, &a)
	if err != nil {
		return Answers{}, err
	}
	fail := func(msg string, path ...interface{}) error {
		return &strictyaml.Error{File: name, Line: strictyaml.Line(doc, path...), Msg: msg}
	}
	a.normalize()
	for i, w := range a.FiveWhys {
		if w == "" {
			return Answers{}, fail(fmt.Sprintf("five_whys[%d] is empty; remove it or say why", i), "five_whys", i)
		}
	}
	for i, it := range a.ActionItems {
		if !validType(it.Type) {
			return Answers{}, fail(fmt.Sprintf("action_items[%d].type %q is not one of %s", i, it.Type, strings.Join(ActionTypes, ", ")), "action_items", i, "type")
		}
		if it.Text == "" {
			return Answers{}, fail(fmt.Sprintf("action_items[%d].text is empty; say what is to be done", i), "action_items", i)
		}
		if it.Priority != "" {
			p, err := CheckPriority(it.Priority)
			if err != nil {
				return Answers{}, fail(fmt.Sprintf("action_items[%d].%v", i, err), "action_items", i, "priority")
			}
			a.ActionItems[i].Priority = p
		}
		if it.Due != "" {
			if _, err := CheckDue(it.Due); err != nil {
				return Answers{}, fail(fmt.Sprintf("action_items[%d].%v", i, err), "action_items", i, "due")
			}
		}
	}
	if a.Monitoring.Until != "" {
		if _, err := ParseUntil(a.Monitoring.Until, time.Time{}); err != nil {
			return Answers{}, fail("monitoring.until: "+err.Error(), "monitoring", "until")
		}
	}
	for _, id := range sortedIDs(a.Prevention) {
		if _, ok := checkByID(id); !ok {
			return Answers{}, fail(fmt.Sprintf("unknown prevention item %q (known items: %s)", id, strings.Join(PreventionIDs(), ", ")), "prevention", id)
		}
	}
	return a, nil
}

// normalize trims the texts and drops empty prevention answers.
func (a *Answers) normalize() {
	for _, s := range []*string{&a.HowMany, &a.RootCause, &a.Trigger, &a.Resolution, &a.WentWell, &a.WentWrong, &a.Lucky,
		&a.DocsReason, &a.Monitoring.Watch, &a.Monitoring.Until} {
		*s = strings.TrimSpace(*s)
	}
	for i := range a.FiveWhys {
		a.FiveWhys[i] = strings.TrimSpace(a.FiveWhys[i])
	}
	for i := range a.ActionItems {
		it := &a.ActionItems[i]
		it.Type, it.Owner, it.Text, it.Issue = strings.TrimSpace(it.Type), strings.TrimSpace(it.Owner), strings.TrimSpace(it.Text), strings.TrimSpace(it.Issue)
		it.Priority, it.Due = strings.TrimSpace(it.Priority), strings.TrimSpace(it.Due)
	}
	for k, v := range a.Prevention {
		if v = strings.TrimSpace(v); v == "" {
			delete(a.Prevention, k)
		} else {
			a.Prevention[k] = v
		}
	}
}

func validType(t string) bool {
	for _, x := range ActionTypes {
		if t == x {
			return true
		}
	}
	return false
}

// untilDuration is a duration in weeks, days, hours and minutes: 7d, 2w,
// 1d12h, 90m.
var untilDuration = regexp.MustCompile(`^(?:[0-9]+[wdhm])+$`)

var untilPart = regexp.MustCompile(`([0-9]+)([wdhm])`)

// maxUntil bounds a monitoring.until duration.
const maxUntil = 10 * 365 * 24 * time.Hour

// ParseUntil reads a monitoring.until value: a date (2006-01-02, read as
// its midnight UTC), an RFC 3339 time, or a positive duration such as 7d,
// 2w, 48h or 1d12h counted from from. With a zero from, a duration is only
// validated and the time returned is zero.
func ParseUntil(s string, from time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	var d time.Duration
	switch {
	case untilDuration.MatchString(s):
		for _, m := range untilPart.FindAllStringSubmatch(s, -1) {
			unit := map[string]time.Duration{"w": 7 * 24 * time.Hour, "d": 24 * time.Hour, "h": time.Hour, "m": time.Minute}[m[2]]
			n, err := strconv.Atoi(m[1])
			if err != nil || time.Duration(n) > maxUntil/unit {
				return time.Time{}, fmt.Errorf("%q is longer than ten years", s)
			}
			if d += time.Duration(n) * unit; d > maxUntil {
				return time.Time{}, fmt.Errorf("%q is longer than ten years", s)
			}
		}
	default:
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return time.Time{}, fmt.Errorf("%q is not a date (2006-01-02), an RFC 3339 time or a duration such as 7d, 2w or 48h", s)
		}
	}
	if d <= 0 {
		return time.Time{}, fmt.Errorf("%q is not a positive duration", s)
	}
	if from.IsZero() {
		return time.Time{}, nil
	}
	return from.Add(d), nil
}

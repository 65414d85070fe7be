package postmortem

import (
	"fmt"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/internal/prompter"
)

// Ask prompts for what Missing lists, and only that, filling a as it goes:
// how many were affected, the root cause, the five whys one by one (Enter stops early), the trigger,
// the resolution, what went well, wrong and lucky, action items in a loop
// (text, type, owner, priority, due date, another?), whether the documentation was updated and
// why not, what is monitored and until when, and the prevention items only
// people can answer. An empty answer leaves the item open. On Ctrl-C it
// returns prompter.ErrInterrupted; what was answered before stays in a.
func Ask(p prompter.Prompter, a *Answers, facts Facts) error {
	for _, key := range Missing(*a, facts) {
		if err := ask(p, a, key); err != nil {
			return err
		}
	}
	return nil
}

// texts are the free-text answers: the prompt and its help.
var texts = map[string]struct {
	field   func(a *Answers) *string
	message string
	help    string
}{
	"how_many": {func(a *Answers) *string { return &a.HowMany }, "How many were affected (users, orders, requests)?",
		"An estimate is fine, e.g. about 1,200 checkouts; the logs' error counts are shown beside it. Enter leaves it open."},
	"root_cause": {func(a *Answers) *string { return &a.RootCause }, "Root cause?",
		"The underlying cause, not the symptom. Enter leaves it open."},
	"trigger": {func(a *Answers) *string { return &a.Trigger }, "Trigger (what set it off)?",
		"A deploy, a merge, a data upload, a traffic spike... Enter leaves it open."},
	"resolution": {func(a *Answers) *string { return &a.Resolution }, "Resolution (what ended it)?",
		"The pull request, merge and tag are listed anyway. Enter leaves it open."},
	"went_well":  {func(a *Answers) *string { return &a.WentWell }, "What went well?", "Enter leaves it open."},
	"went_wrong": {func(a *Answers) *string { return &a.WentWrong }, "What went wrong?", "Enter leaves it open."},
	"lucky":      {func(a *Answers) *string { return &a.Lucky }, "Where did we get lucky?", "Enter leaves it open."},
	"docs_reason": {func(a *Answers) *string { return &a.DocsReason }, "Why was the documentation not updated?",
		"For example: nothing documented changed. Enter leaves it open."},
}

func ask(p prompter.Prompter, a *Answers, key string) error {
	if t, ok := texts[key]; ok {
		v, err := p.Input(t.message, t.help, "")
		if err != nil {
			return err
		}
		*t.field(a) = strings.TrimSpace(v)
		return nil
	}
	switch {
	case key == "five_whys":
		return askWhys(p, a)
	case key == "action_items":
		return askActions(p, a)
	case key == "docs_updated":
		yes, err := p.Confirm("Was the documentation (requirements, target structure, business logic) updated?", false)
		if err != nil {
			return err
		}
		a.DocsUpdated = &yes
		if !yes && a.DocsReason == "" {
			return ask(p, a, "docs_reason")
		}
		return nil
	case key == "monitoring":
		v, err := p.Input("Monitoring: what will you watch to confirm the fix holds?", "A dashboard, an alert, a log query. Enter leaves it open.", "")
		if err != nil {
			return err
		}
		if a.Monitoring.Watch = strings.TrimSpace(v); a.Monitoring.Watch != "" && a.Monitoring.Until == "" {
			return askUntil(p, a)
		}
		return nil
	case key == "monitoring.until":
		return askUntil(p, a)
	case strings.HasPrefix(key, "prevention."):
		c, ok := checkByID(strings.TrimPrefix(key, "prevention."))
		if !ok {
			return fmt.Errorf("no prevention item %q", key)
		}
		v, err := p.Input("Prevention: "+c.Question, c.Text+" Enter leaves it open.", "")
		if err != nil {
			return err
		}
		if v = strings.TrimSpace(v); v != "" {
			if a.Prevention == nil {
				a.Prevention = map[string]string{}
			}
			a.Prevention[c.ID] = v
		}
		return nil
	}
	return fmt.Errorf("no prompt for %q", key)
}

func askWhys(p prompter.Prompter, a *Answers) error {
	for i := 1; i <= 5; i++ {
		msg := "Why did it happen? (why 1 of 5)"
		if i > 1 {
			msg = fmt.Sprintf("Why? (why %d of 5, Enter to stop)", i)
		}
		v, err := p.Input(msg, "Ask why of the answer before, until you reach the root cause. Enter stops.", "")
		if err != nil {
			return err
		}
		if v = strings.TrimSpace(v); v == "" {
			return nil
		}
		a.FiveWhys = append(a.FiveWhys, v)
	}
	return nil
}

func askActions(p prompter.Prompter, a *Answers) error {
	for {
		text, err := p.Input("Action item? (Enter to stop)", "What is to be done, e.g. add a unit test for the URL store. Enter stops.", "")
		if err != nil {
			return err
		}
		if text = strings.TrimSpace(text); text == "" {
			return nil
		}
		i, err := p.Select("Type of action item?", "prevent: it cannot happen again; mitigate: less harm if it does; process: how we respond.", ActionTypes, 0)
		if err != nil {
			return err
		}
		owner, err := p.Input("Owner?", "Who does it. Enter leaves it open.", "")
		if err != nil {
			return err
		}
		prio, err := p.Select("Priority?", "P0: now, before anything else; P1: soon (this sprint); P2: later. Enter (decide later) leaves it open.", priorityChoices, len(priorityChoices)-1)
		if err != nil {
			return err
		}
		priority := ""
		if prio < len(Priorities) {
			priority = Priorities[prio]
		}
		due, err := askDue(p)
		if err != nil {
			return err
		}
		a.ActionItems = append(a.ActionItems, ActionItem{Type: ActionTypes[i], Owner: strings.TrimSpace(owner), Text: text, Priority: priority, Due: due})
		more, err := p.Confirm("Another action item?", false)
		if err != nil || !more {
			return err
		}
	}
}

// priorityChoices are the priority prompt's choices: Priorities, then
// "decide later".
var priorityChoices = []string{"P0: now", "P1: soon (this sprint)", "P2: later", "decide later"}

// askDue asks an action item's due date until it is a date, or Enter.
func askDue(p prompter.Prompter) (string, error) {
	msg := "Due by? (a date such as 2026-12-01)"
	for {
		v, err := p.Input(msg, "The date it is due by. Enter leaves it open.", "")
		if err != nil {
			return "", err
		}
		if v = strings.TrimSpace(v); v == "" {
			return "", nil
		}
		d, err := CheckDue(v)
		if err == nil {
			return d, nil
		}
		msg = err.Error() + ". Due by?"
	}
}

func askUntil(p prompter.Prompter, a *Answers) error {
	msg := "Watch it until when? (2006-01-02, RFC 3339, or a duration like 7d)"
	for {
		v, err := p.Input(msg, "Enter leaves it open.", "")
		if err != nil {
			return err
		}
		if v = strings.TrimSpace(v); v == "" {
			return nil
		}
		if _, err := ParseUntil(v, time.Time{}); err != nil {
			msg = err.Error() + ". Until when?"
			continue
		}
		a.Monitoring.Until = v
		return nil
	}
}

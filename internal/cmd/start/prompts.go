package start

import (
	"fmt"
	"strings"

	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// notKnown is the option label, and "-" the typed answer, for an item left open.
const notKnown = "not known yet"

const openHelp = "Press Enter to accept the default; leave it empty, or type -, while it is not known yet: it stays open in the record."

// ask walks the checklist in a terminal, skipping what flags or the answers
// file already gave. Title and severity are required; everything else may
// stay open.
func ask(o *Options, cfg *config.Config, det detected, a *answers) error {
	p := o.Prompter()
	w := o.IO.ErrOut
	fmt.Fprintln(w, "Starting a hotfix. Answer what you know; Enter accepts a default, - leaves an item open.")

	for a.Title == "" {
		s, err := p.Input("What is broken? (title)", "One line that stakeholders will recognise, e.g. \"Checkout returns 500\".", "")
		if err != nil {
			return err
		}
		a.Title = strings.TrimSpace(s)
		if a.Title == "" {
			fmt.Fprintln(w, "  a title is required")
		}
	}
	if a.Severity == "" {
		opts := make([]string, len(cfg.Severities))
		for i, s := range cfg.Severities {
			opts[i] = s.Name + " - " + s.Meaning
		}
		// The cursor starts on the least severe level: Enter pressed by
		// habit must not page everyone for a SEV1.
		i, err := p.Select("Severity", "The policy's levels, most severe first; the level sets the deadlines and the update interval.", opts, len(opts)-1)
		if err != nil {
			return err
		}
		a.Severity = cfg.Severities[i].Name
	}
	more, err := p.Confirm("Fill in the rest of the checklist now?", true)
	if err != nil {
		return err
	}
	if !more {
		return nil
	}
	text := func(key string, dst *string, msg, help, def string) error {
		if *dst != "" {
			return nil
		}
		s, err := p.Input(msg, help+" "+openHelp, def)
		if err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "-" || strings.EqualFold(s, notKnown) {
			s = ""
			a.cleared[key] = true
		}
		*dst = s
		return nil
	}
	list := func(key string, dst *[]string, msg, help string) error {
		if len(*dst) > 0 {
			return nil
		}
		var s string
		if err := text(key, &s, msg, help, ""); err != nil {
			return err
		}
		*dst = splitList(s)
		return nil
	}
	choice := func(dst *string, msg, help string, values, labels []string) error {
		if *dst != "" {
			return nil
		}
		i, err := p.Select(msg, help, append(labels, notKnown), len(labels))
		if err != nil {
			return err
		}
		if i < len(values) {
			*dst = values[i]
		}
		return nil
	}
	steps := []func() error{
		func() error {
			return text("summary", &a.Summary, "Summary and plan of attack", "What stakeholders need to understand, and how you will go about it.", "")
		},
		func() error {
			return text("reporter", &a.Reporter, "Who reported it?", "A person, team or alert name.", "")
		},
		func() error {
			return choice(&a.Detection, "How was it detected?", "A person noticed (manual) or monitoring alerted (automatic).",
				[]string{record.DetectedManual, record.DetectedAutomatic}, []string{"manual report", "automatic alert"})
		},
		func() error {
			return text("affected", &a.Affected, "Who and what is affected?", "Users, customers, services, data.", "")
		},
		func() error { return askVersion(o, a, det) },
		func() error {
			if a.Base != "" {
				return nil
			}
			def := a.Version
			if def == "" {
				def = det.Production
			}
			return text("base", &a.Base, "Cut the fix branch from", "A tag, branch or commit; normally the broken release.", def)
		},
		func() error {
			return list("related_repos", &a.RelatedRepos, "Other affected repositories (comma-separated)", "Repositories that may share the bug.")
		},
		func() error {
			return list("logs", &a.Logs, "Where are the logs? (comma-separated)", "Files, URLs or dashboards with the errors.")
		},
		func() error {
			return text("error_message", &a.ErrorMessage, "Error message", "The error as seen in the logs or by users.", "")
		},
		func() error {
			return choice(&a.DatasetsChecked, "Backing datasets and connections checked?", "Databases, feeds, credentials, scheduled jobs.",
				[]string{record.Yes, record.No}, []string{"yes", "no"})
		},
		func() error {
			return text("owner", &a.Owner, "Who works on the fix? (owner)", "The person responsible for the fix.", det.User)
		},
		func() error {
			return text("scope", &a.Scope, "Scope of the fix", "What the fix will change, and what it will leave alone.", "")
		},
		func() error {
			return text("documenter", &a.Documenter, "Who documents it and files it in the tracker?", "", a.Owner)
		},
		func() error {
			return choice(&a.ClientNotice, "Must the client be told?", "Whether the issue and plan must be conveyed to the client.",
				[]string{record.Yes, record.No}, []string{"yes", "no"})
		},
		func() error { return askDeadlines(o, cfg, a) },
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}

// askVersion asks for the broken version until it names a known revision or
// is left open.
func askVersion(o *Options, a *answers, det detected) error {
	if a.Version != "" {
		return nil
	}
	p := o.Prompter()
	help := "The release running in production. " + openHelp
	if len(det.Modules) > 1 {
		help = "This repository tags several modules; the newest of each: " + strings.Join(det.Modules, ", ") + ". " + help
	}
	for {
		s, err := p.Input("Broken version (release tag)", help, det.Tag)
		if err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "-" || s == "" {
			a.cleared["version"] = true
			return nil
		}
		if det.Resolves(s) {
			a.Version = s
			return nil
		}
		fmt.Fprintf(o.IO.ErrOut, "  %q is not a tag or commit here (see `git tag --list`)\n", s)
	}
}

func askDeadlines(o *Options, cfg *config.Config, a *answers) error {
	sev, _ := cfg.Severity(a.Severity)
	now := o.Clock.Now()
	p := o.Prompter()
	for _, x := range []struct {
		name   string
		dst    *string
		policy config.Duration
	}{
		{"fix", &a.Deadlines.Fix, sev.Deadlines.Fix},
		{"test", &a.Deadlines.Test, sev.Deadlines.Test},
		{"deploy", &a.Deadlines.Deploy, sev.Deadlines.Deploy},
	} {
		if *x.dst != "" {
			continue
		}
		def := "-"
		if x.policy > 0 {
			def = config.FormatDuration(x.policy.D())
		}
		for {
			msg := fmt.Sprintf("Deadline for the %s", x.name)
			if x.policy > 0 {
				msg += fmt.Sprintf(" (%s policy: by %s)", sev.Name, now.Add(x.policy.D()).Local().Format("Mon 15:04 MST"))
			}
			s, err := p.Input(msg, "A duration from now (4h, 1d), a time (15:30), a date and time (2026-11-23 09:00), or - for none.", def)
			if err != nil {
				return err
			}
			if _, err := record.ParseDeadline(s, now); err != nil {
				fmt.Fprintf(o.IO.ErrOut, "  %v\n", err)
				continue
			}
			prev := *x.dst
			*x.dst = s
			// Asked in order (fix, test, deploy): a deadline before an
			// earlier step's answer is asked again.
			if err := deadlineOrder(answeredDeadlines(a, now)); err != nil {
				fmt.Fprintf(o.IO.ErrOut, "  %v\n", err)
				*x.dst = prev
				continue
			}
			break
		}
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

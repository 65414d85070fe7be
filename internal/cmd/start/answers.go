package start

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/fsutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/notify"
	"github.com/hotfix-dev/hotfix/internal/prompter"
	"github.com/hotfix-dev/hotfix/internal/semver"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
	"github.com/hotfix-dev/hotfix/pkg/strictyaml"
)

// answers are the checklist answers, from --answers FILE, flags and prompts.
// The file holds the record's incident keys, plus base and deadlines.
type answers struct {
	record.Incident `yaml:",inline"`
	// Base is the ref to cut the branch from.
	Base string `yaml:"base,omitempty"`
	// Deadlines are durations from now ("4h") or times; "-" for none.
	Deadlines deadlineAnswers `yaml:"deadlines,omitempty"`

	// cleared holds items the user explicitly left open, so that no
	// default fills them.
	cleared map[string]bool
}

type deadlineAnswers struct {
	Fix    string `yaml:"fix,omitempty"`
	Test   string `yaml:"test,omitempty"`
	Deploy string `yaml:"deploy,omitempty"`
}

// detected are the defaults read from the repository.
type detected struct {
	// Production is the production branch's name.
	Production string
	// Tag is the newest release tag reachable from the production branch.
	Tag string
	// User is the git user's name (or email).
	User string
	// TagFrom is where the tag was looked for (a branch or HEAD).
	TagFrom string
	// Resolves reports whether a revision exists in the repository.
	Resolves func(rev string) bool
	// Modules are the newest release tag of each module when the repository
	// tags several (pkg/v1.2.3 beside other/v0.1.0): then Tag is empty, as
	// no module's tag is a safe default for another's hotfix.
	Modules []string
}

// module is the module a release tag belongs to: the path before its
// version in a monorepo tag (pkg/v1.2.3 -> "pkg/"), "" for the root's
// (v1.2.3, release-1.2.3).
func module(tag string) string {
	v, ok := semver.Parse(tag)
	if !ok {
		return ""
	}
	p := strings.TrimSuffix(v.Prefix, "v")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i+1]
	}
	return ""
}

func detect(repo *git.Repo, cfg *config.Config) (detected, error) {
	d := detected{Production: cfg.Branches.Production, Resolves: func(rev string) bool {
		_, err := repo.ResolveCommit(rev)
		return err == nil
	}}
	if d.Production == "" {
		d.Production = repo.DefaultBranch(cfg.Remote)
	}
	from := d.Production
	ok, err := repo.BranchExists(from)
	if err != nil {
		return d, refsError(err)
	}
	if !ok {
		ok, err := repo.RemoteTrackingBranchExists(cfg.Remote, from)
		if err != nil {
			return d, refsError(err)
		}
		if ok {
			from = cfg.Remote + "/" + from
		} else {
			from = "HEAD"
		}
	}
	d.TagFrom = from
	re := cfg.TagRegexp()
	better := func(a, b string) bool {
		va, _ := semver.Parse(a)
		vb, _ := semver.Parse(b)
		return semver.Compare(va, vb) > 0
	}
	// Only "no release tag" may fall back (to the production branch, and
	// visibly); any other failure would cut the hotfix from unreleased
	// work without saying so.
	tag, _, err := repo.NewestTag(from, re.MatchString, better)
	switch {
	case err == nil:
		d.Tag = tag
	case errors.Is(err, git.ErrNoTag):
	default:
		return d, refsError(err)
	}
	// Other modules' newest tags: with more than one module, start asks
	// (or wants --version) rather than take another module's release.
	seen := map[string]bool{}
	for t := d.Tag; t != "" && len(seen) < 8; {
		seen[module(t)] = true
		d.Modules = append(d.Modules, t)
		other, _, err := repo.NewestTag(from, func(name string) bool { return re.MatchString(name) && !seen[module(name)] }, better)
		switch {
		case errors.Is(err, git.ErrNoTag):
			t = ""
		case err != nil:
			return d, refsError(err)
		default:
			t = other
		}
	}
	if len(d.Modules) > 1 {
		d.Tag = ""
	} else {
		d.Modules = nil
	}
	name, email := repo.UserIdentity()
	d.User = name
	if d.User == "" {
		d.User = email
	}
	return d, nil
}

// refsError explains a failure to read the repository's refs while
// detecting the version and base.
func refsError(err error) error {
	var empty *git.EmptyRefError
	if errors.As(err, &empty) {
		return cmdutil.Wrap(err, cmdutil.ExitFailure,
			fmt.Sprintf("cannot find the release to fix: %v", err), empty.Fix()+", then run `hotfix start` again")
	}
	return cmdutil.Wrap(err, cmdutil.ExitFailure,
		fmt.Sprintf("cannot find the release to fix: reading the repository's refs failed: %v", err),
		"run `git fsck` to find the broken ref and repair or delete it, or pass --version and --base; then run `hotfix start` again")
}

// gather collects the answers: the answers file first, flags over it, then
// prompts for what is still missing (in a terminal), then the defaults.
func gather(o *Options, cfg *config.Config, det detected, draft string) (*answers, error) {
	a := &answers{cleared: map[string]bool{}}
	if o.AnswersFile != "" {
		data, err := fsutil.ReadRegular(o.AnswersFile, 0)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, cmdutil.Usagef("pass the path of a YAML file with the incident's answers", "--answers: %s does not exist", o.AnswersFile)
		}
		if err != nil {
			return nil, cmdutil.Usagef("", "--answers: cannot read %s: %v", o.AnswersFile, err)
		}
		if _, err := strictyaml.Decode(o.AnswersFile, data, a); err != nil {
			return nil, cmdutil.Usagef("the keys are the record's incident keys, documented in docs/record.md", "--answers: %v", err)
		}
	}
	set := func(flag string, dst *string, v string) {
		if o.Set[flag] {
			*dst = strings.TrimSpace(v)
		}
	}
	set("title", &a.Title, o.Title)
	set("severity", &a.Severity, o.Severity)
	set("reporter", &a.Reporter, o.Reporter)
	set("detected", &a.Detection, o.Detected)
	set("affected", &a.Affected, o.Affected)
	set("version", &a.Version, o.Version)
	set("base", &a.Base, o.Base)
	set("owner", &a.Owner, o.Owner)
	set("report", &a.Report, o.Report)

	if err := record.CheckTexts("", &a.Incident); err != nil {
		return nil, cmdutil.Usagef("the limits are in docs/record.md", "%v", err)
	}
	if o.IO.CanPrompt() {
		// A checklist interrupted before: its answers are offered when
		// nothing else was given.
		if d, err := loadDraft(draft); err != nil {
			fmt.Fprintf(o.IO.ErrOut, "warning: the answers an interrupted start kept cannot be read (%v); they are not used (delete %s)\n", err, draft)
		} else if d != nil && o.AnswersFile == "" && len(o.Set) == 0 {
			use, err := o.Prompter().Confirm(fmt.Sprintf("An interrupted start kept your answers (%q). Use them?", d.Title), true)
			if err != nil {
				return nil, err
			}
			if use {
				a = d
			} else if !o.DryRun {
				removeDraft(draft)
			}
		}
		if err := ask(o, cfg, det, a); err != nil {
			if errors.Is(err, prompter.ErrInterrupted) && !o.DryRun && !a.empty() {
				if serr := saveDraft(draft, a); serr == nil {
					return nil, errDraftKept(draft)
				}
			}
			return nil, err
		}
	} else {
		if a.Title == "" {
			return nil, cmdutil.MissingAnswer("--title", o.IO.NoInputReason())
		}
		if a.Severity == "" {
			return nil, cmdutil.MissingAnswer("--severity", o.IO.NoInputReason())
		}
	}
	sev, ok := cfg.Severity(a.Severity)
	if !ok {
		return nil, cmdutil.Usagef("use one of: "+strings.Join(cfg.SeverityNames(), ", "), "unknown severity %q", a.Severity)
	}
	a.Severity = sev.Name
	switch a.Detection {
	case "", record.DetectedManual, record.DetectedAutomatic:
	default:
		return nil, cmdutil.Usagef("use manual or automatic", "detection %q is not manual or automatic", a.Detection)
	}
	for k, v := range map[string]string{"datasets_checked": a.DatasetsChecked, "client_notice": a.ClientNotice} {
		if v != "" && v != record.Yes && v != record.No {
			return nil, cmdutil.Usagef("use yes or no, or leave it out while not known", "%s %q is not yes or no", k, v)
		}
	}
	if a.Report != "" {
		if err := notify.CheckReport(a.Report); err != nil {
			return nil, cmdutil.Usagef("pass --report with the report message's link (in Slack: ⋮ More actions → Copy link)", "%v", err)
		}
	}
	noBase := a.Base == "" && a.Version == "" && !a.cleared["version"]
	if noBase && len(det.Modules) > 1 {
		return nil, cmdutil.Usagef("pass --version with the release to fix, e.g. --version "+det.Modules[0],
			"this repository tags several modules (newest: %s), so no release is taken by default", strings.Join(det.Modules, ", "))
	}
	applyDefaults(a, det)
	if noBase && det.Tag == "" {
		fmt.Fprintf(o.IO.ErrOut, "No release tag matching %s is reachable from %s: the branch is cut from %s (pass --version or --base to choose).\n",
			cfg.Tags.Pattern, det.TagFrom, a.Base)
	}
	return a, nil
}

func applyDefaults(a *answers, det detected) {
	if a.Version == "" && !a.cleared["version"] {
		a.Version = det.Tag
	}
	if a.Base == "" {
		a.Base = a.Version
		if a.Base == "" {
			a.Base = det.Production
		}
	}
	if a.Owner == "" && !a.cleared["owner"] {
		a.Owner = det.User
	}
	if a.Documenter == "" && !a.cleared["documenter"] {
		a.Documenter = a.Owner
	}
}

// deadlines resolves the deadline answers against the severity's policy.
func deadlines(a *answers, sev config.Severity, now time.Time) (record.Deadlines, error) {
	var d record.Deadlines
	for _, x := range []struct {
		name   string
		answer string
		policy config.Duration
		dst    **time.Time
	}{
		{"fix", a.Deadlines.Fix, sev.Deadlines.Fix, &d.Fix},
		{"test", a.Deadlines.Test, sev.Deadlines.Test, &d.Test},
		{"deploy", a.Deadlines.Deploy, sev.Deadlines.Deploy, &d.Deploy},
	} {
		if x.answer == "" {
			if x.policy > 0 {
				t := now.Add(x.policy.D()).UTC().Truncate(time.Second)
				*x.dst = &t
			}
			continue
		}
		t, err := record.ParseDeadline(x.answer, now)
		if err != nil {
			return d, cmdutil.Usagef("write a duration from now (4h, 1d), a time (15:30), a date and time (2026-11-23 09:00) or - for none", "%s deadline: %v", x.name, err)
		}
		*x.dst = t
	}
	if err := deadlineOrder(d); err != nil {
		return d, cmdutil.Usagef("give the deadlines in the order the work is done: fix, then test, then deploy", "%v", err)
	}
	return d, nil
}

// answeredDeadlines returns the deadlines answered so far, without the
// policy's defaults for the others.
func answeredDeadlines(a *answers, now time.Time) record.Deadlines {
	var d record.Deadlines
	for _, x := range []struct {
		answer string
		dst    **time.Time
	}{{a.Deadlines.Fix, &d.Fix}, {a.Deadlines.Test, &d.Test}, {a.Deadlines.Deploy, &d.Deploy}} {
		if t, err := record.ParseDeadline(x.answer, now); x.answer != "" && err == nil {
			*x.dst = t
		}
	}
	return d
}

// deadlineOrder checks that the fix is due no later than its test, and the
// test no later than the deploy: the runbook's order. A deadline left open
// is not compared.
func deadlineOrder(d record.Deadlines) error {
	steps := []struct {
		name string
		at   *time.Time
	}{{"fix", d.Fix}, {"test", d.Test}, {"deploy", d.Deploy}}
	for i, a := range steps {
		for _, b := range steps[i+1:] {
			if a.at != nil && b.at != nil && b.at.Before(*a.at) {
				return fmt.Errorf("the %s deadline (%s) is before the %s deadline (%s)", b.name, b.at.Local().Format("Mon 2006-01-02 15:04 MST"), a.name, a.at.Local().Format("Mon 2006-01-02 15:04 MST"))
			}
		}
	}
	return nil
}

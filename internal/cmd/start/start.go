// Package start implements `hotfix start`: the pre-fix checklist, the
// incident record, and the fix branch.
package start

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/prompter"
	"github.com/hotfix-dev/hotfix/internal/steps"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Options are start's flags and dependencies.
type Options struct {
	IO         *iostreams.IOStreams
	Prompter   func() prompter.Prompter
	Clock      clock.Clock
	OpenRepo   func() (*git.Repo, error)
	LoadConfig func(repo *git.Repo) (*config.Config, error)
	// Getenv reads the environment (the token that asks a private remote
	// whether the branch exists).
	Getenv func(string) string
	// HTTPClient reaches Slack; Sleep waits out its Retry-After.
	HTTPClient *http.Client
	Sleep      func(context.Context, time.Duration) error
	// NoPost leaves the report without the "on it" reaction.
	NoPost bool

	DryRun   bool
	JSON     bool
	Continue bool
	Abort    bool

	// Answers given as flags; Set says which flags were given.
	Title, Severity, Reporter, Detected, Affected, Version, Base, Owner string
	AnswersFile                                                         string
	// Report is the report's link (--report): a Slack message link.
	Report string
	Set    map[string]bool
}

// answerFlags are the flags that carry checklist answers.
var answerFlags = []string{"title", "severity", "reporter", "detected", "affected", "version", "base", "owner", "answers", "report"}

// NewCmd returns the start command. When runF is not nil it is called with
// the parsed options instead of running the command (for tests).
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "start",
		Short: "Start a hotfix: the pre-fix checklist, the incident record and the fix branch",
		Long: `Start a hotfix. In a terminal, start asks the pre-fix checklist (what is broken,
how severe, who reported it, who is affected, the broken version, logs, owner,
scope, deadlines...) with defaults read from the repository; any item but the
title and severity can be left open. Without a terminal it never prompts: the
answers come from flags and --answers FILE.

It writes the incident record .hotfix/<id>.yaml, then creates the branch
hotfix/<version>-<slug> from the broken release and checks it out. It refuses
a dirty work tree, a branch name that exists locally or on the remote, and an
unknown version or base, changing nothing.

With --report LINK (the Slack message that reported the incident, from its
"Copy link") and a bot token in SLACK_BOT_TOKEN, start adds the policy's "on it"
reaction (update.slack.on_it, default eyes) to the report; updates then reply in
its thread (docs/update.md).`,
		Example: `  hotfix start
  hotfix start --no-input --title "Checkout returns 500" --severity sev2 --detected automatic
  hotfix start --no-input --title "Login loop" --severity SEV1 --answers incident.yaml --dry-run`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.IO = f.IOStreams
			o.Prompter = f.Prompter
			o.Clock = f.Clock
			o.OpenRepo = f.OpenRepo
			o.LoadConfig = f.LoadConfig
			o.Getenv = f.Env
			o.HTTPClient, o.Sleep = f.HTTPClient, f.Sleep
			o.DryRun = f.DryRun
			o.Set = map[string]bool{}
			for _, n := range answerFlags {
				if cmd.Flags().Changed(n) {
					o.Set[n] = true
				}
			}
			if o.Continue && o.Abort {
				return &cmdutil.FlagError{Err: errors.New("--continue and --abort cannot be used together")}
			}
			if (o.Continue || o.Abort) && len(o.Set) > 0 {
				return &cmdutil.FlagError{Err: errors.New("--continue and --abort take no answers: the interrupted start's answers are reused")}
			}
			if o.Set["detected"] {
				d := strings.ToLower(o.Detected)
				if d != record.DetectedManual && d != record.DetectedAutomatic {
					return &cmdutil.FlagError{Err: fmt.Errorf("--detected must be manual or automatic, not %q", o.Detected)}
				}
				o.Detected = d
			}
			if o.Set["title"] && strings.TrimSpace(o.Title) == "" {
				return &cmdutil.FlagError{Err: errors.New("--title must not be empty")}
			}
			if runF != nil {
				return runF(o)
			}
			return Run(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Title, "title", "", "what is broken, in one line (required without a terminal)")
	fl.StringVar(&o.Severity, "severity", "", "severity level from the policy, e.g. SEV2 (required without a terminal)")
	fl.StringVar(&o.Reporter, "reporter", "", "who reported the incident")
	fl.StringVar(&o.Detected, "detected", "", "how it was detected: manual or automatic")
	fl.StringVar(&o.Affected, "affected", "", "who and what is affected")
	fl.StringVar(&o.Version, "version", "", "the broken release tag (default: the newest release tag on the production branch)")
	fl.StringVar(&o.Base, "base", "", "the tag, branch or commit to cut the fix branch from (default: the version)")
	fl.StringVar(&o.Owner, "owner", "", "who works on the fix (default: git user.name)")
	fl.StringVar(&o.Report, "report", "", "the report's link: the Slack message (its \"Copy link\"), whose thread gets the updates")
	fl.StringVar(&o.AnswersFile, "answers", "", "YAML file with the record's incident keys for the other answers")
	fl.BoolVar(&o.JSON, "json", false, "print the result as JSON")
	fl.BoolVar(&o.NoPost, "no-post", false, "do not add the \"on it\" reaction to the Slack report")
	fl.BoolVar(&o.Continue, "continue", false, "finish a start that was interrupted part-way")
	fl.BoolVar(&o.Abort, "abort", false, "undo a start that was interrupted part-way")
	for _, name := range []string{"title", "reporter", "affected", "owner", "report"} {
		complete.Flag(cmd, name, complete.FreeText)
	}
	complete.Flag(cmd, "severity", complete.Severity)
	complete.Choices(cmd, "detected", record.DetectedManual, record.DetectedAutomatic)
	complete.Flag(cmd, "version", complete.ReleaseTag)
	complete.Flag(cmd, "base", complete.Ref)
	complete.Flag(cmd, "answers", complete.File)
	cmdutil.SetLock(cmd, cmdutil.LockAlways)
	return cmd
}

// Run runs start with o.
func Run(ctx context.Context, o *Options) error {
	repo, err := o.OpenRepo()
	if err != nil {
		return err
	}
	defer repo.Close()
	cfg, err := o.LoadConfig(repo)
	if err != nil {
		return err
	}
	store := record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}
	p := &plan{}
	err = steps.Drive(ctx, &steps.Command{
		Runner:          steps.Runner{Dir: filepath.Join(repo.GitDir(), "hotfix"), Command: "start", Now: o.Clock.Now},
		Data:            p,
		Continue:        o.Continue,
		Abort:           o.Abort,
		DryRun:          o.DryRun,
		RequireContinue: true,
		FreshHint:       "run `hotfix start` to begin a new hotfix",
		Subject:         func() string { return "for branch " + p.Branch },
		Prepare: func(ctx context.Context) error {
			if err := refuseDirty(ctx, repo); err != nil {
				return err
			}
			det, err := detect(repo, cfg)
			if err != nil {
				return err
			}
			ans, err := gather(o, cfg, det, draftPath(repo.GitDir()))
			if err != nil {
				return err
			}
			made, err := makePlan(ctx, o, repo, cfg, store, det, ans)
			if err != nil {
				return err
			}
			*p = *made
			return nil
		},
		Steps:       func() []steps.Step { return p.steps(repo, store) },
		PrintDryRun: func() error { return printPlan(o, p, true) },
		Finish:      func() error { return printPlan(o, p, false) },
		Aborted: func(*steps.State) error {
			fmt.Fprintf(o.IO.Out, "Aborted the start of %s: branch and record removed, back on %s.\n", p.Branch, orDetached(p.OrigBranch, p.OrigCommit))
			return nil
		},
		Out: o.IO.Out, ErrOut: o.IO.ErrOut,
	})
	// A start that got through, or was aborted, leaves no draft behind.
	if err == nil && !o.DryRun {
		removeDraft(draftPath(repo.GitDir()))
	}
	if err == nil && !o.DryRun && !o.Abort && !o.NoPost && p.RecordID != "" {
		return react(ctx, o, cfg, store, p.RecordID)
	}
	return err
}

func refuseDirty(ctx context.Context, repo *git.Repo) error {
	dirty, err := repo.DirtyFiles(ctx)
	if err != nil {
		return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot read the work tree's status: %v", err), "")
	}
	if len(dirty) == 0 {
		return nil
	}
	names := make([]string, 0, len(dirty))
	for i, c := range dirty {
		if i == 10 {
			names = append(names, fmt.Sprintf("and %d more", len(dirty)-10))
			break
		}
		names = append(names, c.Path)
	}
	return cmdutil.Failf("commit or stash them (git stash), then run `hotfix start` again",
		"the work tree has uncommitted changes: %s", strings.Join(names, ", "))
}

func orDetached(branch, commit string) string {
	if branch != "" {
		return branch
	}
	return "commit " + commitid.Short(commit)
}

// result is start's --json output.
type result struct {
	DryRun     bool              `json:"dry_run"`
	ID         string            `json:"id"`
	Record     string            `json:"record"`
	Branch     string            `json:"branch"`
	Base       string            `json:"base"`
	BaseCommit string            `json:"base_commit"`
	Version    string            `json:"version"`
	Severity   string            `json:"severity"`
	Open       []string          `json:"open"`
	Deadlines  map[string]string `json:"deadlines"`
}

func printPlan(o *Options, p *plan, dry bool) error {
	rec, err := p.record()
	if err != nil {
		return err
	}
	if o.JSON {
		res := result{DryRun: dry, ID: rec.ID, Record: p.RecordPath, Branch: p.Branch, Base: p.Base, BaseCommit: p.BaseCommit,
			Version: rec.Incident.Version, Severity: rec.Incident.Severity, Open: rec.OpenItems(), Deadlines: map[string]string{}}
		if res.Open == nil {
			res.Open = []string{}
		}
		for k, t := range deadlineMap(rec.Deadlines) {
			res.Deadlines[k] = t.Format(time.RFC3339)
		}
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	w := o.IO.Out
	if dry {
		fmt.Fprintln(w, "Dry run: nothing was changed. `hotfix start` would:")
		fmt.Fprintf(w, "  create branch  %s\n", p.Branch)
		fmt.Fprintf(w, "  from           %s (%s)\n", p.Base, commitid.Short(p.BaseCommit))
		fmt.Fprintf(w, "  check it out   (now on %s)\n", orDetached(p.OrigBranch, p.OrigCommit))
		fmt.Fprintf(w, "  write record   %s:\n\n", p.RecordPath)
		for _, line := range strings.Split(strings.TrimRight(p.RecordYAML, "\n"), "\n") {
			fmt.Fprintf(w, "    %s\n", line)
		}
		return nil
	}
	fmt.Fprintf(w, "Created branch %s from %s (%s) and switched to it.\n", p.Branch, p.Base, commitid.Short(p.BaseCommit))
	fmt.Fprintf(w, "Wrote the incident record %s.\n", p.RecordPath)
	printDeadlines(w, rec, o.Clock.Now())
	if open := rec.OpenItems(); len(open) > 0 {
		fmt.Fprintf(w, "Still open: %s (fill them in the record as you learn them).\n", strings.Join(open, ", "))
	}
	fmt.Fprintf(w, "Next: make the fix on this branch, and commit %s with it.\n", p.RecordPath)
	return nil
}

func deadlineMap(d record.Deadlines) map[string]time.Time {
	m := map[string]time.Time{}
	for k, t := range map[string]*time.Time{"fix": d.Fix, "test": d.Test, "deploy": d.Deploy} {
		if t != nil {
			m[k] = *t
		}
	}
	return m
}

func printDeadlines(w io.Writer, rec *record.Record, now time.Time) {
	var parts []string
	for _, k := range []string{"fix", "test", "deploy"} {
		if t, ok := deadlineMap(rec.Deadlines)[k]; ok {
			parts = append(parts, fmt.Sprintf("%s by %s (in %s)", k, t.Local().Format("Mon 15:04 MST"), config.FormatDuration(t.Sub(now).Round(time.Minute))))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "Deadlines: %s.\n", strings.Join(parts, ", "))
	}
}

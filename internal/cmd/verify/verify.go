// Package verify implements `hotfix verify`: it checks that the change on a
// hotfix branch came with its tests and doc comments, that the tests pass,
// that the changed lines are covered and, on request, that the new tests
// reproduce the bug. It never prompts, so CI runs it as is.
package verify

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/verifyrun"
	"github.com/hotfix-dev/hotfix/pkg/config"
	engine "github.com/hotfix-dev/hotfix/pkg/verify"
	"github.com/hotfix-dev/hotfix/pkg/verify/coverage"
)

// Options are verify's flags and dependencies: those of running verify,
// which the flags fill in.
type Options struct {
	verifyrun.Options
}

// NewCmd returns the verify command; runF replaces the run in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{}
	jsonFlag := false
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check that the fix came with its tests and doc comments (in a terminal and in CI)",
		Long: `Check the change on this branch: from the merge base of the base branch and
HEAD to HEAD, plus uncommitted work unless --committed-only (in CI, where CI is set,
only the commits, unless --worktree). The base is --base,
else GITHUB_BASE_REF (as GitHub Actions sets it on pull requests), else the
incident record's base, else the production branch.

Rules (ids used in output, config and waivers):
  tests-touched  every changed source file has a test added or changed for it
  docs-touched   every added or changed public declaration (and every added one,
                 by policy) has a doc comment; with require_update, a changed body
                 needs a changed comment
  tests-pass     the test command succeeds (skip with --no-run in a terminal)
  coverage       the changed executable lines are covered (--coverage FILE)
  repro          the tests the change adds fail on the base and pass on HEAD (--repro)

Waive a rule with --waive RULE=REASON or a commit trailer
"Hotfix-Waive: RULE: REASON". verify never prompts. Exit 0 when every rule
passed or was waived, 1 when one failed, 2 on usage errors.`,
		Example: `  hotfix verify
  hotfix verify --base main --format github
  hotfix verify --coverage cover.out --waive docs-touched="generated code"
  hotfix verify --repro --no-run`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.IO, o.Clock, o.Getenv, o.OpenRepo, o.LoadConfig, o.LoadConfigAt = f.IOStreams, f.Clock, f.Env, f.OpenRepo, f.LoadConfig, f.LoadConfigAt
			if o.RunCommand == nil {
				o.RunCommand = verifyrun.RunShell
			}
			if o.CommittedOnly && o.Worktree {
				return &cmdutil.FlagError{Err: errors.New("--committed-only and --worktree cannot be used together")}
			}
			// --json is what every other command takes for JSON output.
			if jsonFlag {
				if cmd.Flags().Changed("format") && o.Format != "json" {
					return &cmdutil.FlagError{Err: fmt.Errorf("--json and --format %s cannot be used together: --json is --format json", o.Format)}
				}
				o.Format = "json"
			}
			if !validFormat(o.Format) {
				return &cmdutil.FlagError{Err: fmt.Errorf("--format must be one of %s, not %q", strings.Join(engine.Formats, ", "), o.Format)}
			}
			for _, r := range o.Rules {
				if !config.KnownRule(r) {
					return &cmdutil.FlagError{Err: fmt.Errorf("--rules: unknown rule %q (rules: %s)", r, strings.Join(config.AllRules, ", "))}
				}
			}
			for _, w := range o.Waive {
				if _, err := engine.ParseWaiver(w); err != nil {
					return &cmdutil.FlagError{Err: fmt.Errorf("--waive: %v", err)}
				}
			}
			switch o.CoverageFormat {
			case "", "auto", "go", "lcov", "cobertura":
			default:
				return &cmdutil.FlagError{Err: fmt.Errorf("--coverage-format must be auto, go, lcov or cobertura, not %q", o.CoverageFormat)}
			}
			if runF != nil {
				return runF(o)
			}
			return Run(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Base, "base", "", "the branch, tag or commit the change is measured from")
	fl.BoolVar(&o.CommittedOnly, "committed-only", false, "check committed changes only, not the work tree (the default in CI)")
	fl.BoolVar(&o.Worktree, "worktree", false, "include uncommitted work even in CI")
	fl.StringVar(&o.Format, "format", "text", "output: text, json, github (workflow commands) or sarif")
	fl.BoolVar(&jsonFlag, "json", false, "print the report as JSON (the same as --format json)")
	fl.StringArrayVar(&o.Waive, "waive", nil, "waive a rule, with a reason: RULE=REASON (repeatable)")
	fl.BoolVar(&o.NoRun, "no-run", false, "do not run the test command (in a terminal; CI always runs it unless the config says not to)")
	fl.StringVar(&o.Coverage, "coverage", "", "coverage report to check changed lines against (Go coverprofile, LCOV or Cobertura XML)")
	fl.StringVar(&o.CoverageFormat, "coverage-format", "", "format of --coverage: auto, go, lcov or cobertura")
	fl.BoolVar(&o.Repro, "repro", false, "check that the added tests fail on the base and pass on HEAD")
	fl.StringSliceVar(&o.Rules, "rules", nil, "rules to check (default: verify.rules in .hotfix.yaml)")
	fl.BoolVar(&o.NoRecord, "no-record", false, "do not write the result into the incident record")
	fl.StringVar(&o.SARIF, "sarif", "", "also write the report as SARIF to this file (for code scanning), whatever --format prints")
	complete.Flag(cmd, "base", complete.Ref)
	complete.Choices(cmd, "format", engine.Formats...)
	complete.Flag(cmd, "waive", complete.Waiver)
	complete.Flag(cmd, "coverage", complete.File)
	complete.Flag(cmd, "sarif", complete.File)
	complete.Choices(cmd, "coverage-format", coverage.FormatAuto, coverage.FormatGo, coverage.FormatLCOV, coverage.FormatCobertura)
	complete.Flag(cmd, "rules", complete.Rules)
	cmdutil.SetLock(cmd, cmdutil.LockOptionalUnless("no-record"))
	return cmd
}

func validFormat(f string) bool {
	for _, x := range engine.Formats {
		if f == x {
			return true
		}
	}
	return false
}

// Run runs verify with o through verifyrun.Run, which prints the report and
// returns cmdutil.ErrSilent when the change fails.
func Run(ctx context.Context, o *Options) error {
	return verifyrun.Run(ctx, &o.Options)
}

// Package initcmd implements `hotfix init`: a commented .hotfix.yaml at the
// repository root, written from what the repository shows (its flow,
// production branch, languages and test commands, CODEOWNERS) and what the
// person answers or passes as flags.
package initcmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/fsutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/prompter"
	"github.com/hotfix-dev/hotfix/pkg/config"
)

// Options are init's flags and dependencies.
type Options struct {
	IO       *iostreams.IOStreams
	Prompter func() prompter.Prompter
	OpenRepo func() (*git.Repo, error)

	DryRun bool
	// Force replaces an existing .hotfix.yaml.
	Force bool

	// Values given as flags; Set says which flags were given, so that a
	// given value wins over detection (and is not asked for).
	Flow, Production, TestCommand string
	CodeOwners                    bool
	Set                           map[string]bool
}

// valueFlags are the flags that override detection.
var valueFlags = []string{"flow", "production", "test-command", "codeowners"}

// flows are the flows in the order they are offered.
var flows = []string{config.FlowGitflow, config.FlowTrunk, config.FlowReleaseBranches}

// NewCmd returns the init command. When runF is not nil it is called with
// the parsed options instead of running the command (for tests).
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write a commented .hotfix.yaml for this repository from what it detects",
		Long: `Write .hotfix.yaml, the team's hotfix policy, at the repository root, with a
comment on every key. init detects:

  flow        gitflow when a develop branch exists (local or remote-tracking),
              release-branches when release/* branches do, else trunk
  production  the remote's default branch, else main, else master
  remote      origin, else the only remote
  tests       the test command of every language at the root (go.mod,
              package.json, pom.xml, build.gradle, pyproject.toml, setup.py,
              requirements.txt, ...), joined with &&
  codeowners  true when .github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS exists

--flow, --production, --test-command and --codeowners override what it
detected. In a terminal it asks for each value no flag gave (the flow, the
production branch, the test command, whether to use CODEOWNERS), offering what
it detected; with --no-input, CI set or no terminal it never asks. The file is
checked with the strict config loader before it is written, atomically. An
existing .hotfix.yaml is kept unless --force is given; --dry-run prints the
file instead of writing it. See docs/init.md.`,
		Example: `  hotfix init
  hotfix init --dry-run
  hotfix init --no-input --flow gitflow --production main --test-command "make test"
  hotfix init --no-input --codeowners=false --force`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.IO, o.Prompter, o.OpenRepo, o.DryRun = f.IOStreams, f.Prompter, f.OpenRepo, f.DryRun
			o.Set = map[string]bool{}
			for _, n := range valueFlags {
				if cmd.Flags().Changed(n) {
					o.Set[n] = true
				}
			}
			if o.Set["flow"] {
				fl := strings.ToLower(strings.TrimSpace(o.Flow))
				if !contains(flows, fl) {
					return &cmdutil.FlagError{Err: fmt.Errorf("--flow must be one of %s, not %q", strings.Join(flows, ", "), o.Flow)}
				}
				o.Flow = fl
			}
			if o.Set["production"] {
				o.Production = strings.TrimSpace(o.Production)
				if err := git.CheckBranchName(o.Production); err != nil {
					return &cmdutil.FlagError{Err: fmt.Errorf("--production: %v", err)}
				}
			}
			if o.Set["test-command"] {
				o.TestCommand = strings.TrimSpace(o.TestCommand)
			}
			if runF != nil {
				return runF(o)
			}
			return Run(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Flow, "flow", "", "the branching model: gitflow, trunk or release-branches (default: detected from the branches)")
	fl.StringVar(&o.Production, "production", "", "the branch releases come from (default: the remote's default branch, else main, else master)")
	fl.StringVar(&o.TestCommand, "test-command", "", "the command that runs the tests (default: detected from the build files)")
	fl.BoolVar(&o.CodeOwners, "codeowners", false, "ask the CODEOWNERS owners to review pull requests (default: whether a CODEOWNERS file exists)")
	fl.BoolVar(&o.Force, "force", false, "replace an existing .hotfix.yaml")
	complete.Choices(cmd, "flow", config.FlowGitflow, config.FlowTrunk, config.FlowReleaseBranches)
	complete.Flag(cmd, "production", complete.FreeText)
	complete.Flag(cmd, "test-command", complete.FreeText)
	cmdutil.SetLock(cmd, cmdutil.LockAlways)
	return cmd
}

// Run runs init with o.
func Run(ctx context.Context, o *Options) error {
	repo, err := o.OpenRepo()
	if err != nil {
		return err
	}
	defer repo.Close()
	path := filepath.Join(repo.Root(), config.FileName)
	if _, err := os.Lstat(path); err == nil && !o.Force {
		return cmdutil.Failf("edit it by hand (its keys are in docs/config.md), or pass --force to replace it",
			"%s already exists", path)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot check %s: %v", path, err), "check that the repository root is readable")
	}

	d := detect(repo)
	c := choices{Flow: d.Flow, Production: d.Production, TestCommand: d.TestCommand, CodeOwners: d.CodeOwners != ""}
	if o.Set["flow"] {
		c.Flow = o.Flow
	}
	if o.Set["production"] {
		c.Production = o.Production
	}
	if o.Set["test-command"] {
		c.TestCommand = o.TestCommand
	}
	if o.Set["codeowners"] {
		c.CodeOwners = o.CodeOwners
	}
	if o.IO.CanPrompt() {
		if err := ask(o, d, &c); err != nil {
			return err
		}
	}
	if c.Production != "" && c.Production != d.Production {
		warnMissingBranch(o, repo, d.Remote, c.Production)
	}

	data := render(d, c)
	if err := check(data, d, c); err != nil {
		return cmdutil.Wrap(err, cmdutil.ExitFailure,
			fmt.Sprintf("the %s init made does not load (a bug in hotfix init): %v", config.FileName, err),
			"nothing was written; please report it, and try plainer --production or --test-command values meanwhile")
	}
	if o.DryRun {
		_, _ = o.IO.Out.Write(data)
		fmt.Fprintf(o.IO.ErrOut, "dry run: would write %s; nothing was written\n", path)
		return nil
	}
	if err := fsutil.WriteFile(path, data, 0o644); err != nil {
		return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot write %s: %v", path, err),
			"check that the repository root is writable; nothing was changed")
	}
	w := o.IO.Out
	fmt.Fprintf(w, "Wrote %s\n", path)
	fmt.Fprintf(w, "  detected: %s\n", summary(d))
	if s := overridden(d, c); s != "" {
		fmt.Fprintf(w, "  written instead: %s\n", s)
	}
	fmt.Fprintf(w, "Next: review it, then commit it: git add %s && git commit -m \"Add the hotfix policy\"\n", config.FileName)
	return nil
}

// ask asks, in a terminal, for each value no flag gave, offering the
// detected one.
func ask(o *Options, d detected, c *choices) error {
	p := o.Prompter()
	fmt.Fprintf(o.IO.ErrOut, "Writing %s. Enter accepts what was detected.\n", config.FileName)
	if !o.Set["flow"] {
		labels := make([]string, len(flows))
		def := 0
		for i, fl := range flows {
			labels[i] = fl + " - " + flowMeaning[fl]
			if fl == c.Flow {
				def = i
			}
		}
		i, err := p.Select("Branching flow", "Detected: "+d.Flow+" ("+d.FlowWhy+").", labels, def)
		if err != nil {
			return err
		}
		c.Flow = flows[i]
	}
	if !o.Set["production"] {
		for {
			s, err := p.Input("Production branch (releases come from it)", "start cuts fix branches from this branch's newest release tag.", c.Production)
			if err != nil {
				return err
			}
			s = strings.TrimSpace(s)
			if err := git.CheckBranchName(s); err != nil {
				fmt.Fprintf(o.IO.ErrOut, "  %v\n", err)
				continue
			}
			c.Production = s
			break
		}
	}
	if !o.Set["test-command"] {
		s, err := p.Input("Test command (verify's tests-pass runs it)", "Run with the shell at the repository root; join several with &&.", c.TestCommand)
		if err != nil {
			return err
		}
		c.TestCommand = strings.TrimSpace(s)
	}
	if !o.Set["codeowners"] {
		msg := "Ask the CODEOWNERS owners of the changed files to review?"
		if d.CodeOwners == "" {
			msg = "Ask the CODEOWNERS owners of the changed files to review? (no CODEOWNERS file yet)"
		}
		yes, err := p.Confirm(msg, c.CodeOwners)
		if err != nil {
			return err
		}
		c.CodeOwners = yes
	}
	return nil
}

// warnMissingBranch warns when the chosen production branch exists neither
// locally nor on the remote: most likely a typo.
func warnMissingBranch(o *Options, repo *git.Repo, remote, branch string) {
	if ok, _ := repo.BranchExists(branch); ok {
		return
	}
	if ok, _ := repo.RemoteTrackingBranchExists(remote, branch); ok {
		return
	}
	fmt.Fprintf(o.IO.ErrOut, "warning: branch %s exists neither here nor on %s (as last fetched); check the name\n", branch, remote)
}

// summary is the one-line account of what was detected.
func summary(d detected) string {
	tests := "none found"
	if d.TestCommand != "" {
		tests = "`" + d.TestCommand + "`"
	}
	return fmt.Sprintf("flow %s (%s); production %s; remote %s; languages %s; tests %s; CODEOWNERS %s; version files %s",
		d.Flow, d.FlowWhy, orNone(d.Production), d.Remote, d.languages(), tests, orNone(d.CodeOwners), d.versionFiles())
}

// overridden lists the written values that differ from the detected ones.
func overridden(d detected, c choices) string {
	var out []string
	if c.Flow != d.Flow {
		out = append(out, "flow "+c.Flow)
	}
	if c.Production != d.Production {
		out = append(out, "production "+c.Production)
	}
	if c.TestCommand != d.TestCommand {
		out = append(out, fmt.Sprintf("tests %q", c.TestCommand))
	}
	if c.CodeOwners != (d.CodeOwners != "") {
		out = append(out, fmt.Sprintf("codeowners %t", c.CodeOwners))
	}
	return strings.Join(out, "; ")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Package hotfixcmd builds the root command and is the one place that turns
// errors into messages and exit codes (docs/exit-codes.md).
package hotfixcmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/build"
	"github.com/hotfix-dev/hotfix/internal/clock"
	closecmd "github.com/hotfix-dev/hotfix/internal/cmd/close"
	"github.com/hotfix-dev/hotfix/internal/cmd/completion"
	"github.com/hotfix-dev/hotfix/internal/cmd/deploy"
	"github.com/hotfix-dev/hotfix/internal/cmd/hooks"
	"github.com/hotfix-dev/hotfix/internal/cmd/initcmd"
	"github.com/hotfix-dev/hotfix/internal/cmd/mitigate"
	"github.com/hotfix-dev/hotfix/internal/cmd/pr"
	"github.com/hotfix-dev/hotfix/internal/cmd/recordcmd"
	"github.com/hotfix-dev/hotfix/internal/cmd/start"
	"github.com/hotfix-dev/hotfix/internal/cmd/status"
	"github.com/hotfix-dev/hotfix/internal/cmd/triage"
	"github.com/hotfix-dev/hotfix/internal/cmd/update"
	"github.com/hotfix-dev/hotfix/internal/cmd/verify"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/crashpoint"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/lock"
	"github.com/hotfix-dev/hotfix/internal/prompter"
	"github.com/hotfix-dev/hotfix/internal/steps"
)

// Main runs hotfix with args (without the program name) on the process's
// streams and returns the exit code.
func Main(args []string) int {
	ios := iostreams.System()
	f := &cmdutil.Factory{
		IOStreams: ios,
		Clock:     crashpoint.Clock(clock.Real{}), // real, but in crash-harness builds
		Getenv:    os.Getenv,
	}
	f.Prompter = func() prompter.Prompter {
		return prompter.New(prompter.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, ios.ColorEnabled())
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go HandleSignals(sigs, cancel, os.Stderr, TermGrace, func() { os.Exit(cmdutil.ExitInterrupted) })
	return Run(ctx, f, args)
}

// TermGrace is how long a command may take to stop after a SIGTERM before
// it is ended at once.
const TermGrace = 2 * time.Second

// HandleSignals cancels the command at the first signal from sigs: a
// command stops at its next step, saves its progress and exits 130. A
// second signal, or a SIGTERM that the command has not obeyed within
// grace, ends it at once through exit (the operating system drops the
// repository lock): a read blocked on a terminal, a pipe or a FIFO does
// not see the cancellation, and must not keep the lock for ever.
func HandleSignals(sigs <-chan os.Signal, cancel func(), errOut io.Writer, grace time.Duration, exit func()) {
	first, ok := <-sigs
	if !ok {
		return
	}
	cancel()
	var late <-chan time.Time
	if first == syscall.SIGTERM {
		late = time.After(grace)
	}
	select {
	case _, ok := <-sigs:
		if !ok {
			return
		}
		fmt.Fprintln(errOut, "hotfix: interrupted again; stopped at once (if a command stopped part-way, run it with --continue or --abort)")
	case <-late:
		fmt.Fprintf(errOut, "hotfix: terminated; still running after %s, stopped at once (if a command stopped part-way, run it with --continue or --abort)\n", grace)
	}
	exit()
}

// Run executes the root command with the factory f and returns the exit code.
func Run(ctx context.Context, f *cmdutil.Factory, args []string) int {
	var held *lock.Lock
	root := newRootCmd(f, &held)
	root.SetArgs(args)
	root.SetOut(f.IOStreams.Out)
	root.SetErr(f.IOStreams.ErrOut)
	cmd, err := root.ExecuteContextC(ctx)
	// The repository lock, if the command took it, is released whatever
	// happened (and by the operating system if the process dies first).
	_ = held.Release()
	if ctx.Err() != nil {
		if err == nil {
			return cmdutil.ExitOK
		}
		if !errors.Is(err, cmdutil.ErrSilent) {
			return PrintInterrupted(f.IOStreams.ErrOut, err)
		}
	}
	if err == nil {
		remind(f, cmd)
		return cmdutil.ExitOK
	}
	code := PrintError(f.IOStreams.ErrOut, cmd, err, f.Verbose)
	if code != cmdutil.ExitUsage {
		remind(f, cmd)
	}
	return code
}

// PrintInterrupted reports a run cut short by Ctrl-C or SIGTERM and returns
// exit code 130, saying how to finish a multi-step command whose progress
// was saved.
func PrintInterrupted(w io.Writer, err error) int {
	var se *steps.StoppedError
	if errors.As(err, &se) {
		fmt.Fprintf(w, "hotfix: interrupted during %q; progress is saved\nrun `hotfix %s --continue` to finish or `hotfix %s --abort` to undo\n", se.Step, se.Command, se.Command)
	} else {
		fmt.Fprintln(w, "hotfix: interrupted")
	}
	return cmdutil.ExitInterrupted
}

// PrintError prints err for the person at the terminal and returns the exit
// code it calls for. Stack traces are never printed; --verbose adds the
// underlying cause.
func PrintError(w io.Writer, cmd *cobra.Command, err error, verbose bool) int {
	var (
		ce *cmdutil.Error
		fe *cmdutil.FlagError
		se *steps.StoppedError
	)
	switch {
	case errors.Is(err, cmdutil.ErrSilent):
		return cmdutil.ExitFailure
	case errors.Is(err, prompter.ErrInterrupted):
		fmt.Fprintln(w, "hotfix: interrupted; nothing was changed")
		return cmdutil.ExitInterrupted
	case errors.As(err, &se) && !explains(err, se):
		fmt.Fprintf(w, "hotfix: %s stopped at step %q: %s\n", se.Command, se.Step, oneLine(se.Err))
		fmt.Fprintf(w, "fix the cause, then run `hotfix %s --continue` to finish, or `hotfix %s --abort` to undo what was done\n", se.Command, se.Command)
		return cmdutil.StopCode(se.Err)
	case errors.As(err, &ce):
		fmt.Fprintf(w, "hotfix: %s\n", ce.Msg)
		if ce.Fix != "" {
			fmt.Fprintf(w, "  %s\n", ce.Fix)
		}
		if verbose && ce.Err != nil {
			fmt.Fprintf(w, "  cause: %v\n", ce.Err)
		}
		return ce.Code
	case errors.As(err, &fe), isCobraUsage(err):
		fmt.Fprintf(w, "hotfix: %s\n", err)
		if cmd != nil {
			fmt.Fprintf(w, "  run `%s --help` for usage\n", cmd.CommandPath())
		}
		return cmdutil.ExitUsage
	}
	fmt.Fprintf(w, "hotfix: %s\n", oneLine(err))
	return cmdutil.ExitFailure
}

// explains reports whether err is a command's own explanation of the
// stopped step se (a *cmdutil.Error wrapped around it), which then is
// printed instead of the generic "stopped at step" lines.
func explains(err error, se *steps.StoppedError) bool {
	var ce *cmdutil.Error
	if !errors.As(err, &ce) {
		return false
	}
	var inner *steps.StoppedError
	return errors.As(ce.Err, &inner) && inner == se
}

func oneLine(err error) string {
	var ce *cmdutil.Error
	if errors.As(err, &ce) {
		if ce.Fix != "" {
			return ce.Msg + "; " + ce.Fix
		}
		return ce.Msg
	}
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}

func isCobraUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "invalid argument", "flag needs an argument", "if any flags in the group"} {
		if strings.HasPrefix(s, p) || strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// NewRootCmd builds the command tree on the factory f. Its commands do not
// take the repository lock: Run, which executes commands, does.
func NewRootCmd(f *cmdutil.Factory) *cobra.Command {
	return newRootCmd(f, nil)
}

// newRootCmd builds the command tree; when held is not nil, a command that
// changes the repository (by the lock class it declared with
// cmdutil.SetLock) takes the repository lock before it runs and leaves it in
// *held for the caller to release.
func newRootCmd(f *cmdutil.Factory, held **lock.Lock) *cobra.Command {
	root := &cobra.Command{
		Use:   "hotfix <command>",
		Short: "Run your team's hotfix runbook as an enforced, resumable workflow",
		Long: `hotfix turns a team's hotfix runbook into an enforced, resumable workflow:

    start    walks you through the pre-fix checklist, records the answers as the
             incident record (.hotfix/<id>.yaml) and creates the fix branch
    triage   finds the cause: errors from the logs, suspect commits, hypotheses
    update   composes, posts and records the stakeholder update
    verify   refuses a change whose tests and doc comments were not touched
    pr       verifies, pushes and opens (or updates) the pull request
    close    after the merge: tag, merge back, postmortem, branch deletion
    status   every hotfix, its phase and what is overdue

Set-up: init writes .hotfix.yaml for the repository, hooks install adds a
pre-push check, completion prints the shell completion script. The policy is .hotfix.yaml (see docs/config.md). In
CI the same binary runs with no prompts; exit codes are in docs/exit-codes.md.`,
		Version:       build.String(),
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			f.IOStreams.SetNoInput(f.NoInput)
			if held == nil {
				return nil
			}
			l, err := takeLock(cmd.Context(), f, cmd)
			*held = l
			return err
		},
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &cmdutil.FlagError{Err: err} })
	pf := root.PersistentFlags()
	pf.StringVar(&f.RepoDir, "repo", "", "the repository to work on (default: the one containing the working directory)")
	pf.BoolVar(&f.NoInput, "no-input", false, "never prompt; missing answers are usage errors naming their flag")
	pf.StringVar(&f.ConfigFile, "config", "", "use this policy file instead of the governing .hotfix.yaml (a local experiment; says so)")
	pf.BoolVar(&f.DryRun, "dry-run", false, "print what would be done and change nothing")
	pf.BoolVarP(&f.Verbose, "verbose", "v", false, "print more detail, including the causes of errors")
	complete.Flag(root, "repo", complete.Dir)
	complete.Flag(root, "config", complete.File)
	root.CompletionOptions.DisableDefaultCmd = true

	root.AddCommand(initcmd.NewCmd(f, nil))
	root.AddCommand(start.NewCmd(f, nil))
	root.AddCommand(status.NewCmd(f, nil))
	root.AddCommand(verify.NewCmd(f, nil))
	root.AddCommand(pr.NewCmd(f, nil))
	root.AddCommand(triage.NewCmd(f))
	root.AddCommand(mitigate.NewCmd(f, nil))
	root.AddCommand(update.NewCmd(f, nil))
	root.AddCommand(deploy.NewCmd(f, nil))
	root.AddCommand(closecmd.NewCmd(f, nil))
	root.AddCommand(hooks.NewCmd(f, nil))
	root.AddCommand(recordcmd.NewCmd(f))
	root.AddCommand(completion.NewCmd(f))
	complete.Register(root, f)
	return root
}

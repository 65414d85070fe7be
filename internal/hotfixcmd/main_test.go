package hotfixcmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/crashpoint"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/prompter"
	"github.com/hotfix-dev/hotfix/internal/steps"
)

// The exit-code ladder: each error type maps to its documented code and
// prints one or two lines, never a stack trace.
func TestPrintError(t *testing.T) {
	root := &cobra.Command{Use: "hotfix"}
	cmd := &cobra.Command{Use: "start"}
	root.AddCommand(cmd)
	for _, tc := range []struct {
		name    string
		err     error
		verbose bool
		code    int
		out     string
	}{
		{"failure with fix", cmdutil.Failf("do this", "that broke"), false, 1, "hotfix: that broke\n  do this\n"},
		{"usage", cmdutil.MissingAnswer("--title", "CI is set"), false, 2, "hotfix: --title is required when prompts are off (CI is set)\n  pass --title, or run in a terminal to be asked\n"},
		{"auth", &cmdutil.Error{Code: 4, Msg: "token rejected", Fix: "set GH_TOKEN"}, false, 4, "hotfix: token rejected\n  set GH_TOKEN\n"},
		{"verbose cause", cmdutil.Wrap(errors.New("EACCES"), 1, "cannot write", "check permissions"), true, 1, "hotfix: cannot write\n  check permissions\n  cause: EACCES\n"},
		{"cause hidden", cmdutil.Wrap(errors.New("EACCES"), 1, "cannot write", ""), false, 1, "hotfix: cannot write\n"},
		{"flag error", &cmdutil.FlagError{Err: errors.New("unknown flag: --x")}, false, 2, "hotfix: unknown flag: --x\n  run `hotfix start --help` for usage\n"},
		{"cobra usage", errors.New(`unknown command "x" for "hotfix"`), false, 2, "hotfix: unknown command \"x\" for \"hotfix\"\n  run `hotfix start --help` for usage\n"},
		{"prompt interrupted", fmt.Errorf("asking: %w", prompter.ErrInterrupted), false, 130, "hotfix: interrupted; nothing was changed\n"},
		{"stopped", &steps.StoppedError{Command: "start", Step: "checkout", Err: cmdutil.Failf("move them", "files in the way")}, false, 3,
			"hotfix: start stopped at step \"checkout\": files in the way; move them\nfix the cause, then run `hotfix start --continue` to finish, or `hotfix start --abort` to undo what was done\n"},
		{"stopped by auth", &steps.StoppedError{Command: "pr", Step: "open-pr", Err: fmt.Errorf("opening: %w", &cmdutil.Error{Code: 4, Msg: "GitHub refused the token (401)", Fix: "set GH_TOKEN"})}, false, 4,
			"hotfix: pr stopped at step \"open-pr\": GitHub refused the token (401); set GH_TOKEN\nfix the cause, then run `hotfix pr --continue` to finish, or `hotfix pr --abort` to undo what was done\n"},
		{"stopped, explained by the command", &cmdutil.Error{Code: 4, Msg: "pr stopped at step \"open\": GitHub refused the token", Fix: "set GH_TOKEN; then `hotfix pr --continue`",
			Err: &steps.StoppedError{Command: "pr", Step: "open", Err: errors.New("401")}}, false, 4,
			"hotfix: pr stopped at step \"open\": GitHub refused the token\n  set GH_TOKEN; then `hotfix pr --continue`\n"},
		{"silent", cmdutil.ErrSilent, false, 1, ""},
		{"plain", errors.New("boom\nsecond line"), false, 1, "hotfix: boom; second line\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if code := PrintError(&b, cmd, tc.err, tc.verbose); code != tc.code {
				t.Errorf("code %d, want %d", code, tc.code)
			}
			if b.String() != tc.out {
				t.Errorf("printed %q, want %q", b.String(), tc.out)
			}
		})
	}
}

func TestPrintInterrupted(t *testing.T) {
	var b bytes.Buffer
	err := &steps.StoppedError{Command: "start", Step: "checkout", Err: context.Canceled}
	if code := PrintInterrupted(&b, err); code != 130 || !strings.Contains(b.String(), "interrupted during \"checkout\"; progress is saved\nrun `hotfix start --continue`") {
		t.Fatalf("%d %q", code, b.String())
	}
	b.Reset()
	if PrintInterrupted(&b, context.Canceled) != 130 || b.String() != "hotfix: interrupted\n" {
		t.Fatalf("%q", b.String())
	}
}

func run(args ...string) (string, string, int) {
	ios, _, out, errOut := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios, Clock: clock.Real{}, Getenv: func(string) string { return "" }}
	code := Run(context.Background(), f, args)
	return out.String(), errOut.String(), code
}

func TestRootCommand(t *testing.T) {
	out, _, code := run("--version")
	if code != 0 || !strings.HasPrefix(out, "hotfix ") || !strings.Contains(out, "commit ") {
		t.Fatalf("--version: %d %q", code, out)
	}
	out, _, code = run("--help")
	for _, want := range []string{"start", "status", "verify", "pr", "triage", "update", "close", "--repo", "--no-input", "--dry-run", "--verbose"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	if _, errOut, code := run("nope"); code != 2 || !strings.Contains(errOut, `unknown command "nope"`) {
		t.Fatalf("unknown command: %d %q", code, errOut)
	}
	if _, errOut, code := run("status", "--bogus"); code != 2 || !strings.Contains(errOut, "unknown flag: --bogus") || !strings.Contains(errOut, "hotfix status --help") {
		t.Fatalf("unknown flag: %d %q", code, errOut)
	}
}

// The root carries every command of the contract, and completions are
// attached once the tree is built (status completes ids, start severities).
func TestCommandTree(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	root := NewRootCmd(&cmdutil.Factory{IOStreams: ios})
	for _, name := range []string{"start", "status", "verify", "pr", "triage", "update", "close", "init", "hooks", "completion"} {
		if c, _, err := root.Find([]string{name}); err != nil || c.Name() != name {
			t.Errorf("no %q command: %v", name, err)
		}
	}
	for _, name := range []string{"start", "triage", "update", "verify", "pr", "close", "status"} {
		if !strings.Contains(root.Long, "\n    "+name+" ") {
			t.Errorf("the overview in `hotfix --help` does not list %s", name)
		}
	}
	// Every command whose output is data can give it as JSON.
	for _, path := range [][]string{{"start"}, {"status"}, {"pr"}, {"update"}, {"close"}, {"triage", "logs"}, {"triage", "suspects"},
		{"triage", "hypothesis"}, {"triage", "repro"}, {"triage", "isolate"}, {"triage", "dataset"}} {
		c, _, _ := root.Find(path)
		if c.Flags().Lookup("json") == nil {
			t.Errorf("hotfix %s has no --json", strings.Join(path, " "))
		}
	}
	if v, _, _ := root.Find([]string{"verify"}); !strings.Contains(v.Flags().Lookup("format").Usage, "json") {
		t.Error("verify has no JSON format")
	}
	status, _, _ := root.Find([]string{"status"})
	if status.ValidArgsFunction == nil {
		t.Error("status's id argument has no completion")
	}
	start, _, _ := root.Find([]string{"start"})
	if _, ok := start.GetFlagCompletionFunc("severity"); !ok {
		t.Error("start --severity has no completion")
	}
}

// A release build has no kill switch and takes no time from the
// environment: HOTFIX_CRASH_NOW works only in -tags hotfixcrash builds.
func TestReleaseBuildIgnoresCrashHarnessEnv(t *testing.T) {
	if crashpoint.Enabled {
		t.Skip("built with -tags hotfixcrash")
	}
	t.Setenv(crashpoint.NowEnv, "2000-01-01T00:00:00Z")
	if _, fixed := crashpoint.Clock(clock.Real{}).(*clock.Fixed); fixed {
		t.Fatal("the clock was fixed from the environment")
	}
}

// The global flags declare their completions where they are defined, like
// every command's: --repo is a directory, --config a file, the others take
// no value.
func TestGlobalFlagsDeclareCompletions(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	root := NewRootCmd(&cmdutil.Factory{IOStreams: ios})
	got := complete.Declared(root)
	if len(got) != 2 || got["repo"] != complete.Dir || got["config"] != complete.File {
		t.Fatalf("%v", got)
	}
	// Subcommands inherit it.
	start, _, _ := root.Find([]string{"start"})
	if complete.Declared(start)["repo"] != complete.Dir {
		t.Fatal("start does not see --repo's completion")
	}
}

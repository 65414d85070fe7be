package hotfixcmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/policy"
	"github.com/hotfix-dev/hotfix/internal/records"
	"github.com/hotfix-dev/hotfix/internal/updates"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// remind prints, after a command ran, the one line that says a hotfix's
// next stakeholder update is due within updates.Soon or overdue
// (updates.Reminder), on stderr. It says nothing, and reads nothing, when
// the command is not one a person reads at a terminal: stderr is not a
// terminal or CI is set (IOStreams.CanRemind), the output is machine
// output (--json, or a --format other than text), or the command is help,
// completion or the completion machinery. Any failure to read the
// repository, its policy or its records is silent: a reminder never makes
// a command fail or say more than its line.
func remind(f *cmdutil.Factory, cmd *cobra.Command) {
	if cmd == nil || !wantsReminder(f, cmd) {
		return
	}
	repo, err := f.OpenRepo()
	if err != nil {
		return
	}
	defer repo.Close()
	// The policy's notices were said by the command already, if at all.
	cfg, err := policy.Governing(repo, policy.Options{File: f.ConfigFile})
	if err != nil {
		return
	}
	found, _ := records.List(repo, cfg)
	recs := make([]*record.Record, 0, len(found))
	for _, fd := range found {
		recs = append(recs, fd.Record)
	}
	if line := updates.Reminder(cfg, recs, f.Clock.Now()); line != "" {
		fmt.Fprintln(f.IOStreams.ErrOut, line)
	}
}

// wantsReminder reports whether cmd's run is one a person reads at a
// terminal, with no machine output.
func wantsReminder(f *cmdutil.Factory, cmd *cobra.Command) bool {
	if !f.IOStreams.CanRemind() || !cmd.Runnable() || !cmd.HasParent() {
		return false
	}
	for c := cmd; c != nil; c = c.Parent() {
		switch c.Name() {
		case "help", "completion", cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd:
			return false
		}
	}
	if fl := cmd.Flags().Lookup("json"); fl != nil && fl.Value.String() == "true" {
		return false
	}
	if fl := cmd.Flags().Lookup("format"); fl != nil && fl.Value.String() != "" && fl.Value.String() != "text" {
		return false
	}
	return true
}

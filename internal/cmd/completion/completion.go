// Package completion implements `hotfix completion SHELL`: the completion
// script for bash, zsh, fish or PowerShell, generated from the command tree.
// The scripts ask the hotfix binary for dynamic values (hotfix ids,
// severities, rule ids, branches) through cobra's hidden __complete command;
// each command declares which values its flags take (internal/complete).
package completion

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
)

// Shells are the shells a script can be generated for.
var Shells = []string{"bash", "zsh", "fish", "powershell"}

// NewCmd returns the completion command; the script is generated from the
// root of the tree the command is added to.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print the shell completion script for bash, zsh, fish or PowerShell",
		Long: `Print the script that makes your shell complete hotfix's commands, flags and
values: hotfix ids, severities, verify rule ids, branches and release tags are
read from the repository you are in each time you press Tab.

bash (needs the bash-completion package for the best results):
  source <(hotfix completion bash)                       # this shell
  hotfix completion bash > ~/.local/share/bash-completion/completions/hotfix

zsh:
  source <(hotfix completion zsh)                        # this shell
  hotfix completion zsh > "${fpath[1]}/_hotfix"          # every shell (compinit must be on)

fish:
  hotfix completion fish | source                        # this shell
  hotfix completion fish > ~/.config/fish/completions/hotfix.fish

PowerShell:
  hotfix completion powershell | Out-String | Invoke-Expression
  # add that line to $PROFILE for every session`,
		Example: "  source <(hotfix completion bash)",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &cmdutil.FlagError{Err: fmt.Errorf("name one shell: hotfix completion bash|zsh|fish|powershell (e.g. source <(hotfix completion bash))")}
			}
			return nil
		},
		ValidArgs:             Shells,
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			root, out := cmd.Root(), f.IOStreams.Out
			switch args[0] {
			case "bash":
				return writeBash(root, out)
			case "zsh":
				return root.GenZshCompletion(out)
			case "fish":
				return root.GenFishCompletion(out, true)
			case "powershell":
				return root.GenPowerShellCompletionWithDesc(out)
			}
			return &cmdutil.FlagError{Err: fmt.Errorf("unknown shell %q: choose bash, zsh, fish or powershell", args[0])}
		},
	}
	cmdutil.SetLock(cmd, cmdutil.LockNever)
	return cmd
}

// cobraInit is the body of the bash script's word splitter as cobra writes
// it: it needs _get_comp_words_by_ref from the bash-completion package.
const cobraInit = `    COMPREPLY=()
    _get_comp_words_by_ref "$@" cur prev words cword
`

// ownInit uses bash-completion where it is loaded and otherwise splits the
// line itself, so that completion works in a bare bash (macOS, minimal
// images) too. Without bash-completion, words are split on blanks only,
// which keeps --flag=value and branch:path whole as hotfix expects.
const ownInit = `    COMPREPLY=()
    if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
        _get_comp_words_by_ref "$@" cur prev words cword
        return
    fi
    local line=${COMP_LINE:0:COMP_POINT}
    read -r -a words <<< "$line"
    if [[ -z $line || $line == *[[:blank:]] ]]; then
        words+=("")
    fi
    cword=$(( ${#words[@]} - 1 ))
    cur=${words[cword]}
    prev=${words[cword-1]}
`

// writeBash writes cobra's bash completion script (V2, with descriptions),
// made to work without the bash-completion package.
func writeBash(root *cobra.Command, w io.Writer) error {
	var buf bytes.Buffer
	if err := root.GenBashCompletionV2(&buf, true); err != nil {
		return err
	}
	_, err := io.WriteString(w, strings.Replace(buf.String(), cobraInit, ownInit, 1))
	return err
}

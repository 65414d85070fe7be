// Package hooks implements `hotfix hooks`: install and uninstall a git
// pre-push hook that runs `hotfix verify` before a hotfix branch is pushed,
// and the hidden `hotfix hooks pre-push` the hook runs. A pre-push hook
// hotfix did not write (a "foreign" hook) is never overwritten or deleted:
// install refuses it unless --force, which moves it aside first.
package hooks

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/fsutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/records"
	"github.com/hotfix-dev/hotfix/internal/verifyrun"
	"github.com/hotfix-dev/hotfix/pkg/config"
)

// Marker is the comment line that identifies a pre-push hook as hotfix's.
// Only a hook carrying it is ever replaced or removed.
//
// The git layer knows it too (git.HotfixHookMarker): hotfix pushes without
// running its own hook, whose check `hotfix pr` makes itself.
const Marker = git.HotfixHookMarker

// HookName is the file name of the hook in the hooks directory.
const HookName = "pre-push"

// BackupSuffix is appended to the hook's path to keep a foreign hook that
// `install --force` moved aside; uninstall puts it back.
const BackupSuffix = ".hotfix-backup"

// Script is the pre-push hook hotfix installs: it finds the hotfix binary
// (HOTFIX_BIN, else PATH) and hands git's arguments and stdin to
// `hotfix hooks pre-push`.
const Script = `#!/bin/sh
` + Marker + `
#
# git runs this before every push. When the branch checked out is a hotfix
# branch (it has an incident record) and it is being pushed, hotfix checks it
# as "hotfix verify --committed-only --no-record" does and stops the push if
# verify fails. See docs/hooks.md in the hotfix repository.
#
#   push once without the check:   git push --no-verify
#   use another hotfix binary:     HOTFIX_BIN=/path/to/hotfix git push
#   remove this hook:              hotfix hooks uninstall

HOTFIX=$(command -v "${HOTFIX_BIN:-hotfix}" 2>/dev/null) || HOTFIX=
if [ -z "$HOTFIX" ] || [ ! -x "$HOTFIX" ]; then
	echo "hotfix pre-push hook: cannot run ${HOTFIX_BIN:-hotfix}: it is not installed or not on PATH" >&2
	echo "  install hotfix (go install github.com/hotfix-dev/hotfix/cmd/hotfix@latest) or set HOTFIX_BIN to its path," >&2
	echo "  or push without the check: git push --no-verify" >&2
	exit 1
fi
exec "$HOTFIX" hooks pre-push "$@"
`

// The subcommands, as Options.Action names them.
const (
	ActionInstall   = "install"
	ActionUninstall = "uninstall"
	ActionPrePush   = "pre-push"
)

// Options are the hooks subcommands' flags, arguments and dependencies.
type Options struct {
	IO         *iostreams.IOStreams
	Clock      clock.Clock
	Getenv     func(string) string
	OpenRepo   func() (*git.Repo, error)
	LoadConfig func(repo *git.Repo) (*config.Config, error)
	DryRun     bool

	// Action is the subcommand: ActionInstall, ActionUninstall or
	// ActionPrePush.
	Action string
	// Force lets install move a foreign pre-push hook aside.
	Force bool
	// Remote and URL are the arguments git passes to a pre-push hook: the
	// remote's name (or its URL when it has none) and its URL.
	Remote, URL string
}

// NewCmd returns the hooks command and its subcommands; runF replaces the
// run in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hooks",
		Short: "Install or remove the git pre-push hook that runs verify before a hotfix branch is pushed",
		Long: `Manage the git pre-push hook that makes "git push" run hotfix verify first.

  hooks install     write the hook into the repository's hooks directory
  hooks uninstall   remove it, restoring a hook that install --force moved aside

Once installed, pushing the checked-out hotfix branch (one with an incident
record) runs the same check as "hotfix verify --committed-only --no-record" and
stops the push when it fails. Other branches and deletions are pushed as
usual. Push once without the check with "git push --no-verify".

The hooks directory is the one git uses: core.hooksPath when set, else the
repository's .git/hooks (shared by linked work trees). A pre-push hook that
hotfix did not install is never overwritten or deleted. See docs/hooks.md.`,
		Args: cobra.NoArgs,
	}
	run := func(c *cobra.Command, o *Options) error {
		o.IO, o.Clock, o.Getenv, o.OpenRepo, o.LoadConfig, o.DryRun = f.IOStreams, f.Clock, f.Env, f.OpenRepo, f.LoadConfig, f.DryRun
		if runF != nil {
			return runF(o)
		}
		return Run(c.Context(), o)
	}

	install := &Options{Action: ActionInstall}
	installCmd := &cobra.Command{
		Use:   "install",
		Short: "Write the pre-push hook that runs verify before a hotfix branch is pushed",
		Long: `Write the pre-push hook into the repository's hooks directory (core.hooksPath
when set, else .git/hooks), executable, atomically.

If a pre-push hook is already there and hotfix did not install it, install
refuses and changes nothing: merge the two by hand, or pass --force to move
the existing hook to pre-push.hotfix-backup (uninstall puts it back).
Installing again over hotfix's own hook updates it.`,
		Example: `  hotfix hooks install
  hotfix hooks install --dry-run
  hotfix hooks install --force`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return run(c, install) },
	}
	installCmd.Flags().BoolVar(&install.Force, "force", false, "move an existing pre-push hook hotfix did not install to pre-push.hotfix-backup")

	uninstall := &Options{Action: ActionUninstall}
	uninstallCmd := &cobra.Command{
		Use:   "uninstall",
		Short: "Remove hotfix's pre-push hook, restoring the one install --force moved aside",
		Long: `Remove the pre-push hook hotfix installed and, when install --force moved a
hook aside, put pre-push.hotfix-backup back. A pre-push hook hotfix did not
install is left alone.`,
		Example: `  hotfix hooks uninstall`,
		Args:    cobra.NoArgs,
		RunE:    func(c *cobra.Command, args []string) error { return run(c, uninstall) },
	}

	prePush := &Options{Action: ActionPrePush}
	prePushCmd := &cobra.Command{
		Use:    "pre-push REMOTE URL",
		Short:  "What the pre-push hook runs: verify the hotfix branch being pushed",
		Hidden: true,
		Args:   cobra.MaximumNArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				prePush.Remote = args[0]
			}
			if len(args) > 1 {
				prePush.URL = args[1]
			}
			return run(c, prePush)
		},
	}
	cmdutil.SetLock(installCmd, cmdutil.LockAlways)
	cmdutil.SetLock(uninstallCmd, cmdutil.LockAlways)
	cmdutil.SetLock(prePushCmd, cmdutil.LockNever) // it runs while `hotfix pr` may hold the lock
	cmd.AddCommand(installCmd, uninstallCmd, prePushCmd)
	return cmd
}

// Run runs the subcommand o.Action names.
func Run(ctx context.Context, o *Options) error {
	switch o.Action {
	case ActionInstall:
		return RunInstall(ctx, o)
	case ActionUninstall:
		return RunUninstall(ctx, o)
	case ActionPrePush:
		return RunPrePush(ctx, o)
	}
	return fmt.Errorf("unknown hooks action %q", o.Action)
}

// hookPaths opens the repository and returns the hook's path, its backup's
// path, and a function that shows a path relative to the work tree when it
// is inside it.
func hookPaths(ctx context.Context, o *Options) (hook, backup string, show func(string) string, err error) {
	repo, err := o.OpenRepo()
	if err != nil {
		return "", "", nil, err
	}
	defer repo.Close()
	dir, err := repo.HooksDir(ctx)
	if err != nil {
		return "", "", nil, cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot tell where this repository's hooks go: %v", err), "check `git rev-parse --git-path hooks` in the repository")
	}
	root := repo.Root()
	show = func(p string) string {
		if rel, err := filepath.Rel(root, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
		return p
	}
	hook = filepath.Join(dir, HookName)
	return hook, hook + BackupSuffix, show, nil
}

// hookState says what is at the hook's path.
type hookState int

const (
	hookAbsent hookState = iota
	hookOurs
	hookForeign
)

// inspect reads the file at p: absent, ours (it carries the marker) or
// foreign (anything else, including what cannot be read). It also returns
// the content read.
func inspect(p string) (hookState, []byte, error) {
	fi, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return hookAbsent, nil, nil
	}
	if err != nil {
		return hookForeign, nil, err
	}
	if fi.IsDir() {
		return hookForeign, nil, nil
	}
	data, err := os.ReadFile(p)
	if err != nil {
		// A dangling symlink or an unreadable file: not ours to touch.
		return hookForeign, nil, nil
	}
	if HasMarker(data) {
		return hookOurs, data, nil
	}
	return hookForeign, data, nil
}

// HasMarker reports whether a hook's content carries Marker on a line of
// its own.
func HasMarker(data []byte) bool { return git.IsHotfixHook(data) }

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// RunInstall writes the pre-push hook. A foreign hook is refused, or with
// --force moved to the backup path first (refused if a backup exists).
func RunInstall(ctx context.Context, o *Options) error {
	hook, backup, show, err := hookPaths(ctx, o)
	if err != nil {
		return err
	}
	state, old, err := inspect(hook)
	if err != nil {
		return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot read %s: %v", show(hook), err), "check the hooks directory's permissions")
	}
	moveAside := false
	switch state {
	case hookForeign:
		if !o.Force {
			return cmdutil.Failf(fmt.Sprintf("merge it by hand (have it run `hotfix hooks pre-push \"$@\"` with git's stdin), or pass --force to move it to %s and install hotfix's", show(backup)),
				"%s already exists and was not installed by hotfix; it was left unchanged", show(hook))
		}
		if exists(backup) {
			return cmdutil.Failf(fmt.Sprintf("merge or remove %s by hand, then run `hotfix hooks install --force` again", show(backup)),
				"cannot move %s aside: %s already exists; nothing was changed", show(hook), show(backup))
		}
		moveAside = true
	case hookOurs:
		if string(old) == Script && isExecutable(hook) {
			fmt.Fprintf(o.IO.Out, "The pre-push hook at %s is installed and up to date.\n", show(hook))
			return nil
		}
	}

	if o.DryRun {
		fmt.Fprintln(o.IO.Out, "Dry run: nothing was changed.")
		if moveAside {
			fmt.Fprintf(o.IO.Out, "Would move the existing pre-push hook %s to %s.\n", show(hook), show(backup))
		}
		verb := "write"
		if state == hookOurs {
			verb = "update"
		}
		fmt.Fprintf(o.IO.Out, "Would %s %s (mode 0755) with:\n\n%s", verb, show(hook), Script)
		return nil
	}

	if moveAside {
		if err := os.Rename(hook, backup); err != nil {
			return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot move %s to %s: %v", show(hook), show(backup), err), "nothing was changed; check the hooks directory's permissions")
		}
	}
	if err := writeHook(hook); err != nil {
		msg := fmt.Sprintf("cannot write %s: %v", show(hook), err)
		if moveAside {
			if rerr := os.Rename(backup, hook); rerr != nil {
				msg += fmt.Sprintf("; the previous hook is still at %s (%v)", show(backup), rerr)
			} else {
				msg += "; the previous hook was put back"
			}
		}
		return cmdutil.Wrap(err, cmdutil.ExitFailure, msg, "check the hooks directory's permissions")
	}
	if moveAside {
		fmt.Fprintf(o.IO.Out, "Moved the existing pre-push hook to %s (hotfix hooks uninstall puts it back).\n", show(backup))
	}
	verb := "Installed"
	if state == hookOurs {
		verb = "Updated"
	}
	fmt.Fprintf(o.IO.Out, "%s the pre-push hook at %s: pushing a hotfix branch now runs hotfix verify first.\n", verb, show(hook))
	fmt.Fprintln(o.IO.Out, "Push once without the check with `git push --no-verify`.")
	return nil
}

// writeHook writes Script to p atomically, executable.
func writeHook(p string) error {
	if err := fsutil.WriteFile(p, []byte(Script), 0o755); err != nil {
		return err
	}
	// WriteFile sets the mode on the open file, which the umask does not
	// narrow; this makes sure of it where the platform has modes.
	return os.Chmod(p, 0o755)
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().Perm()&0o111 != 0
}

// RunUninstall removes hotfix's pre-push hook and restores the backup
// install --force made. A foreign hook is refused.
func RunUninstall(ctx context.Context, o *Options) error {
	hook, backup, show, err := hookPaths(ctx, o)
	if err != nil {
		return err
	}
	state, _, err := inspect(hook)
	if err != nil {
		return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot read %s: %v", show(hook), err), "check the hooks directory's permissions")
	}
	hasBackup := exists(backup)
	switch {
	case state == hookForeign:
		return cmdutil.Failf("remove it by hand if you mean to; hotfix only removes the hook it installed",
			"%s was not installed by hotfix; it was left unchanged", show(hook))
	case state == hookAbsent && !hasBackup:
		fmt.Fprintf(o.IO.Out, "There is no pre-push hook at %s; nothing to uninstall.\n", show(hook))
		return nil
	}
	if o.DryRun {
		fmt.Fprintln(o.IO.Out, "Dry run: nothing was changed.")
		if state == hookOurs {
			fmt.Fprintf(o.IO.Out, "Would remove hotfix's pre-push hook %s.\n", show(hook))
		}
		if hasBackup {
			fmt.Fprintf(o.IO.Out, "Would restore the previous pre-push hook from %s.\n", show(backup))
		}
		return nil
	}
	if hasBackup {
		// One rename replaces ours with the previous hook.
		if err := os.Rename(backup, hook); err != nil {
			return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot restore %s to %s: %v", show(backup), show(hook), err), "check the hooks directory's permissions")
		}
		_ = fsutil.SyncDir(filepath.Dir(hook))
		if state == hookOurs {
			fmt.Fprintf(o.IO.Out, "Removed hotfix's pre-push hook and restored the previous one from %s.\n", show(backup))
		} else {
			fmt.Fprintf(o.IO.Out, "Restored the previous pre-push hook from %s.\n", show(backup))
		}
		return nil
	}
	if err := os.Remove(hook); err != nil {
		return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot remove %s: %v", show(hook), err), "check the hooks directory's permissions")
	}
	_ = fsutil.SyncDir(filepath.Dir(hook))
	fmt.Fprintf(o.IO.Out, "Removed hotfix's pre-push hook %s.\n", show(hook))
	return nil
}

// PushedRef is one line of what git writes to a pre-push hook's stdin.
type PushedRef struct {
	LocalRef, LocalSHA, RemoteRef, RemoteSHA string
}

// Deletion reports whether the line deletes the remote ref (its local
// object name is all zeros).
func (p PushedRef) Deletion() bool {
	return strings.Trim(p.LocalSHA, "0") == ""
}

// ParsePushedRefs reads git's pre-push lines, "<local ref> <local sha>
// <remote ref> <remote sha>", to the end, skipping lines that are not.
func ParsePushedRefs(r io.Reader) ([]PushedRef, error) {
	var out []PushedRef
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 4 {
			continue
		}
		out = append(out, PushedRef{LocalRef: f[0], LocalSHA: f[1], RemoteRef: f[2], RemoteSHA: f[3]})
	}
	return out, sc.Err()
}

// pushes reports whether one of refs pushes the checked-out branch (named,
// or as HEAD), not to delete.
func pushes(refs []PushedRef, branch string) bool {
	for _, r := range refs {
		if r.Deletion() {
			continue
		}
		if r.LocalRef == "refs/heads/"+branch || r.LocalRef == "HEAD" {
			return true
		}
	}
	return false
}

// bypassFix is the fix line of every error that stops a push.
const bypassFix = "to push anyway, without the check: git push --no-verify"

// orBypass adds the way to push anyway to an error that stops a push.
func orBypass(err error) error {
	var ce *cmdutil.Error
	if errors.As(err, &ce) {
		c := *ce
		if c.Fix == "" {
			c.Fix = bypassFix
		} else {
			c.Fix += "; " + bypassFix
		}
		return &c
	}
	return cmdutil.Wrap(err, cmdutil.ExitFailure, err.Error(), bypassFix)
}

// RunPrePush is the pre-push hook: when the push includes the checked-out
// branch and that branch is a hotfix branch (it has an incident record), it
// runs verify on the commits, as `hotfix verify --committed-only
// --no-record` does, and fails (stopping the push) when verify fails.
// Everything it prints goes to stderr; it never prompts.
func RunPrePush(ctx context.Context, o *Options) error {
	o.IO.SetNoInput(true)
	refs, err := ParsePushedRefs(o.IO.In)
	if err != nil {
		return orBypass(cmdutil.Failf("", "cannot read what git is pushing: %v", err))
	}
	if len(refs) == 0 {
		return nil
	}
	repo, err := o.OpenRepo()
	if err != nil {
		return orBypass(err)
	}
	defer repo.Close()
	branch, _ := repo.CurrentBranch()
	if branch == "" || !pushes(refs, branch) {
		return nil
	}
	cfg, err := o.LoadConfig(repo)
	if err != nil {
		return orBypass(err)
	}
	if !isHotfixBranch(o.IO.ErrOut, repo, cfg, branch) {
		return nil
	}

	errOut := o.IO.ErrOut
	fmt.Fprintf(errOut, "hotfix: checking %s before the push (hotfix verify --committed-only)\n", branch)
	ios := &iostreams.IOStreams{In: strings.NewReader(""), Out: errOut, ErrOut: errOut}
	ios.SetGetenv(o.Getenv)
	ios.SetNoInput(true)
	vo := &verifyrun.Options{
		IO: ios, Clock: o.Clock, Getenv: o.Getenv, OpenRepo: o.OpenRepo,
		// The governing policy read above: once, and one notice if the
		// work tree's copy differs.
		LoadConfig:    func(*git.Repo) (*config.Config, error) { return cfg, nil },
		RunCommand:    verifyrun.RunShell,
		CommittedOnly: true, NoRecord: true, Format: "text",
	}
	err = verifyrun.Run(ctx, vo)
	if errors.Is(err, cmdutil.ErrSilent) {
		return cmdutil.Failf("add the missing tests or doc comments (or a Hotfix-Waive: RULE: REASON trailer), commit, and push again; "+bypassFix,
			"push stopped: %s does not pass hotfix verify", branch)
	}
	if err != nil {
		return orBypass(err)
	}
	return nil
}

// isHotfixBranch reports whether branch has an incident record in the work
// tree. When the records cannot be read, a branch named like a hotfix
// branch is treated as one (verify then says what is wrong) and any other
// is not.
func isHotfixBranch(errOut io.Writer, repo *git.Repo, cfg *config.Config, branch string) bool {
	rec, err := records.ForBranch(repo, cfg, branch)
	if err != nil {
		if prefix := records.BranchPrefix(cfg); prefix != "" && strings.HasPrefix(branch, prefix) {
			return true
		}
		fmt.Fprintf(errOut, "hotfix: could not read the incident records (%v); %s was not checked\n", err, branch)
		return false
	}
	return rec != nil
}

package hotfixcmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/lock"
)

// NeedsLock reports whether cmd, with the flags it was given, changes the
// repository and must hold the repository lock. Each command declares its
// lock class where it is defined (cmdutil.SetLock in its NewCmd); a command
// that declared none (cobra's help and __complete) only reads. With
// --dry-run no command takes the lock.
func NeedsLock(cmd *cobra.Command, dryRun bool) bool {
	l, _ := cmdutil.LockOf(cmd)
	if !l.Takes || dryRun {
		return false
	}
	if l.Flag == "" {
		return true
	}
	set, err := cmd.Flags().GetBool(l.Flag)
	if err != nil {
		// A class naming a flag the command lacks: lock, to be safe (a
		// test keeps the classes and the flags in step).
		return true
	}
	return set == l.When
}

// takeLock takes the repository lock for cmd when it needs it, waiting up to
// f.LockTimeout() for another hotfix process to release it. It returns nil
// when cmd needs no lock, and also outside a repository (the command says
// so itself) or when the git directory cannot be written (the lock is
// skipped with a warning, so that verify still runs on a read-only
// checkout).
func takeLock(ctx context.Context, f *cmdutil.Factory, cmd *cobra.Command) (*lock.Lock, error) {
	if !NeedsLock(cmd, f.DryRun) {
		return nil, nil
	}
	dir := f.RepoDir
	if dir == "" {
		dir = "."
	}
	common, err := git.FindCommonDir(dir)
	if err != nil {
		return nil, nil
	}
	path := lock.Path(common)
	me := lock.Holder{PID: os.Getpid(), Command: cmd.CommandPath(), Since: f.Clock.Now()}
	wait := f.LockTimeout()
	l, err := lock.Acquire(ctx, path, me, lock.Options{Wait: wait, OnWait: func(h lock.Holder) {
		fmt.Fprintf(f.IOStreams.ErrOut, "hotfix: waiting for %s to finish (up to %s)...\n", describe(h, f.Clock.Now()), wait)
	}})
	var busy *lock.BusyError
	switch {
	case err == nil:
		return l, nil
	case errors.As(err, &busy):
		if rule, _ := cmdutil.LockOf(cmd); rule.Optional && rule.Flag != "" {
			if err := cmd.Flags().Set(rule.Flag, strconv.FormatBool(!rule.When)); err == nil {
				as := "as with --" + rule.Flag
				if rule.When {
					as = "without --" + rule.Flag
				}
				fmt.Fprintf(f.IOStreams.ErrOut, "warning: %s is changing this repository; running %s, so nothing is written\n", describe(busy.Holder, f.Clock.Now()), as)
				return nil, nil
			}
		}
		return nil, busyError(busy, f.Clock.Now(), wait)
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		// Never unlocked: two writers would lose each other's events.
		// verify alone may still check, writing nothing.
		if rule, _ := cmdutil.LockOf(cmd); rule.Optional && rule.Flag != "" {
			if serr := cmd.Flags().Set(rule.Flag, strconv.FormatBool(!rule.When)); serr == nil {
				fmt.Fprintf(f.IOStreams.ErrOut, "warning: cannot create the repository lock %s (%v); checking without writing anything\n", path, err)
				return nil, nil
			}
		}
		return nil, cmdutil.Wrap(err, cmdutil.ExitFailure,
			fmt.Sprintf("cannot create the repository lock %s: %v (the directory belongs to %s); nothing was changed", path, err, owner(filepath.Dir(path))),
			fmt.Sprintf("make it yours (sudo chown -R %s %s, as after a `sudo hotfix`), or run from a writable clone", currentUser(), filepath.Dir(path)))
	}
	return nil, cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot take the repository lock %s: %v", path, err),
		"check that the git directory is writable, then run the command again")
}

// busyError is the refusal when the lock stayed held: who holds it, and
// what to do.
func busyError(b *lock.BusyError, now time.Time, waited time.Duration) *cmdutil.Error {
	fix := "wait for it to finish, then run this command again"
	if b.Holder.Known() {
		kill := fmt.Sprintf("kill %d", b.Holder.PID)
		if runtime.GOOS == "windows" {
			kill = fmt.Sprintf("taskkill /PID %d", b.Holder.PID)
		}
		fix += fmt.Sprintf("; if it is stuck, stop it (%s) first. A hotfix that exits or crashes frees the lock by itself", kill)
	} else {
		fix += fmt.Sprintf("; the lock is %s and is freed when its holder exits", b.Path)
	}
	return cmdutil.Wrap(b, cmdutil.ExitFailure,
		fmt.Sprintf("%s is changing this repository (waited %s)", describe(b.Holder, now), waited.Round(time.Millisecond)), fix)
}

// describe names the holder: "another hotfix (pid 1234, `hotfix pr`, since
// 10:02:03)".
func describe(h lock.Holder, now time.Time) string {
	if !h.Known() {
		return "another hotfix process"
	}
	s := fmt.Sprintf("another hotfix (pid %d", h.PID)
	if h.Command != "" {
		s += ", `" + h.Command + "`"
	}
	if !h.Since.IsZero() {
		since := h.Since.In(now.Location())
		if y, m, d := since.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
			s += ", since " + since.Format("15:04:05")
		} else {
			s += ", since " + since.Format("2006-01-02 15:04")
		}
	}
	return s + ")"
}

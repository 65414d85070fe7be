package cmdutil

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// LockAnnotation is the cobra annotation that holds a command's lock class
// (Lock.String), set by SetLock in the command's NewCmd and read by the root
// command before the command runs.
const LockAnnotation = "hotfix:lock"

// Lock says when a command takes the repository lock (docs/architecture.md,
// "The repository lock"). The zero Lock, LockNever, is a command that only
// reads. --dry-run never takes the lock, whatever the class.
type Lock struct {
	// Takes is true for a command that changes the repository.
	Takes bool
	// Flag, when not empty, names the boolean flag that decides: the lock
	// is taken when the flag's value is When. Empty: always.
	Flag string
	When bool
	// Optional: when the lock stays held, the command runs anyway with
	// Flag set to !When, so that it writes nothing, and a warning. verify
	// does this: its exit code is its verdict, and recording the verdict is
	// secondary.
	Optional bool
}

// The lock classes without a condition.
var (
	// LockNever is a command that only reads: it runs while another
	// hotfix holds the lock.
	LockNever = Lock{}
	// LockAlways is a command that changes the repository.
	LockAlways = Lock{Takes: true}
)

// LockIf is a command that changes the repository only with --flag.
func LockIf(flag string) Lock { return Lock{Takes: true, Flag: flag, When: true} }

// LockUnless is a command that changes the repository except with --flag.
func LockUnless(flag string) Lock { return Lock{Takes: true, Flag: flag} }

// LockOptionalUnless is LockUnless(flag), except that when the lock stays
// held the command runs anyway, as with --flag (so that it writes nothing),
// and warns: verify, whose exit code is its verdict.
func LockOptionalUnless(flag string) Lock {
	l := LockUnless(flag)
	l.Optional = true
	return l
}

// String is the class as the annotation holds it: "never", "always",
// "if --FLAG", "unless --FLAG", with ", optional" after an optional one.
func (l Lock) String() string {
	var s string
	switch {
	case !l.Takes:
		return "never"
	case l.Flag == "":
		s = "always"
	case l.When:
		s = "if --" + l.Flag
	default:
		s = "unless --" + l.Flag
	}
	if l.Optional {
		s += ", optional"
	}
	return s
}

// ParseLock reads a class written by Lock.String.
func ParseLock(s string) (Lock, error) {
	rest, optional := strings.CutSuffix(s, ", optional")
	var l Lock
	switch {
	case rest == "never" && !optional:
		return LockNever, nil
	case rest == "always":
		l = LockAlways
	case strings.HasPrefix(rest, "if --") && len(rest) > len("if --"):
		l = LockIf(strings.TrimPrefix(rest, "if --"))
	case strings.HasPrefix(rest, "unless --") && len(rest) > len("unless --"):
		l = LockUnless(strings.TrimPrefix(rest, "unless --"))
	default:
		return Lock{}, fmt.Errorf("lock class %q: want never, always, if --FLAG or unless --FLAG, optionally followed by \", optional\"", s)
	}
	l.Optional = optional
	return l, nil
}

// SetLock declares cmd's lock class; every runnable command calls it in its
// NewCmd, and a test fails for one that does not.
func SetLock(cmd *cobra.Command, l Lock) {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[LockAnnotation] = l.String()
}

// LockOf returns the lock class cmd declared; ok is false when it declared
// none (cobra's own commands: help, __complete). An annotation that does not
// parse is LockAlways, to be safe.
func LockOf(cmd *cobra.Command) (l Lock, ok bool) {
	s, ok := cmd.Annotations[LockAnnotation]
	if !ok {
		return LockNever, false
	}
	l, err := ParseLock(s)
	if err != nil {
		return LockAlways, true
	}
	return l, true
}

package testutil

import (
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
)

// Facts are what a command declares where it is defined, in its NewCmd.
type Facts struct {
	// Lock is its lock class (cmdutil.SetLock).
	Lock cmdutil.Lock
	// Flags is how each value-taking flag completes (complete.Flag,
	// complete.Choices), by flag name.
	Flags map[string]complete.Kind
}

// WantFacts fails t unless each command of tree named in want declared the
// facts want gives it. Commands are named by their path below tree: "" for
// tree itself, "install" for `hooks install`.
func WantFacts(t testing.TB, tree *cobra.Command, want map[string]Facts) {
	t.Helper()
	for name, w := range want {
		cmd, _, err := tree.Find(strings.Fields(name))
		if err != nil || cmd.CommandPath() != strings.TrimSpace(tree.CommandPath()+" "+name) {
			t.Errorf("%q: no such command below %s", name, tree.CommandPath())
			continue
		}
		got, ok := cmdutil.LockOf(cmd)
		if !ok || got != w.Lock {
			t.Errorf("%s: lock class %v (declared: %v), want %v", cmd.CommandPath(), got, ok, w.Lock)
		}
		flags := complete.Declared(cmd)
		if len(flags) != len(w.Flags) || len(flags) > 0 && !reflect.DeepEqual(flags, w.Flags) {
			t.Errorf("%s: flags complete as %v, want %v", cmd.CommandPath(), flags, w.Flags)
		}
	}
}

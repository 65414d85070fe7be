package testutil

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
)

// WantLocks fails t unless each command of tree named in want declared the
// lock class want gives it (cmdutil.SetLock in its NewCmd). Commands are
// named by their path below tree: "" for tree itself, "install" for
// `hooks install`.
func WantLocks(t testing.TB, tree *cobra.Command, want map[string]cmdutil.Lock) {
	t.Helper()
	for name, l := range want {
		cmd, _, err := tree.Find(strings.Fields(name))
		if err != nil || cmd.CommandPath() != strings.TrimSpace(tree.CommandPath()+" "+name) {
			t.Errorf("%q: no such command below %s", name, tree.CommandPath())
			continue
		}
		got, ok := cmdutil.LockOf(cmd)
		if !ok || got != l {
			t.Errorf("%s: lock class %v (declared: %v), want %v", cmd.CommandPath(), got, ok, l)
		}
	}
}

package hooks_test

import (
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/hooks"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// install and uninstall change the hooks; pre-push, which the hook runs while `hotfix pr` may hold the lock, only reads.
func TestDeclaredFacts(t *testing.T) {
	cmd := hooks.NewCmd(&cmdutil.Factory{}, nil)
	testutil.WantLocks(t, cmd, map[string]cmdutil.Lock{
		"install":   cmdutil.LockAlways,
		"uninstall": cmdutil.LockAlways,
		"pre-push":  cmdutil.LockNever,
	})
}

package hooks_test

import (
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/hooks"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// install and uninstall change the hooks; pre-push, which the hook runs while `hotfix pr` may hold the lock, only reads.
// Its value-taking flags declare how they complete, beside their definitions.
func TestDeclaredFacts(t *testing.T) {
	cmd := hooks.NewCmd(&cmdutil.Factory{}, nil)
	testutil.WantFacts(t, cmd, map[string]testutil.Facts{
		"install":   {Lock: cmdutil.LockAlways},
		"uninstall": {Lock: cmdutil.LockAlways},
		"pre-push":  {Lock: cmdutil.LockNever},
	})
}

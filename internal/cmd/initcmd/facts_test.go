package initcmd_test

import (
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/initcmd"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// init writes .hotfix.yaml: it runs under the lock.
func TestDeclaredFacts(t *testing.T) {
	cmd := initcmd.NewCmd(&cmdutil.Factory{}, nil)
	testutil.WantLocks(t, cmd, map[string]cmdutil.Lock{
		"": cmdutil.LockAlways,
	})
}

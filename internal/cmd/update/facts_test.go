package update_test

import (
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/update"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// update records the update: it runs under the lock.
func TestDeclaredFacts(t *testing.T) {
	cmd := update.NewCmd(&cmdutil.Factory{}, nil)
	testutil.WantLocks(t, cmd, map[string]cmdutil.Lock{
		"": cmdutil.LockAlways,
	})
}

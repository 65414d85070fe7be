package start_test

import (
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/start"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// start writes the record and the branch: it runs under the lock.
func TestDeclaredFacts(t *testing.T) {
	cmd := start.NewCmd(&cmdutil.Factory{}, nil)
	testutil.WantLocks(t, cmd, map[string]cmdutil.Lock{
		"": cmdutil.LockAlways,
	})
}

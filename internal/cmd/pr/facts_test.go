package pr_test

import (
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/pr"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// pr changes the record and the branches: it runs under the lock.
func TestDeclaredFacts(t *testing.T) {
	cmd := pr.NewCmd(&cmdutil.Factory{}, nil)
	testutil.WantLocks(t, cmd, map[string]cmdutil.Lock{
		"": cmdutil.LockAlways,
	})
}

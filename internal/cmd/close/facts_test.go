package closecmd_test

import (
	"testing"

	closecmd "github.com/hotfix-dev/hotfix/internal/cmd/close"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// close changes the repository: it runs under the lock.
func TestDeclaredFacts(t *testing.T) {
	cmd := closecmd.NewCmd(&cmdutil.Factory{}, nil)
	testutil.WantLocks(t, cmd, map[string]cmdutil.Lock{
		"": cmdutil.LockAlways,
	})
}

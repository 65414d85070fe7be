package completion_test

import (
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/completion"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// completion only prints: it never takes the lock.
func TestDeclaredFacts(t *testing.T) {
	cmd := completion.NewCmd(&cmdutil.Factory{})
	testutil.WantLocks(t, cmd, map[string]cmdutil.Lock{
		"": cmdutil.LockNever,
	})
}

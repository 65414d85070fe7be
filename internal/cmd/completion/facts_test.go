package completion_test

import (
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/completion"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// completion only prints: it never takes the lock.
// Its value-taking flags declare how they complete, beside their definitions.
func TestDeclaredFacts(t *testing.T) {
	cmd := completion.NewCmd(&cmdutil.Factory{})
	testutil.WantFacts(t, cmd, map[string]testutil.Facts{
		"": {Lock: cmdutil.LockNever},
	})
}

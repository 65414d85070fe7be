package status_test

import (
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/status"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// status only reads: it runs while another hotfix holds the lock.
// Its value-taking flags declare how they complete, beside their definitions.
func TestDeclaredFacts(t *testing.T) {
	cmd := status.NewCmd(&cmdutil.Factory{}, nil)
	testutil.WantFacts(t, cmd, map[string]testutil.Facts{
		"": {Lock: cmdutil.LockNever},
	})
}

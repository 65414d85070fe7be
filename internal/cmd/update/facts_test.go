package update_test

import (
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/update"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// update records the update: it runs under the lock.
// Its value-taking flags declare how they complete, beside their definitions.
func TestDeclaredFacts(t *testing.T) {
	cmd := update.NewCmd(&cmdutil.Factory{}, nil)
	testutil.WantFacts(t, cmd, map[string]testutil.Facts{
		"": {Lock: cmdutil.LockAlways, Flags: map[string]complete.Kind{
			"status": complete.Choice, "message": complete.FreeText, "next-steps": complete.FreeText, "next": complete.FreeText, "id": complete.ID}},
	})
}

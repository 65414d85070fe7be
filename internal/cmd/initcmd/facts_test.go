package initcmd_test

import (
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/initcmd"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// init writes .hotfix.yaml: it runs under the lock.
// Its value-taking flags declare how they complete, beside their definitions.
func TestDeclaredFacts(t *testing.T) {
	cmd := initcmd.NewCmd(&cmdutil.Factory{}, nil)
	testutil.WantFacts(t, cmd, map[string]testutil.Facts{
		"": {Lock: cmdutil.LockAlways, Flags: map[string]complete.Kind{
			"flow": complete.Choice, "production": complete.FreeText, "test-command": complete.FreeText}},
	})
}

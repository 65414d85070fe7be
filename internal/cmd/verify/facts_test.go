package verify_test

import (
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/verify"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// verify records its verdict unless --no-record; when the lock stays held it checks anyway, recording nothing.
// Its value-taking flags declare how they complete, beside their definitions.
func TestDeclaredFacts(t *testing.T) {
	cmd := verify.NewCmd(&cmdutil.Factory{}, nil)
	testutil.WantFacts(t, cmd, map[string]testutil.Facts{
		"": {Lock: cmdutil.LockOptionalUnless("no-record"), Flags: map[string]complete.Kind{
			"base": complete.Ref, "format": complete.Choice, "waive": complete.Waiver, "coverage": complete.File, "coverage-format": complete.Choice, "rules": complete.Rules, "sarif": complete.File}},
	})
}

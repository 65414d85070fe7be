package start_test

import (
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/start"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// start writes the record and the branch: it runs under the lock.
// Its value-taking flags declare how they complete, beside their definitions.
func TestDeclaredFacts(t *testing.T) {
	cmd := start.NewCmd(&cmdutil.Factory{}, nil)
	testutil.WantFacts(t, cmd, map[string]testutil.Facts{
		"": {Lock: cmdutil.LockAlways, Flags: map[string]complete.Kind{
			"title": complete.FreeText, "reporter": complete.FreeText, "affected": complete.FreeText, "owner": complete.FreeText, "report": complete.FreeText,
			"severity": complete.Severity, "detected": complete.Choice, "version": complete.ReleaseTag, "base": complete.Ref, "answers": complete.File}},
	})
}

package closecmd_test

import (
	"testing"

	closecmd "github.com/hotfix-dev/hotfix/internal/cmd/close"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// close changes the repository: it runs under the lock.
// Its value-taking flags declare how they complete, beside their definitions.
func TestDeclaredFacts(t *testing.T) {
	cmd := closecmd.NewCmd(&cmdutil.Factory{}, nil)
	testutil.WantFacts(t, cmd, map[string]testutil.Facts{
		"": {Lock: cmdutil.LockAlways, Flags: map[string]complete.Kind{
			"id": complete.ID, "tag": complete.FreeText, "answers": complete.File, "tag-commit": complete.Ref, "allow-extra": complete.FreeText, "not-deployed": complete.FreeText}},
	})
}

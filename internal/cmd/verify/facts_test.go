package verify_test

import (
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/verify"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// verify records its verdict unless --no-record; when the lock stays held it checks anyway, recording nothing.
func TestDeclaredFacts(t *testing.T) {
	cmd := verify.NewCmd(&cmdutil.Factory{}, nil)
	testutil.WantLocks(t, cmd, map[string]cmdutil.Lock{
		"": cmdutil.LockOptionalUnless("no-record"),
	})
}

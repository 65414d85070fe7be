package triage_test

import (
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/triage"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// The timeline commands change the record; logs does with --record only; suspects only reads.
func TestDeclaredFacts(t *testing.T) {
	cmd := triage.NewCmd(&cmdutil.Factory{})
	testutil.WantLocks(t, cmd, map[string]cmdutil.Lock{
		"hypothesis": cmdutil.LockAlways,
		"repro":      cmdutil.LockAlways,
		"isolate":    cmdutil.LockAlways,
		"dataset":    cmdutil.LockAlways,
		"logs":       cmdutil.LockIf("record"),
		"suspects":   cmdutil.LockNever,
	})
}

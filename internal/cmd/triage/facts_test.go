package triage_test

import (
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/triage"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// The timeline commands change the record; logs and suspects do with --record only.
// Its value-taking flags declare how they complete, beside their definitions.
func TestDeclaredFacts(t *testing.T) {
	cmd := triage.NewCmd(&cmdutil.Factory{})
	testutil.WantFacts(t, cmd, map[string]testutil.Facts{
		"hypothesis": {Lock: cmdutil.LockAlways, Flags: map[string]complete.Kind{
			"verified": complete.FreeText, "rejected": complete.FreeText, "hypothesis": complete.FreeText, "id-hypothesis": complete.FreeText, "reopen": complete.FreeText, "id": complete.ID}},
		"repro": {Lock: cmdutil.LockAlways, Flags: map[string]complete.Kind{
			"id": complete.ID}},
		"dataset": {Lock: cmdutil.LockAlways, Flags: map[string]complete.Kind{
			"id": complete.ID}},
		"isolate": {Lock: cmdutil.LockAlways, Flags: map[string]complete.Kind{
			"note": complete.FreeText, "id": complete.ID}},
		"logs": {Lock: cmdutil.LockIf("record"), Flags: map[string]complete.Kind{
			"context": complete.FreeText, "pattern": complete.FreeText, "id": complete.ID}},
		"suspects": {Lock: cmdutil.LockIf("record"), Flags: map[string]complete.Kind{
			"good": complete.Ref, "bad": complete.Ref, "logs": complete.File, "path": complete.File, "symbol": complete.FreeText, "limit": complete.FreeText, "id": complete.ID}},
	})
}

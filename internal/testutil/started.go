package testutil

import (
	"testing"

	"github.com/hotfix-dev/hotfix/pkg/record"
)

// StartedID is the id of the hotfix Started starts.
const StartedID = "2026-11-22-checkout-returns-500"

// Started is a repository (NewRepo) tagged v1.0.0 with a hotfix started
// from main through the CLI, without prompts: "Checkout returns 500",
// SEV3, id StartedID. The commands that edit a started hotfix (record,
// mitigate, deploy) are tested from here.
func Started(t testing.TB) *Repo {
	t.Helper()
	r := NewRepo(t)
	r.Tag("v1.0.0")
	if res := (CLI{Dir: r.Dir}).Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV3", "--base", "main"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	return r
}

// LoadRecord loads record id of the repository at dir (records in .hotfix).
func LoadRecord(t testing.TB, dir, id string) *record.Record {
	t.Helper()
	rec, err := record.Store{Root: dir, Dir: ".hotfix"}.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

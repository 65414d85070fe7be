package recordedit_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/recordedit"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// TestApplyAfterPosts: what After records once the change is saved (an
// update deploy posted, whose text has several lines) is saved in turn and
// printed by its first line, and After's error (a failed post) comes back
// last.
func TestApplyAfterPosts(t *testing.T) {
	r := testutil.NewRepo(t)
	if res := (testutil.CLI{Dir: r.Dir}).Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV3", "--base", "main"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	f := &cmdutil.Factory{RepoDir: r.Dir}
	failed := errors.New("the post failed")
	ios, _, out, _ := iostreams.Test()
	d := recordedit.Deps{IO: ios, Clock: clock.NewFixed(testutil.Now), OpenRepo: f.OpenRepo, LoadConfig: f.LoadConfig}
	d.After = func(_ *git.Repo, _ *config.Config, rec *record.Record, now time.Time, res *recordedit.Result) error {
		res.Add(rec, record.Event{At: now, Kind: record.EventUpdate, Text: "[SEV3] Checkout returns 500: Monitoring\nWhat we know: rolled back",
			Fields: map[string]string{"posted": "false", "reason": "not_in_channel"}})
		return failed
	}
	err := recordedit.Apply(context.Background(), d, func(_ *git.Repo, _ *config.Config, rec *record.Record, now time.Time, res *recordedit.Result) error {
		res.Add(rec, record.Event{At: now, Kind: record.EventMitigated, Text: "rolled back"})
		return nil
	})
	if err != failed || !strings.Contains(out.String(), "update: [SEV3] Checkout returns 500: Monitoring\n") || strings.Contains(out.String(), "What we know") {
		t.Fatalf("%v\n%s", err, out)
	}
	rec, lerr := record.Store{Root: r.Dir, Dir: ".hotfix"}.Load("2026-11-22-checkout-returns-500")
	if lerr != nil || rec.Timeline[len(rec.Timeline)-1].Fields["reason"] != "not_in_channel" || rec.Timeline[len(rec.Timeline)-2].Kind != record.EventMitigated {
		t.Fatalf("%v %+v", lerr, rec.Timeline)
	}
}

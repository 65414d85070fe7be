package mitigate_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/mitigate"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/recordedit"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

const recordID = testutil.StartedID

func started(t *testing.T) *testutil.Repo { return testutil.Started(t) }

func load(t *testing.T, r *testutil.Repo) *record.Record {
	return testutil.LoadRecord(t, r.Dir, recordID)
}

func TestDeclaredFacts(t *testing.T) {
	testutil.WantFacts(t, mitigate.NewCmd(&cmdutil.Factory{}, nil), map[string]testutil.Facts{
		"": {Lock: cmdutil.LockAlways, Flags: map[string]complete.Kind{"rollback": complete.Ref, "id": complete.ID,
			"revert": complete.Ref, "skip-verify": complete.FreeText, "waive": complete.Waiver}},
	})
}

func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		wantErr string
		want    mitigate.Options
	}{
		{args: []string{"rolled back", "--rollback", "v1.0.0"}, want: mitigate.Options{Text: "rolled back", Rollback: "v1.0.0"}},
		{args: []string{"  flag off  ", "--id", recordID, "--json"}, want: mitigate.Options{Text: "flag off", ID: recordID, JSON: true}},
		{args: []string{}, wantErr: "say what was done"},
		{args: []string{"  "}, wantErr: "say what was done"},
		{args: []string{"x", "--rollback", " "}, wantErr: "--rollback needs"},
	} {
		var got *mitigate.Options
		cmd := mitigate.NewCmd(&cmdutil.Factory{}, func(o *mitigate.Options) error { got = o; return nil })
		cmd.SetArgs(tc.args)
		cmd.SilenceErrors, cmd.SilenceUsage = true, true
		err := cmd.Execute()
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%q: %v, want %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got.Text != tc.want.Text || got.Rollback != tc.want.Rollback || got.ID != tc.want.ID || got.JSON != tc.want.JSON {
			t.Errorf("%q: %v %+v", tc.args, err, got)
		}
	}
}

// TestMitigate: a rollback to a tag of the repository is a mitigated event
// with its version and commit, and the phase becomes mitigated; a second
// mitigation later keeps the phase; a version that is not here, and a dry
// run, change nothing.
func TestMitigate(t *testing.T) {
	r := started(t)
	cli := testutil.CLI{Dir: r.Dir}
	v100 := strings.TrimSpace(r.Git("rev-parse", "v1.0.0^{commit}"))

	res := cli.Run(t, "mitigate", "rolled back production", "--rollback", "nosuchtag")
	if res.Code != 2 || !strings.Contains(res.Err, `--rollback "nosuchtag" is not a tag or commit`) {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	res = cli.Run(t, "--dry-run", "mitigate", "rolled back production", "--rollback", "v1.0.0")
	if res.Code != 0 || !strings.Contains(res.Out, "Dry run: nothing was saved") {
		t.Fatalf("%d %s %s", res.Code, res.Out, res.Err)
	}
	if rec := load(t, r); rec.Phase != record.PhaseInvestigating || len(rec.Timeline) != 1 {
		t.Fatalf("changed: %s %+v", rec.Phase, rec.Timeline)
	}

	res = cli.Run(t, "mitigate", "rolled back production", "--rollback", "v1.0.0", "--json")
	if res.Code != 0 {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	var out recordedit.Result
	if err := json.Unmarshal([]byte(res.Out), &out); err != nil {
		t.Fatalf("%v %s", err, res.Out)
	}
	if out.Phase != record.PhaseMitigated || out.PhaseFrom != record.PhaseInvestigating || len(out.Events) != 1 || out.Events[0].Fields["rollback_commit"] != v100 {
		t.Fatalf("%+v", out)
	}
	rec := load(t, r)
	e := rec.Timeline[len(rec.Timeline)-1]
	if rec.Phase != record.PhaseMitigated || e.Kind != record.EventMitigated || e.Fields["rollback"] != "v1.0.0" || e.By != "Test Author" ||
		!strings.HasPrefix(e.Text, "rolled back production (rolled back to v1.0.0") {
		t.Fatalf("%s %+v", rec.Phase, e)
	}

	// Later in the hotfix, a mitigation is an event and the phase stays.
	rec.Phase = record.PhaseInReview
	if err := (record.Store{Root: r.Dir, Dir: ".hotfix"}).Save(rec); err != nil {
		t.Fatal(err)
	}
	res = cli.Run(t, "mitigate", "turned off the new checkout flag")
	if res.Code != 0 || !strings.Contains(res.Out, "stays in-review") {
		t.Fatalf("%d %s %s", res.Code, res.Out, res.Err)
	}
	if rec = load(t, r); rec.Phase != record.PhaseInReview || len(rec.Timeline) != 3 {
		t.Fatalf("%s %d", rec.Phase, len(rec.Timeline))
	}

	// An ended hotfix's record is not changed.
	if res := cli.Run(t, "record", "abandon", "--reason", "test"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	if res := cli.Run(t, "mitigate", "too late"); res.Code != 1 || !strings.Contains(res.Err, "is abandoned") {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
}

package deploy_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/deploy"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/recordedit"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

const recordID = testutil.StartedID

func started(t *testing.T) (*testutil.Repo, testutil.CLI) {
	t.Helper()
	r := testutil.Started(t)
	return r, testutil.CLI{Dir: r.Dir}
}

func store(r *testutil.Repo) record.Store { return record.Store{Root: r.Dir, Dir: ".hotfix"} }

func load(t *testing.T, r *testutil.Repo) *record.Record {
	t.Helper()
	rec, err := store(r).Load(recordID)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// edit changes the record as close would have.
func edit(t *testing.T, r *testutil.Repo, f func(*record.Record)) {
	t.Helper()
	rec := load(t, r)
	f(rec)
	if err := store(r).Save(rec); err != nil {
		t.Fatal(err)
	}
}

func kinds(rec *record.Record) string {
	var k []string
	for _, e := range rec.Timeline {
		k = append(k, e.Kind)
	}
	return strings.Join(k, ",")
}

func TestDeclaredFacts(t *testing.T) {
	testutil.WantFacts(t, deploy.NewCmd(&cmdutil.Factory{}, nil), map[string]testutil.Facts{
		"": {Lock: cmdutil.LockAlways, Flags: map[string]complete.Kind{"env": complete.FreeText, "ref": complete.Ref, "rerun": complete.FreeText, "id": complete.ID, "monitor": complete.FreeText}},
	})
}

func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		wantErr string
		want    deploy.Options
	}{
		{args: nil, want: deploy.Options{Env: "production"}},
		{args: []string{"--env", "staging", "--ref", "v1.0.1", "--rerun", " re-ran the export "}, want: deploy.Options{Env: "staging", Ref: "v1.0.1", Rerun: "re-ran the export"}},
		{args: []string{"--env", ""}, wantErr: "--env needs a value"},
		{args: []string{"--env", "eu staging"}, wantErr: "one word"},
		{args: []string{"--ref", " "}, wantErr: "--ref needs a value"},
		{args: []string{"--rerun", ""}, wantErr: "--rerun needs a value"},
		{args: []string{"v1.0.1"}, wantErr: "unknown command"},
	} {
		var got *deploy.Options
		cmd := deploy.NewCmd(&cmdutil.Factory{}, func(o *deploy.Options) error { got = o; return nil })
		cmd.SetArgs(tc.args)
		cmd.SilenceErrors, cmd.SilenceUsage = true, true
		err := cmd.Execute()
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%q: %v, want %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got.Env != tc.want.Env || got.Ref != tc.want.Ref || got.Rerun != tc.want.Rerun {
			t.Errorf("%q: %v %+v", tc.args, err, got)
		}
	}
}

// Before the merge, a deploy is refused unless --ref says what was
// deployed; with --ref it is recorded and the phase stays.
func TestDeployBeforeTheMerge(t *testing.T) {
	r, cli := started(t)
	res := cli.Run(t, "deploy")
	if res.Code != 1 || !strings.Contains(res.Err, "no merged fix or release tag recorded yet") || !strings.Contains(res.Err, "--ref REV") {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	if res := cli.Run(t, "deploy", "--ref", "nosuch"); res.Code != 2 || !strings.Contains(res.Err, `--ref "nosuch" is not a tag or commit`) {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	if rec := load(t, r); kinds(rec) != "started" {
		t.Fatalf("changed: %s", kinds(rec))
	}
	res = cli.Run(t, "deploy", "--ref", "HEAD", "--env", "staging")
	if res.Code != 0 || !strings.Contains(res.Out, "stays investigating") {
		t.Fatalf("%d %s %s", res.Code, res.Out, res.Err)
	}
	rec := load(t, r)
	e := rec.Timeline[len(rec.Timeline)-1]
	head := strings.TrimSpace(r.Git("rev-parse", "HEAD"))
	if rec.Phase != record.PhaseInvestigating || e.Kind != record.EventDeployed || e.Fields["source"] != deploy.SourceRef || e.Fields["commit"] != head || e.Fields["env"] != "staging" {
		t.Fatalf("%s %+v", rec.Phase, e)
	}
}

// After the merge, the merged fix is deployed; after the release, its tag;
// the phase becomes deployed; the same deploy is recorded once, and
// --rerun alone then records only the re-run; a dry run saves nothing.
func TestDeployAfterTheMergeAndTheRelease(t *testing.T) {
	r, cli := started(t)
	head := strings.TrimSpace(r.Git("rev-parse", "HEAD"))
	at := load(t, r).Created
	edit(t, r, func(rec *record.Record) {
		rec.Phase = record.PhaseInReview
		rec.AddEvent(record.Event{At: at, Kind: record.EventMerged, Text: "merged", Fields: map[string]string{"commit": head}})
	})
	res := cli.Run(t, "deploy", "--json")
	var out recordedit.Result
	if err := json.Unmarshal([]byte(res.Out), &out); res.Code != 0 || err != nil {
		t.Fatalf("%d %v %s %s", res.Code, err, res.Out, res.Err)
	}
	if out.Phase != record.PhaseDeployed || len(out.Events) != 1 || out.Events[0].Fields["source"] != deploy.SourceMerge || out.Events[0].Fields["commit"] != head {
		t.Fatalf("%+v", out)
	}

	// The release: its tag is what is deployed.
	r.Tag("v1.0.1")
	edit(t, r, func(rec *record.Record) {
		rec.Phase = record.PhaseReleased
		rec.AddEvent(record.Event{At: at, Kind: record.EventTagged, Text: "tagged v1.0.1", Fields: map[string]string{"tag": "v1.0.1", "commit": head}})
	})
	res = cli.Run(t, "--dry-run", "deploy", "--env", "eu")
	if res.Code != 0 || !strings.Contains(res.Out, "Dry run") || !strings.Contains(res.Out, "deployed: deployed v1.0.1 ("+head[:7]) {
		t.Fatalf("%d %s %s", res.Code, res.Out, res.Err)
	}
	if rec := load(t, r); rec.Phase != record.PhaseReleased {
		t.Fatalf("dry run changed the phase to %s", rec.Phase)
	}
	res = cli.Run(t, "deploy", "--env", "eu", "--rerun", "re-ran the billing export")
	if res.Code != 0 || !strings.Contains(res.Out, "Phase: released → deployed") {
		t.Fatalf("%d %s %s", res.Code, res.Out, res.Err)
	}
	rec := load(t, r)
	if rec.Phase != record.PhaseDeployed || kinds(rec) != "started,merged,deployed,tagged,deployed,rerun" {
		t.Fatalf("%s %s", rec.Phase, kinds(rec))
	}
	if e := rec.Timeline[4]; e.Fields["ref"] != "v1.0.1" || e.Fields["source"] != deploy.SourceTag || e.Fields["env"] != "eu" || e.By != "Test Author" {
		t.Fatalf("%+v", e)
	}

	// Again: recorded once; --rerun alone adds the re-run only.
	if res := cli.Run(t, "deploy", "--env", "eu"); res.Code != 0 || !strings.Contains(res.Out, "already recorded") {
		t.Fatalf("%d %s", res.Code, res.Out)
	}
	if res := cli.Run(t, "deploy", "--env", "eu", "--rerun", "re-ran the collector"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	if rec := load(t, r); kinds(rec) != "started,merged,deployed,tagged,deployed,rerun,rerun" {
		t.Fatalf("%s", kinds(rec))
	}
}

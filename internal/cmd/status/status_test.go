package status_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmd/status"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

func start(t *testing.T, r *testutil.Repo, title, sev string, after time.Duration) {
	t.Helper()
	res := testutil.CLI{Dir: r.Dir, Clock: clock.NewFixed(testutil.Now.Add(after))}.Run(t, "start", "--no-input", "--title", title, "--severity", sev, "--base", "main")
	if res.Code != 0 {
		t.Fatalf("start: %d %s", res.Code, res.Err)
	}
}

func TestStatus(t *testing.T) {
	r := testutil.NewRepo(t).WithOrigin()
	// A hotfix whose record is committed on its branch, which is left.
	start(t, r, "Login loop", "SEV1", 0)
	r.Commit("record")
	r.Git("checkout", "-q", "main")
	// A teammate's hotfix, known only from the remote-tracking branch.
	other := filepath.Join(t.TempDir(), "teammate")
	testutil.Git(t, filepath.Dir(other), "clone", "-q", r.Origin, other)
	tm := &testutil.Repo{T: t, Dir: other, When: r.When}
	tm.Git("config", "user.name", "Teammate")
	start(t, tm, "Search is slow", "SEV3", 10*time.Minute)
	tm.Commit("record")
	tm.Git("push", "-q", "origin", "HEAD")
	r.Git("fetch", "-q", "origin")
	// A closed one, and the current one in the work tree, uncommitted.
	start(t, r, "Old outage", "SEV4", 20*time.Minute)
	rec, err := record.Store{Root: r.Dir, Dir: ".hotfix"}.Load("2026-11-22-old-outage")
	if err != nil {
		t.Fatal(err)
	}
	rec.Phase = record.PhaseClosed
	if err := (record.Store{Root: r.Dir, Dir: ".hotfix"}).Save(rec); err != nil {
		t.Fatal(err)
	}
	r.Commit("closed record")
	r.Git("checkout", "-q", "main")
	start(t, r, "Checkout returns 500", "SEV2", 30*time.Minute)
	// A broken record is reported, not fatal.
	r.WriteFile(".hotfix/broken.yaml", "schema: 1\nid: [\n")

	// Five hours later: SEV1's 4h fix deadline has passed.
	cli := testutil.CLI{Dir: r.Dir, Clock: clock.NewFixed(testutil.Now.Add(5 * time.Hour))}
	res := cli.Run(t, "status")
	if res.Code != 0 {
		t.Fatalf("exit %d %s", res.Code, res.Err)
	}
	if !strings.Contains(res.Err, "warning: skipped a record: .hotfix/broken.yaml") {
		t.Errorf("broken record not reported:\n%s", res.Err)
	}
	lines := strings.Split(strings.TrimSpace(res.Out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("status:\n%s", res.Out)
	}
	for i, want := range [][]string{
		{"2026-11-22-login-loop", "Login loop", "SEV1", "investigating", "Test Author", "5h", "fix"},
		{"2026-11-22-search-is-slow", "SEV3", "Teammate", "4h50m", "update"},
		{"2026-11-22-checkout-returns-500", "SEV2", "4h30m", "update"},
	} {
		for _, w := range want {
			if !strings.Contains(lines[i+1], w) {
				t.Errorf("line %q lacks %q", lines[i+1], w)
			}
		}
	}
	if strings.Contains(res.Out, "old-outage") {
		t.Error("closed hotfix listed without --all")
	}
	if strings.Contains(res.Out, "\x1b[") {
		t.Error("colour codes in piped output")
	}
	// On a terminal, what is overdue is red, and the columns stay aligned.
	tty := cli
	tty.Terminal = true
	colored := tty.Run(t, "status").Out
	if !strings.Contains(colored, "\x1b[31mfix, update\x1b[0m") {
		t.Errorf("overdue not red on a terminal:\n%q", colored)
	}
	if plain := strings.NewReplacer("\x1b[31m", "", "\x1b[0m", "").Replace(colored); plain != res.Out {
		t.Errorf("colour changed the layout:\n%s\nvs\n%s", plain, res.Out)
	}

	res = cli.Run(t, "status", "--json", "--all")
	var entries []status.Entry
	if err := json.Unmarshal([]byte(res.Out), &entries); err != nil {
		t.Fatalf("%v\n%s", err, res.Out)
	}
	got := map[string]status.Entry{}
	for _, e := range entries {
		got[e.ID] = e
	}
	if len(entries) != 4 || got["2026-11-22-old-outage"].Phase != "closed" || got["2026-11-22-search-is-slow"].Source != "origin/hotfix/search-is-slow" ||
		got["2026-11-22-login-loop"].Source != "hotfix/login-loop" || got["2026-11-22-checkout-returns-500"].Source != "work tree" ||
		got["2026-11-22-login-loop"].AgeSeconds != 5*3600 || strings.Join(got["2026-11-22-login-loop"].Overdue, ",") != "fix,update" ||
		len(got["2026-11-22-old-outage"].Overdue) != 0 {
		t.Fatalf("entries %+v", entries)
	}
}

func TestStatusEmpty(t *testing.T) {
	r := testutil.NewRepo(t)
	res := testutil.CLI{Dir: r.Dir}.Run(t, "status")
	if res.Code != 0 || !strings.Contains(res.Out, "No open hotfixes") {
		t.Fatalf("%d %q", res.Code, res.Out)
	}
	res = testutil.CLI{Dir: r.Dir}.Run(t, "status", "--json")
	if res.Code != 0 || strings.TrimSpace(res.Out) != "[]" {
		t.Fatalf("%d %q", res.Code, res.Out)
	}
}

// A record dated in the future (its writer's clock ran ahead) is listed
// with a warning, and its age is 0, never negative.
func TestFutureDatedRecord(t *testing.T) {
	r := testutil.NewRepo(t)
	start(t, r, "Checkout returns 500", "SEV2", 3*time.Hour)
	cli := testutil.CLI{Dir: r.Dir, Clock: clock.NewFixed(testutil.Now)}
	res := cli.Run(t, "status", "--json")
	if res.Code != 0 || !strings.Contains(res.Err, "in the future") || !strings.Contains(res.Out, `"age_seconds": 0`) {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	res = cli.Run(t, "status", "2026-11-22-checkout-returns-500")
	if res.Code != 0 || !strings.Contains(res.Out, "age 0m") || strings.Contains(res.Out, "age -") {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
}

// TestStatusHidesAbandoned: an abandoned hotfix has ended like a closed
// one: listed only with --all, and never overdue.
func TestStatusHidesAbandoned(t *testing.T) {
	r := testutil.NewRepo(t)
	start(t, r, "Started by mistake", "SEV1", 0)
	store := record.Store{Root: r.Dir, Dir: ".hotfix"}
	rec, err := store.Load("2026-11-22-started-by-mistake")
	if err != nil {
		t.Fatal(err)
	}
	rec.Phase = record.PhaseAbandoned
	if err := store.Save(rec); err != nil {
		t.Fatal(err)
	}
	cli := testutil.CLI{Dir: r.Dir, Clock: clock.NewFixed(testutil.Now.Add(9 * time.Hour))}
	if res := cli.Run(t, "status"); res.Code != 0 || strings.Contains(res.Out, "started-by-mistake") {
		t.Fatalf("listed without --all: %d\n%s", res.Code, res.Out)
	}
	res := cli.Run(t, "status", "--all")
	if !strings.Contains(res.Out, "started-by-mistake") || !strings.Contains(res.Out, "abandoned") || strings.Contains(res.Out, "fix,") {
		t.Fatalf("--all:\n%s", res.Out)
	}
}

// A closed hotfix is listed while it is inside the monitoring window its
// record says, with until when, and left out once the window is over.
func TestStatusShowsClosedHotfixesStillMonitored(t *testing.T) {
	r := testutil.NewRepo(t)
	start(t, r, "Old outage", "SEV4", 0)
	store := record.Store{Root: r.Dir, Dir: ".hotfix"}
	rec, err := store.Load("2026-11-22-old-outage")
	if err != nil {
		t.Fatal(err)
	}
	until := testutil.Now.Add(50 * time.Hour).UTC()
	rec.Phase = record.PhaseClosed
	rec.AddEvent(record.Event{At: testutil.Now, Kind: record.EventMonitoring, Text: "monitoring 2d",
		Fields: map[string]string{"until": until.Format(time.RFC3339), "window": "2d", "source": "policy"}})
	if err := store.Save(rec); err != nil {
		t.Fatal(err)
	}
	at := func(d time.Duration, args ...string) testutil.Result {
		res := testutil.CLI{Dir: r.Dir, Clock: clock.NewFixed(testutil.Now.Add(d))}.Run(t, append([]string{"status"}, args...)...)
		if res.Code != 0 {
			t.Fatalf("exit %d\n%s", res.Code, res.Err)
		}
		return res
	}
	res := at(2 * time.Hour)
	if !strings.Contains(res.Out, "closed, monitoring") || !strings.Contains(res.Out, "2026-11-22-old-outage is closed and still monitored until "+until.Format("Mon 2006-01-02 15:04 UTC")+" (2d left)") {
		t.Fatalf("%s", res.Out)
	}
	var entries []status.Entry
	if err := json.Unmarshal([]byte(at(2*time.Hour, "--json").Out), &entries); err != nil || len(entries) != 1 || entries[0].MonitoringUntil == nil || !entries[0].MonitoringUntil.Equal(until) {
		t.Fatalf("%v %+v", err, entries)
	}
	if out := at(0, "2026-11-22-old-outage").Out; !strings.Contains(out, "monitoring until "+until.Format("Mon 2006-01-02 15:04 UTC")+" (2d2h left)") {
		t.Fatalf("%s", out)
	}
	// Over: closed hotfixes are hidden again, unless --all.
	if out := at(51 * time.Hour).Out; strings.Contains(out, "old-outage") {
		t.Fatalf("%s", out)
	}
	if out := at(51*time.Hour, "--all").Out; !strings.Contains(out, "old-outage") || strings.Contains(out, "monitoring") {
		t.Fatalf("%s", out)
	}
}

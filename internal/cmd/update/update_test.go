package update_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

const secretPath = "/services/T000/B000/CANARYWEBHOOKSECRET"

func started(t *testing.T) *testutil.Repo {
	t.Helper()
	r := testutil.NewRepo(t)
	r.WriteFile(".hotfix.yaml", "version: 1\nupdate:\n  webhook_env: HOTFIX_TEST_WEBHOOK\n  timezone: UTC\n")
	r.Commit("policy")
	res := testutil.CLI{Dir: r.Dir}.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2", "--base", "main")
	if res.Code != 0 {
		t.Fatal(res.Err)
	}
	return r
}

func load(t *testing.T, r *testutil.Repo) *record.Record {
	t.Helper()
	rec, err := record.Store{Root: r.Dir, Dir: ".hotfix"}.Load("2026-11-22-checkout-returns-500")
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestUpdatePostsAndRecords(t *testing.T) {
	r := started(t)
	var mu sync.Mutex
	var got []map[string]string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path != secretPath || req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s %s %s", req.Method, req.URL.Path, req.Header.Get("Content-Type"))
		}
		var body map[string]string
		b, _ := io.ReadAll(req.Body)
		if err := json.Unmarshal(b, &body); err != nil {
			t.Errorf("payload %q: %v", b, err)
		}
		mu.Lock()
		got = append(got, body)
		mu.Unlock()
		_, _ = io.WriteString(w, "ok")
	}))
	defer srv.Close()
	url := srv.URL + secretPath
	cli := testutil.CLI{Dir: r.Dir, Env: map[string]string{"HOTFIX_TEST_WEBHOOK": url}, Clock: clock.NewFixed(testutil.Now.Add(20 * time.Minute))}
	// A verified hypothesis is what is known.
	if res := cli.Run(t, "triage", "hypothesis", "json.loads is given a file", "--verified", "json.load fixes staging"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	res := cli.Run(t, "update")
	if res.Code != 0 {
		t.Fatalf("exit %d %s", res.Code, res.Err)
	}
	want := "[SEV2] Checkout returns 500: Identified\nWhat we know: json.loads is given a file (verified: json.load fixes staging)\nNext steps: We have found the cause and are preparing a fix.\nNext update by 11:20 UTC."
	if strings.TrimSpace(res.Out) != want {
		t.Fatalf("update:\n%s\nwant:\n%s", res.Out, want)
	}
	if len(got) != 1 || got[0]["text"] != want {
		t.Fatalf("posted %v", got)
	}
	rec := load(t, r)
	last := rec.Timeline[len(rec.Timeline)-1]
	if last.Kind != "update" || last.Fields["posted"] != "true" || last.Fields["next_update"] != "2026-11-22T11:20:00Z" || last.Fields["status"] != "identified" {
		t.Fatalf("event %+v", last)
	}
	// --next and --status and --message, as JSON.
	res = cli.Run(t, "update", "--status", "fixing", "--message", "fix in review", "--next", "45m", "--json")
	var u struct {
		Text       string    `json:"text"`
		NextUpdate time.Time `json:"next_update"`
		Posted     bool      `json:"posted"`
	}
	if err := json.Unmarshal([]byte(res.Out), &u); err != nil || !u.Posted || !strings.Contains(u.Text, "What we know: fix in review") || !u.NextUpdate.Equal(testutil.Now.Add(65*time.Minute)) {
		t.Fatalf("%v %+v", err, u)
	}
	// The webhook URL is never written.
	for _, res := range []testutil.Result{res} {
		if strings.Contains(res.Out+res.Err, "CANARYWEBHOOKSECRET") {
			t.Fatal("the webhook URL leaked")
		}
	}
	assertNotInDir(t, r.Dir, "CANARYWEBHOOKSECRET")
}

func assertNotInDir(t *testing.T, dir, secret string) {
	t.Helper()
	_ = filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(p)
		if strings.Contains(string(b), secret) {
			t.Errorf("%s holds the secret", p)
		}
		return nil
	})
}

func TestUpdateWebhookFailureIsRecordedAndRedacted(t *testing.T) {
	r := started(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.WriteHeader(404)
		_, _ = io.WriteString(w, "no_service "+req.URL.Path)
	}))
	defer srv.Close()
	cli := testutil.CLI{Dir: r.Dir, Env: map[string]string{"HOTFIX_TEST_WEBHOOK": srv.URL + secretPath}}
	res := cli.Run(t, "update", "--message", "looking")
	if res.Code != 1 || !strings.Contains(res.Err, "could not post the update: the webhook answered 404") || strings.Contains(res.Err, "CANARYWEBHOOKSECRET") {
		t.Fatalf("exit %d %s", res.Code, res.Err)
	}
	if ev := load(t, r).Timeline; ev[len(ev)-1].Fields["posted"] != "false" {
		t.Fatalf("not recorded as unposted: %+v", ev[len(ev)-1])
	}
	srv.Close()
	res = cli.Run(t, "update", "--message", "still looking")
	if res.Code != 1 || strings.Contains(res.Err, "CANARYWEBHOOKSECRET") || !strings.Contains(res.Err, "[webhook URL]") {
		t.Fatalf("connection refused: %d %s", res.Code, res.Err)
	}
	assertNotInDir(t, r.Dir, "CANARYWEBHOOKSECRET")
}

func TestUpdateWithoutWebhookAndDryRun(t *testing.T) {
	r := testutil.NewRepo(t)
	if res := (testutil.CLI{Dir: r.Dir}).Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV1", "--base", "main"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	cli := testutil.CLI{Dir: r.Dir}
	before := r.State()
	res := cli.Run(t, "--dry-run", "update", "--status", "investigating")
	if res.Code != 0 || !strings.Contains(res.Out, "Dry run: nothing was posted or recorded") || r.State() != before {
		t.Fatalf("%d %s", res.Code, res.Out)
	}
	res = cli.Run(t, "update", "--status", "resolved", "--message", "fixed and deployed")
	if res.Code != 0 || strings.Contains(res.Out, "Next update by") || !strings.Contains(res.Err, "Recorded, not posted") {
		t.Fatalf("%d %s %s", res.Code, res.Out, res.Err)
	}
	if res := cli.Run(t, "update", "--status", "sleeping"); res.Code != 2 ||
		!strings.Contains(res.Err, `--status must be one of investigating, identified, fixing, monitoring, resolved, not "sleeping"`) {
		t.Fatalf("bad status: %d %s", res.Code, res.Err)
	}
	if res := cli.Run(t, "update", "--next", "soonish"); res.Code != 2 {
		t.Fatalf("bad --next: %d", res.Code)
	}
	// The record is found as every command finds it.
	if res := cli.Run(t, "update", "--id", "nope"); res.Code != 1 || !strings.Contains(res.Err, `there is no record "nope"`) {
		t.Fatalf("unknown id: %d %s", res.Code, res.Err)
	}
	r.Git("checkout", "-q", "main")
	if res := cli.Run(t, "update"); res.Code != 1 || !strings.Contains(res.Err, "belongs to branch main") {
		t.Fatalf("no record for main: %d %s", res.Code, res.Err)
	}
}

// TestUpdateNeverSilentlyUnposted: a configured webhook whose variable is
// unset fails, naming the variable and recording nothing; --no-post records
// without posting; a dry run's --json is JSON.
func TestUpdateNeverSilentlyUnposted(t *testing.T) {
	r := started(t)
	cli := testutil.CLI{Dir: r.Dir}
	before := r.State()
	res := cli.Run(t, "update", "--message", "looking")
	if res.Code != 1 || !strings.Contains(res.Err, "HOTFIX_TEST_WEBHOOK is not set, so the update cannot be posted; nothing was recorded") ||
		!strings.Contains(res.Err, "--no-post") {
		t.Fatalf("unset webhook: %d\n%s", res.Code, res.Err)
	}
	if r.State() != before {
		t.Fatal("a refused update changed the record")
	}
	res = cli.Run(t, "--dry-run", "update", "--message", "looking", "--json")
	var dry struct {
		Text   string `json:"text"`
		DryRun bool   `json:"dry_run"`
		Posted bool   `json:"posted"`
		PostTo string `json:"post_to"`
	}
	if err := json.Unmarshal([]byte(res.Out), &dry); res.Code != 1 || err == nil {
		// Without the variable even a dry run says it could not post.
		t.Fatalf("dry run with the variable unset: %d %v\n%s%s", res.Code, err, res.Out, res.Err)
	}
	env := testutil.CLI{Dir: r.Dir, Env: map[string]string{"HOTFIX_TEST_WEBHOOK": "https://hooks.example.invalid" + secretPath}}
	res = env.Run(t, "--dry-run", "update", "--message", "looking", "--json")
	if err := json.Unmarshal([]byte(res.Out), &dry); res.Code != 0 || err != nil || !dry.DryRun || dry.Posted || dry.PostTo != "HOTFIX_TEST_WEBHOOK" ||
		!strings.Contains(dry.Text, "looking") || strings.Contains(res.Out, "CANARYWEBHOOKSECRET") {
		t.Fatalf("dry run --json: %d %v %+v\n%s", res.Code, err, dry, res.Out)
	}
	if r.State() != before {
		t.Fatal("a dry run changed the record")
	}
	res = cli.Run(t, "update", "--message", "looking", "--no-post")
	if res.Code != 0 || !strings.Contains(res.Err, "Recorded, not posted") {
		t.Fatalf("--no-post: %d %s", res.Code, res.Err)
	}
	rec := load(t, r)
	last := rec.Timeline[len(rec.Timeline)-1]
	if last.Kind != record.EventUpdate || last.Fields["posted"] != "false" {
		t.Fatalf("last event %+v", last)
	}
}

// status flags an update as overdue once the severity's interval has passed
// since the last one (SEV1: 30 minutes).
func TestStatusFlagsOverdueUpdate(t *testing.T) {
	r := testutil.NewRepo(t)
	if res := (testutil.CLI{Dir: r.Dir}).Run(t, "start", "--no-input", "--title", "Outage", "--severity", "SEV1", "--base", "main"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	at := func(d time.Duration) testutil.CLI {
		return testutil.CLI{Dir: r.Dir, Clock: clock.NewFixed(testutil.Now.Add(d))}
	}
	if res := at(20*time.Minute).Run(t, "status"); strings.Contains(res.Out, "update") {
		t.Fatalf("not yet overdue:\n%s", res.Out)
	}
	if res := at(31*time.Minute).Run(t, "status"); !strings.Contains(res.Out, "update") {
		t.Fatalf("overdue not flagged:\n%s", res.Out)
	}
	if res := at(35*time.Minute).Run(t, "update", "--message", "looking"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	if res := at(50*time.Minute).Run(t, "status"); strings.Contains(res.Out, "update") {
		t.Fatalf("overdue after an update:\n%s", res.Out)
	}
	res := at(5*time.Hour).Run(t, "status", "2026-11-22-outage")
	for _, want := range []string{"2026-11-22-outage  Outage", "OVERDUE: fix, update", "Timeline (UTC):", "started", "update"} {
		if !strings.Contains(res.Out, want) {
			t.Errorf("detail lacks %q:\n%s", want, res.Out)
		}
	}
}

// A rerun of the same update (after a crash that came after the record was
// saved) records it once.
func TestUpdateRerunRecordsOnce(t *testing.T) {
	r := testutil.NewRepo(t)
	cli := testutil.CLI{Dir: r.Dir}
	if res := cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV1", "--base", "main"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	for i := 0; i < 2; i++ {
		if res := cli.Run(t, "update", "--status", "identified", "--message", "the cache"); res.Code != 0 {
			t.Fatalf("%d %s", res.Code, res.Err)
		}
	}
	data, err := os.ReadFile(filepath.Join(r.Dir, ".hotfix", "2026-11-22-checkout-returns-500.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "kind: update"); n != 1 {
		t.Fatalf("%d update events:\n%s", n, data)
	}
}

// TestUpdateStatusFollowsTheNewPhases: released and deployed hotfixes are
// being monitored, as merged ones are.
func TestUpdateStatusFollowsTheNewPhases(t *testing.T) {
	for _, phase := range []string{record.PhaseReleased, record.PhaseDeployed} {
		r := started(t)
		store := record.Store{Root: r.Dir, Dir: ".hotfix"}
		rec := load(t, r)
		rec.Phase = phase
		if err := store.Save(rec); err != nil {
			t.Fatal(err)
		}
		res := testutil.CLI{Dir: r.Dir}.Run(t, "--dry-run", "update", "--no-post", "--json")
		var u struct {
			Status string `json:"status"`
		}
		if err := json.Unmarshal([]byte(res.Out), &u); err != nil || u.Status != "monitoring" {
			t.Errorf("%s: %v %q\n%s", phase, err, u.Status, res.Err)
		}
	}
}

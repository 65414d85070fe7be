package triage_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmd/triage"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// appPy is the URL shortener of seed 003, version 1 (json.load: works).
const appPy = `import json
import os

from flask import Flask, redirect, render_template, request

app = Flask(__name__)
URLS = os.environ.get("URLS_FILE", "urls.json")


def load_urls():
    """Read the short-to-long URL map."""
    with open(URLS) as urls_file:
        return json.load(urls_file)


@app.route("/")
def home():
    """Show the form."""
    return render_template("home.html")


@app.route("/your-url", methods=["GET", "POST"])
def your_url():
    """Store a new short URL."""
    urls = load_urls()
    code = request.form["code"]
    urls[code] = request.form["url"]
    return render_template("your_url.html", code=code)
`

// shortener builds seed 003's history: v1 (good), thirty commits (one of
// which swaps json.load for json.loads), tagged v2 (broken).
func shortener(t *testing.T) (*testutil.Repo, string) {
	t.Helper()
	r := testutil.NewRepo(t)
	r.WriteFile("application.py", appPy)
	r.WriteFile("templates/home.html", "<form></form>\n")
	r.WriteFile("README.md", "URL shortener\n")
	r.Commit("version 1")
	r.Tag("v1.0.0")
	var bad string
	for i := 1; i <= 30; i++ {
		switch {
		case i == 17:
			r.WriteFile("application.py", strings.Replace(r.ReadFile("application.py"), "json.load(urls_file)", "json.loads(urls_file)", 1))
			bad = r.Commit("read the URL map faster")
		case i%5 == 0:
			r.WriteFile("application.py", r.ReadFile("application.py")+fmt.Sprintf("\n\n# route %d\n", i))
			r.Commit(fmt.Sprintf("comment %d in application.py", i))
		case i%3 == 0:
			r.WriteFile("templates/home.html", r.ReadFile("templates/home.html")+fmt.Sprintf("<p>%d</p>\n", i))
			r.Commit(fmt.Sprintf("template tweak %d", i))
		default:
			r.WriteFile("README.md", r.ReadFile("README.md")+fmt.Sprintf("note %d\n", i))
			r.Commit(fmt.Sprintf("docs %d", i))
		}
	}
	r.Tag("v2.0.0")
	return r, bad
}

// the traceback of seed 003, as Beanstalk logged it.
const beanstalkLog = `2023/09/22 21:23:02 [info] GET / 200
[2023-09-22 21:25:11,873] ERROR in app: Exception on /your-url [POST]
Traceback (most recent call last):
  File "/var/app/venv/lib/python3.8/site-packages/flask/app.py", line 2447, in wsgi_app
    response = self.full_dispatch_request()
  File "/var/app/current/application.py", line 25, in your_url
    urls = load_urls()
  File "/var/app/current/application.py", line 13, in load_urls
    return json.loads(urls_file)
TypeError: the JSON object must be str, bytes or bytearray, not TextIOWrapper
`

func TestSuspectsFindTheSeedCommit(t *testing.T) {
	for _, pure := range []bool{false, true} {
		t.Run(map[bool]string{false: "git", true: "go"}[pure], func(t *testing.T) {
			r, bad := shortener(t)
			cli := testutil.CLI{Dir: r.Dir, PureGo: pure}
			// By the traceback's file and line, through a stubbed scanner.
			res := cli.Run(t, "triage", "suspects", "--good", "v1.0.0", "--bad", "v2.0.0", "--path", "application.py", "--symbol", "json.loads", "--json")
			if res.Code != 0 {
				t.Fatalf("exit %d %s", res.Code, res.Err)
			}
			var out triage.SuspectsResult
			if err := json.Unmarshal([]byte(res.Out), &out); err != nil {
				t.Fatal(err)
			}
			if out.Commits != 30 || len(out.Suspects) == 0 || out.Suspects[0].Commit != bad {
				t.Fatalf("commits %d, suspects %+v", out.Commits, out.Suspects)
			}
			top := out.Suspects[0]
			joined := strings.Join(top.Reasons, "; ")
			if !strings.Contains(joined, "changes application.py") || !strings.Contains(joined, `adds or removes "json.loads"`) {
				t.Fatalf("reasons %v", top.Reasons)
			}
			if len(top.Hunks) == 0 || strings.Join(top.Hunks[0].Lines, "\n") != "-        return json.load(urls_file)\n+        return json.loads(urls_file)" {
				t.Fatalf("hunk %+v", top.Hunks)
			}
		})
	}
}

func TestSuspectsFromTheLogs(t *testing.T) {
	r, bad := shortener(t)
	logFile := filepath.Join(t.TempDir(), "eb.log")
	if err := os.WriteFile(logFile, []byte(beanstalkLog), 0o644); err != nil {
		t.Fatal(err)
	}
	cli := testutil.CLI{Dir: r.Dir}
	res := cli.Run(t, "triage", "suspects", "--good", "v1.0.0", "--bad", "v2.0.0", "--logs", logFile)
	if res.Code != 0 {
		t.Fatalf("exit %d %s", res.Code, res.Err)
	}
	for _, want := range []string{"Commits from v1.0.0 (good) to v2.0.0 (broken): 30", "1. " + bad[:10] + "  read the URL map faster",
		"last changed application.py:13, frame 1 of the TypeError trace", "changed load_urls (application.py:10-13)", "application.py:13", "+        return json.loads(urls_file)"} {
		if !strings.Contains(res.Out, want) {
			t.Errorf("output lacks %q:\n%s", want, res.Out)
		}
	}
	if !strings.Contains(res.Out, "not in v2.0.0: /var/app/venv/lib/python3.8/site-packages/flask/app.py") {
		t.Errorf("the library frame should be reported as unmatched:\n%s", res.Out)
	}
	if strings.Contains(res.Err, "\r") {
		t.Errorf("a progress indicator without a terminal: %q", res.Err)
	}
	// In a terminal, the log scan and the history walk show progress on
	// stderr (here with no delay); stdout is the same as without.
	tty := testutil.CLI{Dir: r.Dir, Terminal: true, ProgressDelay: time.Nanosecond}
	res2 := tty.Run(t, "triage", "suspects", "--good", "v1.0.0", "--bad", "v2.0.0", "--logs", logFile)
	if !strings.Contains(res2.Err, "reading the history from v1.0.0 to v2.0.0...") || res2.Out != res.Out {
		t.Errorf("progress:\nstderr %q", res2.Err)
	}
	res2 = tty.Run(t, "triage", "logs", logFile)
	if !strings.Contains(res2.Err, "| scanning 1 log(s)...") || !strings.HasSuffix(res2.Err, "\r\x1b[K") {
		t.Errorf("logs progress:\nstderr %q", res2.Err)
	}
}

func TestSuspectsDefaultsFromTheRecord(t *testing.T) {
	r, bad := shortener(t)
	if res := (testutil.CLI{Dir: r.Dir}).Run(t, "start", "--no-input", "--title", "Shortener returns 500", "--severity", "SEV1"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	logFile := filepath.Join(t.TempDir(), "eb.log")
	if err := os.WriteFile(logFile, []byte(beanstalkLog), 0o644); err != nil {
		t.Fatal(err)
	}
	cli := testutil.CLI{Dir: r.Dir}
	// triage logs --record keeps the locations; suspects then needs no flags:
	// the broken version is the record's (v2.0.0), the good one the release
	// before it (v1.0.0).
	if res := cli.Run(t, "triage", "logs", "--record", logFile); res.Code != 0 || !strings.Contains(res.Out, "TypeError: the JSON object must be str") {
		t.Fatalf("logs: %d %s %s", res.Code, res.Out, res.Err)
	}
	res := cli.Run(t, "triage", "suspects", "--json")
	var out triage.SuspectsResult
	if err := json.Unmarshal([]byte(res.Out), &out); err != nil || out.Good != "v1.0.0" || out.Bad != "v2.0.0" || out.Suspects[0].Commit != bad {
		t.Fatalf("%v %+v %s", err, out, res.Err)
	}
	rec, _ := record.Store{Root: r.Dir, Dir: ".hotfix"}.Load("2026-11-22-shortener-returns-500")
	if rec.Triage == nil || len(rec.Triage.Locations) == 0 || len(rec.Triage.Errors) == 0 {
		t.Fatalf("triage not recorded: %+v", rec.Triage)
	}
	// The logs event keeps when the errors were logged, for the
	// postmortem's time to detect.
	if e := rec.Timeline[len(rec.Timeline)-1]; e.Kind != record.EventLogs || !strings.HasPrefix(e.Fields["first_error"], "2023-09-22T21:25:11") || e.Fields["last_error"] < e.Fields["first_error"] {
		t.Fatalf("logs event: %+v", e)
	}
	if len(rec.Triage.Suspects) != 0 {
		t.Fatalf("suspects recorded without --record: %+v", rec.Triage.Suspects)
	}
	// --record keeps the top suspects, the likely culprit first, with its
	// revert command; JSON stays clean on stdout.
	res = cli.Run(t, "triage", "suspects", "--record", "--json")
	if err := json.Unmarshal([]byte(res.Out), &out); err != nil || res.Code != 0 || !strings.Contains(res.Err, "Recorded 5 suspect(s) in .hotfix/2026-11-22-shortener-returns-500.yaml") {
		t.Fatalf("--record: %d %v %s", res.Code, err, res.Err)
	}
	rec, _ = record.Store{Root: r.Dir, Dir: ".hotfix"}.Load("2026-11-22-shortener-returns-500")
	c := rec.LikelyCulprit()
	if c == nil || c.Commit != bad || c.Revert != "git revert "+bad || c.Good != "v1.0.0" || c.Bad != "v2.0.0" || len(rec.Triage.Suspects) != 5 ||
		!strings.Contains(c.Reasons[0], "last changed application.py:13, frame 1 of the trace") {
		t.Fatalf("recorded suspects: %+v", rec.Triage.Suspects)
	}
	// A new logs --record keeps them.
	if res := cli.Run(t, "triage", "logs", "--record", logFile); res.Code != 0 {
		t.Fatal(res.Err)
	}
	rec, _ = record.Store{Root: r.Dir, Dir: ".hotfix"}.Load("2026-11-22-shortener-returns-500")
	if rec.LikelyCulprit() == nil {
		t.Error("triage logs --record dropped the suspects")
	}
}

func TestSuspectsErrors(t *testing.T) {
	r, _ := shortener(t)
	cli := testutil.CLI{Dir: r.Dir}
	if res := cli.Run(t, "triage", "suspects"); res.Code != 2 || !strings.Contains(res.Err, "--bad is required") {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	if res := cli.Run(t, "triage", "suspects", "--bad", "v9.9.9"); res.Code != 1 || !strings.Contains(res.Err, `unknown broken version "v9.9.9"`) {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	res := cli.Run(t, "triage", "suspects", "--bad", "v2.0.0")
	if res.Code != 0 || !strings.Contains(res.Out, "from v1.0.0 (good)") || !strings.Contains(res.Out, "no evidence: pass --logs, --path or --symbol") {
		t.Fatalf("%d %s %s", res.Code, res.Out, res.Err)
	}
	// A record asked for by --id must exist and be readable; an id that
	// would climb out of the records directory is refused.
	for id, want := range map[string]string{"2026-01-01-nope": `there is no record "2026-01-01-nope"`, "../x": `"../x" is not a record id`} {
		if res := cli.Run(t, "triage", "suspects", "--bad", "v2.0.0", "--id", id); res.Code != 1 || !strings.Contains(res.Err, want) {
			t.Fatalf("--id %s: %d %s", id, res.Code, res.Err)
		}
	}
	// --limit shows fewer but counts all.
	res = cli.Run(t, "triage", "suspects", "--bad", "v2.0.0", "--path", "application.py", "--limit", "1")
	if res.Code != 0 || !strings.Contains(res.Out, "30; 7 with evidence against them (the first 1 shown; --limit for more).") || strings.Contains(res.Out, "\n2. ") {
		t.Fatalf("%d %s %s", res.Code, res.Out, res.Err)
	}
}

func TestTimelineEvents(t *testing.T) {
	r := testutil.NewRepo(t)
	r.WriteFile("application.py", strings.Repeat("pass\n", 20))
	r.Commit("app")
	clk := clock.NewFixed(testutil.Now)
	cli := testutil.CLI{Dir: r.Dir, Clock: clk}
	if res := cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2", "--base", "main"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	steps := [][]string{
		{"triage", "hypothesis", "the cache holds stale prices"},
		{"triage", "hypothesis", "--rejected", "the cache was flushed at 10:05 and it still fails"},
		{"triage", "hypothesis", "json.loads", "is", "given", "a", "file"},
		{"triage", "repro", "POST /your-url with any form"},
		{"triage", "isolate", "application.py:13", "--note", "json.loads(file)"},
		{"triage", "dataset", "urls.json is intact; the disk has room"},
		{"triage", "hypothesis", "--verified", "json.load fixes it on staging"},
	}
	// A location that is not in the repository is refused, before anything
	// is recorded.
	for loc, want := range map[string]string{
		"nosuchfile.py:1":    "nosuchfile.py is not a file of this repository",
		"application.py:999": "application.py has 20 line(s); line 999 is past its end",
		"../outside.py:1":    "../outside.py is outside the repository",
	} {
		if res := cli.Run(t, "triage", "isolate", loc); res.Code != 2 || !strings.Contains(res.Err, want) {
			t.Fatalf("isolate %s: %d %s", loc, res.Code, res.Err)
		}
	}
	for _, args := range steps {
		clk.Advance(time.Minute)
		if res := cli.Run(t, args...); res.Code != 0 || !strings.HasPrefix(res.Out, "Recorded in .hotfix/2026-11-22-checkout-returns-500.yaml") {
			t.Fatalf("%v: %d %s %s", args, res.Code, res.Out, res.Err)
		}
	}
	rec, err := record.Store{Root: r.Dir, Dir: ".hotfix"}.Load("2026-11-22-checkout-returns-500")
	if err != nil {
		t.Fatal(err)
	}
	hs := rec.Hypotheses()
	if len(hs) != 2 || hs[0].Status != "rejected" || hs[1].Text != "json.loads is given a file" || hs[1].Status != "verified" || hs[1].Evidence != "json.load fixes it on staging" {
		t.Fatalf("hypotheses %+v", hs)
	}
	var kinds []string
	for _, e := range rec.Timeline {
		kinds = append(kinds, e.Kind)
		if e.By != "" && e.By != "Test Author" {
			t.Errorf("event by %q", e.By)
		}
	}
	if strings.Join(kinds, ",") != "started,hypothesis,hypothesis,hypothesis,repro,isolate,dataset,hypothesis" {
		t.Fatalf("timeline %v", kinds)
	}
	if rec.Incident.DatasetsChecked != "yes" {
		t.Fatal("dataset did not mark datasets_checked")
	}
	res := cli.Run(t, "status", "2026-11-22-checkout-returns-500")
	for _, want := range []string{"h1 [rejected] the cache holds stale prices", "h2 [verified] json.loads is given a file (json.load fixes it on staging)", "isolate      application.py:13"} {
		if !strings.Contains(res.Out, want) {
			t.Errorf("status lacks %q:\n%s", want, res.Out)
		}
	}
	for _, bad := range [][]string{
		{"triage", "hypothesis"},
		{"triage", "hypothesis", "x", "--verified", "a", "--rejected", "b"},
		{"triage", "isolate", "app.py:zero"},
		{"triage", "repro"},
	} {
		if res := cli.Run(t, bad...); res.Code != 2 {
			t.Errorf("%v: exit %d %s", bad, res.Code, res.Err)
		}
	}
	if res := cli.Run(t, "triage", "hypothesis", "--verified", "x"); res.Code != 1 || !strings.Contains(res.Err, "no open hypothesis") {
		t.Errorf("verify with none open: %d %s", res.Code, res.Err)
	}
	other := testutil.NewRepo(t)
	if res := (testutil.CLI{Dir: other.Dir}).Run(t, "triage", "repro", "x"); res.Code != 1 || !strings.Contains(res.Err, "no incident record") {
		t.Errorf("no record: %d %s", res.Code, res.Err)
	}
	// --json gives what was recorded, for scripts: the new hypothesis's id.
	clk.Advance(time.Minute)
	res = cli.Run(t, "triage", "hypothesis", "--json", "the CDN caches errors")
	var ev triage.EventResult
	if err := json.Unmarshal([]byte(res.Out), &ev); err != nil || res.Code != 0 {
		t.Fatalf("%v %d %s %s", err, res.Code, res.Out, res.Err)
	}
	if ev.ID != "2026-11-22-checkout-returns-500" || ev.Record != ".hotfix/2026-11-22-checkout-returns-500.yaml" || ev.DryRun || len(ev.Events) != 1 ||
		ev.Events[0].Kind != record.EventHypothesis || ev.Events[0].Fields["id"] != "h3" || ev.Summary != "hypothesis h3: the CDN caches errors" {
		t.Fatalf("%+v", ev)
	}
	res = cli.Run(t, "--dry-run", "triage", "hypothesis", "--json", "--hypothesis", "h3", "--rejected", "the CDN is off")
	if err := json.Unmarshal([]byte(res.Out), &ev); err != nil || !ev.DryRun || len(ev.Events) != 1 || ev.Events[0].Fields["status"] != "rejected" {
		t.Fatalf("dry run: %v %+v", err, ev)
	}
	for _, args := range [][]string{{"repro", "--json", "x"}, {"dataset", "--json", "y"}, {"isolate", "--json", "application.py:1"}} {
		res := cli.Run(t, append([]string{"--dry-run", "triage"}, args...)...)
		if err := json.Unmarshal([]byte(res.Out), &ev); err != nil || len(ev.Events) != 1 || ev.Events[0].Kind != args[0] {
			t.Fatalf("%v: %v %+v", args, err, ev)
		}
	}
}

// Rerunning an event command (after a crash that came after the record was
// saved) records nothing twice: the same hypothesis keeps its id, its
// verdict is not repeated, and a note is not added again.
func TestEventsRerunRecordOnce(t *testing.T) {
	r := testutil.NewRepo(t)
	cli := testutil.CLI{Dir: r.Dir}
	if res := cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV1", "--base", "main"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	for _, args := range [][]string{
		{"triage", "hypothesis", "the cache holds stale prices"},
		{"triage", "hypothesis", "the cache holds stale prices"},
		{"triage", "hypothesis", "--verified", "flushing it fixes staging"},
		{"triage", "hypothesis", "--verified", "flushing it fixes staging"},
		{"triage", "repro", "add a refund"},
		{"triage", "repro", "add a refund"},
	} {
		if res := cli.Run(t, args...); res.Code != 0 {
			t.Fatalf("%v: %d %s", args, res.Code, res.Err)
		}
	}
	rec, err := record.Store{Root: r.Dir, Dir: ".hotfix"}.Load("2026-11-22-checkout-returns-500")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range rec.Timeline {
		kinds = append(kinds, e.Kind)
	}
	if strings.Join(kinds, ",") != "started,hypothesis,hypothesis,repro" {
		t.Fatalf("timeline %v", kinds)
	}
	if hs := rec.Hypotheses(); len(hs) != 1 || hs[0].Status != record.HypothesisVerified {
		t.Fatalf("%+v", hs)
	}
}

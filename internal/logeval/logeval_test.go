package logeval

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/logscan"
)

// writeCorpus makes a corpus of one log and its truth in a temporary
// directory.
func writeCorpus(t *testing.T, log, truth string) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"logs", "truth"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "logs", "app.log"), []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "truth", "app.log.yaml"), []byte(truth), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

const tinyLog = `2026-05-20 10:00:00,001 ERROR [shop] Exception on /avg [GET]
Traceback (most recent call last):
  File "/srv/app.py", line 50, in do_GET
    body = self.route()
  File "/srv/app.py", line 22, in average
    return total / n
ZeroDivisionError: division by zero
2026-05-20 10:00:01,001 INFO [shop] ok
2026-05-20 10:00:02,001 ERROR [shop] Exception on /avg [GET]
Traceback (most recent call last):
  File "/srv/app.py", line 50, in do_GET
    body = self.route()
  File "/srv/app.py", line 22, in average
    return total / n
ZeroDivisionError: division by zero
2026-05-20 10:00:03,001 ERROR [db] connection refused by 10.0.0.7
2026-05-20 10:00:04,001 ERROR [db] connection refused by 10.0.0.9
2026-05-20 10:00:05,001 WARN [cache] fatal miss
`

const tinyTruth = `log: app.log
split: tune
errors:
  - id: avg
    count: 2
    message: "ZeroDivisionError: division by zero"
    family: python
    frames:
      - {file: app.py, line: 22, function: average}
      - {file: app.py, line: 50, function: do_GET}
      - {file: app.py, line: 99}
  - id: db
    count: 3
    message: "connection refused"
    family: plain
  - id: never
    count: 1
    message: "OutOfMemoryError"
    family: java
`

func TestEvaluateTinyCorpus(t *testing.T) {
	dir := writeCorpus(t, tinyLog, tinyTruth)
	truths, err := LoadTruth(dir)
	if err != nil {
		t.Fatal(err)
	}
	scores, err := Evaluate(context.Background(), dir, truths)
	if err != nil {
		t.Fatal(err)
	}
	var tot Totals
	tot.Add(scores[0])
	want := Totals{Logs: 1, Errors: 3, Exact: 1, Spurious: 1, Missed: 1, FramesExpected: 3, FramesFound: 2, Readable: 2}
	if tot != want {
		t.Errorf("totals\n got %+v\nwant %+v", tot, want)
	}
	e := scores[0].Errors
	if !e[0].Exact || e[1].Exact || e[1].Main == nil || e[1].Main.Count != 2 || !e[2].Missed() {
		t.Errorf("errors: %+v", e)
	}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, scores); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"| app.log | 3 | 1 (33%) | 0 | 0 | 1 | 1 | 2/3 (67%) | 2 (67%) |", "**total (1 logs)**"} {
		if !strings.Contains(md.String(), s) {
			t.Errorf("markdown lacks %q:\n%s", s, md.String())
		}
	}
	var det bytes.Buffer
	WriteDetails(&det, scores)
	for _, s := range []string{"- db (plain, 3): count 2, want 3", "- never (java, 1): MISSED", `spurious x1: "WARN [cache] fatal miss"`} {
		if !strings.Contains(det.String(), s) {
			t.Errorf("details lack %q:\n%s", s, det.String())
		}
	}
}

// group builds a group for Score's tests.
func group(msg string, count int64, trace []string, frames ...logscan.Location) *logscan.Group {
	g := &logscan.Group{Message: msg, Count: count, Frames: frames}
	g.Lines = append(g.Lines, logscan.Line{Text: "before: KeyError: 'x'", Role: logscan.RoleBefore})
	for _, l := range trace {
		g.Lines = append(g.Lines, logscan.Line{Text: l, Role: logscan.RoleTrace})
	}
	return g
}

func TestScoreSplitMergeReadable(t *testing.T) {
	tr := Truth{Log: "w.log", Errors: []TruthError{
		{ID: "zero", Count: 3, Message: "ZeroDivisionError: boom", Family: "python"},
		{ID: "key", Count: 2, Message: "KeyError: 'x'", Family: "python"},
		{ID: "json", Count: 1, Message: "TypeError: no items", Family: "javascript",
			Frames: []Frame{{File: "pino.js", Line: 20, Function: "validate"}, {Function: "main.run"}}},
	}}
	res := &logscan.Result{Groups: []*logscan.Group{
		group("ZeroDivisionError: boom", 2, nil),
		// The second piece of the split also holds the KeyError: a merge.
		group("Traceback (most recent call last):", 1, []string{"ZeroDivisionError: boom", "KeyError: 'x'"}),
		group(`{"level":50,"err":{"stack":"TypeError: no items"}}`, 1, nil,
			logscan.Location{File: "/srv/pino.js", Line: 20, Symbol: "validate"},
			logscan.Location{File: "x.go", Symbol: "example.com/m/main.run"}),
		group("nothing to see", 4, nil),
	}}
	s := Score(tr, res)
	zero, key, js := s.Errors[0], s.Errors[1], s.Errors[2]
	if !zero.Split() || !zero.Merged || zero.Exact || zero.Main != res.Groups[0] {
		t.Errorf("zero: split %v merged %v exact %v", zero.Split(), zero.Merged, zero.Exact)
	}
	if key.Split() || !key.Merged || key.Exact || key.Readable {
		t.Errorf("key: %+v", key)
	}
	if !js.Exact || js.Readable || js.FramesFound != 2 {
		t.Errorf("json: exact %v readable %v frames %d", js.Exact, js.Readable, js.FramesFound)
	}
	if len(s.Merges) != 1 || len(s.Spurious) != 1 {
		t.Errorf("merges %d spurious %d", len(s.Merges), len(s.Spurious))
	}
}

func TestTruthChecks(t *testing.T) {
	for name, truth := range map[string]string{
		"unknown key":    "log: app.log\nsplit: tune\nerrors:\n  - {id: a, count: 1, message: m, family: go, colour: red}\n",
		"bad family":     "log: app.log\nsplit: tune\nerrors:\n  - {id: a, count: 1, message: m, family: cobol}\n",
		"zero count":     "log: app.log\nsplit: tune\nerrors:\n  - {id: a, count: 0, message: m, family: go}\n",
		"same id":        "log: app.log\nsplit: tune\nerrors:\n  - {id: a, count: 1, message: m, family: go}\n  - {id: a, count: 1, message: n, family: go}\n",
		"no message":     "log: app.log\nsplit: tune\nerrors:\n  - {id: a, count: 1, message: ' ', family: go}\n",
		"empty frame":    "log: app.log\nsplit: tune\nerrors:\n  - {id: a, count: 1, message: m, family: go, frames: [{line: 3}]}\n",
		"other log name": "log: other.log\nsplit: tune\nerrors:\n  - {id: a, count: 1, message: m, family: go}\n",
		"no errors":      "log: app.log\nsplit: tune\nerrors: []\n",
		"no split":       "log: app.log\nerrors:\n  - {id: a, count: 1, message: m, family: go}\n",
		"bad split":      "log: app.log\nsplit: train\nerrors:\n  - {id: a, count: 1, message: m, family: go}\n",
	} {
		dir := writeCorpus(t, "x\n", truth)
		if _, err := LoadTruth(dir); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestSymbolIs(t *testing.T) {
	for _, c := range []struct {
		sym, fn string
		want    bool
	}{
		{"main.setSession", "main.setSession", true},
		{"main.setSession", "setSession", true},
		{"com.shop.OrderService.loadOrder", "OrderService.loadOrder", true},
		{"inventory::parse_qty", "parse_qty", true},
		{"Invoice#total", "total", true},
		{"subtotal", "total", false},
	} {
		if got := symbolIs(c.sym, c.fn); got != c.want {
			t.Errorf("symbolIs(%q, %q) = %v", c.sym, c.fn, got)
		}
	}
}

func TestFilterSplit(t *testing.T) {
	all := []Truth{{Log: "a", Split: SplitTune}, {Log: "b", Split: SplitTest}, {Log: "c", Split: SplitTune}}
	if got := FilterSplit(all, ""); len(got) != 3 {
		t.Errorf("all: %d", len(got))
	}
	if got := FilterSplit(all, SplitTune); len(got) != 2 || got[0].Log != "a" || got[1].Log != "c" {
		t.Errorf("tune: %+v", got)
	}
	if got := FilterSplit(all, SplitTest); len(got) != 1 || got[0].Log != "b" {
		t.Errorf("test: %+v", got)
	}
}

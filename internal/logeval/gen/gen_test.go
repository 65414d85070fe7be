package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStepsAreComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Steps() {
		if seen[s.Log] {
			t.Errorf("two steps make %s", s.Log)
		}
		seen[s.Log] = true
		if s.Program == "" || s.Provoked == "" || s.Run == nil || len(s.Needs) == 0 || len(s.Version) == 0 {
			t.Errorf("%s: incomplete step %+v", s.Log, s)
		}
	}
	if len(seen) < 15 {
		t.Errorf("%d logs, want at least 15", len(seen))
	}
}

func TestSelectSteps(t *testing.T) {
	all := Steps()
	got, err := selectSteps(all, "go_http.log, php_error.log")
	if err != nil || len(got) != 2 || got[0].Log != "go_http.log" || got[1].Log != "php_error.log" {
		t.Fatalf("selectSteps = %v, %v", got, err)
	}
	// The Python logs written a line per write, in the order asked.
	got, err = selectSteps(all, "python_linethreads.log,python_linepool.log")
	if err != nil || len(got) != 2 || got[0].Program != "python/linethreads.py" || got[1].Log != "python_linepool.log" {
		t.Fatalf("selectSteps(linethreads, linepool) = %v, %v", got, err)
	}
	for _, s := range got {
		if !strings.Contains(s.Provoked, "one line per write") {
			t.Errorf("%s: %q does not say how the traceback is written", s.Log, s.Provoked)
		}
	}
	// The Pool whose tasks print their own tracebacks (a write per frame).
	if got, err := selectSteps(all, "python_poolprint.log"); err != nil || len(got) != 1 || !strings.Contains(got[0].Provoked, "print_exc()") {
		t.Fatalf("selectSteps(poolprint) = %v, %v", got, err)
	}
	if _, err := selectSteps(all, "nope.log"); err == nil {
		t.Error("an unknown log was accepted")
	}
	if got, _ := selectSteps(all, ""); len(got) != len(all) {
		t.Errorf("empty selection kept %d of %d", len(got), len(all))
	}
}

func TestMissingRuntimeIsSkipped(t *testing.T) {
	if m := missing([]string{"go", "no-such-runtime-hflc"}); len(m) != 1 || m[0] != "no-such-runtime-hflc" {
		t.Errorf("missing = %v", m)
	}
	st := Step{Log: "x.log", Needs: []string{"go", "no-such-runtime-hflc"}}
	if why := skipReason(st, 0); why != "no-such-runtime-hflc not installed" {
		t.Errorf("skipReason = %q", why)
	}
	st = Step{Log: "x.log", Needs: []string{"go"}, Root: true}
	if why := skipReason(st, 1000); why != "needs root" {
		t.Errorf("skipReason as a user = %q", why)
	}
	if why := skipReason(st, 0); why != "" {
		t.Errorf("skipReason as root = %q", why)
	}
}

func TestOutputKeepsFailures(t *testing.T) {
	out, code, err := Output(context.Background(), Cmd{Argv: []string{"sh", "-c", "echo out; echo err >&2; exit 3"}})
	if err != nil || code != 3 || string(out) != "out\nerr\n" {
		t.Errorf("Output = %q, %d, %v", out, code, err)
	}
	if err := Must(context.Background(), Cmd{Argv: []string{"sh", "-c", "exit 1"}}); err == nil {
		t.Error("Must accepted exit code 1")
	}
}

func TestManifestRoundTrip(t *testing.T) {
	p := filepath.Join(t.TempDir(), manifestName)
	m, err := readManifest(p)
	if err != nil || len(m) != 0 {
		t.Fatalf("missing manifest: %v, %v", m, err)
	}
	m["b.log"] = Entry{Log: "b.log", Program: "x", Runtime: "v1", Provoked: "p"}
	m["a.log"] = Entry{Log: "a.log", Program: "y", Runtime: "v2", Provoked: "q", Made: "m"}
	if err := writeManifest(p, m); err != nil {
		t.Fatal(err)
	}
	back, err := readManifest(p)
	if err != nil || len(back) != 2 || back["a.log"] != m["a.log"] {
		t.Errorf("read back %v, %v", back, err)
	}
}

func TestFirstLine(t *testing.T) {
	if got := firstLine("\n  openjdk version \"17\"\nmore\n"); got != `openjdk version "17"` {
		t.Errorf("firstLine = %q", got)
	}
}

// TestStepProgramsExist checks that every program a step names is in the
// corpus (forkpool.py and mpchain.py among them), and that a step's log
// has a truth file.
func TestStepProgramsExist(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "testdata", "logcorpus", "programs")
	for _, s := range Steps() {
		for _, p := range strings.Split(s.Program, ", ") {
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
				t.Errorf("%s: program %s: %v", s.Log, p, err)
			}
		}
		truth := filepath.Join(dir, "..", "truth", s.Log+".yaml")
		if _, err := os.Stat(truth); err != nil {
			t.Errorf("%s: no truth: %v", s.Log, err)
		}
	}
}

// TestThirdRoundSteps checks the logs added to the tune split on
// 2026-12-07 have their steps.
func TestThirdRoundSteps(t *testing.T) {
	for _, log := range []string{"python_forkpool.log", "python_mpchain.log", "python_taskloop.log", "kubectl_fanout.log", "kubectl_dispatch.log", "gdb_threads.log", "go_stuck.log", "go_slog_attrs.jsonl", "python_linepool.log"} {
		if _, err := selectSteps(Steps(), log); err != nil {
			t.Errorf("%s: %v", log, err)
		}
	}
}

// underKubelogs builds the multiplexer in the work directory and runs the
// pods it is given, each line prefixed [pod/POD/CONTAINER].
func TestUnderKubelogs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the multiplexer with go")
	}
	work := t.TempDir()
	if err := copyTree(filepath.Join("..", "..", "..", "testdata", "logcorpus", "programs", "kubelogs"), filepath.Join(work, "kubelogs")); err != nil {
		t.Fatal(err)
	}
	out, err := underKubelogs(context.Background(), &Env{Work: work}, "web-1/app=sh -c 'echo ready'")
	if err != nil || !strings.Contains(string(out), "[pod/web-1/app] ready") {
		t.Fatalf("%q %v", out, err)
	}
}

// TestFifthRoundSteps checks the steps of the .NET (Mono), Kotlin and lldb
// logs added on 2026-12-07: each names the runtime it needs (so that a
// machine without it skips the step) and how the log was provoked.
func TestFifthRoundSteps(t *testing.T) {
	needs := map[string][]string{
		"dotnet_orders.log":    {"mcs", "mono"},
		"dotnet_billing.log":   {"mcs", "mono"},
		"kotlin_inventory.log": {"kotlinc", "java"},
		"lldb_bt.log":          {"gcc", "lldb"},
	}
	for log, want := range needs {
		got, err := selectSteps(Steps(), log)
		if err != nil || len(got) != 1 {
			t.Fatalf("%s: %v", log, err)
		}
		if strings.Join(got[0].Needs, " ") != strings.Join(want, " ") {
			t.Errorf("%s needs %v, want %v", log, got[0].Needs, want)
		}
	}
	st := Step{Log: "x.log", Needs: []string{"go", "no-such-mono-hflc"}}
	if why := skipReason(st, 0); why != "no-such-mono-hflc not installed" {
		t.Errorf("skipReason = %q", why)
	}
	for _, kv := range lldbEnv() {
		if !strings.HasPrefix(kv, "PYTHONPATH=/usr/lib/llvm-") {
			t.Errorf("lldbEnv: %q", kv)
		}
	}
}

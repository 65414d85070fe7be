package hotfixcmd_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/lock"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// TestMain deletes the hotfix binary the concurrency tests build.
func TestMain(m *testing.M) {
	code := m.Run()
	testutil.RemoveBinaries()
	os.Exit(code)
}

const incident = "2026-11-22-checkout-returns-500"

// started makes a repository with a started hotfix (its record and branch).
func started(t *testing.T) *testutil.Repo {
	t.Helper()
	r := testutil.NewRepo(t)
	if res := (testutil.CLI{Dir: r.Dir}).Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2", "--base", "main"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	return r
}

func load(t *testing.T, r *testutil.Repo) *record.Record {
	t.Helper()
	rec, err := record.Store{Root: r.Dir, Dir: ".hotfix"}.Load(incident)
	if err != nil {
		t.Fatalf("the record does not load: %v", err)
	}
	return rec
}

func lockPath(t *testing.T, dir string) string {
	t.Helper()
	common, err := git.FindCommonDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return lock.Path(common)
}

// holdLock takes the repository lock as "another hotfix" would.
func holdLock(t *testing.T, dir string, pid int) *lock.Lock {
	t.Helper()
	l, err := lock.TryAcquire(lockPath(t, dir), lock.Holder{PID: pid, Command: "hotfix pr", Since: testutil.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Release() })
	return l
}

// A command that changes the repository refuses, after its wait, while
// another holds the lock, naming the holder; the record is untouched. A
// linked work tree shares the lock. Read-only commands, and --dry-run, run
// as usual.
func TestRefusedWhileLocked(t *testing.T) {
	r := started(t)
	before := r.ReadFile(".hotfix/" + incident + ".yaml")
	l := holdLock(t, r.Dir, 4242)
	cli := testutil.CLI{Dir: r.Dir, LockWait: 300 * time.Millisecond}
	start := time.Now()
	res := cli.Run(t, "triage", "hypothesis", "the cache holds stale prices")
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("refused after %v, before its wait", d)
	}
	want := "hotfix: waiting for another hotfix (pid 4242, `hotfix pr`, since 10:00:00) to finish (up to 300ms)...\n" +
		"hotfix: another hotfix (pid 4242, `hotfix pr`, since 10:00:00) is changing this repository (waited 300ms)\n" +
		"  wait for it to finish, then run this command again; if it is stuck, stop it (kill 4242) first. A hotfix that exits or crashes frees the lock by itself\n"
	if runtime.GOOS == "windows" {
		want = strings.Replace(want, "kill 4242", "taskkill /PID 4242", 1)
	}
	if res.Code != 1 || res.Err != want || res.Out != "" {
		t.Fatalf("%d\nstdout %q\nstderr %q\nwant   %q", res.Code, res.Out, res.Err, want)
	}
	if got := r.ReadFile(".hotfix/" + incident + ".yaml"); got != before {
		t.Fatal("the record changed")
	}
	// Every command that changes the repository is refused.
	quick := testutil.CLI{Dir: r.Dir, LockWait: 50 * time.Millisecond}
	for _, args := range [][]string{
		{"init"},
		{"start", "--no-input", "--title", "Another", "--severity", "SEV3", "--base", "main"},
		{"triage", "repro", "POST /checkout"},
		{"triage", "isolate", "app.py:3"},
		{"triage", "dataset", "intact"},
		{"triage", "logs", "--record", "-"},
		{"update", "--status", "investigating"},
		{"pr"},
		{"close"},
		{"hooks", "install"},
		{"hooks", "uninstall"},
	} {
		if res := quick.Run(t, args...); res.Code != 1 || !strings.Contains(res.Err, "is changing this repository") {
			t.Errorf("%v while locked: %d %s", args, res.Code, res.Err)
		}
	}
	// verify, whose exit code is its verdict, waits, then checks anyway
	// without recording the result, and says so.
	res = quick.Run(t, "verify", "--base", "main", "--waive", "tests-pass=no tests in this repository")
	if res.Code != 0 || !strings.Contains(res.Out, "PASSED") ||
		!strings.Contains(res.Err, "warning: another hotfix (pid 4242, `hotfix pr`, since 10:00:00) is changing this repository; running as with --no-record, so nothing is written") {
		t.Errorf("verify while locked: %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if got := r.ReadFile(".hotfix/" + incident + ".yaml"); got != before {
		t.Error("verify recorded while locked")
	}
	// From a linked work tree of the same repository: the same lock.
	wt := filepath.Join(t.TempDir(), "wt")
	r.Git("worktree", "add", "-q", "--detach", wt, "HEAD")
	if res := (testutil.CLI{Dir: wt, LockWait: 100 * time.Millisecond}).Run(t, "triage", "hypothesis", "--id", incident, "x"); res.Code != 1 || !strings.Contains(res.Err, "pid 4242") {
		t.Errorf("from a linked work tree: %d %s", res.Code, res.Err)
	}
	// These only read: they neither wait nor refuse.
	for _, args := range [][]string{
		{"status"},
		{"status", incident},
		{"verify", "--base", "main", "--no-record", "--waive", "tests-pass=no tests in this repository"},
		{"triage", "logs", "-"},
		{"triage", "hypothesis", "--dry-run", "x"},
		{"completion", "bash"},
		{"__complete", "status", ""},
		{"hooks", "pre-push", "origin", "https://example.com/shop.git"},
	} {
		// A command that tried the lock would say it is waiting.
		res := (testutil.CLI{Dir: r.Dir, LockWait: 3 * time.Second}).Run(t, args...)
		if res.Code != 0 || strings.Contains(res.Err, "another hotfix") {
			t.Errorf("%v while locked: %d\n%s", args, res.Code, res.Err)
		}
	}
	// Ctrl-C while waiting: interrupted at once, nothing changed.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	if res := (testutil.CLI{Dir: r.Dir}).RunContext(ctx, t, "triage", "hypothesis", "x"); res.Code != 130 || time.Since(start) > 2*time.Second {
		t.Errorf("interrupted while waiting: %d after %v\n%s", res.Code, time.Since(start), res.Err)
	}
	// Released: the same command goes through.
	l.Release()
	if res := cli.Run(t, "triage", "hypothesis", "the cache holds stale prices"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	if hs := load(t, r).Hypotheses(); len(hs) != 1 {
		t.Fatalf("%+v", hs)
	}
	// Unlocked, verify records its result.
	if res := cli.Run(t, "verify", "--base", "main", "--waive", "tests-pass=no tests in this repository"); res.Code != 0 || res.Err != "" || load(t, r).Verify == nil {
		t.Fatalf("verify after the release: %d %s", res.Code, res.Err)
	}
	// Released after the command: the next one takes it without waiting.
	if res := cli.Run(t, "triage", "repro", "POST /checkout"); res.Code != 0 || res.Err != "" {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
}

// A command waits for a holder that finishes within the wait.
func TestWaitsForTheHolder(t *testing.T) {
	r := started(t)
	l := holdLock(t, r.Dir, 4242)
	go func() {
		time.Sleep(300 * time.Millisecond)
		l.Release()
	}()
	res := (testutil.CLI{Dir: r.Dir}).Run(t, "triage", "hypothesis", "the cache holds stale prices")
	if res.Code != 0 || !strings.HasPrefix(res.Err, "hotfix: waiting for another hotfix (pid 4242, `hotfix pr`, since 10:00:00) to finish (up to 5s)...") {
		t.Fatalf("%d %s", res.Code, res.Err)
	}
	if hs := load(t, r).Hypotheses(); len(hs) != 1 {
		t.Fatalf("%+v", hs)
	}
}

// binary builds hotfix and returns a function running it in dir with CI set.
func binary(t *testing.T) func(dir string, stdin io.Reader, args ...string) *exec.Cmd {
	t.Helper()
	bin := testutil.BuildBinary(t, "../../cmd/hotfix")
	return func(dir string, stdin io.Reader, args ...string) *exec.Cmd {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(testutil.GitEnv(), "CI=true")
		cmd.Stdin = stdin
		return cmd
	}
}

// concurrentRuns is how many hotfix processes TestConcurrentProcesses starts
// at once; HOTFIX_LOCK_RUNS raises it for a longer trial.
func concurrentRuns() int {
	n := 20
	fmt.Sscan(os.Getenv("HOTFIX_LOCK_RUNS"), &n)
	return n
}

// Many real hotfix processes add hypotheses to one record at the same time,
// while others read it. Each writer either succeeds or refuses clearly; the
// record parses afterwards and holds exactly one event per successful run:
// no update is lost, none is doubled. Without the lock, the runs read the
// record, change it and save it over each other: most of the events are lost
// (see docs/architecture.md).
func TestConcurrentProcesses(t *testing.T) {
	t.Parallel()
	run := binary(t)
	r := started(t)
	n := concurrentRuns()
	type result struct {
		i      int
		code   int
		stderr string
		took   time.Duration
	}
	results := make(chan result, 2*n)
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			cmd := run(r.Dir, nil, "triage", "hypothesis", fmt.Sprintf("hypothesis number %d", i))
			var errb bytes.Buffer
			cmd.Stderr = &errb
			<-gate
			start := time.Now()
			err := cmd.Run()
			results <- result{i, cmd.ProcessState.ExitCode(), errb.String(), time.Since(start)}
			_ = err
		}()
		// A reader beside each writer: status reads the record while it
		// is rewritten, and never waits for the lock.
		go func() {
			defer wg.Done()
			cmd := run(r.Dir, nil, "status", incident)
			<-gate
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "Checkout returns 500") {
				t.Errorf("status during the writes: %v\n%s", err, out)
			}
		}()
	}
	close(gate)
	wg.Wait()
	close(results)
	var ok []int
	var refused int
	var slowest time.Duration
	for res := range results {
		slowest = max(slowest, res.took)
		switch {
		case res.code == 0:
			ok = append(ok, res.i)
		case res.code == 1 && strings.Contains(res.stderr, "is changing this repository (waited 5s)") && strings.Contains(res.stderr, "wait for it to finish"):
			refused++
		default:
			t.Errorf("run %d: exit %d\n%s", res.i, res.code, res.stderr)
		}
	}
	rec := load(t, r)
	var got []string
	for _, h := range rec.Hypotheses() {
		got = append(got, h.Text)
	}
	var want []string
	for _, i := range ok {
		want = append(want, fmt.Sprintf("hypothesis number %d", i))
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%d runs succeeded but the record holds %d hypotheses:\n got %q\nwant %q", len(ok), len(got), got, want)
	}
	ids := map[string]bool{}
	for _, h := range rec.Hypotheses() {
		if ids[h.ID] {
			t.Errorf("hypothesis id %s given twice", h.ID)
		}
		ids[h.ID] = true
	}
	if len(ok) == 0 {
		t.Error("no run succeeded")
	}
	noLockLeft(t, r)
	t.Logf("%d concurrent writers: %d succeeded, %d refused; slowest run %v", n, len(ok), refused, slowest.Round(time.Millisecond))
}

// A real hotfix process holding the lock (triage logs --record, reading its
// logs from a pipe) does not stop read-only commands, and refuses a writer
// with its pid; killed with SIGKILL, it leaves nothing to clean up: the next
// command runs at once.
func TestKilledHolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL")
	}
	t.Parallel()
	run := binary(t)
	r := started(t)
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	holder := run(r.Dir, pr, "triage", "logs", "--record", "-")
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	pr.Close()
	defer func() { pw.Close(); holder.Process.Kill(); holder.Wait() }()
	fmt.Fprintln(pw, "2026-11-22T10:00:00Z ERROR checkout failed")
	path := lockPath(t, r.Dir)
	deadline := time.Now().Add(30 * time.Second)
	for lock.ReadHolder(path).PID != holder.Process.Pid {
		if time.Now().After(deadline) {
			t.Fatal("the holder never took the lock")
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, args := range [][]string{{"status"}, {"verify", "--base", "main", "--no-record", "--waive", "tests-pass=no tests in this repository"}, {"triage", "suspects", "--bad", "HEAD", "--good", "main"}} {
		if out, err := run(r.Dir, nil, args...).CombinedOutput(); err != nil {
			t.Errorf("%v while a hotfix holds the lock: %v\n%s", args, err, out)
		}
	}
	// A writer waits its full 5 seconds, then refuses (-short skips this).
	if !testing.Short() {
		refusedByProcess(t, run, r, holder.Process.Pid)
	}
	if err := holder.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	holder.Wait()
	start := time.Now()
	if out, err := run(r.Dir, nil, "triage", "hypothesis", "x").CombinedOutput(); err != nil || strings.Contains(string(out), "waiting") {
		t.Fatalf("after the holder was killed: %v\n%s", err, out)
	}
	t.Logf("the command after the kill took %v", time.Since(start).Round(time.Millisecond))
	if hs := load(t, r).Hypotheses(); len(hs) != 1 {
		t.Fatalf("%+v", hs)
	}
	// The killed holder's lock file, still naming it, went with the next
	// command's release.
	noLockLeft(t, r)
}

// noLockLeft checks that no lock file is left once the commands are done
// (Windows empties it instead).
func noLockLeft(t *testing.T, r *testutil.Repo) {
	t.Helper()
	b, err := os.ReadFile(lockPath(t, r.Dir))
	if runtime.GOOS == "windows" && len(b) == 0 {
		return
	}
	if !os.IsNotExist(err) {
		t.Errorf("a lock file is left: %q %v", b, err)
	}
}

// refusedByProcess runs a writer while the process pid holds the lock: it
// refuses after the default wait, naming that process, and changes nothing.
func refusedByProcess(t *testing.T, run func(string, io.Reader, ...string) *exec.Cmd, r *testutil.Repo, pid int) {
	t.Helper()
	before := r.ReadFile(".hotfix/" + incident + ".yaml")
	start := time.Now()
	out, err := run(r.Dir, nil, "triage", "hypothesis", "x").CombinedOutput()
	want := fmt.Sprintf("hotfix: another hotfix (pid %d, `hotfix triage logs`, since ", pid)
	if err == nil || !strings.Contains(string(out), want) || !strings.Contains(string(out), fmt.Sprintf("kill %d", pid)) {
		t.Fatalf("writer while locked: %v\n%s", err, out)
	}
	if d := time.Since(start); d < 5*time.Second {
		t.Errorf("refused after %v", d)
	}
	if r.ReadFile(".hotfix/"+incident+".yaml") != before {
		t.Error("the refused command changed the record")
	}
}

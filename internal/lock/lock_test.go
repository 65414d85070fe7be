package lock

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// holdEnv makes the test binary a helper process that takes the lock at the
// path it names, says "held" on stdout, and keeps it until it is killed.
const holdEnv = "HOTFIX_LOCK_TEST_HOLD"

func TestMain(m *testing.M) {
	if p := os.Getenv(holdEnv); p != "" {
		l, err := TryAcquire(p, Holder{PID: os.Getpid(), Command: "hotfix helper", Since: time.Now()})
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("held")
		time.Sleep(time.Hour)
		_ = l.Release()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func holder(cmd string) Holder {
	return Holder{PID: os.Getpid(), Command: cmd, Since: time.Date(2026, 11, 22, 10, 2, 0, 0, time.UTC)}
}

func TestAcquireRelease(t *testing.T) {
	path := Path(filepath.Join(t.TempDir(), ".git"))
	l, err := TryAcquire(path, holder("hotfix pr"))
	if err != nil {
		t.Fatal(err)
	}
	if l.Path() != path {
		t.Errorf("path %s, want %s", l.Path(), path)
	}
	if h := ReadHolder(path); h != holder("hotfix pr") {
		t.Errorf("holder %+v", h)
	}
	// A second lock, through its own descriptor in this same process, is
	// refused and told who holds it.
	_, err = TryAcquire(path, holder("hotfix start"))
	var busy *BusyError
	if !errors.As(err, &busy) || busy.Holder != holder("hotfix pr") || busy.Path != path {
		t.Fatalf("second lock: %v", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("held by pid %d (hotfix pr) since 2026-11-22T10:02:00Z", os.Getpid())) {
		t.Errorf("message %q", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if err := l.Release(); err != nil {
		t.Errorf("second release: %v", err)
	}
	var none *Lock
	if err := none.Release(); err != nil {
		t.Errorf("nil release: %v", err)
	}
	// Released: the file is gone (emptied on Windows), and the lock can
	// be taken again.
	if b, err := os.ReadFile(path); removeOnRelease && !os.IsNotExist(err) || !removeOnRelease && (err != nil || len(b) != 0) {
		t.Errorf("after release: %q %v", b, err)
	}
	if h := ReadHolder(path); h.Known() {
		t.Errorf("holder after release: %+v", h)
	}
	l2, err := TryAcquire(path, holder("hotfix start"))
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Release()
	if h := ReadHolder(path); h.Command != "hotfix start" {
		t.Errorf("holder %+v", h)
	}
}

// Release may race with itself (a deferred release and one from another
// goroutine): one releases, the others do nothing.
func TestConcurrentRelease(t *testing.T) {
	path := Path(t.TempDir())
	l, err := TryAcquire(path, holder("x"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); l.Release() }()
	}
	wg.Wait()
	l2, err := TryAcquire(path, holder("y"))
	if err != nil {
		t.Fatal(err)
	}
	l2.Release()
}

func TestUnknownHolder(t *testing.T) {
	path := Path(t.TempDir())
	l, err := TryAcquire(path, Holder{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	// A holder that has not written its description yet (or an unreadable
	// one) is still a holder.
	if err := os.WriteFile(path, []byte("{garbage"), 0o666); err != nil {
		t.Fatal(err)
	}
	_, err = TryAcquire(path, holder("x"))
	var busy *BusyError
	if !errors.As(err, &busy) || busy.Holder.Known() || !strings.Contains(err.Error(), "held by another process") {
		t.Fatalf("%v", err)
	}
	if ReadHolder(filepath.Join(t.TempDir(), "missing")).Known() {
		t.Error("a missing file has a holder")
	}
}

func TestAcquireErrors(t *testing.T) {
	// The git directory's hotfix/ is a file: a clear error, not a hang.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, Dir), nil, 0o666); err != nil {
		t.Fatal(err)
	}
	if _, err := Acquire(context.Background(), Path(dir), holder("x"), Options{Wait: time.Second}); err == nil {
		t.Fatal("no error")
	}
}

func TestAcquireWaits(t *testing.T) {
	path := Path(t.TempDir())
	l, err := TryAcquire(path, holder("hotfix pr"))
	if err != nil {
		t.Fatal(err)
	}
	// The holder releases after 150ms; a waiter with a 5s bound gets it.
	go func() {
		time.Sleep(150 * time.Millisecond)
		l.Release()
	}()
	var waitedFor []Holder
	start := time.Now()
	l2, err := Acquire(context.Background(), path, holder("hotfix start"), Options{Wait: 5 * time.Second, Poll: 10 * time.Millisecond,
		OnWait: func(h Holder) { waitedFor = append(waitedFor, h) }})
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Release()
	if d := time.Since(start); d < 100*time.Millisecond || d > 3*time.Second {
		t.Errorf("took %v", d)
	}
	if len(waitedFor) != 1 || waitedFor[0].Command != "hotfix pr" {
		t.Errorf("OnWait calls %+v", waitedFor)
	}
}

func TestAcquireGivesUp(t *testing.T) {
	path := Path(t.TempDir())
	l, err := TryAcquire(path, holder("hotfix pr"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	start := time.Now()
	_, err = Acquire(context.Background(), path, holder("hotfix start"), Options{Wait: 200 * time.Millisecond, Poll: 20 * time.Millisecond})
	var busy *BusyError
	if !errors.As(err, &busy) || busy.Holder.Command != "hotfix pr" {
		t.Fatalf("%v", err)
	}
	if d := time.Since(start); d < 200*time.Millisecond || d > 2*time.Second {
		t.Errorf("gave up after %v", d)
	}
	// No wait: one try.
	start = time.Now()
	if _, err = Acquire(context.Background(), path, holder("x"), Options{}); !errors.As(err, &busy) || time.Since(start) > time.Second {
		t.Fatalf("%v after %v", err, time.Since(start))
	}
	// Cancelled while waiting: the context's error.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err = Acquire(ctx, path, holder("x"), Options{Wait: time.Minute}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("%v", err)
	}
}

// Many goroutines, each with its own descriptor, increment a counter kept
// in a file under the lock: no increment is lost and no two hold it at once,
// although each release removes the file that the waiters have open (they
// must notice and lock the new one).
func TestMutualExclusion(t *testing.T) {
	dir := t.TempDir()
	path := Path(dir)
	counter := filepath.Join(dir, "counter")
	if err := os.WriteFile(counter, []byte("0"), 0o666); err != nil {
		t.Fatal(err)
	}
	const workers, rounds = 8, 25
	var inside atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				l, err := Acquire(context.Background(), path, holder("w"), Options{Wait: 30 * time.Second, Poll: 2 * time.Millisecond})
				if err != nil {
					errs <- err
					return
				}
				if n := inside.Add(1); n != 1 {
					errs <- fmt.Errorf("%d holders at once", n)
				}
				b, _ := os.ReadFile(counter)
				var n int
				fmt.Sscan(string(b), &n)
				runtime.Gosched()
				os.WriteFile(counter, []byte(fmt.Sprint(n+1)), 0o666)
				inside.Add(-1)
				if err := l.Release(); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if b, _ := os.ReadFile(counter); string(b) != fmt.Sprint(workers*rounds) {
		t.Errorf("counter %s, want %d", b, workers*rounds)
	}
}

// A holder killed with SIGKILL never releases the lock itself; the
// operating system does, so the next command takes it at once.
func TestStaleAfterKill(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL")
	}
	path := Path(t.TempDir())
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "held\n" {
		t.Fatalf("helper said %q", line)
	}
	_, err = TryAcquire(path, holder("hotfix start"))
	var busy *BusyError
	if !errors.As(err, &busy) || busy.Holder.PID != cmd.Process.Pid || busy.Holder.Command != "hotfix helper" {
		t.Fatalf("while the helper holds it: %v", err)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	// The dead holder's description is still in the file...
	if h := ReadHolder(path); h.PID != cmd.Process.Pid {
		t.Errorf("file after the kill: %+v", h)
	}
	// ...but the lock is free, at once.
	l, err := Acquire(context.Background(), path, holder("hotfix start"), Options{})
	if err != nil {
		t.Fatalf("after SIGKILL: %v", err)
	}
	defer l.Release()
	if h := ReadHolder(path); h.Command != "hotfix start" {
		t.Errorf("new holder %+v", h)
	}
}

// The commands hotfix runs while holding the lock (git, the test command)
// do not inherit it: when hotfix is killed, a child still running does not
// keep the repository locked.
func TestChildDoesNotInherit(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("sleep")
	}
	path := Path(t.TempDir())
	l, err := TryAcquire(path, holder("hotfix verify"))
	if err != nil {
		t.Fatal(err)
	}
	child := exec.Command("sleep", "30")
	if err := child.Start(); err != nil {
		t.Skip(err)
	}
	defer func() { child.Process.Kill(); child.Wait() }()
	// Closing the descriptor without Release, as process exit does.
	l.f.Close()
	l2, err := TryAcquire(path, holder("x"))
	if err != nil {
		t.Fatalf("a child kept the lock: %v", err)
	}
	l2.Release()
}

// What the lock costs a command: take it (the file exists) and release it.
func BenchmarkAcquireRelease(b *testing.B) {
	path := Path(b.TempDir())
	for b.Loop() {
		l, err := TryAcquire(path, holder("hotfix triage hypothesis"))
		if err != nil {
			b.Fatal(err)
		}
		l.Release()
	}
}

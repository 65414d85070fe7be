package logscan

import (
	"bufio"
	"context"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// distinctLog writes n error events, each with a new signature (the
// distinguishing word is spelled in letters, which masking keeps), between
// ordinary lines; every tenth is a Java exception with its trace, from a
// new place. Lines are long, so that stored context weighs.
func distinctLog(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	pad := strings.Repeat("lorem ipsum dolor sit amet ", 8)
	for i := 1; i <= n; i++ {
		word := letters(int64(i))
		bw.WriteString("2024-03-14 09:00:00,000 INFO [worker-1] app: handled request " + strconv.Itoa(i) + " " + pad + "\n")
		if i%10 == 0 {
			bw.WriteString("2024-03-14 09:00:00,001 ERROR [worker-2] app: job failed\n")
			bw.WriteString("java.lang.IllegalStateException: state " + strconv.Itoa(i) + "\n")
			bw.WriteString("\tat com.example.jobs.Job" + word + ".run(Job" + word + ".java:12)\n")
			bw.WriteString("\tat com.example.jobs.Runner.loop(Runner.java:40)\n")
			continue
		}
		bw.WriteString("2024-03-14 09:00:00,001 ERROR [worker-2] app: operation " + word + " failed for user " + strconv.Itoa(i) + " " + pad + "\n")
	}
	return bw.Flush()
}

// peakHeap runs f while sampling the heap, and returns the largest
// HeapInuse seen above what was in use before (the test's own data), in
// bytes.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	f()
	close(stop)
	wg.Wait()
	return peak.Load() - min(peak.Load(), base.HeapInuse)
}

// TestMemoryBounded: 100,000 distinct errors (10,000 of them with a
// trace) stay under 64 MiB of heap: 10,000 groups are kept, the rest are
// counted.
func TestMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 60 MB of log")
	}
	const n = 100000
	var res *Result
	peak := peakHeap(func() {
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(distinctLog(pw, n)) }()
		var err error
		res, err = Scan(context.Background(), []Input{{Name: "distinct.log", R: pr}}, Options{Context: 3})
		if err != nil {
			t.Error(err)
		}
	})
	if res == nil {
		return
	}
	t.Logf("peak heap in use %.1f MiB, %d bytes read, %d groups, dropped %+v", float64(peak)/(1<<20), res.Inputs[0].Bytes, len(res.Groups), res.Dropped)
	if peak > 64<<20 {
		t.Errorf("peak heap %.1f MiB", float64(peak)/(1<<20))
	}
	if len(res.Groups) != DefaultMaxGroups || res.Dropped.Signatures != n-DefaultMaxGroups || res.Dropped.Events != n-DefaultMaxGroups || res.Events != n {
		t.Errorf("%d groups, %d events, dropped %+v", len(res.Groups), res.Events, res.Dropped)
	}
	if !res.Dropped.Lines {
		t.Error("the store budget should have run out")
	}
	// The locations are bounded too: 10,000 distinct job frames, and Runner.loop.
	if len(res.Locations) != maxLocations || res.Dropped.Locations != 1 || res.Locations[0].Symbol != "com.example.jobs.Runner.loop" || res.Locations[0].Count != n/10 {
		t.Errorf("%d locations, %d dropped, first %+v", len(res.Locations), res.Dropped.Locations, res.Locations[0])
	}
}

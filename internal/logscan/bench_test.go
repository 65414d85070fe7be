package logscan

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The benchmarks generate their log (see writeLog) into b.TempDir(): 64 MiB
// by default, HOTFIX_BENCH_LOG_GB=1 for the 1 GiB runs of
// docs/performance.md (use -benchtime 3x then: the file is generated on
// each call of the benchmark function).
//
//	go test ./internal/logscan -run '^$' -bench . -benchtime 3x
//	HOTFIX_BENCH_LOG_GB=1 go test ./internal/logscan -run '^$' -bench 'Scan|Grep' -benchtime 3x -timeout 60m
//
// BenchmarkGrepCount and BenchmarkGrepPipeline run the peers on the same
// file (they need sh, grep, nl and sort).

func benchFile(b *testing.B, every int) (string, int64) {
	b.Helper()
	size := int64(envFloat("HOTFIX_BENCH_LOG_GB", 1.0/16) * (1 << 30))
	path := filepath.Join(b.TempDir(), "bench.log")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	st, err := writeLog(f, genOptions{Size: size, ErrEvery: every, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path, st.Bytes
}

var densities = []struct {
	name  string
	every int
}{{"1in200", 200}, {"1in10", 10}}

func BenchmarkScan(b *testing.B) {
	for _, d := range densities {
		b.Run(d.name, func(b *testing.B) {
			path, size := benchFile(b, d.every)
			b.SetBytes(size)
			b.ResetTimer()
			var peak uint64
			var events int64
			for i := 0; i < b.N; i++ {
				p := peakHeap(func() {
					f, err := os.Open(path)
					if err != nil {
						b.Fatal(err)
					}
					res, err := Scan(context.Background(), []Input{{Name: "bench.log", R: f}}, Options{Context: 3})
					f.Close()
					if err != nil {
						b.Fatal(err)
					}
					events = res.Events
				})
				peak = max(peak, p)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(events), "events")
		})
	}
}

func BenchmarkRaw(b *testing.B) {
	path, size := benchFile(b, 10)
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Raw(context.Background(), []Input{{Name: "bench.log", R: f}}, Options{Context: 3}, io.Discard); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// BenchmarkMatcher is the literal search alone, on one goroutine.
func BenchmarkMatcher(b *testing.B) {
	var buf bytes.Buffer
	writeLog(&buf, genOptions{Size: 16 << 20, ErrEvery: 200, Seed: 1})
	data := buf.Bytes()
	m := newLitMatcher(DefaultPatterns())
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	var hits []hit
	for i := 0; i < b.N; i++ {
		hits = m.find(data, hits[:0])
	}
}

// BenchmarkDistinct: 100,000 distinct signatures; reports the peak heap.
func BenchmarkDistinct(b *testing.B) {
	var buf bytes.Buffer
	if err := distinctLog(&buf, 100000); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	var peak uint64
	for i := 0; i < b.N; i++ {
		peak = max(peak, peakHeap(func() {
			if _, err := Scan(context.Background(), []Input{{Name: "d", R: bytes.NewReader(data)}}, Options{Context: 3}); err != nil {
				b.Fatal(err)
			}
		}))
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

func benchShell(b *testing.B, every int, script string) {
	for _, tool := range []string{"sh", "grep", "nl", "sort"} {
		if _, err := exec.LookPath(tool); err != nil {
			b.Skip(tool, " not installed")
		}
	}
	path, size := benchFile(b, every)
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command("sh", "-c", script+" | cat > /dev/null", "sh", path)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
	}
}

// BenchmarkGrepCount is the peer of BenchmarkScan/1in200. Its output goes
// through a pipe: grep stops at the first match when it writes to /dev/null.
func BenchmarkGrepCount(b *testing.B) {
	benchShell(b, 200, `grep -ciE 'error|exception|fatal|panic|traceback' "$1"`)
}

// BenchmarkGrepPipeline is the peer of BenchmarkScan/1in10: the seed's
// pipeline.
func BenchmarkGrepPipeline(b *testing.B) {
	benchShell(b, 10, `grep -i -C 3 error "$1" | nl -w3 -s: | sort -u -k2,2 | sort -n`)
}

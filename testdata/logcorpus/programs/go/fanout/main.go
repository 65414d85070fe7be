// Command fanout is a report builder that fans each batch out to 5
// goroutines released together (issue 18, tune). A goroutine that panics
// is recovered by a deferred guard that writes "recovered: VALUE" and then
// the goroutine's stack (debug.Stack) in a second write, so the reports of
// goroutines failing together can interleave between the two writes, and
// it logs "shard N: retried" lines of its own between them. After the last
// batch a flusher goroutine panics with no recover: the runtime prints
// the panic and, with GOTRACEBACK=all, every goroutine.
//
// Batches 1..4, shards 0..4 each:
//   - shard 1: nil map write in addTotal (assignment to entry in nil map): 4
//   - shard 3 in batches 1-3: slice bounds out of range in window: 3
//   - shard 4 in batches 2 and 4: a panic with an error value
//     ("report 4/N: currency EUR not in rate table") in convert: 2
//   - then the flusher: "flush: 3 reports pending after shutdown" (1)
package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"sync"
	"time"
)

type report struct {
	totals map[string]int
	rows   []int
}

func addTotal(r *report, k string, v int) {
	r.totals[k] += v
}

func window(rows []int, from, n int) []int {
	return rows[from : from+n]
}

type rateErr struct{ shard, batch int }

func (e rateErr) Error() string {
	return fmt.Sprintf("report %d/%d: currency EUR not in rate table", e.shard, e.batch)
}

func convert(shard, batch int) int {
	panic(rateErr{shard, batch})
}

func guard(shard int) {
	if r := recover(); r != nil {
		fmt.Fprintf(os.Stderr, "recovered: %v\n", r)
		os.Stderr.Write(debug.Stack())
	}
}

func build(batch, shard int) {
	defer guard(shard)
	switch {
	case shard == 1:
		addTotal(&report{}, "EUR", batch)
	case shard == 3 && batch <= 3:
		window(make([]int, 4), 2, 5)
	case shard == 4 && batch%2 == 0:
		convert(shard, batch)
	}
	fmt.Fprintf(os.Stderr, "shard %d: batch %d built\n", shard, batch)
}

func flusher(pending int) {
	panic(fmt.Sprintf("flush: %d reports pending after shutdown", pending))
}

func main() {
	for batch := 1; batch <= 4; batch++ {
		var wg sync.WaitGroup
		gate := make(chan struct{})
		for shard := 0; shard < 5; shard++ {
			wg.Add(1)
			go func(s int) {
				defer wg.Done()
				<-gate
				build(batch, s)
			}(shard)
		}
		close(gate)
		wg.Wait()
		fmt.Fprintf(os.Stderr, "batch %d done\n", batch)
	}
	idle := make(chan struct{})
	go func() { <-idle }()
	go flusher(3)
	time.Sleep(time.Second)
}

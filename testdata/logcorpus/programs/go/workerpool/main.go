// Command workerpool is a queue consumer under load: 6 goroutines take
// jobs from one channel at once. A job that panics is recovered by its
// worker, which logs the panic with the goroutine's stack (debug.Stack);
// the log package writes each record in one write, so the records of
// goroutines that fail together do not cut each other. At the end a
// watchdog goroutine panics without a recover and the runtime kills the
// process (GOTRACEBACK=all: every goroutine is dumped).
//
// Jobs 1..24: every job whose number is a multiple of 5 has a nil payload
// (nil pointer dereference in decodeJob: 4); a multiple of 7 carries a bad
// shard (index out of range in shardFor: 3); 11 and 22 are duplicates
// (panic with an error value "duplicate delivery of job N" in ack: 2). A
// job failing a retry budget is logged without a panic: 13 and 17 ("error:
// job N: retry budget exhausted", 2). Then the watchdog panics: "watchdog:
// queue stalled for 3 polls" (1).
package main

import (
	"fmt"
	"log"
	"os"
	"runtime/debug"
	"sync"
	"time"
)

type payload struct{ body []byte }

type job struct {
	id    int
	p     *payload
	shard int
}

var shards = []string{"eu-1", "eu-2", "us-1"}

func decodeJob(j job) int {
	return len(j.p.body)
}

func shardFor(j job) string {
	return shards[j.shard]
}

func ack(j job, seen map[int]bool, mu *sync.Mutex) {
	mu.Lock()
	defer mu.Unlock()
	if seen[j.id%11] && j.id%11 == 0 {
		panic(fmt.Errorf("duplicate delivery of job %d", j.id))
	}
	seen[j.id%11] = true
}

func handle(j job, seen map[int]bool, mu *sync.Mutex) {
	decodeJob(j)
	shardFor(j)
	if j.id == 11 || j.id == 22 {
		seen[0] = true
	}
	ack(j, seen, mu)
}

func worker(n int, jobs <-chan job, seen map[int]bool, mu *sync.Mutex, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		func() {
			defer func() {
				if r := recover(); r != nil {
					log.Printf("worker %d: panic handling job %d: %v\n%s", n, j.id, r, debug.Stack())
				}
			}()
			if j.id == 13 || j.id == 17 {
				log.Printf("error: job %d: retry budget exhausted after %d attempts", j.id, 3+j.id%4)
				return
			}
			mu.Lock()
			mu.Unlock()
			handle(j, seen, mu)
		}()
	}
}

func watchdog(polls int) {
	if polls >= 3 {
		panic(fmt.Sprintf("watchdog: queue stalled for %d polls", polls))
	}
}

func main() {
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	log.SetOutput(os.Stderr)
	jobs := make(chan job)
	seen := map[int]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for n := 1; n <= 6; n++ {
		wg.Add(1)
		go worker(n, jobs, seen, &mu, &wg)
	}
	for id := 1; id <= 24; id++ {
		j := job{id: id, p: &payload{body: []byte("{}")}}
		if id%5 == 0 {
			j.p = nil
		}
		if id%7 == 0 {
			j.shard = 3 + id/7
		}
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	log.Printf("queue drained")
	done := make(chan bool)
	go func() {
		for polls := 1; ; polls++ {
			time.Sleep(5 * time.Millisecond)
			watchdog(polls)
		}
	}()
	<-done
}

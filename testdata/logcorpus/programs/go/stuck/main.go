// Command stuck is an export pipeline that stops making progress (issue
// 18, tune): a reader feeds a channel nobody drains past the first items,
// a writer waits on a condition never signalled, a committer waits for the
// others with a WaitGroup and a reporter holds a mutex the flusher wants.
// It logs 2 export errors ("error: export batch N: sink timeout"), then
// "stuck: ready"; the generator sends it SIGQUIT and the runtime prints
// "SIGQUIT: quit" and every goroutine. Run twice: GOTRACEBACK unset and
// GOTRACEBACK=system (runtime goroutines and gp/m in the headers).
package main

import (
	"fmt"
	"os"
	"sync"
	"time"
)

type pipeline struct {
	rows  chan int
	mu    sync.Mutex
	ready *sync.Cond
	wg    sync.WaitGroup
	stats sync.Mutex
}

func (p *pipeline) readRows() {
	defer p.wg.Done()
	for i := 0; ; i++ {
		p.rows <- i
	}
}

func (p *pipeline) writeRows() {
	defer p.wg.Done()
	p.mu.Lock()
	for {
		p.ready.Wait()
	}
}

func (p *pipeline) commit() {
	p.wg.Wait()
	fmt.Println("committed")
}

func (p *pipeline) flushStats() {
	p.stats.Lock()
	defer p.stats.Unlock()
}

func (p *pipeline) report(tick *time.Ticker) {
	p.stats.Lock()
	for range tick.C {
		select {
		case r := <-p.rows:
			_ = r
		case <-time.After(time.Hour):
		}
		break
	}
	select {}
}

func main() {
	p := &pipeline{rows: make(chan int)}
	p.ready = sync.NewCond(&p.mu)
	for b := 1; b <= 2; b++ {
		fmt.Fprintf(os.Stderr, "error: export batch %d: sink timeout after %dms\n", b, 250*b)
	}
	p.wg.Add(2)
	go p.readRows()
	go p.writeRows()
	go p.report(time.NewTicker(time.Millisecond))
	time.Sleep(20 * time.Millisecond)
	go p.flushStats()
	go p.commit()
	time.Sleep(20 * time.Millisecond)
	fmt.Fprintln(os.Stderr, "stuck: ready")
	select {}
}

// Command deadlock is a service for the log corpus that logs a few request
// errors and then hangs on a lock: the generator sends it SIGQUIT, and the
// Go runtime prints "SIGQUIT: quit" and every goroutine's stack.
package main

import (
	"fmt"
	"log"
	"os"
	"sync"
	"time"
)

var mu sync.Mutex

func flush(id int) {
	mu.Lock() // held by main: blocks forever
	defer mu.Unlock()
	fmt.Println("flushed", id)
}

func worker(id int, wg *sync.WaitGroup) {
	defer wg.Done()
	flush(id)
}

func main() {
	log.SetOutput(os.Stderr)
	for i := 0; i < 3; i++ {
		log.Printf("error: upstream request %d timed out after 5s", 7000+i*13)
	}
	mu.Lock()
	var wg sync.WaitGroup
	for i := 1; i <= 2; i++ {
		wg.Add(1)
		go worker(i, &wg)
	}
	// A ticking goroutine keeps the runtime from seeing a deadlock.
	go func() {
		for {
			time.Sleep(time.Second)
		}
	}()
	time.Sleep(50 * time.Millisecond)
	log.Printf("ready")
	wg.Wait()
}

// Command httppanic is a web server for the log corpus: some handlers panic
// (net/http logs "http: panic serving" with the goroutine's stack), some log
// errors, and a background worker finally panics, which kills the process
// with a dump of every goroutine (GOTRACEBACK=all).
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"time"
)

var sessions map[string]int

func setSession(w http.ResponseWriter, r *http.Request) {
	sessions[r.URL.Query().Get("sid")] = 1 // nil map
	fmt.Fprintln(w, "ok")
}

func pickItem(w http.ResponseWriter, r *http.Request) {
	items := []string{"a", "b"}
	i := len(r.URL.Query().Get("n")) + 4
	fmt.Fprintln(w, items[i])
}

func health(w http.ResponseWriter, r *http.Request) {
	if _, err := net.DialTimeout("tcp", "127.0.0.1:1", time.Second); err != nil {
		log.Printf("error: health check: database unreachable: %v", err)
		http.Error(w, "unhealthy", http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ok")
}

type job struct{ name string }

func runJob(j *job) error {
	if j == nil {
		return errors.New("no job")
	}
	return nil
}

func reconcile(jobs []*job) {
	for _, j := range jobs {
		if err := runJob(j); err != nil {
			panic(fmt.Errorf("reconcile: %w", err))
		}
	}
}

func main() {
	debug.SetTraceback("all")
	log.SetOutput(os.Stderr)
	mux := http.NewServeMux()
	mux.HandleFunc("/session", setSession)
	mux.HandleFunc("/item", pickItem)
	mux.HandleFunc("/health", health)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Handler: mux, ErrorLog: log.New(os.Stderr, "", log.LstdFlags)}
	go srv.Serve(ln)
	base := "http://" + ln.Addr().String()
	log.Printf("listening on %s", base)
	plan := []struct {
		path string
		n    int
	}{{"/session?sid=", 3}, {"/item?n=", 2}, {"/health?x=", 2}}
	for _, p := range plan {
		for i := 0; i < p.n; i++ {
			resp, err := http.Get(fmt.Sprintf("%s%s%d", base, p.path, 1000+i))
			if err != nil {
				continue
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	time.Sleep(100 * time.Millisecond)
	done := make(chan bool)
	go func() {
		reconcile([]*job{{"a"}, nil})
		done <- true
	}()
	<-done
}

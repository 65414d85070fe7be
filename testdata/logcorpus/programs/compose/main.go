// Command compose runs several services at once and prefixes each line they
// write with the service's name, padded like docker compose does
// ("web-1     | ..."), writing lines as they come: the services' lines
// interleave in real time.
//
// Usage: compose NAME=COMMAND [ARGS...] ... (each service one argument,
// its command split on spaces).
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
)

func main() {
	type svc struct {
		name string
		argv []string
	}
	var svcs []svc
	width := 0
	for _, a := range os.Args[1:] {
		name, cmd, ok := strings.Cut(a, "=")
		if !ok {
			fmt.Fprintln(os.Stderr, "usage: compose NAME=COMMAND ...")
			os.Exit(2)
		}
		svcs = append(svcs, svc{name, strings.Fields(cmd)})
		width = max(width, len(name))
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	copyLines := func(prefix string, r io.Reader) {
		defer wg.Done()
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			mu.Lock()
			fmt.Fprintf(os.Stdout, "%s| %s\n", prefix, sc.Text())
			mu.Unlock()
		}
	}
	var cmds []*exec.Cmd
	for _, s := range svcs {
		prefix := s.name + strings.Repeat(" ", width-len(s.name)+2)
		cmd := exec.Command(s.argv[0], s.argv[1:]...)
		out, _ := cmd.StdoutPipe()
		errp, _ := cmd.StderrPipe()
		if err := cmd.Start(); err != nil {
			fmt.Fprintf(os.Stderr, "compose: %s: %v\n", s.name, err)
			os.Exit(1)
		}
		wg.Add(2)
		go copyLines(prefix, out)
		go copyLines(prefix, errp)
		cmds = append(cmds, cmd)
	}
	wg.Wait()
	for i, c := range cmds {
		err := c.Wait()
		code := 0
		if err != nil {
			code = 1
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
		}
		mu.Lock()
		fmt.Fprintf(os.Stdout, "%s exited with code %d\n", svcs[i].name, code)
		mu.Unlock()
	}
}

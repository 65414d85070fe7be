// Command kubelogs runs several containers' commands at once and prefixes
// each line they write as `kubectl logs --prefix` does
// ("[pod/NAME/CONTAINER] ..."), writing lines as they come: the pods' lines
// interleave in real time, as they do when kubectl follows several pods
// (kubectl logs -l app=x --prefix --all-containers -f). It is ours, not
// kubectl.
//
// Usage: kubelogs POD/CONTAINER=COMMAND [ARGS...] ... (each one argument,
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
	var mu sync.Mutex
	var wg sync.WaitGroup
	copyLines := func(prefix string, r io.Reader) {
		defer wg.Done()
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			mu.Lock()
			fmt.Fprintf(os.Stdout, "%s%s\n", prefix, sc.Text())
			mu.Unlock()
		}
	}
	var cmds []*exec.Cmd
	for _, a := range os.Args[1:] {
		name, cmdline, ok := strings.Cut(a, "=")
		if !ok || strings.Count(name, "/") != 1 {
			fmt.Fprintln(os.Stderr, "usage: kubelogs POD/CONTAINER=COMMAND ...")
			os.Exit(2)
		}
		argv := strings.Fields(cmdline)
		cmd := exec.Command(argv[0], argv[1:]...)
		out, _ := cmd.StdoutPipe()
		errp, _ := cmd.StderrPipe()
		if err := cmd.Start(); err != nil {
			fmt.Fprintf(os.Stderr, "kubelogs: %s: %v\n", name, err)
			os.Exit(1)
		}
		prefix := "[pod/" + name + "] "
		wg.Add(2)
		go copyLines(prefix, out)
		go copyLines(prefix, errp)
		cmds = append(cmds, cmd)
	}
	wg.Wait()
	for _, c := range cmds {
		c.Wait()
	}
}

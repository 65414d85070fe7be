// Command gen regenerates the log corpus of issue 18: it copies the
// programs of testdata/logcorpus/programs to a fixed working directory,
// builds and starts each one, provokes the failures it was written for and
// copies the log it wrote to -out, with a MANIFEST.md naming the program,
// the runtime's version and what was provoked.
//
//	go run ./internal/logeval/gen -out testdata/logcorpus/logs
//
// It is run by hand, never by CI. A step whose runtime is missing is
// skipped with a message and its old log is left alone: no log is ever
// made up. Nothing in a log is rewritten; the working directory is fixed
// (-work) so that the paths the traces name are the same from one run to
// the next. Some steps need root (nginx, PostgreSQL through runuser,
// rsyslog, journald in a namespace of its own).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main with its arguments and streams; it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "testdata/logcorpus/logs", "directory the logs are written to")
	programs := fs.String("programs", "testdata/logcorpus/programs", "the programs")
	work := fs.String("work", "/tmp/hotfix-logcorpus", "working directory (removed and made again)")
	only := fs.String("only", "", "comma-separated log names to make; all when empty")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: gen [-out DIR] [-programs DIR] [-work DIR] [-only LOG,...]")
		return 2
	}
	steps, err := selectSteps(Steps(), *only)
	if err != nil {
		fmt.Fprintln(stderr, "gen:", err)
		return 2
	}
	progs, err := filepath.Abs(*programs)
	if err != nil {
		fmt.Fprintln(stderr, "gen:", err)
		return 1
	}
	if err := os.RemoveAll(*work); err != nil {
		fmt.Fprintln(stderr, "gen:", err)
		return 1
	}
	if err := copyTree(progs, *work); err != nil {
		fmt.Fprintln(stderr, "gen: copying the programs:", err)
		return 1
	}
	// Other users (postgres) must reach the copies.
	_ = os.Chmod(*work, 0o755)
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(stderr, "gen:", err)
		return 1
	}
	man, err := readManifest(filepath.Join(*out, manifestName))
	if err != nil {
		fmt.Fprintln(stderr, "gen:", err)
		return 1
	}
	failed := 0
	for _, st := range steps {
		env := &Env{Work: *work, Out: *out}
		if why := skipReason(st, os.Geteuid()); why != "" {
			fmt.Fprintf(stdout, "skip %s: %s (its old log, if any, is kept)\n", st.Log, why)
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		start := time.Now()
		data, err := st.Run(ctx, env)
		cancel()
		if err != nil {
			fmt.Fprintf(stdout, "FAIL %s: %v\n", st.Log, err)
			failed++
			continue
		}
		if len(data) == 0 {
			fmt.Fprintf(stdout, "FAIL %s: the program wrote nothing\n", st.Log)
			failed++
			continue
		}
		if err := os.WriteFile(filepath.Join(*out, st.Log), data, 0o644); err != nil {
			fmt.Fprintln(stderr, "gen:", err)
			return 1
		}
		man[st.Log] = Entry{Log: st.Log, Program: st.Program, Runtime: runtimeVersion(st.Version),
			Provoked: st.Provoked, Made: st.Made}
		fmt.Fprintf(stdout, "ok   %s: %d bytes in %s\n", st.Log, len(data), time.Since(start).Round(time.Millisecond))
	}
	if err := writeManifest(filepath.Join(*out, manifestName), man); err != nil {
		fmt.Fprintln(stderr, "gen:", err)
		return 1
	}
	if failed > 0 {
		return 1
	}
	return 0
}

// skipReason says why a step cannot run here (a runtime is missing, it
// needs root), or "" when it can.
func skipReason(st Step, euid int) string {
	if miss := missing(st.Needs); len(miss) > 0 {
		return strings.Join(miss, ", ") + " not installed"
	}
	if st.Root && euid != 0 {
		return "needs root"
	}
	return ""
}

// selectSteps keeps the steps named in only (comma-separated log names), or
// all of them when only is empty.
func selectSteps(all []Step, only string) ([]Step, error) {
	if only == "" {
		return all, nil
	}
	by := map[string]Step{}
	for _, s := range all {
		by[s.Log] = s
	}
	var out []Step
	for _, name := range strings.Split(only, ",") {
		s, ok := by[strings.TrimSpace(name)]
		if !ok {
			return nil, fmt.Errorf("no step makes %q", name)
		}
		out = append(out, s)
	}
	return out, nil
}

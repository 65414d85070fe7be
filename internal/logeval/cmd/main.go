// Command cmd scores hotfix triage logs against the log corpus (issue 18):
// go run ./internal/logeval/cmd -corpus testdata/logcorpus. It reads the
// committed logs and truth files, fetches nothing and needs no runtime; it
// prints a Markdown table, and with -v what went wrong per log.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/hotfix-dev/hotfix/internal/logeval"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main with its arguments and streams; it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("logeval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	corpus := fs.String("corpus", "testdata/logcorpus", "the corpus: logs/ and truth/")
	split := fs.String("split", "", "score only the logs of one split: tune or test (default: all)")
	verbose := fs.Bool("v", false, "list, per log, the errors not found exactly, the merges and the spurious groups")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: logeval [-corpus DIR] [-split tune|test] [-v]")
		return 2
	}
	if *split != "" && *split != logeval.SplitTune && *split != logeval.SplitTest {
		fmt.Fprintf(stderr, "logeval: -split %q: want tune or test\n", *split)
		return 2
	}
	truths, err := logeval.LoadTruth(*corpus)
	if err != nil {
		fmt.Fprintln(stderr, "logeval:", err)
		return 1
	}
	truths = logeval.FilterSplit(truths, *split)
	scores, err := logeval.Evaluate(context.Background(), *corpus, truths)
	if err != nil {
		fmt.Fprintln(stderr, "logeval:", err)
		return 1
	}
	if err := logeval.WriteMarkdown(stdout, scores); err != nil {
		fmt.Fprintln(stderr, "logeval:", err)
		return 1
	}
	if *verbose {
		fmt.Fprintln(stdout)
		logeval.WriteDetails(stdout, scores)
	}
	return 0
}

// Command cmd evaluates `hotfix triage suspects` against the corpus of real
// regressions (issue 18) beside git blame and git log -L:
//
//	go run ./internal/suspecteval/cmd -clones DIR [-layout clones|mirror] -cases FILE [-v]
//
// It reads the clones under DIR and fetches nothing; it prints a Markdown
// table (and each case's ranks with -v).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/suspecteval"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main with its arguments and streams; it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("suspecteval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	clones := fs.String("clones", "", "directory of clones, one per repository")
	cases := fs.String("cases", "testdata/suspects-corpus/cases.yaml", "the corpus")
	layout := fs.String("layout", suspecteval.LayoutClones, "clones: DIR/owner+name (a clone or a bare repository); mirror: DIR/owner+name/repo")
	verbose := fs.Bool("v", false, "print each case's culprit rank (rank/named) and times per method")
	split := fs.String("split", "", "only the cases of this split (tune or test); all when empty")
	repo := fs.String("repo", "", "only the cases of this repository (owner/name)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *clones == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: suspecteval -clones DIR [-layout clones|mirror] [-cases FILE] [-split tune|test] [-repo owner/name] [-v]")
		return 2
	}
	cs, err := suspecteval.LoadCases(*cases)
	if err != nil {
		fmt.Fprintln(stderr, "suspecteval:", err)
		return 1
	}
	var keep []suspecteval.Case
	for _, c := range cs {
		if (*split == "" || c.Split == *split) && (*repo == "" || c.Repo == *repo) {
			keep = append(keep, c)
		}
	}
	if len(keep) == 0 {
		fmt.Fprintf(stderr, "suspecteval: no case matches (splits: %s)\n", strings.Join(suspecteval.Splits, ", "))
		return 2
	}
	out, err := suspecteval.Run(context.Background(), keep, *clones, *layout)
	if err != nil {
		fmt.Fprintln(stderr, "suspecteval:", err)
		return 2
	}
	if *verbose {
		suspecteval.WriteCases(stdout, out)
		fmt.Fprintln(stdout)
	}
	if err := suspecteval.WriteMarkdown(stdout, out); err != nil {
		fmt.Fprintln(stderr, "suspecteval:", err)
		return 1
	}
	return 0
}

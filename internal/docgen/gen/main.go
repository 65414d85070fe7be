// Command gen writes hotfix's command reference (docs/cli and docs/man); run
// it with `go generate ./internal/docgen`.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/hotfix-dev/hotfix/internal/docgen"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// run generates the reference into the directory -out names.
func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	out := fs.String("out", "docs", "the docs directory to write cli/ and man/ into")
	if err := fs.Parse(args); err != nil {
		return err
	}
	pages, err := docgen.Pages(docgen.Root())
	if err != nil {
		return err
	}
	if err := docgen.Write(*out, pages); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d pages under %s/cli and %s/man\n", len(pages), *out, *out)
	return nil
}

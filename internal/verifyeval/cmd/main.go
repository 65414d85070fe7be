// Command cmd evaluates verify against the corpus of real commits (issue
// 17): go run ./internal/verifyeval/cmd -clones DIR -cases FILE. It reads
// the clones under DIR and fetches nothing; it prints Markdown tables.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/verifyeval"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main with its arguments and streams; it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("verifyeval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	clones := fs.String("clones", "", "directory of clones, one per repository")
	cases := fs.String("cases", "testdata/verify-corpus/cases.yaml", "the corpus")
	layout := fs.String("layout", verifyeval.LayoutClones, "clones: DIR/owner+name (a clone or a bare repository); mirror: DIR/owner+name/repo")
	policy := fs.String("policy", verifyeval.PolicyDefaults, "defaults: no .hotfix.yaml (issue 17's targets); init: the policy `hotfix init` writes, whose release.version_files are the version files it detects at each case's base")
	verbose := fs.Bool("v", false, "list every disagreement with the truth")
	split := fs.String("split", "", "only the cases of this split (tune or test); all when empty")
	idioms := fs.Int("idioms", 0, "instead of the corpus: scan the newest N non-merge commits of each of the corpus's repositories for changes that are only an exchange of idioms")
	neutral := fs.Int("neutral", 0, "instead of the corpus: scan the newest N non-merge commits of each repository for every change verify calls neutral, with its reason")
	only := fs.String("repos", "", "for -idioms, -links and -neutral: these repositories (owner/name, comma-separated) instead of the corpus's")
	links := fs.Int("links", 0, "instead of the corpus: scan the newest N non-merge commits of each of the corpus's repositories (not the corpus's own) for commits that changed a test yet have source files no changed test is linked to")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	scans := 0
	for _, n := range []int{*idioms, *links, *neutral} {
		if n > 0 {
			scans++
		}
	}
	if *clones == "" || fs.NArg() > 0 || *idioms < 0 || *links < 0 || *neutral < 0 || scans > 1 || (*only != "" && scans == 0) {
		fmt.Fprintln(stderr, "usage: verifyeval -clones DIR [-layout clones|mirror] [-cases FILE] [-split tune|test] [-policy defaults|init] [-v] [-idioms N | -links N | -neutral N] [-repos owner/name,…]")
		return 2
	}
	cs, err := verifyeval.LoadCases(*cases)
	if err != nil {
		fmt.Fprintln(stderr, "verifyeval:", err)
		return 1
	}
	var repos []string
	seen, corpus := map[string]bool{}, map[string]bool{}
	for _, c := range cs {
		corpus[c.Commit] = true
		if !seen[c.Repo] {
			seen[c.Repo] = true
			repos = append(repos, c.Repo)
		}
	}
	if *only != "" {
		repos = nil
		for _, r := range strings.Split(*only, ",") {
			if r = strings.TrimSpace(r); strings.Count(r, "/") != 1 || strings.HasPrefix(r, "/") || strings.HasSuffix(r, "/") {
				fmt.Fprintf(stderr, "verifyeval: -repos: %q is not owner/name\n", r)
				return 2
			}
			repos = append(repos, r)
		}
	}
	if *neutral > 0 {
		scan, err := verifyeval.ScanNeutral(context.Background(), *clones, *layout, repos, *neutral)
		if err != nil {
			fmt.Fprintln(stderr, "verifyeval:", err)
			return 2
		}
		if err := verifyeval.WriteNeutralScan(stdout, scan); err != nil {
			fmt.Fprintln(stderr, "verifyeval:", err)
			return 1
		}
		return 0
	}
	if *links > 0 {
		scan, err := verifyeval.ScanLinks(context.Background(), *clones, *layout, repos, *links, corpus)
		if err != nil {
			fmt.Fprintln(stderr, "verifyeval:", err)
			return 2
		}
		if err := verifyeval.WriteLinkScan(stdout, scan); err != nil {
			fmt.Fprintln(stderr, "verifyeval:", err)
			return 1
		}
		return 0
	}
	if *idioms > 0 {
		scan, err := verifyeval.ScanIdioms(context.Background(), *clones, *layout, repos, *idioms)
		if err != nil {
			fmt.Fprintln(stderr, "verifyeval:", err)
			return 2
		}
		if err := verifyeval.WriteIdiomScan(stdout, scan); err != nil {
			fmt.Fprintln(stderr, "verifyeval:", err)
			return 1
		}
		return 0
	}
	if *split != "" {
		var keep []verifyeval.Case
		for _, c := range cs {
			if c.Split == *split {
				keep = append(keep, c)
			}
		}
		if len(keep) == 0 {
			fmt.Fprintf(stderr, "verifyeval: no case is in split %q (splits: %s)\n", *split, strings.Join(verifyeval.Splits, ", "))
			return 2
		}
		cs = keep
	}
	out, err := verifyeval.Run(context.Background(), cs, *clones, *layout, *policy)
	if err != nil {
		fmt.Fprintln(stderr, "verifyeval:", err)
		return 2
	}
	if *verbose {
		verifyeval.WriteDisagreements(stderr, out)
	}
	if err := verifyeval.WriteMarkdown(stdout, out); err != nil {
		fmt.Fprintln(stderr, "verifyeval:", err)
		return 1
	}
	return 0
}

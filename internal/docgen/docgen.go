// Package docgen writes hotfix's command reference from the command tree
// itself: one Markdown page per command under docs/cli/ and one man page per
// command under docs/man/, with cobra's doc generator. The checked-in pages
// are regenerated with `go generate ./internal/docgen`, and a test fails
// when they no longer match the commands.
package docgen

//go:generate go run ./gen -out ../../docs

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/fsutil"
	"github.com/hotfix-dev/hotfix/internal/hotfixcmd"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
)

// ManDate is the date man pages carry. It is fixed, not the day they were
// generated, so that regenerating unchanged commands changes nothing; bump
// it with a release that changes the reference.
var ManDate = time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)

// Root builds the command tree the reference is generated from, with no
// machine-specific state in it.
func Root() *cobra.Command {
	ios, _, _, _ := iostreams.Test()
	root := hotfixcmd.NewRootCmd(&cmdutil.Factory{IOStreams: ios})
	root.DisableAutoGenTag = true // no "generated on <date>" line
	return root
}

// Pages renders the reference of root: file names relative to the docs
// directory ("cli/hotfix_start.md", "man/hotfix-start.1") and their content.
func Pages(root *cobra.Command) (map[string][]byte, error) {
	pages := map[string][]byte{}
	var walk func(*cobra.Command) error
	walk = func(cmd *cobra.Command) error {
		if !cmd.IsAvailableCommand() && cmd != root || cmd.IsAdditionalHelpTopicCommand() {
			return nil
		}
		base := strings.ReplaceAll(cmd.CommandPath(), " ", "_")
		var md bytes.Buffer
		link := func(name string) string { return name } // pages link to their neighbours
		if err := doc.GenMarkdownCustom(cmd, &md, link); err != nil {
			return fmt.Errorf("markdown for %s: %w", cmd.CommandPath(), err)
		}
		pages["cli/"+base+".md"] = md.Bytes()
		var man bytes.Buffer
		header := &doc.GenManHeader{Title: strings.ToUpper(strings.ReplaceAll(cmd.CommandPath(), " ", "-")), Section: "1",
			Date: &ManDate, Source: "hotfix", Manual: "hotfix manual"}
		if err := doc.GenMan(cmd, header, &man); err != nil {
			return fmt.Errorf("man page for %s: %w", cmd.CommandPath(), err)
		}
		pages["man/"+strings.ReplaceAll(cmd.CommandPath(), " ", "-")+".1"] = man.Bytes()
		for _, c := range cmd.Commands() {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root); err != nil {
		return nil, err
	}
	pages["cli/README.md"] = index(pages)
	return pages, nil
}

// index lists the command pages, so docs/cli/ reads well on GitHub.
func index(pages map[string][]byte) []byte {
	var names []string
	for n := range pages {
		if strings.HasPrefix(n, "cli/") {
			names = append(names, strings.TrimPrefix(n, "cli/"))
		}
	}
	sort.Strings(names)
	var b bytes.Buffer
	b.WriteString("# Command reference\n\nGenerated from the commands by `go generate ./internal/docgen`; do not edit by hand.\nThe same pages are man pages in [../man](../man) (`man ./docs/man/hotfix.1`).\n\n")
	for _, n := range names {
		cmd := strings.ReplaceAll(strings.TrimSuffix(n, ".md"), "_", " ")
		fmt.Fprintf(&b, "- [%s](%s)\n", cmd, n)
	}
	return b.Bytes()
}

// Write replaces the reference under dir (docs/): it writes every page and
// removes pages of commands that no longer exist.
func Write(dir string, pages map[string][]byte) error {
	for _, sub := range []string{"cli", "man"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
		old, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
		for _, p := range old {
			rel := sub + "/" + filepath.Base(p)
			if _, keep := pages[rel]; !keep {
				if err := os.Remove(p); err != nil {
					return err
				}
			}
		}
	}
	for rel, data := range pages {
		if err := fsutil.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Stale compares the reference under dir with pages and returns the files
// that differ, are missing or should not be there.
func Stale(dir string, pages map[string][]byte) []string {
	var out []string
	for rel, want := range pages {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil || !bytes.Equal(got, want) {
			out = append(out, rel)
		}
	}
	for _, sub := range []string{"cli", "man"} {
		have, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
		for _, p := range have {
			if _, ok := pages[sub+"/"+filepath.Base(p)]; !ok {
				out = append(out, sub+"/"+filepath.Base(p)+" (no such command)")
			}
		}
	}
	sort.Strings(out)
	return out
}

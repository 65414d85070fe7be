package docgen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The checked-in reference matches the commands: a new flag, command or help
// text without `go generate ./internal/docgen` fails here.
func TestReferenceIsCurrent(t *testing.T) {
	pages, err := Pages(Root())
	if err != nil {
		t.Fatal(err)
	}
	if stale := Stale("../../docs", pages); len(stale) > 0 {
		t.Fatalf("docs/cli and docs/man are out of date with the commands; run `go generate ./internal/docgen` and commit the result:\n  %s", strings.Join(stale, "\n  "))
	}
}

// Every visible command has a Markdown page and a man page, the hidden and
// help commands have none, and the pages carry no generation date.
func TestPages(t *testing.T) {
	root := Root()
	pages, err := Pages(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"cli/hotfix.md", "cli/hotfix_start.md", "cli/hotfix_triage_logs.md", "cli/README.md",
		"man/hotfix.1", "man/hotfix-verify.1", "man/hotfix-triage-suspects.1"} {
		if _, ok := pages[want]; !ok {
			t.Errorf("no page %s", want)
		}
	}
	for name, data := range pages {
		if strings.Contains(name, "help") || strings.Contains(name, "__complete") {
			t.Errorf("page for a hidden command: %s", name)
		}
		if strings.Contains(string(data), "Auto generated") {
			t.Errorf("%s carries a generation date", name)
		}
	}
	if !strings.Contains(string(pages["cli/hotfix_verify.md"]), "--format string") {
		t.Error("the verify page lacks its flags")
	}
	if !strings.Contains(string(pages["man/hotfix-verify.1"]), `.TH "HOTFIX-VERIFY" "1" "Nov 2026"`) {
		t.Errorf("man header: %.80q", pages["man/hotfix-verify.1"])
	}
	if !strings.Contains(string(pages["cli/README.md"]), "- [hotfix triage logs](hotfix_triage_logs.md)") {
		t.Errorf("index:\n%s", pages["cli/README.md"])
	}
}

// Write replaces the reference: pages of removed commands go, and Stale
// reports a changed, a missing and an extra page.
func TestWriteAndStale(t *testing.T) {
	dir := t.TempDir()
	pages := map[string][]byte{"cli/hotfix.md": []byte("a\n"), "man/hotfix.1": []byte("b\n")}
	if err := os.MkdirAll(filepath.Join(dir, "cli"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cli", "hotfix_gone.md"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if s := Stale(dir, pages); strings.Join(s, ",") != "cli/hotfix.md,cli/hotfix_gone.md (no such command),man/hotfix.1" {
		t.Fatalf("before Write: %v", s)
	}
	if err := Write(dir, pages); err != nil {
		t.Fatal(err)
	}
	if s := Stale(dir, pages); len(s) != 0 {
		t.Fatalf("after Write: %v", s)
	}
	if _, err := os.Stat(filepath.Join(dir, "cli", "hotfix_gone.md")); !os.IsNotExist(err) {
		t.Fatal("the page of a removed command was kept")
	}
	pages["cli/hotfix.md"] = []byte("changed\n")
	if s := Stale(dir, pages); strings.Join(s, ",") != "cli/hotfix.md" {
		t.Fatalf("after a change: %v", s)
	}
}

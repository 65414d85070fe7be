package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/docgen"
)

// gen writes a reference that docgen then finds current.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run([]string{"-out", dir}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "wrote ") {
		t.Fatalf("output: %q", out.String())
	}
	pages, err := docgen.Pages(docgen.Root())
	if err != nil {
		t.Fatal(err)
	}
	if s := docgen.Stale(dir, pages); len(s) != 0 {
		t.Fatalf("stale right after generating: %v", s)
	}
	if err := run([]string{"-nope"}, &out); err == nil {
		t.Fatal("a bad flag was accepted")
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), "usage") {
		t.Errorf("no -clones: code %d, stderr %q", code, errb.String())
	}
	if code := run([]string{"-clones", t.TempDir(), "-cases", filepath.Join(t.TempDir(), "none.yaml")}, &out, &errb); code != 1 {
		t.Errorf("missing cases file: code %d", code)
	}
}

func TestRunEmptyCorpus(t *testing.T) {
	cases := filepath.Join(t.TempDir(), "cases.yaml")
	if err := os.WriteFile(cases, []byte("[]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-clones", t.TempDir(), "-cases", cases}, &out, &errb); code != 0 {
		t.Fatalf("code %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "| all | 0 | 0 | — |") {
		t.Errorf("table:\n%s", out.String())
	}
}

func TestRunUnknownSplit(t *testing.T) {
	cases := filepath.Join(t.TempDir(), "cases.yaml")
	if err := os.WriteFile(cases, []byte("[]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-clones", t.TempDir(), "-cases", cases, "-split", "tune"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), `no case is in split "tune"`) {
		t.Errorf("code %d, stderr %q", code, errb.String())
	}
}

// TestRunUnknownPolicy: -policy takes defaults or init; another name is a
// usage error that says which it takes.
func TestRunUnknownPolicy(t *testing.T) {
	cases := filepath.Join(t.TempDir(), "cases.yaml")
	if err := os.WriteFile(cases, []byte("[]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-clones", t.TempDir(), "-cases", cases, "-policy", "team"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "want defaults or init") {
		t.Errorf("code %d, stderr %q", code, errb.String())
	}
	out.Reset()
	if code := run([]string{"-clones", t.TempDir(), "-cases", cases, "-policy", "init"}, &out, &errb); code != 0 {
		t.Errorf("-policy init: code %d, stderr %q", code, errb.String())
	}
}

func TestRunIdiomsNeedsAPositiveCount(t *testing.T) {
	cases := filepath.Join(t.TempDir(), "cases.yaml")
	if err := os.WriteFile(cases, []byte("[]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-clones", t.TempDir(), "-cases", cases, "-idioms", "-1"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "-idioms N") {
		t.Errorf("-idioms -1: code %d, stderr %q", code, errb.String())
	}
	out.Reset()
	if code := run([]string{"-clones", t.TempDir(), "-cases", cases, "-idioms", "5"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "0 modified source files compared") {
		t.Errorf("-idioms 5 on no repository: code %d, out %q, stderr %q", code, out.String(), errb.String())
	}
}

// TestRunRepos: -repos names the repositories a scan reads instead of the
// corpus's (a missing clone is an error naming it), must be owner/name, and
// needs a scan.
func TestRunRepos(t *testing.T) {
	cases := filepath.Join(t.TempDir(), "cases.yaml")
	if err := os.WriteFile(cases, []byte("[]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-clones", t.TempDir(), "-cases", cases, "-neutral", "5", "-repos", "acme/gone"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "acme") {
		t.Errorf("-repos with a missing clone: code %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"-clones", t.TempDir(), "-cases", cases, "-neutral", "5", "-repos", "acme"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), `"acme" is not owner/name`) {
		t.Errorf("-repos acme: code %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"-clones", t.TempDir(), "-cases", cases, "-repos", "acme/demo"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "usage:") {
		t.Errorf("-repos without a scan: code %d, stderr %q", code, errb.String())
	}
}

func TestRunLinksAndIdiomsAreExclusive(t *testing.T) {
	cases := filepath.Join(t.TempDir(), "cases.yaml")
	if err := os.WriteFile(cases, []byte("[]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-clones", t.TempDir(), "-cases", cases, "-idioms", "5", "-links", "5"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "-idioms N | -links N | -neutral N") {
		t.Errorf("-idioms with -links: code %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"-clones", t.TempDir(), "-cases", cases, "-neutral", "5", "-links", "5"}, &out, &errb); code != 2 {
		t.Errorf("-neutral with -links: code %d, stderr %q", code, errb.String())
	}
	if code := run([]string{"-clones", t.TempDir(), "-cases", cases, "-links", "5"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "0 commits read") {
		t.Errorf("-links 5 on no repository: code %d, out %q, stderr %q", code, out.String(), errb.String())
	}
}

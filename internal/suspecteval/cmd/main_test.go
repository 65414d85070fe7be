package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRunUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(nil, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "usage:") {
		t.Errorf("run() = %d, stderr %q; want 2 and usage", code, errOut.String())
	}
	if code := run([]string{"-clones", t.TempDir(), "-cases", "nope.yaml"}, &out, &errOut); code != 1 {
		t.Errorf("missing cases: exit %d, want 1", code)
	}
}

func TestRunCorpusLoads(t *testing.T) {
	var out, errOut bytes.Buffer
	// No clones: every case is reported as not run, and the command still
	// prints its table.
	code := run([]string{"-clones", t.TempDir(), "-cases", "../../../testdata/suspects-corpus/cases.yaml", "-repo", "spf13/cobra"}, &out, &errOut)
	if code != 0 || !strings.Contains(out.String(), "Not run (2)") {
		t.Errorf("exit %d, out %q, err %q", code, out.String(), errOut.String())
	}
}

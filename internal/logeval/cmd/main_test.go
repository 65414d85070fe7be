package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRunOnCommittedCorpus(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-corpus", "../../../testdata/logcorpus", "-v"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, s := range []string{"| log | errors |", "**total (", "## python_app.log"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("output lacks %q", s)
		}
	}
}

func TestRunSplit(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-corpus", "../../../testdata/logcorpus", "-split", "tune"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "| python_app.log |") || strings.Contains(out.String(), "| python_workers.log |") {
		t.Errorf("tune split:\n%s", out.String())
	}
	if code := run([]string{"-split", "train"}, &out, &errb); code != 2 {
		t.Errorf("bad split: exit %d", code)
	}
}

func TestRunUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"extra"}, &out, &errb); code != 2 {
		t.Errorf("exit %d", code)
	}
	if code := run([]string{"-corpus", t.TempDir()}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "no truth files") {
		t.Errorf("empty corpus: exit %d, %s", code, errb.String())
	}
}

package logeval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const corpusDir = "../../testdata/logcorpus"

// TestCommittedCorpus checks the committed corpus: every truth file parses
// and names a log that exists, every log has a truth file, and the corpus
// has the size and the families issue 18 asks for.
func TestCommittedCorpus(t *testing.T) {
	truths, err := LoadTruth(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(truths) < 15 {
		t.Errorf("%d logs with a truth, want at least 15", len(truths))
	}
	withTruth := map[string]bool{}
	families := map[string]bool{}
	for _, tr := range truths {
		withTruth[tr.Log] = true
		for _, e := range tr.Errors {
			families[e.Family] = true
		}
	}
	entries, err := os.ReadDir(filepath.Join(corpusDir, "logs"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == "manifest.yaml" {
			continue
		}
		if !withTruth[e.Name()] {
			t.Errorf("logs/%s has no truth file", e.Name())
		}
		if info, err := e.Info(); err == nil && info.Size() > 200<<10 {
			t.Errorf("logs/%s is %d bytes, keep logs under 200 KB", e.Name(), info.Size())
		}
		if strings.HasSuffix(e.Name(), ".gz") {
			t.Errorf("logs/%s: the corpus keeps logs uncompressed", e.Name())
		}
	}
	for _, f := range []string{"python", "java", "go", "javascript", "rust", "c-asan", "c-ubsan", "gdb", "lldb", "dotnet", "nginx", "postgresql"} {
		if !families[f] {
			t.Errorf("no truth error of family %s", f)
		}
	}
	man, err := os.ReadFile(filepath.Join(corpusDir, "logs", "manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for log := range withTruth {
		if !strings.Contains(string(man), "log: "+log+"\n") {
			t.Errorf("manifest.yaml does not list %s", log)
		}
	}
}

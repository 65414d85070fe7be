//go:build unix

package start_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// A FIFO or a device as --answers is refused at once, never read (issue
// 16, item 10).
func TestAnswersMustBeAFile(t *testing.T) {
	r, _ := released(t)
	fifo := filepath.Join(t.TempDir(), "answers")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{fifo: "named pipe", "/dev/null": "device"} {
		res := testutil.CLI{Dir: r.Dir}.Run(t, "start", "--no-input", "--answers", p)
		if res.Code != 2 || !strings.Contains(res.Err, want) {
			t.Fatalf("%s: exit %d\n%s", p, res.Code, res.Err)
		}
	}
}

// An answers file with a field over 64 KiB is refused before anything is
// made (issue 16, item 7).
func TestLongAnswerIsRefused(t *testing.T) {
	r, _ := released(t)
	before := r.State()
	p := filepath.Join(t.TempDir(), "answers.yaml")
	if err := os.WriteFile(p, []byte("title: x\nseverity: SEV2\nsummary: "+strings.Repeat("s", 70000)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := testutil.CLI{Dir: r.Dir}.Run(t, "start", "--no-input", "--answers", p)
	if res.Code != 2 || !strings.Contains(res.Err, "summary is 70000 bytes; the limit is 65536 bytes") || r.State() != before {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
}

//go:build unix

package closecmd_test

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A FIFO given as --answers is refused at once, never read (issue 16,
// item 10).
func TestAnswersFIFOIsRefused(t *testing.T) {
	w := newWorld(t, "")
	w.merge()
	fifo := filepath.Join(t.TempDir(), "answers")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	res := w.close("--answers", fifo)
	if res.Code != 1 || !strings.Contains(res.Err, "named pipe (FIFO), not a regular file") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
}

package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errs, fatals []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatals = append(r.fatals, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatal(args ...any) { r.fatals = append(r.fatals, fmt.Sprint(args...)) }

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "golden", "out.txt")

	r := &recorder{TB: t}
	Check(r, path, "a\n")
	if len(r.fatals) != 1 || !strings.Contains(r.fatals[0], "-update") {
		t.Fatalf("a missing file: %q %q", r.fatals, r.errs)
	}

	*update = true
	Check(t, path, "a\nb\nc\n")
	*update = false
	if b, err := os.ReadFile(path); err != nil || string(b) != "a\nb\nc\n" {
		t.Fatalf("-update wrote %q, %v", b, err)
	}

	Check(t, path, "a\nb\nc\n")

	r = &recorder{TB: t}
	Check(r, path, "a\nx\nc\n")
	if len(r.errs) != 1 || len(r.fatals) != 0 || !strings.Contains(r.errs[0], "line 2:\n  want: b\n  got:  x\n") {
		t.Fatalf("a difference: %q %q", r.errs, r.fatals)
	}
	if strings.Contains(r.errs[0], "line 1:") || strings.Contains(r.errs[0], "line 3:") {
		t.Fatalf("equal lines shown: %q", r.errs[0])
	}
}

func TestDiff(t *testing.T) {
	if d := Diff("a\nb", "a\nb"); d != "" {
		t.Errorf("equal: %q", d)
	}
	if d := Diff("a", "a\nb"); d != "line 2:\n  want: \n  got:  b\n" {
		t.Errorf("longer: %q", d)
	}
	var w, g []string
	for i := range 20 {
		w, g = append(w, "w"+fmt.Sprint(i)), append(g, "g"+fmt.Sprint(i))
	}
	if n := strings.Count(Diff(strings.Join(w, "\n"), strings.Join(g, "\n")), "line "); n != 10 {
		t.Errorf("%d lines shown, want the first 10", n)
	}
}

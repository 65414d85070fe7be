package triage_test

import (
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// Text over 64 KiB is refused at input, naming the field and the limit,
// and the record is left alone (issue 16, item 7).
func TestLongTextIsRefused(t *testing.T) {
	r := testutil.NewRepo(t)
	cli := testutil.CLI{Dir: r.Dir}
	if res := cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV1", "--base", "main"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	before := r.State()
	long := strings.Repeat("x", 120<<10)
	for _, args := range [][]string{{"triage", "hypothesis", long}, {"triage", "repro", long}, {"triage", "dataset", long}} {
		res := cli.Run(t, args...)
		if res.Code != 2 || !strings.Contains(res.Err, "is 122880 bytes; the limit is 65536 bytes") {
			t.Fatalf("%s: exit %d\n%s", args[1], res.Code, res.Err)
		}
	}
	if r.State() != before {
		t.Fatal("the record changed")
	}
}

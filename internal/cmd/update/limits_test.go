package update_test

import (
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// An update message over 64 KiB is refused at input (issue 16, item 7).
func TestLongMessageIsRefused(t *testing.T) {
	r := testutil.NewRepo(t)
	cli := testutil.CLI{Dir: r.Dir}
	if res := cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV1", "--base", "main"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	before := r.State()
	res := cli.Run(t, "update", "--status", "investigating", "--message", strings.Repeat("m", 70000))
	if res.Code != 2 || !strings.Contains(res.Err, "--message is 70000 bytes; the limit is 65536 bytes") || r.State() != before {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
}

package start_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

const reportLink = "https://acme.slack.com/archives/C0123ABCD/p1700000000123456"

// TestStartReport: --report keeps the report's link in the record; a link
// that is not a Slack message link (or a GitHub issue) is a usage error
// that says what is wrong, and nothing is made.
func TestStartReport(t *testing.T) {
	r, _ := released(t)
	cli := testutil.CLI{Dir: r.Dir}
	res := cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2", "--report", "https://acme.slack.com/archives/C0123ABCD")
	if res.Code != 2 || !strings.Contains(res.Err, "/archives/CHANNEL/pTIMESTAMP") || !strings.Contains(res.Err, "--report") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, recordPath)); err == nil {
		t.Fatal("a record was written for a bad link")
	}
	res = cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2", "--report", reportLink)
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	data, err := os.ReadFile(filepath.Join(r.Dir, recordPath))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := record.Parse(recordPath, data)
	if err != nil || rec.Incident.Report != reportLink {
		t.Fatalf("%v %+v", err, rec.Incident)
	}
}

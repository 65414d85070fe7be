package update_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/ghapi"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// TestUpdateCommentsOnTheReportIssue: for a team without Slack, the report
// is a GitHub issue and each update is a comment on it, made with the pr
// token against the GitHub API test server and recorded with the comment's
// link. Without a token it exits 4 and records nothing; --no-post records
// without posting. The token is nowhere.
func TestUpdateCommentsOnTheReportIssue(t *testing.T) {
	srv := ghapi.New(t, ghapi.Options{})
	n := srv.AddIssue("acme/widgets", ghapi.Issue{Title: "Checkout returns 500", Body: "from support"})
	report := srv.WebURL() + "/acme/widgets/issues/" + strconv.Itoa(n)
	r := started(t)
	cli := testutil.CLI{Dir: r.Dir, Clock: clock.NewFixed(testutil.Now.Add(20 * time.Minute)),
		Env: map[string]string{"GITHUB_API_URL": srv.URL(), "HOTFIX_TEST_WEBHOOK": "https://hooks.invalid/services/x"}}
	if res := cli.Run(t, "record", "set", "report", report); res.Code != 0 {
		t.Fatal(res.Err)
	}
	before := len(load(t, r).Timeline)

	// No token: loud, nothing recorded.
	res := cli.Run(t, "update", "--message", "json.loads is given a file")
	if res.Code != 4 || !strings.Contains(res.Err, "acme/widgets#1") || !strings.Contains(res.Err, "GH_TOKEN") || strings.Count(res.Err, "create a token") != 1 || len(load(t, r).Timeline) != before {
		t.Fatalf("no token: exit %d\n%s", res.Code, res.Err)
	}

	cli.Env["GH_TOKEN"] = srv.Token()
	res = cli.Run(t, "update", "--status", "identified", "--message", "json.loads is given a file")
	if res.Code != 0 || !strings.Contains(res.Err, "Posted in the report's GitHub issue and recorded: ") {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	var comments []ghapi.Comment
	for _, is := range srv.Issues() {
		if is.Number == n {
			comments = is.Comments
		}
	}
	if len(comments) != 1 || !strings.Contains(comments[0].Body, "What we know: json.loads is given a file") {
		t.Fatalf("comments %+v", comments)
	}
	ev := lastUpdate(t, r)
	if ev.Fields["posted"] != "true" || ev.Fields["posted_to"] != "github-issue" || ev.Fields["permalink"] != comments[0].HTMLURL || !strings.Contains(res.Err, comments[0].HTMLURL) {
		t.Fatalf("event %+v", ev)
	}

	// A refused comment (the issue is gone) is recorded as not posted,
	// with the reason, and exits 4.
	if res := cli.Run(t, "record", "set", "report", srv.WebURL()+"/acme/widgets/issues/77"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	res = cli.Run(t, "update", "--message", "still looking")
	if ev := lastUpdate(t, r); res.Code != 4 || ev.Fields["posted"] != "false" || ev.Fields["reason"] != "auth" || ev.Fields["posted_to"] != "github-issue" {
		t.Fatalf("refused: exit %d %+v\n%s", res.Code, ev.Fields, res.Err)
	}
	res = cli.Run(t, "update", "--no-post", "--message", "posted by hand")
	if ev := lastUpdate(t, r); res.Code != 0 || ev.Fields["posted"] != "false" || ev.Kind != record.EventUpdate {
		t.Fatalf("--no-post: exit %d %+v\n%s", res.Code, ev.Fields, res.Err)
	}
	srv.AssertNoToken(t, "output", res.Out+res.Err)
	srv.AssertNoTokenInDir(t, r.Dir)
}

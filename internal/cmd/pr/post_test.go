package pr_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/ghapi"
	"github.com/hotfix-dev/hotfix/internal/testutil/slackapi"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// TestPostsTheLinkToSlack: with a bot token and a Slack report link, pr
// posts the pull request's link in the report's thread and the policy's
// PR channel, records both with their permalinks and commits the record;
// pr run again posts nothing twice, and --no-post posts nothing at all.
func TestPostsTheLinkToSlack(t *testing.T) {
	w := newWorldShop(t, nil, testutil.Shop{
		Policy: "version: 1\nverify:\n  rules: [tests-touched, docs-touched]\nupdate:\n  timezone: UTC\n  slack:\n    pr_channel: C0PRS0001\n",
	})
	srv := slackapi.New(t)
	srv.AddChannel("C0PRS0001")
	w.env["SLACK_BOT_TOKEN"], w.env["SLACK_API_URL"] = slackapi.Token, srv.APIURL()
	if res := w.cli().Run(t, "record", "set", "report", slackapi.ReportLink); res.Code != 0 {
		t.Fatal(res.Err)
	}
	res := w.pr()
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	msgs := srv.Messages()
	if len(msgs) != 3 {
		t.Fatalf("messages %+v", msgs)
	}
	reply, post := msgs[1], msgs[2]
	url := w.openPRs()[0].HTMLURL
	if reply.ThreadTS != slackapi.ReportTS || !strings.Contains(reply.Text, ": Fixing\n") || !strings.Contains(reply.Text, "Fix under review: "+url) {
		t.Fatalf("reply %+v", reply)
	}
	if post.Channel != "C0PRS0001" || post.ThreadTS != "" || post.Text != "Hotfix pull request for [SEV2] Refunds counted twice: "+url+" (incident thread: "+slackapi.ReportLink+")" {
		t.Fatalf("post %+v", post)
	}
	if !strings.Contains(res.Err, slackapi.Permalink(slackapi.Channel, reply.TS)) || !strings.Contains(res.Err, slackapi.Permalink("C0PRS0001", post.TS)) {
		t.Fatalf("the permalinks are not said:\n%s", res.Err)
	}
	// Recorded and committed: the work tree is clean.
	rec, err := record.Store{Root: w.repo.Dir, Dir: ".hotfix"}.Load("2026-11-22-refunds-counted-twice")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range rec.Timeline {
		if e.Fields["for"] == "pull-request" {
			got = append(got, e.Kind+" "+e.Fields["number"]+" "+e.Fields["permalink"])
		}
	}
	if strings.Join(got, "; ") != "update 1 "+slackapi.Permalink(slackapi.Channel, reply.TS)+"; posted 1 "+slackapi.Permalink("C0PRS0001", post.TS) {
		t.Fatalf("recorded %q", got)
	}
	if st := strings.TrimSpace(w.repo.Git("status", "--porcelain")); st != "" {
		t.Fatalf("uncommitted: %s", st)
	}
	// Again, and with --no-post: nothing more is posted.
	for _, args := range [][]string{nil, {"--no-post"}} {
		if res := w.pr(args...); res.Code != 0 || len(srv.Messages()) != 3 {
			t.Fatalf("pr %v: exit %d, %d messages\n%s", args, res.Code, len(srv.Messages()), res.Err)
		}
	}
	w.noLeak(res)
	slackapi.NoToken(t, w.repo.Dir, res.Out, res.Err)
}

// TestPostsTheLinkOnTheIssue: for a team without Slack, the report is a
// GitHub issue; pr comments the pull request's link on it (with the same
// token), links it from the body (Refs), records the comment's link, and a
// rerun comments nothing twice.
func TestPostsTheLinkOnTheIssue(t *testing.T) {
	w := newWorldShop(t, nil, testutil.Shop{Policy: "version: 1\nverify:\n  rules: [tests-touched, docs-touched]\nupdate:\n  timezone: UTC\n"})
	n := w.api.AddIssue("acme/shop", ghapi.Issue{Title: "Refunds counted twice", Body: "finance says totals are off"})
	report := fmt.Sprintf("https://github.com/acme/shop/issues/%d", n)
	if res := w.cli().Run(t, "record", "set", "report", report); res.Code != 0 {
		t.Fatal(res.Err)
	}
	for i := 0; i < 2; i++ {
		if res := w.pr(); res.Code != 0 {
			t.Fatalf("pr %d: exit %d\n%s%s", i, res.Code, res.Out, res.Err)
		}
	}
	pr := w.openPRs()[0]
	var comments []ghapi.Comment
	for _, is := range w.api.Issues() {
		if is.Number == n {
			comments = is.Comments
		}
	}
	if len(comments) != 1 || !strings.Contains(comments[0].Body, "Fix under review: "+pr.HTMLURL) {
		t.Fatalf("comments %+v", comments)
	}
	if !strings.Contains(pr.Body, fmt.Sprintf("\nRefs acme/shop#%d\n", n)) {
		t.Fatalf("the body does not link the report:\n%s", pr.Body)
	}
	rec, err := record.Store{Root: w.repo.Dir, Dir: ".hotfix"}.Load("2026-11-22-refunds-counted-twice")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range rec.Timeline {
		if e.Fields["for"] == "pull-request" {
			got = append(got, e.Fields["posted_to"]+" "+e.Fields["permalink"])
		}
	}
	if strings.Join(got, "; ") != "github-issue "+comments[0].HTMLURL {
		t.Fatalf("recorded %q", got)
	}
}

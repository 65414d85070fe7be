package deploy_test

import (
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil/slackapi"
)

// TestDeployPostsInTheThread: with a bot token and a Slack report link,
// each new deploy and re-run is an update in the report's thread,
// recorded with its permalink; the same deploy again posts nothing, and
// --no-post records without posting.
func TestDeployPostsInTheThread(t *testing.T) {
	r, cli := started(t)
	srv := slackapi.New(t)
	cli.Env = map[string]string{"SLACK_BOT_TOKEN": slackapi.Token, "SLACK_API_URL": srv.APIURL()}
	if res := cli.Run(t, "record", "set", "report", slackapi.ReportLink); res.Code != 0 {
		t.Fatal(res.Err)
	}
	res := cli.Run(t, "deploy", "--ref", "v1.0.0", "--env", "staging", "--rerun", "re-ran the export")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	msgs := srv.Messages()
	if len(msgs) != 2 || msgs[1].ThreadTS != slackapi.ReportTS ||
		!strings.Contains(msgs[1].Text, "What we know: Deployed v1.0.0 (") || !strings.Contains(msgs[1].Text, ") to staging. Re-run after the deploy to staging: re-ran the export.") {
		t.Fatalf("messages %+v", msgs)
	}
	rec := load(t, r)
	last := rec.Timeline[len(rec.Timeline)-1]
	if kinds(rec) != "started,edited,deployed,rerun,update" || last.Fields["for"] != "deployed" || last.Fields["env"] != "staging" ||
		last.Fields["permalink"] != slackapi.Permalink(slackapi.Channel, msgs[1].TS) || last.Fields["posted"] != "true" {
		t.Fatalf("%s %+v", kinds(rec), last)
	}
	if !strings.Contains(res.Out, "update: [SEV3] Checkout returns 500: Investigating") {
		t.Fatalf("the recorded update is not listed:\n%s", res.Out)
	}
	// The same deploy again: nothing recorded, nothing posted.
	if res := cli.Run(t, "deploy", "--ref", "v1.0.0", "--env", "staging"); res.Code != 0 || len(srv.Messages()) != 2 {
		t.Fatalf("exit %d, %d messages\n%s", res.Code, len(srv.Messages()), res.Err)
	}
	// A re-run with --no-post is recorded, not posted; a dry run posts nothing.
	if res := cli.Run(t, "deploy", "--ref", "v1.0.0", "--env", "staging", "--rerun", "re-ran it again", "--no-post"); res.Code != 0 || len(srv.Messages()) != 2 {
		t.Fatalf("--no-post: exit %d\n%s", res.Code, res.Err)
	}
	if res := cli.Run(t, "deploy", "--ref", "v1.0.0", "--env", "prod", "--dry-run"); res.Code != 0 || len(srv.Messages()) != 2 {
		t.Fatalf("--dry-run: exit %d\n%s", res.Code, res.Err)
	}
	if rec := load(t, r); kinds(rec) != "started,edited,deployed,rerun,update,rerun" {
		t.Fatalf("%s", kinds(rec))
	}
	slackapi.NoToken(t, r.Dir, res.Out, res.Err)
}

package closecmd_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/slackapi"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// prChannel is the policy's PR channel in the Slack tests.
const prChannel = "C0PRS0001"

// slackWorld is newWorld with a Slack workspace: a bot token, the report
// message as the record's report link, a PR channel in the policy, and the
// initial assessment posted before pr.
func slackWorld(t *testing.T) (*world, *slackapi.Server) {
	t.Helper()
	srv := slackapi.New(t)
	srv.AddChannel(prChannel)
	policy := "version: 1\nflow: gitflow\nverify:\n  rules: [tests-touched, docs-touched]\nupdate:\n  timezone: UTC\n  slack:\n    pr_channel: " + prChannel + "\n"
	w := newWorldWith(t, testutil.Shop{Policy: policy, Gitflow: true}, worldHooks{
		env:       map[string]string{"SLACK_BOT_TOKEN": slackapi.Token, "SLACK_API_URL": srv.APIURL()},
		startArgs: []string{"--report", slackapi.ReportLink},
		beforePR: func(w *world) {
			if res := w.cli().Run(t, "update", "--status", "identified", "--message", "Total adds refunds instead of subtracting them"); res.Code != 0 {
				t.Fatalf("update: %s", res.Err)
			}
			w.clock.Advance(time.Minute)
			res := w.cli().Run(t, "pr", "--dry-run")
			if res.Code != 0 || !strings.Contains(res.Out, "post        the pull request's link in the report's thread") || !strings.Contains(res.Out, "in channel "+prChannel) {
				t.Fatalf("pr --dry-run: %d\n%s%s", res.Code, res.Out, res.Err)
			}
		},
	})
	return w, srv
}

// TestSlackWholeIncident: a whole incident in the report's thread, in
// order: start's reaction, the initial assessment, the pull request's link
// (also in the PR channel), the deploy's update and the closing update,
// each recorded with its permalink, and the postmortem's Communications
// linking them. Reruns post nothing twice.
func TestSlackWholeIncident(t *testing.T) {
	w, srv := slackWorld(t)
	cli := w.cli()
	// pr again: the link is posted once per pull request.
	if res := cli.Run(t, "pr"); res.Code != 0 {
		t.Fatalf("pr again: %s", res.Err)
	}
	w.merge()
	if res := cli.Run(t, "close", "--answers", w.answers(fullAnswers)); res.Code != 0 || !strings.Contains(res.Out, "hotfix deploy") {
		t.Fatalf("close: %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	w.clock.Advance(10 * time.Minute)
	if res := cli.Run(t, "deploy"); res.Code != 0 || !strings.Contains(res.Out, "deployed v1.0.1") {
		t.Fatalf("deploy: %d %s %s", res.Code, res.Out, res.Err)
	}
	// deploy again: the same deploy is recorded, and posted, once.
	if res := cli.Run(t, "deploy"); res.Code != 0 {
		t.Fatalf("deploy again: %s", res.Err)
	}
	w.clock.Advance(5 * time.Minute)
	if res := cli.Run(t, "close"); res.Code != 0 {
		t.Fatalf("close: %d\n%s\n%s", res.Code, res.Out, res.Err)
	}

	if rs := srv.Reactions(); len(rs) != 1 || rs[0].TS != slackapi.ReportTS || rs[0].Name != "eyes" {
		t.Fatalf("reactions %+v", rs)
	}
	var thread, channel []slackapi.Message
	for _, m := range srv.Messages()[1:] {
		switch {
		case m.Channel == slackapi.Channel && m.ThreadTS == slackapi.ReportTS:
			thread = append(thread, m)
		case m.Channel == prChannel && m.ThreadTS == "":
			channel = append(channel, m)
		default:
			t.Errorf("a message elsewhere: %+v", m)
		}
	}
	want := []string{"Identified\nWhat we know: Total adds refunds", "Fixing\n", "Monitoring\nWhat we know: Deployed v1.0.1 (", "Resolved\nWhat we know: The fix is released as v1.0.1"}
	if len(thread) != len(want) {
		t.Fatalf("%d replies in the thread: %+v", len(thread), thread)
	}
	for i, s := range want {
		if !strings.Contains(thread[i].Text, s) {
			t.Errorf("reply %d: %q, want %q", i, thread[i].Text, s)
		}
	}
	prURL := "/acme/shop/pull/1"
	if !strings.Contains(thread[1].Text, "Fix under review: ") || !strings.Contains(thread[1].Text, prURL) {
		t.Errorf("the pull request's reply: %q", thread[1].Text)
	}
	if len(channel) != 1 || !strings.Contains(channel[0].Text, prURL) || !strings.Contains(channel[0].Text, slackapi.ReportLink) {
		t.Fatalf("PR channel %+v", channel)
	}

	// Each recorded, in order, with its permalink.
	rec := loadRecord(t, w.repo.Dir)
	var links []string
	var fors []string
	for _, e := range rec.Timeline {
		if e.Kind == record.EventUpdate {
			if e.Fields["posted"] != "true" || e.Fields["posted_to"] != "slack" {
				t.Errorf("update %+v", e)
			}
			links = append(links, e.Fields["permalink"])
			fors = append(fors, e.Fields["for"])
		}
		if e.Kind == record.EventPosted && (e.Fields["permalink"] != slackapi.Permalink(prChannel, channel[0].TS) || e.Fields["channel"] != prChannel || e.Fields["number"] != "1") {
			t.Errorf("PR channel post %+v", e)
		}
	}
	if strings.Join(fors, ",") != ",pull-request,deployed,closed" || len(links) != 4 {
		t.Fatalf("updates for %q", fors)
	}
	for i, m := range thread {
		if links[i] != slackapi.Permalink(slackapi.Channel, m.TS) {
			t.Errorf("update %d recorded %s, posted %s", i, links[i], m.TS)
		}
	}

	// The postmortem's Communications links every post.
	pm := w.repo.ReadFile("docs/postmortems/2026-11-22-refunds-counted-twice.md")
	comms := pm[strings.Index(pm, "## Communications"):]
	comms = comms[:strings.Index(comms[3:], "\n## ")+3]
	for _, l := range append(links, slackapi.Permalink(prChannel, channel[0].TS), slackapi.ReportLink) {
		if !strings.Contains(comms, l) {
			t.Errorf("the Communications section lacks %s:\n%s", l, comms)
		}
	}
	for _, s := range []string{"| Update (identified) | [the report's thread](", "| Pull request #1 (fixing) |", "| Pull request #1, to the PR channel | [channel `C0PRS0001`](",
		"| Deploy update (monitoring) |", "| Closing update (resolved) |"} {
		if !strings.Contains(comms, s) {
			t.Errorf("the Communications section lacks %q:\n%s", s, comms)
		}
	}
	slackapi.NoToken(t, w.repo.Dir, pm)
}

// TestSlackPRPostFailureIsLoud: a PR post Slack refuses stops pr at its
// post, recorded as not posted with the reason; a rerun posts it once the
// fault is gone, and never posts the thread's reply twice.
func TestSlackPRPostFailureIsLoud(t *testing.T) {
	srv := slackapi.New(t)
	srv.AddChannel(prChannel)
	srv.Leave(prChannel)
	policy := "version: 1\nflow: gitflow\nverify:\n  rules: [tests-touched, docs-touched]\nupdate:\n  timezone: UTC\n  slack:\n    pr_channel: " + prChannel + "\n"
	w := newWorldWith(t, testutil.Shop{Policy: policy, Gitflow: true}, worldHooks{
		env:       map[string]string{"SLACK_BOT_TOKEN": slackapi.Token, "SLACK_API_URL": srv.APIURL()},
		startArgs: []string{"--report", slackapi.ReportLink},
		beforePR: func(w *world) {
			res := w.cli().Run(t, "pr", "--reviewer", "bob")
			if res.Code != 3 || !strings.Contains(res.Err, "not_in_channel") || !strings.Contains(res.Err, "invite the bot to the channel") ||
				!strings.Contains(res.Err, "--continue") || !strings.Contains(res.Err, "--no-post") {
				t.Fatalf("first pr: exit %d\n%s", res.Code, res.Err)
			}
			srv.AddChannel(prChannel) // the bot is invited; newWorld's pr finishes it
		},
	})
	if res := w.cli().Run(t, "pr"); res.Code != 0 {
		t.Fatalf("pr again: %s", res.Err)
	}
	rec := loadRecord(t, w.repo.Dir)
	var posted []string
	for _, e := range rec.Timeline {
		if e.Kind == record.EventPosted {
			posted = append(posted, e.Fields["posted"]+":"+e.Fields["reason"])
		}
	}
	if strings.Join(posted, ",") != "false:not_in_channel,true:" {
		t.Fatalf("PR channel posts %q", posted)
	}
	replies, inChannel := 0, 0
	for _, m := range srv.Messages() {
		switch {
		case m.ThreadTS == slackapi.ReportTS:
			replies++
		case m.Channel == prChannel:
			inChannel++
		}
	}
	if replies != 1 || inChannel != 1 {
		t.Fatalf("%d replies in the thread, %d posts in the PR channel", replies, inChannel)
	}
	slackapi.NoToken(t, w.repo.Dir)
}

// TestSlackDeployPostFailureIsLoud: a deploy whose update Slack refuses is
// recorded, with the update as not posted and why, and exits 1 naming the
// fix; --no-post records a re-run without posting.
func TestSlackDeployPostFailureIsLoud(t *testing.T) {
	w, srv := slackWorld(t)
	cli := w.cli()
	w.merge()
	if res := cli.Run(t, "close", "--answers", w.answers(fullAnswers)); res.Code != 0 {
		t.Fatalf("close: %d\n%s", res.Code, res.Err)
	}
	srv.Leave(slackapi.Channel)
	before := len(srv.Messages())
	res := cli.Run(t, "deploy")
	res.CheckFailure(t, "not_in_channel", "invite the bot", slackapi.Token)
	if res.Code != 1 || !strings.Contains(res.Err, "--no-post") || !strings.Contains(res.Out, "deployed v1.0.1") {
		t.Fatalf("exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	rec := loadRecord(t, w.repo.Dir)
	last := rec.Timeline[len(rec.Timeline)-1]
	if rec.Phase != record.PhaseDeployed || last.Kind != record.EventUpdate || last.Fields["posted"] != "false" || last.Fields["reason"] != "not_in_channel" || last.Fields["for"] != "deployed" {
		t.Fatalf("%s %+v", rec.Phase, last)
	}
	if res := cli.Run(t, "deploy", "--rerun", "re-ran the refunds report", "--no-post"); res.Code != 0 || len(srv.Messages()) != before {
		t.Fatalf("--no-post: exit %d\n%s", res.Code, res.Err)
	}
	if k := loadRecord(t, w.repo.Dir).Timeline; k[len(k)-1].Kind != record.EventRerun {
		t.Fatalf("last event %+v", k[len(k)-1])
	}
}

package sectest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/ghapi"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
	"github.com/hotfix-dev/hotfix/internal/testutil/slackapi"
)

// anyCode accepts any exit code from 0 to 4.
const anyCode = -2

// run is one command of the sweep and what it printed.
type run struct {
	name string
	res  testutil.Result
}

// sweep runs commands and keeps every output for the scan.
type sweep struct {
	w    *world
	runs []run
}

// do runs args (with --verbose) in env and checks the exit code (-1: any
// non-zero code; anyCode: whatever, as long as the command did not crash).
func (s *sweep) do(want int, env map[string]string, args ...string) testutil.Result {
	s.w.t.Helper()
	res := s.w.cli(env).Run(s.w.t, append([]string{"--verbose"}, args...)...)
	s.runs = append(s.runs, run{name: strings.Join(args, " "), res: res})
	switch {
	case want == -1 && res.Code == 0, want >= 0 && res.Code != want, res.Code > 4 && res.Code != 130:
		s.w.t.Fatalf("hotfix %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), res.Code, want, res.Out, res.Err)
	}
	if strings.Contains(res.Err, "panic") || strings.Contains(res.Err, "goroutine ") {
		s.w.t.Fatalf("hotfix %s crashed:\n%s", strings.Join(args, " "), res.Err)
	}
	return res
}

// canaries are every form in which a secret could be written: the tokens
// as they are, their tails (a token cut short is still a leak), the basic
// Authorization credentials go-git sends, the webhook URL's secret path,
// and the Slack bot tokens (good and refused).
// scan starts a scanner over everything the sweep's runs said (logged
// with SWEEP_DEBUG=1) and over the repository at dir, files and history.
func (s *sweep) scan(t *testing.T, dir string) *scanner {
	t.Helper()
	if os.Getenv("SWEEP_DEBUG") != "" {
		for _, r := range s.runs {
			t.Logf("== %s (%d)\n%s\n%s", r.name, r.res.Code, r.res.Out, r.res.Err)
		}
	}
	sc := &scanner{t: t, checked: map[string]int{}}
	for i, r := range s.runs {
		sc.check("stdout", fmt.Sprintf("#%d %s", i+1, r.name), []byte(r.res.Out))
		sc.check("stderr", fmt.Sprintf("#%d %s", i+1, r.name), []byte(r.res.Err))
	}
	sc.scanDir("file", dir)
	sc.scanGit("local", dir)
	return sc
}

func canaries() map[string]string {
	basic := func(tok string) string {
		return base64.StdEncoding.EncodeToString([]byte("x-access-token:" + tok))
	}
	return map[string]string{
		"token":             token,
		"token tail":        token[10:],
		"token, basic auth": basic(token),
		"token, base64":     base64.StdEncoding.EncodeToString([]byte(token)),
		"bad token":         badToken,
		"bad token tail":    badToken[10:],
		"bad token, basic":  basic(badToken),
		"webhook secret":    "CANARY/SECRET",
		"webhook path":      "services/CANARY",
		"slack token":       slackapi.Token,
		"slack token tail":  slackapi.Token[12:],
		"bad slack token":   badSlackToken,
	}
}

// scanner checks texts for the canaries and counts what it checked.
type scanner struct {
	t       *testing.T
	checked map[string]int
	leaks   []string
}

func (sc *scanner) check(kind, where string, data []byte) {
	sc.checked[kind]++
	for name, c := range canaries() {
		if bytes.Contains(data, []byte(c)) {
			sc.leaks = append(sc.leaks, fmt.Sprintf("%s in %s %s", name, kind, where))
		}
	}
}

// scanDir checks every regular file under dir, .git included.
func (sc *scanner) scanDir(kind, dir string) {
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sc.check(kind, rel, data)
		return nil
	})
	if err != nil {
		sc.t.Fatal(err)
	}
}

// scanGit checks every object of the repository at dir, loose and packed
// (commit messages, tag messages, trees, file contents), every ref, and
// the full history as patches.
func (sc *scanner) scanGit(kind, dir string) {
	list := testutil.Git(sc.t, dir, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)")
	for _, id := range strings.Fields(list) {
		sc.check(kind+" object", id, []byte(testutil.Git(sc.t, dir, "cat-file", "-p", id)))
	}
	sc.check(kind+" refs", "for-each-ref", []byte(testutil.Git(sc.t, dir, "for-each-ref", "--format=%(refname) %(objectname) %(contents)")))
	sc.check(kind+" history", "log --all -p", []byte(testutil.Git(sc.t, dir, "log", "--all", "-p", "--format=%H %an %ae %s%n%b")))
}

// TestCanarySweep runs a whole hotfix, and the failure paths around each
// step, with canary secrets in GH_TOKEN and the webhook variable, then looks
// for them everywhere: every stdout and stderr (all runs use --verbose),
// every file of the work tree and .git, every git object, ref and patch of
// the local and the server's repository, every request the API, git and
// webhook servers received (but the Authorization header), and the pull
// requests and issues as the API holds them.
// It runs twice: with the git binary for the reads that use it, and with
// go-git only (HOTFIX_GIT=go), whose errors are worded differently.
func TestCanarySweep(t *testing.T) {
	for _, pure := range []bool{false, true} {
		name := "git binary"
		if pure {
			name = "pure Go"
		}
		t.Run(name, func(t *testing.T) { canarySweep(t, pure) })
	}
}

func canarySweep(t *testing.T, pureGo bool) {
	policy, closeFlags := "", []string{"--file-actions", "--postmortem-pr"}
	if pureGo {
		// go-git cannot merge or make linked work trees: trunk, and the
		// postmortem stays local.
		policy, closeFlags = strings.Replace(defaultPolicy, "gitflow", "trunk", 1), []string{"--file-actions"}
	}
	w := newWorld(t, policy)
	w.pureGo = pureGo
	s := &sweep{w: w}
	bad := w.with("GH_TOKEN", badToken)
	unreachable := w.with(webhookEnv, webhookURL)

	// Setup commands.
	s.do(0, nil, "init", "--dry-run", "--force")
	s.do(-1, nil, "init", "--no-input") // .hotfix.yaml exists
	s.do(0, nil, "hooks", "install")

	// start, and its failure paths: a bad base, then the real one.
	answers := w.file("incident.yaml", incident)
	s.do(-1, nil, "start", "--no-input", "--answers", answers, "--base", "v9.9.9")
	s.do(0, nil, "start", "--no-input", "--answers", answers, "--base", "v1.0.0")
	s.do(-1, nil, "start", "--no-input", "--answers", answers, "--base", "v1.0.0") // dirty or existing branch

	// triage: every subcommand, and an id that would escape.
	logs := w.file("app.log", "2026-11-22T09:00:00Z ERROR total mismatch: want 80, got 120\n"+
		"panic: total mismatch\n\ngoroutine 1 [running]:\nexample.com/shop.Total(...)\n\t/src/shop/shop.go:7 +0x1d\n")
	s.do(0, nil, "triage", "logs", logs, "--record")
	s.do(0, nil, "triage", "suspects", "--good", "v1.0.0", "--logs", logs)
	s.do(0, nil, "triage", "hypothesis", "Refunds are added, not subtracted")
	s.do(0, nil, "triage", "hypothesis", "--verified", "a refund doubles the total in a test")
	s.do(0, nil, "triage", "repro", "order with one refund")
	s.do(0, nil, "triage", "isolate", "shop/shop.go:7")
	s.do(0, nil, "triage", "dataset", "orders table intact", "--json")
	s.do(-1, nil, "triage", "repro", "x", "--id", "../x")

	// update: posted, webhook 500 (echoing its path), webhook unreachable,
	// a dry run, and JSON.
	s.do(0, nil, "update")
	w.hook.setStatus(500)
	s.do(1, nil, "update", "--message", "still looking")
	w.hook.setStatus(200)
	s.do(1, unreachable, "update", "--message", "still looking")
	s.do(0, nil, "update", "--dry-run")
	s.do(0, nil, "update", "--json", "--status", "fixing")

	// The fix, verify in every format, and the pre-push hook given a
	// remote URL with the token in it (as some people configure remotes).
	w.clock.Advance(20 * time.Minute)
	w.repo.WriteFile("shop/shop.go", shopGo+"\n// Refunds counts the negative prices.\nfunc Refunds(ps []int) int { return 0 }\n")
	w.repo.WriteFile("shop/shop_test.go", "package shop\n\nimport \"testing\"\n\nfunc TestRefunds(t *testing.T) {}\n")
	w.repo.When = w.clock.Now()
	w.repo.Commit("fix refunds")
	head := strings.TrimSpace(w.repo.Git("rev-parse", "HEAD"))
	for _, f := range []string{"text", "json", "github", "sarif"} {
		s.do(0, nil, "verify", "--format", f)
	}
	cli := w.cli(nil)
	cli.Stdin = "refs/heads/" + branch + " " + head + " refs/heads/" + branch + " " + strings.Repeat("0", 40) + "\n"
	res := cli.Run(t, "--verbose", "hooks", "pre-push", "origin", strings.Replace(w.git.RepoURL("acme/shop"), "://", "://x-access-token:"+token+"@", 1))
	s.runs = append(s.runs, run{name: "hooks pre-push", res: res})
	if res.Code != 0 {
		t.Fatalf("pre-push: %d %s", res.Code, res.Err)
	}

	// pr: a refused token (git and API answer 401), a rejected push, a 5xx
	// storm past the retry budget, then the real one and an update of it.
	w.clock.Advance(10 * time.Minute)
	s.do(4, bad, "pr", "--reviewer", "bob")
	s.do(anyCode, nil, "pr", "--abort")
	w.git.Inject(gitserver.Fault{Repo: "acme/shop", Service: gitserver.ReceivePack, Status: 401, Times: -1})
	s.do(-1, nil, "pr", "--reviewer", "bob")
	s.do(anyCode, nil, "pr", "--abort")
	w.git.ClearFaults()
	w.git.Inject(gitserver.Fault{Repo: "acme/shop", Service: gitserver.ReceivePack, Status: 500, Times: -1})
	s.do(-1, nil, "pr", "--reviewer", "bob")
	s.do(anyCode, nil, "pr", "--abort")
	w.git.ClearFaults()
	w.git.Inject(gitserver.Fault{Repo: "acme/shop", Reject: "hotfix branches need a review; you sent " + token, RejectReason: "denied for " + token, Times: 1})
	s.do(-1, nil, "pr", "--reviewer", "bob")
	s.do(anyCode, nil, "pr", "--abort")
	// 20 strikes: more than any retry budget, so the first run stops with
	// its state saved; reruns use up the rest.
	w.api.Fault(ghapi.Fault{Match: "pulls/create", Kind: ghapi.FaultStatus, Status: 502, Times: 20})
	s.do(3, nil, "pr", "--reviewer", "bob")
	s.do(4, bad, "pr", "--continue")
	for i := 0; len(w.api.PendingFaults()) > 0 && i < 20; i++ {
		s.do(3, nil, "pr", "--continue")
	}
	s.do(0, nil, "pr", "--continue")
	s.do(0, nil, "pr", "--reviewer", "bob", "--dry-run")
	s.do(0, nil, "pr", "--reviewer", "bob", "--json")
	// The token from GITHUB_TOKEN (as in Actions) instead of GH_TOKEN.
	actions := w.with("GITHUB_TOKEN", token)
	delete(actions, "GH_TOKEN")
	s.do(0, actions, "pr", "--reviewer", "bob")

	// status in every form.
	s.do(0, nil, "status")
	s.do(0, nil, "status", recordID)
	s.do(0, nil, "status", "--all", "--json")
	s.do(-1, nil, "status", "../x")
	s.do(0, nil, "mitigate", "rolled back to v1.0.0", "--rollback", "v1.0.0")
	// The revert pull request of main's tip: a refused token, then the
	// real one (the pure-Go sweep is refused: a revert needs git).
	tip := strings.TrimSpace(w.repo.Git("rev-parse", "origin/main"))
	s.do(-1, bad, "mitigate", "--revert", tip, "--skip-verify", "sweep")
	s.do(anyCode, nil, "mitigate", "--abort")
	if res := s.do(anyCode, nil, "mitigate", "--revert", tip, "--skip-verify", "sweep", "--json"); res.Code != 0 && !w.pureGo {
		t.Fatalf("mitigate --revert: exit %d\n%s", res.Code, res.Err)
	}

	// close: not merged yet, then merged; an issue refused with 401, the
	// rerun with a bad token, then the real --continue.
	pmAnswers := w.file("answers.yaml", "root_cause: Refunds were summed as positive prices.\nresolution: Refunds subtracts them.\n"+
		"action_items:\n  - {type: prevent, owner: alice, text: Add refund cases}\n")
	s.do(1, nil, "close", "--answers", pmAnswers)
	w.clock.Advance(15 * time.Minute)
	w.api.Merge("acme/shop", 1, ghapi.MergeOptions{By: "bob"})
	w.clock.Advance(5 * time.Minute)
	s.do(0, nil, "close", "--answers", pmAnswers, "--dry-run")
	// A server that echoes the credentials back in its error (a misbehaving
	// proxy): the message must not carry them to the terminal.
	w.api.Fault(ghapi.Fault{Match: "issues/create", Kind: ghapi.FaultStatus, Status: 422,
		Body: `{"message":"Validation Failed: token ` + token + ` is not allowed", "errors":[{"resource":"Issue","code":"custom","message":"Bearer ` + token + `"}]}`})
	s.do(-1, nil, append([]string{"close", "--answers", pmAnswers, "--not-deployed", "sweep"}, closeFlags...)...)
	s.do(anyCode, nil, "close", "--abort")
	w.api.Fault(ghapi.Fault{Match: "issues/create", Kind: ghapi.FaultStatus, Status: 401})
	s.do(4, nil, append([]string{"close", "--answers", pmAnswers, "--not-deployed", "sweep"}, closeFlags...)...)
	s.do(4, bad, "close", "--continue")
	s.do(0, nil, "close", "--continue", "--not-deployed", "sweep")
	// A close of the closed hotfix has nothing left to do (exit 0).
	s.do(0, nil, "close", "--id", recordID)
	s.do(0, nil, "status", "--all")
	s.do(0, nil, "status", recordID, "--json")
	s.do(0, nil, "update", "--id", recordID, "--status", "resolved")
	s.do(0, nil, "hooks", "uninstall")

	// Everything the tool wrote or said.
	sc := s.scan(t, w.repo.Dir)
	sc.scanDir("server file", w.git.Dir("acme/shop"))
	sc.scanGit("server", w.git.Dir("acme/shop"))
	for i, r := range w.api.Requests() {
		h := r.Header.Clone()
		h.Del("Authorization")
		sc.check("API request", fmt.Sprintf("#%d %s %s", i+1, r.Method, r.Path), []byte(r.Path+"?"+r.Query+"\n"+fmt.Sprint(h)+"\n"+r.Body))
	}
	for _, p := range w.api.PullRequests() {
		sc.check("pull request", fmt.Sprintf("#%d", p.Number), []byte(p.Title+"\n"+p.Body))
	}
	for _, is := range w.api.Issues() {
		sc.check("issue", fmt.Sprintf("#%d", is.Number), []byte(is.Title+"\n"+is.Body))
	}
	for i, b := range w.hook.received() {
		sc.check("webhook request", fmt.Sprint(i+1), []byte(b))
	}
	for _, tok := range []string{token, badToken} {
		w.git.AssertNoLeak(t, tok) // everything the git server saw but the basic-auth password
	}
	sc.checked["git request"] = len(w.git.Requests())
	for _, l := range sc.leaks {
		t.Errorf("leak: %s", l)
	}

	// The sweep did reach the failure paths it claims to.
	all := ""
	for _, r := range s.runs {
		all += r.res.Err
	}
	for _, want := range []string{"401", "the webhook answered 500", "[webhook URL]", "stopped at step", "[redacted]"} {
		if !strings.Contains(all, want) {
			t.Errorf("no run printed %q", want)
		}
	}
	var kinds []string
	total := 0
	for k, n := range sc.checked {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
		total += n
	}
	sort.Strings(kinds)
	t.Logf("canary sweep: %d commands run, %d canary forms, %d places checked (%s)", len(s.runs), len(canaries()), total, strings.Join(kinds, ", "))
}

// The scanner finds a canary wherever the sweep looks: in output, in a
// file, in a packed commit message and tag message, and in a request.
func TestScannerFindsPlantedCanaries(t *testing.T) {
	r := testutil.NewRepo(t)
	r.WriteFile("a.txt", "clean\n")
	r.Commit("clean")
	r.Git("commit", "--allow-empty", "-q", "-m", "oops "+token)
	r.Git("tag", "-a", "-m", "tagged with "+badToken[10:], "t1")
	r.Git("gc", "-q", "--prune=now") // only packed objects are left
	sc := &scanner{t: t, checked: map[string]int{}}
	sc.check("stderr", "run", []byte("Authorization: basic "+base64.StdEncoding.EncodeToString([]byte("x-access-token:"+token))))
	sc.check("webhook request", "1", []byte(`{"text":"see https://hooks.example.com/services/CANARY/SECRET"}`))
	sc.scanGit("local", r.Dir)
	found := strings.Join(sc.leaks, "\n")
	for _, want := range []string{"token, basic auth in stderr", "webhook secret in webhook request", "token in local object", "bad token tail in local object", "token in local history"} {
		if !strings.Contains(found, want) {
			t.Errorf("missed %q; found:\n%s", want, found)
		}
	}
	sc = &scanner{t: t, checked: map[string]int{}}
	sc.scanDir("file", r.Dir)
	for _, l := range sc.leaks {
		if strings.Contains(l, "objects/") {
			t.Fatalf("a canary was found in a compressed object file: %s", l)
		}
	}
	if !strings.Contains(strings.Join(sc.leaks, "\n"), "token in file .git/logs/HEAD") {
		t.Fatalf("the reflog was not scanned: %v", sc.leaks)
	}
}

// Some people put the token in the remote's URL
// (https://x-access-token:TOKEN@host/owner/repo.git). hotfix must not
// repeat that URL anywhere: not in plans, dry runs, errors, saved state,
// records or pull requests. Only .git/config, which the user wrote, holds it.
func TestCanaryInTheRemoteURL(t *testing.T) {
	w := newWorld(t, "")
	w.repo.Git("remote", "set-url", "origin", w.git.AuthURL("acme/shop"))
	s := &sweep{w: w}
	answers := w.file("incident.yaml", incident)
	s.do(0, nil, "start", "--no-input", "--answers", answers, "--base", "v1.0.0")
	s.do(0, nil, "status", recordID)
	w.repo.WriteFile("shop/shop.go", shopGo+"\n// Refunds counts the negative prices.\nfunc Refunds(ps []int) int { return 0 }\n")
	w.repo.WriteFile("shop/shop_test.go", "package shop\n\nimport \"testing\"\n\nfunc TestRefunds(t *testing.T) {}\n")
	w.repo.Commit("fix refunds")
	s.do(0, nil, "verify")
	s.do(0, nil, "pr", "--reviewer", "bob", "--dry-run")
	w.git.Inject(gitserver.Fault{Repo: "acme/shop", Service: gitserver.ReceivePack, Status: 500, Times: -1})
	s.do(-1, nil, "pr", "--reviewer", "bob")
	w.git.ClearFaults()
	w.git.Inject(gitserver.Fault{Repo: "acme/shop", Service: gitserver.ReceivePack, Status: 401, Times: -1})
	s.do(-1, nil, "pr", "--continue")
	w.git.ClearFaults()
	s.do(0, nil, "pr", "--continue")
	w.api.Merge("acme/shop", 1, ghapi.MergeOptions{By: "bob"})
	s.do(0, nil, "close", "--dry-run", "--no-input")
	w.git.Inject(gitserver.Fault{Repo: "acme/shop", Service: gitserver.ReceivePack, Status: 500, Times: -1})
	s.do(3, nil, "close", "--no-input")
	w.git.ClearFaults()
	s.do(0, nil, "close", "--continue", "--not-deployed", "sweep")
	s.do(0, nil, "status", "--all", "--json")

	sc := s.scan(t, w.repo.Dir)
	sc.scanGit("server", w.git.Dir("acme/shop"))
	for _, p := range w.api.PullRequests() {
		sc.check("pull request", fmt.Sprintf("#%d", p.Number), []byte(p.Title+"\n"+p.Body))
	}
	for _, l := range sc.leaks {
		if strings.HasSuffix(l, "file .git/config") {
			continue // the user put it there
		}
		t.Errorf("leak: %s", l)
	}
	t.Logf("remote URL sweep: %d commands, %d places checked", len(s.runs), func() (n int) {
		for _, c := range sc.checked {
			n += c
		}
		return n
	}())
}

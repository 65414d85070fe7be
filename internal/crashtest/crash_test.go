package crashtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/crashpoint"
	"github.com/hotfix-dev/hotfix/internal/fsutil"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/ghapi"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

const token = "ghp_CANARYCANARYCANARYCANARYCANARY0808"

const shopGo = testutil.ShopGo

// binNow is the time the killed binary sees (HOTFIX_CRASH_NOW): an hour
// after the in-process setup, and the same in every run, so that records,
// commits and tags compare byte for byte.
var binNow = testutil.Now.Add(time.Hour)

var (
	buildOnce sync.Once
	binPath   string
	binDir    string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	// HOTFIX_CRASH_REPORT names a file for the table of trials, for
	// docs/reliability.md.
	if out := os.Getenv("HOTFIX_CRASH_REPORT"); out != "" && len(results.lines) > 0 {
		text := "| command | after the kill | crash points | trials | survived | time |\n|---|---|---|---|---|---|\n" + strings.Join(results.lines, "\n") + "\n"
		if err := os.WriteFile(out, []byte(text), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// hotfixBin builds cmd/hotfix with the crash points armed, once.
func hotfixBin(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "hotfix-crashbin-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "hotfix")
		cmd := exec.Command("go", "build", "-tags", "hotfixcrash", "-o", binPath, "../../cmd/hotfix")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("%v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building hotfix with -tags hotfixcrash: %v", buildErr)
	}
	return binPath
}

// stage is how far a world's hotfix has come before the command under test.
type stage int

const (
	fresh   stage = iota // released; no hotfix yet (for start)
	started              // start done (for triage and update)
	fixed                // the fix committed (for pr)
	merged               // pull request opened and merged (for close)
)

// world is a gitflow repository whose origin is a real git server over
// HTTP, a strict GitHub API server on it, and a hotfix at some stage.
type world struct {
	t     *testing.T
	git   *gitserver.Server
	api   *ghapi.Server
	repo  *testutil.Repo
	clock *clock.Fixed
	files string // answers and logs, outside the repository
	// suspect is the commit a setup made on main for mitigate --revert.
	suspect string
}

const incident = testutil.ShopIncident

const answers = `root_cause: Refunds were summed as positive prices.
five_whys:
  - Why were totals wrong? Refunds were added, not subtracted.
trigger: The v1.0.0 release.
resolution: Refunds counts negative prices.
went_well: Reproduced in minutes.
went_wrong: Nobody noticed for two hours.
lucky: Few refunds on a Sunday.
action_items:
  - {type: prevent, owner: alice, text: Add refund cases to the checkout tests}
  - {type: process, owner: bob, text: Alert on totals that go negative}
docs_updated: true
monitoring:
  watch: the refunds dashboard
  until: 7d
`

const logText = `2026-11-22T09:00:01Z ERROR total mismatch: want 80, got 120
panic: total mismatch
goroutine 1 [running]:
example.com/shop.Total(...)
	/src/shop/shop.go:6 +0x1d
2026-11-22T09:00:05Z ERROR total mismatch: want 30, got 50
`

func newWorld(t *testing.T, st stage, prep []string, policy string, setup ...func(*world)) *world {
	t.Helper()
	w := &world{t: t, clock: clock.NewFixed(testutil.Now), files: t.TempDir()}
	w.git = gitserver.New(t, gitserver.Options{User: "x-access-token", Password: token})
	// VERSION is bumped by pr (its bump-version step) and checked by close.
	r := testutil.NewShop(t, testutil.Shop{Policy: "version: 1\nflow: gitflow\nverify:\n  rules: [tests-touched, docs-touched]\nrelease:\n  version_files: [VERSION]\n" + policy,
		Files: map[string]string{"VERSION": "1.0.0\n"}, Gitflow: true})
	w.git.Seed(t, "acme/shop", r.Dir)
	w.repo = r
	ar := ghapi.Repo{Owner: "acme", Name: "shop", GitDir: w.git.Dir("acme/shop"), CloneURL: w.git.RepoURL("acme/shop"),
		Collaborators: []string{"alice", "bob"}}
	w.api = ghapi.New(t, ghapi.Options{Token: token, Login: "hotfix-bot", Repos: []ghapi.Repo{ar}, Now: func() time.Time { return w.clock.Now() }})
	for _, f := range setup {
		if f != nil {
			f(w)
		}
	}
	for name, body := range map[string]string{"incident.yaml": incident, "answers.yaml": answers, "app.log": logText} {
		if err := os.WriteFile(filepath.Join(w.files, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if st >= started {
		w.inProcess("start", "--no-input", "--answers", w.file("incident.yaml"), "--base", "v1.0.0")
	}
	if st >= fixed {
		w.clock.Advance(20 * time.Minute)
		r.WriteFile("shop/shop.go", shopGo+"\n// Refunds counts the negative prices.\nfunc Refunds(ps []int) int { return 0 }\n")
		r.WriteFile("shop/shop_test.go", "package shop\n\nimport \"testing\"\n\nfunc TestRefunds(t *testing.T) {}\n")
		r.When = w.clock.Now()
		r.Commit("fix refunds")
	}
	if st >= merged {
		w.clock.Advance(10 * time.Minute)
		w.inProcess("pr", "--reviewer", "bob")
		w.clock.Advance(15 * time.Minute)
		w.api.Merge("acme/shop", 1, ghapi.MergeOptions{By: "bob"})
	}
	if prep != nil {
		w.inProcess(prep...)
	}
	w.clock.Advance(binNow.Sub(w.clock.Now()))
	return w
}

func (w *world) file(name string) string { return filepath.Join(w.files, name) }

func (w *world) env() map[string]string {
	return map[string]string{"GH_TOKEN": token, "GITHUB_API_URL": w.api.URL()}
}

func (w *world) inProcess(args ...string) {
	w.t.Helper()
	res := testutil.CLI{Dir: w.repo.Dir, Env: w.env(), Clock: w.clock}.Run(w.t, args...)
	if res.Code != 0 {
		w.t.Fatalf("setup: hotfix %s: exit %d\n%s\n%s", strings.Join(args, " "), res.Code, res.Out, res.Err)
	}
}

// run is one run of the binary.
type run struct {
	code   int
	killed bool
	out    string
	err    string
}

// exec runs the crash binary in the work tree; crashAt arms a point, log
// names the file the points hit are listed in.
func (w *world) exec(args []string, crashAt, log string) run {
	w.t.Helper()
	cmd := exec.Command(hotfixBin(w.t), append([]string{"--repo", w.repo.Dir}, args...)...)
	cmd.Dir = w.repo.Dir
	stamp := binNow.Format(time.RFC3339)
	env := []string{"HOME=" + os.Getenv("HOME"), "PATH=" + os.Getenv("PATH"), "HOTFIX_NO_INPUT=1", "NO_COLOR=1",
		crashpoint.NowEnv + "=" + stamp, "GIT_AUTHOR_DATE=" + stamp, "GIT_COMMITTER_DATE=" + stamp,
		"GIT_CONFIG_NOSYSTEM=1", "TMPDIR=" + os.TempDir()}
	for k, v := range w.env() {
		env = append(env, k+"="+v)
	}
	if crashAt != "" {
		env = append(env, crashpoint.Env+"="+crashAt)
	}
	if log != "" {
		env = append(env, crashpoint.LogEnv+"="+log)
	}
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := run{out: out.String(), err: errb.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			r.killed = true
		}
		r.code = ee.ExitCode()
	default:
		w.t.Fatalf("running hotfix: %v", err)
	}
	return r
}

// finish reruns a command after a crash as its user would: the same
// command again, then --continue when it says so.
func (w *world) finish(args []string) run {
	w.t.Helper()
	r := w.exec(args, "", "")
	if r.code == 3 && strings.Contains(r.err, "--continue") {
		r = w.exec([]string{args[0], "--continue"}, "", "")
	}
	return r
}

// checkPartial checks what a killed run left: every record parses, every
// saved state is whole JSON, and the repository is sound.
func (w *world) checkPartial(what string) {
	w.t.Helper()
	recDir := filepath.Join(w.repo.Dir, ".hotfix")
	entries, _ := os.ReadDir(recDir)
	for _, e := range entries {
		if fsutil.IsTemp(e.Name()) || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(recDir, e.Name()))
		if err != nil {
			w.t.Fatalf("%s: %v", what, err)
		}
		if _, err := record.Parse(e.Name(), data); err != nil {
			w.t.Errorf("%s: the record %s does not parse: %v", what, e.Name(), err)
		}
	}
	stateDir := filepath.Join(w.repo.Dir, ".git", "hotfix")
	entries, _ = os.ReadDir(stateDir)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") || fsutil.IsTemp(e.Name()) {
			continue
		}
		data, _ := os.ReadFile(filepath.Join(stateDir, e.Name()))
		if !json.Valid(data) {
			w.t.Errorf("%s: the saved state %s is not whole JSON: %q", what, e.Name(), data)
		}
	}
}

// checkFinal checks the end state: no temporary file left, and git's own
// check of the repository passes.
func (w *world) checkFinal(what string) {
	w.t.Helper()
	_ = filepath.WalkDir(w.repo.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(w.repo.Dir, p)
		if d.IsDir() && (rel == filepath.Join(".git", "objects")) {
			return filepath.SkipDir
		}
		if fsutil.IsTemp(d.Name()) {
			w.t.Errorf("%s: temporary file left: %s", what, rel)
		}
		return nil
	})
	if out, err := testutil.GitErr(w.repo.Dir, nil, "fsck", "--no-dangling", "--no-progress"); err != nil {
		w.t.Errorf("%s: git fsck: %v\n%s", what, err, out)
	}
}

var hashRE = regexp.MustCompile(`\b[0-9a-f]{40}\b`)

// snapshot is the end state, with what differs between two worlds (ports,
// temporary directories, object ids) replaced by stable names.
func (w *world) snapshot() string {
	w.t.Helper()
	var b strings.Builder
	git := func(dir string, args ...string) string { return testutil.Git(w.t, dir, args...) }
	b.WriteString("== server refs\n")
	b.WriteString(git(w.git.Dir("acme/shop"), "for-each-ref", "--format=%(refname) %(objecttype) %(objectname) %(*objectname)"))
	b.WriteString("== local refs\n")
	b.WriteString(git(w.repo.Dir, "for-each-ref", "--format=%(refname) %(objecttype) %(objectname) %(*objectname)", "refs/heads", "refs/tags"))
	head, _ := testutil.GitErr(w.repo.Dir, nil, "symbolic-ref", "-q", "HEAD")
	b.WriteString("HEAD " + head + "\n")
	b.WriteString("== status\n")
	b.WriteString(git(w.repo.Dir, "status", "--porcelain=v1", "--untracked-files=all"))
	b.WriteString("== commits\n")
	b.WriteString(git(w.repo.Dir, "log", "--all", "--format=%H %P %s", "--date-order"))
	b.WriteString("== files\n")
	_ = filepath.WalkDir(w.repo.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(w.repo.Dir, p)
		if d.IsDir() {
			if rel == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		data, _ := os.ReadFile(p)
		fmt.Fprintf(&b, "--- %s\n%s\n", filepath.ToSlash(rel), data)
		return nil
	})
	b.WriteString("== saved state\n")
	entries, _ := os.ReadDir(filepath.Join(w.repo.Dir, ".git", "hotfix"))
	for _, e := range entries {
		b.WriteString(e.Name() + "\n")
	}
	b.WriteString("== pull requests\n")
	for _, pr := range w.api.PullRequests() {
		fmt.Fprintf(&b, "#%d %s %s -> %s merged=%v draft=%v labels=%v reviewers=%v teams=%v comments=%d %q\n%s\n", pr.Number, pr.State,
			pr.Head.Ref, pr.Base.Ref, pr.Merged, pr.Draft, pr.Labels, pr.RequestedReviewers, pr.RequestedTeams, len(pr.Comments), pr.Title, pr.Body)
	}
	b.WriteString("== issues\n")
	for _, is := range w.api.Issues() {
		fmt.Fprintf(&b, "#%d %s labels=%v comments=%d %q\n%s\n", is.Number, is.State, is.Labels, len(is.Comments), is.Title, is.Body)
	}
	b.WriteString("== deployments\n")
	for _, d := range w.api.Deployments() {
		var states []string
		for _, st := range d.Statuses {
			states = append(states, st.State)
		}
		fmt.Fprintf(&b, "%d %s %s %s %q statuses=%v\n", d.ID, d.SHA, d.Ref, d.Environment, d.Description, states)
	}
	b.WriteString("== releases\n")
	for _, rel := range w.api.Releases() {
		fmt.Fprintf(&b, "%+v\n", rel)
	}
	return w.normalize(b.String())
}

func (w *world) normalize(s string) string {
	for _, r := range []struct{ from, to string }{
		{strings.TrimSuffix(w.api.URL(), "/"), "API"}, {strings.TrimSuffix(w.api.WebURL(), "/"), "WEB"},
		{w.git.URL, "GIT"}, {w.repo.Dir, "REPO"}, {w.files, "FILES"},
	} {
		s = strings.ReplaceAll(s, r.from, r.to)
	}
	names := map[string]string{}
	for _, h := range hashRE.FindAllString(s, -1) {
		if _, ok := names[h]; !ok {
			names[h] = fmt.Sprintf("<H%d>", len(names)+1)
		}
	}
	// Longest first, so that a short id is replaced by its full object's
	// name wherever it is printed.
	for h, n := range names {
		s = strings.ReplaceAll(s, h, n)
	}
	for h, n := range names {
		s = strings.ReplaceAll(s, h[:7], n)
	}
	return s
}

// scenario is one command under test, from a world at its stage.
type scenario struct {
	name  string
	stage stage
	// steps: a multi-step command, with --continue and --abort.
	steps bool
	args  func(w *world) []string
	// prep runs in-process before the command, after the stage's setup.
	prep []string
	// policy is added to the world's .hotfix.yaml.
	policy string
	// steps lists the steps whose crash points (before, after running,
	// after saving) are always tried, besides the sample: the steps
	// that talk to the server and are new, whose rerun must find what the
	// killed run made. Points named in full (a NAME of
	// internal/crashpoint, without #N) are tried too.
	focus []string
	// setup changes the released repository before the stage's setup.
	setup func(w *world)
}

// focused are the points of all that sc always tries: those of its focus
// steps and focus points.
func (sc scenario) focused(all []string) []string {
	var out []string
	for _, pt := range all {
		name, _, _ := strings.Cut(pt, "#")
		for _, f := range sc.focus {
			if name == f || name == "step.before:"+f || name == "step.ran:"+f || name == "step.saved:"+f {
				out = append(out, pt)
				break
			}
		}
	}
	return out
}

// suspectOnMain commits a documented and tested change to main after the
// release, and puts it on the server: the suspect mitigate --revert
// reverts.
func suspectOnMain(w *world) {
	r := w.repo
	r.Git("checkout", "-q", "main")
	r.WriteFile("shop/shop.go", shopGo+"\n// Refund subtracts a refund from a total.\nfunc Refund(t, r int) int { return t - r - r }\n")
	r.WriteFile("shop/shop_test.go", "package shop\n\nimport \"testing\"\n\nfunc TestRefund(t *testing.T) {}\n")
	r.When = w.clock.Now()
	w.suspect = r.Commit("refunds: subtract the refund")
	w.git.Seed(w.t, "acme/shop", r.Dir)
}

var scenarios = []scenario{
	{name: "start", stage: fresh, steps: true, args: func(w *world) []string {
		return []string{"start", "--no-input", "--answers", w.file("incident.yaml"), "--base", "v1.0.0"}
	}},
	{name: "triage-hypothesis", stage: started, args: func(w *world) []string {
		return []string{"triage", "hypothesis", "Total adds refunds instead of subtracting them"}
	}},
	{name: "triage-verified", stage: started, args: func(w *world) []string {
		return []string{"triage", "hypothesis", "--verified", "a refund of 20 gives 120, not 80"}
	}, prep: []string{"triage", "hypothesis", "Total adds refunds"}},
	{name: "triage-logs", stage: started, args: func(w *world) []string { return []string{"triage", "logs", "--record", w.file("app.log")} }},
	{name: "update", stage: started, args: func(w *world) []string {
		return []string{"update", "--status", "identified", "--message", "Refunds are counted twice in Total."}
	}},
	{name: "pr", stage: fixed, steps: true, args: func(w *world) []string { return []string{"pr", "--reviewer", "bob"} }},
	{name: "close", stage: merged, steps: true, args: func(w *world) []string {
		return []string{"close", "--answers", w.file("answers.yaml"), "--file-actions", "--postmortem-pr", "--not-deployed", "crash trial: no deploy"}
	}, policy: "close:\n  release: github\n", focus: []string{"github-release", "postmortem-pr"}},
	// close.publish: commit: the closed record and the postmortem are
	// committed on the production branch and pushed.
	{name: "close-commit", stage: merged, steps: true, args: func(w *world) []string {
		return []string{"close", "--answers", w.file("answers.yaml"), "--not-deployed", "crash trial: no deploy"}
	}, policy: "close:\n  publish: commit\n  release: github\n", focus: []string{"postmortem-commit", "close.publish-committed"}},
	{name: "mitigate", stage: started, args: func(w *world) []string {
		return []string{"mitigate", "rolled back to v1.0.0", "--rollback", "v1.0.0"}
	}},
	{name: "mitigate-revert", stage: started, steps: true, setup: suspectOnMain, args: func(w *world) []string {
		return []string{"mitigate", "--revert", w.suspect, "reverting the suspect"}
	}, focus: []string{"pull-request"}},
	{name: "deploy-github", stage: merged, args: func(w *world) []string {
		return []string{"deploy", "--ref", "HEAD"}
	}, policy: "deploy:\n  github_deployments: true\n  monitor: 1d\n"},
	{name: "deploy", stage: merged, args: func(w *world) []string {
		return []string{"deploy", "--ref", "HEAD", "--rerun", "re-ran the refunds report"}
	}},
}

// points lists the crash points of a run in order, as NAME#N.
func points(log string) []string {
	seen := map[string]int{}
	var out []string
	for _, name := range strings.Split(strings.TrimSpace(log), "\n") {
		if name == "" {
			continue
		}
		seen[name]++
		out = append(out, fmt.Sprintf("%s#%d", name, seen[name]))
	}
	return out
}

// sample picks n points spread over the run: the middle of each of n
// equal stretches.
func sample(all []string, n int) []string {
	if n >= len(all) {
		return all
	}
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, all[(2*i+1)*len(all)/(2*n)])
	}
	return out
}

// summary is what the harness found, for docs/reliability.md.
type summary struct {
	mu    sync.Mutex
	lines []string
}

var results summary

// recovery is what the user does after the kill, and what the harness
// then expects: the end state of an uninterrupted run.
type recovery struct {
	name string
	// perCommand is how many points the default run tries per command.
	perCommand int
	// applies says which scenarios it is tried on.
	applies func(sc scenario) bool
	// after runs once the killed state has been checked.
	after func(w *world, args []string) run
}

// TestCrashAndRerun kills each command at its crash points and reruns it as
// its user would (docs/testing.md).
func TestCrashAndRerun(t *testing.T) {
	crashTrials(t, recovery{name: "rerun", perCommand: 2, applies: func(scenario) bool { return true }, after: (*world).finish})
}

// TestCrashAbortAndRedo kills each multi-step command, then undoes it with
// --abort and runs it again: the abort must leave nothing in the way of the
// new run, which must end as an uninterrupted run does (what was pushed or
// opened stays, and is found again rather than made twice).
func TestCrashAbortAndRedo(t *testing.T) {
	crashTrials(t, recovery{name: "abort", perCommand: 1, applies: func(sc scenario) bool { return sc.steps }, after: (*world).abortAndRedo})
}

// abortAndRedo runs `COMMAND --abort` after a kill, checks what it left,
// then runs the command again as if for the first time.
func (w *world) abortAndRedo(args []string) run {
	w.t.Helper()
	a := w.exec([]string{args[0], "--abort"}, "", "")
	// A kill before the plan was saved leaves nothing to abort.
	if a.code != 0 && !strings.Contains(a.err, "to abort") {
		w.t.Fatalf("%s --abort after a kill: exit %d\n%s\n%s", args[0], a.code, a.out, a.err)
	}
	w.checkPartial("after --abort")
	if _, err := os.Stat(filepath.Join(w.repo.Dir, ".git", "hotfix", args[0]+".json")); err == nil {
		w.t.Fatalf("%s --abort left its saved progress", args[0])
	}
	return w.finish(args)
}

func crashTrials(t *testing.T, rec recovery) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	full := os.Getenv("HOTFIX_CRASH_FULL") == "1"
	perCommand := rec.perCommand
	if testing.Short() {
		perCommand = 1
	}
	hotfixBin(t)
	var lines []string
	for _, sc := range scenarios {
		sc := sc
		if !rec.applies(sc) {
			continue
		}
		t.Run(sc.name, func(t *testing.T) {
			began := time.Now()
			// The control: an uninterrupted run, listing the points it hits.
			cw := newWorld(t, sc.stage, sc.prep, sc.policy, sc.setup)
			log := filepath.Join(t.TempDir(), "points")
			if r := cw.exec(sc.args(cw), "", log); r.code != 0 {
				t.Fatalf("control run: exit %d\n%s\n%s", r.code, r.out, r.err)
			}
			cw.checkFinal("control")
			want := cw.snapshot()
			data, _ := os.ReadFile(log)
			all := points(string(data))
			if len(all) == 0 {
				t.Fatal("the control run hit no crash point")
			}
			try := all
			if !full {
				try = sample(all, perCommand)
				for _, pt := range sc.focused(all) {
					if !contains(try, pt) {
						try = append(try, pt)
					}
				}
			}
			failed := 0
			for _, pt := range try {
				ok := t.Run(pt, func(t *testing.T) {
					w := newWorld(t, sc.stage, sc.prep, sc.policy, sc.setup)
					r := w.exec(sc.args(w), pt, "")
					if !r.killed {
						t.Fatalf("not killed at %s: exit %d\n%s", pt, r.code, r.err)
					}
					w.checkPartial("after the kill")
					r = rec.after(w, sc.args(w))
					if r.code != 0 {
						t.Fatalf("%s after a kill at %s: exit %d\n%s\n%s", rec.name, pt, r.code, r.out, r.err)
					}
					w.checkFinal("at the end")
					if got := w.snapshot(); got != want {
						t.Errorf("end state after a kill at %s and %s differs from an uninterrupted run:\n%s", pt, rec.name, diff(want, got))
					}
				})
				if !ok {
					failed++
				}
			}
			lines = append(lines, fmt.Sprintf("| %s | %s | %d | %d | %d | %s |", sc.name, rec.name, len(all), len(try), len(try)-failed, time.Since(began).Round(100*time.Millisecond)))
		})
	}
	results.mu.Lock()
	results.lines = append(results.lines, lines...)
	results.mu.Unlock()
	t.Logf("crash trials:\n%s", strings.Join(lines, "\n"))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// diff shows the lines of want and got that differ.
func diff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := len(wl)
	if len(gl) > n {
		n = len(gl)
	}
	shown := 0
	for i := 0; i < n && shown < 40; i++ {
		var a, c string
		if i < len(wl) {
			a = wl[i]
		}
		if i < len(gl) {
			c = gl[i]
		}
		if a != c {
			fmt.Fprintf(&b, "line %d\n  want: %s\n  got:  %s\n", i+1, a, c)
			shown++
		}
	}
	return b.String()
}

func TestPointsAndSample(t *testing.T) {
	got := points("a\nb\na\n\n")
	if strings.Join(got, " ") != "a#1 b#1 a#2" {
		t.Fatal(got)
	}
	all := []string{"0", "1", "2", "3", "4", "5"}
	if s := sample(all, 3); strings.Join(s, " ") != "1 3 5" {
		t.Fatal(s)
	}
	if s := sample(all, 10); len(s) != 6 {
		t.Fatal(s)
	}
}

package start_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/fsutil"
	"github.com/hotfix-dev/hotfix/internal/prompter"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

const recordPath = ".hotfix/2026-11-22-checkout-returns-500.yaml"
const branch = "hotfix/v1.4.2-checkout-returns-500"

// released makes a repository with an origin and this history on main:
// v1.4.1, v1.4.2 (the newest release reachable from main), one more commit,
// and v9.0.0 on a side branch that main does not contain.
func released(t *testing.T) (*testutil.Repo, string) {
	t.Helper()
	r := testutil.NewRepo(t)
	r.WriteFile("app.py", "v1\n")
	r.Commit("v1")
	r.Tag("v1.4.1")
	r.WriteFile("app.py", "v2\n")
	tagged := r.Commit("v2")
	r.Tag("v1.4.2")
	r.Git("tag", "v1.5.0-rc.1")
	r.WriteFile("app.py", "unreleased\n")
	r.Commit("after the release")
	r.Git("checkout", "-q", "-b", "experiment")
	r.Commit("side")
	r.Tag("v9.0.0")
	r.Git("checkout", "-q", "main")
	r.WithOrigin()
	return r, tagged
}

func loadRecord(t *testing.T, r *testutil.Repo, path string) *record.Record {
	t.Helper()
	data := r.ReadFile(path)
	if data == "" {
		t.Fatalf("no record at %s", path)
	}
	rec, err := record.Parse(path, []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestStartNoInput(t *testing.T) {
	for _, pure := range []bool{false, true} {
		t.Run(map[bool]string{false: "git", true: "go"}[pure], func(t *testing.T) {
			r, tagged := released(t)
			cli := testutil.CLI{Dir: r.Dir, PureGo: pure}
			res := cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "sev2",
				"--detected", "automatic", "--reporter", "alice", "--affected", "all shoppers")
			if res.Code != 0 {
				t.Fatalf("exit %d\n%s%s", res.Code, res.Out, res.Err)
			}
			for _, want := range []string{"Created branch " + branch + " from v1.4.2", "Wrote the incident record " + recordPath, "Deadlines: fix by", "Still open: summary"} {
				if !strings.Contains(res.Out, want) {
					t.Errorf("output lacks %q:\n%s", want, res.Out)
				}
			}
			if got := r.Git("symbolic-ref", "--short", "HEAD"); got != branch {
				t.Fatalf("on %s", got)
			}
			if got := r.Git("rev-parse", "HEAD"); got != tagged {
				t.Fatalf("branch at %s, want the v1.4.2 commit %s", got, tagged)
			}
			if r.ReadFile("app.py") != "v2\n" {
				t.Fatal("work tree is not v1.4.2")
			}
			if st := r.Git("status", "--porcelain"); st != "?? .hotfix/" {
				t.Fatalf("status %q", st)
			}
			if r.Exists(".git/hotfix/start.json") {
				t.Fatal("progress state left behind")
			}
			rec := loadRecord(t, r, recordPath)
			in := rec.Incident
			if in.Title != "Checkout returns 500" || in.Severity != "SEV2" || in.Detection != "automatic" || in.Reporter != "alice" ||
				in.Affected != "all shoppers" || in.Version != "v1.4.2" || in.Owner != "Test Author" || in.Documenter != "Test Author" {
				t.Fatalf("incident %+v", in)
			}
			if rec.Branch.Name != branch || rec.Branch.Base != "v1.4.2" || rec.Branch.BaseCommit != tagged || rec.Branch.Production != "main" {
				t.Fatalf("branch %+v", rec.Branch)
			}
			if rec.Phase != record.PhaseInvestigating || !rec.Created.Equal(testutil.Now) {
				t.Fatalf("phase %s created %v", rec.Phase, rec.Created)
			}
			// No .hotfix.yaml on main: the record says the defaults governed.
			if rec.Policy == nil || rec.Policy.Ref != "origin/main" || !rec.Policy.Absent || !strings.HasPrefix(rec.Policy.String(), "the defaults (no .hotfix.yaml at origin/main (") {
				t.Fatalf("policy %+v", rec.Policy)
			}
			if rec.Deadlines.Fix == nil || !rec.Deadlines.Fix.Equal(testutil.Now.Add(24*time.Hour)) ||
				!rec.Deadlines.Deploy.Equal(testutil.Now.Add(48*time.Hour)) {
				t.Fatalf("deadlines %v %v", rec.Deadlines.Fix, rec.Deadlines.Deploy)
			}
			if len(rec.Timeline) != 1 || rec.Timeline[0].Kind != "started" || rec.Timeline[0].Fields["base_commit"] != tagged {
				t.Fatalf("timeline %+v", rec.Timeline)
			}
			if want := []string{"summary", "related_repos", "logs", "error_message", "datasets_checked", "scope", "client_notice"}; !reflect.DeepEqual(rec.Open, want) {
				t.Fatalf("open %v, want %v", rec.Open, want)
			}
		})
	}
}

func TestStartJSONAndAnswersFile(t *testing.T) {
	r, tagged := released(t)
	answers := filepath.Join(t.TempDir(), "answers.yaml")
	if err := os.WriteFile(answers, []byte(`title: Checkout returns 500
severity: SEV1
summary: Card payments fail; roll back the JSON change
reporter: on-call alert
detection: automatic
affected: every shopper in the EU
version: v1.4.2
related_repos: [shop/api, shop/web]
logs: [/var/log/app.log]
error_message: "TypeError: the JSON object must be str"
datasets_checked: "yes"
owner: bob
scope: application.py only
documenter: carol
client_notice: "no"
issue: "#42"
deadlines:
  fix: 2h
  test: "2026-11-22 15:00"
  deploy: "-"
`), 0o644); err != nil {
		t.Fatal(err)
	}
	cli := testutil.CLI{Dir: r.Dir}
	// A flag wins over the file.
	res := cli.Run(t, "start", "--no-input", "--answers", answers, "--owner", "dave", "--json")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	var out struct {
		DryRun     bool              `json:"dry_run"`
		ID         string            `json:"id"`
		Record     string            `json:"record"`
		Branch     string            `json:"branch"`
		BaseCommit string            `json:"base_commit"`
		Severity   string            `json:"severity"`
		Open       []string          `json:"open"`
		Deadlines  map[string]string `json:"deadlines"`
	}
	if err := json.Unmarshal([]byte(res.Out), &out); err != nil {
		t.Fatalf("%v\n%s", err, res.Out)
	}
	if out.DryRun || out.ID != "2026-11-22-checkout-returns-500" || out.Record != recordPath || out.Branch != branch ||
		out.BaseCommit != tagged || out.Severity != "SEV1" || len(out.Open) != 0 || out.Deadlines["fix"] != "2026-11-22T12:00:00Z" {
		t.Fatalf("json %+v", out)
	}
	rec := loadRecord(t, r, recordPath)
	in := rec.Incident
	if in.Owner != "dave" || in.Documenter != "carol" || !reflect.DeepEqual(in.RelatedRepos, []string{"shop/api", "shop/web"}) ||
		in.DatasetsChecked != "yes" || in.ClientNotice != "no" || in.Issue != "#42" || in.Summary == "" {
		t.Fatalf("incident %+v", in)
	}
	if rec.Deadlines.Deploy != nil || rec.Deadlines.Test.Format(time.RFC3339) != "2026-11-22T15:00:00Z" {
		t.Fatalf("deadlines %+v", rec.Deadlines)
	}
}

func TestStartUsageErrors(t *testing.T) {
	r, _ := released(t)
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("title: x\nseverity: SEV1\nreporterr: y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no title", nil, []string{"--no-input", "--severity", "SEV1"}, "--title is required when prompts are off (--no-input was given)"},
		{"no severity", nil, []string{"--no-input", "--title", "x"}, "--severity is required"},
		{"CI set", map[string]string{"CI": "true"}, []string{"--severity", "SEV1"}, "--title is required when prompts are off (CI is set)"},
		{"HOTFIX_NO_INPUT", map[string]string{"HOTFIX_NO_INPUT": "1"}, []string{"--title", "x"}, "--severity is required when prompts are off (HOTFIX_NO_INPUT=1 is set)"},
		{"not a terminal", nil, []string{"--title", "x"}, "--severity is required when prompts are off (not running in a terminal)"},
		{"unknown severity", nil, []string{"--no-input", "--title", "x", "--severity", "SEV9"}, `unknown severity "SEV9"` + "\n  use one of: SEV1, SEV2, SEV3, SEV4"},
		{"answers file key", nil, []string{"--no-input", "--answers", bad}, `bad.yaml:3: unknown key "reporterr"`},
		{"answers file missing", nil, []string{"--no-input", "--answers", "/nonexistent.yaml"}, "does not exist"},
		{"bad flag", nil, []string{"--titel", "x"}, "unknown flag: --titel"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := r.State()
			// A prompter that fails on any prompt proves none was shown.
			p := prompter.NewScripted()
			cli := testutil.CLI{Dir: r.Dir, Env: tc.env}
			if tc.env != nil {
				cli.Prompter = p
			}
			res := cli.Run(t, append([]string{"start"}, tc.args...)...)
			if res.Code != 2 || !strings.Contains(res.Err, tc.want) {
				t.Fatalf("exit %d, stderr:\n%s\nwant %q", res.Code, res.Err, tc.want)
			}
			if len(p.Asked()) > 0 {
				t.Fatalf("prompted: %v", p.Asked())
			}
			if after := r.State(); after != before {
				t.Fatalf("state changed:\n%s\n---\n%s", before, after)
			}
		})
	}
}

func TestStartRefusals(t *testing.T) {
	args := []string{"start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2"}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, r *testutil.Repo) []string
		want  []string
	}{
		{"dirty work tree", func(t *testing.T, r *testutil.Repo) []string {
			r.WriteFile("app.py", "edited\n")
			r.WriteFile("README.md", "edited\n")
			r.Git("add", "README.md")
			return nil
		}, []string{"the work tree has uncommitted changes: README.md, app.py", "commit or stash them"}},
		{"local branch exists", func(t *testing.T, r *testutil.Repo) []string {
			r.Git("branch", branch, "v1.4.1")
			return nil
		}, []string{"branch " + branch + " already exists", "git switch " + branch}},
		{"branch fetched from the remote", func(t *testing.T, r *testutil.Repo) []string {
			pushFromOtherClone(t, r, branch)
			r.Git("fetch", "-q", "origin")
			return nil
		}, []string{"branch " + branch + " already exists on origin"}},
		{"branch only on the remote", func(t *testing.T, r *testutil.Repo) []string {
			pushFromOtherClone(t, r, branch)
			return nil
		}, []string{"branch " + branch + " already exists on origin", "git fetch origin"}},
		{"unknown version", func(t *testing.T, r *testutil.Repo) []string {
			return []string{"--version", "v7.7.7"}
		}, []string{`unknown version "v7.7.7"`, "git tag --list"}},
		{"unknown base", func(t *testing.T, r *testutil.Repo) []string {
			return []string{"--base", "no-such-branch"}
		}, []string{`unknown base "no-such-branch"`, "pass --base"}},
		{"bad config", func(t *testing.T, r *testutil.Repo) []string {
			r.WriteFile(".hotfix.yaml", "version: 1\nflow: gitflow\nbranchs: {}\n")
			r.Commit("config")
			return nil
		}, []string{`.hotfix.yaml:3: unknown key "branchs"`, "docs/config.md"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := released(t)
			extra := tc.setup(t, r)
			before := r.State()
			res := testutil.CLI{Dir: r.Dir}.Run(t, append(args, extra...)...)
			if res.Code != 1 {
				t.Fatalf("exit %d\n%s%s", res.Code, res.Out, res.Err)
			}
			for _, w := range tc.want {
				if !strings.Contains(res.Err, w) {
					t.Errorf("stderr lacks %q:\n%s", w, res.Err)
				}
			}
			if strings.Count(strings.TrimSpace(res.Err), "\n") > 1 || strings.Contains(res.Err, "goroutine") {
				t.Errorf("error is not one or two lines:\n%s", res.Err)
			}
			if after := r.State(); after != before {
				t.Fatalf("state changed:\n%s\n---\n%s", before, after)
			}
		})
	}
}

func pushFromOtherClone(t *testing.T, r *testutil.Repo, branch string) {
	t.Helper()
	other := filepath.Join(t.TempDir(), "teammate")
	testutil.Git(t, filepath.Dir(other), "clone", "-q", r.Origin, other)
	testutil.Git(t, other, "push", "-q", "origin", "v1.4.2^{commit}:refs/heads/"+branch)
}

func TestStartNotARepository(t *testing.T) {
	dir := t.TempDir()
	res := testutil.CLI{Dir: dir}.Run(t, "start", "--no-input", "--title", "x", "--severity", "SEV1")
	if res.Code != 1 || !strings.Contains(res.Err, "is not inside a git repository") || !strings.Contains(res.Err, "--repo DIR") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("wrote %v", entries)
	}
}

func TestStartDryRun(t *testing.T) {
	r, tagged := released(t)
	before := r.State()
	res := testutil.CLI{Dir: r.Dir}.Run(t, "--dry-run", "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	for _, want := range []string{"Dry run: nothing was changed", "create branch  " + branch, "from           v1.4.2 (" + tagged[:10] + ")",
		"(now on main)", "write record   " + recordPath, "    title: Checkout returns 500", "    severity: SEV2"} {
		if !strings.Contains(res.Out, want) {
			t.Errorf("plan lacks %q:\n%s", want, res.Out)
		}
	}
	if after := r.State(); after != before {
		t.Fatalf("dry run changed state:\n%s\n---\n%s", before, after)
	}
}

func TestStartWithoutTagsOrRemote(t *testing.T) {
	r := testutil.NewRepo(t)
	res := testutil.CLI{Dir: r.Dir}.Run(t, "start", "--no-input", "--title", "Login loop", "--severity", "sev3")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if got := r.Git("symbolic-ref", "--short", "HEAD"); got != "hotfix/login-loop" {
		t.Fatalf("branch %s", got)
	}
	rec := loadRecord(t, r, ".hotfix/2026-11-22-login-loop.yaml")
	if rec.Incident.Version != "" || rec.Branch.Base != "main" || rec.Incident.Severity != "SEV3" {
		t.Fatalf("record %+v %+v", rec.Incident, rec.Branch)
	}
	// The fall back to the production branch is said, in one line.
	if !strings.Contains(res.Err, "No release tag matching") || !strings.Contains(res.Err, "the branch is cut from main (pass --version or --base to choose)") {
		t.Fatalf("fallback not said:\n%s", res.Err)
	}
}

func TestStartUnreachableRemoteWarns(t *testing.T) {
	r, _ := released(t)
	r.Git("remote", "set-url", "origin", filepath.Join(t.TempDir(), "gone.git"))
	res := testutil.CLI{Dir: r.Dir}.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2")
	if res.Code != 0 || !strings.Contains(res.Err, "warning: could not ask origin whether "+branch+" exists") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
}

func TestStartConfigTemplateAndSeverities(t *testing.T) {
	r, _ := released(t)
	r.TeamPolicy(`version: 1
branches:
  hotfix: "fix/{{.Severity}}/{{.ID}}"
severities:
  - name: P1
    meaning: on fire
    deadlines: {fix: 1h}
`)
	res := testutil.CLI{Dir: r.Dir}.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "p1", "--base", "main")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if got := r.Git("symbolic-ref", "--short", "HEAD"); got != "fix/P1/2026-11-22-checkout-returns-500" {
		t.Fatalf("branch %s", got)
	}
	rec := loadRecord(t, r, recordPath)
	if rec.Deadlines.Fix == nil || !rec.Deadlines.Fix.Equal(testutil.Now.Add(time.Hour)) || rec.Deadlines.Test != nil {
		t.Fatalf("deadlines %+v", rec.Deadlines)
	}
	if rec.Policy == nil || rec.Policy.Absent || !strings.HasPrefix(rec.Policy.String(), ".hotfix.yaml at ") {
		t.Fatalf("policy %+v", rec.Policy)
	}
}

func TestStartInteractive(t *testing.T) {
	r, _ := released(t)
	p := prompter.NewScripted(
		prompter.Answer{Match: "What is broken?", Value: "Checkout returns 500"},
		prompter.Answer{Match: "Severity", Value: "SEV1"},
		prompter.Answer{Match: "rest of the checklist", Value: "y"},
		prompter.Answer{Match: "Summary", Value: "payments fail"},
		prompter.Answer{Match: "Who reported it?", Value: "alice"},
		prompter.Answer{Match: "How was it detected?", Value: "automatic"},
		prompter.Answer{Match: "Who and what is affected?", Value: "EU shoppers"},
		prompter.Answer{Match: "Broken version", Value: "v9.9.9"}, // not a tag: asked again
		prompter.Answer{Match: "Broken version", Value: ""},       // default: v1.4.2
		prompter.Answer{Match: "Cut the fix branch from", Value: ""},
		prompter.Answer{Match: "Other affected repositories", Value: "shop/api, shop/web"},
		prompter.Answer{Match: "Where are the logs?", Value: "/var/log/app.log"},
		prompter.Answer{Match: "Error message", Value: "TypeError"},
		prompter.Answer{Match: "Backing datasets", Value: "not known"},
		prompter.Answer{Match: "Who works on the fix?", Value: "-"},
		prompter.Answer{Match: "Scope", Value: "app.py"},
		prompter.Answer{Match: "Who documents", Value: "carol"},
		prompter.Answer{Match: "Must the client be told?", Value: "yes"},
		prompter.Answer{Match: "Deadline for the fix (SEV1 policy", Value: "soon"}, // invalid: asked again
		prompter.Answer{Match: "Deadline for the fix", Value: "2h"},
		prompter.Answer{Match: "Deadline for the test", Value: ""},
		prompter.Answer{Match: "Deadline for the deploy", Value: "-"},
	)
	res := testutil.CLI{Dir: r.Dir, Prompter: p}.Run(t, "start")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s\nasked: %q", res.Code, res.Out, res.Err, p.Asked())
	}
	if rest := p.Remaining(); len(rest) != 0 {
		t.Fatalf("questions not asked: %v", rest)
	}
	if !strings.Contains(res.Err, `"v9.9.9" is not a tag or commit here`) {
		t.Errorf("no hint for the bad version:\n%s", res.Err)
	}
	rec := loadRecord(t, r, ".hotfix/2026-11-22-checkout-returns-500.yaml")
	in := rec.Incident
	if in.Severity != "SEV1" || in.Reporter != "alice" || in.Detection != "automatic" || in.Version != "v1.4.2" || in.Owner != "" ||
		in.DatasetsChecked != "" || in.ClientNotice != "yes" || in.Documenter != "carol" || !reflect.DeepEqual(in.Logs, []string{"/var/log/app.log"}) {
		t.Fatalf("incident %+v", in)
	}
	if !reflect.DeepEqual(rec.Open, []string{"datasets_checked", "owner"}) {
		t.Fatalf("open %v", rec.Open)
	}
	if !rec.Deadlines.Fix.Equal(testutil.Now.Add(2*time.Hour)) || !rec.Deadlines.Test.Equal(testutil.Now.Add(6*time.Hour)) || rec.Deadlines.Deploy != nil {
		t.Fatalf("deadlines %+v", rec.Deadlines)
	}
}

// TestStartSeverityCursorStartsLeastSevere: Enter on the severity prompt
// picks the policy's least severe level, never SEV1 by habit.
func TestStartSeverityCursorStartsLeastSevere(t *testing.T) {
	r, _ := released(t)
	p := prompter.NewScripted(
		prompter.Answer{Match: "What is broken?", Value: "Checkout returns 500"},
		prompter.Answer{Match: "Severity", Value: ""},
		prompter.Answer{Match: "rest of the checklist", Value: "n"},
	)
	res := testutil.CLI{Dir: r.Dir, Prompter: p}.Run(t, "start")
	if res.Code != 0 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	cfg := config.Default()
	want := cfg.Severities[len(cfg.Severities)-1].Name
	if rec := loadRecord(t, r, recordPath); rec.Incident.Severity != want {
		t.Fatalf("severity %q, want the least severe %q", rec.Incident.Severity, want)
	}
}

func TestStartInteractiveSkipsGivenAnswersAndTheRest(t *testing.T) {
	r, _ := released(t)
	p := prompter.NewScripted(prompter.Answer{Match: "rest of the checklist", Value: "n"})
	res := testutil.CLI{Dir: r.Dir, Prompter: p}.Run(t, "start", "--title", "Checkout returns 500", "--severity", "sev4")
	if res.Code != 0 || len(p.Remaining()) != 0 {
		t.Fatalf("exit %d %s asked %q", res.Code, res.Err, p.Asked())
	}
	if rec := loadRecord(t, r, recordPath); rec.Incident.Version != "v1.4.2" || rec.Incident.Owner != "Test Author" {
		t.Fatalf("defaults not applied: %+v", rec.Incident)
	}
}

func TestStartInterruptedAtPromptLeavesNothing(t *testing.T) {
	for _, at := range []string{"Severity", "Who works on the fix?", "Deadline for the deploy"} {
		t.Run(at, func(t *testing.T) {
			r, _ := released(t)
			before := r.State()
			answers := []prompter.Answer{
				{Match: "What is broken?", Value: "Checkout returns 500"}, {Match: "Severity", Value: "SEV1"},
				{Match: "rest of the checklist", Value: "y"}, {Match: "Summary"}, {Match: "Who reported"}, {Match: "detected"},
				{Match: "affected"}, {Match: "Broken version"}, {Match: "Cut the fix"}, {Match: "repositories"}, {Match: "logs"},
				{Match: "Error message"}, {Match: "datasets"}, {Match: "Who works on the fix?"}, {Match: "Scope"},
				{Match: "Who documents"}, {Match: "client"}, {Match: "fix"}, {Match: "test"}, {Match: "Deadline for the deploy"},
			}
			for i := range answers {
				if answers[i].Match == at {
					answers = append(answers[:i], prompter.Answer{Match: at, Interrupt: true})
					break
				}
			}
			res := testutil.CLI{Dir: r.Dir, Prompter: prompter.NewScripted(answers...)}.Run(t, "start")
			if res.Code != 130 || !strings.Contains(res.Err, "interrupted; nothing was changed") || !strings.Contains(res.Err, "your answers so far are kept") {
				t.Fatalf("exit %d\n%s", res.Code, res.Err)
			}
			// Nothing changed but the draft of the answers, in the git
			// directory.
			draft := filepath.Join(r.Dir, ".git", "hotfix", "start-draft.yaml")
			if _, err := os.Stat(draft); err != nil {
				t.Fatalf("no draft: %v", err)
			}
			if err := os.Remove(draft); err != nil {
				t.Fatal(err)
			}
			if after := r.State(); after != before {
				t.Fatalf("state changed:\n%s\n---\n%s", before, after)
			}
		})
	}
}

// A step that fails stops start with exit 3 and saved progress; --continue
// finishes it, --abort undoes it, and a plain start refuses meanwhile.
func TestStartStopContinueAbort(t *testing.T) {
	for _, finish := range []string{"--continue", "--abort"} {
		t.Run(finish, func(t *testing.T) {
			r, tagged := released(t)
			before := r.State()
			// An untracked file where the records directory must go makes
			// the write-record step fail after the branch was made.
			r.WriteFile(".hotfix", "in the way")
			cli := testutil.CLI{Dir: r.Dir}
			args := []string{"start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2"}
			res := cli.Run(t, args...)
			if res.Code != 3 || !strings.Contains(res.Err, `start stopped at step "write-record"`) || !strings.Contains(res.Err, "hotfix start --continue") {
				t.Fatalf("exit %d\n%s", res.Code, res.Err)
			}
			if r.Git("rev-parse", "HEAD") != tagged || !r.Exists(".git/hotfix/start.json") {
				t.Fatal("expected the branch checked out and progress saved")
			}
			res = cli.Run(t, args...)
			if res.Code != 3 || !strings.Contains(res.Err, "an earlier `hotfix start` for branch "+branch+` stopped at step "write-record"`) {
				t.Fatalf("rerun: exit %d\n%s", res.Code, res.Err)
			}
			if err := os.Remove(filepath.Join(r.Dir, ".hotfix")); err != nil {
				t.Fatal(err)
			}
			res = cli.Run(t, "start", finish)
			if res.Code != 0 {
				t.Fatalf("%s: exit %d\n%s", finish, res.Code, res.Err)
			}
			if finish == "--continue" {
				if rec := loadRecord(t, r, recordPath); rec.Branch.Name != branch {
					t.Fatal("record not written")
				}
				if r.Exists(".git/hotfix/start.json") {
					t.Fatal("state left")
				}
				return
			}
			if !strings.Contains(res.Out, "Aborted the start of "+branch+": branch and record removed, back on main") {
				t.Fatalf("abort output:\n%s", res.Out)
			}
			if after := r.State(); after != before {
				t.Fatalf("abort did not restore the state:\n%s\n---\n%s", before, after)
			}
		})
	}
	r, _ := released(t)
	if res := (testutil.CLI{Dir: r.Dir}).Run(t, "start", "--continue"); res.Code != 1 || !strings.Contains(res.Err, "no interrupted `hotfix start` to continue") {
		t.Fatalf("continue with nothing saved: %d %s", res.Code, res.Err)
	}
}

// --abort right after write-record failed because .hotfix is a file, with
// that file still in the way: the record was never written, so there is
// nothing to remove, and the abort goes back to where start began, leaving
// the user's file alone.
func TestAbortWithTheCauseStillThere(t *testing.T) {
	r, _ := released(t)
	r.WriteFile(".hotfix", "in the way")
	before := r.State()
	cli := testutil.CLI{Dir: r.Dir}
	if res := cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2"); res.Code != 3 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	res := cli.Run(t, "start", "--abort")
	if res.Code != 0 {
		t.Fatalf("abort: exit %d\n%s", res.Code, res.Err)
	}
	if after := r.State(); after != before || r.ReadFile(".hotfix") != "in the way" {
		t.Fatalf("abort did not restore the state:\n%s\n---\n%s", before, after)
	}
}

// A branch whose name is a directory of the new one ("hotfix" for
// "hotfix/v1.4.2-...") or lies under it leaves git no room for it: start
// refuses before it changes anything, naming the branch in the way.
func TestBranchInTheWayOfTheName(t *testing.T) {
	for _, in := range []string{"hotfix", branch + "/old"} {
		t.Run(in, func(t *testing.T) {
			r, _ := released(t)
			r.Git("branch", in)
			before := r.State()
			res := (testutil.CLI{Dir: r.Dir}).Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2")
			if res.Code != 1 || !strings.Contains(res.Err, "git cannot make branch "+branch+" while") || !strings.Contains(res.Err, in) {
				t.Fatalf("exit %d\n%s", res.Code, res.Err)
			}
			if after := r.State(); after != before || r.Exists(".git/hotfix/start.json") {
				t.Fatalf("start changed the repository:\n%s\n---\n%s", before, after)
			}
		})
	}
}

// A repository with no commits has no release to fix: start says so
// instead of "unknown base".
func TestStartInAnEmptyRepository(t *testing.T) {
	dir := t.TempDir()
	testutil.Git(t, dir, "init", "-q", "-b", "main")
	res := testutil.CLI{Dir: dir}.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2")
	if res.Code != 1 || !strings.Contains(res.Err, "the repository has no commits yet") || strings.Contains(res.Err, "unknown base") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
}

// An empty ref file (a full disk under an older hotfix, or git) makes the
// tag lookup fail: start stops, naming the file and the fix, and never
// plans "from main" (issue 16, item 6).
func TestStartRefusesABrokenRef(t *testing.T) {
	for _, pure := range []bool{false, true} {
		r, _ := released(t)
		empty := filepath.Join(r.Dir, ".git", "refs", "heads", "hotfix", "v1.4.2-old")
		if err := os.MkdirAll(filepath.Dir(empty), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(empty, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		before := r.State()
		res := testutil.CLI{Dir: r.Dir, PureGo: pure}.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2")
		if res.Code != 1 || !strings.Contains(res.Err, empty+" is empty") || !strings.Contains(res.Err, "rm "+empty) || strings.Contains(res.Err, "No release tag") {
			t.Fatalf("pure %v: exit %d\n%s", pure, res.Code, res.Err)
		}
		if after := r.State(); after != before {
			t.Fatalf("start changed the repository:\n%s\n---\n%s", before, after)
		}
	}
}

// A ref write that fails (a full disk) stops start at create-branch with
// no ref left; --abort removes a 0-byte ref that an interrupted write left
// there and ends where start began.
func TestStartFullDiskAtTheRefThenAbort(t *testing.T) {
	r, _ := released(t)
	before := r.State()
	cli := testutil.CLI{Dir: r.Dir}
	restore := fsutil.InjectWriteFault(func(p string) error {
		if strings.Contains(filepath.ToSlash(p), "refs/heads/hotfix/") {
			return syscall.ENOSPC
		}
		return nil
	})
	res := cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2")
	restore()
	if res.Code == 0 || !strings.Contains(res.Err, "no space left on device") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	ref := filepath.Join(r.Dir, ".git", "refs", "heads", filepath.FromSlash(branch))
	if _, err := os.Stat(ref); !os.IsNotExist(err) {
		t.Fatalf("ref left after the failed write: %v", err)
	}
	// What a non-atomic write left: an empty file.
	if err := os.WriteFile(ref, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	res = cli.Run(t, "start", "--abort")
	if res.Code != 0 {
		t.Fatalf("abort: exit %d\n%s", res.Code, res.Err)
	}
	if _, err := os.Stat(ref); !os.IsNotExist(err) {
		t.Fatalf("abort left the empty ref: %v", err)
	}
	if after := r.State(); after != before {
		t.Fatalf("abort did not restore the state:\n%s\n---\n%s", before, after)
	}
	r.Git("fsck", "--no-progress")
}

// A monorepo tags several modules (pkg/v1.2.3 beside other/v0.1.0): start
// takes none of them by default, naming the newest of each, and --version
// chooses.
func TestStartInAMonorepo(t *testing.T) {
	r := testutil.NewRepo(t)
	r.WriteFile("pkg/a.go", "package pkg\n")
	r.Commit("pkg release")
	r.Tag("pkg/v1.2.3")
	r.WriteFile("other/b.go", "package other\n")
	r.Commit("other release")
	r.Tag("other/v0.1.0")
	cli := testutil.CLI{Dir: r.Dir}
	res := cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2")
	if res.Code != 2 || !strings.Contains(res.Err, "tags several modules (newest: other/v0.1.0, pkg/v1.2.3)") || !strings.Contains(res.Err, "--version") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	res = cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2", "--version", "pkg/v1.2.3")
	if res.Code != 0 || !strings.Contains(res.Out, "from pkg/v1.2.3") {
		t.Fatalf("exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
}

// TestStartDeadlinesInOrder: a test deadline before the fix's is refused
// from an answers file (exit 2, nothing made) and asked again at the
// prompt, whose question names the time zone of the policy's time.
func TestStartDeadlinesInOrder(t *testing.T) {
	r, _ := released(t)
	before := r.State()
	answers := filepath.Join(t.TempDir(), "answers.yaml")
	if err := os.WriteFile(answers, []byte("title: Checkout returns 500\nseverity: SEV2\ndeadlines:\n  fix: 4h\n  test: 2h\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := testutil.CLI{Dir: r.Dir}.Run(t, "start", "--no-input", "--answers", answers)
	if res.Code != 2 || !strings.Contains(res.Err, "the test deadline") || !strings.Contains(res.Err, "is before the fix deadline") ||
		!strings.Contains(res.Err, "fix, then test, then deploy") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	if after := r.State(); after != before {
		t.Fatalf("a refused start changed the repository:\n%s", after)
	}

	p := prompter.NewScripted(
		prompter.Answer{Match: "What is broken?", Value: "Checkout returns 500"},
		prompter.Answer{Match: "Severity", Value: "SEV1"},
		prompter.Answer{Match: "rest of the checklist", Value: "y"},
		prompter.Answer{Match: "Summary"}, prompter.Answer{Match: "Who reported"}, prompter.Answer{Match: "detected"},
		prompter.Answer{Match: "affected"}, prompter.Answer{Match: "Broken version"}, prompter.Answer{Match: "Cut the fix"},
		prompter.Answer{Match: "repositories"}, prompter.Answer{Match: "logs"}, prompter.Answer{Match: "Error message"},
		prompter.Answer{Match: "datasets"}, prompter.Answer{Match: "Who works on the fix?"}, prompter.Answer{Match: "Scope"},
		prompter.Answer{Match: "Who documents"}, prompter.Answer{Match: "client"},
		prompter.Answer{Match: "Deadline for the fix", Value: "4h"},
		prompter.Answer{Match: "Deadline for the test", Value: "2h"}, // before the fix: asked again
		prompter.Answer{Match: "Deadline for the test", Value: "6h"},
		prompter.Answer{Match: "Deadline for the deploy", Value: "-"},
	)
	res = testutil.CLI{Dir: r.Dir, Prompter: p}.Run(t, "start")
	if res.Code != 0 || len(p.Remaining()) != 0 {
		t.Fatalf("exit %d\n%s\nasked %q", res.Code, res.Err, p.Asked())
	}
	if !strings.Contains(res.Err, "the test deadline") {
		t.Errorf("no reason for asking again:\n%s", res.Err)
	}
	zone := testutil.Now.Local().Format("MST")
	for _, q := range p.Asked() {
		if strings.HasPrefix(q, "Deadline for the fix (SEV1 policy: by ") && !strings.Contains(q, zone+")") {
			t.Errorf("the policy's time has no time zone: %q", q)
		}
	}
}

// TestStartAsksAPrivateRemoteWithTheToken: against a private https remote
// start asks whether the branch exists with the token pushes use, so it
// neither warns nor misses a branch someone pushed there.
func TestStartAsksAPrivateRemoteWithTheToken(t *testing.T) {
	const token = "CANARY-start-token"
	srv := gitserver.New(t, gitserver.Options{User: "x-access-token", Password: token})
	r, _ := released(t)
	srv.Seed(t, "shop/app", r.Dir)
	r.Git("remote", "set-url", "origin", srv.RepoURL("shop/app"))
	env := map[string]string{"GH_ENTERPRISE_TOKEN": token}
	res := testutil.CLI{Dir: r.Dir, Env: env}.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2", "--dry-run")
	if res.Code != 0 || strings.Contains(res.Err, "warning: could not ask origin") {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	// Someone else pushed the branch: the remote says so.
	r.Git("branch", branch, "main")
	r.Git("-c", "credential.helper=", "-c", "credential.helper=!f() { echo username=x-access-token; echo password="+token+"; }; f", "push", "-q", "origin", branch)
	r.Git("branch", "-D", branch)
	r.Git("update-ref", "-d", "refs/remotes/origin/"+branch) // only the remote knows
	res = testutil.CLI{Dir: r.Dir, Env: env}.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2")
	if res.Code == 0 || !strings.Contains(res.Err, "already exists on origin") {
		t.Fatalf("a branch on the private remote was missed: %d\n%s", res.Code, res.Err)
	}
	srv.AssertNoLeak(t, token)
}

// TestStartOffersTheDraftOfAnInterruptedChecklist: Ctrl-C at the last
// prompt keeps the answers; the next start offers them, asks only what is
// left, and leaves no draft behind; declining the draft forgets it.
func TestStartOffersTheDraftOfAnInterruptedChecklist(t *testing.T) {
	r, _ := released(t)
	first := prompter.NewScripted(
		prompter.Answer{Match: "What is broken?", Value: "Checkout returns 500"}, prompter.Answer{Match: "Severity", Value: "SEV2"},
		prompter.Answer{Match: "rest of the checklist", Value: "y"}, prompter.Answer{Match: "Summary", Value: "payments fail"},
		prompter.Answer{Match: "Who reported", Value: "alice"}, prompter.Answer{Match: "detected", Value: "automatic"},
		prompter.Answer{Match: "affected", Value: "EU shoppers"}, prompter.Answer{Match: "Broken version", Value: "v1.4.2"},
		prompter.Answer{Match: "Cut the fix", Value: "v1.4.2"}, prompter.Answer{Match: "repositories", Value: "shop/api"},
		prompter.Answer{Match: "logs", Value: "/var/log/app.log"}, prompter.Answer{Match: "Error message", Value: "TypeError"},
		prompter.Answer{Match: "datasets", Value: "yes"}, prompter.Answer{Match: "Who works on the fix?", Value: "bob"},
		prompter.Answer{Match: "Scope", Value: "app.py"}, prompter.Answer{Match: "Who documents", Value: "carol"},
		prompter.Answer{Match: "client", Value: "no"}, prompter.Answer{Match: "Deadline for the fix", Value: "2h"},
		prompter.Answer{Match: "Deadline for the test", Value: "4h"}, prompter.Answer{Match: "Deadline for the deploy", Interrupt: true},
	)
	if res := (testutil.CLI{Dir: r.Dir, Prompter: first}).Run(t, "start"); res.Code != 130 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	second := prompter.NewScripted(
		prompter.Answer{Match: `An interrupted start kept your answers ("Checkout returns 500")`, Value: "y"},
		prompter.Answer{Match: "rest of the checklist", Value: "y"},
		prompter.Answer{Match: "Deadline for the deploy", Value: "-"},
	)
	res := testutil.CLI{Dir: r.Dir, Prompter: second}.Run(t, "start")
	if res.Code != 0 || len(second.Remaining()) != 0 {
		t.Fatalf("exit %d\n%s\nasked %q", res.Code, res.Err, second.Asked())
	}
	rec := loadRecord(t, r, recordPath)
	if in := rec.Incident; in.Summary != "payments fail" || in.Owner != "bob" || in.Documenter != "carol" || in.ClientNotice != "no" {
		t.Fatalf("the draft's answers were not used: %+v", in)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, ".git", "hotfix", "start-draft.yaml")); !os.IsNotExist(err) {
		t.Fatalf("the draft outlived the start: %v", err)
	}

	// Declined: forgotten, and the checklist starts afresh.
	r2, _ := released(t)
	if res := (testutil.CLI{Dir: r2.Dir, Prompter: prompter.NewScripted(
		prompter.Answer{Match: "What is broken?", Value: "Login loop"}, prompter.Answer{Match: "Severity", Interrupt: true},
	)}).Run(t, "start"); res.Code != 130 {
		t.Fatalf("exit %d\n%s", res.Code, res.Err)
	}
	third := prompter.NewScripted(
		prompter.Answer{Match: "An interrupted start kept your answers", Value: "n"},
		prompter.Answer{Match: "What is broken?", Value: "Checkout returns 500"}, prompter.Answer{Match: "Severity", Value: "SEV2"},
		prompter.Answer{Match: "rest of the checklist", Value: "n"},
	)
	if res := (testutil.CLI{Dir: r2.Dir, Prompter: third}).Run(t, "start"); res.Code != 0 || len(third.Remaining()) != 0 {
		t.Fatalf("declined: exit %d\n%s\nasked %q", res.Code, res.Err, third.Asked())
	}
}

package suspecteval

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseFrames(t *testing.T) {
	tests := []struct {
		name, text string
		want       []Frame
	}{
		{"go", "panic: boom\n\ngoroutine 1 [running]:\ngithub.com/x/y.(*T).Run.func1(0xc000)\n\t/go/pkg/mod/github.com/x/y@v1.0.0/run.go:12 +0x1a\nmain.main()\n\t/app/main.go:3 +0x2\n",
			[]Frame{{"/go/pkg/mod/github.com/x/y@v1.0.0/run.go", 12, "Run"}, {"/app/main.go", 3, "main"}}},
		{"python", "Traceback (most recent call last):\n  File \"/srv/main.py\", line 4, in <module>\n  File \"/usr/lib/python3/dist-packages/pkg/a.py\", line 9, in outer\n  File \"/usr/lib/python3/dist-packages/pkg/b.py\", line 7, in inner\nTypeError: x\n",
			[]Frame{{"/usr/lib/python3/dist-packages/pkg/b.py", 7, "inner"}, {"/usr/lib/python3/dist-packages/pkg/a.py", 9, "outer"}}},
		{"node", "TypeError: x\n    at Route.dispatch (/app/node_modules/express/lib/router/route.js:124:9)\n    at next (lib/a.js:3:1)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n",
			[]Frame{{"/app/node_modules/express/lib/router/route.js", 124, "dispatch"}, {"lib/a.js", 3, "next"}}},
		{"java", "Exception in thread \"main\" java.lang.NullPointerException\n\tat com.google.gson.Gson$Inner.fromJson(Gson.java:395)\n\tat Main.main(Main.java:17)\n",
			[]Frame{{"com/google/gson/Gson.java", 395, "fromJson"}, {"Main.java", 17, "main"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseFrames(tt.text)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("ParseFrames = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMapPath(t *testing.T) {
	files := []string{"command.go", "lib/router/route.js", "route.js", "src/requests/models.py", "gson/src/main/java/com/google/gson/Gson.java"}
	for in, want := range map[string]string{
		"/go/pkg/mod/github.com/spf13/cobra@v1.8.0/command.go": "command.go",
		"/app/node_modules/express/lib/router/route.js":        "lib/router/route.js",
		"/usr/lib/python3/dist-packages/requests/models.py":    "src/requests/models.py",
		"src/requests/models.py":                               "src/requests/models.py",
		"com/google/gson/Gson.java":                            "gson/src/main/java/com/google/gson/Gson.java",
		"/x/unknown.go":                                        "",
	} {
		if got := MapPath(in, files); got != want {
			t.Errorf("MapPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScoreRanks(t *testing.T) {
	s := ScoreRanks([]int{1, 2, 0, 6}, []time.Duration{time.Second, time.Second, time.Second, time.Second})
	if s.Cases != 4 || s.Top1 != 0.25 || s.Top5 != 0.5 || s.Time != time.Second {
		t.Errorf("ScoreRanks = %+v", s)
	}
	if want := (1 + 0.5 + 0 + 1.0/6) / 4; s.MRR != want {
		t.Errorf("MRR = %v, want %v", s.MRR, want)
	}
	if RankOf([]string{"a", "b"}, "b") != 2 || RankOf([]string{"a"}, "c") != 0 {
		t.Error("RankOf")
	}
}

func TestParseCasesRejects(t *testing.T) {
	id := strings.Repeat("a", 40)
	ok := fmt.Sprintf("version: 1\ncases:\n  - {repo: a/b, lang: go, fix: %s, culprit: %s, good: %s, bad: %s, trace: t.log, how: x, split: tune}\n", id, id, id, id)
	if _, err := ParseCases([]byte(ok)); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		strings.Replace(ok, "split: tune", "split: dev", 1),
		strings.Replace(ok, "fix: "+id, "fix: abc1234", 1),
		strings.Replace(ok, "version: 1", "version: 2", 1),
	} {
		if _, err := ParseCases([]byte(bad)); err == nil {
			t.Errorf("ParseCases accepted %q", bad)
		}
	}
}

// TestRunCasePlanted builds a repository whose culprit changes the line a
// trace points at, among commits that touch other lines and files, and
// checks that each method ranks the culprit first.
func TestRunCasePlanted(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	root := t.TempDir()
	repo := filepath.Join(root, "acme+widget")
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@x", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@x")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(repo, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(repo, 0o755); err != nil {
		t.Fatal(err)
	}
	git("init", "-q", "-b", "main")
	body := func(parse, other string) string {
		return "package widget\n\n// Parse parses.\nfunc Parse(s string) int {\n\tn := len(s)\n\t" + parse + "\n\treturn n\n}\n\n// Other is other.\nfunc Other() int {\n\treturn " + other + "\n}\n"
	}
	write("widget.go", body("n = n + 0", "1"))
	write("util/util.go", "package util\n")
	git("add", ".")
	git("commit", "-qm", "start")
	good := git("rev-parse", "HEAD")
	for i := 0; i < 3; i++ {
		write("util/util.go", fmt.Sprintf("package util\n\n// V is %d.\nconst V = %d\n", i, i))
		git("commit", "-qam", fmt.Sprintf("util %d", i))
	}
	write("widget.go", body("n = n / (n - n)", "1"))
	git("commit", "-qam", "culprit: change Parse")
	culprit := git("rev-parse", "HEAD")
	for i := 0; i < 3; i++ {
		write("widget.go", body("n = n / (n - n)", fmt.Sprint(i+2)))
		git("commit", "-qam", fmt.Sprintf("other %d", i))
		write("util/util.go", fmt.Sprintf("package util\n\n// V is %d.\nconst V = %d\n", i+10, i+10))
		git("commit", "-qam", fmt.Sprintf("util again %d", i))
	}
	bad := git("rev-parse", "HEAD")
	trace := filepath.Join(root, "trace.log")
	if err := os.WriteFile(trace, []byte("panic: runtime error: integer divide by zero\n\ngoroutine 1 [running]:\ngithub.com/acme/widget.Parse(0xc000)\n\t/go/pkg/mod/github.com/acme/widget@v1.0.0/widget.go:6 +0x1d\nmain.main()\n\t/app/main.go:9 +0x2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := &Case{Repo: "acme/widget", Lang: "go", Culprit: culprit, Good: good, Bad: bad, TracePath: trace, Split: "tune"}
	o := RunCase(context.Background(), c, root, LayoutClones, filepath.Join(t.TempDir(), "wt"))
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	if o.Commits != 10 {
		t.Errorf("commits = %d, want 10", o.Commits)
	}
	for _, m := range []string{"blame", "log-L"} {
		if r := o.Results[m]; r.Err != nil || r.Rank != 1 {
			t.Errorf("%s: rank %d of %d, err %v; want 1", m, r.Rank, r.Named, r.Err)
		}
	}
	// The commits that changed Other are outside Parse: log -L names the
	// culprit only.
	if r := o.Results["log-L"]; r.Named != 1 {
		t.Errorf("log-L named %d commits, want 1", r.Named)
	}
	if r := o.Results["hotfix"]; r.Err != nil || r.Rank < 1 {
		t.Errorf("hotfix: rank %d of %d, err %v; want the culprit named", r.Rank, r.Named, r.Err)
	}
	// The work tree is gone and the clone has no worktree left.
	if out := git("worktree", "list"); strings.Count(out, "\n") != 0 {
		t.Errorf("worktrees left: %s", out)
	}
	var sb strings.Builder
	if err := WriteMarkdown(&sb, []Outcome{o}); err != nil || !strings.Contains(sb.String(), "| tune | 1 | blame | 1.00 | 1.00 | 1.00 |") {
		t.Errorf("WriteMarkdown = %q, %v", sb.String(), err)
	}
}

package triage_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/triage"
)

// plantedRepo builds a history where the culprit is the oldest of the
// commits touching the crashing file: it changed the line the trace
// points at; three newer commits changed other lines of the same file
// (one inserts lines above, so the culprit's hunk is at another line in
// its own coordinates than at bad), and others touch other files.
func plantedRepo(t *testing.T) (tr *testutil.Repo, good, culprit string) {
	tr = testutil.NewRepo(t)
	src := func(header, parse, other string) string {
		return "package widget\n" + header + "\n// Parse parses.\nfunc Parse(s string) int {\n\tn := len(s)\n\t" + parse + "\n\treturn n\n}\n\n// Other is other.\nfunc Other() int {\n\treturn " + other + "\n}\n"
	}
	tr.WriteFile("widget/widget.go", src("", "n = n + 0", "1"))
	tr.WriteFile("util/util.go", "package util\n")
	good = tr.Commit("start")
	tr.WriteFile("widget/widget.go", src("", "n = n / (n - n)", "1"))
	culprit = tr.Commit("culprit: change Parse (#7)")
	for i := 0; i < 3; i++ {
		tr.WriteFile("widget/widget.go", src(strings.Repeat("\n// note\n", i), "n = n / (n - n)", fmt.Sprint(i+2)))
		tr.Commit(fmt.Sprintf("other %d", i))
		tr.WriteFile("util/util.go", fmt.Sprintf("package util\n\n// V is %d.\nconst V = %d\n", i, i))
		tr.Commit(fmt.Sprintf("util %d", i))
	}
	return tr, good, culprit
}

func TestSuspectsPlantedCulprit(t *testing.T) {
	for _, pure := range []bool{false, true} {
		t.Run(fmt.Sprintf("pureGo=%v", pure), func(t *testing.T) {
			tr, good, culprit := plantedRepo(t)
			r, err := git.Open(tr.Dir, git.OpenOptions{PureGo: pure})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			ctx := context.Background()
			files, err := r.LsFiles(ctx, "HEAD")
			if err != nil {
				t.Fatal(err)
			}
			// The crash line at bad: `n = n / (n - n)`.
			data, _ := r.ReadFileAt(tr.Git("rev-parse", "HEAD"), "widget/widget.go")
			line := 0
			for i, l := range strings.Split(string(data), "\n") {
				if strings.Contains(l, "n - n") {
					line = i + 1
				}
			}
			locs := []triage.Location{
				{File: "/go/pkg/mod/example.com/widget@v1.0.0/widget/widget.go", Line: line, Symbol: "example.com/widget/widget.Parse", Trace: "panic"},
				{File: "/app/main.go", Line: 9, Symbol: "main.main", Depth: 1, Trace: "panic"},
			}
			mapped, _, _ := triage.MapFiles([]string{locs[0].File, locs[1].File}, files, nil)
			ev := triage.Evidence{Frames: triage.FramesOf(locs, mapped), Traced: map[string]bool{}}
			if len(ev.Frames) != 1 || ev.Frames[0].File != "widget/widget.go" || ev.Frames[0].Func != "Parse" {
				t.Fatalf("frames %+v", ev.Frames)
			}
			ev.Paths = []string{"widget/widget.go"}
			f, err := triage.Read(ctx, r, good, tr.Git("rev-parse", "HEAD"), ev)
			if err != nil {
				t.Fatal(err)
			}
			got := triage.Rank(f, ev, nil)
			if len(got) != 4 || got[0].Commit != culprit {
				t.Fatalf("the culprit is not first of the 4 commits touching the file: %+v", got)
			}
			reasons := strings.Join(got[0].Reasons, "\n")
			for _, want := range []string{fmt.Sprintf("last changed widget/widget.go:%d, frame 1 of the panic trace", line), "changed Parse (widget/widget.go:"} {
				if !strings.Contains(reasons, want) {
					t.Errorf("reasons lack %q:\n%s", want, reasons)
				}
			}
			if got[0].PullRequest != 7 || got[0].Revert() != "git revert "+culprit {
				t.Errorf("pull request %d, revert %q", got[0].PullRequest, got[0].Revert())
			}
			if got[0].Score <= got[1].Score || len(got[1].Reasons) != 1 {
				t.Errorf("a blamed crash line outweighs a touched file: %d vs %d", got[0].Score, got[1].Score)
			}
		})
	}
}

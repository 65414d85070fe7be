package git_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// blameRepo: good, then a culprit that changes line 3 of app.go, then a
// later commit that changes line 6 and another that inserts two lines at
// the top (so the culprit's line is line 5 at bad).
func blameRepo(t *testing.T) (tr *testutil.Repo, good string, ids map[string]string) {
	tr = testutil.NewRepo(t)
	ids = map[string]string{}
	tr.WriteFile("app.go", "package app\n\nvar a = 1\n\nfunc F() int {\n\treturn a\n}\n")
	good = tr.Commit("good")
	tr.WriteFile("app.go", "package app\n\nvar a = 0\n\nfunc F() int {\n\treturn a\n}\n")
	ids["culprit"] = tr.Commit("culprit (#12)")
	tr.WriteFile("app.go", "package app\n\nvar a = 0\n\nfunc F() int {\n\treturn a + 1\n}\n")
	ids["later"] = tr.Commit("later")
	tr.WriteFile("app.go", "// Package app.\n\npackage app\n\nvar a = 0\n\nfunc F() int {\n\treturn a + 1\n}\n")
	ids["header"] = tr.Commit("header")
	return tr, good, ids
}

func TestBlame(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr, good, ids := blameRepo(t)
		r := open(t, tr.Dir, o)
		got, err := r.Blame(context.Background(), good, "HEAD", "app.go", []int{5, 8, 1, 99})
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]git.BlameLine{
			5: {Line: 5, Commit: ids["culprit"], InRange: true},
			8: {Line: 8, Commit: ids["later"], InRange: true},
			1: {Line: 1, Commit: ids["header"], InRange: true},
		}
		if len(got) != len(want) {
			t.Fatalf("lines past the end are left out: %+v", got)
		}
		for _, b := range got {
			if !reflect.DeepEqual(b, want[b.Line]) {
				t.Errorf("line %d: %+v, want %+v", b.Line, b, want[b.Line])
			}
		}
		// A line older than good is not in the range.
		old, err := r.Blame(context.Background(), good, "HEAD", "app.go", []int{3})
		if err != nil || len(old) != 1 || old[0].InRange {
			t.Errorf("a line from before good: %+v, %v", old, err)
		}
	})
}

func TestLineLog(t *testing.T) {
	tr, good, ids := blameRepo(t)
	r := open(t, tr.Dir, git.OpenOptions{})
	got, err := r.LineLog(context.Background(), good, "HEAD", "app.go", 5, 5)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []string{ids["culprit"]}) {
		t.Errorf("LineLog(5,5) = %v, want the culprit only", got)
	}
	got, _ = r.LineLog(context.Background(), good, "HEAD", "app.go", 7, 9)
	if !reflect.DeepEqual(got, []string{ids["later"]}) {
		t.Errorf("LineLog(7,9) = %v, want later", got)
	}
	// An empty range (good is bad) lists nothing; git log -L alone would
	// fail with "No commit specified?".
	if got, err := r.LineLog(context.Background(), "HEAD", "HEAD", "app.go", 5, 5); err != nil || len(got) != 0 {
		t.Errorf("empty range: %v %v", got, err)
	}
	// A range that is not empty but names a file git cannot follow is an
	// error, not an empty answer.
	if got, err := r.LineLog(context.Background(), good, "HEAD", "no-such-file.go", 1, 1); err == nil {
		t.Errorf("a missing file: %v, want an error", got)
	}
	pure := open(t, tr.Dir, git.OpenOptions{PureGo: true})
	if _, err := pure.LineLog(context.Background(), good, "HEAD", "app.go", 5, 5); !errors.Is(err, git.ErrNeedsGitBinary) {
		t.Errorf("pure Go LineLog: %v, want ErrNeedsGitBinary", err)
	}
}

func TestCommitInfoAndMergeOf(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr, _, ids := blameRepo(t)
		tr.Git("checkout", "-q", "-b", "topic")
		tr.WriteFile("b.go", "package app\n")
		side := tr.Commit("side work")
		tr.Git("checkout", "-q", "main")
		tr.Git("merge", "-q", "--no-ff", "-m", "Merge pull request #34 from a/topic", "topic")
		tr.WriteFile("c.go", "package app\n")
		tr.Commit("after")
		r := open(t, tr.Dir, o)
		es, err := r.CommitInfo(context.Background(), []string{ids["culprit"]})
		if err != nil || len(es) != 1 || es[0].Subject != "culprit (#12)" || es[0].Date.IsZero() || es[0].Author == "" {
			t.Fatalf("CommitInfo = %+v, %v", es, err)
		}
		m, err := r.MergeOf(context.Background(), side, "HEAD")
		if err != nil {
			t.Fatal(err)
		}
		if o.PureGo {
			if m != "" {
				t.Errorf("pure Go MergeOf = %q, want \"\"", m)
			}
			return
		}
		if m != "Merge pull request #34 from a/topic" {
			t.Errorf("MergeOf(side) = %q", m)
		}
		if m, _ := r.MergeOf(context.Background(), ids["culprit"], "HEAD"); m != "" {
			t.Errorf("a first-parent commit came by no merge: %q", m)
		}
	})
}

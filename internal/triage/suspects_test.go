package triage

import (
	"reflect"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/git"
)

func entry(hash string, day int, subject string, files ...git.FileDiff) git.LogEntry {
	return git.LogEntry{Hash: hash, Author: "dev", Date: time.Date(2026, 11, day, 12, 0, 0, 0, time.UTC), Subject: subject, Files: files}
}

func TestRankWeighsFramesByDepth(t *testing.T) {
	h := git.Hunk{NewStart: 1, NewLines: 1, Lines: []string{"+x"}}
	fd := func(p string) git.FileDiff { return git.FileDiff{Path: p, Hunks: []git.Hunk{h}} }
	f := &Findings{
		ByPath: []git.LogEntry{
			entry("caller", 3, "changes the caller's line", fd("a.py")),
			entry("top", 2, "changes the failing line", fd("b.py")),
			entry("file", 4, "touches a file", fd("b.py")),
		},
		BySymbol: map[string][]git.LogEntry{},
		Blamed:   []string{"top", "caller"},
		Changed:  [][]string{{"top", "file"}, nil},
		FuncSpan: []Span{{Start: 1, End: 9, Func: "inner"}, {}},
	}
	ev := Evidence{
		Frames: []Frame{{File: "b.py", Line: 5, Func: "inner", Depth: 0, Trace: "TypeError"}, {File: "a.py", Line: 3, Depth: 1, Trace: "TypeError"}},
		Paths:  []string{"a.py", "b.py"},
		Traced: map[string]bool{"a.py": true, "b.py": true},
	}
	got := Rank(f, ev, nil)
	var order []string
	for _, s := range got {
		order = append(order, s.Commit)
	}
	if want := []string{"top", "caller", "file"}; !reflect.DeepEqual(order, want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	if got[0].Score != scoreBlame+scoreFunc+scoreFile || got[1].Score != scoreBlame/2+scoreFile || got[2].Score != scoreFunc+scoreFile {
		t.Errorf("scores %d %d %d", got[0].Score, got[1].Score, got[2].Score)
	}
	if r := got[0].Reasons[0]; r != "last changed b.py:5, frame 1 of the TypeError trace" {
		t.Errorf("reason %q", r)
	}
}

func TestRankTiesGoToNewerAndDirectoriesMatch(t *testing.T) {
	h := git.Hunk{NewStart: 1, NewLines: 1, Lines: []string{"+x"}}
	f := &Findings{ByPath: []git.LogEntry{
		entry("old", 1, "older", git.FileDiff{Path: "app/a.py", Hunks: []git.Hunk{h}}),
		entry("new", 2, "newer", git.FileDiff{Path: "app/sub/b.py", Hunks: []git.Hunk{h}}),
		entry("out", 3, "outside", git.FileDiff{Path: "application/c.py", Hunks: []git.Hunk{h}}),
	}}
	got := Rank(f, Evidence{Paths: []string{"app/"}}, nil)
	if len(got) != 2 || got[0].Commit != "new" || got[1].Commit != "old" {
		t.Fatalf("%+v", got)
	}
	if got[0].Reasons[0] != "changes app/sub/b.py, a path asked about" {
		t.Errorf("a path from --path is not from the errors: %v", got[0].Reasons)
	}
	if len(got[0].Hunks) != 1 {
		t.Errorf("a file named without lines shows its first hunk: %+v", got[0].Hunks)
	}
}

func TestFollowLines(t *testing.T) {
	// Newest first. "c" inserts 2 lines at the top; "b" changes line 10
	// (line 12 at bad); "a" changes line 30 only; "z" deletes inside the
	// span in older coordinates and renames the file.
	log := []git.LogEntry{
		entry("c", 4, "", git.FileDiff{Path: "f.go", Hunks: []git.Hunk{{OldStart: 0, OldLines: 0, NewStart: 1, NewLines: 2}}}),
		entry("b", 3, "", git.FileDiff{Path: "f.go", Hunks: []git.Hunk{{OldStart: 10, OldLines: 1, NewStart: 10, NewLines: 1}}}),
		entry("a", 2, "", git.FileDiff{Path: "f.go", Hunks: []git.Hunk{{OldStart: 30, OldLines: 1, NewStart: 30, NewLines: 1}}}),
		entry("z", 1, "", git.FileDiff{Path: "f.go", OldPath: "old.go", Hunks: []git.Hunk{{OldStart: 11, OldLines: 3, NewStart: 10, NewLines: 0}}}),
		entry("y", 0, "", git.FileDiff{Path: "old.go", Hunks: []git.Hunk{{OldStart: 9, OldLines: 1, NewStart: 9, NewLines: 1}}}),
	}
	if got := FollowLines(log, "f.go", 11, 13); !reflect.DeepEqual(got, []string{"b", "z", "y"}) {
		t.Errorf("FollowLines = %v", got)
	}
	if got := FollowLines(log, "f.go", 1, 2); !reflect.DeepEqual(got, []string{"c"}) {
		t.Errorf("lines added by c are followed no further: %v", got)
	}
}

func TestPullRequest(t *testing.T) {
	for s, want := range map[string]int{
		"Fix proxies (#6721)":                   6721,
		"Merge pull request #123 from a/b":      123,
		"Revert \"x (#5)\" (#9)":                9,
		"bump version to 1.2 #not-a-pr":         0,
		"use (#12) style in the middle is rare": 12,
	} {
		if got := PullRequest(s); got != want {
			t.Errorf("PullRequest(%q) = %d, want %d", s, got, want)
		}
	}
}

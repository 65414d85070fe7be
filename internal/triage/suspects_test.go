package triage

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/git"
)

func TestMapFiles(t *testing.T) {
	repo := []string{
		"app/models/user.py",
		"src/app/api/checkout.py",
		"vendor/lib/checkout.py",
		"pkg/server/handler.go",
		"cmd/server/handler.go",
		"README.md",
	}
	traces := []string{
		"/srv/deploy/releases/42/app/models/user.py", // absolute path from the server
		"app/api/checkout.py",                        // shorter than the repository path
		`C:\build\pkg\server\handler.go`,             // Windows separators
		"handler.go",                                 // bare name: both candidates
		"/usr/lib/python3.11/json/decoder.py",        // not ours
		"github.com/shop/api/pkg/server/handler.go",  // module path
	}
	mapped, unmatched := MapFiles(traces, repo)
	want := map[string][]string{
		traces[0]: {"app/models/user.py"},
		traces[1]: {"src/app/api/checkout.py"},
		traces[2]: {"pkg/server/handler.go"},
		traces[3]: {"pkg/server/handler.go", "cmd/server/handler.go"},
		traces[5]: {"pkg/server/handler.go"},
	}
	if !reflect.DeepEqual(mapped, want) {
		t.Errorf("mapped\n got %v\nwant %v", mapped, want)
	}
	if !reflect.DeepEqual(unmatched, []string{traces[4]}) {
		t.Errorf("unmatched %v", unmatched)
	}
}

func entry(hash string, day int, subject string, files ...git.FileDiff) git.LogEntry {
	return git.LogEntry{Hash: hash, Author: "dev", Date: time.Date(2026, 11, day, 12, 0, 0, 0, time.UTC), Subject: subject, Files: files}
}

func TestRankOrdersByEvidence(t *testing.T) {
	body := git.Hunk{NewStart: 40, NewLines: 5, Lines: []string{"-    data = json.loads(body)", "+    data = json.loads(body or '')"}}
	near := git.Hunk{NewStart: 45, NewLines: 2, Lines: []string{"+    log.debug(data)"}}
	far := git.Hunk{NewStart: 200, NewLines: 1, Lines: []string{"+# comment"}}
	other := git.Hunk{NewStart: 1, NewLines: 1, Lines: []string{"+import os"}}
	byPath := []git.LogEntry{
		entry("aaa", 10, "reword comment", git.FileDiff{Path: "app/checkout.py", Hunks: []git.Hunk{far}}),
		entry("bbb", 11, "parse empty bodies", git.FileDiff{Path: "app/checkout.py", Hunks: []git.Hunk{body}}),
		entry("ccc", 12, "debug log", git.FileDiff{Path: "app/checkout.py", Hunks: []git.Hunk{near}}),
		entry("ddd", 13, "unrelated file in a named directory", git.FileDiff{Path: "docs/x.md", Hunks: []git.Hunk{other}}),
	}
	bySymbol := map[string][]git.LogEntry{
		"json.loads": {entry("bbb", 11, "parse empty bodies", git.FileDiff{Path: "app/checkout.py", Hunks: []git.Hunk{body}})},
	}
	ev := Evidence{Paths: []string{"app/checkout.py"}, Lines: map[string][]int{"app/checkout.py": {42}}, Symbols: []string{"json.loads"}, Traced: map[string]bool{"app/checkout.py": true}}
	got := Rank(byPath, bySymbol, ev)
	var order []string
	for _, s := range got {
		order = append(order, s.Commit)
	}
	if want := []string{"bbb", "ccc", "aaa"}; !reflect.DeepEqual(order, want) {
		t.Fatalf("order %v, want %v (ddd touches nothing named and must not appear)", order, want)
	}
	top := got[0]
	if top.Score != scoreFile+scoreExact+scoreSymbol {
		t.Errorf("top score %d", top.Score)
	}
	reasons := strings.Join(top.Reasons, "\n")
	for _, want := range []string{"changes app/checkout.py, named in the errors", "app/checkout.py:42, the line the error points at", `"json.loads"`} {
		if !strings.Contains(reasons, want) {
			t.Errorf("reasons lack %q:\n%s", want, reasons)
		}
	}
	if len(top.Hunks) != 1 || top.Hunks[0].Start != 40 || top.Hunks[0].Path != "app/checkout.py" {
		t.Errorf("evidence hunks shown once: %+v", top.Hunks)
	}
	if got[1].Score != scoreFile+scoreNear || !strings.Contains(got[1].Reasons[1], "near line 42") {
		t.Errorf("near commit: %d %v", got[1].Score, got[1].Reasons)
	}
	if got[2].Score != scoreFile {
		t.Errorf("far commit scored %d", got[2].Score)
	}
}

func TestRankTiesGoToNewerAndDirectoriesMatch(t *testing.T) {
	h := git.Hunk{NewStart: 1, NewLines: 1, Lines: []string{"+x"}}
	byPath := []git.LogEntry{
		entry("old", 1, "older", git.FileDiff{Path: "app/a.py", Hunks: []git.Hunk{h}}),
		entry("new", 2, "newer", git.FileDiff{Path: "app/sub/b.py", Hunks: []git.Hunk{h}}),
		entry("out", 3, "outside", git.FileDiff{Path: "application/c.py", Hunks: []git.Hunk{h}}),
	}
	got := Rank(byPath, nil, Evidence{Paths: []string{"app/"}})
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

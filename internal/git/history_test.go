package git_test

import (
	"context"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// historyRepo: a good version, then commits on main and on a merged side
// branch, one of which swaps json.load for json.loads.
func historyRepo(t *testing.T) (tr *testutil.Repo, good string, hashes map[string]string) {
	tr = testutil.NewRepo(t)
	hashes = map[string]string{}
	tr.WriteFile("app/application.py", "import json\n\ndef load(f):\n    return json.load(f)\n")
	tr.WriteFile("README", "app\n")
	good = tr.Commit("good")
	tr.WriteFile("README", "app v2\n")
	hashes["readme"] = tr.Commit("readme")
	tr.Git("checkout", "-q", "-b", "side")
	tr.WriteFile("app/application.py", "import json\n\ndef load(f):\n    return json.loads(f)\n")
	hashes["loads"] = tr.Commit("use loads")
	tr.Git("checkout", "-q", "main")
	tr.WriteFile("app/util.py", "x = 1\n")
	hashes["util"] = tr.Commit("util")
	tr.Git("merge", "-q", "--no-edit", "side")
	tr.WriteFile("docs.txt", "json.loads is mentioned here too\n")
	hashes["docs"] = tr.Commit("docs")
	return tr, good, hashes
}

func subjects(es []git.LogEntry) string {
	var s []string
	for _, e := range es {
		s = append(s, e.Subject)
	}
	return strings.Join(s, ",")
}

func TestLog(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr, good, hashes := historyRepo(t)
		r := open(t, tr.Dir, o)
		ctx := context.Background()

		all, err := r.Log(ctx, good, "HEAD", git.LogOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := subjects(all); got != "docs,util,use loads,readme" {
			t.Fatalf("all non-merge commits, newest first: %s", got)
		}
		if all[0].Hash != hashes["docs"] || all[0].Author != "Test Author" || all[0].Date.IsZero() ||
			len(all[0].Files) != 1 || all[0].Files[0].Path != "docs.txt" {
			t.Fatalf("entry %+v", all[0])
		}

		// A path under a directory: the side branch's commit is compared
		// with its own parent, not with the walk's neighbour.
		byPath, err := r.Log(ctx, good, "HEAD", git.LogOptions{Paths: []string{"app/application.py"}})
		if err != nil {
			t.Fatal(err)
		}
		if got := subjects(byPath); got != "use loads" {
			t.Fatalf("-- app/application.py: %s", got)
		}
		byDir, err := r.Log(ctx, good, "HEAD", git.LogOptions{Paths: []string{"app/"}})
		if err != nil {
			t.Fatal(err)
		}
		if got := subjects(byDir); got != "util,use loads" {
			t.Fatalf("-- app/: %s", got)
		}

		// Pickaxe with the patch: only the files whose count changed, and
		// the hunk's lines.
		pick, err := r.Log(ctx, good, "HEAD", git.LogOptions{Pickaxe: "json.loads", Patch: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := subjects(pick); got != "docs,use loads" {
			t.Fatalf("-S json.loads: %s", got)
		}
		fix := pick[1]
		if fix.Hash != hashes["loads"] || len(fix.Files) != 1 || fix.Files[0].Path != "app/application.py" || len(fix.Files[0].Hunks) != 1 {
			t.Fatalf("fix entry %+v", fix)
		}
		h := fix.Files[0].Hunks[0]
		if h.OldStart != 4 || h.NewStart != 4 || !reflect.DeepEqual(h.Lines, []string{"-    return json.load(f)", "+    return json.loads(f)"}) {
			t.Fatalf("hunk %+v", h)
		}

		// A pickaxe that never matches gives nothing, not an error.
		none, err := r.Log(ctx, good, "HEAD", git.LogOptions{Pickaxe: "yaml.safe_load"})
		if err != nil || len(none) != 0 {
			t.Fatalf("%v %v", none, err)
		}
		if _, err := r.Log(ctx, "no-such-ref", "HEAD", git.LogOptions{}); err == nil {
			t.Fatal("an unknown revision gave no error")
		}
	})
}

func TestLsFiles(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr, good, _ := historyRepo(t)
		r := open(t, tr.Dir, o)
		got, err := r.LsFiles(context.Background(), good)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != "README,README.md,app/application.py" {
			t.Fatalf("%v", got)
		}
	})
}

// TestIndexFiles: the index's paths, a staged new file included, the same
// with both backends.
func TestIndexFiles(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t)
		tr.WriteFile("a/b.go", "package a\n")
		tr.Commit("b")
		tr.WriteFile("c.go", "package c\n")
		tr.Git("add", "c.go")
		tr.WriteFile("untracked.go", "package u\n")
		got, err := open(t, tr.Dir, o).IndexFiles(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(got)
		if !slices.Contains(got, "a/b.go") || !slices.Contains(got, "c.go") || slices.Contains(got, "untracked.go") {
			t.Fatalf("%v", got)
		}
	})
}

func TestCountCommits(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t)
		base := tr.Commit("base")
		tr.Git("checkout", "-q", "-b", "side")
		tr.Commit("side")
		tr.Git("checkout", "-q", "main")
		tr.Commit("main 1")
		tr.Git("merge", "-q", "--no-edit", "side")
		tr.Commit("main 2")
		n, err := open(t, tr.Dir, o).CountCommits(context.Background(), base, "HEAD")
		if err != nil || n != 3 {
			t.Fatalf("%d %v (want 3: merges are not counted)", n, err)
		}
	})
}

// A moved file does not change how often a string occurs, for git's
// pickaxe and for ours; a path log still lists the move.
func TestLogPickaxeIgnoresRenames(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t)
		tr.WriteFile("net/bridge_test.go", "package net\n\nfunc TestBridge() { ContainerStart() }\n"+lines(30, "filler"))
		base := tr.Commit("base")
		tr.WriteFile("net/bridge/.keep", "")
		tr.Git("mv", "net/bridge_test.go", "net/bridge/bridge_test.go")
		tr.Commit("move the bridge tests")
		tr.WriteFile("net/bridge/bridge_test.go", strings.Replace(tr.ReadFile("net/bridge/bridge_test.go"), "ContainerStart()", "ContainerStart(); ContainerStart()", 1))
		tr.Commit("start twice")
		r := open(t, tr.Dir, o)
		got, err := r.Log(context.Background(), base, "HEAD", git.LogOptions{Pickaxe: "ContainerStart"})
		if err != nil || subjects(got) != "start twice" {
			t.Fatalf("-S ContainerStart: %q %v", subjects(got), err)
		}
		got, err = r.Log(context.Background(), base, "HEAD", git.LogOptions{Paths: []string{"net/bridge_test.go"}})
		if err != nil || subjects(got) != "move the bridge tests" {
			t.Fatalf("-- net/bridge_test.go: %q %v", subjects(got), err)
		}
	})
}

// TestLogPatchWithSeparatorBytes: a changed line holding the log's record
// and field separator bytes stays in its hunk (the hunk's counts are
// checked, so a split record would be a malformed diff).
func TestLogPatchWithSeparatorBytes(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t)
		tr.WriteFile("data.txt", "a\n")
		good := tr.Commit("good")
		tr.WriteFile("data.txt", "a\n\x1e\x1fb\nc\n")
		tr.Commit("separators")
		r := open(t, tr.Dir, o)
		es, err := r.Log(context.Background(), good, "HEAD", git.LogOptions{Patch: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 || es[0].Subject != "separators" || len(es[0].Files) != 1 || len(es[0].Files[0].Hunks) != 1 ||
			es[0].Files[0].Hunks[0].NewLines != 2 {
			t.Fatalf("%+v", es)
		}
	})
}

// File names with a tab, a newline, quotes, a space or non-ASCII letters
// come out of Log exactly as git stores them, on both backends: the
// binary lists them NUL-separated (-z), never quoted.
func TestLogOddNames(t *testing.T) {
	got := map[string][]string{}
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t)
		good := tr.Commit("good")
		for _, n := range testutil.OddNames {
			tr.WriteFile(n, "package odd\n")
		}
		tr.Commit("odd names")
		tr.Commit("empty")
		r := open(t, tr.Dir, o)
		es, err := r.Log(context.Background(), good, "HEAD", git.LogOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 2 || es[0].Subject != "empty" || len(es[0].Files) != 0 {
			t.Fatalf("entries %+v", es)
		}
		var names []string
		for _, f := range es[1].Files {
			names = append(names, f.Path)
		}
		sort.Strings(names)
		want := append([]string(nil), testutil.OddNames...)
		sort.Strings(want)
		if !reflect.DeepEqual(names, want) {
			t.Fatalf("names %q, want %q", names, want)
		}
		got[r.Backend()] = names
	})
	if len(got) == 2 && !reflect.DeepEqual(got["git"], got["go"]) {
		t.Fatalf("the backends disagree: %q and %q", got["git"], got["go"])
	}
}

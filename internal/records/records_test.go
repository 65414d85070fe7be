package records_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/records"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

func rec(id, branch, title string) *record.Record {
	r := &record.Record{Schema: 1, ID: id, Phase: record.PhaseInvestigating, Created: testutil.Now,
		Incident: record.Incident{Title: title, Severity: "SEV2"}, Branch: record.Branch{Name: branch}}
	return r
}

func TestListAndForBranch(t *testing.T) {
	tr := testutil.NewRepo(t).WithOrigin()
	cfg := config.Default()
	store := record.Store{Root: tr.Dir, Dir: ".hotfix"}
	// On a local branch, committed; then changed in the work tree.
	tr.Git("checkout", "-q", "-b", "hotfix/a")
	if err := store.Save(rec("2026-11-22-a", "hotfix/a", "committed title")); err != nil {
		t.Fatal(err)
	}
	tr.Commit("record a")
	// On a remote branch only.
	tr.Git("checkout", "-q", "-b", "hotfix/b", "main")
	if err := store.Save(rec("2026-11-22-b", "hotfix/b", "remote")); err != nil {
		t.Fatal(err)
	}
	tr.Commit("record b")
	tr.Git("push", "-q", "origin", "hotfix/b")
	tr.Git("checkout", "-q", "main")
	tr.Git("branch", "-D", "hotfix/b")
	// A branch outside the template's prefix is not read.
	tr.Git("checkout", "-q", "-b", "feature/c", "main")
	if err := store.Save(rec("2026-11-22-c", "feature/c", "not a hotfix")); err != nil {
		t.Fatal(err)
	}
	tr.Commit("record c")
	tr.Git("checkout", "-q", "hotfix/a")
	if err := store.Save(rec("2026-11-22-a", "hotfix/a", "work tree title")); err != nil {
		t.Fatal(err)
	}

	repo, err := git.Open(tr.Dir, git.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	found, errs := records.List(repo, cfg)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, f := range found {
		got = append(got, f.Record.ID+"@"+f.Source+":"+f.Record.Incident.Title)
	}
	want := "2026-11-22-a@work tree:work tree title,2026-11-22-b@origin/hotfix/b:remote"
	if strings.Join(got, ",") != want {
		t.Fatalf("got %v\nwant %s", got, want)
	}
	r, err := records.ForBranch(repo, cfg, "hotfix/a")
	if err != nil || r == nil || r.ID != "2026-11-22-a" {
		t.Fatalf("ForBranch: %+v %v", r, err)
	}
	if r, err := records.ForBranch(repo, cfg, "main"); r != nil || err != nil {
		t.Fatalf("no record for main: %+v %v", r, err)
	}
	if p := records.BranchPrefix(cfg); p != "hotfix/" {
		t.Fatalf("prefix %q", p)
	}
	cfg.Branches.Hotfix = "fixes/{{.Severity}}/{{.Slug}}"
	if p := records.BranchPrefix(cfg); p != "fixes/" {
		t.Fatalf("prefix %q", p)
	}
}

func TestFind(t *testing.T) {
	tr := testutil.NewRepo(t)
	cfg := config.Default()
	store := record.Store{Root: tr.Dir, Dir: ".hotfix"}
	tr.Git("checkout", "-q", "-b", "hotfix/a")
	if err := store.Save(rec("2026-11-22-a", "hotfix/a", "a")); err != nil {
		t.Fatal(err)
	}
	repo, err := git.Open(tr.Dir, git.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	if r, err := records.Find(repo, cfg, ""); err != nil || r.ID != "2026-11-22-a" {
		t.Fatalf("by branch: %v %v", r, err)
	}
	if r, err := records.Find(repo, cfg, "2026-11-22-a"); err != nil || r.Incident.Title != "a" {
		t.Fatalf("by id: %v %v", r, err)
	}
	if _, err := records.Find(repo, cfg, "nope"); err == nil || !strings.Contains(err.Error(), `there is no record "nope"`) {
		t.Fatalf("unknown id: %v", err)
	}
	for _, id := range []string{"../x", "../../etc/passwd", "a/b", "/tmp/x"} {
		_, err := records.Find(repo, cfg, id)
		var ce *cmdutil.Error
		if err == nil || !strings.Contains(err.Error(), "is not a record id") || !errors.As(err, &ce) || !strings.Contains(ce.Fix, "hotfix status") {
			t.Fatalf("escaping id %q: %v", id, err)
		}
	}
	tr.Git("checkout", "-q", "main")
	if _, err := records.Find(repo, cfg, ""); err == nil || !strings.Contains(err.Error(), "belongs to branch main") {
		t.Fatalf("no record for main: %v", err)
	}
}

package closecmd

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// The first fix commit is the branch's own: not a commit of main brought
// in by merging main into the branch (the team's policy commit, made
// earlier), nor pr's record-only commit; it keeps its author and subject
// for the timeline.
func TestFirstFixCommitIsTheBranchs(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	r := gitRepo{t: t, Dir: t.TempDir()}
	r.Git("init", "-q", "-b", "main")
	r.WriteFile("shop.go", "package shop\n")
	r.Commit("release")
	r.Git("tag", "v1.0.0")
	r.WriteFile("policy.yaml", "version: 1\n")
	r.Git("add", "-A")
	r.Git("commit", "-q", "--date", "2026-11-22T09:00:00Z", "-m", "the team's policy")
	r.Git("checkout", "-q", "-b", "hotfix/x", "v1.0.0")
	r.Git("merge", "-q", "--no-ff", "--no-edit", "main")
	if err := os.MkdirAll(filepath.Join(r.Dir, ".hotfix"), 0o755); err != nil {
		t.Fatal(err)
	}
	r.WriteFile(".hotfix/x.yaml", "id: x\n")
	r.Git("add", "-A")
	r.Git("commit", "-q", "--date", "2026-11-22T10:10:00Z", "-m", "hotfix x: record")
	r.WriteFile("shop.go", "package shop\n\n// Refunds counts refunds.\nfunc Refunds() int { return 0 }\n")
	r.Git("add", "-A")
	r.Git("commit", "-q", "--date", "2026-11-22T10:20:00Z", "--author", "Fixer <fixer@example.com>", "-m", "fix refunds")
	fix := r.Git("rev-parse", "HEAD")
	r.Git("checkout", "-q", "main")
	r.Git("merge", "-q", "--no-ff", "--no-edit", "hotfix/x")
	merge := r.Git("rev-parse", "HEAD")

	repo, err := git.Open(r.Dir, git.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	rec := &record.Record{Branch: record.Branch{Base: "v1.0.0"}}
	_, first := changeFacts(context.Background(), repo, record.Store{Dir: ".hotfix"}, rec, &plan{Head: fix, MergeCommit: merge})
	if first.Hash != fix || first.Author != "Fixer" || first.Subject != "fix refunds" {
		t.Fatalf("first fix commit %+v, want %s by Fixer", first, fix)
	}
	// What counts as a record is the policy's records directory: with
	// another one, .hotfix/x.yaml is a change like any other.
	if _, first = changeFacts(context.Background(), repo, record.Store{Dir: "ops/incidents"}, rec, &plan{Head: fix, MergeCommit: merge}); first.Subject != "hotfix x: record" {
		t.Fatalf("with records in ops/incidents: %+v", first)
	}
	// Without the merge (close --offline before it is known), the
	// record-only commit is still skipped; main's commit cannot be told.
	if _, first = changeFacts(context.Background(), repo, record.Store{Dir: ".hotfix"}, rec, &plan{Head: fix}); first.Subject == "hotfix x: record" {
		t.Fatalf("a record-only commit taken for the fix: %+v", first)
	}
}

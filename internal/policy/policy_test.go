package policy_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/policy"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

const strict = "version: 1\nverify:\n  rules: [tests-touched, docs-touched]\n  docs_touched: {require_update: true}\npr:\n  reviewers: [alice]\n"

// released is a repository released as v1.0.0 with no policy, whose team
// then commits its policy on main (and pushes it), and a hotfix branch cut
// from the tag, which predates the file.
func released(t *testing.T) *testutil.Repo {
	t.Helper()
	r := testutil.NewRepo(t)
	r.WriteFile("a.go", "package a\n")
	r.Commit("release")
	r.Tag("v1.0.0")
	r.WithOrigin()
	r.TeamPolicy(strict)
	r.Git("checkout", "-q", "-b", "hotfix/v1.0.0-x", "v1.0.0")
	return r
}

func open(t *testing.T, dir string, pureGo bool) *git.Repo {
	t.Helper()
	repo, err := git.Open(dir, git.OpenOptions{PureGo: pureGo})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { repo.Close() })
	return repo
}

func backends(t *testing.T, f func(t *testing.T, pureGo bool)) {
	for name, pureGo := range map[string]bool{"git": false, "go": true} {
		t.Run(name, func(t *testing.T) { f(t, pureGo) })
	}
}

// On a hotfix branch cut from a tag that predates the policy, the policy
// on the production branch governs, and the notice says the work tree's
// copy (none) differs.
func TestProductionTipGoverns(t *testing.T) {
	backends(t, func(t *testing.T, pureGo bool) {
		r := released(t)
		var notes []string
		c, err := policy.Governing(open(t, r.Dir, pureGo), policy.Options{Notify: func(s string) { notes = append(notes, s) }})
		if err != nil {
			t.Fatal(err)
		}
		main := strings.TrimSpace(r.Git("rev-parse", "main"))
		if !c.Verify.DocsTouched.RequireUpdate || len(c.PR.Reviewers) != 1 || c.Origin.Ref != "origin/main" || c.Origin.Commit != main {
			t.Fatalf("governing %+v %+v", c.Verify.DocsTouched, c.Origin)
		}
		if len(notes) != 1 || !strings.Contains(notes[0], "differs from origin/main") {
			t.Fatalf("notices %q", notes)
		}
	})
}

// The remote-tracking branch governs when fetched, even when the local
// production branch is elsewhere; without it, the local branch; without
// either, the work tree, with a notice.
func TestWhereThePolicyComesFrom(t *testing.T) {
	r := released(t)
	// A local edit on main that was never pushed does not govern.
	r.Git("checkout", "-q", "main")
	r.WriteFile(".hotfix.yaml", "version: 1\nflow: release-branches\n")
	r.Commit("local only")
	c, err := policy.Governing(open(t, r.Dir, false), policy.Options{})
	if err != nil || c.Flow == "release-branches" || c.Origin.Ref != "origin/main" {
		t.Fatalf("remote-tracking: %+v %v", c.Origin, err)
	}
	r.Git("remote", "remove", "origin")
	c, err = policy.Governing(open(t, r.Dir, false), policy.Options{})
	if err != nil || c.Flow != "release-branches" || c.Origin.Ref != "main" {
		t.Fatalf("local: %+v %v", c.Origin, err)
	}

	// A repository with no commit on its production branch yet.
	fresh := t.TempDir()
	testutil.Git(t, fresh, "init", "-q", "-b", "main")
	if err := os.WriteFile(filepath.Join(fresh, ".hotfix.yaml"), []byte("version: 1\nflow: release-branches\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var notes []string
	c, err = policy.Governing(open(t, fresh, false), policy.Options{Notify: func(s string) { notes = append(notes, s) }})
	if err != nil || c.Flow != "release-branches" || c.Origin.Ref != "the work tree" || c.Origin.Absent || len(notes) != 1 || !strings.Contains(notes[0], "work tree") {
		t.Fatalf("work tree: %+v %v %q", c.Origin, err, notes)
	}
	// Without the file there either, the defaults, and the origin says so.
	if err := os.Remove(filepath.Join(fresh, ".hotfix.yaml")); err != nil {
		t.Fatal(err)
	}
	c, err = policy.Governing(open(t, fresh, false), policy.Options{})
	if err != nil || c.Flow == "release-branches" || c.Origin.String() != "the defaults (no .hotfix.yaml in the work tree)" {
		t.Fatalf("no file in the work tree: %+v %v", c.Origin, err)
	}
}

// An invalid governing policy stops with the file, the commit and the line.
func TestInvalidGoverningPolicy(t *testing.T) {
	r := released(t)
	r.TeamPolicy("version: 1\nverify:\n  rulez: []\n")
	_, err := policy.Governing(open(t, r.Dir, false), policy.Options{})
	short := strings.TrimSpace(r.Git("rev-parse", "main"))[:10]
	// The error names the file as config.Origin.String does, with the line.
	if err == nil || !strings.Contains(err.Error(), ".hotfix.yaml at origin/main ("+short+"):3") || !strings.Contains(err.Error(), "rulez") {
		t.Fatalf("%v", err)
	}
}

// At reads the policy of a revision (verify's base side); --config
// overrides both and says so; a non-regular --config is refused.
func TestAtAndConfigFlag(t *testing.T) {
	r := released(t)
	for _, pureGo := range []bool{true, false} {
		c, err := policy.At(open(t, r.Dir, pureGo), "v1.0.0", policy.Options{})
		// No file at the tag: the defaults, and the origin says so.
		if err != nil || c.Verify.DocsTouched.RequireUpdate || c.Origin.Ref != "v1.0.0" || !c.Origin.Absent ||
			!strings.HasPrefix(c.Origin.String(), "the defaults (no .hotfix.yaml at v1.0.0 (") {
			t.Fatalf("at the tag (no policy: the defaults), pure Go %v: %+v %q %v", pureGo, c.Origin, c.Origin.String(), err)
		}
		// AtCommit, given the commit the tag names, reads the same.
		commit := strings.TrimSpace(r.Git("rev-parse", "v1.0.0^{commit}"))
		if c2, err := policy.AtCommit(open(t, r.Dir, pureGo), "v1.0.0", commit, policy.Options{}); err != nil || !reflect.DeepEqual(c2, c) {
			t.Fatalf("AtCommit, pure Go %v: %+v %v, want %+v", pureGo, c2, err, c)
		}
	}
	file := filepath.Join(t.TempDir(), "experiment.yaml")
	if err := os.WriteFile(file, []byte("version: 1\nflow: release-branches\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var notes []string
	c, err := policy.Governing(open(t, r.Dir, false), policy.Options{File: file, Notify: func(s string) { notes = append(notes, s) }})
	if err != nil || c.Flow != "release-branches" || !strings.HasPrefix(c.Origin.Ref, "--config ") || len(notes) != 1 || !strings.Contains(notes[0], "not the team's policy") {
		t.Fatalf("--config: %+v %v %q", c.Origin, err, notes)
	}
	if _, err := policy.Governing(open(t, r.Dir, false), policy.Options{File: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("a directory as --config: %v", err)
	}
}

// The governing policy is read from the production branch's commit (one
// `git cat-file` with the git binary), never from the work tree's copy,
// and an empty file there is a policy of defaults, not a missing one.
func TestPolicyReadFromTheCommit(t *testing.T) {
	backends(t, func(t *testing.T, pureGo bool) {
		r := testutil.NewRepo(t)
		r.WriteFile(".hotfix.yaml", strict)
		r.Commit("policy")
		r.WriteFile(".hotfix.yaml", "version: 1\n")
		c, err := policy.Governing(open(t, r.Dir, pureGo), policy.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !c.Verify.DocsTouched.RequireUpdate || len(c.PR.Reviewers) != 1 {
			t.Fatalf("the work tree's copy governed: %+v", c.Verify.DocsTouched)
		}
		r.WriteFile(".hotfix.yaml", "")
		r.Commit("empty policy")
		c, err = policy.Governing(open(t, r.Dir, pureGo), policy.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if c.Verify.DocsTouched.RequireUpdate || len(c.PR.Reviewers) != 0 || c.Origin.Commit != strings.TrimSpace(r.Git("rev-parse", "HEAD")) || c.Origin.Absent {
			t.Fatalf("empty policy: %+v %+v", c.Verify.DocsTouched, c.Origin)
		}
	})
}

// A .hotfix.yaml on the production branch that is no file (a directory)
// stops the command with the reason; it is never taken for "no policy".
func TestPolicyThatIsNoFileFails(t *testing.T) {
	backends(t, func(t *testing.T, pureGo bool) {
		r := testutil.NewRepo(t)
		r.Git("branch", "hotfix/x")
		r.WriteFile(".hotfix.yaml/oops", "x\n")
		r.Commit("a directory where the policy goes")
		r.Git("checkout", "-q", "hotfix/x")
		_, err := policy.Governing(open(t, r.Dir, pureGo), policy.Options{})
		if err == nil || !strings.Contains(err.Error(), "cannot read .hotfix.yaml") || !strings.Contains(err.Error(), "not a file") {
			t.Fatalf("err %v", err)
		}
	})
}

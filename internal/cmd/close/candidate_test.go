package closecmd_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	closecmd "github.com/hotfix-dev/hotfix/internal/cmd/close"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/ghapi"
	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
)

const wip = "WIP: experimental transport (not for release)"

// onServer commits on a branch of the origin, as a teammate's push would,
// and returns the commit.
func (w *world) onServer(branch, file, subject string) string {
	w.t.Helper()
	scratch := filepath.Join(w.t.TempDir(), "scratch")
	testutil.Git(w.t, "", "clone", "-q", "-b", branch, w.git.Dir("acme/shop"), scratch)
	sr := &testutil.Repo{T: w.t, Dir: scratch, When: w.clock.Now()}
	sr.WriteFile(file, subject+"\n")
	sha := sr.Commit(subject)
	testutil.Git(w.t, scratch, "push", "-q", "origin", "HEAD:refs/heads/"+branch)
	return sha
}

// bare runs git in the origin's bare repository.
func (w *world) bare(args ...string) string {
	w.t.Helper()
	return strings.TrimSpace(testutil.Git(w.t, w.git.Dir("acme/shop"), args...))
}

// isAncestor says whether a is in b's history, in the origin.
func (w *world) isAncestor(a, b string) bool {
	_, err := testutil.GitErr(w.git.Dir("acme/shop"), nil, "merge-base", "--is-ancestor", a, b)
	return err == nil
}

func (w *world) head() string {
	return strings.TrimSpace(w.repo.Git("rev-parse", branch))
}

// In trunk, a commit that landed on main after the release is not in the
// patch release: the tag is the pull request's reviewed head, which holds
// the fix, and main gets the fix through the merged pull request. Both
// git backends.
func TestTrunkReleaseLeavesOutWhatLandedOnMain(t *testing.T) {
	for _, pureGo := range []bool{false, true} {
		t.Run(map[bool]string{false: "git", true: "go"}[pureGo], func(t *testing.T) {
			w := newWorld(t, "version: 1\nflow: trunk\n")
			stray := w.onServer("main", "transport.go", wip)
			head := w.head()
			merge := w.merge()
			if !w.isAncestor(stray, merge) {
				t.Fatal("the merge does not hold main's WIP commit: the world is wrong")
			}
			cli := w.cli()
			cli.PureGo = pureGo
			res := cli.Run(t, "close", "--not-deployed", notDeployed, "--answers", w.answers(fullAnswers))
			if res.Code != 0 {
				t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
			}
			tagged := w.bare("rev-parse", "v1.0.1^{commit}")
			if tagged != head || w.isAncestor(stray, tagged) || !w.isAncestor(head, merge) {
				t.Fatalf("v1.0.1 on %s (head %s); holds the WIP commit: %v", tagged, head, w.isAncestor(stray, tagged))
			}
			if n := w.bare("rev-list", "--count", "v1.0.0..v1.0.1"); n != "3" {
				t.Errorf("v1.0.1 adds %s commits to v1.0.0, want the fix and the two record commits", n)
			}
			if !strings.Contains(res.Out, "tagged on "+head[:7]) || !strings.Contains(res.Out, "reviewed head") ||
				!strings.Contains(res.Out, "it adds 3 commit(s) to v1.0.0:") || !strings.Contains(res.Out, "fix refunds") || strings.Contains(res.Out, "WIP") {
				t.Fatalf("the result does not show the release's contents:\n%s", res.Out)
			}
			if rec := loadRecord(t, w.repo.Dir); rec.Close.TagCommit != head || rec.Close.MergeCommit != merge || rec.Close.AllowedExtra != "" {
				t.Fatalf("record %+v", rec.Close)
			}
		})
	}
}

// The dry run shows the candidate and its contents, and changes nothing.
func TestDryRunShowsTheContents(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\n")
	w.onServer("main", "transport.go", wip)
	head := w.head()
	w.merge()
	before := w.repo.State()
	res := w.cli().Run(t, "--dry-run", "close", "--not-deployed", notDeployed, "--answers", w.answers(fullAnswers))
	if res.Code != 0 || !strings.Contains(res.Out, "tag v1.0.1 on the pull request's reviewed head "+head[:7]) ||
		!strings.Contains(res.Out, "it adds 3 commit(s) to v1.0.0:") || !strings.Contains(res.Out, "fix refunds") || strings.Contains(res.Out, "WIP") {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if w.repo.State() != before {
		t.Fatal("the dry run changed the repository")
	}
}

// gitflow: a commit made directly on the production branch after the
// release is refused and listed before anything changes.
func TestGitflowStrayCommitOnProductionIsRefused(t *testing.T) {
	w := newWorld(t, "")
	stray := w.onServer("main", "config.yaml", "tune the pool size directly on main")
	w.merge()
	before := w.repo.State()
	for _, dry := range []bool{true, false} {
		args := []string{"close", "--not-deployed", notDeployed, "--answers", w.answers(fullAnswers)}
		if dry {
			args = append([]string{"--dry-run"}, args...)
		}
		res := w.cli().Run(t, args...)
		if res.Code != 1 || !strings.Contains(res.Err, "main's history since v1.0.0 holds 1 commit(s) that are neither hotfix nor release merges") ||
			!strings.Contains(res.Err, stray[:10]+" tune the pool size directly on main") || !strings.Contains(res.Err, "--tag-commit") ||
			!strings.Contains(res.Err, "--allow-extra") {
			t.Fatalf("dry run %v: exit %d\n%s\n%s", dry, res.Code, res.Out, res.Err)
		}
		res.CheckFailure(t, "nothing was changed", "--allow-extra", token)
	}
	if after := w.repo.State(); after != before {
		t.Fatalf("the refusal changed the repository:\n%s\n%s", before, after)
	}
	if w.remoteRef("refs/tags/v1.0.1") != "" || w.repo.Git("tag", "--list", "v1.0.1") != "" || w.repo.Exists(".git/hotfix/close.json") {
		t.Fatal("a tag or saved progress was left")
	}
}

// A squash merge and a rebase merge make new commits on main: the tag is
// still the reviewed head. After the squash the branch is deleted on the
// remote and close runs from a new clone that never had the head: it
// fetches it by the pull request's ref, as GitHub keeps it.
func TestSquashAndRebaseMergesTagTheReviewedHead(t *testing.T) {
	for _, method := range []string{"squash", "rebase"} {
		t.Run(method, func(t *testing.T) {
			w := newWorld(t, "version: 1\nflow: trunk\n")
			stray := w.onServer("main", "transport.go", wip)
			head := w.head()
			w.repo.Git("push", "-q", w.git.AuthURL("acme/shop"), branch) // the reviewed head, as pr pushed it
			var merged string
			switch method {
			case "squash":
				tree := strings.Fields(w.bare("merge-tree", "--write-tree", "main", head))[0]
				merged = w.bare("commit-tree", tree, "-p", "main", "-m", "Refunds counted twice (#1)")
				w.bare("update-ref", "refs/heads/main", merged)
			case "rebase":
				scratch := filepath.Join(t.TempDir(), "rebase")
				testutil.Git(t, "", "clone", "-q", "-b", branch, w.git.Dir("acme/shop"), scratch)
				testutil.Git(t, scratch, "rebase", "-q", "origin/main")
				merged = strings.TrimSpace(testutil.Git(t, scratch, "rev-parse", "HEAD"))
				testutil.Git(t, scratch, "push", "-q", "origin", "HEAD:refs/heads/main")
			}
			w.api.Merge("acme/shop", 1, ghapi.MergeOptions{SHA: merged, By: "bob"})
			w.bare("update-ref", "refs/pull/1/head", head) // GitHub keeps it
			if w.isAncestor(head, "main") || !w.isAncestor(stray, "main") {
				t.Fatal("the world is wrong: the merge holds the head")
			}
			dir := w.repo.Dir
			if method == "squash" {
				w.bare("update-ref", "-d", "refs/heads/"+branch) // deleted on merge
				dir = filepath.Join(t.TempDir(), "clone")
				if out, err := testutil.GitErr("", gitserver.CredentialEnv("x-access-token", token), "clone", "-q", w.git.RepoURL("acme/shop"), dir); err != nil {
					t.Fatalf("clone: %v\n%s", err, out)
				}
				if _, err := testutil.GitErr(dir, nil, "cat-file", "-e", head+"^{commit}"); err == nil {
					t.Fatal("the new clone has the head already")
				}
			}
			cli := w.cli()
			cli.Dir = dir
			res := cli.Run(t, "close", "--not-deployed", notDeployed, "--id", recordID, "--answers", w.answers(fullAnswers), "--json")
			if res.Code != 0 {
				t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
			}
			var out closecmd.Result
			if err := json.Unmarshal([]byte(res.Out), &out); err != nil {
				t.Fatal(err)
			}
			if tagged := w.bare("rev-parse", "v1.0.1^{commit}"); tagged != head || out.TagCommit != head || out.MergeCommit != merged {
				t.Fatalf("v1.0.1 on %s, want the reviewed head %s; %+v", tagged, head, out)
			}
			var subjects []string
			for _, c := range out.Contents {
				subjects = append(subjects, c.Subject)
				if c.Extra {
					t.Errorf("%s is marked extra", c.Subject)
				}
			}
			if len(subjects) != 3 || !strings.Contains(strings.Join(subjects, ","), "fix refunds") || out.Release != "v1.0.0" {
				t.Fatalf("contents %v", out.Contents)
			}
		})
	}
}

// --tag-commit chooses the candidate, and it is checked like the default:
// main's merge holds the WIP commit, so it is refused until --allow-extra
// gives a reason, which the record and the postmortem keep. A commit
// without the fix is refused.
func TestTagCommitAndAllowExtra(t *testing.T) {
	w := newWorld(t, "version: 1\nflow: trunk\n")
	stray := w.onServer("main", "transport.go", wip)
	merge := w.merge()
	w.repo.Git("fetch", "-q", w.git.AuthURL("acme/shop"), "main")
	before := w.repo.State()

	res := w.close("--tag-commit", "v1.0.0", "--answers", w.answers(fullAnswers))
	if res.Code != 1 || !strings.Contains(res.Err, "does not hold the fix") {
		t.Fatalf("a candidate without the fix: exit %d\n%s", res.Code, res.Err)
	}
	res = w.close("--tag-commit", merge, "--answers", w.answers(fullAnswers))
	if res.Code != 1 || !strings.Contains(res.Err, "holds 1 commit(s) that are neither the hotfix's nor a merge of it") ||
		!strings.Contains(res.Err, stray[:10]+" "+wip) || !strings.Contains(res.Err, "--allow-extra REASON") {
		t.Fatalf("extra commits: exit %d\n%s", res.Code, res.Err)
	}
	if w.repo.State() != before || w.remoteRef("refs/tags/v1.0.1") != "" {
		t.Fatal("a refusal changed something")
	}
	if res := w.close("--allow-extra", " "); res.Code != 2 || !strings.Contains(res.Err, "--allow-extra needs a reason") {
		t.Fatalf("an empty reason: exit %d\n%s", res.Code, res.Err)
	}

	const why = "the transport goes out with it, agreed with ops"
	res = w.close("--tag-commit", merge, "--allow-extra", why, "--answers", w.answers(fullAnswers))
	if res.Code != 0 || !strings.Contains(res.Out, "the commit chosen with --tag-commit") || !strings.Contains(res.Out, wip+"  (not the fix's; --allow-extra: "+why+")") {
		t.Fatalf("exit %d\n%s\n%s", res.Code, res.Out, res.Err)
	}
	if tagged := w.bare("rev-parse", "v1.0.1^{commit}"); tagged != merge {
		t.Fatalf("v1.0.1 on %s, want the chosen %s", tagged, merge)
	}
	rec := loadRecord(t, w.repo.Dir)
	if rec.Close.TagCommit != merge || rec.Close.AllowedExtra != why || len(rec.Close.Extra) != 1 || rec.Close.Extra[0] != stray[:10]+" "+wip {
		t.Fatalf("record %+v", rec.Close)
	}
	pm := w.repo.ReadFile("docs/postmortems/2026-11-22-refunds-counted-twice.md")
	if !strings.Contains(pm, "- **Released with commits other than the fix's:** "+why) {
		t.Fatalf("the postmortem does not say why:\n%s", pm)
	}
}

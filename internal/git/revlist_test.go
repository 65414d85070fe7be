package git_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// revSubjects are the subjects of cs, sorted (the backends may order
// commits of the same time differently).
func revSubjects(cs []git.RevCommit) string {
	s := make([]string, len(cs))
	for i := range cs {
		s[i] = cs[i].Subject
	}
	sort.Strings(s)
	return strings.Join(s, ",")
}

// RevList gives the range with parents and the author's identity, and its
// first-parent line, alike on both backends.
func TestRevList(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr, good, hashes := historyRepo(t)
		r := open(t, tr.Dir, o)
		ctx := context.Background()
		all, err := r.RevList(ctx, good, "HEAD", false)
		if err != nil {
			t.Fatal(err)
		}
		if got := revSubjects(all); got != "Merge branch 'side',docs,readme,use loads,util" {
			t.Fatalf("all: %s", got)
		}
		if all[0].Hash != hashes["docs"] || len(all[0].Parents) != 1 || all[0].AuthorEmail != "author@example.com" || all[0].AuthorTime.IsZero() {
			t.Fatalf("newest %+v", all[0])
		}
		line, err := r.RevList(ctx, good, "HEAD", true)
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, c := range line {
			order = append(order, c.Subject)
		}
		// The side branch's own commit is not on main's first-parent line.
		if strings.Join(order, ",") != "docs,Merge branch 'side',util,readme" || len(line[1].Parents) != 2 {
			t.Fatalf("first parents: %v", order)
		}
		if none, err := r.RevList(ctx, "HEAD", good, false); err != nil || len(none) != 0 {
			t.Fatalf("HEAD..good: %v %v", none, err)
		}
	})
}

// FetchObjects brings a commit by its id (a deleted branch's head) and by a
// ref, and leaves no ref behind.
func TestFetchObjects(t *testing.T) {
	tr, srv, r := pushRepo(t)
	ctx := context.Background()
	head := strings.TrimSpace(tr.Git("rev-parse", "HEAD"))
	if err := r.Push(ctx, git.PushOptions{Remote: "origin", Refspecs: []string{"refs/heads/hotfix/x:refs/heads/hotfix/x"}, Token: canary}); err != nil {
		t.Fatal(err)
	}
	other := testutil.NewRepo(t)
	other.Git("remote", "add", "origin", srv.RepoURL("shop/api"))
	for _, pureGo := range []bool{false, true} {
		o := open(t, other.Dir, git.OpenOptions{PureGo: pureGo})
		if _, err := o.ResolveCommit(head); err == nil && !pureGo {
			t.Fatal("the other clone already has the commit")
		}
		src := head
		if pureGo {
			src = "refs/heads/hotfix/x"
		}
		if err := o.FetchObjects(ctx, "origin", src, canary); err != nil {
			t.Fatal(err)
		}
		if _, err := o.ResolveCommit(head); err != nil {
			t.Fatalf("not fetched: %v", err)
		}
		if refs := other.Git("for-each-ref", "refs/hotfix-fetch"); refs != "" {
			t.Fatalf("left a ref: %s", refs)
		}
	}
	o := open(t, other.Dir, git.OpenOptions{})
	if err := o.FetchObjects(ctx, "origin", strings.Repeat("1", 40), canary); err == nil {
		t.Fatal("fetched a commit the server does not have")
	}
	srv.AssertNoLeak(t, canary)
}

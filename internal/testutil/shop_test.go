package testutil

import (
	"strings"
	"testing"
)

// The shop is released as v1.0.0 on main; with Gitflow, develop is one
// commit ahead and release/1.1 starts there.
func TestNewShop(t *testing.T) {
	r := NewShop(t, Shop{Policy: "version: 1\n", Files: map[string]string{"README.md": "shop\n"}})
	if got := r.Git("rev-parse", "--abbrev-ref", "HEAD"); got != "main" {
		t.Fatalf("HEAD is %q", got)
	}
	if r.ReadFile("shop/shop.go") != ShopGo || r.ReadFile(".hotfix.yaml") != "version: 1\n" || r.ReadFile("README.md") != "shop\n" {
		t.Fatal("files differ")
	}
	if r.Git("rev-parse", "v1.0.0^{commit}") != r.Git("rev-parse", "HEAD") || r.Git("status", "--porcelain") != "" {
		t.Fatal("the release is not v1.0.0 with a clean tree")
	}
	if branches := r.Git("branch", "--format=%(refname:short)"); branches != "main" {
		t.Fatalf("branches without gitflow: %q", branches)
	}

	g := NewShop(t, Shop{Policy: "version: 1\nflow: gitflow\n", Gitflow: true})
	if got := g.Git("log", "--format=%s", "develop"); got != "next release work\nrelease\ninitial commit" {
		t.Fatalf("develop: %q", got)
	}
	if g.Git("rev-parse", "release/1.1") != g.Git("rev-parse", "develop") || !strings.Contains(g.Git("rev-parse", "--abbrev-ref", "HEAD"), "main") {
		t.Fatal("release/1.1 does not start at develop, or main is not checked out")
	}
}

// With Suspect, v1.0.0 holds a documented and tested change of shop.go
// between the module and the release: the culprit a revert undoes.
func TestNewShopWithSuspect(t *testing.T) {
	r := NewShop(t, Shop{Policy: "version: 1\n", Suspect: true})
	if got := r.Git("log", "--format=%s", "v1.0.0"); got != "release\n"+SuspectSubject+"\nshop\ninitial commit" {
		t.Fatalf("history: %q", got)
	}
	if r.ReadFile("shop/shop.go") != SuspectGo || !strings.Contains(r.ReadFile("shop/shop_test.go"), "TestDiscount") {
		t.Fatal("the suspect's files differ")
	}
	if files := r.Git("show", "--format=", "--name-only", "HEAD~1"); files != "shop/shop.go\nshop/shop_test.go" {
		t.Fatalf("the suspect changes %q", files)
	}
}

// Started leaves a hotfix on its branch whose record LoadRecord reads.
func TestStarted(t *testing.T) {
	r := Started(t)
	rec := LoadRecord(t, r.Dir, StartedID)
	if rec.Incident.Severity != "SEV3" || rec.Branch.Base != "main" || !strings.HasPrefix(r.Git("branch", "--show-current"), "hotfix/") {
		t.Fatalf("%+v on %s", rec.Incident, r.Git("branch", "--show-current"))
	}
}

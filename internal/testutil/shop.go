package testutil

import "testing"

// ShopIncident is a `hotfix start --answers` file for the shop repository:
// refunds counted twice since v1.0.0, a SEV2 reported by alice.
const ShopIncident = `title: Refunds counted twice
severity: SEV2
summary: Order totals count refunds twice since v1.0.0.
reporter: alice
detection: manual
affected: Every order with a refund since v1.0.0.
version: v1.0.0
owner: Test Author
scope: Total in shop/shop.go
`

// ShopGo is shop/shop.go of the shop repository: one documented function
// that a hotfix changes.
const ShopGo = "package shop\n\n// Total sums the prices.\nfunc Total(ps []int) int {\n\tt := 0\n\tfor _, p := range ps {\n\t\tt += p\n\t}\n\treturn t\n}\n"

// Shop describes the shop repository that the end-to-end tests of pr,
// close, the crash harness and the security sweep share.
type Shop struct {
	// Policy is .hotfix.yaml.
	Policy string
	// Files are written beside the Go module before the release commit.
	Files map[string]string
	// Gitflow adds develop, one commit ahead of the release (NEXT.md), and
	// release/1.1 branched from it.
	Gitflow bool
	// PolicyAfterRelease commits the policy on main after the release, as
	// a team adopting hotfix does: the release tag has no .hotfix.yaml.
	PolicyAfterRelease bool
	// Suspect commits the module first, then a documented and tested
	// change of shop.go (SuspectSubject, a culprit to revert), before the
	// release commit: the suspect is in v1.0.0 and on main.
	Suspect bool
}

// SuspectSubject is the subject of the suspect commit Shop.Suspect adds.
const SuspectSubject = "shop: Discount halves a price"

// SuspectGo is shop.go after the suspect commit.
const SuspectGo = ShopGo + "\n// Discount halves a price.\nfunc Discount(p int) int { return p / 2 }\n"

// NewShop makes the shop repository: the Go module example.com/shop with
// shop/shop.go (ShopGo), an empty test file, s.Files and s.Policy,
// committed as "release" and tagged v1.0.0, with main checked out.
func NewShop(t testing.TB, s Shop) *Repo {
	t.Helper()
	r := NewRepo(t)
	r.WriteFile("go.mod", "module example.com/shop\n\ngo 1.21\n")
	r.WriteFile("shop/shop.go", ShopGo)
	r.WriteFile("shop/shop_test.go", "package shop\n")
	if s.Suspect {
		r.Commit("shop")
		r.WriteFile("shop/shop.go", SuspectGo)
		r.WriteFile("shop/shop_test.go", "package shop\n\nimport \"testing\"\n\nfunc TestDiscount(t *testing.T) {\n\tif Discount(4) != 2 {\n\t\tt.Fatal()\n\t}\n}\n")
		r.Commit(SuspectSubject)
	}
	for name, content := range s.Files {
		r.WriteFile(name, content)
	}
	if !s.PolicyAfterRelease {
		r.WriteFile(".hotfix.yaml", s.Policy)
	}
	r.Commit("release")
	r.Tag("v1.0.0")
	if s.PolicyAfterRelease {
		r.WriteFile(".hotfix.yaml", s.Policy)
		r.Commit("the team's policy")
	}
	if s.Gitflow {
		r.Git("branch", "develop")
		r.Git("checkout", "-q", "develop")
		r.WriteFile("NEXT.md", "work for the next release\n")
		r.Commit("next release work")
		r.Git("branch", "release/1.1")
		r.Git("checkout", "-q", "main")
	}
	return r
}

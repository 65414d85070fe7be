// Package verifyeval measures verify's tests-touched and docs-touched rules
// against a reviewer's truth on real commits (issue 17): it loads a corpus of
// cases (repository, commit, base, truth), runs the verify engine with the
// default policy on each commit's change in a local clone, and scores its
// findings per rule and language. It never fetches: the clones are given.
package verifyeval

import (
	"fmt"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

// Categories a case may have.
var Categories = []string{"fix-with-test", "fix-without-test", "feature", "refactor", "docs-only", "typing-only", "formatting"}

// Splits a case may be in: tune cases may be looked at while changing
// verify; test cases are held out; fresh cases are a second held-out set,
// from repositories outside the others, labelled after the code they
// measure was written (testdata/verify-corpus/fresh-cases.yaml; read
// since); fresh2 cases a third, from ten more repositories
// (fresh2-cases.yaml); fresh3 cases a fourth, from ten more again
// (fresh3-cases.yaml).
var Splits = []string{"tune", "test", "fresh", "fresh2", "fresh3"}

// Case is one commit of the corpus and the reviewer's truth about it.
type Case struct {
	// Repo is the repository, "owner/name".
	Repo string `yaml:"repo"`
	// Lang is the repository's main language: go, python, javascript,
	// typescript or java.
	Lang string `yaml:"lang"`
	// Commit is the commit checked (full id).
	Commit string `yaml:"commit"`
	// Base is the commit it is compared with, its first parent.
	Base string `yaml:"base"`
	// Category is one of Categories.
	Category string `yaml:"category"`
	// Split is one of Splits.
	Split string `yaml:"split"`
	// NeedsTest lists the changed source files a reviewer would ask a
	// test for: behaviour changed and no test in the commit exercises it.
	NeedsTest []string `yaml:"needs_test"`
	// NeedsDoc lists the declarations, as "path:Name" (Name qualified as
	// verify names it, e.g. "Server.Close"), that need a doc comment by
	// the documented rules and lack one.
	NeedsDoc []string `yaml:"needs_doc"`
	// RuleNeedsTest, when labelled, lists the changed source files that
	// tests-touched's documented rule (docs/verify.md: the links, and what
	// cannot change behaviour) must flag, whatever a reviewer would ask:
	// it measures whether verify does what it documents. Nil when not
	// labelled.
	RuleNeedsTest *[]string `yaml:"rule_needs_test,omitempty"`
	// Why says in one line why the truth is what it is.
	Why string `yaml:"why"`
}

// Accepted says whether a reviewer would accept the commit as it is:
// nothing needs a test or a doc comment.
func (c *Case) Accepted() bool { return len(c.NeedsTest) == 0 && len(c.NeedsDoc) == 0 }

// LoadCases reads and validates a YAML list of cases.
func LoadCases(path string) ([]Case, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseCases(b)
}

// ParseCases parses and validates a YAML list of cases.
func ParseCases(b []byte) ([]Case, error) {
	var cases []Case
	if err := yaml.Unmarshal(b, &cases); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i, c := range cases {
		where := fmt.Sprintf("case %d (%s %s)", i+1, c.Repo, short(c.Commit))
		switch {
		case strings.Count(c.Repo, "/") != 1:
			return nil, fmt.Errorf("%s: repo must be owner/name", where)
		case !isHex40(c.Commit) || !isHex40(c.Base):
			return nil, fmt.Errorf("%s: commit and base must be full commit ids", where)
		case !oneOf(c.Category, Categories):
			return nil, fmt.Errorf("%s: unknown category %q", where, c.Category)
		case !oneOf(c.Split, Splits):
			return nil, fmt.Errorf("%s: unknown split %q", where, c.Split)
		case c.Lang == "":
			return nil, fmt.Errorf("%s: no lang", where)
		case seen[c.Repo+"@"+c.Commit]:
			return nil, fmt.Errorf("%s: listed twice", where)
		}
		for _, d := range c.NeedsDoc {
			if !strings.Contains(d, ":") {
				return nil, fmt.Errorf("%s: needs_doc %q is not path:Name", where, d)
			}
		}
		seen[c.Repo+"@"+c.Commit] = true
	}
	return cases, nil
}

func short(id string) string {
	if len(id) > 10 {
		return id[:10]
	}
	return id
}

func isHex40(s string) bool {
	if len(s) != 40 {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return false
		}
	}
	return true
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

package closecmd

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/internal/postmortem"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Result is close's --json output.
type Result struct {
	ID          string `json:"id"`
	Tag         string `json:"tag"`
	TagCommit   string `json:"tag_commit"`
	MergeCommit string `json:"merge_commit"`
	// Release is the previous release the tag adds to.
	Release string `json:"release,omitempty"`
	// Contents are the commits the tag adds to Release, newest first.
	Contents []commit `json:"contents"`
	// AllowedExtra is the --allow-extra reason, when Contents hold
	// commits other than the fix's.
	AllowedExtra string      `json:"allowed_extra,omitempty"`
	Offline      bool        `json:"offline"`
	MergedBack   []mergeBack `json:"merged_back"`
	Backports    []string    `json:"backports_missing"`
	Postmortem   string      `json:"postmortem"`
	PostmortemPR string      `json:"postmortem_pr,omitempty"`
	// Published says where the closed record and the postmortem went:
	// pull-request, commit (pushed to the production branch), or none
	// (left in the work tree); PublishCommit is the commit pushed.
	Published     string `json:"published"`
	PublishCommit string `json:"publish_commit,omitempty"`
	// GitHubRelease is the tag's GitHub Release (close.release: github).
	GitHubRelease string   `json:"github_release,omitempty"`
	Open          []string `json:"postmortem_open"`
	Issues        []string `json:"action_issues"`
	BranchKept    bool     `json:"branch_kept"`
	// NothingLeft says the hotfix was already closed: nothing was done.
	NothingLeft bool `json:"nothing_left,omitempty"`
	// AwaitingDeploy says close stopped after the release, until a deploy
	// is recorded; Left says what is left to do.
	AwaitingDeploy bool     `json:"awaiting_deploy,omitempty"`
	Left           []string `json:"left,omitempty"`
	// VersionFiles are the release.version_files checked at the tagged
	// commit; absent when none are configured.
	VersionFiles []string `json:"version_files,omitempty"`
}

// printAwaitingDeploy says that close stopped after the release, and what
// is left: the deploy, then close again.
func (c *closer) printAwaitingDeploy() error {
	o, p := c.o, c.plan
	if o.JSON {
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(Result{ID: p.RecordID, Tag: p.Tag, TagCommit: p.TagCommit, MergeCommit: p.MergeCommit, Release: p.Release, Contents: p.Contents,
			Offline: p.Offline, MergedBack: c.prog.MergeBacks, Backports: p.Backports, Postmortem: p.Postmortem, BranchKept: true,
			AwaitingDeploy: true, Left: leftToDo})
	}
	w := o.IO.Out
	fmt.Fprintf(w, "Released %s (%s) for %s; the hotfix stays open until the fix is deployed.\n", p.Tag, commitid.Short(p.TagCommit), p.RecordID)
	fmt.Fprintln(w, "Left to do:")
	for _, l := range leftToDo {
		fmt.Fprintf(w, "  - %s\n", l)
	}
	return nil
}

// leftToDo is what a close stopped before the deploy leaves, in order.
var leftToDo = []string{
	"deploy the release, then record it: hotfix deploy [--env NAME] [--rerun \"what\"]",
	"hotfix close (again): it resumes, writes the postmortem, deletes the branch and closes the hotfix",
	"or, if it will not be deployed: hotfix close --not-deployed REASON",
}

// printDryRun says what close would do, and changes nothing.
func (c *closer) printDryRun() error {
	o, p := c.o, c.plan
	w := o.IO.Out
	fmt.Fprintf(w, "Dry run: `hotfix close` of %s would:\n", p.RecordID)
	if p.Offline {
		fmt.Fprintf(w, "  - take the merge from the local repository: %s contains %s at %s\n", p.Production, p.Branch, commitid.Short(p.MergeCommit))
	} else if p.MergeCommit != "" {
		fmt.Fprintf(w, "  - fetch %s: pull request #%d merged as %s\n", p.Production, p.Number, commitid.Short(p.MergeCommit))
	} else {
		fmt.Fprintf(w, "  - check that pull request #%d merged (no token: not checked)\n", p.Number)
	}
	if len(p.Versions) > 0 {
		fmt.Fprintf(w, "  - (checked) the version files hold %s's version: %s\n", p.Tag, strings.Join(p.Versions, ", "))
	} else if p.VersionsUnchecked != "" {
		fmt.Fprintf(w, "  - check that the version files hold %s's version (not checked now: %s)\n", p.Tag, p.VersionsUnchecked)
	}
	if p.TagCommit == "" {
		fmt.Fprintf(w, "  - tag %s on %s (annotated) and push it to %s\n", p.Tag, c.candidateName(), p.Remote)
	} else {
		fmt.Fprintf(w, "  - tag %s on %s %s (annotated) and push it to %s\n", p.Tag, c.candidateName(), commitid.Short(p.TagCommit), p.Remote)
		c.printContents("    ")
	}
	for _, b := range p.CarryInto {
		fmt.Fprintf(w, "  - merge %s into %s and push it (a pull request if refused or conflicting)\n", p.Tag, b)
	}
	for _, b := range p.Backports {
		fmt.Fprintf(w, "  - list %s as a backport not made yet\n", b)
	}
	if p.GitHubRelease {
		fmt.Fprintf(w, "  - publish the GitHub Release of %s, its notes from the record (unless the tag has one)\n", p.Tag)
	} else if p.NoRelease != "" {
		fmt.Fprintf(w, "  - publish no GitHub Release: %s\n", p.NoRelease)
	}
	if p.FileActions {
		fmt.Fprintf(w, "  - file %d action item(s) as issues\n", len(p.Answers.ActionItems))
	}
	if p.AwaitDeploy {
		fmt.Fprintf(w, "  - record the release; then, unless a deploy is recorded (hotfix deploy) or --not-deployed is given, stop and say what is left\n")
	}
	fmt.Fprintf(w, "  - switch to %s, mark the record closed and write the postmortem %s (%d answer(s) open)\n", p.Production, p.Postmortem, len(postmortem.Missing(p.Answers, c.facts())))
	switch {
	case p.PostPR:
		fmt.Fprintf(w, "  - open the postmortem and the closed record as a pull request from postmortem/%s\n", p.RecordID)
	case p.Publish == "commit":
		fmt.Fprintf(w, "  - commit the postmortem and the closed record on %s and push it (a pull request if refused)\n", p.Production)
	case p.Unpublished != "":
		fmt.Fprintf(w, "  - leave the postmortem and the closed record uncommitted (%s)\n", p.Unpublished)
	default:
		fmt.Fprintf(w, "  - leave the postmortem and the closed record uncommitted (close.publish: none)\n")
	}
	if p.KeepBranch {
		fmt.Fprintf(w, "  - keep %s (close.keep_branch)\n", p.Branch)
	} else {
		fmt.Fprintf(w, "  - delete %s locally and on %s\n", p.Branch, p.Remote)
	}
	fmt.Fprintln(w, "Nothing was changed.")
	return nil
}

// printResult reports what close did.
func (c *closer) printResult() error {
	o, p, g := c.o, c.plan, c.prog
	open := postmortem.Missing(c.answers(), c.facts())
	var issues []string
	for _, is := range g.ActionIssues {
		if is != "" {
			issues = append(issues, is)
		}
	}
	if o.JSON {
		res := Result{ID: p.RecordID, Tag: p.Tag, TagCommit: p.TagCommit, MergeCommit: p.MergeCommit, Release: p.Release,
			Contents: nonNilC(p.Contents), AllowedExtra: p.AllowExtra, Offline: p.Offline, MergedBack: nonNilMB(g.MergeBacks),
			Backports: nonNil(p.Backports), Postmortem: p.Postmortem, PostmortemPR: g.PostPRURL, Open: nonNil(open), Issues: nonNil(issues), BranchKept: p.KeepBranch, VersionFiles: p.Versions,
			Published: c.published(), PublishCommit: g.PublishCommit, GitHubRelease: g.ReleaseURL}
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	w := o.IO.Out
	fmt.Fprintf(w, "Closed %s: %s tagged on %s (%s).\n", p.RecordID, p.Tag, commitid.Short(p.TagCommit), c.candidateName())
	c.printContents("  ")
	if len(p.Versions) > 0 {
		fmt.Fprintf(w, "  version files checked at the tagged commit: %s\n", strings.Join(p.Versions, ", "))
	}
	for _, mb := range g.MergeBacks {
		switch mb.How {
		case "merged":
			fmt.Fprintf(w, "  %s: merged\n", mb.Branch)
		case "pull-request":
			fmt.Fprintf(w, "  %s: pull request %s\n", mb.Branch, mb.URL)
		case "already":
			fmt.Fprintf(w, "  %s: already had the fix\n", mb.Branch)
		}
	}
	if len(p.Backports) > 0 {
		fmt.Fprintf(w, "Backports not made yet: %s. Make them with `hotfix pr --backport BRANCH` from a branch holding the fix.\n", strings.Join(p.Backports, ", "))
	}
	if g.ReleaseURL != "" {
		fmt.Fprintf(w, "GitHub Release: %s\n", g.ReleaseURL)
	} else if p.NoRelease != "" {
		fmt.Fprintf(w, "No GitHub Release (close.release: github): %s; publish it by hand (gh release create %s).\n", p.NoRelease, p.Tag)
	}
	fmt.Fprintf(w, "Postmortem: %s", p.Postmortem)
	switch {
	case g.PostPRURL != "":
		fmt.Fprintf(w, " and the closed record: pull request %s (teammates see the hotfix closed once it merges)", g.PostPRURL)
	case g.Published == "commit":
		fmt.Fprintf(w, " and the closed record: committed on %s as %s and pushed", p.Production, commitid.Short(g.PublishCommit))
	case p.Unpublished != "":
		fmt.Fprintf(w, " (not committed: %s; commit it with the closed record and push it)", p.Unpublished)
	default:
		fmt.Fprintf(w, " (not committed, close.publish: none: commit it with the closed record and push it)")
	}
	fmt.Fprintln(w)
	if len(open) > 0 {
		fmt.Fprintf(w, "Still open in the postmortem: %s.\n", strings.Join(open, ", "))
	}
	if len(issues) > 0 {
		fmt.Fprintf(w, "Action items filed: %s.\n", strings.Join(issues, ", "))
	}
	if p.KeepBranch {
		fmt.Fprintf(w, "Kept %s (close.keep_branch).\n", p.Branch)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// published says where the closed record and the postmortem went.
func (c *closer) published() string {
	switch g := c.prog; {
	case g.Published != "":
		return g.Published
	case g.PostPRURL != "":
		return "pull-request"
	}
	return "none"
}

// candidateName says what the release candidate is.
func (c *closer) candidateName() string {
	switch c.plan.Candidate {
	case candidateHead:
		return "the pull request's reviewed head"
	case candidateChosen:
		return "the commit chosen with --tag-commit"
	}
	return "the merge commit"
}

// printContents lists what the release adds to the previous one, each
// commit that is not the fix's marked with the reason it ships anyway.
func (c *closer) printContents(indent string) {
	p, w := c.plan, c.o.IO.Out
	if p.Release == "" {
		return // saved by an older hotfix, which did not look
	}
	fmt.Fprintf(w, "%sit adds %d commit(s) to %s:\n", indent, len(p.Contents), p.Release)
	for _, cm := range p.Contents {
		mark := ""
		if cm.Extra {
			mark = "  (not the fix's; --allow-extra: " + p.AllowExtra + ")"
		}
		fmt.Fprintf(w, "%s  %s %s%s\n", indent, commitid.Short(cm.ID), cm.Subject, mark)
	}
}

// printNothingLeft answers a close of a hotfix already closed.
func (c *closer) printNothingLeft(rec *record.Record) error {
	o := c.o
	cl := rec.Close
	if cl == nil {
		cl = &record.Close{}
	}
	if o.JSON {
		tagged := cl.TagCommit
		if tagged == "" {
			tagged = cl.MergeCommit
		}
		res := Result{ID: rec.ID, Tag: cl.Tag, TagCommit: tagged, MergeCommit: cl.MergeCommit, AllowedExtra: cl.AllowedExtra,
			Contents: []commit{}, Offline: cl.Offline, MergedBack: []mergeBack{}, Backports: []string{}, Postmortem: cl.Postmortem,
			PostmortemPR: cl.PostmortemPR, Open: []string{}, Issues: nonNil(cl.ActionIssues), NothingLeft: true, GitHubRelease: cl.GitHubRelease}
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	what := ""
	if cl.Tag != "" {
		what = " (" + cl.Tag + ")"
	}
	fmt.Fprintf(o.IO.Out, "The hotfix %s is already closed%s: nothing left to do.\n", rec.ID, what)
	return nil
}

func nonNilC(s []commit) []commit {
	if s == nil {
		return []commit{}
	}
	return s
}

func nonNilMB(s []mergeBack) []mergeBack {
	if s == nil {
		return []mergeBack{}
	}
	return s
}

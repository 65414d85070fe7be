package pr

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/github"
	"github.com/hotfix-dev/hotfix/internal/notify"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// printDryRun shows the push, the pull request and the API calls pr would
// make; nothing is sent.
func printDryRun(o *Options, cfg *config.Config, repo *git.Repo, p *plan) error {
	rec, err := record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}.Load(p.RecordID)
	if err != nil {
		return err
	}
	body := Body(cfg, rec, p.RecordPath, p.SkipVerify)
	if o.JSON {
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]interface{}{"dry_run": true, "push": p.Branch, "remote": p.Remote, "repo": p.Repo,
			"base": p.Base, "title": p.Title, "body": body, "labels": p.Labels, "reviewers": p.Reviewers, "draft": p.Draft, "calls": calls(p),
			"version_bump": bumpResult(p.Bump)})
	}
	w := o.IO.Out
	fmt.Fprintln(w, "Dry run: nothing was pushed or sent. `hotfix pr` would:")
	if p.Bump != nil {
		for _, l := range bumpLines(p.Bump) {
			fmt.Fprintf(w, "  bump        %s\n", l)
		}
		if len(p.Bump.Files) > 0 {
			fmt.Fprintf(w, "  commit      \"hotfix: bump version to %s\"\n", p.Bump.Version)
		}
	}
	fmt.Fprintf(w, "  push        %s to %s (%s)\n", p.Branch, p.Remote, safeURL(repo.RemoteURL(p.Remote)))
	for _, c := range calls(p) {
		fmt.Fprintf(w, "  call        %s\n", c)
	}
	if s, _ := notify.SlackFor(o.Getenv, rec.Incident.Report, nil); s != nil && !o.NoPost {
		fmt.Fprintf(w, "  post        the pull request's link in the report's thread in Slack (%s)\n", rec.Incident.Report)
		if ch := cfg.Update.Slack.PRChannel; ch != "" {
			fmt.Fprintf(w, "  post        the pull request's link in channel %s (update.slack.pr_channel)\n", ch)
		}
	}
	fmt.Fprintf(w, "\nPull request into %s:\n  title      %s\n  labels     %s\n  reviewers  %s\n  draft      %v\n\n", p.Base, p.Title,
		orNone(p.Labels), orNone(p.Reviewers), p.Draft)
	for _, line := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		fmt.Fprintf(w, "  | %s\n", line)
	}
	return nil
}

// calls lists the API requests a run makes, for --dry-run.
func calls(p *plan) []string {
	repo := "/repos/" + p.Repo
	c := []string{
		"GET " + repo + "/pulls?state=open&head=" + github.Target{Repo: p.Repo}.Owner() + ":" + p.Branch + "&base=" + p.Base + " (look for the open pull request)",
		"POST " + repo + "/pulls (create it), or PATCH " + repo + "/pulls/{number} (update the open one)",
	}
	if len(p.Labels) > 0 {
		c = append(c, "POST "+repo+"/issues/{number}/labels "+strings.Join(p.Labels, ", "))
	}
	if len(p.Reviewers) > 0 {
		c = append(c, "POST "+repo+"/pulls/{number}/requested_reviewers "+strings.Join(p.Reviewers, ", "))
	}
	for _, b := range p.Backports {
		c = append(c, fmt.Sprintf("cherry-pick the fix onto %s as %s, push it, and POST %s/pulls for it", b.Target, b.Branch, repo))
	}
	return c
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "(none)"
	}
	return strings.Join(s, ", ")
}

// safeURL drops any credentials from a remote URL before printing it.
func safeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}

func printResult(o *Options, p *plan) error {
	res := Result{Action: p.Action, Number: p.Number, URL: p.URL, Base: p.Base, Branch: p.Branch, Draft: p.Draft,
		Labels: nonNil(p.Labels), Reviewers: nonNil(p.Reviewers), Backports: []BackportResult{}, VersionBump: bumpResult(p.Bump)}
	for _, b := range p.Backports {
		res.Backports = append(res.Backports, BackportResult{Target: b.Target, State: b.State, Number: b.Number, URL: b.URL, Conflicts: b.Conflicts, Worktree: b.Worktree})
	}
	if o.JSON {
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	w := o.IO.Out
	kind := "Pull request"
	if p.Draft {
		kind = "Draft pull request"
	}
	fmt.Fprintf(w, "%s #%d %s: %s\n", kind, p.Number, p.Action, p.URL)
	fmt.Fprintf(w, "  %s -> %s; labels: %s; reviewers: %s\n", p.Branch, p.Base, orNone(p.Labels), orNone(p.Reviewers))
	if b := p.Bump; b != nil && len(b.Files) > 0 {
		fmt.Fprintf(w, "  version bumped to %s: %s\n", b.Version, strings.Join(bumpLines(b), "; "))
	} else if b != nil {
		fmt.Fprintf(w, "  version files already at %s: %s\n", b.Version, strings.Join(b.Already, ", "))
	}
	if p.SkipVerify != "" {
		fmt.Fprintf(w, "  verify was skipped: %s (shown in the pull request)\n", p.SkipVerify)
	}
	for _, b := range p.Backports {
		fmt.Fprintf(w, "  backport to %s: #%d %s\n", b.Target, b.Number, b.URL)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

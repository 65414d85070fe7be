package pr

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/codeowners"
	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/github"
	"github.com/hotfix-dev/hotfix/internal/steps"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Step kinds, stable across releases.
const (
	stepCommitRecord = "commit-record"
	stepBumpVersion  = "bump-version"
	stepPush         = "push"
	stepPullRequest  = "pull-request"
	stepLabels       = "labels"
	stepReviewers    = "reviewers"
	stepRecordPR     = "record-pull-request"
	stepBackports    = "backports"
	// stepPost (post.go) posts the pull request's link to Slack.
)

func (p *plan) steps(o *Options, repo *git.Repo, cfg *config.Config, client *github.Service) []steps.Step {
	store := record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}
	say := func(format string, args ...interface{}) { fmt.Fprintf(o.IO.ErrOut, format+"\n", args...) }
	list := []steps.Step{
		{Kind: stepCommitRecord, Run: func(ctx context.Context) error {
			return commitRecord(ctx, o, repo, p, "verify result", say)
		}},
	}
	if p.Bump != nil && len(p.Bump.Files) > 0 {
		list = append(list, steps.Step{Kind: stepBumpVersion, Run: func(ctx context.Context) error { return bumpVersion(ctx, o, repo, p, say) },
			Undo: func(context.Context) error { return undoBump(repo, p) }})
	}
	list = append(list, []steps.Step{
		{Kind: stepPush, Run: func(ctx context.Context) error { return push(ctx, o, repo, client, p, p.Branch) }},
		{Kind: stepPullRequest, Run: func(ctx context.Context) error {
			rec, err := store.Load(p.RecordID)
			if err != nil {
				return err
			}
			// No pull request in the record yet: one found open with this
			// very title and body was opened by a run of this pr that was
			// killed before it saved the fact.
			p.firstRun = rec.PullRequest == nil
			return openOrUpdate(ctx, client, p, Body(cfg, rec, p.RecordPath, p.SkipVerify), say)
		}},
		{Kind: stepLabels, Run: func(ctx context.Context) error { return client.AddLabels(ctx, p.Number, p.Labels) }},
		{Kind: stepReviewers, Run: func(ctx context.Context) error { return client.RequestReviewers(ctx, p.Number, p.Reviewers) }},
		{Kind: stepRecordPR, Run: func(ctx context.Context) error {
			rec, err := store.Load(p.RecordID)
			if err != nil {
				return err
			}
			now := o.Clock.Now().UTC().Truncate(time.Second)
			opened := now
			had := p.names(rec)
			if had {
				opened = rec.PullRequest.Opened
			}
			rec.PullRequest = &record.PullRequest{Number: p.Number, URL: p.URL, Base: p.Base, Draft: p.Draft, Opened: opened, Reviewers: p.Reviewers, SkipVerify: p.SkipVerify}
			rec.Advance(record.PhaseInReview)
			// Once: this step runs again when pr is killed before it saves
			// its progress. And not at all for a pull request the record
			// has that this run found as it would have made it (pr run
			// again after --abort, or with nothing new).
			if !(p.unchanged && had) {
				by, email := repo.UserIdentity()
				if by == "" {
					by = email
				}
				rec.AddEventOnce(record.Event{At: now, Kind: record.EventPullRequest, By: by, Text: fmt.Sprintf("pull request #%d %s: %s", p.Number, p.Action, p.URL),
					Fields: map[string]string{"number": fmt.Sprint(p.Number), "url": p.URL, "action": p.Action, "base": p.Base}})
			}
			if err := store.Save(rec); err != nil {
				return err
			}
			if err := commitRecord(ctx, o, repo, p, fmt.Sprintf("pull request #%d", p.Number), say); err != nil {
				return err
			}
			return push(ctx, o, repo, client, p, p.Branch)
		}, Undo: func(ctx context.Context) error {
			// A record this step saved with the pull request but never
			// committed goes back to HEAD's, which the commit-record step
			// left as it was before. One it committed stays, like its
			// push, and so does any edit made since.
			if rec, err := store.Load(p.RecordID); err != nil || !p.names(rec) {
				return nil
			}
			if committed, err := committedRecord(repo, p.RecordPath); err == nil && p.names(committed) {
				return nil
			}
			return repo.RestoreFile(p.RecordPath)
		}},
		{Kind: stepPost, Run: func(ctx context.Context) error { return postPR(ctx, o, repo, cfg, client, p, say) }},
	}...)
	if len(p.Backports) > 0 {
		list = append(list, steps.Step{Kind: stepBackports, Run: func(ctx context.Context) error {
			return backports(ctx, o, repo, cfg, client, p, say)
		}})
	}
	return list
}

// names reports whether rec holds p's pull request.
func (p *plan) names(rec *record.Record) bool {
	return rec.PullRequest != nil && rec.PullRequest.Number == p.Number
}

// committedRecord is the record at path as HEAD has it.
func committedRecord(repo *git.Repo, path string) (*record.Record, error) {
	head, err := repo.HeadCommit()
	if err != nil {
		return nil, err
	}
	data, err := repo.ReadFileAt(head, path)
	if err != nil {
		return nil, err
	}
	return record.Parse(path, data)
}

// commitRecord commits the incident record when it changed, and says so:
// pr never commits anything else.
func commitRecord(ctx context.Context, o *Options, repo *git.Repo, p *plan, what string, say func(string, ...interface{})) error {
	h, err := repo.CommitPaths(ctx, []string{p.RecordPath}, fmt.Sprintf("hotfix: record %s (%s)", p.RecordID, what), o.Clock.Now())
	if errors.Is(err, git.ErrOtherStaged) {
		return cmdutil.Failf("commit or unstage them, then run `hotfix pr --continue`", "cannot commit the incident record on its own: %v", err)
	}
	if errors.Is(err, git.ErrCommitRefused) {
		return cmdutil.Failf("fix what git says (a commit hook, or your signing key), then `hotfix pr --continue`",
			"cannot commit the incident record: %v", err)
	}
	if err != nil {
		return err
	}
	if h != "" {
		say("Committed the incident record %s (%s) as %s.", p.RecordPath, what, commitid.Short(h))
	}
	return nil
}

func push(ctx context.Context, o *Options, repo *git.Repo, client *github.Service, p *plan, branch string) error {
	return client.PushBranch(ctx, o.IO, repo, branch, o.ForceWithLease, "`hotfix pr --continue`")
}

// openOrUpdate finds the open pull request for the branch, updating it, or
// creates one; a draft refused by the repository is opened as a normal pull
// request, and a race with another creator ends in an update.
func openOrUpdate(ctx context.Context, client *github.Service, p *plan, body string, say func(string, ...interface{})) error {
	pr, err := client.FindOpenPullRequest(ctx, p.Branch, p.Base)
	if err != nil {
		return err
	}
	if pr == nil && p.Number == 0 {
		var note string
		pr, note, err = client.CreatePullRequest(ctx, github.NewPullRequest{Title: p.Title, Head: p.Branch, Base: p.Base, Body: body, Draft: p.Draft})
		if note != "" {
			p.DraftNote = note
			say("Note: %s.", p.DraftNote)
		}
		if err != nil {
			return err
		}
		if pr != nil {
			p.Number, p.URL, p.Action = pr.Number, pr.URL, "created"
			p.Draft = pr.Draft
			return nil
		}
		// Another run created it meanwhile: update that one.
		if pr, err = client.FindOpenPullRequest(ctx, p.Branch, p.Base); err != nil || pr == nil {
			return errOr(err, "GitHub says a pull request exists for %s but none is open", p.Branch)
		}
	}
	number := p.Number
	if pr != nil {
		number = pr.Number
	}
	p.unchanged = pr != nil && pr.Title == p.Title && pr.Body == body
	up, err := client.EditPullRequest(ctx, number, p.Title, body)
	if err != nil {
		return err
	}
	if p.Action == "" || p.Number == 0 {
		p.Action = "updated"
		if pr != nil && p.firstRun && pr.Title == p.Title && pr.Body == body {
			p.Action = "created"
		}
	}
	p.Number, p.URL, p.Draft = up.Number, up.URL, up.Draft
	return nil
}

func errOr(err error, format string, args ...interface{}) error {
	if err != nil {
		return err
	}
	return fmt.Errorf(format, args...)
}

// chooseReviewers gathers the configured reviewers, --reviewer, and the
// CODEOWNERS owners of the changed files, without the author, in a stable
// order.
func chooseReviewers(ctx context.Context, o *Options, repo *git.Repo, cfg *config.Config, p *plan, author string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(r string) {
		r = strings.TrimPrefix(strings.TrimSpace(r), "@")
		k := strings.ToLower(r)
		if r == "" || seen[k] || (author != "" && strings.EqualFold(r, author)) {
			return
		}
		seen[k] = true
		out = append(out, r)
	}
	for _, r := range cfg.PR.Reviewers {
		add(r)
	}
	for _, r := range o.Reviewers {
		add(r)
	}
	if !cfg.PR.CodeOwners {
		return out, nil
	}
	var file *codeowners.File
	for _, loc := range codeowners.Locations {
		data, err := repo.ReadFileAt(mustHead(repo), loc)
		if err != nil {
			continue
		}
		f, errs := codeowners.Parse(strings.NewReader(string(data)))
		for _, e := range errs {
			fmt.Fprintf(o.IO.ErrOut, "warning: %s: %v\n", loc, e)
		}
		file = f
		break
	}
	if file == nil {
		return out, nil
	}
	diff, err := repo.Change(ctx, baseRef(repo, cfg, p.Base), git.ChangeOptions{Content: func(string) bool { return false }})
	if err != nil {
		return nil, cmdutil.Failf("pass --base with the branch the fix goes into", "cannot list the changed files for CODEOWNERS: %v", err)
	}
	var owners []string
	for _, f := range diff.Files {
		owners = append(owners, file.Owners(f.Path)...)
	}
	sort.Strings(owners)
	for _, ow := range owners {
		if r, ok := codeowners.ParseOwner(ow); ok {
			add(r.String())
		}
	}
	return out, nil
}

func mustHead(repo *git.Repo) string {
	h, _ := repo.HeadCommit()
	return h
}

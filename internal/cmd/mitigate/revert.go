package mitigate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/github"
	"github.com/hotfix-dev/hotfix/internal/recordedit"
	"github.com/hotfix-dev/hotfix/internal/records"
	"github.com/hotfix-dev/hotfix/internal/steps"
	"github.com/hotfix-dev/hotfix/internal/verifyrun"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// RevertCommand names the saved progress of `hotfix mitigate --revert`
// (.git/hotfix/mitigate.json): plain mitigate saves none.
const RevertCommand = "mitigate"

// Step kinds of mitigate --revert, stable across releases.
const (
	stepCreateBranch = "create-branch"
	stepPush         = "push"
	stepPullRequest  = "pull-request"
	stepLabels       = "labels"
	stepRecord       = "record"
)

// RevertMarker begins the hidden line that ties a revert pull request to
// its record and reverted commit: "<!-- hotfix:revert ID COMMIT -->".
const RevertMarker = "<!-- hotfix:revert "

// revertPlan is what mitigate --revert decided, saved with its progress.
type revertPlan struct {
	RecordID   string    `json:"record_id"`
	Text       string    `json:"text"`
	Arg        string    `json:"arg"`
	Commit     string    `json:"commit"`
	Subject    string    `json:"subject"`
	Merge      bool      `json:"merge,omitempty"`
	Production string    `json:"production"`
	Onto       string    `json:"onto"`
	Revert     string    `json:"revert"`
	Branch     string    `json:"branch"`
	Remote     string    `json:"remote"`
	Repo       string    `json:"repo"`
	Host       string    `json:"host"`
	APIURL     string    `json:"api_url"`
	Title      string    `json:"title"`
	Body       string    `json:"body"`
	Labels     []string  `json:"labels"`
	SkipVerify string    `json:"skip_verify,omitempty"`
	At         time.Time `json:"at"`
	By         string    `json:"by"`
	Number     int       `json:"number,omitempty"`
	URL        string    `json:"url,omitempty"`
	Action     string    `json:"action,omitempty"`
}

// RevertResult is mitigate --revert's --json output.
type RevertResult struct {
	// Record is the record file, relative to the repository root.
	Record string `json:"record"`
	ID     string `json:"id"`
	// Commit is the reverted commit; Revert the commit that reverts it.
	Commit string `json:"commit"`
	Revert string `json:"revert_commit"`
	Branch string `json:"branch"`
	Base   string `json:"base"`
	Number int    `json:"number"`
	URL    string `json:"url"`
	// Action is created, or found: the pull request of an earlier run.
	Action string `json:"action"`
	Phase  string `json:"phase"`
	// Already says the revert was recorded before: nothing was done.
	Already bool `json:"already,omitempty"`
}

// errAlready ends a run whose revert the record already holds.
var errAlready = errors.New("already recorded")

// RunRevert opens the revert pull request of o.Revert and records it as a
// mitigation: a resumable command of steps (internal/steps).
func RunRevert(ctx context.Context, o *Options) error {
	repo, err := o.OpenRepo()
	if err != nil {
		return err
	}
	defer repo.Close()
	cfg, err := o.LoadConfig(repo)
	if err != nil {
		return err
	}
	p := &revertPlan{}
	var client *github.Service
	store := record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}
	err = steps.Drive(ctx, &steps.Command{
		Runner:    steps.Runner{Dir: filepath.Join(repo.GitDir(), "hotfix"), Command: RevertCommand, Now: o.Clock.Now, Snapshot: func() interface{} { return p }},
		Data:      p,
		Continue:  o.Continue,
		Abort:     o.Abort,
		DryRun:    o.DryRun,
		FreshHint: "run `hotfix mitigate --revert COMMIT` to open a revert pull request",
		Subject:   func() string { return fmt.Sprintf("reverting %s", commitid.Short(p.Commit)) },
		Prepare: func(ctx context.Context) error {
			var err error
			client, err = prepareRevert(ctx, o, repo, cfg, p)
			return err
		},
		Resume: func(ctx context.Context, _ *steps.State) error {
			if o.Revert != "" {
				if c, err := repo.ResolveCommit(o.Revert); err != nil || c != p.Commit {
					return cmdutil.Failf("run `hotfix mitigate --continue` to finish it, or `hotfix mitigate --abort` to forget it, then revert the other commit",
						"an interrupted `hotfix mitigate --revert %s` is saved; it is not for %s", p.Arg, o.Revert)
				}
			}
			var err error
			client, err = github.New(github.Target{Remote: p.Remote, Repo: p.Repo, Host: p.Host, APIURL: p.APIURL}, clientDeps(o))
			return err
		},
		Steps:       func() []steps.Step { return p.steps(o, repo, store, client) },
		PrintDryRun: func() error { return printRevertDryRun(o, p) },
		Finish: func() error {
			rec, err := store.Load(p.RecordID)
			if err != nil {
				return err
			}
			return printRevert(o, store, p, rec.Phase, false)
		},
		Aborted: func(*steps.State) error {
			fmt.Fprintf(o.IO.Out, "Forgot the saved progress of `hotfix mitigate --revert %s`. What was pushed and opened stays; a new run finds the pull request rather than making another.\n", p.Arg)
			return nil
		},
		Out: o.IO.Out, ErrOut: o.IO.ErrOut,
	})
	if errors.Is(err, errAlready) {
		rec, lerr := store.Load(p.RecordID)
		if lerr != nil {
			return lerr
		}
		return printRevert(o, store, p, rec.Phase, true)
	}
	return err
}

func clientDeps(o *Options) github.Deps {
	return github.Deps{IO: o.IO, Getenv: o.Getenv, HTTPClient: o.HTTPClient, Sleep: o.Sleep, Now: o.Clock.Now, DryRun: o.DryRun,
		Timeout: o.APITimeout, Verbose: o.Verbose}
}

// RevertBranch names the branch of the revert of commit for record id.
func RevertBranch(id, commit string) string {
	return "hotfix/" + id + "-revert-" + commitid.Short(commit)
}

// prepareRevert decides everything before anything is created: the record,
// the commit (in the production branch's history), the revert (made
// without a branch, and verified), the branch, the title and the body. A
// refusal leaves no branch or ref behind.
func prepareRevert(ctx context.Context, o *Options, repo *git.Repo, cfg *config.Config, p *revertPlan) (*github.Service, error) {
	rec, err := records.Find(repo, cfg, o.ID)
	if err != nil {
		return nil, err
	}
	if rec.Ended() {
		return nil, cmdutil.Failf("start a new hotfix for new work", "hotfix %s is %s; its record is no longer changed", rec.ID, rec.Phase)
	}
	p.RecordID, p.Arg, p.By = rec.ID, o.Revert, recordedit.Author(repo)
	commit, err := repo.ResolveCommit(o.Revert)
	if err != nil {
		return nil, cmdutil.Usagef("give the commit to revert (see `hotfix triage suspects` or `git log`)", "--revert %q is not a commit of this repository", o.Revert)
	}
	p.Commit = commit
	for _, e := range rec.Timeline {
		if e.Kind == record.EventMitigated && e.Fields["revert"] == commit {
			p.Number, p.URL, p.Revert, p.Branch, p.Production = atoi(e.Fields["number"]), e.Fields["url"], e.Fields["revert_commit"], e.Fields["branch"], e.Fields["base"]
			return nil, errAlready
		}
	}
	t, err := github.ResolveTarget(o.Getenv, cfg, repo)
	if err != nil {
		return nil, err
	}
	p.Remote, p.Repo, p.Host, p.APIURL = t.Remote, t.Repo, t.Host, t.APIURL
	client, err := github.New(t, clientDeps(o))
	if err != nil {
		return nil, err
	}
	p.Production = cfg.Branches.Production
	if p.Production == "" {
		p.Production = rec.Branch.Production
	}
	if p.Production == "" {
		p.Production = repo.DefaultBranch(cfg.Remote)
	}
	if err := repo.Fetch(ctx, p.Remote, p.Production, client.Token()); err != nil {
		return nil, cmdutil.Failf(fmt.Sprintf("check the network and that %s has the branch %s", p.Remote, p.Production),
			"cannot fetch the production branch %s: %s", p.Production, client.Redact(err.Error()))
	}
	p.Onto = repo.RemoteBranchCommit(p.Remote, p.Production)
	if p.Onto == "" {
		return nil, cmdutil.Failf("check branches.production in "+config.FileName, "%s has no branch %s", p.Remote, p.Production)
	}
	if in, err := repo.IsAncestor(ctx, commit, p.Onto); err != nil {
		return nil, err
	} else if !in {
		return nil, cmdutil.Failf("revert a commit that production runs: one in the history of "+p.Remote+"/"+p.Production+" (see `git log "+p.Remote+"/"+p.Production+"`)",
			"%s is not in the history of the production branch %s (%s), so there is nothing there to revert; nothing was created", commitid.Short(commit), p.Production, commitid.Short(p.Onto))
	}
	p.Branch = RevertBranch(rec.ID, commit)
	if err := git.CheckBranchName(p.Branch); err != nil {
		return nil, err
	}
	p.At = o.Clock.Now().UTC().Truncate(time.Second)
	dir := filepath.Join(repo.GitDir(), "hotfix", "reverts", commitid.Short(commit))
	rv, err := repo.Revert(ctx, dir, p.Onto, commit, p.At, o.SkipVerify == "")
	var cf *git.ConflictFiles
	switch {
	case errors.As(err, &cf):
		return nil, cmdutil.Failf("revert it by hand on a branch of your own and open its pull request (then record it with `hotfix mitigate \"what was done\"`), or mitigate another way",
			"the revert of %s does not apply to %s (%s): conflicts in %s; nothing was created", commitid.Short(commit), p.Production, commitid.Short(p.Onto), strings.Join(cf.Files, ", "))
	case err != nil:
		return nil, cmdutil.Failf("", "cannot revert %s: %v", commitid.Short(commit), err)
	}
	p.Revert, p.Subject, p.Merge = rv.Commit, rv.Subject, rv.Merge
	if o.SkipVerify == "" {
		err := verifyRevert(ctx, o, cfg, dir, p.Onto)
		_ = repo.RemoveWorktree(context.Background(), dir)
		_ = os.RemoveAll(dir)
		_ = os.Remove(filepath.Dir(dir)) // when empty
		if err != nil {
			return nil, err
		}
	}
	p.SkipVerify = o.SkipVerify
	// A branch left by an earlier run (its revert made at another time)
	// is taken as it is when it holds the same revert.
	_ = repo.Fetch(ctx, p.Remote, p.Branch, client.Token()) // absent: nothing fetched
	for _, tip := range []string{repo.RemoteBranchCommit(p.Remote, p.Branch), repo.BranchCommit(p.Branch)} {
		if tip == "" || tip == p.Revert {
			continue
		}
		if !repo.SameRevert(ctx, tip, p.Revert) {
			return nil, cmdutil.Failf(fmt.Sprintf("delete it (git branch -D %s; git push %s --delete %s) if it is left from an earlier attempt, then run this again", p.Branch, p.Remote, p.Branch),
				"branch %s already exists and holds something other than this revert", p.Branch)
		}
		p.Revert = tip
	}
	if p.Text = o.Text; p.Text == "" {
		p.Text = fmt.Sprintf("reverted %s (%s)", commitid.Short(commit), p.Subject)
	}
	p.Title = fmt.Sprintf("Revert %q", p.Subject)
	p.Body = revertBody(rec, p)
	p.Labels = []string{"hotfix", "revert"}
	return client, nil
}

// verifyRevert runs verify's rules, as for any pull request, on the revert
// checked out at dir, against the production branch it reverts on.
func verifyRevert(ctx context.Context, o *Options, cfg *config.Config, dir, onto string) error {
	wt, err := git.Open(dir, git.OpenOptions{Getenv: o.Getenv})
	if err != nil {
		return err
	}
	defer wt.Close()
	vo := &verifyrun.Options{IO: o.IO, Clock: o.Clock, Getenv: o.Getenv, RunCommand: o.RunCommand, Base: onto, CommittedOnly: true,
		Waive: o.Waive, NoRun: o.NoRun, Format: "text"}
	_, err = verifyrun.Gate(ctx, vo, wt, cfg)
	return err
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func revertBody(rec *record.Record, p *revertPlan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Reverts %s (%q) on `%s`, to mitigate hotfix `%s`: %s (%s).\n\n", p.Commit, p.Subject, p.Production, rec.ID, rec.Incident.Title, rec.Incident.Severity)
	fmt.Fprintf(&b, "%s\n\n", p.Text)
	if p.Merge {
		b.WriteString("The reverted commit is a merge: it is reverted against its first parent.\n\n")
	}
	if p.SkipVerify != "" {
		fmt.Fprintf(&b, "`hotfix verify` was skipped: %s\n\n", p.SkipVerify)
	} else {
		b.WriteString("`hotfix verify` passed on the revert.\n\n")
	}
	fmt.Fprintf(&b, "%s%s %s -->\n", RevertMarker, rec.ID, p.Commit)
	return b.String()
}

func (p *revertPlan) steps(o *Options, repo *git.Repo, store record.Store, client *github.Service) []steps.Step {
	say := func(format string, args ...interface{}) { fmt.Fprintf(o.IO.ErrOut, format+"\n", args...) }
	return []steps.Step{
		{Kind: stepCreateBranch, Run: func(context.Context) error {
			return repo.CreateBranch(p.Branch, p.Revert)
		}, Undo: func(context.Context) error {
			// Only the branch this run made, and only locally: a pushed
			// branch stays on the remote, with its pull request. Once the
			// record holds the revert, the branch it names stays too.
			if rec, err := store.Load(p.RecordID); err == nil {
				for _, e := range rec.Timeline {
					if e.Kind == record.EventMitigated && e.Fields["revert"] == p.Commit {
						return nil
					}
				}
			}
			if repo.BranchCommit(p.Branch) == p.Revert {
				return repo.DeleteBranch(p.Branch)
			}
			return nil
		}},
		{Kind: stepPush, Run: func(ctx context.Context) error {
			return client.PushBranch(ctx, o.IO, repo, p.Branch, false, "`hotfix mitigate --continue`")
		}},
		{Kind: stepPullRequest, Run: func(ctx context.Context) error {
			pr, created, err := client.OpenPullRequest(ctx, p.Branch, p.Production, p.Title, p.Body)
			if err != nil {
				return err
			}
			p.Number, p.URL, p.Action = pr.Number, pr.URL, map[bool]string{true: "created", false: "found"}[created]
			if p.Action == "found" && pr.Body == p.Body {
				// Opened by this very run before a crash.
				p.Action = "created"
			}
			say("Revert pull request #%d %s: %s", p.Number, p.Action, p.URL)
			return nil
		}},
		{Kind: stepLabels, Run: func(ctx context.Context) error { return client.AddLabels(ctx, p.Number, p.Labels) }},
		{Kind: stepRecord, Run: func(context.Context) error {
			rec, err := store.Load(p.RecordID)
			if err != nil {
				return err
			}
			rec.AddEventOnce(p.event())
			rec.Advance(record.PhaseMitigated)
			if err := rec.Validate(); err != nil {
				return err
			}
			return store.Save(rec)
		}},
	}
}

// event is the mitigated event of the revert. Its time is the plan's, so
// that it is the same event however often the step runs.
func (p *revertPlan) event() record.Event {
	return record.Event{At: p.At, Kind: record.EventMitigated, By: p.By,
		Text: fmt.Sprintf("%s (revert of %s: pull request #%d %s)", p.Text, commitid.Short(p.Commit), p.Number, p.URL),
		Fields: map[string]string{"revert": p.Commit, "revert_commit": p.Revert, "branch": p.Branch, "base": p.Production,
			"number": fmt.Sprint(p.Number), "url": p.URL}}
}

func printRevertDryRun(o *Options, p *revertPlan) error {
	out := o.IO.Out
	fmt.Fprintf(out, "Dry run: nothing was created. It would:\n")
	fmt.Fprintf(out, "  create branch %s at %s, the revert of %s (%s) on %s (%s)\n", p.Branch, commitid.Short(p.Revert), commitid.Short(p.Commit), p.Subject, p.Production, commitid.Short(p.Onto))
	fmt.Fprintf(out, "  push it to %s and open the pull request %q into %s\n", p.Remote, p.Title, p.Production)
	fmt.Fprintf(out, "  record a mitigated event in hotfix %s: %s\n", p.RecordID, p.Text)
	return nil
}

func printRevert(o *Options, store record.Store, p *revertPlan, phase string, already bool) error {
	action := p.Action
	if already {
		action = "found"
	}
	if o.JSON {
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(RevertResult{Record: store.RelPath(p.RecordID), ID: p.RecordID, Commit: p.Commit, Revert: p.Revert, Branch: p.Branch,
			Base: p.Production, Number: p.Number, URL: p.URL, Action: action, Phase: phase, Already: already})
	}
	out := o.IO.Out
	if already {
		fmt.Fprintf(out, "The revert of %s is already recorded in %s: pull request #%d %s (branch %s). Nothing was done.\n",
			commitid.Short(p.Commit), store.RelPath(p.RecordID), p.Number, p.URL, p.Branch)
		return nil
	}
	fmt.Fprintf(out, "Revert pull request #%d (%s): %s\n", p.Number, action, p.URL)
	fmt.Fprintf(out, "  reverts %s (%s) on %s with %s, branch %s\n", commitid.Short(p.Commit), p.Subject, p.Production, commitid.Short(p.Revert), p.Branch)
	fmt.Fprintf(out, "Recorded in %s: mitigated: %s\n", store.RelPath(p.RecordID), p.event().Text)
	fmt.Fprintf(out, "Phase: %s. Production is mitigated once the revert is merged and deployed.\n", phase)
	return nil
}

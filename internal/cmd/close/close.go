// Package closecmd implements `hotfix close`: it confirms through the API
// that the fix's pull request merged, tags the fixed release on the merge
// commit, carries the fix where the flow needs it (gitflow merges it back
// into develop and open release branches), writes the postmortem, files
// the action items, deletes the hotfix branch and marks the record closed.
// Every step is idempotent and saved, so a rerun or --continue finishes
// what is left without a second tag, merge or issue.
//
// The package is named closecmd so that importers keep the builtin close.
package closecmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmd/pr"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/gh"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/postmortem"
	"github.com/hotfix-dev/hotfix/internal/prompter"
	"github.com/hotfix-dev/hotfix/internal/records"
	"github.com/hotfix-dev/hotfix/internal/semver"
	"github.com/hotfix-dev/hotfix/internal/steps"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Options are close's flags and dependencies.
type Options struct {
	IO         *iostreams.IOStreams
	Clock      clock.Clock
	Getenv     func(string) string
	Prompter   func() prompter.Prompter
	OpenRepo   func() (*git.Repo, error)
	LoadConfig func(root string) (*config.Config, error)
	// HTTPClient reaches the GitHub API; nil means a client with timeouts.
	HTTPClient *http.Client
	// Sleep waits between API retries; tests replace it.
	Sleep func(context.Context, time.Duration) error
	// APITimeout bounds one attempt of an API request; zero is the default.
	APITimeout time.Duration
	// Verbose logs each API request and answer to stderr (--verbose).
	Verbose bool

	DryRun       bool
	Continue     bool
	Abort        bool
	Offline      bool
	PostmortemPR bool
	FileActions  bool
	JSON         bool
	ID           string
	Tag          string
	Answers      string
}

// NewCmd returns the close command; runF replaces the run in tests.
func NewCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "close",
		Short: "Confirm the merge, tag the release, merge back, write the postmortem and end the hotfix",
		Long: `End the hotfix of the current branch (or --id ID) once its pull request merged:

  1. check through the GitHub API that the pull request merged (--offline: the
     production branch of the local repository contains the fix, said so in
     the record), and fetch the merge;
  2. tag the fixed release, the next patch after the record's version in the
     repository's tag style (v1.4.2 -> v1.4.3; --tag to choose), as an
     annotated tag on the merge commit, and push it; an existing tag is never
     moved;
  3. carry the fix: gitflow merges the tag into develop and each open release
     branch (a pull request instead when the push is refused or the merge
     conflicts); release-branches lists the backports not yet made; trunk has
     nothing to carry;
  4. write the postmortem (close.postmortem_dir) from the record, git, the
     pull request and the answers (--answers FILE, else prompts in a terminal;
     what is missing stays marked open), optionally as its own pull request
     (--postmortem-pr), and file its action items as issues (--file-actions);
  5. switch to the production branch, mark the record closed with the
     durations, and delete the hotfix branch locally and on the remote
     (close.keep_branch keeps it).

Each step is saved: if close stops part-way, rerun it or use --continue; no
tag, merge or issue is made twice. --abort undoes the local steps.`,
		Example: `  hotfix close
  hotfix close --answers postmortem.yaml --postmortem-pr --file-actions
  hotfix close --id 2026-11-22-checkout-returns-500 --tag v1.4.3
  hotfix close --offline`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.IO, o.Clock, o.Getenv, o.Prompter, o.OpenRepo, o.LoadConfig = f.IOStreams, f.Clock, f.Env, f.Prompter, f.OpenRepo, f.LoadConfig
			o.DryRun, o.HTTPClient, o.Sleep = f.DryRun, f.HTTPClient, f.Sleep
			o.APITimeout, o.Verbose = f.Timeouts.API, f.Verbose
			if o.Continue && o.Abort {
				return &cmdutil.FlagError{Err: errors.New("--continue and --abort cannot be used together")}
			}
			if o.Offline && (o.PostmortemPR || o.FileActions) {
				return &cmdutil.FlagError{Err: errors.New("--offline cannot open pull requests or issues: drop --postmortem-pr and --file-actions, or --offline")}
			}
			if o.Tag != "" {
				if err := git.CheckBranchName(o.Tag); err != nil {
					return &cmdutil.FlagError{Err: fmt.Errorf("--tag: %v", err)}
				}
			}
			if runF != nil {
				return runF(o)
			}
			return Run(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.ID, "id", "", "the hotfix to close (default: the current branch's)")
	fl.StringVar(&o.Tag, "tag", "", "the release tag to make (default: the next patch after the record's version)")
	fl.StringVar(&o.Answers, "answers", "", "the postmortem's answers as YAML (see docs/close.md)")
	fl.BoolVar(&o.Offline, "offline", false, "take the merge from the local repository instead of the GitHub API")
	fl.BoolVar(&o.PostmortemPR, "postmortem-pr", false, "open the postmortem (and the closed record) as a pull request of its own")
	fl.BoolVar(&o.FileActions, "file-actions", false, "file each action item as an issue labelled with the severity and the date")
	fl.BoolVar(&o.JSON, "json", false, "print the result as JSON")
	fl.BoolVar(&o.Continue, "continue", false, "finish a close that stopped part-way")
	fl.BoolVar(&o.Abort, "abort", false, "undo the local steps of a close that stopped part-way, and forget it")
	complete.Flag(cmd, "id", complete.ID)
	complete.Flag(cmd, "tag", complete.FreeText)
	complete.Flag(cmd, "answers", complete.File)
	cmdutil.SetLock(cmd, cmdutil.LockAlways)
	return cmd
}

// plan is what close decided, saved with its progress.
type plan struct {
	pr.Target
	RecordID    string             `json:"record_id"`
	Branch      string             `json:"branch"`
	Head        string             `json:"head"`
	Production  string             `json:"production"`
	Flow        string             `json:"flow"`
	Number      int                `json:"number,omitempty"`
	Offline     bool               `json:"offline,omitempty"`
	MergeCommit string             `json:"merge_commit"`
	Merged      time.Time          `json:"merged"`
	PROpened    time.Time          `json:"pr_opened,omitempty"`
	Tag         string             `json:"tag"`
	TagTime     time.Time          `json:"tag_time,omitempty"`
	TagPushed   bool               `json:"tag_pushed,omitempty"`
	MergeBacks  []mergeBack        `json:"merge_backs,omitempty"`
	Backports   []string           `json:"backports_missing,omitempty"`
	Answers     postmortem.Answers `json:"answers"`
	Postmortem  string             `json:"postmortem"`
	PostPR      bool               `json:"postmortem_pr,omitempty"`
	PostPRURL   string             `json:"postmortem_pr_url,omitempty"`
	FileActions bool               `json:"file_actions,omitempty"`
	KeepBranch  bool               `json:"keep_branch,omitempty"`
	DocsTouched []string           `json:"docs_touched,omitempty"`
	FirstFix    time.Time          `json:"first_fix,omitempty"`
	Closed      time.Time          `json:"closed"`
	Switched    bool               `json:"switched,omitempty"`
	// From is the branch checked out when close began, where --abort
	// returns; empty when HEAD was detached.
	From string `json:"from,omitempty"`
	// RecordBefore is the record file as it was before close changed it,
	// for --abort to put back.
	RecordBefore string `json:"record_before,omitempty"`
}

// mergeBack is one branch the fix is carried into.
type mergeBack struct {
	Branch string `json:"branch"`
	// How is merged, already, or pull-request.
	How       string   `json:"how,omitempty"`
	URL       string   `json:"url,omitempty"`
	Conflicts []string `json:"conflicts,omitempty"`
}

// Result is close's --json output.
type Result struct {
	ID           string      `json:"id"`
	Tag          string      `json:"tag"`
	MergeCommit  string      `json:"merge_commit"`
	Offline      bool        `json:"offline"`
	MergedBack   []mergeBack `json:"merged_back"`
	Backports    []string    `json:"backports_missing"`
	Postmortem   string      `json:"postmortem"`
	PostmortemPR string      `json:"postmortem_pr,omitempty"`
	Open         []string    `json:"postmortem_open"`
	Issues       []string    `json:"action_issues"`
	BranchKept   bool        `json:"branch_kept"`
}

// Run runs close with o.
func Run(ctx context.Context, o *Options) error {
	repo, err := o.OpenRepo()
	if err != nil {
		return err
	}
	defer repo.Close()
	cfg, err := o.LoadConfig(repo.Root())
	if err != nil {
		return err
	}
	p := &plan{}
	runner := steps.Runner{Dir: filepath.Join(repo.GitDir(), "hotfix"), Command: "close", Now: o.Clock.Now, Snapshot: func() interface{} { return p }}
	saved, err := runner.Load()
	if err != nil {
		return cmdutil.Wrap(err, cmdutil.ExitFailure, err.Error(), "")
	}
	if saved != nil {
		if err := json.Unmarshal(saved.Data, p); err != nil {
			return cmdutil.Failf("remove .git/hotfix/close.json, then run `hotfix close` again", "the saved progress of `hotfix close` is damaged: %v", err)
		}
	}
	if o.Abort {
		if saved == nil {
			return cmdutil.Failf("run `hotfix close` to close the hotfix", "there is no interrupted `hotfix close` to abort")
		}
		client := newClientOrNil(o, p)
		if err := runner.Abort(ctx, saved, p.steps(o, repo, cfg, client)); err != nil {
			return err
		}
		fmt.Fprintf(o.IO.Out, "Undid the local steps of `hotfix close` for %s and forgot its progress.\n", p.RecordID)
		if p.TagPushed {
			fmt.Fprintf(o.IO.Out, "The tag %s was already pushed and stays; a new `hotfix close` reuses it.\n", p.Tag)
		}
		return nil
	}
	if o.Continue && saved == nil {
		return cmdutil.Failf("run `hotfix close` to close the hotfix", "there is no interrupted `hotfix close` to continue")
	}
	var client *gh.Client
	if saved == nil {
		if !o.Offline {
			t, err := pr.ResolveTarget(o.Getenv, cfg, repo)
			if err != nil {
				return err
			}
			p.Target = t
			if client, err = pr.NewClient(t, deps(o)); err != nil {
				return err
			}
		} else {
			p.Remote = cfg.Remote
		}
		if err := prepare(ctx, o, repo, cfg, client, p); err != nil {
			return err
		}
		if o.DryRun {
			return printDryRun(o, cfg, p)
		}
		if saved, err = runner.Begin(p); err != nil {
			return cmdutil.Wrap(err, cmdutil.ExitFailure, fmt.Sprintf("cannot save progress under %s: %v", runner.Dir, err), "check that the .git directory is writable")
		}
	} else {
		if o.DryRun {
			fmt.Fprintf(o.IO.Out, "Dry run: would finish the interrupted `hotfix close` of %s (done: %s). Nothing was changed.\n", p.RecordID, strings.Join(saved.Done, ", "))
			return nil
		}
		if !o.Continue {
			fmt.Fprintf(o.IO.ErrOut, "Finishing the interrupted `hotfix close` of %s (done: %s).\n", p.RecordID, strings.Join(saved.Done, ", "))
		}
		if !p.Offline {
			if client, err = pr.NewClient(p.Target, deps(o)); err != nil {
				return err
			}
		}
	}
	if err := runner.Run(ctx, saved, p.steps(o, repo, cfg, client)); err != nil {
		return explain(err)
	}
	return printResult(o, p)
}

func deps(o *Options) pr.ClientDeps {
	return pr.ClientDeps{IO: o.IO, Getenv: o.Getenv, HTTPClient: o.HTTPClient, Sleep: o.Sleep, Now: o.Clock.Now, DryRun: o.DryRun,
		Timeout: o.APITimeout, Verbose: o.Verbose}
}

// newClientOrNil makes a client for --abort, which needs none unless a
// step's undo talks to the API (none does today).
func newClientOrNil(o *Options, p *plan) *gh.Client {
	if p.Offline || p.Repo == "" {
		return nil
	}
	c, err := pr.NewClient(p.Target, deps(o))
	if err != nil {
		return nil
	}
	return c
}

// explain turns a stopped step into a message with a way forward.
func explain(err error) error {
	var se *steps.StoppedError
	if !errors.As(err, &se) {
		return err
	}
	var ce *cmdutil.Error
	if errors.As(se.Err, &ce) {
		return &cmdutil.Error{Code: cmdutil.StopCode(ce), Msg: fmt.Sprintf("close stopped at step %q: %s", se.Step, ce.Msg),
			Fix: strings.TrimSpace(ce.Fix + "; then `hotfix close --continue` (progress is saved)"), Err: err}
	}
	return &cmdutil.Error{Code: cmdutil.ExitStopped, Msg: fmt.Sprintf("close stopped at step %q: %v", se.Step, se.Err),
		Fix: "fix the cause, then run `hotfix close --continue` (progress is saved; nothing is done twice), or `hotfix close --abort`", Err: err}
}

// prepare decides everything before anything changes: the record, the
// merge, the tag, what to carry where, and the postmortem's answers.
func prepare(ctx context.Context, o *Options, repo *git.Repo, cfg *config.Config, client *gh.Client, p *plan) error {
	rec, err := records.Find(repo, cfg, o.ID)
	if err != nil {
		return err
	}
	if rec.Phase == record.PhaseClosed {
		return cmdutil.Failf("`hotfix status --all` lists it", "the hotfix %s is already closed", rec.ID)
	}
	p.RecordID, p.Branch, p.Flow, p.Offline = rec.ID, rec.Branch.Name, cfg.Flow, o.Offline
	p.From, _ = repo.CurrentBranch()
	p.PostPR, p.FileActions, p.KeepBranch = o.PostmortemPR, o.FileActions, cfg.Close.KeepBranch
	p.Production = cfg.Branches.Production
	if p.Production == "" {
		p.Production = rec.Branch.Production
	}
	if p.Production == "" {
		p.Production = repo.DefaultBranch(cfg.Remote)
	}

	// Nothing uncommitted may be lost when close switches branches.
	dirty, err := repo.DirtyFiles(ctx)
	if err != nil {
		return err
	}
	store := record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}
	var other []string
	for _, c := range dirty {
		if c.Path != store.RelPath(rec.ID) {
			other = append(other, c.Path)
		}
	}
	if len(other) > 0 {
		return cmdutil.Failf("commit or stash them first: close switches to "+p.Production, "uncommitted changes: %s", strings.Join(other, ", "))
	}

	// The hotfix branch's tip, locally or on the remote.
	p.Head = repo.BranchCommit(p.Branch)
	if p.Head == "" {
		p.Head = repo.RemoteBranchCommit(cfg.Remote, p.Branch)
	}

	if err := findMerge(ctx, o, repo, cfg, client, rec, p); err != nil {
		return err
	}
	if err := chooseTag(repo, cfg, rec, o.Tag, p); err != nil {
		return err
	}
	if err := planCarry(ctx, o, repo, cfg, client, rec, p); err != nil {
		return err
	}
	p.DocsTouched, p.FirstFix = changeFacts(ctx, repo, rec, p)
	p.Postmortem = postmortemPath(cfg, rec)
	return answers(o, p, rec)
}

// findMerge confirms the merge: through the API, or from the local
// repository with --offline.
func findMerge(ctx context.Context, o *Options, repo *git.Repo, cfg *config.Config, client *gh.Client, rec *record.Record, p *plan) error {
	if o.Offline {
		if p.Head == "" {
			return cmdutil.Failf("fetch it (git fetch "+cfg.Remote+") or drop --offline", "--offline needs the hotfix branch %s, which is neither local nor fetched", p.Branch)
		}
		tip := repo.BranchCommit(p.Production)
		if rt := repo.RemoteBranchCommit(cfg.Remote, p.Production); rt != "" {
			if tip == "" {
				tip = rt
			} else if ok, _ := repo.IsAncestor(ctx, tip, rt); ok {
				tip = rt
			}
		}
		if tip == "" {
			return cmdutil.Failf("fetch it or check branches.production in "+config.FileName, "there is no production branch %s in the local repository", p.Production)
		}
		merge, ok, err := repo.MergedAt(ctx, tip, p.Head)
		if err != nil {
			return err
		}
		if !ok {
			return cmdutil.Failf("merge the pull request (or the branch) first, then fetch, then run `hotfix close --offline` again",
				"%s is not merged: %s does not contain %s (%s); nothing was changed", p.Branch, p.Production, p.Branch, short(p.Head))
		}
		p.MergeCommit = merge
		p.Merged = commitTime(ctx, repo, merge, o.Clock.Now())
		return nil
	}
	if rec.PullRequest == nil || rec.PullRequest.Number == 0 {
		return cmdutil.Failf("open it with `hotfix pr` and merge it, or use --offline when it was merged without one",
			"the record has no pull request to check; nothing was changed")
	}
	p.Number, p.PROpened = rec.PullRequest.Number, rec.PullRequest.Opened
	if client == nil { // a dry run without a token
		return nil
	}
	got, _, err := client.PullRequests.Get(ctx, p.Owner(), p.Name(), p.Number)
	if err != nil {
		err = pr.APIError(err, client, fmt.Sprintf("read pull request #%d", p.Number))
		var ce *cmdutil.Error
		if errors.As(err, &ce) {
			return err
		}
		return cmdutil.Wrap(err, cmdutil.ExitFailure, err.Error()+"; nothing was changed",
			"run `hotfix close` again once GitHub answers (the network, GitHub's status page, or the rate limit's reset)")
	}
	if !got.GetMerged() {
		state := got.GetState()
		if state == "closed" {
			return cmdutil.Failf("reopen and merge it, or use --offline if the fix reached "+p.Production+" another way",
				"pull request #%d was closed without being merged; nothing was changed", p.Number)
		}
		return cmdutil.Failf("merge it, then run `hotfix close` again", "pull request #%d (%s) is not merged yet; nothing was changed", p.Number, got.GetHTMLURL())
	}
	p.MergeCommit, p.Merged = got.GetMergeCommitSHA(), got.GetMergedAt().Time.UTC()
	if b := got.GetBase().GetRef(); b != "" {
		p.Production = b
	}
	if p.MergeCommit == "" {
		return fmt.Errorf("GitHub says pull request #%d merged but names no merge commit", p.Number)
	}
	return nil
}

func commitTime(ctx context.Context, repo *git.Repo, commit string, fallback time.Time) time.Time {
	when, err := repo.CommitDate(commit)
	if err != nil {
		return fallback.UTC()
	}
	return when.UTC()
}

// chooseTag picks the release tag: --tag, else the next patch after the
// record's version in its style. An existing tag elsewhere is refused.
func chooseTag(repo *git.Repo, cfg *config.Config, rec *record.Record, flag string, p *plan) error {
	name := flag
	if name == "" {
		var err error
		if name, err = NextTag(rec.Incident.Version); err != nil {
			return cmdutil.Failf("choose the tag with --tag", "%v", err)
		}
	}
	p.Tag = name
	info, ok, err := repo.LookupTag(name)
	if err != nil {
		return err
	}
	if ok && p.MergeCommit != "" && info.Commit != p.MergeCommit {
		return cmdutil.Failf("choose another with --tag; a release tag is never moved",
			"tag %s already exists on %s, not on the merge commit %s; nothing was changed", name, short(info.Commit), short(p.MergeCommit))
	}
	return nil
}

// NextTag is the tag a hotfix of version ships as: the next patch release
// in the same style (v1.4.2 -> v1.4.3, 1.2.3 -> 1.2.4, release-1.2.3 ->
// release-1.2.4), or the next pre-release of a pre-release (v2.0.0-rc.1 ->
// v2.0.0-rc.2).
func NextTag(version string) (string, error) {
	if version == "" {
		return "", errors.New("the record names no broken version to bump")
	}
	v, ok := semver.Parse(version)
	if !ok {
		return "", fmt.Errorf("the record's version %q is not a release tag like v1.4.2", version)
	}
	return semver.NextPatch(v).String(), nil
}

// changeFacts finds the documentation files the fix touched and when its
// first commit was made.
func changeFacts(ctx context.Context, repo *git.Repo, rec *record.Record, p *plan) ([]string, time.Time) {
	if p.Head == "" {
		return nil, time.Time{}
	}
	base := rec.Branch.BaseCommit
	if base == "" {
		base = rec.Branch.Base
	}
	if base == "" {
		return nil, time.Time{}
	}
	var first time.Time
	var docs []string
	seen := map[string]bool{}
	entries, err := repo.Log(ctx, base, p.Head, git.LogOptions{})
	if err != nil {
		return nil, time.Time{}
	}
	for _, e := range entries {
		if first.IsZero() || e.Date.Before(first) {
			first = e.Date
		}
		for _, f := range e.Files {
			if isDoc(f.Path) && !seen[f.Path] && !strings.HasPrefix(f.Path, ".hotfix/") {
				seen[f.Path] = true
				docs = append(docs, f.Path)
			}
		}
	}
	sort.Strings(docs)
	return docs, first.UTC()
}

func isDoc(path string) bool {
	lower := strings.ToLower(path)
	return strings.HasPrefix(lower, "docs/") || strings.HasPrefix(lower, "doc/") || strings.HasSuffix(lower, ".md") ||
		strings.HasSuffix(lower, ".rst") || strings.HasSuffix(lower, ".adoc") || strings.HasSuffix(lower, ".txt") && strings.Contains(lower, "readme")
}

// postmortemPath is <postmortem_dir>/<date>-<id>.md, the date being the
// incident's start; an id that already starts with that date is not
// repeated.
func postmortemPath(cfg *config.Config, rec *record.Record) string {
	date := rec.Created.UTC().Format("2006-01-02")
	name := date + "-" + strings.TrimPrefix(rec.ID, date+"-") + ".md"
	return filepath.ToSlash(filepath.Join(cfg.Close.PostmortemDir, name))
}

// answers reads --answers, then asks in a terminal for what is missing.
func answers(o *Options, p *plan, rec *record.Record) error {
	if o.Answers != "" {
		data, err := os.ReadFile(o.Answers)
		if err != nil {
			return cmdutil.Failf("check the path given to --answers", "cannot read the answers: %v", err)
		}
		a, err := postmortem.ParseAnswers(o.Answers, data)
		if err != nil {
			return cmdutil.Failf("fix the answers file (its keys are in docs/close.md)", "%v", err)
		}
		p.Answers = a
	}
	if o.DryRun || !o.IO.CanPrompt() || o.Prompter == nil {
		return nil
	}
	missing := postmortem.Missing(p.Answers, facts(p))
	if len(missing) == 0 {
		return nil
	}
	fmt.Fprintf(o.IO.ErrOut, "The postmortem needs %d answer(s) the record does not have; Enter leaves one open.\n", len(missing))
	if err := postmortem.Ask(o.Prompter(), &p.Answers, facts(p)); err != nil {
		if errors.Is(err, prompter.ErrInterrupted) {
			return err
		}
		return err
	}
	return nil
}

// facts are what the postmortem takes from git and the pull request.
func facts(p *plan) postmortem.Facts {
	return postmortem.Facts{Tag: p.Tag, TagTime: p.TagTime, MergeCommit: p.MergeCommit, Merged: p.Merged, PROpened: p.PROpened,
		FirstFixCommit: p.FirstFix, Closed: p.Closed, DocsTouched: p.DocsTouched, Offline: p.Offline}
}

func short(h string) string {
	if len(h) > 10 {
		return h[:10]
	}
	return h
}

// Package policy finds the team policy in force: .hotfix.yaml as the
// production branch has it, whatever is checked out, so that a hotfix
// branch cut from a release tag that predates the file is still governed
// by it; and, for verify, the policy on the base side of a change, so that
// a change never governs its own check. Peers do the same: GitHub reads
// CODEOWNERS from a pull request's base branch, Mergify its configuration
// from the default branch.
package policy

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/internal/fsutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/pkg/config"
)

// Options say how the policy is found.
type Options struct {
	// File is --config: a policy file that overrides the governing one,
	// for a local experiment.
	File string
	// Notify receives the one-line notices (which policy is used, and
	// that the work tree's copy differs); nil drops them.
	Notify func(string)
}

func (o Options) say(format string, args ...interface{}) {
	if o.Notify != nil {
		o.Notify(fmt.Sprintf(format, args...))
	}
}

// Governing returns the policy in force for repo: --config when given;
// else .hotfix.yaml at the tip of the production branch (its
// remote-tracking branch when fetched, else the local branch); else, when
// the repository has no production branch, the work tree's, with a notice.
// A governing policy that cannot be read stops the command with the file,
// the commit and the line.
func Governing(repo *git.Repo, o Options) (*config.Config, error) {
	if o.File != "" {
		return fromFlag(repo, o)
	}
	work, workData, err := workTree(repo)
	if err != nil {
		return nil, err
	}
	production := work.Branches.Production
	if production == "" {
		production = repo.DefaultBranch(work.Remote)
	}
	ref, commit := tip(repo, work.Remote, production)
	if commit == "" {
		o.say("policy: no production branch %q here, locally or fetched: the work tree's %s governs", production, config.FileName)
		work.Origin = config.Origin{Ref: "the work tree", Absent: workData == nil}
		return work, nil
	}
	return atCommit(repo, ref, commit, workData, o)
}

// At returns the policy as rev has it: for verify, the base side of the
// change (the base ref it diffs against), never the change itself.
func At(repo *git.Repo, rev string, o Options) (*config.Config, error) {
	if o.File != "" {
		return fromFlag(repo, o)
	}
	commit, err := repo.ResolveCommit(rev)
	if err != nil {
		return nil, fmt.Errorf("cannot read the policy at %s: %w", rev, err)
	}
	return AtCommit(repo, rev, commit, o)
}

// AtCommit is At for a rev the caller has already resolved to commit.
func AtCommit(repo *git.Repo, rev, commit string, o Options) (*config.Config, error) {
	if o.File != "" {
		return fromFlag(repo, o)
	}
	_, workData, err := workTree(repo)
	if err != nil {
		// The work tree's copy is only compared: a broken one must not
		// stop a check governed by the base's.
		workData = nil
	}
	return atCommit(repo, rev, commit, workData, o)
}

// tip is the production branch's tip: the remote-tracking branch when
// fetched, else the local branch.
func tip(repo *git.Repo, remote, production string) (ref, commit string) {
	if c := repo.RemoteBranchCommit(remote, production); c != "" {
		return remote + "/" + production, c
	}
	if c := repo.BranchCommit(production); c != "" {
		return production, c
	}
	return "", ""
}

// atCommit reads .hotfix.yaml at commit (the defaults when the commit has
// none), and says so when the work tree's copy differs.
func atCommit(repo *git.Repo, ref, commit string, workData []byte, o Options) (*config.Config, error) {
	// git reads the file, or finds there is none, in a few milliseconds:
	// on a large repository go-git's first object read costs up to 100 ms,
	// a whole verify's budget. A file that is there and cannot be read is
	// an error, never the defaults.
	data, found, err := repo.FileAt(context.Background(), commit, config.FileName)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s at %s (%s): %w", config.FileName, ref, commitid.Short(commit), err)
	}
	origin := config.Origin{Ref: ref, Commit: commit, Absent: !found}
	c, err := config.LoadData(repo.Root(), origin.String(), data)
	if err != nil {
		return nil, err
	}
	c.Origin = origin
	if string(workData) != string(data) {
		what := "its " + config.FileName
		if data == nil {
			what = "no " + config.FileName + " (the defaults)"
		}
		o.say("policy: the work tree's %s differs from %s's; %s at %s governs", config.FileName, ref, what, commitid.Short(commit))
	}
	return c, nil
}

// workTree is the work tree's policy (the defaults when there is no file)
// and the file's bytes (nil when there is none).
func workTree(repo *git.Repo) (*config.Config, []byte, error) {
	c, err := config.Load(repo.Root())
	if err != nil {
		return nil, nil, err
	}
	data, err := fsutil.ReadRegular(filepath.Join(repo.Root(), config.FileName), 0)
	if err != nil {
		data = nil
	}
	return c, data, nil
}

func fromFlag(repo *git.Repo, o Options) (*config.Config, error) {
	data, err := fsutil.ReadRegular(o.File, 0)
	if err != nil {
		return nil, fmt.Errorf("--config: %w", err)
	}
	c, err := config.LoadData(repo.Root(), o.File, data)
	if err != nil {
		return nil, err
	}
	c.Origin = config.Origin{Ref: "--config " + o.File}
	o.say("policy: using --config %s, not the team's policy", o.File)
	return c, nil
}

package github

import (
	"context"
	"errors"
	"fmt"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
)

// PushBranch pushes the local branch to the target's remote with the
// service's token (never printed), showing progress on io, and turns git's
// refusals into messages with a way forward; again is the command that
// finishes the work afterwards, e.g. "`hotfix pr --continue`". pr and
// mitigate --revert push with it.
func (s *Service) PushBranch(ctx context.Context, io *iostreams.IOStreams, repo *git.Repo, branch string, forceWithLease bool, again string) error {
	ref := "refs/heads/" + branch
	remote := s.Target.Remote
	err := io.WithProgress("pushing "+branch+" to "+remote, func() error {
		return repo.Push(ctx, git.PushOptions{Remote: remote, Refspecs: []string{ref + ":" + ref}, Token: s.Token(), ForceWithLease: forceWithLease})
	})
	var pe *git.PushError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, git.ErrPushAuth):
		return &cmdutil.Error{Code: cmdutil.ExitAuth, Msg: fmt.Sprintf("the remote %s refused to let this token push %s", remote, branch),
			Fix: fmt.Sprintf("check that the token in %s has write access to %s (repo scope), or that your SSH agent has your key", s.TokenVar(), s.Target.Repo),
			Err: errors.New(s.Redact(err.Error()))}
	case errors.Is(err, git.ErrNonFastForward):
		return cmdutil.Failf(fmt.Sprintf("someone pushed to it: git pull --rebase %s %s, then %s (or --force-with-lease to replace their work)", remote, branch, again),
			"%s on %s has commits this branch does not", branch, remote)
	case errors.As(err, &pe) && errors.Is(pe.Err, git.ErrPushHook):
		return cmdutil.Failf("fix what the hook says, commit, then "+again,
			"the pre-push hook stopped the push of %s: %s", branch, s.Redact(pe.Hook))
	case errors.As(err, &pe) && pe.Network:
		return fmt.Errorf("push of %s did not get through (the network or the git server; rerun when it is back): %s", branch, s.Redact(pe.Error()))
	case errors.As(err, &pe):
		return fmt.Errorf("push of %s refused: %s", branch, s.Redact(pe.Error()))
	}
	return fmt.Errorf("push of %s failed: %s", branch, s.Redact(err.Error()))
}

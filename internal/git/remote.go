package git

import (
	"bytes"
	"context"
	"errors"

	gogit "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
)

// RemoteBranchExists asks the remote, over the network, whether it has the
// branch. It uses `git ls-remote` when the binary is available (so the
// user's credential helpers and SSH config apply) and go-git otherwise.
// token, when not empty, authenticates an https remote as pushes do (the
// token the GitHub API uses for the remote's host), so that a private
// repository answers. The check is bounded by a timeout.
func (r *Repo) RemoteBranchExists(ctx context.Context, remote, branch, token string) (bool, error) {
	ctx, cancel := r.netContext(ctx, lsRemoteTimeout)
	defer cancel()
	ref := plumbing.NewBranchReferenceName(branch).String()
	if r.bin != "" {
		args, env := tokenHelper(token, r.RemoteURL(remote), []string{"ls-remote", "--heads", remote, ref})
		out, _, err := r.runEnv(ctx, env, args...)
		if err != nil {
			return false, r.netErr(ctx, err)
		}
		for _, line := range bytes.Split([]byte(out), []byte{'\n'}) {
			if f := bytes.Fields(line); len(f) == 2 && string(f[1]) == ref {
				return true, nil
			}
		}
		return false, nil
	}
	rem, err := r.repo.Remote(remote)
	if err != nil {
		return false, err
	}
	var auth transport.AuthMethod
	if urls := rem.Config().URLs; len(urls) > 0 {
		if auth, err = tokenAuth(urls[0], token); err != nil {
			return false, err
		}
	}
	refs, err := rem.ListContext(ctx, &gogit.ListOptions{Auth: auth})
	if errors.Is(err, transport.ErrEmptyRemoteRepository) {
		return false, nil
	}
	if err != nil {
		return false, r.netErr(ctx, err)
	}
	for _, x := range refs {
		if x.Name().String() == ref {
			return true, nil
		}
	}
	return false, nil
}

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
// user's credential helpers and SSH config apply) and go-git otherwise, with
// auth for go-git's transport. The check is bounded by a timeout.
func (r *Repo) RemoteBranchExists(ctx context.Context, remote, branch string, auth transport.AuthMethod) (bool, error) {
	ctx, cancel := r.netContext(ctx, lsRemoteTimeout)
	defer cancel()
	ref := plumbing.NewBranchReferenceName(branch).String()
	if r.bin != "" {
		out, err := r.run(ctx, "ls-remote", "--heads", remote, ref)
		if err != nil {
			return false, r.netErr(ctx, err)
		}
		for _, line := range bytes.Split(out, []byte{'\n'}) {
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

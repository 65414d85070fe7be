package git

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	gogit "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
	gitssh "github.com/go-git/go-git/v5/plumbing/transport/ssh"
)

// PushOptions say what to push where.
type PushOptions struct {
	// Remote is the remote's name.
	Remote string
	// Refspecs are what to push, e.g. "refs/heads/x:refs/heads/x".
	Refspecs []string
	// Token authenticates HTTPS pushes (as the password); SSH remotes use
	// the user's SSH agent.
	Token string
	// ForceWithLease overwrites the remote branch only if it still is where
	// this clone last saw it.
	ForceWithLease bool
}

// ErrNonFastForward is returned when the remote has commits the push would
// lose.
var ErrNonFastForward = errors.New("the remote branch has commits this one does not")

// ErrPushAuth is returned when the remote refuses the credentials.
var ErrPushAuth = errors.New("the remote refused the credentials")

// PushError is a refused push, with what the server said.
type PushError struct {
	// Err is the cause: ErrNonFastForward, ErrPushAuth or the transport's.
	Err error
	// Remote is the server's own message (hook output), if any.
	Remote string
	// Hook is what the pre-push hook printed when it stopped the push
	// (Err is ErrPushHook).
	Hook string
	// Network says the push failed on the way (no answer in time, the
	// connection refused or broken, a server error) rather than being
	// refused by the server: it may or may not have landed, and the same
	// push is to be retried, not worked around.
	Network bool
}

// Error says what happened, with the server's words.
func (e *PushError) Error() string {
	if e.Hook != "" {
		return fmt.Sprintf("%v (the hook said: %s)", e.Err, e.Hook)
	}
	if e.Remote != "" {
		return fmt.Sprintf("%v (the server said: %s)", e.Err, e.Remote)
	}
	return e.Err.Error()
}

// Unwrap returns the cause.
func (e *PushError) Unwrap() error { return e.Err }

// Push pushes with go-git. A push of refs that are already up to date
// succeeds (a rerun after a crash). The server's progress messages (hook
// output) are kept for the error. The push is bounded by
// OpenOptions.NetTimeout (ErrNetTimeout).
//
// When the repository has a pre-push hook (other than hotfix's own) or
// asks for signed pushes, the push is made by `git push` so that they
// apply; without the git binary it is refused, never made without them.
func (r *Repo) Push(ctx context.Context, o PushOptions) error {
	if p, err := r.WritePolicy(ctx); err != nil {
		return err
	} else if p.PushesNeedGit() {
		if r.bin == "" {
			return needGit("the repository has a pre-push hook or asks for signed pushes")
		}
		return r.pushBinary(ctx, o, len(p.PushHooks) > 0)
	}
	rem, err := r.repo.Remote(o.Remote)
	if err != nil {
		return fmt.Errorf("remote %q: %w", o.Remote, err)
	}
	urls := rem.Config().URLs
	if len(urls) == 0 {
		return fmt.Errorf("remote %q has no URL", o.Remote)
	}
	var auth transport.AuthMethod
	ep, err := transport.NewEndpoint(urls[0])
	if err != nil {
		return fmt.Errorf("remote %q has a URL go-git cannot read", o.Remote)
	}
	switch ep.Protocol {
	case "http", "https":
		if auth, err = tokenAuth(urls[0], o.Token); err != nil {
			return &PushError{Err: err}
		}
	case "ssh":
		user := ep.User
		if user == "" {
			user = "git"
		}
		a, err := gitssh.NewSSHAgentAuth(user)
		if err != nil {
			return &PushError{Err: fmt.Errorf("%w: no SSH agent for %s (%v); start ssh-agent and add your key, or use an https remote with a token", ErrPushAuth, ep.Host, err)}
		}
		auth = a
	}
	specs := make([]config.RefSpec, len(o.Refspecs))
	for i, s := range o.Refspecs {
		specs[i] = config.RefSpec(s)
		if err := specs[i].Validate(); err != nil {
			return err
		}
	}
	var progress lockedBuffer
	po := &gogit.PushOptions{RemoteName: o.Remote, RefSpecs: specs, Auth: auth, Progress: &progress}
	if o.ForceWithLease {
		po.ForceWithLease = &gogit.ForceWithLease{}
		for i := range specs {
			specs[i] = config.RefSpec("+" + strings.TrimPrefix(string(specs[i]), "+"))
		}
	}
	ctx, cancel := r.netContext(ctx, DefaultNetTimeout)
	defer cancel()
	err = r.repo.PushContext(ctx, po)
	if err != nil && ctx.Err() == context.DeadlineExceeded {
		return &PushError{Err: r.netErr(ctx, err), Remote: remoteSaid(progress.String()), Network: true}
	}
	if err == nil || errors.Is(err, gogit.NoErrAlreadyUpToDate) {
		return nil
	}
	said := remoteSaid(progress.String())
	switch {
	case errors.Is(err, transport.ErrAuthenticationRequired), errors.Is(err, transport.ErrAuthorizationFailed):
		return &PushError{Err: fmt.Errorf("%w: %v", ErrPushAuth, err), Remote: said}
	case errors.Is(err, gogit.ErrNonFastForwardUpdate), strings.Contains(err.Error(), "non-fast-forward"), strings.Contains(err.Error(), "fetch first"):
		return &PushError{Err: ErrNonFastForward, Remote: said}
	case errors.Is(err, gogit.ErrForceNeeded):
		return &PushError{Err: ErrNonFastForward, Remote: said}
	}
	// go-git reports the server's refusal of a ref as "command error on
	// REF: REASON"; anything else failed on the way.
	return &PushError{Err: err, Remote: said, Network: !strings.HasPrefix(err.Error(), "command error on")}
}

// remoteSaid keeps the server's message lines, without progress counters.
func remoteSaid(p string) string {
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(p, "\r", "\n"), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "Counting objects") || strings.HasPrefix(l, "Compressing objects") ||
			strings.HasPrefix(l, "Writing objects") || strings.HasPrefix(l, "Total ") || strings.HasPrefix(l, "Enumerating") || strings.HasPrefix(l, "Delta compression") {
			continue
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "; ")
}

// lockedBuffer is a bytes.Buffer safe for go-git's progress goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// RemoteBranchCommit returns the commit refs/remotes/<remote>/<branch>
// points at, or "" when this clone has not seen the branch.
func (r *Repo) RemoteBranchCommit(remote, branch string) string {
	ref, err := r.repo.Storer.Reference(plumbing.NewRemoteReferenceName(remote, branch))
	if err != nil {
		return ""
	}
	return ref.Hash().String()
}

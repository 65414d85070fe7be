package git

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// ErrPushHook is returned (in a *PushError) when the pre-push hook stopped
// the push.
var ErrPushHook = errors.New("the pre-push hook refused the push")

// ErrCommitRefused is returned by CommitPaths when git refused the commit:
// a hook said no, or signing failed.
var ErrCommitRefused = errors.New("git refused the commit")

// needGit is the error of a write the repository asks git to sign or hook
// when hotfix runs without the git binary: it fails closed.
func needGit(what string) error {
	return &WriteRefusal{Problem: what + ", which only the git binary does, and hotfix is running without it (HOTFIX_GIT=go, or no git on PATH)",
		Fix: "install git or unset HOTFIX_GIT, then run the command again"}
}

// gitDateEnv makes git date a commit or tag at when, as go-git would.
func gitDateEnv(when time.Time) []string {
	d := fmt.Sprintf("%d %s", when.Unix(), when.Format("-0700"))
	return []string{"GIT_AUTHOR_DATE=" + d, "GIT_COMMITTER_DATE=" + d}
}

// runEnv runs the git binary in the work tree with extra environment and
// returns its stdout and stderr apart.
func (r *Repo) runEnv(ctx context.Context, env []string, args ...string) (stdout, stderr string, err error) {
	cmd := exec.CommandContext(ctx, r.bin, args...)
	cmd.Dir = r.root
	cmd.Env = append(append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C", "GIT_EDITOR=true"), env...)
	cmd.WaitDelay = 5 * time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	return out.String(), strings.TrimSpace(errb.String()), err
}

// commitBinary stages paths and commits them with `git commit`, so that
// the repository's commit hooks run and commit.gpgSign signs.
func (r *Repo) commitBinary(ctx context.Context, paths []string, message string, when time.Time) (string, error) {
	lit := []string{"GIT_LITERAL_PATHSPECS=1"}
	if _, msg, err := r.runEnv(ctx, lit, append([]string{"add", "--"}, paths...)...); err != nil {
		return "", fmt.Errorf("git add: %s", msg)
	}
	out, msg, err := r.runEnv(ctx, append(lit, gitDateEnv(when)...), "commit", "-q", "-m", message)
	if err != nil {
		// Leave the index as it was: the paths are staged again by a rerun.
		_, _, _ = r.runEnv(context.Background(), lit, append([]string{"reset", "-q", "--"}, paths...)...)
		said := strings.TrimSpace(strings.TrimSpace(out) + "\n" + msg)
		return "", fmt.Errorf("%w (with the repository's hooks and signing): %s", ErrCommitRefused, said)
	}
	return r.HeadCommit()
}

// tagBinary makes a signed annotated tag with `git tag -s`.
func (r *Repo) tagBinary(ctx context.Context, name, commit, message string, when time.Time) error {
	if _, msg, err := r.runEnv(ctx, gitDateEnv(when), "tag", "-s", "-m", message, name, commit); err != nil {
		return fmt.Errorf("git tag -s %s (the repository asks for signed tags): %s", name, msg)
	}
	return nil
}

// TagSigned reports whether the local tag name is an annotated tag with a
// signature (gpg, ssh or x509).
func (r *Repo) TagSigned(name string) (bool, error) {
	r.goMu.Lock()
	defer r.goMu.Unlock()
	ref, err := r.repo.Reference(plumbing.NewTagReferenceName(name), true)
	if err != nil {
		return false, err
	}
	to, err := r.repo.TagObject(ref.Hash())
	if err != nil {
		return false, nil // a lightweight tag: not signed
	}
	return to.PGPSignature != "", nil
}

// tokenHelper prefixes a git command's args with a credential helper that
// answers an http(s) remote with token (read from the environment it
// returns, never from the command line), replacing the user's helpers for
// that command; without a token or for another scheme it changes nothing.
func tokenHelper(token, remoteURL string, args []string) ([]string, []string) {
	if token == "" || !strings.HasPrefix(remoteURL, "http") {
		return args, nil
	}
	return append([]string{"-c", "credential.helper=",
		"-c", `credential.helper=!f() { test "$1" = get && echo username=x-access-token && echo "password=$HOTFIX_PUSH_TOKEN"; }; f`}, args...), []string{"HOTFIX_PUSH_TOKEN=" + token}
}

// pushBinary pushes with `git push`, so that the pre-push hook runs and
// push.gpgSign applies. A token for an HTTPS remote is handed to git by a
// credential helper that reads it from the environment (never the command
// line); otherwise the user's own helpers and ssh setup apply.
func (r *Repo) pushBinary(ctx context.Context, o PushOptions, hooked bool) error {
	args, env := tokenHelper(o.Token, r.RemoteURL(o.Remote), []string{"push", "--porcelain"})
	if o.ForceWithLease {
		args = append(args, "--force-with-lease")
	}
	args = append(args, o.Remote)
	for _, s := range o.Refspecs {
		if o.ForceWithLease {
			s = strings.TrimPrefix(s, "+")
		}
		args = append(args, s)
	}
	ctx, cancel := r.netContext(ctx, DefaultNetTimeout)
	defer cancel()
	out, msg, err := r.runEnv(ctx, env, args...)
	if err == nil {
		return nil
	}
	if ctx.Err() == context.DeadlineExceeded {
		return &PushError{Err: r.netErr(ctx, err), Network: true}
	}
	said := remoteSaid(strings.Join(remoteLines(msg), "\n"))
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "!\t") {
			continue
		}
		switch f := strings.Split(line, "\t"); {
		case len(f) < 3:
		case strings.Contains(f[2], "non-fast-forward"), strings.Contains(f[2], "fetch first"), strings.Contains(f[2], "stale info"),
			strings.Contains(f[2], "already exists"):
			return &PushError{Err: ErrNonFastForward, Remote: said}
		default:
			return &PushError{Err: fmt.Errorf("command error on %s: %s", f[1], f[2]), Remote: said}
		}
	}
	low := strings.ToLower(msg)
	switch {
	case strings.Contains(low, "authentication failed"), strings.Contains(low, "could not read username"), strings.Contains(low, "could not read password"),
		strings.Contains(low, "error: 401"), strings.Contains(low, "error: 403"), strings.Contains(low, "permission denied"):
		return &PushError{Err: fmt.Errorf("%w: %s", ErrPushAuth, lastLine(msg)), Remote: said}
	case hooked && exitCode(err) == 1 && !talkedToRemote(out):
		// The hook runs before git sends anything: its output is all
		// there is (git 2.39 passes its stdout through as well).
		return &PushError{Err: ErrPushHook, Hook: hookSaid(out + "\n" + msg)}
	}
	return &PushError{Err: fmt.Errorf("git push: %s", lastLine(msg)), Remote: said, Network: true}
}

// talkedToRemote says whether `git push --porcelain` reported refs
// ("To URL" then a line per ref), which it does once the remote answered.
func talkedToRemote(out string) bool {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "To ") {
			return true
		}
	}
	return false
}

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}

// remoteLines keeps the lines the server sent ("remote: ...").
func remoteLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if rest, ok := strings.CutPrefix(l, "remote:"); ok {
			out = append(out, strings.TrimSpace(rest))
		}
	}
	return out
}

// hookSaid is what the pre-push hook printed, without git's own closing
// "error: failed to push some refs" line.
func hookSaid(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "error: failed to push some refs") {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "; ")
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

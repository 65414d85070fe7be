package git

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/internal/commitid"

	gogit "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport"
)

// TagInfo is a tag and what it points at.
type TagInfo struct {
	// Name is the tag's short name, e.g. v1.4.3.
	Name string
	// Commit is the commit the tag (peeled) points at.
	Commit string
	// Annotated says it is a tag object, not a lightweight tag.
	Annotated bool
	// Message is an annotated tag's message.
	Message string
}

// LookupTag returns the local tag named name; ok is false when there is
// none.
func (r *Repo) LookupTag(name string) (info TagInfo, ok bool, err error) {
	r.goMu.Lock()
	defer r.goMu.Unlock()
	ref, err := r.repo.Tag(name)
	if errors.Is(err, gogit.ErrTagNotFound) {
		return TagInfo{}, false, nil
	}
	if err != nil {
		return TagInfo{}, false, err
	}
	info = TagInfo{Name: name, Commit: ref.Hash().String()}
	if to, err := r.repo.TagObject(ref.Hash()); err == nil {
		info.Annotated, info.Message = true, to.Message
		// Peel: a tag may point at another tag.
		for depth := 0; to.TargetType == plumbing.TagObject; depth++ {
			if depth > 10 {
				return TagInfo{}, false, fmt.Errorf("tag %s is a chain of more than ten tags", name)
			}
			if to, err = r.repo.TagObject(to.Target); err != nil {
				return TagInfo{}, false, err
			}
		}
		if to.TargetType != plumbing.CommitObject {
			return TagInfo{}, false, fmt.Errorf("tag %s points at a %s, not a commit", name, to.TargetType)
		}
		info.Commit = to.Target.String()
	}
	return info, true, nil
}

// CreateTag makes an annotated tag named name on commit with go-git, as
// the repository's user; when the repository asks for signed tags
// (tag.gpgSign, tag.forceSignAnnotated), `git tag -s` makes it signed, and
// without the git binary it is refused. A tag of that name already on that commit is
// left as it is (a rerun); on another commit it is an error: a release tag
// is never moved.
func (r *Repo) CreateTag(name, commit, message string, when time.Time) error {
	if err := CheckBranchName(name); err != nil { // the same rules as a branch
		return fmt.Errorf("tag: %w", err)
	}
	if info, ok, err := r.LookupTag(name); err != nil {
		return err
	} else if ok {
		if info.Commit == commit {
			return nil
		}
		return fmt.Errorf("tag %s already exists on %s; a release tag is never moved", name, commitid.Short(info.Commit))
	}
	if p, err := r.WritePolicy(context.Background()); err != nil {
		return err
	} else if p.TagsNeedGit() {
		if r.bin == "" {
			return needGit("the repository asks for signed tags")
		}
		return r.tagBinary(context.Background(), name, commit, message, when)
	}
	user, email := r.UserIdentity()
	r.goMu.Lock()
	defer r.goMu.Unlock()
	_, err := r.repo.CreateTag(name, plumbing.NewHash(commit), &gogit.CreateTagOptions{
		Tagger:  &object.Signature{Name: user, Email: email, When: when},
		Message: message,
	})
	return err
}

// DeleteTag removes a local tag if it exists.
func (r *Repo) DeleteTag(name string) error {
	err := r.repo.Storer.RemoveReference(plumbing.NewTagReferenceName(name))
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return nil
	}
	return err
}

// SetBranch points an existing or new local branch at commit. It only
// moves a branch forward (the old tip must be an ancestor of commit), so no
// local commit is ever lost; the branch must not be checked out, here or
// in another work tree (*BranchInUseError): moving it would leave that work
// tree's files and index behind its new commit.
func (r *Repo) SetBranch(ctx context.Context, name, commit string) error {
	if err := CheckBranchName(name); err != nil {
		return err
	}
	if cur, _ := r.CurrentBranch(); cur == name {
		return fmt.Errorf("branch %s is checked out", name)
	}
	if err := r.BranchElsewhere(ctx, name); err != nil {
		return err
	}
	n := plumbing.NewBranchReferenceName(name)
	old, err := r.repo.Storer.Reference(n)
	if err == nil {
		if old.Hash().String() == commit {
			return nil
		}
		ok, err := r.IsAncestor(ctx, old.Hash().String(), commit)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("branch %s has commits that %s does not", name, commitid.Short(commit))
		}
		return r.repo.Storer.CheckAndSetReference(plumbing.NewHashReference(n, plumbing.NewHash(commit)), old)
	}
	return r.repo.Storer.CheckAndSetReference(plumbing.NewHashReference(n, plumbing.NewHash(commit)), nil)
}

// IsAncestor reports whether commit a is b or one of its ancestors.
func (r *Repo) IsAncestor(ctx context.Context, a, b string) (bool, error) {
	ha, err := r.ResolveCommit(a)
	if err != nil {
		return false, err
	}
	hb, err := r.ResolveCommit(b)
	if err != nil {
		return false, err
	}
	if ha == hb {
		return true, nil
	}
	mb, err := r.MergeBase(ctx, ha, hb)
	if err != nil {
		if strings.Contains(err.Error(), "no common history") {
			return false, nil
		}
		return false, err
	}
	return mb == ha, nil
}

// MergedAt returns the commit of tip's first-parent history that brought
// commit in: the merge commit of a merged pull request, or commit itself
// when it was fast-forwarded onto tip. ok is false when tip does not
// contain commit.
func (r *Repo) MergedAt(ctx context.Context, tip, commit string) (merge string, ok bool, err error) {
	in, err := r.IsAncestor(ctx, commit, tip)
	if err != nil || !in {
		return "", false, err
	}
	cur, err := r.ResolveCommit(tip)
	if err != nil {
		return "", false, err
	}
	want, err := r.ResolveCommit(commit)
	if err != nil {
		return "", false, err
	}
	// Walk tip's first parents back while they still contain commit.
	for cur != want {
		c, err := r.commitObject(cur)
		if err != nil {
			return "", false, err
		}
		if len(c.ParentHashes) == 0 {
			break
		}
		p := c.ParentHashes[0].String()
		if in, err := r.IsAncestor(ctx, want, p); err != nil {
			return "", false, err
		} else if !in {
			break
		}
		cur = p
	}
	return cur, true, nil
}

func (r *Repo) commitObject(h string) (*object.Commit, error) {
	r.goMu.Lock()
	defer r.goMu.Unlock()
	return r.repo.CommitObject(plumbing.NewHash(h))
}

// MergeInWorktree merges rev into the branch checked out in the linked work
// tree dir with `git merge --no-ff` (a merge commit, as git-flow makes). On
// a conflict the merge is aborted, dir is left clean, and *ConflictFiles
// names the files.
func (r *Repo) MergeInWorktree(ctx context.Context, dir, rev, message string) error {
	if r.bin == "" {
		return errors.New("merging back needs the git binary; install git")
	}
	err := runIn(ctx, r.bin, dir, "merge", "--no-ff", "--no-edit", "-m", message, rev)
	if err == nil {
		return nil
	}
	files := unmerged(ctx, r.bin, dir)
	_ = runIn(ctx, r.bin, dir, "merge", "--abort")
	if len(files) > 0 {
		return &ConflictFiles{Files: files}
	}
	return err
}

// CommitInWorktree stages paths in the linked work tree dir and commits
// them with message; nothing to commit is not an error.
func (r *Repo) CommitInWorktree(ctx context.Context, dir string, paths []string, message string) error {
	if r.bin == "" {
		return errors.New("committing in a linked work tree needs the git binary; install git")
	}
	if err := runIn(ctx, r.bin, dir, append([]string{"add", "--"}, paths...)...); err != nil {
		return err
	}
	if err := runIn(ctx, r.bin, dir, "diff", "--cached", "--quiet"); err == nil {
		return nil
	}
	return runIn(ctx, r.bin, dir, "commit", "-q", "-m", message)
}

// RemoteBranches lists the remote's branches whose names start with
// prefix, asking the remote over the network with go-git (the token
// authenticates HTTPS remotes, as for Push and Fetch).
func (r *Repo) RemoteBranches(ctx context.Context, remote, prefix, token string) ([]string, error) {
	ctx, cancel := r.netContext(ctx, lsRemoteTimeout)
	defer cancel()
	rem, err := r.repo.Remote(remote)
	if err != nil {
		return nil, err
	}
	o := &gogit.ListOptions{}
	if o.Auth, err = tokenAuth(r.RemoteURL(remote), token); err != nil {
		return nil, err
	}
	refs, err := rem.ListContext(ctx, o)
	if errors.Is(err, transport.ErrEmptyRemoteRepository) {
		return nil, nil
	}
	if err != nil {
		return nil, r.netErr(ctx, err)
	}
	var names []string
	for _, x := range refs {
		if b, ok := strings.CutPrefix(x.Name().String(), "refs/heads/"); ok && strings.HasPrefix(b, prefix) {
			names = append(names, b)
		}
	}
	sort.Strings(names)
	return names, nil
}

// CommitDate returns when a commit was committed.
func (r *Repo) CommitDate(rev string) (time.Time, error) {
	h, err := r.ResolveCommit(rev)
	if err != nil {
		return time.Time{}, err
	}
	c, err := r.commitObject(h)
	if err != nil {
		return time.Time{}, err
	}
	return c.Committer.When, nil
}

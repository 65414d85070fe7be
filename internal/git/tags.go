package git

import (
	"container/heap"
	"errors"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// ErrNoTag is returned by NewestTag when no matching tag is reachable.
var ErrNoTag = errors.New("no matching tag is reachable")

// NewestTag returns the most recent tag reachable from rev whose name match
// accepts, the way `git describe --tags --abbrev=0` finds it: it walks the
// history newest commit first and stops at the first tagged commit. When
// several matching tags sit on that commit, better breaks the tie (it
// reports whether a should win over b).
func (r *Repo) NewestTag(rev string, match func(name string) bool, better func(a, b string) bool) (tag, commit string, err error) {
	tips, err := r.tagsByCommit(match)
	if err != nil {
		return "", "", err
	}
	if len(tips) == 0 {
		return "", "", ErrNoTag
	}
	start, err := r.ResolveCommit(rev)
	if err != nil {
		return "", "", err
	}
	c, err := r.repo.CommitObject(plumbing.NewHash(start))
	if err != nil {
		return "", "", err
	}
	seen := map[plumbing.Hash]bool{c.Hash: true}
	q := &commitQueue{c}
	for q.Len() > 0 {
		c := heap.Pop(q).(*object.Commit)
		if names := tips[c.Hash]; len(names) > 0 {
			best := names[0]
			for _, n := range names[1:] {
				if better(n, best) {
					best = n
				}
			}
			return best, c.Hash.String(), nil
		}
		for _, p := range c.ParentHashes {
			if seen[p] {
				continue
			}
			seen[p] = true
			pc, err := r.repo.CommitObject(p)
			if errors.Is(err, plumbing.ErrObjectNotFound) {
				continue // shallow clone boundary
			}
			if err != nil {
				return "", "", err
			}
			heap.Push(q, pc)
		}
	}
	return "", "", ErrNoTag
}

// tagsByCommit maps each commit to the matching tags that point at it,
// peeling annotated tags (from packed-refs where git recorded the peel).
func (r *Repo) tagsByCommit(match func(string) bool) (map[plumbing.Hash][]string, error) {
	refs, err := r.repo.Storer.IterReferences()
	if err != nil {
		return nil, r.refError(err)
	}
	out := map[plumbing.Hash][]string{}
	peeled, _ := r.packedPeeled()
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		if !ref.Name().IsTag() || ref.Type() != plumbing.HashReference {
			return nil
		}
		name := ref.Name().Short()
		if !match(name) {
			return nil
		}
		h, ok := peeled[packedRef{name: ref.Name().String(), hash: ref.Hash()}]
		if !ok {
			var err error
			if h, err = r.peel(ref.Hash()); err != nil {
				return nil // a tag of a tree or blob is not a release
			}
		}
		out[h] = append(out[h], name)
		return nil
	})
	if err != nil && !errors.Is(err, storer.ErrStop) {
		return nil, r.refError(err)
	}
	return out, nil
}

// commitQueue orders commits newest first by committer time.
type commitQueue []*object.Commit

func (q commitQueue) Len() int { return len(q) }
func (q commitQueue) Less(i, j int) bool {
	return q[i].Committer.When.After(q[j].Committer.When)
}
func (q commitQueue) Swap(i, j int)       { q[i], q[j] = q[j], q[i] }
func (q *commitQueue) Push(x interface{}) { *q = append(*q, x.(*object.Commit)) }
func (q *commitQueue) Pop() interface{} {
	old := *q
	c := old[len(old)-1]
	*q = old[:len(old)-1]
	return c
}

// Tags lists the names of the tags that match accepts, in name order. Tags
// of trees or blobs are included: this lists names, it does not peel.
func (r *Repo) Tags(match func(name string) bool) ([]string, error) {
	refs, err := r.repo.Storer.IterReferences()
	if err != nil {
		return nil, err
	}
	var out []string
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		if ref.Name().IsTag() && ref.Type() == plumbing.HashReference && match(ref.Name().Short()) {
			out = append(out, ref.Name().Short())
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

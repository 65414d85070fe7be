package git

import (
	"bytes"
	"container/heap"
	"context"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Commit is a commit's hash and message.
type Commit struct {
	Hash    string
	Message string
}

// CommitsBetween returns the commits reachable from to and not from from
// (git's from..to), newest first. It uses `git rev-list` when the binary is
// installed; otherwise it paints the history from both ends in commit-time
// order, as git does, so that merge-heavy history is walked only as far as
// the two ends differ.
func (r *Repo) CommitsBetween(ctx context.Context, from, to string) ([]Commit, error) {
	if r.bin != "" {
		out, err := r.run(ctx, "log", "--format=%H%x00%B%x00", "--end-of-options", from+".."+to)
		if err != nil {
			return nil, err
		}
		var cs []Commit
		parts := bytes.Split(out, []byte{0})
		for i := 0; i+1 < len(parts); i += 2 {
			h := strings.TrimSpace(string(parts[i]))
			if h == "" {
				continue
			}
			cs = append(cs, Commit{Hash: h, Message: strings.TrimRight(string(parts[i+1]), "\n") + "\n"})
		}
		return cs, nil
	}
	r.goMu.Lock()
	defer r.goMu.Unlock()
	fh, th, err := r.resolveRange(from, to)
	if err != nil {
		return nil, err
	}
	return r.paintRange(fh, th)
}

// baseAndCommits returns the merge base of bh and head (both commit ids)
// and the commits of bh..head, newest first, with one walk of the history
// in the common case: `git log --boundary` lists the range and the parents just outside
// it, and when base is one of those, base is an ancestor of head and so
// their merge base. Otherwise (base has moved on since head was cut) it
// asks `git merge-base`.
func (r *Repo) baseAndCommits(ctx context.Context, bh, head string) (string, []Commit, error) {
	if bh == head {
		return head, nil, nil
	}
	out, err := r.run(ctx, "log", "--boundary", "--format=%m%H%x00%B%x00", "--end-of-options", bh+".."+head)
	if err != nil {
		return "", nil, err
	}
	commits, boundary := parseBoundaryLog(out)
	for _, h := range boundary {
		if h == bh {
			return bh, commits, nil
		}
	}
	mb, err := r.MergeBase(ctx, bh, head)
	return mb, commits, err
}

// parseBoundaryLog reads `git log --boundary --format=%m%H%x00%B%x00`: the
// commits of the range (newest first) and the boundary commits' hashes.
func parseBoundaryLog(out []byte) (commits []Commit, boundary []string) {
	parts := bytes.Split(out, []byte{0})
	for i := 0; i+1 < len(parts); i += 2 {
		h := strings.TrimSpace(string(parts[i]))
		if len(h) < 2 {
			continue
		}
		mark, h := h[0], h[1:]
		if mark == '-' {
			boundary = append(boundary, h)
			continue
		}
		commits = append(commits, Commit{Hash: h, Message: strings.TrimRight(string(parts[i+1]), "\n") + "\n"})
	}
	return commits, boundary
}

// rangeCommits resolves from..to and paints it (paintCommits): the commit
// objects, and to's hash.
func (r *Repo) rangeCommits(from, to string) ([]*object.Commit, plumbing.Hash, error) {
	fh, th, err := r.resolveRange(from, to)
	if err != nil {
		return nil, th, err
	}
	commits, err := r.paintCommits(fh, th)
	return commits, th, err
}

// resolveRange resolves the two ends of from..to to commits.
func (r *Repo) resolveRange(from, to string) (plumbing.Hash, plumbing.Hash, error) {
	fh, err := r.ResolveCommit(from)
	if err != nil {
		return plumbing.ZeroHash, plumbing.ZeroHash, err
	}
	th, err := r.ResolveCommit(to)
	if err != nil {
		return plumbing.ZeroHash, plumbing.ZeroHash, err
	}
	return plumbing.NewHash(fh), plumbing.NewHash(th), nil
}

const (
	fromSide = 1 << iota
	toSide
)

func (r *Repo) paintRange(from, to plumbing.Hash) ([]Commit, error) {
	flags := map[plumbing.Hash]int{}
	q := &commitQueue{}
	push := func(h plumbing.Hash, f int) error {
		old := flags[h]
		if old&f == f {
			return nil
		}
		flags[h] = old | f
		c, err := r.repo.CommitObject(h)
		if err != nil {
			return err
		}
		heap.Push(q, c)
		return nil
	}
	if err := push(from, fromSide); err != nil {
		return nil, err
	}
	if err := push(to, toSide); err != nil {
		return nil, err
	}
	var out []*object.Commit
	// Walk until every queued commit is reachable from "from" too.
	for q.Len() > 0 {
		onlyFrom := true
		for _, c := range *q {
			if flags[c.Hash]&fromSide == 0 {
				onlyFrom = false
				break
			}
		}
		if onlyFrom {
			break
		}
		c := heap.Pop(q).(*object.Commit)
		f := flags[c.Hash]
		if f == toSide {
			out = append(out, c)
		}
		for _, p := range c.ParentHashes {
			if err := push(p, f); err != nil {
				return nil, err
			}
		}
	}
	var cs []Commit
	for _, c := range out {
		// A commit first seen from "to" may have been reached from "from" later.
		if flags[c.Hash]&fromSide == 0 {
			cs = append(cs, Commit{Hash: c.Hash.String(), Message: strings.TrimRight(c.Message, "\n") + "\n"})
		}
	}
	return cs, nil
}

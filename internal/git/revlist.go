package git

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// RevCommit is one commit of a history walk: its id, its parents, and
// what identifies it across a rebase or a cherry-pick (which keep the
// author, the author's time and the message, and change the id).
type RevCommit struct {
	Hash        string
	Parents     []string
	AuthorEmail string
	AuthorTime  time.Time
	Subject     string
}

// RevList returns the commits in from..to (reachable from to and not from
// from, as `git rev-list from..to`), newest first. With firstParent it
// keeps only to's first-parent line within that range (`--first-parent`):
// the commits made on that branch, or the merges into it. It uses `git
// log` when the binary is installed; otherwise it paints the history as
// CommitsBetween does.
func (r *Repo) RevList(ctx context.Context, from, to string, firstParent bool) ([]RevCommit, error) {
	if r.bin != "" {
		args := []string{"log", "-z", "--no-color", "--format=%H%x1f%P%x1f%ae%x1f%at%x1f%s"}
		if firstParent {
			args = append(args, "--first-parent")
		}
		out, err := r.run(ctx, append(args, "--end-of-options", from+".."+to)...)
		if err != nil {
			return nil, err
		}
		var cs []RevCommit
		for _, rec := range bytes.Split(out, []byte{0}) {
			f := strings.SplitN(string(rec), "\x1f", 5)
			if len(f) < 5 {
				continue
			}
			secs, _ := strconv.ParseInt(f[3], 10, 64)
			cs = append(cs, RevCommit{Hash: strings.TrimSpace(f[0]), Parents: strings.Fields(f[1]), AuthorEmail: f[2],
				AuthorTime: time.Unix(secs, 0).UTC(), Subject: f[4]})
		}
		return cs, nil
	}
	r.goMu.Lock()
	defer r.goMu.Unlock()
	commits, th, err := r.rangeCommits(from, to)
	if err != nil {
		return nil, err
	}
	var cs []RevCommit
	index := map[string]int{}
	for _, c := range commits {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rc := RevCommit{Hash: c.Hash.String(), AuthorEmail: c.Author.Email, AuthorTime: c.Author.When.Truncate(time.Second).UTC()}
		rc.Subject, _, _ = strings.Cut(c.Message, "\n")
		for _, p := range c.ParentHashes {
			rc.Parents = append(rc.Parents, p.String())
		}
		index[rc.Hash] = len(cs)
		cs = append(cs, rc)
	}
	if !firstParent {
		return cs, nil
	}
	var line []RevCommit
	for at, ok := index[th.String()]; ok; {
		c := cs[at]
		line = append(line, c)
		if len(c.Parents) == 0 {
			break
		}
		at, ok = index[c.Parents[0]]
	}
	return line, nil
}

// FetchObjects fetches the commit src names on remote, and its history,
// without moving any ref of this clone: src is a ref on the remote
// (refs/heads/x, refs/pull/1/head) or a full commit id, which the server
// must allow (GitHub does: allow-reachable-sha1-in-want). It lands on a
// temporary ref that is deleted afterwards, so only the objects stay.
// go-git, with the token for HTTPS remotes, within OpenOptions.NetTimeout.
func (r *Repo) FetchObjects(ctx context.Context, remote, src, token string) error {
	tmp := plumbing.ReferenceName("refs/hotfix-fetch/objects")
	_ = r.repo.Storer.RemoveReference(tmp)
	defer func() { _ = r.repo.Storer.RemoveReference(tmp) }()
	return r.fetchSpec(ctx, remote, "+"+src+":"+tmp.String(), token, src)
}

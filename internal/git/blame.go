package git

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	gogit "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// BlameLine says which commit last changed one line of a file.
type BlameLine struct {
	// Line is the line's number in the blamed revision.
	Line int
	// Commit is the commit that last changed it.
	Commit string
	// InRange is false when the line is older than the range's start:
	// Commit is then the range's boundary (or, without the git binary, a
	// commit outside the range), not a suspect.
	InRange bool
}

// Blame says which commit last changed each of lines (1-based) of path at
// to, looking no further back than from (git blame from..to). Lines past
// the end of the file are left out. With the git binary it is one `git
// blame --porcelain` with one -L per line; without it, go-git's Blame of
// the whole file at to (slower on long histories), with the commits of
// from..to marked InRange.
func (r *Repo) Blame(ctx context.Context, from, to, path string, lines []int) ([]BlameLine, error) {
	if len(lines) == 0 {
		return nil, nil
	}
	if r.bin != "" {
		return r.blameBinary(ctx, from, to, path, lines)
	}
	inRange, err := r.rangeSet(ctx, from, to)
	if err != nil {
		return nil, err
	}
	r.goMu.Lock()
	defer r.goMu.Unlock()
	h, err := r.ResolveCommit(to)
	if err != nil {
		return nil, err
	}
	c, err := r.repo.CommitObject(plumbing.NewHash(h))
	if err != nil {
		return nil, err
	}
	res, err := gogit.Blame(c, path)
	if err != nil {
		return nil, fmt.Errorf("blame %s at %s: %w", path, to, err)
	}
	var out []BlameLine
	for _, n := range lines {
		if n < 1 || n > len(res.Lines) {
			continue
		}
		id := res.Lines[n-1].Hash.String()
		out = append(out, BlameLine{Line: n, Commit: id, InRange: inRange[id]})
	}
	return out, nil
}

func (r *Repo) rangeSet(ctx context.Context, from, to string) (map[string]bool, error) {
	cs, err := r.CommitsBetween(ctx, from, to)
	if err != nil {
		return nil, err
	}
	set := make(map[string]bool, len(cs))
	for _, c := range cs {
		set[c.Hash] = true
	}
	return set, nil
}

func (r *Repo) blameBinary(ctx context.Context, from, to, path string, lines []int) ([]BlameLine, error) {
	// Lines past the end make git fail the whole blame: ask for the
	// file's length first only when that happens.
	out, err := r.blameRun(ctx, from, to, path, lines)
	if err != nil && strings.Contains(err.Error(), "has only") {
		data, rerr := r.ReadFilesAt(ctx, to, []string{path})
		if rerr != nil {
			return nil, err
		}
		n := bytes.Count(data[path], []byte{'\n'})
		if len(data[path]) > 0 && !bytes.HasSuffix(data[path], []byte{'\n'}) {
			n++
		}
		var keep []int
		for _, l := range lines {
			if l >= 1 && l <= n {
				keep = append(keep, l)
			}
		}
		if len(keep) == 0 {
			return nil, nil
		}
		out, err = r.blameRun(ctx, from, to, path, keep)
	}
	if err != nil {
		return nil, err
	}
	return parseBlamePorcelain(out), nil
}

func (r *Repo) blameRun(ctx context.Context, from, to, path string, lines []int) ([]byte, error) {
	args := []string{"blame", "--porcelain"}
	for _, n := range lines {
		if n >= 1 {
			args = append(args, "-L", fmt.Sprintf("%d,%d", n, n))
		}
	}
	if len(args) == 2 {
		return nil, nil
	}
	// blame takes no --end-of-options; from and to were resolved as
	// revisions by the caller, so neither starts with a dash.
	args = append(args, from+".."+to, "--", path)
	return r.run(ctx, args...)
}

// parseBlamePorcelain reads `git blame --porcelain`: a header "<commit>
// <orig line> <final line> [<group size>]" per line, the commit's fields
// the first time it appears ("boundary" among them for the range's
// start), then the line's text after a tab.
func parseBlamePorcelain(out []byte) []BlameLine {
	boundary := map[string]bool{}
	var res []BlameLine
	cur := ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "\t") {
			continue
		}
		f := strings.Fields(l)
		if len(f) >= 3 && isHexID(f[0]) {
			n, err := strconv.Atoi(f[2])
			if err != nil {
				continue
			}
			cur = f[0]
			res = append(res, BlameLine{Line: n, Commit: cur})
			continue
		}
		if l == "boundary" && cur != "" {
			boundary[cur] = true
		}
	}
	for i := range res {
		res[i].InRange = !boundary[res[i].Commit] && strings.Trim(res[i].Commit, "0") != ""
	}
	return res
}

func isHexID(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// ErrNeedsGitBinary is returned by reads that only the git binary does.
var ErrNeedsGitBinary = errors.New("this needs the git binary (hotfix is running without it: HOTFIX_GIT=go, or no git on PATH)")

// LineLog lists the commits of from..to that changed lines start..end of
// path at to, newest first: `git log -L start,end:path`, which follows the
// lines back through each commit's own coordinates. go-git has no
// equivalent: without the git binary it returns ErrNeedsGitBinary, and
// callers follow the lines through the hunks of Log themselves.
func (r *Repo) LineLog(ctx context.Context, from, to, path string, start, end int) ([]string, error) {
	if r.bin == "" {
		return nil, ErrNeedsGitBinary
	}
	if start < 1 {
		start = 1
	}
	if end < start {
		end = start
	}
	out, err := r.run(ctx, "log", "--no-patch", "--format=%H", "-L", fmt.Sprintf("%d,%d:%s", start, end, path), "--end-of-options", from+".."+to)
	if err != nil {
		// git log -L refuses an empty range ("No commit specified?")
		// rather than listing nothing; asked only then, so that the
		// usual case costs one process.
		if n, cerr := r.run(ctx, "rev-list", "--count", "--end-of-options", from+".."+to); cerr == nil && strings.TrimSpace(string(n)) == "0" {
			return nil, nil
		}
		return nil, err
	}
	var ids []string
	for _, id := range strings.Fields(string(out)) {
		if isHexID(id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// CommitInfo returns the author, date and subject of each commit of ids
// that exists, without files: for commits a ranking names that no log
// listed (a merge blamed for a line).
func (r *Repo) CommitInfo(ctx context.Context, ids []string) ([]LogEntry, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if r.bin != "" {
		args := append([]string{"show", "-s", "--no-color", "--format=" + recordSep + "%H" + fieldSep + "%an" + fieldSep + "%aI" + fieldSep + "%s", "--end-of-options"}, ids...)
		out, err := r.run(ctx, args...)
		if err != nil {
			return nil, err
		}
		var es []LogEntry
		for _, rec := range strings.Split(string(out), recordSep) {
			f := strings.Split(strings.TrimRight(rec, "\n"), fieldSep)
			if len(f) < 4 {
				continue
			}
			e := LogEntry{Hash: f[0], Author: f[1], Subject: f[3]}
			e.Date, _ = time.Parse(time.RFC3339, f[2])
			es = append(es, e)
		}
		return es, nil
	}
	r.goMu.Lock()
	defer r.goMu.Unlock()
	var es []LogEntry
	for _, id := range ids {
		c, err := r.repo.CommitObject(plumbing.NewHash(id))
		if err != nil {
			continue
		}
		subject, _, _ := strings.Cut(c.Message, "\n")
		es = append(es, LogEntry{Hash: c.Hash.String(), Author: c.Author.Name, Date: c.Author.When, Subject: subject})
	}
	return es, nil
}

// MergeOf returns the subject of the merge that brought commit into to's
// first-parent line (the oldest first-parent merge of to that has commit
// as an ancestor), "" when commit is on that line itself. It needs the
// git binary; without it it returns "".
func (r *Repo) MergeOf(ctx context.Context, commit, to string) (string, error) {
	if r.bin == "" {
		return "", nil
	}
	out, err := r.run(ctx, "log", "--first-parent", "--merges", "--ancestry-path", "--format=%H %s", "--reverse", "--end-of-options", commit+".."+to)
	if err != nil {
		return "", err
	}
	first, _, _ := strings.Cut(string(out), "\n")
	id, subject, _ := strings.Cut(strings.TrimSpace(first), " ")
	if id == "" {
		return "", nil
	}
	// On the first-parent line already: the merge's first parent has it.
	if _, err := r.run(ctx, "merge-base", "--is-ancestor", commit, id+"^1"); err == nil {
		return "", nil
	}
	return subject, nil
}

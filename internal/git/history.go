package git

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/utils/merkletrie"
)

// LogEntry is one commit of a log, with the part of its patch asked for.
type LogEntry struct {
	Hash    string
	Author  string
	Date    time.Time
	Subject string
	// Files are the files the commit changed that the log was limited to
	// (all of them without Paths), with hunks and their lines when Patch
	// was asked for.
	Files []FileDiff
}

// LogOptions limit and shape a log.
type LogOptions struct {
	// Paths keep the commits that touch these paths (a file, or a directory
	// and everything under it), like `git log -- PATHS`.
	Paths []string
	// Pickaxe keeps the commits that change how many times this string
	// occurs in a file, like `git log -S`.
	Pickaxe string
	// Patch asks for each commit's hunks, with their lines, for the files
	// that matched.
	Patch bool
}

// Log lists the non-merge commits in from..to, newest first. With the git
// binary it is `git log` (with -S and -p -U0 as asked); without it, each
// commit's tree is compared with its parent's (never go-git's PathFilter,
// which compares with the walk's previous commit and is wrong on merges).
func (r *Repo) Log(ctx context.Context, from, to string, o LogOptions) ([]LogEntry, error) {
	if r.bin != "" {
		return r.logBinary(ctx, from, to, o)
	}
	r.goMu.Lock()
	defer r.goMu.Unlock()
	return r.logGo(ctx, from, to, o)
}

const (
	recordSep = "\x1e"
	fieldSep  = "\x1f"
)

func (r *Repo) logBinary(ctx context.Context, from, to string, o LogOptions) ([]LogEntry, error) {
	args := []string{"-c", "core.quotepath=false", "log", "--no-merges", "--no-color",
		"--format=" + recordSep + "%H" + fieldSep + "%an" + fieldSep + "%aI" + fieldSep + "%s"}
	if o.Patch {
		args = append(args, "-p", "-U0", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/")
	} else {
		// NUL-separated names: any byte git allows in a name (a tab, a
		// newline, a quote) reaches us as it is, never quoted.
		args = append(args, "--name-only", "-z")
	}
	if o.Pickaxe != "" {
		args = append(args, "-S"+o.Pickaxe)
	}
	args = append(args, "--end-of-options", from+".."+to, "--")
	args = append(args, o.Paths...)
	out, err := r.run(ctx, args...)
	if err != nil {
		return nil, err
	}
	if !o.Patch {
		return parseLogNames(out), nil
	}
	var entries []LogEntry
	// Each record starts a line; a changed line holding the separator
	// byte is prefixed with +, - or a space, so it cannot split a record.
	for _, rec := range bytes.Split(append([]byte{'\n'}, out...), []byte("\n"+recordSep)) {
		if len(bytes.TrimSpace(rec)) == 0 {
			continue
		}
		head, body, _ := bytes.Cut(rec, []byte{'\n'})
		f := strings.Split(string(head), fieldSep)
		if len(f) < 4 {
			continue
		}
		e := LogEntry{Hash: f[0], Author: f[1], Subject: f[3]}
		e.Date, _ = time.Parse(time.RFC3339, f[2])
		if e.Files, err = parseUnified(body, true); err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// logHeader is a record's first field in `git log -z` output: the
// separator, then a full commit id (SHA-1 or SHA-256), then a field
// separator.
var logHeader = regexp.MustCompile("^" + recordSep + "[0-9a-f]{40}(?:[0-9a-f]{24})?" + fieldSep)

// parseLogNames reads `git log -z --name-only` output: each commit's
// header, a NUL, then a newline and its file names, each ended by a NUL.
func parseLogNames(out []byte) []LogEntry {
	var entries []LogEntry
	first := false
	for _, tok := range strings.Split(string(out), "\x00") {
		if logHeader.MatchString(tok) {
			f := strings.SplitN(strings.TrimPrefix(tok, recordSep), fieldSep, 4)
			if len(f) < 4 {
				continue
			}
			e := LogEntry{Hash: f[0], Author: f[1], Subject: f[3]}
			e.Date, _ = time.Parse(time.RFC3339, f[2])
			entries = append(entries, e)
			first = true
			continue
		}
		if first {
			tok, first = strings.TrimPrefix(tok, "\n"), false
		}
		if tok != "" && len(entries) > 0 {
			e := &entries[len(entries)-1]
			e.Files = append(e.Files, FileDiff{Path: tok, Status: 'M'})
		}
	}
	return entries
}

// matchesPaths reports whether p is one of paths or under one of them.
func matchesPaths(p string, paths []string) bool {
	if len(paths) == 0 {
		return true
	}
	for _, q := range paths {
		q = strings.TrimSuffix(q, "/")
		if q == "" || q == "." || p == q || strings.HasPrefix(p, q+"/") {
			return true
		}
	}
	return false
}

func (r *Repo) logGo(ctx context.Context, from, to string, o LogOptions) ([]LogEntry, error) {
	commits, _, err := r.rangeCommits(from, to)
	if err != nil {
		return nil, err
	}
	var entries []LogEntry
	for _, c := range commits {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if c.NumParents() > 1 {
			continue
		}
		files, err := r.commitFiles(c, o)
		if err != nil {
			return nil, err
		}
		// git lists a commit that changes nothing unless paths or a
		// pickaxe filter it out.
		if len(files) == 0 && (len(o.Paths) > 0 || o.Pickaxe != "") {
			continue
		}
		subject, _, _ := strings.Cut(c.Message, "\n")
		entries = append(entries, LogEntry{Hash: c.Hash.String(), Author: c.Author.Name, Date: c.Author.When, Subject: subject, Files: files})
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Date.After(entries[j].Date) })
	return entries, nil
}

// commitFiles compares a commit with its parent and keeps the files o asks
// for.
func (r *Repo) commitFiles(c *object.Commit, o LogOptions) ([]FileDiff, error) {
	t, err := c.Tree()
	if err != nil {
		return nil, err
	}
	var pt *object.Tree
	if c.NumParents() == 1 {
		p, err := c.Parent(0)
		if err != nil {
			return nil, err
		}
		if pt, err = p.Tree(); err != nil {
			return nil, err
		}
	}
	// git's pickaxe runs after rename detection (a moved file does not
	// change how often a string occurs); so does this one.
	changes, err := diffTrees(pt, t, o.Pickaxe != "")
	if err != nil {
		return nil, err
	}
	var files []FileDiff
	for _, ch := range changes {
		a, err := ch.Action()
		if err != nil {
			return nil, err
		}
		fd := FileDiff{Status: 'M'}
		switch a {
		case merkletrie.Insert:
			fd.Status, fd.Path = 'A', ch.To.Name
		case merkletrie.Delete:
			fd.Status, fd.Path, fd.OldPath = 'D', ch.From.Name, ch.From.Name
		default:
			fd.Path, fd.OldPath = ch.To.Name, ch.From.Name
		}
		if !matchesPaths(fd.Path, o.Paths) && (fd.OldPath == "" || !matchesPaths(fd.OldPath, o.Paths)) {
			continue
		}
		if o.Pickaxe == "" && !o.Patch {
			files = append(files, fd)
			continue
		}
		old, cur, err := changeContents(ch)
		if err != nil {
			return nil, err
		}
		if o.Pickaxe != "" && bytes.Count(old, []byte(o.Pickaxe)) == bytes.Count(cur, []byte(o.Pickaxe)) {
			continue
		}
		if o.Patch && !isBinary(old) && !isBinary(cur) {
			fd.Hunks = hunksWithLines(old, cur)
		}
		files = append(files, fd)
	}
	return files, nil
}

func changeContents(ch *object.Change) (old, cur []byte, err error) {
	from, to, err := ch.Files()
	if err != nil {
		return nil, nil, err
	}
	read := func(f *object.File) ([]byte, error) {
		if f == nil {
			return nil, nil
		}
		rd, err := f.Reader()
		if err != nil {
			return nil, err
		}
		defer rd.Close()
		return io.ReadAll(rd)
	}
	if old, err = read(from); err != nil {
		return nil, nil, err
	}
	cur, err = read(to)
	return old, cur, err
}

// hunksWithLines is LineHunks with each hunk's removed and added lines.
func hunksWithLines(old, cur []byte) []Hunk {
	ol, nl := splitLines(old), splitLines(cur)
	hs := LineHunks(old, cur)
	for i := range hs {
		h := &hs[i]
		if h.OldLines > 0 {
			for _, l := range ol[h.OldStart-1 : h.OldStart-1+h.OldLines] {
				h.Lines = append(h.Lines, "-"+l)
			}
		}
		if h.NewLines > 0 {
			for _, l := range nl[h.NewStart-1 : h.NewStart-1+h.NewLines] {
				h.Lines = append(h.Lines, "+"+l)
			}
		}
		if len(h.Lines) > maxHunkLines {
			h.Lines = h.Lines[:maxHunkLines]
		}
	}
	return hs
}

func splitLines(b []byte) []string {
	s := strings.TrimSuffix(string(b), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// paintCommits returns the commits in from..to, the way paintRange finds
// them, as commit objects.
func (r *Repo) paintCommits(from, to plumbing.Hash) ([]*object.Commit, error) {
	cs, err := r.paintRange(from, to)
	if err != nil {
		return nil, err
	}
	out := make([]*object.Commit, 0, len(cs))
	for _, c := range cs {
		obj, err := r.repo.CommitObject(plumbing.NewHash(c.Hash))
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, obj)
	}
	return out, nil
}

// IndexFiles lists the paths the index tracks (`git ls-files`): the work
// tree's files as git knows them, read without walking a tree.
func (r *Repo) IndexFiles(ctx context.Context) ([]string, error) {
	if r.bin != "" {
		out, err := r.run(ctx, "-c", "core.quotepath=false", "ls-files", "-z")
		if err != nil {
			return nil, err
		}
		var paths []string
		for _, p := range bytes.Split(out, []byte{0}) {
			if len(p) > 0 {
				paths = append(paths, string(p))
			}
		}
		return paths, nil
	}
	r.goMu.Lock()
	defer r.goMu.Unlock()
	idx, err := r.repo.Storer.Index()
	if err != nil {
		return nil, err
	}
	paths := make([]string, 0, len(idx.Entries))
	for _, e := range idx.Entries {
		paths = append(paths, e.Name)
	}
	return paths, nil
}

// LsFiles lists the paths of files in a commit's tree.
func (r *Repo) LsFiles(ctx context.Context, commit string) ([]string, error) {
	if r.bin != "" {
		out, err := r.run(ctx, "-c", "core.quotepath=false", "ls-tree", "-r", "-z", "--name-only", "--end-of-options", commit)
		if err != nil {
			return nil, err
		}
		var paths []string
		for _, p := range bytes.Split(out, []byte{0}) {
			if len(p) > 0 {
				paths = append(paths, string(p))
			}
		}
		return paths, nil
	}
	r.goMu.Lock()
	defer r.goMu.Unlock()
	h, err := r.ResolveCommit(commit)
	if err != nil {
		return nil, err
	}
	t, err := r.treeAt(h)
	if err != nil {
		return nil, err
	}
	var paths []string
	err = t.Files().ForEach(func(f *object.File) error {
		paths = append(paths, f.Name)
		return nil
	})
	return paths, err
}

// CountCommits counts the non-merge commits in from..to.
func (r *Repo) CountCommits(ctx context.Context, from, to string) (int, error) {
	if r.bin != "" {
		out, err := r.run(ctx, "rev-list", "--count", "--no-merges", "--end-of-options", from+".."+to)
		if err != nil {
			return 0, err
		}
		var n int
		_, err = fmt.Sscan(strings.TrimSpace(string(out)), &n)
		return n, err
	}
	r.goMu.Lock()
	defer r.goMu.Unlock()
	fh, err := r.ResolveCommit(from)
	if err != nil {
		return 0, err
	}
	th, err := r.ResolveCommit(to)
	if err != nil {
		return 0, err
	}
	cs, err := r.paintCommits(plumbing.NewHash(fh), plumbing.NewHash(th))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range cs {
		if c.NumParents() <= 1 {
			n++
		}
	}
	return n, nil
}

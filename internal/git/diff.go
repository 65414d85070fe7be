package git

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	gogit "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/utils/merkletrie"

	"github.com/hotfix-dev/hotfix/internal/fsutil"
)

// Hunk is one changed region of a file, in unified-diff terms: OldLines
// lines from OldStart were replaced by NewLines lines from NewStart. A hunk
// that only deletes has NewLines 0 and NewStart the line before the gap.
type Hunk struct {
	OldStart, OldLines, NewStart, NewLines int
	// Lines are the hunk's removed ("-") and added ("+") lines, kept only
	// when asked for (Log with Patch).
	Lines []string
}

// FileDiff is one file that differs between two states.
type FileDiff struct {
	// Path is the file's path on the new side; for a deletion, the old path.
	Path string
	// OldPath is the path on the old side; it differs from Path for a rename
	// and is "" for an added file.
	OldPath string
	// Status is 'A' added, 'M' modified, 'D' deleted or 'R' renamed.
	Status byte
	// Binary is set when the file is not text; it has no hunks.
	Binary bool
	// Kind is what the path holds on its new side (its old side for a
	// deletion): "" a regular file, KindSymlink or KindSubmodule. Neither
	// has lines of its own: such a path has no hunks.
	Kind string
	// SameContent is set when the content did not change: a pure rename,
	// or a change of mode only. Such a path has no hunks, rightly.
	SameContent bool
	// Hunks are the changed regions, in order.
	Hunks []Hunk
}

// Kinds of path other than a regular file (FileDiff.Kind).
const (
	KindSymlink   = "symlink"
	KindSubmodule = "submodule"
)

// kindOf is the Kind of a git file mode (octal text or number).
func kindOf(mode uint32) string {
	switch mode {
	case 0o120000:
		return KindSymlink
	case 0o160000:
		return KindSubmodule
	}
	return ""
}

// Diff is the change verify checks: from Base to HEAD, and the work tree
// when asked.
type Diff struct {
	// Base is the merge base commit the change is measured from.
	Base string
	// Head is the HEAD commit.
	Head string
	// Worktree is set when uncommitted work (staged, unstaged and untracked
	// files) is included.
	Worktree bool
	// Files are the changed files, sorted by path.
	Files []FileDiff
	// Commits are the commits of base..HEAD, newest first, when
	// ChangeOptions.Commits asked for them.
	Commits []Commit
}

// MergeBase returns the best common ancestor of two revisions.
func (r *Repo) MergeBase(ctx context.Context, a, b string) (string, error) {
	if r.bin != "" {
		out, err := r.run(ctx, "merge-base", "--end-of-options", a, b)
		if err != nil {
			if len(bytes.TrimSpace(out)) == 0 {
				return "", fmt.Errorf("%s and %s have no common history", a, b)
			}
			return "", err
		}
		return strings.TrimSpace(string(out)), nil
	}
	ha, err := r.ResolveCommit(a)
	if err != nil {
		return "", err
	}
	hb, err := r.ResolveCommit(b)
	if err != nil {
		return "", err
	}
	ca, err := r.repo.CommitObject(plumbing.NewHash(ha))
	if err != nil {
		return "", err
	}
	cb, err := r.repo.CommitObject(plumbing.NewHash(hb))
	if err != nil {
		return "", err
	}
	bases, err := ca.MergeBase(cb)
	if err != nil {
		return "", err
	}
	if len(bases) == 0 {
		return "", fmt.Errorf("%s and %s have no common history", a, b)
	}
	return bases[0].Hash.String(), nil
}

// ChangeOptions tune Change.
type ChangeOptions struct {
	// Worktree includes uncommitted work: staged and unstaged changes and
	// untracked files (not ignored ones).
	Worktree bool
	// Content, when set, says which paths need hunks; the others are
	// listed with their status only. Reading less content is what keeps
	// large changes (vendored code, generated files) fast.
	Content func(path string) bool
	// BaseCommit is the commit base names, when the caller has resolved it
	// already; Change then does not resolve base again.
	BaseCommit string
	// Commits also returns the commits of base..HEAD (Diff.Commits), read
	// in the same walk of the history that finds the merge base.
	Commits bool
	// Listed, when set, is called once the merge base and the changed
	// files are known, before their content is read: the files have their
	// paths and status but no hunks yet, and may include paths the content
	// diff then drops (a work-tree change undone). A caller starts work
	// that needs only the paths there, alongside the content diff.
	Listed func(mergeBase string, files []FileDiff)
}

// Change returns the change from the merge base of base and HEAD to HEAD
// (and the work tree with opts.Worktree), as files and hunks. With the git
// binary it reads the work tree alongside the walk that finds the merge
// base (and, with opts.Commits, alongside a speculative change from base
// itself), lists the changed files cheaply and reads content only for the
// paths opts.Content wants; without it, go-git computes the same.
func (r *Repo) Change(ctx context.Context, base string, opts ChangeOptions) (*Diff, error) {
	head, err := r.HeadCommit()
	if err != nil {
		return nil, err
	}
	if r.bin == "" {
		if opts.BaseCommit != "" {
			base = opts.BaseCommit
		}
		r.goMu.Lock()
		defer r.goMu.Unlock()
		mb, err := r.MergeBase(ctx, base, head)
		if err != nil {
			return nil, err
		}
		d := &Diff{Base: mb, Head: head, Worktree: opts.Worktree}
		if d.Files, err = r.diffGo(mb, head, opts); err != nil {
			return nil, err
		}
		sortFiles(d.Files)
		if opts.Listed != nil {
			opts.Listed(mb, append([]FileDiff(nil), d.Files...))
		}
		if opts.Commits {
			fh, th, err := r.resolveRange(base, head)
			if err != nil {
				return nil, err
			}
			if d.Commits, err = r.paintRange(fh, th); err != nil {
				return nil, err
			}
		}
		return d, nil
	}
	// The work tree is read by two processes, each a walk of the file
	// system and on a large tree the slowest part of the change: the
	// tracked changes (`git status`) and the untracked files. They run
	// alongside the history walk that finds the merge base and, when the
	// commits are asked for, alongside a speculative listing and content
	// diff from the base itself: in the common case (the branch was cut
	// from the base, so the base is the merge base) that is the change,
	// and it is ready when the walk confirms it; otherwise it is dropped.
	var status, others []byte
	var statusErr, othersErr error
	var statusWG, othersWG sync.WaitGroup
	if opts.Worktree {
		statusWG.Add(1)
		othersWG.Add(1)
		go func() {
			defer statusWG.Done()
			status, statusErr = r.run(ctx, "status", "--porcelain=v1", "-z", "--untracked-files=no", "--no-renames")
		}()
		go func() {
			defer othersWG.Done()
			others, othersErr = r.run(ctx, "ls-files", "--others", "--exclude-standard", "-z")
		}()
	}
	// Every return below waits for the listings first, so that no git
	// process outlives the call.
	defer othersWG.Wait()
	defer statusWG.Wait()
	var mb string
	var commits []Commit
	var spec *speculation
	if opts.Commits {
		bh := opts.BaseCommit
		if bh == "" {
			if bh, err = r.ResolveCommit(base); err != nil {
				return nil, err
			}
		}
		var cancel context.CancelFunc = func() {}
		if bh != head {
			var sctx context.Context
			sctx, cancel = context.WithCancel(ctx)
			spec = r.speculate(sctx, bh, head, opts)
			// Deferred in this order, a speculation not used is
			// cancelled, then waited for.
			defer spec.wait()
			defer cancel()
		}
		mb, commits, err = r.baseAndCommits(ctx, bh, head)
		if err != nil {
			return nil, err
		}
		// The speculation is used when its base is the merge base and
		// its listing succeeded (its content is awaited when needed);
		// otherwise the change is computed from the merge base, and an
		// error is then the real one.
		if spec != nil && (spec.base != mb || spec.waitListing() != nil) {
			cancel()
			spec = nil
		}
	} else {
		if mb, err = r.MergeBase(ctx, base, head); err != nil {
			return nil, err
		}
	}
	d := &Diff{Base: mb, Head: head, Worktree: opts.Worktree, Commits: commits}
	var raw []FileDiff
	if spec != nil {
		raw = spec.raw
	} else if raw, err = r.listChange(ctx, mb, head); err != nil {
		return nil, err
	}
	statusWG.Wait()
	if statusErr != nil {
		return nil, statusErr
	}
	files := map[string]*FileDiff{}
	listed := map[string]FileDiff{}
	for _, f := range raw {
		f := f
		files[f.Path] = &f
		listed[f.Path] = f
	}
	if opts.Worktree {
		for _, e := range parseStatus(status) {
			if _, ok := files[e.path]; ok {
				continue
			}
			f := &FileDiff{Path: e.path, OldPath: e.path, Status: 'M'}
			switch {
			case e.x == 'A':
				f.Status, f.OldPath = 'A', ""
			case e.x == 'D' || e.y == 'D':
				f.Status = 'D'
			}
			files[e.path] = f
		}
	}
	if opts.Listed != nil {
		early := make([]FileDiff, 0, len(files))
		for _, f := range files {
			early = append(early, *f)
		}
		sortFiles(early)
		opts.Listed(mb, early)
	}
	want := wantedPaths(files, opts.Content)
	if len(want) > 0 {
		var content []FileDiff
		if spec != nil && slices.Equal(spec.want, want) && spec.wait() == nil {
			content = spec.content
		} else if content, err = r.contentDiff(ctx, mb, head, want, opts.Worktree); err != nil {
			return nil, err
		}
		// The content diff is the truth for the paths it covers: a path it
		// does not list did not change after all (a change undone in the
		// work tree). Without the work tree nothing can be undone: a path
		// the listing has and the content diff lacks stays, with no hunks,
		// for the rules to flag rather than skip.
		if opts.Worktree {
			for _, p := range want {
				delete(files, p)
			}
		}
		for _, f := range content {
			f := f
			if l, ok := listed[f.Path]; ok && !opts.Worktree {
				// The listing's modes and object ids are the facts.
				f.Kind, f.SameContent = l.Kind, l.SameContent
			}
			if f.Kind != "" {
				f.Hunks, f.Binary = nil, false
			}
			files[f.Path] = &f
		}
	}
	othersWG.Wait()
	if othersErr != nil {
		return nil, othersErr
	}
	for _, b := range bytes.Split(others, []byte{0}) {
		if len(b) == 0 {
			continue
		}
		p := string(b)
		if _, ok := files[p]; ok {
			continue
		}
		f := FileDiff{Path: p, Status: 'A'}
		if opts.Content == nil || opts.Content(p) {
			if f, err = r.untrackedFile(p); err != nil {
				return nil, err
			}
		}
		files[p] = &f
	}
	for _, f := range files {
		d.Files = append(d.Files, *f)
	}
	sortFiles(d.Files)
	return d, nil
}

// speculation is a change computed from a base before the history walk
// has said whether that base is the merge base: the listing and the
// content diff of the paths it wants (ChangeOptions.Content).
type speculation struct {
	base    string
	raw     []FileDiff
	want    []string
	content []FileDiff
	// listErr and listed are the listing's (raw and want are set when
	// listed is closed); err, content and done the whole speculation's.
	listErr error
	listed  chan struct{}
	err     error
	done    chan struct{}
}

// wait waits for the whole speculation and returns its error.
func (s *speculation) wait() error {
	<-s.done
	return s.err
}

// waitListing waits for the listing only and returns its error.
func (s *speculation) waitListing() error {
	<-s.listed
	return s.listErr
}

// speculate starts listing and diffing the change from base (a commit) to
// head in the background, as Change would if base were the merge base.
func (r *Repo) speculate(ctx context.Context, base, head string, opts ChangeOptions) *speculation {
	s := &speculation{base: base, listed: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		raw, err := r.listChange(ctx, base, head)
		if err != nil {
			s.listErr, s.err = err, err
			close(s.listed)
			return
		}
		s.raw = raw
		files := map[string]*FileDiff{}
		for _, f := range s.raw {
			f := f
			files[f.Path] = &f
		}
		s.want = wantedPaths(files, opts.Content)
		close(s.listed)
		if len(s.want) > 0 {
			s.content, s.err = r.contentDiff(ctx, base, head, s.want, opts.Worktree)
		}
	}()
	return s
}

// listChange lists the files changed from mb to head, with their status,
// modes and object ids but no hunks (`git diff --raw`, renames found).
func (r *Repo) listChange(ctx context.Context, mb, head string) ([]FileDiff, error) {
	names, err := r.run(ctx, "diff", "--raw", "-z", "-M", "--no-ext-diff", "--no-abbrev", mb, head, "--")
	if err != nil {
		return nil, err
	}
	return parseRaw(names), nil
}

// wantedPaths returns, sorted, the paths of files whose content content
// asks for (all when it is nil), with a renamed file's old path.
func wantedPaths(files map[string]*FileDiff, content func(string) bool) []string {
	var want []string
	for p, f := range files {
		if content == nil || content(p) {
			want = append(want, p)
			if f.Status == 'R' {
				want = append(want, f.OldPath)
			}
		}
	}
	sort.Strings(want)
	return want
}

// contentDiff returns the hunks of the paths want, from mb to head (to the
// work tree with worktree), in one `git diff -U0`. A file git called
// binary only because .gitattributes says so (`*.go -diff`, `binary`) is
// diffed again as text: the rules read source files by their content, and
// an attribute in the change must not hide its lines. Binary by content
// stays binary.
func (r *Repo) contentDiff(ctx context.Context, mb, head string, want []string, worktree bool) ([]FileDiff, error) {
	args := []string{"-c", "core.quotepath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv", "-U0", "-M", "--src-prefix=a/", "--dst-prefix=b/", mb}
	if !worktree {
		args = append(args, head)
	}
	out, err := r.run(ctx, append(append(args, "--"), want...)...)
	if err != nil {
		return nil, err
	}
	content, err := ParseUnifiedDiff(out)
	if err != nil {
		return nil, err
	}
	var textual []string
	for _, f := range content {
		if f.Binary && !r.binaryByContent(ctx, mb, head, f, worktree) {
			textual = append(textual, f.Path)
			if f.OldPath != "" && f.OldPath != f.Path {
				textual = append(textual, f.OldPath)
			}
		}
	}
	if len(textual) > 0 {
		tout, err := r.run(ctx, append(append(append(append([]string(nil), args[:4]...), "--text"), args[4:]...), append([]string{"--"}, textual...)...)...)
		if err != nil {
			return nil, err
		}
		again, err := ParseUnifiedDiff(tout)
		if err != nil {
			return nil, err
		}
		byPath := map[string]FileDiff{}
		for _, f := range again {
			byPath[f.Path] = f
		}
		for i, f := range content {
			if g, ok := byPath[f.Path]; ok && f.Binary {
				content[i] = g
			}
		}
	}
	return content, nil
}

// binaryByContent says whether either side of f holds a NUL byte in its
// first 8000 bytes, git's own test for binary content.
func (r *Repo) binaryByContent(ctx context.Context, mb, head string, f FileDiff, worktree bool) bool {
	has := func(b []byte) bool {
		if len(b) > 8000 {
			b = b[:8000]
		}
		return bytes.IndexByte(b, 0) >= 0
	}
	if f.OldPath != "" && f.Status != 'A' {
		if b, err := r.ReadFileAt(mb, f.OldPath); err == nil && has(b) {
			return true
		}
	}
	if f.Status == 'D' {
		return false
	}
	var b []byte
	var err error
	if worktree {
		b, err = os.ReadFile(filepath.Join(r.root, filepath.FromSlash(f.Path)))
	} else {
		b, err = r.ReadFileAt(head, f.Path)
	}
	return err != nil || has(b)
}

func sortFiles(fs []FileDiff) {
	sort.Slice(fs, func(i, j int) bool { return fs[i].Path < fs[j].Path })
}

// parseRaw reads `git diff --raw -z --no-abbrev` output: for each path
// ":oldmode newmode oldid newid STATUS", then the path (two for a rename
// or copy), each ended by a NUL. A copy is listed as added.
func parseRaw(out []byte) []FileDiff {
	var files []FileDiff
	parts := bytes.Split(out, []byte{0})
	for i := 0; i < len(parts); i++ {
		f := strings.Fields(strings.TrimPrefix(string(parts[i]), ":"))
		if len(f) != 5 || f[4] == "" || i+1 >= len(parts) {
			continue
		}
		oldMode, _ := strconv.ParseUint(f[0], 8, 32)
		newMode, _ := strconv.ParseUint(f[1], 8, 32)
		fd := FileDiff{Status: f[4][0], Kind: kindOf(uint32(newMode))}
		switch fd.Status {
		case 'R', 'C':
			if i+2 >= len(parts) {
				return files
			}
			fd.OldPath, fd.Path = string(parts[i+1]), string(parts[i+2])
			i += 2
			if fd.Status == 'C' {
				fd.Status, fd.OldPath = 'A', ""
			}
		default:
			fd.Path = string(parts[i+1])
			fd.OldPath = fd.Path
			i++
			switch fd.Status {
			case 'A':
				fd.OldPath = ""
			case 'D':
				fd.Kind = kindOf(uint32(oldMode))
			case 'T':
				fd.Status = 'M'
			}
		}
		fd.SameContent = fd.OldPath != "" && f[2] == f[3] && strings.Trim(f[2], "0") != ""
		files = append(files, fd)
	}
	return files
}

// statusEntry is one line of `git status --porcelain=v1`.
type statusEntry struct {
	x, y byte
	path string
}

// parseStatus reads the tracked files of `git status --porcelain=v1 -z
// --no-renames` output.
func parseStatus(out []byte) []statusEntry {
	var es []statusEntry
	for _, rec := range bytes.Split(out, []byte{0}) {
		if len(rec) < 4 || rec[0] == '!' || rec[0] == '?' {
			continue
		}
		es = append(es, statusEntry{x: rec[0], y: rec[1], path: string(rec[3:])})
	}
	return es
}

// untrackedFile describes an untracked file as added in full.
func (r *Repo) untrackedFile(p string) (FileDiff, error) {
	fd := FileDiff{Path: p, Status: 'A'}
	s, err := worktreeSide(filepath.Join(r.root, filepath.FromSlash(p)))
	if err != nil || !s.ok || s.kind != "" {
		fd.Kind = s.kind
		return fd, err
	}
	data := s.data
	if isBinary(data) {
		fd.Binary = true
		return fd, nil
	}
	if n := countLines(data); n > 0 {
		fd.Hunks = []Hunk{{NewStart: 1, NewLines: n}}
	}
	return fd, nil
}

// diffName is the file name of a ---/+++ line: git ends an unquoted name
// that holds a space with a tab ("+++ b/calc/new file.go\t"), and a name
// with a tab of its own is always quoted, so the first tab ends the name.
func diffName(s string) string {
	if i := strings.IndexByte(s, '\t'); i >= 0 {
		return s[:i]
	}
	return s
}

// ParseUnifiedDiff reads `git diff` output (any context, -M renames, binary
// markers) into files and hunks. Paths are read from the ---/+++ lines and
// the rename and diff --git headers, with git's C-style quoting undone.
func ParseUnifiedDiff(out []byte) ([]FileDiff, error) {
	return parseUnified(out, false)
}

// parseUnified reads unified diff output; with keep, each hunk keeps its
// removed and added lines.
func parseUnified(out []byte, keep bool) ([]FileDiff, error) {
	var files []FileDiff
	var cur *FileDiff
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<16), 64<<20)
	// The hunk being read and the old and new lines its header promised
	// that have not come yet: a hunk must hold exactly what its header
	// says, so no count can exceed the input (a header claiming a billion
	// lines would otherwise make the rules loop over them).
	var hunk string
	oldLeft, newLeft := 0, 0
	// indexed says, per file, whether an "index" line named two objects:
	// git writes none when the content is the same (a pure rename or a
	// mode change).
	var indexed []bool
	mode := func(s string) {
		f := strings.Fields(s)
		if len(f) > 0 {
			if m, err := strconv.ParseUint(f[len(f)-1], 8, 32); err == nil {
				cur.Kind = kindOf(uint32(m))
			}
		}
	}
	short := func() error {
		if oldLeft > 0 || newLeft > 0 {
			return fmt.Errorf("malformed diff: hunk %q is shorter than its header says", hunk)
		}
		return nil
	}
	for sc.Scan() {
		line := sc.Text()
		if oldLeft > 0 || newLeft > 0 {
			// An empty line is an empty context line whose space was lost
			// (by an editor or a mail client), as patch reads it.
			c := byte(' ')
			if line != "" {
				c = line[0]
			}
			switch c {
			case '+':
				newLeft--
			case '-':
				oldLeft--
			case ' ':
				oldLeft--
				newLeft--
			case '\\':
			default:
				return nil, short()
			}
			if oldLeft < 0 || newLeft < 0 {
				return nil, fmt.Errorf("malformed diff: hunk %q is longer than its header says", hunk)
			}
			if keep && (c == '+' || c == '-') && len(cur.Hunks) > 0 {
				h := &cur.Hunks[len(cur.Hunks)-1]
				if len(h.Lines) < maxHunkLines {
					h.Lines = append(h.Lines, line)
				}
			}
			continue
		}
		if strings.HasPrefix(line, "diff --git ") {
			files = append(files, FileDiff{Status: 'M'})
			indexed = append(indexed, false)
			cur = &files[len(files)-1]
			a, b := splitGitHeader(strings.TrimPrefix(line, "diff --git "))
			cur.OldPath, cur.Path = a, b
			continue
		}
		if cur == nil {
			continue
		}
		if len(cur.Hunks) > 0 && line != "" && strings.IndexByte("+- ", line[0]) >= 0 && !strings.HasPrefix(line, "--- ") && !strings.HasPrefix(line, "+++ ") {
			return nil, fmt.Errorf("malformed diff: hunk %q is longer than its header says", hunk)
		}
		switch {
		case strings.HasPrefix(line, "@@ "):
			h, err := parseHunkHeader(line)
			if err != nil {
				return nil, err
			}
			cur.Hunks = append(cur.Hunks, h)
			hunk, oldLeft, newLeft = line, h.OldLines, h.NewLines
		case strings.HasPrefix(line, "new file mode"):
			cur.Status = 'A'
			mode(line)
		case strings.HasPrefix(line, "deleted file mode"):
			cur.Status = 'D'
			mode(line)
		case strings.HasPrefix(line, "new mode "):
			mode(line)
		case strings.HasPrefix(line, "index "):
			indexed[len(indexed)-1] = true
			mode(line)
		case strings.HasPrefix(line, "rename from "):
			cur.OldPath, cur.Status = unquote(strings.TrimPrefix(line, "rename from ")), 'R'
		case strings.HasPrefix(line, "rename to "):
			cur.Path = unquote(strings.TrimPrefix(line, "rename to "))
		case strings.HasPrefix(line, "--- "):
			if p := diffName(strings.TrimPrefix(line, "--- ")); p != "/dev/null" {
				cur.OldPath = strings.TrimPrefix(unquote(p), "a/")
			}
		case strings.HasPrefix(line, "+++ "):
			if p := diffName(strings.TrimPrefix(line, "+++ ")); p != "/dev/null" {
				cur.Path = strings.TrimPrefix(unquote(p), "b/")
			}
		case strings.HasPrefix(line, "Binary files ") || line == "GIT binary patch":
			cur.Binary = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if err := short(); err != nil {
		return nil, err
	}
	for i := range files {
		f := &files[i]
		switch f.Status {
		case 'A':
			f.OldPath = ""
		case 'D':
			f.Path = f.OldPath
		}
		f.SameContent = !indexed[i] && f.Status != 'A' && f.Status != 'D' && !f.Binary && len(f.Hunks) == 0
	}
	return files, nil
}

// maxHunkLines bounds the lines a kept hunk holds.
const maxHunkLines = 200

// splitGitHeader splits "a/x b/y" (possibly quoted) into x and y.
func splitGitHeader(s string) (string, string) {
	if strings.HasPrefix(s, `"`) {
		if i := closingQuote(s); i > 0 {
			a := unquote(s[:i+1])
			b := unquote(strings.TrimSpace(s[i+1:]))
			return strings.TrimPrefix(a, "a/"), strings.TrimPrefix(b, "b/")
		}
	}
	// Unquoted: "a/<p> b/<p>"; for equal paths the split is the middle.
	if n := len(s); n%2 == 1 {
		a, b := s[:n/2], s[n/2+1:]
		if strings.TrimPrefix(a, "a/") == strings.TrimPrefix(b, "b/") {
			return strings.TrimPrefix(a, "a/"), strings.TrimPrefix(b, "b/")
		}
	}
	if i := strings.Index(s, " b/"); i >= 0 {
		return strings.TrimPrefix(s[:i], "a/"), s[i+3:]
	}
	return s, s
}

func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// unquote undoes git's C-style path quoting ("a\tb", octal escapes).
func unquote(s string) string {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return s
	}
	var b []byte
	for i := 1; i < len(s)-1; i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s)-1 {
			b = append(b, c)
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b = append(b, '\n')
		case 't':
			b = append(b, '\t')
		case 'a':
			b = append(b, '\a')
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'r':
			b = append(b, '\r')
		case 'v':
			b = append(b, '\v')
		case '0', '1', '2', '3':
			if i+2 < len(s) {
				if v, err := strconv.ParseUint(s[i:i+3], 8, 8); err == nil {
					b = append(b, byte(v))
					i += 2
					continue
				}
			}
			b = append(b, s[i])
		default:
			b = append(b, s[i])
		}
	}
	return string(b)
}

func parseHunkHeader(line string) (Hunk, error) {
	// @@ -a[,b] +c[,d] @@
	var h Hunk
	f := strings.Fields(line)
	if len(f) < 3 || !strings.HasPrefix(f[1], "-") || !strings.HasPrefix(f[2], "+") {
		return h, fmt.Errorf("malformed hunk header %q", line)
	}
	var err error
	if h.OldStart, h.OldLines, err = parseRange(f[1][1:]); err != nil {
		return h, fmt.Errorf("malformed hunk header %q", line)
	}
	if h.NewStart, h.NewLines, err = parseRange(f[2][1:]); err != nil {
		return h, fmt.Errorf("malformed hunk header %q", line)
	}
	return h, nil
}

// parseRange reads "start[,count]": unsigned decimal numbers, as git
// writes them, each under 2^31.
func parseRange(s string) (int, int, error) {
	a, b, ok := strings.Cut(s, ",")
	start, err := strconv.ParseUint(a, 10, 31)
	if err != nil {
		return 0, 0, err
	}
	if !ok {
		return int(start), 1, nil
	}
	n, err := strconv.ParseUint(b, 10, 31)
	return int(start), int(n), err
}

func isBinary(data []byte) bool {
	n := len(data)
	if n > 8000 {
		n = 8000
	}
	return bytes.IndexByte(data[:n], 0) >= 0
}

func countLines(data []byte) int {
	if len(data) == 0 {
		return 0
	}
	n := bytes.Count(data, []byte{'\n'})
	if data[len(data)-1] != '\n' {
		n++
	}
	return n
}

// diffGo computes the same change with go-git: a tree diff from base to
// HEAD, then the work tree's changes over it, with a line diff per file.
func (r *Repo) diffGo(base, head string, opts ChangeOptions) ([]FileDiff, error) {
	worktree := opts.Worktree
	bt, err := r.treeAt(base)
	if err != nil {
		return nil, err
	}
	ht, err := r.treeAt(head)
	if err != nil {
		return nil, err
	}
	changes, err := diffTrees(bt, ht, true)
	if err != nil {
		return nil, err
	}
	// path (new side) -> old path in base, "" when added
	type entry struct {
		old     string
		deleted bool
	}
	paths := map[string]entry{}
	for _, ch := range changes {
		a, err := ch.Action()
		if err != nil {
			return nil, err
		}
		switch a {
		case merkletrie.Insert:
			paths[ch.To.Name] = entry{}
		case merkletrie.Delete:
			paths[ch.From.Name] = entry{old: ch.From.Name, deleted: true}
		default:
			paths[ch.To.Name] = entry{old: ch.From.Name}
		}
	}
	newContent := func(p string) (side, error) { return r.sideAt(ht, p) }
	if worktree {
		wt, err := r.repo.Worktree()
		if err != nil {
			return nil, err
		}
		st, err := wt.StatusWithOptions(gogit.StatusOptions{Strategy: gogit.Preload})
		if err != nil {
			return nil, fmt.Errorf("go-git cannot read this work tree (%v): use the git binary (unset HOTFIX_GIT), or check only the commits (--committed-only)", err)
		}
		for p, s := range st {
			if s.Staging == gogit.Unmodified && s.Worktree == gogit.Unmodified {
				continue
			}
			if _, ok := paths[p]; !ok {
				if old, err := r.sideAt(bt, p); err == nil && old.ok {
					paths[p] = entry{old: p}
				} else {
					paths[p] = entry{}
				}
			}
		}
		newContent = func(p string) (side, error) {
			// A submodule's work tree is not the change: its commit is.
			if s, err := r.sideAt(ht, p); err != nil || s.kind == KindSubmodule {
				return s, err
			}
			return worktreeSide(filepath.Join(r.root, filepath.FromSlash(p)))
		}
	}
	var out []FileDiff
	for p, e := range paths {
		var old, cur side
		if e.old != "" {
			if old, err = r.sideAt(bt, e.old); err != nil {
				return nil, err
			}
		}
		if !e.deleted || worktree {
			if cur, err = newContent(p); err != nil {
				return nil, err
			}
		}
		fd := FileDiff{Path: p, OldPath: e.old, Kind: cur.kind}
		same := old.ok && cur.ok && bytes.Equal(old.data, cur.data)
		switch {
		case !old.ok && !cur.ok:
			continue
		case !old.ok:
			fd.Status, fd.OldPath = 'A', ""
		case !cur.ok:
			fd.Status, fd.Kind = 'D', old.kind
		case e.old != p:
			fd.Status, fd.SameContent = 'R', same
		case same && old.mode == cur.mode:
			continue
		default:
			fd.Status, fd.SameContent = 'M', same
		}
		switch {
		case fd.Kind != "" || (fd.Status == 'D' && old.kind != ""):
		case isBinary(old.data) || isBinary(cur.data):
			fd.Binary = true
		case opts.Content == nil || opts.Content(p):
			fd.Hunks = LineHunks(old.data, cur.data)
		}
		out = append(out, fd)
	}
	return out, nil
}

// side is one side of a changed path: its mode and content (a symlink's
// target; a submodule's commit id).
type side struct {
	ok   bool
	mode uint32
	kind string
	data []byte
}

// sideAt reads path p in tree t. It walks the tree's entries itself, as
// git reads any name it stores: go-git's own lookups refuse names with a
// control character (a tab, a newline) that git accepts. Nothing read here
// is written to the file system.
func (r *Repo) sideAt(t *object.Tree, p string) (side, error) {
	parts := strings.Split(p, "/")
	for i, name := range parts {
		var found *object.TreeEntry
		for j := range t.Entries {
			if t.Entries[j].Name == name {
				found = &t.Entries[j]
				break
			}
		}
		if found == nil {
			return side{}, nil
		}
		mode := uint32(found.Mode)
		if i < len(parts)-1 {
			if mode != 0o40000 {
				return side{}, nil
			}
			sub, err := r.repo.TreeObject(found.Hash)
			if err != nil {
				return side{}, err
			}
			t = sub
			continue
		}
		s := side{ok: true, mode: mode, kind: kindOf(mode)}
		switch {
		case mode == 0o40000:
			return side{}, nil
		case s.kind == KindSubmodule:
			s.data = []byte(found.Hash.String())
			return s, nil
		}
		b, err := r.repo.BlobObject(found.Hash)
		if err != nil {
			return side{}, err
		}
		rd, err := b.Reader()
		if err != nil {
			return side{}, err
		}
		defer rd.Close()
		s.data, err = io.ReadAll(rd)
		return s, err
	}
	return side{}, nil
}

// worktreeSide reads a work-tree path as git would store it: a symlink as
// its target, a file with its executable bit as the mode.
func worktreeSide(full string) (side, error) {
	fi, err := os.Lstat(full)
	if errors.Is(err, os.ErrNotExist) {
		return side{}, nil
	}
	if err != nil {
		return side{}, err
	}
	switch {
	case fi.Mode()&os.ModeSymlink != 0:
		target, err := os.Readlink(full)
		return side{ok: true, mode: 0o120000, kind: KindSymlink, data: []byte(filepath.ToSlash(target))}, err
	case fi.IsDir():
		return side{}, nil
	}
	s := side{ok: true, mode: 0o100644}
	if fi.Mode()&0o111 != 0 {
		s.mode = 0o100755
	}
	s.data, err = os.ReadFile(full)
	return s, err
}

// diffTrees compares two trees, with git's rename detection when renames.
// go-git's rename detection refuses names with a control character (a
// tab, a newline) that git stores: such paths stay an addition and a
// deletion rather than failing the whole change.
func diffTrees(a, b *object.Tree, renames bool) (object.Changes, error) {
	changes, err := object.DiffTreeWithOptions(context.Background(), a, b, &object.DiffTreeOptions{})
	if err != nil || !renames {
		return changes, err
	}
	var plain, odd object.Changes
	for _, ch := range changes {
		if hasControl(ch.From.Name) || hasControl(ch.To.Name) {
			odd = append(odd, ch)
		} else {
			plain = append(plain, ch)
		}
	}
	if plain, err = object.DetectRenames(plain, object.DefaultDiffTreeOptions); err != nil {
		return nil, err
	}
	return append(plain, odd...), nil
}

// hasControl reports whether a path holds a control character.
func hasControl(p string) bool {
	return strings.IndexFunc(p, func(c rune) bool { return c < 0x20 || c == 0x7f }) >= 0
}

func blobBytes(f *object.File) ([]byte, error) {
	rd, err := f.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return io.ReadAll(rd)
}

// ReadFileAt returns a file's content at a commit. It is safe to call
// from several goroutines.
func (r *Repo) ReadFileAt(commit, path string) ([]byte, error) {
	s, err := r.goSideAt(commit, path)
	if err != nil {
		return nil, err
	}
	if !s.ok {
		return nil, object.ErrFileNotFound
	}
	return s.data, nil
}

// goSideAt reads path at commit with go-git (sideAt), holding goMu.
func (r *Repo) goSideAt(commit, path string) (side, error) {
	r.goMu.Lock()
	defer r.goMu.Unlock()
	t, err := r.treeAt(commit)
	if err != nil {
		return side{}, err
	}
	return r.sideAt(t, path)
}

// RestoreFile puts a work-tree path back to its content at HEAD, written
// atomically; a path HEAD does not have is removed. It is how a step's
// undo returns a file it rewrote but never committed.
func (r *Repo) RestoreFile(path string) error {
	head, err := r.HeadCommit()
	if err != nil {
		return err
	}
	full := filepath.Join(r.root, filepath.FromSlash(path))
	data, err := r.ReadFileAt(head, path)
	if err != nil {
		if r.FileExistsAt(head, path) {
			return err
		}
		return fsutil.Remove(full)
	}
	return fsutil.WriteFile(full, data, 0o644)
}

// ReadFilesAt returns the contents of paths at a commit, leaving out paths
// the commit does not have. With the git binary it reads them all through
// one `git cat-file --batch`; without it, through go-git.
func (r *Repo) ReadFilesAt(ctx context.Context, commit string, paths []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(paths))
	if r.bin == "" {
		for _, p := range paths {
			if b, err := r.ReadFileAt(commit, p); err == nil {
				out[p] = b
			}
		}
		return out, nil
	}
	var in bytes.Buffer
	var asked []string
	for _, p := range paths {
		if strings.ContainsAny(p, "\n\r") {
			if b, err := r.ReadFileAt(commit, p); err == nil {
				out[p] = b
			}
			continue
		}
		in.WriteString(commit + ":" + p + "\n")
		asked = append(asked, p)
	}
	if len(asked) == 0 {
		return out, nil
	}
	cmd := exec.CommandContext(ctx, r.bin, "cat-file", "--batch")
	cmd.Dir = r.root
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
	cmd.Stdin = &in
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("git cat-file: %s", strings.TrimSpace(stderr.String()))
	}
	rd := bufio.NewReader(&stdout)
	for _, p := range asked {
		header, err := rd.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("git cat-file: short output for %s", p)
		}
		f := strings.Fields(header)
		if len(f) != 3 {
			continue // "<name> missing" or ambiguous: not in the commit
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			return nil, fmt.Errorf("git cat-file: bad header %q", header)
		}
		data := make([]byte, size+1) // the content and its newline
		if _, err := io.ReadFull(rd, data); err != nil {
			return nil, fmt.Errorf("git cat-file: short content for %s", p)
		}
		if f[1] == "blob" {
			out[p] = data[:size]
		}
	}
	return out, nil
}

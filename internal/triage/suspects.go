// Package triage ranks the commits between the last good version and the
// broken one by the evidence the logs give: the frames of the stack traces
// (the commit that last changed each crash line, the commits that changed
// each frame's function), the files they name, and the symbols the errors
// mention. It is what seed 003 did by hand with `git log -p` until
// `json.loads` stood out, and what `git blame` and `git log -L` do for one
// line at a time.
package triage

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hotfix-dev/hotfix/internal/git"
)

// Location is a place an error points at: a file, a line (0 when unknown)
// and a symbol (function or method, "" when unknown). Depth is the frame's
// place in its trace (0: the frame that failed) and Trace the trace's
// name (its exception), when known.
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Symbol string `json:"symbol,omitempty"`
	Depth  int    `json:"depth,omitempty"`
	Trace  string `json:"trace,omitempty"`
}

// Evidence is what the suspects are ranked by.
type Evidence struct {
	// Frames are the traces' frames mapped to repository files at the
	// broken version.
	Frames []Frame
	// Paths are repository paths (files or directories) to look at: the
	// frames' files and the paths the user named.
	Paths []string
	// Symbols are strings whose adding or removing makes a commit suspect.
	Symbols []string
	// Traced marks the paths that came from the errors' traces, as opposed
	// to paths the user named; it only changes how a reason reads.
	Traced map[string]bool
}

// Near is how many lines around a frame's line count as its neighbourhood
// when the frame's function cannot be found.
const Near = 3

// Weights of each kind of evidence. A frame's evidence is scaled by its
// depth: the frame that failed counts fully, its caller half, the next a
// third, and so on.
const (
	scoreBlame  = 100 // last changed the frame's line
	scoreFunc   = 40  // changed the frame's function (or the lines near it)
	scoreFile   = 10  // changed a file the traces name, or a path asked about
	scoreSymbol = 15  // added or removed a symbol asked about
)

// Suspect is a commit with the evidence against it.
type Suspect struct {
	Commit  string    `json:"commit"`
	Author  string    `json:"author"`
	Date    time.Time `json:"date"`
	Subject string    `json:"subject"`
	Score   int       `json:"score"`
	Reasons []string  `json:"reasons"`
	Hunks   []Hunk    `json:"hunks"`
	// PullRequest is the number of the pull request that brought the
	// commit, when its subject or the merge's names one; 0 otherwise.
	PullRequest int `json:"pull_request,omitempty"`
}

// Revert is the command that reverts the suspect.
func (s Suspect) Revert() string { return "git revert " + s.Commit }

// Hunk is a changed region shown as evidence.
type Hunk struct {
	Path  string   `json:"path"`
	Start int      `json:"start"`
	Lines []string `json:"lines"`
}

// History is what ranking reads from the repository; *git.Repo is one.
type History interface {
	Log(ctx context.Context, from, to string, o git.LogOptions) ([]git.LogEntry, error)
	Blame(ctx context.Context, from, to, path string, lines []int) ([]git.BlameLine, error)
	LineLog(ctx context.Context, from, to, path string, start, end int) ([]string, error)
	ReadFilesAt(ctx context.Context, commit string, paths []string) (map[string][]byte, error)
}

// Findings are what was read from the history for the evidence: the
// input of Rank.
type Findings struct {
	// ByPath is the log of good..bad limited to the evidence's paths,
	// with patches, newest first.
	ByPath []git.LogEntry
	// BySymbol is the pickaxe log of each symbol.
	BySymbol map[string][]git.LogEntry
	// Blamed is, per frame (by index in Evidence.Frames), the commit of
	// good..bad that last changed the frame's line; "" when older.
	Blamed []string
	// Changed is, per frame, the commits of good..bad that changed the
	// frame's function (or the lines near the frame's line), newest
	// first, and FuncSpan what was followed.
	Changed  [][]string
	FuncSpan []Span
}

// Span is the lines of a frame whose history was followed: the function
// (Func set) or the lines near the frame's line.
type Span struct {
	Start, End int
	Func       string
}

// Read reads the history of good..bad that ev needs: the path log, one
// pickaxe log per symbol, a blame per frame file and one line history
// per frame. good and bad are commit ids. Without the git binary, line histories are followed through
// the path log's hunks (FollowLines).
func Read(ctx context.Context, h History, good, bad string, ev Evidence) (*Findings, error) {
	f := &Findings{BySymbol: map[string][]git.LogEntry{}, Blamed: make([]string, len(ev.Frames)), Changed: make([][]string, len(ev.Frames)), FuncSpan: make([]Span, len(ev.Frames))}
	// The reads are independent git runs: they go side by side, at most
	// a few at a time.
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	sem := make(chan struct{}, 2*runtime.NumCPU())
	run := func(fn func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := fn(); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	if len(ev.Paths) > 0 {
		run(func() (err error) {
			f.ByPath, err = h.Log(ctx, good, bad, git.LogOptions{Paths: ev.Paths, Patch: true})
			return err
		})
	}
	for _, sym := range ev.Symbols {
		sym := sym
		run(func() error {
			entries, err := h.Log(ctx, good, bad, git.LogOptions{Pickaxe: sym, Patch: true})
			mu.Lock()
			f.BySymbol[sym] = entries
			mu.Unlock()
			return err
		})
	}
	var files []string
	lines := map[string][]int{}
	for _, fr := range ev.Frames {
		if _, ok := lines[fr.File]; !ok {
			files = append(files, fr.File)
		}
		if fr.Line > 0 {
			lines[fr.File] = append(lines[fr.File], fr.Line)
		}
	}
	var src map[string][]byte
	if len(files) > 0 {
		var err error
		if src, err = h.ReadFilesAt(ctx, bad, files); err != nil {
			wg.Wait()
			return nil, err
		}
	}
	// Blame: one run per file, for all its frames' lines.
	for _, file := range files {
		file := file
		if len(lines[file]) == 0 {
			continue
		}
		run(func() error {
			bl, err := h.Blame(ctx, good, bad, file, lines[file])
			if err != nil {
				return err
			}
			by := map[int]string{}
			for _, b := range bl {
				if b.InRange {
					by[b.Line] = b.Commit
				}
			}
			for i, fr := range ev.Frames {
				if fr.File == file {
					f.Blamed[i] = by[fr.Line]
				}
			}
			return nil
		})
	}
	// Line histories: each frame's function, or the lines near it.
	var follow []int
	for i, fr := range ev.Frames {
		if fr.Line <= 0 {
			continue
		}
		data := src[fr.File]
		n := strings.Count(string(data), "\n")
		if len(data) > 0 && data[len(data)-1] != '\n' {
			n++
		}
		if fr.Line > n {
			continue
		}
		sp := Span{Start: fr.Line - Near, End: fr.Line + Near}
		if s, e, ok := FuncRange(data, fr.Func, fr.Line, strings.HasSuffix(fr.File, ".py")); ok {
			sp = Span{Start: s, End: e, Func: fr.Func}
		}
		if sp.Start < 1 {
			sp.Start = 1
		}
		if sp.End > n {
			sp.End = n
		}
		f.FuncSpan[i] = sp
		i, fr := i, fr
		run(func() error {
			ids, err := h.LineLog(ctx, good, bad, fr.File, sp.Start, sp.End)
			if errors.Is(err, git.ErrNeedsGitBinary) {
				mu.Lock()
				follow = append(follow, i)
				mu.Unlock()
				return nil
			}
			f.Changed[i] = ids
			return err
		})
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	for _, i := range follow {
		f.Changed[i] = FollowLines(f.ByPath, ev.Frames[i].File, f.FuncSpan[i].Start, f.FuncSpan[i].End)
	}
	return f, nil
}

// FollowLines lists the commits of log (newest first, with -U0 hunks)
// that changed lines start..end of path as it is at the newest commit,
// following the lines back through each commit's hunks into the older
// coordinates (and renames): what `git log -L` does, on a linear reading
// of the history.
func FollowLines(log []git.LogEntry, path string, start, end int) []string {
	var out []string
	for _, e := range log {
		for _, fd := range e.Files {
			if fd.Path != path {
				continue
			}
			hit := false
			for _, h := range fd.Hunks {
				if h.NewLines == 0 {
					hit = hit || h.NewStart >= start && h.NewStart < end
				} else {
					hit = hit || h.NewStart <= end && h.NewStart+h.NewLines-1 >= start
				}
			}
			if hit {
				out = append(out, e.Hash)
			}
			ns, _ := oldLine(fd.Hunks, start, false)
			ne, _ := oldLine(fd.Hunks, end, true)
			if fd.OldPath != "" && fd.OldPath != fd.Path {
				path = fd.OldPath
			}
			start, end = ns, ne
			if end < start {
				return out
			}
		}
	}
	return out
}

// oldLine maps line x of a file after a commit to the line before it,
// through the commit's hunks (in order, -U0). A line inside a changed
// region maps to the region's old start (or, atEnd, its old end).
func oldLine(hunks []git.Hunk, x int, atEnd bool) (int, bool) {
	off := 0
	for _, h := range hunks {
		if h.NewLines == 0 {
			if h.NewStart < x {
				off += h.OldLines
			}
			continue
		}
		lo, hi := h.NewStart, h.NewStart+h.NewLines-1
		if hi < x {
			off += h.OldLines - h.NewLines
			continue
		}
		if lo <= x {
			switch {
			case h.OldLines == 0 && atEnd:
				return h.OldStart, true
			case h.OldLines == 0:
				return h.OldStart + 1, true
			case atEnd:
				return h.OldStart + h.OldLines - 1, true
			}
			return h.OldStart, true
		}
		break
	}
	return x + off, false
}

// Rank scores the commits by the findings and returns them most suspect
// first; ties go to the newer commit. info gives the commits' author, date
// and subject for commits that are in no log of the findings (a blamed
// merge); it may be nil.
func Rank(f *Findings, ev Evidence, info map[string]git.LogEntry) []Suspect {
	suspects := map[string]*Suspect{}
	meta := map[string]git.LogEntry{}
	for id, e := range info {
		meta[id] = e
	}
	for _, e := range f.ByPath {
		meta[e.Hash] = e
	}
	for _, es := range f.BySymbol {
		for _, e := range es {
			meta[e.Hash] = e
		}
	}
	score := map[string]float64{}
	get := func(id string) *Suspect {
		s, ok := suspects[id]
		if !ok {
			e := meta[id]
			s = &Suspect{Commit: id, Author: e.Author, Date: e.Date, Subject: e.Subject, Reasons: []string{}, Hunks: []Hunk{}}
			suspects[id] = s
		}
		return s
	}
	hunksOf := map[string][]git.FileDiff{}
	for _, e := range f.ByPath {
		hunksOf[e.Hash] = e.Files
	}
	shown := map[string]bool{}
	show := func(s *Suspect, p string, h git.Hunk) {
		k := fmt.Sprintf("%s %s %d", s.Commit, p, h.NewStart)
		if shown[k] || len(h.Lines) == 0 || len(s.Hunks) >= 3 {
			return
		}
		shown[k] = true
		start := h.NewStart
		if start == 0 {
			start = h.OldStart
		}
		s.Hunks = append(s.Hunks, Hunk{Path: p, Start: start, Lines: h.Lines})
	}
	showFile := func(s *Suspect, p string) {
		for _, fd := range hunksOf[s.Commit] {
			if fd.Path == p {
				for _, h := range fd.Hunks {
					show(s, p, h)
					return
				}
			}
		}
	}
	// Each commit counts once per frame line: two frames on the same line
	// (recursion) are one piece of evidence.
	type key struct {
		id, file string
		line     int
		kind     string
	}
	counted := map[key]bool{}
	for i, fr := range ev.Frames {
		w := fr.Weight
		if w == 0 {
			w = 1 / float64(fr.Depth+1)
		}
		where := frameName(fr)
		if id := f.Blamed[i]; id != "" && !counted[key{id, fr.File, fr.Line, "blame"}] {
			counted[key{id, fr.File, fr.Line, "blame"}] = true
			s := get(id)
			score[id] += scoreBlame * w
			s.Reasons = append(s.Reasons, fmt.Sprintf("last changed %s:%d, %s", fr.File, fr.Line, where))
			showLine(s, hunksOf[id], fr.File, fr.Line, show)
		}
		sp := f.FuncSpan[i]
		for _, id := range f.Changed[i] {
			k := key{id, fr.File, sp.Start*100000 + sp.End, "span"}
			if counted[k] {
				continue
			}
			counted[k] = true
			s := get(id)
			score[id] += scoreFunc * w
			if sp.Func != "" {
				s.Reasons = append(s.Reasons, fmt.Sprintf("changed %s (%s:%s), the function of %s", sp.Func, fr.File, span(sp.Start, sp.End), where))
			} else {
				s.Reasons = append(s.Reasons, fmt.Sprintf("changed %s:%s, near the line of %s", fr.File, span(sp.Start, sp.End), where))
			}
			showSpan(s, hunksOf[id], fr.File, sp, show)
		}
	}
	for _, e := range f.ByPath {
		for _, fd := range e.Files {
			if !touches(fd.Path, ev.Paths) {
				continue
			}
			s := get(e.Hash)
			score[e.Hash] += scoreFile
			if ev.Traced[fd.Path] {
				s.Reasons = append(s.Reasons, fmt.Sprintf("changes %s, named in the errors", fd.Path))
			} else {
				s.Reasons = append(s.Reasons, fmt.Sprintf("changes %s, a path asked about", fd.Path))
			}
			showFile(s, fd.Path)
		}
	}
	syms := make([]string, 0, len(f.BySymbol))
	for sym := range f.BySymbol {
		syms = append(syms, sym)
	}
	sort.Strings(syms)
	for _, sym := range syms {
		for _, e := range f.BySymbol[sym] {
			s := get(e.Hash)
			score[e.Hash] += scoreSymbol
			s.Reasons = append(s.Reasons, fmt.Sprintf("adds or removes %q", sym))
			for _, fd := range e.Files {
				for _, h := range fd.Hunks {
					for _, l := range h.Lines {
						if strings.Contains(l, sym) {
							show(s, fd.Path, h)
							break
						}
					}
				}
			}
		}
	}
	out := make([]Suspect, 0, len(suspects))
	for id, s := range suspects {
		s.Score = int(score[id] + 0.5)
		if s.Score > 0 {
			s.PullRequest = PullRequest(s.Subject)
			out = append(out, *s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.After(out[j].Date)
		}
		return out[i].Commit < out[j].Commit
	})
	return out
}

// frameName is how a reason names a frame: "frame 1 of the TypeError
// trace" (frames counted from 1, the frame that failed first).
func frameName(fr Frame) string {
	if fr.Trace != "" {
		return fmt.Sprintf("frame %d of the %s trace", fr.Depth+1, fr.Trace)
	}
	return fmt.Sprintf("frame %d of the trace", fr.Depth+1)
}

// showLine shows the commit's hunk nearest the line in file (the hunks
// are in the commit's coordinates, so the nearest is the best guess).
func showLine(s *Suspect, files []git.FileDiff, file string, line int, show func(*Suspect, string, git.Hunk)) {
	best, bestD := -1, 0
	for _, fd := range files {
		if fd.Path != file {
			continue
		}
		for i, h := range fd.Hunks {
			d := h.NewStart - line
			if d < 0 {
				d = -d
			}
			if best < 0 || d < bestD {
				best, bestD = i, d
			}
		}
		if best >= 0 {
			show(s, file, fd.Hunks[best])
		}
		return
	}
}

func showSpan(s *Suspect, files []git.FileDiff, file string, sp Span, show func(*Suspect, string, git.Hunk)) {
	showLine(s, files, file, (sp.Start+sp.End)/2, show)
}

// prNumber finds "(#123)" (a squash merge's subject) or "Merge pull
// request #123" (a merge commit's).
var prNumbers = []*regexp.Regexp{
	regexp.MustCompile(`\(#(\d+)\)\s*$`),
	regexp.MustCompile(`^Merge pull request #(\d+)\b`),
	regexp.MustCompile(`\(#(\d+)\)`),
}

// PullRequest is the pull request number a commit subject names, 0 when
// none: "Fix proxies (#6721)" or "Merge pull request #123 from a/b".
func PullRequest(subject string) int {
	for _, re := range prNumbers {
		if m := re.FindStringSubmatch(subject); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
	}
	return 0
}

func touches(p string, paths []string) bool {
	for _, q := range paths {
		q = strings.TrimSuffix(q, "/")
		if p == q || strings.HasPrefix(p, q+"/") {
			return true
		}
	}
	return false
}

func span(lo, hi int) string {
	if lo == hi {
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%d-%d", lo, hi)
}

// Package triage ranks the commits between the last good version and the
// broken one by the evidence the logs give: the files and lines in the stack
// traces, and the symbols the errors mention. It is what seed 003 did by hand
// with `git log -p` until `json.loads` stood out.
package triage

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/internal/git"
)

// Location is a place an error points at: a file, a line (0 when unknown)
// and a symbol (function or method, "" when unknown).
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Symbol string `json:"symbol,omitempty"`
}

// Evidence is what the suspects are ranked by.
type Evidence struct {
	// Paths are repository paths (files or directories) to look at.
	Paths []string
	// Lines are the reported line numbers per repository path.
	Lines map[string][]int
	// Symbols are strings whose adding or removing makes a commit suspect.
	Symbols []string
	// Traced marks the paths that came from the errors' traces, as opposed
	// to paths the user named; it only changes how a reason reads.
	Traced map[string]bool
}

// Near is how many lines away from a reported line a change still counts
// as near it.
const Near = 3

// Weights of each kind of evidence.
const (
	scoreFile   = 10
	scoreNear   = 20
	scoreExact  = 30
	scoreSymbol = 15
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
}

// Hunk is a changed region shown as evidence.
type Hunk struct {
	Path  string   `json:"path"`
	Start int      `json:"start"`
	Lines []string `json:"lines"`
}

// MapFiles maps the files named in traces (absolute paths from another
// machine, module paths, bare names) to repository paths: a repository path
// that is a suffix of the trace's path at a directory boundary, preferring
// the longest. Files that match nothing are returned separately.
func MapFiles(traceFiles []string, repoFiles []string) (mapped map[string][]string, unmatched []string) {
	mapped = map[string][]string{}
	byBase := map[string][]string{}
	for _, f := range repoFiles {
		byBase[path.Base(f)] = append(byBase[path.Base(f)], f)
	}
	for _, tf := range traceFiles {
		t := strings.ReplaceAll(tf, "\\", "/")
		var best []string
		bestLen := 0
		for _, cand := range byBase[path.Base(t)] {
			if t == cand || strings.HasSuffix(t, "/"+cand) {
				switch {
				case len(cand) > bestLen:
					best, bestLen = []string{cand}, len(cand)
				case len(cand) == bestLen:
					best = append(best, cand)
				}
			}
		}
		if len(best) == 0 {
			// "app/models/user.py" in a trace may be "src/app/models/user.py" here.
			for _, cand := range byBase[path.Base(t)] {
				if strings.HasSuffix(cand, "/"+strings.TrimPrefix(t, "/")) {
					best = append(best, cand)
				}
			}
		}
		if len(best) == 0 {
			unmatched = append(unmatched, tf)
			continue
		}
		mapped[tf] = best
	}
	return mapped, unmatched
}

// Rank scores the commits found by path (byPath) and by symbol (bySymbol)
// and returns them most suspect first; ties go to the newer commit.
func Rank(byPath []git.LogEntry, bySymbol map[string][]git.LogEntry, ev Evidence) []Suspect {
	suspects := map[string]*Suspect{}
	get := func(e git.LogEntry) *Suspect {
		s, ok := suspects[e.Hash]
		if !ok {
			s = &Suspect{Commit: e.Hash, Author: e.Author, Date: e.Date, Subject: e.Subject, Reasons: []string{}, Hunks: []Hunk{}}
			suspects[e.Hash] = s
		}
		return s
	}
	shown := map[string]bool{}
	show := func(s *Suspect, p string, h git.Hunk) {
		k := fmt.Sprintf("%s %s %d", s.Commit, p, h.NewStart)
		if shown[k] || len(h.Lines) == 0 {
			return
		}
		shown[k] = true
		start := h.NewStart
		if start == 0 {
			start = h.OldStart
		}
		s.Hunks = append(s.Hunks, Hunk{Path: p, Start: start, Lines: h.Lines})
	}
	for _, e := range byPath {
		s := get(e)
		for _, f := range e.Files {
			if !touches(f.Path, ev.Paths) {
				continue
			}
			s.Score += scoreFile
			if ev.Traced[f.Path] {
				s.Reasons = append(s.Reasons, fmt.Sprintf("changes %s, named in the errors", f.Path))
			} else {
				s.Reasons = append(s.Reasons, fmt.Sprintf("changes %s, a path asked about", f.Path))
			}
			for _, line := range ev.Lines[f.Path] {
				for _, h := range f.Hunks {
					lo, hi := h.NewStart, h.NewStart+h.NewLines-1
					if h.NewLines == 0 {
						lo, hi = h.NewStart, h.NewStart+1
					}
					switch {
					case line >= lo && line <= hi:
						s.Score += scoreExact
						s.Reasons = append(s.Reasons, fmt.Sprintf("changes %s:%d, the line the error points at", f.Path, line))
						show(s, f.Path, h)
					case line >= lo-Near && line <= hi+Near:
						s.Score += scoreNear
						s.Reasons = append(s.Reasons, fmt.Sprintf("changes lines %s of %s, near line %d the error points at", span(lo, hi), f.Path, line))
						show(s, f.Path, h)
					}
				}
			}
			if len(ev.Lines[f.Path]) == 0 {
				for _, h := range f.Hunks {
					show(s, f.Path, h)
					break
				}
			}
		}
	}
	syms := make([]string, 0, len(bySymbol))
	for sym := range bySymbol {
		syms = append(syms, sym)
	}
	sort.Strings(syms)
	for _, sym := range syms {
		for _, e := range bySymbol[sym] {
			s := get(e)
			s.Score += scoreSymbol
			verb := "adds or removes"
			s.Reasons = append(s.Reasons, fmt.Sprintf("%s %q", verb, sym))
			for _, f := range e.Files {
				for _, h := range f.Hunks {
					for _, l := range h.Lines {
						if strings.Contains(l, sym) {
							show(s, f.Path, h)
							break
						}
					}
				}
			}
		}
	}
	out := make([]Suspect, 0, len(suspects))
	for _, s := range suspects {
		if s.Score > 0 {
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

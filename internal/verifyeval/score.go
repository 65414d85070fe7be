package verifyeval

import (
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/hotfix-dev/hotfix/pkg/config"
)

// Counts are the scores of one rule on one language: what verify flagged,
// what the truth lists, and what both do.
type Counts struct {
	Flagged, Truth, Hits int
}

// Precision is Hits/Flagged, and false when nothing was flagged.
func (c Counts) Precision() (float64, bool) {
	if c.Flagged == 0 {
		return 0, false
	}
	return float64(c.Hits) / float64(c.Flagged), true
}

// Recall is Hits/Truth, and false when the truth lists nothing.
func (c Counts) Recall() (float64, bool) {
	if c.Truth == 0 {
		return 0, false
	}
	return float64(c.Hits) / float64(c.Truth), true
}

// ByDocumentedRule is the row key of tests-touched scored against the
// documented rule's truth (Case.RuleNeedsTest) rather than the reviewer's.
const ByDocumentedRule = "tests-touched (documented rule)"

// Summary is the score of a set of outcomes.
type Summary struct {
	// ByRule maps a rule, then a language, to its counts.
	ByRule map[string]map[string]*Counts
	// Commits is the number of cases run; Errors of those that could not be.
	Commits, Errors int
	// Accepted is the number of commits a reviewer accepts, and
	// AcceptedFailed of those that verify fails.
	Accepted, AcceptedFailed int
	// ByCategory counts the accepted commits (Accepted) and those verify
	// fails (AcceptedFailed) by the case's category (refactor, fix with a
	// test, …).
	ByCategory map[string]*[2]int
	// Median is the median time per commit.
	Median time.Duration
}

// Score scores the outcomes whose case is in split ("" for all).
func Score(outcomes []Outcome, split string) Summary {
	s := Summary{ByRule: map[string]map[string]*Counts{}, ByCategory: map[string]*[2]int{}}
	for _, r := range append(append([]string(nil), Rules...), ByDocumentedRule) {
		s.ByRule[r] = map[string]*Counts{}
	}
	var times []time.Duration
	for _, o := range outcomes {
		if split != "" && o.Case.Split != split {
			continue
		}
		if o.Err != nil {
			s.Errors++
			continue
		}
		s.Commits++
		times = append(times, o.Elapsed)
		if o.Case.Accepted() {
			s.Accepted++
			c := s.ByCategory[o.Case.Category]
			if c == nil {
				c = &[2]int{}
				s.ByCategory[o.Case.Category] = c
			}
			c[0]++
			if o.Failed {
				s.AcceptedFailed++
				c[1]++
			}
		}
		add(s.ByRule[config.RuleTestsTouched], o.Case.Lang, o.Tests, o.Case.NeedsTest)
		add(s.ByRule[config.RuleDocsTouched], o.Case.Lang, o.Docs, o.Case.NeedsDoc)
		if o.Case.RuleNeedsTest != nil {
			add(s.ByRule[ByDocumentedRule], o.Case.Lang, o.Tests, *o.Case.RuleNeedsTest)
		}
	}
	if len(times) > 0 {
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		if n := len(times); n%2 == 1 {
			s.Median = times[n/2]
		} else {
			s.Median = (times[n/2-1] + times[n/2]) / 2
		}
	}
	return s
}

// add counts flagged against truth (each a set; duplicates count once)
// under lang.
func add(m map[string]*Counts, lang string, flagged, truth []string) {
	c := m[lang]
	if c == nil {
		c = &Counts{}
		m[lang] = c
	}
	f, t := set(flagged), set(truth)
	c.Flagged += len(f)
	c.Truth += len(t)
	for k := range f {
		if t[k] {
			c.Hits++
		}
	}
}

func set(xs []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// WriteMarkdown writes the scores of each split, then of all cases, as
// Markdown tables.
func WriteMarkdown(w io.Writer, outcomes []Outcome) error {
	var err error
	p := func(format string, a ...any) {
		if err == nil {
			_, err = fmt.Fprintf(w, format, a...)
		}
	}
	p("| split | commits | reviewer-accepted | accepted that fail | median per commit | not run |\n|---|---:|---:|---:|---:|---:|\n")
	// The splits the outcomes hold, then all of them.
	var splits []string
	for _, sp := range Splits {
		for _, o := range outcomes {
			if o.Case.Split == sp {
				splits = append(splits, sp)
				break
			}
		}
	}
	splits = append(splits, "")
	for _, sp := range splits {
		s := Score(outcomes, sp)
		frac := "—"
		if s.Accepted > 0 {
			frac = fmt.Sprintf("%d (%.0f%%)", s.AcceptedFailed, 100*float64(s.AcceptedFailed)/float64(s.Accepted))
		}
		p("| %s | %d | %d | %s | %.1f ms | %d |\n", splitName(sp), s.Commits, s.Accepted, frac, float64(s.Median.Microseconds())/1000, s.Errors)
	}
	p("\n| split | category | reviewer-accepted | accepted that fail |\n|---|---|---:|---:|\n")
	for _, sp := range splits {
		s := Score(outcomes, sp)
		cats := make([]string, 0, len(s.ByCategory))
		for c := range s.ByCategory {
			cats = append(cats, c)
		}
		sort.Strings(cats)
		for _, c := range cats {
			n := s.ByCategory[c]
			p("| %s | %s | %d | %d |\n", splitName(sp), c, n[0], n[1])
		}
	}
	p("\n| split | rule | language | flagged | truth | both | precision | recall |\n|---|---|---|---:|---:|---:|---:|---:|\n")
	for _, sp := range splits {
		s := Score(outcomes, sp)
		for _, r := range append(append([]string(nil), Rules...), ByDocumentedRule) {
			if len(s.ByRule[r]) == 0 {
				continue
			}
			langs := make([]string, 0, len(s.ByRule[r]))
			for l := range s.ByRule[r] {
				langs = append(langs, l)
			}
			sort.Strings(langs)
			var all Counts
			for _, l := range langs {
				c := *s.ByRule[r][l]
				all.Flagged, all.Truth, all.Hits = all.Flagged+c.Flagged, all.Truth+c.Truth, all.Hits+c.Hits
				p("| %s | %s | %s | %d | %d | %d | %s | %s |\n", splitName(sp), r, l, c.Flagged, c.Truth, c.Hits, ratio(c.Precision()), ratio(c.Recall()))
			}
			p("| %s | %s | **all** | %d | %d | %d | %s | %s |\n", splitName(sp), r, all.Flagged, all.Truth, all.Hits, ratio(all.Precision()), ratio(all.Recall()))
		}
	}
	return err
}

func splitName(s string) string {
	if s == "" {
		return "all"
	}
	return s
}

func ratio(v float64, ok bool) string {
	if !ok {
		return "—"
	}
	return fmt.Sprintf("%.2f", v)
}

// WriteDisagreements lists, per case, what verify flagged that the truth
// does not list (+) and what it missed (-), and the cases that could not
// run. Errors writing are ignored: it is a diagnostic.
func WriteDisagreements(w io.Writer, outcomes []Outcome) {
	for _, o := range outcomes {
		id := o.Case.Repo + "@" + short(o.Case.Commit)
		if o.Err != nil {
			fmt.Fprintf(w, "%s: not run: %v\n", id, o.Err)
			continue
		}
		for _, l := range o.Links {
			fmt.Fprintf(w, "%s: = %s\n", id, l)
		}
		for _, pair := range [][2][]string{{o.Tests, o.Case.NeedsTest}, {o.Docs, o.Case.NeedsDoc}} {
			f, t := set(pair[0]), set(pair[1])
			for _, k := range sorted(f) {
				if !t[k] {
					fmt.Fprintf(w, "%s: + %s\n", id, k)
				}
			}
			for _, k := range sorted(t) {
				if !f[k] {
					fmt.Fprintf(w, "%s: - %s\n", id, k)
				}
			}
		}
		if o.Case.RuleNeedsTest != nil {
			f, t := set(o.Tests), set(*o.Case.RuleNeedsTest)
			for _, k := range sorted(f) {
				if !t[k] {
					fmt.Fprintf(w, "%s: rule+ %s\n", id, k)
				}
			}
			for _, k := range sorted(t) {
				if !f[k] {
					fmt.Fprintf(w, "%s: rule- %s\n", id, k)
				}
			}
		}
	}
}

func sorted(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

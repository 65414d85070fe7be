package suspecteval

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Score is a method's top-1, top-5 and mean reciprocal rank over cases.
type Score struct {
	Cases      int
	Top1, Top5 float64
	MRR        float64
	// Time is the mean time per case.
	Time time.Duration
}

// ScoreRanks scores the culprits' ranks (0 = not named).
func ScoreRanks(ranks []int, times []time.Duration) Score {
	s := Score{Cases: len(ranks)}
	if len(ranks) == 0 {
		return s
	}
	var total time.Duration
	for i, r := range ranks {
		if r == 1 {
			s.Top1++
		}
		if r >= 1 && r <= 5 {
			s.Top5++
		}
		if r >= 1 {
			s.MRR += 1 / float64(r)
		}
		if i < len(times) {
			total += times[i]
		}
	}
	n := float64(len(ranks))
	s.Top1, s.Top5, s.MRR = s.Top1/n, s.Top5/n, s.MRR/n
	s.Time = total / time.Duration(len(ranks))
	return s
}

// Summarize scores each method over the outcomes whose split is split
// ("" for all); outcomes that could not run are left out.
func Summarize(outcomes []Outcome, split string) map[string]Score {
	out := map[string]Score{}
	for _, m := range Methods {
		var ranks []int
		var times []time.Duration
		for _, o := range outcomes {
			if o.Err != nil || (split != "" && o.Case.Split != split) {
				continue
			}
			r := o.Results[m]
			ranks = append(ranks, r.Rank)
			times = append(times, r.Elapsed)
		}
		out[m] = ScoreRanks(ranks, times)
	}
	return out
}

// WriteMarkdown prints one table: per split and in total, each method's
// top-1, top-5, MRR and mean time per case.
func WriteMarkdown(w io.Writer, outcomes []Outcome) error {
	fmt.Fprintln(w, "| split | cases | method | top-1 | top-5 | MRR | time/case |")
	fmt.Fprintln(w, "|---|---:|---|---:|---:|---:|---:|")
	for _, split := range append(append([]string{}, Splits...), "") {
		sum := Summarize(outcomes, split)
		name := split
		if name == "" {
			name = "**all**"
		}
		for _, m := range Methods {
			s := sum[m]
			if s.Cases == 0 {
				continue
			}
			fmt.Fprintf(w, "| %s | %d | %s | %.2f | %.2f | %.2f | %s |\n", name, s.Cases, m, s.Top1, s.Top5, s.MRR, s.Time.Round(time.Millisecond))
		}
	}
	var failed []string
	for _, o := range outcomes {
		if o.Err != nil {
			failed = append(failed, fmt.Sprintf("%s %s: %v", o.Case.Repo, short(o.Case.Fix), o.Err))
		}
	}
	if len(failed) > 0 {
		fmt.Fprintf(w, "\nNot run (%d): %s\n", len(failed), strings.Join(failed, "; "))
	}
	return nil
}

// WriteCases prints each case's culprit rank and time per method.
func WriteCases(w io.Writer, outcomes []Outcome) {
	fmt.Fprintln(w, "| repo | fix | split | commits | "+strings.Join(Methods, " | ")+" | times |")
	fmt.Fprintln(w, "|---|---|---|---:|"+strings.Repeat("---:|", len(Methods))+"---|")
	os := append([]Outcome(nil), outcomes...)
	sort.SliceStable(os, func(i, j int) bool { return os[i].Case.Repo < os[j].Case.Repo })
	for _, o := range os {
		if o.Err != nil {
			fmt.Fprintf(w, "| %s | %s | %s | - | error: %v |\n", o.Case.Repo, short(o.Case.Fix), o.Case.Split, o.Err)
			continue
		}
		var ranks, times []string
		for _, m := range Methods {
			r := o.Results[m]
			cell := fmt.Sprintf("%d/%d", r.Rank, r.Named)
			if r.Err != nil {
				cell = "error: " + r.Err.Error()
			}
			ranks = append(ranks, cell)
			times = append(times, r.Elapsed.Round(time.Millisecond).String())
		}
		fmt.Fprintf(w, "| %s | %s | %s | %d | %s | %s |\n", o.Case.Repo, short(o.Case.Fix), o.Case.Split, o.Commits, strings.Join(ranks, " | "), strings.Join(times, " / "))
	}
}

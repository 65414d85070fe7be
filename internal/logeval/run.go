package logeval

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/logscan"
)

// Evaluate scans each truth's log (DIR/logs/<log>) on its own with the
// default options and scores it.
func Evaluate(ctx context.Context, corpus string, truths []Truth) ([]LogScore, error) {
	var out []LogScore
	for _, t := range truths {
		f, err := os.Open(filepath.Join(corpus, "logs", t.Log))
		if err != nil {
			return nil, err
		}
		res, err := logscan.Scan(ctx, []logscan.Input{{Name: t.Log, R: f}}, logscan.Options{})
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.Log, err)
		}
		out = append(out, Score(t, res))
	}
	return out, nil
}

// pct is n/d as a percentage, or "–" when d is 0.
func pct(n, d int) string {
	if d == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(n)/float64(d))
}

// WriteMarkdown writes one row per log and a total row.
func WriteMarkdown(w io.Writer, scores []LogScore) error {
	var b strings.Builder
	b.WriteString("| log | errors | exactly one group, exact count | split | merged groups | spurious groups | missed | frames found | readable |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	var all Totals
	row := func(name string, t Totals) {
		fmt.Fprintf(&b, "| %s | %d | %d (%s) | %d | %d | %d | %d | %d/%d (%s) | %d (%s) |\n",
			name, t.Errors, t.Exact, pct(t.Exact, t.Errors), t.Split, t.Merged, t.Spurious, t.Missed,
			t.FramesFound, t.FramesExpected, pct(t.FramesFound, t.FramesExpected), t.Readable, pct(t.Readable, t.Errors))
	}
	for _, s := range scores {
		var t Totals
		t.Add(s)
		all.Add(s)
		row(s.Log, t)
	}
	row(fmt.Sprintf("**total (%d logs)**", all.Logs), all)
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteDetails lists, per log, every error not found exactly, every merge
// and every spurious group.
func WriteDetails(w io.Writer, scores []LogScore) {
	for _, s := range scores {
		fmt.Fprintf(w, "## %s (%d groups)\n", s.Log, s.Groups)
		for _, e := range s.Errors {
			state := "exact"
			switch {
			case e.Missed():
				state = "MISSED"
			case !e.Exact:
				var parts []string
				if e.Split() {
					parts = append(parts, fmt.Sprintf("split in %d", len(e.Groups)))
				}
				if e.Merged {
					parts = append(parts, "merged")
				}
				if e.Main.Count != e.Truth.Count {
					parts = append(parts, fmt.Sprintf("count %d, want %d", e.Main.Count, e.Truth.Count))
				}
				state = strings.Join(parts, ", ")
			}
			fmt.Fprintf(w, "- %s (%s, %d): %s", e.Truth.ID, e.Truth.Family, e.Truth.Count, state)
			if len(e.Truth.Frames) > 0 {
				fmt.Fprintf(w, "; frames %d/%d", e.FramesFound, len(e.Truth.Frames))
			}
			if e.Main != nil && !e.Readable {
				fmt.Fprintf(w, "; message %q", cut(e.Main.Message, 120))
			}
			fmt.Fprintln(w)
		}
		for _, g := range s.Merges {
			fmt.Fprintf(w, "- merge x%d: %q\n", g.Count, cut(g.Message, 120))
		}
		for _, g := range s.Spurious {
			fmt.Fprintf(w, "- spurious x%d: %q\n", g.Count, cut(g.Message, 120))
		}
	}
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

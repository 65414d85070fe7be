package git

import (
	"strings"

	fdiff "github.com/go-git/go-git/v5/utils/diff"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// LineHunks diffs two texts line by line and returns the changed regions
// with the numbering `git diff -U0` uses: a pure insertion after old line k
// has OldStart k and OldLines 0; a pure deletion has NewStart the new line
// before the gap and NewLines 0.
func LineHunks(old, cur []byte) []Hunk {
	var hunks []Hunk
	oldLine, newLine := 1, 1 // the next line on each side
	var h *Hunk
	flush := func() {
		if h == nil {
			return
		}
		if h.OldLines == 0 {
			h.OldStart--
		}
		if h.NewLines == 0 {
			h.NewStart--
		}
		hunks = append(hunks, *h)
		h = nil
	}
	for _, d := range fdiff.Do(string(old), string(cur)) {
		n := lineCount(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			flush()
			oldLine += n
			newLine += n
		case diffmatchpatch.DiffDelete:
			if h == nil {
				h = &Hunk{OldStart: oldLine, NewStart: newLine}
			}
			h.OldLines += n
			oldLine += n
		case diffmatchpatch.DiffInsert:
			if h == nil {
				h = &Hunk{OldStart: oldLine, NewStart: newLine}
			}
			h.NewLines += n
			newLine += n
		}
	}
	flush()
	return hunks
}

func lineCount(s string) int {
	n := strings.Count(s, "\n")
	if s != "" && !strings.HasSuffix(s, "\n") {
		n++
	}
	return n
}

package verify

import (
	"bytes"
	"strings"
)

// The literal link: a changed test whose added lines hold a string
// literal that the change added to the source file (a message, a value
// the fix introduced) checks what the file now produces. The literal must
// be new to the file (absent from its old content), and distinctive: at
// least minLiteral characters and two words, so that a shared "text/html",
// "utf-8" or "Hello World" (a placeholder a test of another thing used,
// found on zod's history) links nothing.

// minLiteral is the shortest literal that can link a test to a file.
const minLiteral = 12

// byLiteral links t to f when one of t's added lines holds a literal f's
// added lines introduced.
func (l *linker) byLiteral(f, t *File) (string, bool) {
	lits := l.newLiterals(f)
	if len(lits) == 0 {
		return "", false
	}
	for _, line := range l.addedLines(t) {
		for _, lit := range lits {
			if strings.Contains(line, lit) {
				return "checks " + quoteShort(lit) + ", which the change added to it", true
			}
		}
	}
	return "", false
}

// addedLines returns the lines the change added to f, read and split once
// per file: a test's are searched for every source file's literals.
func (l *linker) addedLines(f *File) []string {
	l.mu.Lock()
	lines, ok := l.added[f.Path]
	l.mu.Unlock()
	if ok {
		return lines
	}
	lines = []string{}
	for n, line := range strings.Split(string(l.read(f.Path)), "\n") {
		if f.added[n+1] {
			lines = append(lines, line)
		}
	}
	l.mu.Lock()
	l.added[f.Path] = lines
	l.mu.Unlock()
	return lines
}

// newLiterals returns the distinctive string literals on f's added lines
// that its old content does not hold, read once per file.
func (l *linker) newLiterals(f *File) []string {
	l.mu.Lock()
	lits, ok := l.literals[f.Path]
	l.mu.Unlock()
	if ok {
		return lits
	}
	lits = []string{}
	var old []byte
	if f.Status != 'A' && l.in.ReadOld != nil {
		p := f.OldPath
		if p == "" {
			p = f.Path
		}
		old, _ = l.in.ReadOld(p)
	}
	seen := map[string]bool{}
	for _, line := range l.addedLines(f) {
		for _, lit := range stringLiterals(line, f.an.Name()) {
			if seen[lit] || len(lit) < minLiteral || !strings.Contains(strings.TrimSpace(lit), " ") || bytes.Contains(old, []byte(lit)) {
				continue
			}
			seen[lit] = true
			lits = append(lits, lit)
		}
	}
	l.mu.Lock()
	l.literals[f.Path] = lits
	l.mu.Unlock()
	return lits
}

// stringLiterals returns the bodies of the quoted strings ("…", '…', `…`)
// that open and close on line, escapes kept as written, up to a comment
// of language lang (# in Python, // elsewhere, and no string on a line of
// a block comment): an apostrophe in a comment's prose opens no string.
func stringLiterals(line, lang string) []string {
	if t := strings.TrimSpace(line); strings.HasPrefix(t, "*") || strings.HasPrefix(t, "/*") {
		return nil
	}
	var out []string
	for i := 0; i < len(line); i++ {
		q := line[i]
		if lang == "python" && q == '#' || lang != "python" && strings.HasPrefix(line[i:], "//") {
			break
		}
		if q != '"' && q != '\'' && q != '`' {
			continue
		}
		j := i + 1
		for j < len(line) && line[j] != q {
			if line[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(line) {
			break
		}
		out = append(out, line[i+1:j])
		i = j
	}
	return out
}

// quoteShort quotes s for a report line, cut to 40 characters.
func quoteShort(s string) string {
	if r := []rune(s); len(r) > 40 {
		s = string(r[:39]) + "…"
	}
	return `"` + s + `"`
}

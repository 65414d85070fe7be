// Package codeowners reads GitHub CODEOWNERS files and answers who owns a
// path, for `hotfix pr`'s reviewers. The syntax is GitHub's: gitignore-style
// patterns (without ! negation or [] ranges), each followed by owners
// (@user, @org/team or an email); the last matching line wins, and a line
// with no owners leaves its paths unowned.
package codeowners

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// Locations are where GitHub looks for the file, in order.
var Locations = []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"}

// Rule is one line of the file.
type Rule struct {
	// Pattern is the path pattern as written.
	Pattern string
	// Owners are the owners as written (@user, @org/team, email).
	Owners []string
	// Line is the line number.
	Line int
	// expr is the pattern as a regular expression, compiled into re on
	// first use: a file of many rules costs nothing until a path is asked
	// about, and only the rules from the last back to the first match.
	expr string
	re   *regexp.Regexp
}

// File is a parsed CODEOWNERS file. Its methods are safe for concurrent use.
type File struct {
	Rules []Rule
	mu    sync.Mutex
	cache map[string]*regexp.Regexp
}

// maxLine bounds a line's length, as GitHub bounds the file.
const maxLine = 64 << 10

// MaxFile is the largest CODEOWNERS file GitHub loads (3 MB); a bigger one
// owns nothing.
const MaxFile = 3 << 20

// Parse reads a CODEOWNERS file. Lines that cannot be read are returned as
// errors (GitHub ignores them too) beside the rules that can. A file over
// MaxFile gives no rules and an error, as GitHub does not load it.
func Parse(r io.Reader) (*File, []error) {
	f := &File{}
	var errs []error
	lr := &io.LimitedReader{R: r, N: MaxFile + 1}
	sc := bufio.NewScanner(lr)
	sc.Buffer(make([]byte, 4096), maxLine)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(stripComment(sc.Text()))
		if line == "" {
			continue
		}
		fields := strings.Fields(line)
		pattern := strings.ReplaceAll(fields[0], `\#`, "#")
		expr, err := translate(pattern)
		if err != nil {
			errs = append(errs, fmt.Errorf("CODEOWNERS:%d: %v", n, err))
			continue
		}
		f.Rules = append(f.Rules, Rule{Pattern: pattern, Owners: fields[1:], Line: n, expr: expr})
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("CODEOWNERS:%d: %v", n+1, err))
	}
	if lr.N <= 0 {
		return &File{}, []error{fmt.Errorf("CODEOWNERS is larger than %d bytes; GitHub does not load it, so it owns nothing", MaxFile)}
	}
	return f, errs
}

// stripComment removes a # comment, keeping escaped \#.
func stripComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] != '\\') {
			return s[:i]
		}
	}
	return s
}

// translate turns a CODEOWNERS pattern into a regular expression over
// slash-separated paths relative to the repository root.
func translate(p string) (string, error) {
	if !utf8.ValidString(p) {
		return "", fmt.Errorf("%q is not UTF-8", p)
	}
	if strings.HasPrefix(p, "!") {
		return "", fmt.Errorf("%q: negation (!) is not supported in CODEOWNERS", p)
	}
	if strings.ContainsAny(p, "[]") {
		return "", fmt.Errorf("%q: character ranges ([ ]) are not supported in CODEOWNERS", p)
	}
	body := strings.TrimSuffix(p, "/")
	anchored := strings.HasPrefix(body, "/") || strings.Contains(strings.TrimPrefix(body, "/"), "/")
	body = strings.TrimPrefix(body, "/")
	if body == "" {
		return "", fmt.Errorf("%q is not a path pattern", p)
	}
	var b strings.Builder
	b.WriteString("^")
	if !anchored {
		b.WriteString("(?:.*/)?")
	}
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case strings.HasPrefix(body[i:], "**/"):
			b.WriteString("(?:.*/)?")
			i += 2
		case strings.HasPrefix(body[i:], "**"):
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		default:
			// A whole character: quoting a byte of a multi-byte one
			// would make it match nothing.
			_, size := utf8.DecodeRuneInString(body[i:])
			b.WriteString(regexp.QuoteMeta(body[i : i+size]))
			i += size - 1
		}
	}
	// A pattern naming a directory owns what is inside it, but a wildcard
	// last segment does not descend: GitHub documents that docs/* matches
	// docs/a.md and not docs/build/b.md.
	last := body[strings.LastIndex(body, "/")+1:]
	if !strings.ContainsAny(last, "*?") {
		b.WriteString("(?:/.*)?")
	}
	b.WriteString("$")
	return b.String(), nil
}

// match reports whether rule i matches path, compiling its expression on
// first use (once per distinct pattern).
func (f *File) match(i int, path string) bool {
	f.mu.Lock()
	r := &f.Rules[i]
	if r.re == nil {
		if f.cache == nil {
			f.cache = map[string]*regexp.Regexp{}
		}
		re := f.cache[r.expr]
		if re == nil {
			re = regexp.MustCompile(r.expr) // translate writes only valid expressions
			f.cache[r.expr] = re
		}
		r.re = re
	}
	re := r.re
	f.mu.Unlock()
	return re.MatchString(path)
}

// Owners returns the owners of path (slash-separated, relative to the root)
// by the last rule that matches it, or nil when none does.
func (f *File) Owners(path string) []string {
	path = strings.TrimPrefix(path, "/")
	for i := len(f.Rules) - 1; i >= 0; i-- {
		if f.match(i, path) {
			return f.Rules[i].Owners
		}
	}
	return nil
}

// Reviewer is an owner GitHub can be asked to review: a user login or an
// org/team.
type Reviewer struct {
	// Login is a user's login; empty for a team.
	Login string
	// Org and Team name a team (@org/team); both empty for a user.
	Org, Team string
}

// String writes the owner back as in the file, without the @.
func (r Reviewer) String() string {
	if r.Team != "" {
		return r.Org + "/" + r.Team
	}
	return r.Login
}

// ParseOwner reads "@user" or "@org/team"; emails (which GitHub maps to
// accounts it knows) and anything else give ok false.
func ParseOwner(owner string) (r Reviewer, ok bool) {
	if !strings.HasPrefix(owner, "@") {
		return Reviewer{}, false
	}
	s := owner[1:]
	if org, team, isTeam := strings.Cut(s, "/"); isTeam {
		if org == "" || team == "" || strings.Contains(team, "/") {
			return Reviewer{}, false
		}
		return Reviewer{Org: org, Team: team}, true
	}
	if s == "" {
		return Reviewer{}, false
	}
	return Reviewer{Login: s}, true
}

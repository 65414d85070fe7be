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
	re   *regexp.Regexp
}

// File is a parsed CODEOWNERS file.
type File struct {
	Rules []Rule
}

// maxLine bounds a line's length, as GitHub bounds the file.
const maxLine = 64 << 10

// Parse reads a CODEOWNERS file. Lines that cannot be read are returned as
// errors (GitHub ignores them too) beside the rules that can.
func Parse(r io.Reader) (*File, []error) {
	f := &File{}
	var errs []error
	sc := bufio.NewScanner(r)
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
		re, err := compile(pattern)
		if err != nil {
			errs = append(errs, fmt.Errorf("CODEOWNERS:%d: %v", n, err))
			continue
		}
		f.Rules = append(f.Rules, Rule{Pattern: pattern, Owners: fields[1:], Line: n, re: re})
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("CODEOWNERS:%d: %v", n+1, err))
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

// compile turns a CODEOWNERS pattern into a regular expression over
// slash-separated paths relative to the repository root.
func compile(p string) (*regexp.Regexp, error) {
	if strings.HasPrefix(p, "!") {
		return nil, fmt.Errorf("%q: negation (!) is not supported in CODEOWNERS", p)
	}
	if strings.ContainsAny(p, "[]") {
		return nil, fmt.Errorf("%q: character ranges ([ ]) are not supported in CODEOWNERS", p)
	}
	body := strings.TrimSuffix(p, "/")
	anchored := strings.HasPrefix(body, "/") || strings.Contains(strings.TrimPrefix(body, "/"), "/")
	body = strings.TrimPrefix(body, "/")
	if body == "" {
		return nil, fmt.Errorf("%q is not a path pattern", p)
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
			b.WriteString(regexp.QuoteMeta(string(c)))
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
	return regexp.Compile(b.String())
}

// Owners returns the owners of path (slash-separated, relative to the root)
// by the last rule that matches it, or nil when none does.
func (f *File) Owners(path string) []string {
	path = strings.TrimPrefix(path, "/")
	for i := len(f.Rules) - 1; i >= 0; i-- {
		if f.Rules[i].re.MatchString(path) {
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

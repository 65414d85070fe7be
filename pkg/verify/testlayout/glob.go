package testlayout

import (
	"fmt"
	"regexp"
	"strings"
)

// Glob is a compiled path pattern in the dialect test runners share
// (jest's micromatch, mocha's and ava's globs, vitest's picomatch, pytest's
// fnmatch): "*" matches within a path segment, "**" as a whole segment any
// number of segments, "?" one character, "[abc]" and "[!abc]" a class,
// "{a,b}" either alternative (nested freely), and the extglobs "?(a|b)",
// "*(a|b)", "+(a|b)" and "@(a|b)". A backslash escapes the next character.
type Glob struct {
	pattern string
	re      *regexp.Regexp
}

// CompileGlob compiles pattern. A leading "./" is dropped and a trailing
// "/" matches everything under the directory. Negated extglobs "!(a)" and
// unbalanced brackets are errors: a pattern that cannot be read exactly is
// never guessed at.
func CompileGlob(pattern string) (*Glob, error) {
	p := strings.TrimPrefix(pattern, "./")
	if strings.HasSuffix(p, "/") {
		p += "**"
	}
	g := globParser{src: p}
	body, err := g.seq(0)
	if err != nil {
		return nil, fmt.Errorf("glob %q: %v", pattern, err)
	}
	if g.pos < len(g.src) {
		return nil, fmt.Errorf("glob %q: unexpected %q", pattern, g.src[g.pos])
	}
	re, err := regexp.Compile("^" + body + "$")
	if err != nil {
		return nil, fmt.Errorf("glob %q: %v", pattern, err)
	}
	return &Glob{pattern: pattern, re: re}, nil
}

// Match reports whether the slash-separated path p matches the glob.
func (g *Glob) Match(p string) bool { return g.re.MatchString(p) }

// String returns the pattern as written.
func (g *Glob) String() string { return g.pattern }

// HasMeta reports whether s holds glob syntax, so that it is a pattern and
// not a plain path.
func HasMeta(s string) bool { return strings.ContainsAny(s, "*?[{") }

type globParser struct {
	src string
	pos int
}

// Stops for seq: what ends an alternative inside braces or an extglob.
const (
	stopNone = iota
	stopBrace
	stopParen
)

// seq reads a sequence up to the end, or up to the ',' or '}' (stopBrace)
// or '|' or ')' (stopParen) that ends it, which it leaves unread.
func (g *globParser) seq(stop int) (string, error) {
	var b strings.Builder
	for g.pos < len(g.src) {
		c := g.src[g.pos]
		switch {
		case stop == stopBrace && (c == ',' || c == '}'):
			return b.String(), nil
		case stop == stopParen && (c == '|' || c == ')'):
			return b.String(), nil
		case c == '\\' && g.pos+1 < len(g.src):
			b.WriteString(regexp.QuoteMeta(g.src[g.pos+1 : g.pos+2]))
			g.pos += 2
		case c == '*' && g.pos+1 < len(g.src) && g.src[g.pos+1] == '*':
			start := g.pos
			for g.pos < len(g.src) && g.src[g.pos] == '*' {
				g.pos++
			}
			wholeSeg := (start == 0 || g.src[start-1] == '/') && (g.pos == len(g.src) || g.src[g.pos] == '/')
			switch {
			case wholeSeg && g.pos < len(g.src):
				g.pos++ // the '/': "**/" is zero or more directories
				b.WriteString(`(?:[^/]*/)*`)
			case wholeSeg:
				b.WriteString(`.*`)
			default:
				b.WriteString(`[^/]*`)
			}
		case (c == '?' || c == '*' || c == '+' || c == '@' || c == '!') && g.pos+1 < len(g.src) && g.src[g.pos+1] == '(':
			if c == '!' {
				return "", fmt.Errorf("negated extglob !(...) is not supported")
			}
			g.pos += 2
			alts, err := g.alts(stopParen, ')')
			if err != nil {
				return "", err
			}
			b.WriteString("(?:" + alts + ")")
			switch c {
			case '?':
				b.WriteString("?")
			case '*':
				b.WriteString("*")
			case '+':
				b.WriteString("+")
			}
		case c == '*':
			g.pos++
			b.WriteString(`[^/]*`)
		case c == '?':
			g.pos++
			b.WriteString(`[^/]`)
		case c == '[':
			class, err := g.class()
			if err != nil {
				return "", err
			}
			b.WriteString(class)
		case c == '{':
			g.pos++
			alts, err := g.alts(stopBrace, '}')
			if err != nil {
				return "", err
			}
			b.WriteString("(?:" + alts + ")")
		default:
			g.pos++
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	if stop != stopNone {
		return "", fmt.Errorf("unclosed group")
	}
	return b.String(), nil
}

// alts reads alternatives separated by ',' (braces) or '|' (extglobs) up
// to and including the closer.
func (g *globParser) alts(stop int, closer byte) (string, error) {
	var parts []string
	for {
		s, err := g.seq(stop)
		if err != nil {
			return "", err
		}
		parts = append(parts, s)
		if g.pos >= len(g.src) {
			return "", fmt.Errorf("unclosed group")
		}
		c := g.src[g.pos]
		g.pos++
		if c == closer {
			return strings.Join(parts, "|"), nil
		}
	}
}

// class reads a bracket expression at g.pos.
func (g *globParser) class() (string, error) {
	i := g.pos + 1
	var b strings.Builder
	b.WriteString("[")
	if i < len(g.src) && (g.src[i] == '!' || g.src[i] == '^') {
		b.WriteString("^/")
		i++
	}
	first := true
	for i < len(g.src) {
		c := g.src[i]
		if c == ']' && !first {
			g.pos = i + 1
			b.WriteString("]")
			return b.String(), nil
		}
		first = false
		switch {
		case c == '\\' && i+1 < len(g.src):
			b.WriteString(regexp.QuoteMeta(g.src[i+1 : i+2]))
			i += 2
			continue
		case c == '-':
			b.WriteByte('-')
		case c == '[' && strings.HasPrefix(g.src[i:], "[:"):
			end := strings.Index(g.src[i:], ":]")
			if end < 0 {
				return "", fmt.Errorf("unclosed character class")
			}
			b.WriteString(g.src[i : i+end+2])
			i += end + 2
			continue
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
		i++
	}
	return "", fmt.Errorf("unclosed [")
}

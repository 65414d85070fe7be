package triage

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// Frame is one frame of a stack trace, mapped to the repository: the
// evidence suspects are ranked by most.
type Frame struct {
	// File is the repository path at the broken version.
	File string
	// Line is the line at the broken version (0 when the trace gave none).
	Line int
	// Func is the frame's function, bare ("" when unknown or anonymous).
	Func string
	// Depth is the frame's place in its trace: 0 for the frame that
	// failed, 1 for its caller, and so on.
	Depth int
	// Trace names the trace for reasons ("the TypeError trace"); "" when
	// unknown.
	Trace string
	// Weight scales the frame's evidence: 1 for the trace's first frame
	// in the repository, 1/2 for the next, and so on (0 is taken as
	// 1/(Depth+1)).
	Weight float64
}

// FramesOf turns trace locations into frames, keeping those whose file
// mapped (mapped: trace file to repository path). Locations with a Trace
// or a Depth give their own order; otherwise the list is taken as one
// trace in order, innermost first, except that a list of Python files
// alone is reversed (Python writes the innermost frame last). A frame
// whose file and line an earlier frame of the same trace had (recursion)
// is left out. Each trace's frames weigh 1, 1/2, 1/3… in order.
func FramesOf(locs []Location, mapped map[string]string) []Frame {
	ordered := false
	py := len(locs) > 0
	for _, l := range locs {
		ordered = ordered || l.Trace != "" || l.Depth != 0
		py = py && strings.HasSuffix(l.File, ".py")
	}
	locs = append([]Location(nil), locs...)
	if !ordered {
		if py {
			for i, j := 0, len(locs)-1; i < j; i, j = i+1, j-1 {
				locs[i], locs[j] = locs[j], locs[i]
			}
		}
		for i := range locs {
			locs[i].Depth = i
		}
	}
	var out []Frame
	seen := map[string]bool{}
	n := map[string]int{}
	for _, l := range locs {
		p := mapped[l.File]
		if p == "" {
			continue
		}
		k := fmt.Sprintf("%s\x00%s\x00%d", l.Trace, p, l.Line)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, Frame{File: p, Line: l.Line, Func: FuncName(l.Symbol), Depth: l.Depth, Trace: l.Trace, Weight: 1 / float64(n[l.Trace]+1)})
		n[l.Trace]++
	}
	return out
}

// FuncName reduces a trace's symbol to the bare function or method name a
// definition uses: "com.x.Gson.fromJson" → "fromJson",
// "github.com/a/b.(*T).Run.func1" → "Run", "Route.dispatch" → "dispatch",
// "Object.<anonymous>" and "<module>" → "".
func FuncName(symbol string) string {
	s := strings.TrimSpace(symbol)
	if i := strings.LastIndex(s, "/"); i >= 0 {
		s = s[i+1:]
	}
	s = strings.TrimPrefix(s, "async ")
	s = strings.TrimPrefix(s, "new ")
	if i := strings.Index(s, " "); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, ".")
	for i := len(parts) - 1; i >= 0; i-- {
		p := strings.Trim(parts[i], "()*")
		if strings.HasPrefix(p, "lambda$") {
			// Java's lambda$parse$0 is a lambda in parse.
			if f := strings.Split(p, "$"); len(f) > 1 && f[1] != "" {
				return f[1]
			}
		}
		if p == "" || strings.HasPrefix(p, "<") || isClosureSuffix(p) {
			if strings.HasPrefix(p, "<") && p != "<anonymous>" && p != "<lambda>" {
				// <init>, <module>, <clinit>: not a name a definition uses.
				return ""
			}
			if p == "<anonymous>" || p == "<lambda>" {
				return ""
			}
			continue
		}
		if j := strings.IndexAny(p, "$["); j > 0 {
			p = p[:j]
		}
		return p
	}
	return ""
}

// isClosureSuffix is Go's func1, func2.3 and Java's lambda$x$0 kind of
// name part that names no definition.
func isClosureSuffix(p string) bool {
	if strings.HasPrefix(p, "func") && len(p) > 4 && p[4] >= '0' && p[4] <= '9' {
		return true
	}
	if p != "" && p[0] >= '0' && p[0] <= '9' {
		return true
	}
	return strings.HasPrefix(p, "lambda$")
}

// maxFuncLines bounds how far FuncRange looks for a definition above the
// line and for its end below.
const maxFuncLines = 400

var defKeyword = regexp.MustCompile(`^\s*(?:export\s+)?(?:async\s+)?(?:def|func|function\*?|fn|sub|class)\b`)

// FuncRange finds the function name that holds line (1-based) in src, the
// file at the broken version: the nearest line at or above line that
// defines name (a def, func or function keyword before it, or name( on a
// line less indented than line, as methods are), and the end of its body
// (the line where its braces balance, or for Python the last line more
// indented than the def). ok is false when no definition is found.
func FuncRange(src []byte, name string, line int, python bool) (start, end int, ok bool) {
	if name == "" || line < 1 {
		return 0, 0, false
	}
	lines := strings.Split(string(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))), "\n")
	if line > len(lines) {
		return 0, 0, false
	}
	word := regexp.MustCompile(`(?:^|[^\w$])` + regexp.QuoteMeta(name) + `\s*(?:\(|=\s*(?:async\s*)?(?:function|\()|:\s*(?:async\s*)?(?:function|\())|\bfunc\s*(?:\([^)]*\)\s*)?` + regexp.QuoteMeta(name) + `\b`)
	want := indentOf(lines[line-1])
	for i := line - 1; i >= 0 && i >= line-maxFuncLines; i-- {
		l := lines[i]
		if strings.TrimSpace(l) == "" || !word.MatchString(l) {
			continue
		}
		ind := indentOf(l)
		if i != line-1 && ind >= want && !defKeyword.MatchString(l) {
			continue
		}
		if isCallStatement(l, name) {
			continue
		}
		start = i + 1
		if python {
			end = pythonEnd(lines, i)
		} else {
			end = braceEnd(lines, i)
		}
		if end < line {
			// The definition ended before the line: a nested or earlier
			// function of the same name, not the one that holds it.
			continue
		}
		return start, end, true
	}
	return 0, 0, false
}

// isCallStatement says l calls name rather than defining it: a return,
// an assignment of its result, or a statement ending in ; or ).
func isCallStatement(l, name string) bool {
	t := strings.TrimSpace(l)
	if defKeyword.MatchString(l) {
		return false
	}
	for _, p := range []string{"return ", "if ", "for ", "while ", "throw ", "await ", "yield ", "else "} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return strings.HasSuffix(t, ";") || strings.HasSuffix(t, ")") && !strings.Contains(t, "{")
}

func indentOf(l string) int {
	n := 0
	for _, r := range l {
		switch r {
		case ' ':
			n++
		case '\t':
			n += 4
		default:
			return n
		}
	}
	return n
}

// pythonEnd is the last line of the block a def at i opens: the line
// before the first non-blank line indented no deeper than the def (past
// the def's own, possibly continued, signature).
func pythonEnd(lines []string, i int) int {
	ind := indentOf(lines[i])
	last := i
	inSig := !strings.HasSuffix(strings.TrimSpace(lines[i]), ":")
	for j := i + 1; j < len(lines) && j <= i+maxFuncLines; j++ {
		t := strings.TrimSpace(lines[j])
		if t == "" {
			continue
		}
		if inSig {
			last = j
			if strings.HasSuffix(t, ":") {
				inSig = false
			}
			continue
		}
		if indentOf(lines[j]) <= ind {
			if strings.HasPrefix(t, "#") {
				// A comment at the def's level belongs to what follows.
				continue
			}
			break
		}
		last = j
	}
	return last + 1
}

// braceEnd is the line where the braces opened at or after line i close,
// ignoring braces in strings and // comments roughly; a body that never
// closes within maxFuncLines ends there.
func braceEnd(lines []string, i int) int {
	depth, opened := 0, false
	for j := i; j < len(lines) && j <= i+maxFuncLines; j++ {
		l := lines[j]
		if k := strings.Index(l, "//"); k >= 0 {
			l = l[:k]
		}
		var quote rune
		for _, r := range l {
			switch {
			case quote != 0:
				if r == quote {
					quote = 0
				}
			case r == '"' || r == '\'' || r == '`':
				quote = r
			case r == '{':
				depth++
				opened = true
			case r == '}':
				depth--
			}
		}
		if opened && depth <= 0 {
			return j + 1
		}
	}
	if i+maxFuncLines < len(lines) {
		return i + maxFuncLines + 1
	}
	return len(lines)
}

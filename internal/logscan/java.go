package logscan

import (
	"bytes"
	"strconv"
	"strings"
)

// javaFamily is a Java (or Kotlin, Scala) stack trace: "\tat
// pkg.Class.method(File.java:12)" frames after the exception header
// ("java.lang.X: msg", "Exception in thread ..."), "Caused by:",
// "Suppressed:", "... N more" and other indented lines. The signature's
// frames are the outermost exception's first two. See at.go for what it
// shares with JavaScript.
type javaFamily struct{ atFrames }

func (javaFamily) name() string { return "java" }

// starts takes a frame of Java's shape.
func (j javaFamily) starts(e *event, v []byte) decision { return atStarts(j, e, v, true) }

// continues takes any other indented line too.
func (javaFamily) continues(e *event, v []byte, blank bool) decision {
	return atContinues(e, v, blank, true)
}

// javaFrame parses the text of a Java frame after "at ":
// pkg.Class.method(File.java:12), no space before the parenthesis; the
// file is given its package's directories (com/example/Foo.java).
func javaFrame(t []byte, in *interner) (loc Location, ok bool) {
	p := bytes.IndexByte(t, '(')
	if !(p > 0 && t[len(t)-1] == ')' && bytes.IndexByte(t[:p], ' ') < 0 && !bytes.Contains(t[p:], []byte(".js:")) && !bytes.Contains(t[p:], []byte(".ts:"))) {
		return Location{}, false
	}
	sym := t[:p]
	if s := bytes.LastIndexByte(sym, '/'); s >= 0 {
		sym = sym[s+1:] // module prefix: java.base/
	}
	loc.Symbol = in.str(sym)
	inner := t[p+1 : len(t)-1]
	if c := bytes.LastIndexByte(inner, ':'); c > 0 {
		if n, err := strconv.Atoi(string(inner[c+1:])); err == nil {
			loc.Line = n
			inner = inner[:c]
		}
	}
	if bytes.IndexByte(inner, ' ') < 0 && bytes.IndexByte(inner, '.') > 0 {
		// The package's directories, then the file: com/example/Foo.java.
		var buf [256]byte
		f := buf[:0]
		if d := strings.LastIndexByte(loc.Symbol, '.'); d > 0 {
			if c := strings.LastIndexByte(loc.Symbol[:d], '.'); c > 0 {
				for _, ch := range []byte(loc.Symbol[:c]) {
					if ch == '.' {
						ch = '/'
					}
					f = append(f, ch)
				}
				f = append(f, '/')
			}
		}
		f = append(f, inner...)
		loc.File = in.str(f)
	}
	return loc, true
}

// maxForeign is the number of lines in a row a Java trace lets pass.
const maxForeign = 16

// holdsForeign says a Java trace lets a line that is not its own pass
// without ending: a container's stdout and stderr read apart and given one
// prefix (kubectl logs --prefix, a supervisor) put the progress lines of
// other threads between a trace's frames. The line is not an error line
// (the caller checks), starts with no space (no frame of another shape)
// and comes after a frame, or after the header of a qualified exception
// type ("java.lang.X: msg") with no frame yet; at most maxForeign of them
// in a row, and the trace ends before them unless a frame, "Caused by:"
// or "... N more" follows.
func holdsForeign(e *event, v []byte) bool {
	if len(e.held) >= maxForeign || len(v) == 0 || v[0] == ' ' || v[0] == '\t' {
		return false
	}
	if e.fam == nil {
		return len(e.hdrType) > 0 && bytes.IndexByte(e.hdrType, '.') > 0
	}
	_, ok := e.fam.(javaFamily)
	return ok && len(e.top) > 0
}

package logscan

import (
	"bytes"
	"strconv"
	"strings"
)

// The recognisers below work on one line, after the log's collector prefix
// (a syslog or journald header shared with the error's first line) has been
// removed. See event.classify for how they combine.

func trimSpace(b []byte) []byte {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return b[i:]
}

func isIndented(b []byte) bool { return len(b) > 0 && (b[0] == ' ' || b[0] == '\t') }

func isBlank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

func hasPrefix(b []byte, p string) bool { return len(b) >= len(p) && string(b[:len(p)]) == p }

// Python.

const pyHeader = "Traceback (most recent call last):"

func isPyHeader(b []byte) bool { return hasPrefix(trimSpace(b), pyHeader) }

func isPyChain(b []byte) bool {
	t := trimSpace(b)
	return hasPrefix(t, "During handling of the above exception, another exception occurred") ||
		hasPrefix(t, "The above exception was the direct cause of the following exception")
}

// pyFrame parses `  File "x.py", line 12, in f`.
func pyFrame(b []byte, in *interner) (Location, bool) {
	t := trimSpace(b)
	if !hasPrefix(t, `File "`) {
		return Location{}, false
	}
	t = t[len(`File "`):]
	q := bytes.Index(t, []byte(`", line `))
	if q < 0 {
		return Location{}, false
	}
	loc := Location{File: in.str(t[:q])}
	t = t[q+len(`", line `):]
	k := 0
	for k < len(t) && isDigit(t[k]) {
		k++
	}
	loc.Line, _ = strconv.Atoi(string(t[:k]))
	if i := bytes.Index(t[k:], []byte(", in ")); i >= 0 {
		loc.Symbol = in.str(bytes.TrimSpace(t[k+i+len(", in "):]))
	}
	return loc, true
}

// pyExcType returns the exception's type when b is a traceback's last line
// ("TypeError: msg", "json.decoder.JSONDecodeError: msg", "KeyboardInterrupt").
func pyExcType(b []byte) ([]byte, bool) {
	if len(b) == 0 || isIndented(b) {
		return nil, false
	}
	k := 0
	for k < len(b) && (isAlnum(b[k]) || b[k] == '_' || b[k] == '.') {
		k++
	}
	if k == 0 || isDigit(b[0]) || b[0] == '.' {
		return nil, false
	}
	if k == len(b) || b[k] == ':' {
		return b[:k], true
	}
	return nil, false
}

// Java and JavaScript.

var excSuffixes = []string{"Exception", "Error", "Throwable", "Failure", "Fault", "Rejection", "Exit", "Interrupt"}

// excHeaderAt parses an exception header at the start of b: an optional
// `Exception in thread "name" `, a (qualified) class name ending in
// Exception, Error and the like, an optional Node error code (" [ERR_X]"),
// then ':' or the end. It returns the type.
func excHeaderAt(b []byte) ([]byte, bool) {
	if hasPrefix(b, `Exception in thread "`) {
		if q := bytes.IndexByte(b[len(`Exception in thread "`):], '"'); q >= 0 {
			b = bytes.TrimLeft(b[len(`Exception in thread "`)+q+1:], " ")
		}
	}
	k := 0
	last := 0
	for k < len(b) {
		c := b[k]
		if isAlnum(c) || c == '_' || c == '$' {
			k++
			continue
		}
		if c == '.' && k > last && k+1 < len(b) && (isAlnum(b[k+1]) || b[k+1] == '_') {
			k++
			last = k
			continue
		}
		break
	}
	if k == 0 || isDigit(b[0]) {
		return nil, false
	}
	name := b[:k]
	simple := string(name[last:])
	ok := false
	for _, s := range excSuffixes {
		if strings.HasSuffix(simple, s) {
			ok = true
			break
		}
	}
	if !ok {
		return nil, false
	}
	rest := b[k:]
	if hasPrefix(rest, " [") {
		if e := bytes.IndexByte(rest, ']'); e > 0 {
			rest = rest[e+1:]
		}
	}
	if len(rest) == 0 || rest[0] == ':' {
		return name, true
	}
	return nil, false
}

// findExcHeader looks for an exception header in the first maxSigInput
// bytes of b: at the start of a word that ends at a ':' (or the line's end).
func findExcHeader(b []byte) (typ []byte, at int) {
	b = b[:min(len(b), maxSigInput)]
	from := 0
	for from <= len(b) {
		end := len(b)
		if k := bytes.IndexByte(b[from:], ':'); k >= 0 {
			end = from + k
		}
		// The word before end (and a Node code: "Error [ERR_X]").
		w := end
		if w > 0 && b[w-1] == ']' {
			if o := bytes.LastIndex(b[:w], []byte(" [")); o >= 0 {
				w = o
			}
		}
		s := bytes.LastIndexByte(b[:w], ' ') + 1
		if s < w {
			if hasPrefix(b[s:], "thread") || s > 0 && b[s-1] == ' ' && bytes.HasSuffix(b[:s], []byte("\" ")) {
				// Exception in thread "main" x.Y: the header starts earlier.
				if o := bytes.LastIndex(b[:s], []byte(`Exception in thread "`)); o >= 0 {
					s = o
				}
			}
			if t, ok := excHeaderAt(b[s:]); ok {
				return t, s
			}
		}
		if end == len(b) {
			break
		}
		from = end + 1
	}
	return nil, -1
}

func isCausedBy(b []byte) bool {
	t := trimSpace(b)
	return hasPrefix(t, "Caused by: ") || hasPrefix(t, "Suppressed: ")
}

func isMoreLine(b []byte) bool {
	if !isIndented(b) {
		return false
	}
	t := bytes.TrimSpace(b)
	return hasPrefix(t, "... ") && (bytes.HasSuffix(t, []byte(" more")) || bytes.HasSuffix(t, []byte("omitted")))
}

// atFrame parses an indented "at ..." line, Java's or JavaScript's.
func atFrame(b []byte, in *interner) (loc Location, java, ok bool) {
	if !isIndented(b) {
		return Location{}, false, false
	}
	t := bytes.TrimSpace(trimSpace(b))
	if !hasPrefix(t, "at ") {
		return Location{}, false, false
	}
	t = bytes.TrimSuffix(t[3:], []byte(" {")) // Node: the error's properties follow
	// Java: pkg.Class.method(File.java:12), no space before the parenthesis.
	if p := bytes.IndexByte(t, '('); p > 0 && t[len(t)-1] == ')' && bytes.IndexByte(t[:p], ' ') < 0 && !bytes.Contains(t[p:], []byte(".js:")) && !bytes.Contains(t[p:], []byte(".ts:")) {
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
		return loc, true, true
	}
	// JavaScript: fn (file:line:col), or file:line:col.
	where := t
	if t[len(t)-1] == ')' {
		if p := bytes.LastIndex(t, []byte(" (")); p > 0 {
			fn := t[:p]
			fn = bytes.TrimPrefix(fn, []byte("async "))
			fn = bytes.TrimPrefix(fn, []byte("new "))
			if a := bytes.Index(fn, []byte(" [as ")); a > 0 {
				fn = fn[:a]
			}
			loc.Symbol = in.str(fn)
			where = t[p+2 : len(t)-1]
		}
	}
	loc.File, loc.Line = fileLineCol(where, in)
	return loc, false, true
}

// fileLineCol splits "path:line:col" (or "path:line").
func fileLineCol(b []byte, in *interner) (string, int) {
	nums := 0
	end := len(b)
	line := 0
	for nums < 2 {
		c := bytes.LastIndexByte(b[:end], ':')
		if c <= 0 {
			break
		}
		n, err := strconv.Atoi(string(b[c+1 : end]))
		if err != nil {
			break
		}
		line = n
		end = c
		nums++
	}
	if nums == 0 {
		return "", 0
	}
	return in.str(b[:end]), line
}

// Go.

func isGoroutineHeader(b []byte) bool {
	if !hasPrefix(b, "goroutine ") {
		return false
	}
	t := b[len("goroutine "):]
	k := 0
	for k < len(t) && isDigit(t[k]) {
		k++
	}
	return k > 0 && hasPrefix(t[k:], " [") && bytes.HasSuffix(bytes.TrimRight(t, " "), []byte("]:"))
}

// goFunc parses a goroutine's function line: "pkg.(*T).Method(0x1, {0x2, 0x3})".
func goFunc(b []byte, in *interner) (string, bool) {
	if len(b) < 3 || isIndented(b) || b[len(b)-1] != ')' {
		return "", false
	}
	p := bytes.IndexByte(b, '(')
	if p <= 0 || bytes.IndexByte(b[:p], ' ') >= 0 {
		return "", false
	}
	if bytes.IndexByte(b[:p], '.') < 0 && !hasPrefix(b, "panic(") {
		return "", false
	}
	l := bytes.LastIndexByte(b, '(')
	return in.str(b[:l]), true
}

// goFile parses "\t/path/file.go:123 +0x1d" (journald may show the tab as
// spaces).
func goFile(b []byte, in *interner) (string, int, bool) {
	if !isIndented(b) {
		return "", 0, false
	}
	t := trimSpace(b)
	if sp := bytes.IndexByte(t, ' '); sp > 0 {
		t = t[:sp]
	}
	c := bytes.LastIndexByte(t, ':')
	if c <= 0 || bytes.IndexByte(t[:c], '/') < 0 && !bytes.HasSuffix(t[:c], []byte(".go")) {
		return "", 0, false
	}
	n, err := strconv.Atoi(string(t[c+1:]))
	if err != nil {
		return "", 0, false
	}
	return in.str(t[:c]), n, true
}

func goCreatedBy(b []byte, in *interner) (string, bool) {
	if !hasPrefix(b, "created by ") {
		return "", false
	}
	t := b[len("created by "):]
	if i := bytes.Index(t, []byte(" in goroutine ")); i >= 0 {
		t = t[:i]
	}
	return in.str(t), true
}

// goPanicAt finds "panic: " or "fatal error: " at the start of a word.
func goPanicAt(b []byte) int {
	for _, p := range []string{"panic: ", "fatal error: "} {
		i := 0
		for {
			k := bytes.Index(b[i:], []byte(p))
			if k < 0 {
				break
			}
			if i+k == 0 || b[i+k-1] == ' ' {
				return i + k
			}
			i += k + 1
		}
	}
	return -1
}

// goRuntime reports frames inside the Go runtime, skipped when choosing the
// frames of a panic's signature.
func goRuntime(l Location) bool {
	return strings.HasPrefix(l.Symbol, "runtime.") || l.Symbol == "panic" ||
		strings.Contains(l.File, "/src/runtime/")
}

// interner shares the strings of file names and symbols between frames, so
// that a trace seen a million times allocates its strings once. It holds at
// most maxInterned strings; after that it allocates.
type interner struct{ m map[string]string }

const maxInterned = 50000

func (in *interner) str(b []byte) string {
	if in == nil {
		return string(b)
	}
	if s, ok := in.m[string(b)]; ok {
		return s
	}
	s := string(b)
	if in.m == nil {
		in.m = map[string]string{}
	}
	if len(in.m) < maxInterned {
		in.m[s] = s
	}
	return s
}

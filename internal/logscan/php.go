package logscan

import (
	"bytes"
)

// phpFamily is PHP's error: "PHP Fatal error:  Uncaught RuntimeException:
// msg in /app/coupon.php:12", then "Stack trace:", "#0
// /app/checkout.php(30): Coupon->apply()" frames, "#1 {main}" and "  thrown
// in /app/coupon.php on line 12". A one-line error or warning ("PHP
// Warning:  Undefined array key "x" in /app/a.php on line 5") is its own
// frame. The signature has the place where it was thrown or raised.
type phpFamily struct{}

func (phpFamily) name() string { return "php" }

func (phpFamily) opens(e *event, line, _ []byte) bool {
	i := bytes.Index(line, []byte("PHP "))
	if i < 0 || !phpLevel(line[i+4:]) {
		return false
	}
	// " in FILE on line N" or, for an uncaught exception, " in FILE:N".
	if loc, ok := phpPlace(line[i:], e.in); ok {
		e.addFrame(loc)
		e.top = append(e.top, loc)
	}
	return true
}

func (phpFamily) starts(*event, []byte) decision { return reject }

func (phpFamily) continues(e *event, v []byte, blank bool) decision {
	if blank {
		return reject
	}
	t := trimSpace(v)
	switch {
	case hasPrefix(t, "Stack trace:"), hasPrefix(t, "Next "):
		return accept
	case hasPrefix(t, "thrown in "):
		e.phase = 1
		return accept
	}
	if e.phase == 1 {
		return reject
	}
	if loc, ok := phpFrame(t, e.in); ok {
		e.addFrame(loc)
		return accept
	}
	if hasPrefix(t, "#") && bytes.HasSuffix(t, []byte("{main}")) {
		return accept
	}
	return reject
}

func (phpFamily) frame(e *event, v []byte) (Location, bool) { return phpFrame(trimSpace(v), e.in) }

func (phpFamily) signature(e *event, dst []byte) []byte {
	for _, f := range e.top {
		dst = append(dst, " | "...)
		dst = append(dst, f.File...)
		dst = append(dst, ':')
		dst = appendInt(dst, f.Line)
	}
	return dst
}

func appendInt(dst []byte, n int) []byte {
	if n >= 10 {
		dst = appendInt(dst, n/10)
	}
	return append(dst, byte('0'+n%10))
}

// phpPlace finds " in FILE on line N" or " in FILE:N" in an error line.
func phpPlace(b []byte, in *interner) (Location, bool) {
	if i := bytes.LastIndex(b, []byte(" on line ")); i > 0 {
		n := atoi(bytes.TrimSpace(b[i+len(" on line "):]))
		if j := bytes.LastIndex(b[:i], []byte(" in ")); j >= 0 && n > 0 {
			return Location{File: in.str(b[j+4 : i]), Line: n}, true
		}
	}
	if j := bytes.LastIndex(b, []byte(" in ")); j >= 0 {
		file, n := fileLineCol(bytes.TrimSpace(b[j+4:]), in)
		if file != "" && n > 0 && bytes.IndexByte([]byte(file), ' ') < 0 {
			return Location{File: file, Line: n}, true
		}
	}
	return Location{}, false
}

// phpFrame parses "#0 /app/checkout.php(30): Coupon->apply()".
func phpFrame(t []byte, in *interner) (Location, bool) {
	if len(t) < 3 || t[0] != '#' || !isDigit(t[1]) {
		return Location{}, false
	}
	sp := bytes.IndexByte(t, ' ')
	if sp < 0 {
		return Location{}, false
	}
	r := t[sp+1:]
	o := bytes.Index(r, []byte("): "))
	if o < 0 {
		return Location{}, false
	}
	p := bytes.LastIndexByte(r[:o], '(')
	if p <= 0 {
		return Location{}, false
	}
	n := atoi(r[p+1 : o])
	sym := r[o+3:]
	if k := bytes.IndexByte(sym, '('); k >= 0 {
		sym = sym[:k]
	}
	return Location{File: in.str(r[:p]), Line: n, Symbol: in.str(sym)}, true
}

// phpLevel says b starts with one of PHP's error levels and a colon.
func phpLevel(b []byte) bool {
	for _, l := range [...]string{"Fatal error:", "Parse error:", "Warning:", "Notice:", "Deprecated:", "Recoverable fatal error:", "Catchable fatal error:", "Error:"} {
		if hasPrefix(b, l) {
			return true
		}
	}
	return false
}

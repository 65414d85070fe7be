package logscan

import (
	"bytes"
)

// rubyFamily is a Ruby backtrace: frames "file.rb:19:in `method'" (Ruby
// 3.4: "file.rb:19:in 'Class#method'"), indented after a logged error
// ("E, [...] ERROR -- : invoice 501 failed: TypeError (...)"), or, for an
// uncaught exception, the first frame on the error line ("worker.rb:19:in
// `total': msg (TypeError)") and the others after "\tfrom ". The
// signature's frames are the first two outside Ruby's library and gems.
type rubyFamily struct{}

func (rubyFamily) name() string { return "ruby" }

// rbHighlight is event.phase's bit (beside at.go's) for a logged error
// whose message goes on over lines: error_highlight's blank line, code
// line and carets ("(undefined method `sum' for nil\n\n    lines.sum\n
// ^^^^)").
const rbHighlight uint8 = 1 << 4

func (r rubyFamily) opens(e *event, line, body []byte) bool {
	for _, b := range [][]byte{body, line} {
		if loc, ok := rubyFrame(b, e.in, true); ok {
			rubyAdd(e, loc)
			return true
		}
	}
	if bytes.Contains(line, []byte(" -- : ")) && bytes.Count(line, []byte("(")) > bytes.Count(line, []byte(")")) {
		e.phase |= rbHighlight
	}
	return false
}

func (r rubyFamily) starts(e *event, v []byte) decision {
	if e.phase&rbHighlight != 0 && len(e.head) < 3 {
		if t := bytes.TrimSpace(v); isIndented(v) && !hasPrefix(t, "from ") && !bytes.Contains(t, []byte(":in ")) {
			if bytes.HasSuffix(t, []byte(")")) && isCaretLine(t[:len(t)-1]) {
				e.phase &^= rbHighlight // the message's end
			}
			return accept
		}
	}
	if !isIndented(v) {
		return reject
	}
	loc, ok := rubyFrame(v, e.in, false)
	if !ok {
		return reject
	}
	e.begin(r)
	rubyAdd(e, loc)
	return accept
}

func (rubyFamily) continues(e *event, v []byte, blank bool) decision {
	if blank || !isIndented(v) {
		return reject
	}
	if loc, ok := rubyFrame(v, e.in, false); ok {
		rubyAdd(e, loc)
		return accept
	}
	t := bytes.TrimSpace(v)
	if hasPrefix(t, "... ") && bytes.Contains(t, []byte("levels...")) {
		return accept
	}
	return reject
}

func (rubyFamily) frame(e *event, v []byte) (Location, bool) { return rubyFrame(v, e.in, false) }

func (rubyFamily) signature(e *event, dst []byte) []byte { return e.appendFrames(e.appendType(dst)) }

func rubyAdd(e *event, l Location) {
	e.addFrame(l)
	if len(e.top) < 2 && !hasPrefixStr(l.File, "/usr/lib/ruby/") && !bytes.Contains([]byte(l.File), []byte("/gems/")) &&
		!hasPrefixStr(l.File, "<internal:") {
		e.top = append(e.top, l)
	}
}

// rubyFrame parses "[\tfrom ]file:line:in `sym'" (or 'sym'). On the error
// line (head), the frame may be followed by ": message (Class)" and may
// come after the log's prefix.
func rubyFrame(b []byte, in *interner, head bool) (Location, bool) {
	t := bytes.TrimSpace(b)
	t = bytes.TrimPrefix(t, []byte("from "))
	i := bytes.Index(t, []byte(":in "))
	if i <= 0 || i+5 > len(t) || (t[i+4] != '`' && t[i+4] != '\'') {
		return Location{}, false
	}
	c := bytes.LastIndexByte(t[:i], ':')
	if c <= 0 {
		return Location{}, false
	}
	n := atoi(t[c+1 : i])
	if n <= 0 {
		return Location{}, false
	}
	file := t[:c]
	if head {
		if s := bytes.LastIndexByte(file, ' '); s >= 0 {
			file = file[s+1:]
		}
	} else if bytes.IndexByte(file, ' ') >= 0 {
		return Location{}, false
	}
	if !bytes.HasSuffix(file, []byte(".rb")) && !bytes.Contains(file, []byte(".rb")) && !hasPrefix(file, "<internal:") {
		return Location{}, false
	}
	sym := t[i+5:]
	e := bytes.IndexByte(sym, '\'')
	if e < 0 {
		return Location{}, false
	}
	if !head && e != len(sym)-1 {
		return Location{}, false
	}
	return Location{File: in.str(file), Line: n, Symbol: in.str(sym[:e])}, true
}

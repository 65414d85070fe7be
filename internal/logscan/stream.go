package logscan

import "bytes"

// Streams: several writers often share one log. docker compose prefixes
// each line with its service ("web-1     | "), kubectl logs --prefix with
// "[pod/name/container] ", syslog and journald with "host tag[pid]: ". Their
// lines interleave, so a trace of one writer may be cut by lines of
// another. Events are assembled per stream (scanner.route): a line with a
// stream prefix belongs to that prefix's stream, a line without one to the
// stream of the line before it. The prefix is not part of the message.
//
// Like the families, the prefixes are a list: one function per shape in
// streamShapes.

// A streamShape recognises one kind of stream prefix at the start of a
// line: it returns the prefix's length (0 if the line has none) and the
// part that names the stream.
type streamShape func(b []byte) (n int, key []byte)

var streamShapes = [...]streamShape{composePrefix, kubectlPrefix, syslogPrefix}

// streamPrefix returns the length of the line's stream prefix and its key,
// or 0 and nil.
func streamPrefix(b []byte) (int, []byte) {
	if len(b) == 0 {
		return 0, nil
	}
	for _, f := range streamShapes {
		if n, k := f(b); n > 0 {
			return n, k
		}
	}
	return 0, nil
}

// composePrefix: docker compose's "name-1  | " (v1: "name_1  | "): a
// service name ending in a replica number, padding, '|' and a space (or the
// end of the line: an empty line of the service).
func composePrefix(b []byte) (int, []byte) {
	if !isAlnum(b[0]) {
		return 0, nil
	}
	k := 1
	for k < len(b) && k < 64 && (isAlnum(b[k]) || b[k] == '-' || b[k] == '_' || b[k] == '.') {
		k++
	}
	// The replica number: -N or _N at the end of the name.
	d := k
	for d > 0 && isDigit(b[d-1]) {
		d--
	}
	if d == k || d < 2 || (b[d-1] != '-' && b[d-1] != '_') {
		return 0, nil
	}
	s := k
	for s < len(b) && b[s] == ' ' {
		s++
	}
	if s == k || s >= len(b) || b[s] != '|' {
		return 0, nil
	}
	if s+1 == len(b) {
		return s + 1, b[:k]
	}
	if b[s+1] != ' ' {
		return 0, nil
	}
	return s + 2, b[:k]
}

// kubectlPrefix: kubectl logs --prefix's "[pod/name/container] ".
func kubectlPrefix(b []byte) (int, []byte) {
	if b[0] != '[' {
		return 0, nil
	}
	e := bytes.IndexByte(b[:min(len(b), 256)], ']')
	if e < 0 || e+1 >= len(b) || b[e+1] != ' ' {
		return 0, nil
	}
	in := b[1:e]
	if bytes.Count(in, []byte{'/'}) != 2 || bytes.IndexByte(in, ' ') >= 0 || in[0] == '/' {
		return 0, nil
	}
	return e + 2, in
}

// syslogPrefix: a syslog or journald header, "Mar 14 09:00:07 host
// tag[pid]: " (traditional format, journalctl's short) or
// "2024-03-14T09:00:07+0000 host tag[pid]: " (short-iso, RFC 3339), the
// pid optional. The key is "host tag[pid]".
func syslogPrefix(b []byte) (int, []byte) {
	var n int
	switch c := b[0]; {
	case c >= 'A' && c <= 'Z':
		n = syslogTimeLen(b)
	case isDigit(c):
		n = isoTimeLen(b)
	}
	if n == 0 || n >= len(b) || b[n] != ' ' {
		return 0, nil
	}
	h := n + 1
	k := h
	for k < len(b) && k-h < 128 && b[k] != ' ' {
		k++
	}
	if k == h || k >= len(b) || b[k] != ' ' || b[k-1] == ':' || isLevel(b[h:k]) {
		return 0, nil
	}
	t := k + 1
	j := t
	for j < len(b) && j-t < 128 && (isAlnum(b[j]) || bytes.IndexByte([]byte("-_./@()"), b[j]) >= 0) {
		j++
	}
	if j == t || j >= len(b) {
		return 0, nil
	}
	if b[j] == '[' {
		p := j + 1
		for p < len(b) && isDigit(b[p]) {
			p++
		}
		if p == j+1 || p >= len(b) || b[p] != ']' {
			return 0, nil
		}
		j = p + 1
	}
	if j >= len(b) || b[j] != ':' {
		return 0, nil
	}
	key := b[h:j]
	if j+1 == len(b) {
		return j + 1, key
	}
	if b[j+1] != ' ' {
		return 0, nil
	}
	return j + 2, key
}

// syslogTimeLen is the length of "Mmm _d hh:mm:ss" at the start of b, or 0.
func syslogTimeLen(b []byte) int {
	if len(b) < 15 || b[3] != ' ' || !isAlpha(b[1]) || !isAlpha(b[2]) {
		return 0
	}
	if !(b[4] == ' ' || isDigit(b[4])) || !isDigit(b[5]) || b[6] != ' ' {
		return 0
	}
	t := b[7:15]
	if !isDigit(t[0]) || !isDigit(t[1]) || t[2] != ':' || !isDigit(t[3]) || !isDigit(t[4]) || t[5] != ':' || !isDigit(t[6]) || !isDigit(t[7]) {
		return 0
	}
	return 15
}

// isoTimeLen is the length of an RFC 3339 time with a 'T' ("2006-01-02T15:04:05",
// a fraction, a zone) at the start of b, or 0.
func isoTimeLen(b []byte) int {
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' {
		return 0
	}
	for _, i := range [...]int{0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18} {
		if !isDigit(b[i]) {
			return 0
		}
	}
	n := 19
	if n < len(b) && (b[n] == '.' || b[n] == ',') {
		n++
		for n < len(b) && isDigit(b[n]) {
			n++
		}
	}
	switch {
	case n < len(b) && b[n] == 'Z':
		n++
	case n < len(b) && (b[n] == '+' || b[n] == '-'):
		n++
		for n < len(b) && (isDigit(b[n]) || b[n] == ':') {
			n++
		}
	}
	return n
}

// isLevel says a word is a log level: "2024-03-14T09:00:05Z ERROR app: x"
// is an application's record, not a syslog header.
func isLevel(w []byte) bool {
	for _, l := range [...]string{"ERROR", "ERR", "WARN", "WARNING", "INFO", "DEBUG", "TRACE", "FATAL", "CRITICAL", "NOTICE", "PANIC"} {
		if bytes.EqualFold(w, []byte(l)) {
			return true
		}
	}
	return false
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

var escMark = []byte("#0")

// unescapeSyslog appends b to dst with rsyslog's escapes of control
// characters ("#011" for a tab: '#' and three octal digits below 040)
// decoded.
func unescapeSyslog(dst, b []byte) []byte {
	i := bytes.Index(b, escMark)
	for i >= 0 {
		j := i
		if j+3 < len(b) && b[j+1] == '0' && b[j+2] >= '0' && b[j+2] <= '3' && b[j+3] >= '0' && b[j+3] <= '7' {
			dst = append(dst, b[:j]...)
			dst = append(dst, (b[j+2]-'0')*8+b[j+3]-'0')
			b = b[j+4:]
		} else {
			dst = append(dst, b[:j+2]...)
			b = b[j+2:]
		}
		i = bytes.Index(b, escMark)
	}
	return append(dst, b...)
}

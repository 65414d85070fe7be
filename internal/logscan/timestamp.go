package logscan

import (
	"time"
)

// The timestamp formats are listed in the package documentation.

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digits(b []byte, i, n int) bool {
	if i+n > len(b) {
		return false
	}
	for k := i; k < i+n; k++ {
		if !isDigit(b[k]) {
			return false
		}
	}
	return true
}

func num(b []byte, i, n int) int {
	v := 0
	for k := i; k < i+n; k++ {
		v = v*10 + int(b[k]-'0')
	}
	return v
}

var months = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
var weekdays = [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

func monthAt(b []byte, i int) int {
	if i+3 > len(b) {
		return 0
	}
	for k, m := range months {
		if b[i] == m[0] && b[i+1] == m[1] && b[i+2] == m[2] {
			return k + 1
		}
	}
	return 0
}

func weekdayAt(b []byte, i int) bool {
	if i+4 > len(b) || b[i+3] != ' ' {
		return false
	}
	for _, w := range weekdays {
		if b[i] == w[0] && b[i+1] == w[1] && b[i+2] == w[2] {
			return true
		}
	}
	return false
}

// clockLen matches hh:mm:ss with an optional fraction (. or ,) at b[i:].
func clockLen(b []byte, i int) int {
	if !digits(b, i, 2) || i+8 > len(b) || b[i+2] != ':' || !digits(b, i+3, 2) || b[i+5] != ':' || !digits(b, i+6, 2) {
		return 0
	}
	n := 8
	if i+n+1 < len(b) && (b[i+n] == '.' || b[i+n] == ',') && isDigit(b[i+n+1]) {
		n++
		for i+n < len(b) && isDigit(b[i+n]) {
			n++
		}
	}
	return n
}

// zoneLen matches Z, +hh:mm, +hhmm or +hh at b[i:].
func zoneLen(b []byte, i int) int {
	if i >= len(b) {
		return 0
	}
	if b[i] == 'Z' {
		return 1
	}
	if b[i] != '+' && b[i] != '-' || !digits(b, i+1, 2) {
		return 0
	}
	if i+6 <= len(b) && b[i+3] == ':' && digits(b, i+4, 2) {
		return 6
	}
	if digits(b, i+3, 2) {
		return 5
	}
	return 3
}

// A tsFormat is one timestamp format that logscan recognises: for <ts> in
// signatures, as an occurrence's time, and in the timestamps removed from
// the start of a message. The formats are the table tsFormats; the package
// documentation lists them for the reader, in the same order.
type tsFormat struct {
	layout  string // the format, as Go's time layout shows it
	example string // a timestamp of the format, matched whole (tested)
	// digit says whether the format's timestamps start with a digit (else
	// with an upper-case letter), and every timestamp of the format has
	// one of the bytes in seps at offset at (below 8): two quick tests
	// before match.
	digit bool
	at    int
	seps  string
	// match names the function that returns the length of a timestamp of
	// the format at the start of b (which holds at least 8 bytes), or 0,
	// and, when year is set, the one that turns such a timestamp into a
	// time (else the format has no year and its timestamps give the zero
	// time).
	match tsMatcher
	year  bool
	// lineStart: a timestamp of this format counts as a line's time only
	// at the start of the line or after '[' (elsewhere a time alone is too
	// often a duration). The masks take it anywhere.
	lineStart bool
}

// tsFormats are the timestamp formats, tried in this order.
var tsFormats = [...]tsFormat{
	{layout: "2006-01-02T15:04:05.999999999Z07:00", example: "2024-03-14 09:00:00,123",
		digit: true, at: 4, seps: "-/", match: matchISO, year: true},
	{layout: "02/Jan/2006:15:04:05 -0700", example: "14/Mar/2024:09:00:03 -0700",
		digit: true, at: 2, seps: "/-", match: matchCLF, year: true},
	{layout: "15:04:05.000", example: "09:00:01.250",
		digit: true, at: 2, seps: ":", match: matchClock, lineStart: true},
	{layout: "Mon Jan _2 15:04:05 2006", example: "Thu Mar 14 09:00:00 2024",
		at: 3, seps: " ", match: matchSyslog},
}

// A tsMatcher names a timestamp format's functions. It is a switch rather
// than a func value in the table because escape analysis cannot see
// through a func value: every line given to the masks would be moved to
// the heap.
type tsMatcher uint8

const (
	matchISO tsMatcher = iota + 1
	matchCLF
	matchClock
	matchSyslog
)

// len returns the length of a timestamp of the format at the start of b,
// or 0.
func (m tsMatcher) len(b []byte) int {
	switch m {
	case matchISO:
		return isoLen(b)
	case matchCLF:
		return clfLen(b)
	case matchClock:
		return clockLen(b, 0)
	case matchSyslog:
		return syslogLen(b)
	}
	return 0
}

// time turns a timestamp of a format with a year into a time.
func (m tsMatcher) time(b []byte) time.Time {
	switch m {
	case matchISO:
		return parseISO(b)
	case matchCLF:
		return parseCLF(b)
	}
	return time.Time{}
}

// sepAt is the quick test: b[f.at] is one of f.seps.
func (f *tsFormat) sepAt(b []byte) bool {
	c := b[f.at]
	for i := 0; i < len(f.seps); i++ {
		if f.seps[i] == c {
			return true
		}
	}
	return false
}

// tsMatch returns the length of a timestamp starting at b[0] and its
// format, or 0 and nil.
func tsMatch(b []byte) (int, *tsFormat) {
	if len(b) < 8 {
		return 0, nil
	}
	digit := isDigit(b[0])
	if !digit && (b[0] < 'A' || b[0] > 'Z') {
		return 0, nil
	}
	for i := range tsFormats {
		f := &tsFormats[i]
		if f.digit != digit || !f.sepAt(b) {
			continue
		}
		if n := f.match.len(b); n > 0 {
			return n, f
		}
	}
	return 0, nil
}

// tsLen returns the length of a timestamp starting at b[0], or 0.
func tsLen(b []byte) int {
	n, _ := tsMatch(b)
	return n
}

// isoLen matches RFC 3339 and its relatives: 2006-01-02 or 2006/01/02,
// then optionally T or a space, 15:04:05 (with a fraction) or, after T,
// 15:04, and a zone. A date alone is one too.
func isoLen(b []byte) int {
	if !(digits(b, 0, 4) && len(b) >= 10 && (b[4] == '-' || b[4] == '/') && b[7] == b[4] && digits(b, 5, 2) && digits(b, 8, 2)) {
		return 0
	}
	n := 10
	if n+1 < len(b) && (b[n] == 'T' || b[n] == ' ') {
		if k := clockLen(b, n+1); k > 0 {
			n += 1 + k
			n += zoneLen(b, n)
		} else if b[n] == 'T' && digits(b, n+1, 2) && n+6 <= len(b) && b[n+3] == ':' && digits(b, n+4, 2) {
			n += 6 // 2006-01-02T15:04
			n += zoneLen(b, n)
		}
	}
	return n
}

// clfLen matches the Common Log Format's 02/Jan/2006:15:04:05 -0700 (and
// Werkzeug's 02/Jan/2006 15:04:05).
func clfLen(b []byte) int {
	// "/" in access logs; PHP's error_log writes "06-Dec-2026 10:00:00 UTC".
	if !(digits(b, 0, 2) && len(b) >= 20 && (b[2] == '/' || b[2] == '-') && monthAt(b, 3) > 0 && b[6] == b[2] && digits(b, 7, 4) && (b[11] == ':' || b[11] == ' ')) {
		return 0
	}
	k := clockLen(b, 12)
	if k == 0 {
		return 0
	}
	n := 12 + k
	if n+6 <= len(b) && b[n] == ' ' && (b[n+1] == '+' || b[n+1] == '-') && digits(b, n+2, 4) {
		n += 6
	} else if z := zoneNameLen(b, n+1); b[2] == '-' && n < len(b) && b[n] == ' ' && z > 0 {
		n += 1 + z // PHP's zone name: UTC, CET, ...
	}
	return n
}

// zoneNameLen returns the length of a time zone's name (three to five
// upper-case letters, ending there) at b[i:], or 0.
func zoneNameLen(b []byte, i int) int {
	k := 0
	for i+k < len(b) && b[i+k] >= 'A' && b[i+k] <= 'Z' {
		k++
	}
	if k < 3 || k > 5 || (i+k < len(b) && (isAlnum(b[i+k]) || b[i+k] == '_')) {
		return 0
	}
	return k
}

// syslogLen matches syslog's "Jan _2 15:04:05" and ANSI C's "Mon Jan _2
// 15:04:05 2006" (weekday and year optional).
func syslogLen(b []byte) int {
	i := 0
	if weekdayAt(b, 0) {
		i = 4
	}
	if monthAt(b, i) == 0 || i+7 > len(b) || b[i+3] != ' ' {
		return 0
	}
	d := i + 4
	if b[d] == ' ' && isDigit(b[d+1]) {
		d += 2
	} else if digits(b, d, 2) {
		d += 2
	} else if isDigit(b[d]) {
		d++
	} else {
		return 0
	}
	if d >= len(b) || b[d] != ' ' {
		return 0
	}
	k := clockLen(b, d+1)
	if k == 0 {
		return 0
	}
	n := d + 1 + k
	if n+5 <= len(b) && b[n] == ' ' && digits(b, n+1, 4) && (n+5 == len(b) || !isAlnum(b[n+5])) {
		n += 5 // the year, in ANSI C's format
	}
	return n
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// findTimestamp returns the first timestamp starting in the first 64 bytes
// of line (at the start of a word), as offsets, or -1, -1.
func findTimestamp(line []byte) (int, int) {
	lim := min(len(line), 64)
	for i := 0; i < lim; i++ {
		c := line[i]
		if !(isDigit(c) || c >= 'A' && c <= 'Z') || i > 0 && isAlnum(line[i-1]) {
			continue
		}
		if n, f := tsMatch(line[i:]); n > 0 {
			if f.lineStart && i > 0 && line[i-1] != '[' {
				continue
			}
			return i, i + n
		}
	}
	return -1, -1
}

// parseTimestamp turns a recognised timestamp with a year into a time.
// Timestamps without a zone are taken as UTC; syslog's have no year and
// give the zero time.
func parseTimestamp(b []byte) time.Time {
	if len(b) < 10 {
		return time.Time{}
	}
	if _, f := tsMatch(b); f != nil && f.year {
		return f.match.time(b)
	}
	return time.Time{}
}

// parseISO parses what isoLen matches.
func parseISO(b []byte) time.Time {
	n := len(b)
	var h, mi, s int
	var rest []byte
	y, mo, d := num(b, 0, 4), num(b, 5, 2), num(b, 8, 2)
	if n >= 13 && digits(b, 11, 2) {
		h, mi = num(b, 11, 2), num(b, 14, 2)
		if n >= 19 && b[16] == ':' {
			s = num(b, 17, 2)
			rest = b[19:]
		} else {
			rest = b[16:]
		}
	}
	return makeTime(y, mo, d, h, mi, s, rest)
}

// parseCLF parses what clfLen matches.
func parseCLF(b []byte) time.Time {
	// A zone by name other than UTC (CET, EST: ambiguous abbreviations)
	// gives no time rather than a wrong one.
	if z := zoneNameLen(b, 21); z > 0 && b[20] == ' ' {
		if name := string(b[21 : 21+z]); name != "UTC" && name != "GMT" {
			return time.Time{}
		}
	}
	d, mo, y := num(b, 0, 2), monthAt(b, 3), num(b, 7, 4)
	h, mi, s := num(b, 12, 2), num(b, 15, 2), num(b, 18, 2)
	return makeTime(y, mo, d, h, mi, s, b[20:])
}

// makeTime reads the fraction and the zone in rest (what follows the
// seconds) and checks the fields.
func makeTime(y, mo, d, h, mi, s int, rest []byte) time.Time {
	ns := 0
	loc := time.UTC
	if len(rest) > 1 && (rest[0] == '.' || rest[0] == ',') {
		k := 1
		scale := 100000000
		for k < len(rest) && isDigit(rest[k]) {
			if scale > 0 {
				ns += int(rest[k]-'0') * scale
				scale /= 10
			}
			k++
		}
		rest = rest[k:]
	}
	if len(rest) > 0 && rest[0] == ' ' {
		rest = rest[1:]
	}
	if len(rest) > 0 && rest[0] == 'Z' {
		rest = rest[1:]
	} else if len(rest) >= 3 && (rest[0] == '+' || rest[0] == '-') && digits(rest, 1, 2) {
		zh, zm := num(rest, 1, 2), 0
		if len(rest) >= 6 && rest[3] == ':' && digits(rest, 4, 2) {
			zm = num(rest, 4, 2)
		} else if len(rest) >= 5 && digits(rest, 3, 2) {
			zm = num(rest, 3, 2)
		}
		if zh > 14 || zm > 59 {
			return time.Time{} // not a real zone
		}
		off := zh*3600 + zm*60
		if rest[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
	}
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 {
		return time.Time{}
	}
	return time.Date(y, time.Month(mo), d, h, mi, s, ns, loc)
}

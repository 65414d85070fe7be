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

// tsLen returns the length of a timestamp starting at b[0], or 0.
func tsLen(b []byte) int {
	if len(b) < 8 {
		return 0
	}
	c := b[0]
	if isDigit(c) {
		// 2006-01-02 / 2006/01/02 ...
		if digits(b, 0, 4) && len(b) >= 10 && (b[4] == '-' || b[4] == '/') && b[7] == b[4] && digits(b, 5, 2) && digits(b, 8, 2) {
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
		// 02/Jan/2006:15:04:05 -0700 (and Werkzeug's 02/Jan/2006 15:04:05)
		if digits(b, 0, 2) && len(b) >= 20 && b[2] == '/' && monthAt(b, 3) > 0 && b[6] == '/' && digits(b, 7, 4) && (b[11] == ':' || b[11] == ' ') {
			if k := clockLen(b, 12); k > 0 {
				n := 12 + k
				if n+6 <= len(b) && b[n] == ' ' && (b[n+1] == '+' || b[n+1] == '-') && digits(b, n+2, 4) {
					n += 6
				}
				return n
			}
		}
		// 15:04:05
		return clockLen(b, 0)
	}
	if c >= 'A' && c <= 'Z' {
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
	return 0
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
		if n := tsLen(line[i:]); n > 0 {
			if isDigit(c) && line[i+2] == ':' {
				// A time alone is a timestamp only at the start of the
				// line or of a bracket: elsewhere it is too often a
				// duration.
				if i > 0 && line[i-1] != '[' {
					continue
				}
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
	n := len(b)
	if n < 10 {
		return time.Time{}
	}
	var y, mo, d, h, mi, s, ns int
	loc := time.UTC
	var rest []byte
	switch {
	case digits(b, 0, 4) && (b[4] == '-' || b[4] == '/'):
		y, mo, d = num(b, 0, 4), num(b, 5, 2), num(b, 8, 2)
		if n >= 13 && digits(b, 11, 2) {
			h, mi = num(b, 11, 2), num(b, 14, 2)
			if n >= 19 && b[16] == ':' {
				s = num(b, 17, 2)
				rest = b[19:]
			} else {
				rest = b[16:]
			}
		}
	case digits(b, 0, 2) && b[2] == '/' && n >= 20:
		d, mo, y = num(b, 0, 2), monthAt(b, 3), num(b, 7, 4)
		h, mi, s = num(b, 12, 2), num(b, 15, 2), num(b, 18, 2)
		rest = b[20:]
	default:
		return time.Time{}
	}
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

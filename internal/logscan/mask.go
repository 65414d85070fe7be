package logscan

import (
	"bytes"
)

// maxSigInput bounds the bytes of a line that signatures (and messages)
// are built from. The masking rules are in the package documentation.
const maxSigInput = 512

// maskLine appends the masked form of an error line to dst: the whole line
// (as stored: MaxStoredLine bytes) is masked, and the masked text is cut at
// maxSigInput bytes, at the end of a token. Cutting after masking keeps the
// cut in the same place whatever the lengths of the values masked.
func maskLine(dst, line []byte) []byte {
	start := len(dst)
	dst = mask(dst, line)
	if len(dst)-start <= maxSigInput {
		return dst
	}
	m := dst[start:]
	c := maxSigInput
	for c > 0 && isAlnum(m[c-1]) && isAlnum(m[c]) {
		c--
	}
	if o := bytes.LastIndexByte(m[:c], '<'); o >= 0 && bytes.IndexByte(m[o:c], '>') < 0 {
		c = o // inside a mask token
	}
	if c == 0 {
		c = maxSigInput
	}
	return dst[:start+c]
}

// mask appends the masked form of s to dst.
func mask(dst, s []byte) []byte {
	i := 0
	for i < len(s) {
		c := s[i]
		if class[c]&clAlnum != 0 && (i == 0 || class[s[i-1]]&clAlnum == 0) {
			// A word: most have no digit and are copied whole.
			k, nd := i, 0
			for k < len(s) && class[s[k]]&clAlnum != 0 {
				if class[s[k]]&clDigit != 0 {
					nd++
				}
				k++
			}
			if nd == 0 && !(k-i == 3 && c >= 'A' && c <= 'Z') && !(k-i == 8 && k < len(s) && s[k] == '-') {
				dst = append(dst, s[i:k]...)
				i = k
				continue
			}
			if n, tok := maskWord(s[i:]); n > 0 {
				dst = append(dst, tok...)
				i += n
				continue
			}
		} else if c == ':' && i+1 < len(s) && s[i+1] == ':' && (i == 0 || class[s[i-1]]&clAlnum == 0) {
			if n := ipv6Len(s[i:]); n > 0 {
				dst = append(dst, "<ip>"...)
				i += n
				continue
			}
		}
		if isDigit(c) {
			n := 1
			for n < len(s)-i && isDigit(s[i+n]) {
				n++
			}
			if i+n+1 < len(s) && s[i+n] == '.' && isDigit(s[i+n+1]) {
				n += 2
				for n < len(s)-i && isDigit(s[i+n]) {
					n++
				}
			}
			dst = append(dst, "<n>"...)
			i += n
			continue
		}
		if c == '"' || c == '\'' || c == '`' {
			if end, masked := quoted(s, i); end > 0 {
				dst = append(dst, c)
				if masked {
					dst = append(dst, "<q>"...)
				} else {
					dst = mask(dst, s[i+1:end-1])
				}
				dst = append(dst, c)
				i = end
				continue
			}
		}
		dst = append(dst, c)
		i++
	}
	return dst
}

// maskWord tries the masks that apply at the start of a word.
func maskWord(b []byte) (int, string) {
	c := b[0]
	digit := isDigit(c)
	hexish := digit || c == ':' || isHex(c)
	if digit || c >= 'A' && c <= 'Z' {
		if n := tsLen(b); n > 0 && endsWord(b, n) {
			return n, "<ts>"
		}
	}
	if hexish {
		if n := uuidLen(b); n > 0 {
			return n, "<uuid>"
		}
		if digit {
			if n := ipv4Len(b); n > 0 {
				return n, "<ip>"
			}
		}
		if n := ipv6Len(b); n > 0 {
			return n, "<ip>"
		}
		if n := hexLen(b); n > 0 {
			if b[0] == '0' && n > 1 && (b[1] == 'x' || b[1] == 'X') {
				return n, "<hex>"
			}
			// A hex id masks as a number: the same id of another
			// request may happen to have only decimal digits.
			return n, "<n>"
		}
	}
	if c != ':' {
		if n := idLen(b); n > 0 {
			return n, "<id>"
		}
	}
	return 0, ""
}

// Byte classes, for the masking loop.
const (
	clAlnum = 1 << iota
	clDigit
)

var class = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		if isAlnum(byte(c)) {
			t[c] |= clAlnum
		}
		if isDigit(byte(c)) {
			t[c] |= clDigit
		}
	}
	return t
}()

func endsWord(b []byte, n int) bool { return n == len(b) || !isAlnum(b[n]) }

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexRun(b []byte, i int) int {
	k := i
	for k < len(b) && isHex(b[k]) {
		k++
	}
	return k - i
}

func uuidLen(b []byte) int {
	if len(b) < 36 {
		return 0
	}
	for i, want := range [5]int{8, 4, 4, 4, 12} {
		off := [5]int{0, 9, 14, 19, 24}[i]
		if hexRun(b, off) < want || i < 4 && b[off+want] != '-' {
			return 0
		}
	}
	if !endsWord(b, 36) {
		return 0
	}
	return 36
}

func ipv4Len(b []byte) int {
	n := 0
	for part := 0; part < 4; part++ {
		if part > 0 {
			if n >= len(b) || b[n] != '.' {
				return 0
			}
			n++
		}
		k, v := 0, 0
		for k < 3 && n+k < len(b) && isDigit(b[n+k]) {
			v = v*10 + int(b[n+k]-'0')
			k++
		}
		if k == 0 || v > 255 {
			return 0
		}
		n += k
	}
	if n < len(b) && (isAlnum(b[n]) || b[n] == '.' && n+1 < len(b) && isDigit(b[n+1])) {
		return 0
	}
	return n
}

func ipv6Len(b []byte) int {
	n, colons, groups, double := 0, 0, 0, false
	for n < len(b) {
		if b[n] == ':' {
			if n+1 < len(b) && b[n+1] == ':' {
				if double {
					return 0
				}
				double = true
				colons += 2
				n += 2
				continue
			}
			colons++
			n++
			continue
		}
		k := hexRun(b, n)
		if k == 0 {
			break
		}
		if k > 4 {
			return 0
		}
		groups++
		n += k
	}
	// Do not eat a trailing single colon (a port separator follows).
	if n > 0 && b[n-1] == ':' && !(n >= 2 && b[n-2] == ':') {
		n--
		colons--
	}
	if n < len(b) && isAlnum(b[n]) || groups == 0 {
		return 0
	}
	if double && colons >= 2 || !double && colons == 7 {
		return n
	}
	return 0
}

func hexLen(b []byte) int {
	if len(b) > 2 && b[0] == '0' && (b[1] == 'x' || b[1] == 'X') {
		if k := hexRun(b, 2); k > 0 && endsWord(b, 2+k) {
			return 2 + k
		}
		return 0
	}
	k := hexRun(b, 0)
	if k < 6 || !endsWord(b, k) {
		return 0
	}
	d, l := false, false
	for _, c := range b[:k] {
		if isDigit(c) {
			d = true
		} else {
			l = true
		}
	}
	if d && l {
		return k
	}
	return 0
}

func idLen(b []byte) int {
	k, d, l := 0, 0, 0
	for k < len(b) && isAlnum(b[k]) {
		if isDigit(b[k]) {
			d++
		} else {
			l++
		}
		k++
	}
	if k >= 10 && d >= 2 && l >= 2 {
		return k
	}
	return 0
}

// quoted finds the quoted value opening at s[i]: it returns the offset after
// its closing quote (0 if it is not one) and whether it is masked.
func quoted(s []byte, i int) (int, bool) {
	q := s[i]
	if q != '"' && i > 0 && isAlnum(s[i-1]) {
		return 0, false // an apostrophe
	}
	j := i + 1
	for j < len(s) && j-i <= 1024 {
		if s[j] == '\\' && q == '"' {
			j += 2
			continue
		}
		if s[j] == q {
			break
		}
		j++
	}
	if j >= len(s) || s[j] != q {
		return 0, false
	}
	end := j + 1
	if q != '"' && end < len(s) && isAlnum(s[end]) {
		return 0, false
	}
	// A JSON key?
	k := end
	for k < len(s) && s[k] == ' ' {
		k++
	}
	if k < len(s) && s[k] == ':' && q == '"' {
		return end, false
	}
	return end, !afterMessageKey(s[:i])
}

var messageKeys = []string{"msg", "message", "error", "err", "reason", "event", "exception"}

// afterMessageKey reports whether b ends with key= or "key": for a
// message-like key.
func afterMessageKey(b []byte) bool {
	b = bytes.TrimRight(b, " ")
	if len(b) == 0 {
		return false
	}
	switch b[len(b)-1] {
	case '=':
		b = b[:len(b)-1]
	case ':':
		b = bytes.TrimRight(b[:len(b)-1], " ")
		if len(b) == 0 || b[len(b)-1] != '"' {
			return false
		}
		b = b[:len(b)-1]
	default:
		return false
	}
	for _, k := range messageKeys {
		if len(b) >= len(k) && bytes.EqualFold(b[len(b)-len(k):], []byte(k)) &&
			(len(b) == len(k) || !isAlnum(b[len(b)-len(k)-1]) && b[len(b)-len(k)-1] != '_') {
			return true
		}
	}
	return false
}

package record

import (
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxSlug is the longest slug Slug returns.
const MaxSlug = 40

// latin spells the Latin letters that Unicode does not decompose into a
// base letter and accents, as they are written without them.
var latin = map[rune]string{'ß': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th", 'ı': "i", 'ħ': "h", 'Ħ': "h"}

// Slug turns a title into a lower-case ASCII slug of letters, digits and
// single dashes, cut at a word boundary to at most MaxSlug characters (a
// first word longer than that is cut). Accents are dropped ("Café" ->
// "cafe"), letters without a decomposition are spelled out ("Straße" ->
// "strasse"), and an apostrophe inside a word joins it ("can't" -> "cant");
// a title with nothing usable gives "incident". The result is always safe
// inside a git ref name and a file name.
func Slug(title string) string {
	var b strings.Builder
	dash := false
	runes := []rune(norm.NFKD.String(title))
	for i, r := range runes {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case (r == '\'' || r == '’') && i > 0 && i+1 < len(runes) && !dash && b.Len() > 0 && unicode.IsLetter(runes[i+1]):
			continue // can't, O'Brien: one word
		case latin[r] != "" || r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			if s := latin[r]; s != "" {
				b.WriteString(s)
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
		default:
			dash = true
		}
	}
	s := b.String()
	if len(s) > MaxSlug {
		cut := strings.LastIndexByte(s[:MaxSlug+1], '-')
		if cut <= 0 {
			cut = MaxSlug
		}
		s = strings.TrimRight(s[:cut], "-")
	}
	if s == "" {
		return "incident"
	}
	return s
}

// NewID returns the record id for a title started at t: "2006-01-02-<slug>".
func NewID(t time.Time, title string) string {
	return t.UTC().Format("2006-01-02") + "-" + Slug(title)
}

// ValidID reports whether id can name a record file: lower-case letters,
// digits and dashes only, so it can never escape the records directory.
func ValidID(id string) bool {
	if id == "" || len(id) > 80 || id[0] == '-' {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

package verify

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hotfix-dev/hotfix/pkg/verify/lang"
)

// This file tells, for the declarations a change touched, which are new,
// which existed before (changed, or renamed) and which are the same as
// before (a deletion next to them touched them): the declarations of the
// file before the change and after it are matched by identity, kind and
// qualified name, and by body for renames.

// declState is how a declaration after the change relates to the file
// before it.
type declState uint8

const (
	// stateByLines: the file before the change could not be read or
	// parsed, so the changed lines alone decide (new when all its lines
	// are added).
	stateByLines declState = iota
	// stateNew: no declaration of its kind and name was there before.
	stateNew
	// stateChanged: it was there before and its text changed.
	stateChanged
	// stateRenamed: it was there before under another name (renamedFrom)
	// and its body is much the same.
	stateRenamed
	// stateSame: it was there before with the same text (doc aside): the
	// change only touched lines around it.
	stateSame
)

// declMatch is what matching found for one declaration.
type declMatch struct {
	state       declState
	renamedFrom string
	// lostDoc: the declaration had a doc comment before and has none
	// now: the change removed it.
	lostDoc bool
}

// renameSimilarity is how alike (by tokens) the text of a declaration
// with a new name must be to that of one that disappeared for it to count
// as renamed.
const renameSimilarity = 0.8

// kindFamily groups the kinds a declaration may change between and stay
// the same declaration: a var made const, an arrow function made a
// function, a class made an interface.
func kindFamily(kind string) string {
	switch kind {
	case "func", "function", "method", "constructor":
		return "callable"
	case "type", "class", "interface", "enum", "record":
		return "type"
	case "const", "var", "field", "property":
		return "value"
	}
	return kind
}

// declText is a declaration's text with its doc left out, each line
// trimmed and blank lines dropped, so that re-indenting it or a blank line
// around it does not count as a change.
func declText(src []byte, lines []int, d lang.Decl) string {
	var b strings.Builder
	for l := d.Start; l <= d.End && l < len(lines); l++ {
		if d.HasDoc() && l >= d.DocStart && l <= d.DocEnd {
			continue
		}
		end := len(src)
		if l+1 < len(lines) {
			end = lines[l+1]
		}
		s := strings.TrimSpace(string(src[lines[l]:end]))
		if s == "" {
			continue
		}
		b.WriteString(s)
		b.WriteByte('\n')
	}
	return b.String()
}

// lineStarts returns the offset of each 1-based line (index 0 unused).
func lineStarts(src []byte) []int {
	out := []int{0, 0}
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			out = append(out, i+1)
		}
	}
	return out
}

// matchOld reads and parses f's content before the change and matches
// its declarations with decls, those of src, f's content after it. It
// returns nil, so that the changed lines decide, when the caller cannot
// read old content (Input.ReadOld nil), for an added file (every
// declaration is new, as its lines say), when no declaration was touched
// (the old file is not even read) and when the old content cannot be read
// or parsed.
func matchOld(in *Input, f *File, src []byte, decls []lang.Decl) []declMatch {
	if in.ReadOld == nil || f.Status == 'A' {
		return nil
	}
	want := func(d lang.Decl) bool { return declTouched(f, d, decls) }
	// The old file is parsed only when what it says can change a verdict:
	// a touched declaration without a doc (new or changed decides whether
	// it needs one), a Go doc comment not starting with its name (an
	// unchanged declaration is not checked), or require_update.
	need := false
	for _, d := range decls {
		if want(d) && (!d.HasDoc() || in.Policy.DocsTouched.RequireUpdate ||
			(f.an.Name() == "go" && d.Exported && !d.GroupDoc && !lang.DocStartsWithName(d))) {
			need = true
			break
		}
	}
	if !need {
		return nil
	}
	old := f.OldPath
	if old == "" {
		old = f.Path
	}
	osrc, err := in.ReadOld(old)
	if err != nil {
		return nil
	}
	olds, err := f.an.Decls(old, osrc)
	if err != nil {
		return nil
	}
	return matchDecls(src, decls, osrc, olds, want)
}

// side is one version of a file: its content and declarations, with
// their texts computed on demand.
type side struct {
	src   []byte
	lines []int
	decls []lang.Decl
	texts []*string
	toks  [][]string
}

func newSide(src []byte, decls []lang.Decl) *side {
	return &side{src: src, lines: lineStarts(src), decls: decls, texts: make([]*string, len(decls)), toks: make([][]string, len(decls))}
}

func (s *side) tokens(i int) []string {
	if s.toks[i] == nil {
		s.toks[i] = append(tokens(s.text(i)), "") // never nil once read
	}
	return s.toks[i][:len(s.toks[i])-1]
}

func (s *side) text(i int) string {
	if s.texts[i] == nil {
		t := declText(s.src, s.lines, s.decls[i])
		s.texts[i] = &t
	}
	return *s.texts[i]
}

// matchDecls matches the declarations after the change (news, in newSrc)
// with those before it (olds, in oldSrc) and returns, indexed like news,
// how each relates to the old file. Only the declarations want asks about
// are judged; the others are stateByLines.
func matchDecls(newSrc []byte, news []lang.Decl, oldSrc []byte, olds []lang.Decl, want func(lang.Decl) bool) []declMatch {
	nw, od := newSide(newSrc, news), newSide(oldSrc, olds)
	out := make([]declMatch, len(news))
	pairOf := make([]int, len(news)) // the old declaration paired, -1 none
	oldUsed := make([]bool, len(olds))
	key := func(d lang.Decl) string { return kindFamily(d.Kind) + "\x00" + d.Name }
	oldByKey, oldByName := map[string][]int{}, map[string][]int{}
	for i, d := range olds {
		oldByKey[key(d)] = append(oldByKey[key(d)], i)
		oldByName[d.Name] = append(oldByName[d.Name], i)
	}
	newNames := map[string]bool{}
	for i, d := range news {
		pairOf[i] = -1
		newNames[d.Name] = true
	}
	// Same kind family and name: the same text first (overloads and
	// reordered declarations), then the most alike (an overload added
	// beside one that changed: each pairs with the one it resembles, not
	// with whichever comes first), in order among equals.
	for i, d := range news {
		for _, o := range oldByKey[key(d)] {
			if !oldUsed[o] && od.text(o) == nw.text(i) {
				pairOf[i], oldUsed[o] = o, true
				break
			}
		}
	}
	type candidate struct {
		n, o int
		sim  float64
	}
	unpaired := map[string]int{} // per key: news unpaired plus olds unused
	for i, d := range news {
		if pairOf[i] < 0 {
			unpaired[key(d)]++
		}
	}
	for o, d := range olds {
		if !oldUsed[o] {
			unpaired[key(d)]++
		}
	}
	var cands []candidate
	for i, d := range news {
		if pairOf[i] >= 0 {
			continue
		}
		for _, o := range oldByKey[key(d)] {
			if oldUsed[o] {
				continue
			}
			sim := 1.0 // one new and one old: nothing to choose
			if unpaired[key(d)] > 2 {
				sim = similarity(nw.tokens(i), od.tokens(o))
			}
			cands = append(cands, candidate{i, o, sim})
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].sim > cands[b].sim })
	for _, c := range cands {
		if pairOf[c.n] < 0 && !oldUsed[c.o] {
			pairOf[c.n], oldUsed[c.o] = c.o, true
		}
	}
	// The same name in another kind family (a const that now holds a
	// function) is the same declaration too.
	for i, d := range news {
		if pairOf[i] >= 0 || !want(d) {
			continue
		}
		for _, o := range oldByName[d.Name] {
			if !oldUsed[o] {
				pairOf[i], oldUsed[o] = o, true
				break
			}
		}
	}
	for i, d := range news {
		if !want(d) {
			continue
		}
		if o := pairOf[i]; o >= 0 {
			out[i].lostDoc = olds[o].HasDoc() && !d.HasDoc()
		}
		switch o := pairOf[i]; {
		case o >= 0 && od.text(o) == nw.text(i):
			out[i].state = stateSame
		case o >= 0:
			out[i].state = stateChanged
		default:
			out[i].state = stateNew
			if _, had := oldByName[d.Name]; had {
				break // another overload of a name that was there
			}
			best, bestSim := -1, renameSimilarity
			for o, od0 := range olds {
				if oldUsed[o] || newNames[od0.Name] || kindFamily(od0.Kind) != kindFamily(d.Kind) {
					continue
				}
				if sim := similarity(nw.tokens(i), od.tokens(o)); sim >= bestSim {
					best, bestSim = o, sim
				}
			}
			if best >= 0 {
				oldUsed[best] = true
				out[i] = declMatch{state: stateRenamed, renamedFrom: olds[best].Name}
			}
		}
	}
	return out
}

// similarity is the Dice coefficient of the token multisets ta and tb:
// 1 for the same tokens, 0 for none in common.
func similarity(ta, tb []string) float64 {
	if len(ta)+len(tb) == 0 {
		return 1
	}
	count := map[string]int{}
	for _, t := range ta {
		count[t]++
	}
	common := 0
	for _, t := range tb {
		if count[t] > 0 {
			count[t]--
			common++
		}
	}
	return 2 * float64(common) / float64(len(ta)+len(tb))
}

// tokens splits s into words (letters, digits, '_' and '$') and single
// other characters, leaving out white space.
func tokens(s string) []string {
	var out []string
	word := func(r rune) bool { return r == '_' || r == '$' || unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case word(r):
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !word(r2) {
					break
				}
				j += n2
			}
			out = append(out, s[i:j])
			i = j
		default:
			out = append(out, s[i:i+n])
			i += n
		}
	}
	return out
}

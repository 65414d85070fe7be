package lang

import "strings"

// javaOps are Java's operators of more than one character that its scanner
// leaves in pieces, longest first.
var javaOps = []string{">>>=", "<<=", ">>=", ">>>", "==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>"}

// javaStaticAnnotations are annotations only the compiler and static
// analysers read: adding or removing one cannot change what the program
// does. Nullness annotations (any name with Null or Nonnull in it:
// Nullable, NonNull, CheckForNull, ParametersAreNonnullByDefault, ...) are
// matched by name besides these.
var javaStaticAnnotations = map[string]bool{
	"Override": true, "SuppressWarnings": true, "FunctionalInterface": true, "SafeVarargs": true,
	"CheckReturnValue": true, "CanIgnoreReturnValue": true, "VisibleForTesting": true, "GuardedBy": true,
	"MustBeClosed": true, "Contract": true, "Pure": true, "Deprecated": true,
}

// javaStaticAnnotation reports whether an annotation's simple name is one
// that cannot change behaviour (see javaStaticAnnotations). A nullness
// name is one only when it does not come from a package whose annotations
// act at run time (javaActingPackages): qualified, written there, else by
// the file's import of the name, else by an import on demand of such a
// package (imports, read so far).
func javaStaticAnnotation(name, qualifier string, imports *javaImportSet) bool {
	if javaStaticAnnotations[name] {
		return true
	}
	if !strings.Contains(name, "Null") && !strings.Contains(name, "Nonnull") {
		return false
	}
	if qualifier == "" {
		qualifier = imports.packageOf(name)
	}
	if qualifier != "" {
		return !javaActingPackage(qualifier)
	}
	return !imports.onDemandActing
}

// javaActingPackages are the packages whose nullness annotations change
// what runs: Lombok's @NonNull generates a null check, and Bean
// Validation's @NotNull and @Null are enforced by the frameworks that
// validate (Hibernate Validator, Spring).
var javaActingPackages = []string{"lombok", "javax.validation", "jakarta.validation", "org.hibernate.validator"}

// javaActingPackage reports whether the package pkg is, or is inside, one
// of javaActingPackages.
func javaActingPackage(pkg string) bool {
	for _, p := range javaActingPackages {
		if pkg == p || strings.HasPrefix(pkg, p+".") {
			return true
		}
	}
	return false
}

// javaImportSet is what a Java file's imports say about annotation names:
// the package each single-type import takes a simple name from, and
// whether an import on demand names an acting package.
type javaImportSet struct {
	single         map[string]string
	onDemandActing bool
}

// add records one import statement's name ("a.b.C", "a.b.*"; static
// imports name no annotation and are left out).
func (s *javaImportSet) add(name string) {
	if strings.HasPrefix(name, "static ") {
		return
	}
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return
	}
	pkg, last := name[:i], name[i+1:]
	if last == "*" {
		s.onDemandActing = s.onDemandActing || javaActingPackage(pkg)
		return
	}
	if s.single == nil {
		s.single = map[string]string{}
	}
	s.single[last] = pkg
}

// packageOf returns the package a single-type import takes name from, or "".
func (s *javaImportSet) packageOf(name string) string { return s.single[name] }

// javaTokens reduces Java source; see BehaviourTokens. Comments and layout
// are left out, a trailing comma before '}' (an array initialiser, an
// enum's constants, an annotation's array), and the annotations
// javaStaticAnnotation names (with their arguments). Each import
// statement becomes one token, "i:" and its name ("i:static a.b.C.m"),
// for SameBehaviour, which lets a change remove imports.
func javaTokens(src []byte) []string {
	p := &javaParser{src: src}
	p.scan()
	toks := p.toks
	firsts, texts := mergeOps(javaOps, len(toks),
		func(i int) string { return string(src[toks[i].start:toks[i].end]) },
		func(i int) bool { return toks[i].kind == javaPunct },
		func(i int) bool {
			return toks[i].kind == javaPunct && toks[i-1].kind == javaPunct && toks[i-1].end == toks[i].start
		})
	kind := func(k int) javaKind { return toks[firsts[k]].kind }
	out := make([]string, 0, len(texts))
	var imports javaImportSet
	depth := 0 // braces: imports are at the top level
	for k := 0; k < len(texts); k++ {
		text := texts[k]
		switch {
		case kind(k) == javaPunct && text == "{":
			depth++
		case kind(k) == javaPunct && text == "}":
			depth--
		}
		// import [static] a.b.C[.*];
		if depth == 0 && kind(k) == javaIdent && text == "import" && (k == 0 || texts[k-1] == ";" || texts[k-1] == "}") {
			j := k + 1
			var name strings.Builder
			for j < len(texts) && texts[j] != ";" {
				if name.Len() > 0 && kind(j) == javaIdent && texts[j-1] != "." {
					name.WriteByte(' ')
				}
				name.WriteString(texts[j])
				j++
			}
			if j < len(texts) {
				imports.add(name.String())
				out = append(out, "i:"+name.String())
				k = j
				continue
			}
		}
		// @[a.b.]Name[(...)], for a name that cannot change behaviour;
		// "@interface" declares an annotation type and stays.
		if kind(k) == javaPunct && text == "@" && k+1 < len(texts) && kind(k+1) == javaIdent && texts[k+1] != "interface" {
			j := k + 1
			for j+2 < len(texts) && texts[j+1] == "." && kind(j+2) == javaIdent {
				j += 2
			}
			if javaStaticAnnotation(texts[j], strings.TrimSuffix(strings.Join(texts[k+1:j], ""), "."), &imports) {
				if j+1 < len(texts) && texts[j+1] == "(" {
					level := 0
					for j++; j < len(texts); j++ {
						if texts[j] == "(" {
							level++
						} else if texts[j] == ")" {
							level--
							if level == 0 {
								break
							}
						}
					}
				}
				k = j
				continue
			}
		}
		if text == "," && k+1 < len(texts) && texts[k+1] == "}" && kind(k+1) == javaPunct {
			continue
		}
		switch kind(k) {
		case javaIdent:
			text = "n:" + text
		case javaLiteral:
			text = "l:" + text
		}
		out = append(out, text)
	}
	return out
}

// SameBehaviour reports whether two versions of a file, before (at
// oldPath) and after (at newPath), behave the same by their
// BehaviourTokens: equal, except that in Java the newer version may drop
// imports (an unused import removed; an import added could change which
// class a name means, so it counts). It returns an error when either side
// cannot be reduced.
func SameBehaviour(oldPath string, before []byte, newPath string, after []byte) (same bool, err error) {
	defer func() {
		// A scanner's bug must not decide that a change is neutral.
		if recover() != nil {
			same, err = false, errorString("cannot compare "+newPath+": internal error")
		}
	}()
	if _, ok := For(newPath).(Go); ok {
		if _, ok := For(oldPath).(Go); ok {
			return goSameBehaviour(before, after)
		}
	}
	a, err := BehaviourTokens(oldPath, before)
	if err != nil {
		return false, err
	}
	b, err := BehaviourTokens(newPath, after)
	if err != nil {
		return false, err
	}
	if _, ok := For(newPath).(Java); ok {
		if a, b, ok = javaDropRemovedImports(a, b); !ok {
			return false, nil
		}
	}
	return equalTokens(a, b), nil
}

func equalTokens(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// goSameBehaviour is SameBehaviour for Go, in two steps: the scanned
// tokens first, and only when they differ where a comma is (how a list
// of parameters or fields is grouped), the tokens of the files normalised
// by goNormalize, which costs a parse of each.
func goSameBehaviour(before, after []byte) (bool, error) {
	for _, src := range [][]byte{before, after} {
		if isBinary(src) {
			return false, errBinary
		}
	}
	a, err := goScanTokens(before)
	if err != nil {
		return false, err
	}
	b, err := goScanTokens(after)
	if err != nil {
		return false, err
	}
	return goSameScanned(before, after, a, b)
}

// goSameScanned is goSameBehaviour once both sides are scanned (a, b).
func goSameScanned(before, after []byte, a, b []string) (bool, error) {
	if equalTokens(a, b) {
		return true, nil
	}
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	// The difference, with two tokens of context on each side: regrouping
	// "n int, m int" as "n, m int" may leave the comma itself in common.
	// Grouping only repeats or drops tokens that are there anyway: without
	// a comma in what differs, or with a token on one side only, it cannot
	// explain the difference.
	lo := max(0, pre-2)
	midA, midB := a[lo:min(len(a), len(a)-suf+2)], b[lo:min(len(b), len(b)-suf+2)]
	comma := false
	for _, t := range append(append([]string(nil), midA...), midB...) {
		comma = comma || t == ","
	}
	if !comma || !within(midA, b) || !within(midB, a) {
		return false, nil
	}
	a, err := goTokens(before)
	if err != nil {
		return false, err
	}
	if b, err = goTokens(after); err != nil {
		return false, err
	}
	return equalTokens(a, b), nil
}

// within reports whether every token of some, commas aside, is also
// somewhere in all. some is a few tokens and all a whole file's: all is
// scanned once, without a set of its tokens.
func within(some, all []string) bool {
	want := make(map[string]bool, len(some))
	for _, t := range some {
		if t != "," {
			want[t] = true
		}
	}
	for _, t := range all {
		if len(want) == 0 {
			break
		}
		delete(want, t)
	}
	return len(want) == 0
}

package lang

import (
	"strings"
)

// This file holds NeutralChange: SameBehaviour, and beyond it the few
// rewrites that cannot change what a program does even though its tokens
// differ, each with the reason it gives (docs/verify.md, "Changes that
// cannot change behaviour"). Each rewrite is recognised by its shape in
// the token streams of BehaviourTokens and fails closed: when a shape is
// not exactly the one described, the change counts.

// Reasons a change cannot change behaviour, as NeutralChange gives them.
const (
	// WhyLayout: the reduced tokens are equal (comments, formatting,
	// types; see BehaviourTokens).
	WhyLayout = "comments, formatting or types only"
	// WhyMessages: only the text of messages changed: string literals
	// given to an exception, an error, a warning or a log call, their
	// placeholders the same.
	WhyMessages = "only the text of error, warning or log messages"
	// WhyAccess: Java access widened where it cannot change which method
	// runs: a constructor, a static member, a field or a type.
	WhyAccess = "only access widened where no override can follow"
)

// NeutralChange reports why two versions of a file, before (at oldPath)
// and after (at newPath), behave the same: WhyLayout when SameBehaviour
// says so, else the reasons (joined by "; ") of the rewrites that make
// their tokens equal. It returns "" when it cannot tell, and an error
// when either side cannot be reduced. Each side is reduced once.
func NeutralChange(oldPath string, before []byte, newPath string, after []byte) (why string, err error) {
	defer func() {
		// A scanner's bug must not decide that a change is neutral.
		if recover() != nil {
			why, err = "", errorString("cannot compare "+newPath+": internal error")
		}
	}()
	l := For(newPath)
	if l == nil || For(oldPath) == nil || For(oldPath).Name() != l.Name() {
		same, err := SameBehaviour(oldPath, before, newPath, after)
		if same {
			return WhyLayout, nil
		}
		return "", err
	}
	// Each side is scanned once: SameBehaviour's comparison first, then
	// the rewrites on the same tokens.
	if _, ok := l.(Go); ok {
		for _, src := range [][]byte{before, after} {
			if isBinary(src) {
				return "", errBinary
			}
		}
		a, err := goScanTokens(before)
		if err != nil {
			return "", err
		}
		b, err := goScanTokens(after)
		if err != nil {
			return "", err
		}
		if messagesOnly(l, a, b) {
			return WhyMessages, nil
		}
		if same, err := goSameScanned(before, after, a, b); err != nil || same {
			if same {
				return WhyLayout, nil
			}
			return "", err
		}
		if names, ok := idiomsOnly(l, a, b); ok {
			return WhyIdioms + ": " + strings.Join(names, ", "), nil
		}
		return "", nil
	}
	a, err := BehaviourTokens(oldPath, before)
	if err != nil {
		return "", err
	}
	b, err := BehaviourTokens(newPath, after)
	if err != nil {
		return "", err
	}
	var whys []string
	if _, ok := l.(Java); ok {
		if a, b, ok = javaDropRemovedImports(a, b); !ok {
			return "", nil
		}
		if !equalTokens(a, b) {
			var widened bool
			if a, widened = javaWidenAccess(a, b); widened {
				whys = append(whys, WhyAccess)
			}
		}
	}
	if equalTokens(a, b) {
		if len(whys) == 0 {
			return WhyLayout, nil
		}
		return strings.Join(whys, "; "), nil
	}
	if messagesOnly(l, a, b) {
		return strings.Join(append(whys, WhyMessages), "; "), nil
	}
	if names, ok := idiomsOnly(l, a, b); ok {
		return strings.Join(append(whys, WhyIdioms+": "+strings.Join(names, ", ")), "; "), nil
	}
	return "", nil
}

// javaDropRemovedImports takes the import tokens ("i:...") out of both
// streams; ok is false when the newer one adds an import (which may
// change what a name means).
func javaDropRemovedImports(a, b []string) (restA, restB []string, ok bool) {
	oldImports := map[string]bool{}
	for _, t := range a {
		if strings.HasPrefix(t, "i:") {
			oldImports[t] = true
		} else {
			restA = append(restA, t)
		}
	}
	for _, t := range b {
		if strings.HasPrefix(t, "i:") {
			if !oldImports[t] {
				return nil, nil, false
			}
		} else {
			restB = append(restB, t)
		}
	}
	return restA, restB, true
}

// javaAccess ranks Java's access modifiers: private < package (none) <
// protected < public.
var javaAccess = map[string]int{"n:private": 0, "n:protected": 2, "n:public": 3}

// javaWidenAccess returns a with each access modifier replaced by b's
// where b widens the access of a constructor, a static member, a field or
// a type (a class, interface, enum or record), and widened true when it
// replaced any. Widening an instance method's access can make a
// subclass's method of the same signature override it, so that
// difference stays. Where the two streams differ otherwise, a is returned
// unchanged.
func javaWidenAccess(a, b []string) ([]string, bool) {
	out := make([]string, 0, len(b))
	widened := false
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if i < len(a) && j < len(b) && a[i] == b[j] {
			out = append(out, a[i])
			i++
			j++
			continue
		}
		if j >= len(b) {
			return a, false
		}
		nb, isB := javaAccess[b[j]]
		if !isB {
			return a, false
		}
		// The modifier of a: replaced (a[i] an access modifier) or none.
		oldRank, replaced := 1, false
		if i < len(a) {
			if r, ok := javaAccess[a[i]]; ok {
				oldRank, replaced = r, true
			}
		}
		if nb <= oldRank || !javaAccessHarmless(b, j) {
			return a, false
		}
		out = append(out, b[j])
		widened = true
		j++
		if replaced {
			i++
		}
	}
	return out, widened
}

// javaAccessHarmless reports whether the declaration whose modifiers
// include toks[at] is a constructor, a static member, a field or a type.
func javaAccessHarmless(toks []string, at int) bool {
	// The modifiers and annotations before it, back to the previous
	// member: a static there counts too.
	for k := at - 1; k >= 0; k-- {
		t := toks[k]
		if t == ";" || t == "{" || t == "}" {
			break
		}
		if t == "n:static" {
			return true
		}
	}
	level := 0
	for k := at + 1; k < len(toks); k++ {
		switch t := toks[k]; t {
		case "n:static", "n:class", "n:interface", "n:enum", "n:record":
			if level == 0 {
				return true
			}
		case "<":
			level++
		case ">":
			level--
		case ">>":
			level -= 2
		case ">>>":
			level -= 3
		case "=", ";":
			return level == 0 // a field
		case "(":
			// A method or a constructor: a constructor is named after the
			// class that encloses it.
			return k > 0 && toks[k-1] == "n:"+javaEnclosingClass(toks, at)
		case "{", "}":
			return false
		}
	}
	return false
}

// javaEnclosingClass returns the name of the class, enum or record whose
// body holds toks[at], or "".
func javaEnclosingClass(toks []string, at int) string {
	depth := 0
	open := -1
	for k := at - 1; k >= 0; k-- {
		if toks[k] == "}" {
			depth++
		} else if toks[k] == "{" {
			if depth == 0 {
				open = k
				break
			}
			depth--
		}
	}
	for k := open - 1; k >= 1; k-- {
		switch toks[k] {
		case ";", "{", "}":
			return ""
		}
		switch toks[k-1] {
		case "n:class", "n:enum", "n:record":
			return strings.TrimPrefix(toks[k], "n:")
		}
	}
	return ""
}

// messagesOnly reports whether a and b, token lists of one language,
// differ only in string literals that are messages: each differing pair
// is two strings of one kind, with the same placeholders, passed to an
// exception's constructor, an error constructor, a warning or a log call
// (messageContext), or, in Python, assigned to a name the next statement
// raises with.
func messagesOnly(l Analyzer, a, b []string) bool {
	if len(a) != len(b) {
		return messagesAdded(l, a, b)
	}
	diff := false
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		diff = true
		if !messageChanged(l, a, i, b[i]) {
			return false
		}
	}
	return diff
}

// messageChanged reports whether a[i] is a message that became to, a
// string of the same kind with the same placeholders.
func messageChanged(l Analyzer, a []string, i int, to string) bool {
	ka, sa, ok1 := stringToken(l, a[i])
	kb, sb, ok2 := stringToken(l, to)
	return ok1 && ok2 && ka == kb && equalTokens(placeholders(sa), placeholders(sb)) && messageContext(l, a, i)
}

// stringToken reports whether tok is a string literal of language l, and
// returns its kind (prefix) and body.
func stringToken(l Analyzer, tok string) (kind, body string, ok bool) {
	switch l.(type) {
	case Go:
		if strings.HasPrefix(tok, `"`) || strings.HasPrefix(tok, "`") {
			return tok[:1], tok, true
		}
	case Python:
		if c := strings.IndexByte(tok, ':'); c > 0 && tok[0] == 's' && !strings.ContainsAny(tok[:c], "bB") {
			return tok[:c], tok[c+1:], true
		}
	case JS:
		if strings.HasPrefix(tok, "s:") || strings.HasPrefix(tok, "`:") {
			return tok[:2], tok[2:], true
		}
	case Java:
		if strings.HasPrefix(tok, `l:"`) {
			return "l", tok[2:], true
		}
	}
	return "", "", false
}

// placeholders returns what in a message's text is code or read by code:
// printf verbs (%s, %-5d, %w, %%), {…} fields (format, f-strings) and
// ${…} (templates), in order.
func placeholders(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '%':
			j := i + 1
			for j < len(s) && strings.IndexByte("+-# 0123456789.*[]()", s[j]) >= 0 {
				if s[j] == '(' { // Python's %(name)s
					for j < len(s) && s[j] != ')' {
						j++
					}
				}
				j++
			}
			if j < len(s) {
				out = append(out, s[i:j+1])
			}
			i = j
		case '{':
			d, j := 0, i
			for ; j < len(s); j++ {
				if s[j] == '{' {
					d++
				} else if s[j] == '}' {
					d--
					if d == 0 {
						break
					}
				}
			}
			out = append(out, s[i:min(j+1, len(s))])
			i = j
		}
	}
	return out
}

// logMethods are the methods of a logger (or console, or warnings) that
// take a message.
var logMethods = map[string]bool{
	"debug": true, "info": true, "warn": true, "warning": true, "error": true, "exception": true, "critical": true,
	"fatal": true, "trace": true, "severe": true, "fine": true, "finer": true, "finest": true, "config": true,
	"Debug": true, "Info": true, "Warn": true, "Error": true, "Fatal": true, "Fatalf": true, "Fatalln": true,
	"Print": true, "Printf": true, "Println": true, "Panic": true, "Panicf": true, "Panicln": true,
	"Debugf": true, "Infof": true, "Warnf": true, "Errorf": true, "Warningf": true,
}

// loggers are the names, lowercased, a logger goes by.
var loggers = map[string]bool{"log": true, "logger": true, "logging": true, "_log": true, "_logger": true, "console": true, "slog": true, "warnings": true, "klog": true, "glog": true}

// messageContext reports whether the string t[i] is a message: an
// argument (alone or concatenated with others) of
//   - a raise or throw of, or the construction of, a class whose name ends
//     in Error, Exception or Warning (Python, JS/TS, Java);
//   - Go's errors.New, fmt.Errorf or panic;
//   - a log call: log, logger, logging, console, slog (and the like)
//     .debug/.info/.warn/.error/... (Go's log.Printf and the like), or
//     Python's warnings.warn;
//
// or, in Python, the whole value of "name = <string>" where the next
// statement is "raise X(name)" (ruff's EM rules ask for that form).
func messageContext(l Analyzer, t []string, i int) bool {
	name := func(k int) string {
		if k < 0 || k >= len(t) {
			return ""
		}
		if _, ok := l.(Go); ok {
			return t[k]
		}
		return strings.TrimPrefix(t[k], "n:")
	}
	if _, ok := l.(Python); ok && i >= 2 && t[i-1] == "=" && strings.HasPrefix(t[i-2], "n:") &&
		(i == 2 || t[i-3] == "NEWLINE" || t[i-3] == "INDENT" || t[i-3] == "DEDENT") &&
		i+6 < len(t) && t[i+1] == "NEWLINE" && t[i+2] == "n:raise" && strings.HasPrefix(t[i+3], "n:") &&
		t[i+4] == "(" && t[i+5] == t[i-2] && t[i+6] == ")" && exceptionName(name(i+3)) {
		return true
	}
	// The innermost open parenthesis before t[i], within the statement;
	// the tokens between it and t[i] (other strings, names, + and commas)
	// are other parts of the arguments.
	d := 0
	p := -1
	for k := i - 1; k >= 0 && p < 0; k-- {
		switch t[k] {
		case ")", "]", "}":
			d++
		case "(", "[", "{":
			if d == 0 {
				if t[k] != "(" {
					return false
				}
				p = k
			} else {
				d--
			}
		case ";", "NEWLINE", "INDENT", "DEDENT":
			if d == 0 {
				return false
			}
		}
	}
	if p < 1 {
		return false
	}
	callee := name(p - 1)
	if exceptionName(callee) {
		return true
	}
	recv := strings.ToLower(name(p - 3))
	if p >= 3 && t[p-2] == "." {
		if _, ok := l.(Go); ok && ((recv == "errors" && callee == "New") || (recv == "fmt" && callee == "Errorf")) {
			return true
		}
		if recv == "warnings" && callee == "warn" {
			return true
		}
		if logMethods[callee] && (loggers[recv] || strings.HasSuffix(recv, "logger") || strings.HasSuffix(recv, "_log")) {
			return true
		}
	}
	if _, ok := l.(Go); ok && callee == "panic" && (p < 2 || t[p-2] != ".") {
		return true
	}
	return false
}

// exceptionName reports whether a class name is an exception's: it ends
// in Error, Exception or Warning.
func exceptionName(n string) bool {
	for _, s := range []string{"Error", "Exception", "Warning"} {
		if strings.HasSuffix(n, s) && len(n) >= len(s) {
			return true
		}
	}
	return false
}

// messagesAdded is messagesOnly where the newer version also gives a
// message where the older one gave none, as linters and reviewers ask
// ("add messages when throwing NullPointerException"): the same exception
// is thrown, with a text for people. The message must be one plain string
// literal (no placeholders, not an f-string or a template), added
//
//   - as the only argument of an exception's constructor that had none
//     (`new IllegalStateException()`, `new Error()`, Python's
//     `ValueError()`), or to a Python `raise ValueError` that named the class
//     alone;
//   - as the last argument of Java's Objects.requireNonNull or Guava's
//     Preconditions.checkNotNull, checkArgument or checkState, written
//     qualified, whose one-argument forms throw the same exception without
//     a message (a format's arguments are not added, so nothing is
//     formatted).
//
// Apart from those insertions the two must be equal but for changed
// messages, as messagesOnly asks.
func messagesAdded(l Analyzer, a, b []string) bool {
	if _, ok := l.(Go); ok || len(b) <= len(a) {
		return false // Go's errors are made by calls that always take their text
	}
	plain := func(tok string) bool {
		kind, body, ok := stringToken(l, tok)
		return ok && len(placeholders(body)) == 0 && !strings.ContainsAny(kind, "fF`")
	}
	added := false
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] == b[j] {
			i++
			j++
			continue
		}
		if messageChanged(l, a, i, b[j]) {
			i++
			j++
			continue
		}
		switch {
		// (x) to (x, "m"): a precondition's message.
		case a[i] == ")" && j+2 < len(b) && b[j] == "," && plain(b[j+1]) && b[j+2] == ")" && preconditionCall(l, a, opening(a, i)):
			j += 2
		// () to ("m"): an exception's constructor.
		case a[i] == ")" && i > 0 && a[i-1] == "(" && j+1 < len(b) && plain(b[j]) && b[j+1] == ")" && i >= 2 && exceptionName(strings.TrimPrefix(a[i-2], "n:")):
			j++
		// raise E to raise E("m").
		case isPython(l) && i >= 2 && a[i-2] == "n:raise" && exceptionName(strings.TrimPrefix(a[i-1], "n:")) &&
			j+2 < len(b) && b[j] == "(" && plain(b[j+1]) && b[j+2] == ")":
			j += 3
		default:
			return false
		}
		added = true
	}
	return added && i == len(a) && j == len(b)
}

// isPython reports whether l is Python.
func isPython(l Analyzer) bool {
	_, ok := l.(Python)
	return ok
}

// preconditionCall reports whether the ( at open calls, in Java,
// Objects.requireNonNull or Preconditions.checkNotNull, checkArgument or
// checkState, written qualified.
func preconditionCall(l Analyzer, t []string, open int) bool {
	if _, ok := l.(Java); !ok || open < 3 || t[open-2] != "." {
		return false
	}
	switch t[open-3] + "." + t[open-1] {
	case "n:Objects.n:requireNonNull", "n:Preconditions.n:checkNotNull", "n:Preconditions.n:checkArgument", "n:Preconditions.n:checkState":
		return true
	}
	return false
}

package lang

import (
	"sort"
	"strings"
)

// jsJoinOps are the operators the JavaScript scanner leaves in pieces
// ('<' and '>' stand alone for generics), longest first.
var jsJoinOps = []string{">>>=", ">>=", "<<=", ">>>", ">=", "<=", ">>", "<<"}

// jsContinueWords are words that continue an expression on the next line,
// so no semicolon is inserted before them.
var jsContinueWords = map[string]bool{"in": true, "instanceof": true, "as": true, "satisfies": true, "of": true,
	"else": true, "catch": true, "finally": true, "while": true, "extends": true, "implements": true}

// jsRestricted are the words after which a line end always ends the
// statement.
var jsRestricted = map[string]bool{"return": true, "break": true, "continue": true, "yield": true, "throw": true}

// jsReducer reduces JavaScript or TypeScript tokens.
type jsReducer struct {
	src    []byte
	toks   []jsTok
	lines  []int // start line of each token
	ends   []int // end line of each token
	match  []int // partner of each bracket, -1 for others
	keep   []bool
	header []bool // ')' closing an if, for, while or with header
	class  []bool // '{' opening a class body
}

// jsTokens reduces JavaScript or TypeScript source; see BehaviourTokens.
// Comments (but JSX pragmas and bundler hints), layout, semicolons where a
// line end would insert them anyway, trailing commas, quote characters and
// parentheses around a lone arrow parameter are left out, and in
// TypeScript (ts) the types: annotations, interfaces, type aliases, type
// imports and exports, declare statements, generic parameters and
// arguments, as and satisfies, non-null assertions, implements clauses and
// the modifiers of class members. Enums, namespaces and the modifiers of
// constructor parameters (which declare properties) are code and stay.
func jsTokens(src []byte, ext string, ts bool) []string {
	lx := &jsLexer{src: src, jsx: ext != ".ts" && ext != ".mts" && ext != ".cts", tsx: ext == ".tsx"}
	lx.scan(0, false)
	sort.SliceStable(lx.comments, func(a, b int) bool { return lx.comments[a].start < lx.comments[b].start })
	r := &jsReducer{src: src, toks: lx.toks}
	n := len(r.toks)
	idx := newLineIndex(src)
	r.lines, r.ends, r.keep = make([]int, n), make([]int, n), make([]bool, n)
	r.header, r.class = make([]bool, n), make([]bool, n)
	for i, t := range r.toks {
		r.lines[i] = idx.line(t.start)
		r.ends[i] = idx.line(max(t.start, t.end-1))
		r.keep[i] = true
	}
	r.pair()
	for i := range r.toks {
		if r.is(i, "(") && r.match[i] > 0 && (r.word(i-1) == "if" || r.word(i-1) == "for" || r.word(i-1) == "while" || r.word(i-1) == "with") {
			r.header[r.match[i]] = true
		}
	}
	if ts {
		r.stripTypes()
	}
	out := r.emit()
	for _, c := range lx.comments {
		text := string(src[c.start:c.end])
		if strings.Contains(text, "@jsx") || strings.Contains(text, "webpack") || strings.Contains(text, "@vite-ignore") {
			out = append(out, "comment "+text)
		}
	}
	return out
}

func (r *jsReducer) pair() {
	r.match = make([]int, len(r.toks))
	var stack []int
	open := map[string]string{")": "(", "]": "[", "}": "{"}
	for i := range r.toks {
		r.match[i] = -1
		t := r.toks[i]
		if t.kind != jsPunct {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			stack = append(stack, i)
		case ")", "]", "}":
			if len(stack) > 0 && r.toks[stack[len(stack)-1]].text == open[t.text] {
				o := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				r.match[o], r.match[i] = i, o
			}
		}
	}
}

func (r *jsReducer) is(i int, text string) bool {
	return i >= 0 && i < len(r.toks) && r.toks[i].kind == jsPunct && r.toks[i].text == text
}

func (r *jsReducer) word(i int) string {
	if i >= 0 && i < len(r.toks) && r.toks[i].kind == jsIdent {
		return r.toks[i].text
	}
	return ""
}

// canEnd reports whether an expression or statement may end with token i.
func (r *jsReducer) canEnd(i int) bool {
	t := r.toks[i]
	switch t.kind {
	case jsIdent:
		return !jsNoEndWords[t.text] && !jsRegexAfterWords[t.text]
	case jsPunct:
		switch t.text {
		case ")":
			return !r.header[i]
		case "]", "}", "++", "--":
			return true
		}
		return false
	}
	return true
}

// emit writes the reduced stream of the kept tokens.
func (r *jsReducer) emit() []string {
	var kept []int
	for i, k := range r.keep {
		if k {
			kept = append(kept, i)
		}
	}
	firsts, texts := mergeOps(jsJoinOps, len(kept),
		func(k int) string { return r.toks[kept[k]].text },
		func(k int) bool { return r.toks[kept[k]].kind == jsPunct },
		func(k int) bool {
			a, b := r.toks[kept[k-1]], r.toks[kept[k]]
			return a.kind == jsPunct && b.kind == jsPunct && a.end == b.start
		})
	type tok struct {
		i    int // index in r.toks of the first token
		last int // index in r.toks of the last token
		text string
	}
	ts := make([]tok, len(firsts))
	for k, f := range firsts {
		last := len(kept) - 1
		if k+1 < len(firsts) {
			last = firsts[k+1] - 1
		}
		i := kept[f]
		t := r.toks[i]
		text := texts[k]
		switch t.kind {
		case jsString:
			text = "s:" + normQuoted(t.text, false)
		case jsNumber:
			text = "#:" + strings.ToLower(string(r.src[t.start:t.end]))
		case jsTemplate, jsRegex, jsJSX:
			text = "`:" + string(r.src[t.start:t.end])
		case jsIdent:
			text = "n:" + t.text
		}
		ts[k] = tok{i: i, last: kept[last], text: text}
	}
	var out []string
	var stack []string // open brackets
	for k := 0; k < len(ts); k++ {
		t := ts[k]
		last := t.last
		next := func(d int) string {
			if k+d < len(ts) {
				return ts[k+d].text
			}
			return ""
		}
		prev := ""
		if len(out) > 0 {
			prev = out[len(out)-1]
		}
		text := t.text
		if r.toks[t.i].kind == jsPunct {
			switch text {
			case ";":
				// A semicolon before '}' or the end of the file is implied,
				// but for an empty statement after a header.
				if (next(1) == "}" || next(1) == "") && prev != "n:else" && prev != "n:do" && !(k > 0 && r.header[ts[k-1].last]) {
					text = ""
				}
			case ",":
				if (next(1) == ")" || next(1) == "]" || next(1) == "}") && prev != "," && prev != "(" && prev != "[" && prev != "{" {
					text = ""
				}
			case "(":
				// (x) => is x =>.
				if strings.HasPrefix(next(1), "n:") && next(2) == ")" && next(3) == "=>" {
					out = append(out, next(1))
					text = "=>"
					last = ts[k+3].last
					k += 3
				}
			}
			switch text {
			case "(", "[", "{":
				stack = append(stack, text)
			case ")", "]", "}":
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
			}
		}
		if text != "" {
			out = append(out, text)
		}
		// A line end where the language would insert a semicolon.
		if k+1 < len(ts) && len(out) > 0 && out[len(out)-1] != ";" && (len(stack) == 0 || stack[len(stack)-1] == "{") {
			nt := ts[k+1]
			if r.lines[nt.i] > r.ends[last] && r.asi(last, nt.i) {
				out = append(out, ";")
			}
		}
	}
	return out
}

// asi reports whether a line end between tokens p and n ends a statement,
// as automatic semicolon insertion would: p may end one (or is return,
// break, continue, yield or throw) and n cannot continue it.
func (r *jsReducer) asi(p, n int) bool {
	if r.toks[p].kind == jsIdent && jsRestricted[r.toks[p].text] {
		return true
	}
	if !r.canEnd(p) {
		return false
	}
	switch t := r.toks[n]; t.kind {
	case jsIdent:
		return !jsContinueWords[t.text]
	case jsString, jsNumber, jsPrivate:
		return true
	case jsPunct:
		return t.text == "++" || t.text == "--" || t.text == "!" || t.text == "~"
	}
	return false
}

package lang

// javaOps are Java's operators of more than one character that its scanner
// leaves in pieces, longest first.
var javaOps = []string{">>>=", "<<=", ">>=", ">>>", "==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>"}

// javaTokens reduces Java source; see BehaviourTokens. Comments and layout
// are left out, and a trailing comma before '}' (an array initialiser, an
// enum's constants, an annotation's array).
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
	out := make([]string, 0, len(texts))
	for k, text := range texts {
		if text == "," && k+1 < len(texts) && texts[k+1] == "}" && toks[firsts[k+1]].kind == javaPunct {
			continue
		}
		switch toks[firsts[k]].kind {
		case javaIdent:
			text = "n:" + text
		case javaLiteral:
			text = "l:" + text
		}
		out = append(out, text)
	}
	return out
}

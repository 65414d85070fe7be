package coverage

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"
)

// How Cobertura XML is read is told in the package doc.

// maxSourceLen bounds the text of one <source>.
const maxSourceLen = 64 << 10

// encodingError is a declared XML encoding other than UTF-8.
type encodingError struct{ label string }

func (e *encodingError) Error() string {
	return fmt.Sprintf("XML encoding %q is not supported: want UTF-8", e.label)
}

func parseCobertura(r io.Reader, cr *countingReader, res *resolver, p *Profile) error {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "us-ascii", "ascii":
			return in, nil // a subset of UTF-8
		}
		return nil, &encodingError{label}
	}
	line := func() int { l, _ := dec.InputPos(); return l }

	var (
		sources   []string
		inSources bool
		source    *strings.Builder // the <source> being read, nil outside one
		classes   []string         // the stack of open <class> filenames
		depth     int
		rootSeen  bool
		raw       = map[string]map[int]int{} // filename as written -> lines
		order     []string
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if se, ok := errors.AsType[*xml.SyntaxError](err); ok {
				return errorf(se.Line, "malformed XML: %s", se.Msg)
			}
			if ee, ok := errors.AsType[*encodingError](err); ok {
				return errorf(line(), "%s", ee)
			}
			if cr.err != nil && errors.Is(err, cr.err) {
				return err
			}
			return errorf(line(), "malformed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			if !bytes.HasPrefix(t, []byte("DOCTYPE")) || bytes.ContainsAny(t, "[<") {
				return errorf(line(), "XML declarations of a DTD internal subset or entities are not allowed in a coverage report")
			}
		case xml.StartElement:
			depth++
			name := t.Name.Local
			if !rootSeen {
				rootSeen = true
				switch name {
				case "coverage":
				case "report":
					return errorf(line(), "XML root <report> is JaCoCo's format, not Cobertura's; %s", understood)
				default:
					return errorf(line(), "XML root <%s> is not Cobertura's <coverage>; %s", clip(name), understood)
				}
				continue
			}
			switch name {
			case "project":
				if depth == 2 {
					return errorf(line(), "this is Clover XML (<coverage><project>), not Cobertura; %s", understood)
				}
			case "sources":
				inSources = depth == 2
			case "source":
				if inSources {
					source = &strings.Builder{}
				}
			case "class":
				fn, ok := attr(t, "filename")
				if !ok || strings.TrimSpace(fn) == "" {
					return errorf(line(), "<class> without a filename attribute")
				}
				classes = append(classes, fn)
			case "line":
				if len(classes) == 0 {
					return errorf(line(), "<line> outside a <class>")
				}
				num, ok1 := attr(t, "number")
				hits, ok2 := attr(t, "hits")
				if !ok1 || !ok2 {
					return errorf(line(), "<line> without number and hits attributes")
				}
				ln, ok := atoiNonNeg(strings.TrimSpace(num))
				if !ok || ln < 1 {
					return errorf(line(), "<line number=%q>: bad line number", clip(num))
				}
				hits = strings.TrimSpace(hits)
				h, ok := atoiNonNeg(strings.TrimPrefix(hits, "-"))
				if !ok {
					return errorf(line(), "<line hits=%q>: bad hit count", clip(hits))
				}
				if strings.HasPrefix(hits, "-") {
					h = 0
				}
				fn := classes[len(classes)-1]
				m := raw[fn]
				if m == nil {
					m = map[int]int{}
					raw[fn] = m
					order = append(order, fn)
				}
				if old, seen := m[ln]; !seen || h > old {
					m[ln] = h
				}
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "sources":
				inSources = false
			case "source":
				if source != nil {
					if s := strings.TrimSpace(source.String()); s != "" {
						sources = append(sources, s)
					}
					source = nil
				}
			case "class":
				if len(classes) > 0 {
					classes = classes[:len(classes)-1]
				}
			}
		case xml.CharData:
			if source != nil {
				if source.Len()+len(t) > maxSourceLen {
					return errorf(line(), "<source> longer than %d bytes", maxSourceLen)
				}
				source.Write(t)
			}
		}
	}
	if !rootSeen {
		return &ParseError{Msg: "XML without a <coverage> element; " + understood}
	}
	// Sources are resolved at the end: nothing in the stream promises they
	// come before the classes.
	for _, fn := range order {
		file := res.coberturaPath(fn, sources)
		for ln, h := range raw[fn] {
			p.add(file, ln, h)
		}
	}
	return nil
}

// attr returns the value of the attribute named name (any namespace).
func attr(t xml.StartElement, name string) (string, bool) {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// coberturaPath maps a class filename, relative to one of sources, to a
// repository path.
func (r *resolver) coberturaPath(filename string, sources []string) string {
	if filepath.IsAbs(filename) {
		return r.rel(filename)
	}
	fallback := ""
	for _, s := range sources {
		var c string
		switch {
		case filepath.IsAbs(s):
			c = r.rel(filepath.Join(s, filename))
		case r.root != "":
			c = r.rel(filepath.Join(r.root, s, filename))
		default:
			c = cleanRel(path.Join(filepath.ToSlash(s), filepath.ToSlash(filename)))
		}
		if r.exists(c) {
			return c
		}
		inside := !path.IsAbs(c) && c != ".." && !strings.HasPrefix(c, "../")
		if fallback == "" && inside {
			fallback = c
		}
	}
	if fallback != "" {
		return fallback
	}
	return cleanRel(filename)
}

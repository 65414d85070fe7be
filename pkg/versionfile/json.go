package versionfile

import (
	"encoding/json"
	"errors"
)

// findJSON finds the top-level "version" string of a package.json. Nested
// "version" keys (in dependencies, engines, publishConfig) are not the
// package's and are left alone.
func findJSON(data []byte) ([]span, string, error) {
	if !json.Valid(data) {
		var v interface{}
		err := json.Unmarshal(data, &v)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, "", syntaxf(lineOf(data, int(se.Offset)), "not valid JSON: %v", se)
		}
		return nil, "", syntaxf(0, "not valid JSON")
	}
	s := &jsonScanner{data: data}
	s.space()
	if s.i >= len(data) || data[s.i] != '{' {
		return nil, "", nil // valid JSON, but not an object: no version
	}
	s.i++
	var spans []span
	note := ""
	for {
		s.space()
		if s.i < len(data) && data[s.i] == '}' {
			return spans, note, nil
		}
		if s.i < len(data) && data[s.i] == ',' {
			s.i++
			continue
		}
		ks, ke := s.str()
		s.space()
		s.i++ // the colon
		s.space()
		key := string(data[ks:ke])
		if key == "version" && s.i < len(data) && data[s.i] == '"' {
			vs, ve := s.str()
			for _, c := range data[vs:ve] {
				if c == '\\' {
					return nil, "", &Error{Line: lineOf(data, vs), Msg: "the version holds a JSON escape; write it plainly", Kind: ErrNotVersion}
				}
			}
			spans = append(spans, span{vs, ve})
			continue
		}
		if key == "version" {
			note = "\"version\" is not a string"
		}
		s.skipValue()
	}
}

// jsonScanner walks JSON already known to be valid.
type jsonScanner struct {
	data []byte
	i    int
}

func (s *jsonScanner) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

// str reads a string at s.i and returns the range of its contents.
func (s *jsonScanner) str() (int, int) {
	s.i++ // the opening quote
	start := s.i
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case '\\':
			s.i += 2
			continue
		case '"':
			end := s.i
			s.i++
			return start, end
		}
		s.i++
	}
	return start, s.i
}

// skipValue moves past one value of any kind.
func (s *jsonScanner) skipValue() {
	depth := 0
	for s.i < len(s.data) {
		switch c := s.data[s.i]; c {
		case '"':
			s.str()
			if depth == 0 {
				return
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return // the end of the enclosing object
			}
			depth--
			if depth == 0 {
				s.i++
				return
			}
		case ',':
			if depth == 0 {
				return
			}
		}
		s.i++
	}
}

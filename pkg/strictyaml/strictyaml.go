// Package strictyaml decodes the YAML files hotfix reads from people (the
// config, records, answer files) strictly: an unknown key is an error naming
// the key, its line and the keys allowed there; aliases are refused (no
// "billion laughs"); and documents are capped in size.
package strictyaml

import (
	"bytes"
	"encoding"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Error is an error in a strict YAML document, with its line when known.
type Error struct {
	File string
	Line int
	Msg  string
}

// Error renders "file:line: message".
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// MaxSize is the largest document Decode accepts.
const MaxSize = 4 << 20

// Decode parses data (from file, named in errors) into v strictly and returns
// the document node, for Line. An empty document leaves v unchanged.
func Decode(file string, data []byte, v interface{}) (*yaml.Node, error) {
	if len(data) > MaxSize {
		return nil, &Error{File: file, Msg: fmt.Sprintf("is %d bytes; the limit is %d", len(data), MaxSize)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &Error{File: file, Msg: "is not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &doc, nil
	}
	if a := firstAlias(&doc); a != nil {
		return nil, &Error{File: file, Line: a.Line, Msg: "aliases are not allowed (*name); write the value out in full"}
	}
	if err := CheckKnownKeys(file, &doc, reflect.TypeOf(v)); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
		msg, _, _ = strings.Cut(msg, "\n")
		e := &Error{File: file, Msg: msg}
		var line int
		if _, err := fmt.Sscanf(msg, "line %d:", &line); err == nil {
			e.Line = line
			e.Msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		}
		return nil, e
	}
	return &doc, nil
}

// firstAlias finds the first alias anywhere in the document: in a value, a
// list item or a mapping key, whatever Go type it would decode into.
func firstAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		return n
	}
	for _, c := range n.Content {
		if a := firstAlias(c); a != nil {
			return a
		}
	}
	return nil
}

// CheckKnownKeys walks a YAML document and reports the first mapping key that
// the Go type t does not declare (by its yaml tags), naming the key, its line
// and the keys that are allowed there. Decoding with yaml's KnownFields
// catches the same keys; this walk gives the person a better message.
func CheckKnownKeys(file string, doc *yaml.Node, t reflect.Type) error {
	n := doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	return checkNode(file, n, t, "")
}

func checkNode(file string, n *yaml.Node, t reflect.Type, path string) error {
	for t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	if n.Kind == yaml.AliasNode {
		return &Error{File: file, Line: n.Line, Msg: "aliases are not allowed here"}
	}
	switch t.Kind() {
	case reflect.Struct:
		switch reflect.New(t).Interface().(type) {
		case yaml.Unmarshaler, encoding.TextUnmarshaler:
			return nil // decoded from a scalar by its own rules
		}
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return nil
		}
		if n.Kind != yaml.MappingNode {
			return &Error{File: file, Line: n.Line, Msg: fmt.Sprintf("%s must be a mapping of keys", where(path))}
		}
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			ft, ok := fields[k.Value]
			if !ok {
				return &Error{File: file, Line: k.Line, Msg: fmt.Sprintf("unknown key %q in %s (known keys: %s)", k.Value, where(path), strings.Join(sortedKeys(fields), ", "))}
			}
			if err := checkNode(file, v, ft, join(path, k.Value)); err != nil {
				return err
			}
		}
	case reflect.Slice:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return nil
		}
		if n.Kind != yaml.SequenceNode {
			return &Error{File: file, Line: n.Line, Msg: fmt.Sprintf("%s must be a list", where(path))}
		}
		for i, c := range n.Content {
			if err := checkNode(file, c, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		if n.Kind == yaml.MappingNode {
			for i := 1; i < len(n.Content); i += 2 {
				if err := checkNode(file, n.Content[i], t.Elem(), path); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func where(path string) string {
	if path == "" {
		return "the top level"
	}
	return path
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

// yamlFields maps each yaml key of struct t to its field type, following
// inline embedded structs.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.PkgPath != "" && !f.Anonymous {
			continue
		}
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if strings.Contains(opts, "inline") {
			ft := f.Type
			for ft.Kind() == reflect.Ptr {
				ft = ft.Elem()
			}
			for k, v := range yamlFields(ft) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f.Type
	}
	return out
}

func sortedKeys(m map[string]reflect.Type) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Line finds the line of the node at path (keys and list indexes) in doc,
// or 0 when it is absent.
func Line(doc *yaml.Node, path ...interface{}) int {
	n := doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, p := range path {
		switch p := p.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return line
			}
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					line = n.Content[i].Line
					n = n.Content[i+1]
					found = true
					break
				}
			}
			if !found {
				return line
			}
		case int:
			if n.Kind != yaml.SequenceNode || p >= len(n.Content) {
				return line
			}
			n = n.Content[p]
			line = n.Line
		}
	}
	return line
}

// Marshal renders v as YAML with two-space indentation, the style of the
// files hotfix writes.
func Marshal(v interface{}) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

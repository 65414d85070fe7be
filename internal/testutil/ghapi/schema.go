package ghapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// schemaKeywords are the validation keywords the validator implements: every
// one that the OpenAPI description's schemas use (see the package doc).
var schemaKeywords = map[string]bool{
	"type": true, "nullable": true, "enum": true, "format": true,
	"properties": true, "required": true, "additionalProperties": true,
	"items": true, "minItems": true,
	"minLength": true, "maxLength": true, "minimum": true, "maximum": true,
	"oneOf": true, "anyOf": true, "allOf": true,
}

// annotationKeywords carry no constraint and are ignored, as are all x-*
// extensions.
var annotationKeywords = map[string]bool{
	"title": true, "description": true, "example": true, "examples": true,
	"default": true, "deprecated": true, "readOnly": true, "writeOnly": true,
	"externalDocs": true,
}

// schema is one compiled JSON schema (OpenAPI 3.0 flavour).
type schema struct {
	typ                 string // "" when the schema does not constrain the type
	nullable            bool
	enum                []any
	format              string
	properties          map[string]*schema
	required            []string
	additional          *schema // additionalProperties as a schema
	additionalFalse     bool    // additionalProperties: false
	items               *schema
	minItems            int
	minLength           int
	maxLength           int // -1: none
	minimum, maximum    *float64
	oneOf, anyOf, allOf []*schema
}

// compileSchema turns a decoded JSON schema (numbers as json.Number) into a
// schema, refusing any keyword the validator does not implement.
func compileSchema(v any, where string) (*schema, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: a schema must be an object, got %T", where, v)
	}
	s := &schema{maxLength: -1}
	for k, val := range m {
		if annotationKeywords[k] || strings.HasPrefix(k, "x-") {
			continue
		}
		if !schemaKeywords[k] {
			return nil, fmt.Errorf("%s: schema keyword %q is not supported by the ghapi validator", where, k)
		}
		var err error
		switch k {
		case "type":
			t, ok := val.(string)
			if !ok {
				return nil, fmt.Errorf("%s: type must be a string", where)
			}
			switch t {
			case "string", "integer", "number", "boolean", "object", "array":
			default:
				return nil, fmt.Errorf("%s: unknown type %q", where, t)
			}
			s.typ = t
		case "nullable":
			s.nullable, ok = val.(bool)
			if !ok {
				return nil, fmt.Errorf("%s: nullable must be a boolean", where)
			}
		case "enum":
			s.enum, ok = val.([]any)
			if !ok {
				return nil, fmt.Errorf("%s: enum must be an array", where)
			}
		case "format":
			s.format, ok = val.(string)
			if !ok {
				return nil, fmt.Errorf("%s: format must be a string", where)
			}
		case "properties":
			pm, ok := val.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s: properties must be an object", where)
			}
			s.properties = map[string]*schema{}
			for name, sub := range pm {
				if s.properties[name], err = compileSchema(sub, where+"."+name); err != nil {
					return nil, err
				}
			}
		case "required":
			list, ok := val.([]any)
			if !ok {
				return nil, fmt.Errorf("%s: required must be an array", where)
			}
			for _, r := range list {
				name, ok := r.(string)
				if !ok {
					return nil, fmt.Errorf("%s: required must list strings", where)
				}
				s.required = append(s.required, name)
			}
		case "additionalProperties":
			switch a := val.(type) {
			case bool:
				s.additionalFalse = !a
			default:
				if s.additional, err = compileSchema(a, where+"{additionalProperties}"); err != nil {
					return nil, err
				}
			}
		case "items":
			if s.items, err = compileSchema(val, where+"[]"); err != nil {
				return nil, err
			}
		case "minItems", "minLength", "maxLength":
			n, err := schemaInt(val)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %v", where, k, err)
			}
			switch k {
			case "minItems":
				s.minItems = n
			case "minLength":
				s.minLength = n
			case "maxLength":
				s.maxLength = n
			}
		case "minimum", "maximum":
			num, ok := val.(json.Number)
			if !ok {
				return nil, fmt.Errorf("%s: %s must be a number", where, k)
			}
			f, err := num.Float64()
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %v", where, k, err)
			}
			if k == "minimum" {
				s.minimum = &f
			} else {
				s.maximum = &f
			}
		case "oneOf", "anyOf", "allOf":
			list, ok := val.([]any)
			if !ok || len(list) == 0 {
				return nil, fmt.Errorf("%s: %s must be a non-empty array", where, k)
			}
			var subs []*schema
			for i, sub := range list {
				c, err := compileSchema(sub, fmt.Sprintf("%s{%s[%d]}", where, k, i))
				if err != nil {
					return nil, err
				}
				subs = append(subs, c)
			}
			switch k {
			case "oneOf":
				s.oneOf = subs
			case "anyOf":
				s.anyOf = subs
			case "allOf":
				s.allOf = subs
			}
		}
	}
	return s, nil
}

func schemaInt(v any) (int, error) {
	num, ok := v.(json.Number)
	if !ok {
		return 0, fmt.Errorf("must be an integer")
	}
	n, err := strconv.Atoi(num.String())
	if err != nil || n < 0 {
		return 0, fmt.Errorf("must be a non-negative integer")
	}
	return n, nil
}

// validate checks v (decoded with json.Decoder.UseNumber) against s and
// returns one message per violation, each starting with the JSON path of the
// offending value ($ is the document).
func (s *schema) validate(v any, path string) []string {
	var errs []string
	s.check(v, path, &errs)
	return errs
}

func (s *schema) check(v any, path string, errs *[]string) {
	fail := func(format string, args ...any) {
		*errs = append(*errs, path+": "+fmt.Sprintf(format, args...))
	}
	if v == nil {
		if s.nullable {
			return
		}
		if s.typ != "" {
			fail("null is not allowed (expected %s)", s.typ)
			return
		}
		if s.oneOf == nil && s.anyOf == nil && s.allOf == nil && s.enum == nil {
			return // an unconstrained schema
		}
	}
	if s.typ != "" && !hasType(v, s.typ) {
		fail("expected %s, got %s", s.typ, jsonKind(v))
		return
	}
	if s.enum != nil && !inEnum(v, s.enum) {
		fail("%s is not one of %s", short(v), enumList(s.enum))
	}
	if s.format != "" {
		if msg := checkFormat(s.format, v); msg != "" {
			fail("%s", msg)
		}
	}
	switch x := v.(type) {
	case string:
		n := utf8.RuneCountInString(x)
		if n < s.minLength {
			fail("string is shorter than %d characters", s.minLength)
		}
		if s.maxLength >= 0 && n > s.maxLength {
			fail("string is longer than %d characters", s.maxLength)
		}
	case json.Number:
		if f, err := x.Float64(); err == nil {
			if s.minimum != nil && f < *s.minimum {
				fail("%s is less than the minimum %v", x, *s.minimum)
			}
			if s.maximum != nil && f > *s.maximum {
				fail("%s is greater than the maximum %v", x, *s.maximum)
			}
		}
	case []any:
		if len(x) < s.minItems {
			fail("array has %d items, fewer than the minimum %d", len(x), s.minItems)
		}
		if s.items != nil {
			for i, item := range x {
				s.items.check(item, fmt.Sprintf("%s[%d]", path, i), errs)
			}
		}
	case map[string]any:
		for _, name := range s.required {
			if _, ok := x[name]; !ok {
				fail("required property %q is missing", name)
			}
		}
		names := make([]string, 0, len(x))
		for name := range x {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			sub := s.properties[name]
			switch {
			case sub != nil:
				sub.check(x[name], path+"."+name, errs)
			case s.additionalFalse:
				fail("property %q is not allowed (additionalProperties is false)", name)
			case s.additional != nil:
				s.additional.check(x[name], path+"."+name, errs)
			}
		}
	}
	for _, sub := range s.allOf {
		sub.check(v, path, errs)
	}
	if s.anyOf != nil {
		var firstErrs []string
		ok := false
		for _, sub := range s.anyOf {
			e := sub.validate(v, path)
			if len(e) == 0 {
				ok = true
				break
			}
			if firstErrs == nil {
				firstErrs = e
			}
		}
		if !ok {
			fail("matches none of the %d anyOf alternatives (first: %s)", len(s.anyOf), strings.Join(firstErrs, "; "))
		}
	}
	if s.oneOf != nil {
		matched := 0
		var why []string
		for i, sub := range s.oneOf {
			e := sub.validate(v, path)
			if len(e) == 0 {
				matched++
				continue
			}
			why = append(why, fmt.Sprintf("alternative %d (%s): %s", i+1, sub.describe(), strings.Join(e, "; ")))
		}
		switch {
		case matched == 0:
			fail("matches none of the oneOf alternatives: %s", strings.Join(why, " | "))
		case matched > 1:
			fail("matches %d of the oneOf alternatives, but must match exactly one", matched)
		}
	}
}

// describe names a schema briefly for error messages.
func (s *schema) describe() string {
	switch {
	case s.typ != "":
		return s.typ
	case s.oneOf != nil:
		return "oneOf"
	case s.anyOf != nil:
		return "anyOf"
	case s.allOf != nil:
		return "allOf"
	}
	return "any"
}

func hasType(v any, typ string) bool {
	switch typ {
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		_, err := strconv.ParseInt(n.String(), 10, 64)
		return err == nil
	}
	return false
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number:
		if hasType(x, "integer") {
			return "integer"
		}
		return "number " + x.String()
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func inEnum(v any, enum []any) bool {
	for _, e := range enum {
		if jsonEqual(v, e) {
			return true
		}
	}
	return false
}

func jsonEqual(a, b any) bool {
	switch x := a.(type) {
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		fx, e1 := x.Float64()
		fy, e2 := y.Float64()
		return e1 == nil && e2 == nil && fx == fy
	case string, bool, nil:
		return a == b
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 60 {
		return string(b[:57]) + "..."
	}
	return string(b)
}

func enumList(enum []any) string {
	parts := make([]string, len(enum))
	for i, e := range enum {
		parts[i] = short(e)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

var nwoPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$`)

// checkFormat validates the formats the description uses; unknown formats
// are accepted, as JSON Schema says.
func checkFormat(format string, v any) string {
	switch format {
	case "date-time":
		s, ok := v.(string)
		if !ok {
			return ""
		}
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			return fmt.Sprintf("%q is not a date-time (RFC 3339)", s)
		}
	case "uri":
		s, ok := v.(string)
		if !ok {
			return ""
		}
		u, err := url.Parse(s)
		if err != nil || !u.IsAbs() {
			return fmt.Sprintf("%q is not an absolute URI", s)
		}
	case "email":
		s, ok := v.(string)
		if !ok {
			return ""
		}
		if _, err := mail.ParseAddress(s); err != nil {
			return fmt.Sprintf("%q is not an email address", s)
		}
	case "int64":
		n, ok := v.(json.Number)
		if !ok {
			return ""
		}
		if _, err := strconv.ParseInt(n.String(), 10, 64); err != nil {
			return fmt.Sprintf("%s is not an int64", n)
		}
	case "repo.nwo":
		s, ok := v.(string)
		if !ok {
			return ""
		}
		if !nwoPattern.MatchString(s) {
			return fmt.Sprintf("%q is not a repository name with owner (owner/name)", s)
		}
	}
	return ""
}

// decodeJSON decodes one JSON document with numbers kept as json.Number and
// refuses trailing data.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("unexpected data after the JSON value")
	}
	return v, nil
}

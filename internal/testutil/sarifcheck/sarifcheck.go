// Package sarifcheck checks a SARIF log against the part of the SARIF
// 2.1.0 schema that hotfix's output can reach, transcribed from the OASIS
// schema: verify's own tests and the Action's use it, so that both validate
// the same way. The schema file itself is not committed (public data
// files fetched from elsewhere are not), its constraints are.
package sarifcheck

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Validate returns what in doc (a SARIF log decoded from JSON into
// interface{} values) the schema rejects, one line each with its JSON
// path; none when it validates.
func Validate(doc interface{}) []string {
	var errs []string
	validateSARIF(doc, "log", "$", &errs)
	return errs
}

// sarifDef is the part of a SARIF 2.1.0 schema definition that hotfix's
// output can reach, transcribed from the OASIS schema
// (sarif-schema-2.1.0.json, definitions of the same names): every object
// there has additionalProperties false, so a property not listed here is an
// error, as are missing required properties, wrong types and values outside
// an enum or below a minimum.
type sarifDef struct {
	required []string
	props    map[string]sarifProp
	// open objects (propertyBag) accept any property.
	open bool
}

type sarifProp struct {
	kind    string // string, integer, number, boolean, object, array
	ref     string // definition of an object or of array items
	enum    []string
	min     *float64
	format  string // uri, uri-reference
	minItem int
}

func minimum(f float64) *float64 { return &f }

var sarifSchema = map[string]sarifDef{
	"log": {required: []string{"version", "runs"}, props: map[string]sarifProp{
		"$schema":    {kind: "string", format: "uri"},
		"version":    {kind: "string", enum: []string{"2.1.0"}},
		"runs":       {kind: "array", ref: "run"},
		"properties": {kind: "object", ref: "propertyBag"},
	}},
	"run": {required: []string{"tool"}, props: map[string]sarifProp{
		"tool":        {kind: "object", ref: "tool"},
		"invocations": {kind: "array", ref: "invocation"},
		"results":     {kind: "array", ref: "result"},
		"properties":  {kind: "object", ref: "propertyBag"},
	}},
	"tool": {required: []string{"driver"}, props: map[string]sarifProp{
		"driver":     {kind: "object", ref: "toolComponent"},
		"properties": {kind: "object", ref: "propertyBag"},
	}},
	"toolComponent": {required: []string{"name"}, props: map[string]sarifProp{
		"name":           {kind: "string"},
		"version":        {kind: "string"},
		"informationUri": {kind: "string", format: "uri"},
		"rules":          {kind: "array", ref: "reportingDescriptor"},
	}},
	"reportingDescriptor": {required: []string{"id"}, props: map[string]sarifProp{
		"id":               {kind: "string"},
		"name":             {kind: "string"},
		"shortDescription": {kind: "object", ref: "multiformatMessageString"},
		"helpUri":          {kind: "string", format: "uri"},
	}},
	"multiformatMessageString": {required: []string{"text"}, props: map[string]sarifProp{
		"text": {kind: "string"}, "markdown": {kind: "string"},
	}},
	"invocation": {required: []string{"executionSuccessful"}, props: map[string]sarifProp{
		"executionSuccessful": {kind: "boolean"},
	}},
	"result": {required: []string{"message"}, props: map[string]sarifProp{
		"ruleId":       {kind: "string"},
		"ruleIndex":    {kind: "integer", min: minimum(-1)},
		"level":        {kind: "string", enum: []string{"none", "note", "warning", "error"}},
		"message":      {kind: "object", ref: "message"},
		"locations":    {kind: "array", ref: "location"},
		"suppressions": {kind: "array", ref: "suppression"},
	}},
	"message": {props: map[string]sarifProp{"text": {kind: "string"}, "id": {kind: "string"}}},
	"location": {props: map[string]sarifProp{
		"physicalLocation": {kind: "object", ref: "physicalLocation"},
	}},
	"physicalLocation": {props: map[string]sarifProp{
		"artifactLocation": {kind: "object", ref: "artifactLocation"},
		"region":           {kind: "object", ref: "region"},
	}},
	"artifactLocation": {props: map[string]sarifProp{
		"uri":       {kind: "string", format: "uri-reference"},
		"uriBaseId": {kind: "string"},
	}},
	"region": {props: map[string]sarifProp{
		"startLine": {kind: "integer", min: minimum(1)},
		"endLine":   {kind: "integer", min: minimum(1)},
	}},
	"suppression": {required: []string{"kind"}, props: map[string]sarifProp{
		"kind":          {kind: "string", enum: []string{"inSource", "external"}},
		"status":        {kind: "string", enum: []string{"accepted", "underReview", "rejected"}},
		"justification": {kind: "string"},
	}},
	"propertyBag": {open: true},
}

func validateSARIF(v interface{}, def, at string, errs *[]string) {
	obj, ok := v.(map[string]interface{})
	if !ok {
		*errs = append(*errs, at+": not an object")
		return
	}
	d := sarifSchema[def]
	for _, r := range d.required {
		if _, ok := obj[r]; !ok {
			*errs = append(*errs, fmt.Sprintf("%s: missing required %q", at, r))
		}
	}
	if def == "message" {
		if _, ok := obj["text"]; !ok {
			if _, ok := obj["id"]; !ok {
				*errs = append(*errs, at+": a message needs text or id")
			}
		}
	}
	if def == "physicalLocation" {
		if _, ok := obj["artifactLocation"]; !ok {
			*errs = append(*errs, at+": needs artifactLocation (or address)")
		}
	}
	if d.open {
		return
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p, ok := d.props[k]
		path := at + "." + k
		if !ok {
			*errs = append(*errs, path+": property not allowed by the schema")
			continue
		}
		checkProp(obj[k], p, path, errs)
	}
}

func checkProp(v interface{}, p sarifProp, path string, errs *[]string) {
	switch p.kind {
	case "string":
		s, ok := v.(string)
		if !ok {
			*errs = append(*errs, path+": not a string")
			return
		}
		if len(p.enum) > 0 && !contains(p.enum, s) {
			*errs = append(*errs, fmt.Sprintf("%s: %q not in %v", path, s, p.enum))
		}
		switch p.format {
		case "uri":
			if u, err := url.Parse(s); err != nil || !u.IsAbs() {
				*errs = append(*errs, fmt.Sprintf("%s: %q is not an absolute URI", path, s))
			}
		case "uri-reference":
			if _, err := url.Parse(s); err != nil || strings.Contains(s, "\\") {
				*errs = append(*errs, fmt.Sprintf("%s: %q is not a URI reference", path, s))
			}
		}
	case "integer", "number":
		n, ok := v.(float64)
		if !ok || (p.kind == "integer" && n != float64(int64(n))) {
			*errs = append(*errs, path+": not an "+p.kind)
			return
		}
		if p.min != nil && n < *p.min {
			*errs = append(*errs, fmt.Sprintf("%s: %v below the minimum %v", path, n, *p.min))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			*errs = append(*errs, path+": not a boolean")
		}
	case "object":
		validateSARIF(v, p.ref, path, errs)
	case "array":
		items, ok := v.([]interface{})
		if !ok {
			*errs = append(*errs, path+": not an array")
			return
		}
		for i, it := range items {
			validateSARIF(it, p.ref, fmt.Sprintf("%s[%d]", path, i), errs)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

package ghapi

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// SpecPath is the path of GitHub's OpenAPI description the server enforces,
// relative to the module root.
const SpecPath = "testdata/github-api/api.github.com.subset.json"

// spec is the parsed OpenAPI description: its operations, ready to match.
type spec struct {
	version string
	ops     []*operation
	byID    map[string]*operation
}

// operation is one OpenAPI operation.
type operation struct {
	id       string // operationId, like "pulls/create"
	method   string // upper case
	template string // path template, like "/repos/{owner}/{repo}/pulls"
	docURL   string // externalDocs.url, used as documentation_url in errors
	segs     []tmplSeg
	path     map[string]*param
	query    map[string]*param
	body     *schema // nil: no request body
	bodyReq  bool
	resp     map[string]*response // by status code ("200", "404")
}

// param is a path or query parameter.
type param struct {
	name     string
	in       string
	required bool
	multi    bool // x-multi-segment: the value may hold slashes
	schema   *schema
	def      any // the schema's default, if any
}

// response is one documented response of an operation.
type response struct {
	schemas map[string]*schema // by content type
	headers []string
}

// tmplSeg is one segment of a path template: literal text, or parameters
// separated by literal text ("{base}...{head}").
type tmplSeg struct {
	lit    string
	params []string
	seps   []string // len(params)-1 separators
}

var (
	specOnce sync.Once
	specVal  *spec
	specErr  error
)

// loadSpec reads and compiles the description once per test process.
func loadSpec() (*spec, error) {
	specOnce.Do(func() {
		specVal, specErr = readSpec(specFile())
	})
	return specVal, specErr
}

// specFile finds the description from this source file's location, so that
// tests of any package in the module find it.
func specFile() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return SpecPath
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "..", filepath.FromSlash(SpecPath))
}

func readSpec(path string) (*spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("ghapi: reading GitHub's OpenAPI description: %w", err)
	}
	doc, err := decodeJSON(data)
	if err != nil {
		return nil, fmt.Errorf("ghapi: parsing %s: %w", path, err)
	}
	root, _ := doc.(map[string]any)
	paths, _ := root["paths"].(map[string]any)
	if paths == nil {
		return nil, fmt.Errorf("ghapi: %s has no paths", path)
	}
	sp := &spec{byID: map[string]*operation{}}
	if info, ok := root["info"].(map[string]any); ok {
		sp.version, _ = info["version"].(string)
	}
	if !bytes.Contains(data, []byte(`"paths"`)) || bytes.Contains(data, []byte(`"$ref"`)) {
		return nil, fmt.Errorf("ghapi: %s must be fully dereferenced (no $ref)", path)
	}
	templates := make([]string, 0, len(paths))
	for t := range paths {
		templates = append(templates, t)
	}
	sort.Strings(templates)
	for _, tmpl := range templates {
		item, _ := paths[tmpl].(map[string]any)
		methods := make([]string, 0, len(item))
		for m := range item {
			methods = append(methods, m)
		}
		sort.Strings(methods)
		for _, m := range methods {
			switch m {
			case "get", "put", "post", "delete", "patch", "head", "options":
			default:
				return nil, fmt.Errorf("ghapi: %s: unsupported path item key %q", tmpl, m)
			}
			op, err := compileOperation(strings.ToUpper(m), tmpl, item[m])
			if err != nil {
				return nil, err
			}
			sp.ops = append(sp.ops, op)
			sp.byID[op.id] = op
		}
	}
	return sp, nil
}

func compileOperation(method, tmpl string, v any) (*operation, error) {
	m, _ := v.(map[string]any)
	op := &operation{
		method:   method,
		template: tmpl,
		path:     map[string]*param{},
		query:    map[string]*param{},
		resp:     map[string]*response{},
	}
	op.id, _ = m["operationId"].(string)
	where := method + " " + tmpl
	if op.id == "" {
		return nil, fmt.Errorf("ghapi: %s has no operationId", where)
	}
	if docs, ok := m["externalDocs"].(map[string]any); ok {
		op.docURL, _ = docs["url"].(string)
	}
	for _, seg := range strings.Split(strings.TrimPrefix(tmpl, "/"), "/") {
		op.segs = append(op.segs, parseSeg(seg))
	}
	params, _ := m["parameters"].([]any)
	for _, pv := range params {
		pm, _ := pv.(map[string]any)
		p := &param{}
		p.name, _ = pm["name"].(string)
		p.in, _ = pm["in"].(string)
		p.required, _ = pm["required"].(bool)
		p.multi, _ = pm["x-multi-segment"].(bool)
		sc, err := compileSchema(pm["schema"], fmt.Sprintf("%s parameter %s", where, p.name))
		if err != nil {
			return nil, fmt.Errorf("ghapi: %w", err)
		}
		p.schema = sc
		if sm, ok := pm["schema"].(map[string]any); ok {
			p.def = sm["default"]
		}
		switch p.in {
		case "path":
			op.path[p.name] = p
		case "query":
			op.query[p.name] = p
		default:
			return nil, fmt.Errorf("ghapi: %s: parameters in %q are not supported", where, p.in)
		}
	}
	if rb, ok := m["requestBody"].(map[string]any); ok {
		op.bodyReq, _ = rb["required"].(bool)
		content, _ := rb["content"].(map[string]any)
		mt, _ := content["application/json"].(map[string]any)
		if mt == nil || len(content) != 1 {
			return nil, fmt.Errorf("ghapi: %s: only application/json request bodies are supported", where)
		}
		sc, err := compileSchema(mt["schema"], where+" request body $")
		if err != nil {
			return nil, fmt.Errorf("ghapi: %w", err)
		}
		op.body = sc
	}
	resps, _ := m["responses"].(map[string]any)
	for code, rv := range resps {
		rm, _ := rv.(map[string]any)
		r := &response{schemas: map[string]*schema{}}
		content, _ := rm["content"].(map[string]any)
		for ct, cv := range content {
			cm, _ := cv.(map[string]any)
			if cm["schema"] == nil {
				continue
			}
			sc, err := compileSchema(cm["schema"], fmt.Sprintf("%s response %s %s $", where, code, ct))
			if err != nil {
				return nil, fmt.Errorf("ghapi: %w", err)
			}
			r.schemas[ct] = sc
		}
		headers, _ := rm["headers"].(map[string]any)
		for h := range headers {
			r.headers = append(r.headers, h)
		}
		sort.Strings(r.headers)
		op.resp[code] = r
	}
	return op, nil
}

func parseSeg(seg string) tmplSeg {
	if !strings.Contains(seg, "{") {
		return tmplSeg{lit: seg}
	}
	var ts tmplSeg
	rest := seg
	for rest != "" {
		end := strings.Index(rest, "}")
		if !strings.HasPrefix(rest, "{") || end < 0 {
			// literal text between parameters
			next := strings.Index(rest, "{")
			if next < 0 {
				next = len(rest)
			}
			ts.seps = append(ts.seps, rest[:next])
			rest = rest[next:]
			continue
		}
		ts.params = append(ts.params, rest[1:end])
		rest = rest[end+1:]
	}
	return ts
}

// match is the result of routing a request path.
type match struct {
	op     *operation
	params map[string]string
}

// route finds the operations whose template matches the escaped path (without
// any /api/v3 prefix). It returns the match for method, or, when the path
// matches but not for this method, the methods that would have matched.
func (sp *spec) route(method, escapedPath string) (*match, []string, error) {
	if !strings.HasPrefix(escapedPath, "/") {
		return nil, nil, nil
	}
	segs := strings.Split(escapedPath[1:], "/")
	var best *match
	bestScore := -1
	var allowed []string
	for _, op := range sp.ops {
		params, score, err := op.matchPath(segs)
		if err != nil {
			return nil, nil, err
		}
		if params == nil {
			continue
		}
		if op.method != method {
			allowed = append(allowed, op.method)
			continue
		}
		if score > bestScore {
			best, bestScore = &match{op: op, params: params}, score
		}
	}
	if best != nil {
		return best, nil, nil
	}
	sort.Strings(allowed)
	return nil, allowed, nil
}

// matchPath matches the path segments against the template; the score is the
// number of literal segments, so that literal routes win over parameters.
func (op *operation) matchPath(segs []string) (map[string]string, int, error) {
	params := map[string]string{}
	score := 0
	for i, ts := range op.segs {
		if i >= len(segs) {
			return nil, 0, nil
		}
		last := i == len(op.segs)-1
		if ts.params == nil {
			if segs[i] != ts.lit {
				return nil, 0, nil
			}
			score++
			continue
		}
		raw := segs[i]
		multi := len(ts.params) == 1 && op.path[ts.params[0]] != nil && op.path[ts.params[0]].multi
		if last && (multi || len(ts.params) > 1) {
			// A multi-segment parameter, or "{base}...{head}" whose refs may
			// hold unescaped slashes, takes the rest of the path.
			raw = strings.Join(segs[i:], "/")
		} else if last && len(segs) > len(op.segs) {
			return nil, 0, nil
		}
		values, ok := splitSeg(raw, ts)
		if !ok {
			return nil, 0, nil
		}
		for j, name := range ts.params {
			v, err := url.PathUnescape(values[j])
			if err != nil {
				return nil, 0, fmt.Errorf("path segment %q is not valid percent-encoding", values[j])
			}
			if v == "" && !multi {
				return nil, 0, nil
			}
			params[name] = v
		}
		if last {
			return params, score, nil
		}
	}
	if len(segs) != len(op.segs) {
		return nil, 0, nil
	}
	return params, score, nil
}

// splitSeg splits a segment holding several parameters at the separators.
func splitSeg(raw string, ts tmplSeg) ([]string, bool) {
	if len(ts.params) == 1 {
		if len(ts.seps) > 0 {
			return nil, false // not in this description
		}
		return []string{raw}, true
	}
	values := make([]string, 0, len(ts.params))
	rest := raw
	for _, sep := range ts.seps {
		k := strings.Index(rest, sep)
		if k <= 0 {
			return nil, false
		}
		values = append(values, rest[:k])
		rest = rest[k+len(sep):]
	}
	if rest == "" {
		return nil, false
	}
	return append(values, rest), true
}

package triage

import (
	"path"
	"regexp"
	"strings"
)

// PathMap maps the files named in traces to the files of a repository at
// one revision. Traces name files where they were deployed: a Python
// package under site-packages or dist-packages, a Node package under
// node_modules, a Go module in the module cache or a GOPATH, a container's
// application root (/app, /srv, /usr/src/app, /opt/NAME), a webpack://
// source map URL, or for Java the package's directories and the file. A
// trace path is first cut to what is relative to the package or
// application (MapPath says how), then matched against the repository's
// files by the longest suffix of whole path components; a best match that
// is not unique is ambiguous and maps to nothing.
type PathMap struct {
	byBase map[string][]string
	// modules are the Go module paths declared by the repository's go.mod
	// files, each with its directory ("" for the root).
	modules map[string]string
}

// NewPathMap indexes files (the repository's paths at a revision); goMods
// are the contents of its go.mod files by path, for Go module paths.
func NewPathMap(files []string, goMods map[string][]byte) *PathMap {
	m := &PathMap{byBase: map[string][]string{}, modules: map[string]string{}}
	for _, f := range files {
		b := path.Base(f)
		m.byBase[b] = append(m.byBase[b], f)
	}
	for p, data := range goMods {
		if mod := ModulePath(data); mod != "" {
			dir := path.Dir(p)
			if dir == "." {
				dir = ""
			}
			m.modules[mod] = dir
		}
	}
	return m
}

var moduleLine = regexp.MustCompile(`(?m)^\s*module\s+"?([^\s"]+)"?`)

// ModulePath is the module path a go.mod declares, "" when none.
func ModulePath(goMod []byte) string {
	if m := moduleLine.FindSubmatch(goMod); m != nil {
		return string(m[1])
	}
	return ""
}

// Mapping is how one trace path mapped.
type Mapping struct {
	// Path is the repository path, "" when none or ambiguous.
	Path string `json:"path,omitempty"`
	// Candidates are the equally good repository paths when the match was
	// ambiguous.
	Candidates []string `json:"candidates,omitempty"`
}

// containerRoots are the directories applications are commonly deployed
// to in containers and servers; what follows them is relative to the
// application's root.
var containerRoots = []string{"/usr/src/app/", "/usr/app/", "/app/", "/srv/app/", "/srv/", "/opt/app/", "/var/www/html/", "/var/www/", "/home/app/", "/workspace/", "/code/", "/src/"}

// goCache matches a module cache path: .../pkg/mod/MODULE@VERSION/REST.
var goCache = regexp.MustCompile(`(?:^|/)pkg/mod/(.+?)@[^/]+/(.*)$`)

// Relative cuts a deployed path to the part relative to its package or
// application root, and reports the Go module path it was under, if any:
//
//	/usr/lib/python3/dist-packages/requests/models.py → requests/models.py
//	/app/node_modules/@scope/pkg/lib/x.js             → lib/x.js
//	/go/pkg/mod/github.com/a/b@v1.2.0/c/d.go          → c/d.go (module github.com/a/b)
//	/usr/src/app/lib/x.js, /opt/NAME/x.py             → lib/x.js, x.py
//	webpack://name/./src/x.ts                         → src/x.ts
//
// Other paths are returned with separators made forward slashes.
func Relative(trace string) (rel, module string) {
	t := strings.ReplaceAll(trace, "\\", "/")
	if strings.HasPrefix(t, "webpack://") || strings.HasPrefix(t, "webpack-internal://") {
		t = t[strings.Index(t, "://")+3:]
		// webpack://NAME/./src/x.ts or webpack:///./src/x.ts
		if i := strings.Index(t, "/./"); i >= 0 {
			t = t[i+3:]
		} else if strings.HasPrefix(t, "/") {
			t = strings.TrimLeft(t, "/")
		} else if i := strings.Index(t, "/"); i >= 0 && !strings.Contains(t[:i], ".") {
			t = t[i+1:]
		}
		t = strings.TrimPrefix(t, "./")
		if i := strings.IndexAny(t, "?#"); i >= 0 {
			t = t[:i]
		}
		return t, ""
	}
	t = strings.TrimPrefix(t, "file://")
	if m := goCache.FindStringSubmatch(t); m != nil {
		return m[2], unescapeModule(m[1])
	}
	for _, mark := range []string{"/site-packages/", "/dist-packages/"} {
		if i := strings.LastIndex(t, mark); i >= 0 {
			return t[i+len(mark):], ""
		}
	}
	if i := strings.LastIndex(t, "node_modules/"); i >= 0 && (i == 0 || t[i-1] == '/') {
		rest := t[i+len("node_modules/"):]
		n := 1
		if strings.HasPrefix(rest, "@") {
			n = 2
		}
		parts := strings.SplitN(rest, "/", n+1)
		if len(parts) == n+1 {
			return parts[n], ""
		}
		return rest, ""
	}
	for _, root := range containerRoots {
		if strings.HasPrefix(t, root) {
			rest := t[len(root):]
			if root == "/srv/" {
				// /srv/NAME/... : NAME is the application.
				if i := strings.Index(rest, "/"); i >= 0 {
					rest = rest[i+1:]
				}
			}
			return rest, ""
		}
	}
	if strings.HasPrefix(t, "/opt/") {
		rest := t[len("/opt/"):]
		if i := strings.Index(rest, "/"); i >= 0 {
			return rest[i+1:], ""
		}
	}
	return t, ""
}

// unescapeModule undoes the module cache's case encoding (!a is A).
func unescapeModule(s string) string {
	if !strings.Contains(s, "!") {
		return s
	}
	var b strings.Builder
	up := false
	for _, r := range s {
		switch {
		case r == '!':
			up = true
		case up:
			b.WriteString(strings.ToUpper(string(r)))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Map maps one trace path. The repository file must share at least the
// base name and either end with the whole relative path (a source root in
// front of it, like src/ or src/main/java/) or be wholly the relative
// path's end (the trace has more directories in front, like a GOPATH or a
// build directory). Of those, the one sharing the most path components
// wins; a tie is ambiguous.
func (m *PathMap) Map(trace string) Mapping {
	rel, module := Relative(trace)
	rel = strings.TrimLeft(rel, "/")
	if module != "" {
		if dir, ok := m.modules[module]; ok {
			p := rel
			if dir != "" {
				p = dir + "/" + rel
			}
			for _, f := range m.byBase[path.Base(rel)] {
				if f == p {
					return Mapping{Path: f}
				}
			}
		}
	} else {
		// A GOPATH-style or build path that names a module of ours:
		// what follows the module path is relative to its directory.
		for mod, dir := range m.modules {
			if i := strings.Index("/"+rel, "/"+mod+"/"); i >= 0 {
				p := rel[i+len(mod)+1:]
				if dir != "" {
					p = dir + "/" + p
				}
				for _, f := range m.byBase[path.Base(rel)] {
					if f == p {
						return Mapping{Path: f}
					}
				}
			}
		}
	}
	for _, f := range m.byBase[path.Base(rel)] {
		if f == rel {
			return Mapping{Path: f}
		}
	}
	t := strings.Split(rel, "/")
	var best []string
	bestN := 0
	for _, f := range m.byBase[path.Base(rel)] {
		r := strings.Split(f, "/")
		n := 0
		for n < len(t) && n < len(r) && t[len(t)-1-n] == r[len(r)-1-n] {
			n++
		}
		if n < len(t) && n < len(r) {
			// Neither is a suffix of the other: a different file.
			continue
		}
		switch {
		case n > bestN:
			best, bestN = []string{f}, n
		case n == bestN:
			best = append(best, f)
		}
	}
	switch len(best) {
	case 0:
		return Mapping{}
	case 1:
		return Mapping{Path: best[0]}
	}
	return Mapping{Candidates: best}
}

// MapFiles maps each of traceFiles (MapPath) to a repository path among
// repoFiles. unmatched are the trace files no repository file matches;
// ambiguous are those several match equally well, with the candidates.
func MapFiles(traceFiles []string, repoFiles []string, goMods map[string][]byte) (mapped map[string]string, unmatched []string, ambiguous map[string][]string) {
	pm := NewPathMap(repoFiles, goMods)
	mapped = map[string]string{}
	ambiguous = map[string][]string{}
	for _, tf := range traceFiles {
		mp := pm.Map(tf)
		switch {
		case mp.Path != "":
			mapped[tf] = mp.Path
		case len(mp.Candidates) > 0:
			ambiguous[tf] = mp.Candidates
		default:
			unmatched = append(unmatched, tf)
		}
	}
	return mapped, unmatched, ambiguous
}

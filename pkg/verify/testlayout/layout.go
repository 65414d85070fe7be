package testlayout

import (
	"path"
	"strings"
	"sync"
)

// Layout answers, for one revision of a repository, which files its test
// configuration declares as tests. It reads the configuration lazily,
// through the function it was made with, each file at most once: only the
// directories above the paths it is asked about.
type Layout struct {
	read func(string) ([]byte, error)

	mu      sync.Mutex
	pkgJSON map[string][]byte    // by directory; nil when there is none
	js      map[string][]*jsDecl // by package directory
	py      map[string]*pyConfig // nearest pytest config, by directory
	pyRead  map[string]bool
}

// New returns the layout of the revision read reads (repository-relative,
// slash-separated paths; an error for a file that does not exist). A nil
// read declares nothing.
func New(read func(string) ([]byte, error)) *Layout {
	return &Layout{read: read, pkgJSON: map[string][]byte{}, js: map[string][]*jsDecl{}, py: map[string]*pyConfig{}, pyRead: map[string]bool{}}
}

// IsTest reports whether the configuration declares p, a file of language
// ("javascript" for JavaScript and TypeScript, "python"; others declare
// nothing), a test. It never fails: a configuration that cannot be read
// declares nothing, and the languages' conventions then decide alone.
func (l *Layout) IsTest(language, p string) bool {
	if l == nil || l.read == nil || containsSeg(p, "node_modules") {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	switch language {
	case "javascript":
		return l.jsTest(p)
	case "python":
		return l.pyTest(p)
	}
	return false
}

// Declared names the configuration files that declare p a test, for
// messages and tests; empty when none does.
func (l *Layout) Declared(language, p string) []string {
	if !l.IsTest(language, p) {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	switch language {
	case "javascript":
		for _, dir := range ancestors(p) {
			for _, d := range l.js[dir] {
				if d.match(p) {
					out = append(out, path.Join(dir, d.source))
				}
			}
		}
	case "python":
		for _, dir := range ancestors(p) {
			if c := l.py[dir]; c != nil && c.dir == dir && c.match(p) {
				out = append(out, path.Join(dir, c.source))
			}
		}
	}
	return out
}

func containsSeg(p, seg string) bool {
	return p == seg || strings.HasPrefix(p, seg+"/") || strings.Contains(p, "/"+seg+"/")
}

// ancestors returns the directories holding p, nearest first, ending with
// the repository root "".
func ancestors(p string) []string {
	var out []string
	for d := path.Dir(p); ; d = path.Dir(d) {
		if d == "." || d == "/" {
			return append(out, "")
		}
		out = append(out, d)
	}
}

func (l *Layout) file(p string) []byte {
	b, err := l.read(p)
	if err != nil {
		return nil
	}
	return b
}

func (l *Layout) packageJSON(dir string) []byte {
	b, ok := l.pkgJSON[dir]
	if !ok {
		b = l.file(path.Join(dir, "package.json"))
		l.pkgJSON[dir] = b
	}
	return b
}

// jsTest asks every package above p (a monorepo's root and its package).
func (l *Layout) jsTest(p string) bool {
	dirs := ancestors(p)
	for i, dir := range dirs {
		decls, ok := l.js[dir]
		if !ok {
			if pj := l.packageJSON(dir); pj != nil {
				var mentions strings.Builder
				for _, a := range dirs[i:] {
					mentions.Write(l.packageJSON(a))
				}
				decls = readJSPackage(l.read, dir, pj, mentions.String())
			}
			l.js[dir] = decls
		}
		for _, d := range decls {
			if d.match(p) {
				return true
			}
		}
	}
	return false
}

// pyTest asks the nearest pytest configuration above p.
func (l *Layout) pyTest(p string) bool {
	for _, dir := range ancestors(p) {
		if !l.pyRead[dir] {
			c, found := readPyConfig(l.read, dir)
			l.pyRead[dir] = true
			if found {
				l.py[dir] = c
			} else {
				l.py[dir] = nil
			}
		}
		if c := l.py[dir]; c != nil {
			return c.match(p)
		}
	}
	return false
}

package verify

import (
	"bytes"
	"encoding/json"
	"path"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/hotfix-dev/hotfix/pkg/verify/lang"
)

// A test counts for a changed source file when something links the two.
// The links, strongest first (issue 17; after the test-to-code traceability
// literature: naming conventions, imports, and references to the code
// under test):
//
//   - naming: the language's layout names the test after the file
//     (foo_test.go, tests/test_foo.py, FooTest.java, foo.test.ts);
//   - import: the test imports the file's module (a Python module or its
//     package, a JS/TS file, directory or package by its package.json
//     name, or a module re-exporting the file through a chain of
//     `export … from`, a Java class or its package with a use of the class, a Go
//     package by its import path);
//   - reference: the test uses a declaration the change touched;
//   - name: the test's name names the file or a declaration the change
//     touched (test/res.json.js for res.json, catch.test.ts for ZodCatch);
//   - literal: the test's added lines hold a distinctive string literal the
//     change added to the file (links_literal.go);
//   - package: the test imports the package that holds the file, unless
//     it has one of the links above to another source file of the change
//     (it is that file's test: spent).
//
// Each link says what it is, so that a passing file's line and a missing
// test's hint can name it.

// testLink is why a changed test counts for a changed source file.
type testLink struct {
	test string
	why  string
}

// String renders the link for a report line: "tests/test_x.py imports x".
func (l testLink) String() string { return l.test + " " + l.why }

// linker finds the links between a change's source files and its tests.
// It reads each file at most once.
type linker struct {
	in *Input
	// tests indexes the repository's test files by language, with their
	// names' words, for existingTests; built once, on the first miss.
	testsOnce sync.Once
	tests     map[string][]indexedTest
	// goTests are the Go tests by directory: a Go file's hint reads
	// only its package's.
	goTests map[string][]indexedTest
	mu      sync.Mutex
	refs    map[string]lang.Refs
	imports map[string]lang.Refs
	decls   map[string][]lang.Decl
	files   map[string][]byte // small project files (package.json, go.mod), nil when absent
	// literals are the distinctive literals each source file's change
	// added, and added the lines each file's change added
	// (links_literal.go).
	literals map[string][]string
	added    map[string][]string
	modules  map[string]string  // a go.mod file's path: its module path
	sources  []*File            // the change's source files, for spent
	strong   map[string][]*File // per test, the sources it has a strong link to
}

func newLinker(in *Input) *linker {
	return &linker{in: in, refs: map[string]lang.Refs{}, imports: map[string]lang.Refs{}, decls: map[string][]lang.Decl{}, files: map[string][]byte{}, literals: map[string][]string{}, added: map[string][]string{},
		strong: map[string][]*File{}}
}

// read returns a file after the change, nil when it cannot be read.
func (l *linker) read(p string) []byte {
	l.mu.Lock()
	b, ok := l.files[p]
	l.mu.Unlock()
	if ok {
		return b
	}
	b, err := l.in.Read(p)
	if err != nil {
		b = nil
	}
	l.mu.Lock()
	l.files[p] = b
	l.mu.Unlock()
	return b
}

// refsOf returns what file p names of other code.
func (l *linker) refsOf(p string) lang.Refs {
	l.mu.Lock()
	r, ok := l.refs[p]
	l.mu.Unlock()
	if ok {
		return r
	}
	r = lang.ReadRefs(p, l.read(p))
	l.mu.Lock()
	l.refs[p] = r
	l.mu.Unlock()
	return r
}

// importsOf returns what file p imports (lang.ReadImports): all the
// import links need, read without the identifiers where that is cheaper.
func (l *linker) importsOf(p string) lang.Refs {
	l.mu.Lock()
	r, ok := l.refs[p]
	if !ok {
		r, ok = l.imports[p]
	}
	l.mu.Unlock()
	if ok {
		return r
	}
	r = lang.ReadImports(p, l.read(p))
	l.mu.Lock()
	l.imports[p] = r
	l.mu.Unlock()
	return r
}

// touchedDecls returns the declarations of f the change touched.
func (l *linker) touchedDecls(f *File) []lang.Decl {
	l.mu.Lock()
	ds, ok := l.decls[f.Path]
	l.mu.Unlock()
	if ok {
		return ds
	}
	_, all, _, _ := f.parsed(l.in)
	ds = []lang.Decl{}
	for _, d := range all {
		for ln := d.Start; ln <= d.End; ln++ {
			if f.touched[ln] {
				ds = append(ds, d)
				break
			}
		}
	}
	l.mu.Lock()
	l.decls[f.Path] = ds
	l.mu.Unlock()
	return ds
}

// link returns the strongest link from one of tests to the source file f.
// A type test runs no code, so it counts only for a declaration file
// (*.d.ts).
func (l *linker) link(f *File, tests []*File) (testLink, bool) {
	tries := []func(*File, *File) (string, bool){l.byNaming, l.byImport, l.byReference, l.byName, l.byLiteral, l.byPackage}
	for k, try := range tries {
		for _, t := range tests {
			if lang.For(t.Path) == nil || lang.For(t.Path).Name() != f.an.Name() {
				continue
			}
			if lang.IsTypeTest(t.Path) && !strings.HasSuffix(f.Path, ".d.ts") {
				continue
			}
			if why, ok := try(f, t); ok {
				if k == len(tries)-1 && l.spent(f, t, tries[:k]) {
					continue
				}
				return testLink{test: t.Path, why: why}, true
			}
		}
	}
	return testLink{}, false
}

// spent reports whether test t has a link stronger than the package's to
// a changed source file other than f: a test named after, importing or
// using another file of the change is that file's test, and importing the
// package it shares with f says nothing of f.
func (l *linker) spent(f, t *File, strong []func(*File, *File) (string, bool)) bool {
	for _, g := range l.strongSources(t, strong) {
		if g != f {
			return true
		}
	}
	return false
}

// strongSources returns the source files of the change that test t has a
// strong link to (one of strong), found once per test: spent asks it for
// each file the test's package link reaches.
func (l *linker) strongSources(t *File, strong []func(*File, *File) (string, bool)) []*File {
	l.mu.Lock()
	gs, ok := l.strong[t.Path]
	l.mu.Unlock()
	if ok {
		return gs
	}
	gs = []*File{}
	for _, g := range l.sources {
		if g.an == nil || g.an.Name() != lang.For(t.Path).Name() {
			continue
		}
		for _, try := range strong {
			if _, ok := try(g, t); ok {
				gs = append(gs, g)
				break
			}
		}
	}
	l.mu.Lock()
	l.strong[t.Path] = gs
	l.mu.Unlock()
	return gs
}

func (l *linker) byNaming(f, t *File) (string, bool) {
	if f.an.TestsFor(f.Path, t.Path) {
		if f.an.Name() == "go" {
			return "is a test of its package", true
		}
		return "is named after it", true
	}
	return "", false
}

func (l *linker) byImport(f, t *File) (string, bool) {
	tr := l.importsOf(t.Path)
	switch f.an.Name() {
	case "python":
		why, _ := pyImportLink(f.Path, t.Path, tr.Imports)
		return why, why != ""
	case "javascript":
		why, _ := l.jsImportLink(f.Path, t.Path, tr.Imports)
		return why, why != ""
	case "java":
		return l.javaImportLink(f.Path, tr)
	case "go":
		return l.goImportLink(f.Path, tr.Imports)
	}
	return "", false
}

// byPackage links a test that imports the package (Python, JS/TS) that
// holds the file: the weakest link, tried last.
func (l *linker) byPackage(f, t *File) (string, bool) {
	tr := l.importsOf(t.Path)
	var why string
	switch f.an.Name() {
	case "python":
		_, why = pyImportLink(f.Path, t.Path, tr.Imports)
	case "javascript":
		_, why = l.jsImportLink(f.Path, t.Path, tr.Imports)
		if why == "" {
			why = l.jsImportHop(f.Path, t.Path, tr.Imports)
		}
	}
	return why, why != ""
}

// jsImportHop links a JS/TS test to a source file through one module
// between them: the test imports (by a relative path) a module of the same
// package that imports the file itself, as a test of a package's entry
// module exercises what the entry imports. It returns "" when no module
// the test imports does.
func (l *linker) jsImportHop(source, test string, imports []string) string {
	srcDir, _ := l.jsPackage(source)
	for _, im := range imports {
		if !strings.HasPrefix(im, "./") && !strings.HasPrefix(im, "../") {
			continue
		}
		for _, m := range jsCandidates(path.Join(path.Dir(test), im)) {
			if m == source || lang.For(m) == nil || l.read(m) == nil {
				continue
			}
			if d, _ := l.jsPackage(m); d != srcDir {
				break
			}
			if direct, _ := l.jsImportLink(source, m, l.importsOf(m).Imports); direct != "" {
				return "imports " + im + ", which " + direct
			}
			break
		}
	}
	return ""
}

// pyModules returns the dotted module names a Python file may be imported
// by, longest first: src/requests/models.py is src.requests.models,
// requests.models and models; a package's __init__.py is its directory.
func pyModules(p string) []string {
	segs := strings.Split(strings.TrimSuffix(p, ".py"), "/")
	if segs[len(segs)-1] == "__init__" {
		segs = segs[:len(segs)-1]
	}
	var out []string
	for i := range segs {
		out = append(out, strings.Join(segs[i:], "."))
	}
	return out
}

// pyAbsolute resolves a relative import (".x", "..x") of the test at
// testPath to a dotted name.
func pyAbsolute(testPath, im string) string {
	dots := len(im) - len(strings.TrimLeft(im, "."))
	if dots == 0 {
		return im
	}
	dirs := strings.Split(path.Dir(testPath), "/")
	if path.Dir(testPath) == "." {
		dirs = nil
	}
	up := dots - 1
	if up > len(dirs) {
		return ""
	}
	base := strings.Join(dirs[:len(dirs)-up], ".")
	rest := im[dots:]
	switch {
	case base == "":
		return rest
	case rest == "":
		return base
	}
	return base + "." + rest
}

// pyImportLink returns how the test's imports reach the source module:
// direct when one imports it, pkg when one imports a package that holds it.
func pyImportLink(source, test string, imports []string) (direct, pkg string) {
	mods := pyModules(source)
	pkgWhy := ""
	for _, raw := range imports {
		im := pyAbsolute(test, raw)
		if im == "" {
			continue
		}
		for _, m := range mods {
			if im == m {
				return "imports " + im, ""
			}
			if pkgWhy == "" && strings.HasPrefix(m, im+".") {
				pkgWhy = "imports the package " + im + ", which holds it"
			}
		}
	}
	return "", pkgWhy
}

// jsExts are the extensions a JS/TS import may leave out, in Node's and
// TypeScript's order of resolution.
var jsExts = []string{".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"}

// jsCandidates returns the files a relative JS/TS specifier may resolve to.
func jsCandidates(p string) []string {
	out := []string{p}
	for _, e := range jsExts {
		out = append(out, p+e, p+"/index"+e)
	}
	// TypeScript's ESM style names the emitted .js for the .ts source.
	ext := path.Ext(p)
	if swap, ok := map[string][]string{".js": {".ts", ".tsx"}, ".mjs": {".mts"}, ".cjs": {".cts"}, ".jsx": {".tsx"}}[ext]; ok {
		for _, e := range swap {
			out = append(out, strings.TrimSuffix(p, ext)+e)
		}
	}
	return out
}

// jsNames reports whether the relative specifier resolved to p (joined to
// its importer's directory) may name the file source.
func jsNames(p, source string) bool {
	for _, c := range jsCandidates(p) {
		if c == source {
			return true
		}
	}
	return false
}

// jsImportLink returns how the test's imports reach the source file:
// direct when one resolves to it, pkg when one names its package.
func (l *linker) jsImportLink(source, test string, imports []string) (direct, pkg string) {
	pkgDir, pkgName := l.jsPackage(source)
	for _, im := range imports {
		if strings.HasPrefix(im, "./") || strings.HasPrefix(im, "../") || im == "." || im == ".." {
			p := path.Join(path.Dir(test), im)
			if jsNames(p, source) {
				return "imports " + im, ""
			}
			if m := l.jsModule(test, im); m != "" {
				if chain := l.jsReExportChain(m, source, map[string]bool{}, 0); chain != "" {
					return "imports " + im + chain, ""
				}
			}
			if pkg == "" && pkgDir != "" && p == pkgDir {
				pkg = "imports " + im + ", the package that holds it"
			}
			continue
		}
		if pkg == "" && pkgName != "" && (im == pkgName || strings.HasPrefix(im, pkgName+"/")) {
			pkg = "imports the package " + im + ", which holds it"
		}
	}
	return "", pkg
}

// maxReExports bounds the length of a chain of re-exports; each module is
// read once whatever the number of chains through it.
const maxReExports = 8

// jsModule returns the file the relative specifier spec of the file at
// from resolves to (the first of jsCandidates that verify can read), ""
// when none does.
func (l *linker) jsModule(from, spec string) string {
	for _, c := range jsCandidates(path.Join(path.Dir(from), spec)) {
		if lang.For(c) != nil && l.read(c) != nil {
			return c
		}
	}
	return ""
}

// jsReExportChain returns how module m exposes source through re-exports
// alone (a barrel: `export * from './fetch'`), as the words after the
// import: ", which re-exports ./base, which re-exports ./fetch"; "" when it
// does not. Importing a module that re-exports a file imports that file:
// a re-export is no step away from it, as an import of another module is.
func (l *linker) jsReExportChain(m, source string, seen map[string]bool, depth int) string {
	if seen[m] || depth >= maxReExports {
		return ""
	}
	seen[m] = true
	for _, spec := range l.importsOf(m).ReExports {
		if !strings.HasPrefix(spec, "./") && !strings.HasPrefix(spec, "../") {
			continue
		}
		if jsNames(path.Join(path.Dir(m), spec), source) {
			return ", which re-exports " + spec
		}
		if next := l.jsModule(m, spec); next != "" {
			if rest := l.jsReExportChain(next, source, seen, depth+1); rest != "" {
				return ", which re-exports " + spec + rest
			}
		}
	}
	return ""
}

// jsPackage returns the directory of the package.json nearest to p (""
// for the repository root is "."), and the package's name; "", "" when
// there is none.
func (l *linker) jsPackage(p string) (dir, name string) {
	for d := path.Dir(p); ; d = path.Dir(d) {
		file := "package.json"
		if d != "." {
			file = d + "/package.json"
		}
		if b := l.read(file); b != nil {
			var pj struct {
				Name string `json:"name"`
			}
			_ = json.Unmarshal(b, &pj)
			return d, pj.Name
		}
		if d == "." || d == "/" {
			return "", ""
		}
	}
}

func (l *linker) javaImportLink(source string, tr lang.Refs) (string, bool) {
	sr := l.refsOf(source)
	class := strings.TrimSuffix(path.Base(source), ".java")
	fqn := class
	if sr.Package != "" {
		fqn = sr.Package + "." + class
	}
	for _, im := range tr.Imports {
		if im == fqn || strings.HasPrefix(im, fqn+".") {
			return "imports " + fqn, true
		}
		if sr.Package != "" && im == sr.Package+".*" && tr.Idents[class] {
			return "imports " + im + " and uses " + class, true
		}
	}
	if sr.Package != "" && tr.Package == sr.Package && tr.Idents[class] {
		return "is in package " + sr.Package + " and uses " + class, true
	}
	return "", false
}

func (l *linker) goImportLink(source string, imports []string) (string, bool) {
	for d := path.Dir(source); ; d = path.Dir(d) {
		file := "go.mod"
		if d != "." {
			file = d + "/go.mod"
		}
		if b := l.read(file); b != nil {
			mod := l.goModule(file, b)
			if mod == "" {
				return "", false
			}
			rel := strings.TrimPrefix(strings.TrimPrefix(path.Dir(source), d), "/")
			want := mod
			if rel != "" && rel != "." {
				want = mod + "/" + rel
			}
			for _, im := range imports {
				if im == want {
					return "imports " + want, true
				}
			}
			return "", false
		}
		if d == "." || d == "/" {
			return "", false
		}
	}
}

// goModule returns the module path of the go.mod file at file, whose
// content is b, reading each go.mod once.
func (l *linker) goModule(file string, b []byte) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.modules == nil {
		l.modules = map[string]string{}
	}
	mod, ok := l.modules[file]
	if !ok {
		mod = goModulePath(b)
		l.modules[file] = mod
	}
	return mod
}

// goModulePath reads the module path of a go.mod file.
func goModulePath(b []byte) string {
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}

// commonNames are declaration names too common to count as a reference:
// a test that calls some get or init says nothing about which.
var commonNames = map[string]bool{
	"init": true, "main": true, "test": true, "call": true, "apply": true, "bind": true, "then": true,
	"next": true, "done": true, "name": true, "value": true, "type": true, "data": true, "self": true,
	"this": true, "toString": true, "String": true, "Error": true, "equals": true, "hashCode": true,
	"length": true, "size": true, "close": true, "open": true, "read": true, "write": true, "default": true,
	"constructor": true, "render": true, "handle": true, "parse": true, "create": true, "update": true,
}

func (l *linker) byReference(f, t *File) (string, bool) {
	// A Go test can use a declaration only from the same package (linked
	// by naming) or by importing it (linked by import): the reference says
	// nothing more, and would read every test.
	if f.an.Name() == "go" {
		return "", false
	}
	src := l.read(t.Path)
	var tr *lang.Refs
	for _, d := range l.touchedDecls(f) {
		short := d.Name
		if i := strings.LastIndexByte(short, '.'); i >= 0 {
			short = short[i+1:]
		}
		if len(short) < 4 || commonNames[short] || strings.HasPrefix(short, "__") {
			continue
		}
		// A name not in the test's text at all is not used by it: the
		// test's identifiers are read only when it may be.
		if !bytes.Contains(src, []byte(short)) {
			continue
		}
		if tr == nil {
			r := l.refsOf(t.Path)
			tr = &r
		}
		if tr.Idents[short] {
			return "uses " + d.Name + ", which the change touched", true
		}
	}
	return "", false
}

func (l *linker) byName(f, t *File) (string, bool) {
	tw := words(testStem(t.Path))
	if len(tw) == 0 {
		return "", false
	}
	if subset(words(sourceStem(f.Path)), tw) || subset(tw, words(sourceStem(f.Path))) {
		return "is named after it", true
	}
	for _, d := range l.touchedDecls(f) {
		dw := words(d.Name)
		if subset(dw, tw) || subset(tw, dw) {
			return "is named after " + d.Name + ", which the change touched", true
		}
	}
	return "", false
}

// sourceStem is a source file's name without its extension.
func sourceStem(p string) string {
	b := path.Base(p)
	if i := strings.IndexByte(b, '.'); i > 0 {
		return b[:i]
	}
	return b
}

// testStem is a test file's name without its extension and its test
// markers: test_foo.py, foo_test.go, foo.test.ts, FooTest.java are foo;
// test/res.json.js is res.json.
func testStem(p string) string {
	b := path.Base(p)
	for _, e := range append([]string{".py", ".go", ".java"}, jsExts...) {
		b = strings.TrimSuffix(b, e)
	}
	for _, suf := range []string{".test", ".spec", ".test-d", "_test", "_tests", "TestCase", "Tests", "Test", "IT"} {
		if s, ok := strings.CutSuffix(b, suf); ok && s != "" {
			b = s
			break
		}
	}
	for _, pre := range []string{"test_", "tests_", "Test"} {
		if s, ok := strings.CutPrefix(b, pre); ok && s != "" {
			b = s
			break
		}
	}
	if b == "test" || b == "tests" || b == "index" || b == "spec" {
		return ""
	}
	return b
}

// nameStopWords carry no meaning in a name.
var nameStopWords = map[string]bool{"test": true, "tests": true, "spec": true, "index": true, "util": true, "utils": true, "helper": true, "helpers": true, "common": true, "main": true, "impl": true, "base": true, "core": true, "default": true, "internal": true, "init": true, "the": true, "and": true, "for": true, "get": true, "set": true, "new": true}

// words splits an identifier or file name into its lower-case words of
// three letters or more (camelCase, snake_case, dots and dashes), plural
// "s" dropped, stop words left out: "DefaultInetAddressTypeAdapter" is
// inet, address, type, adapter.
func words(s string) map[string]bool {
	out := map[string]bool{}
	var cur []rune
	flush := func() {
		w := strings.ToLower(string(cur))
		cur = cur[:0]
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = strings.TrimSuffix(w, "s")
		}
		if len(w) >= 3 && !nameStopWords[w] {
			out[w] = true
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && len(cur) > 0 && (unicode.IsLower(cur[len(cur)-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]))):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// subset reports whether a is a non-empty subset of b.
func subset(a, b map[string]bool) bool {
	if len(a) == 0 {
		return false
	}
	for w := range a {
		if !b[w] {
			return false
		}
	}
	return true
}

// indexedTest is a test file of the repository and its name's words.
type indexedTest struct {
	path  string
	words map[string]bool
}

// existingTests names up to three tests of the repository, after the
// change, that are linked to f by name: the tests a missing test's hint
// points at.
func (l *linker) existingTests(f *File) []string {
	if l.in.Paths == nil {
		return nil
	}
	l.testsOnce.Do(func() {
		l.tests = map[string][]indexedTest{}
		l.goTests = map[string][]indexedTest{}
		paths, err := l.in.Paths()
		if err != nil {
			return
		}
		for _, p := range paths {
			if an := lang.For(p); an != nil && an.IsTest(p) {
				t := indexedTest{path: p}
				if an.Name() == "go" {
					// Go's hint names only the tests of the file's
					// package: the words of the others' names
					// (thousands in a large repository) are not read.
					l.goTests[path.Dir(p)] = append(l.goTests[path.Dir(p)], t)
					continue
				}
				t.words = words(testStem(p))
				l.tests[an.Name()] = append(l.tests[an.Name()], t)
			}
		}
	})
	var exact, named, others []string
	stem := sourceStem(f.Path)
	sw := words(stem)
	candidates := l.tests[f.an.Name()]
	if f.an.Name() == "go" {
		candidates = l.goTests[path.Dir(f.Path)]
	}
	for _, t := range candidates {
		tw := t.words
		if tw == nil {
			tw = words(testStem(t.path))
		}
		byName := len(tw) > 0 && (subset(sw, tw) || subset(tw, sw))
		switch {
		case byName && testStem(t.path) == stem:
			exact = append(exact, t.path)
		case byName && (f.an.Name() != "go" || f.an.TestsFor(f.Path, t.path)):
			named = append(named, t.path)
		case f.an.TestsFor(f.Path, t.path):
			others = append(others, t.path)
		}
	}
	// The tests named exactly after the file first (completions_test.go
	// for completions.go), then those whose names share its words
	// (bash_completions_test.go), then the others of its package or
	// layout.
	sort.Strings(exact)
	sort.Strings(named)
	sort.Strings(others)
	out := append(append(exact, named...), others...)
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

package testlayout

import (
	"encoding/json"
	"path"
	"regexp"
	"strings"

	"github.com/kballard/go-shellquote"
	"gopkg.in/yaml.v3"
)

// jsDecl is what one test runner's configuration in one package declares:
// files matching include (relative to base) or regexps (against "/" and the
// repository path, as jest matches absolute paths) and not exclude, and,
// when roots is set, under one of them.
type jsDecl struct {
	source  string // the file it was read from, for tests and docs
	base    string
	include []*Glob
	exclude []*Glob
	regexps []*regexp.Regexp
	roots   []string
}

// match reports whether the declaration names p, a repository path.
func (d *jsDecl) match(p string) bool {
	rel, ok := under(d.base, p)
	if !ok {
		return false
	}
	if len(d.roots) > 0 {
		in := false
		for _, r := range d.roots {
			if _, ok := under(r, p); ok {
				in = true
				break
			}
		}
		if !in {
			return false
		}
	}
	hit := false
	for _, g := range d.include {
		if g.Match(rel) {
			hit = true
			break
		}
	}
	for _, re := range d.regexps {
		if hit {
			break
		}
		hit = re.MatchString("/" + p)
	}
	if !hit {
		return false
	}
	for _, g := range d.exclude {
		if g.Match(rel) {
			return false
		}
	}
	return true
}

// under returns p relative to dir ("" is the repository root), and
// whether p is inside it.
func under(dir, p string) (string, bool) {
	if dir == "" {
		return p, true
	}
	rel, ok := strings.CutPrefix(p, dir+"/")
	return rel, ok
}

// addGlobs compiles patterns into d: "!x" excludes, a pattern that does not
// compile is dropped (never guessed at).
func (d *jsDecl) addGlobs(patterns []string, spec func(string) []string) {
	for _, p := range patterns {
		neg := strings.HasPrefix(p, "!")
		p = strings.TrimPrefix(p, "!")
		var globs []string
		if spec != nil {
			globs = spec(p)
		} else if g := cleanGlob(p); g != "" {
			globs = []string{g}
		}
		for _, s := range globs {
			g, err := CompileGlob(s)
			if err != nil {
				continue
			}
			if neg {
				d.exclude = append(d.exclude, g)
			} else {
				d.include = append(d.include, g)
			}
		}
	}
}

func (d *jsDecl) empty() bool { return len(d.include) == 0 && len(d.regexps) == 0 }

// cleanGlob makes a runner's pattern relative to its package: "./" and
// jest's "<rootDir>/" are dropped; absolute patterns, patterns that leave
// the package and patterns that name the whole package ("." or "**") are
// given up ("").
func cleanGlob(p string) string {
	p = strings.TrimSpace(p)
	if r, ok := strings.CutPrefix(p, "<rootDir>"); ok {
		p = strings.TrimPrefix(r, "/")
	}
	for strings.HasPrefix(p, "./") {
		p = p[2:]
	}
	switch {
	case p == "", p == ".", p == "**", p == "**/*", strings.HasPrefix(p, "/"), strings.Contains(p, "<"):
		return ""
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return ""
		}
	}
	return p
}

// escapeGlob quotes glob syntax in a plain path.
func escapeGlob(s string) string {
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune(`*?[]{}()!+@\`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

var jsExtRe = regexp.MustCompile(`\.[cm]?[jt]sx?$`)

// specGlobs turns a mocha, ava or tap argument (a file, a glob or a
// directory, whose files are then all tests) into globs.
func specGlobs(s string) []string {
	s = cleanGlob(s)
	switch {
	case s == "":
		return nil
	case HasMeta(s):
		return []string{s}
	case jsExtRe.MatchString(s):
		return []string{escapeGlob(s)}
	}
	return []string{escapeGlob(strings.TrimSuffix(s, "/")) + "/**"}
}

// nodeDefaults are the files `node --test` runs when given no pattern (or
// finds in a directory it is given).
var nodeDefaults = []string{"**/*.test.?(c|m)js", "**/*-test.?(c|m)js", "**/*_test.?(c|m)js", "**/test-*.?(c|m)js", "**/test.?(c|m)js", "**/test/**/*.?(c|m)js"}

// avaDefaults are the files ava runs when not told which.
var avaDefaults = []string{"test.?(c|m)js", "src/test.?(c|m)js", "source/test.?(c|m)js", "**/test-*.?(c|m)js", "**/*.spec.?(c|m)js", "**/*.test.?(c|m)js", "**/test/**/*.?(c|m)js", "**/tests/**/*.?(c|m)js", "**/__tests__/**/*.?(c|m)js"}

// nodeGlobs turns a `node --test` argument into globs: a directory holds
// the default patterns.
func nodeGlobs(s string) []string {
	c := cleanGlob(s)
	if s == "." || s == "./" {
		return nodeDefaults
	}
	if c == "" || HasMeta(c) || jsExtRe.MatchString(c) {
		return specGlobs(c)
	}
	var out []string
	for _, d := range nodeDefaults {
		out = append(out, escapeGlob(strings.TrimSuffix(c, "/"))+"/"+d)
	}
	return out
}

// jsConfigFiles lists, by runner, the configuration files read in a
// package directory.
var jsConfigFiles = map[string][]string{
	"jest":   {"jest.config.js", "jest.config.ts", "jest.config.mjs", "jest.config.cjs", "jest.config.cts", "jest.config.json"},
	"vitest": {"vitest.config.ts", "vitest.config.mts", "vitest.config.cts", "vitest.config.js", "vitest.config.mjs", "vitest.config.cjs", "vite.config.ts", "vite.config.mts", "vite.config.cts", "vite.config.js", "vite.config.mjs", "vite.config.cjs"},
	"mocha":  {".mocharc.js", ".mocharc.cjs", ".mocharc.json", ".mocharc.jsonc", ".mocharc.yml", ".mocharc.yaml"},
	"ava":    {"ava.config.js", "ava.config.cjs", "ava.config.mjs"},
}

// runnerMentioned matches the names of the runners in a package.json.
var runnerMentioned = map[string]*regexp.Regexp{
	"jest":   regexp.MustCompile(`\bjest\b`),
	"vitest": regexp.MustCompile(`\bvitest\b`),
	"mocha":  regexp.MustCompile(`\bmocha\b`),
	"ava":    regexp.MustCompile(`"ava"|\bava\b[^.]`),
}

// readJSPackage reads the test configuration of the package in dir, whose
// package.json is pkgJSON; mentions holds the text of the package.json
// files of dir and its ancestors, so that a runner's config files are only
// looked for when some package.json names the runner.
func readJSPackage(read func(string) ([]byte, error), dir string, pkgJSON []byte, mentions string) []*jsDecl {
	var pkg map[string]json.RawMessage
	if json.Unmarshal(pkgJSON, &pkg) != nil {
		pkg = nil // malformed: the config files may still be read
	}
	field := func(name string) map[string]any {
		var m map[string]any
		if raw, ok := pkg[name]; ok && json.Unmarshal(raw, &m) == nil {
			return m
		}
		return nil
	}
	var out []*jsDecl
	keep := func(d *jsDecl) {
		if !d.empty() {
			out = append(out, d)
		}
	}
	file := func(name string) []byte {
		b, err := read(path.Join(dir, name))
		if err != nil || len(b) > maxConfigSize {
			return nil
		}
		return b
	}

	// jest
	if m := field("jest"); m != nil {
		keep(jestDecl(dir, "package.json", func(key string) []string { return strs(m[key]) }))
	}
	if runnerMentioned["jest"].MatchString(mentions) {
		for _, name := range jsConfigFiles["jest"] {
			if b := file(name); b != nil {
				lits := scanLiterals(b)
				keep(jestDecl(dir, name, func(key string) []string { return append(lits[key], lits["projects."+key]...) }))
			}
		}
	}
	// vitest
	if runnerMentioned["vitest"].MatchString(mentions) {
		for _, name := range jsConfigFiles["vitest"] {
			if b := file(name); b != nil {
				d := &jsDecl{source: name, base: dir}
				d.addGlobs(scanLiterals(b)["test.include"], nil)
				keep(d)
			}
		}
	}
	// mocha
	mochaSpec := func(name string, spec []string) {
		d := &jsDecl{source: name, base: dir}
		d.addGlobs(spec, specGlobs)
		keep(d)
	}
	if m := field("mocha"); m != nil {
		mochaSpec("package.json", strs(m["spec"]))
	}
	if runnerMentioned["mocha"].MatchString(mentions) {
		for _, name := range jsConfigFiles["mocha"] {
			b := file(name)
			if b == nil {
				continue
			}
			if strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml") {
				var m map[string]any
				if yaml.Unmarshal(b, &m) == nil {
					mochaSpec(name, strs(m["spec"]))
				}
				continue
			}
			mochaSpec(name, scanLiterals(b)["spec"])
		}
	}
	// ava
	avaFiles := false
	if m := field("ava"); m != nil {
		files := strs(m["files"])
		avaFiles = len(files) > 0
		d := &jsDecl{source: "package.json", base: dir}
		d.addGlobs(files, nil)
		keep(d)
	}
	if runnerMentioned["ava"].MatchString(mentions) {
		for _, name := range jsConfigFiles["ava"] {
			if b := file(name); b != nil {
				files := scanLiterals(b)["files"]
				avaFiles = avaFiles || len(files) > 0
				d := &jsDecl{source: name, base: dir}
				d.addGlobs(files, nil)
				keep(d)
			}
		}
	}
	// package.json scripts
	var scripts map[string]string
	if raw, ok := pkg["scripts"]; ok && json.Unmarshal(raw, &scripts) != nil {
		scripts = nil
	}
	for name := range scripts {
		if name == "test" || strings.HasPrefix(name, "test:") || strings.HasPrefix(name, "test-") {
			d := &jsDecl{source: "package.json scripts." + name, base: dir}
			scriptDecl(d, scripts, name, avaFiles, 0)
			keep(d)
		}
	}
	return out
}

// maxConfigSize bounds the configuration files read.
const maxConfigSize = 1 << 20

// jestDecl builds jest's declaration from its options, read by get.
func jestDecl(dir, source string, get func(key string) []string) *jsDecl {
	base := dir
	if rd := get("rootDir"); len(rd) == 1 {
		c := cleanGlob(rd[0])
		if c == "" || HasMeta(c) {
			return &jsDecl{} // a rootDir we cannot place
		}
		base = path.Join(dir, c)
	}
	d := &jsDecl{source: source, base: base}
	d.addGlobs(get("testMatch"), nil)
	for _, r := range get("testRegex") {
		if re, err := regexp.Compile(r); err == nil {
			d.regexps = append(d.regexps, re)
		}
	}
	for _, r := range get("roots") {
		c := cleanGlob(r)
		if c == "" && (r == "<rootDir>" || r == "<rootDir>/" || r == ".") {
			c = "."
		}
		if c == "" || HasMeta(c) {
			continue
		}
		d.roots = append(d.roots, path.Join(base, c))
	}
	for i, r := range d.roots {
		if r == "." {
			d.roots[i] = ""
		}
	}
	if len(d.roots) > 0 && d.empty() {
		// roots alone narrow jest's default testMatch, which the
		// conventions already hold.
		return &jsDecl{}
	}
	return d
}

// strs returns the strings of a JSON or YAML value: a string, or the
// strings in a list.
func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// runners are the test runners whose arguments name test files.
var runners = map[string]bool{"mocha": true, "_mocha": true, "ava": true, "tap": true, "node": true, "jest": true, "vitest": true}

// valueFlags are the runners' options that take a separate value (mocha,
// node, tap and ava), so that their value is not read as a test file.
var valueFlags = map[string]bool{
	"--require": true, "-r": true, "--reporter": true, "-R": true, "--reporter-option": true, "--reporter-options": true, "-O": true,
	"--ui": true, "-u": true, "--timeout": true, "-t": true, "-T": true, "--slow": true, "-s": true, "--grep": true, "-g": true,
	"--fgrep": true, "-f": true, "--config": true, "--package": true, "--extension": true, "--file": true, "--ignore": true,
	"--exclude": true, "--retries": true, "--jobs": true, "-j": true, "--watch-files": true, "--watch-ignore": true,
	"--node-option": true, "-n": true, "--import": true, "--loader": true, "--experimental-loader": true,
	"--test-reporter": true, "--test-reporter-destination": true, "--test-name-pattern": true, "--test-skip-pattern": true,
	"--test-concurrency": true, "--test-timeout": true, "--test-shard": true, "--env-file": true, "--conditions": true, "-C": true,
	"--node-arg": true, "--nyc-arg": true, "--test-arg": true, "--coverage-report": true, "--before": true, "--after": true,
	"--output-file": true, "-o": true, "--test-env": true, "--match": true, "-m": true, "--concurrency": true, "-c": true,
	"--node-arguments": true,
}

// scriptDecl adds to d the test files the package script name runs: the
// file, glob and directory arguments of mocha, ava, tap and node --test,
// following npm run, yarn and pnpm to other scripts.
func scriptDecl(d *jsDecl, scripts map[string]string, name string, avaFiles bool, depth int) {
	if depth > 3 {
		return
	}
	words, err := shellquote.Split(scripts[name])
	if err != nil {
		return // unbalanced quotes: nothing is declared
	}
	var segs [][]string
	var cur []string
	for _, w := range words {
		end := strings.HasSuffix(w, ";")
		w = strings.TrimSuffix(w, ";")
		switch w {
		case "&&", "||", "|", "&":
			segs, cur = append(segs, cur), nil
			continue
		}
		if w != "" {
			cur = append(cur, w)
		}
		if end {
			segs, cur = append(segs, cur), nil
		}
	}
	segs = append(segs, cur)
	for _, seg := range segs {
		if len(seg) == 0 {
			continue
		}
		switch seg[0] {
		case "npm", "yarn", "pnpm", "bun":
			rest := seg[1:]
			if len(rest) > 0 && (rest[0] == "run" || rest[0] == "run-script") {
				rest = rest[1:]
			}
			if len(rest) > 0 && scripts[rest[0]] != "" && rest[0] != name {
				scriptDecl(d, scripts, rest[0], avaFiles, depth+1)
			}
			continue
		}
		runner := -1
		for i, w := range seg {
			b := strings.TrimSuffix(path.Base(w), ".js")
			if b == "node" && !contains(seg[i+1:], "--test") {
				continue
			}
			if runners[b] {
				runner = i
				break
			}
		}
		if runner < 0 {
			continue
		}
		kind := strings.TrimPrefix(strings.TrimSuffix(path.Base(seg[runner]), ".js"), "_")
		var args []string
		for i := runner + 1; i < len(seg); i++ {
			w := seg[i]
			switch {
			case w == "--":
			case strings.ContainsAny(w, "<>"):
				if w == ">" || w == "<" || w == "2>" {
					i++
				}
			case w == "--spec" && i+1 < len(seg):
				args = append(args, seg[i+1])
				i++
			case strings.HasPrefix(w, "-"):
				if !strings.Contains(w, "=") && valueFlags[w] {
					i++
				}
			default:
				args = append(args, w)
			}
		}
		switch kind {
		case "jest", "vitest":
			// Their arguments filter by name; they name no files.
		case "node":
			if len(args) == 0 {
				d.addGlobs(nodeDefaults, nil)
			}
			d.addGlobs(args, nodeGlobs)
		case "ava":
			if len(args) == 0 && !avaFiles {
				d.addGlobs(avaDefaults, nil)
			}
			d.addGlobs(args, specGlobs)
		default:
			d.addGlobs(args, specGlobs)
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

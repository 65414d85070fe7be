package testlayout

import (
	"path"
	"strings"
)

// pyConfig is pytest's configuration of the project in dir: the
// directories it collects from (testpaths; everywhere when empty) and the
// test file name patterns (python_files; nil when not set).
type pyConfig struct {
	source    string
	dir       string
	testpaths []*Glob
	files     []*Glob
	// testDirs are testpaths entries named like test directories
	// (tests, integration_tests): every file under them is test code.
	testDirs []*Glob
}

// match reports whether the configuration names p a test.
func (c *pyConfig) match(p string) bool {
	rel, ok := under(c.dir, p)
	if !ok {
		return false
	}
	dirs := strings.Split(rel, "/")
	dirs = dirs[:len(dirs)-1]
	inDir := func(globs []*Glob) bool {
		for i := 1; i <= len(dirs); i++ {
			prefix := strings.Join(dirs[:i], "/")
			for _, g := range globs {
				if g.Match(prefix) {
					return true
				}
			}
		}
		return false
	}
	if inDir(c.testDirs) {
		return true
	}
	if len(c.files) == 0 || (len(c.testpaths) > 0 && !inDir(c.testpaths)) {
		return false
	}
	base := path.Base(rel)
	for _, g := range c.files {
		if g.Match(base) || g.Match(rel) {
			return true
		}
	}
	return false
}

// pyConfigFiles are the files pytest reads its configuration from, in the
// order it prefers them, with the section that holds it.
var pyConfigFiles = []struct{ name, section string }{
	{"pytest.ini", "pytest"},
	{"pyproject.toml", "tool.pytest.ini_options"},
	{"tox.ini", "pytest"},
	{"setup.cfg", "tool:pytest"},
}

// readPyConfig reads pytest's configuration in dir; found is false when
// dir has none (pytest.ini counts even without its section, as pytest
// has it). A config that cannot be read declares nothing.
func readPyConfig(read func(string) ([]byte, error), dir string) (c *pyConfig, found bool) {
	for _, f := range pyConfigFiles {
		b, err := read(path.Join(dir, f.name))
		if err != nil || len(b) > maxConfigSize {
			continue
		}
		var opts map[string][]string
		var ok bool
		if f.name == "pyproject.toml" {
			opts, ok = tomlSection(string(b), f.section)
			if !ok {
				opts, ok = tomlSection(string(b), "tool.pytest")
			}
		} else {
			opts, ok = iniSection(string(b), f.section)
		}
		if !ok && f.name != "pytest.ini" {
			continue
		}
		c := &pyConfig{source: f.name, dir: dir}
		for _, t := range opts["testpaths"] {
			t = strings.TrimSuffix(cleanGlob(t), "/")
			if t == "" {
				continue
			}
			if g, err := CompileGlob(t); err == nil {
				c.testpaths = append(c.testpaths, g)
				if isTestDirName(path.Base(t)) {
					c.testDirs = append(c.testDirs, g)
				}
			}
		}
		for _, p := range opts["python_files"] {
			if g, err := CompileGlob(p); err == nil {
				c.files = append(c.files, g)
			}
		}
		return c, true
	}
	return nil, false
}

// isTestDirName reports whether a directory's name says it holds tests:
// test, tests, or a name ending in _tests, -tests, _test or -test.
func isTestDirName(name string) bool {
	n := strings.ToLower(name)
	if n == "test" || n == "tests" {
		return true
	}
	for _, suf := range []string{"_tests", "-tests", "_test", "-test"} {
		if strings.HasSuffix(n, suf) {
			return true
		}
	}
	return false
}

// iniSection reads the options of [section] in an INI file as pytest
// does: "key = value" or "key: value", continued on indented lines, a
// value split on whitespace. ok is false when there is no such section.
func iniSection(src, section string) (opts map[string][]string, ok bool) {
	opts = map[string][]string{}
	in, key := false, ""
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimRight(line, "\r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';' {
			continue
		}
		if strings.HasPrefix(trimmed, "[") && strings.HasSuffix(trimmed, "]") && line[0] == '[' {
			in = strings.TrimSpace(trimmed[1:len(trimmed)-1]) == section
			ok = ok || in
			key = ""
			continue
		}
		if !in {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && key != "" {
			opts[key] = append(opts[key], strings.Fields(stripInlineComment(trimmed))...)
			continue
		}
		i := strings.IndexAny(trimmed, "=:")
		if i < 0 {
			key = ""
			continue
		}
		key = strings.TrimSpace(trimmed[:i])
		opts[key] = strings.Fields(stripInlineComment(trimmed[i+1:]))
	}
	return opts, ok
}

func stripInlineComment(s string) string {
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	return s
}

// tomlSection reads the string and string-array options of the table
// [section] of a TOML file. ok is false when there is no such table; an
// option whose value cannot be read (an unclosed array) is left out.
func tomlSection(src, section string) (opts map[string][]string, ok bool) {
	opts = map[string][]string{}
	lines := strings.Split(src, "\n")
	in := false
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(strings.TrimRight(lines[i], "\r"))
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "[") {
			name := strings.TrimSpace(strings.Trim(tomlStripComment(line), "[] \t"))
			in = name == section
			ok = ok || in
			continue
		}
		if !in {
			continue
		}
		eq := strings.IndexByte(line, '=')
		if eq < 0 {
			continue
		}
		key := strings.Trim(strings.TrimSpace(line[:eq]), `"'`)
		val := strings.TrimSpace(line[eq+1:])
		if strings.HasPrefix(val, "[") {
			// An array, maybe over several lines.
			for !tomlArrayClosed(val) && i+1 < len(lines) {
				i++
				val += "\n" + lines[i]
			}
			if !tomlArrayClosed(val) {
				continue
			}
		}
		if v, ok := tomlStrings(val); ok {
			opts[key] = v
		}
	}
	return opts, ok
}

// tomlArrayClosed reports whether the array text val ends its brackets
// (outside strings and comments).
func tomlArrayClosed(val string) bool {
	depth := 0
	for _, t := range tomlTokens(val) {
		switch t {
		case "[":
			depth++
		case "]":
			depth--
			if depth == 0 {
				return true
			}
		}
	}
	return false
}

// tomlStrings reads a TOML string or array of strings.
func tomlStrings(val string) ([]string, bool) {
	toks := tomlTokens(val)
	if len(toks) == 0 {
		return nil, false
	}
	if toks[0] != "[" {
		if s, ok := strings.CutPrefix(toks[0], "\x00"); ok {
			return []string{s}, true
		}
		return nil, false
	}
	var out []string
	for _, t := range toks[1:] {
		switch {
		case t == "]":
			return out, true
		case t == ",":
		case strings.HasPrefix(t, "\x00"):
			out = append(out, t[1:])
		default:
			return nil, false
		}
	}
	return nil, false
}

// tomlTokens splits TOML value text into "[", "]", "," and strings (marked
// by a leading NUL), skipping comments; other words are returned as is.
func tomlTokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '#':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '[' || c == ']' || c == ',':
			out = append(out, string(c))
			i++
		case c == '"' || c == '\'':
			if strings.HasPrefix(s[i:], `"""`) || strings.HasPrefix(s[i:], `'''`) {
				q := s[i : i+3]
				end := strings.Index(s[i+3:], q)
				if end < 0 {
					return append(out, "?")
				}
				out = append(out, "\x00"+strings.TrimPrefix(s[i+3:i+3+end], "\n"))
				i += end + 6
				continue
			}
			if c == '\'' {
				end := strings.IndexAny(s[i+1:], "'\n")
				if end < 0 || s[i+1+end] != '\'' {
					return append(out, "?")
				}
				out = append(out, "\x00"+s[i+1:i+1+end])
				i += end + 2
				continue
			}
			v, next, ok := quoted(s, i)
			if !ok {
				return append(out, "?")
			}
			out = append(out, "\x00"+v)
			i = next
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\r\n[],#", rune(s[j])) {
				j++
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out
}

func tomlStripComment(line string) string {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		return line[:i]
	}
	return line
}

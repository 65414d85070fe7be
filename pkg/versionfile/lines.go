package versionfile

import (
	"bytes"
	"regexp"
	"strings"
)

// The line formats: each regular expression's group "v" is the version's
// text. They are matched against one line at a time, with the line's
// leading blanks kept, so that a pattern can ask for the top level.
var (
	// setup.py: version="1.2.3" or version='1.2.3' as a keyword argument,
	// not python_version= or a version inside another word.
	setupPyRE = regexp.MustCompile(`(?:^|[^A-Za-z0-9_.])version\s*=\s*(?:"(?P<v>[^"\\\n]*)"|'(?P<v>[^'\\\n]*)')`)
	// __version__ = "1.2.3" at the top level, with an optional type.
	pyVersionRE = regexp.MustCompile(`^__version__\s*(?::\s*str\s*)?=\s*(?:"(?P<v>[^"\\\n]*)"|'(?P<v>[^'\\\n]*)')`)
	// Gradle: version = '1.2.3', version = "1.2.3" or version '1.2.3' at
	// the start of a line (not a plugin's `id 'x' version '1.0'`).
	gradleRE = regexp.MustCompile(`^\s*version\s*(?:=\s*|\s)\s*(?:"(?P<v>[^"\\\n$]*)"|'(?P<v>[^'\\\n$]*)')\s*(?://.*|;\s*)?$`)
	// gradle.properties: version=1.2.3 or version: 1.2.3.
	gradlePropsRE = regexp.MustCompile(`^\s*version\s*[=:]\s*(?P<v>[^\s#!]+)\s*$`)
	// A gemspec: spec.version = "1.2.3" (any receiver).
	gemspecRE = regexp.MustCompile(`\.version\s*=\s*(?:"(?P<v>[^"\\\n#]*)"|'(?P<v>[^'\\\n]*)')`)
	// version.rb: VERSION = "1.2.3", optionally .freeze.
	rubyVersionRE = regexp.MustCompile(`(?:^|[^A-Za-z0-9_])VERSION\s*=\s*(?:"(?P<v>[^"\\\n#]*)"|'(?P<v>[^'\\\n]*)')`)
)

// lineFinder finds the matches of re, line by line, skipping lines whose
// first non-blank text is the comment marker; want describes the pattern
// for the error when nothing matches.
func lineFinder(comment string, re *regexp.Regexp, want string) finder {
	return func(data []byte) ([]span, string, error) {
		var spans []span
		lines(data, func(start int, line []byte) bool {
			if bytes.HasPrefix(bytes.TrimLeft(line, " \t"), []byte(comment)) {
				return true
			}
			m := re.FindSubmatchIndex(line)
			if m == nil {
				return true
			}
			for i, name := range re.SubexpNames() {
				if name == "v" && m[2*i] >= 0 {
					spans = append(spans, span{start + m[2*i], start + m[2*i+1]})
				}
			}
			return true
		})
		note := ""
		if len(spans) == 0 {
			note = "looked for " + want
		}
		return spans, note, nil
	}
}

// findSetupCfg reads `version = 1.2.3` (or `version: 1.2.3`) in the
// [metadata] section of a setup.cfg.
func findSetupCfg(data []byte) ([]span, string, error) {
	var spans []span
	note := "no version in [metadata]"
	section := ""
	n := 0
	lines(data, func(start int, line []byte) bool {
		n++
		trimmed := bytes.TrimLeft(line, " \t")
		indent := len(line) - len(trimmed)
		switch {
		case len(trimmed) == 0 || trimmed[0] == '#' || trimmed[0] == ';':
			return true
		case trimmed[0] == '[' && indent == 0:
			if end := bytes.IndexByte(trimmed, ']'); end > 0 {
				section = strings.TrimSpace(string(trimmed[1:end]))
			}
			return true
		case indent > 0 || section != "metadata":
			return true // a continuation line, or another section
		}
		sep := bytes.IndexAny(trimmed, "=:")
		if sep < 0 || strings.TrimSpace(string(trimmed[:sep])) != "version" {
			return true
		}
		val := trimmed[sep+1:]
		lead := len(val) - len(bytes.TrimLeft(val, " \t"))
		v := bytes.TrimRight(val[lead:], " \t")
		if bytes.HasPrefix(v, []byte("attr:")) || bytes.HasPrefix(v, []byte("file:")) {
			note = "[metadata] version on line " + itoa(n) + " is " + string(v) + ": list the file that holds it"
			return true
		}
		off := start + indent + sep + 1 + lead
		spans = append(spans, span{off, off + len(v)})
		return true
	})
	return spans, note, nil
}

// findPlain reads a VERSION file: one version on its first line, blanks
// and the line ending around it kept.
func findPlain(data []byte) ([]span, string, error) {
	var spans []span
	n := 0
	var bad error
	lines(data, func(start int, line []byte) bool {
		n++
		v := bytes.TrimSpace(line)
		if len(v) == 0 {
			return true
		}
		if len(spans) > 0 {
			bad = syntaxf(n, "a VERSION file holds one line; this is another")
			return false
		}
		lead := bytes.Index(line, v)
		spans = append(spans, span{start + lead, start + lead + len(v)})
		return true
	})
	if bad != nil {
		return nil, "", bad
	}
	return spans, "the file is empty", nil
}

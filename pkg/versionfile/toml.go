package versionfile

import (
	"bytes"
	"strconv"
	"strings"
)

// tomlFinder reads the `version = "..."` key of the given tables of a TOML
// file, line by line: table headers, comments, and multi-line strings
// (whose lines are never keys) are followed; every other table (a
// dependency's version included) is left alone.
func tomlFinder(name string, tables ...string) finder {
	want := map[string]bool{}
	for _, t := range tables {
		want[t] = true
	}
	return func(data []byte) ([]span, string, error) {
		var spans []span
		var note string
		var bad error
		table := ""
		inMulti := "" // the delimiter of the multi-line string we are in
		n := 0
		lines(data, func(start int, line []byte) bool {
			n++
			if inMulti != "" {
				if i := bytes.Index(line, []byte(inMulti)); i >= 0 {
					inMulti = tomlScan(line[i+3:], "")
				}
				return true
			}
			trimmed := bytes.TrimLeft(line, " \t")
			indent := len(line) - len(trimmed)
			switch {
			case len(trimmed) == 0 || trimmed[0] == '#':
				return true
			case trimmed[0] == '[':
				end := bytes.IndexByte(trimmed, ']')
				if end < 0 {
					bad = syntaxf(n, "table header %q has no closing ]", string(trimmed))
					return false
				}
				inner := trimmed[1:end]
				if len(inner) > 0 && inner[0] == '[' { // [[array.of.tables]]
					inner = inner[1:]
				}
				table = normTable(string(inner))
				return true
			}
			eq := bytes.IndexByte(trimmed, '=')
			if eq < 0 {
				// A line of a multi-line array or the like: only its
				// strings matter, for where they end.
				inMulti = tomlScan(trimmed, "")
				return true
			}
			key := normTable(string(trimmed[:eq]))
			rest := trimmed[eq+1:]
			valOff := start + indent + eq + 1
			if want[table] {
				switch {
				case key == "version":
					sp, ok := tomlString(rest, valOff)
					if ok {
						spans = append(spans, sp)
					} else {
						note = "version in [" + table + "] (line " + itoa(n) + ") is not a plain string"
					}
				case strings.HasPrefix(key, "version."):
					note = "[" + table + "] takes its version from elsewhere (" + key + ", line " + itoa(n) + "): list the file that holds it"
				case key == "dynamic" && bytes.Contains(rest, []byte(`"version"`)):
					note = "the version is dynamic ([" + table + "] dynamic, line " + itoa(n) + "): list the file the build reads it from"
				}
			}
			inMulti = tomlScan(rest, "")
			return true
		})
		if bad != nil {
			return nil, "", bad
		}
		if len(spans) == 0 && note == "" {
			note = "no version key in [" + strings.Join(tables, "] or [") + "] of " + name
		}
		return spans, note, nil
	}
}

// normTable removes blanks and quotes around the parts of a dotted name:
// [ tool . "poetry" ] is tool.poetry.
func normTable(s string) string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if len(p) >= 2 && (p[0] == '"' && p[len(p)-1] == '"' || p[0] == '\'' && p[len(p)-1] == '\'') {
			p = p[1 : len(p)-1]
		}
		parts[i] = p
	}
	return strings.Join(parts, ".")
}

// tomlString reads a one-line basic or literal string at the start of v
// (after blanks); off is v's offset in the file.
func tomlString(v []byte, off int) (span, bool) {
	i := 0
	for i < len(v) && (v[i] == ' ' || v[i] == '\t') {
		i++
	}
	if i >= len(v) || (v[i] != '"' && v[i] != '\'') || bytes.HasPrefix(v[i:], []byte(`"""`)) || bytes.HasPrefix(v[i:], []byte(`'''`)) {
		return span{}, false
	}
	q := v[i]
	end := bytes.IndexByte(v[i+1:], q)
	if end < 0 {
		return span{}, false
	}
	body := v[i+1 : i+1+end]
	if q == '"' && bytes.IndexByte(body, '\\') >= 0 {
		return span{}, false
	}
	return span{off + i + 1, off + i + 1 + end}, true
}

// tomlScan follows the strings of a piece of a line and returns the
// delimiter of a multi-line string left open at its end ("" when none).
// A comment ends the scan.
func tomlScan(v []byte, open string) string {
	for i := 0; i < len(v); {
		switch {
		case bytes.HasPrefix(v[i:], []byte(`"""`)) || bytes.HasPrefix(v[i:], []byte(`'''`)):
			d := string(v[i : i+3])
			end := bytes.Index(v[i+3:], []byte(d))
			if end < 0 {
				return d
			}
			i += 3 + end + 3
		case v[i] == '"':
			i++
			for i < len(v) && v[i] != '"' {
				if v[i] == '\\' {
					i++
				}
				i++
			}
			i++
		case v[i] == '\'':
			end := bytes.IndexByte(v[i+1:], '\'')
			if end < 0 {
				return open
			}
			i += end + 2
		case v[i] == '#':
			return open
		default:
			i++
		}
	}
	return open
}

func itoa(n int) string { return strconv.Itoa(n) }

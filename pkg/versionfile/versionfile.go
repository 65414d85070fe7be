// Package versionfile finds the version a project's version file holds and
// rewrites it, for the common ecosystems: package.json, pyproject.toml,
// setup.cfg, setup.py, a Python __version__, Cargo.toml, pom.xml,
// build.gradle(.kts), gradle.properties, *.gemspec, a Ruby version.rb, a
// plain VERSION file and a Go Version constant.
//
// It is a pure library: it reads bytes given to it and returns bytes, and
// never touches git or the file system (Detect reads an fs.FS). A rewrite
// changes only the version's text, byte for byte the rest, and keeps the
// file's style: a "v" prefix is written only where the file had one.
package versionfile

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
)

// MaxSize is the largest file Read and Rewrite accept: version files are
// small, and a bigger one is not read into memory.
const MaxSize = 1 << 20

// The kinds of error, for errors.Is on an *Error.
var (
	// ErrUnsupported: the file's name is not one of the known formats.
	ErrUnsupported = errors.New("not a known version file")
	// ErrSyntax: the file does not parse.
	ErrSyntax = errors.New("does not parse")
	// ErrNotFound: the file holds no literal version where its format
	// keeps one.
	ErrNotFound = errors.New("no version found")
	// ErrDisagree: the file holds the version in more than one place, and
	// they differ.
	ErrDisagree = errors.New("versions disagree")
	// ErrNotVersion: what stands where the version belongs is not a
	// version such as 1.2.3, or the new version given is not one.
	ErrNotVersion = errors.New("not a version")
)

// Error is a version file that cannot be read or rewritten: the file, the
// line (1-based; 0 when no line applies), what is wrong, and its kind.
type Error struct {
	Path string
	Line int
	Msg  string
	// Kind is one of the Err values above.
	Kind error
}

// Error reads "path:line: message".
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return e.Path + ": " + e.Msg
}

// Unwrap returns the kind, so that errors.Is(err, ErrNotFound) works.
func (e *Error) Unwrap() error { return e.Kind }

// Version is the version a file holds and where.
type Version struct {
	// Path is the file, as given.
	Path string
	// Line is the line of the version's first place (1-based).
	Line int
	// Text is the version as written, e.g. "1.4.2" or "v1.4.2".
	Text string
	// Places are the lines of every place that holds it (most files have
	// one; a pyproject.toml may have [project] and [tool.poetry]).
	Places []int
}

// Plain is the version without a "v" prefix: 1.4.2 for v1.4.2.
func (v Version) Plain() string { return strings.TrimPrefix(v.Text, "v") }

// span is the byte range of one version's text (without quotes).
type span struct{ start, end int }

// finder finds the spans of the version text in a file of one format. A
// note explains, when nothing is found, what was seen instead (a dynamic
// or inherited version).
type finder func(data []byte) (spans []span, note string, err error)

// format is one kind of version file: whether a name is one, and its
// finder.
type format struct {
	name  string
	match func(base string) bool
	find  finder
}

func is(names ...string) func(string) bool {
	return func(base string) bool {
		for _, n := range names {
			if base == n {
				return true
			}
		}
		return false
	}
}

// formats are tried in order; the first whose name matches reads the file.
var formats = []format{
	{"package.json", is("package.json"), findJSON},
	{"pyproject.toml", is("pyproject.toml"), tomlFinder("pyproject.toml", "project", "tool.poetry")},
	{"Cargo.toml", is("Cargo.toml"), tomlFinder("Cargo.toml", "package", "workspace.package")},
	{"setup.cfg", is("setup.cfg"), findSetupCfg},
	{"setup.py", is("setup.py"), lineFinder("#", setupPyRE, "version= with a string literal in setup()")},
	{"Python __version__", is("__init__.py", "__version__.py", "_version.py"), lineFinder("#", pyVersionRE, "__version__ = \"...\" at the top level")},
	{"pom.xml", is("pom.xml"), findPom},
	{"build.gradle", is("build.gradle", "build.gradle.kts"), lineFinder("//", gradleRE, "version = '...' or version '...'")},
	{"gradle.properties", is("gradle.properties"), lineFinder("#", gradlePropsRE, "version=...")},
	{"gemspec", func(b string) bool { return strings.HasSuffix(b, ".gemspec") }, lineFinder("#", gemspecRE, "spec.version = \"...\"")},
	{"version.rb", is("version.rb"), lineFinder("#", rubyVersionRE, "VERSION = \"...\"")},
	{"VERSION", is("VERSION", "VERSION.txt"), findPlain},
	{"Go", func(b string) bool { return strings.HasSuffix(b, ".go") && !strings.HasSuffix(b, "_test.go") }, findGo},
}

// formatOf is the format of a file by its name.
func formatOf(p string) (format, bool) {
	base := path.Base(strings.ReplaceAll(p, `\`, "/"))
	for _, f := range formats {
		if f.match(base) {
			return f, true
		}
	}
	return format{}, false
}

// Supported reports whether the file's name is one of the known version
// file formats.
func Supported(path string) bool {
	_, ok := formatOf(path)
	return ok
}

// versionRE is what a version looks like: digits first (after an optional
// v), then dots, letters, digits, dashes, pluses and underscores, as in
// 1.4.2, v2.0.0-rc.2, 1.2.3+build.5 or Python's 1.2.3rc1.
var versionRE = regexp.MustCompile(`^v?[0-9]+(\.[0-9A-Za-z_+-]+)*(-[0-9A-Za-z_.+-]+)?(\+[0-9A-Za-z_.-]+)?$`)

// IsVersion reports whether s looks like a version (1.2.3, v1.2.3,
// 2.0.0-rc.2, 1.2.3rc1), short enough to stand on one line.
func IsVersion(s string) bool { return len(s) <= 128 && versionRE.MatchString(s) }

// Read finds the version the file at path holds; content is its bytes.
// The format comes from the file's name. A file that holds its version in
// several places that agree reads as that version; places that disagree,
// no version, a value that is not a version, or a file that does not parse
// are an *Error naming the file and line.
func Read(path string, content []byte) (Version, error) {
	v, _, err := read(path, content)
	return v, err
}

func read(p string, data []byte) (Version, []span, error) {
	f, ok := formatOf(p)
	if !ok {
		return Version{}, nil, &Error{Path: p, Msg: "not a known version file (package.json, pyproject.toml, setup.cfg, setup.py, __init__.py, Cargo.toml, pom.xml, build.gradle, *.gemspec, version.rb, VERSION, *.go)", Kind: ErrUnsupported}
	}
	if len(data) > MaxSize {
		return Version{}, nil, &Error{Path: p, Msg: fmt.Sprintf("%d bytes is too big for a version file (at most %d)", len(data), MaxSize), Kind: ErrSyntax}
	}
	spans, note, err := f.find(data)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Path = p
			return Version{}, nil, e
		}
		return Version{}, nil, &Error{Path: p, Msg: err.Error(), Kind: ErrSyntax}
	}
	if len(spans) == 0 {
		msg := "no version found"
		if note != "" {
			msg += ": " + note
		}
		return Version{}, nil, &Error{Path: p, Msg: msg, Kind: ErrNotFound}
	}
	v := Version{Path: p}
	for i, s := range spans {
		text := string(data[s.start:s.end])
		line := lineOf(data, s.start)
		if !IsVersion(text) {
			return Version{}, nil, &Error{Path: p, Line: line, Msg: fmt.Sprintf("%q is not a version like 1.2.3", text), Kind: ErrNotVersion}
		}
		if i == 0 {
			v.Text, v.Line = text, line
		} else if text != v.Text {
			return Version{}, nil, &Error{Path: p, Line: line, Msg: fmt.Sprintf("version %s here, but %s on line %d: make them agree (or list another file in release.version_files)", text, v.Text, v.Line), Kind: ErrDisagree}
		}
		v.Places = append(v.Places, line)
	}
	return v, spans, nil
}

// Rewrite returns content with the version it holds replaced by version
// (given with or without a "v": the file keeps its own style), every place
// it is held, and nothing else changed; and the version it held. It fails
// as Read does, and when version is not a version.
func Rewrite(path string, content []byte, version string) ([]byte, Version, error) {
	plain := strings.TrimPrefix(version, "v")
	if !IsVersion(plain) || strings.HasPrefix(plain, "v") {
		return nil, Version{}, &Error{Path: path, Msg: fmt.Sprintf("the new version %q is not a version like 1.2.3", version), Kind: ErrNotVersion}
	}
	old, spans, err := read(path, content)
	if err != nil {
		return nil, Version{}, err
	}
	text := plain
	if strings.HasPrefix(old.Text, "v") {
		text = "v" + plain
	}
	var out bytes.Buffer
	out.Grow(len(content) + len(spans)*len(text))
	last := 0
	for _, s := range spans {
		out.Write(content[last:s.start])
		out.WriteString(text)
		last = s.end
	}
	out.Write(content[last:])
	return out.Bytes(), old, nil
}

// Bumped reports whether after is before with nothing but the version it
// holds rewritten (the file at path, in a format Read knows), and returns
// the two versions. A file that either side cannot be read as, or that
// changed in any other way, is no bump.
func Bumped(path string, before, after []byte) (from, to Version, ok bool) {
	to, err := Read(path, after)
	if err != nil {
		return Version{}, Version{}, false
	}
	rewritten, from, err := Rewrite(path, before, to.Plain())
	if err != nil || !bytes.Equal(rewritten, after) {
		return Version{}, Version{}, false
	}
	return from, to, true
}

// lineOf is the 1-based line of the byte at off.
func lineOf(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// lines calls fn for each line of data with its start offset, without its
// line ending (\n or \r\n).
func lines(data []byte, fn func(start int, line []byte) bool) {
	for start := 0; start < len(data); {
		end := bytes.IndexByte(data[start:], '\n')
		next := len(data)
		if end < 0 {
			end = len(data)
		} else {
			end += start
			next = end + 1
		}
		l := data[start:end]
		l = bytes.TrimSuffix(l, []byte{'\r'})
		if !fn(start, l) {
			return
		}
		start = next
	}
}

// syntaxf is a parse error at a line.
func syntaxf(line int, format string, args ...interface{}) error {
	return &Error{Line: line, Msg: fmt.Sprintf(format, args...), Kind: ErrSyntax}
}

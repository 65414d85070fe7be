// Package coverage reads test coverage reports for verify's coverage rule:
// Go coverprofiles (go test -coverprofile), LCOV tracefiles and Cobertura
// XML. Each is reduced to the same thing, a Profile: for every file, by its
// repository-relative slash-separated path, the lines the tool counts as
// executable and how often each ran. A line absent from a File is not
// executable as far as the report knows (a comment, a blank line, a
// declaration); a line present with 0 hits is executable and uncovered.
// Which lines are executable is the tool's choice: c8 (V8 coverage), for
// one, reports every line of a file, comments and blank lines included.
//
// The parsers stream their input and keep only what they report (plus, for
// Go, the blocks of the profile), so memory grows with the size of the
// report and never with the numbers written in it.
//
// # Go coverprofile
//
// As go test -coverprofile writes it:
//
//	mode: set|count|atomic
//	example.com/mod/pkg/file.go:12.34,15.2 3 1
//
// Each block line is file:startLine.startCol,endLine.endCol numStmts
// count. Its lines are read as go tool cover -html colours them:
//
//   - A block with numStmts > 0 makes every line from startLine to endLine
//     executable, both included: the line of a func's opening brace, and
//     the closing brace a block ends on, count. (A function's closing brace
//     is in a block only when its body is one block: after an if, the last
//     block ends with the last statement.) A block that ends at column 1 of
//     a later line ends before that line's first character and does not
//     reach it. Blocks of no statements make no line executable.
//   - A line's hits are the largest count of the blocks on it. Blocks meet
//     on shared lines ("if x {" ends one block and starts the next,
//     "} else {" ends one and starts another), so such a line counts as
//     covered when any of its blocks ran, and a block that never ran is
//     not reported on a line whose other block did.
//   - The same block repeated (profiles of several runs concatenated) is
//     merged as go tool cover does: counts are added, or in set mode or-ed.
//     Further "mode:" lines (concatenated profiles) are allowed.
//
// File names are import paths: module path, package directory, file. The
// module whose path is the longest prefix of the name gives the directory:
// Options.ModulePath or <Root>/go.mod for the root and, when the name maps
// to no file under Root, every go.mod under Root (read once; hidden
// directories, node_modules and vendor are skipped). Names that are
// absolute paths are made relative to Root; others that match no module
// are kept as they are, cleaned, which keeps relative paths relative.
//
// # LCOV
//
// The tracefile of geninfo, c8/nyc/istanbul, gcovr, cargo-llvm-cov or
// coverage.py's lcov: records of KEY:value lines,
//
//	TN:test name
//	SF:/abs/or/relative/path.c
//	FN:..., FNDA:..., BRDA:..., LF:..., LH:...   (ignored)
//	DA:line,hits[,checksum]
//	end_of_record
//
// Only SF and DA matter: each DA line makes its line executable with its
// hits. Records of the same file (one per test name, or concatenated
// tracefiles) merge, a line taking the larger count. Other KEY: lines,
// known or not, are ignored; a negative count (some gcov versions write
// them) reads as 0. SF paths inside Root are made relative; relative ones
// are kept (they are relative to where the tool ran, usually the root). A
// missing end_of_record before the next SF or at the end is forgiven.
//
// # Cobertura
//
// The XML of coverage.py, istanbul/c8/nyc, gcovr --xml, or of converters
// from Go or JaCoCo:
//
//	<coverage>
//	  <sources><source>/abs/or/relative/dir</source>...</sources>
//	  <packages><package><classes>
//	    <class filename="pkg/mod.py">
//	      <methods><method><lines><line number="3" hits="1"/>...
//	      <lines><line number="3" hits="1" branch="false"/>...
//
// Every <line> inside a <class> makes its line executable with its hits
// (the method lines repeat the class's; duplicates, and classes of the
// same file, merge, a line taking the larger count). A class's filename is
// relative to one of the sources (a relative source to Root): the first
// source under which the file exists under Root wins; else the first
// source inside Root; else the filename is kept as it is. An absolute
// filename is made relative to Root.
//
// The XML is read as a stream of tokens. A DOCTYPE naming an external DTD
// (istanbul and the Java Cobertura write one) is allowed and never
// fetched; one with an internal subset, where entities would be declared,
// is refused, and so is any entity but XML's own five. Clover XML (also a
// <coverage> root) and JaCoCo XML are told apart and refused.
package coverage

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

// The values of Options.Format and Profile.Format.
const (
	// FormatAuto asks Parse to tell the format from the content.
	FormatAuto = "auto"
	// FormatGo is the Go coverprofile of go test -coverprofile.
	FormatGo = "go"
	// FormatLCOV is the LCOV tracefile (lcov.info).
	FormatLCOV = "lcov"
	// FormatCobertura is Cobertura XML (coverage.xml).
	FormatCobertura = "cobertura"
)

// understood is appended to the errors for input in no known format.
const understood = "understood formats: Go coverprofile (go test -coverprofile; starts with \"mode:\"), LCOV (SF:/DA:/end_of_record) and Cobertura XML (<coverage>)"

// Profile is a coverage report: for each file (repository-relative,
// slash-separated path), its executable lines and their hit counts.
type Profile struct {
	// Format is the format the report was read as: "go", "lcov" or
	// "cobertura"; after Merge of different formats, their names joined
	// with "+".
	Format string
	// Files maps a repository-relative, slash-separated path to its lines.
	// A path the report names outside Options.Root stays absolute (and a
	// Go import path of no module under Root stays as written), so it
	// matches no repository file.
	Files map[string]*File
}

// File is the coverage of one source file.
type File struct {
	// Lines maps a 1-based line number to its hit count: the largest
	// count of the blocks or records covering the line (0 = executable
	// but not covered). Lines absent from the map are not executable.
	Lines map[int]int
}

// Options tell Parse how to read a report and map its paths.
type Options struct {
	// Root is the absolute path of the repository root. Absolute paths in
	// the report that lie inside it are made relative to it; Cobertura
	// sources and nested go.mod files are looked up under it. Empty means
	// paths are kept as the report writes them (cleaned, slash-separated)
	// and no file is read.
	Root string
	// ModulePath is the Go module path of the repository root, used to
	// map coverprofile import paths (module/path/pkg/file.go) to
	// repository paths (pkg/file.go). Empty means reading it from
	// <Root>/go.mod. Either way, when an import path maps to no file under
	// Root, the nested go.mod files under Root are read (once) and the
	// module with the longest matching path wins.
	ModulePath string
	// Format is "auto" (or empty: detect it from the content), "go",
	// "lcov" or "cobertura".
	Format string
}

// ParseError is a malformed or unsupported report. Line is the 1-based line
// of the input where the problem is, 0 when it concerns the whole report.
type ParseError struct {
	// Path names the report (ParseFile sets it to the path it was given);
	// empty for Parse.
	Path string
	// Line is the line of the report, 0 for none.
	Line int
	// Msg says what is wrong.
	Msg string
}

// Error returns "path:line: msg", leaving out what is unknown.
func (e *ParseError) Error() string {
	switch {
	case e.Path != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	case e.Path != "":
		return e.Path + ": " + e.Msg
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

func errorf(line int, format string, args ...any) error {
	return &ParseError{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// ParseFile reads the report at path; see Parse. Its errors name the path.
func ParseFile(path string, opts Options) (*Profile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := Parse(f, opts)
	if pe, ok := errors.AsType[*ParseError](err); ok && pe.Path == "" {
		pe.Path = path
	}
	return p, err
}

// Parse reads a coverage report in the format opts.Format names, or, for
// "auto", the one its content shows: a Go coverprofile starts with "mode:",
// Cobertura is XML, LCOV starts with a "KEY:" record line such as TN: or
// SF:. Errors are *ParseError with the line of the input where they are
// found (I/O errors of r are returned as they are).
func Parse(r io.Reader, opts Options) (*Profile, error) {
	cr := &countingReader{r: r}
	br := bufio.NewReaderSize(cr, 64<<10)
	// A UTF-8 byte order mark is no part of any of the formats.
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	format := opts.Format
	if format == "" || format == FormatAuto {
		var err error
		if format, err = detect(br); err != nil {
			return nil, err
		}
	}
	res, err := newResolver(opts)
	if err != nil {
		return nil, err
	}
	p := &Profile{Format: format, Files: map[string]*File{}}
	switch format {
	case FormatGo:
		err = parseGo(br, cr, res, p)
	case FormatLCOV:
		err = parseLCOV(br, res, p)
	case FormatCobertura:
		err = parseCobertura(br, cr, res, p)
	default:
		return nil, fmt.Errorf("coverage: unknown format %q (want auto, go, lcov or cobertura)", opts.Format)
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// detect tells the format from the first non-blank line of the report.
func detect(br *bufio.Reader) (string, error) {
	head, err := br.Peek(br.Size())
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return "", err
	}
	text := bytes.TrimLeftFunc(head, unicode.IsSpace)
	first, _, _ := bytes.Cut(text, []byte("\n"))
	first = bytes.TrimSpace(first)
	if len(first) == 0 {
		if len(head) == br.Size() {
			return "", &ParseError{Msg: "no coverage data in the first 64 KiB; " + understood}
		}
		return "", &ParseError{Msg: "empty coverage report; " + understood}
	}
	line := 1 + bytes.Count(head[:len(head)-len(text)], []byte("\n"))
	switch {
	case bytes.HasPrefix(first, []byte("mode:")):
		return FormatGo, nil
	case first[0] == '<':
		return FormatCobertura, nil
	case isLCOVLine(string(first)):
		return FormatLCOV, nil
	case looksLikeGoBlock(string(first)):
		// A coverprofile that lost its first line: let the Go parser say so.
		return FormatGo, nil
	case first[0] == '{' || first[0] == '[':
		return "", errorf(line, "JSON coverage reports are not supported; %s", understood)
	}
	return "", errorf(line, "unknown coverage format (starts with %q); %s", clip(string(first)), understood)
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// countingReader counts the bytes read through it, for the Go parser's
// budget of expanded lines, and keeps the reader's error, to tell it from
// the parsers' own.
type countingReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	if err != nil && err != io.EOF {
		c.err = err
	}
	return n, err
}

// maxLineLen bounds one line of a line-oriented report.
const maxLineLen = 1 << 20

// lines calls fn for each line of r without its line ending, numbered from
// 1, stopping at the first error.
func lines(r io.Reader, fn func(n int, line string) error) error {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 0, 64<<10), maxLineLen)
	n := 0
	for s.Scan() {
		n++
		if err := fn(n, strings.TrimSuffix(s.Text(), "\r")); err != nil {
			return err
		}
	}
	if err := s.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return errorf(n+1, "line longer than %d bytes", maxLineLen)
		}
		return err
	}
	return nil
}

// File returns the coverage of the file at a repository-relative path
// (slash- or OS-separated; a leading "./" is ignored).
func (p *Profile) File(path string) (*File, bool) {
	f, ok := p.Files[cleanRel(path)]
	return f, ok
}

// Merge adds q's files to p: a line's hits become the larger of the two.
func (p *Profile) Merge(q *Profile) {
	if p.Files == nil {
		p.Files = map[string]*File{}
	}
	for name, f := range q.Files {
		for line, hits := range f.Lines {
			p.add(name, line, hits)
		}
	}
	switch {
	case p.Format == "":
		p.Format = q.Format
	case q.Format != "" && !hasPart(p.Format, q.Format):
		p.Format += "+" + q.Format
	}
}

func hasPart(list, part string) bool {
	for f := range strings.SplitSeq(list, "+") {
		if f == part {
			return true
		}
	}
	return false
}

// add records hits for line of the file at name, keeping the larger count.
func (p *Profile) add(name string, line, hits int) {
	f := p.Files[name]
	if f == nil {
		f = &File{Lines: map[int]int{}}
		p.Files[name] = f
	}
	if old, ok := f.Lines[line]; !ok || hits > old {
		f.Lines[line] = hits
	}
}

// paths returns the files' paths, sorted.
func (p *Profile) paths() []string {
	out := make([]string, 0, len(p.Files))
	for name := range p.Files {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// satAdd adds two non-negative counts, saturating at math.MaxInt.
func satAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

// cleanRel normalises a relative path: slash-separated, cleaned, without
// a leading "./".
func cleanRel(p string) string {
	return path.Clean(filepath.ToSlash(p))
}

// resolver maps the paths a report names to repository paths.
type resolver struct {
	root     string // cleaned absolute root, "" for none
	rootReal string // root with symlinks resolved, when it differs
	modules  []module
	scanned  bool // nested go.mod files read
	goCache  map[string]string
	isFile   map[string]bool
}

// module is a Go module under the root: its path and its directory
// (repository-relative, "" for the root).
type module struct{ path, dir string }

func newResolver(opts Options) (*resolver, error) {
	r := &resolver{goCache: map[string]string{}, isFile: map[string]bool{}}
	if opts.Root != "" {
		root, err := filepath.Abs(opts.Root)
		if err != nil {
			return nil, err
		}
		r.root = filepath.Clean(root)
		if real, err := filepath.EvalSymlinks(r.root); err == nil && real != r.root {
			r.rootReal = real
		}
	}
	switch {
	case opts.ModulePath != "":
		r.modules = []module{{path: opts.ModulePath}}
	case r.root != "":
		if mp := readModulePath(filepath.Join(r.root, "go.mod")); mp != "" {
			r.modules = []module{{path: mp}}
		}
	}
	return r, nil
}

// rel maps a filesystem path from a report to a repository path: an
// absolute one inside the root becomes relative to it; any other is only
// cleaned and made slash-separated.
func (r *resolver) rel(p string) string {
	if filepath.IsAbs(p) {
		p = filepath.Clean(p)
		for _, base := range []string{r.root, r.rootReal} {
			if base == "" {
				continue
			}
			if rel, err := filepath.Rel(base, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return filepath.ToSlash(rel)
			}
		}
		return filepath.ToSlash(p)
	}
	return cleanRel(p)
}

// exists reports whether rel, a repository path, is a file under the root.
func (r *resolver) exists(rel string) bool {
	if r.root == "" || rel == "." || rel == ".." || strings.HasPrefix(rel, "../") || path.IsAbs(rel) {
		return false
	}
	ok, seen := r.isFile[rel]
	if !seen {
		fi, err := os.Stat(filepath.Join(r.root, filepath.FromSlash(rel)))
		ok = err == nil && fi.Mode().IsRegular()
		r.isFile[rel] = ok
	}
	return ok
}

package coverage

import (
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// How a Go coverprofile is read is told in the package doc.

// goBlock is a block's position in its file.
type goBlock struct{ startLine, startCol, endLine, endCol int }

// goCount is what the profile says of a block, and the report line that
// first named it.
type goCount struct{ stmts, count, line int }

// lineBudgetBase and lineBudgetPerByte bound the lines Go blocks may expand
// to, base + perByte × size of the report, so that a small report with
// huge line numbers cannot exhaust memory. Real profiles stay far below.
var (
	lineBudgetBase    int64 = 1 << 22
	lineBudgetPerByte int64 = 64
)

func parseGo(r io.Reader, cr *countingReader, res *resolver, p *Profile) error {
	mode := ""
	files := map[string]map[goBlock]goCount{}
	var order []string
	err := lines(r, func(n int, line string) error {
		line = strings.TrimSpace(line)
		if line == "" {
			return nil
		}
		if m, ok := strings.CutPrefix(line, "mode:"); ok {
			m = strings.TrimSpace(m)
			switch m {
			case "set", "count", "atomic":
			default:
				return errorf(n, "unknown mode %q: want set, count or atomic", m)
			}
			mode = m
			return nil
		}
		if mode == "" {
			return errorf(n, "missing \"mode:\" line: a Go coverprofile starts with \"mode: set\", \"mode: count\" or \"mode: atomic\"")
		}
		name, b, stmts, count, err := parseGoBlock(line)
		if err != "" {
			return errorf(n, "malformed block %q: %s (want file.go:line.col,line.col numStmts count)", clip(line), err)
		}
		if b.startLine < 1 || b.endLine < b.startLine || (b.endLine == b.startLine && b.endCol < b.startCol) {
			return errorf(n, "malformed block %q: it ends before it starts", clip(line))
		}
		file := res.goPath(name)
		blocks := files[file]
		if blocks == nil {
			blocks = map[goBlock]goCount{}
			files[file] = blocks
			order = append(order, file)
		}
		old, seen := blocks[b]
		switch {
		case !seen:
			blocks[b] = goCount{stmts: stmts, count: count, line: n}
		case old.stmts != stmts:
			return errorf(n, "block %q has %d statements, but %d at line %d", clip(line), stmts, old.stmts, old.line)
		case mode == "set":
			old.count = max(old.count, count)
			blocks[b] = old
		default:
			old.count = satAdd(old.count, count)
			blocks[b] = old
		}
		return nil
	})
	if err != nil {
		return err
	}
	if mode == "" {
		return &ParseError{Msg: "no \"mode:\" line: not a Go coverprofile"}
	}
	budget := lineBudgetBase + lineBudgetPerByte*cr.n
	for _, file := range order {
		// Expand in a fixed order so that running out of budget names the
		// same block every time.
		blocks := files[file]
		keys := make([]goBlock, 0, len(blocks))
		for b := range blocks {
			keys = append(keys, b)
		}
		sort.Slice(keys, func(i, j int) bool { return blocks[keys[i]].line < blocks[keys[j]].line })
		for _, b := range keys {
			c := blocks[b]
			if c.stmts == 0 {
				continue
			}
			last := b.endLine
			if b.endCol <= 1 && last > b.startLine {
				last--
			}
			budget -= int64(last - b.startLine + 1)
			if budget < 0 {
				return errorf(c.line, "block spans lines %d to %d: too many lines for a report of this size", b.startLine, b.endLine)
			}
			for i := range last - b.startLine + 1 { // no l <= last: last may be MaxInt
				p.add(file, b.startLine+i, c.count)
			}
		}
	}
	return nil
}

// looksLikeGoBlock reports whether s reads as a coverprofile block line.
func looksLikeGoBlock(s string) bool {
	_, _, _, _, err := parseGoBlock(s)
	return err == ""
}

// parseGoBlock splits "name:l.c,l.c stmts count" from the right, as
// golang.org/x/tools/cover does (names may hold ':' and ' '). It returns
// what is wrong, or "".
func parseGoBlock(s string) (name string, b goBlock, stmts, count int, bad string) {
	end := len(s)
	// next parses the number between the last sep before end and end.
	next := func(sep byte, what string) int {
		if bad != "" {
			return 0
		}
		i := strings.LastIndexByte(s[:end], sep)
		if i < 0 {
			bad = "no " + what
			return 0
		}
		v, ok := atoiNonNeg(s[i+1 : end])
		if !ok {
			bad = "bad " + what + " " + strconv.Quote(clip(s[i+1:end]))
			return 0
		}
		end = i
		return v
	}
	count = next(' ', "count")
	stmts = next(' ', "statement count")
	b.endCol = next('.', "end column")
	b.endLine = next(',', "end line")
	b.startCol = next('.', "start column")
	b.startLine = next(':', "start line")
	if bad == "" && end == 0 {
		bad = "no file name"
	}
	return s[:end], b, stmts, count, bad
}

// atoiNonNeg parses a run of ASCII digits, saturating at math.MaxInt.
func atoiNonNeg(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if v > (math.MaxInt-int(c-'0'))/10 {
			v = math.MaxInt
			continue
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// goPath maps a coverprofile file name to a repository path.
func (r *resolver) goPath(name string) string {
	if out, ok := r.goCache[name]; ok {
		return out
	}
	out := r.mapGoPath(name)
	r.goCache[name] = out
	return out
}

func (r *resolver) mapGoPath(name string) string {
	if filepath.IsAbs(name) {
		return r.rel(name)
	}
	if c, ok := r.moduleFile(name); ok && (r.exists(c) || r.root == "") {
		return c
	}
	if r.exists(cleanRel(name)) {
		return cleanRel(name) // already a repository path
	}
	if !r.scanned && r.root != "" {
		r.scanModules()
	}
	if c, ok := r.moduleFile(name); ok {
		return c
	}
	return cleanRel(name)
}

// moduleFile maps an import path by the modules known so far: the longest
// matching module whose file exists under the root, else the longest
// matching module.
func (r *resolver) moduleFile(name string) (string, bool) {
	first, found := "", false
	for _, m := range r.modules { // longest path first
		rest, ok := strings.CutPrefix(name, m.path+"/")
		if !ok || rest == "" {
			continue
		}
		c := cleanRel(rest)
		if m.dir != "" {
			c = m.dir + "/" + c
		}
		if r.exists(c) {
			return c, true
		}
		if !found {
			first, found = c, true
		}
	}
	return first, found
}

// scanModules reads every go.mod under the root, skipping .git, hidden
// directories, node_modules and vendor.
func (r *resolver) scanModules() {
	r.scanned = true
	filepath.WalkDir(r.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // an unreadable directory is skipped
		}
		if d.IsDir() {
			n := d.Name()
			if p != r.root && (strings.HasPrefix(n, ".") || n == "node_modules" || n == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Name() != "go.mod" || filepath.Dir(p) == r.root {
			return nil
		}
		mp := readModulePath(p)
		if mp == "" {
			return nil
		}
		dir, err := filepath.Rel(r.root, filepath.Dir(p))
		if err != nil {
			return nil
		}
		r.modules = append(r.modules, module{path: mp, dir: filepath.ToSlash(dir)})
		return nil
	})
	sort.SliceStable(r.modules, func(i, j int) bool { return len(r.modules[i].path) > len(r.modules[j].path) })
}

// readModulePath returns the module path a go.mod file declares, "" when
// it cannot be read or declares none.
func readModulePath(gomod string) string {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return ""
	}
	for line := range strings.Lines(string(data)) {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module")
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t' && rest[0] != '"' && rest[0] != '`') {
			continue
		}
		rest = strings.TrimSpace(rest)
		if u, err := strconv.Unquote(rest); err == nil {
			rest = u
		}
		return rest
	}
	return ""
}

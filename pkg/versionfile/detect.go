package versionfile

import (
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// rootFiles are the version files looked for at a repository's root.
var rootFiles = []string{
	"package.json", "pyproject.toml", "setup.cfg", "setup.py", "Cargo.toml", "pom.xml",
	"build.gradle", "build.gradle.kts", "gradle.properties", "VERSION", "VERSION.txt",
}

// pythonVersionFiles are the files of a Python package that may hold its
// __version__.
var pythonVersionFiles = []string{"__init__.py", "__version__.py", "_version.py"}

// Detect finds the version files at the root of a repository, given as a
// file system rooted there: the build files of the common ecosystems
// (package.json, pyproject.toml, setup.cfg, setup.py, Cargo.toml, pom.xml,
// build.gradle(.kts), gradle.properties, *.gemspec, VERSION), a Python
// package's __init__.py, __version__.py or _version.py one level down (or
// under src/), a Ruby lib/*/version.rb, and a Go file with a Version
// constant at the root or in internal/version, version or cmd/*. A file is
// listed only when Read finds a version in it; paths are slash-separated
// and sorted.
func Detect(fsys fs.FS) []string {
	var cands []string
	cands = append(cands, rootFiles...)
	add := func(pattern string) {
		m, _ := fs.Glob(fsys, pattern)
		cands = append(cands, m...)
	}
	add("*.gemspec")
	add("lib/*/version.rb")
	for _, f := range pythonVersionFiles {
		add("*/" + f)
		add("src/*/" + f)
	}
	for _, dir := range []string{".", "internal/version", "version", "cmd/*"} {
		add(path.Join(dir, "*.go"))
	}
	seen := map[string]bool{}
	var out []string
	for _, c := range cands {
		if seen[c] || skipDir(c) {
			continue
		}
		seen[c] = true
		data, ok := readSmall(fsys, c)
		if !ok {
			continue
		}
		if _, err := Read(c, data); err == nil {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// skipDir leaves out packages that are not the project's own: tests,
// vendored code, dependencies and hidden directories.
func skipDir(p string) bool {
	first := strings.SplitN(p, "/", 2)[0]
	if !strings.Contains(p, "/") {
		return false
	}
	switch first {
	case "tests", "test", "testdata", "vendor", "node_modules", "third_party", "docs", "examples":
		return true
	}
	return strings.HasPrefix(first, ".") || strings.HasPrefix(first, "_")
}

// readSmall reads a regular file of at most MaxSize bytes.
func readSmall(fsys fs.FS, name string) ([]byte, bool) {
	fi, err := fs.Stat(fsys, name)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > MaxSize {
		return nil, false
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil || len(data) > MaxSize {
		return nil, false
	}
	return data, true
}

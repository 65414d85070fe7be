package versionfile

import (
	"errors"
	"strings"
	"testing"
)

// rw is one read-and-rewrite case: the file, with every place of its
// version marked «like this» (the marks are not in the file), and the line
// of the first place.
type rw struct {
	name   string
	path   string
	marked string
	line   int
}

// unmark is the file of a marked case, with each marked version replaced
// by with (nil: kept), and the version marked first.
func unmark(marked string, with func(old string) string) (file, version string) {
	var b strings.Builder
	for {
		i := strings.Index(marked, "«")
		if i < 0 {
			b.WriteString(marked)
			return b.String(), version
		}
		j := strings.Index(marked, "»")
		old := marked[i+len("«") : j]
		if version == "" {
			version = old
		}
		b.WriteString(marked[:i])
		if with != nil {
			old = with(old)
		}
		b.WriteString(old)
		marked = marked[j+len("»"):]
	}
}

// to987 is 9.8.7 in an old version's style.
func to987(old string) string {
	if strings.HasPrefix(old, "v") {
		return "v9.8.7"
	}
	return "9.8.7"
}

var rewriteCases = []rw{
	// package.json
	{"json", "package.json", "{\"name\": \"shop\", \"version\": \"«1.4.2»\", \"dependencies\": {\"left-pad\": \"1.0.0\"}}", 1},
	{"json nested version untouched", "package.json", "{\n  \"name\": \"shop\",\n  \"engines\": {\"version\": \"0.1.0\"},\n  \"publishConfig\": {\"version\": \"5.5.5\"},\n  \"version\": \"«1.4.2»\"\n}\n", 5},
	{"json CRLF pre-release", "package.json", "{\r\n  \"version\": \"«2.0.0-rc.2»\",\r\n  \"x\": [1, {\"version\": \"3\"}, \"}\"]\r\n}\r\n", 2},
	{"json strings with braces and escapes", "package.json", "{\"description\": \"a \\\"version\\\": \\\"0.0.1\\\" {\", \"version\": \"«v1.0.0»\"}", 1},

	// pyproject.toml
	{"pep 621", "pyproject.toml", "[build-system]\nrequires = [\"hatchling>=1.0\"]\n\n[project]\nname = \"shop\"\nversion = \"«1.4.2»\"  # the release\ndependencies = [\n  \"requests>=2.0\",\n]\n\n[project.optional-dependencies]\nversion = \"0.0.0\"\n", 6},
	{"poetry single quotes CRLF", "pyproject.toml", "[tool.poetry]\r\nname = 'shop'\r\nversion = '«0.3.1»'\r\n\r\n[tool.poetry.dependencies]\r\nrequests = { version = \"2.31.0\" }\r\n", 3},
	{"project and poetry agree", "pyproject.toml", "[project]\nversion = \"«1.0.0»\"\n[tool.poetry]\nversion = \"«1.0.0»\"\n", 2},
	{"multi-line string hides a version line", "pyproject.toml", "[project]\ndescription = \"\"\"\nversion = \"6.6.6\"\n\"\"\"\nversion = \"«1.2.3»\"\n", 5},
	{"commented version", "pyproject.toml", "[project]\n# version = \"0.0.1\"\n  version = \"«1.2.3»\"\n", 3},
	{"spaced table name", "pyproject.toml", "[ tool . \"poetry\" ]\nversion=\"«1.2.3»\"\n", 2},

	// setup.cfg
	{"setup.cfg", "setup.cfg", "[metadata]\nname = shop\nversion = «1.4.2»\n\n[options]\nversion = 0.0.0\n", 3},
	{"setup.cfg colon CRLF trailing blank", "setup.cfg", "; comment\r\n[metadata]\r\nversion: «1.4.2» \r\n", 3},

	// setup.py
	{"setup.py", "setup.py", "from setuptools import setup\n\nsetup(\n    name=\"shop\",\n    version=\"«1.4.2»\",\n    python_requires=\">=3.8\",\n    install_requires=[\"requests==2.31.0\"],\n)\n", 5},
	{"setup.py single quotes, python_version untouched", "setup.py", "# version='0.0.0'\nsetup(name='shop', version = '«1.4.2»', classifiers=[], python_version='3.11')\n", 2},

	// Python __version__
	{"__init__.py", "shop/__init__.py", "\"\"\"Shop.\"\"\"\n\n__version__ = \"«1.4.2»\"\n\ndef f():\n    __version__ = \"0.0.0\"\n", 3},
	{"_version.py typed single quotes CRLF", "src/shop/_version.py", "__version__: str = '«2.0.0-rc.2»'\r\n", 1},
	{"__version__.py", "shop/__version__.py", "__title__ = 'shop'\n__version__ = '«v3.1.0»'\n", 2},

	// Cargo.toml
	{"cargo", "Cargo.toml", "[package]\nname = \"shop\"\nversion = \"«0.4.2»\"\nedition = \"2021\"\n\n[dependencies]\nserde = { version = \"1.0\", features = [\"derive\"] }\n\n[dependencies.tokio]\nversion = \"1.35.0\"\n", 3},
	{"cargo workspace package", "Cargo.toml", "[workspace]\nmembers = [\"a\"]\n\n[workspace.package]\nversion = \"«1.2.3»\"\n", 5},

	// pom.xml
	{"pom", "pom.xml", `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.acme</groupId>
    <artifactId>parent</artifactId>
    <version>7.0.0</version>
  </parent>
  <artifactId>shop</artifactId>
  <!-- <version>0.0.1</version> -->
  <version>«1.4.2-SNAPSHOT»</version>
  <dependencies>
    <dependency><groupId>g</groupId><artifactId>a</artifactId><version>2.0</version></dependency>
  </dependencies>
</project>
`, 11},
	{"pom padded CRLF", "pom.xml", "<project>\r\n  <version>\r\n    «1.0.0»\r\n  </version>\r\n</project>\r\n", 3},

	// build.gradle
	{"gradle groovy", "build.gradle", "plugins {\n    id 'org.springframework.boot' version '3.2.0'\n}\n\ngroup = 'org.acme'\nversion = '«1.4.2»'\n\ndependencies {\n    implementation 'org:lib:2.0.0'\n}\n", 6},
	{"gradle no equals", "build.gradle", "version '«1.4.2»' // the release\n// version '0.0.0'\n", 1},
	{"gradle kts CRLF", "build.gradle.kts", "plugins {\r\n    kotlin(\"jvm\") version \"1.9.0\"\r\n}\r\nversion = \"«2.0.0-rc.2»\"\r\n", 4},

	// gradle.properties
	{"gradle.properties", "gradle.properties", "org.gradle.jvmargs=-Xmx2g\nversion=«1.4.2»\nkotlinVersion=1.9.0\n", 2},

	// gemspec
	{"gemspec", "shop.gemspec", "Gem::Specification.new do |spec|\n  spec.name    = \"shop\"\n  spec.version = \"«1.4.2»\"\n  spec.add_dependency \"rack\", \"~> 2.0\"\nend\n", 3},

	// version.rb
	{"version.rb", "lib/shop/version.rb", "module Shop\n  # VERSION = \"0.0.0\"\n  VERSION = '«1.4.2»'.freeze\nend\n", 3},

	// VERSION
	{"plain", "VERSION", "«1.4.2»\n", 1},
	{"plain v no newline", "VERSION", "«v1.4.2»", 1},
	{"plain blanks CRLF", "VERSION", "\r\n  «1.4.2»  \r\n\r\n", 2},

	// Go
	{"go const", "internal/version/version.go", "// Package version.\npackage version\n\n// Version is the release.\nconst Version = \"«1.4.2»\"\n", 5},
	{"go const block raw v", "main.go", "package main\n\nconst (\n\tName    = \"shop\"\n\tVersion = `«v1.4.2»` // release\n)\n\nvar version = \"0.0.0\"\n\nfunc main() { const Version = \"0.0.0\"; _ = Version }\n", 5},
	{"go multi names CRLF", "cmd/shop/version.go", "package main\r\n\r\nconst Name, Version = \"shop\", \"«2.0.0-rc.2»\"\r\n", 3},
}

func TestReadAndRewrite(t *testing.T) {
	for _, c := range rewriteCases {
		t.Run(c.name, func(t *testing.T) {
			in, version := unmark(c.marked, nil)
			want, _ := unmark(c.marked, to987)
			v, err := Read(c.path, []byte(in))
			if err != nil {
				t.Fatal(err)
			}
			if v.Text != version || v.Line != c.line || v.Path != c.path || len(v.Places) != strings.Count(c.marked, "«") {
				t.Fatalf("Read = %+v, want %s on line %d", v, version, c.line)
			}
			got, old, err := Rewrite(c.path, []byte(in), "9.8.7")
			if err != nil {
				t.Fatal(err)
			}
			if old.Text != version {
				t.Errorf("Rewrite's old version %q", old.Text)
			}
			if string(got) != want {
				t.Fatalf("Rewrite:\n%q\nwant\n%q", got, want)
			}
			// A "v" given is the file's choice, not the caller's.
			got2, _, err := Rewrite(c.path, []byte(in), "v9.8.7")
			if err != nil || string(got2) != want {
				t.Fatalf("Rewrite with v9.8.7: %v\n%q", err, got2)
			}
			back, _, err := Rewrite(c.path, got, version)
			if err != nil || string(back) != in {
				t.Fatalf("round trip: %v\n%q", err, back)
			}
		})
	}
}

func TestPlain(t *testing.T) {
	if (Version{Text: "v1.2.3"}).Plain() != "1.2.3" || (Version{Text: "1.2.3"}).Plain() != "1.2.3" {
		t.Fatal("Plain")
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		name, path, in string
		kind           error
		line           int
		msg            string
	}{
		{"json syntax", "package.json", "{\n  \"version\": \"1.0.0\",\n}\n", ErrSyntax, 3, "not valid JSON"},
		{"json no version", "package.json", `{"name": "app", "private": true, "dependencies": {"x": {"version": "1.0.0"}}}`, ErrNotFound, 0, "no version found"},
		{"json not an object", "package.json", `["version"]`, ErrNotFound, 0, "no version found"},
		{"json number", "package.json", `{"version": 1}`, ErrNotFound, 0, "not a string"},
		{"json duplicates disagree", "package.json", "{\"version\": \"1.0.0\",\n\"version\": \"1.0.1\"}", ErrDisagree, 2, "but 1.0.0 on line 1"},
		{"json escape", "package.json", `{"version": "1.0.\u0030"}`, ErrNotVersion, 1, "escape"},
		{"json not a version", "package.json", `{"version": "latest"}`, ErrNotVersion, 1, `"latest" is not a version`},
		{"pyproject disagree", "pyproject.toml", "[project]\nversion = \"1.0.0\"\n\n[tool.poetry]\nversion = \"1.0.1\"\n", ErrDisagree, 5, "version 1.0.1 here, but 1.0.0 on line 2"},
		{"pyproject dynamic", "pyproject.toml", "[project]\nname = \"x\"\ndynamic = [\"version\"]\n", ErrNotFound, 0, "dynamic"},
		{"pyproject dependency only", "pyproject.toml", "[tool.poetry.dependencies]\nversion = \"1.0.0\"\n", ErrNotFound, 0, "no version key in [project] or [tool.poetry]"},
		{"pyproject bad header", "pyproject.toml", "[project\nversion = \"1.0.0\"\n", ErrSyntax, 1, "no closing ]"},
		{"pyproject multi-line version", "pyproject.toml", "[project]\nversion = \"\"\"1.0.0\"\"\"\n", ErrNotFound, 0, "not a plain string"},
		{"cargo workspace inherit", "Cargo.toml", "[package]\nname = \"a\"\nversion.workspace = true\n", ErrNotFound, 0, "takes its version from elsewhere"},
		{"setup.cfg attr", "setup.cfg", "[metadata]\nversion = attr: shop.__version__\n", ErrNotFound, 0, "attr: shop.__version__"},
		{"setup.py variable", "setup.py", "setup(version=VERSION)\n", ErrNotFound, 0, "looked for version="},
		{"setup.py disagree", "setup.py", "VERSION_A = 1\nsetup(version='1.0.0')\nother(version='2.0.0')\n", ErrDisagree, 3, "make them agree"},
		{"__init__ indented only", "shop/__init__.py", "if True:\n    __version__ = '1.0.0'\n", ErrNotFound, 0, "__version__"},
		{"pom parent only", "pom.xml", "<project><parent><version>1.0.0</version></parent></project>", ErrNotFound, 0, "parent's"},
		{"pom property", "pom.xml", "<project>\n<version>${revision}</version></project>", ErrNotVersion, 2, "not plain text"},
		{"pom broken", "pom.xml", "<project>\n<version>1.0.0</versio>\n</project>", ErrSyntax, 2, "not well-formed"},
		{"gradle interpolated", "build.gradle", "version = \"${base}.1\"\n", ErrNotFound, 0, "looked for"},
		{"gemspec constant", "shop.gemspec", "spec.version = Shop::VERSION\n", ErrNotFound, 0, "spec.version"},
		{"plain two lines", "VERSION", "1.0.0\n2.0.0\n", ErrSyntax, 2, "one line"},
		{"plain empty", "VERSION", "\n\n", ErrNotFound, 0, "empty"},
		{"plain not a version", "VERSION", "release one\n", ErrNotVersion, 1, "not a version"},
		{"go syntax", "version.go", "package v\n\nconst Version = \n", ErrSyntax, 3, "not valid Go"},
		{"go var", "version.go", "package v\n\nvar Version = \"1.0.0\"\n", ErrNotFound, 0, "const Version"},
		{"go not a literal", "version.go", "package v\n\nconst Version = base + \".1\"\n", ErrNotFound, 0, "not a string literal"},
		{"go escape", "version.go", "package v\n\nconst Version = \"1.0.\\x30\"\n", ErrNotVersion, 3, "escapes"},
		{"go iota", "version.go", "package v\n\nconst (\n\tA = iota\n\tVersion\n)\n", ErrNotFound, 0, "no value"},
		{"unknown", "README.md", "version 1.0.0", ErrUnsupported, 0, "not a known version file"},
		{"too big", "VERSION", strings.Repeat(" ", MaxSize+1), ErrSyntax, 0, "too big"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(c.path, []byte(c.in))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Read: %v, want an *Error", err)
			}
			if !errors.Is(err, c.kind) || e.Line != c.line || e.Path != c.path || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("Read: %v (line %d, kind %v), want line %d, kind %v, %q", err, e.Line, e.Kind, c.line, c.kind, c.msg)
			}
			if c.line > 0 && !strings.HasPrefix(err.Error(), c.path+":"+itoa(c.line)+": ") {
				t.Errorf("the message does not start with file:line: %v", err)
			}
			if _, _, err := Rewrite(c.path, []byte(c.in), "1.2.3"); err == nil {
				t.Fatal("Rewrite wrote a file Read refuses")
			}
		})
	}
}

func TestRewriteRefusesANonVersion(t *testing.T) {
	for _, v := range []string{"", "1.2.3\"", "1.2.3\n", "vv1.2.3", "latest", "1.2.3 # x", "'1'"} {
		if _, _, err := Rewrite("VERSION", []byte("1.0.0\n"), v); !errors.Is(err, ErrNotVersion) {
			t.Errorf("Rewrite to %q: %v", v, err)
		}
	}
}

func TestSupported(t *testing.T) {
	for p, want := range map[string]bool{
		"package.json": true, "sub/pyproject.toml": true, "shop.gemspec": true, "lib/shop/version.rb": true,
		"VERSION": true, "main.go": true, "main_test.go": false, "README.md": false, `win\setup.py`: true, "version": false,
	} {
		if Supported(p) != want {
			t.Errorf("Supported(%q) = %v", p, !want)
		}
	}
}

func TestIsVersion(t *testing.T) {
	for s, want := range map[string]bool{
		"1.2.3": true, "v1.2.3": true, "2.0.0-rc.2": true, "1.2.3+build.5": true, "1.2.3rc1": true, "1.4.2-SNAPSHOT": true,
		"": false, "v": false, "latest": false, "1.2.3 ": false, "1.2.3\"": false, "${x}": false, strings.Repeat("1", 200): false,
	} {
		if IsVersion(s) != want {
			t.Errorf("IsVersion(%q) = %v", s, !want)
		}
	}
}

// TestBumped: only the version rewritten is a bump, with both versions;
// any other edit, or a file Read cannot read, is not.
func TestBumped(t *testing.T) {
	const old = "{\n  \"name\": \"shop\",\n  \"version\": \"1.2.3\"\n}\n"
	from, to, ok := Bumped("package.json", []byte(old), []byte(strings.Replace(old, "1.2.3", "1.2.4", 1)))
	if !ok || from.Text != "1.2.3" || to.Text != "1.2.4" {
		t.Fatalf("a bump: %v %q %q", ok, from.Text, to.Text)
	}
	if _, _, ok := Bumped("package.json", []byte(old), []byte(strings.Replace(old, "shop", "store", 1))); ok {
		t.Error("a renamed package is a bump")
	}
	if _, _, ok := Bumped("package.json", []byte(old), []byte(strings.NewReplacer("1.2.3", "1.2.4", "shop", "store").Replace(old))); ok {
		t.Error("a bump with another edit is a bump")
	}
	if _, _, ok := Bumped("notes.txt", []byte("1.2.3\n"), []byte("1.2.4\n")); ok {
		t.Error("a file of no known format is a bump")
	}
}

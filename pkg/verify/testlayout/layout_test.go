package testlayout

import (
	"os"
	"reflect"
	"testing"
)

// repo serves files from a map, counting the reads.
type repo struct {
	files map[string]string
	reads map[string]int
}

func (r *repo) read(p string) ([]byte, error) {
	if r.reads == nil {
		r.reads = map[string]int{}
	}
	r.reads[p]++
	s, ok := r.files[p]
	if !ok {
		return nil, os.ErrNotExist
	}
	return []byte(s), nil
}

type want struct {
	lang string
	path string
	test bool
	from []string // the declaring files, when test
}

func check(t *testing.T, files map[string]string, wants ...want) {
	t.Helper()
	r := &repo{files: files}
	l := New(r.read)
	for _, w := range wants {
		if got := l.IsTest(w.lang, w.path); got != w.test {
			t.Errorf("IsTest(%s, %s) = %v, want %v", w.lang, w.path, got, w.test)
		}
		if w.from != nil {
			if got := l.Declared(w.lang, w.path); !reflect.DeepEqual(got, w.from) {
				t.Errorf("Declared(%s, %s) = %q, want %q", w.lang, w.path, got, w.from)
			}
		}
	}
	for p, n := range r.reads {
		if n > 1 {
			t.Errorf("%s read %d times", p, n)
		}
	}
}

const js, py = "javascript", "python"

func TestJestPackageJSON(t *testing.T) {
	check(t, map[string]string{"package.json": `{"jest": {"testMatch": ["**/*.check.js"], "roots": ["<rootDir>/src"]}}`},
		want{js, "src/a.check.js", true, []string{"package.json"}},
		want{js, "lib/a.check.js", false, nil}, // outside roots
		want{js, "src/a.js", false, nil},
		want{py, "src/a.check.js", false, nil},
	)
	check(t, map[string]string{"package.json": `{"jest": {"testRegex": "(/checks/.*|\\.check)\\.[jt]sx?$"}}`},
		want{js, "checks/a.js", true, nil},
		want{js, "src/a.check.ts", true, nil},
		want{js, "src/checks.js", false, nil},
	)
}

func TestJestConfigFiles(t *testing.T) {
	for _, name := range []string{"jest.config.js", "jest.config.ts", "jest.config.mjs", "jest.config.cjs"} {
		check(t, map[string]string{
			"package.json": `{"devDependencies": {"jest": "^29"}}`,
			name:           "const base = require('./base')\nmodule.exports = {\n  ...base,\n  // tests end in .check\n  testMatch: ['<rootDir>/src/**/*.check.[jt]s', base.extra],\n}\n",
		}, want{js, "src/x/a.check.ts", true, []string{name}}, want{js, "lib/a.check.ts", false, nil})
	}
	check(t, map[string]string{"package.json": `{"scripts": {"test": "jest"}}`, "jest.config.json": `{"testMatch": ["**/it/**/*.js"]}`},
		want{js, "it/a.js", true, nil})
	// jest is named nowhere: its config files are not even read.
	r := &repo{files: map[string]string{"package.json": `{}`, "jest.config.js": "module.exports = {testMatch: ['**/*.js']}"}}
	if New(r.read).IsTest(js, "src/a.js") || r.reads["jest.config.js"] != 0 {
		t.Fatal("jest config read without jest")
	}
}

func TestVitest(t *testing.T) {
	check(t, map[string]string{
		"package.json":     `{"devDependencies": {"vitest": "^1"}}`,
		"vitest.config.ts": "export default defineConfig({ test: { include: ['src/**/*.unit.ts'], coverage: { include: ['src/**'] } } })",
	}, want{js, "src/a.unit.ts", true, nil}, want{js, "src/a.ts", false, nil})
	check(t, map[string]string{
		"package.json":   `{"devDependencies": {"vitest": "^1"}}`,
		"vite.config.ts": "export default { plugins: [vue()], test: { include: ['checks/*.ts'] } }",
	}, want{js, "checks/a.ts", true, nil})
}

func TestMocha(t *testing.T) {
	dev := `{"devDependencies": {"mocha": "^10"}}`
	for name, src := range map[string]string{
		".mocharc.json":  `{"spec": "checks/**/*.js", "recursive": true}`,
		".mocharc.jsonc": "{\n// the specs\n\"spec\": [\"checks/**/*.js\"]}",
		".mocharc.yml":   "spec:\n  - checks/**/*.js\nrequire: ts-node/register\n",
		".mocharc.yaml":  "spec: 'checks/**/*.js'\n",
		".mocharc.js":    "module.exports = { spec: ['checks/**/*.js'] }",
		".mocharc.cjs":   "module.exports = { spec: 'checks/**/*.js' }",
	} {
		check(t, map[string]string{"package.json": dev, name: src}, want{js, "checks/a/b.js", true, []string{name}}, want{js, "lib/b.js", false, nil})
	}
	check(t, map[string]string{"package.json": `{"mocha": {"spec": ["checks"]}}`},
		want{js, "checks/helpers/h.js", true, nil}, want{js, "checksum.js", false, nil})
}

func TestAva(t *testing.T) {
	check(t, map[string]string{"package.json": `{"ava": {"files": ["checks/**/*", "!checks/fixtures/**"]}}`},
		want{js, "checks/a.js", true, nil}, want{js, "checks/fixtures/f.js", false, nil})
	check(t, map[string]string{"package.json": `{"devDependencies": {"ava": "6"}}`, "ava.config.js": "export default { files: ['checks/*.js'] }"},
		want{js, "checks/a.js", true, nil})
	check(t, map[string]string{"package.json": `{"scripts": {"test": "xo && ava"}}`},
		want{js, "lib/test-a.js", true, nil}, want{js, "lib/a.js", false, nil})
}

func TestScripts(t *testing.T) {
	for _, tc := range []struct {
		script string
		yes    []string
		no     []string
	}{
		{"mocha --require ts-node/register 'checks/**/*.ts'", []string{"checks/a.ts"}, []string{"ts-node/register", "src/a.ts"}},
		{"nyc --reporter=lcov mocha -t 5000 checks", []string{"checks/a.js", "checks/h/b.js"}, []string{"5000/a.js"}},
		{"node --test", []string{"lib/a-test.js", "lib/a_test.mjs", "test-a.js"}, []string{"lib/a.js"}},
		{"node --test checks/", []string{"checks/a.test.js"}, []string{"checks/a.js"}},
		{"node --test 'checks/*.js' > out.txt", []string{"checks/a.js"}, []string{"out.txt"}},
		{"tap checks/*.js | tap-spec", []string{"checks/a.js"}, []string{"lib/a.js"}},
		{"npm run test:unit", []string{"unit/a.js"}, nil},
		{"jest src", nil, []string{"src/a.js"}},
		{"node scripts/run-tests.js", nil, []string{"scripts/run-tests.js"}},
		{"mocha 'unclosed", nil, []string{"unclosed"}},
		{"mocha . ../x /abs", nil, []string{"a.js", "abs/a.js"}},
	} {
		files := map[string]string{"package.json": `{"scripts": {"test": "` + jsonEscape(tc.script) + `", "test:unit": "mocha unit"}}`}
		var ws []want
		for _, p := range tc.yes {
			ws = append(ws, want{js, p, true, nil})
		}
		for _, p := range tc.no {
			ws = append(ws, want{js, p, false, nil})
		}
		t.Run(tc.script, func(t *testing.T) { check(t, files, ws...) })
	}
}

func jsonEscape(s string) string {
	out := ""
	for _, c := range s {
		if c == '"' || c == '\\' {
			out += `\`
		}
		out += string(c)
	}
	return out
}

func TestMonorepo(t *testing.T) {
	check(t, map[string]string{
		"package.json":              `{"private": true, "devDependencies": {"jest": "29"}}`,
		"packages/a/package.json":   `{"name": "a"}`,
		"packages/a/jest.config.js": "module.exports = { testMatch: ['<rootDir>/checks/**/*.js'] }",
	}, want{js, "packages/a/checks/x.js", true, []string{"packages/a/jest.config.js"}},
		want{js, "checks/x.js", false, nil},
		want{js, "packages/b/checks/x.js", false, nil})
}

func TestMalformedJSConfigsDeclareNothing(t *testing.T) {
	check(t, map[string]string{
		"package.json":   `{"jest": {"testMatch": ["**/*.js"`,
		".mocharc.yml":   "spec: [unclosed\n",
		"jest.config.js": "module.exports = { testMatch: [`${x}/*.js`, '{a,b', '!(x).js'] }",
	}, want{js, "src/a.js", false, nil}, want{js, "a.js", false, nil})
	// A broken package.json does not hide the config files beside it.
	check(t, map[string]string{"package.json": `{"jest": `, "jest.config.js": "module.exports = { testMatch: ['**/*.check.js'] }"},
		want{js, "a.check.js", true, nil})
	// Patterns that would name the whole package are given up.
	check(t, map[string]string{"package.json": `{"mocha": {"spec": [".", "**", "./"]}, "ava": {"files": ["**/*"]}}`},
		want{js, "src/a.js", false, nil})
}

func TestPytest(t *testing.T) {
	for name, src := range map[string]string{
		"pyproject.toml": "[project]\nname = 'x'\n\n[tool.pytest.ini_options]\ntestpaths = [\n  \"checks\",  # the checks\n]\npython_files = \"check_*.py\"\n",
		"pytest.ini":     "[pytest]\ntestpaths = checks\npython_files =\n    check_*.py\n    *_check.py\n",
		"setup.cfg":      "[metadata]\nname = x\n[tool:pytest]\ntestpaths: checks\npython_files = check_*.py *_check.py\n",
		"tox.ini":        "[tox]\nenvlist = py3\n[pytest]\ntestpaths = checks other\npython_files = check_*.py\n",
	} {
		t.Run(name, func(t *testing.T) {
			check(t, map[string]string{name: src},
				want{py, "checks/check_a.py", true, []string{name}},
				want{py, "checks/sub/check_b.py", true, nil},
				want{py, "checks/helpers.py", false, nil},
				want{py, "src/check_a.py", false, nil}, // outside testpaths
				want{js, "checks/check_a.py", false, nil},
			)
		})
	}
	// python_files alone: anywhere in the project.
	check(t, map[string]string{"pyproject.toml": "[tool.pytest.ini_options]\npython_files = ['check_*.py', 'checks.py']\n"},
		want{py, "src/check_a.py", true, nil}, want{py, "src/a/checks.py", true, nil}, want{py, "src/a.py", false, nil})
	// A testpaths directory named for tests holds only test code.
	check(t, map[string]string{"pytest.ini": "[pytest]\ntestpaths = integration_tests src\n"},
		want{py, "integration_tests/helpers/h.py", true, nil}, want{py, "src/a.py", false, nil})
	// The nearest configuration wins, as pytest picks one.
	check(t, map[string]string{"setup.cfg": "[tool:pytest]\npython_files = check_*.py\n", "sub/pytest.ini": "[pytest]\n"},
		want{py, "check_a.py", true, nil}, want{py, "sub/check_a.py", false, nil})
	// pytest.ini is preferred over pyproject.toml in a directory.
	check(t, map[string]string{"pytest.ini": "[pytest]\npython_files = a_*.py\n", "pyproject.toml": "[tool.pytest.ini_options]\npython_files = ['b_*.py']\n"},
		want{py, "a_x.py", true, nil}, want{py, "b_x.py", false, nil})
}

func TestMalformedPytestConfigsDeclareNothing(t *testing.T) {
	check(t, map[string]string{"pyproject.toml": "[tool.pytest.ini_options]\npython_files = [\"check_*.py\"\ntestpaths = 3\n"},
		want{py, "check_a.py", false, nil})
	check(t, map[string]string{"pyproject.toml": "[tool.black]\npython_files = ['check_*.py']\n", "setup.cfg": "[flake8]\npython_files = check_*.py\n"},
		want{py, "check_a.py", false, nil})
	check(t, map[string]string{"tox.ini": "[pytest\npython_files = check_*.py\n"},
		want{py, "check_a.py", false, nil})
	check(t, map[string]string{"pyproject.toml": "[tool.pytest.ini_options]\npython_files = \"unclosed\n"},
		want{py, "unclosed", false, nil})
}

func TestNilLayout(t *testing.T) {
	var l *Layout
	if l.IsTest(js, "a.test.js") || New(nil).IsTest(py, "test_a.py") {
		t.Fatal("a layout without files declares nothing")
	}
	if New((&repo{files: map[string]string{"package.json": `{"scripts": {"test": "mocha node_modules"}}`}}).read).IsTest(js, "node_modules/x/a.js") {
		t.Fatal("node_modules is never test code")
	}
}

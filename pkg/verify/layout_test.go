package verify

import (
	"reflect"
	"testing"
)

// TestLayoutDeclaredTests checks that Prepare counts as tests the files the
// repository's test configuration declares, besides the conventions, and
// that tests-touched then asks no test of them.
func TestLayoutDeclaredTests(t *testing.T) {
	for _, tc := range []struct {
		name    string
		files   map[string]string
		changes []Change
		tests   []string // the changed paths Prepare marks as tests
		status  Status
		failing []string
	}{
		{"jest testMatch", map[string]string{"package.json": `{"jest": {"testMatch": ["**/*.check.js"]}}`},
			[]Change{modified("src/a.check.js", [2]int{3, 1})}, []string{"src/a.check.js"}, Passed, nil},
		{"jest.config.ts testMatch", map[string]string{"package.json": `{"scripts": {"test": "jest"}}`, "jest.config.ts": "export default { testMatch: ['**/*.check.ts'] } satisfies Config"},
			[]Change{modified("src/a.ts", [2]int{3, 1}), modified("src/a.check.ts", [2]int{3, 1})}, []string{"src/a.check.ts"}, Failed, []string{"src/a.ts:3 "}},
		{"pytest python_files and testpaths", map[string]string{"pyproject.toml": "[tool.pytest.ini_options]\ntestpaths = [\"checks\"]\npython_files = [\"check_*.py\"]\n"},
			[]Change{added("checks/check_orders.py", 9), modified("app/check_prices.py", [2]int{2, 1})}, []string{"checks/check_orders.py"}, Failed, []string{"app/check_prices.py:2 "}},
		{"java integrationTest source set", nil,
			[]Change{modified("src/main/java/a/Foo.java", [2]int{4, 1}), added("src/integrationTest/java/a/FooIT.java", 20), added("src/integrationTest/java/a/Support.java", 8)},
			[]string{"src/integrationTest/java/a/FooIT.java", "src/integrationTest/java/a/Support.java"}, Passed, nil},
		{"helpers under test directories are test code", nil,
			[]Change{modified("test/helpers/server.js", [2]int{2, 2}), modified("tests/helpers/factory.py", [2]int{2, 2}), added("tests/conftest.py", 4)},
			[]string{"test/helpers/server.js", "tests/helpers/factory.py", "tests/conftest.py"}, Passed, nil},
		{"a config that cannot be read declares nothing", map[string]string{"package.json": `{"jest": {"testMatch": ["**/*.js"]`, "pytest.ini": "[pytest]\npython_files = [\n"},
			[]Change{modified("src/a.js", [2]int{1, 1}), modified("src/b.py", [2]int{1, 1})}, nil, Failed, []string{"src/a.js:1 ", "src/b.py:1 "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := input(tc.files, tc.changes...)
			files := Prepare(&in)
			var tests []string
			for _, f := range files {
				if f.test {
					tests = append(tests, f.Path)
				}
			}
			if !reflect.DeepEqual(tests, tc.tests) {
				t.Fatalf("tests %q, want %q", tests, tc.tests)
			}
			res, fs := TestsTouched(&in, files)
			if res.Status != tc.status || !reflect.DeepEqual(paths(fs), tc.failing) {
				t.Fatalf("%s %q: findings %v, want %s %v", res.Status, res.Summary, paths(fs), tc.status, tc.failing)
			}
		})
	}
}

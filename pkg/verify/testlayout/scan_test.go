package testlayout

import (
	"reflect"
	"testing"
)

func TestScanLiterals(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want map[string][]string
	}{
		{"jest module.exports", `// jest config
module.exports = {
  roots: ['<rootDir>/src'],
  testMatch: ["**/*.check.js", ` + "`**/*.e2e.js`" + `], /* more */
  testRegex: /x\/y\.js$/,
};`, map[string][]string{"roots": {"<rootDir>/src"}, "testMatch": {"**/*.check.js", "**/*.e2e.js"}, "testRegex": {`x\/y\.js$`}}},
		{"vitest defineConfig", `import { defineConfig } from 'vitest/config'
export default defineConfig({
  plugins: [react()],
  test: {
    include: ['src/**/*.unit.ts'],
    coverage: { include: ['src/**'] },
  },
})`, map[string][]string{"test.include": {"src/**/*.unit.ts"}, "test.coverage.include": {"src/**"}}},
		{"values that are not literals", "const dir = 'x'\nexport default { testMatch: [dir + '/*.js', `${dir}/a.js`, 'b.js'], roots: process.env.CI ? ['ci'] : ['local'] }",
			map[string][]string{"testMatch": {"b.js"}, "roots": {"ci", "local"}}},
		{"json with comments", `{"spec": ["test/**/*.spec.js"], // mocha
 "recursive": true, "require": "ts-node/register"}`, map[string][]string{"spec": {"test/**/*.spec.js"}, "require": {"ts-node/register"}}},
		{"projects", `export default { projects: [{ displayName: 'a', testMatch: ['<rootDir>/a/**/*.t.js'] }] }`,
			map[string][]string{"projects.displayName": {"a"}, "projects.testMatch": {"<rootDir>/a/**/*.t.js"}}},
		{"broken text", `module.exports = { testMatch: ['a.js', "unclosed
, 'b.js'] }`, map[string][]string{"testMatch": {"a.js", "b.js"}}},
		{"ternary is no key", `x = { a: c ? 'y' : 'z' }`, map[string][]string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := scanLiterals([]byte(tc.src))
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func FuzzScanLiterals(f *testing.F) {
	f.Add([]byte("module.exports = { testMatch: ['a', `b${c}`, /d/] }"))
	f.Add([]byte("{\"a\": [\"b\", {\"c\": 'd'}]} /* x"))
	f.Fuzz(func(t *testing.T, src []byte) {
		scanLiterals(src)
	})
}

package verifyrun_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/verifyrun"
)

// DetectLanguages finds every language at the root with its test command;
// DetectTestCommand keeps answering with the first one's, as it always did
// (a package.json without a test script still hides a pom.xml behind it).
func TestDetectLanguages(t *testing.T) {
	const withTest = `{"scripts": {"test": "jest"}}`
	const noTest = `{"name": "web"}`
	for _, tc := range []struct {
		name    string
		files   map[string]string
		langs   []verifyrun.Language
		command string
	}{
		{name: "nothing", files: map[string]string{"README.md": "x"}, command: ""},
		{name: "go", files: map[string]string{"go.mod": "module x"},
			langs:   []verifyrun.Language{{Name: "Go", Marker: "go.mod", TestCommand: "go test ./..."}},
			command: "go test ./..."},
		{name: "npm with a test script", files: map[string]string{"package.json": withTest},
			langs:   []verifyrun.Language{{Name: "JavaScript/TypeScript", Marker: "package.json", TestCommand: "npm test --silent"}},
			command: "npm test --silent"},
		{name: "npm without a test script hides maven", files: map[string]string{"package.json": noTest, "pom.xml": "<project/>"},
			langs: []verifyrun.Language{{Name: "JavaScript/TypeScript", Marker: "package.json"},
				{Name: "Java", Marker: "pom.xml", TestCommand: "mvn -q test"}},
			command: ""},
		{name: "maven before gradle", files: map[string]string{"pom.xml": "", "build.gradle": ""},
			langs:   []verifyrun.Language{{Name: "Java", Marker: "pom.xml", TestCommand: "mvn -q test"}},
			command: "mvn -q test"},
		{name: "gradle wrapper", files: map[string]string{"gradlew": "", "build.gradle.kts": ""},
			langs:   []verifyrun.Language{{Name: "Java", Marker: "gradlew", TestCommand: "./gradlew test"}},
			command: "./gradlew test"},
		{name: "gradle kts", files: map[string]string{"build.gradle.kts": ""},
			langs:   []verifyrun.Language{{Name: "Java", Marker: "build.gradle.kts", TestCommand: "gradle test"}},
			command: "gradle test"},
		{name: "python setup.cfg", files: map[string]string{"setup.cfg": ""},
			langs:   []verifyrun.Language{{Name: "Python", Marker: "setup.cfg", TestCommand: "python3 -m pytest -q"}},
			command: "python3 -m pytest -q"},
		{name: "python requirements.txt", files: map[string]string{"requirements.txt": "flask\n"},
			langs:   []verifyrun.Language{{Name: "Python", Marker: "requirements.txt", TestCommand: "python3 -m pytest -q"}},
			command: "python3 -m pytest -q"},
		{name: "all four, go first", files: map[string]string{"go.mod": "", "package.json": withTest, "build.gradle": "", "pyproject.toml": "", "requirements.txt": ""},
			langs: []verifyrun.Language{
				{Name: "Go", Marker: "go.mod", TestCommand: "go test ./..."},
				{Name: "JavaScript/TypeScript", Marker: "package.json", TestCommand: "npm test --silent"},
				{Name: "Java", Marker: "build.gradle", TestCommand: "gradle test"},
				{Name: "Python", Marker: "pyproject.toml", TestCommand: "python3 -m pytest -q"}},
			command: "go test ./..."},
		{name: "only in a subdirectory", files: map[string]string{"web/package.json": withTest}, command: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			for name, content := range tc.files {
				p := filepath.Join(root, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if got := verifyrun.DetectLanguages(root); !reflect.DeepEqual(got, tc.langs) {
				t.Errorf("DetectLanguages = %+v\nwant %+v", got, tc.langs)
			}
			if got := verifyrun.DetectTestCommand(root); got != tc.command {
				t.Errorf("DetectTestCommand = %q, want %q", got, tc.command)
			}
		})
	}
}

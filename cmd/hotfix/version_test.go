package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// goreleaserConfig is the part of .goreleaser.yaml the release depends on.
type goreleaserConfig struct {
	Version int `yaml:"version"`
	Builds  []struct {
		Main    string   `yaml:"main"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Ldflags []string `yaml:"ldflags"`
	} `yaml:"builds"`
	Archives []struct {
		NameTemplate string `yaml:"name_template"`
		Formats      []string
		Overrides    []struct {
			Goos    string   `yaml:"goos"`
			Formats []string `yaml:"formats"`
		} `yaml:"format_overrides"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
	} `yaml:"checksum"`
	Changelog struct {
		Groups []struct {
			Title  string `yaml:"title"`
			Regexp string `yaml:"regexp"`
		} `yaml:"groups"`
	} `yaml:"changelog"`
}

func readGoreleaser(t *testing.T) goreleaserConfig {
	t.Helper()
	data, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c goreleaserConfig
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	return c
}

// The release build's own ldflags, read from .goreleaser.yaml with its
// templates filled in, stamp what `hotfix --version` prints.
func TestVersionStamped(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	c := readGoreleaser(t)
	if len(c.Builds) != 1 || c.Builds[0].Main != "./cmd/hotfix" {
		t.Fatalf("builds: %+v", c.Builds)
	}
	fill := strings.NewReplacer("{{.Version}}", "1.4.2", "{{.FullCommit}}", "0123abc", "{{.Date}}", "2026-11-22T10:00:00Z")
	ldflags := fill.Replace(strings.Join(c.Builds[0].Ldflags, " "))
	if strings.Contains(ldflags, "{{") {
		t.Fatalf("ldflags use a template this test does not fill: %s", ldflags)
	}
	bin := filepath.Join(t.TempDir(), "hotfix")
	build := exec.Command("go", "build", "-o", bin, "-ldflags", ldflags, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != "hotfix 1.4.2 (commit 0123abc, built 2026-11-22T10:00:00Z)" {
		t.Fatalf("--version printed %q", got)
	}
}

// The release covers linux, darwin and windows on amd64 and arm64, as
// tar.gz (zip on Windows) named without the version so that
// releases/latest/download/<name> works for action.yml, with checksums and
// a changelog grouped by conventional-commit type.
func TestReleaseMatrix(t *testing.T) {
	c := readGoreleaser(t)
	if c.Version != 2 {
		t.Fatalf("goreleaser config version %d, want 2", c.Version)
	}
	b := c.Builds[0]
	for _, os := range []string{"linux", "darwin", "windows"} {
		if !slices.Contains(b.Goos, os) {
			t.Errorf("no %s build", os)
		}
	}
	for _, arch := range []string{"amd64", "arm64"} {
		if !slices.Contains(b.Goarch, arch) {
			t.Errorf("no %s build", arch)
		}
	}
	a := c.Archives[0]
	if a.NameTemplate != "{{ .ProjectName }}_{{ .Os }}_{{ .Arch }}" {
		t.Errorf("archive name %q: action.yml downloads hotfix_<os>_<arch>", a.NameTemplate)
	}
	if len(a.Overrides) != 1 || a.Overrides[0].Goos != "windows" || !slices.Equal(a.Overrides[0].Formats, []string{"zip"}) {
		t.Errorf("windows archives: %+v", a.Overrides)
	}
	if c.Checksum.NameTemplate != "checksums.txt" {
		t.Errorf("checksums file %q: action.yml verifies against checksums.txt", c.Checksum.NameTemplate)
	}
	// Each conventional-commit subject lands in its group (the first whose
	// regexp matches, as goreleaser sorts them by order).
	group := func(subject string) string {
		for _, g := range c.Changelog.Groups {
			if g.Regexp == "" || regexp.MustCompile(g.Regexp).MatchString(subject) {
				return g.Title
			}
		}
		return ""
	}
	for subject, want := range map[string]string{
		"feat: hotfix init":                "Features",
		"feat(pr)!: drop --legacy":         "Features",
		"fix(close): tag the merge commit": "Fixes",
		"perf: faster suspects":            "Performance",
		"docs: the GitLab recipe":          "Documentation",
		"update: find the record":          "Other",
	} {
		if got := group(subject); got != want {
			t.Errorf("changelog puts %q under %q, want %q", subject, got, want)
		}
	}
}

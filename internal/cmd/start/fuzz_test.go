package start

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// branchTemplates are the default and the shapes teams write.
var branchTemplates = []string{
	"hotfix/{{.Version}}-{{.Slug}}",
	"hotfix/{{.ID}}",
	"{{.Version}}/{{.Slug}}/",
	"fix/{{.Date}}-{{.Severity}}-{{.Slug}}",
	"{{if .Version}}hotfix/{{.Version}}{{else}}hotfix{{end}}/{{.Slug}}",
	"-{{.Slug}}-",
}

// FuzzBranchName: whatever the title and version, start's branch name is
// one git accepts (git.CheckBranchName, itself fuzzed against git
// check-ref-format) or start refuses with an error; and with a version
// that is a valid tag name, the title can never make it refuse.
//
//	go test ./internal/cmd/start -run '^$' -fuzz '^FuzzBranchName$' -fuzztime 2m
func FuzzBranchName(f *testing.F) {
	for _, s := range [][2]string{
		{"Checkout returns 500", "v1.2.3"}, {"../../etc/passwd", ""}, {"x.lock", "v1.lock"}, {"a", "release/1.2"},
		{"@{-1}", "@"}, {"-", "-v1"}, {"日本語だけ", "v1..2"}, {"\x00\x7f\x1b", "v1/"}, {"~^:?*[\\", "v1.2.3."},
		{strings.Repeat("long title ", 20), strings.Repeat("v", 300)}, {"HEAD", "HEAD"}, {"", "a//b"},
	} {
		f.Add(s[0], s[1], "SEV1", uint8(0))
	}
	f.Fuzz(func(t *testing.T, title, version, severity string, which uint8) {
		tmpl := branchTemplates[int(which)%len(branchTemplates)]
		cfg := config.Default()
		cfg.Branches.Hotfix = tmpl
		a := &answers{}
		a.Title, a.Version, a.Severity = title, version, severity
		id := record.NewID(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), title)
		name, err := branchName(cfg, a, id, "2026-01-02")
		if err != nil {
			if git.CheckBranchName(version) == nil && git.CheckBranchName(severity) == nil && !strings.ContainsAny(version+severity, "/") {
				t.Fatalf("template %q, title %q, version %q, severity %q refused: %v", tmpl, title, version, severity, err)
			}
			return
		}
		if err := git.CheckBranchName(name); err != nil {
			t.Fatalf("template %q, title %q, version %q: %v", tmpl, title, version, err)
		}
		if !strings.Contains(name, record.Slug(title)) {
			t.Fatalf("%q lost the slug %q", name, record.Slug(title))
		}
	})
}

// TestBranchNamesPassGit checks a sample of start's branch names, from
// hostile titles and every template above, with git check-ref-format
// --branch itself.
func TestBranchNamesPassGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	titles := []string{"Checkout returns 500", "../../etc/passwd", "x.lock", "@{-1}", "-", "日本語だけ", "\x00\x7f\x1b",
		"~^:?*[\\ a..b //", "Café crème: naïve", ".hidden.", strings.Repeat("word ", 30), "HEAD", "🔥"}
	n := 0
	for _, tmpl := range branchTemplates {
		for _, title := range titles {
			for _, version := range []string{"v1.2.3", "", "release-1.2", "1.2.3-rc.1"} {
				cfg := config.Default()
				cfg.Branches.Hotfix = tmpl
				a := &answers{}
				a.Title, a.Version, a.Severity = title, version, "SEV1"
				name, err := branchName(cfg, a, record.NewID(time.Now(), title), "2026-01-02")
				if err != nil {
					t.Errorf("template %q, title %q, version %q: %v", tmpl, title, version, err)
					continue
				}
				cmd := exec.Command("git", "check-ref-format", "--branch", name)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "GIT_CEILING_DIRECTORIES="+dir)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("git refuses %q: %s", name, out)
				}
				n++
			}
		}
	}
	t.Logf("%d names checked with git", n)
}

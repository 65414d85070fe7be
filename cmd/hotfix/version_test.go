package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The release build stamps version, commit and date with -ldflags -X, as
// .goreleaser.yaml does; --version prints them.
func TestVersionStamped(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "hotfix")
	pkg := "github.com/hotfix-dev/hotfix/internal/build"
	build := exec.Command("go", "build", "-o", bin, "-ldflags",
		"-X "+pkg+".Version=1.4.2 -X "+pkg+".Commit=0123abc -X "+pkg+".Date=2026-11-22T10:00:00Z", ".")
	build.Env = os.Environ()
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
	goreleaser, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"Version={{.Version}}", "Commit={{.FullCommit}}", "Date={{.Date}}"} {
		if !strings.Contains(string(goreleaser), pkg+"."+v) {
			t.Errorf(".goreleaser.yaml does not stamp %s", v)
		}
	}
}

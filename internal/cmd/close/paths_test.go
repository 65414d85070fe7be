package closecmd_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil/gitserver"
)

// A saved plan edited to put the postmortem outside the repository (by
// "..", or through a symbolic link made after the plan was saved) is
// refused when the postmortem is written: nothing lands outside.
func TestPostmortemCannotEscapeAtWriteTime(t *testing.T) {
	const pm = "docs/postmortems/2026-11-22-refunds-counted-twice.md"
	outside := t.TempDir()
	for name, target := range map[string]string{
		"dotdot":  "", // filled in: the relative way to outside
		"symlink": "docs/out/pm.md",
	} {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, "version: 1\nflow: trunk\n")
			w.merge()
			if target == "" {
				rel, err := filepath.Rel(w.repo.Dir, outside)
				if err != nil || !strings.HasPrefix(rel, "..") {
					t.Fatal(rel, err)
				}
				target = filepath.ToSlash(rel) + "/pm.md"
			}
			w.git.Inject(gitserver.Fault{Repo: "acme/shop", Service: gitserver.ReceivePack, Status: 500, Times: -1})
			res := w.close("--answers", w.answers(fullAnswers))
			if res.Code != 3 {
				t.Fatalf("exit %d\n%s", res.Code, res.Err)
			}
			w.git.ClearFaults()
			state := filepath.Join(w.repo.Dir, ".git", "hotfix", "close.json")
			data, err := os.ReadFile(state)
			if err != nil || !strings.Contains(string(data), pm) {
				t.Fatalf("saved plan: %v\n%s", err, data)
			}
			if err := os.WriteFile(state, []byte(strings.ReplaceAll(string(data), pm, target)), 0o644); err != nil {
				t.Fatal(err)
			}
			if name == "symlink" {
				if err := os.MkdirAll(filepath.Join(w.repo.Dir, "docs"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(outside, filepath.Join(w.repo.Dir, "docs", "out")); err != nil {
					t.Skip(err)
				}
			}
			res = w.close("--continue")
			if res.Code == 0 || !strings.Contains(res.Err, "refusing to write the postmortem "+target) || !strings.Contains(res.Err, "close.postmortem_dir") {
				t.Fatalf("exit %d\n%s", res.Code, res.Err)
			}
			if entries, _ := os.ReadDir(outside); len(entries) != 0 {
				t.Fatalf("wrote outside the repository: %v", entries)
			}
		})
	}
}

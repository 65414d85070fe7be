package git_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// describe renders a change in full, for comparing the backends.
func describe(d *git.Diff) string {
	var b strings.Builder
	fmt.Fprintf(&b, "base %s head %s worktree %v\n", d.Base, d.Head, d.Worktree)
	for _, f := range d.Files {
		fmt.Fprintf(&b, "%c %q <- %q binary=%v kind=%q same=%v hunks=%v\n", f.Status, f.Path, f.OldPath, f.Binary, f.Kind, f.SameContent, f.Hunks)
	}
	return b.String()
}

// TestBackendsAgreeOnOddChanges is the differential test of the two
// backends: over a change with odd names, renames, copies, mode changes,
// deletions, binary files, a symlink, a submodule, CRLF content and
// -diff/binary attributes, the git binary and go-git must read the same
// change, committed and with the same change left uncommitted.
func TestBackendsAgreeOnOddChanges(t *testing.T) {
	tr := testutil.NewRepo(t)
	base := testutil.OddChange(t, tr)
	for _, worktree := range []bool{false, true} {
		t.Run(fmt.Sprintf("worktree=%v", worktree), func(t *testing.T) {
			got := map[string]string{}
			for name, o := range map[string]git.OpenOptions{"git": {}, "go": {PureGo: true}} {
				r := open(t, tr.Dir, o)
				d, err := r.Change(context.Background(), base, git.ChangeOptions{Worktree: worktree})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				got[name] = describe(d)
			}
			if got["git"] != got["go"] {
				t.Fatalf("the backends disagree:\ngit:\n%s\ngo:\n%s", got["git"], got["go"])
			}
			for _, n := range testutil.OddNames {
				if !strings.Contains(got["git"], fmt.Sprintf("A %q", n)) {
					t.Errorf("%q is missing:\n%s", n, got["git"])
				}
			}
		})
	}
}

package verifyeval

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/hotfix-dev/hotfix/pkg/config"
)

// LinkMiss is one commit that changed a test and yet has source files
// tests-touched links no changed test to: each is a link verify missed or
// a test that truly does not exercise the file, for a person to decide.
type LinkMiss struct {
	// Repo and Commit name the commit.
	Repo, Commit string
	// Paths are the source files tests-touched flagged.
	Paths []string
}

// LinkScan is what ScanLinks found.
type LinkScan struct {
	// Commits is the number of commits read; WithTests those of them that
	// changed a test and a source file that needs one; Unreadable those
	// the clone lacks objects of (a shallow or partial clone).
	Commits, WithTests, Unreadable int
	// Linked is the number of source files of those commits a changed test
	// was linked to; Flagged those tests-touched flagged.
	Linked, Flagged int
	// Misses are the commits with flagged files.
	Misses []LinkMiss
}

// ScanLinks runs tests-touched on the newest n non-merge commits of each
// repository's HEAD, against their first parent, leaving out the commits
// in skip (the corpus's, so that no held-out case is read), and lists the
// commits that changed a test (any-test mode passes) while per-file mode
// still flags source files: where a link may be missing. It reads the
// clones and fetches nothing.
func ScanLinks(ctx context.Context, dir, layout string, repos []string, n int, skip map[string]bool) (LinkScan, error) {
	var scan LinkScan
	perFile := config.Default().Verify
	anyTest := perFile
	anyTest.TestsTouched.Mode = config.ModeAnyTest
	for _, repo := range repos {
		gitDir, commits, err := newestCommits(ctx, dir, layout, repo, n)
		if err != nil {
			return scan, err
		}
		for _, c := range commits {
			if c.parent == "" || skip[c.commit] {
				continue // a root commit, or one of the corpus
			}
			scan.Commits++
			flagged, _, notes, _, err := checkCommit(ctx, gitDir, c.parent, c.commit, perFile, nil)
			if err != nil {
				scan.Unreadable++
				continue
			}
			linked := 0
			for _, n := range notes {
				if !strings.Contains(n, ": cannot change behaviour (") && !strings.HasPrefix(n, "… and ") {
					linked++
				}
			}
			if len(flagged) == 0 && linked == 0 {
				continue
			}
			if len(flagged) > 0 {
				anyFlagged, _, _, _, err := checkCommit(ctx, gitDir, c.parent, c.commit, anyTest, nil)
				if err != nil {
					scan.Unreadable++
					continue
				}
				if len(anyFlagged) > 0 {
					continue // no test changed: nothing to link
				}
			}
			scan.WithTests++
			scan.Linked += linked
			scan.Flagged += len(flagged)
			if len(flagged) > 0 {
				scan.Misses = append(scan.Misses, LinkMiss{Repo: repo, Commit: c.commit, Paths: flagged})
			}
		}
	}
	return scan, nil
}

// WriteLinkScan prints the scan's figures, then each commit with flagged
// files, one per line.
func WriteLinkScan(w io.Writer, scan LinkScan) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d commits read (%d of them unreadable in the clones); %d changed a test and a source file\n", scan.Commits, scan.Unreadable, scan.WithTests)
	fmt.Fprintf(&b, "source files of those commits: %d linked to a changed test, %d flagged\n\n", scan.Linked, scan.Flagged)
	for _, m := range scan.Misses {
		fmt.Fprintf(&b, "%s@%.10s %s\n", m.Repo, m.Commit, strings.Join(m.Paths, " "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

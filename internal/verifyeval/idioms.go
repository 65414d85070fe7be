package verifyeval

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/hotfix-dev/hotfix/pkg/verify/lang"
)

// IdiomUse is one file a commit changed only by exchanging idioms.
type IdiomUse struct {
	// Repo, Commit and Path name the file and the commit.
	Repo, Commit, Path string
	// Idioms are the idioms the reason names.
	Idioms []string
}

// IdiomScan is what ScanIdioms found: how many modified source files it
// compared, and those whose change is only an exchange of idioms.
type IdiomScan struct {
	// Files is the number of modified source files compared.
	Files int
	// Uses are the files NeutralChange called an exchange of idioms.
	Uses []IdiomUse
}

// ScanIdioms compares, for the newest n non-merge commits of each
// repository's HEAD, every modified source file with its version in the
// first parent (lang.NeutralChange), and lists those found to be only an
// exchange of equivalent idioms: how often the idioms of docs/verify.md
// decide on real history, for a person to read them by hand. It reads the
// clones and fetches nothing.
func ScanIdioms(ctx context.Context, dir, layout string, repos []string, n int) (IdiomScan, error) {
	var scan IdiomScan
	err := scanModified(ctx, dir, layout, repos, n, func(repo, commit, p, why string) {
		scan.Files++
		if strings.HasPrefix(why, lang.WhyIdioms+": ") {
			scan.Uses = append(scan.Uses, IdiomUse{Repo: repo, Commit: commit, Path: p,
				Idioms: strings.Split(strings.TrimPrefix(why, lang.WhyIdioms+": "), ", ")})
		}
	})
	return scan, err
}

// scanModified calls visit with lang.NeutralChange's reason ("" when it
// cannot tell) for every source file that each of the newest n non-merge
// commits of each repository's HEAD modified, against the file in the
// commit's first parent. It reads the clones and fetches nothing.
func scanModified(ctx context.Context, dir, layout string, repos []string, n int, visit func(repo, commit, path, why string)) error {
	for _, repo := range repos {
		gitDir, commits, err := newestCommits(ctx, dir, layout, repo, n)
		if err != nil {
			return err
		}
		cf := startCatFile(ctx, gitDir)
		for _, hc := range commits {
			c := hc.commit
			if hc.parent == "" {
				continue // a root commit has no parent
			}
			names, err := gitOut(ctx, gitDir, nil, "diff-tree", "-r", "-z", "--no-commit-id", "--diff-filter=M", "--name-only", hc.parent, c)
			if err != nil {
				continue // objects the clone lacks, as before
			}
			for _, p := range strings.Split(string(names), "\x00") {
				if p == "" || lang.For(p) == nil {
					continue
				}
				before, err1 := cf.read(hc.parent, p)
				after, err2 := cf.read(c, p)
				if err1 != nil || err2 != nil {
					cf.close()
					return fmt.Errorf("%s@%s: cannot read %s", repo, c, p)
				}
				why, _ := lang.NeutralChange(p, before, p, after)
				visit(repo, c, p, why)
			}
		}
		cf.close()
	}
	return nil
}

// NeutralUse is one file a commit changed in a way NeutralChange calls
// neutral, with its reason.
type NeutralUse struct {
	// Repo, Commit and Path name the file and the commit.
	Repo, Commit, Path string
	// Why is NeutralChange's reason.
	Why string
}

// NeutralScan is what ScanNeutral found: how many modified source files
// it compared, and every one NeutralChange calls neutral.
type NeutralScan struct {
	// Files is the number of modified source files compared.
	Files int
	// Uses are the neutral files, in the scan's order.
	Uses []NeutralUse
}

// ScanNeutral is ScanIdioms for every reason NeutralChange gives (layout,
// messages, Java access, idioms), for a person to check by hand that each
// such file's change cannot change what the program does: a neutral
// verdict passes a file with no test, so a wrong one fails open.
func ScanNeutral(ctx context.Context, dir, layout string, repos []string, n int) (NeutralScan, error) {
	var scan NeutralScan
	err := scanModified(ctx, dir, layout, repos, n, func(repo, commit, p, why string) {
		scan.Files++
		if why != "" {
			scan.Uses = append(scan.Uses, NeutralUse{Repo: repo, Commit: commit, Path: p, Why: why})
		}
	})
	return scan, err
}

// WriteNeutralScan prints the scan: per reason (idioms counted as one),
// files and commits, then every neutral file, one per line, with its
// reason.
func WriteNeutralScan(w io.Writer, scan NeutralScan) error {
	rows := make([]scanRow, len(scan.Uses))
	for i, u := range scan.Uses {
		rows[i] = scanRow{Repo: u.Repo, Commit: u.Commit, Path: u.Path, Why: u.Why}
		for _, why := range strings.Split(u.Why, "; ") {
			kind, _, _ := strings.Cut(why, ": ")
			rows[i].Keys = append(rows[i].Keys, kind)
		}
	}
	return writeScan(w, fmt.Sprintf("%d modified source files compared; %d cannot change behaviour", scan.Files, len(scan.Uses)), "reason", rows)
}

// scanRow is one file a history scan lists: the keys it counts under in
// the table, and the reason its line gives.
type scanRow struct {
	Repo, Commit, Path, Why string
	Keys                    []string
}

// writeScan prints a history scan: the heading, a Markdown table of files
// and commits per key (sorted), then every row, one per line.
func writeScan(w io.Writer, heading, column string, rows []scanRow) error {
	files := map[string]int{}
	commits := map[string]map[string]bool{}
	for _, r := range rows {
		for _, k := range r.Keys {
			files[k]++
			if commits[k] == nil {
				commits[k] = map[string]bool{}
			}
			commits[k][r.Repo+"@"+r.Commit] = true
		}
	}
	var keys []string
	for k := range files {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n| %s | files | commits |\n|---|---:|---:|\n", heading, column)
	for _, k := range keys {
		fmt.Fprintf(&b, "| %s | %d | %d |\n", k, files[k], len(commits[k]))
	}
	b.WriteString("\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s@%.10s %s: %s\n", r.Repo, r.Commit, r.Path, r.Why)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteIdiomScan prints the scan as a Markdown table (per idiom: files and
// commits), then every use, one per line.
func WriteIdiomScan(w io.Writer, scan IdiomScan) error {
	rows := make([]scanRow, len(scan.Uses))
	for i, u := range scan.Uses {
		rows[i] = scanRow{Repo: u.Repo, Commit: u.Commit, Path: u.Path, Why: strings.Join(u.Idioms, ", "), Keys: u.Idioms}
	}
	return writeScan(w, fmt.Sprintf("%d modified source files compared; %d only an exchange of idioms", scan.Files, len(scan.Uses)), "idiom", rows)
}

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
	files := map[string]int{}
	commits := map[string]map[string]bool{}
	for _, u := range scan.Uses {
		for _, why := range strings.Split(u.Why, "; ") {
			kind, _, _ := strings.Cut(why, ": ")
			files[kind]++
			if commits[kind] == nil {
				commits[kind] = map[string]bool{}
			}
			commits[kind][u.Repo+"@"+u.Commit] = true
		}
	}
	var kinds []string
	for k := range files {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b strings.Builder
	fmt.Fprintf(&b, "%d modified source files compared; %d cannot change behaviour\n\n", scan.Files, len(scan.Uses))
	b.WriteString("| reason | files | commits |\n|---|---:|---:|\n")
	for _, k := range kinds {
		fmt.Fprintf(&b, "| %s | %d | %d |\n", k, files[k], len(commits[k]))
	}
	b.WriteString("\n")
	for _, u := range scan.Uses {
		fmt.Fprintf(&b, "%s@%.10s %s: %s\n", u.Repo, u.Commit, u.Path, u.Why)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteIdiomScan prints the scan as a Markdown table (per idiom: files and
// commits), then every use, one per line.
func WriteIdiomScan(w io.Writer, scan IdiomScan) error {
	files := map[string]int{}
	commits := map[string]map[string]bool{}
	for _, u := range scan.Uses {
		for _, id := range u.Idioms {
			files[id]++
			if commits[id] == nil {
				commits[id] = map[string]bool{}
			}
			commits[id][u.Repo+"@"+u.Commit] = true
		}
	}
	var ids []string
	for id := range files {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b strings.Builder
	fmt.Fprintf(&b, "%d modified source files compared; %d only an exchange of idioms\n\n", scan.Files, len(scan.Uses))
	b.WriteString("| idiom | files | commits |\n|---|---:|---:|\n")
	for _, id := range ids {
		fmt.Fprintf(&b, "| %s | %d | %d |\n", id, files[id], len(commits[id]))
	}
	b.WriteString("\n")
	for _, u := range scan.Uses {
		fmt.Fprintf(&b, "%s@%.10s %s: %s\n", u.Repo, u.Commit, u.Path, strings.Join(u.Idioms, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

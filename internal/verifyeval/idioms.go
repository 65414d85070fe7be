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
	for _, repo := range repos {
		gitDir, commits, err := newestCommits(ctx, dir, layout, repo, n)
		if err != nil {
			return scan, err
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
					return scan, fmt.Errorf("%s@%s: cannot read %s", repo, c, p)
				}
				scan.Files++
				why, _ := lang.NeutralChange(p, before, p, after)
				if strings.HasPrefix(why, lang.WhyIdioms+": ") {
					scan.Uses = append(scan.Uses, IdiomUse{Repo: repo, Commit: c, Path: p,
						Idioms: strings.Split(strings.TrimPrefix(why, lang.WhyIdioms+": "), ", ")})
				}
			}
		}
		cf.close()
	}
	return scan, nil
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

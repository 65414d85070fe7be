package triage_test

// Benchmarks of `hotfix triage suspects` on a generated repository the size
// of moby/moby (testutil.MobyShape; testutil.SmallShape with -short or
// HOTFIX_BENCH_SHAPE=small), over about 2,000 commits with three paths and
// two symbols, side by side with the issue's peer: `git log --format=%H
// GOOD..BAD -- PATHS` plus `git log --format=%H -S SYMBOL GOOD..BAD` per
// symbol. See docs/performance.md.
//
//	go test ./internal/cmd/triage -run '^$' -bench . -benchtime 5x

import (
	"context"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/hotfixcmd"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

func benchShape() testutil.Shape {
	if testing.Short() || os.Getenv("HOTFIX_BENCH_SHAPE") == "small" {
		return testutil.SmallShape
	}
	return testutil.MobyShape
}

// suspectsCase is the range, paths and symbols measured.
type suspectsCase struct {
	dir, good, bad string
	paths, symbols []string
	commits        int
}

// newSuspectsCase picks, in the generated repository, the release tag about
// 2,000 non-merge commits behind main (fewer on a small shape), the three
// files changed most often since, and two strings from the most changed
// one's contents.
func newSuspectsCase(b *testing.B) suspectsCase {
	dir := testutil.BigRepo(b, benchShape())
	key := benchShape().Key()
	if c, ok := suspectsCases[key]; ok {
		c.dir = dir
		return c
	}
	c := suspectsCase{dir: dir, bad: "main"}
	best := -1
	for _, tag := range strings.Fields(testutil.Git(b, dir, "tag", "--list", "v*", "--sort=-creatordate")) {
		if strings.Contains(tag, "-") {
			continue
		}
		n, _ := strconv.Atoi(testutil.Git(b, dir, "rev-list", "--count", "--no-merges", tag+"..main"))
		if best < 0 || abs(n-2000) < abs(best-2000) {
			best, c.good = n, tag
		}
		if n >= 2000 {
			break // older tags are further behind
		}
	}
	c.commits = best
	count := map[string]int{}
	for _, p := range strings.Split(testutil.Git(b, dir, "log", "--no-merges", "--format=", "--name-only", c.good+"..main"), "\n") {
		if p != "" {
			count[p]++
		}
	}
	files := make([]string, 0, len(count))
	for p := range count {
		files = append(files, p)
	}
	sort.Slice(files, func(i, j int) bool {
		if count[files[i]] != count[files[j]] {
			return count[files[i]] > count[files[j]]
		}
		return files[i] < files[j]
	})
	c.paths = files[:3]
	content := testutil.Git(b, dir, "show", "main:"+c.paths[0])
	for _, w := range strings.Fields(content) {
		if len(w) >= 8 && !strings.ContainsAny(w, "/.\"") && len(c.symbols) < 2 && (len(c.symbols) == 0 || c.symbols[0] != w) {
			c.symbols = append(c.symbols, w)
		}
	}
	if len(c.symbols) < 2 {
		b.Fatalf("no symbols in %s", c.paths[0])
	}
	b.Logf("%s..main: %d commits; paths %v; symbols %q", c.good, c.commits, c.paths, c.symbols)
	suspectsCases[key] = c
	return c
}

// suspectsCases keeps each shape's range, paths and symbols for the
// process: finding them walks the history.
var suspectsCases = map[string]suspectsCase{}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// BenchmarkSuspects runs `hotfix triage suspects` in-process on the git and
// pure-Go backends.
func BenchmarkSuspects(b *testing.B) {
	c := newSuspectsCase(b)
	args := []string{"--repo", c.dir, "triage", "suspects", "--good", c.good, "--bad", c.bad, "--json"}
	for _, p := range c.paths {
		args = append(args, "--path", p)
	}
	for _, s := range c.symbols {
		args = append(args, "--symbol", s)
	}
	for _, pure := range []bool{false, true} {
		name := map[bool]string{false: "backend=git", true: "backend=go"}[pure]
		b.Run(name, func(b *testing.B) {
			if pure && !testing.Short() && os.Getenv("HOTFIX_BENCH_PURE") == "" {
				b.Skip("about 20 s an iteration on MobyShape; set HOTFIX_BENCH_PURE=1")
			}
			for i := 0; i < b.N; i++ {
				ios, _, _, _ := iostreams.Test()
				f := &cmdutil.Factory{IOStreams: ios, Clock: clock.Real{}, Getenv: func(string) string { return "" }}
				f.Git.PureGo = pure
				if code := hotfixcmd.Run(context.Background(), f, args); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}

// BenchmarkGitLogPeer is the peer: the path log, then one pickaxe log per
// symbol.
func BenchmarkGitLogPeer(b *testing.B) {
	c := newSuspectsCase(b)
	rng := c.good + ".." + c.bad
	runs := [][]string{append([]string{"log", "--format=%H", rng, "--"}, c.paths...)}
	for _, s := range c.symbols {
		runs = append(runs, []string{"log", "--format=%H", "-S" + s, rng})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, args := range runs {
			cmd := exec.Command("git", args...)
			cmd.Dir = c.dir
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("git %v: %v\n%s", args, err, out)
			}
		}
	}
}

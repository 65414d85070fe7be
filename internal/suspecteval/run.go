package suspecteval

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Layouts of the directory of clones.
const (
	// LayoutClones is <dir>/<owner>+<name>, a clone (with .git) or a bare
	// repository.
	LayoutClones = "clones"
	// LayoutMirror is <dir>/<owner>+<name>/repo, a bare repository.
	LayoutMirror = "mirror"
)

// Result is one method's ranking of one case.
type Result struct {
	// Rank is the culprit's 1-based rank; 0 when the method did not name it.
	Rank int
	// Named is how many commits the method ranked.
	Named   int
	Elapsed time.Duration
	Err     error
}

// Outcome is a case's results, by method.
type Outcome struct {
	Case    *Case
	Commits int
	Results map[string]Result
	// Err is set when the case could not be run (no clone, unknown commit).
	Err error
}

// GitDir returns the git directory of repo ("owner/name") under dir in
// layout.
func GitDir(dir, layout, repo string) (string, error) {
	base := filepath.Join(dir, strings.Replace(repo, "/", "+", 1))
	switch layout {
	case LayoutMirror:
		return filepath.Join(base, "repo"), nil
	case LayoutClones:
		if fi, err := os.Stat(filepath.Join(base, ".git")); err == nil && fi.IsDir() {
			return filepath.Join(base, ".git"), nil
		}
		return base, nil
	}
	return "", fmt.Errorf("unknown layout %q: want %s or %s", layout, LayoutClones, LayoutMirror)
}

// RankOf is the 1-based position of id in ids, 0 when absent.
func RankOf(ids []string, id string) int {
	for i, x := range ids {
		if x == id {
			return i + 1
		}
	}
	return 0
}

// Run evaluates each case: in a temporary work tree of the clone at bad
// (git worktree add --detach, removed afterwards) it ranks good..bad with
// each method on the case's trace.
func Run(ctx context.Context, cases []Case, dir, layout string) ([]Outcome, error) {
	if _, err := GitDir(dir, layout, "a/b"); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "suspecteval-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := make([]Outcome, len(cases))
	for i := range cases {
		out[i] = RunCase(ctx, &cases[i], dir, layout, filepath.Join(tmp, fmt.Sprintf("wt%d", i)))
	}
	return out, nil
}

// RunCase evaluates one case in a work tree made at wt.
func RunCase(ctx context.Context, c *Case, dir, layout, wt string) Outcome {
	o := Outcome{Case: c, Results: map[string]Result{}}
	gitDir, _ := GitDir(dir, layout, c.Repo)
	if _, err := os.Stat(gitDir); err != nil {
		o.Err = fmt.Errorf("no clone of %s: %w", c.Repo, err)
		return o
	}
	if b, err := exec.CommandContext(ctx, "git", "--git-dir", gitDir, "worktree", "add", "--detach", "--quiet", wt, c.Bad).CombinedOutput(); err != nil {
		o.Err = fmt.Errorf("git worktree add %s: %v: %s", c.Bad, err, strings.TrimSpace(string(b)))
		return o
	}
	defer func() {
		exec.Command("git", "--git-dir", gitDir, "worktree", "remove", "--force", wt).Run()
		exec.Command("git", "--git-dir", gitDir, "worktree", "prune").Run()
	}()
	inRange, err := RangeSet(ctx, wt, c.Good, c.Bad)
	if err != nil {
		o.Err = err
		return o
	}
	o.Commits = len(inRange)
	text, err := os.ReadFile(c.TracePath)
	if err != nil {
		o.Err = err
		return o
	}
	trace, err := filepath.Abs(c.TracePath)
	if err != nil {
		o.Err = err
		return o
	}
	frames := ParseFrames(string(text))
	mapped, err := MapFrames(ctx, wt, c.Bad, frames)
	if err != nil {
		o.Err = err
		return o
	}
	timed := func(name string, f func() ([]string, error)) {
		start := time.Now()
		ids, err := f()
		o.Results[name] = Result{Rank: RankOf(ids, c.Culprit), Named: len(ids), Elapsed: time.Since(start), Err: err}
	}
	timed("hotfix", func() ([]string, error) { return Hotfix(ctx, wt, c.Good, c.Bad, trace) })
	timed("blame", func() ([]string, error) { return Blame(ctx, wt, c.Bad, mapped, inRange), nil })
	timed("log-L", func() ([]string, error) { return LogL(ctx, wt, c.Good, c.Bad, mapped), nil })
	return o
}

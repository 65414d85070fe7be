package verifyeval

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/verifyrun"
	"github.com/hotfix-dev/hotfix/pkg/config"
	engine "github.com/hotfix-dev/hotfix/pkg/verify"
)

// Layouts of the directory of clones.
const (
	// LayoutClones is <dir>/<owner>+<name>, a clone (with .git) or a bare
	// repository.
	LayoutClones = "clones"
	// LayoutMirror is <dir>/<owner>+<name>/repo, a bare repository, as the
	// fetch tool of the sessions leaves them.
	LayoutMirror = "mirror"
)

// Outcome is what verify said about one case.
type Outcome struct {
	Case *Case
	// Tests are the paths tests-touched flagged.
	Tests []string
	// Docs are the declarations docs-touched flagged, as "path:Name".
	Docs []string
	// Links are tests-touched's passing lines: which changed test
	// exercises each changed source file, and why.
	Links []string
	// Failed says whether tests-touched or docs-touched failed.
	Failed bool
	// Elapsed is the time the change took to read and check.
	Elapsed time.Duration
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
	return "", fmt.Errorf("unknown layout %q (want %s or %s)", layout, LayoutClones, LayoutMirror)
}

// Policies Run can check the cases under.
const (
	// PolicyDefaults is the default policy: a repository without a
	// .hotfix.yaml, as issue 17's targets are stated.
	PolicyDefaults = "defaults"
	// PolicyInit is the policy `hotfix init` writes, as the README's
	// walkthrough has a team do once per repository. For the static rules
	// it differs from the defaults only in release.version_files: the
	// files versionfile.Detect finds at the case's base, whose change of
	// version alone verify leaves out (engine.ReasonVersionBump).
	PolicyInit = "init"
)

// Rules are the rules measured, in the order reported.
var Rules = []string{config.RuleTestsTouched, config.RuleDocsTouched}

// Run runs verify's static rules under policy (PolicyDefaults or
// PolicyInit) on every case and returns one outcome per case, in order. It
// reads the clones with the git binary and never fetches.
func Run(ctx context.Context, cases []Case, dir, layout, policy string) ([]Outcome, error) {
	if policy != PolicyDefaults && policy != PolicyInit {
		return nil, fmt.Errorf("unknown policy %q (want %s or %s)", policy, PolicyDefaults, PolicyInit)
	}
	out := make([]Outcome, len(cases))
	for i := range cases {
		c := &cases[i]
		out[i] = Outcome{Case: c}
		gd, err := GitDir(dir, layout, c.Repo)
		if err != nil {
			return nil, err
		}
		var versionFiles []string
		if policy == PolicyInit { // hotfix init ran once before the change: not timed
			if versionFiles, out[i].Err = detectVersionFiles(ctx, gd, c.Base); out[i].Err != nil {
				continue
			}
		}
		start := time.Now()
		out[i].Tests, out[i].Docs, out[i].Links, out[i].Failed, out[i].Err = checkCommit(ctx, gd, c.Base, c.Commit, config.Default().Verify, versionFiles)
		out[i].Elapsed = time.Since(start)
	}
	return out, nil
}

// checkCommit runs tests-touched and docs-touched on the change from base
// to commit in the repository at gitDir, under policy, leaving out the
// versionFiles (release.version_files) whose only change is their version,
// as verifyrun does.
func checkCommit(ctx context.Context, gitDir, base, commit string, policy config.Verify, versionFiles []string) (tests, docs, links []string, failed bool, err error) {
	diff, err := gitOut(ctx, gitDir, nil, "-c", "core.quotepath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv",
		"-U0", "-M", "--src-prefix=a/", "--dst-prefix=b/", base, commit, "--")
	if err != nil {
		return nil, nil, nil, false, err
	}
	files, err := git.ParseUnifiedDiff(diff)
	if err != nil {
		return nil, nil, nil, false, err
	}
	if len(versionFiles) > 0 {
		cf := startCatFile(ctx, gitDir)
		files = verifyrun.DropVersionBumps(files, versionFiles,
			func(p string) ([]byte, error) { return cf.read(base, p) },
			func(p string) ([]byte, error) { return cf.read(commit, p) })
		cf.close()
	}
	needs := engine.ContentFilter(policy)
	var changes []engine.Change
	var paths, oldPaths []string
	for _, f := range files {
		c := engine.Change{Path: f.Path, OldPath: f.OldPath, Status: f.Status, Binary: f.Binary, Kind: f.Kind, SameContent: f.SameContent}
		for _, h := range f.Hunks {
			c.Hunks = append(c.Hunks, engine.Hunk{OldStart: h.OldStart, OldLines: h.OldLines, NewStart: h.NewStart, NewLines: h.NewLines})
		}
		changes = append(changes, c)
		if f.Status != 'D' && needs(f.Path) {
			paths = append(paths, f.Path)
		}
		if f.Status != 'A' && needs(f.Path) {
			old := f.OldPath
			if old == "" {
				old = f.Path
			}
			oldPaths = append(oldPaths, old)
		}
	}
	contents, err := readFiles(ctx, gitDir, commit, paths)
	if err != nil {
		return nil, nil, nil, false, err
	}
	oldContents, err := readFiles(ctx, gitDir, base, oldPaths)
	if err != nil {
		return nil, nil, nil, false, err
	}
	cf := startCatFile(ctx, gitDir)
	defer cf.close()
	in := engine.Input{Changes: changes, Policy: policy,
		Read:    reader(cf, commit, contents),
		ReadOld: reader(cf, base, oldContents),
		Paths: sync.OnceValues(func() ([]string, error) {
			b, err := gitOut(ctx, gitDir, nil, "-c", "core.quotepath=false", "ls-tree", "-r", "-z", "--name-only", commit)
			if err != nil {
				return nil, err
			}
			return strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00"), nil
		})}
	results, findings := engine.Check(ctx, in, Rules)
	for _, r := range results {
		if r.Status == engine.Failed {
			failed = true
		}
		if r.ID == config.RuleTestsTouched {
			links = r.Notes
		}
	}
	for _, f := range findings {
		switch f.Rule {
		case config.RuleTestsTouched:
			tests = append(tests, f.Path)
		case config.RuleDocsTouched:
			docs = append(docs, f.Path+":"+f.Symbol)
		}
	}
	return tests, docs, links, failed, nil
}

// catFile is one `git cat-file --batch` process of a repository, kept
// open for the reads of one commit's check: a file the change did not
// touch (a test's import, a test runner's configuration) costs a line on
// its standard input, not a process.
type catFile struct {
	mu  sync.Mutex
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	err error
}

// startCatFile starts the process; reads fail with its error if it could
// not start.
func startCatFile(ctx context.Context, gitDir string) *catFile {
	c := &catFile{}
	c.cmd = exec.CommandContext(ctx, "git", "--git-dir="+gitDir, "cat-file", "--batch")
	c.cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_NO_REPLACE_OBJECTS=1")
	in, err := c.cmd.StdinPipe()
	if err == nil {
		var out io.ReadCloser
		if out, err = c.cmd.StdoutPipe(); err == nil {
			c.out = bufio.NewReader(out)
			err = c.cmd.Start()
		}
	}
	c.in, c.err = in, err
	return c
}

// read returns the blob at rev:p, os.ErrNotExist when there is none.
func (c *catFile) read(rev, p string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return nil, c.err
	}
	if strings.ContainsAny(p, "\n\r") {
		return nil, os.ErrNotExist
	}
	if _, err := io.WriteString(c.in, rev+":"+p+"\n"); err != nil {
		c.err = err
		return nil, err
	}
	header, err := c.out.ReadString('\n')
	if err != nil {
		c.err = err
		return nil, err
	}
	f := strings.Fields(header)
	if len(f) != 3 {
		return nil, os.ErrNotExist // "<name> missing"
	}
	size, err := strconv.Atoi(f[2])
	if err != nil {
		c.err = fmt.Errorf("git cat-file: bad header %q", header)
		return nil, c.err
	}
	data := make([]byte, size+1)
	if _, err := io.ReadFull(c.out, data); err != nil {
		c.err = err
		return nil, err
	}
	if f[1] != "blob" {
		return nil, os.ErrNotExist
	}
	return data[:size], nil
}

// close ends the process.
func (c *catFile) close() {
	if c.in != nil {
		c.in.Close()
	}
	if c.cmd != nil && c.cmd.Process != nil {
		_ = c.cmd.Wait()
	}
}

// reader reads paths at rev: from contents, read ahead in one batch, or
// else through cf (a file the change did not touch).
func reader(cf *catFile, rev string, contents map[string][]byte) func(string) ([]byte, error) {
	return func(p string) ([]byte, error) {
		if b, ok := contents[p]; ok {
			return b, nil
		}
		return cf.read(rev, p)
	}
}

// historyCommit is a non-merge commit a history scan reads, with its
// first parent ("" for a root commit).
type historyCommit struct{ commit, parent string }

// newestCommits returns the git directory of repo under dir in layout and
// the newest n non-merge commits of its HEAD, newest first: what the
// history scans (ScanIdioms, ScanLinks) read.
func newestCommits(ctx context.Context, dir, layout, repo string, n int) (string, []historyCommit, error) {
	gitDir, err := GitDir(dir, layout, repo)
	if err != nil {
		return "", nil, err
	}
	log, err := gitOut(ctx, gitDir, nil, "log", "--no-merges", "-n", strconv.Itoa(n), "--format=%H %P", "HEAD")
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", repo, err)
	}
	var out []historyCommit
	for _, line := range strings.Split(strings.TrimSpace(string(log)), "\n") {
		if f := strings.Fields(line); len(f) == 1 {
			out = append(out, historyCommit{commit: f[0]})
		} else if len(f) > 1 {
			out = append(out, historyCommit{commit: f[0], parent: f[1]})
		}
	}
	return gitDir, out, nil
}

// gitOut runs git on gitDir and returns its standard output.
func gitOut(ctx context.Context, gitDir string, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"--git-dir=" + gitDir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C", "GIT_CONFIG_NOSYSTEM=1", "GIT_NO_REPLACE_OBJECTS=1")
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

// readFiles reads paths at commit in one `git cat-file --batch`.
func readFiles(ctx context.Context, gitDir, commit string, paths []string) (map[string][]byte, error) {
	out := map[string][]byte{}
	var in bytes.Buffer
	var asked []string
	for _, p := range paths {
		if strings.ContainsAny(p, "\n\r") {
			continue
		}
		in.WriteString(commit + ":" + p + "\n")
		asked = append(asked, p)
	}
	if len(asked) == 0 {
		return out, nil
	}
	b, err := gitOut(ctx, gitDir, &in, "cat-file", "--batch")
	if err != nil {
		return nil, err
	}
	rd := bufio.NewReader(bytes.NewReader(b))
	for _, p := range asked {
		header, err := rd.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("git cat-file: short output for %s", p)
		}
		f := strings.Fields(header)
		if len(f) != 3 {
			continue
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			return nil, fmt.Errorf("git cat-file: bad header %q", header)
		}
		data := make([]byte, size+1)
		if _, err := io.ReadFull(rd, data); err != nil {
			return nil, fmt.Errorf("git cat-file: short content for %s", p)
		}
		if f[1] == "blob" {
			out[p] = data[:size]
		}
	}
	return out, nil
}

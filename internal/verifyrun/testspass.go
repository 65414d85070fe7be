package verifyrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/pkg/config"
	engine "github.com/hotfix-dev/hotfix/pkg/verify"
)

// CommandResult is what a command did.
type CommandResult struct {
	// ExitCode is the command's exit code, -1 when it could not run or
	// was stopped by the timeout.
	ExitCode int
	// Output is the tail of its combined stdout and stderr.
	Output string
	// Err says why it could not run or finish, nil when it exited.
	Err error
}

// tailBytes bounds the output kept from a command.
const tailBytes = 64 << 10

// tailLines is how many lines of output a report shows.
const tailLines = 30

// tailBuffer keeps the last tailBytes written to it.
type tailBuffer struct{ b []byte }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 2*tailBytes {
		t.b = append(t.b[:0], t.b[len(t.b)-tailBytes:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	b := t.b
	if len(b) > tailBytes {
		b = b[len(b)-tailBytes:]
	}
	return string(b)
}

// RunShell runs command with the shell at dir, bounded by timeout. The
// command runs in its own process group, and the timeout or ctx's
// cancellation kills the whole group, not only the shell.
func RunShell(ctx context.Context, dir, command string, timeout time.Duration) CommandResult {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var cmd *exec.Cmd
	if runtime.GOOS == "windows" {
		cmd = exec.CommandContext(ctx, "cmd", "/C", command)
	} else {
		cmd = exec.CommandContext(ctx, "sh", "-c", command)
	}
	cmd.Dir = dir
	cmd.WaitDelay = 5 * time.Second
	inOwnGroup(cmd)
	var out tailBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() != nil {
		// The shell may have died before its children: kill what is
		// left of the group.
		_ = killGroup(cmd)
	}
	res := CommandResult{Output: out.String()}
	var ee *exec.ExitError
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		res.ExitCode, res.Err = -1, fmt.Errorf("stopped after %s", timeout)
	case errors.As(err, &ee):
		res.ExitCode = ee.ExitCode()
	case err != nil:
		res.ExitCode, res.Err = -1, err
	}
	return res
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Language is a language whose build file is at the repository root, with
// the command that runs its tests.
type Language struct {
	// Name is the language as people say it: Go, JavaScript/TypeScript,
	// Java, Python.
	Name string
	// Marker is the build file that shows it, such as go.mod.
	Marker string
	// TestCommand runs its tests from the root; "" when none can be told
	// (a package.json without a test script).
	TestCommand string
}

// DetectLanguages lists the languages whose build files are at root, each
// once, in the order DetectTestCommand prefers them: Go (go.mod),
// JavaScript/TypeScript (package.json), Java (pom.xml, gradlew,
// build.gradle, build.gradle.kts), Python (pyproject.toml, setup.py,
// setup.cfg, pytest.ini, tox.ini, requirements.txt).
func DetectLanguages(root string) []Language {
	exists := func(name string) bool {
		_, err := os.Stat(filepath.Join(root, name))
		return err == nil
	}
	first := func(names ...string) string {
		for _, n := range names {
			if exists(n) {
				return n
			}
		}
		return ""
	}
	var out []Language
	if exists("go.mod") {
		out = append(out, Language{Name: "Go", Marker: "go.mod", TestCommand: "go test ./..."})
	}
	if exists("package.json") {
		l := Language{Name: "JavaScript/TypeScript", Marker: "package.json"}
		if b, err := os.ReadFile(filepath.Join(root, "package.json")); err == nil && bytes.Contains(b, []byte(`"test"`)) {
			l.TestCommand = "npm test --silent"
		}
		out = append(out, l)
	}
	switch m := first("pom.xml", "gradlew", "build.gradle", "build.gradle.kts"); m {
	case "pom.xml":
		out = append(out, Language{Name: "Java", Marker: m, TestCommand: "mvn -q test"})
	case "gradlew":
		out = append(out, Language{Name: "Java", Marker: m, TestCommand: "./gradlew test"})
	case "build.gradle", "build.gradle.kts":
		out = append(out, Language{Name: "Java", Marker: m, TestCommand: "gradle test"})
	}
	if m := first("pyproject.toml", "setup.py", "setup.cfg", "pytest.ini", "tox.ini", "requirements.txt"); m != "" {
		out = append(out, Language{Name: "Python", Marker: m, TestCommand: "python3 -m pytest -q"})
	}
	return out
}

// DetectTestCommand guesses the repository's test command from its build
// files, or returns "" when it cannot tell: the command of the first
// language DetectLanguages finds, even when that one has none.
func DetectTestCommand(root string) string {
	if langs := DetectLanguages(root); len(langs) > 0 {
		return langs[0].TestCommand
	}
	return ""
}

// testsPass runs the configured (or detected) test command.
func testsPass(ctx context.Context, o *Options, root string, cfg *config.Config) (engine.RuleResult, []engine.Finding) {
	res := engine.RuleResult{ID: config.RuleTestsPass}
	inCI := o.Getenv("CI") != ""
	switch {
	case inCI && !cfg.Verify.TestsPass.RunInCI:
		res.Status, res.Summary = engine.Skipped, "skipped in CI (verify.tests_pass.run_in_ci is false)"
		return res, nil
	case o.NoRun && !inCI:
		res.Status, res.Summary = engine.Skipped, "skipped with --no-run"
		return res, nil
	case o.NoRun:
		fmt.Fprintln(o.IO.ErrOut, "warning: --no-run is ignored in CI; tests-pass runs unless verify.tests_pass.run_in_ci is false")
	}
	command := cfg.Verify.TestsPass.Command
	if command == "" {
		command = DetectTestCommand(root)
	}
	if command == "" {
		res.Status = engine.Failed
		res.Summary = "no test command: none is configured and none could be detected"
		return res, []engine.Finding{{Rule: config.RuleTestsPass,
			Message: "set verify.tests_pass.command in .hotfix.yaml, or waive tests-pass with a reason"}}
	}
	start := time.Now()
	run := o.RunCommand(ctx, root, command, cfg.Verify.TestsPass.Timeout.D())
	took := time.Since(start).Round(100 * time.Millisecond)
	res.Output = lastLines(run.Output, tailLines)
	switch {
	case run.Err != nil:
		res.Status = engine.Failed
		res.Summary = fmt.Sprintf("`%s` did not finish: %v", command, run.Err)
	case run.ExitCode != 0:
		res.Status = engine.Failed
		res.Summary = fmt.Sprintf("`%s` failed (exit %d) after %s", command, run.ExitCode, took)
	default:
		res.Status = engine.Passed
		res.Summary = fmt.Sprintf("`%s` passed in %s", command, took)
		return res, nil
	}
	return res, []engine.Finding{{Rule: config.RuleTestsPass, Message: res.Summary + "; fix the failing tests (output below)"}}
}

package verify

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

// RunShell runs command with the shell at dir, bounded by timeout.
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
	var out tailBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
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

// DetectTestCommand guesses the repository's test command from its build
// files, or returns "" when it cannot tell.
func DetectTestCommand(root string) string {
	exists := func(name string) bool {
		_, err := os.Stat(filepath.Join(root, name))
		return err == nil
	}
	switch {
	case exists("go.mod"):
		return "go test ./..."
	case exists("package.json"):
		if b, err := os.ReadFile(filepath.Join(root, "package.json")); err == nil && bytes.Contains(b, []byte(`"test"`)) {
			return "npm test --silent"
		}
	case exists("pom.xml"):
		return "mvn -q test"
	case exists("gradlew"):
		return "./gradlew test"
	case exists("build.gradle"), exists("build.gradle.kts"):
		return "gradle test"
	case exists("pyproject.toml"), exists("setup.py"), exists("setup.cfg"), exists("pytest.ini"), exists("tox.ini"):
		return "python3 -m pytest -q"
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

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Env is where a step works: Work holds the copies of the programs (one
// directory per runtime, as in testdata/logcorpus/programs), Out the logs.
type Env struct {
	Work, Out string
}

// Dir is a directory under the working directory.
func (e *Env) Dir(elem ...string) string {
	return filepath.Join(append([]string{e.Work}, elem...)...)
}

// Cmd describes a command to run.
type Cmd struct {
	// Dir is the working directory.
	Dir string
	// Argv is the command and its arguments.
	Argv []string
	// Env is added to the environment.
	Env []string
	// User, when set and running as root, runs the command as that user
	// (through runuser).
	User string
}

// Output runs c with stdout and stderr on one pipe, so their lines keep the
// order they were written in, and returns what it wrote and its exit code.
// A program that fails on purpose is not an error: err is only for a
// command that could not run or ran out of time.
func Output(ctx context.Context, c Cmd) (out []byte, code int, err error) {
	argv := c.Argv
	if c.User != "" && os.Geteuid() == 0 {
		argv = append([]string{"runuser", "-u", c.User, "--"}, argv...)
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = c.Dir
	cmd.Env = append(os.Environ(), c.Env...)
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	err = cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ctx.Err() == nil {
		return buf.Bytes(), ee.ExitCode(), nil
	}
	if err != nil {
		return buf.Bytes(), -1, fmt.Errorf("%s: %w\n%s", strings.Join(argv, " "), err, tail(buf.Bytes()))
	}
	return buf.Bytes(), 0, nil
}

// Must runs c and fails unless it exits 0 (builds, set-up).
func Must(ctx context.Context, c Cmd) error {
	out, code, err := Output(ctx, c)
	if err != nil {
		return err
	}
	if code != 0 {
		return fmt.Errorf("%s: exit code %d\n%s", strings.Join(c.Argv, " "), code, tail(out))
	}
	return nil
}

// tail is the end of a command's output, for error messages.
func tail(b []byte) string {
	const n = 2000
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// missing returns the commands of needs that are not on PATH.
func missing(needs []string) []string {
	var out []string
	for _, n := range needs {
		if _, err := exec.LookPath(n); err != nil {
			out = append(out, n)
		}
	}
	return out
}

// runtimeVersion is the first line a version command prints, or "" when
// there is no command or it cannot run.
func runtimeVersion(argv []string) string {
	if len(argv) == 0 {
		return ""
	}
	out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
	if err != nil && len(out) == 0 {
		return ""
	}
	return firstLine(string(out))
}

// firstLine is the first non-blank line of s, trimmed.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// copyTree copies the regular files under src to dst, keeping their modes.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, info.Mode().Perm()|0o444)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}

// manifestName is the manifest's file name in the output directory.
const manifestName = "manifest.yaml"

// Entry is what the manifest says about one log.
type Entry struct {
	// Log is the log's file name.
	Log string `yaml:"log"`
	// Program is the program that wrote it, under testdata/logcorpus/programs.
	Program string `yaml:"program"`
	// Runtime is the runtime's version as it printed it.
	Runtime string `yaml:"runtime"`
	// Provoked says what was done to the program.
	Provoked string `yaml:"provoked"`
	// Made says how the log was captured, when it is not simply the
	// program's output.
	Made string `yaml:"made,omitempty"`
}

// readManifest reads the manifest, keyed by log; a missing file is empty.
func readManifest(path string) (map[string]Entry, error) {
	m := map[string]Entry{}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, err
	}
	var list []Entry
	if err := yaml.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, e := range list {
		m[e.Log] = e
	}
	return m, nil
}

// writeManifest writes the entries sorted by log.
func writeManifest(path string, m map[string]Entry) error {
	list := make([]Entry, 0, len(m))
	for _, e := range m {
		list = append(list, e)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Log < list[j].Log })
	b, err := yaml.Marshal(list)
	if err != nil {
		return err
	}
	head := "# Written by go run ./internal/logeval/gen: the logs of the corpus, the\n# program that wrote each, its runtime and what was provoked.\n"
	return os.WriteFile(path, append([]byte(head), b...), 0o644)
}

package verify_test

// Benchmarks of `hotfix verify` on a generated repository the size of
// moby/moby (testutil.MobyShape; testutil.SmallShape with -short or
// HOTFIX_BENCH_SHAPE=small), with a 50-commit change touching 130 files,
// side by side with the issue's peer: `git diff --name-only BASE...HEAD |
// grep '\.go$' | xargs gofmt -l`. See docs/performance.md.
//
//	go test ./internal/cmd/verify -run '^$' -bench . -benchtime 20x

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

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

// changeRepo makes the change verify measures: 50 commits on a branch from
// main that add 80 Go files and modify 50 more, as a hotfix that grew. The
// files are real Go of moby's sizes (8 kB on average), so that parsing them
// costs what it does on moby. The commits are dated now, after main's: git
// walks history by date, and commits dated before it would make every merge
// base walk all of it.
func changeRepo(b *testing.B) string {
	dir := testutil.BigRepo(b, benchShape())
	r := &testutil.Repo{T: b, Dir: dir, When: time.Now()}
	r.Git("checkout", "-q", "-b", "hotfix/bench")
	for c := 0; c < 50; c++ {
		for f := 0; f < 3 && c*3+f < 130; f++ {
			n := c*3 + f
			file := n
			if n >= 80 {
				file = n - 80 // a second version of an earlier file
			}
			pkg := fmt.Sprintf("pkg%02d", file%13)
			r.WriteFile(fmt.Sprintf("service/%s/file%03d.go", pkg, file), goSource(pkg, file, c, 10+file%30))
		}
		r.Commit(fmt.Sprintf("change %d", c))
	}
	testutil.Git(b, dir, "update-index", "-q", "--refresh")
	return dir
}

// goSource is a documented Go file with funcs functions and a type, about
// 270 bytes a function.
func goSource(pkg string, file, version, funcs int) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "// Package %s is generated for the verify benchmark.\npackage %s\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n)\n\n", pkg, pkg)
	fmt.Fprintf(&sb, "// Store%d keeps values by name.\ntype Store%d struct {\n\tvalues map[string]int // by name\n\tlimit  int\n}\n\n", file, file)
	for i := 0; i < funcs; i++ {
		fmt.Fprintf(&sb, "// Get%d_%d returns the value of name, or an error when it is\n// missing or above the limit (version %d).\nfunc (s *Store%d) Get%d_%d(name string) (int, error) {\n\tv, ok := s.values[name]\n\tif !ok {\n\t\treturn 0, errors.New(\"missing \" + name)\n\t}\n\tif v > s.limit {\n\t\treturn 0, fmt.Errorf(\"%%s: %%d above %%d\", name, v, s.limit)\n\t}\n\treturn v + %d, nil\n}\n\n", file, i, version, file, file, i, version)
	}
	return sb.String()
}

// BenchmarkVerify runs verify's static rules (tests-pass left out, as in
// the goal) on the change.
func BenchmarkVerify(b *testing.B) {
	dir := changeRepo(b)
	for _, tc := range []struct {
		name  string
		pure  bool
		extra []string
	}{
		{"backend=git", false, nil},
		{"backend=git/committed-only", false, []string{"--committed-only"}},
		{"backend=go", true, nil},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ios, _, out, _ := iostreams.Test()
				f := &cmdutil.Factory{IOStreams: ios, Clock: clock.Real{}, Getenv: func(string) string { return "" }}
				f.Git.PureGo = tc.pure
				args := append([]string{"--repo", dir, "verify", "--base", "main", "--rules", "tests-touched,docs-touched", "--no-record", "--format", "json"}, tc.extra...)
				if code := hotfixcmd.Run(context.Background(), f, args); code > 1 {
					b.Fatalf("exit %d", code)
				}
				// The change is measured only if verify checks it: a
				// default exclusion (bench/ is one) would make it free.
				if i == 0 && strings.Contains(out.String(), `"excluded"`) {
					b.Fatalf("verify left files of the change unchecked: %.300s", out.String())
				}
			}
		})
	}
}

// BenchmarkGofmtPipeline is the peer: the Go files of the change, gofmt'd.
func BenchmarkGofmtPipeline(b *testing.B) {
	if _, err := exec.LookPath("gofmt"); err != nil {
		b.Skip("gofmt is not on PATH")
	}
	dir := changeRepo(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command("sh", "-c", `git diff --name-only main...HEAD | grep '\.go$' | xargs gofmt -l`)
		cmd.Dir = dir
		_ = cmd.Run() // gofmt -l exits 0; grep may not
	}
}

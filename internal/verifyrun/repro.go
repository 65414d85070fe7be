package verifyrun

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/pkg/config"
	engine "github.com/hotfix-dev/hotfix/pkg/verify"
	"github.com/hotfix-dev/hotfix/pkg/verify/lang"
)

// reproTests are the tests a change adds or modifies.
type reproTests struct {
	// files are the changed test files.
	files []string
	// goTests maps a Go package directory to the test functions changed in it.
	goTests map[string][]string
	// support are changed fixtures (testdata) the tests may need.
	support []string
}

var goTestName = regexp.MustCompile(`^(Test|Example|Fuzz)[A-Z_0-9]?`)

func findReproTests(in engine.Input) (reproTests, error) {
	rt := reproTests{goTests: map[string][]string{}}
	for _, c := range in.Changes {
		if c.Status == 'D' {
			continue
		}
		if strings.HasPrefix(c.Path, "testdata/") || strings.Contains(c.Path, "/testdata/") {
			rt.support = append(rt.support, c.Path)
			continue
		}
		if c.Binary || len(c.Hunks) == 0 {
			continue
		}
		an := lang.For(c.Path)
		if an == nil || !an.IsTest(c.Path) {
			continue
		}
		rt.files = append(rt.files, c.Path)
		if an.Name() != "go" {
			continue
		}
		src, err := in.Read(c.Path)
		if err != nil {
			return rt, err
		}
		decls, err := an.Decls(c.Path, src)
		if err != nil {
			return rt, err
		}
		touched := map[int]bool{}
		for _, h := range c.Hunks {
			for l := h.NewStart; l < h.NewStart+h.NewLines; l++ {
				touched[l] = true
			}
		}
		for _, d := range decls {
			if d.Kind != "func" || !goTestName.MatchString(d.Name) {
				continue
			}
			for l := d.Start; l <= d.End; l++ {
				if touched[l] {
					dir := path.Dir(c.Path)
					rt.goTests[dir] = append(rt.goTests[dir], d.Name)
					break
				}
			}
		}
	}
	return rt, nil
}

// repro checks that the tests the change adds or modifies fail on the base
// and pass on HEAD. The base is exported to a temporary directory, with the
// changed tests (and fixtures) copied in; the user's tree is never touched.
func repro(ctx context.Context, o *Options, repo *git.Repo, cfg *config.Config, mb string, in engine.Input) (engine.RuleResult, []engine.Finding) {
	res := engine.RuleResult{ID: config.RuleRepro}
	fail := func(summary string, findings ...engine.Finding) (engine.RuleResult, []engine.Finding) {
		res.Status, res.Summary = engine.Failed, summary
		return res, findings
	}
	rt, err := findReproTests(in)
	if err != nil {
		return fail(fmt.Sprintf("cannot read the changed tests: %v", err))
	}
	if len(rt.files) == 0 {
		return fail("the change adds or modifies no test", engine.Finding{Rule: config.RuleRepro,
			Message: "add a test that fails without the fix and passes with it"})
	}
	dir, err := os.MkdirTemp("", "hotfix-repro-")
	if err != nil {
		return fail(err.Error())
	}
	defer os.RemoveAll(dir)
	base := filepath.Join(dir, "base")
	if err := repo.ExportTree(ctx, mb, base); err != nil {
		return fail(fmt.Sprintf("cannot export the base %s: %v", commitid.Short(mb), err))
	}
	for _, p := range append(append([]string(nil), rt.files...), rt.support...) {
		data, err := in.Read(p)
		if err != nil {
			return fail(fmt.Sprintf("cannot read %s: %v", p, err))
		}
		dst := filepath.Join(base, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return fail(err.Error())
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return fail(err.Error())
		}
	}
	timeout := cfg.Verify.TestsPass.Timeout.D()
	var findings []engine.Finding
	var outputs []string
	checked := 0
	if cfg.Verify.Repro.Command == "" && len(rt.goTests) > 0 {
		dirs := make([]string, 0, len(rt.goTests))
		for d := range rt.goTests {
			dirs = append(dirs, d)
		}
		sort.Strings(dirs)
		for _, d := range dirs {
			names := rt.goTests[d]
			command := fmt.Sprintf("go test -count=1 -json -run '^(%s)$' ./%s", strings.Join(names, "|"), d)
			atBase := o.RunCommand(ctx, base, command, timeout)
			atHead := o.RunCommand(ctx, repo.Root(), command, timeout)
			baseRes, headRes := goTestResults(atBase.Output), goTestResults(atHead.Output)
			for _, n := range names {
				checked++
				file := testFileOf(in, d, n)
				switch {
				case headRes[n] != "pass":
					findings = append(findings, engine.Finding{Rule: config.RuleRepro, Path: file, Symbol: n,
						Message: fmt.Sprintf("%s does not pass on HEAD (%s); the fix must make it pass", n, orUnknown(headRes[n]))})
					outputs = append(outputs, lastLines(plainGoOutput(atHead.Output), tailLines))
				case baseRes[n] == "pass":
					findings = append(findings, engine.Finding{Rule: config.RuleRepro, Path: file, Symbol: n,
						Message: fmt.Sprintf("%s passes on the base %s: it does not reproduce the bug; make it fail without the fix", n, commitid.Short(mb))})
				case baseRes[n] == "":
					findings = append(findings, engine.Finding{Rule: config.RuleRepro, Path: file, Symbol: n,
						Message: fmt.Sprintf("%s did not run on the base %s (it does not build there), so it cannot show the bug; waive repro with a reason if that is expected", n, commitid.Short(mb))})
					outputs = append(outputs, lastLines(plainGoOutput(atBase.Output), tailLines))
				}
			}
		}
	} else {
		command := cfg.Verify.Repro.Command
		if command == "" {
			command = defaultReproCommand(rt.files)
		}
		if command == "" {
			return fail("no repro command for these tests", engine.Finding{Rule: config.RuleRepro,
				Message: "set verify.repro.command in .hotfix.yaml ({files} is replaced by the changed test files)"})
		}
		command = strings.ReplaceAll(command, "{files}", shellJoin(rt.files))
		command = strings.ReplaceAll(command, "{tests}", shellJoin(rt.files))
		atBase := o.RunCommand(ctx, base, command, timeout)
		atHead := o.RunCommand(ctx, repo.Root(), command, timeout)
		checked = len(rt.files)
		switch {
		case atHead.ExitCode != 0:
			findings = append(findings, engine.Finding{Rule: config.RuleRepro, Message: fmt.Sprintf("`%s` fails on HEAD; the fix must make the tests pass", command)})
			outputs = append(outputs, lastLines(atHead.Output, tailLines))
		case atBase.ExitCode == 0:
			findings = append(findings, engine.Finding{Rule: config.RuleRepro, Message: fmt.Sprintf("`%s` passes on the base %s: the tests do not reproduce the bug", command, commitid.Short(mb))})
		}
	}
	res.Output = strings.Join(outputs, "\n")
	if len(findings) > 0 {
		return fail(fmt.Sprintf("%d of %d changed test(s) do not show the bug fixed (fail on the base, pass on HEAD)", len(findings), checked), findings...)
	}
	res.Status = engine.Passed
	res.Summary = fmt.Sprintf("%d changed test(s) fail on the base %s and pass on HEAD", checked, commitid.Short(mb))
	return res, nil
}

func defaultReproCommand(files []string) string {
	if len(files) == 0 {
		return ""
	}
	switch lang.For(files[0]).Name() {
	case "python":
		return "python3 -m pytest -q {files}"
	case "javascript":
		return "npx --no-install jest {files}"
	}
	return ""
}

func shellJoin(files []string) string {
	q := make([]string, len(files))
	for i, f := range files {
		q[i] = "'" + strings.ReplaceAll(f, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

// goTestResults reads `go test -json` output: test name -> pass, fail or skip.
func goTestResults(out string) map[string]string {
	res := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		var ev struct {
			Action string
			Test   string
		}
		if json.Unmarshal(sc.Bytes(), &ev) != nil || ev.Test == "" || strings.Contains(ev.Test, "/") {
			continue
		}
		switch ev.Action {
		case "pass", "fail", "skip":
			res[ev.Test] = ev.Action
		}
	}
	return res
}

// plainGoOutput turns `go test -json` output back into what go test prints.
func plainGoOutput(out string) string {
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		var ev struct{ Output string }
		if json.Unmarshal(sc.Bytes(), &ev) == nil && ev.Output != "" {
			b.WriteString(ev.Output)
		} else if !strings.HasPrefix(sc.Text(), "{") {
			b.WriteString(sc.Text() + "\n")
		}
	}
	return b.String()
}

func testFileOf(in engine.Input, dir, name string) string {
	for _, c := range in.Changes {
		if path.Dir(c.Path) != dir || !strings.HasSuffix(c.Path, "_test.go") {
			continue
		}
		if src, err := in.Read(c.Path); err == nil && strings.Contains(string(src), "func "+name+"(") {
			return c.Path
		}
	}
	return ""
}

func orUnknown(s string) string {
	if s == "" {
		return "it did not run"
	}
	return "it reported " + s
}

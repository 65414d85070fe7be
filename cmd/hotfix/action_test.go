package main

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/sarifcheck"
)

// actionFile is the part of action.yml a composite action runs.
type actionFile struct {
	Name   string `yaml:"name"`
	Inputs map[string]struct {
		Description string `yaml:"description"`
		Default     string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
		Value       string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	Name             string            `yaml:"name"`
	ID               string            `yaml:"id"`
	If               string            `yaml:"if"`
	Uses             string            `yaml:"uses"`
	Shell            string            `yaml:"shell"`
	Run              string            `yaml:"run"`
	WorkingDirectory string            `yaml:"working-directory"`
	Env              map[string]string `yaml:"env"`
}

func readAction(t *testing.T) actionFile {
	t.Helper()
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return a
}

func (a actionFile) step(t *testing.T, name string) actionStep {
	t.Helper()
	for _, s := range a.Runs.Steps {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("action.yml has no step %q", name)
	return actionStep{}
}

// The verify command as the action's last step runs it.
var verifyLine = regexp.MustCompile(`(?m)^\s*(hotfix verify .*)$`)

// action.yml is a composite action with the documented inputs, and its
// verify step runs the command the README documents.
func TestActionMatchesREADME(t *testing.T) {
	a := readAction(t)
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q", a.Runs.Using)
	}
	for _, in := range []string{"version", "base", "rules", "coverage", "working-directory", "sarif"} {
		if _, ok := a.Inputs[in]; !ok {
			t.Errorf("no input %q", in)
		}
	}
	// The outputs are the verify step's, which the step writes.
	for _, out := range []string{"verdict", "sarif"} {
		if v := a.Outputs[out].Value; v != "${{ steps.verify.outputs."+out+" }}" {
			t.Errorf("output %q is %q", out, v)
		}
	}
	if a.step(t, "hotfix verify").ID != "verify" {
		t.Error("the verify step has no id verify")
	}
	if a.Inputs["version"].Default != "latest" {
		t.Errorf("version defaults to %q", a.Inputs["version"].Default)
	}
	m := verifyLine.FindStringSubmatch(a.step(t, "hotfix verify").Run)
	if m == nil {
		t.Fatal("the verify step does not run hotfix verify")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)
	if i := strings.Index(section, "## In CI"); i >= 0 {
		section = section[i:]
	} else {
		t.Fatal(`README.md has no "## In CI" section`)
	}
	// The README shows the command with the optional flags the inputs add.
	documented := "hotfix verify --format github [--base BASE] [--rules RULES] [--coverage FILE]"
	if !strings.Contains(section, documented) {
		t.Errorf("README's CI section does not document %q", documented)
	}
	if !strings.HasPrefix(m[1], "hotfix verify --format github ") {
		t.Errorf("the action runs %q, the README documents %q", m[1], documented)
	}
	for flag, input := range map[string]string{"--base": "HOTFIX_BASE", "--rules": "HOTFIX_RULES", "--coverage": "HOTFIX_COVERAGE"} {
		if !strings.Contains(a.step(t, "hotfix verify").Run, fmt.Sprintf(`args+=(%s "$%s")`, flag, input)) {
			t.Errorf("the verify step does not pass %s from %s", flag, input)
		}
	}
	for _, in := range []string{"version", "base", "rules", "coverage", "working-directory", "sarif", "verdict"} {
		if !strings.Contains(section, "`"+in+"`") {
			t.Errorf("README's CI section does not document the input or output %q", in)
		}
	}
	// The workflow: pull requests from hotfix/* branches only (and how to
	// check all), the whole history, the toolchain set up before
	// tests-pass runs, the SARIF uploaded to code scanning.
	for _, want := range []string{"uses: hotfix-dev/hotfix@v1", "fetch-depth: 0", "pull_request:",
		"if: startsWith(github.head_ref, 'hotfix/')", "every pull request", "actions/setup-go@v5",
		"github/codeql-action/upload-sarif@v3", "security-events: write", "sarif_file: ${{ steps.hotfix.outputs.sarif }}", "if: always()"} {
		if !strings.Contains(section, want) {
			t.Errorf("README's workflow example lacks %q", want)
		}
	}
}

// runner runs action.yml's steps the way a GitHub runner does: the inputs
// and github.action_path filled into each step's env, bash with RUNNER_TEMP
// and GITHUB_PATH, and the directories steps add to GITHUB_PATH on the PATH
// of the steps after them.
type runner struct {
	t      *testing.T
	action actionFile
	inputs map[string]string
	env    []string
	temp   string
	path   string // the GITHUB_PATH file
	output string // the GITHUB_OUTPUT file
}

// outputs reads the step outputs written to GITHUB_OUTPUT (name=value
// lines) and empties the file for the next step.
func (r *runner) outputs() map[string]string {
	r.t.Helper()
	data, err := os.ReadFile(r.output)
	if err != nil {
		r.t.Fatal(err)
	}
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			got[k] = v
		}
	}
	if err := os.WriteFile(r.output, nil, 0o644); err != nil {
		r.t.Fatal(err)
	}
	return got
}

func newRunner(t *testing.T, inputs map[string]string, env ...string) *runner {
	a := readAction(t)
	all := map[string]string{}
	for k, v := range a.Inputs {
		all[k] = v.Default
	}
	for k, v := range inputs {
		all[k] = v
	}
	temp := t.TempDir()
	r := &runner{t: t, action: a, inputs: all, temp: temp, path: filepath.Join(temp, "github_path"), output: filepath.Join(temp, "github_output")}
	for _, f := range []string{r.path, r.output} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GITHUB_") && !strings.HasPrefix(kv, "RUNNER_") && !strings.HasPrefix(kv, "CI=") {
			r.env = append(r.env, kv)
		}
	}
	r.env = append(r.env, "CI=true", "GITHUB_ACTIONS=true", "RUNNER_TEMP="+temp, "GITHUB_PATH="+r.path, "GITHUB_OUTPUT="+r.output)
	r.env = append(r.env, env...)
	return r
}

var expr = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

// fill evaluates the two expressions the action uses.
func (r *runner) fill(s string) string {
	root, _ := filepath.Abs("../..")
	return expr.ReplaceAllStringFunc(s, func(m string) string {
		e := expr.FindStringSubmatch(m)[1]
		switch {
		case e == "github.action_path":
			return root
		case strings.HasPrefix(e, "inputs."):
			v, ok := r.inputs[strings.TrimPrefix(e, "inputs.")]
			if !ok {
				r.t.Fatalf("action.yml uses the unknown input %s", e)
			}
			return v
		}
		r.t.Fatalf("action.yml uses an expression this test cannot evaluate: %s", m)
		return ""
	})
}

// run runs the named step in dir (the workspace) and returns its output and
// exit code.
func (r *runner) run(name, dir string) (string, int) {
	r.t.Helper()
	s := r.action.step(r.t, name)
	if s.Shell != "bash" {
		r.t.Fatalf("step %q runs in %q, not bash", name, s.Shell)
	}
	cmd := exec.Command("bash", "--noprofile", "--norc", "-c", s.Run)
	cmd.Dir = dir
	if wd := r.fill(s.WorkingDirectory); wd != "" {
		cmd.Dir = filepath.Join(dir, wd)
	}
	env := append([]string{}, r.env...)
	for k, v := range s.Env {
		env = append(env, k+"="+r.fill(v))
	}
	added, _ := os.ReadFile(r.path)
	path := os.Getenv("PATH")
	for _, d := range strings.Fields(string(added)) {
		path = d + string(os.PathListSeparator) + path
	}
	cmd.Env = append(env, "PATH="+path)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		r.t.Fatal(err)
	}
	return string(out), code
}

// prRepo is a clone on a hotfix branch whose commit changes Go code, as a
// pull request's checkout is, with main as the base on origin.
func prRepo(t *testing.T) *testutil.Repo {
	tr := testutil.NewRepo(t)
	tr.WriteFile("go.mod", "module example.com/shop\n\ngo 1.22\n")
	tr.WriteFile("cart/cart.go", "// Package cart holds the cart.\npackage cart\n\n// Total is the sum.\nfunc Total(xs []int) int { return 0 }\n")
	tr.WriteFile("cart/cart_test.go", "package cart\n")
	tr.Commit("cart")
	tr.WithOrigin()
	tr.Git("checkout", "-q", "-b", "hotfix/total")
	tr.WriteFile("cart/cart.go", "// Package cart holds the cart.\npackage cart\n\n// Total is the sum of xs.\nfunc Total(xs []int) int {\n\tt := 0\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn t\n}\n")
	tr.Commit("fix Total")
	return tr
}

// The action built from source refuses a pull request whose code changed
// without its test, annotating the file, and passes it once the test is
// there; the inputs reach hotfix verify.
func TestActionFromSource(t *testing.T) {
	if testing.Short() {
		t.Skip("builds hotfix as the action does")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	r := newRunner(t, map[string]string{"version": "source", "rules": "tests-touched,docs-touched"}, "GITHUB_BASE_REF=main")
	if s := r.action.step(t, "Set up Go to build hotfix from source"); s.If != "inputs.version == 'source'" || !strings.HasPrefix(s.Uses, "actions/setup-go@") {
		t.Fatalf("the Go set-up step: %+v", s)
	}
	out, code := r.run("Install hotfix", t.TempDir())
	if code != 0 || !strings.Contains(out, "hotfix ") {
		t.Fatalf("install from source: exit %d\n%s", code, out)
	}

	tr := prRepo(t)
	out, code = r.run("hotfix verify", tr.Dir)
	if code != 1 || !strings.Contains(out, "::error file=cart/cart.go") || !strings.Contains(out, "tests-touched") {
		t.Fatalf("a change without its test: exit %d\n%s", code, out)
	}
	if got := r.outputs(); got["verdict"] != "failed" || got["sarif"] != "" {
		t.Fatalf("outputs of a failed verdict: %v", got)
	}
	// The report the action wrote for itself validates as verify's SARIF
	// does, and holds the finding.
	if sarif := validSARIF(t, filepath.Join(r.temp, "hotfix-verify.sarif")); !strings.Contains(sarif, "cart/cart.go") {
		t.Fatalf("the failed verdict's SARIF lacks the finding:\n%s", sarif)
	}
	tr.WriteFile("cart/cart_test.go", "package cart\n\nimport \"testing\"\n\nfunc TestTotal(t *testing.T) {\n\tif Total([]int{1, 2}) != 3 {\n\t\tt.Fatal()\n\t}\n}\n")
	tr.Commit("test Total")
	r.inputs["sarif"] = "hotfix.sarif"
	out, code = r.run("hotfix verify", tr.Dir)
	if code != 0 {
		t.Fatalf("with the test: exit %d\n%s", code, out)
	}
	if got := r.outputs(); got["verdict"] != "passed" || got["sarif"] != "hotfix.sarif" {
		t.Fatalf("outputs of a passed verdict: %v", got)
	}
	validSARIF(t, filepath.Join(tr.Dir, "hotfix.sarif"))

	// The base input wins over GITHUB_BASE_REF; an unknown one is a clear error.
	r.inputs["base"] = "origin/nope"
	out, code = r.run("hotfix verify", tr.Dir)
	if code == 0 || !strings.Contains(out, `unknown base "origin/nope"`) {
		t.Fatalf("base input: exit %d\n%s", code, out)
	}
	if got := r.outputs(); got["verdict"] != "error" || got["sarif"] != "" {
		t.Fatalf("outputs of an error: %v", got)
	}
}

// The action downloads the release archive for the runner, checks it
// against checksums.txt, and puts hotfix on the PATH; a tampered archive or
// a missing version stops it with a clear error.
func TestActionFromRelease(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "tar"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	if _, err := exec.LookPath("sha256sum"); err != nil {
		if _, err := exec.LookPath("shasum"); err != nil {
			t.Skip("neither sha256sum nor shasum is installed")
		}
	}
	runnerOS := map[string]string{"linux": "Linux", "darwin": "macOS"}[runtime.GOOS]
	runnerArch := map[string]string{"amd64": "X64", "arm64": "ARM64"}[runtime.GOARCH]
	if runnerOS == "" || runnerArch == "" {
		t.Skipf("no release archive for %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	name := fmt.Sprintf("hotfix_%s_%s.tar.gz", runtime.GOOS, runtime.GOARCH)
	archive := tarGz(t, "hotfix", testutil.BuildBinary(t, "."))
	sum := fmt.Sprintf("%x  %s\n", sha256.Sum256(archive), name)
	files := map[string][]byte{
		"/releases/download/v1.4.2/" + name:       archive,
		"/releases/download/v1.4.2/checksums.txt": []byte(sum),
		"/releases/latest/download/" + name:       archive,
		"/releases/latest/download/checksums.txt": []byte(sum),
		"/releases/download/v1.4.3/" + name:       append(append([]byte{}, archive...), 0),
		"/releases/download/v1.4.3/checksums.txt": []byte(sum),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		data, ok := files[req.URL.Path]
		if !ok {
			http.NotFound(w, req)
			return
		}
		w.Write(data)
	}))
	defer srv.Close()
	env := []string{"RUNNER_OS=" + runnerOS, "RUNNER_ARCH=" + runnerArch, "HOTFIX_RELEASES_URL=" + srv.URL + "/releases"}

	for _, version := range []string{"latest", "1.4.2", "v1.4.2"} {
		r := newRunner(t, map[string]string{"version": version}, env...)
		out, code := r.run("Install hotfix", t.TempDir())
		if code != 0 || !strings.Contains(out, "hotfix ") || !strings.Contains(out, ": OK") {
			t.Fatalf("version %s: exit %d\n%s", version, code, out)
		}
		path, _ := os.ReadFile(r.path)
		if _, err := os.Stat(filepath.Join(strings.TrimSpace(string(path)), "hotfix")); err != nil {
			t.Fatalf("version %s: hotfix is not in the GITHUB_PATH directory: %v", version, err)
		}
	}
	r := newRunner(t, map[string]string{"version": "1.4.3"}, env...)
	if out, code := r.run("Install hotfix", t.TempDir()); code == 0 || !strings.Contains(out, "FAILED") {
		t.Fatalf("a tampered archive: exit %d\n%s", code, out)
	}
	if path, _ := os.ReadFile(r.path); len(path) != 0 {
		t.Fatal("a tampered archive was put on the PATH")
	}
	r = newRunner(t, map[string]string{"version": "9.9.9"}, env...)
	if out, code := r.run("Install hotfix", t.TempDir()); code == 0 || !strings.Contains(out, `::error::cannot download`) || !strings.Contains(out, `"9.9.9" a hotfix release?`) {
		t.Fatalf("a missing version: exit %d\n%s", code, out)
	}
}

// validSARIF reads the SARIF file at path, checks it with the validator
// verify's own SARIF tests use (sarifcheck), and returns it.
func validSARIF(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no SARIF report: %v", err)
	}
	var doc interface{}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if errs := sarifcheck.Validate(doc); len(errs) > 0 {
		t.Fatalf("%s does not validate:\n%s", path, strings.Join(errs, "\n"))
	}
	return string(data)
}

// tarGz packs the file at path as name, executable, as goreleaser does.
func tarGz(t *testing.T, name, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "a.tar.gz")
	out, err := os.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	gz := gzip.NewWriter(out)
	tw := tar.NewWriter(gz)
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o755, Size: int64(len(data))}); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

package complete_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/complete"
	"github.com/hotfix-dev/hotfix/internal/hotfixcmd"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Every value-taking flag of every command declares how it is completed,
// next to its definition (complete.Flag or complete.Choices in its NewCmd):
// a new flag cannot silently fall back to completing file names. The same
// flag name means the same thing in every command.
func TestEveryFlagIsKnown(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	root := hotfixcmd.NewRootCmd(&cmdutil.Factory{IOStreams: ios})
	var unknown []string
	kinds := map[string]complete.Kind{}
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		declared := complete.Declared(cmd)
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Value.Type() == "bool" || f.Name == "help" {
				return
			}
			k, ok := declared[f.Name]
			if !ok {
				unknown = append(unknown, cmd.CommandPath()+" --"+f.Name)
				return
			}
			if prev, seen := kinds[f.Name]; seen && prev != k {
				t.Errorf("%s --%s completes %v, elsewhere %v: one name, one meaning", cmd.CommandPath(), f.Name, k, prev)
			}
			kinds[f.Name] = k
		})
		for _, c := range cmd.Commands() {
			walk(c)
		}
	}
	walk(root)
	if len(unknown) > 0 {
		t.Fatalf("flags that declare no completion (add complete.Flag in the command's NewCmd, FreeText if nothing can be offered): %s", strings.Join(unknown, ", "))
	}
}

// candidates runs `hotfix __complete args...` in the repository and returns
// the offered values (without descriptions) and the directive line.
func candidates(t *testing.T, dir string, args ...string) ([]string, string) {
	t.Helper()
	res := testutil.CLI{Dir: dir}.Run(t, append([]string{"__complete"}, args...)...)
	if res.Code != 0 {
		t.Fatalf("__complete %v: exit %d: %s", args, res.Code, res.Err)
	}
	var out []string
	lines := strings.Split(strings.TrimSpace(res.Out), "\n")
	for _, l := range lines[:len(lines)-1] {
		v, _, _ := strings.Cut(l, "\t")
		out = append(out, v)
	}
	return out, lines[len(lines)-1]
}

func TestDynamicValues(t *testing.T) {
	tr := testutil.NewRepo(t).WithOrigin()
	tr.WriteFile(".hotfix.yaml", `version: 1
severities:
  - {name: P1, meaning: "everything is down"}
  - {name: P2, meaning: "something is down"}
`)
	tr.Commit("policy")
	tr.Tag("v1.2.0")
	tr.Git("tag", "not-a-release")
	tr.Git("branch", "release/1.2")
	tr.Git("push", "-q", "origin", "main", "release/1.2")
	tr.Git("branch", "-D", "release/1.2") // only remote-tracking now
	res := testutil.CLI{Dir: tr.Dir}.Run(t, "start", "--no-input", "--title", "Login loop", "--severity", "P1")
	if res.Code != 0 {
		t.Fatalf("start: %s", res.Err)
	}
	id := "2026-11-22-login-loop"

	got, dir := candidates(t, tr.Dir, "status", "")
	if strings.Join(got, " ") != id || dir != ":4" {
		t.Fatalf("status ids = %v %s", got, dir)
	}
	full := testutil.CLI{Dir: tr.Dir}.Run(t, "__complete", "status", "").Out
	if !strings.Contains(full, id+"\tLogin loop (investigating)") {
		t.Fatalf("the id's description is its title and phase:\n%s", full)
	}
	if got, _ := candidates(t, tr.Dir, "status", id, ""); len(got) != 0 {
		t.Fatalf("status takes one id, offered %v", got)
	}
	if got, _ := candidates(t, tr.Dir, "update", "--id", ""); strings.Join(got, " ") != id {
		t.Fatalf("update --id = %v", got)
	}
	if got, _ := candidates(t, tr.Dir, "start", "--severity", ""); strings.Join(got, " ") != "P1 P2" {
		t.Fatalf("severities come from the policy: %v", got)
	}
	got, dir = candidates(t, tr.Dir, "verify", "--rules", "tests-touched,")
	if strings.Join(got, " ") != "tests-touched,docs-touched tests-touched,tests-pass tests-touched,coverage tests-touched,repro" || dir != ":6" {
		t.Fatalf("rules = %v %s", got, dir)
	}
	if got, _ := candidates(t, tr.Dir, "pr", "--waive", ""); len(got) != 5 || got[0] != "tests-touched=" {
		t.Fatalf("waive = %v", got)
	}
	got, _ = candidates(t, tr.Dir, "pr", "--backport", "")
	sort.Strings(got)
	if strings.Join(got, " ") != "hotfix/v1.2.0-login-loop main release/1.2" {
		t.Fatalf("branches (local and remote-tracking) = %v", got)
	}
	if got, _ := candidates(t, tr.Dir, "triage", "suspects", "--good", ""); !contains(got, "v1.2.0") || !contains(got, "not-a-release") || !contains(got, "main") {
		t.Fatalf("refs are branches and tags: %v", got)
	}
	if got, _ := candidates(t, tr.Dir, "start", "--version", ""); strings.Join(got, " ") != "v1.2.0" {
		t.Fatalf("--version offers release tags only: %v", got)
	}
	if got, _ := candidates(t, tr.Dir, "update", "--status", ""); len(got) != 5 || got[0] != "investigating" ||
		strings.Join(got, " ") != strings.Join(record.UpdateStatuses, " ") {
		t.Fatalf("update --status = %v", got)
	}
	if got, _ := candidates(t, tr.Dir, "verify", "--format", ""); strings.Join(got, " ") != "text json github sarif" {
		t.Fatalf("formats = %v", got)
	}
	for args, want := range map[string]string{
		"start --detected":         "manual automatic",
		"init --flow":              "gitflow trunk release-branches",
		"verify --coverage-format": "auto go lcov cobertura",
	} {
		if got, dir := candidates(t, tr.Dir, append(strings.Fields(args), "")...); strings.Join(got, " ") != want || dir != ":4" {
			t.Fatalf("%s = %v %s, want %s", args, got, dir, want)
		}
	}
	if _, dir := candidates(t, tr.Dir, "--repo", ""); dir != ":16" {
		t.Fatalf("--repo completes directories: %s", dir)
	}
	if _, dir := candidates(t, tr.Dir, "start", "--answers", ""); dir != ":0" {
		t.Fatalf("files are completed by the shell: %s", dir)
	}
	if _, dir := candidates(t, tr.Dir, "start", "--title", ""); dir != ":4" {
		t.Fatalf("free text completes nothing, not files: %s", dir)
	}
	if _, dir := candidates(t, tr.Dir, "triage", "logs", "--json", ""); dir != ":0" {
		t.Fatalf("log files are completed by the shell: %s", dir)
	}
}

// Outside a repository, or with a broken policy, completion offers nothing
// and says nothing: a shell completion must never print an error.
func TestNothingOutsideARepository(t *testing.T) {
	dir := t.TempDir()
	if got, d := candidates(t, dir, "status", ""); len(got) != 0 || d != ":4" {
		t.Fatalf("outside a repository: %v %s", got, d)
	}
	tr := testutil.NewRepo(t)
	tr.WriteFile(".hotfix.yaml", "version: 1\nnonsense: true\n")
	if got, _ := candidates(t, tr.Dir, "start", "--severity", ""); len(got) != 0 {
		t.Fatalf("broken policy: %v", got)
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

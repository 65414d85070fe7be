package completion_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// TestMain runs the tests, then deletes the hotfix binary they built.
func TestMain(m *testing.M) {
	code := m.Run()
	testutil.RemoveBinaries()
	os.Exit(code)
}

// completeScript loads the script the way the README says and asks bash's
// completion function for the words of line, as readline would on Tab.
const completeScript = `source <(hotfix completion bash) || exit 9
COMP_LINE=$1; COMP_POINT=${#COMP_LINE}
read -r -a COMP_WORDS <<< "$COMP_LINE"
[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
__start_hotfix
printf '%s\n' "${COMPREPLY[@]}"
`

// bashComplete runs bash in dir with the real binary first on PATH.
func bashComplete(t *testing.T, bin, dir, line string) []string {
	t.Helper()
	cmd := exec.Command("bash", "--norc", "--noprofile", "-c", completeScript, "bash", line)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bash completing %q: %v\n%s", line, err, out)
	}
	return strings.Fields(string(out))
}

// The bash script loads in a bare bash (no bash-completion package) and
// completes commands, hotfix ids from the repository and severities.
func TestBashCompletesAHotfixID(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	hf := testutil.BuildBinary(t, "../../../cmd/hotfix")
	bin := filepath.Join(t.TempDir(), "hotfix")
	if err := os.Symlink(hf, bin); err != nil {
		t.Fatal(err)
	}
	tr := testutil.NewRepo(t)
	tr.Tag("v1.0.0")
	if res := (testutil.CLI{Dir: tr.Dir}).Run(t, "start", "--no-input", "--title", "Checkout times out", "--severity", "SEV2"); res.Code != 0 {
		t.Fatalf("start: %s", res.Err)
	}

	load := exec.Command("bash", "--norc", "--noprofile", "-c", "source <(hotfix completion bash)")
	load.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	if out, err := load.CombinedOutput(); err != nil || len(out) != 0 {
		t.Fatalf("loading the script: %v %q", err, out)
	}
	if got := bashComplete(t, bin, tr.Dir, "hotfix status "); strings.Join(got, " ") != "2026-11-22-checkout-times-out" {
		t.Fatalf("hotfix status <Tab> = %q", got)
	}
	if got := bashComplete(t, bin, tr.Dir, "hotfix update --id 2026"); strings.Join(got, " ") != "2026-11-22-checkout-times-out" {
		t.Fatalf("hotfix update --id 2026<Tab> = %q", got)
	}
	if got := bashComplete(t, bin, tr.Dir, "hotfix start --severity SEV"); strings.Join(got, " ") != "SEV1 SEV2 SEV3 SEV4" {
		t.Fatalf("severities = %q", got)
	}
	if got := bashComplete(t, bin, tr.Dir, "hotfix sta"); strings.Join(got, " ") != "start status" {
		t.Fatalf("commands = %q", got)
	}
	if got := bashComplete(t, bin, tr.Dir, "hotfix completion "); strings.Join(got, " ") != "bash zsh fish powershell" {
		t.Fatalf("shells = %q", got)
	}
}

// Every shell gets a script that calls back into hotfix for values; zsh and
// fish check the syntax when they are installed.
func TestEveryShell(t *testing.T) {
	tr := testutil.NewRepo(t)
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		res := testutil.CLI{Dir: tr.Dir}.Run(t, "completion", sh)
		if res.Code != 0 || !strings.Contains(res.Out, "__complete") || !strings.Contains(res.Out, "hotfix") {
			t.Fatalf("%s: exit %d, %d bytes: %s", sh, res.Code, len(res.Out), res.Err)
		}
		if sh == "bash" && !strings.Contains(res.Out, "declare -F _get_comp_words_by_ref") {
			t.Fatal("the bash script lost its fallback for shells without bash-completion (cobra's output changed?)")
		}
		check := map[string][]string{"zsh": {"zsh", "-n"}, "fish": {"fish", "--no-execute"}}[sh]
		if check == nil {
			continue
		}
		if _, err := exec.LookPath(check[0]); err != nil {
			continue
		}
		f := filepath.Join(t.TempDir(), "script")
		if err := os.WriteFile(f, []byte(res.Out), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(check[0], append(check[1:], f)...).CombinedOutput(); err != nil {
			t.Fatalf("%s rejects its script: %v\n%s", sh, err, out)
		}
	}
	res := testutil.CLI{Dir: tr.Dir}.Run(t, "completion", "ksh")
	if res.Code != 2 || !strings.Contains(res.Err, `unknown shell "ksh"`) {
		t.Fatalf("unknown shell: %d %s", res.Code, res.Err)
	}
	// Without a shell: what to type, not cobra's "accepts 1 arg(s)".
	if res := (testutil.CLI{Dir: tr.Dir}).Run(t, "completion"); res.Code != 2 || !strings.Contains(res.Err, "name one shell: hotfix completion bash|zsh|fish|powershell") || strings.Contains(res.Err, "accepts 1 arg") {
		t.Fatalf("no shell: %d %s", res.Code, res.Err)
	}
}

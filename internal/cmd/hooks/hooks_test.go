package hooks_test

import (
	"bytes"
	"github.com/hotfix-dev/hotfix/internal/git"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmd/hooks"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

const shopGo = `package shop

// Total sums the prices.
func Total(prices []int) int {
	t := 0
	for _, p := range prices {
		t += p
	}
	return t
}
`

const shopTest = `package shop

import "testing"

func TestTotal(t *testing.T) {
	if Total([]int{1, 2}) != 3 {
		t.Fatal("wrong total")
	}
}
`

// cli runs `hotfix hooks ...` in-process through the root command, with
// stdin as git gives it to the hook.
type cli struct {
	Dir    string
	PureGo bool
}

func (c cli) run(t *testing.T, stdin string, args ...string) testutil.Result {
	t.Helper()
	return testutil.CLI{Dir: c.Dir, PureGo: c.PureGo, Stdin: stdin}.Run(t, args...)
}

// shopRepo is a Go module released as v1.0.0 on main whose policy checks
// tests-touched and docs-touched (no test run), with an origin.
func shopRepo(t *testing.T) *testutil.Repo {
	t.Helper()
	r := testutil.NewRepo(t)
	r.WriteFile("go.mod", "module example.com/shop\n\ngo 1.21\n")
	r.WriteFile("shop/shop.go", shopGo)
	r.WriteFile("shop/shop_test.go", shopTest)
	r.WriteFile(".hotfix.yaml", "version: 1\nverify:\n  rules: [tests-touched, docs-touched]\n")
	r.Commit("release")
	r.Tag("v1.0.0")
	return r.WithOrigin()
}

// startHotfix runs `hotfix start` through the CLI and commits the record,
// returning the hotfix branch, checked out.
func startHotfix(t *testing.T, r *testutil.Repo) string {
	t.Helper()
	res := testutil.CLI{Dir: r.Dir}.Run(t, "start", "--no-input", "--title", "Discount is wrong", "--severity", "SEV2")
	if res.Code != 0 {
		t.Fatalf("start: exit %d\n%s%s", res.Code, res.Out, res.Err)
	}
	r.Commit("record the incident")
	return r.Git("symbolic-ref", "--short", "HEAD")
}

// untestedFix commits a documented Discount without a test: verify fails
// tests-touched.
func untestedFix(r *testutil.Repo) {
	r.WriteFile("shop/shop.go", shopGo+"\n// Discount halves a price.\nfunc Discount(p int) int { return p / 2 }\n")
	r.Commit("add discount")
}

// addTest commits the test that makes the fix pass verify.
func addTest(r *testutil.Repo) {
	r.WriteFile("shop/shop_test.go", shopTest+"\nfunc TestDiscount(t *testing.T) {\n\tif Discount(4) != 2 {\n\t\tt.Fatal()\n\t}\n}\n")
	r.Commit("test discount")
}

func hookPath(r *testutil.Repo) string { return filepath.Join(r.Dir, ".git", "hooks", "pre-push") }

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func write(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
}

func absent(t *testing.T, p string) {
	t.Helper()
	if _, err := os.Lstat(p); !os.IsNotExist(err) {
		t.Fatalf("%s exists (%v)", p, err)
	}
}

func mustRun(t *testing.T, res testutil.Result, code int, want ...string) {
	t.Helper()
	if res.Code != code {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", res.Code, code, res.Out, res.Err)
	}
	for _, w := range want {
		if !strings.Contains(res.Out+res.Err, w) {
			t.Errorf("output lacks %q\nstdout:\n%s\nstderr:\n%s", w, res.Out, res.Err)
		}
	}
}

// Flag parsing is tested with no I/O: runF captures the options.
func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		want    hooks.Options
		wantErr string
	}{
		{args: []string{"install"}, want: hooks.Options{Action: hooks.ActionInstall}},
		{args: []string{"install", "--force"}, want: hooks.Options{Action: hooks.ActionInstall, Force: true}},
		{args: []string{"uninstall"}, want: hooks.Options{Action: hooks.ActionUninstall}},
		{args: []string{"pre-push", "origin", "https://example.com/shop.git"}, want: hooks.Options{Action: hooks.ActionPrePush, Remote: "origin", URL: "https://example.com/shop.git"}},
		{args: []string{"pre-push"}, want: hooks.Options{Action: hooks.ActionPrePush}},
		{args: []string{"uninstall", "--force"}, wantErr: "unknown flag: --force"},
		{args: []string{"install", "extra"}, wantErr: `unknown command "extra"`},
		{args: []string{"pre-push", "a", "b", "c"}, wantErr: "accepts at most 2 arg(s)"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			f := &cmdutil.Factory{IOStreams: ios, DryRun: true}
			var got *hooks.Options
			cmd := hooks.NewCmd(f, func(o *hooks.Options) error { got = o; return nil })
			cmd.SetArgs(tc.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got == nil || got.Action != tc.want.Action || got.Force != tc.want.Force || got.Remote != tc.want.Remote || got.URL != tc.want.URL {
				t.Fatalf("options %+v, want %+v", got, tc.want)
			}
			if !got.DryRun || got.IO != ios || got.OpenRepo == nil || got.LoadConfig == nil {
				t.Fatal("dependencies or --dry-run not copied from the factory")
			}
		})
	}
	cmd := hooks.NewCmd(&cmdutil.Factory{}, nil)
	if c, _, err := cmd.Find([]string{"pre-push"}); err != nil || !c.Hidden {
		t.Fatal("pre-push is not a hidden subcommand")
	}
}

// The script is POSIX sh that hands git's arguments and stdin to
// `hotfix hooks pre-push`, carries the marker, and explains how to bypass.
func TestScript(t *testing.T) {
	if !strings.HasPrefix(hooks.Script, "#!/bin/sh\n"+hooks.Marker+"\n") || !hooks.HasMarker([]byte(hooks.Script)) {
		t.Fatalf("script header:\n%s", hooks.Script)
	}
	// The git layer knows the hook as hotfix's: pushes hotfix makes skip it
	// (pr runs the same check itself), other pre-push hooks run.
	if !git.IsHotfixHook([]byte(hooks.Script)) {
		t.Fatal("git.IsHotfixHook does not recognise the script")
	}
	for _, want := range []string{`exec "$HOTFIX" hooks pre-push "$@"`, "HOTFIX_BIN", "command -v", "git push --no-verify"} {
		if !strings.Contains(hooks.Script, want) {
			t.Errorf("script lacks %q", want)
		}
	}
	if hooks.HasMarker([]byte("#!/bin/sh\necho '" + hooks.Marker + "'\n")) {
		t.Error("a marker inside another line counts")
	}
}

// Install writes an executable hook carrying the marker, atomically (no
// temporary file left), with both backends; installing again is a no-op;
// uninstall removes it.
func TestInstallAndUninstall(t *testing.T) {
	for _, pure := range []bool{false, true} {
		t.Run(map[bool]string{false: "git", true: "go"}[pure], func(t *testing.T) {
			r := testutil.NewRepo(t)
			c := cli{Dir: r.Dir, PureGo: pure}
			mustRun(t, c.run(t, "", "hooks", "install"), 0, "Installed the pre-push hook at .git/hooks/pre-push", "git push --no-verify")
			p := hookPath(r)
			if read(t, p) != hooks.Script {
				t.Fatalf("hook content:\n%s", read(t, p))
			}
			fi, err := os.Stat(p)
			if err != nil || fi.Mode().Perm() != 0o755 {
				t.Fatalf("hook mode %v %v", fi.Mode(), err)
			}
			entries, _ := os.ReadDir(filepath.Dir(p))
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp-") {
					t.Fatalf("temporary file left: %s", e.Name())
				}
			}
			mustRun(t, c.run(t, "", "hooks", "install"), 0, "is installed and up to date")

			// An older version of our hook is updated in place.
			write(t, p, "#!/bin/sh\n"+hooks.Marker+"\nexec hotfix hooks pre-push \"$@\"\n")
			mustRun(t, c.run(t, "", "hooks", "install"), 0, "Updated the pre-push hook")
			if read(t, p) != hooks.Script {
				t.Fatal("our old hook was not updated")
			}

			mustRun(t, c.run(t, "", "hooks", "uninstall"), 0, "Removed hotfix's pre-push hook .git/hooks/pre-push")
			absent(t, p)
			mustRun(t, c.run(t, "", "hooks", "uninstall"), 0, "nothing to uninstall")
		})
	}
}

// A hook hotfix did not write is never overwritten or deleted: install
// refuses it (exit 1, naming the file and both ways out); --force moves it
// aside and installs, but never over an earlier backup; uninstall puts it
// back; uninstall refuses a foreign hook.
func TestForeignHook(t *testing.T) {
	r := testutil.NewRepo(t)
	c := cli{Dir: r.Dir}
	p := hookPath(r)
	backup := p + ".hotfix-backup"
	const foreign = "#!/bin/sh\n# the team's own checks\nexec make lint\n"
	write(t, p, foreign)

	res := c.run(t, "", "hooks", "install")
	mustRun(t, res, 1, ".git/hooks/pre-push already exists and was not installed by hotfix", "merge it by hand", "--force")
	if read(t, p) != foreign {
		t.Fatal("the foreign hook was changed")
	}
	absent(t, backup)

	res = c.run(t, "", "hooks", "uninstall")
	mustRun(t, res, 1, ".git/hooks/pre-push was not installed by hotfix; it was left unchanged")
	if read(t, p) != foreign {
		t.Fatal("uninstall changed the foreign hook")
	}

	mustRun(t, c.run(t, "", "--dry-run", "hooks", "install", "--force"), 0, "Would move the existing pre-push hook .git/hooks/pre-push to .git/hooks/pre-push.hotfix-backup")
	if read(t, p) != foreign {
		t.Fatal("--dry-run changed the hook")
	}
	absent(t, backup)

	mustRun(t, c.run(t, "", "hooks", "install", "--force"), 0, "Moved the existing pre-push hook to .git/hooks/pre-push.hotfix-backup", "Installed")
	if read(t, backup) != foreign || read(t, p) != hooks.Script {
		t.Fatalf("after --force: hook\n%s\nbackup\n%s", read(t, p), read(t, backup))
	}
	if fi, _ := os.Stat(backup); fi.Mode().Perm() != 0o755 {
		t.Fatalf("backup mode %v", fi.Mode())
	}
	// Reinstalling over ours keeps the backup.
	mustRun(t, c.run(t, "", "hooks", "install", "--force"), 0, "up to date")
	if read(t, backup) != foreign {
		t.Fatal("backup changed")
	}

	mustRun(t, c.run(t, "", "hooks", "uninstall"), 0, "restored the previous one from .git/hooks/pre-push.hotfix-backup")
	if read(t, p) != foreign {
		t.Fatal("the foreign hook was not restored")
	}
	absent(t, backup)

	// A second foreign hook with a backup already there: --force refuses.
	write(t, backup, "#!/bin/sh\n# an older backup\n")
	mustRun(t, c.run(t, "", "hooks", "install", "--force"), 1, "cannot move .git/hooks/pre-push aside: .git/hooks/pre-push.hotfix-backup already exists")
	if read(t, p) != foreign || read(t, backup) != "#!/bin/sh\n# an older backup\n" {
		t.Fatal("a refused --force changed a file")
	}
}

// --dry-run prints the script and where it would go, and changes nothing,
// for install and uninstall.
func TestDryRun(t *testing.T) {
	r := testutil.NewRepo(t)
	c := cli{Dir: r.Dir}
	before := r.State()
	res := c.run(t, "", "--dry-run", "hooks", "install")
	mustRun(t, res, 0, "Dry run: nothing was changed.", "Would write .git/hooks/pre-push (mode 0755) with:", hooks.Script)
	absent(t, hookPath(r))
	if r.State() != before {
		t.Fatal("the repository changed")
	}
	mustRun(t, c.run(t, "", "hooks", "install"), 0)
	mustRun(t, c.run(t, "", "--dry-run", "hooks", "uninstall"), 0, "Would remove hotfix's pre-push hook .git/hooks/pre-push")
	if read(t, hookPath(r)) != hooks.Script {
		t.Fatal("--dry-run uninstall changed the hook")
	}
}

// With core.hooksPath the hook goes where git looks for it; from a linked
// work tree it goes to the main repository's hooks, which git shares.
func TestHooksPathAndWorktree(t *testing.T) {
	r := testutil.NewRepo(t)
	r.Git("config", "core.hooksPath", ".githooks")
	mustRun(t, cli{Dir: r.Dir}.run(t, "", "hooks", "install"), 0, "Installed the pre-push hook at .githooks/pre-push")
	if read(t, filepath.Join(r.Dir, ".githooks", "pre-push")) != hooks.Script {
		t.Fatal("no hook in core.hooksPath")
	}
	absent(t, hookPath(r))

	r.Git("config", "--unset", "core.hooksPath")
	wt := filepath.Join(t.TempDir(), "wt")
	r.Git("worktree", "add", "-q", "-b", "side", wt)
	mustRun(t, cli{Dir: wt}.run(t, "", "hooks", "install"), 0, "Installed the pre-push hook at ")
	if read(t, hookPath(r)) != hooks.Script {
		t.Fatal("the linked work tree's hook is not in the main repository's hooks")
	}
}

func TestParsePushedRefs(t *testing.T) {
	zero := strings.Repeat("0", 40)
	in := "refs/heads/a 1111111111111111111111111111111111111111 refs/heads/a " + zero + "\n" +
		"\n" + "garbage\n" +
		"(delete) " + zero + " refs/heads/old 2222222222222222222222222222222222222222\n"
	refs, err := hooks.ParsePushedRefs(strings.NewReader(in))
	if err != nil || len(refs) != 2 {
		t.Fatalf("%+v %v", refs, err)
	}
	if refs[0].LocalRef != "refs/heads/a" || refs[0].RemoteRef != "refs/heads/a" || refs[0].Deletion() {
		t.Fatalf("%+v", refs[0])
	}
	if !refs[1].Deletion() || refs[1].RemoteSHA != strings.Repeat("2", 40) {
		t.Fatalf("%+v", refs[1])
	}
}

// The hook's verify runs the test command with the shell, as `hotfix
// verify` does: a failing test command stops the push, with its output.
func TestPrePushRunsTheTestCommand(t *testing.T) {
	r := shopRepo(t)
	branch := startHotfix(t, r)
	// The team's policy on main governs the hook, not the branch's copy.
	r.TeamPolicy("version: 1\nverify:\n  rules: [tests-pass]\n  tests_pass: {command: \"echo from the hook; exit 3\", timeout: 1m}\n")
	r.WriteFile("shop/shop.go", shopGo+"\n")
	r.Commit("a change to check")
	head := r.Git("rev-parse", "HEAD")
	stdin := "refs/heads/" + branch + " " + head + " refs/heads/" + branch + " " + strings.Repeat("0", 40) + "\n"
	res := cli{Dir: r.Dir}.run(t, stdin, "hooks", "pre-push", "origin", r.Origin)
	mustRun(t, res, 1,
		"FAILED   tests-pass", "`echo from the hook; exit 3` failed (exit 3)", "| from the hook",
		"push stopped: "+branch+" does not pass hotfix verify")
	// The governing policy is read once: one notice that the branch's copy
	// differs, not one per reader.
	if n := strings.Count(res.Err, "policy: the work tree's .hotfix.yaml differs"); n != 1 {
		t.Errorf("%d policy notices, want 1:\n%s", n, res.Err)
	}
}

// The hidden pre-push command, fed what git writes to the hook: the
// checked-out hotfix branch is verified and a failure stops the push with
// the way out; a passing fix, other branches, deletions and an empty stdin
// go through. Everything goes to stderr.
func TestPrePush(t *testing.T) {
	r := shopRepo(t)
	branch := startHotfix(t, r)
	untestedFix(r)
	head := r.Git("rev-parse", "HEAD")
	zero := strings.Repeat("0", 40)
	c := cli{Dir: r.Dir}
	line := func(local string) string {
		return local + " " + head + " refs/heads/" + branch + " " + zero + "\n"
	}

	before := r.State()
	for _, local := range []string{"refs/heads/" + branch, "HEAD"} {
		res := c.run(t, line(local), "hooks", "pre-push", "origin", r.Origin)
		mustRun(t, res, 1, "checking "+branch+" before the push", "FAILED   tests-touched",
			"push stopped: "+branch+" does not pass hotfix verify", "git push --no-verify")
		if res.Out != "" {
			t.Errorf("stdout is not empty:\n%s", res.Out)
		}
	}
	if r.State() != before {
		t.Fatalf("pre-push changed the repository (the record must not be updated):\n%s", r.State())
	}

	// Not the checked-out branch, a deletion, nothing at all: let through.
	for _, stdin := range []string{
		"refs/heads/main " + head + " refs/heads/main " + zero + "\n",
		"(delete) " + zero + " refs/heads/" + branch + " " + head + "\n",
		"",
	} {
		res := c.run(t, stdin, "hooks", "pre-push", "origin", r.Origin)
		mustRun(t, res, 0)
		if res.Out != "" || res.Err != "" {
			t.Errorf("stdin %q printed:\n%s%s", stdin, res.Out, res.Err)
		}
	}

	addTest(r)
	head = r.Git("rev-parse", "HEAD")
	mustRun(t, c.run(t, line("refs/heads/"+branch), "hooks", "pre-push", "origin", r.Origin), 0, "PASSED   tests-touched")

	// A branch without a record is not checked, whatever it holds.
	r.Git("checkout", "-q", "-b", "feature", "main")
	untestedFix(r)
	head = r.Git("rev-parse", "HEAD")
	res := c.run(t, "refs/heads/feature "+head+" refs/heads/feature "+zero+"\n", "hooks", "pre-push", "origin", r.Origin)
	mustRun(t, res, 0)
	if res.Err != "" {
		t.Errorf("a plain branch printed:\n%s", res.Err)
	}
}

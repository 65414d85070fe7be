package main

// End-to-end tests of the interactive `hotfix start`: the real binary runs
// with its stdin, stdout and stderr on the slave side of a pseudo-terminal,
// so terminal detection, raw mode and the survey prompts are all real. As in
// survey's own tests, go-expect reads the program's output into a virtual
// terminal (vt10x) and types keys; unlike them, the test passes the virtual
// terminal's answers to survey's cursor queries on itself, at the moment a
// real terminal would, so that no keystroke races with them (see
// ptySession).

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	expect "github.com/Netflix/go-expect"
	"github.com/creack/pty"
	"github.com/hinshun/vt10x"
	"golang.org/x/term"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// ptyTimeout bounds every wait on the program: for output, for the terminal
// to enter raw mode, and for the program to exit.
const ptyTimeout = 15 * time.Second

// The virtual terminal's size, also set on the pseudo-terminal so that the
// program's idea of line wrapping matches the screen.
const ptyCols, ptyRows = 80, 24

// Keys typed at the terminal.
const (
	keyEnter     = "\r"
	keyCtrlC     = "\x03"
	keyBackspace = "\x7f"
)

// Terminal sequences the program writes.
const (
	queryCursor = "\x1b[6n" // device status report: where is the cursor?
	bell        = "\a"
)

// TestMain runs the tests, then deletes the hotfix binary they built (once,
// with testutil.BuildBinary).
func TestMain(m *testing.M) {
	code := m.Run()
	testutil.RemoveBinaries()
	os.Exit(code)
}

// ptyRepo makes a repository with an origin and two annotated releases;
// v1.4.2 is the newest, with one more commit on main after it.
func ptyRepo(t *testing.T) *testutil.Repo {
	t.Helper()
	r := testutil.NewRepo(t)
	r.WriteFile("app.txt", "1\n")
	r.Commit("feature one")
	r.Tag("v1.4.1")
	r.WriteFile("app.txt", "2\n")
	r.Commit("feature two")
	r.Tag("v1.4.2")
	r.WriteFile("app.txt", "3\n")
	r.Commit("feature three")
	return r.WithOrigin()
}

// ptySession is one run of the hotfix binary on a pseudo-terminal, driven
// from the test goroutine only.
//
// survey asks the terminal for its size and the cursor position (ESC[6n)
// before it reads the keys of a line, and reads the answer (ESC[row;colR)
// from stdin with the keys: keys that reach it in the same read as an
// answer are lost, or, when they hold an "R", make it miss the answer and
// hang. A person types after the terminal has answered, so the session
// passes the virtual terminal's answers on itself, at the moment a terminal
// would, and types only once the program reads keys (see atLine and
// atSelect).
type ptySession struct {
	t       *testing.T
	console *expect.Console
	screen  vt10x.Terminal
	replies bytes.Buffer // the virtual terminal's answers, not yet passed on
	raw     bytes.Buffer // everything the program wrote, escapes included
	cooked  term.State   // the terminal's mode before the program ran

	cmd     *exec.Cmd
	done    chan struct{} // closed when the program has exited
	waitErr error         // cmd.Wait's result, set before done is closed
}

// startPty runs hotfix with args in dir on a fresh pseudo-terminal.
func startPty(t *testing.T, dir string, args ...string) *ptySession {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("pseudo-terminal tests need a Unix pty")
	}
	bin := testutil.BuildBinary(t, ".")

	s := &ptySession{t: t, done: make(chan struct{})}
	s.screen = vt10x.New(vt10x.WithSize(ptyCols, ptyRows), vt10x.WithWriter(&s.replies))
	// The console's own pty pair is the program's terminal: it reads the
	// program's output into the screen and the transcript, and Send types.
	c, err := expect.NewConsole(expect.WithStdout(s.screen, &s.raw), expect.WithDefaultTimeout(ptyTimeout))
	if errors.Is(err, pty.ErrUnsupported) {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	if err != nil {
		t.Fatalf("creating the console: %v", err)
	}
	s.console = c
	if err := pty.Setsize(c.Tty(), &pty.Winsize{Cols: ptyCols, Rows: ptyRows}); err != nil {
		c.Close()
		t.Fatalf("sizing the pseudo-terminal: %v", err)
	}
	st, err := s.ttyState()
	if err != nil {
		c.Close()
		t.Fatalf("reading the terminal mode: %v", err)
	}
	s.cooked = *st

	s.cmd = exec.Command(bin, args...)
	s.cmd.Dir = dir
	s.cmd.Env = ptyEnv(t.TempDir())
	tty := c.Tty()
	s.cmd.Stdin, s.cmd.Stdout, s.cmd.Stderr = tty, tty, tty
	if err := s.cmd.Start(); err != nil {
		c.Close()
		t.Fatalf("starting hotfix: %v", err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		// Drop the test's own descriptor of the terminal: with the
		// program gone, reading the console then ends (ExpectEOF).
		tty.Close()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = s.cmd.Process.Kill()
			<-s.done
		}
		c.Close()
	})
	return s
}

// ptyEnv is the program's environment: git's test environment, HOME in a
// temporary directory, TERM=xterm and NO_COLOR=1, and nothing that turns
// prompting off (CI, HOTFIX_NO_INPUT), whatever the test process has.
func ptyEnv(home string) []string {
	var env []string
	for _, kv := range testutil.GitEnv() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "CI", "HOTFIX_NO_INPUT", "NO_COLOR", "TERM", "HOME", "COLUMNS", "LINES":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "HOME="+home, "TERM=xterm", "NO_COLOR=1")
}

// ttyState reads the terminal's mode through the test's descriptor of the
// slave side, which the program shares.
func (s *ptySession) ttyState() (*term.State, error) {
	rc, err := s.console.Tty().SyscallConn()
	if err != nil {
		return nil, err
	}
	var st *term.State
	var stErr error
	if err := rc.Control(func(fd uintptr) { st, stErr = term.GetState(int(fd)) }); err != nil {
		return nil, err
	}
	return st, stErr
}

// exited reports whether the program has exited.
func (s *ptySession) exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// fail stops the test with what the terminal shows and what the program wrote.
func (s *ptySession) fail(format string, args ...any) {
	s.t.Helper()
	status := "still running"
	if s.exited() {
		status = "exited: " + exitText(s.waitErr)
	}
	s.t.Fatalf(format+"\nhotfix %s\n--- screen ---\n%s\n--- output (raw) ---\n%q",
		append(args, status, screenText(s.screen), s.raw.String())...)
}

// expect waits until the program writes text.
func (s *ptySession) expect(text string) {
	s.t.Helper()
	if _, err := s.console.ExpectString(text); err != nil {
		s.fail("waiting for %q: %v", text, err)
	}
}

// send types keys.
func (s *ptySession) send(keys string) {
	s.t.Helper()
	if _, err := s.console.Send(keys); err != nil {
		s.fail("typing %q: %v", keys, err)
	}
}

// reply passes on the virtual terminal's answer to the query the program
// just made, after keys.
func (s *ptySession) reply(keys string) {
	s.t.Helper()
	if s.replies.Len() == 0 {
		s.fail("the virtual terminal did not answer %q", queryCursor)
	}
	s.send(keys + s.replies.String())
	s.replies.Reset()
}

// atLine waits for an Input or Confirm prompt showing text, until the
// program reads the keys of the line. survey asks for the terminal's size,
// then for the cursor position, then reads keys. The backspace sent before
// the second answer reaches survey with it and does nothing on the empty
// line but ring the bell, which shows that both answers are in.
func (s *ptySession) atLine(text string) {
	s.t.Helper()
	s.expect(text)
	s.expect(queryCursor)
	s.reply("")
	s.expect(queryCursor)
	s.reply(keyBackspace)
	s.expect(bell)
}

// atSelect waits for a Select prompt showing text, until the terminal is in
// raw mode. survey draws the options before it puts the terminal in raw
// mode; keys typed before that would be echoed and line-buffered, and a
// Ctrl-C discarded.
func (s *ptySession) atSelect(text string) {
	s.t.Helper()
	s.expect(text)
	deadline := time.Now().Add(ptyTimeout)
	for {
		st, err := s.ttyState()
		if err == nil && *st != s.cooked {
			return
		}
		if s.exited() {
			s.fail("hotfix exited instead of reading keys at %q", text)
		}
		if time.Now().After(deadline) {
			s.fail("the terminal did not enter raw mode at %q (err %v)", text, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// input answers the Input or Confirm prompt showing text: it types reply
// and presses Enter.
func (s *ptySession) input(text, reply string) {
	s.t.Helper()
	s.atLine(text)
	s.send(reply + keyEnter)
}

// choose answers the Select prompt showing text: it types keys (a filter,
// arrow keys or nothing) and presses Enter.
func (s *ptySession) choose(text, keys string) {
	s.t.Helper()
	s.atSelect(text)
	s.send(keys + keyEnter)
}

// wait reads the rest of the output until the program exits and returns
// its exit code and everything written since the last expect.
func (s *ptySession) wait() (int, string) {
	s.t.Helper()
	out, err := s.console.ExpectEOF()
	if err != nil {
		s.fail("waiting for hotfix to exit: %v", err)
	}
	select {
	case <-s.done:
	case <-time.After(ptyTimeout):
		s.fail("hotfix closed the terminal but did not exit")
	}
	return s.cmd.ProcessState.ExitCode(), out
}

func exitText(err error) string {
	if err == nil {
		return "status 0"
	}
	return err.Error()
}

// screenText is the virtual terminal's screen without trailing blanks.
func screenText(v vt10x.Terminal) string {
	lines := strings.Split(v.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// onlyRecord reads the one record under .hotfix.
func onlyRecord(t *testing.T, r *testutil.Repo) (string, *record.Record) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(r.Dir, ".hotfix", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 {
		t.Fatalf("want exactly one record under .hotfix, found %q", files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	rec, err := record.Parse(files[0], data)
	if err != nil {
		t.Fatalf("parsing the record: %v\n%s", err, data)
	}
	return filepath.Base(files[0]), rec
}

// within reports whether got is want, give or take slack.
func within(got *time.Time, want time.Time, slack time.Duration) bool {
	if got == nil {
		return false
	}
	d := got.Sub(want)
	return d >= -slack && d <= slack
}

// TestPtyStartAllAnswered answers every question of the checklist and
// checks that each answer lands in its field of the record.
func TestPtyStartAllAnswered(t *testing.T) {
	t.Parallel()
	r := ptyRepo(t)
	v142 := r.Git("rev-parse", "v1.4.2^{commit}")
	const title = "Checkout returns 500"
	branch := "hotfix/v1.4.2-" + record.Slug(title)
	before := time.Now()

	s := startPty(t, r.Dir, "start")
	s.expect("Starting a hotfix.")
	s.input("What is broken? (title)", title)
	// Typing filters the options, ignoring case.
	s.expect("Severity")
	s.choose("SEV1 - critical", "sev1")
	s.input("Fill in the rest of the checklist now? (Y/n)", "y")
	s.input("Summary and plan of attack", "Payments reject the new request format; roll the encoder back")
	s.input("Who reported it?", "Robin Reporter")
	s.expect("How was it detected?")
	s.choose(notKnownYet, "automatic")
	s.input("Who and what is affected?", "EU customers paying by card")
	// The broken version and the base default to the newest release.
	s.expect("Broken version (release tag)")
	s.input("(v1.4.2)", "")
	s.expect("Cut the fix branch from")
	s.input("(v1.4.2)", "")
	s.input("Other affected repositories (comma-separated)", "a/b, c/d")
	s.input("Where are the logs? (comma-separated)", "/var/log/app.log")
	s.input("Error message", "HTTP 500: unexpected field amount_cents")
	s.expect("Backing datasets and connections checked?")
	s.choose(notKnownYet, "yes")
	// The owner defaults to git's user.name, the documenter to the owner.
	s.expect("Who works on the fix? (owner)")
	s.input("(Test Author)", "Alice Owner")
	s.input("Scope of the fix", "Only the request encoder; the schema stays")
	s.expect("Who documents it and files it in the tracker?")
	s.input("(Alice Owner)", "Dana Docs")
	// Typing "no" leaves two options, "no" and "not known yet"; Enter must
	// choose the one typed.
	s.expect("Must the client be told?")
	s.choose(notKnownYet, "no")
	// SEV1's policy deadlines are the defaults: 4h, 6h and 8h.
	s.expect("Deadline for the fix (SEV1 policy: by ")
	s.input("(4h)", "2h")
	s.expect("Deadline for the test (SEV1 policy: by ")
	s.input("(6h)", "")
	s.expect("Deadline for the deploy (SEV1 policy: by ")
	s.input("(8h)", "")
	s.expect("Created branch " + branch + " from v1.4.2")
	code, _ := s.wait()
	after := time.Now()
	if code != 0 {
		s.fail("exit code %d, want 0", code)
	}

	if got := r.Git("symbolic-ref", "--short", "HEAD"); got != branch {
		t.Errorf("HEAD is on %q, want %q", got, branch)
	}
	if got := r.Git("rev-parse", "refs/heads/"+branch); got != v142 {
		t.Errorf("%s is at %s, want v1.4.2 (%s)", branch, got, v142)
	}
	name, rec := onlyRecord(t, r)
	if want1, want2 := record.NewID(before, title)+".yaml", record.NewID(after, title)+".yaml"; name != want1 && name != want2 {
		t.Errorf("record file %s, want %s", name, want1)
	}
	in := rec.Incident
	for _, c := range []struct{ field, got, want string }{
		{"title", in.Title, title},
		{"severity", in.Severity, "SEV1"},
		{"summary", in.Summary, "Payments reject the new request format; roll the encoder back"},
		{"reporter", in.Reporter, "Robin Reporter"},
		{"detection", in.Detection, record.DetectedAutomatic},
		{"affected", in.Affected, "EU customers paying by card"},
		{"version", in.Version, "v1.4.2"},
		{"error_message", in.ErrorMessage, "HTTP 500: unexpected field amount_cents"},
		{"datasets_checked", in.DatasetsChecked, record.Yes},
		{"owner", in.Owner, "Alice Owner"},
		{"scope", in.Scope, "Only the request encoder; the schema stays"},
		{"documenter", in.Documenter, "Dana Docs"},
		{"client_notice", in.ClientNotice, record.No},
		{"branch.name", rec.Branch.Name, branch},
		{"branch.base", rec.Branch.Base, "v1.4.2"},
		{"branch.base_commit", rec.Branch.BaseCommit, v142},
		{"branch.production", rec.Branch.Production, "main"},
		{"phase", rec.Phase, record.PhaseInvestigating},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	if want := []string{"a/b", "c/d"}; !slices.Equal(in.RelatedRepos, want) {
		t.Errorf("related_repos = %q, want %q", in.RelatedRepos, want)
	}
	if want := []string{"/var/log/app.log"}; !slices.Equal(in.Logs, want) {
		t.Errorf("logs = %q, want %q", in.Logs, want)
	}
	if len(rec.Open) != 0 {
		t.Errorf("open = %q, want nothing open", rec.Open)
	}
	if rec.Created.Before(before.Add(-time.Second)) || rec.Created.After(after) {
		t.Errorf("created %v, not between %v and %v", rec.Created, before, after)
	}
	// The typed 2h, and the policy's 6h and 8h, from the start.
	for _, d := range []struct {
		name string
		got  *time.Time
		want time.Duration
	}{{"fix", rec.Deadlines.Fix, 2 * time.Hour}, {"test", rec.Deadlines.Test, 6 * time.Hour}, {"deploy", rec.Deadlines.Deploy, 8 * time.Hour}} {
		if !within(d.got, rec.Created.Add(d.want), 2*time.Minute) {
			t.Errorf("%s deadline %v, want about %v after the start (%v)", d.name, d.got, d.want, rec.Created)
		}
	}
	i := slices.IndexFunc(rec.Timeline, func(e record.Event) bool { return e.Kind == record.EventStarted })
	if i < 0 {
		t.Fatalf("no %q event in the timeline %+v", record.EventStarted, rec.Timeline)
	}
	ev := rec.Timeline[i]
	if ev.By != "Alice Owner" || ev.Fields["branch"] != branch || ev.Fields["base"] != "v1.4.2" || ev.Fields["severity"] != "SEV1" {
		t.Errorf("started event %+v: want by Alice Owner, branch %s, base v1.4.2, severity SEV1", ev, branch)
	}
}

// notKnownYet is the option that leaves a choice open, and the default.
const notKnownYet = "> not known yet"

// TestPtyStartItemsLeftOpen leaves items open with "-" over a default and
// with the "not known yet" option, and checks the record lists them as open.
func TestPtyStartItemsLeftOpen(t *testing.T) {
	t.Parallel()
	r := ptyRepo(t)
	const title = "Login loop after password reset"
	branch := "hotfix/v1.4.2-" + record.Slug(title)

	// Run from elsewhere, naming the repository with --repo.
	s := startPty(t, t.TempDir(), "--repo", r.Dir, "start")
	s.input("What is broken? (title)", title)
	s.expect("Severity")
	s.choose("SEV4 - low", "SEV3")
	s.input("Fill in the rest of the checklist now?", "y")
	s.input("Summary and plan of attack", "")
	s.input("Who reported it?", "-")
	// Enter on the default option, "not known yet".
	s.expect("How was it detected?")
	s.choose(notKnownYet, "")
	s.input("Who and what is affected?", "")
	s.expect("Broken version (release tag)")
	s.input("(v1.4.2)", "")
	s.input("Cut the fix branch from", "")
	s.input("Other affected repositories (comma-separated)", "")
	s.input("Where are the logs? (comma-separated)", "-")
	s.input("Error message", "")
	// Choosing it by typing.
	s.expect("Backing datasets and connections checked?")
	s.choose(notKnownYet, "not known")
	// "-" over a default leaves the item open...
	s.expect("Who works on the fix? (owner)")
	s.input("(Test Author)", "-")
	s.input("Scope of the fix", "")
	// ...and the documenter, whose default is the owner, too.
	s.input("Who documents it and files it in the tracker?", "")
	s.expect("Must the client be told?")
	s.choose(notKnownYet, "")
	s.input("Deadline for the fix", "-")
	s.input("Deadline for the test", "")
	s.input("Deadline for the deploy", "")
	s.expect("Created branch " + branch)
	s.expect("Still open: summary, reporter, detection")
	code, _ := s.wait()
	if code != 0 {
		s.fail("exit code %d, want 0", code)
	}

	_, rec := onlyRecord(t, r)
	in := rec.Incident
	if in.Severity != "SEV3" || in.Version != "v1.4.2" || rec.Branch.Name != branch {
		t.Errorf("severity %q, version %q, branch %q; want SEV3, v1.4.2, %s", in.Severity, in.Version, rec.Branch.Name, branch)
	}
	for _, c := range []struct{ field, got string }{
		{"summary", in.Summary}, {"reporter", in.Reporter}, {"detection", in.Detection},
		{"affected", in.Affected}, {"error_message", in.ErrorMessage}, {"datasets_checked", in.DatasetsChecked},
		{"owner", in.Owner}, {"scope", in.Scope}, {"documenter", in.Documenter}, {"client_notice", in.ClientNotice},
	} {
		if c.got != "" {
			t.Errorf("%s = %q, want it left open (empty)", c.field, c.got)
		}
	}
	if len(in.RelatedRepos) != 0 || len(in.Logs) != 0 {
		t.Errorf("related_repos %q, logs %q, want both left open", in.RelatedRepos, in.Logs)
	}
	want := []string{"summary", "reporter", "detection", "affected", "related_repos", "logs",
		"error_message", "datasets_checked", "owner", "scope", "documenter", "client_notice"}
	if !slices.Equal(rec.Open, want) {
		t.Errorf("open = %q, want %q", rec.Open, want)
	}
	if rec.Deadlines.Fix != nil {
		t.Errorf("fix deadline %v, want none (answered -)", rec.Deadlines.Fix)
	}
	if !within(rec.Deadlines.Test, rec.Created.Add(96*time.Hour), 2*time.Minute) ||
		!within(rec.Deadlines.Deploy, rec.Created.Add(120*time.Hour), 2*time.Minute) {
		t.Errorf("test and deploy deadlines %v, %v; want SEV3's 96h and 120h after %v", rec.Deadlines.Test, rec.Deadlines.Deploy, rec.Created)
	}
}

// checkInterrupted checks that the program stopped on Ctrl-C with exit
// code 130 and left the repository as it was, but for the draft of the
// answers given so far in the git directory, which it returns.
func checkInterrupted(t *testing.T, s *ptySession, r *testutil.Repo, before string) string {
	t.Helper()
	code, out := s.wait()
	if code != 130 {
		s.fail("exit code %d, want 130", code)
	}
	if !strings.Contains(out, "interrupted; nothing was changed") || !strings.Contains(out, "your answers so far are kept") {
		s.fail("no \"interrupted; nothing was changed ... your answers so far are kept\" after Ctrl-C")
	}
	draft := filepath.Join(r.Dir, ".git", "hotfix", "start-draft.yaml")
	data, err := os.ReadFile(draft)
	if err != nil {
		t.Fatalf("no draft of the answers: %v", err)
	}
	if err := os.Remove(draft); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := os.WriteFile(draft, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}()
	if after := r.State(); after != before {
		t.Errorf("the repository changed:\n--- before ---\n%s\n--- after ---\n%s", before, after)
	}
	if got := r.Git("symbolic-ref", "--short", "HEAD"); got != "main" {
		t.Errorf("HEAD is on %q, want main", got)
	}
	return string(data)
}

// TestPtyStartCtrlCAtSeverity interrupts at the second question: exit code
// 130, and the repository exactly as it was.
func TestPtyStartCtrlCAtSeverity(t *testing.T) {
	t.Parallel()
	r := ptyRepo(t)
	before := r.State()

	s := startPty(t, r.Dir, "start")
	s.input("What is broken? (title)", "Search is empty")
	s.expect("Severity")
	s.atSelect("SEV4 - low")
	s.send(keyCtrlC)
	if draft := checkInterrupted(t, s, r, before); !strings.Contains(draft, "Search is empty") {
		t.Errorf("the draft lacks the title:\n%s", draft)
	}

	// The next start offers the answers: Enter takes them, and only what
	// is left is asked.
	s = startPty(t, r.Dir, "start")
	s.input(`An interrupted start kept your answers ("Search is empty")`, "")
	s.expect("Severity")
	s.choose("SEV4 - low", "")
	s.input("Fill in the rest of the checklist now?", "n")
	if code, out := s.wait(); code != 0 {
		s.fail("exit code %d:\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, ".git", "hotfix", "start-draft.yaml")); !os.IsNotExist(err) {
		t.Errorf("the draft outlived the start: %v", err)
	}
	if got := r.Git("symbolic-ref", "--short", "HEAD"); !strings.Contains(got, "search-is-empty") {
		t.Errorf("HEAD is on %q, want the hotfix branch of the draft's title", got)
	}
}

// TestPtyStartCtrlCAtDeadline interrupts at one of the last questions, with
// every other answer given: still exit code 130 and nothing changed.
func TestPtyStartCtrlCAtDeadline(t *testing.T) {
	t.Parallel()
	r := ptyRepo(t)
	before := r.State()

	s := startPty(t, r.Dir, "start")
	s.input("What is broken? (title)", "Reports time out")
	s.expect("Severity")
	s.choose("SEV4 - low", "sev2")
	s.input("Fill in the rest of the checklist now?", "y")
	for _, q := range []struct {
		prompt string
		choice bool
	}{
		{"Summary and plan of attack", false},
		{"Who reported it?", false},
		{"How was it detected?", true},
		{"Who and what is affected?", false},
		{"Broken version (release tag)", false},
		{"Cut the fix branch from", false},
		{"Other affected repositories", false},
		{"Where are the logs?", false},
		{"Error message", false},
		{"Backing datasets and connections checked?", true},
		{"Who works on the fix? (owner)", false},
		{"Scope of the fix", false},
		{"Who documents it", false},
		{"Must the client be told?", true},
		{"Deadline for the fix", false},
	} {
		if q.choice {
			s.expect(q.prompt)
			s.choose(notKnownYet, "")
		} else {
			s.input(q.prompt, "")
		}
	}
	s.atLine("Deadline for the test")
	s.send(keyCtrlC)
	checkInterrupted(t, s, r, before)
}

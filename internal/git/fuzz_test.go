package git

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseUnifiedDiff: any bytes parse or are refused, never a panic (as
// a unified diff, and as --name-status -z and status -z output); a
// parsed diff's hunks have non-negative counts that the input really holds
// (so a header cannot make the rules loop over a billion lines), and a
// kept hunk's lines are bounded.
//
//	go test ./internal/git -run '^$' -fuzz '^FuzzParseUnifiedDiff$' -fuzztime 2m
func FuzzParseUnifiedDiff(f *testing.F) {
	for _, s := range []string{
		"diff --git a/x.go b/x.go\nindex 1..2 100644\n--- a/x.go\n+++ b/x.go\n@@ -1,2 +1,3 @@\n a\n-b\n+c\n+d\n",
		"diff --git \"a/t\\tab\" \"b/t\\tab\"\nnew file mode 100644\n--- /dev/null\n+++ \"b/t\\tab\"\n@@ -0,0 +1 @@\n+x\n\\ No newline at end of file\n",
		"diff --git a/o b/n\nsimilarity index 90%\nrename from o\nrename to n\n",
		"diff --git a/bin b/bin\nBinary files a/bin and b/bin differ\n",
		"diff --git a/d b/d\ndeleted file mode 100644\n--- a/d\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n",
		"diff --git a/x b/x\n@@ -1 +1,999999999 @@\n+x\n",
		"diff --git a/x b/x\n@@ -1,-5 +1,-5 @@\n",
		"diff --git a/x b/x\n@@ -99999999999999999999 +1 @@\n",
		"diff --git a/x b/x\n@@ -1 +1 @@\n-a\n+b\n+c\n",
		"diff --git a/x b/x\n@@ -1,3 +1,3 @@\n a\n\n c\n",
		"diff --git \"a/\\377\\0\\\" b/\"\n",
		"diff --git a/a b/b b/c\n--- \"a/\\\"\n+++ \"\n",
		"@@ -1 +1 @@\n+orphan\n",
	} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, keep bool) {
		// The other git outputs the change is read from (NUL-separated).
		for _, fd := range parseRaw(data) {
			if fd.Status == 0 {
				t.Fatalf("no status: %+v", fd)
			}
		}
		_ = parseStatus(data)
		files, err := parseUnified(data, keep)
		if err != nil {
			return
		}
		lines := bytes.Count(data, []byte{'\n'}) + 1
		total := 0
		for _, fd := range files {
			for _, h := range fd.Hunks {
				if h.OldStart < 0 || h.NewStart < 0 || h.OldLines < 0 || h.NewLines < 0 {
					t.Fatalf("negative hunk %+v", h)
				}
				total += h.OldLines + h.NewLines
				if len(h.Lines) > maxHunkLines {
					t.Fatalf("kept %d lines", len(h.Lines))
				}
			}
		}
		if total > 2*lines {
			t.Fatalf("hunks claim %d lines from %d input lines", total, lines)
		}
	})
}

// refNameSamples are names that probe each of git's ref-format rules.
var refNameSamples = []string{
	"main", "hotfix/v1.2.3-login", "a..b", "a.", "a.lock", "a.lock/b", "x/.a", ".a", "-a", "a-", "a/", "/a", "a//b",
	"a@{b", "@", "@a", "a@", "a~1", "a^", "a:b", "a?", "a*", "a[b", "a\\b", "a b", "a\tb", "a\x7f", "a\x01",
	"é/ü", "日本", "\xff\xfe", "a/b/c", "a.b", "..", ".", "a/.lock", "lock.lock", "a.lock.b", "{}", "a}", "HEAD",
	"refs/heads/x", "a./b", "a/b.", "a/..b", "--", "a/-b", "@{-1}", "a@{", "-", "a,b", "a=b", "a!b", "a#b",
	"a$b", "a%b", "a&b", "a'b", "a\"b", "a(b)", "a+b", "a;b", "a<b>", "a|b", "a`b", "\u00a0", "\u2028",
}

// FuzzCheckBranchName: CheckBranchName, hotfix's own implementation of
// git's ref-format rules, agrees with git check-ref-format --branch on any
// name. Each input runs git once (a few hundred a second).
//
//	go test ./internal/git -run '^$' -fuzz '^FuzzCheckBranchName$' -fuzztime 2m
func FuzzCheckBranchName(f *testing.F) {
	if _, err := exec.LookPath("git"); err != nil {
		f.Skip("git is not installed")
	}
	for _, s := range refNameSamples {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, name string) {
		if strings.IndexByte(name, 0) >= 0 || len(name) > 4096 {
			return // cannot be an argument
		}
		ours := CheckBranchName(name) == nil
		if name == "@" {
			return // --branch expands @ to the current branch; git branch @ refuses it, as we do
		}
		if theirs := gitAcceptsBranch(t, dir, name); ours != theirs {
			t.Fatalf("CheckBranchName(%q) accepts=%v, git check-ref-format --branch accepts=%v", name, ours, theirs)
		}
	})
}

func gitAcceptsBranch(t *testing.T, dir, name string) bool {
	cmd := exec.Command("git", "check-ref-format", "--branch", name)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CEILING_DIRECTORIES="+dir)
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return err == nil
}

// TestCheckBranchNameIsUTF8Agnostic: git compares bytes, so invalid UTF-8
// is a valid name to it, and to us.
func TestCheckBranchNameIsUTF8Agnostic(t *testing.T) {
	if utf8.ValidString("a\xffb") || CheckBranchName("a\xffb") != nil {
		t.Fatal("invalid UTF-8 refused")
	}
}

// TestParseUnifiedDiffRefusesLyingHeaders: a hunk must hold what its
// header says; a header claiming more (or fewer) lines, or a negative or
// signed count, is a malformed diff.
func TestParseUnifiedDiffRefusesLyingHeaders(t *testing.T) {
	for _, s := range []string{
		"diff --git a/x b/x\n@@ -1 +1,999999999 @@\n+x\n",
		"diff --git a/x b/x\n@@ -1 +1 @@\n-a\n+b\n+c\n",
		"diff --git a/x b/x\n@@ -1,-5 +1,-5 @@\n",
		"diff --git a/x b/x\n@@ -+1 +1 @@\n-a\n+b\n",
		"diff --git a/x b/x\n@@ -1 +1 @@\n-a\ndiff --git a/y b/y\n",
	} {
		if _, err := ParseUnifiedDiff([]byte(s)); err == nil || !strings.Contains(err.Error(), "malformed") {
			t.Errorf("%q: error %v", s, err)
		}
	}
	files, err := ParseUnifiedDiff([]byte("diff --git a/x b/x\n@@ -1,3 +1,3 @@\n a\n\n-c\n+d\n\\ No newline at end of file\n"))
	if err != nil || len(files) != 1 || files[0].Hunks[0].NewLines != 3 {
		t.Fatalf("%+v %v", files, err)
	}
}

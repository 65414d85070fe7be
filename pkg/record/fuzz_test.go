package record

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/pkg/strictyaml"
)

// FuzzParse: any record file parses or is refused with a
// *strictyaml.Error, never a panic; a parsed record's methods work on it,
// and it marshals to a document that parses again.
//
//	go test ./pkg/record -run '^$' -fuzz '^FuzzParse$' -fuzztime 2m
func FuzzParse(f *testing.F) {
	good, err := sample().Marshal()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		string(good),
		"schema: 1\nid: x\nincident: {title: t, severity: s}\n",
		"schema: 2\n",
		"schema: 99999999999999999999\n",
		"schema: -1\nid: x\nincident: {title: t, severity: s}\n",
		"schema: 1\nid: ../../etc/passwd\nincident: {title: t, severity: s}\n",
		"schema: 1\nid: x\nincident: {title: t, severity: s}\ntimeline:\n- at: 0001-01-01T00:00:00Z\n  kind: update\n  fields: {next_update: garbage}\n- at: 9999-12-31T23:59:59Z\n  kind: hypothesis\n  fields: {id: '', status: verified}\n",
		"schema: 1\nid: x\nincident: &i {title: t, severity: s}\nbranch: *i\n",
		"schema: 1\nid: x\nincident: {title: [t], severity: {s: 1}}\n",
		"schema: 1\nid: x\ncreated: 2026-13-45\nincident: {title: t, severity: s}\n",
		"schema: 1\nid: x\nincident: {title: \"\\0\\x1b[31m\", severity: \"\\uFFFF\"}\n",
	} {
		f.Add([]byte(s))
	}
	now := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse("f.yaml", data)
		if err != nil {
			var se *strictyaml.Error
			if !errors.As(err, &se) {
				t.Fatalf("error %T %v is not a *strictyaml.Error", err, err)
			}
			return
		}
		if !ValidID(r.ID) {
			t.Fatalf("parsed a record with id %q", r.ID)
		}
		_ = r.Hypotheses()
		_ = r.OpenItems()
		_ = r.Overdue(now)
		_ = r.UpdateOverdue(now, time.Hour)
		out, err := r.Marshal()
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		if _, err := Parse("back.yaml", out); err != nil {
			t.Fatalf("a parsed record does not parse again: %v\n%s", err, out)
		}
	})
}

// TestParseOverSizeCapIsQuick: a record over strictyaml's cap is refused
// before anything parses it.
func TestParseOverSizeCapIsQuick(t *testing.T) {
	doc := []byte("schema: 1\ntimeline:\n" + strings.Repeat("- kind: x\n", 2*strictyaml.MaxSize/10))
	start := time.Now()
	_, err := Parse("r.yaml", doc)
	if err == nil || !strings.Contains(err.Error(), "the limit is") {
		t.Fatalf("error %v", err)
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Fatalf("took %v to refuse", d)
	}
}

// FuzzSlug: whatever the title (any bytes, any script, control
// characters, ref-format specials), the slug is a short lower-case ASCII
// word list, the id it makes is valid, and the default branch name made
// from it passes git's ref-format rules (git.CheckBranchName; the
// TestSlugBranchesPassGit sample checks them against git itself).
//
//	go test ./pkg/record -run '^$' -fuzz '^FuzzSlug$' -fuzztime 2m
func FuzzSlug(f *testing.F) {
	for _, s := range slugSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		s := Slug(title)
		if err := checkSlug(s); err != nil {
			t.Fatalf("Slug(%q) = %q: %v", title, s, err)
		}
		id := NewID(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), title)
		if !ValidID(id) {
			t.Fatalf("NewID(%q) = %q is not a valid id", title, id)
		}
		for _, b := range []string{"hotfix/v1.2.3-" + s, "hotfix/" + id, s} {
			if err := git.CheckBranchName(b); err != nil {
				t.Fatalf("title %q: %v", title, err)
			}
		}
	})
}

func checkSlug(s string) error {
	if s == "" || len(s) > MaxSlug {
		return errors.New("empty or too long")
	}
	if s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return errors.New("stray dash")
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return errors.New("a byte outside [a-z0-9-]")
		}
	}
	return nil
}

var slugSamples = []string{
	"Checkout returns 500", "  Café crème: naïve façade!  ", "../../etc/passwd", "hotfix~1^2:3?*[x]\\ @{y}",
	"-leading dash", "日本語だけ", "", "x.lock", "a..b", "a//b", "@", "@{-1}", ".hidden", "trailing.", "trailing.lock",
	"tab\there", "nul\x00byte", "del\x7f", "esc\x1b[31mred", "\xff\xfe invalid utf-8 \xc3", "ﬁ ligature ①②③ ＡＢＣ",
	"İstanbul ǅ ß ẞ", "Ⅻ roman", "\u200bzero\u200dwidth\ufeff", "🔥 fire 🔥", strings.Repeat("a", 200),
	strings.Repeat("word ", 30), strings.Repeat("x-", 40), "a\u0301\u0301\u0301b",
}

// TestSlugBranchesPassGit checks a sample of generated branch names, from
// hostile titles, against git check-ref-format --branch itself.
func TestSlugBranchesPassGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	for _, title := range slugSamples {
		for _, b := range []string{"hotfix/v1.2.3-" + Slug(title), "hotfix/" + NewID(time.Now(), title)} {
			cmd := exec.Command("git", "check-ref-format", "--branch", b)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "GIT_CEILING_DIRECTORIES="+dir)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("title %q: git refuses %q: %s", title, b, out)
			}
		}
	}
}

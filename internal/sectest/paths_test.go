package sectest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// pathRepo is a released repository with policy as .hotfix.yaml and the
// links (name in the repository -> target; "OUT" stands for outside, a
// directory beside the repository) made after the commit.
func pathRepo(t *testing.T, policy string, links map[string]string) (r *testutil.Repo, outside string) {
	t.Helper()
	r = testutil.NewRepo(t)
	outside = filepath.Join(filepath.Dir(r.Dir), "outside")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	r.WriteFile("go.mod", "module example.com/shop\n\ngo 1.21\n")
	r.WriteFile("notes/README.md", "notes\n")
	if policy != "" {
		r.WriteFile(".hotfix.yaml", policy)
	}
	r.Commit("release")
	r.Tag("v1.0.0")
	for link, target := range links {
		target = strings.Replace(target, "OUT", outside, 1)
		if !filepath.IsAbs(target) {
			target = filepath.Join(r.Dir, target)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(r.Dir, link)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, filepath.Join(r.Dir, link)); err != nil {
			t.Skip("symlinks unavailable:", err)
		}
	}
	return r, outside
}

func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("written outside the repository: %s", filepath.Join(dir, e.Name()))
	}
}

// Paths in .hotfix.yaml that escape the repository stop every command
// before anything is written, with the key, its line and the fix.
func TestConfiguredPathsCannotEscape(t *testing.T) {
	cases := []struct {
		name   string
		policy string
		links  map[string]string
		want   string
	}{
		{"records dir up", "version: 1\nrecords:\n  dir: ../outside\n", nil,
			`.hotfix.yaml:3: records.dir must be a relative path inside the repository, such as .hotfix: ../outside climbs out with ".."`},
		{"records dir absolute", "version: 1\nrecords:\n  dir: OUT\n", nil,
			`.hotfix.yaml:3: records.dir must be a relative path inside the repository, such as .hotfix: OUT is an absolute path`},
		{"records dir through a link out", "version: 1\nrecords:\n  dir: data/records\n", map[string]string{"data": "OUT"},
			`.hotfix.yaml:3: records.dir "data/records": data is a symbolic link; it must be a real directory inside the repository`},
		{".hotfix linked inside", "", map[string]string{".hotfix": "notes"},
			`records.dir ".hotfix": .hotfix is a symbolic link; it must be a real directory inside the repository (replace the link with a directory)`},
		{".hotfix linked outside", "version: 1\n", map[string]string{".hotfix": "OUT"},
			`records.dir ".hotfix": .hotfix is a symbolic link`},
		{"postmortem dir up", "version: 1\nclose:\n  postmortem_dir: docs/../../pm\n", nil,
			`.hotfix.yaml:3: close.postmortem_dir must be a relative path inside the repository, such as docs/postmortems`},
		{"postmortem dir absolute", "version: 1\nclose:\n  postmortem_dir: /var/tmp/pm\n", nil,
			`.hotfix.yaml:3: close.postmortem_dir must be a relative path inside the repository, such as docs/postmortems: /var/tmp/pm is an absolute path`},
		{"postmortem dir through a link out", "version: 1\nclose:\n  postmortem_dir: docs/pm\n", map[string]string{"docs": "OUT"},
			`.hotfix.yaml:3: close.postmortem_dir "docs/pm": docs is a symbolic link to OUT, outside the repository`},
		{"policy linked outside", "", map[string]string{".hotfix.yaml": "OUT/policy.yaml"},
			`.hotfix.yaml: the policy must be a file inside the repository: .hotfix.yaml is a symbolic link to OUT/policy.yaml`},
	}
	commands := [][]string{
		{"start", "--no-input", "--title", "Refunds counted twice", "--severity", "SEV2", "--base", "v1.0.0"},
		{"status"},
		{"triage", "hypothesis", "refunds are added"},
		{"update", "--message", "looking"},
		{"verify"},
		{"close", "--offline"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, outside := pathRepo(t, strings.ReplaceAll(c.policy, "OUT", "OUTSIDE_DIR"), c.links)
			if strings.Contains(c.policy, "OUT") {
				r.WriteFile(".hotfix.yaml", strings.ReplaceAll(c.policy, "OUT", outside))
				r.Commit("policy")
			}
			if strings.HasPrefix(c.name, "policy") {
				if err := os.WriteFile(filepath.Join(outside, "policy.yaml"), []byte("version: 1\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := r.State()
			want := strings.ReplaceAll(c.want, "OUT", outside)
			for _, args := range commands {
				res := testutil.CLI{Dir: r.Dir}.Run(t, args...)
				if res.Code != 1 || !strings.Contains(res.Err, want) || !strings.Contains(res.Err, "fix .hotfix.yaml") {
					t.Fatalf("hotfix %s: exit %d\n%s\nwant %s", args[0], res.Code, res.Err, want)
				}
			}
			if after := r.State(); after != before {
				t.Fatalf("the repository changed:\n%s\n%s", before, after)
			}
			if strings.HasPrefix(c.name, "policy") {
				if err := os.Remove(filepath.Join(outside, "policy.yaml")); err != nil {
					t.Fatal(err)
				}
			}
			assertEmpty(t, outside)
		})
	}
}

// A records directory turned into a link after start (say by a checkout
// of a hostile branch) is refused before a record is read or written
// through it (the store's own check is in pkg/record's tests).
func TestRecordsDirSwappedForALinkIsRefused(t *testing.T) {
	r, outside := pathRepo(t, "", nil)
	cli := testutil.CLI{Dir: r.Dir}
	if res := cli.Run(t, "start", "--no-input", "--title", "Refunds counted twice", "--severity", "SEV2", "--base", "v1.0.0"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	rec := filepath.Join(r.Dir, ".hotfix", "2026-11-22-refunds-counted-twice.yaml")
	data, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, filepath.Base(rec)), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(r.Dir, ".hotfix")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(r.Dir, ".hotfix")); err != nil {
		t.Skip(err)
	}
	for _, args := range [][]string{
		{"triage", "hypothesis", "refunds are added", "--id", "2026-11-22-refunds-counted-twice"},
		{"update", "--message", "looking", "--id", "2026-11-22-refunds-counted-twice"},
		{"status"},
	} {
		res := cli.Run(t, args...)
		if res.Code != 1 || !strings.Contains(res.Err, ".hotfix is a symbolic link") {
			t.Fatalf("hotfix %s: exit %d\n%s", args[0], res.Code, res.Err)
		}
	}
	after, err := os.ReadFile(filepath.Join(outside, filepath.Base(rec)))
	if err != nil || string(after) != string(data) {
		t.Fatalf("the record outside was changed: %v", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 1 {
		t.Fatalf("files outside: %v", entries)
	}
}

// An id from the command line that would climb out of the records
// directory is refused with the fix, for every command that takes one.
func TestRecordIDsCannotEscape(t *testing.T) {
	r, outside := pathRepo(t, "", nil)
	cli := testutil.CLI{Dir: r.Dir}
	if res := cli.Run(t, "start", "--no-input", "--title", "Refunds counted twice", "--severity", "SEV2", "--base", "v1.0.0"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	// A file the escaping id would name, next to the repository.
	victim := filepath.Join(filepath.Dir(r.Dir), "x.yaml")
	if err := os.WriteFile(victim, []byte("not yours\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := r.State()
	for _, id := range []string{"../x", "../../x", "../outside/x", "/tmp/x", "a/b"} {
		for _, args := range [][]string{
			{"triage", "hypothesis", "refunds are added", "--id", id},
			{"triage", "repro", "one refund", "--id", id},
			{"triage", "isolate", "shop.go:3", "--id", id},
			{"triage", "dataset", "fine", "--id", id},
			{"update", "--message", "looking", "--id", id},
			{"close", "--offline", "--id", id},
		} {
			res := cli.Run(t, args...)
			if res.Code != 1 || !strings.Contains(res.Err, "is not a record id") || !strings.Contains(res.Err, "hotfix status") {
				t.Fatalf("hotfix %s --id %s: exit %d\n%s", args[0], id, res.Code, res.Err)
			}
		}
		res := cli.Run(t, "status", id)
		if res.Code != 1 || !strings.Contains(res.Err, "hotfix status --all") {
			t.Fatalf("status %s: exit %d\n%s", id, res.Code, res.Err)
		}
	}
	if after := r.State(); after != before {
		t.Fatalf("the repository changed:\n%s\n%s", before, after)
	}
	if data, _ := os.ReadFile(victim); string(data) != "not yours\n" {
		t.Fatalf("x.yaml beside the repository: %q", data)
	}
	assertEmpty(t, outside)
}

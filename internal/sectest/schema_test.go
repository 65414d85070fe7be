package sectest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

const fixtureID = "2026-11-22-checkout-returns-500"

// startedRepo is a released repository with a hotfix started on
// hotfix/v1.0.0-checkout-returns-500.
func startedRepo(t *testing.T, policy string) (*testutil.Repo, testutil.CLI) {
	t.Helper()
	r := testutil.NewRepo(t)
	r.WriteFile("go.mod", "module example.com/shop\n\ngo 1.21\n")
	r.WriteFile("shop/shop.go", shopGo)
	r.WriteFile("shop/shop_test.go", "package shop\n")
	r.WriteFile(".hotfix.yaml", policy)
	r.Commit("release")
	r.Tag("v1.0.0")
	cli := testutil.CLI{Dir: r.Dir}
	if res := cli.Run(t, "start", "--no-input", "--title", "Checkout returns 500", "--severity", "SEV2", "--base", "v1.0.0"); res.Code != 0 {
		t.Fatal(res.Err)
	}
	return r, cli
}

// A record written by a newer hotfix is refused by every command that
// would read or change it, with the upgrade message, and its bytes are
// never touched (nor committed, pushed or closed).
func TestNewerRecordIsNeverRewritten(t *testing.T) {
	r, cli := startedRepo(t, "version: 1\nverify:\n  rules: [tests-touched]\n")
	path := filepath.Join(r.Dir, ".hotfix", fixtureID+".yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	newer := strings.Replace(string(data), "schema: 1\n", "schema: 2\n", 1) + "escalation:\n  level: 2\n"
	if err := os.WriteFile(path, []byte(newer), 0o644); err != nil {
		t.Fatal(err)
	}
	r.Commit("a record from a newer hotfix")
	r.Git("remote", "add", "origin", "https://github.invalid/acme/shop.git")
	logFile := filepath.Join(t.TempDir(), "app.log")
	if err := os.WriteFile(logFile, []byte("ERROR boom\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := r.State()
	const want = "record schema 2 was written by a newer hotfix (this one reads schema 1 and older); upgrade hotfix"
	for _, args := range [][]string{
		{"status"},
		{"status", fixtureID},
		{"status", "--all", "--json"},
		{"triage", "hypothesis", "coupons break json"},
		{"triage", "hypothesis", "--verified", "staging"},
		{"triage", "repro", "POST /checkout"},
		{"triage", "isolate", "shop/shop.go:4"},
		{"triage", "dataset", "fine"},
		{"triage", "logs", logFile, "--record"},
		{"triage", "suspects", "--good", "v1.0.0", "--id", fixtureID},
		{"update", "--message", "looking"},
		{"update", "--id", fixtureID, "--message", "looking"},
		{"verify"},
		{"pr", "--no-input"},
		{"close", "--offline", "--no-input"},
		{"close", "--offline", "--id", fixtureID},
	} {
		c := cli
		if args[0] == "pr" {
			c.Env = map[string]string{"GH_TOKEN": token, "GITHUB_API_URL": "http://127.0.0.1:1/"}
		}
		res := c.Run(t, args...)
		if !strings.Contains(res.Out+res.Err, want) {
			t.Errorf("hotfix %s: exit %d, no upgrade message\n%s%s", strings.Join(args, " "), res.Code, res.Out, res.Err)
		}
		if res.Code == 0 && args[0] != "status" && args[0] != "verify" {
			t.Errorf("hotfix %s succeeded on a newer record", strings.Join(args, " "))
		}
		if got, _ := os.ReadFile(path); string(got) != newer {
			t.Fatalf("hotfix %s rewrote the newer record:\n%s", strings.Join(args, " "), got)
		}
	}
	if after := r.State(); after != before {
		t.Fatalf("the repository changed:\n%s\n%s", before, after)
	}
}

// Records as earlier builds wrote them (pkg/record/testdata/schema1) are
// read and extended by today's commands; what they held is kept.
func TestOlderRecordsWorkWithEveryCommand(t *testing.T) {
	files, err := filepath.Glob("../../pkg/record/testdata/schema1/*-cli.yaml")
	if err != nil || len(files) < 5 {
		t.Fatalf("fixtures: %v %v", files, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			old, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r, cli := startedRepo(t, "version: 1\n")
			path := filepath.Join(r.Dir, ".hotfix", fixtureID+".yaml")
			if err := os.WriteFile(path, old, 0o644); err != nil {
				t.Fatal(err)
			}
			r.Commit("the record from an earlier build")
			was, err := record.Parse(f, old)
			if err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{
				{"status", fixtureID},
				{"triage", "hypothesis", "coupons break json"},
				{"update", "--message", "looking"},
				{"status", "--json"},
			} {
				if res := cli.Run(t, args...); res.Code != 0 {
					t.Fatalf("hotfix %s: exit %d\n%s", strings.Join(args, " "), res.Code, res.Err)
				}
			}
			now, err := record.Store{Root: r.Dir, Dir: ".hotfix"}.Load(fixtureID)
			if err != nil {
				t.Fatal(err)
			}
			if now.Schema != record.SchemaVersion || len(now.Timeline) != len(was.Timeline)+2 || !reflect.DeepEqual(now.Incident, was.Incident) ||
				now.Branch != was.Branch || (was.Verify != nil && (now.Verify == nil || now.Verify.Commit != was.Verify.Commit)) {
				t.Fatalf("the record lost data:\nwas %+v\nnow %+v", was, now)
			}
		})
	}
}

// A .hotfix.yaml of a newer version stops every command with the line and
// the upgrade message, and is never rewritten (init keeps it too).
func TestNewerConfigAsksToUpgrade(t *testing.T) {
	r, _ := pathRepo(t, "version: 2\nflow: trunk\nsomething_new: true\n", nil)
	path := filepath.Join(r.Dir, ".hotfix.yaml")
	orig, _ := os.ReadFile(path)
	before := r.State()
	cli := testutil.CLI{Dir: r.Dir}
	for _, args := range [][]string{
		{"start", "--no-input", "--title", "x", "--severity", "SEV2"},
		{"status"},
		{"triage", "repro", "x"},
		{"triage", "suspects", "--good", "v1.0.0"},
		{"update"},
		{"verify"},
		{"pr"},
		{"close", "--offline"},
		{"hooks", "install"},
		{"init", "--no-input"},
	} {
		res := cli.Run(t, args...)
		if args[0] == "hooks" && res.Code == 0 {
			// installing the hook does not read the policy
		} else if args[0] == "init" {
			if res.Code == 0 || !strings.Contains(res.Err, "already exists") {
				t.Errorf("init: exit %d\n%s", res.Code, res.Err)
			}
		} else if res.Code != 1 || !strings.Contains(res.Err, ".hotfix.yaml:1: version 2 is newer than this hotfix understands (1); upgrade hotfix") {
			t.Errorf("hotfix %s: exit %d\n%s", args[0], res.Code, res.Err)
		}
		if got, _ := os.ReadFile(path); string(got) != string(orig) {
			t.Fatalf("hotfix %s rewrote .hotfix.yaml", args[0])
		}
	}
	if after := r.State(); after != before {
		t.Fatalf("the repository changed:\n%s\n%s", before, after)
	}
}

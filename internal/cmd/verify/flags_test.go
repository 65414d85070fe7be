package verify

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
)

// Flag parsing is tested with no I/O at all: runF captures the options, and
// a bad flag is a FlagError (exit 2) before anything runs.
func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		check   func(*Options) bool
		wantErr string
	}{
		{nil, func(o *Options) bool {
			return o.Format == "text" && o.Base == "" && !o.CommittedOnly && !o.Worktree && !o.NoRun && !o.Repro && !o.NoRecord &&
				len(o.Rules) == 0 && len(o.Waive) == 0
		}, ""},
		{[]string{"--base", "v1.0.0", "--committed-only", "--format", "sarif", "--no-record"}, func(o *Options) bool {
			return o.Base == "v1.0.0" && o.CommittedOnly && o.Format == "sarif" && o.NoRecord
		}, ""},
		{[]string{"--worktree", "--no-run", "--repro", "--rules", "tests-touched,coverage", "--coverage", "cover.out", "--coverage-format", "lcov"}, func(o *Options) bool {
			return o.Worktree && o.NoRun && o.Repro && strings.Join(o.Rules, ",") == "tests-touched,coverage" &&
				o.Coverage == "cover.out" && o.CoverageFormat == "lcov"
		}, ""},
		{[]string{"--waive", "docs-touched=generated", "--waive", "coverage=flaky, see #3"}, func(o *Options) bool {
			return strings.Join(o.Waive, "|") == "docs-touched=generated|coverage=flaky, see #3"
		}, ""},
		{[]string{"--json"}, func(o *Options) bool { return o.Format == "json" }, ""},
		{[]string{"--format", "github", "--sarif", "out/verify.sarif"}, func(o *Options) bool { return o.Format == "github" && o.SARIF == "out/verify.sarif" }, ""},
		{[]string{"--json", "--format", "json"}, func(o *Options) bool { return o.Format == "json" }, ""},
		{[]string{"--json", "--format", "sarif"}, nil, "--json and --format sarif cannot be used together"},
		{[]string{"--committed-only", "--worktree"}, nil, "cannot be used together"},
		{[]string{"--format", "xml"}, nil, "--format must be one of"},
		{[]string{"--rules", "spelling"}, nil, `unknown rule "spelling"`},
		{[]string{"--waive", "docs-touched"}, nil, "--waive"},
		{[]string{"--waive", "spelling=x"}, nil, "--waive"},
		{[]string{"--coverage-format", "xml"}, nil, "--coverage-format must be"},
		{[]string{"extra"}, nil, "unknown command"},
	} {
		ios, _, _, _ := iostreams.Test()
		env := func(string) string { return "" }
		var got *Options
		cmd := NewCmd(&cmdutil.Factory{IOStreams: ios, Getenv: env}, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(tc.args)
		cmd.SetOut(&bytes.Buffer{})
		cmd.SetErr(&bytes.Buffer{})
		err := cmd.Execute()
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%v: error %v, want %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got == nil || !tc.check(got) {
			t.Errorf("%v: %v %+v", tc.args, err, got)
			continue
		}
		if got.IO != ios || got.RunCommand == nil || got.Getenv == nil || got.OpenRepo == nil || got.LoadConfig == nil {
			t.Errorf("%v: dependencies not copied from the factory: %+v", tc.args, got)
		}
	}
}

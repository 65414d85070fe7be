package initcmd

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/internal/verifyrun"
	"github.com/hotfix-dev/hotfix/pkg/config"
)

// Flag parsing is tested with no I/O at all: runF captures the options.
func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		want    Options
		wantSet []string
		wantErr string
	}{
		{name: "no flags", want: Options{}},
		{name: "every flag", args: []string{"--flow", " GitFlow ", "--production", " main ", "--test-command", " make test ", "--codeowners", "--force"},
			want:    Options{Flow: "gitflow", Production: "main", TestCommand: "make test", CodeOwners: true, Force: true},
			wantSet: []string{"codeowners", "flow", "production", "test-command"}},
		{name: "codeowners off is a choice", args: []string{"--codeowners=false"},
			want: Options{}, wantSet: []string{"codeowners"}},
		{name: "empty test command is a choice", args: []string{"--test-command", ""},
			want: Options{}, wantSet: []string{"test-command"}},
		{name: "bad flow", args: []string{"--flow", "waterfall"}, wantErr: `--flow must be one of gitflow, trunk, release-branches, not "waterfall"`},
		{name: "empty flow", args: []string{"--flow", ""}, wantErr: "--flow must be one of"},
		{name: "bad production", args: []string{"--production", "a b"}, wantErr: `--production: "a b" is not a valid branch name`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			var got *Options
			cmd := NewCmd(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
			cmd.SetArgs(tc.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tc.wantErr != "" {
				var fe *cmdutil.FlagError
				if !errors.As(err, &fe) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v (%T), want a FlagError with %q", err, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var set []string
			for _, n := range valueFlags {
				if got.Set[n] {
					set = append(set, n)
				}
			}
			if !reflect.DeepEqual(set, sortedOrNil(tc.wantSet)) {
				t.Errorf("set %v, want %v", set, tc.wantSet)
			}
			got.IO, got.Prompter, got.OpenRepo, got.Set = nil, nil, nil, nil
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("options %+v\nwant    %+v", *got, tc.want)
			}
		})
	}
}

// sortedOrNil puts names in valueFlags order, as TestFlags lists them.
func sortedOrNil(names []string) []string {
	var out []string
	for _, n := range valueFlags {
		for _, m := range names {
			if n == m {
				out = append(out, n)
			}
		}
	}
	return out
}

// Whatever the values, the rendered file loads strictly and holds them:
// YAML's special characters are quoted, a newline is escaped.
func TestRenderLoadsWithAnyValue(t *testing.T) {
	d := detected{Remote: "origin", RemoteWhy: "configured", Flow: config.FlowTrunk, FlowWhy: "no develop", Production: "main"}
	for _, cmd := range []string{
		"", "go test ./...", "go test ./... && npm test --silent", "make test # all", "a: b", "&anchor x", "*alias",
		`echo "quoted" 'single'`, "- dash", "{braces}", "[brackets]", "yes", "null", "~", "1.5", "tab\there",
		"line one\nline two", "trailing space ", "@at", "%percent", "!tag value", "? key", "`backtick`", "ünïcode ✓",
	} {
		for _, fl := range flows {
			c := choices{Flow: fl, Production: "release/2026.1", TestCommand: cmd, CodeOwners: cmd == ""}
			data := render(d, c)
			if err := check(data, d, c); err != nil {
				t.Fatalf("flow %s, command %q: %v\n%s", fl, cmd, err, data)
			}
		}
	}
}

// check compares what loads with what was meant, so a rendering bug cannot
// pass as a valid file.
func TestCheckCatchesADifference(t *testing.T) {
	d := detected{Remote: "origin", Flow: config.FlowGitflow, Develop: "develop", Production: "main", TestCommand: "go test ./..."}
	c := choices{Flow: config.FlowGitflow, Production: "main", TestCommand: "go test ./...", CodeOwners: true}
	data := render(d, c)
	if err := check(data, d, c); err != nil {
		t.Fatal(err)
	}
	other := c
	other.TestCommand = "make test"
	if err := check(data, d, other); err == nil || !strings.Contains(err.Error(), "verify.tests_pass.command is go test ./..., not make test") {
		t.Fatalf("error %v", err)
	}
	if err := check([]byte("version: 1\nflw: trunk\n"), d, c); err == nil || !strings.Contains(err.Error(), `unknown key "flw"`) {
		t.Fatalf("error %v", err)
	}
}

// An empty test command says what verify will do with it: detect the first
// language's command, or find none.
func TestRenderEmptyTestCommand(t *testing.T) {
	d := detected{Remote: "origin", Flow: config.FlowTrunk, Production: "main"}
	c := choices{Flow: config.FlowTrunk, Production: "main"}
	for _, tc := range []struct {
		langs []verifyrun.Language
		want  string
	}{
		{[]verifyrun.Language{{Name: "Go", Marker: "go.mod", TestCommand: "go test ./..."}, {Name: "Python", Marker: "setup.py", TestCommand: "python3 -m pytest -q"}},
			"# \"\": verify detects the first language's command on each run (now: go test ./...).\n    command: \"\"\n"},
		{[]verifyrun.Language{{Name: "JavaScript/TypeScript", Marker: "package.json"}, {Name: "Java", Marker: "pom.xml", TestCommand: "mvn -q test"}},
			"# \"\": verify detects one on each run, and finds none (package.json comes first): set one, or tests-pass fails.\n"},
		{nil, "# No test command was found: set the one that runs your tests, or tests-pass fails.\n"},
	} {
		dd := d
		dd.Languages, dd.TestCommand = tc.langs, ""
		for _, l := range tc.langs {
			if l.TestCommand != "" {
				dd.TestCommand = l.TestCommand
			}
		}
		empty := c
		empty.TestCommand = ""
		data := render(dd, empty)
		if err := check(data, dd, empty); err != nil || !strings.Contains(string(data), tc.want) {
			t.Errorf("%v; want %q in\n%s", err, tc.want, data)
		}
	}
}

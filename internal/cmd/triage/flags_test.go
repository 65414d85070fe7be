package triage

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	shellquote "github.com/kballard/go-shellquote"
	"github.com/spf13/cobra"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Flag parsing is tested with no I/O at all: runF captures the options of
// each subcommand.
func TestFlags(t *testing.T) {
	var got any
	capture := func(o any) error { got = o; return nil }
	subs := map[string]func(f *cmdutil.Factory) *cobra.Command{
		"hypothesis": func(f *cmdutil.Factory) *cobra.Command {
			return newHypothesisCmd(f, func(o *HypothesisOptions) error { return capture(o) })
		},
		"repro": func(f *cmdutil.Factory) *cobra.Command {
			return newNoteCmd(f, "STEPS", "", record.EventRepro, func(o *NoteOptions) error { return capture(o) })
		},
		"dataset": func(f *cmdutil.Factory) *cobra.Command {
			return newNoteCmd(f, "NOTE", "", record.EventDataset, func(o *NoteOptions) error { return capture(o) })
		},
		"isolate": func(f *cmdutil.Factory) *cobra.Command {
			return newIsolateCmd(f, func(o *IsolateOptions) error { return capture(o) })
		},
		"logs": func(f *cmdutil.Factory) *cobra.Command {
			return newLogsCmd(f, func(o *LogsOptions) error { return capture(o) })
		},
		"suspects": func(f *cmdutil.Factory) *cobra.Command {
			return newSuspectsCmd(f, func(o *SuspectsOptions) error { return capture(o) })
		},
	}
	for _, tc := range []struct {
		name    string
		sub     string
		args    string
		dryRun  bool
		want    any
		wantErr string
	}{
		{name: "state", sub: "hypothesis", args: `"json.loads is given" a file`,
			want: &HypothesisOptions{HypothesisRequest: HypothesisRequest{Text: "json.loads is given a file"}}},
		{name: "state and verify", sub: "hypothesis", args: `--id rec-1 --json it --verified "reverting fixes it"`,
			want: &HypothesisOptions{Common: Common{ID: "rec-1", JSON: true}, HypothesisRequest: HypothesisRequest{Text: "it", Verified: "reverting fixes it"}}},
		{name: "reject one", sub: "hypothesis", args: `--id-hypothesis h1 --rejected "the dataset is intact"`, dryRun: true,
			want: &HypothesisOptions{Common: Common{DryRun: true}, HypothesisRequest: HypothesisRequest{Target: "h1", Rejected: "the dataset is intact"}}},
		{name: "both verdicts", sub: "hypothesis", args: "--verified a --rejected b", wantErr: "--verified and --rejected cannot be used together"},
		{name: "nothing to say", sub: "hypothesis", args: "--id rec-1", wantErr: "give the hypothesis, --verified/--rejected EVIDENCE (with --hypothesis ID when more than one is open), or --reopen ID"},
		{name: "reopen alone", sub: "hypothesis", args: "--reopen h1 --verified x", wantErr: "--reopen ID takes nothing else"},
		{name: "two names", sub: "hypothesis", args: "--hypothesis h1 --id-hypothesis h2 --verified x", wantErr: "--hypothesis and --id-hypothesis name different hypotheses"},
		{name: "no evidence", sub: "hypothesis", args: "it --verified ' '", wantErr: "--verified and --rejected need the evidence"},
		{name: "repro", sub: "repro", args: "open / then  reload", want: &NoteOptions{Kind: record.EventRepro, Text: "open / then reload"}},
		{name: "dataset", sub: "dataset", args: "--id rec-1 --json 'replica lag is 0'",
			want: &NoteOptions{Common: Common{ID: "rec-1", JSON: true}, Kind: record.EventDataset, Text: "replica lag is 0"}},
		{name: "empty repro", sub: "repro", args: "' '", wantErr: "say what: hotfix triage repro STEPS"},
		{name: "isolate", sub: "isolate", args: "application.py:23 --note 'json.loads'",
			want: &IsolateOptions{Location: "application.py:23", File: "application.py", Line: 23, Note: "json.loads"}},
		{name: "isolate a file", sub: "isolate", args: "--id rec-1 application.py",
			want: &IsolateOptions{Common: Common{ID: "rec-1"}, Location: "application.py", File: "application.py"}},
		{name: "isolate line zero", sub: "isolate", args: "application.py:0", wantErr: "must be a positive number"},
		{name: "isolate no file", sub: "isolate", args: ":3", wantErr: "has no file"},
		{name: "isolate two places", sub: "isolate", args: "a.py:1 b.py:2", wantErr: "accepts 1 arg(s)"},
		{name: "logs", sub: "logs", args: "app.log -", want: &LogsOptions{Files: []string{"app.log", "-"}, Context: 3}},
		{name: "logs record", sub: "logs", args: "-C 0 --pattern panic --pattern 'fatal:' --json --record --id rec-1 app.log",
			want: &LogsOptions{Common: Common{ID: "rec-1"}, Files: []string{"app.log"}, Patterns: []string{"panic", "fatal:"}, JSON: true, Record: true}},
		{name: "logs raw", sub: "logs", args: "--raw app.log", want: &LogsOptions{Files: []string{"app.log"}, Context: 3, Raw: true}},
		{name: "logs raw json", sub: "logs", args: "--raw --json app.log", wantErr: "--raw prints lines, not a result"},
		{name: "logs negative context", sub: "logs", args: "-C -1 app.log", wantErr: "-C must not be negative"},
		{name: "logs nothing", sub: "logs", args: "", wantErr: "requires at least 1 arg(s)"},
		{name: "suspects", sub: "suspects", args: "", want: &SuspectsOptions{Limit: 10}},
		{name: "suspects every flag", sub: "suspects", args: "--good v1.4.1 --bad v1.4.2 --logs a.log --logs b.log --path app.py --symbol json.loads --json --limit 3 --id rec-1",
			want: &SuspectsOptions{Common: Common{ID: "rec-1"}, Good: "v1.4.1", Bad: "v1.4.2", Logs: []string{"a.log", "b.log"}, Paths: []string{"app.py"}, Symbols: []string{"json.loads"}, JSON: true, Limit: 3}},
		{name: "suspects argument", sub: "suspects", args: "v1.4.1", wantErr: `unknown command "v1.4.1"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			f := &cmdutil.Factory{IOStreams: ios, DryRun: tc.dryRun}
			got = nil
			cmd := subs[tc.sub](f)
			argv, err := shellquote.Split(tc.args)
			if err != nil {
				t.Fatal(err)
			}
			cmd.SetArgs(argv)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err = cmd.Execute()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				var fe *cmdutil.FlagError
				if !errors.As(err, &fe) && !strings.Contains(err.Error(), "arg(s)") && !strings.Contains(err.Error(), "unknown command") {
					t.Fatalf("want a usage error, got %T", err)
				}
				if got != nil {
					t.Fatal("ran despite the error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c := common(got)
			if c.IO != ios || c.OpenRepo == nil || c.LoadConfig == nil {
				t.Fatal("the dependencies were not copied from the factory")
			}
			c.IO, c.Clock, c.OpenRepo, c.LoadConfig = nil, nil, nil, nil
			if s, ok := got.(*SuspectsOptions); ok {
				if s.Scan == nil {
					t.Fatal("suspects has no log scanner")
				}
				s.Scan = nil
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("options %+v, want %+v", got, tc.want)
			}
		})
	}
}

// common returns the Common of any subcommand's options.
func common(o any) *Common {
	switch o := o.(type) {
	case *HypothesisOptions:
		return &o.Common
	case *NoteOptions:
		return &o.Common
	case *IsolateOptions:
		return &o.Common
	case *LogsOptions:
		return &o.Common
	case *SuspectsOptions:
		return &o.Common
	}
	panic("unknown options")
}

// The help of triage logs names every trace family the corpus measures
// (docs/triage.md), not the first four.
func TestLogsHelpNamesTheFamilies(t *testing.T) {
	f := &cmdutil.Factory{}
	long := newLogsCmd(f, func(*LogsOptions) error { return nil }).Long
	for _, want := range []string{"Python", "Kotlin", "Go", "JavaScript", "Rust", ".NET", "AddressSanitizer", "lldb", "Ruby", "PHP", "compose", "JSON"} {
		if !strings.Contains(long, want) {
			t.Errorf("triage logs --help does not name %s:\n%s", want, long)
		}
	}
}

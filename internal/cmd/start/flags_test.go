package start

import (
	"bytes"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	shellquote "github.com/kballard/go-shellquote"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
)

// Flag parsing is tested with no I/O at all: runF captures the options.
func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    string
		want    Options
		wantSet []string
		wantErr string
	}{
		{name: "no flags", args: "", want: Options{}},
		{name: "every answer flag", args: `--title "Checkout returns 500" --severity sev2 --reporter alice --detected Automatic --affected "all shoppers" --version v1.4.2 --base v1.4.2 --owner bob --answers a.yaml`,
			want:    Options{Title: "Checkout returns 500", Severity: "sev2", Reporter: "alice", Detected: "automatic", Affected: "all shoppers", Version: "v1.4.2", Base: "v1.4.2", Owner: "bob", AnswersFile: "a.yaml"},
			wantSet: []string{"affected", "answers", "base", "detected", "owner", "reporter", "severity", "title", "version"}},
		{name: "json", args: "--json --title x", want: Options{JSON: true, Title: "x"}, wantSet: []string{"title"}},
		{name: "continue", args: "--continue", want: Options{Continue: true}},
		{name: "abort", args: "--abort", want: Options{Abort: true}},
		{name: "continue and abort", args: "--continue --abort", wantErr: "--continue and --abort cannot be used together"},
		{name: "continue with answers", args: "--continue --title x", wantErr: "take no answers"},
		{name: "bad detection", args: "--detected psychic", wantErr: `--detected must be manual or automatic, not "psychic"`},
		{name: "empty title", args: "--title ' '", wantErr: "--title must not be empty"},
		{name: "positional argument", args: "oops", wantErr: `unknown command "oops"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			f := &cmdutil.Factory{IOStreams: ios}
			var got *Options
			cmd := NewCmd(f, func(o *Options) error { got = o; return nil })
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
				if !errors.As(err, &fe) && !strings.Contains(err.Error(), "unknown command") {
					t.Fatalf("want a usage error, got %T", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var set []string
			for _, n := range answerFlags {
				if got.Set[n] {
					set = append(set, n)
				}
			}
			wantSet := append([]string(nil), tc.wantSet...)
			sort.Strings(set)
			sort.Strings(wantSet)
			if !reflect.DeepEqual(set, wantSet) {
				t.Fatalf("set %v, want %v", set, wantSet)
			}
			if got.Getenv == nil {
				t.Fatal("the environment was not copied from the factory")
			}
			got.IO, got.Prompter, got.Clock, got.OpenRepo, got.LoadConfig, got.Getenv, got.Set = nil, nil, nil, nil, nil, nil, nil
			if !reflect.DeepEqual(*got, tc.want) {
				t.Fatalf("options %+v, want %+v", *got, tc.want)
			}
		})
	}
}

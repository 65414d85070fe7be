package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
)

// driven is a command as Drive sees it: its data is a branch name and a
// count, its steps the world's.
type driven struct {
	Branch string `json:"branch"`
	Count  int    `json:"count"`
}

func command(dir string, w *world, d *driven, out *bytes.Buffer) *Command {
	return &Command{
		Runner:    Runner{Dir: dir, Command: "start", Snapshot: func() interface{} { return d }, DataVersion: 2},
		Data:      d,
		FreshHint: "run `hotfix start`",
		Subject:   func() string { return "for branch " + d.Branch },
		Prepare:   func(context.Context) error { d.Branch = "hotfix/x"; return nil },
		Steps:     w.plan,
		PrintDryRun: func() error {
			out.WriteString("plan\n")
			return nil
		},
		Finish:  func() error { out.WriteString("done " + d.Branch + "\n"); return nil },
		Aborted: func(*State) error { out.WriteString("aborted\n"); return nil },
		Out:     out, ErrOut: out,
	}
}

func code(err error) int {
	var ce *cmdutil.Error
	if errors.As(err, &ce) {
		return ce.Code
	}
	return -1
}

// The one protocol: a fresh run, a stop, the refusal or the note of a plain
// rerun, --continue, --abort, and dry runs that change nothing.
func TestDriveProtocol(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var out bytes.Buffer

	// Nothing saved: --continue and --abort say so and how to begin.
	for _, flags := range []func(c *Command){func(c *Command) { c.Continue = true }, func(c *Command) { c.Abort = true }} {
		c := command(dir, &world{}, &driven{}, &out)
		flags(c)
		if err := Drive(ctx, c); code(err) != cmdutil.ExitFailure || !strings.Contains(err.Error(), "there is no interrupted `hotfix start`") {
			t.Fatalf("nothing saved: %v", err)
		}
	}
	// A fresh dry run prints the plan and saves nothing.
	c := command(dir, &world{}, &driven{}, &out)
	c.DryRun = true
	if err := Drive(ctx, c); err != nil || out.String() != "plan\n" {
		t.Fatalf("dry run: %v %q", err, out.String())
	}
	if s, _ := c.Runner.Load(); s != nil {
		t.Fatal("a dry run saved progress")
	}

	// A run that stops at step two.
	w := &world{fail: map[string]int{"two": 1}}
	err := Drive(ctx, command(dir, w, &driven{}, &out))
	var se *StoppedError
	if !errors.As(err, &se) || se.Step != "two" {
		t.Fatalf("stop: %v", err)
	}
	// Saved progress and no flag: refused when the command requires
	// --continue, with both ways on.
	c = command(dir, w, &driven{}, &out)
	c.RequireContinue = true
	if err := Drive(ctx, c); code(err) != cmdutil.ExitStopped || !strings.Contains(err.Error(), "an earlier `hotfix start` for branch hotfix/x stopped at step \"two\"") {
		t.Fatalf("refusal: %v", err)
	}
	// Dry runs of --continue and --abort change nothing.
	for _, abort := range []bool{false, true} {
		out.Reset()
		c = command(dir, w, &driven{}, &out)
		c.Continue, c.Abort, c.DryRun = !abort, abort, true
		if err := Drive(ctx, c); err != nil || !strings.Contains(out.String(), "Dry run: would") || !strings.Contains(out.String(), "for branch hotfix/x (done: one)") {
			t.Fatalf("dry run of a saved run: %v %q", err, out.String())
		}
	}
	// A plain rerun of a command that does not require --continue
	// finishes it, with a note; the saved data is what it works on.
	out.Reset()
	d := &driven{}
	if err := Drive(ctx, command(dir, w, d, &out)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Finishing the interrupted `hotfix start` for branch hotfix/x (done: one).") || !strings.HasSuffix(out.String(), "done hotfix/x\n") {
		t.Fatalf("resume: %q", out.String())
	}
	if want := []string{"run one", "run two", "run three"}; !reflect.DeepEqual(w.log, want) {
		t.Fatalf("steps %v", w.log)
	}

	// --abort undoes the done steps and the one that stopped.
	w = &world{fail: map[string]int{"three": 1}}
	_ = Drive(ctx, command(dir, w, &driven{}, &out))
	c = command(dir, w, &driven{}, &out)
	c.Abort = true
	out.Reset()
	if err := Drive(ctx, c); err != nil || out.String() != "aborted\n" {
		t.Fatalf("abort: %v %q", err, out.String())
	}
	if want := []string{"run one", "run two", "undo three", "undo one"}; !reflect.DeepEqual(w.log, want) {
		t.Fatalf("abort steps %v", w.log)
	}
	if s, _ := c.Runner.Load(); s != nil {
		t.Fatal("state left after abort")
	}
}

// Damaged saved state is handled one way for every command: refused with
// the way out, and --abort forgets it without undoing anything.
func TestDriveDamagedState(t *testing.T) {
	ctx := context.Background()
	for name, content := range map[string]string{
		"not json":        "{",
		"data not json":   `{"version":1,"command":"start","done":["one"],"data":"a string","data_version":2}`,
		"old, no migrate": `{"version":1,"command":"start","done":["one"],"data":{"branch":"b"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "start.json")
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			w := &world{}
			for _, cont := range []bool{false, true} {
				c := command(dir, w, &driven{}, &out)
				c.Continue = cont
				err := Drive(ctx, c)
				if code(err) != cmdutil.ExitFailure || !strings.Contains(err.Error(), "the saved progress of `hotfix start` cannot be read") {
					t.Fatalf("refusal: %v", err)
				}
				var ce *cmdutil.Error
				if errors.As(err, &ce); !strings.Contains(ce.Fix, "`hotfix start --abort` to forget it") {
					t.Fatalf("fix: %q", ce.Fix)
				}
			}
			c := command(dir, w, &driven{}, &out)
			c.Abort = true
			if err := Drive(ctx, c); err != nil || !strings.Contains(out.String(), "nothing was undone") {
				t.Fatalf("abort: %v %q", err, out.String())
			}
			if _, err := os.Stat(path); !os.IsNotExist(err) || len(w.log) != 0 {
				t.Fatalf("abort left the state or ran steps: %v %v", err, w.log)
			}
		})
	}
}

// Data saved in an older format is carried over by the command's Migrate
// and resumed; a newer format is refused.
func TestDriveMigratesOlderData(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old := `{"version":1,"command":"start","done":["one"],"data":{"name":"hotfix/old","n":3}}`
	if err := os.WriteFile(filepath.Join(dir, "start.json"), []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := &world{}
	d := &driven{}
	c := command(dir, w, d, &out)
	c.Continue = true
	c.Migrate = func(from int, raw json.RawMessage) (json.RawMessage, error) {
		var v1 struct {
			Name string `json:"name"`
			N    int    `json:"n"`
		}
		if from != 1 {
			return nil, errors.New("unknown")
		}
		if err := json.Unmarshal(raw, &v1); err != nil {
			return nil, err
		}
		return json.Marshal(driven{Branch: v1.Name, Count: v1.N})
	}
	if err := Drive(ctx, c); err != nil {
		t.Fatal(err)
	}
	if *d != (driven{Branch: "hotfix/old", Count: 3}) || !reflect.DeepEqual(w.log, []string{"run two", "run three"}) {
		t.Fatalf("migrated %+v, steps %v", d, w.log)
	}

	newer := `{"version":1,"command":"start","done":[],"data":{},"data_version":3}`
	if err := os.WriteFile(filepath.Join(dir, "start.json"), []byte(newer), 0o644); err != nil {
		t.Fatal(err)
	}
	c = command(dir, w, &driven{}, &out)
	if err := Drive(ctx, c); err == nil || !strings.Contains(err.Error(), "newer hotfix") {
		t.Fatalf("newer: %v", err)
	}
}

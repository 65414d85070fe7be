package steps

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

type world struct {
	log  []string
	fail map[string]int // fail a step this many more times
}

func (w *world) plan() []Step {
	step := func(kind string, undo bool) Step {
		s := Step{Kind: kind, Run: func(ctx context.Context) error {
			if w.fail[kind] > 0 {
				w.fail[kind]--
				return errors.New(kind + " broke")
			}
			w.log = append(w.log, "run "+kind)
			return nil
		}}
		if undo {
			s.Undo = func(ctx context.Context) error { w.log = append(w.log, "undo "+kind); return nil }
		}
		return s
	}
	return []Step{step("one", true), step("two", false), step("three", true)}
}

func TestRunToTheEnd(t *testing.T) {
	r := Runner{Dir: t.TempDir(), Command: "start"}
	w := &world{}
	s, err := r.Begin(map[string]string{"branch": "b"})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Run(context.Background(), s, w.plan()); err != nil {
		t.Fatal(err)
	}
	if want := []string{"run one", "run two", "run three"}; !reflect.DeepEqual(w.log, want) {
		t.Fatalf("log %v", w.log)
	}
	if s, _ := r.Load(); s != nil {
		t.Fatal("state left after success")
	}
}

func TestStopThenContinue(t *testing.T) {
	r := Runner{Dir: t.TempDir(), Command: "pr"}
	w := &world{fail: map[string]int{"two": 1}}
	s, _ := r.Begin("data")
	err := r.Run(context.Background(), s, w.plan())
	var se *StoppedError
	if !errors.As(err, &se) || se.Step != "two" || se.Command != "pr" || !strings.Contains(err.Error(), "two broke") {
		t.Fatalf("error %v", err)
	}
	saved, err := r.Load()
	if err != nil || saved == nil || !reflect.DeepEqual(saved.Done, []string{"one"}) || saved.Failed != "two" || string(saved.Data) != `"data"` {
		t.Fatalf("saved %+v %v", saved, err)
	}
	if err := r.Run(context.Background(), saved, w.plan()); err != nil {
		t.Fatal(err)
	}
	if want := []string{"run one", "run two", "run three"}; !reflect.DeepEqual(w.log, want) {
		t.Fatalf("continue repeated or skipped a step: %v", w.log)
	}
}

func TestAbortUndoesInReverseIncludingTheFailedStep(t *testing.T) {
	r := Runner{Dir: t.TempDir(), Command: "close"}
	w := &world{fail: map[string]int{"three": 1}}
	s, _ := r.Begin(nil)
	_ = r.Run(context.Background(), s, w.plan())
	saved, _ := r.Load()
	w.log = nil
	if err := r.Abort(context.Background(), saved, w.plan()); err != nil {
		t.Fatal(err)
	}
	if want := []string{"undo three", "undo one"}; !reflect.DeepEqual(w.log, want) {
		t.Fatalf("undo order %v", w.log)
	}
	if s, _ := r.Load(); s != nil {
		t.Fatal("state left after abort")
	}
}

// A process killed while a step ran saved neither its success nor a
// failure: that step may have done its work, so Abort undoes it too.
func TestAbortUndoesTheStepRunningWhenKilled(t *testing.T) {
	r := Runner{Dir: t.TempDir(), Command: "start"}
	w := &world{}
	s, _ := r.Begin(nil)
	plan := w.plan()
	// What a kill after "three" ran and before its progress was saved
	// leaves: "one" and "two" done, nothing failed.
	for _, st := range plan[:2] {
		_ = st.Run(context.Background())
		s.Done = append(s.Done, st.Kind)
	}
	if err := r.save(s); err != nil {
		t.Fatal(err)
	}
	_ = plan[2].Run(context.Background())
	saved, _ := r.Load()
	w.log = nil
	if err := r.Abort(context.Background(), saved, plan); err != nil {
		t.Fatal(err)
	}
	if want := []string{"undo three", "undo one"}; !reflect.DeepEqual(w.log, want) {
		t.Fatalf("undo %v", w.log)
	}
	// Nothing done yet: the first step is the one that may have run.
	s, _ = r.Begin(nil)
	w.log = nil
	if err := r.Abort(context.Background(), s, plan); err != nil {
		t.Fatal(err)
	}
	if want := []string{"undo one"}; !reflect.DeepEqual(w.log, want) {
		t.Fatalf("undo %v", w.log)
	}
}

func TestCancelledContextStopsBetweenSteps(t *testing.T) {
	r := Runner{Dir: t.TempDir(), Command: "start"}
	w := &world{}
	ctx, cancel := context.WithCancel(context.Background())
	plan := w.plan()
	first := plan[0].Run
	plan[0].Run = func(c context.Context) error { err := first(c); cancel(); return err }
	s, _ := r.Begin(nil)
	err := r.Run(ctx, s, plan)
	var se *StoppedError
	if !errors.As(err, &se) || se.Step != "two" || !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v", err)
	}
	if saved, _ := r.Load(); saved == nil || !reflect.DeepEqual(saved.Done, []string{"one"}) {
		t.Fatalf("saved %+v", saved)
	}
}

func TestDamagedOrNewerState(t *testing.T) {
	dir := t.TempDir()
	r := Runner{Dir: dir, Command: "start"}
	if err := os.WriteFile(filepath.Join(dir, "start.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Load(); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("damaged: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "start.json"), []byte(`{"version": 99}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Load(); err == nil || !strings.Contains(err.Error(), "newer hotfix") {
		t.Fatalf("newer: %v", err)
	}
	if err := r.Clear(); err != nil {
		t.Fatal(err)
	}
	if err := r.Clear(); err != nil {
		t.Fatal("clearing twice:", err)
	}
}

func TestSnapshotSavesWhatStepsLearn(t *testing.T) {
	data := struct{ Number int }{}
	r := Runner{Dir: t.TempDir(), Command: "pr", Snapshot: func() interface{} { return data }}
	s, _ := r.Begin(data)
	plan := []Step{
		{Kind: "create", Run: func(context.Context) error { data.Number = 7; return nil }},
		{Kind: "fail", Run: func(context.Context) error { return errors.New("network") }},
	}
	_ = r.Run(context.Background(), s, plan)
	saved, _ := r.Load()
	var got struct{ Number int }
	if err := json.Unmarshal(saved.Data, &got); err != nil || got.Number != 7 {
		t.Fatalf("saved data %s", saved.Data)
	}
}

// TestSavedBeforeEachStep checks what a process killed inside a step leaves
// on disk: the plan's data and every earlier step marked done, so that a
// --continue runs that step again and no other.
func TestSavedBeforeEachStep(t *testing.T) {
	r := Runner{Dir: t.TempDir(), Command: "pr"}
	s, err := r.Begin(map[string]string{"branch": "b"})
	if err != nil {
		t.Fatal(err)
	}
	var seen [][]string
	var plan []Step
	for _, k := range []string{"one", "two", "three"} {
		plan = append(plan, Step{Kind: k, Run: func(ctx context.Context) error {
			on, err := r.Load()
			if err != nil || on == nil {
				t.Fatalf("state on disk: %v, %v", on, err)
			}
			var data map[string]string
			if err := json.Unmarshal(on.Data, &data); err != nil || data["branch"] != "b" {
				t.Errorf("data %s", on.Data)
			}
			seen = append(seen, on.Done)
			return nil
		}})
	}
	if err := r.Run(context.Background(), s, plan); err != nil {
		t.Fatal(err)
	}
	want := [][]string{{}, {"one"}, {"one", "two"}}
	if !reflect.DeepEqual(seen, want) {
		t.Fatalf("done on disk before each step: %v, want %v", seen, want)
	}
}

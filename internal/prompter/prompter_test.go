package prompter

import (
	"errors"
	"testing"
)

func TestExactFirst(t *testing.T) {
	opts := []string{"yes", "no", "not known yet"}
	f := exactFirst(opts)
	keep := func(filter string) []string {
		var out []string
		for i, o := range opts {
			if f(filter, o, i) {
				out = append(out, o)
			}
		}
		return out
	}
	for filter, want := range map[string][]string{
		"no": {"no"}, "NO": {"no"}, "n": {"no", "not known yet"}, "known": {"not known yet"}, "": opts, "y": {"yes", "not known yet"}, "ye": {"yes", "not known yet"},
	} {
		got := keep(filter)
		if len(got) != len(want) {
			t.Errorf("filter %q keeps %v, want %v", filter, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("filter %q keeps %v, want %v", filter, got, want)
			}
		}
	}
}

func TestScripted(t *testing.T) {
	s := NewScripted(Answer{Match: "Title", Value: "x"}, Answer{Match: "Pick", Value: "SEV"}, Answer{Match: "Sure"}, Answer{Match: "Stop", Interrupt: true})
	if v, err := s.Input("Title?", "", "d"); v != "x" || err != nil {
		t.Fatal(v, err)
	}
	if i, err := s.Select("Pick one", "", []string{"none", "sev2"}, 0); i != 1 || err != nil {
		t.Fatal(i, err)
	}
	if b, err := s.Confirm("Sure?", true); !b || err != nil {
		t.Fatal(b, err)
	}
	if _, err := s.Input("Stop here", "", ""); !errors.Is(err, ErrInterrupted) {
		t.Fatal(err)
	}
	if _, err := s.Input("Unexpected", "", ""); err == nil {
		t.Fatal("an unexpected prompt must fail")
	}
	if len(s.Asked()) != 5 || len(s.Remaining()) != 0 {
		t.Fatal(s.Asked(), s.Remaining())
	}
}

package commitid

import "testing"

func TestShort(t *testing.T) {
	for in, want := range map[string]string{
		"46848c918895e0720cffb7ceca70b83383389493": "46848c9188",
		"46848c9188": "46848c9188",
		"abc":        "abc",
		"":           "",
	} {
		if got := Short(in); got != want {
			t.Errorf("Short(%q) = %q, want %q", in, got, want)
		}
	}
}

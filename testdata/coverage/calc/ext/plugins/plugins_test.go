package plugins

import "testing"

func TestApply(t *testing.T) {
	if Apply("double", 2) != 4 {
		t.Fatal("double")
	}
}

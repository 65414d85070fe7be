package shape

import "testing"

func TestArea(t *testing.T) {
	if (Rect{2, 3}).Area() != 6 {
		t.Fatal("Area")
	}
	if !(Rect{2, 2}).Square() {
		t.Fatal("Square")
	}
}

package calc

import "testing"

func TestAdd(t *testing.T) {
	for i := 0; i < 3; i++ {
		if Add(i, 1) != i+1 {
			t.Fatal("Add")
		}
	}
}

func TestDiv(t *testing.T) {
	if q, err := Div(6, 3); err != nil || q != 2 {
		t.Fatal("Div")
	}
}

func TestSign(t *testing.T) {
	if Sign(-4) != -1 || Sign(0) != 0 {
		t.Fatal("Sign")
	}
}

func TestSum(t *testing.T) {
	if Sum([]string{"1", "2", "3"}) != 6 {
		t.Fatal("Sum")
	}
}

package tools

import "testing"

func TestTable(t *testing.T) {
	if Table(2) != "1 2\n2 4\n" {
		t.Fatal(Table(2))
	}
}

package lang

import (
	"reflect"
	"testing"
)

const goSrc = `// Package shop sells things.
package shop

import "fmt"

// Cart holds items.
type Cart struct {
	items []int // the prices
}

// Add adds a price.
func (c *Cart) Add(p int) {
	// keep it simple
	c.items = append(c.items, p)
}

func (c *Cart) total() int { return 0 }

// Levels of discount.
const (
	None = 0
	// Half is half off.
	Half = 50
)

var Debug, _ = fmt.Println, 1

type (
	// ID names an item.
	ID string
	Price int
)

func Generic[T any](x T) T { return x }
`

func TestGoDecls(t *testing.T) {
	ds, err := Go{}.Decls("shop.go", []byte(goSrc))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Name, Kind       string
		Exported         bool
		Start, End, Body int
		DocStart, DocEnd int
		GroupDoc         bool
		Comments         []int
	}
	var got []row
	for _, d := range ds {
		got = append(got, row{d.Name, d.Kind, d.Exported, d.Start, d.End, d.BodyStart, d.DocStart, d.DocEnd, d.GroupDoc, d.CommentLines})
	}
	want := []row{
		{"Cart", "type", true, 7, 9, 7, 6, 6, false, []int{6, 8}},
		{"Cart.Add", "method", true, 12, 15, 12, 11, 11, false, []int{11, 13}},
		{"Cart.total", "method", false, 17, 17, 17, 0, 0, false, []int{}},
		{"None", "const", true, 21, 21, 0, 19, 19, true, []int{19}},
		{"Half", "const", true, 23, 23, 0, 22, 22, false, []int{22}},
		{"Debug", "var", true, 26, 26, 0, 0, 0, false, []int{}},
		{"ID", "type", true, 30, 30, 0, 29, 29, false, []int{29}},
		{"Price", "type", true, 31, 31, 0, 0, 0, false, []int{}},
		{"Generic", "func", true, 34, 34, 34, 0, 0, false, []int{}},
	}
	if !reflect.DeepEqual(got, want) {
		for i := range got {
			if i >= len(want) || !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("decl %d: %+v", i, got[i])
			}
		}
		t.Fatalf("got %d decls, want %d", len(got), len(want))
	}
	if _, err := (Go{}).Decls("bad.go", []byte("package x\nfunc (\n")); err == nil {
		t.Fatal("syntax error not reported")
	}
}

func TestDocStartsWithName(t *testing.T) {
	for doc, want := range map[string]bool{
		"Add adds a price.":       true,
		"A Cart holds items.":     true,
		"The Cart is here.":       true,
		"Adds a price.":           false,
		"AddAll adds them all.":   false,
		"Deprecated: use AddAll.": false,
		"Add":                     true,
	} {
		if got := DocStartsWithName(Decl{Name: "Cart.Add", Doc: doc}) || DocStartsWithName(Decl{Name: "Cart", Doc: doc}); got != want {
			t.Errorf("%q: %v, want %v", doc, got, want)
		}
	}
}

func TestGoTestLayout(t *testing.T) {
	g := Go{}
	if !g.IsTest("a/b_test.go") || g.IsTest("a/b.go") || !g.TestsFor("a/b.go", "a/c_test.go") || g.TestsFor("a/b.go", "x/b_test.go") {
		t.Fatal("Go test layout")
	}
	if For("x.go") == nil || For("x.PY") == nil || For("x.tsx") == nil || For("X.java") == nil || For("x.rb") != nil {
		t.Fatal("For by extension")
	}
}

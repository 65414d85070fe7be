package strictyaml

import (
	"strings"
	"testing"
	"time"
)

type doc struct {
	Name  string            `yaml:"name"`
	When  time.Time         `yaml:"when"`
	Tags  []string          `yaml:"tags"`
	Meta  map[string]string `yaml:"meta"`
	Inner struct {
		N int `yaml:"n"`
	} `yaml:"inner"`
	hidden string
}

func TestDecode(t *testing.T) {
	var d doc
	if _, err := Decode("d.yaml", []byte("name: x\nwhen: 2026-01-02T03:04:05Z\ntags: [a, b]\nmeta: {k: v}\ninner: {n: 3}\n"), &d); err != nil {
		t.Fatal(err)
	}
	if d.Name != "x" || d.Inner.N != 3 || len(d.Tags) != 2 || d.Meta["k"] != "v" || d.When.Year() != 2026 {
		t.Fatalf("decoded %+v", d)
	}
	if _, err := Decode("d.yaml", nil, &d); err != nil {
		t.Fatalf("empty document: %v", err)
	}
}

func TestDecodeRefuses(t *testing.T) {
	bomb := "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	for _, tc := range []struct{ name, doc, want string }{
		{"unknown key", "name: x\nnmae: y\n", `d.yaml:2: unknown key "nmae" in the top level (known keys: inner, meta, name, tags, when)`},
		{"unexported field is not a key", "hidden: x\n", `unknown key "hidden"`},
		{"nested unknown", "inner:\n  n: 1\n  m: 2\n", `d.yaml:3: unknown key "m" in inner`},
		{"list where mapping", "inner: [1]\n", "d.yaml:1: inner must be a mapping of keys"},
		{"mapping where list", "tags: {a: b}\n", "d.yaml:1: tags must be a list"},
		{"type error has its line", "name: x\ninner:\n  n: many\n", "d.yaml:3: cannot unmarshal"},
		{"alias bomb", "name: x\ntags: " + bomb, "d.yaml:"},
		{"alias in a value", "name: &n x\ntags: [*n]\n", "aliases are not allowed"},
		{"too big", "name: " + strings.Repeat("x", MaxSize), "the limit is"},
		{"not yaml", "name: [\n", "is not valid YAML"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d doc
			_, err := Decode("d.yaml", []byte(tc.doc), &d)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestLine(t *testing.T) {
	var d doc
	n, err := Decode("d.yaml", []byte("name: x\ntags:\n  - a\n  - b\ninner:\n  n: 1\n"), &d)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path []interface{}
		want int
	}{{[]interface{}{"name"}, 1}, {[]interface{}{"tags", 1}, 4}, {[]interface{}{"inner", "n"}, 6}, {[]interface{}{"missing"}, 1}} {
		if got := Line(n, tc.path...); got != tc.want {
			t.Errorf("Line(%v) = %d, want %d", tc.path, got, tc.want)
		}
	}
}

func TestMarshalIndentsTwoSpaces(t *testing.T) {
	b, err := Marshal(map[string]interface{}{"a": map[string]int{"b": 1}})
	if err != nil || string(b) != "a:\n  b: 1\n" {
		t.Fatalf("%q %v", b, err)
	}
}

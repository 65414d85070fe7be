package strictyaml

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// fuzzDoc has every shape the config and record use: scalars, times, lists,
// maps, nested structs, pointers and lists of structs.
type fuzzDoc struct {
	doc   `yaml:",inline"`
	Ptr   *doc              `yaml:"ptr"`
	Items []doc             `yaml:"items"`
	Nums  map[string]int    `yaml:"nums"`
	Deep  map[string][]doc  `yaml:"deep"`
	Any   map[string]string `yaml:"any"`
}

// FuzzDecode: any document decodes or is refused with an *Error, never a
// panic; a decoded document holds no alias anywhere (the billion laughs
// cannot get in through a key, a value or a list item).
//
//	go test ./pkg/strictyaml -run '^$' -fuzz '^FuzzDecode$' -fuzztime 2m
func FuzzDecode(f *testing.F) {
	bomb := "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	for _, s := range []string{
		"name: x\nwhen: 2026-01-02T03:04:05Z\ntags: [a, b]\nmeta: {k: v}\ninner: {n: 3}\n",
		"tags: " + bomb,
		"any: " + bomb,
		"meta:\n  ? &k x\n  : y\n  ? *k\n  : z\n",
		"meta: {*a : b}\n",
		"items:\n- name: a\n  inner: {n: 1}\n- &i {name: b}\n- *i\n",
		"ptr: {inner: {n: 99999999999999999999999}}\n",
		"nums: {a: 1, b: 0x10, c: -1, d: .inf}\n",
		"deep:\n  k:\n  - name: [[[[[[[[[[x]]]]]]]]]]\n",
		"name: !!binary aGVsbG8=\n",
		"name: !custom x\n",
		"<<: {name: x}\n",
		"name: x\n---\nname: y\n",
		"\xff\xfe\x00n\x00a",
		"name: \"\\xff\\u0000\"\n",
		"when: 99999-99-99\n",
		"[" + strings.Repeat("[", 50) + "]",
		"{" + strings.Repeat("a: {", 30) + "}",
		strings.Repeat("  ", 40) + "name: x\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d fuzzDoc
		node, err := Decode("f.yaml", data, &d)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T %v is not an *Error", err, err)
			}
			return
		}
		if a := findAlias(node); a != nil {
			t.Fatalf("decoded a document with an alias at line %d", a.Line)
		}
		_ = Line(node, "items", 0, "name")
	})
}

func findAlias(n *yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.AliasNode {
		return n
	}
	for _, c := range n.Content {
		if a := findAlias(c); a != nil {
			return a
		}
	}
	return nil
}

// TestDecodeHostileBounded: the hostile shapes the fuzzer seeds with, at
// full size, are refused or decoded quickly and within bounded memory.
func TestDecodeHostileBounded(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		ok        bool
	}{
		{"over the size cap", "name: " + strings.Repeat("x", MaxSize+1), false},
		{"far over the size cap", strings.Repeat("- x\n", 64<<20/4), false},
		{"deep flow nesting", "tags: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000), false},
		{"deep block nesting", "tags:\n" + strings.Repeat("- ", 20000) + "x\n", false},
		{"deep mapping nesting", "meta: " + strings.Repeat("{a: ", 20000) + "x" + strings.Repeat("}", 20000), false},
		{"huge scalar under the cap", "name: " + strings.Repeat("x", MaxSize-100), true},
		// The worst case per byte: a quarter of the cap in one-byte list
		// items (the full cap takes about 3 s and 600 MiB: yaml.v3's nodes,
		// twice, as the node tree and the decoded value).
		{"many list items under the cap", "tags:\n" + strings.Repeat("- x\n", MaxSize/16), true},
		{"alias key", "meta:\n  ? &k x\n  : y\n  ? *k\n  : z\n", false},
		{"wrong types", "name: [1]\ntags: 3\nmeta: [a]\ninner: x\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			var d fuzzDoc
			_, err := Decode("d.yaml", []byte(tc.doc), &d)
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			if (err == nil) != tc.ok {
				t.Fatalf("error %v, want ok=%v", err, tc.ok)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d bytes in: %v, %d MiB allocated, %v", len(tc.doc), took, alloc>>20, err)
			// Generous bounds (the race detector and a loaded CI machine are
			// slow); what they catch is an expansion or a quadratic walk.
			if alloc > 2<<30 {
				t.Fatalf("allocated %d MiB", alloc>>20)
			}
			if took > 20*time.Second {
				t.Fatalf("took %v", took)
			}
		})
	}
}

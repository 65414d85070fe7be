package triage

import (
	"reflect"
	"testing"
)

func TestFuncName(t *testing.T) {
	for in, want := range map[string]string{
		"com.google.gson.Gson.fromJson":                      "fromJson",
		"github.com/a/b.(*T).Run.func1":                      "Run",
		"github.com/moby/moby/v2/daemon.decodeCreateRequest": "decodeCreateRequest",
		"Route.dispatch":                                     "dispatch",
		"Object.<anonymous>":                                 "",
		"<module>":                                           "",
		"com.x.Y.<init>":                                     "",
		"get_environ_proxies":                                "get_environ_proxies",
		"com.x.Y$Inner.lambda$parse$0":                       "parse",
		"async Promise.all":                                  "all",
	} {
		if got := FuncName(in); got != want {
			t.Errorf("FuncName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFuncRange(t *testing.T) {
	tests := []struct {
		name, src, fn string
		line          int
		python        bool
		start, end    int
	}{
		{"go method", "package x\n\nfunc (t *T) Run(a int) error {\n\tif a > 0 {\n\t\treturn nil\n\t}\n\treturn Run(a)\n}\n\nfunc Other() {}\n", "Run", 7, false, 3, 8},
		{"python", "import os\n\n\ndef get(a,\n        b):\n    if a:\n        return b\n\n    return os.x(a)\n\ndef other():\n    pass\n", "get", 9, true, 4, 9},
		{"java", "class A {\n    public int parse(String s) {\n        int n = 0;\n        return parse(s, n);\n    }\n}\n", "parse", 4, false, 2, 5},
		{"js", "const x = 1\nRoute.prototype.dispatch = function dispatch(req, res, done) {\n  var idx = 0\n  next()\n}\n", "dispatch", 4, false, 2, 5},
		{"not found", "a\nb\nc\n", "nothere", 2, false, 0, 0},
	}
	for _, tt := range tests {
		s, e, ok := FuncRange([]byte(tt.src), tt.fn, tt.line, tt.python)
		if s != tt.start || e != tt.end || ok != (tt.start > 0) {
			t.Errorf("%s: FuncRange = %d-%d %v, want %d-%d", tt.name, s, e, ok, tt.start, tt.end)
		}
	}
}

func TestFramesOf(t *testing.T) {
	mapped := map[string]string{"/x/a.py": "a.py", "/x/b.py": "b.py"}
	// A recorded list of Python frames, as written: outermost first.
	got := FramesOf([]Location{{File: "/x/main.py", Line: 1}, {File: "/x/a.py", Line: 5, Symbol: "outer"}, {File: "/x/b.py", Line: 9, Symbol: "inner"}, {File: "/x/b.py", Line: 9, Symbol: "inner"}}, mapped)
	want := []Frame{{File: "b.py", Line: 9, Func: "inner", Depth: 0, Weight: 1}, {File: "a.py", Line: 5, Func: "outer", Depth: 2, Weight: 0.5}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FramesOf = %+v\nwant %+v", got, want)
	}
	// Located frames keep their order and trace.
	got = FramesOf([]Location{{File: "/x/a.py", Line: 5, Trace: "KeyError"}, {File: "/x/b.py", Line: 9, Depth: 1, Trace: "KeyError"}}, mapped)
	if len(got) != 2 || got[0].File != "a.py" || got[1].Weight != 0.5 || got[1].Trace != "KeyError" {
		t.Errorf("FramesOf ordered = %+v", got)
	}
}

package logscan

import (
	"strings"
	"testing"
)

func TestParseJSONRecord(t *testing.T) {
	for _, c := range []struct {
		in                 string
		line, stack, level string
	}{
		{`{"time":"2024-03-14T09:00:00Z","level":"ERROR","msg":"bad port","err":"strconv.Atoi: parsing \"x\": invalid syntax"}`,
			`bad port: strconv.Atoi: parsing "x": invalid syntax`, "", "ERROR"},
		{`{"level":50,"time":1,"pid":7,"err":{"type":"TypeError","message":"no items","stack":"TypeError: no items\n    at validate (/srv/cart.js:20:11)"},"msg":"checkout failed"}`,
			"checkout failed: TypeError: no items", "TypeError: no items\n    at validate (/srv/cart.js:20:11)", "50"},
		{`{"levelname":"ERROR","message":"boom","exc_info":"Traceback (most recent call last):\n  File \"a.py\", line 3, in f\nValueError: x"}`,
			"boom", "Traceback (most recent call last):\n  File \"a.py\", line 3, in f\nValueError: x", "ERROR"},
		{`{"severity":"error","message":"x","error":{"message":"y","stack_trace":"java.lang.IllegalStateException: y\n\tat A.b(A.java:1)"}}`,
			"x: y", "java.lang.IllegalStateException: y\n\tat A.b(A.java:1)", "error"},
		// slog: errors.Join's two lines are the error, not a stack.
		{`{"level":"ERROR","msg":"validation failed","error":"order 3: missing sku\norder 3: negative quantity"}`,
			"validation failed: order 3: missing sku order 3: negative quantity", "", "ERROR"},
		// slog: a "panic" group with the value and the stack.
		{`{"level":"ERROR","msg":"handler panic","panic":{"value":"runtime error: nil pointer","stack":"goroutine 1 [running]:\nmain.f()\n\t/m.go:4"}}`,
			"handler panic: runtime error: nil pointer", "goroutine 1 [running]:\nmain.f()\n\t/m.go:4", "ERROR"},
		// slog: "panic" and "stack" side by side.
		{`{"level":"ERROR","msg":"worker recovered","panic":"runtime error: index out of range [3] with length 1","stack":"goroutine 1 [running]:\nmain.f()\n\t/m.go:4"}`,
			"worker recovered: runtime error: index out of range [3] with length 1", "goroutine 1 [running]:\nmain.f()\n\t/m.go:4", "ERROR"},
	} {
		r, ok := parseJSONRecord([]byte(c.in))
		if !ok || string(r.line()) != c.line || r.stack != c.stack || r.level != c.level {
			t.Errorf("%s:\n got %v %q %q %q", c.in, ok, r.line(), r.stack, r.level)
		}
	}
	for _, bad := range []string{`{not json}`, `["a"]`, `{"a":1`, `{ code: 'ERR_X' }`} {
		if _, ok := parseJSONRecord([]byte(bad)); ok {
			t.Errorf("%s: parsed", bad)
		}
	}
}

func TestJSONLines(t *testing.T) {
	log := strings.Join([]string{
		`{"level":30,"time":1,"msg":"listening","errors":0}`,
		`{"level":50,"time":2,"pid":7,"err":{"type":"TypeError","message":"no items","stack":"TypeError: no items\n    at validate (/srv/cart.js:20:11)\n    at checkout (/srv/cart.js:31:5)"},"msg":"checkout failed"}`,
		`{"level":50,"time":3,"pid":8,"err":{"type":"TypeError","message":"no items","stack":"TypeError: no items\n    at validate (/srv/cart.js:20:11)\n    at checkout (/srv/cart.js:31:5)"},"msg":"checkout failed"}`,
		`{"asctime":"2024-03-14 09:00:00,001","levelname":"ERROR","message":"order 7 failed","exc_info":"Traceback (most recent call last):\n  File \"/app/orders.py\", line 12, in load\n    qty = int(raw)\nValueError: invalid literal for int() with base 10: 'x'"}`,
		`{"time":"2024-03-14T09:00:00Z","level":"ERROR","msg":"panic recovered","err":"runtime error: index out of range [3] with length 2","stack":"goroutine 7 [running]:\nruntime/debug.Stack()\n\t/usr/local/go/src/runtime/debug/stack.go:26 +0x5e\nmain.handle()\n\t/src/app/main.go:40 +0x1d"}`,
	}, "\n") + "\n"
	res := run(t, nil, namedLog{"app.jsonl", []byte(log)})
	if len(res.Groups) != 3 {
		for _, g := range res.Groups {
			t.Logf("%d× %s", g.Count, g.Message)
		}
		t.Fatalf("%d groups", len(res.Groups))
	}
	js := findGroup(t, res, "checkout failed: TypeError: no items")
	if js.Count != 2 || js.Kind != "javascript" || len(js.Frames) != 2 || js.Frames[0].Symbol != "validate" || js.Frames[0].Line != 20 {
		t.Errorf("pino: %+v", js)
	}
	py := findGroup(t, res, "ValueError: invalid literal")
	if py.Kind != "python" || hasLocation(res, "/app/orders.py", 12, "load") == nil {
		t.Errorf("python-json-logger: %+v", py)
	}
	gp := findGroup(t, res, "panic recovered: runtime error")
	if gp.Kind != "go" || hasLocation(res, "/src/app/main.go", 40, "main.handle") == nil {
		t.Errorf("slog: %+v", gp)
	}
	for _, g := range res.Groups {
		if strings.HasPrefix(g.Message, "{") || strings.Contains(g.Signature, `"level"`) {
			t.Errorf("raw object in %q / %q", g.Message, g.Signature)
		}
	}
}

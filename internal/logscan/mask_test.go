package logscan

import (
	"strings"
	"testing"
	"time"
)

func TestMask(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"user 1234 not found", "user <n> not found"},
		{"user 98 not found", "user <n> not found"},
		{"took 12.5ms (attempt 3/5)", "took <n>ms (attempt <n>/<n>)"},
		{"worker-4 on ip-172-31-45-10", "worker-<n> on ip-<n>-<n>-<n>-<n>"},
		{"job 6ffe081d-cca7-4bda-a937-3b2bf1d2fc09 done", "job <uuid> done"},
		{"job CEBFDADC-AB3B-4C89-A8DF-B44E70AEC8E6 done", "job <uuid> done"},
		{"from 10.0.3.17:5432 and 192.168.1.1", "from <ip>:<n> and <ip>"},
		{"version 1.2.3.4.5 and 300.1.1.1", "version <n>.<n>.<n> and <n>.<n>"},
		{"dial tcp [::1]:5432 or fe80::1ff:fe23:4567:890a%eth0", "dial tcp [<ip>]:<n> or <ip>%eth<n>"},
		{"2001:db8:85a3:8d3:1319:8a2e:370:7348 ok", "<ip> ok"},
		{"addr=0x18 pc=0x4a2f3c ptr 0XDEADBEEF", "addr=<hex> pc=<hex> ptr <hex>"},
		{"commit b985e2313a, req=5f3a9b2c, word deadbeef, short a1b2c", "commit <n>, req=<n>, word deadbeef, short a<n>b<n>c"},
		{"rid=9f3e0a41 rid=20250117 rid=c0ffee12", "rid=<n> rid=<n> rid=<n>"},
		{"request req_8f3Kq92LmZx1aB failed", "request req_<id> failed"},
		{"at 2024-03-14T09:00:00.123456Z and 2024-03-14 09:00:00,123", "at <ts> and <ts>"},
		{"2024/03/14 09:00:05 [error]", "<ts> [error]"},
		{"[14/Mar/2024:09:00:03 +0000] and Mar  4 09:00:00 and Thu Mar 14 09:00:00 2024", "[<ts>] and <ts> and <ts>"},
		{"at 09:00:00.5 on 2024-03-14", "at <ts> on <ts>"},
		{`KeyError: 'link-4411'`, `KeyError: '<q>'`},
		{`For input string: "abc" can't parse`, `For input string: "<q>" can't parse`},
		{"run `make test` first", "run `<q>` first"},
		{`say "a \"quoted\" word" now`, `say "<q>" now`},
		{`unterminated "quote here`, `unterminated "quote here`},
		{`{"level":"error","msg":"checkout failed for 12","user":"bob"}`, `{"level":"<q>","msg":"checkout failed for <n>","user":"<q>"}`},
		{`level=error msg="dial 10.0.0.1 failed" err="timeout" user="bob"`, `level=error msg="dial <ip> failed" err="timeout" user="<q>"`},
		{"python3.8 and x86_64 and utf8", "python<n> and x<n>_<n> and utf<n>"},
		{"", ""},
	} {
		if got := string(mask(nil, []byte(c.in))); got != c.want {
			t.Errorf("mask(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestTimestamps(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		line, ts string
		time     time.Time
	}{
		{"2024-03-14T09:00:00.123Z level=error", "2024-03-14T09:00:00.123Z", utc("2024-03-14T09:00:00.123Z")},
		{"2024-03-14T09:00:00+02:00 x", "2024-03-14T09:00:00+02:00", utc("2024-03-14T07:00:00Z")},
		{"2024-03-14 09:00:00,123 ERROR x", "2024-03-14 09:00:00,123", utc("2024-03-14T09:00:00.123Z")},
		{"2024-03-14 09:00:05.733 ERROR 4242 ---", "2024-03-14 09:00:05.733", utc("2024-03-14T09:00:05.733Z")},
		{"2024/03/14 09:00:05 error: x", "2024/03/14 09:00:05", utc("2024-03-14T09:00:05Z")},
		{"2024/03/14 09:00:05.123456 main.go:12: x", "2024/03/14 09:00:05.123456", utc("2024-03-14T09:00:05.123456Z")},
		{`1.2.3.4 - - [14/Mar/2024:09:00:03 -0700] "GET /"`, "14/Mar/2024:09:00:03 -0700", utc("2024-03-14T16:00:03Z")},
		{`127.0.0.1 - - [14/Mar/2024 09:00:03] "GET /" 500 -`, "14/Mar/2024 09:00:03", utc("2024-03-14T09:00:03Z")},
		{"Mar 14 09:00:00 web-1 shop[42]: x", "Mar 14 09:00:00", time.Time{}},
		{"Mar  4 09:00:00 web-1 shop[42]: x", "Mar  4 09:00:00", time.Time{}},
		{"Thu Mar 14 09:00:00 2024 x", "Thu Mar 14 09:00:00 2024", time.Time{}},
		{"[2023-09-22 21:25:16,482] ERROR in app", "2023-09-22 21:25:16,482", utc("2023-09-22T21:25:16.482Z")},
		{"09:00:01.250 ERROR x", "09:00:01.250", time.Time{}},
		{"[09:00:01] ERROR x", "09:00:01", time.Time{}},
		{"ERROR took 00:05:00 to fail", "", time.Time{}}, // a duration
		{"ERROR no time here 2024", "", time.Time{}},
		{"2024-13-45 99:99:99 not a date", "2024-13-45 99:99:99", time.Time{}},
	} {
		s, e := findTimestamp([]byte(c.line))
		got := ""
		if s >= 0 {
			got = c.line[s:e]
		}
		if got != c.ts {
			t.Errorf("%q: timestamp %q, want %q", c.line, got, c.ts)
			continue
		}
		if tm := parseTimestamp([]byte(got)); !tm.Equal(c.time) {
			t.Errorf("%q: time %v, want %v", got, tm, c.time)
		}
	}
}

// TestTimestampFormats: each format of the table recognises its example
// whole, and no format before it takes the example.
func TestTimestampFormats(t *testing.T) {
	for i := range tsFormats {
		f := &tsFormats[i]
		if f.at >= 8 || !f.sepAt([]byte(f.example)) {
			t.Errorf("%s: the quick test (byte %d in %q) is past 8 bytes or rejects %q", f.layout, f.at, f.seps, f.example)
		}
		n, got := tsMatch([]byte(f.example))
		if got != f || n != len(f.example) {
			t.Errorf("%s: %q matched %d bytes by %v", f.layout, f.example, n, got)
		}
		if tm := parseTimestamp([]byte(f.example)); tm.IsZero() == f.year {
			t.Errorf("%s: %q gives the time %v", f.layout, f.example, tm)
		}
	}
}

func TestStripLeadingTS(t *testing.T) {
	for in, want := range map[string]string{
		"Sep 22 21:25:16 ip-172-31-45-10 web: [2023-09-22 21:25:16,482] ERROR in app: x": "ERROR in app: x",
		"2024-03-14 09:00:05.733 ERROR 4242 --- [main] x":                                "ERROR 4242 --- [main] x",
		"2024-03-14T09:00:03.020Z error: failed":                                         "error: failed",
		"Mar 14 09:00:33 web-1 sshd[6001]: error: kex":                                   "error: kex",
		"ERROR at 2024-03-14 09:00:00":                                                   "ERROR at 2024-03-14 09:00:00",
		"2024-03-14 09:00:00":                                                            "2024-03-14 09:00:00",
		"09:00:01 | ERROR x":                                                             "ERROR x",
	} {
		if got := string(stripLeadingTS([]byte(in))); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestTraceParsers(t *testing.T) {
	in := &interner{}
	if l, ok := pyFrame([]byte(`  File "/app/x.py", line 13, in your_url`), in); !ok || l != (Location{File: "/app/x.py", Line: 13, Symbol: "your_url"}) {
		t.Errorf("%+v", l)
	}
	for line, want := range map[string]Location{
		"\tat com.example.Foo.bar(Foo.java:42)":                    {File: "com/example/Foo.java", Line: 42, Symbol: "com.example.Foo.bar"},
		"\tat java.base/java.lang.Thread.run(Thread.java:833)":     {File: "java/lang/Thread.java", Line: 833, Symbol: "java.lang.Thread.run"},
		"\tat jdk.internal.reflect.X.invoke0(Native Method)":       {Symbol: "jdk.internal.reflect.X.invoke0"},
		"\tat com.example.Outer$Inner.lambda$run$0(Outer.kt:7)":    {File: "com/example/Outer.kt", Line: 7, Symbol: "com.example.Outer$Inner.lambda$run$0"},
		"    at lineTotal (/srv/shop/src/cart/total.js:14:27)":     {File: "/srv/shop/src/cart/total.js", Line: 14, Symbol: "lineTotal"},
		"    at async renderCart (/srv/a.js:48:19)":                {File: "/srv/a.js", Line: 48, Symbol: "renderCart"},
		"    at new Cart (file:///srv/cart.mjs:3:9)":               {File: "file:///srv/cart.mjs", Line: 3, Symbol: "Cart"},
		"    at Layer.handle [as handle_request] (/srv/l.js:95:5)": {File: "/srv/l.js", Line: 95, Symbol: "Layer.handle"},
		"    at /srv/shop/src/middleware/auth.js:19:5":             {File: "/srv/shop/src/middleware/auth.js", Line: 19},
		"    at Array.map (<anonymous>)":                           {Symbol: "Array.map"},
		"    at TCPConnectWrap.afterConnect (node:net:1555:16) {":  {File: "node:net", Line: 1555, Symbol: "TCPConnectWrap.afterConnect"},
		"    at processTicksAndRejections (node:internal/q:95:5)":  {File: "node:internal/q", Line: 95, Symbol: "processTicksAndRejections"},
		"    at Object.<anonymous> (C:\\app\\index.js:10:3)":       {File: "C:\\app\\index.js", Line: 10, Symbol: "Object.<anonymous>"},
	} {
		l, _, ok := atFrame([]byte(line), in)
		if !ok || l != want {
			t.Errorf("%q: %+v, want %+v", line, l, want)
		}
	}
	for line, want := range map[string]string{
		"TypeError: msg":                           "TypeError",
		"java.lang.IllegalStateException: x":       "java.lang.IllegalStateException",
		"java.lang.NullPointerException":           "java.lang.NullPointerException",
		`Exception in thread "main" a.b.CError: x`: "a.b.CError",
		"Error [ERR_HTTP_HEADERS_SENT]: Cannot":    "Error",
		"INFO [main] x":                            "",
		"Errors: 3":                                "",
		"error: lower case":                        "",
	} {
		got, _ := excHeaderAt([]byte(line))
		if string(got) != want {
			t.Errorf("%q: %q, want %q", line, got, want)
		}
	}
	if typ, at := findExcHeader([]byte(`ERROR x : Unhandled error for request 7f: java.lang.NumberFormatException: For input string: "abc"`)); string(typ) != "java.lang.NumberFormatException" || at != 42 {
		t.Errorf("%q at %d", typ, at)
	}
	if f, ok := goFunc([]byte("github.com/x/y.(*T).M(0xc000010000, {0x4b3f1a, 0x5})"), in); !ok || f != "github.com/x/y.(*T).M" {
		t.Errorf("%q", f)
	}
	if p, n, ok := goFile([]byte("\t/src/x/y.go:58 +0x1c"), in); !ok || p != "/src/x/y.go" || n != 58 {
		t.Errorf("%q %d", p, n)
	}
	if !isGoroutineHeader([]byte("goroutine 17 [chan receive, 5 minutes]:")) || isGoroutineHeader([]byte("goroutine leak detected")) {
		t.Error("goroutine header")
	}
}

// TestFamilyFrames: the families have distinct names, and each parses a
// frame of its own through the family interface.
func TestFamilyFrames(t *testing.T) {
	samples := map[string]struct {
		sym, line string
		want      Location
	}{
		"python":     {"", `  File "/app/x.py", line 13, in your_url`, Location{File: "/app/x.py", Line: 13, Symbol: "your_url"}},
		"java":       {"", "\tat com.example.Foo.bar(Foo.java:42)", Location{File: "com/example/Foo.java", Line: 42, Symbol: "com.example.Foo.bar"}},
		"javascript": {"", "    at lineTotal (/srv/shop/src/cart/total.js:14:27)", Location{File: "/srv/shop/src/cart/total.js", Line: 14, Symbol: "lineTotal"}},
		"go":         {"x.(*T).M", "\t/src/x/y.go:58 +0x1c", Location{File: "/src/x/y.go", Line: 58, Symbol: "x.(*T).M"}},
	}
	seen := map[string]bool{}
	for _, f := range traceFamilies {
		name := f.name()
		if name == "" || seen[name] {
			t.Errorf("family name %q is empty or taken", name)
		}
		seen[name] = true
		s, ok := samples[name]
		if !ok {
			continue
		}
		e := &event{in: &interner{}, sym: s.sym}
		if l, ok := f.frame(e, []byte(s.line)); !ok || l != s.want {
			t.Errorf("%s: %q gives %+v, want %+v", name, s.line, l, s.want)
		}
		if _, ok := f.frame(e, []byte("ERROR not a frame")); ok {
			t.Errorf("%s: a log line taken for a frame", name)
		}
	}
	for name := range samples {
		if !seen[name] {
			t.Errorf("no family %q", name)
		}
	}
}

func TestMaskLineCutAfterMasking(t *testing.T) {
	// Ids of different lengths before the cut: the masked cut is the same.
	tail := strings.Repeat("word ", 200)
	a := maskLine(nil, []byte("req=1 "+tail))
	b := maskLine(nil, []byte("req=123456789012 "+tail))
	if string(a) != string(b) || len(a) > maxSigInput {
		t.Errorf("cuts differ:\n%s\n%s", a, b)
	}
	if strings.HasSuffix(string(a), "wor") || !strings.HasSuffix(string(a), "word") && !strings.HasSuffix(string(a), " ") {
		t.Errorf("cut mid-token: %q", a[len(a)-10:])
	}
	// Never inside a mask token.
	c := maskLine(nil, []byte(strings.Repeat("x", 509)+" 42"))
	if strings.Contains(string(c), "<n") && !strings.HasSuffix(string(c), "<n>") {
		t.Errorf("cut inside a token: %q", c[len(c)-10:])
	}
}

package logscan

import (
	"strings"
	"testing"
)

func TestStreamPrefix(t *testing.T) {
	for _, c := range []struct{ line, key, rest string }{
		{"web-1     | Traceback (most recent call last):", "web-1", "Traceback (most recent call last):"},
		{"worker_2  | \tat Foo.bar(Foo.java:3)", "worker_2", "\tat Foo.bar(Foo.java:3)"},
		{"web-1  |", "web-1", ""},
		{"[pod/shop-7d9f/web] panic: boom", "pod/shop-7d9f/web", "panic: boom"},
		{"Dec  6 23:22:36 vm shop-api[27483]: #011/src/main.go:22 +0x52", "vm shop-api[27483]", "#011/src/main.go:22 +0x52"},
		{"Mar 14 09:00:07 web-1 kernel: Out of memory", "web-1 kernel", "Out of memory"},
		{"2026-12-06T23:22:26+0000 vm shop-orders[123]: \tat X.y(X.java:1)", "vm shop-orders[123]", "\tat X.y(X.java:1)"},
		{"2026-12-06T23:22:26.123456+00:00 vm cart[9]: Error: x", "vm cart[9]", "Error: x"},
		// Not streams: an application's own records.
		{"ERROR | something failed", "", ""},
		{"2024-03-14T09:00:05Z ERROR app: failed", "", ""},
		{"2026-12-06 23:22:26,720 ERROR [shop] Exception on /avg [GET]", "", ""},
		{"[2024-03-14 09:00:00] ERROR in app", "", ""},
		{"  File \"app.py\", line 3, in f", "", ""},
	} {
		n, key := streamPrefix([]byte(c.line))
		if string(key) != c.key || c.key != "" && c.line[n:] != c.rest {
			t.Errorf("%q: key %q rest %q", c.line, key, c.line[n:])
		}
	}
}

func TestUnescapeSyslog(t *testing.T) {
	for in, want := range map[string]string{
		"#011/src/main.go:22":  "\t/src/main.go:22",
		"a#011b#015#012c":      "a\tb\r\nc",
		"issue #0123 and #09x": "issue \n3 and #09x",
		"#0":                   "#0",
	} {
		if got := string(unescapeSyslog(nil, []byte(in))); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// Interleaved writers: two services' traces cut into each other.
func TestStreamsInterleaved(t *testing.T) {
	log := strings.Join([]string{
		"web-1     | 2024-03-14 09:00:00,001 ERROR [shop] Exception on /avg [GET]",
		"worker-1  | 2024-03-14 09:00:00,002 ERROR Order failed",
		"web-1     | Traceback (most recent call last):",
		"worker-1  | java.lang.IllegalStateException: bad order",
		"web-1     |   File \"/app/app.py\", line 24, in average",
		"worker-1  | \tat com.shop.Orders.load(Orders.java:41)",
		"web-1     |     return total / n",
		"worker-1  | \tat com.shop.Main.main(Main.java:9)",
		"web-1     | ZeroDivisionError: division by zero",
		"web-1     | 2024-03-14 09:00:01,001 INFO [shop] GET /avg 500",
		"worker-1  | 2024-03-14 09:00:01,002 INFO next",
	}, "\n") + "\n"
	res := run(t, nil, namedLog{"compose", []byte(log + log)})
	if len(res.Groups) != 2 {
		for _, g := range res.Groups {
			t.Logf("%d× %s", g.Count, g.Signature)
		}
		t.Fatalf("%d groups", len(res.Groups))
	}
	py := findGroup(t, res, "ZeroDivisionError: division by zero")
	if py.Kind != "python" || py.Count != 2 || hasLocation(res, "/app/app.py", 24, "average") == nil || py.First.Line != 1 {
		t.Errorf("python: %+v", py)
	}
	java := findGroup(t, res, "java.lang.IllegalStateException: bad order")
	if java.Kind != "java" || java.Count != 2 || len(java.Frames) != 2 || java.Frames[0].Symbol != "com.shop.Orders.load" {
		t.Errorf("java: %+v", java)
	}
	if res.Groups[0] != py {
		t.Errorf("groups not in order of first occurrence")
	}
	if strings.Contains(py.Signature, "web-") || strings.Contains(py.Message, "web-1") {
		t.Errorf("the prefix is in %q / %q", py.Signature, py.Message)
	}
}

// Syslog's escapes hide a Go trace's tabs; each pid is its own stream.
func TestStreamsSyslog(t *testing.T) {
	log := strings.Join([]string{
		"Dec  6 23:22:36 vm api[1]: 2026/12/06 23:22:36 http: panic serving 127.0.0.1:39614: assignment to entry in nil map",
		"Dec  6 23:22:36 vm api[1]: goroutine 7 [running]:",
		"Dec  6 23:22:36 vm api[1]: panic({0x6f33c0?, 0x9f2c90?})",
		"Dec  6 23:22:36 vm other[2]: unrelated line",
		"Dec  6 23:22:36 vm api[1]: #011/usr/local/go/src/runtime/panic.go:860 +0x13a",
		"Dec  6 23:22:36 vm api[1]: main.setSession({0x774c10, 0x3ff9eb048000}, 0x3ff9eb117af8?)",
		"Dec  6 23:22:36 vm api[1]: #011/src/httppanic/main.go:22 +0x52",
		"Dec  6 23:22:37 vm api[1]: 2026/12/06 23:22:37 listening",
	}, "\n") + "\n"
	res := run(t, nil, namedLog{"syslog", []byte(log)})
	if len(res.Groups) != 1 {
		t.Fatalf("%d groups", len(res.Groups))
	}
	g := res.Groups[0]
	if g.Kind != "go" || hasLocation(res, "/src/httppanic/main.go", 22, "main.setSession") == nil {
		t.Errorf("%+v", g)
	}
}

// A recovered panic printed as "recovered: VALUE" and then debug.Stack()
// (no error word before the stack) is one Go event starting at the value,
// in each pod of a kubectl --prefix log, even when the pods interleave.
func TestGoRecoveredStackWithoutErrorLine(t *testing.T) {
	var lines []string
	for _, pod := range []string{"[pod/b-1/builder] ", "[pod/b-2/builder] "} {
		for _, l := range []string{
			"shard 0: batch 1 built",
			"recovered: assignment to entry in nil map",
			"goroutine 7 [running]:",
			"runtime/debug.Stack()",
			"\t/usr/local/go/src/runtime/debug/stack.go:26 +0x5e",
			"main.guard(0x1f596728b860?)",
			"\t/srv/fanout/main.go:52 +0x54",
			"panic({0x4b16e0?, 0x584470?})",
			"\t/usr/local/go/src/runtime/panic.go:860 +0x13a",
			"main.addTotal(...)",
			"\t/srv/fanout/main.go:32",
			"main.build(0x1, 0x1)",
			"\t/srv/fanout/main.go:60 +0xa8",
			"created by main.main in goroutine 1",
			"\t/srv/fanout/main.go:79 +0xd8",
			"batch 1 done",
		} {
			lines = append(lines, pod+l)
		}
	}
	// The pods' lines alternate.
	var mixed []string
	for i := 0; i < len(lines)/2; i++ {
		mixed = append(mixed, lines[i], lines[len(lines)/2+i])
	}
	res := run(t, nil, namedLog{"pods", []byte(strings.Join(mixed, "\n") + "\n")})
	if len(res.Groups) != 1 || res.Groups[0].Count != 2 || !strings.Contains(res.Groups[0].Message, "assignment to entry in nil map") ||
		!strings.Contains(res.Groups[0].Signature, "main.addTotal | /srv/fanout/main.go:main.build") {
		for _, g := range res.Groups {
			t.Logf("%d× %q %q %v", g.Count, g.Signature, g.Message, g.Frames)
		}
		t.Fatalf("%d groups, want one of 2 nil-map writes at main.addTotal", len(res.Groups))
	}
}

// A container's stdout lines fall inside the stack traces it prints on
// stderr (both read apart and given one prefix): the trace lets them pass
// and stays one event; an error line after them is an event of its own.
func TestJavaTraceLetsStdoutLinesPass(t *testing.T) {
	p := "[pod/d-1/app] "
	trace := func(id string) []string {
		return []string{
			p + "java.lang.IllegalStateException: shipment " + id + " not booked",
			p + "dispatch: shipment 6 step 1 on pool-1-thread-2",
			p + "\tat com.ship.Dispatcher.dispatch(Dispatcher.java:53)",
			p + "\tat com.ship.Dispatcher.lambda$main$0(Dispatcher.java:72)",
			p + "dispatch: shipment 7 step 1 on pool-1-thread-3",
			p + "dispatch: shipment 6 step 2 on pool-1-thread-2",
			p + "Caused by: java.io.UncheckedIOException: booking failed",
			p + "\tat com.ship.Dispatcher.book(Dispatcher.java:32)",
			p + "\t... 6 more",
			p + "dispatch: shipment 7 packed",
		}
	}
	lines := append(trace("1"), trace("5")...)
	lines = append(lines, p+"dispatch: shipment 8 packed", p+"error: carrier quota exceeded", p+"\tretry in 5s")
	res := run(t, nil, namedLog{"pods", []byte(strings.Join(lines, "\n") + "\n")})
	if len(res.Groups) != 2 || res.Groups[0].Count != 2 || res.Groups[0].Kind != "java" || !strings.Contains(res.Groups[1].Message, "carrier quota") {
		for _, g := range res.Groups {
			t.Logf("%d× %q %q", g.Count, g.Signature, g.Message)
		}
		t.Fatalf("%d groups, want the trace twice and the quota error", len(res.Groups))
	}
}

package logscan

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// Three workers on one stderr, no prefix: their tracebacks interleave a
// write at a time (header, frame with its code, exception line), as
// traceback.print_exc() writes them; a chained one's sentence comes late.
func TestPythonLanes(t *testing.T) {
	log := strings.Join([]string{
		"[master] booting",
		"Traceback (most recent call last):",
		"Traceback (most recent call last):",
		"Traceback (most recent call last):",
		`  File "/srv/w.py", line 86, in worker`,
		"    HANDLERS[job]()",
		`  File "/srv/w.py", line 50, in sku_job`,
		`    return lookup_sku({"name": "pear"})`,
		`  File "/srv/w.py", line 86, in worker`, // a frame tracebacks start with: the next header's
		"    HANDLERS[job]()",
		`  File "/srv/w.py", line 46, in lookup_sku`, // called by the code line before
		`    return item["sku"]`,
		`           ~~~~^^^^^^^`,
		"KeyError: 'sku'",                           // the traceback that had the last line
		`  File "/srv/w.py", line 42, in ratio_job`, // called through HANDLERS[job]()
		`    return compute_ratio(totals["sold"], totals["stocked"])`,
		`  File "/srv/w.py", line 55, in parse_qty`, // not called by the code lines before: the third header's
		`    return form["qty"]`,
		"KeyError: 'qty'",
		`  File "/srv/w.py", line 37, in compute_ratio`,
		`    return sold / stocked`,
		"[master] worker 12 exited with code 1",
		"ZeroDivisionError: division by zero",
		"",
		"During handling of the above exception, another exception occurred:", // the traceback that starts deeper than worker
		"",
		"Traceback (most recent call last):",
		`  File "/srv/w.py", line 86, in worker`,
		"    HANDLERS[job]()",
		`  File "/srv/w.py", line 61, in parse_job`,
		`    return parse_qty({"quantity": "a dozen"})`,
		`  File "/srv/w.py", line 57, in parse_qty`,
		`    return int(form.get("quantity", "many"))`,
		"ValueError: invalid literal for int() with base 10: 'a dozen'",
		"[master] worker 13 exited with code 1",
	}, "\n") + "\n"
	res := run(t, nil, namedLog{"workers", []byte(log)})
	want := map[string]string{
		"ZeroDivisionError: division by zero": "compute_ratio",
		"KeyError: 'sku'":                     "lookup_sku",
		"ValueError: invalid literal for int() with base 10: 'a dozen'": "parse_qty",
	}
	if len(res.Groups) != len(want) {
		for _, g := range res.Groups {
			t.Logf("%d× %s %v", g.Count, g.Signature, g.Frames)
		}
		t.Fatalf("%d groups, want %d", len(res.Groups), len(want))
	}
	for msg, fn := range want {
		g := findGroup(t, res, msg)
		if g.Kind != "python" || g.Count != 1 || len(g.Frames) == 0 || g.Frames[len(g.Frames)-1].Symbol != fn {
			t.Errorf("%s: %+v", msg, g)
		}
	}
	v := findGroup(t, res, "ValueError: invalid literal")
	var text strings.Builder
	for _, l := range v.Lines {
		text.WriteString(l.Text + "\n")
	}
	if !strings.Contains(text.String(), "KeyError: 'qty'") || strings.Contains(text.String(), "sku") {
		t.Errorf("the chained traceback is not the ValueError's:\n%s", text.String())
	}
}

// One writer's tracebacks in a row are read as before: each ends at its
// exception line.
func TestPythonLanesSequential(t *testing.T) {
	tb := strings.Join([]string{
		"Traceback (most recent call last):",
		`  File "/srv/a.py", line 3, in f`,
		"    return 1 / 0",
		"ZeroDivisionError: division by zero",
	}, "\n") + "\n"
	res := run(t, nil, namedLog{"a", []byte(tb + tb + "INFO ok\n" + tb)})
	if len(res.Groups) != 1 || res.Groups[0].Count != 3 {
		t.Fatalf("%+v", res.Groups)
	}
}

// journalctl -o json: each object is a line of one writer's output; the
// writers' traces are assembled from their own entries.
func TestJournalJSON(t *testing.T) {
	entry := func(i int, ident, pid string, msg any) string {
		m := map[string]any{"__CURSOR": "s=1;i=" + string(rune('a'+i)), "__REALTIME_TIMESTAMP": "1796608429130132",
			"_HOSTNAME": "vm", "SYSLOG_IDENTIFIER": ident, "SYSLOG_PID": pid, "MESSAGE": msg, "PRIORITY": "3"}
		b, _ := json.Marshal(m)
		return string(b)
	}
	lines := []string{
		entry(0, "shop-web", "7", "Traceback (most recent call last):"),
		entry(1, "shop-api", "9", "worker 9 job tax failed: RangeError: invalid tax region r42"),
		entry(2, "shop-web", "7", `  File "/srv/app.py", line 24, in average`),
		entry(3, "shop-api", "9", "    at taxFor (/srv/cluster.js:33:11)"),
		entry(4, "shop-web", "7", "    return total / n"),
		entry(5, "shop-web", "7", []int{'Z', 'e', 'r', 'o', 'D', 'i', 'v', 'i', 's', 'i', 'o', 'n', 'E', 'r', 'r', 'o', 'r', ':', ' ', 'x', 0xff}),
		entry(6, "shop-api", "9", "worker 9 listening"),
	}
	res := run(t, nil, namedLog{"journal.json", []byte(strings.Join(lines, "\n") + "\n")})
	if len(res.Groups) != 2 {
		for _, g := range res.Groups {
			t.Logf("%d× %s", g.Count, g.Signature)
		}
		t.Fatalf("%d groups", len(res.Groups))
	}
	py := findGroup(t, res, "ZeroDivisionError: x")
	if py.Kind != "python" || hasLocation(res, "/srv/app.py", 24, "average") == nil {
		t.Errorf("python: %+v", py)
	}
	js := findGroup(t, res, "worker 9 job tax failed: RangeError: invalid tax region")
	if js.Kind != "javascript" || hasLocation(res, "/srv/cluster.js", 33, "taxFor") == nil || strings.Contains(js.Message, "__CURSOR") {
		t.Errorf("javascript: %+v", js)
	}
}

// A supervisor's "pool: worker 2 exited" between interleaved tracebacks is
// not an exception line ("pool" is no exception type), and a dotted
// lowercase type still is.
func TestPyExcTypeNeedsAType(t *testing.T) {
	for line, want := range map[string]bool{
		"pool: worker 2 (pid 352) exited with code 1": false,
		"worker: done":                   false,
		"TypeError: unsupported operand": true,
		"socket.timeout: timed out":      true,
		"KeyboardInterrupt":              true,
		"app.errors.SchemaError: bad":    true,
	} {
		if _, ok := pyExcType([]byte(line)); ok != want {
			t.Errorf("pyExcType(%q) = %v, want %v", line, ok, want)
		}
	}
	log := strings.Join([]string{
		"Traceback (most recent call last):",
		"Traceback (most recent call last):",
		`  File "/srv/p.py", line 83, in worker`,
		"    JOBS[job](n)",
		`  File "/srv/p.py", line 57, in pick_shard`,
		"    return shards[key]",
		"IndexError: list index out of range",
		"pool: worker 2 (pid 352) exited with code 1",
		`  File "/srv/p.py", line 83, in worker`,
		"    JOBS[job](n)",
		`  File "/srv/p.py", line 66, in merge_totals`,
		"    return a + b",
		"TypeError: unsupported operand type(s) for +: 'int' and 'str'",
		"pool: worker 3 (pid 353) exited with code 1",
	}, "\n") + "\n"
	res := run(t, nil, namedLog{"pool", []byte(log)})
	if len(res.Groups) != 2 {
		for _, g := range res.Groups {
			t.Logf("%d× %s", g.Count, g.Signature)
		}
		t.Fatalf("%d groups, want 2", len(res.Groups))
	}
}

// multiprocessing's run() calls the target through self._target(*args):
// the target's frame belongs to the traceback at that code line, not to
// another report that has only its header.
func TestPythonLanesForwardingCall(t *testing.T) {
	if !dynamicCall([]byte("    self._target(*self._args, **self._kwargs)")) || dynamicCall([]byte("    return load(x)")) {
		t.Fatal("dynamicCall")
	}
	mp := `  File "/usr/lib/python3.11/multiprocessing/process.py", line `
	log := strings.Join([]string{
		"Process importer-2.0:",
		"Process importer-2.1:",
		"Traceback (most recent call last):",
		"Traceback (most recent call last):",
		mp + `314, in _bootstrap`,
		"    self.run()",
		mp + `108, in run`,
		"    self._target(*self._args, **self._kwargs)",
		`  File "/srv/mp.py", line 68, in load`,
		`    parse_record(text)`,
		`  File "/srv/mp.py", line 58, in parse_record`,
		`    return json.loads(text)`,
		"json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)",
		`  File "/srv/mp.py", line 39, in open_feed`,
		`    return find_feed(name)`,
		`  File "/srv/mp.py", line 34, in find_feed`,
		`    raise FileNotFoundError(2, "No such file or directory", name)`,
		"FileNotFoundError: [Errno 2] No such file or directory: 'orders.csv'",
		"",
		"During handling of the above exception, another exception occurred:",
		"",
		"Traceback (most recent call last):",
		mp + `314, in _bootstrap`,
		"    self.run()",
		mp + `108, in run`,
		"    self._target(*self._args, **self._kwargs)",
		`  File "/srv/mp.py", line 64, in load`,
		`    open_feed(name)`,
		`  File "/srv/mp.py", line 41, in open_feed`,
		`    raise PermissionError(13, "Permission denied", name)`,
		"PermissionError: [Errno 13] Permission denied: '.fallback'",
		"batch 2: 2 loaders failed",
	}, "\n") + "\n"
	res := run(t, nil, namedLog{"mp", []byte(log)})
	var types []string
	for _, g := range res.Groups {
		types = append(types, g.Exception)
	}
	if len(res.Groups) != 2 || types[0] != "json.decoder.JSONDecodeError" && types[1] != "json.decoder.JSONDecodeError" {
		for _, g := range res.Groups {
			t.Logf("%d× %s", g.Count, g.Signature)
		}
		t.Fatalf("groups %v, want a JSONDecodeError and a PermissionError", types)
	}
}

// Workers writing a line per write: File lines of two tracebacks come one
// after the other, each code line goes to the traceback that has waited
// longest for it (or whose frame showed it before), carets to the code
// they fit, a comprehension's frame to the line with a "for".
func TestPythonLanesLineByLine(t *testing.T) {
	f := func(line int, fn string) string {
		return fmt.Sprintf(`  File "/srv/p.py", line %d, in %s`, line, fn)
	}
	log := strings.Join([]string{
		"Traceback (most recent call last):",
		"Traceback (most recent call last):",
		f(65, "worker"),
		f(65, "worker"),
		"    run_job(kind)",
		"    run_job(kind)",
		f(57, "run_job"),
		f(53, "run_job"),
		"    return invoice_total([{\"amount\": 3}])",
		"    return crop_box({\"w\": 640, \"h\": 0})",
		"           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
		"           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
		f(48, "invoice_total"),
		f(36, "crop_box"),
		"    return sum(price_of(i) for i in items)",
		"    return ratio(img[\"w\"], img[\"h\"])",
		f(48, "<genexpr>"),
		f(32, "ratio"),
		"    return sum(price_of(i) for i in items)",
		"    return w / h",
		f(44, "price_of"),
		"           ~~^~~",
		"    return item[\"currency\"]",
		"ZeroDivisionError: division by zero",
		"KeyError: 'currency'",
	}, "\n") + "\n"
	res := run(t, nil, namedLog{"lines", []byte(log)})
	want := map[string]string{"ZeroDivisionError": "p.py:ratio | /srv/p.py:crop_box", "KeyError": "p.py:price_of | /srv/p.py:<genexpr>"}
	if len(res.Groups) != 2 {
		for _, g := range res.Groups {
			t.Logf("%d× %s", g.Count, g.Signature)
		}
		t.Fatalf("%d groups, want 2", len(res.Groups))
	}
	for _, g := range res.Groups {
		if w, ok := want[g.Exception]; !ok || !strings.HasSuffix(g.Signature, w) {
			t.Errorf("%s: %q, want it to end with %q", g.Exception, g.Signature, w)
		}
	}
	if !caretFits([]byte("           ^^^^"), []byte("    return a + b")) || caretFits([]byte("           ^^^^^^^^^^^^"), []byte("    return w")) {
		t.Error("caretFits")
	}
	if impliedBy([]byte("    return run(x)"), "<genexpr>") || !impliedBy([]byte("    return sum(p(i) for i in xs)"), "<genexpr>") {
		t.Error("impliedBy")
	}
}

// Three writers, a line per write (an excerpt of a real log): a traceback
// at a frame under whose code line earlier tracebacks showed carets owes
// those carets, so the next frame line goes to the traceback whose frame
// is complete, not to the one that had the last line; and what a frame
// shows is learnt from the tracebacks waiting for that very line, whatever
// the others wait for.
func TestPythonLanesOwedCarets(t *testing.T) {
	f := func(line int, fn string) string {
		return fmt.Sprintf(`  File "/srv/p.py", line %d, in %s`, line, fn)
	}
	const (
		hdr        = "Traceback (most recent call last):"
		callJob    = "    run_job(kind)"
		callCrop   = `    return crop_box({"w": 640, "h": 0})`
		cropUp     = "           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^"
		callRatio  = `    return ratio(img["w"], img["h"])`
		ratioUp    = "           ^^^^^^^^^^^^^^^^^^^^^^^^^"
		div        = "    return w / h"
		divUp      = "           ~~^~~"
		zero       = "ZeroDivisionError: division by zero"
		callCamera = "    return camera(None)"
		cameraUp   = "           ^^^^^^^^^^^^"
		get        = `    return meta.get("model")`
		getUp      = "           ^^^^^^^^"
		none       = "AttributeError: 'NoneType' object has no attribute 'get'"
	)
	log := strings.Join([]string{
		// One traceback alone.
		hdr, f(65, "worker"), callJob, f(53, "run_job"), callCrop, cropUp,
		f(36, "crop_box"), callRatio, ratioUp, f(32, "ratio"), div, divUp, zero,
		"worker 0: job 1 done",
		// Three at once, a line each as the writers get the CPU: A and C
		// fail in ratio, B in camera.
		hdr, hdr, hdr, // A, B, C
		f(65, "worker"), f(65, "worker"), f(65, "worker"),
		callJob, callJob, callJob,
		f(53, "run_job"),  // C
		f(55, "run_job"),  // B
		f(53, "run_job"),  // A
		callCrop,          // C
		callCamera,        // B
		callCrop,          // A
		cropUp,            // C
		cameraUp,          // B
		cropUp,            // A
		f(36, "crop_box"), // A
		f(40, "camera"),   // B
		f(36, "crop_box"), // C
		callRatio,         // A
		get,               // B
		ratioUp,           // A: its frame is complete
		callRatio,         // C: it owes its carets
		getUp,             // B
		f(32, "ratio"),    // A's, not C's (which had a line since)
		ratioUp,           // C
		none,              // B
		f(32, "ratio"),    // C
		div,               // A
		divUp,             // A
		div,               // C
		zero,              // A
		divUp,             // C
		zero,              // C
	}, "\n") + "\n"
	res := run(t, nil, namedLog{"owed", []byte(log)})
	want := map[string]int64{zero: 3, none: 1}
	if len(res.Groups) != len(want) {
		for _, g := range res.Groups {
			t.Logf("%d× %s %v", g.Count, g.Signature, g.Frames)
		}
		t.Fatalf("%d groups, want %d", len(res.Groups), len(want))
	}
	for msg, n := range want {
		if g := findGroup(t, res, msg); g.Count != n {
			t.Errorf("%s: count %d, want %d", msg, g.Count, n)
		}
	}
}

// A code line no traceback waits for, right after two headers, is taken by
// the traceback read last, which then has a code line and no frame: the
// next frame line must not look for that traceback's last frame (it
// panicked).
func TestPythonLanesCodeBeforeAnyFrame(t *testing.T) {
	log := strings.Join([]string{
		"Traceback (most recent call last):",
		"Traceback (most recent call last):",
		"    run_job(kind)",
		`  File "/srv/p.py", line 3, in f`,
		"    return 1 / 0",
		"ZeroDivisionError: division by zero",
	}, "\n") + "\n"
	res := run(t, nil, namedLog{"early", []byte(log)})
	if findGroup(t, res, "ZeroDivisionError: division by zero").Kind != "python" {
		t.Errorf("%+v", res.Groups)
	}
}

// Two writers whose chained tracebacks interleave line by line, blank
// lines and chaining sentences included (threads printing
// traceback.format_exc() line by line): the window is solved as a whole
// (lanesolve.go), so each chain is one event with its last exception and
// its own frames.
func TestPythonLanesSolvedChains(t *testing.T) {
	f := func(line int, fn string) string {
		return fmt.Sprintf(`  File "/srv/t.py", line %d, in %s`, line, fn)
	}
	const hdr = "Traceback (most recent call last):"
	rate := []string{
		hdr, f(40, "fx_rate"), "    return rates[currency]", "           ~~~~~^^^^^^^^^^",
		"KeyError: 'CHF'", "",
		"The above exception was the direct cause of the following exception:", "",
		hdr, f(80, "worker"), "    run_job(kind)",
		f(68, "run_job"), `    return convert(12.5, "CHF")`, "           ^^^^^^^^^^^^^^^^^^^^",
		f(48, "convert"), `    return amount * fx_rate({"EUR": 1.0}, currency)`, "                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
		f(42, "fx_rate"), `    raise RateError("no rate for %s" % currency) from exc`,
		"RateError: no rate for CHF",
	}
	qty := []string{
		hdr, f(53, "parse_qty"), "    return int(text)", "           ^^^^^^^^^",
		"ValueError: invalid literal for int() with base 10: 'a dozen'", "",
		"During handling of the above exception, another exception occurred:", "",
		hdr, f(80, "worker"), "    run_job(kind)",
		f(70, "run_job"), `    return parse_qty("a dozen", None)`, "           ^^^^^^^^^^^^^^^^^^^^^^^^^^",
		f(55, "parse_qty"), `    return defaults["qty"]`, "           ~~~~~~~~^^^^^^^",
		"TypeError: 'NoneType' object is not subscriptable",
	}
	// The order the two threads got the CPU in (A: rate, B: qty); the
	// one-line-at-a-time choice made 5 groups of it.
	var lines []string
	a, b := 0, 0
	for _, c := range "ABABBBBABAAAABBAAAAABBBABBABAAAAABABBBAAABAAAAAABBABABBBBBBBBB" {
		switch {
		case c == 'A' && a < len(rate):
			lines = append(lines, rate[a])
			a++
		case c == 'B' && b < len(qty):
			lines = append(lines, qty[b])
			b++
		}
	}
	lines = append(append(lines, rate[a:]...), qty[b:]...)
	lines = append(lines, "thread 0: job 1 done", "thread 1: job 1 done")
	res := run(t, nil, namedLog{"threads", []byte(strings.Join(lines, "\n") + "\n")})
	want := map[string]string{
		"RateError: no rate for CHF":                        "/srv/t.py:fx_rate | /srv/t.py:convert",
		"TypeError: 'NoneType' object is not subscriptable": "/srv/t.py:parse_qty | /srv/t.py:run_job",
	}
	if len(res.Groups) != len(want) {
		for _, g := range res.Groups {
			t.Logf("%d× %s", g.Count, g.Signature)
		}
		t.Fatalf("%d groups, want %d", len(res.Groups), len(want))
	}
	for msg, frames := range want {
		if g := findGroup(t, res, msg); g.Count != 1 || !strings.HasSuffix(g.Signature, frames) {
			t.Errorf("%s: %d× %q, want it to end with %q", msg, g.Count, g.Signature, frames)
		}
	}
	// The same log twice: the second input is solved afresh (a plan's
	// line numbers are its input's).
	log := []byte(strings.Join(lines, "\n") + "\n")
	res = run(t, nil, namedLog{"threads.1", log}, namedLog{"threads.2", log})
	for msg := range want {
		if g := findGroup(t, res, msg); g.Count != 2 || len(res.Groups) != 2 {
			t.Errorf("two inputs: %s %d×, %d groups", msg, g.Count, len(res.Groups))
		}
	}
	p := &lanePlan{from: 10, to: 12, ids: []int64{0, 4}}
	if _, ok := p.planned(10); ok {
		t.Error("planned(10): a line given to no traceback")
	}
	if id, ok := p.planned(11); !ok || id != 4 {
		t.Errorf("planned(11) = %d, %v", id, ok)
	}
	if _, ok := p.planned(12); ok {
		t.Error("planned(12): past the window")
	}
}

// TestPickTies: the highest score wins; among equal scores the traceback
// whose last line is the oldest (it waited longest) when asked, else the
// one with the most recent line.
func TestPickTies(t *testing.T) {
	s := &scanner{}
	a := &event{n0: 1, last: 10}
	b := &event{n0: 2, last: 30}
	c := &event{n0: 3, last: 20}
	st := &stream{parked: []*event{a, b, c}}
	same := func(*event) (int, bool) { return 1, true }
	if got := s.pick(st, same, true); got != a {
		t.Errorf("waited: got the traceback of line %d, want 1", got.n0)
	}
	if got := s.pick(st, same, false); got != b {
		t.Errorf("most recent: got the traceback of line %d, want 2", got.n0)
	}
	scored := func(e *event) (int, bool) { return int(e.n0 % 3), e != b }
	if got := s.pick(st, scored, true); got != a {
		t.Errorf("score: got the traceback of line %d, want 1 (score 1 beats c's 0)", got.n0)
	}
	if got := s.pick(st, func(*event) (int, bool) { return 0, false }, true); got != nil {
		t.Errorf("none accepted: got the traceback of line %d", got.n0)
	}
}

package logscan

import (
	"strings"
	"testing"
	"time"
)

func lines(ls ...string) []byte { return []byte(strings.Join(ls, "\n") + "\n") }

// twice scans a log made of the sample twice (with another run's ids) and
// checks that it makes one group of two.
func twice(t *testing.T, a, b []byte) *Result {
	t.Helper()
	res := run(t, nil, namedLog{"x.log", append(append([]byte{}, a...), b...)})
	if len(res.Groups) != 1 || res.Groups[0].Count != 2 {
		for _, g := range res.Groups {
			t.Logf("%d× %s", g.Count, g.Signature)
		}
		t.Fatalf("%d groups", len(res.Groups))
	}
	return res
}

func rustPanic(thread, tid, at, msg string, full bool) []byte {
	frame := func(n, sym, where string) []string {
		if full {
			return []string{"  " + n + ":     0x55d0a1b2c3d4 - " + sym + "::h0123456789abcdef", "                               at " + where}
		}
		return []string{"   " + n + ": " + sym, "             at " + where}
	}
	ls := []string{"", "thread '" + thread + "' (" + tid + ") panicked at " + at + ":", msg, "stack backtrace:"}
	ls = append(ls, frame("0", "__rustc::rust_begin_unwind", "/rustc/59807616e1fa/library/std/src/panicking.rs:689:5")...)
	ls = append(ls, frame("1", "core::panicking::panic_fmt", "/rustc/59807616e1fa/library/core/src/panicking.rs:80:14")...)
	ls = append(ls, frame("2", "inventory::parse_qty", "./inventory.rs:9:22")...)
	ls = append(ls, frame("3", "inventory::work", "./inventory.rs:19:13")...)
	ls = append(ls, "note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.", "[inventory] next")
	return lines(ls...)
}

func TestRustFamily(t *testing.T) {
	for _, full := range []bool{false, true} {
		res := twice(t, rustPanic("worker-1", "26850", "inventory.rs:9:22", "quantity must be a number: ParseIntError { kind: InvalidDigit }", full),
			rustPanic("main", "7", "inventory.rs:9:22", "quantity must be a number: ParseIntError { kind: InvalidDigit }", full))
		g := res.Groups[0]
		if g.Kind != "rust" || g.Message != "quantity must be a number: ParseIntError { kind: InvalidDigit }" ||
			hasLocation(res, "./inventory.rs", 9, "inventory::parse_qty") == nil || !strings.Contains(g.Signature, "inventory.rs:9:22") {
			t.Errorf("full=%v: %+v", full, g)
		}
	}
	// Another place, the same message: two groups.
	res := run(t, nil, namedLog{"x.log", append(rustPanic("a", "1", "inventory.rs:9:22", "boom", false), rustPanic("a", "1", "inventory.rs:30:5", "boom", false)...)})
	if len(res.Groups) != 2 {
		t.Errorf("different places merged: %d groups", len(res.Groups))
	}
}

func asanReport(pid, addr string) []byte {
	return lines(
		"=================================================================",
		"=="+pid+"==ERROR: AddressSanitizer: heap-buffer-overflow on address "+addr+" at pc 0x5610811052f1 bp 0x7ffdf95565d0 sp 0x7ffdf95565c8",
		"WRITE of size 1 at "+addr+" thread T0",
		"    #0 0x5610811052f0 in fill_row /src/c/asan.c:12",
		"    #1 0x5610811054ba in render /src/c/asan.c:28:3",
		"    #2 0x7f15f8a45249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58",
		"",
		addr+" is located 0 bytes to the right of 16-byte region [0x602000000010,0x602000000020)",
		"allocated by thread T0 here:",
		"    #0 0x7f15f94b89cf in __interceptor_malloc ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:69",
		"    #1 0x561081105475 in render /src/c/asan.c:26",
		"",
		"SUMMARY: AddressSanitizer: heap-buffer-overflow /src/c/asan.c:12 in fill_row",
		"Shadow bytes around the buggy address:",
		"  0x0c047fff7fb0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
		"Shadow byte legend (one shadow byte represents 8 application bytes):",
		"  Addressable:           00",
		"=="+pid+"==ABORTING",
		"[supervisor] run ended")
}

func TestSanitizerFamilies(t *testing.T) {
	res := twice(t, asanReport("26906", "0x602000000020"), asanReport("7", "0x603000000040"))
	g := res.Groups[0]
	if g.Kind != "sanitizer" || !strings.HasSuffix(g.Signature, "| /src/c/asan.c:fill_row | /src/c/asan.c:render") ||
		hasLocation(res, "/src/c/asan.c", 28, "render") == nil {
		t.Errorf("asan: %+v", g)
	}
	ub := lines("/src/c/ubsan.c:12:11: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'",
		"/src/c/ubsan.c:20:7: runtime error: signed integer overflow: 2147483647 + 2 cannot be represented in type 'int'",
		"/src/c/ubsan.c:12:11: runtime error: signed integer overflow: 2147483646 + 2 cannot be represented in type 'int'")
	res = run(t, nil, namedLog{"u.log", ub})
	if len(res.Groups) != 2 || res.Groups[0].Count != 2 || res.Groups[0].Kind != "ubsan" || hasLocation(res, "/src/c/ubsan.c", 12, "") == nil {
		t.Errorf("ubsan: %+v", res.Groups)
	}
}

func TestDebuggerBacktrace(t *testing.T) {
	gdb := func(addr string) []byte {
		return lines("Program received signal SIGSEGV, Segmentation fault.",
			addr+" in __strlen_evex () from /lib/x86_64-linux-gnu/libc.so.6",
			"#0  "+addr+" in __strlen_evex () from /lib/x86_64-linux-gnu/libc.so.6",
			"#1  0x0000555555555189 in name_length (s=0x0) at gdb.c:6",
			"#2  0x00005555555551c0 in main () at gdb.c:14",
			"[Inferior 1 (process 4242) killed]")
	}
	res := twice(t, gdb("0x00007ffff7e4b8bd"), gdb("0x00007ffff7e2e8bd"))
	if g := res.Groups[0]; g.Kind != "native" || hasLocation(res, "gdb.c", 6, "name_length") == nil || hasLocation(res, "gdb.c", 14, "main") == nil {
		t.Errorf("gdb: %+v %+v", g, res.Locations)
	}
	// With debug information gdb stops at a function and prints its source
	// line (which starts with a digit) before bt; a tab-separated log line
	// that starts with a number still ends the event.
	withDebug := lines("Program received signal SIGSEGV, Segmentation fault.",
		"__strlen_evex () at ../sysdeps/x86_64/multiarch/strlen-evex.S:77",
		"77\t../sysdeps/x86_64/multiarch/strlen-evex.S: No such file or directory.",
		"#0  __strlen_evex () at ../sysdeps/x86_64/multiarch/strlen-evex.S:77",
		"#1  0x000055555555518d in count_chars (s=0x0) at crash.c:8",
		"#2  0x00005555555551c2 in main (argc=1, argv=0x7fffffffe4c8) at crash.c:20",
		"1733480000\tworker started")
	res = run(t, nil, namedLog{"d.log", withDebug})
	if g := res.Groups[0]; len(res.Groups) != 1 || g.Kind != "native" || hasLocation(res, "crash.c", 8, "count_chars") == nil || hasLocation(res, "crash.c", 20, "main") == nil {
		t.Errorf("gdb with debug information: %+v %+v", res.Groups, res.Locations)
	}
	if last := res.Groups[0].Lines[len(res.Groups[0].Lines)-1]; last.Role == RoleTrace && last.N == 7 {
		t.Errorf("the log line after the backtrace was taken into it: %+v", last)
	}
	lldb := lines("Process 4242 stopped: fatal",
		"* thread #1, queue = 'com.apple.main-thread', stop reason = EXC_BAD_ACCESS (code=1, address=0x0)",
		"  * frame #0: 0x0000000100003f50 a.out`name_length(s=0x0) at t.c:4:7",
		"    frame #1: 0x0000000100003f80 a.out`main at t.c:9:3")
	res = run(t, nil, namedLog{"l.log", lldb})
	if hasLocation(res, "t.c", 4, "name_length(s=0x0)") == nil && hasLocation(res, "t.c", 4, "name_length") == nil {
		t.Errorf("lldb: %+v", res.Locations)
	}
}

func TestRubyFamily(t *testing.T) {
	logged := func(n string) []byte {
		return lines("E, [2026-12-06T23:22:43.261246 #28467] ERROR -- : invoice "+n+" failed: TypeError (nil can't be coerced into Integer)",
			"  worker.rb:19:in `*'",
			"  worker.rb:19:in `block in total'",
			"  worker.rb:30:in `bill'",
			"I, [2026-12-06T23:22:43.261533 #28467]  INFO -- : invoice 504 billed")
	}
	res := twice(t, logged("501"), logged("502"))
	if g := res.Groups[0]; g.Kind != "ruby" || hasLocation(res, "worker.rb", 30, "bill") == nil {
		t.Errorf("logged: %+v", g)
	}
	// error_highlight continues the message over a blank line, the code and carets.
	highlight := lines("E, [2026-12-06T23:22:43.264133 #28467] ERROR -- : invoice 508 failed: NoMethodError (undefined method `sum' for nil:NilClass",
		"",
		"    lines.sum { |l| l[:qty] * l[:price] }",
		"         ^^^^)",
		"  worker.rb:19:in `total'",
		"  worker.rb:34:in `bill'",
		"I, [2026-12-06T23:22:43.261533 #28467]  INFO -- : invoice 509 billed")
	res = run(t, nil, namedLog{"h.log", highlight})
	if len(res.Groups) != 1 || res.Groups[0].Kind != "ruby" || hasLocation(res, "worker.rb", 34, "bill") == nil {
		t.Errorf("error_highlight: %+v", res.Groups)
	}
	uncaught := lines("worker.rb:55:in `close': ledger closed (RuntimeError)",
		"\tfrom worker.rb:60:in `block in <main>'",
		"\tfrom worker.rb:58:in 'Integer#times'")
	res = run(t, nil, namedLog{"u.log", uncaught})
	if len(res.Groups) != 1 || res.Groups[0].Kind != "ruby" || hasLocation(res, "worker.rb", 55, "close") == nil ||
		hasLocation(res, "worker.rb", 58, "Integer#times") == nil {
		t.Errorf("uncaught: %+v %+v", res.Groups, res.Locations)
	}
}

func TestPHPFamily(t *testing.T) {
	fatal := func(ts string) []byte {
		return lines("["+ts+" UTC] PHP Fatal error:  Uncaught RuntimeException: coupon expired in /app/coupon.php:12",
			"Stack trace:",
			"#0 /app/checkout.php(30): Coupon->apply()",
			"#1 {main}",
			"  thrown in /app/coupon.php on line 12")
	}
	res := twice(t, fatal("06-Dec-2026 23:22:43"), fatal("06-Dec-2026 23:22:44"))
	if g := res.Groups[0]; g.Kind != "php" || hasLocation(res, "/app/checkout.php", 30, "Coupon->apply") == nil ||
		hasLocation(res, "/app/coupon.php", 12, "") == nil {
		t.Errorf("fatal: %+v %+v", g, res.Locations)
	}
	warn := lines(`[06-Dec-2026 23:22:43 UTC] PHP Parse error:  syntax error, unexpected token "}" in /app/a.php on line 5`)
	res = run(t, nil, namedLog{"w.log", warn})
	if len(res.Groups) != 1 || hasLocation(res, "/app/a.php", 5, "") == nil {
		t.Errorf("one line: %+v", res.Locations)
	}
}

func TestNodeCauseAndExcerpt(t *testing.T) {
	withCause := lines("2026-12-06T23:22:40.001Z cart failed",
		"Error: cart total failed",
		"    at total (/srv/cart.js:20:11)",
		"    at handle (/srv/cart.js:31:5)",
		"    ... 4 lines matching cause stack trace ...",
		"    at process.processTicksAndRejections (node:internal/process/task_queues:95:5) {",
		"  [cause]: TypeError: Cannot read properties of undefined (reading 'price')",
		"      at price (/srv/cart.js:9:20)",
		"      at total (/srv/cart.js:18:7)",
		"}",
		"2026-12-06T23:22:41.001Z next")
	res := run(t, nil, namedLog{"n.log", withCause})
	if len(res.Groups) != 1 || res.Groups[0].Kind != "javascript" || hasLocation(res, "/srv/cart.js", 9, "price") == nil {
		for _, g := range res.Groups {
			t.Logf("%d× %s %+v", g.Count, g.Signature, g.Lines)
		}
		t.Errorf("cause: %d groups", len(res.Groups))
	}
	excerpt := lines("/srv/app.js:42",
		"    throw new Error('shutting down');",
		"    ^",
		"",
		"Error: shutting down",
		"    at stop (/srv/app.js:42:11)",
		"    at main (/srv/app.js:50:3)",
		"",
		"Node.js v20.11.0")
	res = run(t, nil, namedLog{"e.log", excerpt})
	if len(res.Groups) != 1 || res.Groups[0].Message != "Error: shutting down" || hasLocation(res, "/srv/app.js", 42, "stop") == nil {
		t.Errorf("excerpt: %+v", res.Groups)
	}
}

// .NET's shape, from its documentation (Exception.StackTrace).
func TestDotnetFrames(t *testing.T) {
	log := func(id string) []byte {
		return lines("2026-12-06 23:22:40.001 fail: Shop.Api["+id+"] Unhandled exception.",
			"System.InvalidOperationException: order not found",
			"   at Shop.Orders.OrderService.Load(Int32 id) in /src/Shop/Orders/OrderService.cs:line 42",
			"   at Shop.Api.OrdersController.Get(Int32 id) in /src/Shop/Api/OrdersController.cs:line 17",
			"   at lambda_method(Closure , Object , Object[] )",
			"2026-12-06 23:22:41.001 info: next")
	}
	res := twice(t, log("1"), log("2"))
	if g := res.Groups[0]; g.Message != "System.InvalidOperationException: order not found" ||
		hasLocation(res, "/src/Shop/Orders/OrderService.cs", 42, "Shop.Orders.OrderService.Load") == nil {
		t.Errorf("%+v %+v", g, res.Locations)
	}
}

// TestPHPWarningsAndTheirTimestamps: PHP's error_log warnings are errors
// (the "php warning:" pattern), grouped with their place as a frame; the
// "[06-Dec-2026 10:00:00 UTC]" stamp leaves the message and gives the
// time, and a zone by another name gives none rather than a wrong one.
func TestPHPWarningsAndTheirTimestamps(t *testing.T) {
	res := run(t, nil, namedLog{"php.log", lines(
		"[06-Dec-2026 10:00:00 UTC] PHP Warning:  Undefined variable $total in /app/checkout.php on line 12",
		"[06-Dec-2026 10:00:01 UTC] PHP Warning:  Undefined variable $total in /app/checkout.php on line 12",
		"[06-Dec-2026 11:00:00 CET] PHP Warning:  Division by zero in /app/tax.php on line 7",
		"[06-Dec-2026 10:00:02 UTC] PHP Notice:  Undefined index: id in /app/x.php on line 3")})
	if len(res.Groups) != 2 {
		t.Fatalf("%d groups: %+v", len(res.Groups), res.Groups)
	}
	g := res.Groups[0]
	if g.Count != 2 || g.Message != "PHP Warning:  Undefined variable $total in /app/checkout.php on line 12" ||
		!g.First.Time.Equal(time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)) || hasLocation(res, "/app/checkout.php", 12, "") == nil {
		t.Errorf("%+v", g)
	}
	if !res.Groups[1].First.Time.IsZero() {
		t.Errorf("a CET stamp read as %v", res.Groups[1].First.Time)
	}
}

// gdb on a worker thread: 'Thread 2 "w" received signal' (an error line of
// its own), "[Switching to Thread ...]", a stop line with an address and
// its source line; glibc's ./nptl/ and ./stdlib/ frames stay out of the
// signature.
func TestGdbThreadSignal(t *testing.T) {
	log := strings.Join([]string{
		"[New Thread 0x7ffff7dd16c0 (LWP 4595)]",
		"",
		`Thread 2 "sched-worker" received signal SIGABRT, Aborted.`,
		"[Switching to Thread 0x7ffff7dd16c0 (LWP 4595)]",
		"__pthread_kill_implementation (threadid=<optimized out>, signo=signo@entry=6, no_tid=no_tid@entry=0) at ./nptl/pthread_kill.c:44",
		"44\t./nptl/pthread_kill.c: No such file or directory.",
		"#0  __pthread_kill_implementation (threadid=<optimized out>, signo=signo@entry=6, no_tid=no_tid@entry=0) at ./nptl/pthread_kill.c:44",
		"#1  0x00007ffff7e5ff4f in __pthread_kill_internal (signo=6, threadid=<optimized out>) at ./nptl/pthread_kill.c:78",
		"#2  0x00007ffff7e10fb2 in __GI_raise (sig=sig@entry=6) at ../sysdeps/posix/raise.c:26",
		"#3  0x00007ffff7dfb472 in __GI_abort () at ./stdlib/abort.c:79",
		"#4  0x0000555555555231 in drain_queue (pending=3) at sched.c:32",
		"#5  0x0000555555555362 in worker (arg=0x0) at sched.c:50",
		"#6  0x00007ffff7e5e1f5 in start_thread (arg=<optimized out>) at ./nptl/pthread_create.c:442",
		"[supervisor] run 5 exited with code 0",
		`Thread 2 "sched-worker" received signal SIGFPE, Arithmetic exception.`,
		"[Switching to Thread 0x7ffff7dd16c0 (LWP 4551)]",
		"0x00005555555551f5 in per_slot (jobs=12, slots=0) at sched.c:26",
		"26\t    return jobs / slots;",
		"#0  0x00005555555551f5 in per_slot (jobs=12, slots=0) at sched.c:26",
		"#1  0x0000555555555323 in worker (arg=0x0) at sched.c:48",
	}, "\n") + "\n"
	res := run(t, nil, namedLog{"gdb", []byte(log)})
	want := []string{"sched.c:drain_queue | sched.c:worker", "sched.c:per_slot | sched.c:worker"}
	if len(res.Groups) != len(want) {
		t.Fatalf("%d groups, want %d", len(res.Groups), len(want))
	}
	for i, g := range res.Groups {
		if !strings.HasSuffix(g.Signature, want[i]) {
			t.Errorf("group %d: %q, want it to end with %q", i, g.Signature, want[i])
		}
	}
	if !glibcSource("./stdlib/abort.c") || !glibcSource("../sysdeps/posix/raise.c") || glibcSource("./sched.c") || glibcSource("src/nptl/x.c") {
		t.Error("glibcSource")
	}
}

// TestLLDBBatchCrash: lldb --batch -o run -k bt says where the process
// stopped (the stop line, frame #0, the source excerpt), prints the launch
// message late, echoes bt and repeats the stop line before the stack: one
// crash is one group, whose frames are the backtrace's first two of the
// program's own, with lldb's arguments cut from the symbol.
func TestLLDBBatchCrash(t *testing.T) {
	crash := func(pid, addr string) []byte {
		return lines("[supervisor] run 1: ./ledger post",
			"(lldb) run",
			"Process "+pid+" stopped",
			"* thread #1, name = 'ledger', stop reason = signal SIGSEGV: invalid address (fault address: 0x0)",
			"    frame #0: 0x000055555555517c ledger`post_entry(l="+addr+", cents=1250) at ledger.c:22:9",
			"   21  \t{",
			"-> 22  \t\tl->head->cents += cents;",
			"    \t\t       ^",
			"   23  \t}",
			"Process "+pid+" launched: '/tmp/ledger' (x86_64)",
			"(lldb) bt",
			"* thread #1, name = 'ledger', stop reason = signal SIGSEGV: invalid address (fault address: 0x0)",
			"  * frame #0: 0x000055555555517c ledger`post_entry(l="+addr+", cents=1250) at ledger.c:22:9",
			"    frame #1: 0x000055555555531c ledger`main(argc=2, argv=0x00007fffffffe778) at ledger.c:50:3",
			"    frame #2: 0x00007ffff7dfc24a libc.so.6`__libc_start_call_main(main=(ledger`main at ledger.c:46:1), argc=2) at libc_start_call_main.h:58:16",
			"    frame #3: 0x00005555555550a1 ledger`_start + 33",
			"(lldb) quit",
			"[supervisor] run 1 exited with code 0")
	}
	res := twice(t, crash("13896", "0x00005555555592a0"), crash("14077", "0x00005555555593c0"))
	if len(res.Groups) != 1 {
		t.Fatalf("%d groups, want 1: %+v", len(res.Groups), res.Groups)
	}
	g := res.Groups[0]
	if g.Kind != "native" || g.Count != 2 || !strings.HasSuffix(g.Signature, "ledger.c:post_entry | ledger.c:main") {
		t.Errorf("lldb: %+v", g)
	}
	if hasLocation(res, "ledger.c", 22, "post_entry") == nil || hasLocation(res, "ledger.c", 50, "main") == nil {
		t.Errorf("lldb frames: %+v", res.Locations)
	}
	// An abort stops in the C library: the program's frames come after it.
	abort := lines("* thread #1, name = 'ledger', stop reason = signal SIGABRT",
		"    frame #0: 0x00007ffff7e5feec libc.so.6`__pthread_kill_implementation(threadid=<unavailable>, signo=6, no_tid=<unavailable>) at pthread_kill.c:44:76",
		"Process 3975 launched: '/tmp/ledger' (x86_64)",
		"(lldb) bt",
		"* thread #1, name = 'ledger', stop reason = signal SIGABRT",
		"  * frame #0: 0x00007ffff7e5feec libc.so.6`__pthread_kill_implementation(threadid=<unavailable>, signo=6, no_tid=<unavailable>) at pthread_kill.c:44:76",
		"    frame #1: 0x00007ffff7e10fb2 libc.so.6`__GI_raise(sig=6) at raise.c:26:13",
		"    frame #2: 0x00007ffff7dfb472 libc.so.6`__GI_abort at abort.c:79:7",
		"    frame #3: 0x00007ffff7e09ec2 libc.so.6`__GI___assert_fail(assertion=<unavailable>) at assert.c:103:3",
		"    frame #4: 0x00005555555551f4 ledger`close_books(l=0x00005555555592a0) at ledger.c:32:2",
		"    frame #5: 0x0000555555555350 ledger`main(argc=2, argv=0x00007fffffffe778) at ledger.c:52:2",
		"  thread #2, name = 'flusher'",
		"    frame #0: 0x00007ffff7e5a1f5 libc.so.6`__futex_abstimed_wait_common at futex-internal.c:57:12",
		"    frame #1: 0x0000555555555400 ledger`flush_loop(arg=0x0) at ledger.c:70:3",
		"(lldb) quit")
	res = run(t, nil, namedLog{"abort.log", abort})
	if len(res.Groups) != 1 || !strings.HasSuffix(res.Groups[0].Signature, "ledger.c:close_books | ledger.c:main") {
		t.Errorf("lldb abort: %+v", res.Groups)
	}
	for _, c := range []struct {
		line string
		want bool
	}{
		{"   21  \t{", true}, {"-> 22  \t\tx = 1;", true}, {"    \t\t       ^", true}, {"    \t ~~~^~~", true},
		{"   21 items", false}, {"    ^", false}, {"", false}, {"22", false},
	} {
		if got := lldbSourceLine([]byte(c.line)); got != c.want {
			t.Errorf("lldbSourceLine(%q) = %v", c.line, got)
		}
	}
}

// TestMonoTraces: Mono's frames ("Method (args) [0x00012] in File.cs:12",
// "in <mvid>:0" with no source, wrappers), an inner exception's frames
// before "--- End of inner exception stack trace ---" (the signature's
// frames are the outer exception's), an AggregateException's "--->
// (Inner Exception #0)" list, and an unhandled exception that Mono writes
// twice after "Unhandled Exception:": one event each.
func TestMonoTraces(t *testing.T) {
	inner := func(id string) []byte {
		return lines("System.InvalidOperationException: order "+id+": bad quantity ---> System.FormatException: Input string was not in a correct format.",
			"  at System.Int32.Parse (System.String s) [0x00019] in <12b418a7818c4ca0893feeaaf67f1e7f>:0 ",
			"  at Shop.Orders.ParseQuantity (System.String raw) [0x00002] in /src/Orders.cs:27 ",
			"   --- End of inner exception stack trace ---",
			"  at Shop.Orders.LoadLine (System.Int32 id, System.String raw) [0x00026] in /src/Orders.cs:38 ",
			"  at Shop.Orders.Main (System.String[] args) [0x000db] in /src/Orders.cs:75 ")
	}
	res := twice(t, inner("1054"), inner("1075"))
	if len(res.Groups) != 1 {
		t.Fatalf("inner: %d groups: %+v", len(res.Groups), res.Groups)
	}
	if g := res.Groups[0]; g.Kind != "java" || g.Count != 2 || !strings.HasSuffix(g.Signature, "/src/Orders.cs:Shop.Orders.LoadLine | /src/Orders.cs:Shop.Orders.Main") {
		t.Errorf("inner: %+v", g)
	}
	if hasLocation(res, "/src/Orders.cs", 27, "Shop.Orders.ParseQuantity") == nil {
		t.Errorf("inner frames: %+v", res.Locations)
	}

	agg := lines("System.AggregateException: One or more errors occurred. (k) ---> System.Collections.Generic.KeyNotFoundException: k",
		"  at Shop.Orders.Rate (System.String currency) [0x00007] in /src/Orders.cs:44 ",
		"  at (wrapper delegate-invoke) System.Func`1[System.Decimal].invoke_TResult()",
		"   --- End of inner exception stack trace ---",
		"  at System.Threading.Tasks.Task.Wait () [0x00000] in <12b418a7818c4ca0893feeaaf67f1e7f>:0 ",
		"  at Shop.Orders.Convert (System.Int32 id) [0x00028] in /src/Orders.cs:50 ",
		"---> (Inner Exception #0) System.Collections.Generic.KeyNotFoundException: k",
		"  at Shop.Orders.Rate (System.String currency) [0x00007] in /src/Orders.cs:44 ",
		"  at System.Threading.Tasks.Task.Execute () [0x00000] in <12b418a7818c4ca0893feeaaf67f1e7f>:0 <---",
		"",
		"Unhandled Exception:",
		"System.IndexOutOfRangeException: Index was outside the bounds of the array.",
		"  at Shop.Orders.Shard (System.Int32[] shards, System.Int32 n) [0x00001] in /src/Orders.cs:56 ",
		"[ERROR] FATAL UNHANDLED EXCEPTION: System.IndexOutOfRangeException: Index was outside the bounds of the array.",
		"  at Shop.Orders.Shard (System.Int32[] shards, System.Int32 n) [0x00001] in /src/Orders.cs:56 ")
	res = run(t, nil, namedLog{"agg.log", agg})
	if len(res.Groups) != 2 {
		t.Fatalf("aggregate and unhandled: %d groups: %+v", len(res.Groups), res.Groups)
	}
	if g := res.Groups[0]; g.Exception != "System.AggregateException" || !strings.HasSuffix(g.Signature, "System.Threading.Tasks.Task.Wait | /src/Orders.cs:Shop.Orders.Convert") {
		t.Errorf("aggregate: %+v", g)
	}
	if g := res.Groups[1]; g.Count != 1 || g.Message != "System.IndexOutOfRangeException: Index was outside the bounds of the array." || g.Exception != "System.IndexOutOfRangeException" {
		t.Errorf("unhandled: %+v", g)
	}

	in := &interner{}
	for _, c := range []struct {
		text string
		want Location
	}{
		{"Shop.Orders.Main (System.String[] args) [0x000db] in /src/Orders.cs:75", Location{File: "/src/Orders.cs", Line: 75, Symbol: "Shop.Orders.Main"}},
		{"System.Int32.Parse (System.String s) [0x00019] in <12b418a7818c4ca0893feeaaf67f1e7f>:0", Location{Symbol: "System.Int32.Parse"}},
		{"Shop.Orders.Load () <0x40a3c + 0x00012> in <filename unknown>:0", Location{Symbol: "Shop.Orders.Load"}},
		{"(wrapper remoting-invoke-with-check) System.IO.FileStream..ctor(string,int)", Location{Symbol: "System.IO.FileStream..ctor"}},
		{"Shop.Orders.Load(Int32 id) in /src/Orders.cs:line 12", Location{File: "/src/Orders.cs", Line: 12, Symbol: "Shop.Orders.Load"}},
	} {
		if got, ok := dotnetFrame([]byte(c.text), in); !ok || got != c.want {
			t.Errorf("dotnetFrame(%q) = %+v, %v", c.text, got, ok)
		}
	}
	// Node's frames are not .NET's.
	for _, s := range []string{"handler (/app/x.js:3:9)", "Object.<anonymous> (/app/x.js:1:1)", "async Promise.all (index 0)"} {
		if _, ok := dotnetFrame([]byte(s), in); ok {
			t.Errorf("dotnetFrame(%q) took a Node frame", s)
		}
	}
}

// TestDotnetCoreInnerException: .NET Core's inner exception has the same
// shape as Mono's ("   at M() in File.cs:line 12" frames): the frames
// after "--- End of inner exception stack trace ---" are the signature's.
func TestDotnetCoreInnerException(t *testing.T) {
	log := func(id string) []byte {
		return lines("Unhandled exception. System.InvalidOperationException: order "+id+" failed",
			" ---> System.FormatException: The input string 'x' was not in a correct format.",
			"   at System.Number.ThrowFormatException[TChar](ReadOnlySpan`1 value)",
			"   at Shop.Orders.Parse(String raw) in /src/Orders.cs:line 27",
			"   --- End of inner exception stack trace ---",
			"   at Shop.Orders.Load(Int32 id) in /src/Orders.cs:line 38",
			"   at Shop.Program.Main(String[] args) in /src/Program.cs:line 9")
	}
	res := twice(t, log("7"), log("8"))
	if len(res.Groups) != 1 || !strings.HasSuffix(res.Groups[0].Signature, "/src/Orders.cs:Shop.Orders.Load | /src/Program.cs:Shop.Program.Main") {
		t.Errorf("%+v", res.Groups)
	}
}

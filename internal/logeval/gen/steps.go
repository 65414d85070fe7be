package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Step makes one log of the corpus.
type Step struct {
	// Log is the log's file name in the output directory.
	Log string
	// Program is the program's path under testdata/logcorpus/programs.
	Program string
	// Needs are the commands that must be on PATH; the step is skipped
	// when one is missing.
	Needs []string
	// Root says the step needs to run as root.
	Root bool
	// Version is the command that prints the runtime's version.
	Version []string
	// Provoked says what is done to the program (for the manifest).
	Provoked string
	// Made says how the log is captured, when it is not the program's own
	// output.
	Made string
	// Run makes the log and returns its content.
	Run func(ctx context.Context, e *Env) ([]byte, error)
}

// goEnv builds Go programs with the local toolchain and no workspace.
var goEnv = []string{"GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod", "CGO_ENABLED=0"}

// pyEnv keeps Python from writing bytecode next to the programs.
var pyEnv = []string{"PYTHONDONTWRITEBYTECODE=1"}

// Steps returns every step, in the order they run.
func Steps() []Step {
	return []Step{
		{
			Log: "python_app.log", Program: "python/app.py", Needs: []string{"python3"},
			Version:  []string{"python3", "--version"},
			Provoked: "GET /avg 3 times (ZeroDivisionError), / 2 times (ok), /price 2 times (KeyError), /config once (ValueError raised from JSONDecodeError), /checkout 7 times (AttributeError during handling of KeyError); each failure logged with log.exception",
			Run:      runOne("python", pyEnv, "python3", "app.py"),
		},
		{
			Log: "python_json.jsonl", Program: "python/jsonlog.py", Needs: []string{"python3"},
			Version:  []string{"python3", "--version"},
			Provoked: "10 jobs: 3 ValueError (int parse), 2 KeyError, 4 ok, 1 ZeroDivisionError; JSON lines with the traceback in exc_info",
			Run:      runOne("python", pyEnv, "python3", "jsonlog.py"),
		},
		{
			Log: "python_workers.log", Program: "python/workers.py", Needs: []string{"python3"},
			Version:  []string{"python3", "--version"},
			Provoked: "4 worker processes printing tracebacks line by line to one stderr at once: ZeroDivisionError 8, KeyError 4, AttributeError 2",
			Run:      runOne("python", pyEnv, "python3", "-u", "workers.py"),
		},
		{
			Log: "java_app.log", Program: "java/src/com/shop/OrderService.java", Needs: []string{"javac", "java"},
			Version:  []string{"java", "-version"},
			Provoked: "orders: 3 IllegalStateException caused by NumberFormatException, 2 NullPointerException, 1 IllegalArgumentException with a suppressed IOException, 4 ok; an uncaught ArrayIndexOutOfBoundsException in thread worker-1",
			Run: func(ctx context.Context, e *Env) ([]byte, error) {
				if err := buildJava(ctx, e); err != nil {
					return nil, err
				}
				return output(ctx, Cmd{Dir: e.Dir("java"), Argv: []string{"java", "-cp", "build", "com.shop.OrderService"}})
			},
		},
		{
			Log: "go_http.log", Program: "go/httppanic", Needs: []string{"go"},
			Version:  []string{"go", "version"},
			Provoked: "net/http handlers: /session 3 times (nil map panic), /item 2 times (index out of range), /health 2 times (logged connect error); then a goroutine panics and kills the process (traceback all)",
			Run:      runGo("httppanic"),
		},
		{
			Log: "go_sigquit.log", Program: "go/deadlock", Needs: []string{"go"},
			Version:  []string{"go", "version"},
			Provoked: "3 logged timeouts, then two workers block on a held mutex; SIGQUIT after it logs ready: the runtime's goroutine dump",
			Run:      runGoSigquit,
		},
		{
			Log: "go_stuck.log", Program: "go/stuck", Needs: []string{"go"},
			Version:  []string{"go", "version"},
			Provoked: "an export pipeline logs 2 sink timeouts and stops making progress (goroutines blocked on a channel send, a condition, a WaitGroup, a mutex, a select with no cases); SIGQUIT after it logs ready, twice: GOTRACEBACK unset, then GOTRACEBACK=system",
			Made:     "the output of both runs, one after the other",
			Run:      runGoStuck,
		},
		{
			Log: "go_slog.jsonl", Program: "go/slogjson", Needs: []string{"go"},
			Version:  []string{"go", "version"},
			Provoked: "log/slog JSON handler: 7 port parse errors, 3 ok, 2 missing spool files, 3 recovered divide-by-zero panics with debug.Stack in stack",
			Run:      runGo("slogjson"),
		},
		{
			Log: "go_slog_attrs.jsonl", Program: "go/slogattrs", Needs: []string{"go"},
			Version:  []string{"go", "version"},
			Provoked: "log/slog JSON handler with AddSource: 4 request failures with a wrapped error in \"error\", 2 validation failures with an errors.Join (two-line) \"error\", 3 recovered nil pointer panics in a \"panic\" group with value and stack, 2 recovered index panics with \"panic\" and \"stack\" at the top level; info and warn records between",
			Run:      runGo("slogattrs"),
		},
		{
			Log: "node_app.log", Program: "node/app.js", Needs: []string{"node"},
			Version:  []string{"node", "--version"},
			Provoked: "console.error(err): /cart 3 times (Error with [cause]: TypeError), / 2 ok, /body 2 times (SyntaxError), /limit once (RangeError with code); then an uncaught TypeError with its source excerpt",
			Run:      runOne("node", nil, "node", "app.js"),
		},
		{
			Log: "node_rejection.log", Program: "node/rejection.js", Needs: []string{"node"},
			Version:  []string{"node", "--version"},
			Provoked: "2 logged rate lookup errors, then an unhandled promise rejection that ends the process",
			Run:      runOne("node", nil, "node", "rejection.js"),
		},
		{
			Log: "node_pino.jsonl", Program: "node/pino.js", Needs: []string{"node"},
			Version:  []string{"node", "--version"},
			Provoked: "pino-style JSON lines: 3 TypeError (no items), 2 ok, 7 TypeError (missing prices) with err.stack",
			Run:      runOne("node", nil, "node", "pino.js"),
		},
		{
			Log: "rust_backtrace.log", Program: "rust/inventory.rs", Needs: []string{"rustc"},
			Version:  []string{"rustc", "--version"},
			Provoked: "RUST_BACKTRACE=1: threads worker-1..6 run qty (expect on a parse error, 3), stock (missing HashMap key, 2), ok (1); then main panics on an index out of bounds",
			Run:      runRust("1"),
		},
		{
			Log: "rust_backtrace_full.log", Program: "rust/inventory.rs", Needs: []string{"rustc"},
			Version:  []string{"rustc", "--version"},
			Provoked: "the same as rust_backtrace.log with RUST_BACKTRACE=full",
			Run:      runRust("full"),
		},
		{
			Log: "c_asan.log", Program: "c/asan.c", Needs: []string{"gcc"},
			Version:  []string{"gcc", "--version"},
			Provoked: "built with -fsanitize=address,undefined; run 7 times by a supervisor loop: heap-buffer-overflow 3, heap-use-after-free 2, ok 2",
			Made:     "the output of each run, after a [supervisor] line",
			Run: runSupervised("c", []string{"gcc", "-g", "-O0", "-fsanitize=address,undefined", "-o", "imgtool", "asan.c"},
				"imgtool", [][]string{{"overflow"}, {"ok"}, {"overflow"}, {"uaf"}, {"overflow"}, {"uaf"}, {"ok"}}, nil),
		},
		{
			Log: "c_ubsan.log", Program: "c/ubsan.c", Needs: []string{"gcc"},
			Version:  []string{"gcc", "--version"},
			Provoked: "built with -fsanitize=undefined; run with n=1..7: signed overflow every run (7), shift exponent for even n (3), index out of bounds for n=3 (1)",
			Made:     "the output of each run, after a [supervisor] line",
			Run: runSupervised("c", []string{"gcc", "-g", "-O0", "-fsanitize=undefined", "-o", "rates", "ubsan.c"},
				"rates", [][]string{{"1"}, {"2"}, {"3"}, {"4"}, {"5"}, {"6"}, {"7"}}, nil),
		},
		{
			Log: "gdb_bt.log", Program: "c/crash.c", Needs: []string{"gcc", "gdb"},
			Version:  []string{"gdb", "--version"},
			Provoked: "gdb -batch -ex run -ex bt on a config loader, 4 runs: SIGSEGV in strlen from name_length 2, SIGFPE in per_worker 1, ok 1",
			Made:     "the output of each gdb run, after a [supervisor] line",
			Run: runSupervised("c", []string{"gcc", "-g", "-O0", "-o", "confload", "crash.c"},
				"confload", [][]string{{"noname"}, {"ok"}, {"zero"}, {"noname"}}, []string{"gdb", "-batch", "-ex", "run", "-ex", "bt", "--args"}),
		},
		{
			Log: "gdb_threads.log", Program: "c/sched.c", Needs: []string{"gcc", "gdb"},
			Version:  []string{"gdb", "--version"},
			Provoked: "gdb -batch -ex run -ex bt on a threaded scheduler, 8 runs: assert failure (SIGABRT through abort and __assert_fail) in check_budget on the main thread 2, strlen(NULL) in label_width on the sched-worker thread (SIGSEGV) 2, division by zero in per_slot on the worker (SIGFPE) 2, abort() in drain_queue on the worker (SIGABRT) 1, ok 1",
			Made:     "the output of each gdb run, after a [supervisor] line",
			Run: runSupervised("c", []string{"gcc", "-g", "-O0", "-pthread", "-o", "sched", "sched.c"},
				"sched", [][]string{{"budget"}, {"label"}, {"ok"}, {"split"}, {"drain"}, {"label"}, {"budget"}, {"split"}}, []string{"gdb", "-batch", "-ex", "run", "-ex", "bt", "--args"}),
		},
		{
			Log: "nginx_error.log", Program: "nginx/nginx.conf", Needs: []string{"nginx"},
			Version:  []string{"nginx", "-v"},
			Provoked: "requests: /api/orders/N 7 times (upstream connect refused), /img/{a,b,c}.png (missing files, 3), /private/ 2 times (directory index forbidden)",
			Made:     "nginx's error log (level error)",
			Run:      runNginx,
		},
		{
			Log: "postgresql.log", Program: "postgresql/provoke.sql", Needs: []string{"initdb", "pg_ctl", "psql"},
			Version:  []string{"postgres", "--version"},
			Provoked: "a fresh cluster; psql runs provoke.sql: syntax error 3, unique violation 2, division by zero 7, missing relation 1",
			Made:     "the server log (pg_ctl -l), default log_line_prefix",
			Run:      runPostgres,
		},
		{
			Log: "syslog.log", Program: "syslog/rsyslog.conf", Needs: []string{"rsyslogd", "logger", "go", "python3"},
			Version:  []string{"rsyslogd", "-v"},
			Provoked: "go/httppanic (tag shop-api) and python/app.py (tag shop-web) at once, each one's stderr sent line by line with logger to rsyslog",
			Made:     "rsyslog's traditional file format, control characters escaped (tab = #011)",
			Run:      runSyslog,
		},
		{
			Log: "journal_short_iso.log", Program: "java/src/com/shop/OrderService.java, node/app.js", Root: true,
			Needs:    []string{journald, "journalctl", "logger", "javac", "java", "node"},
			Version:  []string{"journalctl", "--version"},
			Provoked: "java OrderService (tag shop-orders) and node app.js (tag shop-cart) at once, each one's output sent line by line with logger to systemd-journald",
			Made:     "a systemd-journald started for the occasion in its own namespace (journald does not run here), read back with journalctl --namespace -o short-iso",
			Run:      runJournal,
		},
		{
			Log: "compose.log", Program: "compose/main.go", Needs: []string{"go", "python3", "javac", "java"},
			Version:  []string{"go", "version"},
			Provoked: "services web-1 (python/app.py) and worker-1 (java OrderService) run at once, both pacing their requests 40 ms apart; each line prefixed with the padded service name and \"| \" as docker compose does",
			Made:     "our compose-like multiplexer (docker compose itself is not used)",
			Run:      runCompose,
		},
		{
			Log: "python_prefork.log", Program: "python/prefork.py", Needs: []string{"python3"},
			Version:  []string{"python3", "--version"},
			Provoked: "a pre-fork master forks 4 workers per round for 6 rounds, released together by a pipe gate; a failing worker prints its traceback with traceback.print_exc() to the shared stderr (no prefix) and exits: ZeroDivisionError 6, KeyError 'sku' 4, ValueError during handling of KeyError 3, TypeError under 3 recursive frames 3",
			Run:      runOne("python", pyEnv, "python3", "prefork.py"),
		},
		{
			Log: "python_mp.log", Program: "python/mpworkers.py", Needs: []string{"python3"},
			Version:  []string{"python3", "--version"},
			Provoked: "multiprocessing.Process loaders (fork), 3 per batch for 5 batches, released together by an Event; multiprocessing reports each failing run() (\"Process NAME:\" and the traceback) on the shared stderr: FileNotFoundError 5, SchemaError from KeyError 3, decimal.InvalidOperation 4",
			Run:      runOne("python", pyEnv, "python3", "mpworkers.py"),
		},
		{
			Log: "python_forkpool.log", Program: "python/forkpool.py", Needs: []string{"python3"},
			Version:  []string{"python3", "--version"},
			Provoked: "os.fork() pool, 5 workers per wave for 4 waves released by a pipe gate, no prefix on the shared stderr; waves 1-2 print one write per frame, waves 3-4 one write per line: ConnectionError from TimeoutError 4, UnicodeDecodeError 3, IndexError through a lambda 2, TypeError through a handler table 4",
			Run:      runOne("python", pyEnv, "python3", "forkpool.py"),
		},
		{
			Log: "python_mpchain.log", Program: "python/mpchain.py", Needs: []string{"python3"},
			Version:  []string{"python3", "--version"},
			Provoked: "multiprocessing.Process loaders (spawn) named importer-B.W, 4 per batch for 3 batches, released together by a Barrier; multiprocessing reports each failing run() (\"Process NAME:\" and the traceback) on the shared stderr: PermissionError during handling of FileNotFoundError 3, __mp_main__.RateError from KeyError 2, json.decoder.JSONDecodeError 3",
			Run:      runOne("python", pyEnv, "python3", "mpchain.py"),
		},
		{
			Log: "python_taskloop.log", Program: "python/taskloop.py", Needs: []string{"python3"},
			Version:  []string{"python3", "--version"},
			Provoked: "3 long-lived os.fork() workers, 6 tasks each, started together; a failing task's traceback printed with traceback.print_exc() on an unbuffered stderr (no prefix) and the worker goes on: ZeroDivisionError in scale 6, AttributeError in read_meta 4, OverflowError in check_quota 3; passing tasks print a worker line",
			Run:      runOne("python", pyEnv, "python3", "-u", "taskloop.py"),
		},
		{
			Log: "python_linepool.log", Program: "python/linepool.py", Needs: []string{"python3"},
			Version:  []string{"python3", "--version"},
			Provoked: "4 long-lived os.fork() workers, 6 jobs each, started together; a failing job's traceback written one line per write on an unbuffered stderr (no prefix), the worker yielding between lines, so tracebacks interleave line by line: ZeroDivisionError in ratio 8, AttributeError on None in camera 6, KeyError 'currency' in price_of 4",
			Run:      runOne("python", pyEnv, "python3", "-u", "linepool.py"),
		},
		{
			Log: "python_linethreads.log", Program: "python/linethreads.py", Needs: []string{"python3"},
			Version:  []string{"python3", "--version"},
			Provoked: "4 threads of one process, 5 jobs each, released together by a Barrier; a failing job's traceback written one line per write on an unbuffered stderr (no prefix), the thread giving up the GIL between lines, so tracebacks, chaining sentences and their blank lines interleave line by line: RateError raised from KeyError in fx_rate (direct cause) 6, TypeError in parse_qty during handling of ValueError 6, IndexError in pick_slot 4",
			Run:      runOne("python", pyEnv, "python3", "-u", "linethreads.py"),
		},
		{
			Log: "python_poolprint.log", Program: "python/poolprint.py", Needs: []string{"python3"},
			Version:  []string{"python3", "--version"},
			Provoked: "a multiprocessing.Pool of 4 (fork), 16 tasks in 4 waves meeting at a Barrier; a failing task prints its own traceback with traceback.print_exc() on the shared stderr (no prefix), a write per frame, so the tracebacks of a wave interleave a frame at a time: ValueError in parse_rate during handling of KeyError 4, ZeroDivisionError in per_item 5, AttributeError on None in normalize 4; passing tasks print a line, the parent a count",
			Run:      runOne("python", pyEnv, "python3", "-u", "poolprint.py"),
		},
		{
			Log: "node_cluster.log", Program: "node/cluster.js", Needs: []string{"node"},
			Version:  []string{"node", "--version"},
			Provoked: "cluster primary with 3 workers sharing stdout and stderr (no prefix): TypeError logged 5 times (workers 1 and 5), RangeError with [cause]: Error logged 2 times, an uncaught Error killing a worker 2 times (each replaced)",
			Run:      runOne("node", nil, "node", "cluster.js"),
		},
		{
			Log: "java_pool.log", Program: "java/src/com/billing/InvoiceRunner.java", Needs: []string{"javac", "java"},
			Version:  []string{"java", "-version"},
			Provoked: "a fixed thread pool of 4 bills 12 invoices; the runner prints each ExecutionException: IllegalArgumentException 3, NullPointerException 3, IllegalStateException caused by UncheckedIOException caused by IOException with a Suppressed IOException 2; then an executed audit task dies in its pool thread (ArithmeticException, 1)",
			Run: func(ctx context.Context, e *Env) ([]byte, error) {
				if err := buildBilling(ctx, e); err != nil {
					return nil, err
				}
				return output(ctx, Cmd{Dir: e.Dir("java"), Argv: []string{"java", "-cp", "build", "com.billing.InvoiceRunner"}})
			},
		},
		{
			Log: "kubectl_prefix.log", Program: "kubelogs/main.go, go/workerpool, java/src/com/billing/InvoiceRunner.java", Needs: []string{"go", "javac", "java"},
			Version:  []string{"go", "version"},
			Provoked: "pods queue-consumer-7f9c6d-x2k4p/consumer and queue-consumer-7f9c6d-m8r2t/consumer (go/workerpool, GOTRACEBACK=all, each: nil pointer 4, index out of range 3, duplicate delivery 2 recovered panics, retry budget errors 2, then an unrecovered watchdog panic) and billing-5b8d4c-q9zlm/runner (java InvoiceRunner) run at once",
			Made:     "our kubectl-logs-like multiplexer (kubectl itself is not used): \"[pod/NAME/CONTAINER] \" before each line",
			Run:      runKubelogs,
		},
		{
			Log: "kubectl_fanout.log", Program: "kubelogs/main.go, go/fanout, java/src/com/shop/OrderService.java", Needs: []string{"go", "javac", "java"},
			Version:  []string{"go", "version"},
			Provoked: "pods report-builder-6d5f8b-7xq2w/builder and report-builder-6d5f8b-kp9vd/builder (go/fanout, GOTRACEBACK=all, each: nil map write 4, slice bounds 3, error-value panic 2 recovered and printed in two writes, then an unrecovered flusher panic) and orders-84c7d9-zt5mn/api (java OrderService) run at once",
			Made:     "our kubectl-logs-like multiplexer (kubectl itself is not used): \"[pod/NAME/CONTAINER] \" before each line",
			Run:      runKubeFanout,
		},
		{
			Log: "kubectl_dispatch.log", Program: "kubelogs/main.go, java/src/com/ship/Dispatcher.java, go/fanout", Needs: []string{"go", "javac", "java"},
			Version:  []string{"java", "-version"},
			Provoked: "pods dispatcher-7c9f4d-h2m8x/app and dispatcher-7c9f4d-q5r7n/app (java Dispatcher, each: a pool of 3 threads whose progress lines on stdout fall inside the stack traces printed on stderr; carrier IllegalStateException caused by UncheckedIOException caused by IOException 4, NumberFormatException 3, then an uncaught ArithmeticException in thread label-printer 1) and the sidecar dispatcher-7c9f4d-h2m8x/reports (go/fanout, GOTRACEBACK=all) run at once",
			Made:     "our kubectl-logs-like multiplexer (kubectl itself is not used): \"[pod/NAME/CONTAINER] \" before each line of a container's stdout and stderr, read apart",
			Run:      runKubeDispatch,
		},
		{
			Log: "journal_json.jsonl", Program: "python/prefork.py, node/cluster.js", Root: true,
			Needs:    []string{journald, "journalctl", "logger", "python3", "node"},
			Version:  []string{"journalctl", "--version"},
			Provoked: "python prefork.py (tag shop-prefork) and node cluster.js (tag shop-cluster) at once, each one's output sent line by line with logger to systemd-journald",
			Made:     "a systemd-journald started for the occasion in its own namespace, read back with journalctl --namespace -o json --output-fields=MESSAGE,PRIORITY,SYSLOG_IDENTIFIER,SYSLOG_PID,_PID,_HOSTNAME,_TRANSPORT (one JSON object per line of output)",
			Run:      runJournalJSON,
		},
		{
			Log: "ruby_worker.log", Program: "ruby/worker.rb", Needs: []string{"ruby"},
			Version:  []string{"ruby", "--version"},
			Provoked: "Logger errors with backtraces: TypeError (nil price) 3, ok 2, JSON::ParserError 2, NoMethodError 1; then an uncaught ArgumentError",
			Run:      runOne("ruby", nil, "ruby", "worker.rb"),
		},
		{
			Log: "php_error.log", Program: "php/checkout.php", Needs: []string{"php"},
			Version:  []string{"php", "--version"},
			Provoked: "6 requests (php-cli runs): ok 2, expired card 3 (uncaught PaymentException), zero quantity 1 (uncaught DivisionByZeroError); every run warns about an undefined array key",
			Made:     "PHP's error_log file",
			Run:      runPHP,
		},
		{
			Log: "dotnet_orders.log", Program: "dotnet/Orders.cs", Needs: []string{"mcs", "mono"},
			Version:  []string{"mono", "--version"},
			Provoked: "built with mcs -debug, run with mono --debug; 11 orders, each failure printed with Console.Error.WriteLine(ex): NullReferenceException 3, InvalidOperationException with an inner FormatException (--->, End of inner exception stack trace) 4, AggregateException from Task.Wait with an inner KeyNotFoundException 2, ok 2; then an unhandled IndexOutOfRangeException ends the process (Mono prints it twice: Unhandled Exception: and [ERROR] FATAL UNHANDLED EXCEPTION:)",
			Run:      runMono("Orders.cs", "orders.exe"),
		},
		{
			Log: "dotnet_billing.log", Program: "dotnet/Billing.cs", Needs: []string{"mcs", "mono"},
			Version:  []string{"mono", "--version"},
			Provoked: "built with mcs -debug, run with mono --debug; 11 invoices, each failure logged on one line with a timestamp, ERROR and the exception's ToString: InvoiceException with an inner FileNotFoundException 3, DivideByZeroException in an async method awaited with GetAwaiter().GetResult() 4, InvalidCastException 2, ok 2; then a thread named archiver dies of an unhandled IndexOutOfRangeException",
			Run:      runMono("Billing.cs", "billing.exe"),
		},
		{
			Log: "kotlin_inventory.log", Program: "kotlin/Inventory.kt", Needs: []string{"kotlinc", "java"},
			Version:  []string{"sh", "-c", "kotlinc -version 2>&1 | grep kotlinc"},
			Provoked: "built with kotlinc -include-runtime, run with java -jar; 9 reservations, each failure printed with printStackTrace(): IllegalStateException caused by NumberFormatException (... N more) 3, KotlinNullPointerException (!!) 2, IllegalArgumentException (require) 2, ok 2; then an uncaught ArithmeticException in thread restock",
			Run:      runKotlin,
		},
		{
			Log: "lldb_bt.log", Program: "c/ledger.c", Needs: []string{"gcc", "lldb"},
			Version:  []string{"sh", "-c", "lldb --version 2>/dev/null"},
			Provoked: "lldb --batch -o run -k bt -k quit on a ledger tool, 6 runs: SIGSEGV (NULL head) in post_entry 2, SIGFPE in average 1, assert failure (SIGABRT through abort and __assert_fail) in close_books 2, ok 1",
			Made:     "the output of each lldb run, after a [supervisor] line; -k runs bt when the process stops on a signal (-o bt would not run in batch mode after a crash); PYTHONPATH set to lldb's own Python package where Debian's lldb-14 does not find it",
			Run: runSupervisedEnv("c", []string{"gcc", "-g", "-O0", "-o", "ledger", "ledger.c"},
				"ledger", [][]string{{"post"}, {"avg"}, {"ok"}, {"close"}, {"post"}, {"close"}},
				[]string{"lldb", "--batch", "-o", "run", "-k", "bt", "-k", "quit", "--"}, lldbEnv()),
		},
	}
}

// runMono builds a C# program of programs/dotnet with mcs -debug and runs
// it with mono --debug, so that its frames have their files and lines.
func runMono(src, exe string) func(context.Context, *Env) ([]byte, error) {
	return func(ctx context.Context, e *Env) ([]byte, error) {
		d := e.Dir("dotnet")
		if err := Must(ctx, Cmd{Dir: d, Argv: []string{"mcs", "-debug", "-out:" + exe, src}}); err != nil {
			return nil, err
		}
		return output(ctx, Cmd{Dir: d, Argv: []string{"mono", "--debug", exe}})
	}
}

// runKotlin builds Inventory.kt into a jar with the Kotlin runtime and runs
// it on the JVM.
func runKotlin(ctx context.Context, e *Env) ([]byte, error) {
	d := e.Dir("kotlin")
	if err := Must(ctx, Cmd{Dir: d, Argv: []string{"kotlinc", "Inventory.kt", "-include-runtime", "-d", "inventory.jar"}}); err != nil {
		return nil, err
	}
	return output(ctx, Cmd{Dir: d, Argv: []string{"java", "-jar", "inventory.jar"}})
}

// lldbEnv works around Debian's lldb-14, which looks for its Python
// package in a directory that does not exist and prints a Python traceback
// on start: PYTHONPATH names the directory the package is in, when one is
// found; otherwise nothing is added.
func lldbEnv() []string {
	m, _ := filepath.Glob("/usr/lib/llvm-*/lib/python3*/dist-packages/lldb/embedded_interpreter.py")
	if len(m) == 0 {
		return nil
	}
	return []string{"PYTHONPATH=" + filepath.Dir(filepath.Dir(m[len(m)-1]))}
}

// output runs c and returns its output, whatever its exit code.
func output(ctx context.Context, c Cmd) ([]byte, error) {
	out, _, err := Output(ctx, c)
	return out, err
}

// runOne runs one command in a program directory.
func runOne(dir string, env []string, argv ...string) func(context.Context, *Env) ([]byte, error) {
	return func(ctx context.Context, e *Env) ([]byte, error) {
		return output(ctx, Cmd{Dir: e.Dir(dir), Argv: argv, Env: env})
	}
}

func buildJava(ctx context.Context, e *Env) error {
	return Must(ctx, Cmd{Dir: e.Dir("java"), Argv: []string{"javac", "-g", "-d", "build", "src/com/shop/OrderService.java"}})
}

func buildGo(ctx context.Context, e *Env, name string) error {
	return Must(ctx, Cmd{Dir: e.Dir("go", name), Argv: []string{"go", "build", "-o", name, "."}, Env: goEnv})
}

// runGo builds and runs a Go program of programs/go.
func runGo(name string) func(context.Context, *Env) ([]byte, error) {
	return func(ctx context.Context, e *Env) ([]byte, error) {
		if err := buildGo(ctx, e, name); err != nil {
			return nil, err
		}
		return output(ctx, Cmd{Dir: e.Dir("go", name), Argv: []string{"./" + name}})
	}
}

// runRust builds inventory.rs with debug info and runs it with RUST_BACKTRACE.
func runRust(bt string) func(context.Context, *Env) ([]byte, error) {
	return func(ctx context.Context, e *Env) ([]byte, error) {
		dir := e.Dir("rust")
		if err := Must(ctx, Cmd{Dir: dir, Argv: []string{"rustc", "-g", "-o", "inventory", "inventory.rs"}}); err != nil {
			return nil, err
		}
		return output(ctx, Cmd{Dir: dir, Argv: []string{"./inventory"}, Env: []string{"RUST_BACKTRACE=" + bt}})
	}
}

// runSupervised builds a C program and runs it once per argument list, as
// a supervisor that restarts it would, optionally under a wrapper (gdb).
func runSupervised(dir string, build []string, bin string, runs [][]string, wrap []string) func(context.Context, *Env) ([]byte, error) {
	return runSupervisedEnv(dir, build, bin, runs, wrap, nil)
}

// runSupervisedEnv is runSupervised with env added to each run's
// environment.
func runSupervisedEnv(dir string, build []string, bin string, runs [][]string, wrap, env []string) func(context.Context, *Env) ([]byte, error) {
	return func(ctx context.Context, e *Env) ([]byte, error) {
		d := e.Dir(dir)
		if err := Must(ctx, Cmd{Dir: d, Argv: build}); err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		for i, args := range runs {
			argv := append(append(append([]string(nil), wrap...), "./"+bin), args...)
			fmt.Fprintf(&buf, "[supervisor] run %d: %s\n", i+1, strings.Join(append([]string{"./" + bin}, args...), " "))
			out, code, err := Output(ctx, Cmd{Dir: d, Argv: argv, Env: env})
			if err != nil {
				return nil, err
			}
			buf.Write(out)
			if len(out) > 0 && out[len(out)-1] != '\n' {
				buf.WriteByte('\n')
			}
			fmt.Fprintf(&buf, "[supervisor] run %d exited with code %d\n", i+1, code)
		}
		return buf.Bytes(), nil
	}
}

// lockedBuffer is a bytes.Buffer safe for a process's two streams and a
// reader polling it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write implements io.Writer.
func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// Bytes returns a copy of what was written so far.
func (b *lockedBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]byte(nil), b.buf.Bytes()...)
}

// waitFor polls until cond holds or the time is up.
func waitFor(ctx context.Context, d time.Duration, cond func() bool) error {
	end := time.Now().Add(d)
	for !cond() {
		if time.Now().After(end) {
			return fmt.Errorf("timed out after %s", d)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return nil
}

func runGoSigquit(ctx context.Context, e *Env) ([]byte, error) {
	if err := buildGo(ctx, e, "deadlock"); err != nil {
		return nil, err
	}
	var buf lockedBuffer
	cmd := exec.CommandContext(ctx, "./deadlock")
	cmd.Dir = e.Dir("go", "deadlock")
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	if err := waitFor(ctx, 10*time.Second, func() bool { return bytes.Contains(buf.Bytes(), []byte("ready")) }); err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, err
	}
	if err := cmd.Process.Signal(syscall.SIGQUIT); err != nil {
		return nil, err
	}
	_ = cmd.Wait() // exits 2 after the dump
	return buf.Bytes(), nil
}

// freePort returns a TCP port on 127.0.0.1 nobody listens on now.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func fill(tmpl, out string, vars map[string]string) error {
	b, err := os.ReadFile(tmpl)
	if err != nil {
		return err
	}
	s := string(b)
	for k, v := range vars {
		s = strings.ReplaceAll(s, "{{"+k+"}}", v)
	}
	return os.WriteFile(out, []byte(s), 0o644)
}

func runNginx(ctx context.Context, e *Env) ([]byte, error) {
	prefix := e.Dir("nginx")
	for _, d := range []string{"www/private", "www/img", "tmp"} {
		if err := os.MkdirAll(filepath.Join(prefix, d), 0o755); err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(prefix, "www", "index.html"), []byte("<h1>shop</h1>\n"), 0o644); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	conf := filepath.Join(prefix, "run.conf")
	if err := fill(filepath.Join(prefix, "nginx.conf"), conf, map[string]string{"PREFIX": prefix, "PORT": strconv.Itoa(port)}); err != nil {
		return nil, err
	}
	var buf lockedBuffer
	cmd := exec.CommandContext(ctx, "nginx", "-c", conf, "-p", prefix, "-e", filepath.Join(prefix, "error.log"), "-g", "daemon off;")
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGQUIT)
		cmd.Wait()
	}()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := waitFor(ctx, 10*time.Second, func() bool {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			c.Close()
		}
		return err == nil
	}); err != nil {
		return nil, fmt.Errorf("nginx did not start: %v\n%s", err, buf.Bytes())
	}
	var paths []string
	for i := 1; i <= 7; i++ {
		paths = append(paths, fmt.Sprintf("/api/orders/%d", 1000+i*37))
		if i <= 3 {
			paths = append(paths, fmt.Sprintf("/img/%c.png", 'a'+i-1))
		}
		if i <= 2 {
			paths = append(paths, "/private/")
		}
		paths = append(paths, "/")
	}
	for _, p := range paths {
		resp, err := http.Get(base + p)
		if err != nil {
			return nil, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	cmd.Process.Signal(syscall.SIGQUIT)
	cmd.Wait()
	return os.ReadFile(filepath.Join(prefix, "error.log"))
}

// chownTo gives dir to the named user when running as root.
func chownTo(dir, name string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup(name)
	if err != nil {
		return err
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Chown(p, uid, gid)
	})
}

func runPostgres(ctx context.Context, e *Env) ([]byte, error) {
	dir := e.Dir("postgresql")
	if err := chownTo(dir, "postgres"); err != nil {
		return nil, err
	}
	const port = "54329"
	as := "postgres"
	data := filepath.Join(dir, "data")
	logf := filepath.Join(dir, "server.log")
	if err := Must(ctx, Cmd{Dir: dir, User: as, Argv: []string{"initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"}}); err != nil {
		return nil, err
	}
	if err := Must(ctx, Cmd{Dir: dir, User: as, Argv: []string{"pg_ctl", "-D", data, "-l", logf, "-w",
		"-o", "-k " + dir + " -p " + port + " -c listen_addresses=", "start"}}); err != nil {
		return nil, err
	}
	stop := func() {
		Must(context.Background(), Cmd{Dir: dir, User: as, Argv: []string{"pg_ctl", "-D", data, "-m", "fast", "-w", "stop"}})
	}
	defer stop()
	if _, err := output(ctx, Cmd{Dir: dir, User: as, Argv: []string{"psql", "-h", dir, "-p", port, "-U", "postgres", "-d", "postgres", "-f", "provoke.sql"}}); err != nil {
		return nil, err
	}
	stop()
	return os.ReadFile(logf)
}

// service is a program whose output goes line by line to logger.
type service struct {
	dir  string
	argv []string
	tag  string
}

// runToLogger starts each service with its stdout and stderr piped into
// logger -u sock -t tag --id=PID, and waits for all of them.
func runToLogger(ctx context.Context, sock string, svcs []service) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(svcs))
	for _, s := range svcs {
		pr, pw, err := os.Pipe()
		if err != nil {
			return err
		}
		cmd := exec.CommandContext(ctx, s.argv[0], s.argv[1:]...)
		cmd.Dir = s.dir
		cmd.Env = append(os.Environ(), pyEnv...)
		cmd.Stdout, cmd.Stderr = pw, pw
		if err := cmd.Start(); err != nil {
			return err
		}
		pw.Close()
		lg := exec.CommandContext(ctx, "logger", "-u", sock, "-t", s.tag, "--id="+strconv.Itoa(cmd.Process.Pid))
		lg.Stdin = pr
		if err := lg.Start(); err != nil {
			return err
		}
		pr.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd.Wait()
			if err := lg.Wait(); err != nil {
				errs <- fmt.Errorf("logger for %s: %w", s.tag, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func runSyslog(ctx context.Context, e *Env) ([]byte, error) {
	dir := e.Dir("syslog")
	if err := buildGo(ctx, e, "httppanic"); err != nil {
		return nil, err
	}
	conf := filepath.Join(dir, "run.conf")
	if err := fill(filepath.Join(dir, "rsyslog.conf"), conf, map[string]string{"DIR": dir}); err != nil {
		return nil, err
	}
	var buf lockedBuffer
	rs := exec.CommandContext(ctx, "rsyslogd", "-n", "-f", conf, "-i", filepath.Join(dir, "rsyslogd.pid"))
	rs.Stdout, rs.Stderr = &buf, &buf
	if err := rs.Start(); err != nil {
		return nil, err
	}
	defer func() {
		rs.Process.Signal(syscall.SIGTERM)
		rs.Wait()
	}()
	sock := filepath.Join(dir, "log.sock")
	if err := waitFor(ctx, 10*time.Second, func() bool { _, err := os.Stat(sock); return err == nil }); err != nil {
		return nil, fmt.Errorf("rsyslogd did not start: %v\n%s", err, buf.Bytes())
	}
	err := runToLogger(ctx, sock, []service{
		{dir: e.Dir("go", "httppanic"), argv: []string{"./httppanic"}, tag: "shop-api"},
		{dir: e.Dir("python"), argv: []string{"python3", "app.py"}, tag: "shop-web"},
	})
	if err != nil {
		return nil, err
	}
	time.Sleep(500 * time.Millisecond)
	rs.Process.Signal(syscall.SIGTERM)
	rs.Wait()
	return os.ReadFile(filepath.Join(dir, "syslog"))
}

// journald is systemd-journald's binary, started by the journal step.
const journald = "/lib/systemd/systemd-journald"

// journalNamespace is the journald namespace the journal step uses.
const journalNamespace = "hotfixlogcorpus"

func runJournal(ctx context.Context, e *Env) ([]byte, error) {
	if err := buildJava(ctx, e); err != nil {
		return nil, err
	}
	return journal(ctx, e, "short-iso", []service{
		{dir: e.Dir("java"), argv: []string{"java", "-cp", "build", "com.shop.OrderService"}, tag: "shop-orders"},
		{dir: e.Dir("node"), argv: []string{"node", "app.js"}, tag: "shop-cart"},
	})
}

func runJournalJSON(ctx context.Context, e *Env) ([]byte, error) {
	return journal(ctx, e, "json", []service{
		{dir: e.Dir("python"), argv: []string{"python3", "prefork.py"}, tag: "shop-prefork"},
		{dir: e.Dir("node"), argv: []string{"node", "cluster.js"}, tag: "shop-cluster"},
	})
}

// journal starts systemd-journald in a namespace of its own, sends the
// services' output to it through logger and reads it back with journalctl
// in the given output format.
func journal(ctx context.Context, e *Env, format string, svcs []service) ([]byte, error) {
	runDir := "/run/systemd/journal." + journalNamespace
	mid, _ := os.ReadFile("/etc/machine-id")
	store := "/var/log/journal/" + strings.TrimSpace(string(mid)) + "." + journalNamespace
	cleanup := func() {
		os.RemoveAll(runDir)
		if len(mid) > 0 {
			os.RemoveAll(store)
		}
	}
	cleanup()
	defer cleanup()
	var buf lockedBuffer
	jd := exec.CommandContext(ctx, journald, journalNamespace)
	jd.Stdout, jd.Stderr = &buf, &buf
	if err := jd.Start(); err != nil {
		return nil, err
	}
	defer func() {
		jd.Process.Signal(syscall.SIGTERM)
		jd.Wait()
	}()
	sock := filepath.Join(runDir, "dev-log")
	if err := waitFor(ctx, 10*time.Second, func() bool { _, err := os.Stat(sock); return err == nil }); err != nil {
		return nil, fmt.Errorf("systemd-journald did not start: %v\n%s", err, buf.Bytes())
	}
	if err := runToLogger(ctx, sock, svcs); err != nil {
		return nil, err
	}
	time.Sleep(time.Second)
	argv := []string{"journalctl", "--namespace=" + journalNamespace, "-o", format, "--no-pager"}
	if format == "json" {
		// The journal's own fields (__CURSOR, the timestamps, _BOOT_ID) come
		// with these; the rest would make the log too big for the corpus.
		argv = append(argv, "--output-fields=MESSAGE,PRIORITY,SYSLOG_IDENTIFIER,SYSLOG_PID,_PID,_HOSTNAME,_TRANSPORT")
	}
	for _, s := range svcs {
		argv = append(argv, "-t", s.tag)
	}
	out, code, err := Output(ctx, Cmd{Argv: argv})
	if err != nil {
		return nil, err
	}
	if code != 0 {
		return nil, fmt.Errorf("journalctl: exit code %d\n%s", code, out)
	}
	return out, nil
}

func runCompose(ctx context.Context, e *Env) ([]byte, error) {
	if err := buildJava(ctx, e); err != nil {
		return nil, err
	}
	d := e.Dir("compose")
	if err := Must(ctx, Cmd{Dir: d, Argv: []string{"go", "build", "-o", "compose", "."}, Env: goEnv}); err != nil {
		return nil, err
	}
	return output(ctx, Cmd{Dir: d, Env: append([]string{"SHOP_PACE_MS=40"}, pyEnv...), Argv: []string{"./compose",
		"web-1=python3 " + e.Dir("python", "app.py"),
		"worker-1=java -cp " + e.Dir("java", "build") + " com.shop.OrderService"}})
}

func runPHP(ctx context.Context, e *Env) ([]byte, error) {
	d := e.Dir("php")
	logf := filepath.Join(d, "php_errors.log")
	for _, mode := range []string{"ok", "expired", "ok", "expired", "zero", "expired"} {
		if _, err := output(ctx, Cmd{Dir: d, Argv: []string{"php", "-n", "-d", "log_errors=1", "-d", "display_errors=0",
			"-d", "html_errors=0", "-d", "date.timezone=UTC", "-d", "error_log=" + logf, "checkout.php", mode}}); err != nil {
			return nil, err
		}
	}
	return os.ReadFile(logf)
}

func buildBilling(ctx context.Context, e *Env) error {
	return Must(ctx, Cmd{Dir: e.Dir("java"), Argv: []string{"javac", "-g", "-d", "build", "src/com/billing/InvoiceRunner.java"}})
}

func runKubelogs(ctx context.Context, e *Env) ([]byte, error) {
	if err := buildBilling(ctx, e); err != nil {
		return nil, err
	}
	if err := buildGo(ctx, e, "workerpool"); err != nil {
		return nil, err
	}
	pool := e.Dir("go", "workerpool", "workerpool")
	return underKubelogs(ctx, e,
		"queue-consumer-7f9c6d-x2k4p/consumer="+pool,
		"queue-consumer-7f9c6d-m8r2t/consumer="+pool,
		"billing-5b8d4c-q9zlm/runner=java -cp "+e.Dir("java", "build")+" com.billing.InvoiceRunner")
}

// underKubelogs builds the kubectl-logs-like multiplexer and runs it over
// pods (POD/CONTAINER=COMMAND each), with GOTRACEBACK=all.
func underKubelogs(ctx context.Context, e *Env, pods ...string) ([]byte, error) {
	d := e.Dir("kubelogs")
	if err := Must(ctx, Cmd{Dir: d, Argv: []string{"go", "build", "-o", "kubelogs", "."}, Env: goEnv}); err != nil {
		return nil, err
	}
	return output(ctx, Cmd{Dir: d, Env: []string{"GOTRACEBACK=all"}, Argv: append([]string{"./kubelogs"}, pods...)})
}

// runKubeFanout runs two replicas of go/fanout and the Java OrderService
// under the kubectl-logs-like multiplexer.
func runKubeFanout(ctx context.Context, e *Env) ([]byte, error) {
	if err := buildJava(ctx, e); err != nil {
		return nil, err
	}
	if err := buildGo(ctx, e, "fanout"); err != nil {
		return nil, err
	}
	bin := e.Dir("go", "fanout", "fanout")
	return underKubelogs(ctx, e,
		"report-builder-6d5f8b-7xq2w/builder="+bin,
		"report-builder-6d5f8b-kp9vd/builder="+bin,
		"orders-84c7d9-zt5mn/api=java -cp "+e.Dir("java", "build")+" com.shop.OrderService")
}

// runKubeDispatch runs two replicas of the Java Dispatcher and a go/fanout
// sidecar under the kubectl-logs-like multiplexer.
func runKubeDispatch(ctx context.Context, e *Env) ([]byte, error) {
	if err := Must(ctx, Cmd{Dir: e.Dir("java"), Argv: []string{"javac", "-g", "-d", "build", "src/com/ship/Dispatcher.java"}}); err != nil {
		return nil, err
	}
	if err := buildGo(ctx, e, "fanout"); err != nil {
		return nil, err
	}
	java := "java -cp " + e.Dir("java", "build") + " com.ship.Dispatcher"
	return underKubelogs(ctx, e,
		"dispatcher-7c9f4d-h2m8x/app="+java,
		"dispatcher-7c9f4d-q5r7n/app="+java,
		"dispatcher-7c9f4d-h2m8x/reports="+e.Dir("go", "fanout", "fanout"))
}

// runGoStuck runs go/stuck twice, GOTRACEBACK unset then system, and sends
// each run SIGQUIT once it logs ready.
func runGoStuck(ctx context.Context, e *Env) ([]byte, error) {
	if err := buildGo(ctx, e, "stuck"); err != nil {
		return nil, err
	}
	var all []byte
	for _, env := range [][]string{nil, {"GOTRACEBACK=system"}} {
		var buf lockedBuffer
		cmd := exec.CommandContext(ctx, "./stuck")
		cmd.Dir = e.Dir("go", "stuck")
		cmd.Env = append(os.Environ(), env...)
		cmd.Stdout, cmd.Stderr = &buf, &buf
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		if err := waitFor(ctx, 10*time.Second, func() bool { return bytes.Contains(buf.Bytes(), []byte("ready")) }); err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			return nil, err
		}
		if err := cmd.Process.Signal(syscall.SIGQUIT); err != nil {
			return nil, err
		}
		_ = cmd.Wait() // exits 2 after the dump
		all = append(all, buf.Bytes()...)
	}
	return all, nil
}

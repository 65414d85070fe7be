// Package logscan finds the errors in logs: the engine of hotfix triage logs.
//
// Scan reads plain or gzip logs as streams and returns each distinct error
// once, in order of first occurrence, with its count, first and last
// occurrence, context lines from the first occurrence and its stack trace;
// and the files, lines and symbols the traces name (for triage suspects).
// Raw prints every matching line with its context instead, like
// grep -n -C N with overlapping windows merged: seed 003's
// "grep -C 3 error | nl | sort -u | sort -n", done right.
//
//	f, _ := os.Open("web.stdout.log")
//	res, err := logscan.Scan(ctx, []logscan.Input{{Name: "web.stdout.log", R: f}, {Name: "-", R: os.Stdin}},
//		logscan.Options{Context: 3})
//	if err != nil {
//		return err // a *PatternError, or ctx's error
//	}
//	res.WriteText(os.Stdout) // or res.WriteJSON
//	for _, l := range res.Locations {
//		fmt.Println(l.File, l.Line, l.Symbol, l.Count)
//	}
//
// # Input
//
// Each input is read once, in 1 MiB chunks, on its own goroutine; gzip is
// detected by its magic bytes (multi-member files, as logrotate makes them,
// read as one). Lines end with "\n" ("\r\n" too). A line longer than
// MaxLineBytes is handled as pieces of that size with the line's number.
// Invalid UTF-8 is kept as bytes (signatures keep it; the text output shows
// U+FFFD and escapes control characters; JSON gets U+FFFD). An input whose
// first 8 KiB hold a NUL byte, or more than 10% control bytes, is binary:
// it is skipped and InputStats says why (zstd, bzip2, xz, zip, a systemd
// journal file and UTF-16 are named, with the command that reads them). A
// leading run of NUL bytes, which copytruncate rotation leaves, is skipped
// first. A read error (a truncated gzip file) ends that input only: what was
// read counts, and InputStats.Err says what happened.
//
// # Matching
//
// A line is an error line when it matches one of Options.Patterns,
// case-insensitively (default: error, exception, fatal, panic,
// traceback). Plain ASCII words use a literal search over whole chunks: a
// byte table marks the bytes of each word's rarest adjacent pair, a
// candidate is a position where a pair meets, and only candidates are
// compared with the words. Chunks are searched on several goroutines while
// the lines between matches are only counted (bytes.Count), never looked
// at. Other patterns go through one combined regular expression.
//
// # Events and stack traces
//
// An error line opens an event; the lines after it that continue it by
// their shape are attached (shown once, from the first occurrence, and part
// of the signature). The shapes, per family:
//
//   - Python: "Traceback (most recent call last):", indented frames and
//     code lines, then the exception line ("TypeError: ...") which ends it
//     and gives the message and the exception type; chained tracebacks
//     ("During handling of the above exception..." and "The above exception
//     was the direct cause...") stay in the same event. A logging line
//     before the traceback (Flask's "Exception on /x [POST]") opens it.
//   - Go: "panic: ...", "fatal error: ..." or net/http's "http: panic
//     serving ...", then "[signal ...]", blank lines, "goroutine N
//     [status]:" headers, function lines and tab-indented file:line lines,
//     "created by ...": a whole goroutine dump is one event; its frames
//     come from the first goroutine, and frames above a panic() call (the
//     deferred recovery) are skipped for the signature.
//   - Java: "Exception in thread ...", an exception header line after a
//     log line ("java.lang.X: msg"), "\tat pkg.Class.method(File.java:N)"
//     frames, "Caused by:", "Suppressed:", "... N more" and other indented
//     lines. The signature's frames are the outermost exception's.
//   - JavaScript (Node): "TypeError: msg" or "Error: msg" (alone or after a
//     log line), indented "at fn (file:line:col)" and "at file:line:col"
//     frames, and the block of properties ("{ code: ... }") Node prints
//     after them; "[cause]:" blocks, "... N lines matching cause stack
//     trace ..." and the source excerpt above an uncaught error stay in the
//     event.
//   - Rust (rust.go): "thread 'x' panicked at file.rs:9:22:", the message,
//     "stack backtrace:", numbered frames with "at file:line:col" (1 and
//     full), "note: ..."; the place and the message are in the signature.
//   - Sanitizers and debuggers (native.go): AddressSanitizer and the others
//     to "==PID==ABORTING"; UBSan's "file.c:12:5: runtime error: ..."; gdb's
//     and lldb's "#0 0x... in f () at file.c:12" after an error line.
//   - Ruby (ruby.go): "file.rb:19:in `m'" frames, "from ..." lines,
//     error_highlight's code and carets; PHP (php.go): "PHP Fatal error:
//     Uncaught ...", "#0 file.php(30): call()", "thrown in ... on line N".
//   - .NET's "at Ns.C.M() in File.cs:line 12" frames go with Java's.
//
// # Streams
//
// Several writers often share one log, and their lines interleave. Lines
// with a stream prefix are separated by it before events are assembled,
// and each stream assembles its own events (stream.go), so another
// writer's lines do not cut a trace:
//
//	web-1     | ...                          docker compose (name-N, padding, "| ")
//	[pod/shop-7d9f/web] ...                  kubectl logs --prefix
//	Mar 14 09:00:07 host tag[pid]: ...       syslog, journalctl (short)
//	2024-03-14T09:00:07+0000 host tag[pid]: ...  journalctl -o short-iso
//	{"MESSAGE":"...","SYSLOG_IDENTIFIER":...}  journalctl -o json (journal.go)
//
// A line without a prefix belongs to the stream of the line before it. Within
// a stream, Python tracebacks of several writers with no prefix of their own
// (worker processes on one stderr) are told apart by their grammar: a
// traceback a line does not fit is set aside, not ended, and each line goes
// to the traceback that expects it (lanes.go); writers that interleave
// every line have the lines ahead solved as a whole (lanesolve.go). The
// prefix is not part of the message or the signature (a syslog header's
// time is the occurrence's time); rsyslog's escapes of control characters
// ("#011", a tab) are decoded. An open event whose stream has written
// nothing for 256 lines is closed; at most 64 streams are followed at once.
// The lines of other streams after an event's last line are its
// after-context.
//
// Traces logged through another collector keep working: a prefix shared
// with the error line is removed before the shapes are checked. Only up to
// the first 60 and last 40 lines of an event are kept.
//
// # JSON lines
//
// An error line that is a JSON object (log/slog, zap, pino, bunyan,
// python-json-logger, structlog, ECS) is read by its fields (json.go): the
// level (level, severity, levelname, lvl), the message (msg, message,
// event), the error (err, error, exception: a string, or an object with
// message, type and stack) and the stack (stack, stacktrace, stack_trace,
// exc_info, exc_text, err.stack, error.stack, error.stack_trace). The
// message and error, "msg: error", are the error line the signature and
// Group.Message are made of, never the object; the stack is given to the
// families line by line as if the log had written it, and the event ends
// with the line. A caller (zap's "caller", slog's "source") is a frame. A
// record below a warning with neither error nor stack is not an error.
//
// # Signatures
//
// Occurrences are grouped by a signature: the line with the parts that
// vary between occurrences masked. At the start of a word, in this order:
//
//	<ts>    a timestamp (formats below), or a date alone
//	<uuid>  8-4-4-4-12 hex digits
//	<ip>    an IPv4 address (octets up to 255), or an IPv6 address with "::" or 8 groups
//	<hex>   0x and hex digits
//	<n>     a word of 6 or more hex digits with at least one digit and one
//	        letter (commit ids, request ids): masked as a number, so that an
//	        id of fixed width masks the same when its digits happen to be
//	        all decimal
//	<id>    a word of 10 or more letters and digits with at least two of each
//	        (random tokens such as base62 request ids)
//
// then anywhere:
//
//	<n>     a run of digits with at most one decimal fraction ("42", "3.5",
//	        the 4 of "worker-4")
//	"<q>"   a double-, single- or back-quoted value on one line; a single or
//	        back quote opens only after a non-letter, so "can't" is left
//	        alone. A JSON key (a quoted value followed by ':') and the value
//	        of a message-like key (msg=, message=, error=, err=, reason=,
//	        event=, exception=, or the same JSON keys) are kept, with their
//	        inside masked: that is the error's text.
//
// Timestamps recognised (for <ts>, and as an occurrence's time):
//
//	2006-01-02T15:04:05.999999999Z07:00   RFC 3339 / ISO 8601 (T or space, fraction with . or ,, zone)
//	2006-01-02 15:04:05,000               Python logging
//	2006/01/02 15:04:05.000000            Go's log package, nginx's error log
//	02/Jan/2006:15:04:05 -0700            nginx and Apache access logs (and Werkzeug's 02/Jan/2006 15:04:05, PHP's 02-Jan-2006 15:04:05 MST)
//	Mon Jan _2 15:04:05 2006              syslog and journalctl (weekday and year optional)
//	15:04:05.000                          a time alone (as a line's time only at its start or after '[')
//
// Epoch seconds are masked as numbers and are not a time. A line is masked
// whole (up to MaxStoredLine bytes) and the masked text is cut at 512 bytes,
// at the end of a token, so that values of varying length before the cut
// do not move it.
//
// An error line alone is its own masked text. An error with a trace is
// "kind | masked first line | exception type | top frames", where the top
// frames are the two innermost (Python) or outermost (Go, Java,
// JavaScript) frames as file:symbol, masked: the same exception from
// another place is another group.
//
// # Memory
//
// Memory stays bounded whatever the size of the logs: chunks are recycled,
// at most Options.MaxGroups groups are kept (further signatures are counted
// in Result.Dropped), 10,000 locations, lines stored at most MaxStoredLine
// bytes, and a budget of 8 MiB for stored lines, after which new groups
// keep only their error line. With 100,000 distinct errors the heap peaks
// near 45 MiB.
package logscan

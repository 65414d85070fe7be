package logscan

import (
	"bytes"
	"strconv"
)

// Native code: the sanitizers' reports (AddressSanitizer, LeakSanitizer,
// ThreadSanitizer, MemorySanitizer; UndefinedBehaviorSanitizer's runtime
// errors) and debuggers' backtraces (gdb's bt, lldb's). Their frames are
// numbered: "#0 0x5610811052f0 in fill_row /src/asan.c:12:5" (sanitizers),
// "#1  0x0000555555555189 in name_length (s=0x0) at gdb.c:6" or "#2  main
// () at gdb.c:14" (gdb), "frame #0: 0x0000000100003f50 a.out`main at
// t.c:4:7" (lldb). The signature's frames are the first two of the first
// stack outside the C library and the sanitizer's runtime.

// sanFamily is a sanitizer's report: the "==PID==ERROR: AddressSanitizer:
// ..." line opens it; frames, blank lines, the allocation stacks, the
// SUMMARY line, the shadow bytes and "==PID==ABORTING" continue it.
type sanFamily struct{}

// The phases of a sanitizer report.
const (
	sanBody    uint8 = iota
	sanSummary       // after the SUMMARY line: the shadow bytes
	sanDone          // after ==PID==ABORTING
)

func (sanFamily) name() string { return "sanitizer" }

func (sanFamily) opens(e *event, line, _ []byte) bool {
	for _, s := range [...]string{"AddressSanitizer", "LeakSanitizer", "ThreadSanitizer", "MemorySanitizer", "HWAddressSanitizer"} {
		if i := bytes.Index(line, []byte(s)); i >= 0 && (bytes.Contains(line[:i], []byte("ERROR: ")) || bytes.Contains(line[:i], []byte("WARNING: "))) {
			return true
		}
	}
	return false
}

func (sanFamily) starts(*event, []byte) decision { return reject }

var sanLines = [...]string{"READ of size", "WRITE of size", "0x", "freed by thread", "previously allocated by thread",
	"allocated by thread", "Thread T", "SUMMARY: ", "Shadow byte", "==", "HINT", "Hint:", "Address 0x", "Direct leak",
	"Indirect leak", "The signal is caused", "Registers", "  Location is", "Previous ", "Atomic ", "Write of size", "Read of size",
	"Mutex ", "Uninitialized value"}

func (s sanFamily) continues(e *event, v []byte, blank bool) decision {
	if e.phase == sanDone {
		return reject
	}
	if blank {
		return e.canHold()
	}
	if loc, ok := nativeFrame(v, e.in); ok {
		if e.phase == sanBody {
			nativeAdd(e, loc)
		}
		return accept
	}
	t := trimSpace(v)
	if hasPrefix(t, "SUMMARY: ") {
		e.phase = sanSummary
		e.count = 1 // the first stack is over: no more top frames
		return accept
	}
	if hasPrefix(v, "==") && bytes.Contains(v, []byte("ABORTING")) {
		e.phase = sanDone
		return accept
	}
	if e.phase == sanSummary && !isIndented(v) && !hasPrefix(v, "Shadow") && !hasPrefix(v, "=") && !hasPrefix(v, "0x") {
		return reject
	}
	if isIndented(v) {
		return accept
	}
	for _, p := range sanLines {
		if hasPrefix(v, p) {
			if hasPrefix(v, "0x") || hasPrefix(v, "freed by") || hasPrefix(v, "previously") || hasPrefix(v, "allocated by") {
				e.count = 1 // later stacks are the allocation's
			}
			return accept
		}
	}
	return reject
}

func (sanFamily) frame(e *event, v []byte) (Location, bool) { return nativeFrame(v, e.in) }

func (sanFamily) signature(e *event, dst []byte) []byte { return e.appendFrames(dst) }

// nativeAdd keeps a frame, and the first two of the first stack outside
// the C library and the runtime for the signature (event.count is set once
// the first stack is over).
func nativeAdd(e *event, l Location) {
	e.addFrame(l)
	if e.count == 0 && len(e.top) < 2 && !nativeRuntime(l) {
		e.top = append(e.top, l)
	}
}

func nativeRuntime(l Location) bool {
	for _, p := range [...]string{"__interceptor_", "__asan", "__sanitizer", "__ubsan", "__tsan", "__libc_", "_start", "__GI_", "__strlen", "__mem", "__str", "raise", "abort",
		"__pthread_", "pthread_kill", "__assert_", "start_thread", "clone"} {
		if hasPrefixStr(l.Symbol, p) {
			return true
		}
	}
	return l.File == "" || glibcSource(l.File) || bytes.Contains([]byte(l.File), []byte("sanitizer"))
}

// glibcDirs are the directories of glibc's sources its debug information
// names, relative to its build directory: "../sysdeps/x86_64/strlen.S",
// "./nptl/pthread_kill.c" (newer builds), "./stdlib/abort.c".
var glibcDirs = [...]string{"sysdeps/", "csu/", "nptl/", "stdlib/", "assert/", "signal/", "string/", "libio/", "malloc/", "posix/", "misc/", "elf/", "dlfcn/", "io/", "stdio-common/"}

// glibcSource says a frame's file is one of glibc's own.
func glibcSource(f string) bool {
	var rest string
	switch {
	case hasPrefixStr(f, "../"):
		rest = f[3:]
	case hasPrefixStr(f, "./"):
		rest = f[2:]
	default:
		return false
	}
	for _, d := range glibcDirs {
		if hasPrefixStr(rest, d) {
			return true
		}
	}
	return false
}

// nativeFrame parses a numbered frame: a sanitizer's, gdb's or lldb's.
func nativeFrame(v []byte, in *interner) (Location, bool) {
	t := bytes.TrimSpace(v)
	t = bytes.TrimPrefix(t, []byte("* "))
	lldb := false
	if hasPrefix(t, "frame #") {
		t, lldb = t[len("frame "):], true
	}
	if len(t) < 3 || t[0] != '#' || !isDigit(t[1]) {
		return Location{}, false
	}
	k := 1
	for k < len(t) && isDigit(t[k]) {
		k++
	}
	if lldb && k < len(t) && t[k] == ':' {
		k++
	}
	if k >= len(t) || t[k] != ' ' {
		return Location{}, false
	}
	rest := bytes.TrimSpace(t[k:])
	if hasPrefix(rest, "0x") {
		a := 2
		for a < len(rest) && isHex(rest[a]) {
			a++
		}
		rest = bytes.TrimSpace(rest[a:])
	}
	rest = bytes.TrimPrefix(rest, []byte("in "))
	var loc Location
	if lldb {
		// a.out`main at t.c:4:7
		if b := bytes.IndexByte(rest, '`'); b >= 0 {
			rest = rest[b+1:]
		}
	}
	// The symbol ends at " (" (gdb's arguments or a module), " at " or
	// the space before the file.
	sym := rest
	var where []byte
	if i := bytes.Index(rest, []byte(" at ")); i >= 0 {
		sym, where = rest[:i], rest[i+4:]
	} else if i := bytes.LastIndexByte(rest, ' '); i >= 0 {
		sym, where = rest[:i], rest[i+1:]
	}
	if p := bytes.Index(sym, []byte(" (")); p >= 0 {
		sym = sym[:p]
	}
	if p := bytes.IndexByte(sym, '('); lldb && p > 0 {
		sym = sym[:p] // lldb's arguments: post_entry(l=0x5555555592a0, cents=1250)
	}
	if p := bytes.Index(sym, []byte(" from ")); p >= 0 {
		sym = sym[:p]
	}
	if len(sym) == 0 || sym[0] == '(' {
		return Location{}, false
	}
	loc.Symbol = in.str(bytes.TrimSpace(sym))
	if len(where) > 0 && where[0] != '(' {
		loc.File, loc.Line = fileLineCol(where, in)
	}
	return loc, true
}

// ubsanFamily is UndefinedBehaviorSanitizer's "file.c:12:5: runtime error:
// ..." (its place is a frame, and stays in the signature unmasked), with the
// stack UBSAN_OPTIONS=print_stacktrace=1 adds and its SUMMARY line.
type ubsanFamily struct{}

func (ubsanFamily) name() string { return "ubsan" }

func (ubsanFamily) opens(e *event, line, _ []byte) bool {
	i := bytes.Index(line, []byte(": runtime error: "))
	if i < 0 {
		return false
	}
	s := bytes.LastIndexByte(line[:i], ' ') + 1
	file, n := fileLineCol(line[s:i], e.in)
	if file == "" || !nativeSource(file) {
		return false
	}
	e.addFrame(Location{File: file, Line: n})
	e.top = append(e.top, Location{File: e.in.str(line[s:i])})
	return true
}

func (ubsanFamily) starts(*event, []byte) decision { return reject }

func (ubsanFamily) continues(e *event, v []byte, blank bool) decision {
	if blank {
		return reject
	}
	if loc, ok := nativeFrame(v, e.in); ok {
		e.addFrame(loc)
		return accept
	}
	if hasPrefix(v, "SUMMARY: UndefinedBehaviorSanitizer") {
		return accept
	}
	return reject
}

func (ubsanFamily) frame(e *event, v []byte) (Location, bool) { return nativeFrame(v, e.in) }

// signature: the place, file:line:col as written.
func (ubsanFamily) signature(e *event, dst []byte) []byte {
	for _, f := range e.top {
		dst = append(dst, " | "...)
		dst = append(dst, f.File...)
	}
	return dst
}

// nativeBT is a debugger's backtrace after an error line ("Program received
// signal SIGSEGV, Segmentation fault."): "#0 ..." frames, gdb's or lldb's.
type nativeBT struct{}

func (nativeBT) name() string { return "native" }

func (nativeBT) opens(*event, []byte, []byte) bool { return false }

func (g nativeBT) starts(e *event, v []byte) decision {
	t := bytes.TrimSpace(v)
	if !(hasPrefix(t, "#0 ") || hasPrefix(t, "frame #0:") || hasPrefix(t, "* frame #0:")) {
		// gdb prints where it stopped before bt: "0x00007ffff7e4b8bd in
		// __strlen_evex () from /lib/...", and lldb its thread.
		if hasPrefix(t, "0x") && bytes.Contains(t, []byte(" in ")) || hasPrefix(t, "* thread #") {
			if gdbStopLine(t) {
				// "0x... in per_slot (jobs=12) at sched.c:26": its
				// source line follows.
				e.phase |= gdbStopped
			}
			return accept
		}
		// A thread's signal: gdb switches to the thread before it says
		// where it stopped.
		if hasPrefix(t, "[Switching to Thread ") || hasPrefix(t, "[Switching to LWP ") {
			return accept
		}
		// With debug information it prints the function and the source
		// line instead: "strlen () at ../strlen.S:77", then "77\t<the line>"
		// (event.rule lets that line, which starts with a digit, through
		// only right after the stop line).
		if gdbStopLine(t) {
			e.phase |= gdbStopped
			return accept
		}
		if e.phase&gdbStopped != 0 && gdbSourceLine(v) {
			e.phase &^= gdbStopped
			return accept
		}
		return reject
	}
	loc, ok := nativeFrame(v, e.in)
	if !ok {
		return reject
	}
	e.begin(g)
	if t[0] != '#' {
		e.phase |= lldbTrace // "frame #0:", "* frame #0:"
	}
	nativeAdd(e, loc)
	return accept
}

// gdbStopped is event.phase's bit (beside at.go's and ruby.go's) for the
// line after gdb's stop line, which may be the source line.
const gdbStopped uint8 = 1 << 5

// lldbTrace is event.phase's bit for a backtrace whose frames are lldb's
// ("frame #0: ..."): lldbContinues takes lldb's other lines.
const lldbTrace uint8 = 1 << 6

// gdbStopLine reports gdb's "func (args) at file:line" where it stopped.
func gdbStopLine(t []byte) bool {
	i := bytes.LastIndex(t, []byte(") at "))
	if i < 0 || bytes.IndexByte(t, '(') < 0 {
		return false
	}
	rest := t[i+len(") at "):]
	c := bytes.LastIndexByte(rest, ':')
	return c > 0 && atoi(rest[c+1:]) > 0
}

// gdbSourceLine reports gdb's source line: its number, a tab, the text.
func gdbSourceLine(v []byte) bool {
	i := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	return i > 0 && i < len(v) && v[i] == '\t'
}

func (nativeBT) continues(e *event, v []byte, blank bool) decision {
	if blank {
		return reject
	}
	if loc, ok := nativeFrame(v, e.in); ok {
		if bytes.HasPrefix(bytes.TrimSpace(v), []byte("#0 ")) {
			e.count = 1 // another thread's stack
		}
		nativeAdd(e, loc)
		return accept
	}
	return lldbContinues(e, v)
}

// lldbContinues takes the lines lldb prints between where a process
// stopped and the end of its backtrace (lldb --batch -o run -k bt). lldb
// says where it stopped ("* thread #1, name = 'ledger', stop reason =
// signal SIGSEGV: ...", the error line, and "frame #0: 0x... ledger`f(x=1)
// at ledger.c:22:9"), shows the source around it ("   21  \t{", "-> 22
// \t\tl->head->cents += cents;", a caret line "    \t       ^"), prints
// "Process 13896 launched: ..." late, echoes "(lldb) bt", and bt repeats
// the stop line before the stack ("  * frame #0: ...", "    frame #1:
// ..."). One crash is one event: the repeated stop line starts the stack
// over (the signature's frames are the backtrace's), and "thread #2" (bt
// all) starts another thread's stack, which adds no frames to the
// signature. Only a trace whose frames are lldb's takes these lines.
func lldbContinues(e *event, v []byte) decision {
	if e.phase&lldbTrace == 0 {
		return reject
	}
	t := bytes.TrimLeft(v, " \t")
	switch {
	case lldbSourceLine(v):
		return accept
	case hasPrefix(t, "* thread #"):
		e.top, e.count = e.top[:0], 0 // bt lists the stopped thread's stack again
		return accept
	case hasPrefix(t, "thread #"):
		e.count = 1
		return accept
	case hasPrefix(t, "(lldb) bt") || hasPrefix(t, "(lldb) thread backtrace"):
		return accept
	case hasPrefix(t, "Process ") && len(t) > 8 && isDigit(t[8]) && bytes.Contains(t, []byte(" launched: ")):
		return accept
	}
	return reject
}

// lldbSourceLine reports a line of lldb's source excerpt: "   21  \t{",
// "-> 22  \t\tx = 1;" or the caret line "    \t       ^".
func lldbSourceLine(v []byte) bool {
	t := bytes.TrimLeft(v, " ")
	t = bytes.TrimPrefix(t, []byte("-> "))
	i := 0
	for i < len(t) && isDigit(t[i]) {
		i++
	}
	if i > 0 {
		r := bytes.TrimLeft(t[i:], " ")
		return len(r) < len(t[i:]) && len(r) > 0 && r[0] == '\t' || len(r) == 0 && len(t) > i
	}
	r := bytes.TrimRight(bytes.TrimLeft(t, " \t"), "^~ ")
	return len(r) == 0 && len(t) > 0 && t[0] == '\t' && bytes.IndexByte(t, '^') > 0
}

func (nativeBT) frame(e *event, v []byte) (Location, bool) { return nativeFrame(v, e.in) }

func (nativeBT) signature(e *event, dst []byte) []byte { return e.appendFrames(dst) }

// atoi is strconv.Atoi on bytes, 0 when it is not a number.
func atoi(b []byte) int {
	n, _ := strconv.Atoi(string(b))
	return n
}

// nativeSource says a file is C, C++ or Objective-C source.
func nativeSource(f string) bool {
	for _, x := range [...]string{".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".m", ".mm"} {
		if len(f) > len(x) && f[len(f)-len(x):] == x {
			return true
		}
	}
	return false
}

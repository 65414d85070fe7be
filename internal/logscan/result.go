package logscan

import (
	"time"
)

// Result is what Scan found: the distinct errors in order of first
// occurrence, the code locations named by their stack traces, and counts.
type Result struct {
	Stats
	// Events is the number of error events: an error line with the stack
	// trace attached to it counts once.
	Events int64 `json:"events"`
	// Context is the number of context lines kept around first occurrences.
	Context int `json:"context"`
	// Groups are the distinct errors, in order of first occurrence.
	Groups []*Group `json:"groups"`
	// Dropped counts what did not fit in the bounded tables.
	Dropped Dropped `json:"dropped"`
	// Locations are the files, lines and symbols found in stack traces, most
	// frequent first (then in order of first appearance), for triage suspects.
	Locations []Location `json:"locations"`
}

// Stats are the counts common to Scan and Raw.
type Stats struct {
	// Inputs are the inputs, in order.
	Inputs []InputStats `json:"inputs"`
	// Lines is the number of lines read, in all inputs.
	Lines int64 `json:"lines"`
	// ErrorLines is the number of lines that matched a pattern (the figure
	// grep -c gives), trace lines included.
	ErrorLines int64 `json:"error_lines"`
}

// InputStats describes one input.
type InputStats struct {
	// Name is Input.Name.
	Name string `json:"name"`
	// Bytes is the number of bytes of text read (after decompression).
	Bytes int64 `json:"bytes"`
	// Lines is the number of lines read.
	Lines int64 `json:"lines"`
	// ErrorLines is the number of lines that matched a pattern.
	ErrorLines int64 `json:"error_lines"`
	// Gzip says the input was gzip-compressed.
	Gzip bool `json:"gzip,omitempty"`
	// Skipped says the input was not read as text: Note says why (binary
	// content, another compression format).
	Skipped bool `json:"skipped,omitempty"`
	// Note explains Skipped.
	Note string `json:"note,omitempty"`
	// LongLines is the number of lines longer than MaxLineBytes.
	LongLines int64 `json:"long_lines,omitempty"`
	// Err is the read error that ended the input early (a truncated gzip
	// file, an I/O error): what came before it was scanned.
	Err string `json:"error,omitempty"`
}

// Group is one distinct error.
type Group struct {
	// Signature is the masked form that occurrences share (see mask). For an
	// error with a stack trace it joins, with " | ", the kind, the masked
	// first line, the exception's type and the top frames.
	Signature string `json:"signature"`
	// Message is the error's text at its first occurrence: the exception line
	// when there is a stack trace (Python's last line, Java's and
	// JavaScript's header, Go's panic line), otherwise the error line, with a
	// leading timestamp and the log's collector prefix removed.
	Message string `json:"message"`
	// Kind is the stack trace's family: "python", "go", "java" (.NET's
	// frames too), "javascript", "rust", "sanitizer" (ASan and the other
	// sanitizers), "ubsan", "native" (gdb and lldb backtraces), "ruby",
	// "php", or "" for an error line without one.
	Kind string `json:"kind,omitempty"`
	// Exception is the exception's type (TypeError, java.lang.IllegalStateException),
	// or for a Go panic its message, masked.
	Exception string `json:"exception,omitempty"`
	// Count is the number of occurrences.
	Count int64 `json:"count"`
	// First is the first occurrence.
	First Occurrence `json:"first"`
	// Last is the last occurrence (the first one if Count is 1).
	Last Occurrence `json:"last"`
	// Lines are the first occurrence's lines in order: Context lines before,
	// the error line and its trace, Context lines after. A trace longer than
	// the kept head and tail leaves a gap in the line numbers; Omitted says
	// how many lines are not shown.
	Lines []Line `json:"lines"`
	// Omitted is the number of lines of the first occurrence's trace not kept.
	Omitted int64 `json:"omitted,omitempty"`
	// Frames are the locations in the first occurrence's trace, top first.
	Frames []Location `json:"frames,omitempty"`
}

// Occurrence is where an error occurred.
type Occurrence struct {
	// Input is the input's name.
	Input string `json:"input"`
	// Line is the number of the error's first line (for a Python traceback
	// without a log line before it, the Traceback line).
	Line int64 `json:"line"`
	// TS is the line's timestamp as written, or "".
	TS string `json:"ts,omitempty"`
	// Time is TS parsed, when it has a date with a year; zero otherwise. A
	// timestamp without a zone is taken as UTC.
	Time time.Time `json:"time,omitzero"`
}

// Role says what a Line is to its group.
type Role string

// The roles of a group's lines.
const (
	RoleBefore Role = "before" // context before the error
	RoleError  Role = "error"  // a line of the error that matched a pattern
	RoleTrace  Role = "trace"  // a line of the error's stack trace
	RoleAfter  Role = "after"  // context after the error and its trace
)

// Line is one stored line.
type Line struct {
	// N is the line's number in its input.
	N int64 `json:"n"`
	// Text is the line without its line ending, cut at MaxStoredLine bytes.
	Text string `json:"text"`
	// Role is the line's role.
	Role Role `json:"role"`
	// Cut says Text was cut.
	Cut bool `json:"cut,omitempty"`
}

// Location is a place in the code named by a stack trace frame.
type Location struct {
	// File is the path as the trace gives it (for Java, the package's
	// directories and the file name).
	File string `json:"file,omitempty"`
	// Line is the line number, or 0 if the frame has none.
	Line int `json:"line,omitempty"`
	// Symbol is the function or method (Python's function, Go's
	// package-qualified function, Java's class and method, JavaScript's
	// function).
	Symbol string `json:"symbol,omitempty"`
	// Count is the number of error events whose trace names the location
	// (in Result.Locations; zero in Group.Frames).
	Count int64 `json:"count,omitempty"`
}

// Dropped counts what the bounded tables could not keep.
type Dropped struct {
	// Signatures is the number of distinct signatures not kept because
	// MaxGroups were kept already.
	Signatures int64 `json:"signatures"`
	// AtLeast says there were more distinct dropped signatures than could be
	// counted exactly (131,072): Signatures is a lower bound.
	AtLeast bool `json:"at_least,omitempty"`
	// Events is the number of error events of those signatures.
	Events int64 `json:"events"`
	// Locations is the number of frames not counted because the location
	// table was full.
	Locations int64 `json:"locations,omitempty"`
	// Lines says that groups after the memory budget for stored lines keep
	// only their error line.
	Lines bool `json:"lines,omitempty"`
}

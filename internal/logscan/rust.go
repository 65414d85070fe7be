package logscan

import (
	"bytes"
)

// rustFamily is a Rust panic: "thread 'name' (tid) panicked at
// file.rs:9:22:" and the message on the next line (Rust 1.73 on; before,
// "panicked at 'msg', file.rs:9:22"), then, with RUST_BACKTRACE=1 or full,
// "stack backtrace:", numbered frames ("   4: inventory::parse_qty", full:
// "  4:     0x55d… - inventory::parse_qty::h0123456789abcdef") each followed
// by "at file:line:col", and a closing "note: ..." line. The panic's place
// (file:line:col, not masked) and message are in the signature, with the
// first two frames outside std, core and alloc; the thread's name is not.
//
// event.exc holds the message; event.sym the symbol waiting for its "at"
// line; event.phase where the trace is.
type rustFamily struct{}

// The phases of a Rust panic.
const (
	rustMessage uint8 = iota // the message may follow on the next line
	rustBody                 // "stack backtrace:" and frames
	rustDone                 // after the closing note
)

func (rustFamily) name() string { return "rust" }

func (rustFamily) opens(e *event, line, _ []byte) bool {
	i := bytes.Index(line, []byte("' panicked at "))
	if i < 0 {
		i = bytes.Index(line, []byte(") panicked at "))
	}
	if i < 0 || !bytes.Contains(line[:i], []byte("thread '")) {
		return false
	}
	at := bytes.TrimSpace(line[i+len("' panicked at "):])
	if bytes.HasSuffix(at, []byte(":")) {
		// Rust 1.73 on: the place, then the message on the next line.
		e.phase = rustMessage
	} else {
		// Before: 'msg', file:line:col.
		if c := bytes.LastIndex(at, []byte("', ")); c > 0 && at[0] == '\'' {
			e.exc = append(e.exc[:0], at[1:c]...)
		}
		e.phase = rustBody
	}
	return true
}

func (rustFamily) starts(*event, []byte) decision { return reject }

func (r rustFamily) continues(e *event, v []byte, blank bool) decision {
	if e.phase == rustDone {
		return reject
	}
	if blank {
		if e.phase == rustMessage {
			return reject
		}
		return e.canHold()
	}
	if e.phase == rustMessage {
		e.phase = rustBody
		if !hasPrefix(v, "stack backtrace:") {
			e.exc = append(e.exc[:0], clip(v, MaxStoredLine)...)
			return accept
		}
	}
	t := trimSpace(v)
	switch {
	case hasPrefix(v, "stack backtrace:"):
		return accept
	case hasPrefix(t, "note: "):
		e.phase = rustDone
		return accept
	case hasPrefix(t, "at ") && isIndented(v):
		if loc, ok := r.frame(e, v); ok {
			e.addFrame(loc)
			if len(e.top) < 2 && !rustRuntime(loc) {
				e.top = append(e.top, loc)
			}
		}
		e.sym = ""
		return accept
	}
	if sym, ok := rustFrameSym(t); ok && isIndented(v) {
		e.sym = e.in.str(sym)
		return accept
	}
	return reject
}

// rustFrameSym parses "N: symbol" or "N:     0xADDR - symbol", the hash
// suffix ("::h0123456789abcdef") removed.
func rustFrameSym(t []byte) ([]byte, bool) {
	k := 0
	for k < len(t) && isDigit(t[k]) {
		k++
	}
	if k == 0 || k+1 >= len(t) || t[k] != ':' || t[k+1] != ' ' {
		return nil, false
	}
	s := bytes.TrimSpace(t[k+1:])
	if hasPrefix(s, "0x") {
		if d := bytes.Index(s, []byte(" - ")); d > 0 {
			s = s[d+3:]
		} else {
			return nil, false
		}
	}
	if h := bytes.LastIndex(s, []byte("::h")); h > 0 && len(s)-h == 19 && hexRun(s, h+3) == 16 {
		s = s[:h]
	}
	return s, len(s) > 0
}

// frame parses "at file:line:col", the symbol from the line before.
func (rustFamily) frame(e *event, v []byte) (Location, bool) {
	t := trimSpace(v)
	if !hasPrefix(t, "at ") {
		return Location{}, false
	}
	file, line := fileLineCol(bytes.TrimSpace(t[3:]), e.in)
	if file == "" {
		return Location{}, false
	}
	return Location{File: file, Line: line, Symbol: e.sym}, true
}

func rustRuntime(l Location) bool {
	for _, p := range []string{"std::", "core::", "alloc::", "__rustc", "rust_begin_unwind", "<std::", "<core::", "<alloc::"} {
		if hasPrefixStr(l.Symbol, p) {
			return true
		}
	}
	return hasPrefixStr(l.File, "/rustc/")
}

// signature: the panic's place as written, the message masked, the top
// frames.
func (rustFamily) signature(e *event, dst []byte) []byte {
	if i := bytes.Index(e.body, []byte(" panicked at ")); i >= 0 {
		at := bytes.TrimSuffix(bytes.TrimSpace(e.body[i+len(" panicked at "):]), []byte(":"))
		if c := bytes.LastIndex(at, []byte("', ")); c > 0 {
			at = at[c+3:]
		}
		dst = append(dst, " | "...)
		dst = append(dst, clip(at, 256)...)
	}
	if len(e.exc) > 0 {
		dst = append(dst, " | "...)
		dst = maskLine(dst, e.exc)
	}
	return e.appendFrames(dst)
}

package logscan

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxTextLocations is the number of locations WriteText lists.
const maxTextLocations = 20

// WriteText writes the result for a person to read: one block per distinct
// error in order of first occurrence, then the locations named by the
// stack traces, then a summary with anything not shown. Each block is
//
//	3× TypeError: the JSON object must be str, bytes or bytearray, not TextIOWrapper
//	  first: web.stdout.log:14 (Sep 22 21:25:16)  last: web.stdout.log:61 (Sep 22 21:31:02)
//	      11  (context before)
//	  >   14  (the error line; '>' marks every line that matched a pattern)
//	      15  (its stack trace, in place)
//	      ...  (12 lines not shown)
//	      40  (context after)
//
// Control characters other than tab are shown escaped (\x1b) and invalid
// UTF-8 as U+FFFD, so a log cannot drive the terminal.
func (r *Result) WriteText(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	for i, g := range r.Groups {
		if i > 0 {
			bw.WriteByte('\n')
		}
		writeGroup(bw, g)
	}
	if len(r.Locations) > 0 {
		if len(r.Groups) > 0 {
			bw.WriteByte('\n')
		}
		bw.WriteString("Locations in the stack traces, most frequent first:\n")
		for i, l := range r.Locations {
			if i == maxTextLocations {
				fmt.Fprintf(bw, "  (%d more)\n", len(r.Locations)-i)
				break
			}
			fmt.Fprintf(bw, "  %d×  ", l.Count)
			writeSafe(bw, l.String())
			bw.WriteByte('\n')
		}
	}
	if len(r.Groups) > 0 || len(r.Locations) > 0 {
		bw.WriteByte('\n')
	}
	writeSummary(bw, r)
	return bw.Flush()
}

func writeGroup(bw *bufio.Writer, g *Group) {
	fmt.Fprintf(bw, "%d× ", g.Count)
	writeSafe(bw, g.Message)
	bw.WriteString("\n  first: ")
	writeOcc(bw, g.First)
	bw.WriteString("  last: ")
	writeOcc(bw, g.Last)
	bw.WriteByte('\n')
	width := 1
	for _, l := range g.Lines {
		width = max(width, len(strconv.FormatInt(l.N, 10)))
	}
	var prev int64 = -1
	for _, l := range g.Lines {
		if prev >= 0 && l.N > prev+1 {
			fmt.Fprintf(bw, "    %*s  (%d lines not shown)\n", width, "...", l.N-prev-1)
		}
		prev = max(prev, l.N)
		mark := "    "
		if l.Role == RoleError {
			mark = "  > "
		}
		fmt.Fprintf(bw, "%s%*d  ", mark, width, l.N)
		writeSafe(bw, l.Text)
		if l.Cut {
			bw.WriteString(" [cut]")
		}
		bw.WriteByte('\n')
	}
}

func writeOcc(bw *bufio.Writer, o Occurrence) {
	writeSafe(bw, o.Input)
	fmt.Fprintf(bw, ":%d", o.Line)
	if o.TS != "" {
		bw.WriteString(" (")
		writeSafe(bw, o.TS)
		bw.WriteString(")")
	}
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.FormatInt(n, 10) + " " + many
}

func writeSummary(bw *bufio.Writer, r *Result) {
	in := plural(int64(len(r.Inputs)), "input", "inputs")
	if r.ErrorLines == 0 && len(r.Groups) == 0 {
		fmt.Fprintf(bw, "No error lines in %s (%s).\n", plural(r.Lines, "line", "lines"), in)
	} else {
		fmt.Fprintf(bw, "%s (%s, %s) in %s (%s).\n",
			plural(int64(len(r.Groups)), "distinct error", "distinct errors"),
			plural(r.Events, "event", "events"), plural(r.ErrorLines, "matching line", "matching lines"),
			plural(r.Lines, "line", "lines"), in)
	}
	if d := r.Dropped; d.Signatures > 0 {
		more := ""
		if d.AtLeast {
			more = "at least "
		}
		fmt.Fprintf(bw, "%s%s more not shown (%s): the first %d distinct errors are kept.\n",
			more, plural(d.Signatures, "signature", "signatures"), plural(d.Events, "event", "events"), len(r.Groups))
	}
	if r.Dropped.Lines {
		bw.WriteString("Some errors show only their error line: the memory budget for stored lines ran out.\n")
	}
	if r.Dropped.Locations > 0 {
		fmt.Fprintf(bw, "%s not counted: the location table is full.\n", plural(r.Dropped.Locations, "frame", "frames"))
	}
	for _, st := range r.Inputs {
		if st.Skipped {
			writeSafe(bw, st.Name)
			bw.WriteString(": skipped, ")
			writeSafe(bw, st.Note)
			bw.WriteString(".\n")
		}
		if st.Err != "" {
			writeSafe(bw, st.Name)
			fmt.Fprintf(bw, ": read error after %s: ", plural(st.Lines, "line", "lines"))
			writeSafe(bw, st.Err)
			bw.WriteString(".\n")
		}
		if st.LongLines > 0 {
			writeSafe(bw, st.Name)
			fmt.Fprintf(bw, ": %s longer than %d bytes, matched in pieces.\n", plural(st.LongLines, "line", "lines"), MaxLineBytes)
		}
	}
}

// writeSafe writes s with control characters escaped and invalid UTF-8
// replaced.
func writeSafe(bw *bufio.Writer, s string) {
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			bw.WriteRune(utf8.RuneError)
		case r == '\t':
			bw.WriteByte('\t')
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			fmt.Fprintf(bw, `\x%02x`, r)
		default:
			bw.WriteString(s[:n])
		}
		s = s[n:]
	}
}

// JSONVersion is the version of WriteJSON's schema; it changes only when a
// field changes meaning or goes away.
const JSONVersion = 1

// WriteJSON writes the result as one JSON object (indented, ending in a
// newline). Strings are UTF-8: invalid bytes in a log become U+FFFD. The
// schema (version 1):
//
//	{
//	  "version": 1,
//	  "inputs": [{
//	    "name": "app.log.gz",       // Input.Name
//	    "bytes": 1048576,           // text bytes read, after decompression
//	    "lines": 8812,              // lines read
//	    "error_lines": 37,          // lines that matched a pattern
//	    "gzip": true,               // omitted when false
//	    "skipped": true,            // not read as text (binary); omitted when false
//	    "note": "binary: ...",      // why it was skipped
//	    "long_lines": 1,            // lines longer than 1 MiB, matched in 1 MiB pieces
//	    "error": "unexpected EOF"   // the read error that ended it early
//	  }],
//	  "lines": 8812,                // lines read, all inputs
//	  "error_lines": 37,            // matching lines, all inputs (grep -c's count)
//	  "events": 12,                 // errors: an error line with its trace counts once
//	  "context": 3,                 // context lines kept before and after
//	  "groups": [{                  // distinct errors, in order of first occurrence
//	    "signature": "python | ... | TypeError | /usr/lib/python3.8/json/__init__.py:loads | ...",
//	    "message": "TypeError: the JSON object must be str, bytes or bytearray, not TextIOWrapper",
//	    "kind": "python",           // python, go, java, javascript; omitted without a trace
//	    "exception": "TypeError",   // the exception's type, or a Go panic's masked message
//	    "count": 3,
//	    "first": {"input": "app.log", "line": 14, "ts": "2023-09-22 21:25:16,123",
//	              "time": "2023-09-22T21:25:16.123Z"},   // ts, time: when the line has them
//	    "last":  {"input": "app.log", "line": 61, "ts": "...", "time": "..."},
//	    "lines": [                  // the first occurrence, in order
//	      {"n": 11, "text": "...", "role": "before"},    // before, error, trace, after
//	      {"n": 14, "text": "...", "role": "error"},     // error: matched a pattern
//	      {"n": 15, "text": "...", "role": "trace", "cut": true}  // cut at 1024 bytes
//	    ],
//	    "omitted": 12,              // trace lines not kept (a gap in "n")
//	    "frames": [{"file": "/var/app/current/application.py", "line": 13, "symbol": "your_url"}]
//	  }],
//	  "dropped": {
//	    "signatures": 0,            // distinct errors not kept: the table was full
//	    "at_least": true,           // more than 131,072: a lower bound
//	    "events": 0,                // their events
//	    "locations": 0,             // frames not counted: the location table was full
//	    "lines": true               // some groups keep only their error line (memory budget)
//	  },
//	  "locations": [                // files, lines, symbols in traces, most frequent first
//	    {"file": "/var/app/current/application.py", "line": 13, "symbol": "your_url", "count": 3}
//	  ]
//	}
//
// Fields marked as omitted are left out when false, zero or empty; the
// others are always present (arrays as [] when empty). Times are RFC 3339;
// a timestamp without a zone is taken as UTC, and one without a year
// (syslog) has no "time".
//
// The groups are written one at a time, so that writing a large result
// takes little memory beyond the result itself.
func (r *Result) WriteJSON(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// value writes v indented at the given depth, without a newline.
	value := func(v any, depth int) error {
		buf.Reset()
		enc.SetIndent(strings.Repeat("  ", depth), "  ")
		if err := enc.Encode(v); err != nil {
			return err
		}
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return nil
	}
	fields := []struct {
		name string
		v    any
	}{
		{"version", JSONVersion}, {"inputs", r.Inputs}, {"lines", r.Lines}, {"error_lines", r.ErrorLines},
		{"events", r.Events}, {"context", r.Context}, {"groups", nil}, {"dropped", r.Dropped}, {"locations", r.Locations},
	}
	bw.WriteString("{\n")
	for i, f := range fields {
		bw.WriteString(`  "` + f.name + `": `)
		switch {
		case f.name == "groups" && len(r.Groups) == 0:
			bw.WriteString("[]")
		case f.name == "groups":
			bw.WriteString("[")
			for k, g := range r.Groups {
				if k > 0 {
					bw.WriteString(",")
				}
				bw.WriteString("\n    ")
				if err := value(g, 2); err != nil {
					return err
				}
			}
			bw.WriteString("\n  ]")
		default:
			if err := value(f.v, 1); err != nil {
				return err
			}
		}
		if i < len(fields)-1 {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

// String returns the location as "file:line  symbol".
func (l Location) String() string {
	var b strings.Builder
	b.WriteString(l.File)
	if l.Line > 0 {
		b.WriteString(":" + strconv.Itoa(l.Line))
	}
	if l.Symbol != "" {
		if b.Len() > 0 {
			b.WriteString("  ")
		}
		b.WriteString(l.Symbol)
	}
	return b.String()
}

package logscan

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzScan: any input scans without panicking, with bounded output, with
// grep's counts, and Raw agrees with the reference. Lines are cut at a small
// maxLine, so chunk boundaries, long lines and carried context are hit
// often.
//
//	go test ./internal/logscan -run '^$' -fuzz FuzzScan -fuzztime 30s -fuzzminimizetime 10x
//
// (Minimizing each new input for the default 60 s stalls the run.)
func FuzzScan(f *testing.F) {
	for _, fam := range families {
		b := readLog(f, fam)
		f.Add(b[:min(len(b), 1200)], uint8(3), uint8(40))
	}
	f.Add([]byte("Traceback (most recent call last):\n  File \"a.py\", line 1, in f\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\nValueError: x\n"), uint8(2), uint8(16))
	f.Add([]byte("panic: x\n\n\ngoroutine 1 [running]:\nmain.main()\n\t/a.go:1\n"), uint8(1), uint8(8))
	f.Add([]byte("\x00\x00error\n"), uint8(0), uint8(0))
	f.Add([]byte("error error error"), uint8(9), uint8(1))
	f.Add([]byte("x\r\nERROR\r\n\r\n"), uint8(5), uint8(3))

	f.Fuzz(func(t *testing.T, data []byte, ctxN, lineLen uint8) {
		cfg := mustConfig(t, Options{Context: int(ctxN % 8), MaxGroups: 5})
		cfg.maxLine = 8 + int(lineLen)%120
		cfg.workers = 1 + int(lineLen)%2
		res := run(t, cfg, namedLog{"fuzz", data})

		// Bounded output.
		if len(res.Groups) > 5 {
			t.Fatalf("%d groups", len(res.Groups))
		}
		maxLines := 2*cfg.context + maxHeadLines + maxTailLines + 2*2 // held blank lines go after
		for _, g := range res.Groups {
			if len(g.Lines) > maxLines || len(g.Message) > maxSigInput || len(g.Signature) > maxSigInput {
				t.Fatalf("group too big: %d lines", len(g.Lines))
			}
			for _, l := range g.Lines {
				if len(l.Text) > MaxStoredLine {
					t.Fatalf("line of %d bytes", len(l.Text))
				}
			}
			if g.Count < 1 || g.First.Line > g.Last.Line {
				t.Fatalf("%+v", g)
			}
		}
		txt := textOf(t, res)
		if !utf8.ValidString(txt) {
			t.Fatal("text output is not UTF-8")
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(jsonOf(t, res)), &v); err != nil {
			t.Fatal(err)
		}

		// grep's counts, with lines cut into pieces the same way.
		if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
			return
		}
		text := bytes.TrimLeft(data, "\x00")
		// The reader sniffs its first buffer: maxLine+1 bytes (8 KiB of a
		// real 1 MiB buffer).
		if why := sniffBinary(text[:min(len(text), cfg.maxLine+1)]); why != "" {
			if !res.Inputs[0].Skipped || res.Lines != 0 {
				t.Fatalf("binary (%s) not skipped: %+v", why, res.Inputs[0])
			}
			return
		}
		var lines, matches int64
		long := false
		for len(text) > 0 {
			e := bytes.IndexByte(text, '\n')
			line := text
			if e >= 0 {
				line, text = text[:e], text[e+1:]
			} else {
				text = nil
			}
			lines++
			if len(line) > cfg.maxLine {
				long = true
			}
			for {
				p := line[:min(len(line), cfg.maxLine)]
				if grepPattern.Match(p) {
					matches++
				}
				if len(line) <= cfg.maxLine {
					break
				}
				line = line[cfg.maxLine:]
			}
		}
		if res.Lines != lines || res.ErrorLines != matches {
			t.Fatalf("lines %d, matches %d; want %d, %d", res.Lines, res.ErrorLines, lines, matches)
		}
		var sum int64
		for _, g := range res.Groups {
			sum += g.Count
		}
		if sum+res.Dropped.Events != res.Events || res.Events > matches {
			t.Fatalf("counts: groups %d + dropped %d != events %d (matches %d)", sum, res.Dropped.Events, res.Events, matches)
		}

		// Raw, where no line is cut.
		if !long {
			var b bytes.Buffer
			if _, err := raw(context.Background(), []Input{{Name: "fuzz", R: bytes.NewReader(data)}}, cfg, &b); err != nil {
				t.Fatal(err)
			}
			in := namedLog{"fuzz", bytes.TrimLeft(data, "\x00")}
			if want := rawReference([]namedLog{in}, cfg.context, grepPattern); b.String() != want {
				t.Fatalf("raw:\n%s", diffLines(want, b.String()))
			}
		}
	})
}

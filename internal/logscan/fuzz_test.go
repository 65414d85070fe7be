package logscan

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hotfix-dev/hotfix/internal/testutil/golden"
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
	// Tracebacks interleaved line by line, a chain among them (the lanes' solver).
	f.Add([]byte("Traceback (most recent call last):\nTraceback (most recent call last):\n  File \"a.py\", line 1, in f\n  File \"b.py\", line 2, in g\n    g()\n    h()\n           ^^^\nValueError: x\n\n  File \"b.py\", line 5, in h\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n    return 1 / 0\nKeyError: 'y'\nZeroDivisionError: z\n"), uint8(2), uint8(40))
	// Two headers, a code line, a frame (crashed the interleaved tracebacks' frame choice).
	f.Add([]byte("Traceback (most recent call last):\nTraceback (most recent call last):\n    g(x)\n  File \"a.py\", line 3, in f\n"), uint8(1), uint8(64))
	f.Add([]byte("panic: x\n\n\ngoroutine 1 [running]:\nmain.main()\n\t/a.go:1\n"), uint8(1), uint8(8))
	f.Add([]byte("\x00\x00error\n"), uint8(0), uint8(0))
	f.Add([]byte("error error error"), uint8(9), uint8(1))
	// A Node frame with nothing after "at" (crashed the JS frame parser).
	f.Add([]byte("TypeError: boom\n    at f (/a.js:1:2)\n    at  {\n"), uint8(2), uint8(100))
	f.Add([]byte("x\r\nERROR\r\n\r\n"), uint8(5), uint8(3))
	// Hostile input: binary, invalid UTF-8, terminal escapes, broken gzip.
	f.Add([]byte("\x7fELF\x02\x01\x01\x00\x00\x00error\x00\x00"), uint8(2), uint8(50))
	f.Add([]byte("ERROR \xff\xfe\xc3\x28 \xe2\x82 \xf0\x9f\x98 bad\nERROR \xed\xa0\x80 surrogate\n"), uint8(1), uint8(7))
	f.Add([]byte("ERROR \x1b]0;title\x07 \x1b[2J \x1b[31mred\x1b[0m\n\x1b[A\x1b[K panic: x\n"), uint8(3), uint8(20))
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xffERROR not really gzip"), uint8(1), uint8(60))
	f.Add([]byte("\x1f\x8b"), uint8(0), uint8(0))
	f.Add([]byte("PK\x03\x04error\n"), uint8(0), uint8(9))
	f.Add([]byte("\xef\xbb\xbfERROR after a BOM\n\xff\xfeE\x00R\x00R\x00\n"), uint8(2), uint8(30))

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
				t.Fatalf("raw:\n%s", golden.Diff(want, b.String()))
			}
		}
	})
}

// TestHugeLinesBounded: 10 MiB lines (of text, of invalid UTF-8, and
// without a final newline) are matched in pieces with bounded memory,
// and a corrupt or truncated gzip input is reported as that input's
// error (what was read before it counts), not a panic.
func TestHugeLinesBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 40 MB of log")
	}
	const mib = 1 << 20
	var b bytes.Buffer
	b.WriteString("2024-03-14 09:00:00 ERROR first\n")
	b.WriteString(strings.Repeat("a", 10*mib-5) + " ERROR at the end\n")
	b.Write(bytes.Repeat([]byte{0xff, 0xc3, 0x28, 0xe2, 0x82}, 2*mib))
	b.WriteString(" error in invalid UTF-8\n")
	b.WriteString("ERROR " + strings.Repeat("\x1b[31m", 10*mib/5))
	b.WriteString("\n" + strings.Repeat("z", 10*mib) + " panic: no final newline")
	data := b.Bytes()
	var res *Result
	peak := peakHeap(func() {
		var err error
		res, err = Scan(context.Background(), []Input{{Name: "huge.log", R: bytes.NewReader(data)}}, Options{Context: 2})
		if err != nil {
			t.Error(err)
		}
	})
	if res == nil {
		return
	}
	in := res.Inputs[0]
	t.Logf("%d MiB in, peak heap in use %.1f MiB, %d lines, %d long, %d groups", len(data)/mib, float64(peak)/mib, in.Lines, in.LongLines, len(res.Groups))
	if in.Skipped || in.Err != "" || in.Lines != 5 || in.LongLines != 4 || in.ErrorLines < 4 {
		t.Errorf("%+v", in)
	}
	// The input is in memory already (40 MiB); the scan itself keeps a
	// few 1 MiB buffers per worker and what it stores is cut.
	if peak > 48*mib {
		t.Errorf("peak heap %.1f MiB", float64(peak)/mib)
	}
	for _, g := range res.Groups {
		if len(g.Message) > MaxStoredLine {
			t.Errorf("message of %d bytes", len(g.Message))
		}
	}
	if txt := textOf(t, res); !utf8.ValidString(txt) || strings.ContainsRune(txt, 0x1b) || len(txt) > 2*mib {
		t.Errorf("text output: %d bytes, valid UTF-8 %v", len(txt), utf8.ValidString(txt))
	}

	// gzip: a corrupt stream and a truncated one.
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(bytes.Repeat([]byte("ERROR compressed\n"), 1000))
	zw.Close()
	gz := z.Bytes()
	corrupt := append([]byte{}, gz...)
	for i := 20; i < len(corrupt)-8; i += 7 {
		corrupt[i] ^= 0x5a
	}
	for name, in := range map[string][]byte{"corrupt.gz": corrupt, "truncated.gz": gz[:len(gz)/2], "header-only.gz": gz[:10]} {
		res, err := Scan(context.Background(), []Input{{Name: name, R: bytes.NewReader(in)}}, Options{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if res.Inputs[0].Err == "" {
			t.Errorf("%s: no error reported: %+v", name, res.Inputs[0])
		}
	}
}

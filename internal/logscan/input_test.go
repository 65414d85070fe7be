package logscan

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/hotfix-dev/hotfix/internal/testutil/golden"
)

func allLogs(t testing.TB) []namedLog {
	var ins []namedLog
	for _, f := range families {
		ins = append(ins, namedLog{f + ".log", readLog(t, f)})
	}
	return ins
}

// withoutInputs drops what legitimately differs between ways of reading
// the same text.
func withoutInputs(r *Result) *Result {
	c := *r
	c.Inputs = nil
	return &c
}

// TestChunkBoundaries reads the logs in chunks of a few hundred bytes, so
// that events, traces and context windows straddle chunks: the result must
// not change.
func TestChunkBoundaries(t *testing.T) {
	ins := allLogs(t)
	longest := 0
	for _, in := range ins {
		for _, l := range bytes.Split(in.data, []byte("\n")) {
			longest = max(longest, len(l))
		}
	}
	for _, ctxN := range []int{0, 3, 7} {
		want := jsonOf(t, run(t, mustConfig(t, Options{Context: ctxN}), ins...))
		for _, size := range []int{longest, longest + 1, longest + 37, 1000, 4096} {
			cfg := mustConfig(t, Options{Context: ctxN})
			cfg.maxLine = size
			cfg.workers = 1 + size%3
			if got := jsonOf(t, run(t, cfg, ins...)); got != want {
				t.Errorf("C=%d, chunks of %d bytes:\n%s", ctxN, size, golden.Diff(want, got))
			}
		}
	}
}

// TestReaders feeds the logs through readers that return little at a
// time or fail, as pipes and slow disks do.
func TestReaders(t *testing.T) {
	data := readLog(t, "python_beanstalk")
	want := jsonOf(t, run(t, nil, namedLog{"x", data}))
	for name, wrap := range map[string]func(io.Reader) io.Reader{
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
		"data+err": iotest.DataErrReader,
	} {
		cfg := mustConfig(t, Options{Context: 3})
		res, err := scan(context.Background(), []Input{{Name: "x", R: wrap(bytes.NewReader(data))}}, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := jsonOf(t, res); got != want {
			t.Errorf("%s:\n%s", name, golden.Diff(want, got))
		}
	}
	// A read error keeps what came before it, and says so.
	r := io.MultiReader(bytes.NewReader(data[:2000]), iotest.ErrReader(errors.New("disk on fire")))
	res, err := Scan(context.Background(), []Input{{Name: "x", R: r}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st := res.Inputs[0]; st.Err != "disk on fire" || st.Bytes != 2000 || len(res.Groups) != 1 {
		t.Errorf("%+v, %d groups", st, len(res.Groups))
	}
	if !strings.Contains(textOf(t, res), "x: read error after 18 lines: disk on fire.") {
		t.Error(textOf(t, res))
	}
}

func gz(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestGzip: gzip is detected by its magic bytes, whatever the name; rotated
// logs made of several gzip members read as one; a truncated file keeps
// what it had.
func TestGzip(t *testing.T) {
	data := readLog(t, "java")
	plain := run(t, nil, namedLog{"java.log", data})
	z := run(t, nil, namedLog{"java.log", gz(t, data)}) // no .gz in the name
	if !z.Inputs[0].Gzip || z.Inputs[0].Bytes != int64(len(data)) {
		t.Errorf("inputs %+v", z.Inputs)
	}
	if a, b := jsonOf(t, withoutInputs(plain)), jsonOf(t, withoutInputs(z)); a != b {
		t.Error(golden.Diff(a, b))
	}
	half := bytes.Index(data[len(data)/2:], []byte("\n")) + len(data)/2 + 1
	multi := append(gz(t, data[:half]), gz(t, data[half:])...)
	m := run(t, nil, namedLog{"java.log", multi})
	if a, b := jsonOf(t, withoutInputs(plain)), jsonOf(t, withoutInputs(m)); a != b {
		t.Error("multi-member:", golden.Diff(a, b))
	}
	// A plain file named .gz is read as plain.
	if p := run(t, nil, namedLog{"app.log.gz", data}); p.Inputs[0].Gzip || p.ErrorLines != plain.ErrorLines {
		t.Errorf("%+v", p.Inputs)
	}
	whole := gz(t, data)
	tr := run(t, nil, namedLog{"cut.gz", whole[:len(whole)*2/3]})
	if tr.Inputs[0].Err == "" || tr.Lines == 0 || tr.Lines >= plain.Lines {
		t.Errorf("truncated: %+v", tr.Inputs[0])
	}
	bad := run(t, nil, namedLog{"bad.gz", []byte{0x1f, 0x8b, 0, 0}})
	if bad.Inputs[0].Err == "" || !bad.Inputs[0].Gzip {
		t.Errorf("bad header: %+v", bad.Inputs[0])
	}
}

// TestInputs: several inputs in order; context and traces never cross from
// one input to the next; occurrences name their input.
func TestInputs(t *testing.T) {
	a := []byte("one\ntwo\nERROR x 1\n")
	b := []byte("ERROR x 2\nthree\n")
	res := run(t, mustConfig(t, Options{Context: 2}), namedLog{"a.log", a}, namedLog{"-", b})
	if len(res.Groups) != 1 {
		t.Fatalf("%+v", res.Groups)
	}
	g := res.Groups[0]
	if g.Count != 2 || g.First.Input != "a.log" || g.First.Line != 3 || g.Last.Input != "-" || g.Last.Line != 1 {
		t.Errorf("%+v %+v", g.First, g.Last)
	}
	// The after-context of a.log's error stops at a.log's end.
	if len(g.Lines) != 3 || g.Lines[2].N != 3 {
		t.Errorf("%+v", g.Lines)
	}
	if res.Lines != 5 || len(res.Inputs) != 2 || res.Inputs[1].Lines != 2 {
		t.Errorf("%d lines, %+v", res.Lines, res.Inputs)
	}
	// A Python traceback at the end of one input does not take the next
	// input's lines.
	res = run(t, nil, namedLog{"a", []byte("Traceback (most recent call last):\n  File \"a.py\", line 1, in <module>\n")},
		namedLog{"b", []byte("  File \"b.py\", line 2, in f\nValueError: x\n")})
	if res.Events != 2 || res.Groups[0].Message != "Traceback (most recent call last):" {
		t.Errorf("%+v", res.Groups)
	}
}

// TestLongLine: a 5 MiB line is matched in 1 MiB pieces with its own line
// number; what is stored is cut; the lines after it keep their numbers.
func TestLongLine(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("before\n")
	b.WriteString(strings.Repeat("x", 4<<20+12345))
	b.WriteString(" an error at the end of a long line ")
	b.WriteString(strings.Repeat("y", 1<<20))
	b.WriteString("\nafter\nERROR after the long line\n")
	res := run(t, nil, namedLog{"long", b.Bytes()})
	st := res.Inputs[0]
	if st.LongLines != 1 || st.Lines != 4 || st.ErrorLines != 2 || st.Bytes != int64(b.Len()) {
		t.Fatalf("%+v", st)
	}
	if len(res.Groups) != 2 {
		t.Fatalf("%d groups", len(res.Groups))
	}
	g := res.Groups[0]
	if g.First.Line != 2 || len(g.Message) > MaxStoredLine || !strings.HasPrefix(g.Message, "xxx") {
		t.Errorf("%+v", g.First)
	}
	for _, l := range g.Lines {
		if len(l.Text) > MaxStoredLine || l.N == 2 && !l.Cut {
			t.Errorf("line %d: %d bytes, cut %v", l.N, len(l.Text), l.Cut)
		}
	}
	// The context before: the last two pieces of line 2, and line 3.
	if h := res.Groups[1]; h.First.Line != 4 || h.Lines[0].N != 2 || h.Lines[1].N != 2 || !h.Lines[1].Cut || h.Lines[2].N != 3 {
		t.Errorf("%+v", h.Lines)
	}
	if !strings.Contains(textOf(t, res), "long: 1 line longer than 1048576 bytes, matched in pieces.") {
		t.Error(textOf(t, res))
	}

	// Exactly at the limit, and one byte over, with a small limit.
	cfg := mustConfig(t, Options{})
	cfg.maxLine = 16
	exact := run(t, cfg, namedLog{"x", []byte("error 6789012345\nok\n")})
	over := run(t, cfg, namedLog{"x", []byte("error 67890123456\nok\n")})
	if exact.Inputs[0].LongLines != 0 || exact.Lines != 2 || over.Inputs[0].LongLines != 1 || over.Lines != 2 || over.ErrorLines != 1 {
		t.Errorf("exact %+v, over %+v", exact.Inputs[0], over.Inputs[0])
	}
}

// TestInvalidUTF8: bytes that are not UTF-8 are kept in the signature, shown
// as U+FFFD, and never break the JSON.
func TestInvalidUTF8(t *testing.T) {
	data := []byte("ok \xff\n2024-03-14 09:00:00 ERROR bad \xc3\x28 byte \xe2\x82 in \x1b[31mred\x1b[0m \x07 bell\nnext\n")
	res := run(t, nil, namedLog{"bad\xffname", data})
	txt := textOf(t, res)
	if !utf8.ValidString(txt) || strings.ContainsRune(txt, 0x1b) || strings.ContainsRune(txt, 7) {
		t.Errorf("text output not safe: %q", txt)
	}
	if !strings.Contains(txt, `ERROR bad �( byte �� in \x1b[31mred\x1b[0m \x07 bell`) {
		t.Errorf("%s", txt)
	}
	var v map[string]any
	js := jsonOf(t, res)
	if err := json.Unmarshal([]byte(js), &v); err != nil || !utf8.ValidString(js) {
		t.Errorf("json: %v", err)
	}
	if res.Groups[0].Signature != "<ts> ERROR bad \xc3\x28 byte \xe2\x82 in \x1b[<n>mred\x1b[<n>m \x07 bell" {
		t.Errorf("%q", res.Groups[0].Signature)
	}
}

// TestBinary: a binary input is skipped with a note, other inputs are read;
// compressed formats other than gzip say how to read them; a text log that
// starts with the NUL bytes copytruncate leaves is text.
func TestBinary(t *testing.T) {
	bin := make([]byte, 20000)
	for i := range bin {
		bin[i] = byte(i * 7919 >> 3)
	}
	copy(bin[5000:], "error error error\n")
	zst := append([]byte{0x28, 0xb5, 0x2f, 0xfd}, []byte("error\n")...)
	trunc := append(make([]byte, 30000), []byte("2024-03-14 ERROR after truncation\n")...)
	res := run(t, nil, namedLog{"core", bin}, namedLog{"a.zst", zst}, namedLog{"app.log", trunc})
	in := res.Inputs
	if !in[0].Skipped || in[0].Note != "binary: NUL bytes in its first 8 KiB" || in[0].ErrorLines != 0 {
		t.Errorf("binary: %+v", in[0])
	}
	if !in[1].Skipped || !strings.HasPrefix(in[1].Note, "zstd-compressed: decompress it first") {
		t.Errorf("zstd: %+v", in[1])
	}
	if in[2].Skipped || in[2].ErrorLines != 1 || len(res.Groups) != 1 || res.Groups[0].Message != "ERROR after truncation" {
		t.Errorf("copytruncate: %+v %+v", in[2], res.Groups)
	}
	if !strings.Contains(textOf(t, res), "core: skipped, binary: NUL bytes in its first 8 KiB.") {
		t.Error(textOf(t, res))
	}
	// Control bytes without NUL.
	ctl := bytes.Repeat([]byte{1, 2, 3, 'a', 'b', 4, 5}, 100)
	if r := run(t, nil, namedLog{"ctl", ctl}); !r.Inputs[0].Skipped {
		t.Errorf("%+v", r.Inputs[0])
	}
}

// TestCRLF: Windows line endings give the same result as Unix ones.
func TestCRLF(t *testing.T) {
	data := readLog(t, "java")
	crlf := bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
	a := run(t, nil, namedLog{"x", data})
	b := run(t, nil, namedLog{"x", crlf})
	if x, y := jsonOf(t, withoutInputs(a)), jsonOf(t, withoutInputs(b)); x != y {
		t.Error(golden.Diff(x, y))
	}
}

// TestMaxGroups: signatures beyond the table are counted, not kept.
func TestMaxGroups(t *testing.T) {
	var b bytes.Buffer
	for i := 0; i < 50; i++ {
		// 10 distinct messages, each 5 times.
		b.WriteString("ERROR kind-" + string(rune('a'+i%10)) + " failed\n")
	}
	res := run(t, mustConfig(t, Options{MaxGroups: 4}), namedLog{"x", b.Bytes()})
	if len(res.Groups) != 4 || res.Dropped.Signatures != 6 || res.Dropped.Events != 30 || res.Events != 50 {
		t.Errorf("%d groups, dropped %+v", len(res.Groups), res.Dropped)
	}
	if !strings.Contains(textOf(t, res), "6 signatures more not shown (30 events): the first 4 distinct errors are kept.") {
		t.Error(textOf(t, res))
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	pr, pw := io.Pipe()
	defer pw.Close()
	if _, err := Scan(ctx, []Input{{Name: "-", R: pr}}, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Scan: %v", err)
	}
	if _, err := Raw(ctx, []Input{{Name: "-", R: pr}}, Options{}, io.Discard); !errors.Is(err, context.Canceled) {
		t.Errorf("Raw: %v", err)
	}
}

// TestNoErrors: an empty input and a log without errors.
func TestNoErrors(t *testing.T) {
	res := run(t, nil, namedLog{"empty", nil}, namedLog{"quiet", []byte("all good\nstill good")})
	if res.Lines != 2 || len(res.Groups) != 0 || textOf(t, res) != "No error lines in 2 lines (2 inputs).\n" {
		t.Errorf("%q", textOf(t, res))
	}
	if !strings.Contains(jsonOf(t, res), `"groups": [],`) || !strings.Contains(jsonOf(t, res), `"locations": []`) {
		t.Error(jsonOf(t, res))
	}
}

// TestLongTrace: a goroutine dump of thousands of lines is one event; its
// first and last lines are kept and the gap is counted and shown.
func TestLongTrace(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("starting\npanic: boom\n\ngoroutine 1 [running]:\nmain.f()\n\t/src/main.go:10 +0x1\n")
	for i := 2; i < 1000; i++ {
		b.WriteString("\ngoroutine " + strconv.Itoa(i) + " [select]:\nmain.worker()\n\t/src/worker.go:20 +0x2\n")
	}
	b.WriteString("exit status 2\nrestarted\n")
	res := run(t, mustConfig(t, Options{Context: 1}), namedLog{"dump", b.Bytes()})
	g := res.Groups[0]
	total := int64(bytes.Count(b.Bytes(), []byte("\n"))) - 3 // but "starting", "exit status 2", "restarted"
	if len(res.Groups) != 1 || res.Events != 1 || g.Omitted != total-int64(maxHeadLines+maxTailLines) {
		t.Fatalf("%d groups, %d events, omitted %d of %d", len(res.Groups), res.Events, g.Omitted, total)
	}
	if n := len(g.Lines); n != 1+maxHeadLines+maxTailLines+1 || g.Lines[n-2].Text != "\t/src/worker.go:20 +0x2" || g.Lines[n-1].Text != "exit status 2" {
		t.Errorf("%d lines, ends %+v", n, g.Lines[n-2:])
	}
	if len(res.Locations) != 1 || res.Locations[0].File != "/src/main.go" {
		t.Errorf("frames of other goroutines: %+v", res.Locations)
	}
	if !strings.Contains(textOf(t, res), "  (3897 lines not shown)\n") {
		t.Error(textOf(t, res))
	}
}

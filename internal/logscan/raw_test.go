package logscan

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil/golden"
)

// rawReference is grep -n -C n over whole files, written plainly.
func rawReference(ins []namedLog, n int, re *regexp.Regexp) string {
	var b strings.Builder
	printed := false
	for _, in := range ins {
		data := in.data
		if len(data) > 0 && data[len(data)-1] == '\n' {
			data = data[:len(data)-1]
		}
		if len(in.data) == 0 {
			continue
		}
		lines := bytes.Split(data, []byte("\n"))
		show := make([]bool, len(lines))
		match := make([]bool, len(lines))
		for i, l := range lines {
			if re.Match(l) {
				match[i] = true
				for k := max(0, i-n); k <= min(len(lines)-1, i+n); k++ {
					show[k] = true
				}
			}
		}
		last := -2
		for i, l := range lines {
			if !show[i] {
				continue
			}
			if printed && i != last+1 {
				b.WriteString("--\n")
			}
			sep := "-"
			if match[i] {
				sep = ":"
			}
			if len(ins) > 1 {
				b.WriteString(in.name + sep)
			}
			b.WriteString(strconv.Itoa(i+1) + sep)
			b.Write(l)
			b.WriteByte('\n')
			printed, last = true, i
		}
	}
	return b.String()
}

func rawOut(t *testing.T, cfg *config, ins ...namedLog) (string, *Stats) {
	t.Helper()
	inputs := make([]Input, len(ins))
	for i, in := range ins {
		inputs[i] = Input{Name: in.name, R: bytes.NewReader(in.data)}
	}
	var b bytes.Buffer
	st, err := raw(context.Background(), inputs, cfg, &b)
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), st
}

// TestRaw compares Raw with the plain reference: every matching line with
// its context, windows merged, "--" between windows, for several contexts
// and chunk sizes.
func TestRaw(t *testing.T) {
	ins := allLogs(t)
	// A CRLF file and a file without a final newline too.
	ins = append(ins, namedLog{"crlf.log", []byte("a\r\nERROR b\r\nc\r\n")}, namedLog{"nonl.log", []byte("x\ny\nfatal z")})
	for _, n := range []int{0, 1, 3, 10} {
		want := rawReference(ins, n, grepPattern)
		for _, size := range []int{MaxLineBytes, 700, 4096} {
			cfg := mustConfig(t, Options{Context: n})
			cfg.maxLine = size
			got, st := rawOut(t, cfg, ins...)
			if got != want {
				t.Errorf("C=%d, chunks of %d:\n%s", n, size, golden.Diff(want, got))
			}
			var lines, matches int64
			for _, in := range ins {
				l, m := grepCount(in.data)
				lines += l
				matches += m
			}
			if st.Lines != lines || st.ErrorLines != matches {
				t.Errorf("stats %d %d, want %d %d", st.Lines, st.ErrorLines, lines, matches)
			}
		}
		// One input: no names.
		one := ins[:1]
		if got, want := func() string { s, _ := rawOut(t, mustConfig(t, Options{Context: n}), one...); return s }(), rawReference(one, n, grepPattern); got != want {
			t.Errorf("one input, C=%d:\n%s", n, golden.Diff(want, got))
		}
	}
}

// TestRawRandom: random logs with dense and sparse matches.
func TestRawRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"ok", "fine", "error", "FATAL", "panic!", "x", "", "Traceback", "exceptional"}
	for round := 0; round < 30; round++ {
		var b bytes.Buffer
		for i := r.IntN(200); i > 0; i-- {
			for k := r.IntN(4); k > 0; k-- {
				b.WriteString(words[r.IntN(len(words))] + " ")
			}
			b.WriteByte('\n')
		}
		n := r.IntN(5)
		cfg := mustConfig(t, Options{Context: n})
		cfg.maxLine = 64 + r.IntN(100)
		in := namedLog{"r", b.Bytes()}
		got, _ := rawOut(t, cfg, in)
		if want := rawReference([]namedLog{in}, n, grepPattern); got != want {
			t.Fatalf("round %d, C=%d, chunks %d:\n%s", round, n, cfg.maxLine, golden.Diff(want, got))
		}
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, errors.New("broken pipe")
	}
	return len(p), nil
}

func TestRawWriteError(t *testing.T) {
	big := bytes.Repeat([]byte("ERROR something\n"), 100000)
	_, err := Raw(context.Background(), []Input{{Name: "x", R: bytes.NewReader(big)}}, Options{}, &failWriter{n: 1000})
	if err == nil || err.Error() != "broken pipe" {
		t.Errorf("%v", err)
	}
}

// TestPatterns: custom patterns, literal and regular-expression paths, and
// invalid ones.
func TestPatterns(t *testing.T) {
	ins := allLogs(t)
	// The literal fast path and the regexp path agree.
	lit := mustConfig(t, Options{Patterns: []string{"error|exception", "FATAL", "panic", "traceback"}, Context: 2})
	if _, ok := lit.m.(*litMatcher); !ok {
		t.Fatalf("literal patterns got %T", lit.m)
	}
	re := mustConfig(t, Options{Patterns: []string{"(error|exception|fatal|panic|traceback)"}, Context: 2})
	if _, ok := re.m.(*reMatcher); !ok {
		t.Fatalf("regexp pattern got %T", re.m)
	}
	if a, b := jsonOf(t, run(t, lit, ins...)), jsonOf(t, run(t, re, ins...)); a != b {
		t.Error(golden.Diff(a, b))
	}
	// A custom set: only connection problems.
	res := run(t, mustConfig(t, Options{Patterns: []string{`connection (refused|timed out)`, `ECONN\w+`}}), ins...)
	var want int64
	cre := regexp.MustCompile(`(?i)connection (refused|timed out)|ECONN\w+`)
	for _, in := range ins {
		for _, l := range bytes.Split(in.data, []byte("\n")) {
			if cre.Match(l) {
				want++
			}
		}
	}
	if res.ErrorLines != want || want == 0 {
		t.Errorf("%d matching lines, want %d", res.ErrorLines, want)
	}
	// Anchors work per line.
	res = run(t, mustConfig(t, Options{Patterns: []string{`^caused by:`, `timeout\)$`}}), namedLog{"x", []byte("Caused by: x\n  Caused by: y\nwait (timeout)\n(timeout) no\n")})
	if res.ErrorLines != 2 {
		t.Errorf("anchored: %d", res.ErrorLines)
	}
	var pe *PatternError
	if _, err := Scan(context.Background(), nil, Options{Patterns: []string{"error", "(unclosed"}}); !errors.As(err, &pe) || pe.Pattern != "(unclosed" {
		t.Errorf("%v", err)
	}
	if _, err := Raw(context.Background(), nil, Options{Patterns: []string{"a{2,1}"}}, nil); !errors.As(err, &pe) {
		t.Errorf("%v", err)
	}
}

// TestMatcherAgrees: the literal matcher finds exactly the lines the
// equivalent regular expression finds, on random text full of near misses.
func TestMatcherAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pats := []string{"error", "exception", "fatal", "panic", "traceback", "x", "5xx", "a-b"}
	lit := newLitMatcher(pats)
	re := regexp.MustCompile(`(?i)error|exception|fatal|panic|traceback|x|5xx|a-b`)
	alphabet := "errorERRORexcptionfatlpnicTRACEBACKkb5xa-b \n\r\x00é"
	for round := 0; round < 2000; round++ {
		buf := make([]byte, r.IntN(300))
		for i := range buf {
			buf[i] = alphabet[r.IntN(len(alphabet))]
		}
		var want []int32
		start := 0
		for start < len(buf) {
			end := bytes.IndexByte(buf[start:], '\n')
			if end < 0 {
				end = len(buf)
			} else {
				end += start
			}
			if re.Match(buf[start:end]) {
				want = append(want, int32(start))
			}
			start = end + 1
		}
		hits := lit.find(buf, nil)
		var got []int32
		for _, h := range hits {
			got = append(got, h.line)
			line := buf[h.line:]
			if e := bytes.IndexByte(line, '\n'); e >= 0 {
				line = line[:e]
			}
			if loc := re.FindIndex(buf[h.at:]); loc == nil || loc[0] != 0 {
				t.Fatalf("hit at %d is not a match in %q", h.at, line)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%q: lines %v, want %v", buf, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q: lines %v, want %v", buf, got, want)
			}
		}
	}
}

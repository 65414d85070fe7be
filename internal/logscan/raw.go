package logscan

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"strconv"
)

// Raw writes every matching line with Options.Context lines before and
// after it, in input order, as grep -n -C N does: overlapping windows are
// merged so that no line is written twice, and "--" separates windows that
// are not adjacent (and the inputs' windows). Each line is written as
// NUMBER:TEXT when it matched and NUMBER-TEXT when it is context, prefixed
// with NAME: or NAME- when there are several inputs. Lines are written as
// they are in the log, except that a line longer than MaxLineBytes comes
// out as pieces, each on its own line with the line's number, and a context
// line longer than 64 KiB that falls just before a read boundary (every
// MiB or so) is cut to 64 KiB. There is no
// grouping and no trace handling: this is the seed's
// "grep -C 3 error | nl | sort -u | sort -n", done right.
//
// Raw returns the counts; it fails on an invalid pattern (*PatternError),
// when ctx is done, or when w fails.
func Raw(ctx context.Context, inputs []Input, opts Options, w io.Writer) (*Stats, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return raw(ctx, inputs, cfg, w)
}

func raw(ctx context.Context, inputs []Input, cfg *config, w io.Writer) (*Stats, error) {
	p := newPipeline(cfg)
	defer p.stop()
	rw := &rawWriter{cfg: cfg, bw: bufio.NewWriterSize(w, 256<<10), multi: len(inputs) > 1}
	st := &Stats{Inputs: []InputStats{}}
	for _, in := range inputs {
		is := InputStats{Name: in.Name}
		rw.name, rw.lineNo, rw.last, rw.after = in.Name, 1, 0, 0
		rw.hist.reset(cfg.context, rawCarryLine)
		partial, err := readInput(ctx, p, in, &is, rw.chunk)
		if err != nil {
			return nil, err
		}
		if rw.err != nil {
			return nil, rw.err
		}
		is.Lines = rw.lineNo - 1
		if partial {
			is.Lines++
		}
		st.addInput(is)
	}
	if err := rw.bw.Flush(); err != nil {
		return nil, err
	}
	return st, nil
}

// rawCarryLine bounds the copies of context lines kept across chunks.
const rawCarryLine = 64 << 10

type rawWriter struct {
	cfg     *config
	bw      *bufio.Writer
	multi   bool
	name    string
	lineNo  int64
	last    int64 // the last line written in this input, 0 if none
	printed bool  // something was written (a later window needs "--")
	after   int
	hist    history
	tmp     []ctxLine
	err     error
}

func (rw *rawWriter) chunk(c *chunk) {
	if rw.err != nil {
		return
	}
	data, hits := c.data, c.hits
	pos, hi := 0, 0
	for pos < len(data) {
		if rw.after == 0 {
			if hi == len(hits) {
				rw.lineNo += int64(bytes.Count(data[pos:], newline))
				break
			}
			h := int(hits[hi].line)
			rw.lineNo += int64(bytes.Count(data[pos:h], newline))
			pos = h
		}
		end, next, nl := len(data), len(data), false
		if e := bytes.IndexByte(data[pos:], '\n'); e >= 0 {
			end, next, nl = pos+e, pos+e+1, true
		}
		if hi < len(hits) && int(hits[hi].line) == pos {
			hi++
			want := int64(rw.cfg.context)
			if rw.last > 0 {
				want = min(want, rw.lineNo-1-rw.last)
			}
			rw.tmp = rw.hist.before(rw.tmp[:0], data, pos, rw.lineNo, int(max(want, 0)))
			first := rw.lineNo
			if len(rw.tmp) > 0 {
				first = rw.tmp[0].n
			}
			if rw.printed && (rw.last == 0 || first > rw.last+1) {
				rw.bw.WriteString("--\n")
			}
			for _, l := range rw.tmp {
				rw.write(l.n, '-', l.text)
			}
			rw.write(rw.lineNo, ':', data[pos:end])
			rw.after = rw.cfg.context
		} else {
			rw.write(rw.lineNo, '-', data[pos:end])
			rw.after--
		}
		pos = next
		if nl {
			rw.lineNo++
		}
	}
	last := rw.lineNo
	if data[len(data)-1] == '\n' {
		last--
	}
	rw.hist.update(data, last)
	if rw.bw.Buffered() > 128<<10 {
		rw.err = rw.bw.Flush()
	}
}

func (rw *rawWriter) write(n int64, sep byte, text []byte) {
	if rw.multi {
		rw.bw.WriteString(rw.name)
		rw.bw.WriteByte(sep)
	}
	var num [20]byte
	rw.bw.Write(strconv.AppendInt(num[:0], n, 10))
	rw.bw.WriteByte(sep)
	rw.bw.Write(text)
	rw.bw.WriteByte('\n')
	rw.last, rw.printed = n, true
}

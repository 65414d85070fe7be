package logscan

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
)

// A chunk is a run of whole lines read from one input, with its matching
// lines found by a worker.
type chunk struct {
	buf   []byte // the pooled buffer (maxLine+1 bytes)
	data  []byte // buf[:n]: lines separated by '\n'; the last lacks it when cut or at EOF
	cut   bool   // the last line goes on in the next chunk (a line longer than maxLine)
	eof   bool   // the last chunk of the input
	err   error  // read error after data
	bin   string // the input looks binary (why); data is empty
	hits  []hit
	done  chan struct{} // closed when hits is ready
	first bool
	gzip  bool // the input is gzip-compressed
}

// pipeline reads inputs in large chunks on one goroutine, finds the matching
// lines of each chunk on worker goroutines (the search is most of the work
// and chunks are independent), and hands the chunks back in order.
type pipeline struct {
	cfg  *config
	free chan *chunk
	work chan *chunk
	quit chan struct{}
}

func newPipeline(cfg *config) *pipeline {
	workers := max(cfg.workers, 1)
	n := workers + 3
	p := &pipeline{
		cfg:  cfg,
		free: make(chan *chunk, n),
		work: make(chan *chunk, n),
		quit: make(chan struct{}),
	}
	for i := 0; i < n; i++ {
		p.free <- &chunk{buf: make([]byte, cfg.maxLine+1)}
	}
	for i := 0; i < workers; i++ {
		go p.worker()
	}
	return p
}

func (p *pipeline) worker() {
	for {
		select {
		case c := <-p.work:
			c.hits = p.cfg.m.find(c.data, c.hits[:0])
			close(c.done)
		case <-p.quit:
			return
		}
	}
}

// stop ends the workers and any reader still running.
func (p *pipeline) stop() { close(p.quit) }

// release returns a chunk's buffer to the pool.
func (p *pipeline) release(c *chunk) { p.free <- c }

// read opens and reads r on a new goroutine (nothing blocks the caller on
// r) and returns its chunks in order. The receiver must wait for each
// chunk's done, then release it.
func (p *pipeline) read(r io.Reader) <-chan *chunk {
	out := make(chan *chunk, len(p.free))
	go p.reader(r, out)
	return out
}

func (p *pipeline) get() *chunk {
	select {
	case c := <-p.free:
		return c
	case <-p.quit:
		return nil
	}
}

func (p *pipeline) send(out chan<- *chunk, c *chunk) bool {
	c.done = make(chan struct{})
	if len(c.data) == 0 {
		close(c.done)
		c.hits = c.hits[:0]
	} else {
		select {
		case p.work <- c:
		case <-p.quit:
			return false
		}
	}
	select {
	case out <- c:
		return true
	case <-p.quit:
		return false
	}
}

func (p *pipeline) reader(in io.Reader, out chan<- *chunk) {
	defer close(out)
	cur := p.get()
	if cur == nil {
		return
	}
	r, gz, err := openInput(in)
	if err != nil {
		cur.data, cur.first, cur.gzip, cur.err, cur.eof, cur.cut, cur.bin = nil, true, gz, err, true, false, ""
		p.send(out, cur)
		return
	}
	maxLine := p.cfg.maxLine
	n := 0
	first, leadingNUL := true, true
	zero := 0
	for cur != nil {
		var rerr error
		eof := false
		for n < len(cur.buf) {
			m, err := r.Read(cur.buf[n:])
			n += m
			if leadingNUL && m > 0 {
				// copytruncate rotation can leave the file starting
				// with NUL bytes: they are not text.
				k := n - m
				for k < n && cur.buf[k] == 0 {
					k++
				}
				if k > n-m {
					copy(cur.buf[n-m:], cur.buf[k:n])
					n -= k - (n - m)
				}
				leadingNUL = n == 0
			}
			if err != nil {
				if err != io.EOF {
					rerr = err
				}
				eof = true
				break
			}
			if m == 0 {
				if zero++; zero > 100 {
					rerr, eof = io.ErrNoProgress, true
					break
				}
			}
		}
		data := cur.buf[:n]
		cur.first, cur.gzip, cur.err, cur.eof, cur.cut, cur.bin = first, gz, rerr, eof, false, ""
		if first {
			if why := sniffBinary(data); why != "" {
				cur.data, cur.bin, cur.eof = nil, why, true
				p.send(out, cur)
				return
			}
		}
		var next *chunk
		rest := 0
		if !eof {
			if k := bytes.LastIndexByte(data, '\n'); k >= 0 {
				rest = len(data) - (k + 1)
				data = data[:k+1]
			} else {
				// No newline in maxLine+1 bytes: cut the line.
				rest = len(data) - maxLine
				data = data[:maxLine]
				cur.cut = true
			}
			if next = p.get(); next == nil {
				return
			}
			copy(next.buf, cur.buf[len(data):len(data)+rest])
		}
		cur.data = data
		if !p.send(out, cur) || eof {
			return
		}
		cur, n, first = next, rest, false
	}
}

// sniffBinary says why data (an input's first bytes, after any leading NUL
// bytes) is not text, or "".
func sniffBinary(data []byte) string {
	for _, m := range []struct{ magic, why string }{
		{"\x28\xb5\x2f\xfd", "zstd-compressed: decompress it first (zstd -dc FILE | ... -)"},
		{"BZh", "bzip2-compressed: decompress it first (bzip2 -dc FILE | ... -)"},
		{"\xfd7zXZ\x00", "xz-compressed: decompress it first (xz -dc FILE | ... -)"},
		{"PK\x03\x04", "a zip archive: extract it first"},
		{"LPKSHHRH", "a systemd journal file: read it with journalctl (journalctl --file FILE | ... -)"},
		{"\xff\xfe", "UTF-16 text: convert it first (iconv -f UTF-16 -t UTF-8 FILE | ... -)"},
		{"\xfe\xff", "UTF-16 text: convert it first (iconv -f UTF-16 -t UTF-8 FILE | ... -)"},
	} {
		if bytes.HasPrefix(data, []byte(m.magic)) {
			return m.why
		}
	}
	if len(data) > 8192 {
		data = data[:8192]
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "binary: NUL bytes in its first 8 KiB"
	}
	ctl := 0
	for _, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b && c != '\b' || c == 0x7f {
			ctl++
		}
	}
	if len(data) >= 32 && ctl*10 > len(data) {
		return "binary: control bytes in its first 8 KiB"
	}
	return ""
}

// openInput detects gzip by its magic bytes and returns the reader of the
// log's text.
func openInput(r io.Reader) (io.Reader, bool, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, true, err
		}
		return zr, true, nil
	}
	return br, false, nil
}

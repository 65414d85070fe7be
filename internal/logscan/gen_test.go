package logscan

import (
	"bufio"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"
)

// genOptions describes a generated log: a web application's log in Python
// logging format with access lines, database and queue chatter, and, every
// ErrEvery events on average, an error event (a one-line ERROR, a Python
// traceback, a Java stack trace with Caused by, a Go panic or a Node error).
type genOptions struct {
	Size     int64 // stop after this many bytes (at an event boundary)
	ErrEvery int   // one event in ErrEvery is an error
	Seed     uint64
	// Distinct, when > 0, makes every error event a new signature (a
	// distinct word in place of the operation name), to stress the table.
	Distinct bool
}

// genStats says what writeLog wrote.
type genStats struct {
	Bytes, Lines, Events, Errors int64
}

type logGen struct {
	r     *rand.Rand
	w     *bufio.Writer
	buf   []byte
	t     time.Time
	st    genStats
	o     genOptions
	seq   int64
	words []string
}

// writeLog writes a realistic log of about o.Size bytes to w.
func writeLog(w io.Writer, o genOptions) (genStats, error) {
	g := &logGen{
		r:     rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)),
		w:     bufio.NewWriterSize(w, 1<<20),
		t:     time.Date(2024, 3, 14, 9, 0, 0, 0, time.UTC),
		o:     o,
		words: []string{"orders", "payments", "users", "carts", "invoices", "shipments", "coupons", "reviews"},
	}
	if o.ErrEvery <= 0 {
		o.ErrEvery = 200
		g.o = o
	}
	for g.st.Bytes < o.Size {
		g.st.Events++
		if g.r.IntN(g.o.ErrEvery) == 0 {
			g.st.Errors++
			g.errorEvent()
		} else {
			g.normalEvent()
		}
	}
	return g.st, g.w.Flush()
}

func (g *logGen) line() {
	g.buf = append(g.buf, '\n')
	g.w.Write(g.buf)
	g.st.Bytes += int64(len(g.buf))
	g.st.Lines++
	g.buf = g.buf[:0]
}

func (g *logGen) ts(level, thread, logger string) {
	g.t = g.t.Add(time.Duration(g.r.IntN(40)) * time.Millisecond)
	g.buf = g.t.AppendFormat(g.buf, "2006-01-02 15:04:05")
	g.buf = append(g.buf, ',')
	ms := g.t.Nanosecond() / 1e6
	g.buf = append(g.buf, byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10))
	g.buf = append(g.buf, ' ')
	g.buf = append(g.buf, level...)
	g.buf = append(g.buf, " ["...)
	if thread == "" {
		g.buf = append(g.buf, "worker-"...)
		g.buf = strconv.AppendInt(g.buf, int64(g.r.IntN(16)), 10)
	} else {
		g.buf = append(g.buf, thread...)
	}
	g.buf = append(g.buf, "] "...)
	g.buf = append(g.buf, logger...)
	g.buf = append(g.buf, ": "...)
}

func (g *logGen) s(s string) { g.buf = append(g.buf, s...) }
func (g *logGen) n(max int)  { g.buf = strconv.AppendInt(g.buf, int64(g.r.IntN(max)), 10) }
func (g *logGen) hex(digits int) {
	const h = "0123456789abcdef"
	for i := 0; i < digits; i++ {
		g.buf = append(g.buf, h[g.r.IntN(16)])
	}
}
func (g *logGen) uuid() {
	g.hex(8)
	g.s("-")
	g.hex(4)
	g.s("-4")
	g.hex(3)
	g.s("-a")
	g.hex(3)
	g.s("-")
	g.hex(12)
}
func (g *logGen) word() { g.s(g.words[g.r.IntN(len(g.words))]) }

func (g *logGen) normalEvent() {
	switch g.r.IntN(10) {
	case 0, 1, 2:
		g.ts("INFO", "", "app.http")
		g.s("GET /api/")
		g.word()
		g.s("/")
		g.n(100000)
		g.s(" 200 ")
		g.n(400)
		g.s(".")
		g.n(10)
		g.s("ms user=")
		g.n(50000)
		g.s(" req=")
		g.hex(8)
	case 3:
		g.ts("DEBUG", "", "app.db")
		g.s("SELECT id, status, total FROM ")
		g.word()
		g.s(" WHERE customer_id = $1 took ")
		g.n(80)
		g.s("ms rows=")
		g.n(200)
	case 4:
		g.ts("INFO", "", "app.cache")
		g.s("cache stats hit_ratio=0.")
		g.n(100)
		g.s(" keys=")
		g.n(1000000)
		g.s(" evicted=")
		g.n(500)
	case 5:
		g.ts("WARNING", "", "app.http")
		g.s("slow request POST /api/checkout took ")
		g.n(9000)
		g.s("ms user=")
		g.n(50000)
		g.s(" remote=10.")
		g.n(256)
		g.s(".")
		g.n(256)
		g.s(".")
		g.n(256)
	case 6:
		g.ts("INFO", "scheduler", "app.jobs")
		g.s("job ")
		g.uuid()
		g.s(" (sync-")
		g.word()
		g.s(") completed in ")
		g.n(60)
		g.s(".")
		g.n(100)
		g.s("s")
	case 7:
		g.ts("INFO", "", "app.http")
		g.s("10.0.")
		g.n(256)
		g.s(".")
		g.n(256)
		g.s(` - - "GET /static/app.`)
		g.hex(10)
		g.s(`.js HTTP/1.1" 304 0 "https://shop.example.com/cart" "Mozilla/5.0 (X11; Linux x86_64)"`)
	case 8:
		g.ts("DEBUG", "", "app.auth")
		g.s("token refreshed for session ")
		g.hex(32)
		g.s(" expires_in=3600 scopes=read,write")
	default:
		g.ts("INFO", "consumer-1", "app.queue")
		g.s("consumed message id=")
		g.n(1 << 30)
		g.s(" topic=")
		g.word()
		g.s(".created partition=")
		g.n(12)
		g.s(" offset=")
		g.n(1 << 40)
		g.s(" lag=")
		g.n(50)
	}
	g.line()
}

func (g *logGen) errorEvent() {
	g.seq++
	op := "charge"
	if g.o.Distinct {
		// A new word each time: digits would be masked, so spell the
		// sequence number in letters.
		op = "op" + letters(g.seq)
	}
	switch g.r.IntN(9) {
	case 0, 1:
		g.ts("ERROR", "", "app.payments")
		g.s(op)
		g.s(" failed for order ")
		g.n(1000000)
		g.s(": card_declined (code=")
		g.n(60)
		g.s(") customer=")
		g.uuid()
		g.line()
	case 2:
		g.ts("ERROR", "", "app.db")
		g.s("connection to 10.0.")
		g.n(4)
		g.s(".")
		g.n(256)
		g.s(":5432 failed: timeout after 5000ms (attempt ")
		g.n(5)
		g.s(")")
		g.line()
	case 3:
		g.ts("ERROR", "", "app")
		g.s("Exception on /your-url [POST]")
		g.line()
		for _, l := range pythonTrace {
			g.s(l)
			g.line()
		}
	case 4:
		g.ts("ERROR", "", "app.orders")
		g.s("unhandled exception while processing order ")
		g.n(1000000)
		g.line()
		for _, l := range javaTrace {
			g.s(l)
			g.line()
		}
	case 5:
		g.s("panic: runtime error: invalid memory address or nil pointer dereference")
		g.line()
		for _, l := range goTrace {
			g.s(l)
			g.line()
		}
	case 6:
		g.s("TypeError: Cannot read properties of undefined (reading 'id')")
		g.line()
		for _, l := range nodeTrace {
			g.s(l)
			g.line()
		}
	case 7:
		g.ts("CRITICAL", "main", "app")
		g.s("fatal: out of memory allocating ")
		g.n(1 << 30)
		g.s(" bytes for ")
		g.s(op)
		g.line()
	default:
		g.ts("ERROR", "", "app.http")
		g.s("upstream returned 502 for ")
		g.s(op)
		g.s(" request ")
		g.uuid()
		g.s(` after 30.0s: "Bad Gateway"`)
		g.line()
	}
}

func letters(n int64) string {
	var b []byte
	for n > 0 {
		b = append(b, byte('a'+n%26))
		n /= 26
	}
	return string(b)
}

var pythonTrace = []string{
	"Traceback (most recent call last):",
	`  File "/var/app/venv/lib/python3.8/site-packages/flask/app.py", line 2447, in wsgi_app`,
	"    response = self.full_dispatch_request()",
	`  File "/var/app/venv/lib/python3.8/site-packages/flask/app.py", line 1952, in full_dispatch_request`,
	"    rv = self.handle_user_exception(e)",
	`  File "/var/app/venv/lib/python3.8/site-packages/flask/app.py", line 1950, in full_dispatch_request`,
	"    rv = self.dispatch_request()",
	`  File "/var/app/current/application.py", line 31, in your_url`,
	"    urls = json.loads(urls_file)",
	`  File "/usr/lib64/python3.8/json/__init__.py", line 341, in loads`,
	`    raise TypeError(f'the JSON object must be str, bytes or bytearray, '`,
	"TypeError: the JSON object must be str, bytes or bytearray, not TextIOWrapper",
}

var javaTrace = []string{
	"java.lang.IllegalStateException: order 42 has no lines",
	"\tat com.example.shop.OrderService.total(OrderService.java:87)",
	"\tat com.example.shop.OrderService.checkout(OrderService.java:52)",
	"\tat com.example.shop.web.CheckoutController.post(CheckoutController.java:31)",
	"\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
	"\tat java.base/java.lang.Thread.run(Thread.java:833)",
	"Caused by: java.lang.NullPointerException: Cannot invoke \"java.util.List.size()\" because \"lines\" is null",
	"\tat com.example.shop.Order.lineCount(Order.java:19)",
	"\tat com.example.shop.OrderService.total(OrderService.java:85)",
	"\t... 4 more",
}

var goTrace = []string{
	"[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x4a2f3c]",
	"",
	"goroutine 17 [running]:",
	"github.com/example/shop/internal/cart.(*Cart).Total(0x0)",
	"\t/src/internal/cart/cart.go:58 +0x1c",
	"github.com/example/shop/internal/api.(*Server).checkout(0xc000126000, {0x7f1e2c, 0xc0001a2000}, 0xc000180100)",
	"\t/src/internal/api/checkout.go:112 +0x9a",
	"net/http.HandlerFunc.ServeHTTP(0xc000012345, {0x7f1e2c, 0xc0001a2000}, 0xc000180100)",
	"\t/usr/local/go/src/net/http/server.go:2166 +0x29",
	"created by net/http.(*Server).Serve in goroutine 1",
	"\t/usr/local/go/src/net/http/server.go:3285 +0x4b4",
}

var nodeTrace = []string{
	"    at renderCart (/srv/app/src/cart.js:41:23)",
	"    at Layer.handle [as handle_request] (/srv/app/node_modules/express/lib/router/layer.js:95:5)",
	"    at next (/srv/app/node_modules/express/lib/router/route.js:144:13)",
	"    at /srv/app/src/server.js:88:5",
}

// TestWriteBenchLog writes a generated log for side-by-side measurements when
// HOTFIX_BENCH_LOG_OUT names the file; HOTFIX_BENCH_LOG_GB (default 1) sets
// its size and HOTFIX_BENCH_ERR_EVERY (default 200) the error density.
// HOTFIX_BENCH_DISTINCT=N writes distinctLog's N distinct errors instead.
//
//	HOTFIX_BENCH_LOG_OUT=/tmp/e200.log go test ./internal/logscan -run TestWriteBenchLog
func TestWriteBenchLog(t *testing.T) {
	out := os.Getenv("HOTFIX_BENCH_LOG_OUT")
	if out == "" {
		t.Skip("set HOTFIX_BENCH_LOG_OUT to write a generated log")
	}
	gb := envFloat("HOTFIX_BENCH_LOG_GB", 1)
	every := int(envFloat("HOTFIX_BENCH_ERR_EVERY", 200))
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	if n := int(envFloat("HOTFIX_BENCH_DISTINCT", 0)); n > 0 {
		if err := distinctLog(f, n); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		return
	}
	st, err := writeLog(f, genOptions{Size: int64(gb * (1 << 30)), ErrEvery: every, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d bytes, %d lines, %d events, %d errors", out, st.Bytes, st.Lines, st.Events, st.Errors)
}

func envFloat(name string, def float64) float64 {
	if v := os.Getenv(name); v != "" {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 {
			return f
		}
	}
	return def
}

package logscan

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/testutil/golden"
)

// families are the logs in testdata, one per log family.
var families = []string{"python_beanstalk", "go", "java", "node", "nginx_access", "nginx_error", "journal"}

func readLog(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".log"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// run scans in-memory logs with cfg (nil: Context 3 and the defaults).
func run(t testing.TB, cfg *config, ins ...namedLog) *Result {
	t.Helper()
	if cfg == nil {
		cfg = mustConfig(t, Options{Context: 3})
	}
	inputs := make([]Input, len(ins))
	for i, in := range ins {
		inputs[i] = Input{Name: in.name, R: bytes.NewReader(in.data)}
	}
	res, err := scan(context.Background(), inputs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

type namedLog struct {
	name string
	data []byte
}

func mustConfig(t testing.TB, o Options) *config {
	t.Helper()
	cfg, err := newConfig(o)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func jsonOf(t testing.TB, r *Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func textOf(t testing.TB, r *Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "golden", name), got)
}

// TestGolden checks the text and JSON output for each log family, and the
// raw output for the seed's log.
func TestGolden(t *testing.T) {
	for _, f := range families {
		t.Run(f, func(t *testing.T) {
			res := run(t, nil, namedLog{f + ".log", readLog(t, f)})
			checkGolden(t, f+".txt", textOf(t, res))
			checkGolden(t, f+".json", jsonOf(t, res))
		})
	}
	t.Run("raw", func(t *testing.T) {
		var b bytes.Buffer
		cfg := mustConfig(t, Options{Context: 3})
		if _, err := raw(context.Background(), []Input{{Name: "python_beanstalk.log", R: bytes.NewReader(readLog(t, "python_beanstalk"))}}, cfg, &b); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "python_beanstalk.raw.txt", b.String())
	})
}

var grepPattern = regexp.MustCompile(`(?i)error|exception|fatal|panic|traceback`)

// grepCount is grep -ci with the default patterns, and wc -l (a last line
// without a newline counts).
func grepCount(data []byte) (lines, matches int64) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		lines++
		if grepPattern.Match(sc.Bytes()) {
			matches++
		}
	}
	return lines, matches
}

// TestCountsLikeGrep: the matching lines are grep -ci's, and the events and
// group counts add up.
func TestCountsLikeGrep(t *testing.T) {
	for _, f := range families {
		data := readLog(t, f)
		res := run(t, nil, namedLog{f, data})
		lines, matches := grepCount(data)
		if res.Lines != lines || res.ErrorLines != matches {
			t.Errorf("%s: lines %d, error lines %d; grep says %d, %d", f, res.Lines, res.ErrorLines, lines, matches)
		}
		var sum int64
		for _, g := range res.Groups {
			sum += g.Count
		}
		if sum != res.Events || res.Dropped.Events != 0 {
			t.Errorf("%s: group counts add to %d, events %d", f, sum, res.Events)
		}
	}
}

func findGroup(t *testing.T, r *Result, msgPrefix string) *Group {
	t.Helper()
	for _, g := range r.Groups {
		if strings.HasPrefix(g.Message, msgPrefix) {
			return g
		}
	}
	var msgs []string
	for _, g := range r.Groups {
		msgs = append(msgs, g.Message)
	}
	t.Fatalf("no group %q in:\n%s", msgPrefix, strings.Join(msgs, "\n"))
	return nil
}

func hasLocation(r *Result, file string, line int, sym string) *Location {
	for i, l := range r.Locations {
		if l.File == file && l.Line == line && l.Symbol == sym {
			return &r.Locations[i]
		}
	}
	return nil
}

// TestSeed is the investigation of seed 003: the Beanstalk log's
// json.loads TypeError, from application.py, is one error seen three
// times, its traceback attached, and application.py:13 is a location.
func TestSeed(t *testing.T) {
	res := run(t, nil, namedLog{"web.stdout.log", readLog(t, "python_beanstalk")})
	if len(res.Groups) != 4 || res.Events != 8 {
		t.Fatalf("%d groups, %d events", len(res.Groups), res.Events)
	}
	g := res.Groups[0]
	if g.Message != "TypeError: the JSON object must be str, bytes or bytearray, not TextIOWrapper" ||
		g.Kind != "python" || g.Exception != "TypeError" || g.Count != 3 {
		t.Errorf("group 0: %q %q %q ×%d", g.Message, g.Kind, g.Exception, g.Count)
	}
	if g.First != (Occurrence{Input: "web.stdout.log", Line: 7, TS: "Sep 22 21:25:16"}) ||
		g.Last != (Occurrence{Input: "web.stdout.log", Line: 71, TS: "Sep 22 21:26:11"}) {
		t.Errorf("first %+v last %+v", g.First, g.Last)
	}
	wantSig := "python | [<ts>] ERROR in app: Exception on /your-url [POST] | TypeError" +
		" | /usr/lib<n>/python<n>/json/__init__.py:loads | /var/app/current/application.py:your_url"
	if g.Signature != wantSig {
		t.Errorf("signature\n got %s\nwant %s", g.Signature, wantSig)
	}
	// Lines: 3 before, the error line and its 14-line traceback, 3 after.
	if len(g.Lines) != 3+15+3 || g.Lines[3].N != 7 || g.Lines[3].Role != RoleError ||
		g.Lines[17].N != 21 || g.Lines[17].Role != RoleError || g.Lines[15].Role != RoleTrace || g.Lines[18].Role != RoleAfter {
		t.Errorf("lines: %+v", g.Lines)
	}
	if l := hasLocation(res, "/var/app/current/application.py", 13, "your_url"); l == nil || l.Count != 3 {
		t.Errorf("application.py:13 your_url: %+v in %+v", l, res.Locations)
	}
	if len(g.Frames) != 6 || g.Frames[4] != (Location{File: "/var/app/current/application.py", Line: 13, Symbol: "your_url"}) {
		t.Errorf("frames %+v", g.Frames)
	}
	// The same error from another place is another group.
	k := findGroup(t, res, "KeyError: ")
	if k.Count != 2 || !strings.HasSuffix(k.Signature, "| KeyError | /var/app/current/application.py:redirect_to_url | /var/app/venv/staging-LQM<n>lest/lib/python<n>/site-packages/flask/app.py:full_dispatch_request") {
		t.Errorf("KeyError: ×%d %s", k.Count, k.Signature)
	}
	// A chained exception is one event, its message the last exception.
	c := findGroup(t, res, "jinja2.exceptions.TemplateNotFound: 500.html")
	if c.Exception != "jinja2.exceptions.TemplateNotFound" || c.Lines[len(c.Lines)-4].N != 69 {
		t.Errorf("chained: %+v", c)
	}
	if !strings.Contains(c.Signature, "errors.py:render_error | /var/app/current/application.py:stats") {
		t.Errorf("chained signature %s", c.Signature)
	}
	db := findGroup(t, res, "ERROR:app.db:lost connection")
	if db.Count != 2 || db.Signature != "ERROR:app.db:lost connection to <ip>:<n> after <n> retries" {
		t.Errorf("db: ×%d %s", db.Count, db.Signature)
	}
}

// TestFamilies checks each family's trace handling.
func TestFamilies(t *testing.T) {
	t.Run("go", func(t *testing.T) {
		res := run(t, nil, namedLog{"go.log", readLog(t, "go")})
		p := findGroup(t, res, "panic: runtime error: invalid memory address")
		if p.Kind != "go" || p.Exception != "runtime error: invalid memory address or nil pointer dereference" {
			t.Errorf("%q %q", p.Kind, p.Exception)
		}
		// The whole dump (three goroutines) is one event; frames come from the first.
		if last := p.Lines[len(p.Lines)-4]; last.N != 46 || p.Lines[len(p.Lines)-3].Text != "exit status 2" {
			t.Errorf("dump ends at %+v", last)
		}
		if !strings.HasSuffix(p.Signature, "| /src/internal/inventory/store.go:github.com/example/shop/internal/inventory.(*Store).Reserve | /src/internal/api/checkout.go:github.com/example/shop/internal/api.(*Server).checkout") {
			t.Errorf("signature %s", p.Signature)
		}
		if hasLocation(res, "/src/cmd/shopd/main.go", 39, "main.main") != nil {
			t.Error("a frame of another goroutine is a location")
		}
		// net/http's panic log: the frames above panic() are the recovery.
		h := findGroup(t, res, "http: panic serving")
		if h.Kind != "go" || !strings.HasSuffix(h.Signature, "| /src/internal/cart/cart.go:github.com/example/shop/internal/cart.(*Cart).Item | /src/internal/api/cart.go:github.com/example/shop/internal/api.(*Server).cartItem") {
			t.Errorf("http panic: %s", h.Signature)
		}
		d := findGroup(t, res, "fatal error: all goroutines are asleep")
		if d.Kind != "go" || hasLocation(res, "/src/cmd/migrate/main.go", 27, "main.main") == nil {
			t.Errorf("deadlock: %+v", d)
		}
		r := findGroup(t, res, "panic: close of closed channel [recovered]")
		if r.Exception != "close of closed channel" || !strings.HasSuffix(r.Signature, "| /src/internal/worker/pool.go:github.com/example/shop/internal/worker.(*Pool).Stop | /src/cmd/shopd/main.go:main.main") {
			t.Errorf("recovered: %q %s", r.Exception, r.Signature)
		}
		// log.Printf lines group with their numbers masked; Lshortfile's
		// file:line stays in the signature.
		if g := findGroup(t, res, "error: fetch order 1841"); g.Count != 2 {
			t.Errorf("fetch order ×%d", g.Count)
		}
		if g := findGroup(t, res, "payments.go:88: stripe error"); g.Count != 2 || !strings.Contains(g.Signature, "(request req_<id>)") {
			t.Errorf("charge ×%d %s", g.Count, g.Signature)
		}
		// A JSON line (zap) is read by its fields; its caller is a location.
		if g := findGroup(t, res, `checkout failed: dial tcp 10.0.3.17:5432`); g.Count != 2 ||
			g.Signature != `checkout failed: dial tcp <ip>:<n>: connect: connection refused` ||
			len(g.Frames) != 1 || g.Frames[0].File != "api/checkout.go" || g.Frames[0].Line != 74 {
			t.Errorf("zap ×%d %s %+v", g.Count, g.Signature, g.Frames)
		}
	})
	t.Run("java", func(t *testing.T) {
		res := run(t, nil, namedLog{"java.log", readLog(t, "java")})
		npe := findGroup(t, res, "java.lang.NullPointerException: Cannot invoke")
		if npe.Kind != "java" || npe.Exception != "java.lang.NullPointerException" || npe.Lines[len(npe.Lines)-4].N != 13 {
			t.Errorf("npe %+v", npe)
		}
		if !strings.HasSuffix(npe.Signature, "| com/example/shop/tax/TaxCalculator.java:com.example.shop.tax.TaxCalculator.rateFor | com/example/shop/tax/TaxCalculator.java:com.example.shop.tax.TaxCalculator.apply") {
			t.Errorf("npe signature %s", npe.Signature)
		}
		// Caused by, "... N common frames omitted" and an indented Detail line stay attached.
		var dive []*Group
		for _, g := range res.Groups {
			if strings.HasPrefix(g.Message, "org.springframework.dao.DataIntegrityViolationException") {
				dive = append(dive, g)
			}
		}
		if len(dive) != 2 || dive[0].Count != 2 || dive[1].Count != 1 {
			t.Fatalf("the same exception from two places should be two groups: %+v", dive)
		}
		if end := dive[0].Lines[len(dive[0].Lines)-4]; end.N != 26 || end.Text != "\t... 30 common frames omitted" {
			t.Errorf("caused-by chain ends at %+v", end)
		}
		th := findGroup(t, res, `Exception in thread "inventory-sync"`)
		if th.Exception != "java.lang.IllegalStateException" || th.Lines[len(th.Lines)-4].N != 45 {
			t.Errorf("thread: %q %+v", th.Exception, th.Lines)
		}
		if l := hasLocation(res, "com/example/shop/inventory/Feed.java", 30, "com.example.shop.inventory.Feed.close"); l == nil {
			t.Error("suppressed frame missing")
		}
		nf := findGroup(t, res, "ERROR 4242 --- [nio-8080-exec-6]")
		if nf.Count != 2 || nf.Exception != "java.lang.NumberFormatException" {
			t.Errorf("NumberFormatException: ×%d %q %s", nf.Count, nf.Exception, nf.Signature)
		}
	})
	t.Run("node", func(t *testing.T) {
		res := run(t, nil, namedLog{"node.log", readLog(t, "node")})
		te := findGroup(t, res, "TypeError: Cannot read properties of undefined")
		if te.Count != 2 || te.Kind != "javascript" || te.Exception != "TypeError" ||
			!strings.HasSuffix(te.Signature, "| /srv/shop/src/cart/total.js:lineTotal | Array.map") {
			t.Errorf("%d %q %q %s", te.Count, te.Kind, te.Exception, te.Signature)
		}
		ec := findGroup(t, res, "Error: connect ECONNREFUSED")
		if ec.Lines[len(ec.Lines)-4].Text != "}" {
			t.Errorf("the error's properties should be attached: %+v", ec.Lines)
		}
		un := findGroup(t, res, "TypeError: Cannot read properties of null")
		if un.Lines[0].Text != "    const total = order.items.reduce((sum, i) => sum + i.price, 0);" || un.Lines[3].N != 31 {
			t.Errorf("the source excerpt is the context before: %+v", un.Lines)
		}
		if l := hasLocation(res, "/srv/shop/src/middleware/auth.js", 19, ""); l == nil {
			t.Error("anonymous frame missing")
		}
		if !strings.HasSuffix(un.Signature, "| /srv/shop/src/routes/checkout.js:checkout | /srv/shop/node_modules/express/lib/router/layer.js:Layer.handle") {
			t.Errorf("uncaught: %s", un.Signature)
		}
	})
	t.Run("nginx", func(t *testing.T) {
		res := run(t, nil, namedLog{"error.log", readLog(t, "nginx_error")})
		c := findGroup(t, res, "[error] 31#31: *1204 connect() failed")
		if c.Count != 2 || c.First.TS != "2024/03/14 09:00:02" || c.First.Time.Format("2006-01-02T15:04:05Z07:00") != "2024-03-14T09:00:02Z" {
			t.Errorf("connect: %+v", c)
		}
		if c.Signature != `<ts> [error] <n>#<n>: *<n> connect() failed (<n>: Connection refused) while connecting to upstream, client: <ip>, server: shop.example.com, request: "<q>", upstream: "<q>", host: "<q>"` {
			t.Errorf("signature %s", c.Signature)
		}
		acc := run(t, nil, namedLog{"access.log", readLog(t, "nginx_access")})
		if len(acc.Groups) != 1 || acc.Groups[0].Count != 3 || acc.Groups[0].First.TS != "14/Mar/2024:09:00:03 +0000" {
			t.Errorf("access: %+v", acc.Groups)
		}
	})
	t.Run("journal", func(t *testing.T) {
		res := run(t, nil, namedLog{"journal", readLog(t, "journal")})
		py := findGroup(t, res, "TypeError: the JSON object")
		if py.Count != 2 || py.Kind != "python" || py.Lines[len(py.Lines)-4].N != 10 {
			t.Errorf("python through journald: %+v", py)
		}
		gp := findGroup(t, res, "panic: assignment to entry in nil map")
		if gp.Kind != "go" || gp.Lines[len(gp.Lines)-4].N != 25 || hasLocation(res, "/src/cmd/worker/queue.go", 31, "main.(*Queue).Push") == nil {
			t.Errorf("go through journald: %+v", gp)
		}
		if g := findGroup(t, res, "error: kex_exchange_identification"); g.Count != 2 {
			t.Errorf("sshd ×%d", g.Count)
		}
	})
}

// TestGoSignalDump: the goroutine dump the Go runtime prints on SIGQUIT
// (kill -QUIT, Ctrl-\) is one event of the go family, with its frames.
func TestGoSignalDump(t *testing.T) {
	log := `2026/12/06 10:00:00 worker: waiting for jobs
SIGQUIT: quit
PC=0x46c7e1 m=0 sigcode=0

goroutine 1 [chan receive]:
main.wait(...)
	/app/worker.go:41
main.main()
	/app/worker.go:17 +0x85

goroutine 6 [select]:
main.poll(0xc000012345)
	/app/poll.go:30 +0x10a
created by main.main in goroutine 1
	/app/worker.go:15 +0x6f

rax    0xca
exit status 2
`
	res := run(t, nil, namedLog{"worker.log", []byte(log)})
	g := findGroup(t, res, "SIGQUIT: quit")
	if g.Kind != "go" || g.Count != 1 || len(res.Groups) != 1 {
		t.Fatalf("%d group(s); %+v", len(res.Groups), g)
	}
	if hasLocation(res, "/app/worker.go", 17, "main.main") == nil {
		t.Errorf("no frame main.main at worker.go:17: %+v", res.Locations)
	}
}

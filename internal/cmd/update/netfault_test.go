package update_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/testutil"
	"github.com/hotfix-dev/hotfix/internal/testutil/netgate"
)

// webhook is a Slack-like webhook that can refuse connections, stall,
// break off its answer or fail.
type webhook struct {
	srv  *httptest.Server
	gate *netgate.Listener
	mu   sync.Mutex
	mode string
	// ok counts the posts answered 200 in full; seen every post read.
	ok, seen int
}

func newWebhook(t *testing.T) *webhook {
	ln, err := netgate.Listen()
	if err != nil {
		t.Fatal(err)
	}
	h := &webhook{gate: ln}
	h.srv = &httptest.Server{Listener: ln, Config: &http.Server{Handler: h}}
	h.srv.Start()
	t.Cleanup(h.srv.Close)
	return h
}

func (h *webhook) set(mode string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.mode = mode
	if mode == "refused" {
		h.gate.Refuse()
		h.srv.CloseClientConnections()
	} else {
		_ = h.gate.Reopen()
	}
}

func (h *webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.ReadAll(r.Body)
	h.mu.Lock()
	mode := h.mode
	h.seen++
	h.mu.Unlock()
	switch mode {
	case "slow":
		select {
		case <-time.After(time.Minute):
		case <-r.Context().Done():
		}
		return
	case "reset":
		conn, buf, _ := http.NewResponseController(w).Hijack()
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n")
		buf.Flush()
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		conn.Close()
		return
	case "5xx":
		w.WriteHeader(503)
		io.WriteString(w, "service unavailable "+r.URL.Path)
		return
	case "rate-limited":
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(429)
		io.WriteString(w, "rate_limited")
		return
	}
	h.mu.Lock()
	h.ok++
	h.mu.Unlock()
	io.WriteString(w, "ok")
}

// TestWebhookFaults: every fault of the webhook ends the update within the
// timeout with a message that names neither the URL's secret path nor the
// token, the update recorded as not posted; the rerun posts it once.
func TestWebhookFaults(t *testing.T) {
	start := time.Now()
	modes := map[string]string{
		"refused":      "connection refused",
		"slow":         "the webhook did not answer within 500ms",
		"reset":        "(it may have reached the channel)",
		"5xx":          "the webhook answered 503",
		"rate-limited": "the webhook answered 429",
	}
	for mode, want := range modes {
		t.Run(mode, func(t *testing.T) {
			r := started(t)
			h := newWebhook(t)
			env := map[string]string{"HOTFIX_TEST_WEBHOOK": h.srv.URL + secretPath, "GH_TOKEN": "ghp_CANARYCANARYCANARYCANARYCANARY0008"}
			cli := testutil.CLI{Dir: r.Dir, Env: env, Timeouts: cmdutil.Timeouts{Webhook: 500 * time.Millisecond}}
			h.set(mode)
			began := time.Now()
			res := cli.Run(t, "--verbose", "update", "--message", "looking")
			if d := time.Since(began); d > 10*time.Second {
				t.Errorf("took %s", d)
			}
			if res.Code != 1 || !strings.Contains(res.Err, "could not post the update") || !strings.Contains(res.Err, want) ||
				!strings.Contains(res.Err, "rerun") {
				t.Fatalf("exit %d:\n%s", res.Code, res.Err)
			}
			if strings.Contains(res.Out+res.Err, "CANARYWEBHOOKSECRET") || strings.Contains(res.Out+res.Err, "CANARYCANARY") {
				t.Fatalf("a secret leaked:\n%s%s", res.Out, res.Err)
			}
			if !strings.Contains(res.Err, "http: POST "+h.srv.URL+"/[redacted]: ") {
				t.Errorf("--verbose does not log the post:\n%s", res.Err)
			}
			tl := load(t, r).Timeline
			if tl[len(tl)-1].Fields["posted"] != "false" {
				t.Fatalf("not recorded as unposted: %+v", tl[len(tl)-1])
			}
			h.set("")
			res = cli.Run(t, "update", "--message", "looking")
			if res.Code != 0 || h.ok != 1 {
				t.Fatalf("rerun: exit %d, %d posts answered:\n%s", res.Code, h.ok, res.Err)
			}
			tl = load(t, r).Timeline
			if tl[len(tl)-1].Fields["posted"] != "true" {
				t.Fatalf("not recorded as posted: %+v", tl[len(tl)-1])
			}
			assertNotInDir(t, r.Dir, "CANARYWEBHOOKSECRET")
		})
	}
	t.Logf("%d webhook faults injected into update, all handled, in %s", len(modes), time.Since(start).Round(time.Millisecond))
}

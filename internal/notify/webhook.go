package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/internal/gh"
)

// DefaultWebhookTimeout bounds the post of an update to a webhook.
const DefaultWebhookTimeout = 15 * time.Second

// Webhook posts to a Slack-compatible incoming webhook: one flat message,
// no thread, no permalink.
type Webhook struct {
	// URL is the webhook's URL; its path is a secret.
	URL string
	// Env names the environment variable the URL was read from (Describe).
	Env string
	// Client sends the post; nil means a plain client.
	Client *http.Client
	// Timeout bounds the post; zero means DefaultWebhookTimeout.
	Timeout time.Duration
	// Log, when set, is told each request's outcome (never the URL's path).
	Log func(string)
}

// Describe names the webhook by its environment variable.
func (w *Webhook) Describe() string { return "the webhook in " + w.Env }

// Post sends the text as Slack-compatible JSON, once: a webhook post is not
// idempotent, so it is never retried. Errors and the log never carry the
// URL's path, which holds the webhook's secret.
func (w *Webhook) Post(ctx context.Context, m Message) (Receipt, error) {
	err := postWebhook(ctx, w.Client, w.URL, m.Text, w.Timeout, w.Log)
	if err != nil {
		return Receipt{}, &Error{Reason: "webhook", Msg: err.Error(), Fix: "check the webhook URL in " + w.Env + " and the network"}
	}
	return Receipt{}, nil
}

func postWebhook(ctx context.Context, hc *http.Client, url, text string, timeout time.Duration, log func(string)) error {
	if timeout <= 0 {
		timeout = DefaultWebhookTimeout
	}
	if hc == nil {
		hc = &http.Client{}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	body, _ := json.Marshal(map[string]string{"text": text})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return errors.New("the webhook URL is not a valid URL")
	}
	switch {
	case req.URL.Scheme == "https":
	case req.URL.Scheme == "http" && gh.IsLoopback(req.URL.Hostname()):
	default:
		return fmt.Errorf("the webhook URL must use https (plain http is allowed only on loopback), not %s://%s", req.URL.Scheme, req.URL.Host)
	}
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	logf := func(what string) {
		if log != nil {
			log(fmt.Sprintf("http: POST %s://%s/[redacted]: %s (%s)", req.URL.Scheme, req.URL.Host, what, time.Since(start).Round(time.Millisecond)))
		}
	}
	resp, err := hc.Do(req)
	var msg []byte
	if err == nil {
		defer resp.Body.Close()
		msg, err = io.ReadAll(io.LimitReader(resp.Body, 512))
	}
	if err != nil {
		text := redact(err.Error(), url)
		if ctx.Err() == context.DeadlineExceeded {
			text = fmt.Sprintf("the webhook did not answer within %s", timeout)
		}
		var oe *net.OpError
		if !errors.As(err, &oe) || oe.Op != "dial" {
			// Sent, but no whole answer: it may have been delivered.
			text += " (it may have reached the channel)"
		}
		logf(text)
		return errors.New(text)
	}
	logf(resp.Status)
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("the webhook answered %d %s", resp.StatusCode, redact(strings.TrimSpace(string(msg)), url))
	}
	return nil
}

// redact removes the webhook URL (and its path, which holds the secret)
// from a message.
func redact(s, url string) string {
	s = strings.ReplaceAll(s, url, "[webhook URL]")
	if i := strings.Index(url, "://"); i >= 0 {
		if j := strings.Index(url[i+3:], "/"); j >= 0 {
			if p := url[i+3+j:]; len(p) > 1 {
				s = strings.ReplaceAll(s, p, "/[redacted]")
			}
		}
	}
	return s
}

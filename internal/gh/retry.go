package gh

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy bounds how the client retries.
type RetryPolicy struct {
	// Attempts is the most tries of one request.
	Attempts int
	// Base is the first backoff; each retry doubles it, with jitter.
	Base time.Duration
	// Max caps one backoff.
	Max time.Duration
	// Total caps the time spent waiting on one request's retries.
	Total time.Duration
	// MaxRetryAfter is the longest Retry-After the client will honour;
	// beyond it the request fails with the time to come back.
	MaxRetryAfter time.Duration
}

// DefaultRetry is the policy `hotfix pr` uses.
var DefaultRetry = RetryPolicy{Attempts: 5, Base: 500 * time.Millisecond, Max: 8 * time.Second, Total: 60 * time.Second, MaxRetryAfter: 2 * time.Minute}

// RateLimitError is a primary rate limit: no request will succeed before
// Reset.
type RateLimitError struct {
	Reset time.Time
}

// Error says when to come back.
func (e *RateLimitError) Error() string {
	return fmt.Sprintf("GitHub API rate limit exceeded; it resets at %s", e.Reset.Local().Format("15:04:05 MST"))
}

// transport retries server errors, network errors and secondary rate
// limits with exponential backoff and jitter, and turns a primary rate
// limit into a RateLimitError.
type transport struct {
	base   http.RoundTripper
	policy RetryPolicy
	sleep  func(context.Context, time.Duration) error
	now    func() time.Time
	rand   func() float64
	// notify is told of each retry, for a line on stderr.
	notify func(string)
	// timeout bounds one attempt, body included.
	timeout time.Duration
	// log, when set, gets a line per attempt (--verbose).
	log func(string)
	// token is redacted from errors.
	token string
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	waited := time.Duration(0)
	backoff := t.policy.Base
	for attempt := 1; ; attempt++ {
		r := req
		if attempt > 1 && req.Body != nil {
			if req.GetBody == nil {
				return nil, errors.New("cannot retry a request whose body cannot be replayed")
			}
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			r = req.Clone(ctx)
			r.Body = body
		}
		resp, err := t.attempt(r)
		if ctx.Err() != nil {
			// Cancelled by the user (Ctrl-C) or the caller: never retried.
			return resp, err
		}
		wait, why, retry := t.classify(resp, err)
		if retry && isOnce(ctx) && !isDial(err) && !(err == nil && (resp.StatusCode == 403 || resp.StatusCode == 429)) {
			// It may have taken effect: the caller looks before trying
			// again.
			if err != nil {
				return nil, fmt.Errorf("%s (not retried: it may have taken effect): %w", why, err)
			}
			return resp, nil
		}
		if !retry {
			if err == nil && isPrimaryLimit(resp) {
				reset := t.resetTime(resp)
				drain(resp)
				return nil, &RateLimitError{Reset: reset}
			}
			return resp, err
		}
		if wait == 0 {
			jitter := 0.5 + t.rand()
			wait = time.Duration(float64(backoff) * jitter)
			if wait > t.policy.Max {
				wait = t.policy.Max
			}
			backoff *= 2
		}
		if wait > t.policy.MaxRetryAfter {
			if resp != nil {
				drain(resp)
			}
			return nil, fmt.Errorf("%s: GitHub asks to wait %s; try again after %s", why, wait.Round(time.Second), t.now().Add(wait).Local().Format("15:04:05"))
		}
		if attempt >= t.policy.Attempts || waited+wait > t.policy.Total {
			if err != nil {
				return nil, fmt.Errorf("%s after %d attempts: %w", why, attempt, err)
			}
			return resp, nil
		}
		if resp != nil {
			drain(resp)
		}
		if t.notify != nil {
			t.notify(fmt.Sprintf("%s; retrying in %s (attempt %d of %d)", why, wait.Round(100*time.Millisecond), attempt+1, t.policy.Attempts))
		}
		if err := t.sleep(ctx, wait); err != nil {
			return nil, err
		}
		waited += wait
	}
}

// attempt sends one try of the request under its own deadline and reads
// the whole answer within it, so that a server that stalls or breaks off
// mid-body, or a 2xx whose JSON is cut short, fails the attempt (and is
// retried) instead of surfacing later as a decoding error. It logs the try.
func (t *transport) attempt(r *http.Request) (*http.Response, error) {
	start := time.Now()
	ctx, cancel := r.Context(), context.CancelFunc(func() {})
	if t.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, t.timeout)
		r = r.WithContext(ctx)
	}
	defer cancel()
	fail := func(err error) (*http.Response, error) {
		if ctx.Err() == context.DeadlineExceeded || isTimeout(err) {
			err = fmt.Errorf("no answer within %s: %w", t.timeout, err)
		}
		t.logf("%s %s: %s (%s)", r.Method, r.URL.Redacted(), redactErr(err, t.token), time.Since(start).Round(time.Millisecond))
		return nil, err
	}
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return fail(err)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	resp.Body.Close()
	if err != nil {
		return fail(&answerError{fmt.Sprintf("GitHub's answer (%s) broke off", resp.Status), err})
	}
	if len(body) > 0 && strings.Contains(resp.Header.Get("Content-Type"), "json") && !json.Valid(body) {
		return fail(&answerError{fmt.Sprintf("GitHub's answer (%s) is not valid JSON (cut short?)", resp.Status), nil})
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	t.logf("%s %s: %s (%s)%s", r.Method, r.URL.Redacted(), resp.Status, time.Since(start).Round(time.Millisecond), rateInfo(resp.Header))
	return resp, nil
}

// maxBody bounds an API answer read into memory.
const maxBody = 64 << 20

// answerError is an answer that started but did not arrive whole.
type answerError struct {
	what string
	err  error
}

func (e *answerError) Error() string {
	if e.err == nil {
		return e.what
	}
	return e.what + ": " + e.err.Error()
}

func (e *answerError) Unwrap() error { return e.err }

func (t *transport) logf(format string, args ...any) {
	if t.log != nil {
		t.log("http: " + fmt.Sprintf(format, args...))
	}
}

// rateInfo renders the rate-limit headers of a response for the log.
func rateInfo(h http.Header) string {
	var parts []string
	if rem := h.Get("X-RateLimit-Remaining"); rem != "" {
		s := "rate limit " + rem + "/" + h.Get("X-RateLimit-Limit")
		if r, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			s += ", resets " + time.Unix(r, 0).UTC().Format("15:04:05Z")
		}
		parts = append(parts, s)
	}
	if ra := h.Get("Retry-After"); ra != "" {
		parts = append(parts, "Retry-After "+ra)
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, "; ")
}

func isTimeout(err error) bool {
	var ne interface{ Timeout() bool }
	return errors.As(err, &ne) && ne.Timeout()
}

func redactErr(err error, token string) string {
	if token == "" {
		return err.Error()
	}
	return strings.ReplaceAll(err.Error(), token, "[redacted]")
}

type onceKey struct{}

// Once marks the requests made with ctx as not idempotent (creating an
// issue): they are retried only when they surely did not reach GitHub (the
// connection was refused) or GitHub said it did nothing (a rate limit); a
// broken or late answer, or a server error, is returned, so that the caller
// looks for what the request may have made before trying again.
func Once(ctx context.Context) context.Context { return context.WithValue(ctx, onceKey{}, true) }

func isOnce(ctx context.Context) bool { v, _ := ctx.Value(onceKey{}).(bool); return v }

// isDial says the request never left: the connection was not made.
func isDial(err error) bool {
	var oe *net.OpError
	return err != nil && errors.As(err, &oe) && oe.Op == "dial"
}

// classify decides whether to retry and how long to wait (0: backoff).
func (t *transport) classify(resp *http.Response, err error) (time.Duration, string, bool) {
	var ae *answerError
	if errors.As(err, &ae) {
		return 0, "broken answers from GitHub", true
	}
	if err != nil {
		return 0, "network error talking to GitHub", true
	}
	switch {
	case resp.StatusCode >= 500:
		return 0, fmt.Sprintf("GitHub answered %d", resp.StatusCode), true
	case (resp.StatusCode == 403 || resp.StatusCode == 429) && !isPrimaryLimit(resp):
		if ra := resp.Header.Get("Retry-After"); ra != "" {
			if secs, err := strconv.Atoi(strings.TrimSpace(ra)); err == nil && secs >= 0 {
				return time.Duration(secs) * time.Second, "GitHub's secondary rate limit", true
			}
		}
		if resp.StatusCode == 429 {
			return time.Minute, "GitHub's secondary rate limit", true
		}
		// A 403 without Retry-After is a permission error unless GitHub
		// says it is a secondary limit.
		if isSecondaryMessage(resp) {
			return time.Minute, "GitHub's secondary rate limit", true
		}
	}
	return 0, "", false
}

func isPrimaryLimit(resp *http.Response) bool {
	return (resp.StatusCode == 403 || resp.StatusCode == 429) && resp.Header.Get("X-RateLimit-Remaining") == "0" && resp.Header.Get("Retry-After") == ""
}

// isSecondaryMessage peeks at a 403 body for GitHub's secondary-limit text,
// leaving the body readable.
func isSecondaryMessage(resp *http.Response) bool {
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(strings.NewReader(string(b)))
	return err == nil && strings.Contains(strings.ToLower(string(b)), "secondary rate limit")
}

func (t *transport) resetTime(resp *http.Response) time.Time {
	if s := resp.Header.Get("X-RateLimit-Reset"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0)
		}
	}
	return t.now().Add(time.Hour)
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
}

// jitterSource returns the default random source for jitter.
func jitterSource() func() float64 { return rand.Float64 }

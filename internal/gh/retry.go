package gh

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand"
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
		resp, err := t.base.RoundTrip(r)
		if ctx.Err() != nil {
			// Cancelled by the user (Ctrl-C) or the caller: never retried.
			return resp, err
		}
		wait, why, retry := t.classify(resp, err)
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

// classify decides whether to retry and how long to wait (0: backoff).
func (t *transport) classify(resp *http.Response, err error) (time.Duration, string, bool) {
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

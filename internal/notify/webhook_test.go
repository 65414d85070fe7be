package notify

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestWebhookPostsAndRedacts(t *testing.T) {
	const secret = "/services/T0/B0/SECRETPATH"
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("Content-Type")
		if r.URL.Path != secret {
			w.WriteHeader(500)
			_, _ = w.Write([]byte("no " + r.URL.Path))
		}
	}))
	defer srv.Close()
	wh := &Webhook{URL: srv.URL + secret, Env: "HOOK"}
	if _, err := wh.Post(context.Background(), Message{Text: "hi"}); err != nil || got != "application/json" {
		t.Fatalf("post: %v, content type %q", err, got)
	}
	if wh.Describe() != "the webhook in HOOK" {
		t.Fatal(wh.Describe())
	}
	wh.URL = srv.URL + secret + "fail"
	_, err := wh.Post(context.Background(), Message{Text: "hi"})
	var ne *Error
	if !errors.As(err, &ne) || strings.Contains(err.Error(), "SECRETPATH") || !strings.Contains(err.Error(), "500") || Reason(err) != "webhook" {
		t.Fatalf("error %v", err)
	}
	wh.URL = "http://example.com" + secret
	if _, err := wh.Post(context.Background(), Message{Text: "hi"}); err == nil || !strings.Contains(err.Error(), "https") {
		t.Fatalf("plain http off loopback: %v", err)
	}
}

func TestReasonAndFixOf(t *testing.T) {
	e := &Error{Reason: "missing_scope", Msg: "m", Fix: "f"}
	if Reason(e) != "missing_scope" || FixOf(e) != "f" || Reason(errors.New("x")) != "x" || FixOf(errors.New("x")) != "" {
		t.Fatal("Reason/FixOf")
	}
}

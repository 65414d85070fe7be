package netgate

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
)

func TestRefuseAndReopen(t *testing.T) {
	ln, err := Listen()
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })}}
	srv.Start()
	defer srv.Close()
	get := func() error {
		c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		resp, err := c.Get(srv.URL)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	if err := get(); err != nil {
		t.Fatal(err)
	}
	ln.Refuse()
	if !ln.Refusing() {
		t.Fatal("not refusing")
	}
	if err := get(); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("while refusing: %v", err)
	}
	if err := ln.Reopen(); err != nil {
		t.Fatal(err)
	}
	if err := get(); err != nil {
		t.Fatalf("after reopening: %v", err)
	}
}

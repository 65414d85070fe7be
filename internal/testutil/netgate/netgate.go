// Package netgate is a listener that test servers can close and reopen on
// the same address, so that a client meets "connection refused" and then,
// after the fault is cleared, the same server at the same URL.
package netgate

import (
	"net"
	"sync"
)

// Listener accepts on a TCP address that Refuse closes and Accept reopens.
// It is what an http.Server (or httptest.Server) serves on.
type Listener struct {
	addr   net.Addr
	mu     sync.Mutex
	cur    net.Listener // nil while refusing
	ready  chan struct{}
	done   chan struct{}
	closed bool
}

// Listen listens on a free port of 127.0.0.1.
func Listen() (*Listener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	return &Listener{addr: ln.Addr(), cur: ln, ready: closedChan(), done: make(chan struct{})}, nil
}

func closedChan() chan struct{} { c := make(chan struct{}); close(c); return c }

// Accept waits for the next connection; while refusing, it waits for the
// address to be reopened.
func (l *Listener) Accept() (net.Conn, error) {
	for {
		l.mu.Lock()
		ln, ready, closed := l.cur, l.ready, l.closed
		l.mu.Unlock()
		if closed {
			return nil, net.ErrClosed
		}
		if ln == nil {
			select {
			case <-ready:
			case <-l.done:
			}
			continue
		}
		c, err := ln.Accept()
		if err == nil {
			return c, nil
		}
		l.mu.Lock()
		swapped := l.cur != ln || l.closed
		l.mu.Unlock()
		if !swapped {
			return nil, err
		}
	}
}

// Refuse closes the address: connections are refused until Reopen. Open
// connections are the server's to close.
func (l *Listener) Refuse() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cur == nil || l.closed {
		return
	}
	l.cur.Close()
	l.cur = nil
	l.ready = make(chan struct{})
}

// Reopen listens on the address again after Refuse.
func (l *Listener) Reopen() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cur != nil || l.closed {
		return nil
	}
	ln, err := net.Listen("tcp", l.addr.String())
	if err != nil {
		return err
	}
	l.cur = ln
	close(l.ready)
	return nil
}

// Refusing reports whether the address is closed by Refuse.
func (l *Listener) Refusing() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cur == nil && !l.closed
}

// Close stops the listener for good.
func (l *Listener) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	close(l.done)
	if l.cur != nil {
		return l.cur.Close()
	}
	return nil
}

// Addr is the address, the same before and after Refuse.
func (l *Listener) Addr() net.Addr { return l.addr }

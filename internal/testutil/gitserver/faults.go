package gitserver

import (
	"fmt"
	"net"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"strings"
	"time"
)

// Phase is the step of a smart-HTTP exchange a request belongs to. Note
// that with protocol v2, which the git binary uses to fetch, the
// advertisement carries only capabilities and the refs are listed by a
// first RPC; go-git and pushes use protocol v0, where the advertisement
// lists the refs.
type Phase int

const (
	// AnyPhase matches every request.
	AnyPhase Phase = iota
	// Advertise is the ref advertisement: GET .../info/refs?service=git-....
	Advertise
	// RPC is the exchange itself: POST .../git-upload-pack or
	// .../git-receive-pack.
	RPC
)

// String returns "any", "advertise" or "rpc".
func (p Phase) String() string {
	switch p {
	case Advertise:
		return "advertise"
	case RPC:
		return "rpc"
	}
	return "any"
}

// Fault is a misbehaviour injected into the next matching requests. Faults
// apply only to requests that passed authentication (so the unauthenticated
// probe the git binary makes before sending credentials does not use one
// up); when several pending faults match a request, the one injected first
// applies.
//
// Exactly one of Status, Reset, Reject/RejectReason may be set; Delay may be
// combined with any of them or used alone.
type Fault struct {
	// Repo limits the fault to one repository ("owner/name"); "" matches
	// every repository.
	Repo string
	// Service limits the fault to UploadPack or ReceivePack requests; ""
	// matches every request.
	Service string
	// Phase limits the fault to the ref advertisement or the RPC.
	Phase Phase
	// Times is how many matching requests the fault applies to: 0 means
	// once, a negative number means every matching request until
	// ClearFaults.
	Times int

	// Delay is slept before the request is handled (or the fault's error
	// is sent); a client that gives up meanwhile is logged with status 499.
	Delay time.Duration
	// Status, when set, is sent instead of running git (for example 500 or
	// 503), with a short text body; a 401 carries WWW-Authenticate.
	Status int
	// Reset runs git for the request, sends the status line, the headers
	// (with the full Content-Length) and the first ResetAfter bytes of the
	// body, then resets the TCP connection. Git has run, so a reset
	// receive-pack RPC may still have updated refs, as on a real network.
	Reset bool
	// ResetAfter is the number of body bytes sent before a Reset; 0 means
	// half the body. It is capped so that at least one byte is withheld.
	ResetAfter int

	// Reject refuses the push with a pre-receive hook that prints this
	// message to stderr (clients show it as "remote: ..." lines; go-git
	// writes it to PushOptions.Progress) and exits 1, so every ref is
	// reported as "pre-receive hook declined". A Reject fault matches only
	// receive-pack RPCs, whatever Service and Phase say.
	Reject string
	// RejectRef limits the rejection to refs starting with this prefix (for
	// example "refs/heads/main" or "refs/tags/"). Reject refuses the whole
	// push when one of its refs matches; RejectReason refuses only the
	// matching refs. Pushes with no matching ref succeed but still use up
	// the fault.
	RejectRef string
	// RejectReason refuses the matching refs with this reason in the
	// report-status (through a proc-receive hook), so that it reaches the
	// client's error: git prints "! [remote rejected] main -> main
	// (REASON)", go-git returns "command error on refs/heads/main: REASON".
	// Newlines become spaces. With Reject set as well, the pre-receive
	// hook prints the Reject message and lets the push go on to be refused
	// with this reason, as GitHub does for protected branches.
	RejectReason string
}

// String describes the fault for the request log.
func (f Fault) String() string {
	var parts []string
	if f.Delay > 0 {
		parts = append(parts, "delay "+f.Delay.String())
	}
	if f.Status != 0 {
		parts = append(parts, fmt.Sprintf("status %d", f.Status))
	}
	if f.Reset {
		if f.ResetAfter > 0 {
			parts = append(parts, fmt.Sprintf("reset after %d body bytes", f.ResetAfter))
		} else {
			parts = append(parts, "reset mid-body")
		}
	}
	if f.Reject != "" || f.RejectReason != "" {
		s := "reject push"
		if f.RejectRef != "" {
			s += " to " + f.RejectRef + "*"
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "no-op"
	}
	return strings.Join(parts, ", ")
}

type pendingFault struct {
	Fault
	left int // < 0: forever
}

// Inject arranges for the next matching requests to misbehave as f says. It
// panics when f combines Status, Reset and a rejection, or when a rejection
// is limited to upload-pack or to the advertisement.
func (s *Server) Inject(f Fault) {
	n := 0
	if f.Status != 0 {
		n++
	}
	if f.Reset {
		n++
	}
	reject := f.Reject != "" || f.RejectReason != ""
	if reject {
		n++
		if f.Service == UploadPack || f.Phase == Advertise {
			panic("gitserver: a Reject fault applies to receive-pack RPCs only")
		}
		f.Service, f.Phase = ReceivePack, RPC
	}
	if n > 1 {
		panic("gitserver: a Fault sets at most one of Status, Reset and Reject/RejectReason")
	}
	if f.Service != "" && f.Service != UploadPack && f.Service != ReceivePack {
		panic(fmt.Sprintf("gitserver: unknown service %q", f.Service))
	}
	f.Repo = strings.TrimSuffix(strings.Trim(f.Repo, "/"), ".git")
	left := f.Times
	if left == 0 {
		left = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &pendingFault{Fault: f, left: left})
}

// ClearFaults drops every pending fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// PendingFaults returns how many injected faults have not been used up
// (a fault with negative Times always counts).
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.faults)
}

// takeFault returns the first pending fault matching the request and uses
// one of its applications.
func (s *Server) takeFault(req Request) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.Repo != "" && f.Repo != req.Repo ||
			f.Service != "" && f.Service != req.Service ||
			f.Phase != AnyPhase && f.Phase != req.Phase {
			continue
		}
		if f.left > 0 {
			f.left--
			if f.left == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		ff := f.Fault
		return &ff
	}
	return nil
}

// reset runs the CGI into memory, then writes part of the response on the
// raw connection and resets it. It returns the status git produced.
func (s *Server) reset(w http.ResponseWriter, r *http.Request, h *cgi.Handler, after int) int {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	res := rec.Result()
	body := rec.Body.Bytes()
	if after <= 0 {
		after = len(body) / 2
	}
	if after >= len(body) {
		after = max(len(body)-1, 0)
	}
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, "gitserver: cannot hijack: "+err.Error(), http.StatusInternalServerError)
		return http.StatusInternalServerError
	}
	defer conn.Close()
	bw := buf.Writer
	fmt.Fprintf(bw, "HTTP/1.1 %d %s\r\n", res.StatusCode, http.StatusText(res.StatusCode))
	res.Header.Del("Transfer-Encoding")
	res.Header.Set("Content-Length", fmt.Sprint(len(body)))
	_ = res.Header.Write(bw)
	bw.WriteString("\r\n")
	bw.Write(body[:after])
	_ = bw.Flush()
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // close with RST, not FIN
	}
	return res.StatusCode
}

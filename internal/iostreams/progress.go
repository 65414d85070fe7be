package iostreams

import (
	"io"
	"sync"
	"time"
)

// DefaultProgressDelay is how long work runs before its progress indicator
// appears: quick work never shows one.
const DefaultProgressDelay = time.Second

// spinner are the indicator's frames, plain ASCII so that every terminal
// and font shows them.
var spinner = []string{"|", "/", "-", `\`}

// ProgressEnabled reports whether a progress indicator may be drawn: only
// when stderr is a terminal and CI is not set, so that piped, redirected and
// CI output never carries one.
func (s *IOStreams) ProgressEnabled() bool {
	return s.stderrTTY && s.env("CI") == ""
}

// SetProgressDelay changes how long work runs before its indicator appears
// (for tests); zero means DefaultProgressDelay.
func (s *IOStreams) SetProgressDelay(d time.Duration) { s.progressDelay = d }

// StartProgress shows, on stderr, that the work named by label is going on:
// after the progress delay, a spinner and the label, redrawn until stop is
// called, then erased. stop waits until the line is erased, so what the
// command prints next starts on a clean line; it may be called more than
// once. Where ProgressEnabled is false, nothing is ever written.
func (s *IOStreams) StartProgress(label string) (stop func()) {
	if !s.ProgressEnabled() {
		return func() {}
	}
	delay := s.progressDelay
	if delay <= 0 {
		delay = DefaultProgressDelay
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		spin(s.ErrOut, label, delay, done)
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			<-finished
		})
	}
}

// spin draws the indicator on w after delay, every tenth of a second, until
// done is closed, and erases it if it drew anything.
func spin(w io.Writer, label string, delay time.Duration, done <-chan struct{}) {
	select {
	case <-done:
		return
	case <-time.After(delay):
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for i := 0; ; i++ {
		io.WriteString(w, "\r\x1b[K"+spinner[i%len(spinner)]+" "+label+"...")
		select {
		case <-done:
			io.WriteString(w, "\r\x1b[K")
			return
		case <-tick.C:
		}
	}
}

// WithProgress runs f with a progress indicator labelled label (see
// StartProgress), erased before it returns.
func (s *IOStreams) WithProgress(label string, f func() error) error {
	stop := s.StartProgress(label)
	defer stop()
	return f()
}

//go:build hotfixcrash && unix

package crashpoint

import (
	"os"
	"sync"
	"syscall"
	"time"
)

// Enabled says whether this binary carries the kill switch (built with
// -tags hotfixcrash, on a Unix system).
const Enabled = true

var (
	once    sync.Once
	trigger *Trigger
	logMu   sync.Mutex
	logPath string
)

// Hit marks a crash point: it logs the point's name to HOTFIX_CRASH_LOG
// and, when HOTFIX_CRASH_AT names this hit, kills the process with SIGKILL,
// so that nothing (no deferred cleanup, no signal handler) runs after it.
func Hit(name string) {
	once.Do(func() {
		trigger = ParseTrigger(os.Getenv(Env))
		logPath = os.Getenv(LogEnv)
	})
	if logPath != "" {
		logMu.Lock()
		if f, err := os.OpenFile(logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			_, _ = f.WriteString(name + "\n")
			_ = f.Close()
		}
		logMu.Unlock()
	}
	if trigger.Fire(name) {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // the signal is on its way
	}
}

// Now returns the fixed time HOTFIX_CRASH_NOW names, if any.
func Now() (t time.Time, ok bool) { return ParseNow(os.Getenv(NowEnv)) }

// Package lock is the repository lock: at most one hotfix process at a time
// changes a repository's incident records, saved command state, branches and
// tags. The lock is the file hotfix/lock in the repository's common git
// directory (shared by its linked work trees), locked with flock(2) on Unix
// and LockFileEx on Windows. The operating system drops such a lock when its
// holder exits, however it exits (SIGKILL, a crash, a power loss), so a lock
// left by a dead process is never seen as held: there is no stale lock to
// clean up. The file also says who holds it (pid, command, since when), so
// that a refused command can tell the person at the terminal.
package lock

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Dir and FileName place the lock in a git directory: <gitdir>/hotfix/lock.
const (
	Dir      = "hotfix"
	FileName = "lock"
)

// Path returns the lock file's path for a repository's common git directory.
func Path(commonGitDir string) string {
	return filepath.Join(commonGitDir, Dir, FileName)
}

// Holder describes the process holding the lock; it is written into the lock
// file while the lock is held.
type Holder struct {
	// PID is the holder's process id.
	PID int `json:"pid"`
	// Command is what it runs, such as "hotfix pr".
	Command string `json:"command,omitempty"`
	// Since is when it took the lock.
	Since time.Time `json:"since"`
}

// Known reports whether the holder could be read from the lock file (it is
// empty for an instant while a new holder writes it).
func (h Holder) Known() bool { return h.PID > 0 }

// BusyError says that the lock is held by another process, or by another
// Lock in this process.
type BusyError struct {
	// Path is the lock file.
	Path string
	// Holder is who holds it; zero when the file did not say.
	Holder Holder
}

// Error describes the holder.
func (e *BusyError) Error() string {
	if !e.Holder.Known() {
		return fmt.Sprintf("%s is held by another process", e.Path)
	}
	return fmt.Sprintf("%s is held by pid %d (%s) since %s", e.Path, e.Holder.PID, e.Holder.Command, e.Holder.Since.Format(time.RFC3339))
}

// Lock is a held repository lock. Release it when done; if the process dies
// first, the operating system releases it.
type Lock struct {
	path string
	mu   sync.Mutex // guards f, so that Release may be called from any goroutine
	f    *os.File
}

// Path is the lock file.
func (l *Lock) Path() string { return l.path }

// TryAcquire takes the lock at path without waiting, creating the file and
// its directory if needed, and writes h into it. When another process (or
// another Lock of this process) holds it, it returns a *BusyError naming the
// holder. The file is opened close-on-exec, so the commands hotfix runs (git,
// the test command) never inherit the lock.
func TryAcquire(path string, h Holder) (*Lock, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return nil, err
	}
	for tries := 0; ; tries++ {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
		if err != nil {
			return nil, err
		}
		if err := lockFile(f); err != nil {
			defer f.Close()
			if errors.Is(err, errBusy) {
				return nil, &BusyError{Path: path, Holder: readHolder(f)}
			}
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if removeOnRelease && !stillAt(f, path) {
			// The holder this one waited for removed the file as it
			// released it: the lock is on a file no longer at path.
			f.Close()
			if tries >= 100 {
				return nil, fmt.Errorf("lock %s: the file keeps being replaced", path)
			}
			continue
		}
		b, _ := json.Marshal(h)
		b = append(b, '\n')
		if err := f.Truncate(0); err == nil {
			_, _ = f.WriteAt(b, 0)
		}
		return &Lock{path: path, f: f}, nil
	}
}

// stillAt reports whether f is the file at path.
func stillAt(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}

// Options tune Acquire.
type Options struct {
	// Wait is how long to wait for the holder to release the lock; 0 means
	// one try.
	Wait time.Duration
	// Poll is the mean interval between tries (each is jittered by half of
	// it either way, so that waiters do not try in step); 0 means 50ms.
	Poll time.Duration
	// OnWait, when set, is called once, when the first try finds the lock
	// held and Acquire starts waiting.
	OnWait func(Holder)
}

// Acquire takes the lock at path, trying again until o.Wait has passed. It
// returns the last *BusyError when the lock stayed held, and ctx's error
// when ctx is cancelled while waiting.
func Acquire(ctx context.Context, path string, h Holder, o Options) (*Lock, error) {
	poll := o.Poll
	if poll <= 0 {
		poll = 50 * time.Millisecond
	}
	deadline := time.Now().Add(o.Wait)
	waited := false
	for {
		l, err := TryAcquire(path, h)
		var busy *BusyError
		if !errors.As(err, &busy) {
			return l, err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return nil, busy
		}
		if !waited && o.OnWait != nil {
			o.OnWait(busy.Holder)
		}
		waited = true
		d := poll/2 + rand.N(poll)
		if d > left {
			d = left
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// Release releases the lock and removes the lock file, so that a command
// leaves nothing behind (on Windows, where an open file cannot be removed,
// it empties it instead). The file is removed while still locked, and
// TryAcquire checks, once it holds a lock, that its file is still the one at
// the path: a waiter that locks the removed file tries again, so two
// processes never hold locks on two files of the same name. Releasing a
// released (or nil) Lock does nothing; Release may be called from any
// goroutine.
func (l *Lock) Release() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	if removeOnRelease {
		_ = os.Remove(l.path)
	} else {
		_ = l.f.Truncate(0)
	}
	err := unlockFile(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}

// ReadHolder returns who holds the lock at path, as its file says; the zero
// Holder when the file is empty, missing or unreadable. It does not say
// whether the lock is held: a process that died holding it leaves its
// description behind (TryAcquire is the only test).
func ReadHolder(path string) Holder {
	f, err := os.Open(path)
	if err != nil {
		return Holder{}
	}
	defer f.Close()
	return readHolder(f)
}

// readHolder reads the holder from the start of f.
func readHolder(f *os.File) Holder {
	b := make([]byte, 4096)
	n, _ := f.ReadAt(b, 0)
	var h Holder
	if json.Unmarshal(b[:n], &h) != nil {
		return Holder{}
	}
	return h
}

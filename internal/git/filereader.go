package git

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
)

// FileReader reads files of a repository's commits through one `git
// cat-file --batch` process, started on the first read and kept until
// Close: a read costs a line on the process's standard input, not a
// process, and never go-git's first object read, which builds the pack
// index's hash table (over 100 ms on moby's full history). verify reads
// through it the files a change did not touch (a test's imports, go.mod,
// package.json). Without the git binary it reads with go-git (ReadFileAt).
// It is safe for concurrent use; reads are served one at a time.
type FileReader struct {
	r   *Repo
	ctx context.Context

	mu  sync.Mutex
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	err error // the process's failure: every later read returns it
}

// NewFileReader returns a reader of r's files; nothing starts before the
// first read. Call Close when done.
func (r *Repo) NewFileReader(ctx context.Context) *FileReader {
	return &FileReader{r: r, ctx: ctx}
}

// ReadFile returns the content of the file at path in commit. A path the
// commit holds no file at (nothing, a directory, a submodule) is an error
// wrapping os.ErrNotExist.
func (fr *FileReader) ReadFile(commit, path string) ([]byte, error) {
	if fr.r.bin == "" || strings.ContainsAny(commit+path, "\n\r") {
		return fr.readGo(commit, path)
	}
	fr.mu.Lock()
	defer fr.mu.Unlock()
	if fr.cmd == nil && fr.err == nil {
		fr.start()
	}
	if fr.err != nil {
		return nil, fr.err
	}
	if _, err := io.WriteString(fr.in, commit+":"+path+"\n"); err != nil {
		fr.err = fmt.Errorf("git cat-file: %v", err)
		return nil, fr.err
	}
	header, err := fr.out.ReadString('\n')
	if err != nil {
		fr.err = fmt.Errorf("git cat-file: %v", err)
		return nil, fr.err
	}
	f := strings.Fields(header)
	if len(f) != 3 {
		return nil, fmt.Errorf("%s at %s: %w", path, commit, os.ErrNotExist) // "<name> missing"
	}
	size, err := strconv.Atoi(f[2])
	if err != nil || size < 0 {
		fr.err = fmt.Errorf("git cat-file: bad header %q", strings.TrimSpace(header))
		return nil, fr.err
	}
	data := make([]byte, size+1) // the content and its newline
	if _, err := io.ReadFull(fr.out, data); err != nil {
		fr.err = fmt.Errorf("git cat-file: short content for %s: %v", path, err)
		return nil, fr.err
	}
	if f[1] != "blob" {
		return nil, fmt.Errorf("%s at %s is a %s, not a file: %w", path, commit, f[1], os.ErrNotExist)
	}
	return data[:size], nil
}

// readGo is ReadFile with go-git.
func (fr *FileReader) readGo(commit, path string) ([]byte, error) {
	s, err := fr.r.goSideAt(commit, path)
	if err != nil {
		return nil, err
	}
	if !s.ok || s.kind == KindSubmodule {
		return nil, fmt.Errorf("%s at %s: %w", path, commit, os.ErrNotExist)
	}
	if s.data == nil {
		s.data = []byte{}
	}
	return s.data, nil
}

// start runs the process; a failure is kept in fr.err.
func (fr *FileReader) start() {
	cmd := exec.CommandContext(fr.ctx, fr.r.bin, "cat-file", "--batch")
	cmd.Dir = fr.r.root
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
	in, err := cmd.StdinPipe()
	if err != nil {
		fr.err = fmt.Errorf("git cat-file: %v", err)
		return
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		fr.err = fmt.Errorf("git cat-file: %v", err)
		return
	}
	if err := cmd.Start(); err != nil {
		fr.err = fmt.Errorf("git cat-file: %v", err)
		return
	}
	fr.cmd, fr.in, fr.out = cmd, in, bufio.NewReader(out)
}

// Close ends the process, if one started. A read after Close starts
// another.
func (fr *FileReader) Close() error {
	fr.mu.Lock()
	defer fr.mu.Unlock()
	if fr.cmd == nil {
		return nil
	}
	fr.in.Close()
	err := fr.cmd.Wait()
	fr.cmd, fr.in, fr.out = nil, nil, nil
	if fr.err == nil && err != nil {
		return fmt.Errorf("git cat-file: %v", err)
	}
	return nil
}

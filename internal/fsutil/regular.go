package fsutil

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// NotRegularError is the error for a path that is not a regular file: a
// named pipe, a device, a socket or a directory, where hotfix reads a file
// (config, record, answers). Reading a pipe or a terminal blocks until
// someone writes to it, which would hang the command and keep the lock.
type NotRegularError struct {
	// Path is the path as given.
	Path string
	// Kind says what it is: "a named pipe (FIFO)", "a directory", ...
	Kind string
}

// Error names the path and what it is.
func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file", e.Path, e.Kind)
}

// Kind says what kind of file mode m is, for a person.
func Kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device (a terminal?)"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// ReadRegular reads the file at path (following symbolic links) like
// os.ReadFile, but only if it is a regular file: anything else is a
// *NotRegularError, found without blocking (the file is opened
// non-blocking, so a FIFO with no writer cannot hang the open). A file
// larger than limit bytes (limit > 0) is an error naming the limit, and
// only limit+1 bytes of it are read.
func ReadRegular(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Kind: Kind(fi.Mode())}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Replaced between the two looks: check what was opened.
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Kind: Kind(fi.Mode())}
	}
	var r io.Reader = f
	if limit > 0 {
		r = io.LimitReader(f, limit+1)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if limit > 0 && int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes, the limit", path, limit)
	}
	return data, nil
}

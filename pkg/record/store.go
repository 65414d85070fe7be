package record

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/fsutil"
	"github.com/hotfix-dev/hotfix/internal/pathsafe"
)

// Store reads and writes the records in one directory (.hotfix/ by default).
type Store struct {
	// Root is the repository root; Dir is relative to it.
	Root string
	// Dir is the records directory, relative to Root.
	Dir string
}

// ErrNotFound is returned by Load for an id with no record.
var ErrNotFound = errors.New("no such record")

// RelPath is the record's path relative to the repository root, with
// forward slashes.
func (s Store) RelPath(id string) string { return filepath.ToSlash(filepath.Join(s.Dir, id+".yaml")) }

// Holds reports whether path (relative to the repository root, with
// forward slashes) is in the records directory: an incident record, not
// code.
func (s Store) Holds(path string) bool {
	return strings.HasPrefix(path, strings.TrimSuffix(filepath.ToSlash(s.Dir), "/")+"/")
}

// Path is the record's absolute path.
func (s Store) Path(id string) string { return filepath.Join(s.Root, s.Dir, id+".yaml") }

// checkDir refuses a records directory that escapes the repository: an
// absolute path, "..", or a symbolic link anywhere on the way (even one
// pointing inside the repository), so that a record can never be written
// outside it. A path that is not a directory is refused too.
func (s Store) checkDir() error {
	if err := pathsafe.Check(s.Root, s.Dir, true); err != nil {
		return fmt.Errorf("records directory %s: %w", s.Dir, err)
	}
	fi, err := os.Lstat(filepath.Join(s.Root, s.Dir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory; records need a directory of that name (or set records.dir in .hotfix.yaml)", s.Dir)
	}
	return nil
}

// Exists reports whether a record with id exists.
func (s Store) Exists(id string) bool {
	_, err := os.Lstat(s.Path(id))
	return err == nil
}

// UniqueID returns id, or id with "-2", "-3", ... appended when a record of
// that id already exists.
func (s Store) UniqueID(id string) string {
	if !s.Exists(id) {
		return id
	}
	for n := 2; ; n++ {
		c := id + "-" + strconv.Itoa(n)
		if !s.Exists(c) {
			return c
		}
	}
}

// Load reads the record with id.
func (s Store) Load(id string) (*Record, error) {
	if !ValidID(id) {
		return nil, fmt.Errorf("%q is not a record id (lower-case letters, digits and dashes)", id)
	}
	if err := s.checkDir(); err != nil {
		return nil, err
	}
	if fi, err := os.Lstat(s.Path(id)); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is %s, not a regular file; a record must be a plain file in %s/", s.RelPath(id), fsutil.Kind(fi.Mode()), s.Dir)
	}
	data, err := fsutil.ReadRegular(s.Path(id), 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, s.RelPath(id))
	}
	if err != nil {
		return nil, err
	}
	return Parse(s.RelPath(id), data)
}

// Save writes the record atomically. A record that would be larger than
// MaxSize (what Load accepts) is refused with ErrTooLarge, and nothing is
// written.
func (s Store) Save(r *Record) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if err := s.checkDir(); err != nil {
		return err
	}
	data, err := r.Marshal()
	if err != nil {
		return err
	}
	// A record larger than Load accepts would lock every command out of
	// the incident: refuse it before writing.
	if len(data) > MaxSize {
		return tooLarge(r, s.RelPath(r.ID), len(data))
	}
	return fsutil.WriteFile(s.Path(r.ID), data, 0o644)
}

// List reads every record in the directory, sorted by creation time. Files
// that do not parse are returned as errors beside the records that do.
func (s Store) List() ([]*Record, []error) {
	if err := s.checkDir(); err != nil {
		return nil, []error{err}
	}
	entries, err := os.ReadDir(filepath.Join(s.Root, s.Dir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, []error{err}
	}
	var recs []*Record
	var errs []error
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".yaml") || strings.HasPrefix(name, ".") {
			continue
		}
		r, err := s.Load(strings.TrimSuffix(name, ".yaml"))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		recs = append(recs, r)
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].Created.Before(recs[j].Created) })
	return recs, errs
}

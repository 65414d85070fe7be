package git

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// packedPeeled reads the peeled targets git records in packed-refs ("^<hash>"
// lines after annotated tags), so that tags can be peeled without reading
// hundreds of tag objects. It returns ref name -> commit, and whether the
// file is "fully-peeled" (a packed tag without a "^" line is not annotated).
// The map is keyed by the ref's packed value as well as its name, so that a
// loose ref overriding a packed one is never peeled with the packed value.
func (r *Repo) packedPeeled() (map[packedRef]plumbing.Hash, bool) {
	dir := r.gitDir
	if b, err := os.ReadFile(filepath.Join(dir, "commondir")); err == nil {
		c := strings.TrimSpace(string(b))
		if !filepath.IsAbs(c) {
			c = filepath.Join(dir, c)
		}
		dir = c
	}
	f, err := os.Open(filepath.Join(dir, "packed-refs"))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	out := map[packedRef]plumbing.Hash{}
	full := false
	var last packedRef
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#"):
			full = strings.Contains(line, " fully-peeled")
		case strings.HasPrefix(line, "^"):
			if last.name != "" && plumbing.IsHash(line[1:]) {
				out[last] = plumbing.NewHash(line[1:])
			}
		default:
			h, name, ok := strings.Cut(line, " ")
			if !ok || !plumbing.IsHash(h) {
				last = packedRef{}
				continue
			}
			last = packedRef{name: name, hash: plumbing.NewHash(h)}
			if full {
				out[last] = last.hash
			}
		}
	}
	return out, full
}

// packedRef is a ref as packed: its name and the value it had there.
type packedRef struct {
	name string
	hash plumbing.Hash
}

//go:build !linux && !darwin

package git

import (
	"os"

	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// fillStat keeps only the portable fields on this platform; git re-checks
// such files by content on its next status.
func fillStat(e *index.Entry, fi os.FileInfo) {}

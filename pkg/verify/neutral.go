package verify

import (
	"bytes"
	"fmt"

	"github.com/hotfix-dev/hotfix/pkg/verify/lang"
	"github.com/hotfix-dev/hotfix/pkg/versionfile"
)

// behaviourNeutral reports why a changed file's change cannot change
// behaviour, or "": its content before and after reduce to the same tokens
// (lang.BehaviourTokens: comments, formatting and types only), or differ
// only as lang.NeutralChange allows (message text, widened access), or
// only in the release version a version file holds (whyVersion). It fails
// closed: an added file, a file read without ReadOld, or one whose either
// side cannot be read or tokenized is not neutral. A renamed file is
// compared with its content under its old path.
func behaviourNeutral(in *Input, f *File) string {
	if in.ReadOld == nil || in.Read == nil || f.Status == 'A' || f.Status == 'D' {
		return ""
	}
	oldPath := f.OldPath
	if oldPath == "" {
		oldPath = f.Path
	}
	if lang.For(oldPath) == nil || lang.For(oldPath).Name() != lang.For(f.Path).Name() {
		return ""
	}
	before, err := in.ReadOld(oldPath)
	if err != nil {
		return ""
	}
	after, _, err, _ := f.parsed(in)
	if err != nil {
		return ""
	}
	why, err := lang.NeutralChange(oldPath, before, f.Path, after)
	if err != nil {
		return ""
	}
	if why == "" && versionOnly(f.Path, before, after) {
		return whyVersion
	}
	return why
}

// whyVersion is behaviourNeutral's reason for a release's version bump.
const whyVersion = "only the release version changed"

// versionOnly reports whether after differs from before only in the
// release version a version file holds (pkg/versionfile: a Go file's
// top-level const Version, a Python package's __version__): what
// `hotfix pr` bumps, and what a release changes on purpose. Written back
// to the old version, after must be before, byte for byte.
func versionOnly(p string, before, after []byte) bool {
	if !versionfile.Supported(p) {
		return false
	}
	old, err := versionfile.Read(p, before)
	if err != nil {
		return false
	}
	back, now, err := versionfile.Rewrite(p, after, old.Text)
	return err == nil && now.Text != old.Text && bytes.Equal(back, before)
}

// neutralSummary is tests-touched's passing summary when checked source
// files passed, neutral of them because they cannot change behaviour.
func neutralSummary(checked, neutral int, other bool) string {
	why := "cannot change behaviour (comments, formatting or types only)"
	if other {
		why = "cannot change behaviour (see the notes)"
	}
	switch neutral {
	case 0:
		return fmt.Sprintf("%d changed source file(s) have tests changed with them", checked)
	case checked:
		return fmt.Sprintf("%d changed source file(s) %s", checked, why)
	}
	return fmt.Sprintf("%d changed source file(s) have tests changed with them; %d %s", checked-neutral, neutral, why)
}

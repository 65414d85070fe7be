package verify

import (
	"fmt"

	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/verify/lang"
	"github.com/hotfix-dev/hotfix/pkg/versionfile"
)

// behaviourNeutral reports why a changed file's change cannot change
// behaviour, or "": its content before and after reduce to the same tokens
// (lang.BehaviourTokens: comments, formatting and types only), or differ
// only as lang.NeutralChange allows (message text, widened access). It fails
// closed: an added file, a file read without ReadOld, or one whose either
// side cannot be read or tokenized is not neutral. A renamed file is
// compared with its content under its old path.
func behaviourNeutral(in *Input, f *File) string {
	oldPath, before, after, ok := sides(in, f)
	if !ok || lang.For(oldPath) == nil || lang.For(oldPath).Name() != lang.For(f.Path).Name() {
		return ""
	}
	why, err := lang.NeutralChange(oldPath, before, f.Path, after)
	if err != nil {
		return ""
	}
	return why
}

// sides returns a modified (or renamed) file's path and content before the
// change and its content after, or false when either cannot be read.
func sides(in *Input, f *File) (oldPath string, before, after []byte, ok bool) {
	if in.ReadOld == nil || in.Read == nil || f.Status == 'A' || f.Status == 'D' {
		return "", nil, nil, false
	}
	oldPath = f.OldPath
	if oldPath == "" {
		oldPath = f.Path
	}
	before, err := in.ReadOld(oldPath)
	if err != nil {
		return "", nil, nil, false
	}
	after, _, err, _ = f.parsed(in)
	if err != nil {
		return "", nil, nil, false
	}
	return oldPath, before, after, true
}

// versionBumpHint is a missing test's hint for a file whose only change is
// the version it holds (versionfile.Bumped), which the policy does not
// list as a version file (a listed one is left out of the change before
// the rules run); "" for any other change.
func versionBumpHint(in *Input, f *File) string {
	oldPath, before, after, ok := sides(in, f)
	if !ok || oldPath != f.Path {
		return ""
	}
	from, to, ok := versionfile.Bumped(f.Path, before, after)
	if !ok || from.Text == to.Text {
		return ""
	}
	return fmt.Sprintf("its only change is its version (%s to %s): if it is the release's version file, list it in release.version_files in %s (hotfix init lists the version files it finds), and a change of its version alone is left out of the checks",
		from.Text, to.Text, config.FileName)
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

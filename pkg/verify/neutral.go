package verify

import (
	"fmt"

	"github.com/hotfix-dev/hotfix/pkg/verify/lang"
)

// behaviourNeutral reports why a changed file's change cannot change
// behaviour, or "": its content before and after reduce to the same tokens
// (lang.BehaviourTokens: comments, formatting and types only), or differ
// only as lang.NeutralChange allows (message text, widened access). It fails
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
	return why
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

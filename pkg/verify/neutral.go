package verify

import (
	"fmt"

	"github.com/hotfix-dev/hotfix/pkg/verify/lang"
)

// behaviourNeutral reports whether a changed file's change cannot change
// behaviour: its content before and after reduce to the same tokens
// (lang.BehaviourTokens: comments, formatting and types only). It fails
// closed: an added file, a file read without ReadOld, or one whose either
// side cannot be read or tokenized is not neutral. A renamed file is
// compared with its content under its old path.
func behaviourNeutral(in *Input, f *File) bool {
	if in.ReadOld == nil || in.Read == nil || f.Status == 'A' || f.Status == 'D' {
		return false
	}
	oldPath := f.OldPath
	if oldPath == "" {
		oldPath = f.Path
	}
	if lang.For(oldPath) == nil || lang.For(oldPath).Name() != lang.For(f.Path).Name() {
		return false
	}
	before, err := in.ReadOld(oldPath)
	if err != nil {
		return false
	}
	after, _, err, _ := f.parsed(in)
	if err != nil {
		return false
	}
	same, err := lang.SameBehaviour(oldPath, before, f.Path, after)
	return err == nil && same
}

// neutralSummary is tests-touched's passing summary when checked source
// files passed, neutral of them because they cannot change behaviour.
func neutralSummary(checked, neutral int) string {
	const why = "cannot change behaviour (comments, formatting or types only)"
	switch neutral {
	case 0:
		return fmt.Sprintf("%d changed source file(s) have tests changed with them", checked)
	case checked:
		return fmt.Sprintf("%d changed source file(s) %s", checked, why)
	}
	return fmt.Sprintf("%d changed source file(s) have tests changed with them; %d %s", checked-neutral, neutral, why)
}

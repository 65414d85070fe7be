package start

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/fsutil"
	"github.com/hotfix-dev/hotfix/pkg/strictyaml"
)

// A checklist interrupted with Ctrl-C keeps the answers given so far as a
// draft in the git directory (never in the work tree: nothing else
// changes), and the next interactive start offers to reuse it; a start
// that gets through, or declines it, removes it.

// draftName is the draft's file in the git directory's hotfix folder.
const draftName = "start-draft.yaml"

// draftPath is where the draft of the repository whose git directory is
// gitDir lives.
func draftPath(gitDir string) string { return filepath.Join(gitDir, "hotfix", draftName) }

// empty reports whether no checklist item has been answered.
func (a *answers) empty() bool {
	return a.Title == "" && a.Severity == "" && a.Summary == "" && a.Reporter == "" && a.Detection == "" && a.Affected == "" &&
		a.Version == "" && len(a.RelatedRepos) == 0 && len(a.Logs) == 0 && a.ErrorMessage == "" && a.DatasetsChecked == "" &&
		a.Owner == "" && a.Scope == "" && a.Documenter == "" && a.ClientNotice == "" && a.Issue == "" && a.Report == "" && a.Base == "" &&
		a.Deadlines == (deadlineAnswers{})
}

// saveDraft keeps a's answers, atomically; nothing is written for none.
func saveDraft(path string, a *answers) error {
	if a.empty() {
		return nil
	}
	data, err := strictyaml.Marshal(a)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return fsutil.WriteFile(path, data, 0o600)
}

// loadDraft reads the draft at path; nil when there is none. A damaged
// draft is an error naming the file.
func loadDraft(path string) (*answers, error) {
	data, err := fsutil.ReadRegular(path, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	a := &answers{cleared: map[string]bool{}}
	if _, err := strictyaml.Decode(path, data, a); err != nil {
		return nil, err
	}
	return a, nil
}

// removeDraft forgets the draft; one already gone is fine, and one that
// cannot be removed is only offered again.
func removeDraft(path string) { _ = os.Remove(path) }

// errDraftKept is the end of a start interrupted at a prompt once its
// answers are kept.
func errDraftKept(path string) error {
	return &cmdutil.Error{Code: cmdutil.ExitInterrupted,
		Msg: fmt.Sprintf("interrupted; nothing was changed, and your answers so far are kept (%s): the next `hotfix start` offers to reuse them", path)}
}

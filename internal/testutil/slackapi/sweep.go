package slackapi

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// NoToken fails t when Token, or its tail past "xoxb-", appears in any of
// texts or in any file under dir (the work tree and .git alike).
func NoToken(t testing.TB, dir string, texts ...string) {
	t.Helper()
	forms := []string{Token, strings.TrimPrefix(Token, "xoxb-")[8:]}
	for i, s := range texts {
		for _, f := range forms {
			if strings.Contains(s, f) {
				t.Errorf("the Slack token is in output #%d", i)
			}
		}
	}
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		for _, f := range forms {
			if strings.Contains(string(data), f) {
				t.Errorf("the Slack token is in %s", path)
			}
		}
		return nil
	})
}

package hotfixcmd

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A command package never imports another command package: what two
// commands share lives in a package of its own (internal/github,
// internal/verifyrun, pkg/record, ...). Test files included.
func TestCommandsDoNotImportEachOther(t *testing.T) {
	const prefix = "github.com/hotfix-dev/hotfix/internal/cmd/"
	root := filepath.Join("..", "cmd")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		files, _ := filepath.Glob(filepath.Join(root, e.Name(), "*.go"))
		for _, f := range files {
			parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			checked++
			for _, imp := range parsed.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if !strings.HasPrefix(path, prefix) {
					continue
				}
				if other := strings.TrimPrefix(path, prefix); other != e.Name() {
					t.Errorf("%s imports internal/cmd/%s: move what they share into its own package", f, other)
				}
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d files checked: is %s the command directory?", checked, root)
	}
}

package git_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/testutil"
)

// TestFileReader: files at two commits, an empty file, and no file where
// there is nothing, a directory or a submodule; with both backends, read
// concurrently, and again after Close.
func TestFileReader(t *testing.T) {
	backends(t, func(t *testing.T, o git.OpenOptions) {
		tr := testutil.NewRepo(t)
		first := strings.TrimSpace(tr.Git("rev-parse", "HEAD"))
		c := filesAndSubmodule(tr, map[string]string{"README.md": "# changed\n", "empty.txt": "", "dir/inner.txt": "inner\n"})
		r := open(t, tr.Dir, o)
		fr := r.NewFileReader(context.Background())
		defer fr.Close()
		check := func() error {
			for p, want := range map[string]string{"README.md": "# changed\n", "dir/inner.txt": "inner\n", "empty.txt": ""} {
				if b, err := fr.ReadFile(c, p); err != nil || string(b) != want {
					return fmt.Errorf("%s: %q %v", p, b, err)
				}
			}
			if b, err := fr.ReadFile(first, "README.md"); err != nil || string(b) != "# test\n" {
				return fmt.Errorf("README.md at the first commit: %q %v", b, err)
			}
			for _, p := range []string{"nope.txt", "dir", "sub", "dir/nope"} {
				if _, err := fr.ReadFile(c, p); !errors.Is(err, os.ErrNotExist) {
					return fmt.Errorf("%s: %v, want os.ErrNotExist", p, err)
				}
			}
			return nil
		}
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() { defer wg.Done(); errs <- check() }()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := fr.Close(); err != nil {
			t.Fatal(err)
		}
		if err := check(); err != nil {
			t.Fatalf("after Close: %v", err)
		}
	})
}

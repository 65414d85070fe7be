// Package pathsafe keeps the paths hotfix writes (records, postmortems)
// inside the repository: it refuses absolute paths, ".." and symbolic links
// that lead outside the repository root, whatever the configuration or a
// saved plan says.
package pathsafe

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Relative checks rel's text: it must be a non-empty relative path with no
// ".." element, no leading slash or backslash and no drive letter, so that
// joined to any root it stays under that root.
func Relative(rel string) error {
	if strings.TrimSpace(rel) == "" {
		return errors.New("the path is empty")
	}
	if strings.HasPrefix(rel, "/") || strings.HasPrefix(rel, `\`) || filepath.IsAbs(rel) || (len(rel) > 1 && rel[1] == ':') {
		return fmt.Errorf("%s is an absolute path; give a path relative to the repository root", rel)
	}
	for _, el := range strings.FieldsFunc(rel, func(r rune) bool { return r == '/' || r == '\\' }) {
		if el == ".." {
			return fmt.Errorf("%s climbs out with \"..\"; give a path inside the repository", rel)
		}
	}
	if strings.ContainsRune(rel, 0) {
		return fmt.Errorf("%q holds a NUL byte", rel)
	}
	return nil
}

// Check refuses rel (relative to root) when its text escapes root (see
// Relative) or when one of its existing elements is a symbolic link that
// resolves outside root. With noLinks, every symbolic link on the way is
// refused, even one that points inside the repository. Elements that do not
// exist yet are fine: they will be created as real directories.
func Check(root, rel string, noLinks bool) error {
	if err := Relative(rel); err != nil {
		return err
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return err
	}
	cur := root
	for _, el := range strings.FieldsFunc(filepath.ToSlash(rel), func(r rune) bool { return r == '/' }) {
		if el == "." {
			continue
		}
		cur = filepath.Join(cur, el)
		shown := filepath.ToSlash(strings.TrimPrefix(strings.TrimPrefix(cur, root), string(filepath.Separator)))
		fi, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if fi.Mode()&os.ModeSymlink == 0 {
			continue
		}
		if noLinks {
			return fmt.Errorf("%s is a symbolic link; it must be a real directory inside the repository (replace the link with a directory)", shown)
		}
		target, err := filepath.EvalSymlinks(cur)
		if err != nil {
			return fmt.Errorf("%s is a symbolic link that does not resolve (%v); replace it with a directory", shown, err)
		}
		if !Within(realRoot, target) {
			return fmt.Errorf("%s is a symbolic link to %s, outside the repository; replace it with a directory inside the repository", shown, target)
		}
	}
	return nil
}

// Within reports whether path is root or below it; both must be clean and
// absolute (as filepath.EvalSymlinks returns them).
func Within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return false
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel))
}

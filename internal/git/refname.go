package git

import (
	"fmt"
	"strings"
)

// CheckBranchName applies git's ref-format rules (git check-ref-format
// --branch) to a branch name, so that a name hotfix generates from a
// template and a title is always one git accepts.
func CheckBranchName(name string) error {
	bad := func(why string) error { return fmt.Errorf("%q is not a valid branch name: %s", name, why) }
	switch {
	case name == "":
		return bad("it is empty")
	case name == "@":
		return bad("it is \"@\"")
	case name == "HEAD":
		return bad("HEAD names the current commit, not a branch")
	case strings.HasPrefix(name, "-"):
		return bad("it starts with a dash")
	case strings.HasPrefix(name, "/") || strings.HasSuffix(name, "/"):
		return bad("it starts or ends with a slash")
	case strings.HasSuffix(name, "."):
		return bad("it ends with a dot")
	case strings.Contains(name, ".."):
		return bad("it contains \"..\"")
	case strings.Contains(name, "//"):
		return bad("it contains \"//\"")
	case strings.Contains(name, "@{"):
		return bad("it contains \"@{\"")
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return bad("it contains a control character")
		}
		switch r {
		case ' ', '~', '^', ':', '?', '*', '[', '\\':
			return bad(fmt.Sprintf("it contains %q", r))
		}
	}
	for _, c := range strings.Split(name, "/") {
		if strings.HasPrefix(c, ".") {
			return bad("a component starts with a dot")
		}
		if strings.HasSuffix(c, ".lock") {
			return bad("a component ends with .lock")
		}
	}
	return nil
}

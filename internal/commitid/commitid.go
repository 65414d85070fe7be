// Package commitid shortens commit ids for people: one length everywhere a
// user sees a commit id (output, the pull request body, the postmortem,
// errors), long enough to stay unique in a repository of moby's size.
package commitid

// Len is how many hex digits a shortened commit id keeps.
const Len = 10

// Short returns the first Len characters of id, or id when it is shorter.
func Short(id string) string {
	if len(id) > Len {
		return id[:Len]
	}
	return id
}

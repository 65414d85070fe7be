package hotfixcmd

import (
	"os"
	"os/user"
	"strconv"
)

// owner names the user that owns path, for an error that says whose a
// directory is; "an unknown user" when the system cannot tell.
func owner(path string) string {
	info, err := os.Stat(path)
	if err != nil {
		return "an unknown user"
	}
	uid, ok := fileUID(info)
	if !ok {
		return "an unknown user"
	}
	if u, err := user.LookupId(strconv.FormatUint(uint64(uid), 10)); err == nil {
		return u.Username
	}
	return "uid " + strconv.FormatUint(uint64(uid), 10)
}

// currentUser is the login of the user running hotfix, for the fix.
func currentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "$(id -un)"
}

// Package semver reads release tags in the styles repositories use (v1.2.3,
// 1.2.3, release-1.2.3, app/v1.2.3, 1.2.3-rc.1) and orders them, keeping the
// tag's own style so that the next version can be written the same way.
package semver

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Version is a parsed release tag.
type Version struct {
	// Prefix is everything before the numbers, including any "v".
	Prefix              string
	Major, Minor, Patch int
	// Pre is the pre-release part without its dash, e.g. "rc.1".
	Pre string
}

var re = regexp.MustCompile(`^(.*?)([0-9]+)\.([0-9]+)\.([0-9]+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$`)

// Parse reads a tag; ok is false when it holds no MAJOR.MINOR.PATCH.
func Parse(tag string) (v Version, ok bool) {
	m := re.FindStringSubmatch(tag)
	if m == nil {
		return Version{}, false
	}
	if m[1] != "" {
		last := m[1][len(m[1])-1]
		if last >= '0' && last <= '9' || last == '.' {
			return Version{}, false
		}
	}
	v.Prefix = m[1]
	var err error
	if v.Major, err = strconv.Atoi(m[2]); err != nil {
		return Version{}, false
	}
	if v.Minor, err = strconv.Atoi(m[3]); err != nil {
		return Version{}, false
	}
	if v.Patch, err = strconv.Atoi(m[4]); err != nil {
		return Version{}, false
	}
	v.Pre = m[5]
	return v, true
}

// String writes the version back in its own style.
func (v Version) String() string {
	s := v.Prefix + strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor) + "." + strconv.Itoa(v.Patch)
	if v.Pre != "" {
		s += "-" + v.Pre
	}
	return s
}

// Compare orders versions by number, then a release above its pre-releases,
// then pre-releases by semver's rules. The prefix is not compared.
func Compare(a, b Version) int {
	for _, d := range []int{a.Major - b.Major, a.Minor - b.Minor, a.Patch - b.Patch} {
		if d != 0 {
			return sign(d)
		}
	}
	switch {
	case a.Pre == b.Pre:
		return 0
	case a.Pre == "":
		return 1
	case b.Pre == "":
		return -1
	}
	ap, bp := strings.Split(a.Pre, "."), strings.Split(b.Pre, ".")
	for i := 0; i < len(ap) && i < len(bp); i++ {
		an, aerr := strconv.Atoi(ap[i])
		bn, berr := strconv.Atoi(bp[i])
		switch {
		case aerr == nil && berr == nil:
			if an != bn {
				return sign(an - bn)
			}
		case aerr == nil:
			return -1
		case berr == nil:
			return 1
		default:
			if c := strings.Compare(ap[i], bp[i]); c != 0 {
				return c
			}
		}
	}
	return sign(len(ap) - len(bp))
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// NextPatch returns the version a hotfix of v ships as, in v's style: the
// next patch release (v1.4.2 -> v1.4.3, release-1.2.3 -> release-1.2.4);
// for a pre-release, the next pre-release (v1.5.0-rc.1 -> v1.5.0-rc.2,
// v2.0.0-beta -> v2.0.0-beta.1).
func NextPatch(v Version) Version {
	if v.Pre == "" {
		v.Patch++
		return v
	}
	parts := strings.Split(v.Pre, ".")
	last := parts[len(parts)-1]
	if n, err := strconv.Atoi(last); err == nil {
		parts[len(parts)-1] = strconv.Itoa(n + 1)
	} else {
		parts = append(parts, "1")
	}
	v.Pre = strings.Join(parts, ".")
	return v
}

// NextRelease reads the record's broken version, a release tag, and
// returns the version its hotfix ships as (NextPatch), in the tag's style;
// the error says, for a person, why there is none.
func NextRelease(tag string) (Version, error) {
	if tag == "" {
		return Version{}, errors.New("the record names no broken version to bump")
	}
	v, ok := Parse(tag)
	if !ok {
		return Version{}, fmt.Errorf("the record's version %q is not a release tag like v1.4.2", tag)
	}
	return NextPatch(v), nil
}
